"""The command line, as an operator runs it: outputs, exit statuses, usage errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from indicators import ROOT
from indicators.cli import main

from .conftest import GOOD_STAFF, good_activity

REPORT_KEYS = {
    "indicator",
    "unit",
    "period",
    "value",
    "numerator",
    "denominator",
    "target",
    "status",
}


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(args), out), out.getvalue()


def test_framework_lists_the_indicators():
    code, text = run("framework", "--format", "json")
    assert code == 0
    rows = json.loads(text)
    assert len(rows) == 134
    assert {r["indicator"] for r in rows if r["target"]} >= {"GE-3.1.women_leaders"}


def test_template_writes_the_units_workbook(tmp_path):
    code, text = run("template", "--unit", "DCS", "--year", "2025", str(tmp_path / "DCS.xlsx"))
    assert code == 0 and text.strip().endswith("DCS.xlsx")
    assert (tmp_path / "DCS.xlsx").stat().st_size > 5000


@pytest.mark.parametrize(
    "args",
    [
        ["template", "--unit", "NOPE", "--year", "2024", "x.xlsx"],
        ["template", "--unit", "DGC", "--year", "2031", "x.xlsx"],
        ["template", "--unit", "DGC", "--year", "soon", "x.xlsx"],
        ["report", "--unit", "NOPE", "--db", "sqlite:///:memory:"],
        ["restore", "999", "--db", "sqlite:///:memory:"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exited:
        sys.exit(main(args, io.StringIO()))
    assert exited.value.code == 2


def test_import_accepts_then_reports(tmp_path, make_workbook):
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    good = make_workbook(activities=[good_activity()])
    code, text = run("import", str(good), "--db", db, "--lang", "en")
    assert code == 0
    assert "Accepted: submission 1 for DGC, 2024." in text
    code, text = run("import", str(good), "--db", db, "--lang", "lo")
    assert code == 0 and "ບໍ່ມີຫຍັງປ່ຽນແປງ" in text
    code, text = run("report", "--db", db, "--year", "2024", "--unit", "DGC", "--format", "json")
    rows = json.loads(text)
    assert code == 0 and set(rows[0]) >= REPORT_KEYS
    leaders = next(r for r in rows if r["indicator"] == "GE-3.1.women_leaders")
    assert (leaders["numerator"], leaders["denominator"], leaders["value"]) == (3, 10, 0.3)
    assert leaders["status"] == "achieved" and leaders["unit"] == "DGC"


def test_a_rejected_import_exits_1_and_names_sheet_row_and_column(tmp_path, make_workbook):
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    bad = make_workbook(staff={**GOOD_STAFF, "staff_female": 90})
    code, text = run("import", str(bad), "--db", db)
    assert code == 1
    assert "ແຖວ 3" in text and "row 3" in text and "column D" in text and "“90”" in text
    assert text.index("ແຖວ 3") < text.index("row 3")  # Lao first
    code, text = run("submissions", "--db", db, "--format", "json")
    assert json.loads(text) == []


def test_dry_run_json_summary(tmp_path, make_workbook):
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    path = make_workbook(activities=[good_activity(), good_activity(title="ອີກ")])
    code, text = run("import", str(path), "--db", db, "--dry-run", "--format", "json")
    report = json.loads(text)[0]
    assert code == 0 and report["outcome"] == "dry_run" and report["would_be"] == "new"
    activities = next(s for s in report["summary"] if s["sheet"] == "activities")
    assert (activities["new"], activities["rejected"]) == (2, 0)
    assert json.loads(run("submissions", "--db", db, "--format", "json")[1]) == []


def test_restore_from_the_command_line(tmp_path, make_workbook):
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    run("import", str(make_workbook(activities=[good_activity()])), "--db", db)
    run("import", str(make_workbook(activities=[])), "--db", db)
    code, text = run("restore", "1", "--db", db, "--lang", "en")
    assert code == 0 and "Submission 1 for DGC, 2024 is current again." in text
    subs = json.loads(run("submissions", "--db", db, "--format", "json")[1])
    assert [(s["id"], s["active"]) for s in subs] == [(2, False), (1, True)]


def test_python_dash_m_runs_from_any_folder(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "indicators", "framework"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "33 activities" in done.stdout


def test_report_on_the_demo_database(demo_database):
    code, text = run(
        "report",
        "--db",
        demo_database.url,
        "--unit",
        "ALL",
        "--format",
        "json",
        "--as-of",
        "2026-12-03",
    )
    rows = json.loads(text)
    assert code == 0 and {r["unit"] for r in rows} == {"ALL"}
    assert {r["period"] for r in rows} == {"2021-2025"}
    assert len(rows) == 134
