"""What `agentmemory serve` changes in the interpreter: a shorter GIL switch interval on the
embedded store (whose writer thread wins the GIL back after every statement) and nothing on the
AWS stack, and, once started, the objects it holds frozen out of full garbage collections."""

from __future__ import annotations

import gc
import sys

import pytest

from agentmemory_server.cli import EMBEDDED_SWITCH_INTERVAL_S, freeze_startup_objects, tune_interpreter
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


def test_startup_objects_are_frozen_after_its_garbage_is_collected():
    class Cycle:
        pass

    garbage = Cycle()
    garbage.self = garbage
    collected = []
    gc.callbacks.append(lambda phase, info: phase == "stop" and collected.append(info["collected"]))
    try:
        del garbage
        freeze_startup_objects()
        assert gc.get_freeze_count() > 1000
        assert collected and collected[0] >= 1, "startup garbage was frozen instead of collected"
    finally:
        gc.callbacks.pop()
        gc.unfreeze()
