"""What `agentmemory serve` changes in the interpreter: a shorter GIL switch interval on the
embedded store (whose writer thread wins the GIL back after every statement) and nothing on the
AWS stack; once started, fewer young-generation collections and the objects it holds frozen out
of full ones."""

from __future__ import annotations

import gc
import sys

import pytest

from agentmemory_server.cli import (
    EMBEDDED_SWITCH_INTERVAL_S,
    GC_YOUNG_THRESHOLD,
    tune_garbage_collection,
    tune_interpreter,
)
from agentmemory_server.config import Settings


@pytest.fixture(autouse=True)
def restored_switch_interval():
    before = sys.getswitchinterval()
    yield before
    sys.setswitchinterval(before)


def test_embedded_store_shortens_the_switch_interval(restored_switch_interval):
    assert restored_switch_interval > EMBEDDED_SWITCH_INTERVAL_S
    tune_interpreter(Settings(backend="embedded"))
    assert sys.getswitchinterval() == pytest.approx(EMBEDDED_SWITCH_INTERVAL_S)


def test_aws_stack_keeps_the_default(restored_switch_interval):
    tune_interpreter(Settings(backend="aws"))
    assert sys.getswitchinterval() == restored_switch_interval


def test_a_started_server_collects_less_often_and_freezes_what_it_holds_after_collecting_its_garbage():
    class Cycle:
        pass

    garbage = Cycle()
    garbage.self = garbage
    collected = []
    gc.callbacks.append(lambda phase, info: phase == "stop" and collected.append(info["collected"]))
    thresholds = gc.get_threshold()
    try:
        del garbage
        tune_garbage_collection()
        assert gc.get_freeze_count() > 1000
        assert collected and collected[0] >= 1, "startup garbage was frozen instead of collected"
        assert gc.get_threshold() == (GC_YOUNG_THRESHOLD, *thresholds[1:])
    finally:
        gc.callbacks.pop()
        gc.unfreeze()
        gc.set_threshold(*thresholds)
