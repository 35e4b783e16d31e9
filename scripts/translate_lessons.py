"""Build the Chinese lessons from the English ones and their translations: one source of truth.

The English lesson ``notebooks/NN_*.py`` is the source. Its prose (every markdown cell, every
code comment, and the string literals that end up as text in a figure: titles, axis labels,
legend entries) is translated in ``notebooks/locale/zh/NN_*.po``, keyed by the English text
itself, so a changed English cell has no translation until a translator gives it one.
``notebooks/zh/NN_*.py`` is generated, never edited: the English code with those texts
translated, and ``kteach.set_language("zh")`` in place of ``"en"``. Then ``scripts.run_notebooks --store`` executes it.

    python -m scripts.translate_lessons update [NN ...]   add new English texts to the .po files
    python -m scripts.translate_lessons build [NN ...]    write notebooks/zh/ (fails on a missing text)
    python -m scripts.translate_lessons check             exit 1 if a text is untranslated or zh/ is stale
"""

from __future__ import annotations

import argparse
import ast
import io
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

import jupytext
from babel.messages.catalog import Catalog

from kteach import po
from kteach.files import write_atomic

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
LANGUAGE = "zh"
LOCALE = NOTEBOOKS / "locale" / LANGUAGE
TARGET = NOTEBOOKS / LANGUAGE
SOURCE_CALL = 'kteach.set_language("en")'
TARGET_CALL = f'kteach.set_language("{LANGUAGE}")'
MAGIC = re.compile(r"^\s*[%!]")
# Where a string literal becomes text in a figure, and so is translated with the prose:
PLOT_TEXT_KEYWORDS = frozenset({"label", "title", "xlabel", "ylabel"})  # plot(..., label="training")
PLOT_TEXT_METHODS = frozenset({"set_title", "set_xlabel", "set_ylabel", "suptitle"})  # ax.set_ylabel("sunspots")
PLOT_TEXT_DICT_CALLS = frozenset({"show_image_rows", "plot_forecast"})  # their dict keys name rows or lines
PLOT_TEXT_MASK = "<plot text>"


@dataclass(frozen=True)
class Comment:
    """A run of full-line comments at one indent, or one comment after code on a line."""

    first: int  # index of its first line in the cell
    last: int
    column: int
    inline: bool
    text: str  # the comment without its "# ", lines joined with "\n"


def english_lessons(names: list[str] | None = None) -> list[Path]:
    """Return the English lesson sources, only those starting with one of ``names`` when given."""
    lessons = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))
    if names:
        lessons = [path for path in lessons if any(path.stem.startswith(name) for name in names)]
        if not lessons:
            raise SystemExit(f"no lesson matches {names}")
    return lessons


def shown(path: Path) -> str:
    """Return ``path`` relative to the repository when it lies inside it, for messages."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def po_path(lesson: Path) -> Path:
    """Return where ``lesson``'s translations live."""
    return LOCALE / f"{lesson.stem}.po"


def comments(source: str) -> list[Comment]:
    """Return the comments of a code cell, grouping consecutive full-line ones at the same indent."""
    lines = source.split("\n")
    found: list[Comment] = []
    for token in _tokens(source):
        if token.type != tokenize.COMMENT:
            continue
        row, column = token.start[0] - 1, token.start[1]
        inline = bool(lines[row][:column].strip())
        text = re.sub(r"^# ?", "", token.string)
        previous = found[-1] if found else None
        if not inline and previous and not previous.inline and previous.last == row - 1 and previous.column == column:
            found[-1] = Comment(previous.first, row, column, False, previous.text + "\n" + text)
        else:
            found.append(Comment(row, row, column, inline, text))
    return found


