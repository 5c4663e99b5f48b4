"""Targets as the framework writes them (">= 30%", "15% to 20%", ">= 300") and their kinds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

TargetKind = Literal["at_least_share", "share_range", "at_least_count"]

_NUMBER = r"(\d+(?:\.\d+)?)"
_AT_LEAST = r"(?:>=|≥|at least)"
_AT_LEAST_SHARE = re.compile(rf"^{_AT_LEAST}\s*{_NUMBER}\s*%$", re.IGNORECASE)
_SHARE_RANGE = re.compile(rf"^{_NUMBER}\s*%?\s*(?:to|-|–)\s*{_NUMBER}\s*%$", re.IGNORECASE)
_AT_LEAST_COUNT = re.compile(rf"^{_AT_LEAST}\s*(\d+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Target:
    """A target: shares are fractions (0.30), counts are whole numbers; ``high`` only for ranges."""

    kind: TargetKind
    low: float
    high: float | None = None
    text: str = ""

    @property
    def is_share(self) -> bool:
        return self.kind != "at_least_count"

    def label(self) -> str:
        """The target as a reader writes it, the same in Lao and English."""
        if self.kind == "at_least_share":
            return f"≥ {self.low:.0%}"
        if self.kind == "share_range":
            return f"{self.low:.0%}–{self.high:.0%}"
        return f"≥ {self.low:.0f}"


def parse_target(text: str) -> Target:
    """Read a target string; raise ValueError saying what forms are understood."""
    cleaned = " ".join(str(text).split())
    if match := _AT_LEAST_SHARE.match(cleaned):
        share = float(match[1]) / 100
        if not 0 < share <= 1:
            raise ValueError(f"share target {text!r} is not between 0% and 100%")
        return Target("at_least_share", share, text=cleaned)
    if match := _SHARE_RANGE.match(cleaned):
        low, high = float(match[1]) / 100, float(match[2]) / 100
        if not 0 <= low < high <= 1:
            raise ValueError(f"range target {text!r} must go from a lower to a higher share")
        return Target("share_range", low, high, text=cleaned)
    if match := _AT_LEAST_COUNT.match(cleaned):
        count = int(match[1])
        if count <= 0:
            raise ValueError(f"count target {text!r} must be at least 1")
        return Target("at_least_count", float(count), text=cleaned)
    raise ValueError(f"target {text!r} does not parse; write '>= 30%', '15% to 20%' or '>= 300'")
