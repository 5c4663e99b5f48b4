"""The bundled framework and unit register, and the rules a framework file is refused for."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from indicators.errors import FrameworkError
from indicators.framework import FRAMEWORK_DIR, UNITS_FILE, load_framework
from indicators.targets import parse_target

BUNDLED = FRAMEWORK_DIR / "2021-2025.yaml"
TARGETS = {
    "GE-1.1.staff_aware": ("at_least_share", 0.70, None),
    "GE-2.1.trainings": ("at_least_count", 5, None),
    "GE-2.3.female_trained": ("at_least_count", 300, None),
    "GE-2.4.seminars": ("at_least_count", 5, None),
    "GE-2.4.attendance": ("at_least_count", 400, None),
    "GE-3.1.women_leaders": ("at_least_share", 0.30, None),
    "GE-3.2.women_theory_upgrades": ("share_range", 0.15, 0.20),
    "GE-3.3.women_professional_upgrades": ("at_least_share", 0.40, None),
    "GE-3.4.women_participants": ("at_least_share", 0.35, None),
}


def test_the_agreement_has_three_plans_and_33_activities(framework):
    assert [p.code for p in framework.plans] == ["GE", "MC", "VAC"]
    assert [len(p.programmes) for p in framework.plans] == [3, 2, 1]
    assert len(framework.activities) == 33
    assert next(iter(framework.activities)) == "GE-1.1"
    assert list(framework.activities)[-1] == "VAC-1.8"
    assert (framework.period_start, framework.period_end, framework.reporting_start) == (
        2021,
        2025,
        2023,
    )


def test_the_eight_numeric_targets(framework):
    targeted = {i.code: i.target for i in framework.indicators if i.target is not None}
    assert set(targeted) == set(TARGETS)
    for code, (kind, low, high) in TARGETS.items():
        target = targeted[code]
        assert (target.kind, target.high) == (kind, high), code
        assert target.low == pytest.approx(low)


def test_every_other_activity_has_output_indicators_and_a_status(framework):
    targeted = {i.activity for i in framework.indicators if i.target is not None}
    for code, activity in framework.activities.items():
        keys = {i.key for i in activity.indicators}
        if code in targeted:
            continue
        assert keys == {"events", "reached", "reached_female", "products", "status"}, code


def test_every_label_is_in_lao_and_english(framework):
    for activity in framework.activities.values():
        assert activity.text.lo and activity.text.en
        assert any("\u0e80" <= ch <= "\u0eff" for ch in activity.text.lo), activity.code
        for indicator in activity.indicators:
            assert indicator.name.lo and indicator.name.en
    for unit in framework.units:
        assert any("\u0e80" <= ch <= "\u0eff" for ch in unit.name.lo), unit.code


def test_groups_expand_to_units(framework):
    assert len(framework.activities["GE-1.1"].responsible) == len(framework.units)
    assert framework.activities["VAC-1.3"].responsible == (
        "TRA",
        "DCS",
        "LTC",
        "ETL",
        "UNITEL",
        "BEST",
        "LAOPOST",
    )
    assert framework.activities["GE-2.4"].lead == "DDT"
    assert {"LTC", "ETL", "UNITEL", "BEST", "LAOPOST"} <= set(framework.unit_codes)


def _write(tmp_path: Path, edit) -> Path:
    raw = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    edit(raw)
    path = tmp_path / "edited.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def _first_activity(raw):
    return raw["plans"][0]["programmes"][0]["activities"][0]


def _set(getter, key, value):
    def edit(raw):
        getter(raw)[key] = value

    return edit


REFUSALS = {
    "unknown_unit": (_set(_first_activity, "responsible", ["NOPE"]), "GE-1.1"),
    "duplicate_code": (
        lambda raw: raw["plans"][0]["programmes"][0]["activities"][1].update(code="GE-1.1"),
        "GE-1.1",
    ),
    "bad_target": (
        lambda raw: _first_activity(raw)["indicators"][0].update(target="seventy percent"),
        "GE-1.1.staff_aware.target",
    ),
    "missing_lao": (lambda raw: _first_activity(raw)["text"].update(lo=""), "GE-1.1"),
    "target_mismatch": (
        lambda raw: _first_activity(raw)["indicators"][0].update(target=">= 70"),
        "GE-1.1.staff_aware.target",
    ),
    "unknown_column": (
        lambda raw: _first_activity(raw)["indicators"][0].update(numerator="aware_staff"),
        "GE-1.1.staff_aware.numerator",
    ),
    "invalid_field": (
        lambda raw: _first_activity(raw).update(responsable=["DOP"]),
        "plans.0.programmes.0.activities.0.responsable",
    ),
    "bad_period": (lambda raw: raw.update(reporting_start=2030), "reporting_start"),
}


@pytest.mark.parametrize("rule", REFUSALS)
def test_a_broken_framework_is_refused_naming_file_entry_and_rule(tmp_path, rule):
    edit, entry = REFUSALS[rule]
    with pytest.raises(FrameworkError) as refused:
        load_framework(_write(tmp_path, edit))
    problems = [(p.file, p.entry, p.rule) for p in refused.value.problems]
    assert ("edited.yaml", entry, rule) in problems
    assert "edited.yaml" in str(refused.value)


def test_every_problem_of_a_file_is_listed(tmp_path):
    def edit(raw):
        REFUSALS["unknown_unit"][0](raw)
        REFUSALS["missing_lao"][0](raw)
        REFUSALS["bad_target"][0](raw)

    with pytest.raises(FrameworkError) as refused:
        load_framework(_write(tmp_path, edit))
    assert {p.rule for p in refused.value.problems} == {"unknown_unit", "missing_lao", "bad_target"}


def test_a_2026_2030_framework_loads_from_a_new_file(tmp_path):
    new = {
        "code": "2026-2030",
        "name": {"lo": "ແຜນດຳເນີນງານແຫ່ງຊາດ 2026-2030", "en": "National action plans 2026-2030"},
        "period": {"start": 2026, "end": 2030},
        "reporting_start": 2026,
        "plans": [
            {
                "code": "GE5",
                "name": {"lo": "ແຜນດຳເນີນງານແຫ່ງຊາດ ເພື່ອຄວາມສະເໝີພາບຍິງ-ຊາຍ ຄັ້ງທີ V", "en": "GE, 5th"},
                "programmes": [
                    {
                        "code": "GE5-1",
                        "name": {"lo": "ແຜນງານ 1", "en": "Programme 1"},
                        "activities": [
                            {
                                "code": "GE5-1.1",
                                "text": {"lo": "ສ້າງຜູ້ນຳຍິງ", "en": "Women leaders"},
                                "responsible": ["DOP", "TELCO"],
                                "indicators": [
                                    {
                                        "key": "women_leaders",
                                        "name": {"lo": "ຜູ້ນຳຍິງ", "en": "Women leaders"},
                                        "source": "staff",
                                        "numerator": "leaders_female",
                                        "denominator": "leaders_total",
                                        "aggregation": "latest",
                                        "target": ">= 35%",
                                        "target_applies_to": "every_unit",
                                    }
                                ],
                            }
                        ],
                    }
                ],
            }
        ],
    }
    path = tmp_path / "2026-2030.yaml"
    path.write_text(yaml.safe_dump(new, allow_unicode=True), encoding="utf-8")
    loaded = load_framework(path)
    assert loaded.reporting_years == (2026, 2027, 2028, 2029, 2030)
    assert loaded.indicators[0].target.low == pytest.approx(0.35)
    assert loaded.activities["GE5-1.1"].responsible[:2] == ("DOP", "LTC")


def test_the_unit_register_refuses_a_duplicate(tmp_path):
    raw = yaml.safe_load(UNITS_FILE.read_text(encoding="utf-8"))
    raw["units"].append(dict(raw["units"][0]))
    units = tmp_path / "units.yaml"
    units.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FrameworkError) as refused:
        load_framework(BUNDLED, units)
    assert [(p.file, p.entry, p.rule) for p in refused.value.problems] == [
        ("units.yaml", "CAWMC", "duplicate_code")
    ]


@pytest.mark.parametrize(
    ("text", "kind", "low", "high"),
    [
        (">= 30%", "at_least_share", 0.30, None),
        ("≥30 %", "at_least_share", 0.30, None),
        ("15% to 20%", "share_range", 0.15, 0.20),
        ("15-20%", "share_range", 0.15, 0.20),
        (">= 300", "at_least_count", 300, None),
        ("at least 5", "at_least_count", 5, None),
    ],
)
def test_target_forms(text, kind, low, high):
    target = parse_target(text)
    assert (target.kind, target.high) == (kind, high)
    assert target.low == pytest.approx(low)


@pytest.mark.parametrize("text", ["30%", "about 5", "20% to 15%", ">= 130%", ">= 0", ""])
def test_targets_that_do_not_parse(text):
    with pytest.raises(ValueError, match="target"):
        parse_target(text)
