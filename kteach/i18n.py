"""The language of kteach's messages, errors, widget labels and plot labels: English or Chinese.

Every lesson's setup cell calls ``kteach.set_language`` (lesson 01 introduces it); the
environment variable ``KTEACH_LANG`` sets the default. Messages are written in English in the
code, wrapped in ``tr``, and looked up in gettext ``.po`` catalogs under ``kteach/locale/``,
the format translators' tools (Poedit, Weblate) already read; Babel reads them (``kteach.po``),
and an entry a translator marked fuzzy (unreviewed) is shown in English until reviewed.
A message written far from where it is shown is marked ``N_("...")`` for extraction and
translated with ``tr`` where it is shown.
"""

from __future__ import annotations

import functools
import os
import string
import warnings
from collections.abc import Callable
from pathlib import Path

LANGUAGE_ENV = "KTEACH_LANG"
LANGUAGES = {"en": "English", "zh": "中文（简体）"}
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).parent / "locale"

_chosen: dict[str, str] = {}
_warned_env: set[str] = set()  # unsupported KTEACH_LANG values already warned about
_listeners: list[Callable[[], None]] = []  # called after every set_language (kteach.fonts registers one)


def set_language(language: str) -> None:
    """Switch kteach's messages, errors, widget labels and plot labels to ``language``.

    Args:
        language: "en" (English, the default) or "zh" (简体中文).

    Raises:
        ValueError: ``language`` is not one of ``LANGUAGES``.
    """
    _chosen["language"] = check_language(language, "language")
    for listener in _listeners:
        listener()


def on_language_change(listener: Callable[[], None]) -> None:
    """Call ``listener`` after every ``set_language``: modules above this one (``kteach.fonts``)
    drop what they chose for the old language, without this module knowing them."""
    if listener not in _listeners:
        _listeners.append(listener)


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


def N_(message: str, /) -> str:  # noqa: N802 (the name gettext's tools know)
    """Return ``message`` unchanged: marks a message for extraction where it is written, for a
    ``tr`` that translates it where it is shown (in the language chosen by then)."""
    return message


def english(message: str, /, **fields: object) -> str:
    """Return ``message`` in English whatever the language: the same call shape as ``tr``."""
    return message.format(**fields) if fields else message


@functools.cache
def catalog(language: str) -> dict[str, str]:
    """Return the English -> ``language`` messages of every ``kteach/locale/<language>/*.po``.

    Only reviewed translations count: fuzzy entries and entries for a ``msgctxt`` are left out.
    """
    from kteach.po import read_catalog, translations  # Babel is imported only when a translation is needed

    entries: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / language).glob("*.po")):
        entries.update(translations(read_catalog(path)))
    return entries


def placeholders(template: str) -> set[str]:
    """Return the field names a ``str.format`` template uses, e.g. {"name"} for "got {name!r}"."""
    return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(template) if field}
