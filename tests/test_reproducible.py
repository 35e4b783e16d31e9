"""Stored lessons reproduce on other machines: nbval re-runs a training-heavy lesson under other CPU profiles.

The normal nbval run checks the lessons on this machine as it is. Here lesson 07 (dense,
convolutional, recurrent and batch-normalized models, several optimizers) runs again under
``pytest --nbval`` as a different machine would run it: on one core with one TensorFlow
thread, with oneDNN's instruction set capped at AVX2 (what a CPU without AVX-512 uses) and
with oneDNN's graph optimizations off (TensorFlow's default on such CPUs); and capped at
AVX-512 (where the machine has less, the cap changes nothing). In float32 these profiles
change the last digits of lesson 07's losses; ``kteach.seed_everything`` makes quick mode
compute in float64, so the stored text must match exactly, with only timings masked.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSON = "notebooks/07_keras_tour.ipynb"
PROFILES = {
    "one core, AVX2, oneDNN graph off": {"ONEDNN_MAX_CPU_ISA": "AVX2", "TF_ENABLE_ONEDNN_OPTS": "0", "TF_NUM_INTRAOP_THREADS": "1"},
    "AVX-512": {"ONEDNN_MAX_CPU_ISA": "AVX512_CORE"},
}


def _one_core() -> None:
    """Pin the child process (and the kernel it starts) to the first CPU it may use."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


@pytest.mark.slow
@pytest.mark.parametrize("profile", PROFILES)
def test_stored_lesson_reproduces_under_another_cpu_profile(profile: str) -> None:
    env = {**os.environ, **PROFILES[profile]}
    one_core = "one core" in profile
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", LESSON],
        cwd=ROOT,
        env=env,
        preexec_fn=_one_core if one_core else None,
        capture_output=True,
        text=True,
        timeout=900,
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-2000:]
    assert result.returncode == 0, f"{LESSON} under '{profile}': {summary}\n{result.stdout[-6000:]}"
    assert " passed" in summary and "failed" not in summary and "skipped" not in summary
