"""Realistic, reproducible demo workbooks for every unit and reporting year, and their loading.

The numbers are invented but shaped like the ministry's: large telecom companies, small
centres, more women among staff than among leaders, gender-equality dissemination growing year
by year. Two gaps and one corrected report are left in on purpose, so that the dashboard shows
missing reports and a superseded submission as a new user would meet them.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from dataclasses import dataclass
from pathlib import Path

from indicators import ROOT
from indicators.framework import Activity, Framework
from indicators.schema import EVENT_TYPES
from indicators.storage import Database, ImportResult, import_file
from indicators.template import build_workbook, workbook_bytes

log = logging.getLogger(__name__)

DEMO_DIR = ROOT / "var" / "demo"
SEED = 837
STAMP = dt.datetime(2026, 1, 15, 9, 0, 0)
# (unit, year) pairs that send no report, so the completeness view has something to chase.
MISSING = {("NIC", 2025), ("BEST", 2023)}
# A unit that sent a first, incomplete workbook and then a corrected one.
CORRECTED = ("DGC", 2024)

STAFF_SIZE = {
    "CAWMC": 14, "CAB": 96, "DOP": 42, "DDT": 71, "DCS": 63, "TRA": 55, "TPTC": 47, "DGC": 88,
    "ASTRI": 36, "ICTI": 124, "NIC": 31, "LTC": 1810, "ETL": 905, "UNITEL": 1320, "BEST": 248,
    "LAOPOST": 612,
}  # fmt: skip

# The kind of event each activity mostly produces.
EVENT_OF = {
    "GE-1.1": "dissemination", "GE-1.2": "meeting", "GE-1.3": "meeting", "GE-1.4": "media",
    "GE-1.5": "media", "GE-1.6": "research", "GE-2.1": "training", "GE-2.2": "training",
    "GE-2.3": "training", "GE-2.4": "seminar", "GE-2.5": "research", "GE-2.6": "training",
    "GE-3.1": "meeting", "GE-3.2": "training", "GE-3.3": "training", "GE-3.4": "training",
    "MC-1.1": "dissemination", "MC-1.2": "dissemination", "MC-1.3": "counselling",
    "MC-1.4": "seminar", "MC-2.1": "media", "MC-2.2": "research", "MC-2.3": "meeting",
    "MC-2.4": "training", "MC-2.5": "research", "VAC-1.1": "meeting", "VAC-1.2": "meeting",
    "VAC-1.3": "meeting", "VAC-1.4": "research", "VAC-1.5": "meeting", "VAC-1.6": "meeting",
    "VAC-1.7": "training", "VAC-1.8": "dissemination",
}  # fmt: skip

# Participants (low, high) and the women's share (low, high) of one event of each kind.
ATTENDANCE = {
    "training": ((18, 45), (0.40, 0.70)),
    "seminar": ((45, 110), (0.30, 0.55)),
    "meeting": ((10, 30), (0.25, 0.50)),
    "dissemination": ((30, 220), (0.40, 0.60)),
    "counselling": ((2, 14), (0.55, 0.85)),
    "media": (None, None),
    "research": (None, None),
    "other": ((10, 40), (0.30, 0.60)),
}

AUDIENCES = ("ພະນັກງານ-ລັດຖະກອນ", "ໄວໜຸ່ມ ແລະ ນັກຮຽນ", "ພໍ່ແມ່ ແລະ ຜູ້ປົກຄອງ", "ຄກມດ ຂັ້ນສູນກາງ",
             "ພະນັກງານຍິງ")  # fmt: skip
PLACES = ("ນະຄອນຫຼວງວຽງຈັນ", "ຫ້ອງປະຊຸມ ກຕສ", "ແຂວງຫຼວງພະບາງ", "ແຂວງສະຫວັນນະເຂດ", "ແຂວງຈຳປາສັກ",
          "ອອນລາຍ")  # fmt: skip
EVENT_WORDS = {
    "training": "ຝຶກອົບຮົມ", "seminar": "ສຳມະນາ", "meeting": "ກອງປະຊຸມ",
    "dissemination": "ເຜີຍແຜ່", "media": "ຜະລິດສື່", "research": "ຄົ້ນຄວ້າ",
    "counselling": "ໃຫ້ຄຳປຶກສາ", "other": "ກິດຈະກຳ",
}  # fmt: skip


@dataclass(frozen=True)
class DemoWorkbook:
    unit: str
    year: int
    path: Path


def _topic(activity: Activity) -> str:
    """A short Lao topic from the activity's text: its first few phrases."""
    words = activity.text.lo.replace("- ", "").split()
    return " ".join(words[:4])


