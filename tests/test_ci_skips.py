"""The CI rule of conftest.py: under KTEACH_REQUIRE_ALL=1 a skipped check fails the run.

Each test runs pytest on a small test file with the project's real conftest.py, so what is
checked is the hook CI uses, not a copy of it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIPPING_TESTS = """
import pytest

pytestmark = pytest.mark.filterwarnings("ignore")

def test_runs():
    assert True

def test_skips_in_the_body():
    pytest.skip("Graphviz is not installed")

@pytest.mark.skipif(True, reason="no CJK font installed")
def test_skipped_by_a_mark():
    pass

@pytest.fixture
def browser():
    pytest.skip("Chromium is missing")

def test_skips_in_a_fixture(browser):
    pass

@pytest.mark.shared_data
def test_needs_shared():
    pytest.skip("the project's shared data is not here")

@pytest.mark.xfail(reason="a known failure, not a skip")
def test_expected_failure():
    assert False
"""


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A pytest folder with the project's conftest.py, the test file above and the shared_data marker."""
    for name in ("KTEACH_REQUIRE_ALL", "KTEACH_ALLOW_SKIP"):
        monkeypatch.delenv(name, raising=False)
    pytester.makeconftest((ROOT / "conftest.py").read_text(encoding="utf-8"))
    # the project's modules importable as in the project (pyproject's pythonpath): conftest imports scripts.kernels
    pytester.makeini(f"[pytest]\npythonpath = {ROOT}\nmarkers =\n    shared_data: needs ../shared\n")
    pytester.makepyfile(test_skips=SKIPPING_TESTS)
    return pytester


def test_without_the_variable_skips_stay_skips(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, skipped=4, xfailed=1)


def test_require_all_turns_every_skip_into_a_failure_with_its_reason(project, monkeypatch) -> None:
    monkeypatch.setenv("KTEACH_REQUIRE_ALL", "1")
    result = project.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=2, errors=2, xfailed=1)  # a skip during set-up is an error
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    for reason in ("Graphviz is not installed", "no CJK font installed", "Chromium is missing", "the project's shared data"):
        result.stdout.fnmatch_lines([f"*was skipped, but KTEACH_REQUIRE_ALL=1 requires every check to run: {reason}*"])


def test_allowed_marker_may_still_skip_and_nothing_else(project, monkeypatch) -> None:
    monkeypatch.setenv("KTEACH_REQUIRE_ALL", "1")
    monkeypatch.setenv("KTEACH_ALLOW_SKIP", "shared_data")
    result = project.runpytest_subprocess("-p", "no:cacheprovider", "-rs")
    result.assert_outcomes(passed=1, failed=1, errors=2, skipped=1, xfailed=1)
    result.stdout.fnmatch_lines(["SKIPPED*the project's shared data is not here*"])


def test_a_module_skipped_at_import_fails_too(project, monkeypatch) -> None:
    project.makepyfile(test_browser='import pytest\nsync_api = pytest.importorskip("no_such_playwright")\n')
    monkeypatch.setenv("KTEACH_REQUIRE_ALL", "1")
    result = project.runpytest_subprocess("-p", "no:cacheprovider", "test_browser.py")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*test_browser.py was skipped, but KTEACH_REQUIRE_ALL=1*no_such_playwright*"])


def test_ci_entry_points_require_every_check() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "export KTEACH_REQUIRE_ALL=1" in ci and "KTEACH_ALLOW_SKIP" not in ci
    workflow = (ROOT / ".github" / "workflows" / "tests.yml").read_text(encoding="utf-8")
    assert 'KTEACH_REQUIRE_ALL: "1"' in workflow and 'KTEACH_ALLOW_SKIP: "shared_data"' in workflow
