"""The rules every lesson's header cell and setup cell follow, checked in one place.

A lesson ``notebooks/NN_name.py`` opens with a markdown header cell, then the Colab install
cell, then a setup cell. The header gives the title and the one-line description the README's
lesson table shows, says what quick mode changes, and links the glossary and the Chinese
version. The setup cell imports kteach, chooses the language of kteach's messages (the Chinese
build swaps ``"en"`` for ``"zh"``), seeds, reads the quick-mode switch and prints the versions
and the mode, which the stored notebook must show as ``quick mode: True``.

    python -m scripts.lesson_rules        exit 1, naming each lesson and the rule it breaks
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import jupytext

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
TITLE = re.compile(r"# Lesson (\d\d): (\S.*)")
DESCRIPTION = "**Description:** "
COLAB_MARKER = 'importlib.util.find_spec("kteach") is None'
SETUP_RULES = {  # what the setup cell must contain -> the rule it follows, as told to the author
    r"^import kteach$": "the setup cell must `import kteach`",
    r'^kteach\.set_language\("en"\)': 'the setup cell must call `kteach.set_language("en")` (the Chinese build turns it into "zh")',
    r"kteach\.quick_mode\(\)": "the setup cell must read the quick-mode switch with `kteach.quick_mode()`",
    r'^print\(kteach\.versions\(\), "\| quick mode:", ': (
        'the setup cell must print `kteach.versions(), "| quick mode:", ...` (the stored notebook shows "quick mode: True")'
    ),
}
SEED_RULE = "the setup cell must seed: call `kteach.seed_everything(...)`, or set `SEED = ...` for `kteach.Trainer(..., seed=SEED)`"


class LessonFormatError(ValueError):
    """A lesson breaks one or more of the header and setup-cell rules; the message lists them all."""


@dataclass(frozen=True)
class Header:
    """What the README's lesson table shows of a lesson."""

    title: str
    description: str  # the description paragraph joined into one line


def lesson_problems(name: str, text: str) -> list[str]:
    """Return each rule that the lesson ``name`` (``NN_name.py``) with source ``text`` breaks, as "name: rule"."""
    cells = jupytext.reads(text, fmt="py:percent").cells
    code = [cell.source for cell in cells if cell.cell_type == "code"]
    header = cells[0].source if cells and cells[0].cell_type == "markdown" else None
    found = _header_problems(name, header) if header is not None else ["the first cell must be the markdown header cell"]
    colab = bool(code) and COLAB_MARKER in code[0]
    if not colab:
        found.append("the first code cell must be the Colab install cell (it installs kteach only when it is missing)")
    setup = code[1 if colab else 0 :][:1]  # the code cell after the Colab cell
    found += _setup_problems(setup[0] if setup else "", text)
    return [f"{name}: {problem}" for problem in found]


def _header_problems(name: str, header: str) -> list[str]:
    """Return the rules the header cell breaks: title, description, quick mode and the two links."""
    paragraphs = [part.strip() for part in header.strip().split("\n\n")]
    found = []
    title = TITLE.fullmatch(paragraphs[0])
    if not title:
        found.append("the header must start with one line '# Lesson NN: <title>'")
    elif title.group(1) != name[:2]:
        found.append(f"the title says lesson {title.group(1)}, the file name lesson {name[:2]}")
    description = paragraphs[1] if len(paragraphs) > 1 else ""
    if not description.startswith(DESCRIPTION) or not description.removeprefix(DESCRIPTION).strip():
        found.append(f"the header's second paragraph must be the description: '{DESCRIPTION}<what the lesson teaches>.'")
    elif not description.endswith("."):
        found.append("the description must end with a period")
    if "`KTEACH_QUICK=1`" not in header:
        found.append("the header must say what quick mode (`KTEACH_QUICK=1`) changes")
    if "](glossary.md)" not in header:
        found.append("the header must link the glossary: [glossary](glossary.md)")
    chinese = f"zh/{Path(name).stem}.ipynb"
    if f"[{chinese}]({chinese})" not in header:
        found.append(f"the header must link the Chinese version: [{chinese}]({chinese})")
    return found


def _setup_problems(setup: str, text: str) -> list[str]:
    """Return the rules the setup cell (the code cell after the Colab cell) breaks."""
    found = [rule for pattern, rule in SETUP_RULES.items() if not re.search(pattern, setup, re.M)]
    seeds_itself = "kteach.seed_everything(" in setup
    seeds_each_run = re.search(r"^SEED = \d+$", setup, re.M) is not None and "seed=SEED)" in text
    if not (seeds_itself or seeds_each_run):
        found.append(SEED_RULE)
    return found


def read_header(source: Path) -> Header:
    """Return the title and description of a lesson that follows every rule, else raise LessonFormatError."""
    text = source.read_text(encoding="utf-8")
    problems = lesson_problems(source.name, text)
    if problems:
        raise LessonFormatError("\n".join(problems))
    header = jupytext.reads(text, fmt="py:percent").cells[0].source.strip().split("\n\n")
    description = " ".join(header[1].removeprefix(DESCRIPTION).split())
    return Header(TITLE.fullmatch(header[0]).group(2).strip(), description)


def lessons() -> list[Path]:
    """Return the English lesson sources, in order."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args(argv)
    found = [problem for source in lessons() for problem in lesson_problems(source.name, source.read_text(encoding="utf-8"))]
    print("\n".join(found) or f"all {len(lessons())} lessons follow the header and setup-cell rules")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
