"""The project's maintenance tools, run from the repository root as modules.

    python -m scripts.run_notebooks --store NN     re-execute lessons for nbval
    python -m scripts.lesson_table [--check]       the README's lesson table
    python -m scripts.lesson_rules                 every lesson's header and setup cell
    python -m scripts.readme_section NAME FILE     paste measured figures into the README
    python -m scripts.translate_lessons ...        the Chinese lessons
    python -m scripts.kteach_messages ...          kteach's message catalogs
    python -m scripts.make_samples [--check]       the data samples shipped in kteach

``bash scripts/lessons.sh`` and ``bash scripts/test.sh`` set up a machine and call them.
"""
