"""Execute the lessons from their jupytext ``.py`` sources.

Two uses, one code path:

* ``python scripts/run_notebooks.py --store`` re-creates every
  ``notebooks/NN_*.ipynb`` and ``notebooks/zh/NN_*.ipynb`` from its ``.py`` and executes
  it in quick mode, so the stored outputs are the ones ``pytest --nbval`` compares against.
* ``python scripts/run_notebooks.py [--quick] [--lang zh] [--out DIR]`` runs the lessons
  (full mode unless ``--quick``; English unless ``--lang``) into ``DIR`` (default
  ``artifacts/lessons``), leaving the stored notebooks untouched.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

from kteach.datasets.files import atomic_open

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CELL_TIMEOUT_S = 3600


def lesson_sources(names: list[str], language: str) -> list[Path]:
    """Return the lesson ``.py`` files to run in ``language`` ("en", "zh" or "all"), all lessons when ``names`` is empty."""
    folders = {"en": [NOTEBOOKS], "zh": [NOTEBOOKS / "zh"], "all": [NOTEBOOKS, NOTEBOOKS / "zh"]}[language]
    sources = [path for folder in folders for path in sorted(folder.glob("[0-9][0-9]_*.py"))]
    if names:
        sources = [p for p in sources if any(p.stem.startswith(n) or p.relative_to(NOTEBOOKS).as_posix().startswith(n) for n in names)]
        if not sources:
            raise SystemExit(f"no lesson matches {names}; lessons: {[p.stem for p in NOTEBOOKS.glob('[0-9][0-9]_*.py')]}")
    return sources


def execute(source: Path, quick: bool) -> nbformat.NotebookNode:
    """Build the notebook from ``source`` and execute it in a fresh kernel."""
    notebook = jupytext.read(source)
    os.environ["KTEACH_QUICK"] = "1" if quick else "0"
    # ipykernel stops capturing C-level output (TF start-up logs) under pytest;
    # setting this keeps the stored run and the nbval run alike.
    os.environ["PYTEST_CURRENT_TEST"] = "scripts/run_notebooks.py"
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(source.parent)}},
    )
    client.execute()
    return notebook


def write_atomically(notebook: nbformat.NotebookNode, target: Path) -> None:
    """Write ``notebook`` to ``target`` through a temp file, so a failure leaves no half file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_open(target) as handle:
        text = io.TextIOWrapper(handle, encoding="utf-8")
        nbformat.write(notebook, text)
        text.detach()  # flush into the temp file, which atomic_open then renames


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lessons", nargs="*", help="lesson prefixes such as 01 (default: all)")
    parser.add_argument("--store", action="store_true", help="quick mode, written back to notebooks/ for nbval")
    parser.add_argument("--quick", action="store_true", help="quick mode (small data, few epochs)")
    parser.add_argument("--lang", choices=["en", "zh", "all"], help="English lessons, the Chinese ones (notebooks/zh/) or both (default: both with --store, else en)")
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "lessons", help="where executed copies go")
    args = parser.parse_args(argv)
    quick = args.quick or args.store
    mode = "quick" if quick else "full"
    language = args.lang or ("all" if args.store else "en")
    for source in lesson_sources(args.lessons, language):
        target = source.with_suffix(".ipynb") if args.store else args.out / source.relative_to(NOTEBOOKS).with_suffix(".ipynb")
        print(f"running {source.relative_to(ROOT)} ({mode} mode) ...", flush=True)
        start = time.perf_counter()
        notebook = execute(source, quick)
        write_atomically(notebook, target)
        print(f"  wrote {target} in {time.perf_counter() - start:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
