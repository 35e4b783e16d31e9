"""Readable reports of findings, as text (terminal, traceback hook) and HTML (notebook).

State (:class:`Report`: the code and its findings) is kept apart from the two
renderers, which are plain functions of it. Introduced with ``kteach.migrate``
(issue 6).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from kteach.migrate.checker import check, line_span, lines_with_edits
from kteach.migrate.findings import Finding

_COLOURS = {"error": "#b00020", "warning": "#9a6700"}
_CODE = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class LineGroup:
    """The findings on one line, with the lines as written and with all their fixes.

    Attributes:
        line: 1-based line number.
        text: The line(s) as written.
        findings: The findings reported on this line.
        fixed: The line(s) with every fix of these findings applied, or None if none has one.
        suggestion: True if some of those fixes are suggestions ``fix()`` does not apply.
    """

    line: int
    text: str
    findings: tuple[Finding, ...]
    fixed: str | None
    suggestion: bool


@dataclass(frozen=True)
class Report:
    """Findings of one piece of code; shows as text in a terminal and as HTML in Jupyter."""

    code: str
    findings: tuple[Finding, ...]

    def groups(self) -> list[LineGroup]:
        """The findings grouped by line, each group with its combined fix."""
        return [_group(self.code, line, tuple(found)) for line, found in groupby(self.findings, key=lambda f: f.line)]

    def text(self) -> str:
        """The report as plain text."""
        return render_text(self)

    def __str__(self) -> str:
        return render_text(self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # IPython's text/plain
        printer.text(render_text(self))

    def _repr_html_(self) -> str:  # Jupyter's rich display
        return render_html(self)


def _group(code: str, line: int, findings: tuple[Finding, ...]) -> LineGroup:
    """One line's findings with the line before and after all their fixes."""
    edits = [edit for finding in findings for edit in finding.edits]
    first, last = line_span(code, line, edits)
    text, fixed = lines_with_edits(code, first, last, edits)
    has_fix = any(finding.fixed is not None for finding in findings)
    suggestion = any(finding.fixed is not None and not finding.auto for finding in findings)
    return LineGroup(line, text, findings, fixed if has_fix else None, suggestion)


def report(code: str) -> Report:
    """Check ``code`` and return a :class:`Report` that displays itself in a notebook.

    Raises:
        TypeError: If ``code`` is not a string.
    """
    return Report(code, tuple(check(code)))


def explain(code: str) -> str:
    """Check ``code`` and explain, line by line, what Keras 3 does with it and the fixed line.

    Raises:
        TypeError: If ``code`` is not a string.
    """
    return render_text(report(code))


def _summary(findings: tuple[Finding, ...]) -> str:
    """``'2 errors, 1 warning'``-style count."""
    if not findings:
        return "no Keras 2 code found: nothing to change for Keras 3."
    counts = []
    for severity in ("error", "warning"):
        number = sum(finding.severity == severity for finding in findings)
        if number:
            counts.append(f"{number} {severity}{'' if number == 1 else 's'}")
    return ", ".join(counts) + " (error: fails in Keras 3; warning: works, but legacy)."


def _indent(text: str, prefix: str = "    ") -> str:
    """Indent every line of ``text`` (code shown inside the report)."""
    return "\n".join(prefix + line for line in text.split("\n"))


def render_text(report: Report) -> str:
    """The report as plain text: each line, why, and the fixed line."""
    parts = [f"Keras 3 check: {_summary(report.findings)}"]
    for group in report.groups():
        block = [f"\nline {group.line}:", _indent(group.text)]
        block += [f"  - {finding.severity} [{finding.rule}]: {finding.why}" for finding in group.findings]
        if group.fixed is not None:
            label = "suggested fix (check it)" if group.suggestion else "fixed"
            block += [f"  {label}:", _indent(group.fixed)]
        parts.append("\n".join(block))
    return "\n".join(parts)


def _html_why(text: str) -> str:
    """Escape a reason and show its `code` spans as code."""
    return _CODE.sub(r"<code>\1</code>", html.escape(text, quote=False))


def render_html(report: Report) -> str:
    """The report as an HTML fragment for Jupyter."""
    rows = [f"<p><b>Keras 3 check:</b> {html.escape(_summary(report.findings))}</p>"]
    pre = "margin:2px 0 6px 0;padding:4px 8px;background:{};"
    for group in report.groups():
        items = "".join(
            f"<li><b style='color:{_COLOURS[f.severity]}'>{f.severity}</b> "
            f"<code>{f.rule}</code>: {_html_why(f.why)}</li>"
            for f in group.findings
        )
        rows.append(
            f"<div><b>line {group.line}</b><pre style='{pre.format('#fdecea')}'>{html.escape(group.text)}</pre>"
        )
        rows.append(f"<ul style='margin:0'>{items}</ul>")
        if group.fixed is not None:
            label = "suggested fix (check it)" if group.suggestion else "fixed"
            rows.append(f"<i>{label}:</i><pre style='{pre.format('#e6f4ea')}'>{html.escape(group.fixed)}</pre>")
        rows.append("</div>")
    return "<div class='kteach-migrate'>" + "".join(rows) + "</div>"
