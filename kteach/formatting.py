"""Short, stable text for numbers the lessons print and tables show.

Stored notebook outputs are compared as text, so every run prints a value the same way.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from kteach.i18n import tr


def format_value(value: Any) -> str:
    """A hyperparameter value as short text: floats in ``%g`` form (0.01, 1e-05), anything else as ``str``."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def format_accuracy(value: float | None) -> str:
    """An accuracy with 4 decimals, or ``-`` when there is none (a stopped or diverged run)."""
    return "-" if value is None else f"{value:.4f}"


def format_seconds(value: float) -> str:
    """A duration like ``12.3s``: one form everywhere, so the nbval sanitizer can mask it."""
    return f"{value:.1f}s"


def status_text(status: str) -> str:
    """A run's status as the learner reads it: ``"finished"``, ``"stopped"`` or ``"nan"`` in the current language."""
    texts = {"finished": tr("finished"), "stopped": tr("stopped"), "nan": tr("nan")}
    return texts.get(status, status)


def display_width(text: str) -> int:
    """The columns ``text`` takes in a monospaced font: two per wide (Chinese) character, one per other.

    Text tables and diagrams pad with it, so Chinese labels keep their columns lined up.
    """
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
