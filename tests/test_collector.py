"""The analyses pause the cyclic garbage collector while they count, and leave it as it was."""

from __future__ import annotations

import gc

import pytest

from fosterkit._util.collector import collector_paused


@collector_paused
def _inner() -> bool:
    return gc.isenabled()


@collector_paused
def _outer() -> tuple[bool, bool]:
    inner = _inner()
    return inner, gc.isenabled()  # still paused after the inner call: the outer one restores it


@collector_paused
def _failing() -> None:
    raise ValueError("counting failed")


def test_paused_inside_and_restored_by_the_outermost_call() -> None:
    assert gc.isenabled()
    assert _outer() == (False, False)
    assert gc.isenabled()


def test_restored_after_an_error() -> None:
    with pytest.raises(ValueError, match="counting failed"):
        _failing()
    assert gc.isenabled()


def test_left_off_when_it_was_off() -> None:
    gc.disable()
    try:
        assert _inner() is False
        assert not gc.isenabled()
    finally:
        gc.enable()