def _staff(rng: random.Random, unit: str, year: int, base: dict[str, float]) -> dict[str, int]:
    size = STAFF_SIZE.get(unit, 50)
    step = year - 2023
    total = max(8, round(size * (1 + 0.03 * step) * rng.uniform(0.97, 1.03)))
    female = round(total * base["female"])
    leaders = max(3, round(total * base["leaders"]))
    leaders_female = min(leaders, round(leaders * (base["women_leaders"] + 0.02 * step)))
    theory = max(1, round(total * rng.uniform(0.04, 0.09)))
    professional = max(1, round(total * rng.uniform(0.05, 0.11)))
    aware = min(
        total, round(total * min(0.95, base["aware"] + 0.16 * step + rng.uniform(-0.03, 0.03)))
    )
    return {
        "staff_total": total,
        "staff_female": female,
        "leaders_total": leaders,
        "leaders_female": leaders_female,
        "theory_upgraded_total": theory,
        "theory_upgraded_female": round(theory * rng.uniform(*base["theory"])),
        "professional_upgraded_total": professional,
        "professional_upgraded_female": round(professional * rng.uniform(0.30, 0.52)),
        "ge_aware_total": aware,
        "ge_aware_female": min(female, round(aware * base["female"] * rng.uniform(1.0, 1.1))),
    }


def _events(rng: random.Random, unit: str, year: int, activity: Activity) -> list[dict]:
    usual = EVENT_OF.get(activity.code, "other")
    lead = activity.lead == unit
    count = rng.choice((0, 1, 1, 2, 2, 3)) if lead else rng.choice((0, 0, 1, 1, 2))
    if len(activity.responsible) > 10:
        count = rng.choice((1, 1, 2))  # activities for every unit: each holds one or two
    if activity.code == "GE-2.3":
        count = rng.choice((1, 2, 2, 3))  # the digital-government trainings run all year
    if activity.code == "GE-2.4":
        # One central seminar a year from each of the two units; TPTC began in 2024.
        count = 0 if (unit, year) == ("TPTC", 2023) else 1
    events = []
    for number in range(1, count + 1):
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(0, 360))
        # Now and then a unit files an event under another kind than the usual one.
        kind = usual if rng.random() > 0.1 else rng.choice(EVENT_TYPES)
        people, share = ATTENDANCE[kind]
        event = {
            "date": day,
            "activity_code": activity.code,
            "event_type": kind,
            "title": f"{EVENT_WORDS[kind]} {_topic(activity)} ຄັ້ງທີ {number}/{year}",
            "audience": rng.choice(AUDIENCES),
            "location": rng.choice(PLACES),
            "evidence": f"ບົດລາຍງານ ເລກທີ {rng.randrange(10, 900)}/{unit}",
        }
        if people is not None:
            total = rng.randint(*people)
            event["participants_total"] = total
            event["participants_female"] = round(total * rng.uniform(*share))
        if kind in ("media", "research"):
            event["products"] = rng.randint(1, 6)
        events.append(event)
    return events


def _deliverable(rng: random.Random, year: int) -> dict:
    step = year - 2023
    weights = ((0.45, 0.5, 0.05), (0.15, 0.6, 0.25), (0.05, 0.35, 0.6))[min(step, 2)]
    status = rng.choices(("not_started", "in_progress", "done"), weights)[0]
    return {
        "status": status,
        "status_date": dt.date(year, 12, rng.randint(1, 20)),
        "evidence": "ບົດສະຫຼຸບການຈັດຕັ້ງປະຕິບັດ" if status != "not_started" else None,
    }


def make_demo_workbooks(framework: Framework, out: Path | None = None) -> list[DemoWorkbook]:
    """Write the demo workbooks, the same bytes on every run, and list them in import order."""
    rng = random.Random(SEED)
    out = out or DEMO_DIR
    out.mkdir(parents=True, exist_ok=True)
    made: list[DemoWorkbook] = []
    for unit in framework.unit_codes:
        base = {
            "female": rng.uniform(0.33, 0.56),
            "leaders": rng.uniform(0.09, 0.16),
            "women_leaders": rng.uniform(0.17, 0.36),
            "aware": rng.uniform(0.35, 0.55),
            "theory": rng.choice(((0.10, 0.16), (0.14, 0.22), (0.18, 0.26))),
        }
        for year in framework.reporting_years:
            staff = _staff(rng, unit, year, base)
            events = [e for a in framework.activities_of(unit) for e in _events(rng, unit, year, a)]
            events.sort(key=lambda e: e["date"])
            deliverables = {a.code: _deliverable(rng, year) for a in framework.activities_of(unit)}
            if (unit, year) in MISSING:
                continue
            if (unit, year) == CORRECTED:
                first = out / f"{unit}_{year}_v1.xlsx"
                book = build_workbook(framework, unit, year, staff, events[: len(events) // 2])
                first.write_bytes(workbook_bytes(book, STAMP))
                made.append(DemoWorkbook(unit, year, first))
            path = out / f"{unit}_{year}.xlsx"
            book = build_workbook(framework, unit, year, staff, events, deliverables)
            path.write_bytes(workbook_bytes(book, STAMP))
            made.append(DemoWorkbook(unit, year, path))
    return made


def load_demo(
    database: Database, framework: Framework, out: Path | None = None
) -> list[ImportResult]:
    """Make the demo workbooks and import each one, as the units would have sent them."""
    results = []
    for workbook in make_demo_workbooks(framework, out):
        result = import_file(database, workbook.path, framework, uploaded_by="demo")
        if not result.accepted:
            # The generator writes valid workbooks; a rejection here is a defect to see at once.
            raise RuntimeError(
                f"demo workbook {workbook.path.name} rejected: "
                + "; ".join(p.message("en") for p in result.intake.errors[:5])
            )
        results.append(result)
    log.info("demo data loaded: %s workbooks", len(results))
    return results
