"""Keep kteach's message catalogs (``kteach/locale/zh/*.po``) in line with the code.

Every user-facing string in kteach is English inside ``tr("...")`` (or ``plot_text("...")``
for plot labels). ``update`` collects them per area of the package (``kteach/plots.py`` ->
``plots.po``, ``kteach/datasets/*`` -> ``datasets.po``), keeps existing translations, adds
new messages untranslated and drops ones the code no longer has; ``check`` exits 1 when a
message lacks a translation or a translation's ``{placeholders}`` differ from the English.

    python -m scripts.kteach_messages update
    python -m scripts.kteach_messages check
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from pathlib import Path

from kteach.files import write_atomic
from kteach.i18n import LOCALE_DIR, format_po, placeholders, read_po

ROOT = Path(__file__).resolve().parent.parent

PACKAGE = ROOT / "kteach"
LANGUAGE = "zh"
TRANSLATING_CALLS = {"tr", "plot_text"}


def area(path: Path) -> str:
    """Return the catalog a source file's messages go to: its module or subpackage name."""
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


Call = tuple[Path, int, ast.expr | None]  # file, line, the message argument


def translating_calls() -> list[Call]:
    """Return every ``tr``/``plot_text`` call in kteach, read once for both ``messages`` and the checks."""
    calls = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _called_name(node) in TRANSLATING_CALLS:
                calls.append((path, node.lineno, node.args[0] if node.args else None))
    return calls


def _literal(argument: ast.expr | None) -> str | None:
    """Return the message when ``argument`` is a string literal, else None."""
    return argument.value if isinstance(argument, ast.Constant) and isinstance(argument.value, str) else None


def messages(calls: list[Call]) -> dict[str, list[tuple[str, str]]]:
    """Return ``{area: [(message, "file:line"), ...]}`` for the calls whose message is a literal."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for path, line, argument in calls:
        message = _literal(argument)
        if message is not None:
            found[area(path)].append((message, f"{path.relative_to(ROOT)}:{line}"))
    return found


def non_literal_calls(calls: list[Call]) -> list[str]:
    """Return ``file:line`` of the calls whose message is not a string literal.

    Wrappers that pass their own ``message`` parameter on (``plot_text`` itself) are allowed.
    """
    return [
        f"{path.relative_to(ROOT)}:{line}"
        for path, line, argument in calls
        if _literal(argument) is None and not (isinstance(argument, ast.Name) and argument.id == "message")
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
    for name, found in sorted(messages(translating_calls()).items()):
        path = catalog_path(name)
        old = read_po(path) if path.exists() else {}
        where: dict[str, list[str]] = defaultdict(list)
        for message, place in found:
            where[message].append(place)
        # Reference files, not lines, so moving code does not rewrite the catalog.
        entries = [
            (message, old.get(message, ""), [f": {file}" for file in dict.fromkeys(place.split(":")[0] for place in places)])
            for message, places in where.items()
        ]
        write_atomic(path, format_po(entries, f"Chinese (zh) messages of kteach/{name}; the English text is the key."))
        print(f"{path.relative_to(ROOT)}: {len(entries)} messages, {sum(1 for m in where if not old.get(m))} untranslated")


def problems() -> list[str]:
    """Return untranslated messages, placeholder mismatches, stale entries and non-literal calls."""
    calls = translating_calls()
    found = [f"{place}: the message must be a string literal so it can be translated" for place in non_literal_calls(calls)]
    used = messages(calls)
    for name, entries in sorted(used.items()):
        translations = read_po(catalog_path(name)) if catalog_path(name).exists() else {}
        for message, place in entries:
            translated = translations.get(message)
            if not translated:
                found.append(f"{place}: no Chinese for {message[:60]!r} in {catalog_path(name).name}")
            elif placeholders(translated) != placeholders(message):
                found.append(f"{place}: the Chinese uses {sorted(placeholders(translated))}, the English {sorted(placeholders(message))}")
        stale = set(translations) - {message for message, _ in entries}
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
