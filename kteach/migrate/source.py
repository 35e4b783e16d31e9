"""Read Keras code that may not parse: tokens, calls, imports and name bindings.

Tutorial snippets are fragments (``compile(optimizer=opt, ...)``, lost
indentation, a cell that uses names from an earlier cell), so ``ast.parse``
fails on many of them. The tokenizer does not care about grammar: it still
tells a keyword argument ``lr=`` from the text ``# lr: learning rate`` in a
comment or a string. Everything the rules need (calls with their arguments,
imports, which name an alias stands for) is rebuilt here from tokens, so one
implementation of each rule serves whole programs and fragments alike.
Introduced with ``kteach.migrate`` (issue 6, Keras 2 -> 3 explainer).
"""

from __future__ import annotations

import keyword
import tokenize
from dataclasses import dataclass
from functools import cached_property

from kteach.migrate.tokens import Position, literal, read_tokens

_OPENERS = {"(": ")", "[": "]", "{": "}"}
_NOT_CALLEES = set(keyword.kwlist) - {"True", "False", "None"}


@dataclass(frozen=True)
class Arg:
    """One argument of a call: tokens ``first..last`` (inclusive), value from ``value``."""

    keyword: str | None
    first: int
    value: int
    last: int


@dataclass(frozen=True)
class Call:
    """A call ``a.b.c(...)``: the dotted callee, its brackets and its arguments.

    Attributes:
        callee: The dotted name before ``(``, e.g. ``("model", "fit")``.
        on_expression: True when the callee is an attribute of something that is
            not a plain name (``get_model().fit(...)``).
        first: Index of the callee's first token.
        open: Index of ``(``.
        close: Index of the matching ``)``, or None when the fragment ends first.
        args: The arguments, in order.
    """

    callee: tuple[str, ...]
    on_expression: bool
    first: int
    open: int
    close: int | None
    args: tuple[Arg, ...]

    @property
    def name(self) -> str:
        """The last part of the callee (``fit`` for ``model.fit``)."""
        return self.callee[-1]

    @property
    def receiver(self) -> tuple[str, ...]:
        """The dotted object a method is called on (``("model",)``), empty for functions."""
        return self.callee[:-1]

    @property
    def positional(self) -> tuple[Arg, ...]:
        """The arguments given without a keyword (``*args`` included)."""
        return tuple(arg for arg in self.args if arg.keyword is None)

    def keyword(self, name: str) -> Arg | None:
        """Return the argument passed as ``name=...``, or None."""
        return next((arg for arg in self.args if arg.keyword == name), None)


@dataclass(frozen=True)
class ImportedName:
    """One name of an import statement and the tokens ``first..last`` it spans."""

    name: str
    alias: str | None
    first: int
    last: int

    @property
    def bound(self) -> str:
        """The name this item binds (``import a.b`` binds ``a``)."""
        return self.alias or self.name.split(".")[0]


@dataclass(frozen=True)
class Import:
    """``from module import names`` (module set) or ``import names`` (module None).

    Attributes:
        module: The dotted module of a ``from`` import, None for ``import x``.
        module_tokens: Index range ``(first, last)`` of that dotted module.
        names: The imported names.
        first: Index of ``from``/``import``.
        last: Index of the statement's last token.
    """

    module: str | None
    module_tokens: tuple[int, int] | None
    names: tuple[ImportedName, ...]
    first: int
    last: int

    def origin(self, item: ImportedName) -> str:
        """The full dotted name ``item``'s bound name stands for."""
        if self.module is not None:
            return f"{self.module}.{item.name}"
        return item.name if item.alias else item.name.split(".")[0]



