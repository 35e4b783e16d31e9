"""Lesson 01 executed twice in quick mode stores the same text, once the sanitizer has masked timings.

Each run is a fresh kernel, as on a learner's machine; the two runs' text outputs
(stdout, stderr, text/plain; pictures are not compared, as in nbval) must match
exactly after ``tests/nbval_sanitize.cfg``, which masks timings and nothing else.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from nbval.plugin import get_sanitize_patterns

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "notebooks" / "01_mnist_workflow.py"
PATTERNS = get_sanitize_patterns((ROOT / "tests" / "nbval_sanitize.cfg").read_text(encoding="utf-8"))


def load_runner():
    """scripts/run_notebooks.py as a module: the same code path that stores the lessons."""
    spec = importlib.util.spec_from_file_location("run_notebooks", ROOT / "scripts" / "run_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sanitize(text: str) -> str:
    for regex, replace in PATTERNS:
        text = re.sub(regex, replace, text)
    return text


def text_outputs(notebook) -> list[tuple[int, str, str]]:
    """(cell index, output kind, sanitized text) for every text output of every code cell."""
    found = []
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if output.output_type == "stream":
                found.append((index, output.name, sanitize(output.text)))
            elif "text/plain" in output.get("data", {}):
                found.append((index, "text/plain", sanitize(output.data["text/plain"])))
    return found


@pytest.mark.slow
def test_lesson_01_twice_in_quick_mode_gives_identical_text(monkeypatch: pytest.MonkeyPatch) -> None:
    # execute() sets these for the kernel; monkeypatch puts the test process's values back afterwards
    monkeypatch.setenv("KTEACH_QUICK", "1")
    monkeypatch.setenv("PYTEST_CURRENT_TEST", "tests/test_reproducible.py")
    runner = load_runner()
    first, second = (text_outputs(runner.execute(LESSON, quick=True)) for _ in range(2))
    assert len(first) >= 10 and any("accuracy" in text.lower() for _, _, text in first)
    assert first == second  # pytest shows the first (cell, kind, text) that differs
