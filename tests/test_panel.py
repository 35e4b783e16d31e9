"""kteach.panel: widgets wired to the Trainer, Stop while training, the runs table, code, display."""

from __future__ import annotations

import re
import textwrap
import threading
import time

import ipywidgets as widgets
import keras
import pytest

from kteach.history import HistoryLog
from kteach.panel import HyperparameterPanel
from kteach.plots import run_table
from kteach.render import NotebookRenderer
from kteach.training import Hyperparameters, RunRecord, Trainer, build_mlp

FAST = {"epochs": 2, "batch_size": 32, "hidden_units": 16}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def panel(tiny_data: tuple) -> HyperparameterPanel:
    made = HyperparameterPanel(Trainer(tiny_data, params=FAST))
    yield made
    made.stop()
    if made._thread is not None:
        made._thread.join(60)  # not wait(): a test may leave a failed run, which wait() reports


def wait_for(condition, timeout: float = 60.0) -> None:
    """Poll ``condition`` until it holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the panel"
        time.sleep(0.02)


# ---- parameters: API and widgets ---------------------------------------------------------


def test_set_updates_trainer_and_widgets(panel: HyperparameterPanel) -> None:
    panel.set(epochs=3, optimizer="adam", learning_rate=0.001, dropout=0.2, l2=1e-4)
    assert panel.trainer.params == Hyperparameters(
        epochs=3, batch_size=32, hidden_units=16, dropout=0.2, l2=1e-4, optimizer="adam", learning_rate=0.001
    )
    values = {name: control.value for name, control in panel.controls.items()}
    assert values == {**panel.trainer.params.as_dict(), "learning_rate": pytest.approx(0.001)}


def test_set_beyond_a_slider_range_widens_it(panel: HyperparameterPanel) -> None:
    panel.set(learning_rate=50.0, dropout=0.97)
    assert panel.controls["learning_rate"].value == pytest.approx(50.0)
    assert panel.controls["dropout"].value == pytest.approx(0.97)
    assert panel.trainer.params.learning_rate == 50.0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"epochs": 0}, "epochs must be an int >= 1"),
        ({"batch_size": -1}, "batch_size must be an int >= 1"),
        ({"hidden_units": 0}, "hidden_units must be an int >= 1"),
        ({"dropout": 1.0}, r"dropout must be >= 0 and < 1"),
        ({"l2": -0.5}, "l2 must be >= 0"),
        ({"optimizer": "adadelta"}, r"optimizer must be one of \['adam', 'rmsprop', 'sgd'\]"),
        ({"learning_rate": 0.0}, "learning_rate must be > 0"),
    ],
)
def test_invalid_set_raises_and_changes_nothing(panel: HyperparameterPanel, changes: dict, message: str) -> None:
    before = panel.trainer.params
    with pytest.raises(ValueError, match=message):
        panel.set(**changes)
    assert panel.trainer.params == before
    assert {name: c.value for name, c in panel.controls.items()}["epochs"] == before.epochs


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("epochs", 7),
        ("batch_size", 64),
        ("hidden_units", 8),
        ("dropout", 0.35),
        ("l2", 0.001),
        ("optimizer", "rmsprop"),
        ("learning_rate", 0.1),
    ],
)
def test_widget_change_updates_trainer(panel: HyperparameterPanel, name: str, value: object) -> None:
    panel.controls[name].value = value
    assert getattr(panel.trainer.params, name) == pytest.approx(value)
    assert panel.status.value == f"{name} = {panel.controls[name].value} for the next run"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("epochs", 0, "epochs must be an int >= 1; got 0"),
        ("batch_size", -8, "batch_size must be an int >= 1"),
        ("hidden_units", 0, "hidden_units must be an int >= 1"),
        ("l2", -1.0, "l2 must be >= 0"),
    ],
)
def test_invalid_widget_value_is_refused(panel: HyperparameterPanel, name: str, value: object, message: str) -> None:
    before = panel.trainer.params
    panel.controls[name].value = value  # no exception escapes the widget callback
    assert panel.status.value.startswith("refused: ") and message in panel.status.value
    assert panel.trainer.params == before
    assert panel.controls[name].value == getattr(before, name)  # the widget shows the valid value again


# ---- training through the API --------------------------------------------------------------


def test_train_fills_table_plots_and_code(
    panel: HyperparameterPanel, tiny_data: tuple, capsys: pytest.CaptureFixture[str]
) -> None:
    first = panel.train()
    panel.set(optimizer="adam", learning_rate=0.001, dropout=0.1)
    second = panel.train()
    printed = capsys.readouterr().out.splitlines()
    assert printed == [first.summary(), second.summary()]  # one deterministic line per run, no timings
    assert panel.runs == [first, second] and first.status == second.status == "finished"

    table = panel.table
    assert table.columns == (
        "run",
        "epochs",
        "batch_size",
        "hidden_units",
        "dropout",
        "l2",
        "optimizer",
        "learning_rate",
        "epochs done",
        "best val accuracy",
        "test accuracy",
        "status",
        "time",
    )
    assert [row[:11] for row in table.rows] == [
        (
            "run 1",
            "2",
            "32",
            "16",
            "0",
            "0",
            "sgd",
            "0.01",
            "2",
            f"{first.best_val_accuracy:.4f}",
            f"{first.test_accuracy:.4f}",
        ),
        (
            "run 2",
            "2",
            "32",
            "16",
            "0.1",
            "0",
            "adam",
            "0.001",
            "2",
            f"{second.best_val_accuracy:.4f}",
            f"{second.test_accuracy:.4f}",
        ),
    ]
    assert [row[11] for row in table.rows] == ["finished", "finished"]
    assert all(re.fullmatch(r"\d+\.\ds", row[12]) for row in table.rows)
    assert "<td>run 2</td>" in panel.table_html.value and "<td>adam</td>" in panel.table_html.value

    assert bytes(panel.live_image.value).startswith(PNG_MAGIC) and bytes(panel.overlay_image.value).startswith(
        PNG_MAGIC
    )
    assert panel.progress.value == panel.progress.max == 2 and panel.progress_label.value == "finished after 2 of 2 epochs"
    assert panel.status.value == second.summary()
    assert panel.code_run.value == 1 and panel.code_area.value == second.code() == panel.code()
    panel.code_run.value = 0
    assert panel.code_area.value == panel.code(0) == panel.code("run 1") == first.code()

    (x, y), (xt, yt) = tiny_data
    namespace = {
        "X_train": x,
        "Y_train": keras.utils.to_categorical(y, 10),
        "X_test": xt,
        "Y_test": keras.utils.to_categorical(yt, 10),
    }
    exec(panel.code(), namespace)
    assert namespace["history"].history == second.history


def test_api_training_displays_nothing(
    panel: HyperparameterPanel, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A stored lesson must re-run with the same outputs: pictures go into widgets, not output areas.
    import IPython.core.display_functions
    import IPython.display
    import matplotlib.pyplot as plt

    shown = []
    for module in (IPython.display, IPython.core.display_functions):
        monkeypatch.setattr(module, "display", lambda *args, **kwargs: shown.append(args))
    run = panel.train()
    panel.train()
    assert shown == [] and plt.get_fignums() == []  # no figure left for the inline backend either
    assert capsys.readouterr().out.splitlines()[0] == run.summary()


def test_no_live_plot_when_live_is_false(tiny_data: tuple) -> None:
    quiet = HyperparameterPanel(Trainer(tiny_data, params=FAST), live=False)
    quiet.train()
    assert bytes(quiet.live_image.value) == b"" and bytes(quiet.overlay_image.value).startswith(PNG_MAGIC)


def test_code_of_a_missing_run(panel: HyperparameterPanel) -> None:
    with pytest.raises(ValueError, match=r"run -1 names no run: there are no runs yet, train one first"):
        panel.code()
    panel.train()
    with pytest.raises(ValueError, match=r"run must be an index from -1 to 0; got 3"):
        panel.code(3)
    with pytest.raises(ValueError, match=r"no run named 'run 9'; the runs are \['run 1'\]"):
        panel.code("run 9")
    with pytest.raises(TypeError, match="run must be an int index or a run name"):
        panel.code(1.0)


def test_a_panel_given_a_trainer_refuses_build(tiny_data: tuple) -> None:
    with pytest.raises(ValueError, match="build: pass it to the Trainer"):
        HyperparameterPanel(Trainer(tiny_data), build=lambda *args: None)


def test_panel_from_data_makes_its_trainer(tiny_data: tuple) -> None:
    made = HyperparameterPanel(tiny_data, live=False)
    assert made.trainer.params == Hyperparameters() and made.trainer.n_classes == 10


# ---- Stop while training (background thread, as the Train button does) ---------------------


def test_stop_button_stops_a_background_run(panel: HyperparameterPanel) -> None:
    panel.set(epochs=400)
    panel.train_button.click()  # returns at once: training runs in a thread
    assert panel.running and panel.train_button.disabled and not panel.stop_button.disabled
    wait_for(lambda: panel.progress.value >= 2)
    panel.stop_button.click()
    run = panel.wait(timeout=60)
    assert run.status == "stopped" and 2 <= run.epochs_done < 400
    assert all(len(values) == run.epochs_done for values in run.history.values())
    assert not panel.running and not panel.train_button.disabled and panel.stop_button.disabled
    assert panel.status.value == run.summary() and panel.table.rows[-1][11] == "stopped"
    assert panel.progress_label.value == f"stopped after {run.epochs_done} of 400 epochs"  # no stale "time left"

    panel.set(epochs=2)  # usable again
    again = panel.train()
    assert again.status == "finished" and [r.name for r in panel.runs] == ["run 1", "run 2"]


def test_stop_clicked_before_the_run_starts_is_not_lost(panel: HyperparameterPanel) -> None:
    panel.set(epochs=400)
    panel.train_button.click()
    panel.stop_button.click()
    run = panel.wait(timeout=60)
    assert run.status == "stopped" and run.epochs_done <= 2


def test_train_click_while_training_says_so(panel: HyperparameterPanel) -> None:
    panel.set(epochs=400)
    panel.train_button.click()
    panel._on_train_click(panel.train_button)  # a second click slips through before the button is disabled
    assert "already training" in panel.status.value
    with pytest.raises(RuntimeError, match="already training"):
        panel.train()
    panel.stop()
    panel.wait(60)
    assert len(panel.runs) == 1


def test_background_error_goes_to_the_status_line(tiny_data: tuple) -> None:
    def broken(params: Hyperparameters, input_dim: int, n_classes: int) -> keras.Model:
        raise ValueError("cannot build this")

    failing = HyperparameterPanel(Trainer(tiny_data, build=broken))
    failing.train_button.click()
    with pytest.raises(RuntimeError, match=r"^the last run failed \(ValueError: cannot build this\); panel\.runs holds only the runs that ended$") as raised:
        failing.wait(30)
    assert failing.status.value == "training failed: ValueError: cannot build this"
    assert isinstance(failing.error, ValueError) and raised.value.__cause__ is failing.error
    assert not failing.running and failing.runs == []


def test_wait_after_a_failed_run_does_not_return_the_previous_run(panel: HyperparameterPanel) -> None:
    first = panel.train()
    assert panel.wait() is first

    def broken(params: Hyperparameters, input_dim: int, n_classes: int) -> keras.Model:
        raise MemoryError("out of memory")

    panel.trainer.build = broken
    panel.train_button.click()
    with pytest.raises(RuntimeError, match=r"^the last run failed \(MemoryError: out of memory\)"):
        panel.wait(30)
    assert panel.runs == [first]
    panel.trainer.build = build_mlp
    second = panel.train()  # a new run clears the failure
    assert panel.wait() is second and second.name == "run 2"


class DrawnOnce(keras.callbacks.Callback):
    """Holds each epoch's end until the live plot's worker has tried to draw, so the test is not a race."""

    def __init__(self, tried: threading.Event) -> None:
        super().__init__()
        self.tried = tried

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        self.tried.wait(30)


def test_a_live_plot_drawing_error_is_shown_not_stored_silently(
    panel: HyperparameterPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    tried = threading.Event()
    real_draw = NotebookRenderer.draw

    def draw(self: NotebookRenderer, log: HistoryLog) -> None:
        if threading.current_thread().name == "kteach-live-plot":
            tried.set()
            raise RuntimeError("no display")
        real_draw(self, log)

    monkeypatch.setattr(NotebookRenderer, "draw", draw)
    callbacks = panel.run_callbacks
    monkeypatch.setattr(panel, "run_callbacks", lambda: [*callbacks(), DrawnOnce(tried)])
    problem = "the live plot stopped drawing (RuntimeError: no display); training went on"
    with pytest.warns(RuntimeWarning, match=re.escape(problem)):
        run = panel.train()
    assert run.status == "finished" and run.epochs_done == 2
    assert panel.status.value == f"{run.summary()} ({problem})"


# ---- display ----------------------------------------------------------------------------


def test_display_shows_the_widget_with_a_stable_text(
    panel: HyperparameterPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False: shown.append((obj, raw)))
    panel._ipython_display_()
    [(bundle, raw)] = shown
    assert raw is True
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == panel.widget.model_id
    assert (
        bundle["text/plain"]
        == repr(panel)
        == (
            "HyperparameterPanel(epochs=2 batch_size=32 hidden_units=16 dropout=0 l2=0 optimizer=sgd "
            "learning_rate=0.01; 0 runs)"
        )
    )
    assert isinstance(panel.widget, widgets.VBox)


# ---- pure helpers -----------------------------------------------------------------------


def test_runs_table_values() -> None:
    runs = [
        RunRecord(
            "run 1",
            Hyperparameters(epochs=5).as_dict(),
            {"loss": [1.0, 0.5], "val_accuracy": [0.93456, 0.9]},
            0.91234,
            0.93456,
            12.34,
            "stopped",
        ),
        RunRecord("run 2", Hyperparameters(l2=1e-5).as_dict(), {"loss": []}, None, None, 3.0, "nan"),
    ]
    table = run_table(runs)
    assert table.rows == (
        ("run 1", "5", "128", "128", "0", "0", "sgd", "0.01", "2", "0.9346", "0.9123", "stopped", "12.3s"),
        ("run 2", "20", "128", "128", "0", "1e-05", "sgd", "0.01", "0", "-", "-", "nan", "3.0s"),
    )
    text = repr(table).splitlines()
    assert len(text) == 3 and text[1].endswith("stopped  12.3s") and text[2].endswith("nan      3.0s")


# ---- a real kernel delivers the Stop click while training runs --------------------------

KERNEL_SETUP = textwrap.dedent(
    """
    import numpy as np
    from kteach.panel import HyperparameterPanel
    rng = np.random.default_rng(0)
    x = rng.random((256, 784), dtype=np.float32)  # test fixture, not a dataset
    y = rng.integers(0, 10, 256)
    panel = HyperparameterPanel(((x, y), (x[:64], y[:64])))
    panel.set(epochs=400, batch_size=32, hidden_units=16)
    display(panel)
    print(panel.train_button.model_id, panel.stop_button.model_id)
    """
)


@pytest.mark.slow
def test_kernel_delivers_stop_click_during_training() -> None:
    """Clicks arrive as comm messages, exactly as JupyterLab sends them; Stop must land mid-run."""
    from scripts.kernels import start_kernel

    manager, client = start_kernel()
    try:

        def run(code: str) -> str:
            out: list[str] = []

            def hook(msg: dict) -> None:
                if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
                    out.append(msg["content"]["text"])
                if msg["msg_type"] == "error":
                    out.append("ERROR " + msg["content"]["ename"] + ": " + msg["content"]["evalue"])

            client.execute_interactive(code, output_hook=hook, timeout=120)
            text = "".join(out)
            assert "ERROR" not in text, text
            return text.strip()

        def click(model_id: str) -> None:
            content = {"comm_id": model_id, "data": {"method": "custom", "content": {"event": "click"}}}
            client.shell_channel.send(client.session.msg("comm_msg", content))

        train_id, stop_id = run(KERNEL_SETUP).split()[-2:]
        click(train_id)
        deadline = time.monotonic() + 120
        while int(run("print(panel.progress.value)")) < 2:  # the kernel answers while training runs
            assert time.monotonic() < deadline, "training did not start"
        click(stop_id)
        status = run("panel.wait(60); r = panel.runs[-1]; print(r.status, r.epochs_done, panel.running)")
        state, epochs, running = status.split()
        assert state == "stopped" and 2 <= int(epochs) < 400 and running == "False"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_control_rows_wrap_in_narrow_windows(panel: HyperparameterPanel) -> None:
    rows = [child for child in panel.widget.children if isinstance(child, widgets.HBox)]
    assert rows and all(row.layout.flex_flow == "row wrap" for row in rows)
    shown = [control for row in rows for control in row.children]
    assert all(control in shown for control in panel.controls.values())
    assert panel.train_button in shown and panel.stop_button in shown


# ---- in Chinese ----------------------------------------------------------------------------


def test_a_panel_built_in_chinese_labels_its_widgets_in_chinese(chinese, tiny_data: tuple) -> None:
    panel = HyperparameterPanel(Trainer(tiny_data, params=FAST), live=False)
    assert (panel.train_button.description, panel.stop_button.description) == ("训练", "停止")
    assert panel.progress.description == "进度" and panel.code_run.description == "查看代码"
    labels = {name: control.description for name, control in panel.controls.items()}
    assert labels["batch_size"] == "批大小" and labels["learning_rate"] == "学习率" and labels["optimizer"] == "优化器"
    assert panel.controls["optimizer"].options == ("sgd", "rmsprop", "adam")  # values stay what the API takes
    panel.controls["l2"].value = -0.5
    assert panel.status.value.startswith("这个值未被采用：l2 必须 >= 0") and panel.status.value.endswith("收到的是 -0.5")


def test_progress_and_run_end_read_in_chinese(chinese, tiny_data: tuple) -> None:
    panel = HyperparameterPanel(Trainer(tiny_data, params=FAST), live=False)
    panel.train()
    assert panel.progress_label.value == "已完成：完成了 2/2 轮次"
    assert "最佳验证准确率" in panel.status.value and "<th>测试准确率</th>" in panel.table_html.value
    with pytest.raises(ValueError, match=r"^run：没有名为 'best' 的运行；现有的运行是 \['run 1'\]$"):
        panel.code("best")
