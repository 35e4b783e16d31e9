"""Test configuration shared by the unit tests and the nbval run of the lessons.

The lessons are stored executed in quick mode, so checking them means running
them in quick mode: this file sets ``KTEACH_QUICK=1`` for the whole session
(kernels started by nbval inherit it) and refuses notebook cells that were
never executed, which nbval would otherwise pass without comparing anything.
"""

from __future__ import annotations

import os

import pytest

os.environ["KTEACH_QUICK"] = "1"
# Messages in English unless a test or lesson chooses otherwise (lessons call set_language).
os.environ.pop("KTEACH_LANG", None)
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def _is_nbval_cell(item: pytest.Item) -> bool:
    return type(item).__module__.startswith("nbval")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every notebook cell as slow so ``-m 'not slow'`` runs the unit tests alone."""
    for item in items:
        if _is_nbval_cell(item):
            item.add_marker(pytest.mark.slow)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Fail a stored code cell that has source but was never executed."""
    cell = getattr(item, "cell", None)
    if not _is_nbval_cell(item) or cell is None or cell.get("cell_type") != "code":
        return
    if cell.get("source", "").strip() and cell.get("execution_count") is None:
        pytest.fail(
            f"{item.name}: this cell was never executed, so nbval would check nothing. "
            "Re-store the lesson with: python scripts/run_notebooks.py --store",
            pytrace=False,
        )