def plot_texts(source: str) -> list[ast.Constant]:
    """Return a code cell's string literals that become text in a figure, in source order.

    They are the values of ``label=``, ``title=``, ``xlabel=``, ``ylabel=``, the first argument
    of ``set_title``/``set_xlabel``/``set_ylabel``/``suptitle``, and the keys of a dict passed to
    ``show_image_rows`` or ``plot_forecast``: plain one-line literals only, never f-strings.
    """
    try:
        tree = ast.parse(_python(source))
    except SyntaxError:
        return []
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        found.extend(keyword.value for keyword in node.keywords if keyword.arg in PLOT_TEXT_KEYWORDS)
        called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        if called in PLOT_TEXT_METHODS and node.args:
            found.append(node.args[0])
        if called in PLOT_TEXT_DICT_CALLS:
            found.extend(key for arg in node.args if isinstance(arg, ast.Dict) for key in arg.keys if key is not None)
    literals = [
        node for node in found
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip() and node.lineno == node.end_lineno
    ]
    return sorted(literals, key=lambda node: (node.lineno, node.col_offset))


def _span(lines: list[str], node: ast.Constant) -> tuple[int, int, int]:
    """Return the row and the character columns where a one-line literal starts and ends (ast counts bytes)."""
    line = lines[node.lineno - 1].encode("utf-8")
    return node.lineno - 1, len(line[: node.col_offset].decode("utf-8")), len(line[: node.end_col_offset].decode("utf-8"))


def texts(notebook) -> list[str]:
    """Return the lesson's translatable texts in order: markdown cells, code comments and plot texts."""
    found: list[str] = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            found.append(cell.source)
        elif cell.cell_type == "code":
            found.extend(comment.text for comment in comments(cell.source))
            found.extend(literal.value for literal in plot_texts(cell.source))
    return [text for text in dict.fromkeys(found) if text.strip()]


def code_tokens(source: str) -> list[str]:
    """Return a code cell's tokens without comments and with the lesson's language as "en".

    Two versions of a lesson have the same code exactly when their cells' tokens are equal;
    the plot texts, translated in one version, are masked in both.
    """
    source = source.replace(TARGET_CALL, SOURCE_CALL)
    lines = source.split("\n")
    masked = {_span(lines, literal)[:2] for literal in plot_texts(source)}
    skipped = {tokenize.COMMENT, tokenize.NL, tokenize.ENDMARKER}
    magics = [line.strip() for line in lines if MAGIC.match(line)]
    return magics + [
        PLOT_TEXT_MASK if (token.start[0] - 1, token.start[1]) in masked else token.string
        for token in _tokens(source)
        if token.type not in skipped
    ]


def _python(source: str) -> str:
    """Return a code cell with its notebook magics (%, !) blanked, keeping line numbers."""
    return "\n".join("" if MAGIC.match(line) else line for line in source.split("\n"))


def _tokens(source: str) -> list[tokenize.TokenInfo]:
    """Return the Python tokens of a code cell, magics blanked."""
    return list(tokenize.generate_tokens(io.StringIO(_python(source)).readline))


def translate_code(source: str, translations: dict[str, str], missing: list[str]) -> str:
    """Return a code cell with its comments translated and the lesson's language set to Chinese."""
    lines = source.split("\n")
    for comment in reversed(comments(source)):
        if not comment.text.strip():
            continue
        if comment.text not in translations:
            missing.append(comment.text)
            continue
        translated = translations[comment.text].split("\n")
        if comment.inline:
            if len(translated) != 1:
                raise ValueError(f"the translation of the comment {comment.text!r} must be one line, as it follows code")
            lines[comment.first] = lines[comment.first][: comment.column] + "# " + translated[0]
        else:
            indent = " " * comment.column
            lines[comment.first : comment.last + 1] = [(indent + "# " + line).rstrip() for line in translated]
    return _translate_plot_texts("\n".join(lines), translations, missing).replace(SOURCE_CALL, TARGET_CALL)


