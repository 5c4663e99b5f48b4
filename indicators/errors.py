"""The named exceptions of the core; the CLI and the app turn them into messages in one place."""

from __future__ import annotations

from dataclasses import dataclass, field


class IndicatorsError(Exception):
    """Base of every error the core raises on purpose."""


FRAMEWORK_RULES = frozenset({
    "unreadable_file", "invalid_field", "duplicate_code", "missing_lao", "missing_english",
    "unknown_unit", "unknown_column", "bad_target", "target_mismatch", "bad_period",
    "empty_group",
})  # fmt: skip


@dataclass(frozen=True)
class FrameworkProblem:
    """One rule a framework or unit-register file breaks: which file, which entry, which rule."""

    file: str
    entry: str
    rule: str
    detail: str = ""

    def __post_init__(self) -> None:
        if self.rule not in FRAMEWORK_RULES:
            raise ValueError(f"{self.rule!r} is not a framework rule")


@dataclass
class FrameworkError(IndicatorsError):
    """A framework file was refused; every problem found in it is listed."""

    problems: list[FrameworkProblem] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [
            f"{p.file}: {p.entry}: {p.rule}" + (f" ({p.detail})" if p.detail else "")
            for p in self.problems
        ]
        return "framework refused:\n" + "\n".join(lines)


class UnknownUnit(IndicatorsError):
    """A unit code that is not in the unit register."""


class UnknownSubmission(IndicatorsError):
    """A submission id that the database does not hold."""


class SettingsError(IndicatorsError):
    """The settings file or an environment setting cannot be used."""
