"""An exercise in a real browser: JupyterLab + Debian's Chromium driven by Playwright.

Opens a notebook holding lesson 04's first exercise as the lesson has it (the starter cell),
runs it and sees the "not yet" verdict, then types an answer into the cell as a learner does,
runs it again and sees it solved, and finds the solve in the progress file. Screenshots go to
``artifacts/e2e/``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is missing: pip install -e .[test] (scripts/setup.sh does)"
)

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
NOTEBOOK = "exercise.ipynb"
STARTER = 'shared_parameters = ...\nkteach.check("04.1", shared_parameters)'
KERNEL_START_MS = 120_000  # a cold kernel imports TensorFlow first
CHECK_MS = 60_000


@pytest.fixture(autouse=True)
def progress_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The server's kernel keeps progress in the test's folder (set before the server starts)."""
    path = tmp_path / "progress.json"
    monkeypatch.setenv("KTEACH_PROGRESS", str(path))
    return path


def write_notebook(path: Path) -> None:
    """The test notebook: importing kteach, then the exercise's starter cell."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    notebook.cells = [nbformat.v4.new_code_cell("import kteach"), nbformat.v4.new_code_cell(STARTER)]
    nbformat.write(notebook, path)


def shoot(page: Any, name: str) -> Path:
    """Save a screenshot of the page under artifacts/e2e/ and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(target))
    return target


def test_a_typed_answer_passes_its_check_in_the_browser(browser_page: Any, lab_server: Any, progress_file: Path) -> None:
    page = browser_page
    write_notebook(lab_server.root / NOTEBOOK)
    page.goto(lab_server.notebook_url(NOTEBOOK))
    page.get_by_text(re.compile(r"Python 3 \(ipykernel\) \| Idle")).wait_for(timeout=KERNEL_START_MS)
    editors = page.locator(".jp-Notebook .jp-Cell .cm-content")
    editors.first.click(timeout=60_000)
    page.keyboard.press("Shift+Enter")  # import kteach
    page.keyboard.press("Shift+Enter")  # the untouched starter cell
    try:
        page.get_by_text("[04.1] not yet: replace the ... with your answer").wait_for(timeout=KERNEL_START_MS)
    except Exception:  # keep what explains it: the page as it was, and the server's log
        shot = shoot(page, "exercise-0-no-verdict")
        pytest.fail(f"the starter cell printed no verdict (screenshot {shot}); server log:\n{lab_server.log_tail()}")
    shoot(page, "exercise-1-not-yet")

    editors.nth(1).click()
    page.keyboard.press("Control+A")
    page.keyboard.type("shared_parameters = 784 * 64 + 64")
    page.keyboard.press("Enter")
    page.keyboard.type('kteach.check("04.1", shared_parameters)')
    page.keyboard.press("Shift+Enter")
    page.get_by_text("[04.1] solved: 50,240: a layer called twice is one layer").wait_for(timeout=CHECK_MS)
    shoot(page, "exercise-2-solved")
    assert json.loads(progress_file.read_text())["exercises"]["04.1"] == {"tried": 1, "solved": True, "hints": 0, "solution_asked": 0}
