"""Opt-in notebook hook: when a cell fails on Keras 2 code, explain it under the traceback.

``%load_ext kteach.migrate`` or ``kteach.migrate.enable()`` registers a
``post_run_cell`` callback. IPython has already printed the traceback by then,
so the learner sees the usual error first and the explanation and fixed line
below it; cells that succeed, or fail for other reasons, show nothing extra.
Introduced with ``kteach.migrate`` (issue 6).
"""

from __future__ import annotations

from typing import Any

from kteach.i18n import tr
from kteach.migrate.checker import check
from kteach.migrate.report import Report
from kteach.migrate.rules import RULES_BY_ID


def _no_ipython() -> str:
    """The message of the RuntimeError raised outside IPython."""
    return tr(
        "kteach.migrate.enable() needs IPython or Jupyter: run it in a notebook cell, or pass the shell "
        "(enable(ipython=get_ipython())). In plain Python, call kteach.migrate.explain(code) instead."
    )


def explain_failure(cell: str, error: BaseException) -> Report | None:
    """The findings of ``cell`` that explain ``error`` (by exception type), or None if none do.

    Args:
        cell: The source of the cell that failed.
        error: The exception it raised.
    """
    names = {cls.__name__ for cls in type(error).__mro__}
    findings = tuple(
        finding
        for finding in check(cell)
        if finding.severity == "error" and names & set(RULES_BY_ID[finding.rule].raises)
    )
    return Report(cell, findings) if findings else None


def _after_cell(result: Any) -> None:
    """``post_run_cell`` callback: show the explanation of a failed cell, if it has one."""
    error = getattr(result, "error_in_exec", None)
    if error is None:
        return
    explanation = explain_failure(result.info.raw_cell or "", error)
    if explanation is not None:
        from IPython.display import display

        display(explanation)


def _shell(ipython: Any) -> Any:
    """The given shell, or the running one; RuntimeError outside IPython."""
    if ipython is None:
        try:
            from IPython import get_ipython
        except ImportError as error:
            raise RuntimeError(_no_ipython()) from error
        ipython = get_ipython()
    if ipython is None or not hasattr(ipython, "events"):
        raise RuntimeError(_no_ipython())
    return ipython


def enable(ipython: Any = None) -> None:
    """Explain Keras 2 errors under the traceback of every failing cell (calling it twice is harmless).

    Args:
        ipython: The IPython shell; by default the one running this code.

    Raises:
        RuntimeError: Outside IPython/Jupyter.
    """
    shell = _shell(ipython)
    if _after_cell not in shell.events.callbacks["post_run_cell"]:
        shell.events.register("post_run_cell", _after_cell)


def disable(ipython: Any = None) -> None:
    """Stop explaining failed cells (harmless if :func:`enable` was not called).

    Raises:
        RuntimeError: Outside IPython/Jupyter.
    """
    shell = _shell(ipython)
    if _after_cell in shell.events.callbacks["post_run_cell"]:
        shell.events.unregister("post_run_cell", _after_cell)


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext kteach.migrate``: same as :func:`enable`."""
    enable(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    """``%unload_ext kteach.migrate``: same as :func:`disable`."""
    disable(ipython)
