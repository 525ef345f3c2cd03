"""Fixtures for the CLI tests: a real click runner over real files in tmp_path."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from eventwire.cli import _register, cli

# Clearly synthetic reports about made-up places.
VIOLENT = ("Gunmen killed four villagers in an attack on the village of Kornwald in Testland on Monday, "
           "local officials said. The attackers also burned several houses before fleeing.")
CALM = "The Testland football league announced its new season schedule on Monday. Tickets go on sale next week."


@pytest.fixture(scope="session")
def invoke():
    """invoke(*args, input=None) -> click Result, with stdout and stderr kept apart."""
    _register()
    runner = CliRunner()

    def _invoke(*args, input=None):
        return runner.invoke(cli, ["extract", *map(str, args)], input=input, catch_exceptions=False)

    return _invoke


@pytest.fixture
def violent() -> str:
    return VIOLENT


@pytest.fixture
def calm() -> str:
    return CALM
