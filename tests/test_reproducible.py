"""Stored lessons reproduce on other machines: nbval re-runs a training-heavy lesson under other CPU profiles.

The normal nbval run checks the lessons on this machine as it is. Here lesson 07 (dense,
convolutional, recurrent and batch-normalized models, several optimizers) runs again under
``pytest --nbval`` as a different machine would run it: on one core with one TensorFlow
thread, with oneDNN's and NumPy's instruction sets capped at AVX2 (what a CPU without AVX-512
uses) and with oneDNN's graph optimizations off (TensorFlow's default on such CPUs); and with
oneDNN capped at AVX-512 (where the machine has less, the cap changes nothing). In float32 these profiles
change the last digits of lesson 07's losses; ``kteach.seed_everything`` makes quick mode
compute in float64, so the stored text must match exactly, with only timings masked.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSON = "notebooks/07_keras_tour.ipynb"
AVX2_ONE_CORE = "one core, AVX2, oneDNN graph off"
PROFILES = {
    AVX2_ONE_CORE: {"ONEDNN_MAX_CPU_ISA": "AVX2", "TF_ENABLE_ONEDNN_OPTS": "0", "TF_NUM_INTRAOP_THREADS": "1"},
    "AVX-512": {"ONEDNN_MAX_CPU_ISA": "AVX512_CORE"},
}


def numpy_avx512_features() -> list[str]:
    """NumPy's run-time SIMD features beyond AVX2 that this machine has (named as NPY_DISABLE_CPU_FEATURES wants)."""
    shown = io.StringIO()
    with contextlib.redirect_stdout(shown):
        np.show_runtime()
    found = re.search(r"'found': \[([^\]]*)\]", shown.getvalue())
    names = re.findall(r"'(\w+)'", found.group(1)) if found else []
    return [name for name in names if "AVX512" in name or name == "X86_V4"]


def profile_env(profile: str) -> dict[str, str]:
    """The environment of a run under ``profile``: NumPy capped too where the profile caps at AVX2."""
    env = {**os.environ, **PROFILES[profile]}
    beyond_avx2 = numpy_avx512_features() if profile == AVX2_ONE_CORE else []
    if beyond_avx2:
        env["NPY_DISABLE_CPU_FEATURES"] = " ".join(beyond_avx2)
    return env


def _one_core() -> None:
    """Pin the child process (and the kernel it starts) to the first CPU it may use."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


@pytest.mark.slow
@pytest.mark.parametrize("profile", PROFILES)
def test_stored_lesson_reproduces_under_another_cpu_profile(profile: str) -> None:
    env = profile_env(profile)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--numprocesses=0", LESSON],
        cwd=ROOT,
        env=env,
        preexec_fn=_one_core if profile == AVX2_ONE_CORE else None,
        capture_output=True,
        text=True,
        timeout=900,
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-2000:]
    assert result.returncode == 0, f"{LESSON} under '{profile}': {summary}\n{result.stdout[-6000:]}"
    assert " passed" in summary and "failed" not in summary and "skipped" not in summary
