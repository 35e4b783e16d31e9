"""Every lesson opens on Colab: its first code cell installs kteach only when it is missing.

``test_every_lesson_starts_with_the_colab_cell`` checks that every ``notebooks/NN_*.py``
opens with the cell below. The other tests check the cell itself: a no-op where kteach is installed, and on Colab a pip
install from this repository; the panel turns on Colab's widget manager when it is shown.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import sys
import types
from pathlib import Path
from typing import Any

import jupytext
import pytest
import tomllib

ROOT = Path(__file__).resolve().parent.parent
REPOSITORY = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]["Repository"]

COLAB_CELL = """\
# On Colab: install kteach if it is missing. Where kteach is installed (your machine, Binder)
# this cell does nothing. (The panel turns on Colab's widget support itself.)
import importlib.util, subprocess, sys

if importlib.util.find_spec("kteach") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "kteach @ git+https://github.com/kteach/kteach"], check=True)"""


def run_cell(monkeypatch: pytest.MonkeyPatch, kteach_installed: bool, colab: types.ModuleType | None) -> dict[str, Any]:
    """Execute COLAB_CELL with pip and Colab replaced by recorders; return what it did."""
    did: dict[str, Any] = {"pip": [], "widget_manager": 0}
    real_find_spec = importlib.util.find_spec

    def find_spec(name: str, *args: Any) -> Any:
        return None if name == "kteach" and not kteach_installed else real_find_spec(name, *args)

    def fake_run(command: list[str], check: bool = False) -> None:
        did["pip"].append(command)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    monkeypatch.setattr("subprocess.run", fake_run)
    if colab is not None:
        output = types.ModuleType("google.colab.output")
        output.enable_custom_widget_manager = lambda: did.__setitem__("widget_manager", did["widget_manager"] + 1)
        colab.output = output
        monkeypatch.setitem(sys.modules, "google", types.ModuleType("google"))
        monkeypatch.setitem(sys.modules, "google.colab", colab)
        monkeypatch.setitem(sys.modules, "google.colab.output", output)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        exec(compile(COLAB_CELL, "<colab cell>", "exec"), {})  # noqa: S102 - runs the notebook cell under test
    did["printed"] = printed.getvalue()
    return did


def test_the_cell_does_nothing_where_kteach_is_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    assert importlib.util.find_spec("kteach") is not None
    assert run_cell(monkeypatch, kteach_installed=True, colab=None) == {"pip": [], "widget_manager": 0, "printed": ""}


def test_on_colab_the_cell_installs_kteach_from_this_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    did = run_cell(monkeypatch, kteach_installed=False, colab=types.ModuleType("google.colab"))
    assert did["pip"] == [[sys.executable, "-m", "pip", "install", "-q", f"kteach @ git+{REPOSITORY}"]]
    assert did["widget_manager"] == 0 and did["printed"] == ""  # the panel turns widgets on, not the cell


def test_on_colab_showing_the_panel_enables_widgets(monkeypatch: pytest.MonkeyPatch) -> None:
    from kteach.notebook import enable_colab_widgets

    assert enable_colab_widgets() is False  # not on Colab: nothing to do
    did = run_cell(monkeypatch, kteach_installed=True, colab=types.ModuleType("google.colab"))
    assert did["pip"] == [] and did["widget_manager"] == 0
    assert enable_colab_widgets() is True
    assert did["widget_manager"] == 1


@pytest.mark.parametrize("lesson", sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py")), ids=lambda path: path.stem)
def test_every_lesson_starts_with_the_colab_cell(lesson: Path) -> None:
    """The lesson's first code cell is COLAB_CELL, so it opens on Colab as it does locally."""
    code = [cell for cell in jupytext.read(lesson).cells if cell.cell_type == "code"]
    assert code, f"{lesson.name} has no code cell"
    assert code[0].source.strip() == COLAB_CELL, f"{lesson.name}: the first code cell must be the Colab install cell"
