"""Execute the lessons from their jupytext ``.py`` sources.

Two uses, one code path:

* ``python -m scripts.run_notebooks --store`` re-creates every
  ``notebooks/NN_*.ipynb`` and ``notebooks/zh/NN_*.ipynb`` from its ``.py`` and executes
  it in quick mode, so the stored outputs are the ones ``pytest --nbval`` compares against.
* ``python -m scripts.run_notebooks [--quick] [--lang zh] [--out DIR]`` runs the lessons
  (full mode unless ``--quick``; English unless ``--lang``) into ``DIR`` (default
  ``artifacts/lessons``), leaving the stored notebooks untouched.

The terminal gets one line per lesson (its result and time); everything the kernels print
outside the notebook (TensorFlow's C++ start-up logs, Jupyter's warnings) and the traceback
of a failing cell go to the log file (default ``artifacts/lessons.log``). ``--store`` is all or
nothing: every lesson runs first, and only if all of them succeed are they written.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import jupytext
import nbformat
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from kteach.files import write_atomic
from scripts.kernels import notebook_client

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
LOG = ROOT / "artifacts" / "lessons.log"
CELL_TIMEOUT_S = 3600
LESSON_ERRORS = (CellExecutionError, CellTimeoutError, DeadKernelError)
ANSI_COLOURS = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Outcome:
    """One lesson run: the executed (or, after an error, partly executed) notebook and the error's last line."""

    source: Path
    notebook: nbformat.NotebookNode
    seconds: float
    error: str | None = None


def lesson_sources(names: list[str], language: str) -> list[Path]:
    """Return the lesson ``.py`` files to run in ``language`` ("en", "zh" or "all"), all lessons when ``names`` is empty."""
    folders = {"en": [NOTEBOOKS], "zh": [NOTEBOOKS / "zh"], "all": [NOTEBOOKS, NOTEBOOKS / "zh"]}[language]
    sources = [path for folder in folders for path in sorted(folder.glob("[0-9][0-9]_*.py"))]
    if names:
        sources = [p for p in sources if any(p.stem.startswith(n) or p.relative_to(NOTEBOOKS).as_posix().startswith(n) for n in names)]
        if not sources:
            raise SystemExit(f"no lesson matches {names}; lessons: {[p.stem for p in NOTEBOOKS.glob('[0-9][0-9]_*.py')]}")
    return sources


def execute(source: Path, quick: bool, log: IO[bytes] | None = None, notebook: nbformat.NotebookNode | None = None) -> nbformat.NotebookNode:
    """Build the notebook from ``source`` (or take ``notebook``) and execute it in a fresh kernel.

    What the kernel process itself prints (not its cells' outputs) goes to ``log`` when given.
    """
    notebook = jupytext.read(source) if notebook is None else notebook
    os.environ["KTEACH_QUICK"] = "1" if quick else "0"
    # ipykernel stops capturing C-level output (TF start-up logs) under pytest;
    # setting this keeps the stored run and the nbval run alike.
    os.environ["PYTEST_CURRENT_TEST"] = "scripts/run_notebooks.py"
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    # private sockets: the English and Chinese stores run side by side
    client = notebook_client(notebook, source.parent, CELL_TIMEOUT_S)
    client.execute(**({"stdout": log, "stderr": log} if log is not None else {}))
    return notebook


def run_lesson(source: Path, quick: bool, log: IO[bytes]) -> Outcome:
    """Execute one lesson, its kernel's own output and any traceback into ``log``; never raises for a lesson error."""
    log.write(f"==> {shown(source)} ({'quick' if quick else 'full'} mode)\n".encode())
    log.flush()
    notebook = jupytext.read(source)
    start = time.perf_counter()
    try:
        execute(source, quick, log, notebook)
    except LESSON_ERRORS as error:
        log.write(ANSI_COLOURS.sub("", f"{error}\n").encode())
        summary = f"{error.ename}: {error.evalue}" if isinstance(error, CellExecutionError) else str(error).strip()
        return Outcome(source, notebook, time.perf_counter() - start, summary.splitlines()[0] if summary else type(error).__name__)
    finally:
        log.flush()
    return Outcome(source, notebook, time.perf_counter() - start)


def report(outcome: Outcome, log_path: Path) -> str:
    """The one terminal line for a lesson: name, result and time (the details are in the log)."""
    name = outcome.source.relative_to(NOTEBOOKS).with_suffix("").as_posix()
    if outcome.error is None:
        return f"{name:<28} ok      {outcome.seconds:5.0f} s"
    return f"{name:<28} FAILED  {outcome.seconds:5.0f} s  {outcome.error} (details: {shown(log_path)})"


def shown(path: Path) -> str:
    """``path`` relative to the repository when inside it, for short messages."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def save_notebook(notebook: nbformat.NotebookNode, target: Path) -> None:
    """Write ``notebook`` to ``target`` as ``nbformat.write`` does (ending in a newline), atomically."""
    write_atomic(target, nbformat.writes(notebook).rstrip("\n") + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lessons", nargs="*", help="lesson prefixes such as 01 (default: all)")
    parser.add_argument("--store", action="store_true", help="quick mode, written back to notebooks/ for nbval")
    parser.add_argument("--quick", action="store_true", help="quick mode (small data, few epochs)")
    parser.add_argument("--lang", choices=["en", "zh", "all"], help="English lessons, the Chinese ones (notebooks/zh/) or both (default: both with --store, else en)")
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "lessons", help="where executed copies go")
    parser.add_argument("--log", type=Path, default=LOG, help="the full log: kernel output and tracebacks")
    args = parser.parse_args(argv)
    quick = args.quick or args.store
    language = args.lang or ("all" if args.store else "en")
    sources = lesson_sources(args.lessons, language)
    where = "stored back into notebooks/ if all succeed" if args.store else f"executed copies in {shown(args.out)}"
    print(f"{len(sources)} lessons, {'quick' if quick else 'full'} mode; {where}; full log: {shown(args.log)}", flush=True)
    args.log.parent.mkdir(parents=True, exist_ok=True)
    outcomes = []
    with args.log.open("wb") as log:
        for source in sources:
            outcome = run_lesson(source, quick, log)
            outcomes.append(outcome)
            print(report(outcome, args.log), flush=True)
            if not args.store:  # a scratch copy, failed or not: it shows where a lesson stopped
                save_notebook(outcome.notebook, args.out / source.relative_to(NOTEBOOKS).with_suffix(".ipynb"))
    failed = [outcome for outcome in outcomes if outcome.error is not None]
    if args.store and failed:
        print(f"{len(failed)} of {len(outcomes)} lessons failed: nothing stored", flush=True)
    elif args.store:
        for outcome in outcomes:
            save_notebook(outcome.notebook, outcome.source.with_suffix(".ipynb"))
        print(f"stored {len(outcomes)} notebooks", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
