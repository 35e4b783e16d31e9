"""Tests for kteach.doctor: each check's pass/fail and fix, and the report's text and HTML."""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable
from pathlib import Path

import shutil

import matplotlib
import numpy as np
import pytest

import kteach
from kteach import fonts
from kteach.datasets.idx import IDX_STEMS, IdxSet, read_idx_set
from kteach.datasets.specs import SPECS
from kteach.doctor import (
    Check,
    DoctorReport,
    check_backend,
    check_chinese_font,
    check_dataset,
    check_graphviz,
    check_keras,
    check_widgets,
)

doctor_module = importlib.import_module("kteach.doctor")  # the module, not the kteach.doctor function


def versions(**installed: str) -> Callable[[str], str | None]:
    """A stand-in for installed_version: only the given distributions are installed."""
    return lambda name: installed.get(name)


@pytest.fixture
def full_mode(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Full mode, offline, with an empty Keras cache, no data folder and no Debian dataset folder."""
    for name, spec in SPECS.items():
        monkeypatch.setitem(SPECS, name, dataclasses.replace(spec, system_dirs=()))
    monkeypatch.setenv("KTEACH_QUICK", "0")
    monkeypatch.setenv("KTEACH_OFFLINE", "1")
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.delenv("KTEACH_DATA_DIR", raising=False)
    return tmp_path


def test_keras_3_with_tensorflow_passes() -> None:
    check = check_keras(versions(tensorflow="2.21.0", keras="3.15.1"))
    assert check.ok and check.detail == "TensorFlow 2.21.0, Keras 3.15.1" and check.fix == ""


@pytest.mark.parametrize(
    "installed", [{"tensorflow": "2.15.0", "keras": "2.15.0"}, {"keras": "3.15.1"}, {"tensorflow": "2.21.0"}]
)
def test_keras_2_or_missing_tensorflow_fails_with_the_pip_fix(installed: dict[str, str]) -> None:
    check = check_keras(versions(**installed))
    assert not check.ok
    assert 'pip install -U "tensorflow>=2.16" "keras>=3"' in check.fix


def test_tensorflow_backend_passes_with_the_tip_to_switch_to_jax() -> None:
    check = check_backend(("tensorflow", "default"), None, versions(tensorflow="2.21.0"))
    assert check.ok and check.detail == "tensorflow 2.21.0 (from Keras's default)" and check.fix == ""
    assert "JAX trains lesson 01's network about twice as fast" in check.note
    assert 'pip install -e ".[jax]"' in check.note and "KERAS_BACKEND=jax before import keras" in check.note
    assert '"backend": "jax" into ~/.keras/keras.json' in check.note


def test_jax_backend_installed_passes_without_a_tip() -> None:
    check = check_backend(("jax", "KERAS_BACKEND"), "jax", versions(jax="0.10.2", tensorflow="2.21.0"))
    assert check == Check("Keras backend", True, "jax 0.10.2 (from KERAS_BACKEND)")


@pytest.mark.parametrize("backend", ["jax", "torch"])
def test_a_backend_that_is_not_installed_fails_with_its_pip_extra(backend: str) -> None:
    check = check_backend((backend, "/home/me/.keras/keras.json"), None, versions(tensorflow="2.21.0"))
    assert not check.ok and check.detail == f"{backend} (from /home/me/.keras/keras.json) is not installed"
    assert check.fix == f'pip install -e ".[{backend}]" in the kteach folder (or pip install {backend}), then restart the kernel'


def test_a_backend_that_cannot_train_fails_with_the_choices() -> None:
    check = check_backend(("numpy", "KERAS_BACKEND"), None, versions(numpy="2.4.6"))
    assert not check.ok and check.detail == "numpy (from KERAS_BACKEND) cannot train models"
    assert check.fix == "set KERAS_BACKEND to one of tensorflow, jax, torch"


def test_a_backend_chosen_after_import_keras_fails_until_a_restart() -> None:
    check = check_backend(("jax", "KERAS_BACKEND"), "tensorflow", versions(jax="0.10.2", tensorflow="2.21.0"))
    assert not check.ok and check.detail == "Keras was imported with tensorflow, but KERAS_BACKEND now says jax"
    assert "restart the kernel" in check.fix


def test_doctor_reads_the_backend_of_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import keras

    monkeypatch.setenv("KERAS_BACKEND", keras.backend.backend())
    check = check_backend()
    assert check.ok and check.detail.startswith(f"{keras.backend.backend()} ") and check.detail.endswith("(from KERAS_BACKEND)")


def test_widgets_pass_with_a_jupyterlab_front_end() -> None:
    check = check_widgets(versions(ipywidgets="8.1.9", jupyterlab_widgets="3.0.17"))
    assert check.ok and check.detail == "ipywidgets 8.1.9, jupyterlab_widgets 3.0.17"


def test_widgets_fail_without_a_front_end_or_with_ipywidgets_7() -> None:
    no_front_end = check_widgets(versions(ipywidgets="8.1.9"))
    old = check_widgets(versions(ipywidgets="7.7.1", jupyterlab_widgets="1.1.0"))
    assert not no_front_end.ok and no_front_end.detail == "ipywidgets 8.1.9, no front end"
    assert not old.ok and old.detail == "ipywidgets 7.7.1"
    for check in (no_front_end, old):
        assert 'pip install "ipywidgets>=8" jupyterlab_widgets' in check.fix


def test_colab_needs_the_custom_widget_manager() -> None:
    off = check_widgets(versions(ipywidgets="8.1.9"), colab=True, colab_manager=False)
    on = check_widgets(versions(ipywidgets="8.1.9"), colab=True, colab_manager=True)
    assert not off.ok and "output.enable_custom_widget_manager()" in off.fix
    assert on.ok and "custom widget manager on" in on.detail


def test_graphviz_missing_fails_with_the_install_commands() -> None:
    check = check_graphviz(["Graphviz (dot)"])
    assert not check.ok and check.detail == "Graphviz (dot) not found"
    assert "apt-get install graphviz" in check.fix and "pip install pydot" in check.fix


def test_graphviz_present_names_dot_and_pydot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doctor_module.shutil, "which", lambda program: f"/opt/bin/{program}")
    check = check_graphviz([])
    assert check.ok and check.detail.startswith("dot at /opt/bin/dot, pydot ")


def test_chinese_font_found_passes_and_names_the_family() -> None:
    check = check_chinese_font(lambda: "WenQuanYi Micro Hei")
    assert check == Check("Chinese plot font", True, "WenQuanYi Micro Hei")


def test_missing_chinese_font_names_the_package_and_passes_in_english() -> None:
    check = check_chinese_font(lambda: None)
    assert check.ok and check.fix == ""  # English lessons need no CJK font
    assert check.detail == (
        f"none found, so Chinese plot labels stay in English (install {fonts.FONT_PACKAGE} for them)"
    )


def test_missing_chinese_font_fails_in_chinese_with_the_install_command(chinese: None) -> None:
    check = check_chinese_font(lambda: None)
    assert not check.ok and check.name == "图表中文字体"
    assert f"sudo apt-get install {fonts.FONT_PACKAGE}" in check.fix and "kteach.set_language('zh')" in check.fix
    assert "未找到" in check.detail and fonts.FONT_PACKAGE in check.detail


def test_looking_for_the_font_leaves_matplotlib_fonts_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    before = list(matplotlib.rcParams["font.sans-serif"])
    monkeypatch.setattr(fonts, "_known_family", lambda manager: "Some CJK Sans")
    assert check_chinese_font() == Check("Chinese plot font", True, "Some CJK Sans")
    assert matplotlib.rcParams["font.sans-serif"] == before


def test_report_reads_in_chinese(chinese: None) -> None:
    report = DoctorReport((Check("A", True, "found a"), Check("B", False, "no b", "install b")))
    text = repr(report)
    assert text.startswith("kteach doctor （快速模式：关）\n  A：found a\n")
    assert "检查清单：" in text and "  [未通过] B" in text and "解决办法：install b" in text
    assert text.splitlines()[-1] == "2 项检查中通过了 1 项；请按上面标为“未通过”的各项修复，然后再运行一次 kteach.doctor()。"
    assert "<th>检查项</th>" in report._repr_html_()


def test_dataset_check_reads_in_chinese(full_mode: Path, chinese: None) -> None:
    check = check_dataset("imdb")
    assert check.name == "IMDB 数据" and check.detail.startswith("kteach 自带的样本 ")
    assert check.detail.endswith("（已设置 KTEACH_OFFLINE）")
    assert check.fix.startswith("如需完整数据，请将 KTEACH_DATA_DIR 设为") and "aclImdb_v1.tar.gz" in check.fix


def test_dataset_in_quick_mode_is_the_shipped_sample_and_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KTEACH_QUICK", "1")
    check = check_dataset("mnist")
    assert check.ok and check.detail.startswith("quick mode: shipped sample ")


def test_dataset_falling_back_to_the_sample_fails_and_says_how_to_get_it(full_mode: Path) -> None:
    check = check_dataset("imdb")
    assert not check.ok
    assert check.detail.endswith("(KTEACH_OFFLINE is set)")
    assert "aclImdb_v1.tar.gz" in check.fix


def mnist_npz(path: Path) -> None:
    """A small but well-formed mnist.npz cut from the shipped sample."""
    (x_train, y_train), (x_test, y_test) = read_idx_set(IdxSet(*SPECS["mnist"].sample[1]))
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, x_train=x_train[:20], y_train=y_train[:20], x_test=x_test[:10], y_test=y_test[:10])


def test_dataset_in_the_keras_cache_passes_and_names_the_file(full_mode: Path) -> None:
    cache = full_mode / "keras" / "datasets"
    mnist_npz(cache / "mnist.npz")
    check = check_dataset("mnist")
    assert check.ok and check.detail == f"Keras cache {cache / 'mnist.npz'}"


def test_a_garbage_mnist_npz_fails_with_the_file_and_the_fix(full_mode: Path) -> None:
    cache = full_mode / "keras" / "datasets"
    cache.mkdir(parents=True)
    (cache / "mnist.npz").write_bytes(b"not an npz archive")
    check = check_dataset("mnist")
    assert not check.ok
    assert check.detail.startswith(f"Keras cache {cache / 'mnist.npz'}: {cache / 'mnist.npz'}: is not a readable .npz archive")
    assert check.fix.endswith("Copy it again, or delete it so kteach (or Keras) fetches a fresh one.")


def test_an_mnist_npz_with_other_arrays_fails(full_mode: Path) -> None:
    cache = full_mode / "keras" / "datasets"
    cache.mkdir(parents=True)
    np.savez(cache / "mnist.npz", x_train=np.zeros((3, 28, 28), np.uint8), y_train=np.zeros(3, np.uint8))
    check = check_dataset("mnist")
    assert not check.ok and "lacks the arrays x_test, y_test" in check.detail


def test_a_truncated_idx_file_fails(full_mode: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = full_mode / "data"
    folder.mkdir()
    for stem, path in zip(IDX_STEMS, SPECS["mnist"].sample[1]):
        shutil.copy(path, folder / f"{stem}.gz")
    images = folder / "train-images-idx3-ubyte.gz"
    images.write_bytes(images.read_bytes()[:-1000])
    monkeypatch.setenv("KTEACH_DATA_DIR", str(folder))
    assert check_dataset("mnist").ok is False
    assert "train-images-idx3-ubyte.gz: is truncated or padded: its header announces shape (2000, 28, 28)" in check_dataset("mnist").detail


def test_keras_imdb_npz_without_its_word_index_fails(full_mode: Path) -> None:
    cache = full_mode / "keras" / "datasets"
    cache.mkdir(parents=True)
    sequences = np.empty(2, dtype=object)
    sequences[:] = [[1, 5, 6], [1, 7]]
    np.savez(cache / "imdb.npz", x_train=sequences, y_train=np.array([0, 1]), x_test=sequences, y_test=np.array([1, 0]))
    check = check_dataset("imdb")
    assert not check.ok and "imdb_word_index.json is missing" in check.detail and "get_word_index()" in check.fix
    (cache / "imdb_word_index.json").write_text('{"the": 1, "a": 2}')
    assert check_dataset("imdb").ok


def test_a_missing_data_folder_fails_with_its_message(full_mode: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KTEACH_DATA_DIR", str(full_mode / "nowhere"))
    check = check_dataset("mnist")
    assert not check.ok and "not an existing folder" in check.fix and "unset KTEACH_DATA_DIR" in check.fix


def test_report_text_ends_with_the_checklist_and_fixes() -> None:
    report = DoctorReport((Check("A", True, "found a"), Check("B", False, "no b", "install b")))
    assert repr(report) == (
        "kteach doctor (quick mode off)\n"
        "  A: found a\n"
        "  B: no b\n"
        "Checklist:\n"
        "  [pass] A\n"
        "  [FAIL] B\n"
        "         fix: install b\n"
        "1 of 2 checks passed; fix the FAIL lines above and run kteach.doctor() again."
    )
    assert not report.ok and report.failures == [report.checks[1]]


def test_report_shows_a_passing_check_s_tip_in_text_and_html() -> None:
    report = DoctorReport((Check("A", True, "found a", note="try <b>"),))
    assert repr(report).splitlines()[2:5] == ["Checklist:", "  [pass] A", "         tip: try <b>"]
    assert "<td>try &lt;b&gt;</td>" in report._repr_html_()


def test_report_html_escapes_and_marks_failures() -> None:
    report = DoctorReport((Check("<x>", False, "a & b", "run <this>"),), quick=True)
    page = report._repr_html_()
    assert "&lt;x&gt;" in page and "a &amp; b" in page and "run &lt;this&gt;" in page
    assert "<b>FAIL</b>" in page and "quick mode on" in page and "<x>" not in page


def test_doctor_is_stable_and_callable_as_kteach_doctor(full_mode: Path) -> None:
    first, second = kteach.doctor(), kteach.doctor()
    assert repr(first) == repr(second)
    names = [check.name for check in first.checks]
    assert names == [
        "TensorFlow and Keras 3",
        "Keras backend",
        "widgets (the panel)",
        "Graphviz (model diagrams)",
        "Chinese plot font",
        "MNIST data",
        "Fashion-MNIST data",
        "IMDB data",
    ]
    assert [check.ok for check in first.checks[5:]] == [False, False, False]  # offline: only the shipped samples
    passed = sum(check.ok for check in first.checks)
    assert repr(first).splitlines()[-1] == (
        f"{passed} of 8 checks passed; fix the FAIL lines above and run kteach.doctor() again."
    )
    assert "0x" not in repr(first)  # no object addresses: the text can be stored in a notebook


def test_an_imdb_archive_that_is_not_gzip_fails(full_mode: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = full_mode / "data"
    folder.mkdir()
    (folder / "aclImdb_v1.tar.gz").write_text("<html>404 Not Found</html>")  # what a broken mirror sends
    monkeypatch.setenv("KTEACH_DATA_DIR", str(folder))
    check = check_dataset("imdb")
    assert not check.ok and check.detail.endswith("aclImdb_v1.tar.gz: is not a .tar.gz archive. Copy it again, or delete it so kteach (or Keras) fetches a fresh one.")
