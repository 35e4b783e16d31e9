"""What a check reports: rules, the hits they make, and findings for the learner.

A :class:`Rule` names one Keras 2 habit and says what Keras 3 does with it; it
finds :class:`Hit` objects in a :class:`~kteach.migrate.source.Source`; the
checker turns each hit into a :class:`Finding` with the line, the reason and
the fixed line. Introduced with ``kteach.migrate`` (issue 6).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from kteach.migrate.edits import Edit
from kteach.migrate.source import Source

Severity = Literal["error", "warning"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning")


@dataclass(frozen=True)
class Hit:
    """One place a rule matched.

    Attributes:
        at: Index of the token the problem is at (it gives the line).
        why: Why it breaks or is legacy in Keras 3, for a beginner.
        edits: The rewrite; empty when there is no line-level fix.
        auto: Whether :func:`~kteach.migrate.fix` may apply ``edits`` unasked
            (False when the rewrite is a suggestion that depends on intent).
        needs: Names the rewrite uses that must be imported (``"keras"``, ``"np"``).
        severity: Overrides the rule's severity (e.g. legacy but working under ``tf.keras``).
    """

    at: int
    why: str
    edits: tuple[Edit, ...] = ()
    auto: bool = True
    needs: tuple[str, ...] = ()
    severity: Severity | None = None


@dataclass(frozen=True)
class Rule:
    """A Keras 2 habit that Keras 3 rejects or deprecates.

    Attributes:
        id: Short stable name, e.g. ``"optimizer-lr"``.
        severity: ``"error"`` if the code fails (or silently misbehaves) under
            Keras 3, ``"warning"`` if it works but is legacy.
        summary: A few words for report headings.
        raises: Names of the exceptions the old code raises under Keras 3, so a
            notebook hook can tell which findings explain a failed cell.
        find: Yields the rule's hits in a source.
    """

    id: str
    severity: Severity
    summary: str
    raises: tuple[str, ...]
    find: Callable[[Source], Iterable[Hit]] = field(repr=False, compare=False)


@dataclass(frozen=True)
class Finding:
    """One problem in the checked code, ready to show to a learner.

    Attributes:
        rule: The :attr:`Rule.id` that found it.
        severity: ``"error"`` (fails in Keras 3) or ``"warning"`` (works, but legacy).
        line: 1-based line number in the checked code.
        text: The offending line(s), as written.
        why: One or two sentences on what changed in Keras 3, in the language chosen with
            ``kteach.set_language`` when the code was checked.
        fixed: ``text`` with the fix applied, or None if there is no line-level fix.
        auto: Whether :func:`~kteach.migrate.fix` applies this fix.
    """

    rule: str
    severity: Severity
    line: int
    text: str
    why: str
    fixed: str | None
    auto: bool
    edits: tuple[Edit, ...] = field(default=(), repr=False, compare=False)
    needs: tuple[str, ...] = field(default=(), repr=False, compare=False)