class Source:
    """A piece of code read once: lines, tokens, calls, imports, bindings.

    Args:
        code: Python source, possibly a fragment or a notebook cell; IPython
            magics and shell lines starting a line (``%matplotlib``, ``!pip``)
            are skipped.
    """

    def __init__(self, code: str) -> None:
        self.code = code
        self.lines = code.split("\n")
        python = ["" if line.startswith(("%", "!")) else line for line in self.lines]
        self.tokens = read_tokens(python)
        self._starts = [0]
        for line in self.lines:
            self._starts.append(self._starts[-1] + len(line) + 1)

    def offset(self, position: Position) -> int:
        """Character offset in :attr:`code` of a ``(line, column)`` position."""
        return self._starts[position[0] - 1] + position[1]

    def text(self, first: int, last: int) -> str:
        """The source text from token ``first`` to token ``last`` (inclusive)."""
        return self.code[self.offset(self.tokens[first].start) : self.offset(self.tokens[last].end)]

    def line_indent(self, line: int) -> str:
        """The leading whitespace of ``line``."""
        text = self.lines[line - 1]
        return text[: len(text) - len(text.lstrip())]

    def starts_line(self, index: int) -> bool:
        """True when token ``index`` is the first thing on its line."""
        line, column = self.tokens[index].start
        return not self.lines[line - 1][:column].strip()

    @cached_property
    def matching(self) -> dict[int, int]:
        """Index of each opening bracket -> index of its closing bracket."""
        pairs: dict[int, int] = {}
        stack: list[int] = []
        for index, tok in enumerate(self.tokens):
            if tok.kind != tokenize.OP:
                continue
            if tok.text in _OPENERS:
                stack.append(index)
            elif stack and tok.text == _OPENERS[self.tokens[stack[-1]].text]:
                pairs[stack.pop()] = index
        return pairs

    def dotted_before(self, index: int) -> tuple[tuple[str, ...], int, bool]:
        """The dotted name ending at token ``index``: parts, first index, on-expression flag."""
        parts = [self.tokens[index].text]
        first = index
        while first >= 2 and self.tokens[first - 1].is_op(".") and self.tokens[first - 2].is_name:
            first -= 2
            parts.insert(0, self.tokens[first].text)
        on_expression = first >= 1 and self.tokens[first - 1].is_op(".")
        return tuple(parts), first, on_expression

    def _statement_end(self, index: int) -> int:
        """Index of the NEWLINE ending the statement that holds token ``index`` (or the end)."""
        return next(
            (i for i in range(index, len(self.tokens)) if self.tokens[i].kind == tokenize.NEWLINE),
            len(self.tokens),
        )

    def items(self, open_index: int) -> tuple[Arg, ...]:
        """Split what is between a bracket and its match into comma-separated items."""
        close = self.matching.get(open_index)
        end = close if close is not None else self._statement_end(open_index)
        args: list[Arg] = []
        start = index = open_index + 1
        while index < end:
            tok = self.tokens[index]
            if tok.kind == tokenize.OP and tok.text in _OPENERS:
                index = self.matching.get(index, end) + 1
                continue
            if tok.is_op(","):
                if index > start:
                    args.append(self._arg(start, index - 1))
                start = index + 1
            index += 1
        if end > start:
            args.append(self._arg(start, end - 1))
        return tuple(args)

    def _arg(self, first: int, last: int) -> Arg:
        """One argument spanning tokens ``first..last``."""
        tok = self.tokens[first]
        if tok.is_name and first + 1 <= last and self.tokens[first + 1].is_op("="):
            return Arg(tok.text, first, first + 2, last)
        return Arg(None, first, first, last)

    @cached_property
    def calls(self) -> tuple[Call, ...]:
        """Every call whose callee is a (dotted) name, in source order."""
        found = []
        for index, tok in enumerate(self.tokens):
            if not (tok.is_op("(") and index and self.tokens[index - 1].is_name):
                continue
            name = self.tokens[index - 1]
            before = self.tokens[index - 2] if index >= 2 else None
            if name.text in _NOT_CALLEES or (before is not None and before.text in ("def", "class")):
                continue
            callee, first, on_expression = self.dotted_before(index - 1)
            close = self.matching.get(index)
            found.append(Call(callee, on_expression, first, index, close, self.items(index)))
        return tuple(found)

    @cached_property
    def call_starting_at(self) -> dict[int, Call]:
        """Calls by the index of their first token (to see if an argument *is* a call)."""
        return {call.first: call for call in self.calls}

    def value_call(self, arg: Arg) -> Call | None:
        """The call that makes up the whole value of ``arg``, if it is one."""
        call = self.call_starting_at.get(arg.value)
        return call if call is not None and call.close == arg.last else None

    def value_literal(self, arg: Arg) -> object:
        """The literal value of ``arg`` (a single number or string token), else None."""
        return literal(self.tokens[arg.value]) if arg.value == arg.last else None

    @cached_property
    def dotted_names(self) -> tuple[tuple[tuple[str, ...], int, int], ...]:
        """Every maximal dotted name ``a.b.c`` outside imports: parts, first and last index."""
        found = []
        skip = {index for stmt in self.imports for index in range(stmt.first, stmt.last + 1)}
        index = 0
        while index < len(self.tokens):
            tok = self.tokens[index]
            if index in skip or not tok.is_name or (index and self.tokens[index - 1].is_op(".")):
                index += 1
                continue
            last = index
            while last + 2 < len(self.tokens) and self.tokens[last + 1].is_op(".") and self.tokens[last + 2].is_name:
                last += 2
            found.append((tuple(self.tokens[i].text for i in range(index, last + 1, 2)), index, last))
            index = last + 1
        return tuple(found)

    @cached_property
    def statement_starts(self) -> tuple[int, ...]:
        """Indexes of the tokens that begin a statement."""
        starts = [0] if self.tokens else []
        for index, tok in enumerate(self.tokens[:-1]):
            if tok.kind == tokenize.NEWLINE or tok.is_op(";"):
                starts.append(index + 1)
        return tuple(starts)

    def _dotted_from(self, index: int) -> tuple[str, int]:
        """Read a dotted name (leading dots allowed) starting at ``index``: text and last index."""
        parts = []
        last = index
        while last < len(self.tokens) and (self.tokens[last].is_name or self.tokens[last].is_op(".")):
            if self.tokens[last].text in ("import", "as"):
                break
            parts.append(self.tokens[last].text)
            last += 1
        return "".join(parts), last - 1

    def _import_items(self, index: int, dotted: bool) -> tuple[list[ImportedName], int]:
        """Read ``name [as alias], ...`` from ``index``; return the items and the last index."""
        items: list[ImportedName] = []
        last = index - 1
        count = len(self.tokens)
        while index < count:
            tok = self.tokens[index]
            if tok.is_op(")"):
                return items, index
            if tok.is_op("(") or tok.is_op(","):
                last, index = index, index + 1
                continue
            if tok.is_op("*"):
                name, end = "*", index
            elif tok.is_name:
                name, end = self._dotted_from(index) if dotted else (tok.text, index)
            else:
                break
            alias = None
            if end + 2 < count and self.tokens[end + 1].text == "as" and self.tokens[end + 2].is_name:
                alias, end = self.tokens[end + 2].text, end + 2
            items.append(ImportedName(name, alias, index, end))
            last, index = end, end + 1
        return items, last

    @cached_property
    def imports(self) -> tuple[Import, ...]:
        """The import statements, in source order."""
        found = []
        for start in self.statement_starts:
            tok = self.tokens[start]
            if tok.text == "import":
                items, last = self._import_items(start + 1, dotted=True)
                found.append(Import(None, None, tuple(items), start, last))
            elif tok.text == "from":
                module, module_last = self._dotted_from(start + 1)
                after = module_last + 1
                if after < len(self.tokens) and self.tokens[after].text == "import":
                    items, last = self._import_items(after + 1, dotted=False)
                    found.append(Import(module, (start + 1, module_last), tuple(items), start, last))
        return tuple(found)

    @cached_property
    def bindings(self) -> dict[str, str]:
        """Imported name -> the dotted name it stands for (the last import wins)."""
        return {item.bound: stmt.origin(item) for stmt in self.imports for item in stmt.names}

    def origin(self, name: str) -> str | None:
        """What an imported ``name`` stands for, or None if this code never imports it."""
        return self.bindings.get(name)

    @cached_property
    def assignments(self) -> tuple[tuple[str, int, int], ...]:
        """Statements ``name = ...``: the name and the token range ``[start, end)`` of the statement."""
        found = []
        starts = self.statement_starts
        for position, start in enumerate(starts):
            end = starts[position + 1] if position + 1 < len(starts) else len(self.tokens)
            if start + 1 < end and self.tokens[start].is_name and self.tokens[start + 1].is_op("="):
                found.append((self.tokens[start].text, start, end))
        return tuple(found)

    def assignment_target(self, call: Call) -> str | None:
        """The name a ``name = ...`` statement holding ``call`` assigns to, if any."""
        return next((name for name, start, end in self.assignments if start <= call.first < end), None)

    @cached_property
    def assigned_from(self) -> dict[str, tuple[Call, ...]]:
        """Plain name -> the calls on the right of its ``name = ...`` statements."""
        found: dict[str, list[Call]] = {}
        for name, start, end in self.assignments:
            found.setdefault(name, []).extend(call for call in self.calls if start + 2 <= call.first < end)
        return {name: tuple(calls) for name, calls in found.items()}

    @cached_property
    def string_values(self) -> frozenset[str]:
        """Every plain string literal in the code (to see e.g. if ``'sigmoid'`` is used)."""
        return frozenset(v for tok in self.tokens if isinstance(v := literal(tok), str))

    @cached_property
    def names(self) -> frozenset[str]:
        """Every identifier in the code."""
        return frozenset(tok.text for tok in self.tokens if tok.is_name)
