"""Checks on the stored lessons that nbval alone does not make.

nbval compares stored outputs with a fresh run, but passes a cell that was never
executed, and knows nothing about the jupytext ``.py`` twin that is the lesson's
source of truth.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
# English lessons and their Chinese versions (notebooks/zh/, built by scripts.translate_lessons)
LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")) + sorted(NOTEBOOKS.glob("zh/[0-9][0-9]_*.ipynb"))


def test_there_are_lessons() -> None:
    assert LESSONS, f"no lessons found in {NOTEBOOKS}"
    assert LESSONS[0].name == "01_mnist_workflow.ipynb"


@pytest.mark.parametrize("notebook", LESSONS, ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_py_twin_has_the_same_cells(notebook: Path) -> None:
    twin = notebook.with_suffix(".py")
    assert twin.exists(), f"{notebook.name} has no jupytext twin {twin.name}"
    as_py = jupytext.writes(jupytext.read(notebook), fmt="py:percent")
    assert as_py == twin.read_text(encoding="utf-8"), (
        f"{notebook.name} and {twin.name} differ: edit the .py, then "
        "`python -m scripts.run_notebooks --store` to re-create and re-execute the notebook"
    )


@pytest.mark.parametrize("notebook", LESSONS, ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_every_code_cell_was_executed_in_order(notebook: Path) -> None:
    cells = [c for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
    counts = [c.execution_count for c in cells]
    assert None not in counts, f"{notebook.name}: unexecuted code cells at {[i for i, n in enumerate(counts) if n is None]}"
    assert counts == list(range(1, len(cells) + 1)), f"{notebook.name} was not run top to bottom in one kernel: {counts}"


@pytest.mark.parametrize("notebook", LESSONS, ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_no_stored_errors_and_quick_mode(notebook: Path) -> None:
    cells = [c for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
    errors = [o for c in cells for o in c.outputs if o.output_type == "error"]
    assert not errors, f"{notebook.name} stores an error: {errors[0].ename}: {errors[0].evalue}"
    text = "".join(o.get("text", "") for c in cells for o in c.outputs if o.output_type == "stream")
    assert "quick mode: True" in text, f"{notebook.name} was not stored in quick mode"
