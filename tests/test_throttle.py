"""Tests for kteach.throttle: one redraw per slot, slots stretched by the cost of a draw."""

from __future__ import annotations

import math
import threading

import pytest

from kteach.throttle import Throttle


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def tick(throttle: Throttle, clock: FakeClock, step: float, count: int) -> list[float]:
    """Ask the throttle ``count`` times, ``step`` seconds apart; return the times it said yes."""
    allowed = []
    for _ in range(count):
        if throttle.due():
            allowed.append(clock.now)
        clock.now += step
    return allowed


def test_throttle_allows_one_draw_per_time_slot():
    clock = FakeClock()
    # 0.375 s epochs: each 1 s slot's draw goes to the epoch ending nearest the slot start
    allowed = tick(Throttle(1.0, clock=clock), clock, 0.375, 20)
    assert allowed == [0.0, 1.125, 1.875, 3.0, 4.125, 4.875, 6.0, 7.125]
    assert len(allowed) <= 7.5 / 1.0 + 1


def test_throttle_draws_every_epoch_about_as_long_as_the_interval():
    clock = FakeClock()
    assert tick(Throttle(1.0, clock=clock), clock, 0.9375, 8) == [0.9375 * i for i in range(8)]


def test_throttle_slots_count_from_the_first_draw():
    clock = FakeClock()
    clock.now = 100.25
    assert tick(Throttle(2.0, clock=clock), clock, 0.5, 10) == [100.25, 102.25, 104.25]


def test_throttle_reset_lets_the_next_draw_through():
    clock = FakeClock()
    throttle = Throttle(5.0, clock=clock)
    assert throttle.due() and not throttle.due()
    throttle.reset()
    assert throttle.due()


def test_zero_interval_always_draws():
    throttle = Throttle(0, clock=FakeClock())
    assert all(throttle.due() for _ in range(5))


@pytest.mark.parametrize(("value", "error"), [(-1, ValueError), (math.inf, ValueError), ("1", TypeError), (True, TypeError)])
def test_throttle_rejects_bad_intervals(value, error):
    with pytest.raises(error, match="min_interval must be"):
        Throttle(value)


def draw_times(throttle: Throttle, clock: FakeClock, epoch_s: float, epochs: int, cost_s: float) -> list[float]:
    """When a throttled fit with ``epoch_s``-long epochs and ``cost_s``-long draws redraws."""
    drawn = []
    for _ in range(epochs):
        clock.now += epoch_s
        if throttle.due():
            drawn.append(round(clock.now, 6))
            throttle.note_cost(cost_s)
    return drawn


def test_expensive_draws_stretch_the_slots_to_the_budget():
    clock = FakeClock()
    drawn = draw_times(Throttle(1.0, clock=clock), clock, 0.15, 100, cost_s=0.03)  # 15 s of short epochs
    gaps = [later - earlier for earlier, later in zip(drawn, drawn[1:])]
    assert 0.03 * len(drawn) / 15 <= 0.025  # about 2% of the time drawing, not 3%
    assert min(gaps[1:]) >= 1.35 and max(gaps) <= 2.0


def test_stretching_never_delays_a_redraw_past_max_gap():
    clock = FakeClock()
    drawn = draw_times(Throttle(1.0, clock=clock), clock, 1.2, 10, cost_s=0.03)
    assert len(drawn) == 10  # 1.2 s epochs: every epoch is drawn, since skipping one would leave 2.4 s


def test_cheap_draws_keep_the_minimum_interval():
    clock = FakeClock()
    throttle = Throttle(1.0, clock=clock)
    draw_times(throttle, clock, 0.25, 20, cost_s=0.001)
    assert throttle.interval == 1.0


@pytest.mark.parametrize("budget", [0, -0.1, 1.5, True])
def test_throttle_rejects_bad_budgets(budget):
    with pytest.raises(ValueError, match="budget must be a share of the time"):
        Throttle(1.0, budget=budget)


def test_costs_reported_from_another_thread_stretch_the_slots():
    clock = FakeClock()
    throttle = Throttle(1.0, clock=clock)
    assert throttle.due()
    worker = threading.Thread(target=throttle.note_cost, args=(0.03,))  # as the panel's drawing thread does
    worker.start()
    worker.join()
    assert throttle.interval == pytest.approx(0.03 / 0.02)


def test_errors_read_in_chinese(chinese):
    with pytest.raises(ValueError, match=r"^min_interval 必须是 >= 0 的有限秒数；收到的是 -1$"):
        Throttle(min_interval=-1)


@pytest.mark.parametrize("epoch_s", [0.27, 0.6, 1.1, 1.9])
def test_epoch_end_redraws_never_leave_more_than_max_gap(epoch_s):
    clock = FakeClock()
    drawn = draw_times(Throttle(1.0, clock=clock), clock, epoch_s, 60, cost_s=0.05)  # costly: 2.5 s slots wanted
    gaps = [later - earlier for earlier, later in zip(drawn, drawn[1:])]
    assert max(gaps) <= 2.0 + 1e-9
    assert min(gaps) >= min(1.0, epoch_s) - 1e-9  # and no more often than a slot


def long_epochs(throttle: Throttle, clock: FakeClock, epoch_s: float, batches: int, epochs: int) -> list[tuple[str, float]]:
    """Ask between batches (``overdue``) and at epoch ends (``due``); return (hook, time) of each yes."""
    drawn = []
    for _ in range(epochs):
        for _ in range(batches):
            clock.now += epoch_s / batches
            if throttle.overdue():
                drawn.append(("batch", round(clock.now, 6)))
        if throttle.due():
            drawn.append(("epoch", round(clock.now, 6)))
    return drawn


def test_long_epochs_are_redrawn_between_batches_at_most_max_gap_apart():
    clock = FakeClock()
    throttle = Throttle(1.0, clock=clock)
    throttle.reset()  # the fit starts at 0
    drawn = long_epochs(throttle, clock, epoch_s=5.0, batches=100, epochs=3)
    times = [0.0] + [when for _, when in drawn]
    assert max(later - earlier for earlier, later in zip(times, times[1:])) <= 2.0
    assert drawn[0] == ("batch", 1.5)  # the first epoch shows progress before it ends
    assert [hook for hook, _ in drawn].count("epoch") == 3


def test_short_epochs_are_never_redrawn_between_batches():
    clock = FakeClock()
    drawn = long_epochs(Throttle(1.0, clock=clock), clock, epoch_s=0.3, batches=20, epochs=30)
    assert {hook for hook, _ in drawn} == {"epoch"}
