"""Read code that may not parse into tokens, line by line past the lines the tokenizer rejects.

Tutorial snippets are fragments (lost indentation, an unclosed string), so the tokenizer is
restarted after a line it rejects; :mod:`kteach.migrate.source` rebuilds calls, imports and
bindings from these tokens. Introduced with ``kteach.migrate`` (issue 6, Keras 2 -> 3 explainer).
"""

from __future__ import annotations

import ast
import io
import tokenize
from dataclasses import dataclass

Position = tuple[int, int]  # (1-based line, 0-based column in characters)

_SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING, tokenize.ENDMARKER}


@dataclass(frozen=True)
class Token:
    """One significant token: its kind, text and where it starts and ends."""

    kind: int
    text: str
    start: Position
    end: Position

    def is_op(self, text: str) -> bool:
        """Return True for the operator or bracket ``text``."""
        return self.kind == tokenize.OP and self.text == text

    @property
    def is_name(self) -> bool:
        """True for an identifier or keyword."""
        return self.kind == tokenize.NAME


def _tokenize(lines: list[str], offset: int) -> tuple[list[Token], int | None]:
    """Tokenize ``lines``; return the tokens read and the (absolute) line of an error, if any."""
    found: list[Token] = []
    readline = io.StringIO("\n".join(lines)).readline
    try:
        for tok in tokenize.generate_tokens(readline):
            if tok.type in _SKIPPED or (tok.type == tokenize.ERRORTOKEN and not tok.string.strip()):
                continue
            found.append(
                Token(tok.type, tok.string, (tok.start[0] + offset, tok.start[1]), (tok.end[0] + offset, tok.end[1]))
            )
    except tokenize.TokenError as error:  # an unclosed bracket or string
        if "statement" in str(error.args[0]):
            return found, None  # a bracket left open at the end: every token was read
        position = error.args[1] if len(error.args) > 1 else (1, 0)
        return found, position[0] + offset
    except SyntaxError as error:  # a bad dedent (IndentationError)
        return found, (error.lineno or 1) + offset
    return found, None


def read_tokens(lines: list[str]) -> list[Token]:
    """Significant tokens of ``lines``, reading on past lines the tokenizer rejects.

    After an error (a bad dedent, an unclosed string) the lines before it are
    kept and tokenizing restarts at the failing line, or after it if it fails
    again; a NEWLINE token in between keeps the statements apart.
    """
    tokens: list[Token] = []
    start = 0  # index of the first line of the chunk being read
    while start < len(lines):
        found, error_line = _tokenize(lines[start:], start)
        if error_line is None:
            tokens.extend(found)
            break
        tokens.extend(tok for tok in found if tok.end[0] < error_line)
        tokens.append(Token(tokenize.NEWLINE, "", (error_line, 0), (error_line, 0)))
        start = error_line - 1 if error_line - 1 > start else start + 1
    return tokens


def literal(token: Token) -> object:
    """The value of a number or plain string token, or None if it is not a literal."""
    if token.kind not in (tokenize.STRING, tokenize.NUMBER):
        return None
    try:
        return ast.literal_eval(token.text)
    except (ValueError, SyntaxError):
        return None

