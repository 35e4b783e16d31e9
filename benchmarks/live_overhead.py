"""How much does ``kteach.LiveHistory`` slow ``fit`` down, measured inside a real Jupyter kernel?

Lesson 01's MLP (Dense 128 relu x2 + softmax, SGD, batch 128, validation_split
0.1) trains on Fashion-MNIST in two cases: 20 epochs on 6,000 images, and 5
epochs on 60,000 images. Each column (plain ``fit``, ``fit`` with
``LiveHistory``, ``fit`` with livelossplot's ``PlotLossesKeras``, and any column
added with :func:`add_column`) is timed in the same kernel, interleaved over
several rounds; the report gives median seconds and the ratio to plain ``fit``.
The figures are drawn for real: a notebook is executed by nbclient, so each
redraw is rendered and sent to the client like in a lesson.

Run from the repository root (a few minutes; not part of pytest)::

    .venv/bin/python benchmarks/live_overhead.py [--rounds 3] [--json out.json]
    .venv/bin/python benchmarks/live_overhead.py --column panel=my_module:fit_through_panel

Data: the full Fashion-MNIST through ``kteach.datasets.load_fashion_mnist``
(``apt-get install dataset-fashion-mnist`` puts it where kteach finds it).
livelossplot is optional (``pip install livelossplot``); without it that column
is skipped. The "panel" column trains with the callbacks the hyperparameter
panel adds to a run; its target is a time ratio <= 1.03x in both cases.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kteach.files import write_atomic

REPO = Path(__file__).resolve().parent.parent
FIT_ARGS = {"batch_size": 128, "validation_split": 0.1, "verbose": 0}
CASES = {"20 epochs x 6,000 images": (6_000, 20), "5 epochs x 60,000 images": (60_000, 5)}
TARGETS = {"20 epochs x 6,000 images": 1.05, "5 epochs x 60,000 images": 1.02}  # LiveHistory / plain fit
PANEL_TARGET = 1.03  # the panel / plain fit, both cases
REDRAW_TARGET_S = 2.0

# A column trains a freshly built model for ``epochs`` epochs and may return extra
# figures to report (e.g. draw counts). It runs inside the kernel and is timed whole.
FitFunction = Callable[[Any, Any, Any, int], "dict[str, float] | None"]
COLUMNS: dict[str, FitFunction] = {}


def add_column(name: str, fit: FitFunction) -> None:
    """Time another way of training, e.g. "training through the panel", next to the others.

    Call it at import time of this module, or pass ``--column NAME=MODULE:FUNCTION``
    so the kernel imports ``fit`` from an importable module.
    """
    if not name or name in COLUMNS:
        raise ValueError(f"column name must be new and non-empty; taken: {sorted(COLUMNS)}")
    if not callable(fit):
        raise TypeError(f"fit must be callable as fit(model, x, y, epochs); got {type(fit).__name__}")
    COLUMNS[name] = fit


# --- columns (run inside the kernel) ---------------------------------------------------


def fit_plain(model: Any, x: Any, y: Any, epochs: int) -> None:
    """Plain ``fit``, the baseline."""
    model.fit(x, y, epochs=epochs, **FIT_ARGS)


def fit_live_history(model: Any, x: Any, y: Any, epochs: int) -> dict[str, float]:
    """``fit`` with ``kteach.LiveHistory`` (default settings), counting its redraws."""
    from kteach import LiveHistory
    from kteach.notebook import in_notebook
    from kteach.render import NotebookRenderer

    class TimedRenderer(NotebookRenderer):
        """The notebook renderer, noting when each draw ends and how long it took."""

        def __init__(self) -> None:
            super().__init__()
            self.ends: list[float] = []
            self.costs: list[float] = []

        def draw(self, log: Any) -> None:
            start = time.perf_counter()
            super().draw(log)
            self.ends.append(time.perf_counter())
            self.costs.append(self.ends[-1] - start)

    if not in_notebook():
        raise RuntimeError("LiveHistory must be measured inside a notebook kernel")
    renderer = TimedRenderer()
    start = time.perf_counter()
    model.fit(x, y, epochs=epochs, callbacks=[LiveHistory(renderer=renderer)], **FIT_ARGS)
    elapsed = time.perf_counter() - start
    gaps = [later - earlier for earlier, later in zip(renderer.ends, renderer.ends[1:])]
    return {
        "draws": len(renderer.ends),
        "first_draw_after_s": renderer.ends[0] - start,
        "max_gap_between_draws_s": max(gaps, default=0.0),
        "median_draw_ms": 1000 * statistics.median(renderer.costs),
        "drawing_share_of_fit": sum(renderer.costs) / elapsed,
    }


def fit_livelossplot(model: Any, x: Any, y: Any, epochs: int) -> None:
    """``fit`` with livelossplot's ``PlotLossesKeras`` (redraws every epoch via clear_output)."""
    from livelossplot import PlotLossesKeras

    model.fit(x, y, epochs=epochs, callbacks=[PlotLossesKeras()], **FIT_ARGS)


