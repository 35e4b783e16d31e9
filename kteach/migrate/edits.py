"""Text edits that turn Keras 2 code into Keras 3 code, and how to apply them.

An :class:`Edit` replaces a span of the original text, so every fix is local:
the rest of a learner's code, comments and spacing included, stays as written.
Introduced with ``kteach.migrate`` (issue 6).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kteach.migrate.source import Arg, Call, Import, ImportedName, Source

# name a fix may need -> the import that binds it
IMPORTS = {"keras": "import keras", "np": "import numpy as np"}


@dataclass(frozen=True)
class Edit:
    """Replace ``code[start:end]`` with ``text`` (``start == end`` inserts)."""

    start: int
    end: int
    text: str


def apply_edits(code: str, edits: Iterable[Edit]) -> str:
    """Apply ``edits`` to ``code``; an edit overlapping one already taken is skipped.

    Edits are taken in source order, so two rules that would rewrite the same
    text cannot garble it: the second one waits for the next pass of ``fix``.
    """
    chosen: list[Edit] = []
    for edit in sorted(set(edits), key=lambda e: (e.start, e.end, e.text)):
        if chosen and edit.start < chosen[-1].end:
            continue
        chosen.append(edit)
    for edit in reversed(chosen):
        code = code[: edit.start] + edit.text + code[edit.end :]
    return code


def replace(source: Source, first: int, last: int, text: str) -> Edit:
    """Replace tokens ``first..last`` (inclusive) with ``text``."""
    return Edit(source.offset(source.tokens[first].start), source.offset(source.tokens[last].end), text)


def remove_statement(source: Source, first: int, last: int) -> Edit:
    """Remove tokens ``first..last``, with their whole line(s) when nothing else is on them."""
    edit = replace(source, first, last, "")
    start_line, end_line = source.tokens[first].start[0], source.tokens[last].end[0]
    before = source.lines[start_line - 1][: source.tokens[first].start[1]]
    after = source.lines[end_line - 1][source.tokens[last].end[1] :]
    if before.strip() or after.strip() or end_line >= len(source.lines):
        return edit
    return Edit(source.offset((start_line, 0)), source.offset((end_line + 1, 0)), "")


def insert_before(source: Source, index: int, text: str) -> Edit:
    """Insert ``text`` just before token ``index``."""
    start = source.offset(source.tokens[index].start)
    return Edit(start, start, text)


def _remove_item(source: Source, items: list[tuple[int, int]], position: int) -> Edit:
    """Remove item ``position`` of a comma-separated list of token ranges, with its comma."""
    first, last = items[position]
    if position > 0:
        previous_last = items[position - 1][1]
        return Edit(source.offset(source.tokens[previous_last].end), source.offset(source.tokens[last].end), "")
    if len(items) > 1:
        return Edit(source.offset(source.tokens[first].start), source.offset(source.tokens[items[1][0]].start), "")
    return replace(source, first, last, "")


def remove_arg(source: Source, call: Call, arg: Arg) -> Edit:
    """Remove ``arg`` from ``call`` together with the comma that separates it."""
    return _remove_item(source, [(item.first, item.last) for item in call.args], call.args.index(arg))


def drop_import_item(source: Source, stmt: Import, item: ImportedName) -> tuple[Edit, ...]:
    """Drop ``item`` from ``stmt``; a statement importing only it becomes ``import keras``.

    Used where the fix calls the item through ``keras.`` instead
    (``np_utils.to_categorical`` -> ``keras.utils.to_categorical``).
    """
    if len(stmt.names) == 1:
        return (replace(source, stmt.first, stmt.last, "import keras"),)
    items = [(name.first, name.last) for name in stmt.names]
    return (_remove_item(source, items, stmt.names.index(item)),)


def rename_keyword(source: Source, arg: Arg, name: str) -> Edit:
    """Rename the keyword of ``arg`` (``lr=`` -> ``learning_rate=``)."""
    return replace(source, arg.first, arg.first, name)


def arg_text(source: Source, arg: Arg) -> str:
    """The source text of an argument's value."""
    return source.text(arg.value, arg.last)


def with_tail(token_text: str, old: str, new: str) -> str | None:
    """Rewrite the end of a string literal as written (``'val_acc'`` -> ``'val_accuracy'``).

    Works on the source text, not the value, so escapes and raw prefixes stay
    as they were; returns None if the literal does not end with ``old`` as written.
    """
    quote = token_text[-1]
    if quote not in "'\"" or not token_text[:-1].endswith(old):
        return None
    return token_text[: len(token_text) - 1 - len(old)] + new + quote
