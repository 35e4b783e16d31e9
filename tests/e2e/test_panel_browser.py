"""The hyperparameter panel in a real browser: JupyterLab + Debian's Chromium driven by Playwright.

Opens a small notebook (tiny random data, so runs take seconds) that shows
``kteach.HyperparameterPanel``, runs its cell, drags the dropout slider, clicks Train,
waits for the run's row in the runs table and a drawn plot, then starts a long run,
clicks Stop and checks the run is marked stopped. Screenshots go to ``artifacts/e2e/``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is missing: pip install -e .[test] (scripts/setup.sh does)"
)
expect = sync_api.expect

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
NOTEBOOK = "panel.ipynb"
PANEL_CELL = """\
import numpy as np
import kteach

rng = np.random.default_rng(0)
x = rng.random((600, 64), dtype=np.float32)
y = rng.integers(0, 4, 600)
panel = kteach.HyperparameterPanel(((x[:500], y[:500]), (x[500:], y[500:])))
panel.set(epochs=3, batch_size=64, hidden_units=16)
panel
"""
KERNEL_START_MS = 120_000  # a cold kernel imports TensorFlow first
RUN_MS = 60_000
DRAWN_IMAGES = (  # image widgets showing a decoded picture
    "[...document.querySelectorAll('img.widget-image')].filter(i => i.complete && i.naturalWidth > 0).length"
)
LONG_RUN_EPOCHS = 5000  # minutes if never stopped; Stop ends it after a few epochs


def write_notebook(path: Path) -> None:
    """The test notebook: one code cell that shows the panel."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    notebook.cells = [nbformat.v4.new_code_cell(PANEL_CELL)]
    nbformat.write(notebook, path)


def shoot(page: Any, name: str) -> Path:
    """Save a screenshot of the page under artifacts/e2e/ and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(target))
    return target


def table_rows(page: Any) -> Any:
    """The body rows of the panel's runs table."""
    return page.locator(".widget-html-content table tbody tr")


def drag_slider(page: Any, description: str, pixels: int) -> None:
    """Drag the handle of the slider labelled ``description`` by ``pixels`` to the right."""
    slider = page.locator(".widget-slider", has_text=description)
    box = slider.locator(".noUi-handle").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + pixels, y, steps=8)
    page.mouse.up()


def test_panel_trains_and_stops_in_the_browser(browser_page: Any, lab_server: Any) -> None:
    page = browser_page
    write_notebook(lab_server.root / NOTEBOOK)
    page.goto(lab_server.notebook_url(NOTEBOOK))
    # Shift+Enter before the kernel is ready skips the cell: wait for the status bar's "Idle"
    page.get_by_text(re.compile(r"Python 3 \(ipykernel\) \| Idle")).wait_for(timeout=KERNEL_START_MS)
    page.locator(".jp-Notebook .jp-Cell .cm-content").first.click(timeout=60_000)
    page.keyboard.press("Shift+Enter")

    train = page.get_by_role("button", name="Train")
    stop = page.get_by_role("button", name="Stop")
    try:
        train.wait_for(timeout=KERNEL_START_MS)
    except Exception:  # keep what explains it: the page as it was, and the server's log
        shot = shoot(page, "0-no-panel")
        pytest.fail(f"the panel never showed (screenshot {shot}); server log:\n{lab_server.log_tail()}")
    expect(stop).to_be_disabled()
    shoot(page, "1-panel")

    drag_slider(page, "dropout", 60)
    readout = page.locator(".widget-slider", has_text="dropout").locator(".widget-readout")
    page.get_by_text(re.compile(r"dropout = 0\.\d+ for the next run")).wait_for(timeout=10_000)
    expect(readout).not_to_have_text("0.00")

    train.click()
    expect(table_rows(page)).to_have_count(1, timeout=RUN_MS)
    first = table_rows(page).first.inner_text()
    assert first.startswith("run 1") and "finished" in first
    page.wait_for_function(f"() => {DRAWN_IMAGES} >= 2", timeout=RUN_MS)  # the live curves and the runs overlaid
    shoot(page, "2-first-run")

    epochs = page.locator(".widget-text", has_text="epochs").locator("input")
    epochs.fill(str(LONG_RUN_EPOCHS))
    epochs.press("Enter")
    page.get_by_text(f"epochs = {LONG_RUN_EPOCHS} for the next run").wait_for(timeout=10_000)
    train.click()
    page.get_by_text(re.compile(rf"epoch [1-9]\d* of {LONG_RUN_EPOCHS}")).wait_for(timeout=RUN_MS)
    expect(train).to_be_disabled()
    expect(stop).to_be_enabled()
    stop.click()
    expect(table_rows(page)).to_have_count(2, timeout=RUN_MS)
    second = table_rows(page).nth(1).inner_text()
    assert second.startswith("run 2") and "stopped" in second
    done = int(second.split("\t")[8])  # run name, seven hyperparameters, then epochs done
    assert 1 <= done < LONG_RUN_EPOCHS
    expect(train).to_be_enabled()
    expect(stop).to_be_disabled()
    shoot(page, "3-stopped")
