"""Static plots for after training: curves, predictions, confusion matrix, run comparison.

Introduced in lesson 01 (``plot_history``, ``show_predictions``) and used again
when lessons compare runs. One module per job: :mod:`~kteach.plots.curves`
(training curves), :mod:`~kteach.plots.predictions` (image grid, confusion
matrix) with :mod:`~kteach.plots.labels` (reading labels and predictions), and
:mod:`~kteach.plots.runs` (the run table and comparison).
"""

from __future__ import annotations

from kteach.plots.curves import plot_history
from kteach.plots.labels import class_ids
from kteach.plots.predictions import as_pictures, confusion_matrix, show_predictions
from kteach.plots.runs import RunComparison, RunLike, RunTable, as_run, compare_runs, comparison_png, run_table

__all__ = [
    "RunComparison",
    "RunLike",
    "RunTable",
    "as_pictures",
    "as_run",
    "class_ids",
    "compare_runs",
    "comparison_png",
    "confusion_matrix",
    "plot_history",
    "run_table",
    "show_predictions",
]
