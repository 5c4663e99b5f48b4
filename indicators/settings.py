"""Settings from data/settings.yaml, each overridable by an environment variable."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache

import yaml

from indicators import ROOT
from indicators.errors import SettingsError

SETTINGS_FILE = ROOT / "data" / "settings.yaml"


@dataclass(frozen=True)
class StatusRules:
    share_at_risk_margin: float = 0.05
    count_at_risk_ratio: float = 0.75
    not_started_off_track_after: float = 0.5


@dataclass(frozen=True)
class Settings:
    framework: str
    database_url: str
    status: StatusRules


def resolve_database_url(url: str) -> str:
    """Make a relative SQLite path absolute from the project folder, so any working dir works."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and url != "sqlite:///:memory:":
        return prefix + str(ROOT / url[len(prefix) :])
    return url


@cache
def settings() -> Settings:
    with open(SETTINGS_FILE, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle) or {}
    try:
        status = StatusRules(**(raw.get("status") or {}))
    except TypeError as error:
        raise SettingsError(f"{SETTINGS_FILE.name}: status: {error}") from error
    return Settings(
        framework=os.environ.get("CAWMC_FRAMEWORK", raw.get("framework", "2021-2025")),
        database_url=resolve_database_url(
            os.environ.get(
                "CAWMC_DATABASE_URL", raw.get("database_url", "sqlite:///var/cawmc.sqlite")
            )
        ),
        status=status,
    )
