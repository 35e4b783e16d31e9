"""``HyperparameterPanel``: change hyperparameters, train, stop, and compare runs in one widget.

Introduced in lesson 02. The panel only wires ipywidgets to a
:class:`kteach.training.Trainer`, which does the work and works without widgets.

Clicking Train runs training in a background thread, so the kernel stays free
to deliver the Stop click (a kernel busy in ``fit`` receives no widget events
until the cell ends). Lessons drive the same panel from code with
``panel.train()``, which blocks and prints one deterministic line per run.

Every picture (live curves, run comparison) goes into an ``ipywidgets.Image``
and every table into an ``HTML`` widget, so the panel never prints into an
output area: a stored notebook re-runs under nbval with the same outputs.
"""

from __future__ import annotations

import math
import threading
import warnings
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from kteach.background import BackgroundRenderer, ImageSink
from kteach.checks import check_bool, check_float, is_int
from kteach.curve_style import SCREEN_DPI
from kteach.epoch_progress import ProgressCallback, progress_text
from kteach.formatting import status_text
from kteach.i18n import tr
from kteach.live import LiveHistory
from kteach.notebook import enable_colab_widgets
from kteach.plots import RunTable, comparison_png, run_table
from kteach.render import NotebookRenderer
from kteach.training import OPTIMIZERS, BuildFunction, Data, Hyperparameters, RunRecord, Trainer

LEARNING_RATE_EXPONENTS = (-5, 1)  # the log slider spans 1e-5 .. 10
DROPOUT_MAX = 0.9


