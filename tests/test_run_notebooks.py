"""scripts.run_notebooks: one quiet line per lesson, the noise in a log, and --store all or nothing.

Runs the real script on two tiny lessons in a temporary notebooks folder: one that prints and
writes to the kernel's own stderr the way TensorFlow's C++ start-up logs do, and one that fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scripts import run_notebooks

GOOD = '# %%\nimport os\nos.write(2, b"E0000 failed call to cuInit (a C++ log line)\\n")\nprint("hello from 01")\n'
BAD = '# %%\nprint("before the error")\n\n# %%\nraise ValueError("this lesson is broken")\n'


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """scripts.run_notebooks, pointed at a temporary notebooks folder."""
    monkeypatch.setattr(run_notebooks, "NOTEBOOKS", tmp_path / "notebooks")
    run_notebooks.NOTEBOOKS.mkdir()
    for name in ("KTEACH_QUICK", "PYTEST_CURRENT_TEST"):  # execute() sets them for its kernels
        monkeypatch.setenv(name, "1")
    return run_notebooks


def lesson(runner, name: str, code: str) -> Path:
    path = runner.NOTEBOOKS / name
    path.write_text(code, encoding="utf-8")
    return path


def stdout_of(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    streams = [o["text"] for cell in cells for o in cell.get("outputs", []) if o.get("name") == "stdout"]
    return "".join("".join(text) if isinstance(text, list) else text for text in streams)  # lines, as stored


def test_terminal_gets_one_line_per_lesson_and_the_log_gets_the_rest(runner, tmp_path, capfd) -> None:
    lesson(runner, "01_good.py", GOOD)
    lesson(runner, "02_bad.py", BAD)
    log, out = tmp_path / "run.log", tmp_path / "out"
    assert runner.main(["--quick", "--out", str(out), "--log", str(log)]) == 1
    terminal = capfd.readouterr()
    lines = terminal.out.splitlines()
    assert len(lines) == 3 and lines[0].startswith("2 lessons, quick mode;") and str(log) in lines[0]
    assert lines[1].split()[:2] == ["01_good", "ok"]
    assert lines[2].split()[:2] == ["02_bad", "FAILED"] and "ValueError: this lesson is broken" in lines[2]
    assert terminal.err == ""  # no kernel warning, no C++ log line
    text = log.read_text(encoding="utf-8")
    assert "E0000 failed call to cuInit" in text
    assert "Kernel is running over TCP" not in text  # jupyter_client's warning: the kernels use Unix sockets
    assert "ValueError: this lesson is broken" in text and "\x1b[" not in text
    assert stdout_of(out / "01_good.ipynb") == "hello from 01\n"
    assert stdout_of(out / "02_bad.ipynb") == "before the error\n"  # the copy shows where it stopped


def test_store_writes_nothing_when_one_lesson_fails_and_everything_when_all_pass(runner, tmp_path, capfd) -> None:
    good = lesson(runner, "01_good.py", GOOD)
    stored = good.with_suffix(".ipynb")
    stored.write_text("the notebook stored before", encoding="utf-8")
    bad = lesson(runner, "02_bad.py", BAD)
    log = str(tmp_path / "run.log")
    assert runner.main(["--store", "--log", log]) == 1
    assert "1 of 2 lessons failed: nothing stored" in capfd.readouterr().out
    assert stored.read_text(encoding="utf-8") == "the notebook stored before"
    assert not bad.with_suffix(".ipynb").exists()
    bad.unlink()
    assert runner.main(["--store", "--log", log]) == 0
    assert "stored 1 notebooks" in capfd.readouterr().out
    assert stdout_of(stored) == "hello from 01\n"
