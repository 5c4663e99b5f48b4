"""The results framework as data: plans, programmes, activities, indicators, targets and units."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from indicators import ROOT
from indicators.errors import FrameworkError, FrameworkProblem, UnknownUnit
from indicators.schema import SHEETS_BY_KEY
from indicators.targets import Target, parse_target

FRAMEWORK_DIR = ROOT / "data" / "framework"
UNITS_FILE = ROOT / "data" / "units.yaml"
ALL = "ALL"
"""In the framework, every unit of the register; in results, the ministry-wide row."""


# --- The file formats, checked strictly: a misspelt key is refused rather than ignored. ---


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TextModel(_Strict):
    lo: str = ""
    en: str = ""


class UnitModel(_Strict):
    code: str
    lo: str = ""
    en: str = ""
    kind: str


class GroupModel(_Strict):
    lo: str = ""
    en: str = ""
    kinds: list[str] = Field(min_length=1)


class UnitsFile(_Strict):
    groups: dict[str, GroupModel] = {}
    units: list[UnitModel]


class FilterModel(_Strict):
    activity: Literal["own", "any"] = "own"
    event_types: list[str] = []


class IndicatorModel(_Strict):
    key: str
    name: TextModel
    definition: TextModel | None = None
    source: Literal["staff", "activities", "deliverables"]
    numerator: str
    denominator: str | None = None
    filter: FilterModel = FilterModel()
    aggregation: Literal["sum", "latest"]
    target: str | None = None
    target_applies_to: Literal["ministry", "every_unit"] = "ministry"


class ActivityModel(_Strict):
    code: str
    text: TextModel
    responsible: list[str] = Field(min_length=1)
    partners: list[TextModel] = []
    note: str | None = None
    indicators: list[IndicatorModel] | None = None


class ProgrammeModel(_Strict):
    code: str
    name: TextModel
    activities: list[ActivityModel] = Field(min_length=1)


class PlanModel(_Strict):
    code: str
    name: TextModel
    decree: str | None = None
    programmes: list[ProgrammeModel] = Field(min_length=1)


class PeriodModel(_Strict):
    start: int
    end: int


class AgreementModel(_Strict):
    number: str
    date: dt.date
    lo: str = ""
    en: str = ""


class FrameworkFile(_Strict):
    code: str
    name: TextModel
    period: PeriodModel
    reporting_start: int
    agreement: AgreementModel | None = None
    default_indicators: list[IndicatorModel] = []
    plans: list[PlanModel] = Field(min_length=1)


# --- What the rest of the code works with. ---


@dataclass(frozen=True)
class Text:
    lo: str
    en: str

    def __getitem__(self, lang: str) -> str:
        return self.lo if lang == "lo" else self.en


@dataclass(frozen=True)
class Unit:
    code: str
    name: Text
    kind: str


@dataclass(frozen=True)
class Indicator:
    """One measure of one activity, with everything needed to compute and explain it."""

    code: str
    key: str
    activity: str
    programme: str
    plan: str
    name: Text
    definition: Text | None
    source: str
    numerator: str
    denominator: str | None
    filter_activity: str
    event_types: tuple[str, ...]
    aggregation: str
    target: Target | None
    target_applies_to: str
    responsible: tuple[str, ...]

    @property
    def is_share(self) -> bool:
        return self.denominator is not None

    @property
    def is_status(self) -> bool:
        return self.source == "deliverables"


@dataclass(frozen=True)
class Activity:
    code: str
    programme: str
    plan: str
    text: Text
    responsible: tuple[str, ...]
    """Resolved unit codes, the lead unit first; groups such as ALL are expanded."""
    responsible_as_written: tuple[str, ...]
    partners: tuple[Text, ...]
    note: str | None
    indicators: tuple[Indicator, ...]

    @property
    def lead(self) -> str:
        return self.responsible[0]


@dataclass(frozen=True)
class Programme:
    code: str
    plan: str
    name: Text
    activities: tuple[Activity, ...]


@dataclass(frozen=True)
class Plan:
    code: str
    name: Text
    decree: str | None
    programmes: tuple[Programme, ...]

    @property
    def activities(self) -> tuple[Activity, ...]:
        return tuple(a for p in self.programmes for a in p.activities)


@dataclass(frozen=True)
class Framework:
    code: str
    name: Text
    period_start: int
    period_end: int
    reporting_start: int
    agreement_number: str | None
    agreement_date: dt.date | None
    plans: tuple[Plan, ...]
    units: tuple[Unit, ...]
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source: str = ""

    @cached_property
    def activities(self) -> dict[str, Activity]:
        return {a.code: a for plan in self.plans for a in plan.activities}

    @cached_property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for a in self.activities.values() for i in a.indicators)

    @property
    def unit_codes(self) -> tuple[str, ...]:
        return tuple(u.code for u in self.units)

    def unit(self, code: str) -> Unit:
        for unit in self.units:
            if unit.code == code:
                return unit
        raise UnknownUnit(code)

    def activities_of(self, unit: str) -> tuple[Activity, ...]:
        """The activities the agreement assigns to ``unit``, in the agreement's order."""
        return tuple(a for a in self.activities.values() if unit in a.responsible)

    @property
    def reporting_years(self) -> tuple[int, ...]:
        return tuple(range(self.reporting_start, self.period_end + 1))

    @property
    def period_label(self) -> str:
        return f"{self.period_start}-{self.period_end}"