def _translate_plot_texts(source: str, translations: dict[str, str], missing: list[str]) -> str:
    """Return a code cell with its plot texts translated, each keeping its quote character."""
    lines = source.split("\n")
    for literal in reversed(plot_texts(source)):
        if literal.value not in translations:
            missing.append(literal.value)
            continue
        row, start, end = _span(lines, literal)
        quote = lines[row][start]
        if quote not in "'\"":
            raise ValueError(f"the plot text {literal.value!r} must be a plain quoted string to be translated")
        escaped = translations[literal.value].replace("\\", "\\\\").replace(quote, "\\" + quote)
        lines[row] = lines[row][:start] + quote + escaped + quote + lines[row][end:]
    return "\n".join(lines)


def build(lesson: Path) -> str:
    """Return the text of ``notebooks/zh/<lesson>.py``.

    Raises:
        ValueError: a text has no translation (all are listed), or the lesson never calls
            ``kteach.set_language("en")``.
    """
    notebook = jupytext.read(lesson)
    if not any(SOURCE_CALL in cell.source for cell in notebook.cells if cell.cell_type == "code"):
        raise ValueError(f"{lesson.name}: the setup cell must call {SOURCE_CALL}, which the Chinese version turns into {TARGET_CALL}")
    translations = po.translations(po.read_catalog(po_path(lesson))) if po_path(lesson).exists() else {}
    missing: list[str] = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            if cell.source in translations:
                cell.source = translations[cell.source]
            elif cell.source.strip():
                missing.append(cell.source)
        elif cell.cell_type == "code":
            cell.source = translate_code(cell.source, translations, missing)
    if missing:
        listed = "\n".join(f"  - {text[:70]!r}" for text in missing)
        raise ValueError(f"{shown(po_path(lesson))}: {len(missing)} text(s) lack a translation:\n{listed}")
    return jupytext.writes(notebook, fmt="py:percent")


def update(lesson: Path) -> tuple[int, int]:
    """Bring ``lesson``'s .po file in line with the lesson: keep translations, add new texts empty.

    Texts the lesson no longer has are kept at the end as obsolete (#~) entries, so a
    translator can reuse the old translation of an edited cell. Returns (new, obsolete) counts;
    a fuzzy (unreviewed) translation counts as new.
    """
    path = po_path(lesson)
    title = f"Chinese (zh) translation of notebooks/{lesson.name}; the English text is the key."
    catalog = po.open_catalog(path, title, LANGUAGE, "lessons")
    current = texts(jupytext.read(lesson))
    template = Catalog()
    for text in current:
        template.add(text, locations=[(lesson.name, None)])
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
    for key in [key for key, message in catalog.obsolete.items() if key in current or not message.string]:
        del catalog.obsolete[key]
    write_atomic(path, po.po_text(catalog, brace_format=False))
    return sum(1 for text in current if not po.is_translated(catalog[text])), len(catalog.obsolete)


def problems(lessons: list[Path]) -> list[str]:
    """Return what ``check`` reports: untranslated texts and generated files that are stale."""
    found: list[str] = []
    for lesson in lessons:
        target = TARGET / lesson.name
        try:
            expected = build(lesson)
        except ValueError as error:
            found.append(str(error))
            continue
        if not target.exists() or target.read_text(encoding="utf-8") != expected:
            found.append(f"{shown(target)} is not what `python -m scripts.translate_lessons build {lesson.stem[:2]}` writes: rebuild it, then re-store it")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["update", "build", "check"])
    parser.add_argument("lessons", nargs="*", help="lesson numbers such as 01 (default: all)")
    args = parser.parse_args(argv)
    lessons = english_lessons(args.lessons)
    if args.command == "update":
        for lesson in lessons:
            new, gone = update(lesson)
            print(f"{shown(po_path(lesson))}: {new} text(s) to translate, {gone} obsolete")
        return 0
    if args.command == "build":
        for lesson in lessons:
            write_atomic(TARGET / lesson.name, build(lesson))
            print(f"wrote {shown((TARGET / lesson.name))}; store it with python -m scripts.run_notebooks --store {LANGUAGE}/{lesson.stem[:2]}")
        return 0
    found = problems(lessons)
    print("\n".join(found) or f"all {len(lessons)} lessons translated and built")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
