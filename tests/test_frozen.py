"""A freeze is undone only when it was the process's only one (cheatsheet/frozen.py): a caller's
own frozen objects stay out of its collections after a pool or a quiz has come and gone."""
from __future__ import annotations

import gc

import pytest

from cheatsheet import frozen


@pytest.fixture
def thawed(monkeypatch):
    monkeypatch.setattr(frozen, "_HELD", [False])
    gc.unfreeze()
    yield
    # frozen again as the suite's conftest left it, after collecting what the test left (its
    # objects are in the young generations): a full collection walked the worker's millions
    # of thawed objects too (~1 s of CPU per test), which were frozen before and are again
    gc.collect(1)
    gc.freeze()


def test_alone_it_thaws_what_it_froze(thawed):
    with frozen.frozen():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_a_callers_freeze_survives(thawed):
    mine = [{"k": [i]} for i in range(500)]
    gc.freeze()
    before = gc.get_freeze_count()
    with frozen.frozen():
        assert gc.get_freeze_count() >= before
    assert gc.get_freeze_count() >= before  # nothing thawed
    assert len(mine) == 500


def test_thawed_on_an_error_too(thawed):
    with pytest.raises(ValueError), frozen.frozen():
        raise ValueError
    assert gc.get_freeze_count() == 0


def test_a_declared_holder_keeps_its_freeze(thawed):
    frozen.hold()
    with frozen.frozen():
        pass
    assert gc.get_freeze_count() > 0
