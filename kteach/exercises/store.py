"""The learner's progress (tried, solved, hints used) in one JSON file, saved as it happens.

The file is ``~/.kteach/progress.json`` unless ``KTEACH_PROGRESS`` names another. Every save is
atomic (``kteach.files.write_atomic``), so an interrupted kernel never leaves half a file; a file
that cannot be read is kept aside under a new name, with a message, and a new one is started:
progress is never silently emptied. Nothing here raises on a learner: a folder that cannot be written is reported once.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kteach.files import write_atomic
from kteach.i18n import tr

PROGRESS_ENV = "KTEACH_PROGRESS"
FIELDS = ("tried", "solved", "hints", "solution_asked")
_state = {"recording": True, "warned": False}


def progress_path() -> Path:
    """Where progress is kept: ``$KTEACH_PROGRESS``, else ``~/.kteach/progress.json``."""
    chosen = os.environ.get(PROGRESS_ENV, "").strip()
    return Path(chosen).expanduser() if chosen else Path.home() / ".kteach" / "progress.json"


@contextlib.contextmanager
def not_recorded() -> Iterator[None]:
    """Run checks without touching the learner's progress (check-solutions, the tests)."""
    before = _state["recording"]
    _state["recording"] = False
    try:
        yield
    finally:
        _state["recording"] = before


def load() -> dict[str, dict[str, Any]]:
    """Return ``{exercise id: {"tried": n, "solved": bool, "hints": n, "solution_asked": n}}``."""
    path = progress_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as error:
        _warn(tr("kteach could not read your progress file {path}: {error}", path=path, error=error))
        return {}
    try:
        return _parse(text)
    except ValueError as error:
        _set_aside(path, str(error))
        return {}


def _parse(text: str) -> dict[str, dict[str, Any]]:
    """The exercises of a progress file's text; ValueError when it is not one kteach wrote."""
    data = json.loads(text)
    exercises = data.get("exercises") if isinstance(data, dict) else None
    if not isinstance(exercises, dict) or not all(isinstance(entry, dict) for entry in exercises.values()):
        raise ValueError(tr("it has no 'exercises' table"))
    parsed = {key: {name: entry.get(name, 0) for name in FIELDS} for key, entry in exercises.items()}
    for key, entry in parsed.items():
        if not all(isinstance(value, int) and value >= 0 for value in entry.values()):
            raise ValueError(tr("exercise {id} holds {entry}, not counts", id=key, entry=entry))
    return parsed


def _set_aside(path: Path, problem: str) -> None:
    """Rename a damaged progress file to a free ``.damaged`` name and say so."""
    kept = path.with_name(path.name + ".damaged")
    number = 1
    while kept.exists():
        number += 1
        kept = path.with_name(f"{path.name}.damaged{number}")
    try:
        path.rename(kept)
    except OSError as error:
        _warn(tr("kteach could not read your progress file {path} ({problem}) nor move it aside: {error}", path=path, problem=problem, error=error))
        return
    print(tr("Your progress file {path} could not be read ({problem}); it is kept as {kept} and a new one is started.", path=path, problem=problem, kept=kept.name))


def update(exercise_id: str, **changes: Any) -> dict[str, Any]:
    """Apply ``changes`` (``tried=1`` adds, ``solved=True`` sets) to one exercise and save; return its entry."""
    everything = load() if _state["recording"] else {}
    entry = everything.setdefault(exercise_id, {name: 0 for name in FIELDS})
    for name, value in changes.items():
        entry[name] = entry[name] or value if isinstance(value, bool) else entry[name] + value
    if _state["recording"]:
        save(everything)
    return entry


def entry(exercise_id: str) -> dict[str, Any]:
    """One exercise's progress, zeros when it was never tried."""
    return load().get(exercise_id, {name: 0 for name in FIELDS})


def save(everything: dict[str, dict[str, Any]]) -> None:
    """Write the whole progress file atomically; report (once) a place that cannot be written."""
    path = progress_path()
    text = json.dumps({"version": 1, "exercises": everything}, indent=1, sort_keys=True, ensure_ascii=False)
    try:
        write_atomic(path, text)
    except OSError as error:
        _warn(tr("kteach could not save your progress to {path}: {error}. Set {env} to a file you can write.", path=path, error=error, env=PROGRESS_ENV))


def _warn(message: str) -> None:
    """Print a problem with the progress file once per session, never raise."""
    if not _state["warned"]:
        _state["warned"] = True
        print(message)
