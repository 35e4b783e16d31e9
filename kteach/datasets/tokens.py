"""How IMDB review text becomes words: one rule for the dataset and for a learner's sentence.

Introduced in lesson 03 (``kteach.encode_review``). Text is lowercased and ``<br />`` line
breaks are removed; a word is a run of letters or digits, possibly joined by inner apostrophes
or hyphens (``don't``, ``sci-fi``), as in the dataset's own ``imdb.vocab``; ``!`` and ``?`` are
words of their own, as there. Other punctuation is dropped.

``tokenize`` applies the rule to one text; ``tokenize_texts`` gives the same words for 50,000
reviews at C speed (see there how).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from kteach.i18n import tr

TOKEN_PATTERN = r"[^\W_]+(?:['\-][^\W_]+)*|[!?]"
_TOKEN = re.compile(TOKEN_PATTERN)
_PIECE_TOKEN = re.compile(f"{TOKEN_PATTERN}|\n")  # "\n" ends each piece in tokenize_texts
_END = b"\x00"  # the piece after each text in tokenize_texts; word id 0
_TEXTS_PER_PASS = 2_000  # texts split per pass: fast, and the pieces of one pass stay few
# ASCII characters where lowercasing looks past them (Unicode "case-ignorable"): "ΑΣ.Α" lowers to
# "ασ.α" but "ΑΣ Α" to "ας α", so they may become spaces only in text without a capital sigma.
_CASE_IGNORABLE = "'.:^`"
_CAPITAL_SIGMA = "Σ".encode()


def _splitting_table(keep: str) -> bytes:
    """A ``bytes.translate`` table: ASCII letters lowercased, ASCII that no word contains (but ``keep``) to spaces."""
    ascii_chars = [chr(c) for c in range(128)]
    kept = [ord(c.lower()) if c.isalnum() or c in keep else ord(" ") for c in ascii_chars]
    return bytes(kept + list(range(128, 256)))  # bytes of UTF-8 sequences stay


_SPLIT = _splitting_table("\x00'-!?")  # "'" and "-" join words; "!", "?" are words; "\x00" is _END
_SPLIT_BESIDE_SIGMA = _splitting_table("\x00'-!?" + _CASE_IGNORABLE)
# "<br />" in any case, as normalize removes it after lowercasing (nothing else lowercases to these characters)
_LINE_BREAK = re.compile(rb"<[bB][rR] />")


def normalize(text: str) -> str:
    """Lowercase ``text`` and replace the reviews' HTML line breaks with spaces."""
    return text.lower().replace("<br />", " ")


def tokenize(text: str) -> list[str]:
    """Split one review (or any sentence) into the dataset's words, in order."""
    if not isinstance(text, str):
        raise TypeError(tr("text must be a str, got {kind}", kind=type(text).__name__))
    return _TOKEN.findall(normalize(text))


def tokenize_texts(batches: Sequence[Sequence[bytes | memoryview]]) -> tuple[list[str], list[np.ndarray]]:
    """Tokenize batches of UTF-8 texts into word ids, the same words as ``tokenize`` gives each text.

    Texts are read as ``tokenize_reviews`` always read them: invalid UTF-8 as U+FFFD, NUL as a space.

    Returns the distinct words (``words[i]`` has id i; ``words[0]`` is ``""``, which marks the end
    of a text) and, per batch, the int32 ids of its texts' words, each text followed by a 0.

    Every character a word cannot contain (ASCII whitespace and punctuation; ``!`` and ``?`` are
    words of their own) separates the texts into pieces at ``bytes`` speed, and ASCII letters are
    lowercased there too; each distinct piece (about 160,000 among IMDB's 11.6 million) is then
    decoded, lowercased and tokenized once. Splitting never changes a word: no word spans such a
    character, and lowercasing looks across one only beside a capital sigma (see ``_CASE_IGNORABLE``).
    """
    pieces = _FirstSeenIds({_END: 0})
    piece_ids = [_piece_ids(texts, pieces) for texts in batches]
    words, piece_words, counts = _tokenize_pieces(list(pieces))
    starts = np.cumsum(counts) - counts
    return words, [_expand(ids, piece_words, starts, counts) for ids in piece_ids]


class _FirstSeenIds(dict):
    """A dict that numbers a new key on first lookup, so ``map(ids.__getitem__, keys)`` runs in C."""

    def __missing__(self, key: object) -> int:
        self[key] = value = len(self)
        return value


def _piece_ids(texts: Sequence[bytes | memoryview], pieces: dict[bytes, int]) -> np.ndarray:
    """The ids of the texts' pieces, ``_END`` after each text (``pieces`` numbers new ones)."""
    chunks = []
    for start in range(0, len(texts), _TEXTS_PER_PASS):
        split = _split(texts[start : start + _TEXTS_PER_PASS])
        chunks.append(np.fromiter(map(pieces.__getitem__, split), dtype=np.int32, count=len(split)))
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int32)


def _split(texts: Sequence[bytes | memoryview]) -> list[bytes]:
    """Split texts into lowercased pieces, ``_END`` after each (see ``tokenize_texts``)."""
    joined = b" \x00 ".join([*texts, b""])
    if joined.count(_END) != len(texts):  # a text holds "\x00" itself
        joined = b" \x00 ".join([*(bytes(text).replace(_END, b" ") for text in texts), b""])
    joined = _LINE_BREAK.sub(b" ", joined)
    table = _SPLIT_BESIDE_SIGMA if _CAPITAL_SIGMA in joined else _SPLIT
    return joined.translate(table).replace(b"!", b" ! ").replace(b"?", b" ? ").split()


def _tokenize_pieces(pieces: list[bytes]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Tokenize each piece (``pieces[0]`` is ``_END``): the words, all pieces' word ids, each piece's count."""
    text = b"\n".join(pieces[1:]).decode("utf-8", errors="replace").lower() + "\n"
    tokens = _PIECE_TOKEN.findall(text)
    words = _FirstSeenIds({"": 0, "\n": 1})
    ids = np.fromiter(map(words.__getitem__, tokens), dtype=np.int32, count=len(tokens))
    is_break = ids == 1
    piece = np.cumsum(is_break) - is_break
    ids, piece = ids[~is_break], piece[~is_break]
    counts = np.bincount(piece, minlength=len(pieces) - 1)
    vocabulary = list(words)
    del vocabulary[1]  # "\n" was only the piece separator: later ids move down by one
    return (
        vocabulary,
        np.concatenate([[0], ids - 1]).astype(np.int32),
        np.concatenate([[1], counts]).astype(np.int64),
    )


def _expand(piece_ids: np.ndarray, piece_words: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Replace each piece id p by its words' ids, ``piece_words[starts[p]:starts[p] + counts[p]]``.

    Nearly every piece is one word: those take one lookup; the others are spliced in after.
    """
    first = piece_words[np.minimum(starts, len(piece_words) - 1)]
    out = np.where(counts == 1, first, -1).astype(np.int32)[piece_ids]
    odd = np.flatnonzero(out < 0)  # pieces of no word or of several
    if not len(odd):
        return out
    odd_pieces = piece_ids[odd]
    odd_counts = counts[odd_pieces]
    within = np.arange(odd_counts.sum()) - np.repeat(np.cumsum(odd_counts) - odd_counts, odd_counts)
    words = piece_words[np.repeat(starts[odd_pieces], odd_counts) + within]
    # after deleting the odd pieces, the j-th one's words go where it was: odd[j] - j
    return np.insert(np.delete(out, odd), np.repeat(odd - np.arange(len(odd)), odd_counts), words)
