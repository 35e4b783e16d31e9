"""Versions that stay true: loose requirements in pyproject.toml, exact ones in constraints.txt.

The stored notebooks' numbers depend on the exact TensorFlow and Keras versions, so every way
of installing the lessons (scripts/setup.sh for both README commands and CI, environment.yml
for conda and Binder) installs with constraints.txt, while the package itself stays installable
with newer releases (the weekly GitHub job runs the suite against those).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def constraints() -> dict[str, str]:
    """constraints.txt as {canonical name: exact version}; fails on any line that is not ``name==version``."""
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][0-9A-Za-z.+!-]*)", line.strip())
            assert match, f"constraints.txt: {line!r} is not name==version"
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def requirements() -> list[Requirement]:
    """Every requirement of pyproject.toml: the package's and those of each extra."""
    lines = PYPROJECT["dependencies"] + [line for extra in PYPROJECT["optional-dependencies"].values() for line in extra]
    return [Requirement(line) for line in lines]


def test_pyproject_requirements_stay_loose() -> None:
    for requirement in requirements():
        operators = {spec.operator for spec in requirement.specifier}
        assert operators <= {">="}, f"{requirement}: pin exact versions in constraints.txt, not in pyproject.toml"


def test_constraints_pin_every_requirement_within_what_pyproject_allows() -> None:
    pins = constraints()
    assert "kteach" not in pins
    for requirement in requirements():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not pinned in constraints.txt"
        assert requirement.specifier.contains(pins[name], prereleases=True), f"{name}=={pins[name]} breaks {requirement}"


def test_keras_and_tensorflow_pins_are_the_installed_versions() -> None:
    import keras
    import tensorflow as tf

    pins = constraints()
    assert (pins["keras"], pins["tensorflow"]) == (keras.__version__, tf.__version__)


def test_every_install_path_uses_the_constraints() -> None:
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert 'versions=(--constraint "$ROOT/constraints.txt")' in setup
    assert '"$VENV/bin/python" -m pip install -q "${versions[@]}" -e "$ROOT[$1]"' in setup
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    assert "-c constraints.txt" in pip


def test_the_weekly_job_runs_the_suite_on_the_newest_releases_without_blocking() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "newest.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert "schedule" in triggers and triggers["schedule"][0]["cron"]
    job = workflow["jobs"]["newest"]
    assert job["env"]["KTEACH_NEWEST"] == "1"
    suite = next(step for step in job["steps"] if step.get("id") == "suite")
    assert suite["continue-on-error"] is True and suite["run"].startswith("bash scripts/test.sh")
    summary = next(step for step in job["steps"] if step.get("name") == "Summary")
    assert "GITHUB_STEP_SUMMARY" in summary["run"] and "FAILED|ERROR" in summary["run"]
