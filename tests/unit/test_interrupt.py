"""Ctrl-C is never lost: a KeyboardInterrupt swallowed in a finaliser is still honoured."""

from __future__ import annotations

import os
import signal

import pytest

from gristmill import interrupt


@pytest.fixture
def cli_handler():
    interrupt.install()
    yield
    signal.signal(signal.SIGINT, signal.default_int_handler)
    interrupt._requested.clear()


class _SignalsWhenCollected:
    def __del__(self) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # the KeyboardInterrupt is raised in here, and swallowed


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_ctrl_c_swallowed_in_a_finaliser_is_raised_at_the_next_check(cli_handler):
    _SignalsWhenCollected()  # collected at once: Python prints "Exception ignored" and goes on
    with pytest.raises(KeyboardInterrupt):
        interrupt.check()


def test_while_deferred_ctrl_c_is_only_recorded(cli_handler):
    with interrupt.deferred():
        os.kill(os.getpid(), signal.SIGINT)  # no exception here
        with pytest.raises(KeyboardInterrupt):
            interrupt.check()
    assert signal.getsignal(signal.SIGINT) is interrupt._on_sigint  # restored


def test_without_the_cli_handler_nothing_is_recorded():
    with interrupt.deferred():
        interrupt.check()  # a library caller's Ctrl-C handling is left alone