_PANELS: list[Any] = []  # one panel per kernel: building its widgets is not part of training


def fit_through_panel(model: Any, x: Any, y: Any, epochs: int) -> None:
    """``fit`` with what the hyperparameter panel adds to a run: stop check, progress, live plot."""
    import threading

    from kteach.panel import HyperparameterPanel
    from kteach.training import RunCallback

    if not _PANELS:
        _PANELS.append(HyperparameterPanel(((x[:64], y[:64]), (x[:64], y[:64]))))  # only its callbacks are used
    callbacks = [RunCallback(threading.Event()), *_PANELS[0].run_callbacks()]
    try:
        model.fit(x, y, epochs=epochs, callbacks=callbacks, **FIT_ARGS)
    finally:
        callbacks[-1].finish()


add_column("plain fit", fit_plain)
add_column("LiveHistory", fit_live_history)
add_column("livelossplot", fit_livelossplot)
add_column("panel", fit_through_panel)


# --- the measurement (runs inside the kernel) ----------------------------------------------


def build_model() -> Any:
    """Lesson 01's MLP, compiled as the lesson does."""
    import keras

    model = keras.Sequential([
        keras.Input((784,)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.SGD(), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def load_training_set() -> tuple[Any, Any, str]:
    """The 60,000 Fashion-MNIST training images as flat floats in [0, 1], labels, and the source."""
    from kteach.datasets import describe, last_source, load_fashion_mnist

    os.environ["KTEACH_QUICK"] = "0"
    (images, labels), _ = load_fashion_mnist()
    if len(images) != 60_000:
        raise SystemExit("the benchmark needs the full Fashion-MNIST: apt-get install dataset-fashion-mnist")
    return images.reshape(len(images), 784).astype("float32") / 255, labels, describe(last_source("fashion_mnist"))


def usable_columns() -> tuple[dict[str, FitFunction], dict[str, str]]:
    """The registered columns whose libraries import here, and why the others were skipped."""
    skipped = {}
    try:
        importlib.import_module("livelossplot")
    except (ImportError, AttributeError) as error:  # missing, or broken by a Keras release
        skipped["livelossplot"] = f"cannot import livelossplot: {error!r}"
    return {name: fit for name, fit in COLUMNS.items() if name not in skipped}, skipped


def measure(rounds: int, extra_columns: dict[str, str]) -> dict[str, Any]:
    """Time every column in every case, interleaved, ``rounds`` times (after one warm-up each)."""
    import keras

    for name, target in extra_columns.items():
        module, function = target.split(":")
        add_column(name, getattr(importlib.import_module(module), function))
    x, y, source = load_training_set()
    columns, skipped = usable_columns()
    results: dict[str, Any] = {"python": sys.executable, "data": source, "skipped": skipped, "cases": {}}
    for case, (images, epochs) in CASES.items():
        times: dict[str, list[float]] = {name: [] for name in columns}
        cpu: dict[str, list[float]] = {name: [] for name in columns}
        extras: dict[str, list[dict[str, float]]] = {name: [] for name in columns}
        for fit in columns.values():  # warm-up: imports, fonts, first traces
            keras.utils.set_random_seed(0)
            fit(build_model(), x[:1_000], y[:1_000], 1)
        for round_ in range(rounds):
            names = list(columns)
            for name in names[round_ % len(names):] + names[: round_ % len(names)]:
                keras.utils.set_random_seed(round_)
                model = build_model()
                start, start_cpu = time.perf_counter(), time.process_time()
                extra = columns[name](model, x[:images], y[:images], epochs)
                times[name].append(time.perf_counter() - start)
                cpu[name].append(time.process_time() - start_cpu)
                extras[name].append(extra or {})
        results["cases"][case] = {"times": times, "cpu": cpu, "extras": extras}
    return results


def run_in_kernel(rounds: int, extra_columns: dict[str, str], out: str) -> None:
    """Entry point of the generated notebook: measure and write the results as JSON."""
    Path(out).write_text(json.dumps(measure(rounds, extra_columns)))


# --- the driver (runs here, starts the kernel) -------------------------------------------------


def execute_in_kernel(rounds: int, extra_columns: dict[str, str], timeout_s: int) -> dict[str, Any]:
    """Execute a one-cell notebook that runs :func:`run_in_kernel`, and return its results."""
    import nbformat
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "results.json"
        source = (
            f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
            "import live_overhead\n"
            f"live_overhead.run_in_kernel({rounds}, {extra_columns!r}, {str(out)!r})"
        )
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
        client = NotebookClient(
            notebook, timeout=timeout_s, kernel_name="python3", resources={"metadata": {"path": str(REPO)}}
        )
        client.execute()
        return json.loads(out.read_text())


def report(results: dict[str, Any]) -> str:
    """Per column: median seconds, the median and range of its per-round ratio to plain fit, then the redraws.

    Each round times every column once, so a round's ratio compares fits run minutes apart at most.
    """
    lines = [f"kernel python: {results['python']}", f"data: {results['data']}"]
    lines += [f"skipped {name}: {why}" for name, why in results["skipped"].items()]
    for case, found in results["cases"].items():
        lines.append(
            f"\n{case}, {len(found['times']['plain fit'])} rounds; "
            f"targets LiveHistory <= {TARGETS[case]:.2f}x, panel <= {PANEL_TARGET:.2f}x"
        )
        lines += ratio_table("wall", found["times"])
        lines += ratio_table("CPU", found["cpu"])
        for name, extras in found["extras"].items():
            for key in sorted({key for extra in extras for key in extra}):
                values = ", ".join(f"{extra[key]:.3g}" for extra in extras if key in extra)
                lines.append(f"  {name} {key}: {values}")
    lines.append(f"\nredraw target: at least every {REDRAW_TARGET_S:.0f} s (max_gap_between_draws_s)")
    return "\n".join(lines)


def ratio_table(clock: str, seconds: dict[str, list[float]]) -> list[str]:
    """One line per column: median seconds, the median and range of its per-round ratio to plain fit, each run.

    ``clock`` "wall" is what a learner waits; "CPU" is the kernel process's CPU time (every
    thread), which other jobs move less, though on a virtual machine it still varies by tens of per cent.
    """
    plain = seconds["plain fit"]
    lines = [f"  {clock + ' time':14s} {'median':>8s} {'ratio':>7s} {'ratio range':>15s}   runs (s)"]
    for name, runs in seconds.items():
        ratios = [run / base for run, base in zip(runs, plain)]
        spread = ", ".join(f"{run:.2f}" for run in runs)
        lines.append(
            f"  {name:14s} {statistics.median(runs):6.2f} s {statistics.median(ratios):6.3f}x "
            f"{min(ratios):6.3f}-{max(ratios):.3f}x   {spread}"
        )
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed fits per column and case (default 3)")
    parser.add_argument("--column", action="append", default=[], metavar="NAME=MODULE:FUNCTION",
                        help="another column: fit(model, x, y, epochs) imported inside the kernel")
    parser.add_argument("--timeout", type=int, default=1200, help="seconds the kernel may take (default 1200)")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if not all("=" in column and ":" in column.split("=", 1)[1] for column in args.column):
        parser.error("--column must look like NAME=MODULE:FUNCTION")
    extra = dict(column.split("=", 1) for column in args.column)
    started, load_before, stolen_before = time.perf_counter(), os.getloadavg(), stolen_seconds()
    results = execute_in_kernel(args.rounds, extra, args.timeout)
    print(report(results))
    wall = time.perf_counter() - started
    print(f"\ntotal wall time {wall:.0f} s; load average (1, 5, 15 min) before "
          f"{' '.join(f'{x:.2f}' for x in load_before)}, after {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if stolen_before is not None:
        stolen = stolen_seconds() - stolen_before
        print(f"CPU time the hypervisor gave to other guests (steal): {stolen:.0f} s, "
              f"{stolen / (wall * (os.cpu_count() or 1)):.1%} of this machine's CPU time during the run")
    if args.json:
        write_atomic(args.json, json.dumps(results, indent=1))


def stolen_seconds() -> float | None:
    """CPU seconds this virtual machine's CPUs have waited for the hypervisor since boot (Linux only).

    Steal slows every column at random moments, so it says how far to trust a run's wall times.
    """
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK")  # "cpu user nice system idle iowait irq softirq steal"
    except (OSError, IndexError, ValueError):
        return None


if __name__ == "__main__":
    main()