# --- Loading and checking. ---


def _text(model: TextModel) -> Text:
    return Text(model.lo, model.en)


def _read_yaml(path: Path) -> object:
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as error:
        raise FrameworkError(
            [FrameworkProblem(path.name, "-", "unreadable_file", str(error).splitlines()[0])]
        ) from error


def _parse(path: Path, model: type[BaseModel]) -> BaseModel:
    raw = _read_yaml(path)
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        problems = [
            FrameworkProblem(
                path.name,
                ".".join(str(p) for p in e["loc"]) or "-",
                "invalid_field",
                e["msg"],
            )
            for e in error.errors()
        ]
        raise FrameworkError(problems) from error


def load_units(path: Path = UNITS_FILE) -> tuple[tuple[Unit, ...], dict[str, tuple[str, ...]]]:
    """The unit register and its groups (``TELCO``: the companies), checked."""
    parsed: UnitsFile = _parse(path, UnitsFile)  # type: ignore[assignment]
    problems: list[FrameworkProblem] = []
    for code, count in Counter(u.code for u in parsed.units).items():
        if count > 1:
            problems.append(FrameworkProblem(path.name, code, "duplicate_code"))
    for unit in parsed.units:
        if not unit.lo:
            problems.append(FrameworkProblem(path.name, unit.code, "missing_lao"))
        if not unit.en:
            problems.append(FrameworkProblem(path.name, unit.code, "missing_english"))
    units = tuple(Unit(u.code, Text(u.lo, u.en), u.kind) for u in parsed.units)
    groups = {ALL: tuple(u.code for u in units)}
    for name, group in parsed.groups.items():
        members = tuple(u.code for u in units if u.kind in group.kinds)
        if not members:
            problems.append(FrameworkProblem(path.name, name, "empty_group"))
        groups[name] = members
    if problems:
        raise FrameworkError(problems)
    return units, groups


def _check_texts(file: str, entry: str, text: TextModel, problems: list[FrameworkProblem]):
    if not text.lo:
        problems.append(FrameworkProblem(file, entry, "missing_lao"))
    if not text.en:
        problems.append(FrameworkProblem(file, entry, "missing_english"))


