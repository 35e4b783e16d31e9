"""One module per lesson, ``lessonNN.py``: its exercises as data, with their checks, hints and solutions."""
