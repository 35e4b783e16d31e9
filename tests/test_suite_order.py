"""Tests for how long a stored lesson took, by which conftest.py puts the longest lessons first."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

# The project's conftest.py (tests/conftest.py would shadow it as a plain import)
_SPEC = importlib.util.spec_from_file_location("root_conftest", Path(__file__).resolve().parent.parent / "conftest.py")
root_conftest = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(root_conftest)
execution_span, stored_seconds = root_conftest.execution_span, root_conftest.stored_seconds


def write_notebook(path: Path, stamps: list[dict[str, str]]) -> Path:
    cells = [{"cell_type": "code", "metadata": {"execution": stamp}, "source": "", "outputs": []} for stamp in stamps]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    return path


def test_the_span_runs_from_the_first_cell_s_start_to_the_last_cell_s_end(tmp_path):
    notebook = write_notebook(tmp_path / "a.ipynb", [
        {"iopub.execute_input": "2026-12-03T10:00:01.500Z", "shell.execute_reply": "2026-12-03T10:00:02Z"},
        {},  # a markdown-like cell without timing
        {"iopub.execute_input": "2026-12-03T10:00:02.100Z", "shell.execute_reply": "2026-12-03T10:01:04Z"},
    ])
    assert execution_span(notebook) == 62.5


def test_a_notebook_without_timings_or_unreadable_counts_as_zero(tmp_path):
    assert execution_span(write_notebook(tmp_path / "b.ipynb", [{}, {}])) == 0.0
    (tmp_path / "broken.ipynb").write_text("{not json", encoding="utf-8")
    assert execution_span(tmp_path / "broken.ipynb") == 0.0
    assert stored_seconds(None) == 0.0


def test_spans_are_read_once_per_notebook(tmp_path):
    notebook = write_notebook(tmp_path / "c.ipynb", [
        {"iopub.execute_input": "2026-12-03T10:00:00Z", "shell.execute_reply": "2026-12-03T10:00:10Z"},
    ])
    assert stored_seconds(notebook) == 10.0
    notebook.unlink()
    assert stored_seconds(notebook) == 10.0  # read once per run of the suite, not once per cell