def load_framework(path: Path | str, units_path: Path = UNITS_FILE) -> Framework:
    """Load and check one framework file; refuse it with every problem found."""
    path = Path(path)
    parsed: FrameworkFile = _parse(path, FrameworkFile)  # type: ignore[assignment]
    units, groups = load_units(units_path)
    file = path.name
    problems: list[FrameworkProblem] = []
    unit_codes = {u.code for u in units}

    if parsed.period.start > parsed.period.end:
        problems.append(FrameworkProblem(file, "period", "bad_period"))
    if not parsed.period.start <= parsed.reporting_start <= parsed.period.end:
        problems.append(FrameworkProblem(file, "reporting_start", "bad_period"))
    _check_texts(file, "name", parsed.name, problems)

    codes = Counter()
    for plan in parsed.plans:
        codes[plan.code] += 1
        for programme in plan.programmes:
            codes[programme.code] += 1
            codes.update(a.code for a in programme.activities)
    problems += [
        FrameworkProblem(file, code, "duplicate_code") for code, n in codes.items() if n > 1
    ]

    def resolve(entry: str, written: list[str]) -> tuple[str, ...]:
        resolved: list[str] = []
        for code in written:
            members = groups.get(code) or ((code,) if code in unit_codes else None)
            if members is None:
                problems.append(FrameworkProblem(file, entry, "unknown_unit", code))
                continue
            resolved += [m for m in members if m not in resolved]
        return tuple(resolved)

    def indicator(model: IndicatorModel, act: ActivityModel, prog: str, plan: str) -> Indicator:
        entry = f"{act.code}.{model.key}"
        _check_texts(file, f"{entry}.name", model.name, problems)
        if model.definition is not None:
            _check_texts(file, f"{entry}.definition", model.definition, problems)
        columns = SHEETS_BY_KEY[model.source].keys
        special = {"activities": ("count",), "deliverables": ("status",)}.get(model.source, ())
        for role, column in (("numerator", model.numerator), ("denominator", model.denominator)):
            if column is not None and column not in columns and column not in special:
                problems.append(FrameworkProblem(file, f"{entry}.{role}", "unknown_column", column))
        target = None
        if model.target is not None:
            try:
                target = parse_target(model.target)
            except ValueError as error:
                problems.append(FrameworkProblem(file, f"{entry}.target", "bad_target", str(error)))
            else:
                if target.is_share != (model.denominator is not None):
                    problems.append(
                        FrameworkProblem(file, f"{entry}.target", "target_mismatch", model.target)
                    )
        return Indicator(
            code=entry,
            key=model.key,
            activity=act.code,
            programme=prog,
            plan=plan,
            name=_text(model.name),
            definition=_text(model.definition) if model.definition else None,
            source=model.source,
            numerator=model.numerator,
            denominator=model.denominator,
            filter_activity=model.filter.activity,
            event_types=tuple(model.filter.event_types),
            aggregation=model.aggregation,
            target=target,
            target_applies_to=model.target_applies_to,
            responsible=resolve(entry, act.responsible),
        )

    plans = []
    for plan in parsed.plans:
        _check_texts(file, plan.code, plan.name, problems)
        programmes = []
        for prog in plan.programmes:
            _check_texts(file, prog.code, prog.name, problems)
            activities = []
            for act in prog.activities:
                _check_texts(file, act.code, act.text, problems)
                models = act.indicators if act.indicators is not None else parsed.default_indicators
                keys = Counter(m.key for m in models)
                problems += [
                    FrameworkProblem(file, f"{act.code}.{k}", "duplicate_code")
                    for k, n in keys.items()
                    if n > 1
                ]
                activities.append(
                    Activity(
                        code=act.code,
                        programme=prog.code,
                        plan=plan.code,
                        text=_text(act.text),
                        responsible=resolve(act.code, act.responsible),
                        responsible_as_written=tuple(act.responsible),
                        partners=tuple(_text(p) for p in act.partners),
                        note=act.note,
                        indicators=tuple(indicator(m, act, prog.code, plan.code) for m in models),
                    )
                )
            programmes.append(Programme(prog.code, plan.code, _text(prog.name), tuple(activities)))
        plans.append(Plan(plan.code, _text(plan.name), plan.decree, tuple(programmes)))

    if problems:
        raise FrameworkError(problems)
    agreement = parsed.agreement
    return Framework(
        code=parsed.code,
        name=_text(parsed.name),
        period_start=parsed.period.start,
        period_end=parsed.period.end,
        reporting_start=parsed.reporting_start,
        agreement_number=agreement.number if agreement else None,
        agreement_date=agreement.date if agreement else None,
        plans=tuple(plans),
        units=units,
        groups=groups,
        source=file,
    )


def framework_files() -> list[Path]:
    """The framework files bundled in data/framework/, oldest plan period first."""
    return sorted(FRAMEWORK_DIR.glob("*.yaml"))


@cache
def default_framework() -> Framework:
    """The framework named in the settings, loaded once per process."""
    from indicators.settings import settings

    return load_framework(FRAMEWORK_DIR / f"{settings().framework}.yaml")
