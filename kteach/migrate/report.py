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

from kteach.i18n import tr
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


def _severity(severity: str) -> str:
    """A finding's severity as shown to the learner: "error" or "warning", in the current language."""
    return tr("error") if severity == "error" else tr("warning")


def _count(severity: str, number: int) -> str:
    """``'2 errors'``, ``'1 warning'``."""
    if severity == "error":
        return tr("{number} error", number=number) if number == 1 else tr("{number} errors", number=number)
    return tr("{number} warning", number=number) if number == 1 else tr("{number} warnings", number=number)


def _summary(findings: tuple[Finding, ...]) -> str:
    """``'2 errors, 1 warning'``-style count."""
    if not findings:
        return tr("no Keras 2 code found: nothing to change for Keras 3.")
    errors = sum(finding.severity == "error" for finding in findings)
    warnings = len(findings) - errors
    if errors and warnings:
        counts = tr("{errors}, {warnings}", errors=_count("error", errors), warnings=_count("warning", warnings))
    else:
        counts = _count("error", errors) if errors else _count("warning", warnings)
    return tr("{counts} (error: fails in Keras 3; warning: works, but legacy).", counts=counts)


def _fix_label(group: LineGroup) -> str:
    """The heading of a group's fixed lines: a fix ``fix()`` applies, or a suggestion to check."""
    return tr("suggested fix (check it):") if group.suggestion else tr("fixed:")


def _indent(text: str, prefix: str = "    ") -> str:
    """Indent every line of ``text`` (code shown inside the report)."""
    return "\n".join(prefix + line for line in text.split("\n"))


def _text_item(finding: Finding) -> str:
    """One finding as a line of the text report: severity, rule and why."""
    return tr("{severity} [{rule}]: {why}", severity=_severity(finding.severity), rule=finding.rule, why=finding.why)


def render_text(report: Report) -> str:
    """The report as plain text: each line, why, and the fixed line."""
    parts = [tr("Keras 3 check: {summary}", summary=_summary(report.findings))]
    for group in report.groups():
        block = ["\n" + tr("line {line}:", line=group.line), _indent(group.text)]
        block += ["  - " + _text_item(finding) for finding in group.findings]
        if group.fixed is not None:
            block += ["  " + _fix_label(group), _indent(group.fixed)]
        parts.append("\n".join(block))
    return "\n".join(parts)


def _html_why(text: str) -> str:
    """Escape a reason and show its `code` spans as code."""
    return _CODE.sub(r"<code>\1</code>", html.escape(text, quote=False))


def _html_item(finding: Finding) -> str:
    """One finding as an HTML list item: severity in its colour, rule and why."""
    severity = f"<b style='color:{_COLOURS[finding.severity]}'>{_severity(finding.severity)}</b>"
    rule = f"<code>{finding.rule}</code>"
    return "<li>" + tr("{severity} {rule}: {why}", severity=severity, rule=rule, why=_html_why(finding.why)) + "</li>"


def render_html(report: Report) -> str:
    """The report as an HTML fragment for Jupyter."""
    heading = tr("Keras 3 check:")
    rows = [f"<p><b>{heading}</b> {html.escape(_summary(report.findings))}</p>"]
    pre = "margin:2px 0 6px 0;padding:4px 8px;background:{};"
    for group in report.groups():
        items = "".join(_html_item(finding) for finding in group.findings)
        line = tr("line {line}", line=group.line)
        rows.append(f"<div><b>{line}</b><pre style='{pre.format('#fdecea')}'>{html.escape(group.text)}</pre>")
        rows.append(f"<ul style='margin:0'>{items}</ul>")
        if group.fixed is not None:
            label = html.escape(_fix_label(group))
            rows.append(f"<i>{label}</i><pre style='{pre.format('#e6f4ea')}'>{html.escape(group.fixed)}</pre>")
        rows.append("</div>")
    return "<div class='kteach-migrate'>" + "".join(rows) + "</div>"
