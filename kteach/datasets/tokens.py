"""How IMDB review text becomes words: one rule for the dataset and for a learner's sentence.

Introduced in lesson 03 (``kteach.encode_review``). Text is lowercased and ``<br />`` line
breaks are removed; a word is a run of letters or digits, possibly joined by inner apostrophes
or hyphens (``don't``, ``sci-fi``), as in the dataset's own ``imdb.vocab``; ``!`` and ``?`` are
words of their own, as there. Other punctuation is dropped.
"""

from __future__ import annotations

import re

from kteach.i18n import tr

TOKEN_PATTERN = r"[^\W_]+(?:['\-][^\W_]+)*|[!?]"
_TOKEN = re.compile(TOKEN_PATTERN)


def normalize(text: str) -> str:
    """Lowercase ``text`` and replace the reviews' HTML line breaks with spaces."""
    return text.lower().replace("<br />", " ")


def tokenize(text: str) -> list[str]:
    """Split one review (or any sentence) into the dataset's words, in order."""
    if not isinstance(text, str):
        raise TypeError(tr("text must be a str, got {kind}", kind=type(text).__name__))
    return _TOKEN.findall(normalize(text))
