"""gettext ``.po`` files through Babel: read them as translators' tools write them, render them back.

kteach's message catalogs (``kteach/locale/zh/*.po``) and the lessons' translations
(``notebooks/locale/zh/*.po``) are edited in Poedit or Weblate, which mark unreviewed entries
``#, fuzzy``, may add a ``msgctxt`` and wrap long lines. Babel's reader understands all of it;
only reviewed, context-free translations are served (``translations``), so a fuzzy entry reads
as untranslated and the English text is shown instead.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, write_po

# Flags Babel guesses from a text: a "%" (e.g. "20% of") looks like %-formatting, "{name}" like
# str.format; translators' tools then check those placeholders in the translation.
PERCENT_FLAG = "python-format"
BRACE_FLAG = "python-brace-format"


def read_catalog(path: Path) -> Catalog:
    """Return the Babel catalog of the .po file at ``path`` (obsolete ``#~`` entries in ``.obsolete``).

    Raises:
        ValueError: a line is not a comment, keyword or quoted continuation; the message
            names the file and the line.
    """
    with open(path, "rb") as handle:
        try:
            return read_po(handle, abort_invalid=True)
        except PoFileError as error:
            raise ValueError(
                f"{path}:{error.lineno + 1}: expected msgid, msgstr, msgctxt, a comment or a quoted line; "
                f"got {error.line!r} ({error})"
            ) from None


def is_translated(message: Message) -> bool:
    """True when ``message`` (a catalog entry) holds a reviewed translation: not empty, not fuzzy."""
    return bool(message.string) and not message.fuzzy


def translations(catalog: Catalog) -> dict[str, str]:
    """Return ``{msgid: msgstr}`` of the reviewed translations that apply without a context.

    The header, untranslated and fuzzy (unreviewed) entries are left out, and so are entries
    with a ``msgctxt``: they translate the text only in that context, which ``tr`` never asks for.
    """
    return {message.id: message.string for message in catalog if message.id and message.context is None and is_translated(message)}


def open_catalog(path: Path, title: str, language: str, part: str) -> Catalog:
    """Return the catalog at ``path``, or a new one starting with the comment ``# title``.

    Its header names the project ("kteach ``part``") and ``language``, which translators' tools
    read; a header a translator's tool wrote is kept as it is.
    """
    if path.exists():
        catalog = read_catalog(path)
    else:
        catalog = Catalog(header_comment=f"# {title}", fuzzy=False)
    if catalog.locale is None:
        catalog.locale = language
    if catalog.project == "PROJECT":  # Babel's placeholder: the file had no header yet
        catalog.project, catalog.version = "kteach", part
    return catalog


def po_text(catalog: Catalog, brace_format: bool) -> str:
    """Render ``catalog`` as .po text: no line wrapping (one quoted line per line of text, so diffs
    stay readable), file references without line numbers (moving code does not rewrite it).

    ``brace_format``: whether the texts are ``str.format`` templates (kteach's messages), so
    Babel's ``python-brace-format`` flag stays and Poedit checks the ``{fields}`` of a translation.
    Babel's ``python-format`` guess is always dropped: no text here is %-formatted.
    """
    for message in catalog:
        message.flags.discard(PERCENT_FLAG)
        if not brace_format:
            message.flags.discard(BRACE_FLAG)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_lineno=False)
    return buffer.getvalue().decode("utf-8")