class HyperparameterPanel:
    """Controls for lesson 01's hyperparameters, Train and Stop, live curves, and every run compared.

    Args:
        trainer_or_data: A :class:`kteach.Trainer`, or ``((x_train, y_train), (x_test, y_test))``
            to make one.
        build: The model builder for a new Trainer (default :func:`kteach.training.build_mlp`);
            give it to the Trainer instead when passing a Trainer.
        live: Draw the training curves while a run trains.

    Attributes:
        trainer: The :class:`kteach.Trainer` doing the work.
        controls: The hyperparameter widgets by name.
        train_button, stop_button: The two buttons.
        progress, progress_label: Epochs done and time left of the current run.
        status: Messages: the last run's summary, a refused value, an error.
        error: The exception that ended the last background run, or None.
    """

    def __init__(self, trainer_or_data: Trainer | Data, build: BuildFunction | None = None, live: bool = True) -> None:
        if isinstance(trainer_or_data, Trainer):
            if build is not None:
                raise ValueError(
                    tr("build: pass it to the Trainer (Trainer(data, build=...)), not to a panel given a Trainer")
                )
            self.trainer = trainer_or_data
        else:
            self.trainer = Trainer(trainer_or_data) if build is None else Trainer(trainer_or_data, build=build)
        self.live = check_bool("live", live)
        self.error: Exception | None = None
        self._thread: threading.Thread | None = None
        self._live_renderer: BackgroundRenderer | None = None
        self._stop_requested = False
        self._syncing = False
        self.controls = _make_controls(self.trainer.params)
        self.train_button = widgets.Button(description=tr("Train"), button_style="success", icon="play")
        self.stop_button = widgets.Button(description=tr("Stop"), button_style="danger", icon="stop", disabled=True)
        self.progress = widgets.IntProgress(
            value=0, min=0, max=self.trainer.params.epochs, description=tr("progress")
        )
        self.progress_label = widgets.Label("")
        self.status = widgets.Label("")
        self.live_image = widgets.Image(format="png")
        self.table_html = widgets.HTML("")
        self.overlay_image = widgets.Image(format="png")
        self.code_run = widgets.Dropdown(options=[], description=tr("code of"))
        self.code_area = widgets.Textarea(value="", rows=24, layout=widgets.Layout(width="100%"))
        self.widget = self._layout()
        self._wire()

    # ---- the API the lessons use -------------------------------------------------
    @property
    def runs(self) -> list[RunRecord]:
        """Every run so far, oldest first."""
        return self.trainer.runs

    @property
    def table(self) -> RunTable:
        """The runs table: one row per run (see :func:`kteach.plots.run_table`)."""
        return run_table(self.runs)

    @property
    def running(self) -> bool:
        """True while a run trains."""
        return self.trainer.running or (self._thread is not None and self._thread.is_alive())

    def set(self, **changes: Any) -> Hyperparameters:
        """Change hyperparameters for the next run and show them in the controls.

        Raises:
            TypeError: Unknown name or wrong type.
            ValueError: Value out of range (the message gives the allowed range).
        """
        params = self.trainer.set(**changes)
        self._show_params()
        return params

    def train(self, wait: bool = True) -> RunRecord | None:
        """Train one run with the current settings.

        Args:
            wait: Block until the run ends and print its one-line summary (for
                lessons and tests). False trains in a background thread and
                returns at once, which is what the Train button does, so the
                Stop button keeps working.

        Returns:
            The run when ``wait``, else None (see :meth:`wait`).

        Raises:
            RuntimeError: If a run is already training.
        """
        if self.running:
            raise RuntimeError(
                tr("a run is already training: click Stop (or call panel.stop()) and wait for it to end")
            )
        self._stop_requested = False
        self.error = None
        self._set_busy(True)
        if wait:
            return self._train(verbose=True)
        self._thread = threading.Thread(target=self._train_in_background, name="kteach-panel-train", daemon=True)
        self._thread.start()
        return None

    def stop(self) -> bool:
        """Stop the current run at the end of its current batch; its model and history are kept.

        Returns:
            True if a run was training.
        """
        self._stop_requested = True
        return self.trainer.stop() or self.running

    def wait(self, timeout: float | None = None) -> RunRecord | None:
        """Wait for a background run to end; return the latest run (None if there is none).

        Raises:
            TimeoutError: If the run is still training after ``timeout`` seconds.
            RuntimeError: If the last run failed (its error is the cause): returning the run
                before it would pass an old result off as the new one.
        """
        if timeout is not None and check_float("timeout", timeout) < 0:
            raise ValueError(
                tr("timeout must be >= 0 seconds, or None to wait as long as it takes; got {timeout}", timeout=timeout)
            )
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                raise TimeoutError(
                    tr("the run is still training after {timeout} s; call panel.stop() to end it", timeout=timeout)
                )
        if self.error is not None:
            raise RuntimeError(
                tr(
                    "the last run failed ({kind}: {error}); panel.runs holds only the runs that ended",
                    kind=type(self.error).__name__,
                    error=self.error,
                )
            ) from self.error
        return self.runs[-1] if self.runs else None

    def code(self, run: int | str = -1) -> str:
        """The plain Keras code that repeats a run (the latest by default).

        Args:
            run: The run's index in :attr:`runs` (negative counts from the end) or its name (``"run 2"``).

        Raises:
            ValueError: If there is no such run.
        """
        return self._find(run).code()

    def _ipython_display_(self) -> None:
        """Show the widget, with a short, stable text version for text-only frontends and nbval."""
        from IPython.display import display

        enable_colab_widgets()
        bundle = self.widget._repr_mimebundle_()
        bundle["text/plain"] = repr(self)
        display(bundle, raw=True)

    def __repr__(self) -> str:
        return f"HyperparameterPanel({self.trainer.params.describe()}; {len(self.runs)} runs)"

    # ---- training ----------------------------------------------------------------
    def _train(self, verbose: bool) -> RunRecord:
        """Run the trainer with the panel's callbacks, then show the run."""
        callbacks = self.run_callbacks()
        try:
            try:
                record = self.trainer.train(callbacks=callbacks, verbose=verbose)
            finally:
                for callback in callbacks:
                    if isinstance(callback, LiveHistory):
                        callback.finish()  # Keras skips on_train_end when fit is interrupted
            self._show_run(record)
        finally:
            self._set_busy(False)
        return record

    def _train_in_background(self) -> None:
        """The Train button's thread: errors go to the status line, never into a traceback."""
        try:
            self._train(verbose=False)
        except Exception as error:  # shown to the learner; the thread must not die silently
            self.error = error
            self.status.value = tr("training failed: {kind}: {error}", kind=type(error).__name__, error=error)

    def run_callbacks(self) -> list[Any]:
        """The Keras callbacks the panel adds to a run: progress, and the live plot when ``live``.

        Public so ``benchmarks/live_overhead.py`` can time training through the panel.
        """
        callbacks: list[Any] = [ProgressCallback(self._report_progress)]
        self._live_renderer = None
        if self.live:
            renderer = NotebookRenderer(["loss", "accuracy"], display=ImageSink(self.live_image), dpi=SCREEN_DPI)
            self._live_renderer = BackgroundRenderer(renderer)
            callbacks.append(LiveHistory(renderer=self._live_renderer))
        return callbacks

    def _report_progress(self, done: int, total: int, elapsed: float) -> None:
        """Move the progress bar; also honour a Stop clicked before the run had started."""
        if self._stop_requested:
            self.trainer.stop()
        self.progress.max = max(total, 1)
        self.progress.value = done
        self.progress_label.value = progress_text(done, total, elapsed)

    def _set_busy(self, busy: bool) -> None:
        """Enable Stop while a run trains, Train otherwise."""
        self.train_button.disabled = busy
        self.stop_button.disabled = not busy
        if busy:
            self.progress.value = 0
            self.progress_label.value = ""
            self.status.value = tr("training...")

    def _show_run(self, record: RunRecord) -> None:
        """Update the table, the comparison plot and the code after a run ended."""
        self.status.value = record.summary()
        failed = self._live_renderer.error if self._live_renderer is not None else None
        if failed is not None:  # training went on; the learner must still hear why the curves stopped
            problem = tr(
                "the live plot stopped drawing ({kind}: {error}); training went on",
                kind=type(failed).__name__,
                error=failed,
            )
            self.status.value = tr("{summary} ({problem})", summary=record.summary(), problem=problem)
            warnings.warn(problem, RuntimeWarning, stacklevel=2)
        planned = record.params["epochs"]
        self.progress_label.value = tr(
            "{status} after {done} of {planned} epochs",
            status=status_text(record.status),
            done=record.epochs_done,
            planned=planned,
        )
        self.table_html.value = self.table._repr_html_()
        image = comparison_png(self.runs)
        if image is not None:
            self.overlay_image.value = image
        self.code_run.options = [(run.name, index) for index, run in enumerate(self.runs)]
        self.code_run.value = len(self.runs) - 1

    def _find(self, run: int | str) -> RunRecord:
        """A run by index or name."""
        names = [record.name for record in self.runs]
        if isinstance(run, str):
            if run not in names:
                if not names:
                    raise ValueError(tr("run: no run named {run!r}: there are no runs yet, train one first", run=run))
                raise ValueError(tr("run: no run named {run!r}; the runs are {names}", run=run, names=names))
            return self.runs[names.index(run)]
        if not is_int(run):
            raise TypeError(
                tr("run must be an int index or a run name such as 'run 1'; got {kind}", kind=type(run).__name__)
            )
        if not names:
            raise ValueError(tr("run {run} names no run: there are no runs yet, train one first", run=run))
        if not -len(names) <= run < len(names):
            raise ValueError(
                tr(
                    "run must be an index from {first} to {last}; got {run}",
                    first=-len(names),
                    last=len(names) - 1,
                    run=run,
                )
            )
        return self.runs[int(run)]

    # ---- widgets -----------------------------------------------------------------
    def _wire(self) -> None:
        """Connect the controls and buttons to the plain methods above."""
        for name, control in self.controls.items():
            control.observe(lambda change, name=name: self._on_control(name, change), names="value")
        self.train_button.on_click(self._on_train_click)
        self.stop_button.on_click(lambda _: self.stop())
        self.code_run.observe(self._on_code_run, names="value")

    def _on_control(self, name: str, change: Mapping[str, Any]) -> None:
        """A control changed: validate through the trainer, or refuse with a message and revert."""
        if self._syncing:
            return
        try:
            self.trainer.set(**{name: change["new"]})
        except (TypeError, ValueError) as error:
            self.status.value = tr("refused: {error}", error=error)
            self._show_params()
            return
        self.status.value = tr("{name} = {value} for the next run", name=name, value=change["new"])

    def _on_train_click(self, _: Any) -> None:
        """The Train button: train in the background, so Stop stays clickable."""
        try:
            self.train(wait=False)
        except RuntimeError as error:
            self.status.value = str(error)

    def _on_code_run(self, change: Mapping[str, Any]) -> None:
        """Show the selected run's code (or why there is none)."""
        if change["new"] is None:
            return
        try:
            self.code_area.value = self.code(change["new"])
        except ValueError as error:
            self.code_area.value = f"# {error}"

    def _show_params(self) -> None:
        """Put the trainer's hyperparameters into the controls without re-validating them."""
        self._syncing = True
        try:
            for name, value in self.trainer.params.as_dict().items():
                _widen_to(self.controls[name], value)
                self.controls[name].value = value
        finally:
            self._syncing = False

    def _layout(self) -> widgets.VBox:
        """Arrange the controls, buttons, progress, plots, table and code."""
        wrap = widgets.Layout(flex_flow="row wrap")  # narrow windows: controls move to the next line
        return widgets.VBox(
            [
                widgets.HBox(list(self.controls.values()), layout=wrap),
                widgets.HBox([self.train_button, self.stop_button, self.progress, self.progress_label], layout=wrap),
                self.status,
                self.live_image,
                widgets.HTML(tr("<b>Runs</b>")),
                self.table_html,
                self.overlay_image,
                self.code_run,
                self.code_area,
            ]
        )


