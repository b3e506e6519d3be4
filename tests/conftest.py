from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

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


def _docs_plugin_source() -> str:
    page = (Path(__file__).resolve().parents[1] / "docs" / "plugins.md").read_text(encoding="utf-8")
    start = page.index("## Writing a plugin")
    return page[start:].split("```python\n", 1)[1].split("```", 1)[0]


@pytest.fixture(scope="session")
def anytown_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the documented Anytown plugin installed in it, as pip would lay it out."""
    site = tmp_path_factory.mktemp("site-packages")
    package = site / "anytown_fosterkit"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "plugin.py").write_text(_docs_plugin_source(), encoding="utf-8")
    info = site / "anytown_fosterkit-1.0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: anytown-fosterkit\nVersion: 1.0.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[fosterkit]\nanytown = anytown_fosterkit.plugin\n", encoding="utf-8"
    )
    (info / "RECORD").write_text("", encoding="utf-8")
    return site


@pytest.fixture
def anytown_installed(anytown_site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The Anytown plugin on the import path for one test."""
    monkeypatch.syspath_prepend(str(anytown_site))
    return anytown_site


# Modules that misbehave when imported, on purpose (tests/test_plugin_manager.py loads them).
collect_ignore = ["fake_plugins"]
