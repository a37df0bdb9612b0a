"""Time limits: wall-clock limits end hanging checks; CPU budgets bound the work of a SymPy proof
whatever else the machine is doing (verify/timelimit.py)."""
from __future__ import annotations

import time

import pytest

from cheatsheet.verify.timelimit import CheckTimeout, cpu_limit, time_limit


def _spin(cpu_seconds: float) -> None:
    start = time.process_time()
    while time.process_time() - start < cpu_seconds:
        pass


def test_a_cpu_budget_ends_a_computation_that_runs_past_it():
    start = time.process_time()
    with pytest.raises(CheckTimeout):
        with cpu_limit(0.2):
            _spin(5)
    assert time.process_time() - start < 2


def test_a_cpu_budget_is_not_spent_by_waiting():
    """What a busy machine does to a proof: the wall clock runs while the proof gets no CPU.
    A wall-clock limit of 0.2 s would end this block; a CPU budget of 0.2 s does not."""
    with cpu_limit(0.2):
        time.sleep(0.5)
        _spin(0.05)
    with pytest.raises(CheckTimeout):
        with time_limit(0.2):
            time.sleep(0.5)


def test_an_inner_cpu_budget_never_extends_an_outer_one():
    start = time.process_time()
    with pytest.raises(CheckTimeout):
        with cpu_limit(0.2):
            with cpu_limit(5):
                _spin(5)
    assert time.process_time() - start < 2


def test_an_outer_cpu_budget_keeps_running_after_an_inner_one_ends():
    start = time.process_time()
    with pytest.raises(CheckTimeout):
        with cpu_limit(0.4):
            with cpu_limit(0.1):
                _spin(0.02)
            _spin(5)
    assert time.process_time() - start < 2


def test_a_wall_limit_expiring_inside_a_cpu_budget_still_ends_the_check():
    """symbolic.prove catches CheckTimeout inside its budget (a proof cut short is no proof);
    when the claim's wall-clock limit was what expired, it must fire again after the block."""
    start = time.monotonic()
    with pytest.raises(CheckTimeout):
        with time_limit(0.2):
            with cpu_limit(5):
                try:
                    time.sleep(1)
                except CheckTimeout:  # the block takes the wall limit's expiry for its own
                    pass
            time.sleep(3)  # must not run to its end
    assert time.monotonic() - start < 2


def test_limits_that_do_not_expire_leave_no_timer_behind():
    import signal

    # limits far beyond the block's need: at load ~23 a 5 s wall limit expired inside it
    with time_limit(300):
        with cpu_limit(300):
            _spin(0.01)
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert signal.getitimer(signal.ITIMER_PROF)[0] == 0
