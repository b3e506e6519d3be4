from __future__ import annotations

import os
from importlib import resources

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session")
def pack_text() -> str:
    """The text of the built-in Practice Guide pack."""
    return (
        resources.files("fosterkit")
        .joinpath("data", "catalogues", "practice-guide-2026.toml")
        .read_text(encoding="utf-8")
    )
