"""Keep kteach's message catalogs (``kteach/locale/zh/*.po``) in line with the code.

Every user-facing string in kteach is English inside ``tr("...")`` (or ``plot_text("...")``
for plot labels), or marked ``N_("...")`` where it is written and given to ``tr`` where it is
shown. ``update`` collects them with Babel's extractor per area of the package
(``kteach/plots.py`` -> ``plots.po``, ``kteach/datasets/*`` -> ``datasets.po``), keeps existing
translations, adds new messages untranslated and drops ones the code no longer has; ``check``
exits 1 when a message lacks a reviewed (not fuzzy) translation or a translation's
``{placeholders}`` differ from the English.

    python -m scripts.kteach_messages update
    python -m scripts.kteach_messages check
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir

from kteach import po
from kteach.files import write_atomic
from kteach.i18n import LOCALE_DIR, placeholders

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kteach"
LANGUAGE = "zh"
TRANSLATING_CALLS = {"tr", "plot_text"}
MARKER = "N_"  # marks a message for extraction; tr translates it where it is shown
KEYWORDS = dict.fromkeys((*TRANSLATING_CALLS, MARKER))  # for Babel's extractor: the message is the first argument


def area(path: Path) -> str:
    """Return the catalog a source file's messages go to: its module or subpackage name."""
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


Call = tuple[Path, int, ast.expr | None]  # file, line, the message argument


def translating_calls() -> list[Call]:
    """Return every ``tr``/``plot_text`` call in kteach, for the checks that the extractor sees their messages."""
    calls = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _called_name(node) in TRANSLATING_CALLS:
                calls.append((path, node.lineno, node.args[0] if node.args else None))
    return calls


def _literal(argument: ast.expr | None) -> str | None:
    """Return the message when ``argument`` is a string literal, else None."""
    return argument.value if isinstance(argument, ast.Constant) and isinstance(argument.value, str) else None


def messages() -> dict[str, list[tuple[str, str]]]:
    """Return ``{area: [(message, "file:line"), ...]}``: what Babel's extractor finds in
    ``tr``/``plot_text`` calls with a literal message and in ``N_`` marks."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for filename, line, message, _, _ in extract_from_dir(PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()):
        path = PACKAGE / filename
        found[area(path)].append((message, f"{path.relative_to(ROOT)}:{line}"))
    return found


def non_literal_calls(calls: list[Call]) -> list[str]:
    """Return ``file:line`` of the calls whose message is neither a string literal nor a reference
    (a name, attribute or item) to a message marked ``N_("...")`` where it is written."""
    references = (ast.Name, ast.Attribute, ast.Subscript)
    return [f"{path.relative_to(ROOT)}:{line}" for path, line, argument in calls if _literal(argument) is None and not isinstance(argument, references)]


def unextracted_calls(calls: list[Call], found: dict[str, list[tuple[str, str]]]) -> list[str]:
    """Return ``file:line`` of literal messages Babel's extractor missed: a call written inside an
    f-string, which the extractor does not read (Python < 3.12), with no other call of the message."""
    extracted = {name: {message for message, _ in entries} for name, entries in found.items()}
    return [
        f"{path.relative_to(ROOT)}:{line}"
        for path, line, argument in calls
        if _literal(argument) is not None and _literal(argument) not in extracted.get(area(path), set())
    ]


def _called_name(node: ast.Call) -> str:
    """Return the bare name a call uses: ``tr`` for ``tr(...)`` and ``i18n.tr(...)``."""
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def catalog_path(name: str) -> Path:
    """Return the .po file of one area."""
    return LOCALE_DIR / LANGUAGE / f"{name}.po"


def update() -> None:
    """Rewrite every area's .po file: same translations, new messages empty, gone ones dropped."""
    for name, found in sorted(messages().items()):
        path = catalog_path(name)
        catalog = po.open_catalog(path, f"Chinese (zh) messages of kteach/{name}; the English text is the key.", LANGUAGE, "messages")
        template = Catalog()
        for message, place in found:
            # Reference files, not lines, so moving code does not rewrite the catalog.
            template.add(message, locations=[(place.split(":")[0], None)])
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        catalog.obsolete.clear()
        write_atomic(path, po.po_text(catalog, brace_format=True))
        untranslated = sum(1 for message in catalog if message.id and not po.is_translated(message))
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {untranslated} untranslated")


def problems() -> list[str]:
    """Return untranslated or fuzzy messages, placeholder mismatches, stale entries and calls the extractor cannot see."""
    calls, used = translating_calls(), messages()
    found = [f"{place}: the message must be a string literal or a message marked {MARKER}(...), so it can be translated" for place in non_literal_calls(calls)]
    found += [f"{place}: Babel's extractor does not see this message: move the call out of the f-string" for place in unextracted_calls(calls, used)]
    for name, entries in sorted(used.items()):
        catalog = po.read_catalog(catalog_path(name)) if catalog_path(name).exists() else Catalog()
        for message, place in entries:
            entry = catalog.get(message)
            if entry is None or not entry.string:
                found.append(f"{place}: no Chinese for {message[:60]!r} in {catalog_path(name).name}")
            elif entry.fuzzy:
                found.append(f"{place}: the Chinese for {message[:60]!r} is marked fuzzy (unreviewed) in {catalog_path(name).name}")
            elif placeholders(entry.string) != placeholders(message):
                found.append(f"{place}: the Chinese uses {sorted(placeholders(entry.string))}, the English {sorted(placeholders(message))}")
        stale = {entry.id for entry in catalog if entry.id and entry.string} - {message for message, _ in entries}
        found.extend(f"{catalog_path(name).name}: {message[:60]!r} is no longer used; run update" for message in sorted(stale))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["update", "check"])
    args = parser.parse_args(argv)
    if args.command == "update":
        update()
        return 0
    found = problems()
    print("\n".join(found) or "every kteach message has its Chinese translation")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
