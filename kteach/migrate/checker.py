"""``check`` finds Keras 2 code in a string; ``fix`` rewrites what is mechanical.

Introduced with ``kteach.migrate`` (issue 6), for learners who paste code from
a Keras 2 tutorial into a Keras 3 notebook.
"""

from __future__ import annotations

from collections.abc import Iterable

from kteach.i18n import tr
from kteach.migrate.edits import IMPORTS, Edit, apply_edits
from kteach.migrate.findings import Finding, Hit, Rule
from kteach.migrate.rules import RULES
from kteach.migrate.source import Source

MAX_FIX_PASSES = 5  # a fix can reveal another (input_shape(...) -> input_shape= -> keras.Input)


def line_span(code: str, line: int, edits: Iterable[Edit]) -> tuple[int, int]:
    """The first and last line that ``line`` and the ``edits`` touch (1-based)."""
    first = last = line
    for edit in edits:
        first = min(first, code.count("\n", 0, edit.start) + 1)
        last = max(last, code.count("\n", 0, max(edit.start, edit.end - 1)) + 1)
    return first, last


def lines_with_edits(code: str, first: int, last: int, edits: Iterable[Edit]) -> tuple[str, str]:
    """Lines ``first..last`` of ``code`` as written, and with ``edits`` (all inside them) applied."""
    lines = code.split("\n")
    start = sum(len(text) + 1 for text in lines[: first - 1])
    text = "\n".join(lines[first - 1 : last])
    local = [Edit(edit.start - start, edit.end - start, edit.text) for edit in edits]
    return text, apply_edits(text, local)


def _finding(source: Source, rule: Rule, hit: Hit) -> Finding:
    """Turn a rule's hit into a finding: the lines it touches, before and after its edits."""
    line = source.tokens[hit.at].start[0]
    text, fixed = lines_with_edits(source.code, *line_span(source.code, line, hit.edits), hit.edits)
    return Finding(
        rule=rule.id,
        severity=hit.severity or rule.severity,
        line=line,
        text=text,
        why=hit.why,
        fixed=fixed if hit.edits else None,
        auto=hit.auto and bool(hit.edits),
        edits=hit.edits,
        needs=hit.needs,
    )


def _check(source: Source) -> list[Finding]:
    """Run every rule on a read source."""
    found = [_finding(source, rule, hit) for rule in RULES for hit in rule.find(source)]
    order = {rule.id: position for position, rule in enumerate(RULES)}
    return sorted(found, key=lambda finding: (finding.line, order[finding.rule]))


def check(code: str) -> list[Finding]:
    """Find the Keras 2 code that fails or is legacy under Keras 3.

    Works on whole programs and on fragments that do not parse (tutorial
    snippets, notebook cells that use names from earlier cells).

    Args:
        code: Python source.

    Returns:
        The findings, by line: each with its rule, severity, line, text, why
        and the fixed line (None where the fix is not a line rewrite).

    Raises:
        TypeError: If ``code`` is not a string.
    """
    if not isinstance(code, str):
        raise TypeError(tr("code must be a str of Python source; got {kind}", kind=type(code).__name__))
    return _check(Source(code))


def _missing_imports(source: Source, findings: list[Finding], edits: list[Edit]) -> str:
    """Import lines the fixes need that neither the code nor the fixes themselves have."""
    needed = {name for finding in findings for name in finding.needs}
    return "".join(
        f"{IMPORTS[name]}\n"
        for name in sorted(needed)
        if source.origin(name) is None and not any(edit.text == IMPORTS[name] for edit in edits)
    )


def _insert_at_top(source: Source, text: str) -> Edit:
    """An edit inserting ``text`` after any ``from __future__`` imports (which must come first)."""
    future = [stmt for stmt in source.imports if stmt.module == "__future__"]
    if not future:
        return Edit(0, 0, text)
    line = source.tokens[future[-1].last].end[0]
    offset = source.offset((line, len(source.lines[line - 1])))
    return Edit(offset, offset, "\n" + text.rstrip("\n"))


def fix(code: str) -> str:
    """Apply the mechanical Keras 3 fixes and return the new code.

    Only findings with ``auto=True`` are applied: renames, moved imports,
    ``lr=`` -> ``learning_rate=``, ``'acc'`` -> ``'accuracy'``... Suggestions
    that depend on intent (``.h5`` -> ``.keras``, ``predict_classes`` on a
    model whose output is unclear) are left for the learner. Imports a fix
    relies on (``import keras``, ``import numpy as np``) are added at the top.

    Args:
        code: Python source.

    Returns:
        The rewritten source (``code`` itself if nothing applies).

    Raises:
        TypeError: If ``code`` is not a string.
    """
    if not isinstance(code, str):
        raise TypeError(tr("code must be a str of Python source; got {kind}", kind=type(code).__name__))
    for _ in range(MAX_FIX_PASSES):
        source = Source(code)
        findings = [finding for finding in _check(source) if finding.auto]
        if not findings:
            break
        edits = [edit for finding in findings for edit in finding.edits]
        imports = _missing_imports(source, findings, edits)
        if imports:
            edits.append(_insert_at_top(source, imports))
        code = apply_edits(code, edits)
    return code
