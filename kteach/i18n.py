"""The language of kteach's messages, errors, widget labels and plot labels: English or Chinese.

Every lesson's setup cell calls ``kteach.set_language`` (lesson 01 introduces it); the
environment variable ``KTEACH_LANG`` sets the default. Messages are written in English in the
code, wrapped in ``tr``, and looked up in gettext ``.po`` catalogs under ``kteach/locale/``,
the format translators' tools (Poedit, Weblate) already read.
"""

from __future__ import annotations

import ast
import functools
import os
import string
import warnings
from collections.abc import Iterable
from pathlib import Path

LANGUAGE_ENV = "KTEACH_LANG"
LANGUAGES = {"en": "English", "zh": "中文（简体）"}
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).parent / "locale"

_chosen: dict[str, str] = {}
_warned_env: set[str] = set()  # unsupported KTEACH_LANG values already warned about


def set_language(language: str) -> None:
    """Switch kteach's messages, errors, widget labels and plot labels to ``language``.

    Args:
        language: "en" (English, the default) or "zh" (简体中文).

    Raises:
        ValueError: ``language`` is not one of ``LANGUAGES``.
    """
    _chosen["language"] = check_language(language, "language")
    from kteach import fonts  # plots need a CJK font for Chinese labels: look again now

    fonts.forget()


def get_language() -> str:
    """Return the language in use: the last ``set_language``, else ``KTEACH_LANG``, else "en".

    An unsupported ``KTEACH_LANG`` warns once and means English: every message (including
    the errors of other mistakes) must still be readable, so it never raises here.
    """
    if "language" in _chosen:
        return _chosen["language"]
    value = os.environ.get(LANGUAGE_ENV, "").strip()
    if not value:
        return DEFAULT_LANGUAGE
    try:
        return check_language(value, LANGUAGE_ENV)
    except ValueError as error:
        if value not in _warned_env:
            _warned_env.add(value)
            warnings.warn(f"{error}; using English", UserWarning, stacklevel=2)
        return DEFAULT_LANGUAGE


def check_language(language: object, name: str) -> str:
    """Return ``language`` when kteach speaks it, else raise naming ``name`` (TypeError if not a str)."""
    if not isinstance(language, str) or language not in LANGUAGES:
        error = ValueError if isinstance(language, str) else TypeError
        raise error(f"{name} must be one of {list(LANGUAGES)} ({', '.join(LANGUAGES.values())}); got {language!r}")
    return str(language)


def tr(message: str, /, **fields: object) -> str:
    """Return ``message`` in the current language, with ``{name}`` placeholders filled from ``fields``.

    ``message`` is the English text and the catalog key; a message with no translation is
    shown in English rather than failing (tests/test_i18n.py keeps the catalogs complete).
    """
    language = get_language()
    template = message if language == DEFAULT_LANGUAGE else catalog(language).get(message, message)
    return template.format(**fields) if fields else template


def english(message: str, /, **fields: object) -> str:
    """Return ``message`` in English whatever the language: the same call shape as ``tr``."""
    return message.format(**fields) if fields else message


@functools.cache
def catalog(language: str) -> dict[str, str]:
    """Return the English -> ``language`` messages of every ``kteach/locale/<language>/*.po``."""
    entries: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / language).glob("*.po")):
        entries.update(read_po(path))
    return entries


def placeholders(template: str) -> set[str]:
    """Return the field names a ``str.format`` template uses, e.g. {"name"} for "got {name!r}"."""
    return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(template) if field}


# --- gettext .po files: the small subset kteach writes and reads -----------------------


def read_po(path: Path) -> dict[str, str]:
    """Return ``{msgid: msgstr}`` of a .po file, skipping the header, empty and obsolete (#~) entries.

    Raises:
        ValueError: a line is not a comment, ``msgid``, ``msgstr`` or a quoted continuation;
            the message names the file and line.
    """
    return {msgid: msgstr for msgid, msgstr in read_po_entries(path) if msgid and msgstr}


def read_po_entries(path: Path, obsolete: bool = False) -> list[tuple[str, str]]:
    """Return every ``(msgid, msgstr)`` of a .po file in order, untranslated ones included.

    With ``obsolete=True``, return instead the entries commented out with ``#~``: translations
    of texts the source no longer has, kept for a translator to reuse.
    """
    entries: list[tuple[str, str]] = []
    current: dict[str, str] = {}
    field = ""
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if obsolete:
            line = line[3:] if line.startswith("#~ ") else ""
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        keyword, _, rest = stripped.partition(" ")
        if keyword in ("msgid", "msgstr"):
            if keyword == "msgid" and current:
                entries.append((current.get("msgid", ""), current.get("msgstr", "")))
                current = {}
            field = keyword
            current[field] = _unquote(rest, path, number)
        elif stripped.startswith('"') and field:
            current[field] += _unquote(stripped, path, number)
        else:
            raise ValueError(f"{path}:{number}: expected msgid, msgstr or a quoted line; got {line!r}")
    if current:
        entries.append((current.get("msgid", ""), current.get("msgstr", "")))
    return entries


def _unquote(text: str, path: Path, number: int) -> str:
    """Decode one quoted .po string such as ``"a \\"b\\"\\n"``."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        value = None
    if not isinstance(value, str) or not text.startswith('"'):
        raise ValueError(f"{path}:{number}: not a double-quoted string: {text!r}")
    return value


def format_po(entries: Iterable[tuple[str, str, Iterable[str]]], title: str) -> str:
    """Render .po text from ``(msgid, msgstr, comments)`` entries, under a UTF-8 header."""
    blocks = [f"# {title}\n" + 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n']
    for msgid, msgstr, comments in entries:
        lines = [f"#{comment}" for comment in comments]
        lines.append("msgid " + _quote(msgid))
        lines.append("msgstr " + _quote(msgstr))
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def _quote(text: str) -> str:
    """Quote ``text`` for a .po file, one line per source line so diffs stay readable."""
    parts = text.splitlines(keepends=True) or [""]
    quoted = ['"' + part.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"' for part in parts]
    return quoted[0] if len(quoted) == 1 else '""\n' + "\n".join(quoted)
