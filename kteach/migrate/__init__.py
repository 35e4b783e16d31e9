"""Explain and fix Keras 2 tutorial code for Keras 3 (issue 6).

- ``check(code)``: what fails or is legacy, line by line, each with why and
  the fixed line (:class:`Finding`).
- ``fix(code)``: the code with the mechanical fixes applied.
- ``explain(code)`` / ``report(code)``: a readable report (text / notebook HTML).
- ``%load_ext kteach.migrate`` or ``enable()``: explain Keras 2 errors under
  the traceback of a failing notebook cell.

Importing this module does not import TensorFlow, Keras or IPython.
"""

from __future__ import annotations

from kteach.migrate.checker import check, fix
from kteach.migrate.findings import Finding
from kteach.migrate.ipython import (
    disable,
    enable,
    explain_failure,
    load_ipython_extension,
    unload_ipython_extension,
)
from kteach.migrate.report import Report, explain, report

__all__ = [
    "Finding",
    "Report",
    "check",
    "disable",
    "enable",
    "explain",
    "explain_failure",
    "fix",
    "load_ipython_extension",
    "report",
    "unload_ipython_extension",
]
