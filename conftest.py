"""Test configuration shared by the unit tests and the nbval run of the lessons.

The lessons are stored executed in quick mode, so checking them means running
them in quick mode: this file sets ``KTEACH_QUICK=1`` for the whole session
(kernels started by nbval inherit it) and refuses notebook cells that were
never executed, which nbval would otherwise pass without comparing anything.

In CI a skipped check is a failure: with ``KTEACH_REQUIRE_ALL=1`` (set by ``.ci/run`` and the
GitHub workflow) every skip fails the run with its reason, except the skips of tests marked
with one of the markers listed in ``KTEACH_ALLOW_SKIP`` (comma-separated, e.g. ``shared_data``
on GitHub, which has no ``../shared``). A green CI then means every check ran.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import pytest

from scripts.kernels import use_for_nbval

pytest_plugins = ("pytester",)  # tests/test_ci_skips.py runs pytest on the skip rule itself

os.environ["KTEACH_QUICK"] = "1"
# Messages in English unless a test or lesson chooses otherwise (lessons call set_language).
os.environ.pop("KTEACH_LANG", None)
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# Kernels on private Unix sockets: TCP ports picked by parallel workers can collide (scripts/kernels.py).
use_for_nbval()


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """One worker more than the CPUs this process may use (``--numprocesses=auto``).

    A worker spends part of its time waiting: for a kernel to start, for a cell's output, for a
    subprocess. On 2 cores two workers left about a quarter of the CPU time unused in CI.
    """
    return len(os.sched_getaffinity(0)) + 1 if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1) + 1


def _is_nbval_cell(item: pytest.Item) -> bool:
    return type(item).__module__.startswith("nbval")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every notebook cell as slow, and put the longest runs first.

    ``-m 'not slow'`` then runs the unit tests alone. xdist hands out work in this order (one
    notebook or test class at a time, ``--no-loadscope-reorder``), so starting with the lessons
    that took longest when stored keeps a worker from being left alone with one at the end.
    """
    for item in items:
        if _is_nbval_cell(item):
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: -stored_seconds(_lesson_notebook(item)))


def _lesson_notebook(item: pytest.Item) -> Path | None:
    """The stored notebook whose run ``item`` repeats, if it repeats one.

    A notebook cell's own notebook; a test class's ``lesson`` (the lessons on other backends);
    a test module's ``LESSON`` path (the lesson re-run under other CPU profiles).
    """
    if _is_nbval_cell(item):
        return Path(item.path)
    root = Path(item.config.rootpath)
    lesson = getattr(getattr(item, "cls", None), "lesson", None)
    if isinstance(lesson, str) and lesson:
        return next(iter(sorted((root / "notebooks").glob(f"{lesson}_*.ipynb"))), None)
    path = getattr(getattr(item, "module", None), "LESSON", None)
    return root / path if isinstance(path, str) else None


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Fail a stored code cell that has source but was never executed."""
    cell = getattr(item, "cell", None)
    if not _is_nbval_cell(item) or cell is None or cell.get("cell_type") != "code":
        return
    if cell.get("source", "").strip() and cell.get("execution_count") is None:
        pytest.fail(
            f"{item.name}: this cell was never executed, so nbval would check nothing. "
            "Re-store the lesson with: python -m scripts.run_notebooks --store",
            pytrace=False,
        )


def stored_seconds(notebook: Path | None) -> float:
    """Seconds the stored run of ``notebook`` took (0 if there is none or it carries no timings)."""
    return 0.0 if notebook is None else execution_span(Path(notebook).resolve())


@lru_cache(maxsize=None)
def execution_span(notebook: Path) -> float:
    """Seconds from the first cell's start to the last cell's end in a stored notebook's metadata."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return 0.0
    stamps = [cell.get("metadata", {}).get("execution", {}) for cell in cells]
    starts = [_time(s["iopub.execute_input"]) for s in stamps if "iopub.execute_input" in s]
    ends = [_time(s["shell.execute_reply"]) for s in stamps if "shell.execute_reply" in s]
    if not starts or not ends:
        return 0.0
    return (max(ends) - min(starts)).total_seconds()


def _time(stamp: str) -> datetime:
    """An ISO 8601 timestamp as nbclient writes it (``...Z`` for UTC)."""
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def _require_all() -> bool:
    """Whether this run must fail on any skip (CI sets ``KTEACH_REQUIRE_ALL=1``)."""
    return os.environ.get("KTEACH_REQUIRE_ALL", "") not in ("", "0")


def _allowed_markers() -> set[str]:
    """The markers whose tests may still skip in a ``KTEACH_REQUIRE_ALL`` run."""
    return {name.strip() for name in os.environ.get("KTEACH_ALLOW_SKIP", "").split(",") if name.strip()}


def _skip_reason(longrepr: object) -> str:
    """The reason pytest recorded for a skip (its longrepr is a (file, line, reason) tuple)."""
    return longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)


def _fail_skip(report: pytest.TestReport | pytest.CollectReport, where: str) -> None:
    """Turn a skip report into a failure that names the skipped check and why it skipped."""
    reason = _skip_reason(report.longrepr).removeprefix("Skipped: ")
    report.outcome = "failed"
    report.longrepr = (
        f"{where} was skipped, but KTEACH_REQUIRE_ALL=1 requires every check to run: {reason}\n"
        "Install what is missing (bash scripts/test.sh does), or allow this kind of skip with "
        "KTEACH_ALLOW_SKIP=<marker>."
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """Under ``KTEACH_REQUIRE_ALL``, a skipped test fails unless it carries an allowed marker."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if not report.skipped or hasattr(report, "wasxfail") or not _require_all():
        return
    if _allowed_markers() & {mark.name for mark in item.iter_markers()}:
        return
    _fail_skip(report, item.nodeid)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    """Under ``KTEACH_REQUIRE_ALL``, a module skipped at import (``importorskip``) fails too."""
    outcome = yield
    report: pytest.CollectReport = outcome.get_result()
    if report.skipped and _require_all():
        _fail_skip(report, collector.nodeid)
