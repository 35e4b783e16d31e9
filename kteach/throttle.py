"""``Throttle``: decides when a live plot may redraw, so drawing stays a small share of training.

Used by :class:`kteach.LiveHistory` (lesson 01). A renderer that draws on
another thread reports its cost from there, so the throttle's state is guarded
by a lock.
"""

from __future__ import annotations

import math
import numbers
import threading
import time
from collections.abc import Callable

from kteach.i18n import tr

MID_EPOCH_SLACK = 0.5  # seconds kept in hand for a redraw between batches: the draw itself, and the next batch


class Throttle:
    """Lets at most one redraw through per time slot, and keeps drawing a small share of the time.

    Drawing a figure costs tens of milliseconds, so redrawing after every epoch of
    a fast fit would slow training down; the final state is drawn regardless.
    Slots are counted from the first draw, and each slot's redraw goes to the
    call nearest the slot's start (judged by the time between calls). So there is
    on average at most one redraw per slot, and epochs about as long as a slot are
    each drawn, not every other one.

    A slot is ``min_interval`` long until :meth:`note_cost` reports what a draw
    costs: then it stretches so that drawing takes about ``budget`` of the wall
    time (30 ms per draw and a 2% budget give 1.5 s slots), but never so far that
    the gap between redraws could pass ``max_gap`` seconds: a call is let through
    whenever waiting for the next one would pass it. Epochs longer than that get
    redraws between batches too (see :meth:`overdue`).

    Args:
        min_interval: Shortest slot in seconds; 0 lets every draw through.
        clock: Returns the current time in seconds (injectable for tests).
        budget: Share of the wall time that drawing may take, from 0 (exclusive) to 1.
        max_gap: Longest wait between redraws that stretching may cause, in seconds.
    """

    def __init__(
        self,
        min_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        budget: float = 0.02,
        max_gap: float = 2.0,
    ) -> None:
        self.min_interval = _seconds("min_interval", min_interval)
        self.max_gap = _seconds("max_gap", max_gap)
        if isinstance(budget, bool) or not isinstance(budget, numbers.Real) or not 0 < budget <= 1:
            raise ValueError(tr("budget must be a share of the time, > 0 and <= 1; got {budget!r}", budget=budget))
        self.budget = float(budget)
        self._clock = clock
        self._lock = threading.Lock()
        self.reset()

    def due(self) -> bool:
        """Return True (and use up the current slot) if a draw may happen now."""
        with self._lock:
            return self._take_slot(self._clock())

    def _take_slot(self, now: float) -> bool:
        """Use up the slot ``now`` falls in, if no call has used it yet, or if the next call would be too late."""
        self._period = 0.0 if self._last_call is None else now - self._last_call
        self._last_call = now
        if self._start is None or self.interval == 0:
            self._start = now
            return self._drawn_at(now)
        # Half a period ahead: the call nearest the slot start wins, not the first one after it.
        slot = math.floor((now + self._period / 2 - self._start) / self.interval)
        since = now - self._last_draw
        too_late_next = since + self._period >= self.max_gap and since >= self.min_interval
        if slot <= self._slot and not too_late_next:
            return False
        self._slot = max(slot, self._slot)
        return self._drawn_at(now)

    def overdue(self) -> bool:
        """Return True (and count a draw) if the epoch in progress has run too long without a redraw.

        Meant to be asked between batches: once the last redraw (or the start) is
        ``max_gap - MID_EPOCH_SLACK`` seconds ago (never less than ``min_interval``) and the
        epoch has lasted half that, it lets one through, so a plot of long epochs still
        moves every ``max_gap`` seconds. Short epochs never qualify: they are drawn at their ends.
        """
        with self._lock:
            now = self._clock()
            wait = max(self.max_gap - MID_EPOCH_SLACK, self.max_gap / 2, self.min_interval)
            epoch_start = self._began if self._last_call is None else self._last_call
            if now - self._last_draw < wait or now - epoch_start < wait / 2:
                return False
            return self._drawn_at(now)

    def _drawn_at(self, now: float) -> bool:
        """Note that a redraw is let through at ``now``; return True."""
        self._last_draw = now
        return True

    def note_cost(self, seconds: float) -> None:
        """Report what the last draw took; the slots stretch (or shrink back) to keep within the budget."""
        if self.min_interval == 0:
            return
        with self._lock:
            self._stretch(seconds)

    def _stretch(self, seconds: float) -> None:
        """Set the slot length for draws that cost ``seconds`` each."""
        # a redraw can come up to a slot plus half an epoch late: keep that within max_gap
        longest = max(self.min_interval, self.max_gap - 1.5 * self._period)
        interval = min(max(self.min_interval, seconds / self.budget), longest)
        if interval != self.interval and self._last_call is not None:
            # count the new slots from the draw that just happened
            self.interval, self._start, self._slot = interval, self._last_call, 0

    def reset(self) -> None:
        """Start counting slots afresh at the next draw, e.g. at the start of a new fit."""
        with self._lock:
            self._restart()

    def _restart(self) -> None:
        """Forget the slots counted so far."""
        self.interval = self.min_interval
        self._began = self._last_draw = self._clock()  # a fit starts when its slots are reset
        self._start: float | None = None
        self._last_call: float | None = None
        self._period = 0.0
        self._slot = 0


def _seconds(name: str, value: float) -> float:
    """``value`` as a finite number of seconds >= 0, or an error naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(tr("{name} must be a number of seconds; got {kind}", name=name, kind=type(value).__name__))
    if not math.isfinite(value) or value < 0:
        raise ValueError(tr("{name} must be a finite number of seconds >= 0; got {value!r}", name=name, value=value))
    return float(value)