def _widen_to(control: widgets.ValueWidget, value: Any) -> None:
    """Stretch a slider's range to reach ``value`` (valid in the API but beyond the default range)."""
    if isinstance(control, widgets.FloatLogSlider):
        exponent = math.log(value, control.base)
        control.min = min(control.min, math.floor(exponent))
        control.max = max(control.max, math.ceil(exponent))
    elif isinstance(control, widgets.FloatSlider):
        control.max = max(control.max, value)


def _make_controls(params: Hyperparameters) -> dict[str, widgets.ValueWidget]:
    """One widget per hyperparameter, starting at ``params``.

    Number fields are free text (not bounded) so an invalid entry reaches the
    trainer's validation and is refused with its message.
    """
    style = {"description_width": "initial"}
    return {
        "epochs": widgets.IntText(value=params.epochs, description=tr("epochs"), style=style),
        "batch_size": widgets.IntText(value=params.batch_size, description=tr("batch size"), style=style),
        "hidden_units": widgets.IntText(value=params.hidden_units, description=tr("hidden units"), style=style),
        "dropout": widgets.FloatSlider(
            value=params.dropout, min=0.0, max=DROPOUT_MAX, step=0.05, description=tr("dropout"), style=style
        ),
        "l2": widgets.FloatText(value=params.l2, step=1e-4, description=tr("L2"), style=style),
        "optimizer": widgets.Dropdown(options=list(OPTIMIZERS), value=params.optimizer, description=tr("optimizer")),
        "learning_rate": widgets.FloatLogSlider(
            value=params.learning_rate,
            base=10,
            min=LEARNING_RATE_EXPONENTS[0],
            max=LEARNING_RATE_EXPONENTS[1],
            step=0.1,
            readout_format=".1e",
            description=tr("learning rate"),
            style=style,
        ),
    }
