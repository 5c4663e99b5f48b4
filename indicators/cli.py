"""The command line: ``python -m indicators`` does without a browser what the pages do."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from indicators.errors import FrameworkError, IndicatorsError, UnknownSubmission, UnknownUnit
from indicators.framework import Framework, default_framework, load_framework
from indicators.i18n import LANGUAGES, t
from indicators.service import format_value
from indicators.settings import resolve_database_url, settings

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A command given wrongly: exit status 2. Carries a message key and its values."""

    def __init__(self, key: str, **params: Any):
        super().__init__(key)
        self.key, self.params = key, params


def _say(key: str, lang: str, out: TextIO, **params: Any) -> None:
    languages = LANGUAGES if lang == "both" else (lang,)
    for language in languages:
        print(t(key, language, **params), file=out)


def _label(key: str, lang: str) -> str:
    if lang == "both":
        return " / ".join(t(key, x) for x in LANGUAGES)
    return t(key, lang)


def _framework(args: argparse.Namespace) -> Framework:
    if getattr(args, "framework_file", None):
        return load_framework(args.framework_file)
    return default_framework()


def _database(args: argparse.Namespace):
    from indicators.storage import open_database

    url = resolve_database_url(args.db) if args.db else settings().database_url
    try:
        return open_database(url)
    except Exception as error:  # a wrong URL or driver is the caller's to fix: a usage error
        if isinstance(error, IndicatorsError):
            raise
        raise UsageError("cli.no_database", url=url, error=error) from error


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | pd.Timestamp):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def _clean(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _dump(records: list[dict[str, Any]], out: TextIO) -> None:
    cleaned = [{k: _clean(v) for k, v in r.items()} for r in records]
    json.dump(cleaned, out, ensure_ascii=False, indent=2, default=_json_default)
    print(file=out)


def _table(frame: pd.DataFrame, out: TextIO) -> None:
    if frame.empty:
        return
    with pd.option_context(
        "display.max_rows",
        None,
        "display.max_columns",
        None,
        "display.width",
        200,
        "display.max_colwidth",
        60,
    ):
        print(frame.to_string(index=False), file=out)


# --- commands ---


def cmd_framework(args: argparse.Namespace, out: TextIO) -> int:
    framework = _framework(args)
    rows = [
        {
            "plan": i.plan,
            "programme": i.programme,
            "activity": i.activity,
            "indicator": i.code,
            "name_lo": i.name.lo,
            "name_en": i.name.en,
            "source": i.source,
            "numerator": i.numerator,
            "denominator": i.denominator,
            "aggregation": i.aggregation,
            "target": i.target.text if i.target else None,
            "target_applies_to": i.target_applies_to if i.target else None,
            "responsible": list(framework.activities[i.activity].responsible_as_written),
        }
        for i in framework.indicators
    ]
    if args.format == "json":
        _dump(rows, out)
    else:
        print(f"{framework.code}: {framework.name.lo} / {framework.name.en}", file=out)
        print(
            f"{len(framework.plans)} plans, {len(framework.activities)} activities, "
            f"{len(framework.indicators)} indicators, {len(framework.units)} units",
            file=out,
        )
        frame = pd.DataFrame(rows)[["indicator", "name_en", "target", "responsible"]]
        frame["responsible"] = frame["responsible"].map(", ".join)
        _table(frame, out)
    return EXIT_OK


def cmd_template(args: argparse.Namespace, out: TextIO) -> int:
    from indicators.template import write_template

    framework = _framework(args)
    if args.unit not in framework.unit_codes:
        raise UsageError("cli.unknown_unit", unit=args.unit, units=", ".join(framework.unit_codes))
    if not framework.period_start <= args.year <= framework.period_end:
        raise UsageError("cli.year_outside", year=args.year, period=framework.period_label)
    path = write_template(framework, args.unit, args.year, args.out)
    print(path, file=out)
    return EXIT_OK


def _print_import(result, lang: str, out: TextIO) -> None:
    from indicators.storage import sheet_summary_rows

    intake = result.intake
    languages = LANGUAGES if lang == "both" else (lang,)
    for problem in intake.problems:
        for language in languages:
            print(
                f"[{t(f'severity.{problem.severity}', language)}] {problem.message(language)}",
                file=out,
            )
    params = {
        "id": result.submission_id,
        "unit": result.unit,
        "year": result.year,
        "previous": result.previous_id,
        "errors": len(intake.errors),
    }
    if result.outcome == "dry_run":
        _say("import.outcome.dry_run", lang, out)
        if result.would_be in ("unchanged", "restored"):
            _say(f"import.outcome.{result.would_be}", lang, out, **params)
    else:
        _say(f"import.outcome.{result.outcome}", lang, out, **params)
    if result.summary:
        frame = pd.DataFrame(sheet_summary_rows(result.summary))
        frame["sheet"] = frame["sheet"].map(lambda key: _label(f"sheet.{key}", lang))
        frame.columns = [_label(f"import.summary.{c}", lang) for c in frame.columns]
        _table(frame, out)


def cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    from indicators.storage import import_file, sheet_summary_rows

    framework = _framework(args)
    database = _database(args)
    status = EXIT_OK
    reports = []
    for file in args.files:
        result = import_file(database, file, framework, uploaded_by=args.by, dry_run=args.dry_run)
        if not result.accepted:
            status = EXIT_REJECTED
        if args.format == "json":
            reports.append(
                {
                    "file": str(file),
                    "outcome": result.outcome,
                    "would_be": result.would_be,
                    "unit": result.unit,
                    "year": result.year,
                    "submission": result.submission_id,
                    "previous": result.previous_id,
                    "summary": sheet_summary_rows(result.summary),
                    "problems": [p.as_dict() for p in result.intake.problems],
                }
            )
        else:
            if len(args.files) > 1:
                print(f"== {file}", file=out)
            _print_import(result, args.lang, out)
    if args.format == "json":
        _dump(reports, out)
    return status


def _results(args: argparse.Namespace, framework: Framework) -> pd.DataFrame:
    from indicators.engine import compute_results, load_data, select

    database = _database(args)
    if args.unit is not None and args.unit not in (*framework.unit_codes, "ALL"):
        raise UsageError("cli.unknown_unit", unit=args.unit, units=", ".join(framework.unit_codes))
    results = compute_results(framework, load_data(database), as_of=args.as_of)
    return select(results, year=args.year, unit=args.unit, framework=framework)


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    framework = _framework(args)
    results = _results(args, framework)
    names = {i.code: i.name for i in framework.indicators}
    if args.format == "json":
        records = results.to_dict("records")
        for record in records:
            record["name_lo"] = names[record["indicator"]].lo
            record["name_en"] = names[record["indicator"]].en
        _dump(records, out)
        return EXIT_OK
    lang = "en" if args.lang == "both" else args.lang
    shown = results.copy()

    shown["value"] = shown.apply(format_value, axis=1, lang=lang)
    shown["status"] = shown["status"].map(lambda s: t(f"status.{s}", lang))
    shown["target"] = shown["target"].fillna("")
    _table(shown[["indicator", "unit", "period", "value", "target", "status"]], out)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    from indicators.demo import DEMO_DIR, load_demo

    framework = _framework(args)
    database = _database(args)
    results = load_demo(database, framework, Path(args.out) if args.out else DEMO_DIR)
    counts: dict[str, int] = {}
    for result in results:
        counts[result.outcome] = counts.get(result.outcome, 0) + 1
    _say("app.demo_loaded", args.lang, out, count=len(results))
    print(", ".join(f"{k}: {v}" for k, v in sorted(counts.items())), file=out)
    print(database.url, file=out)
    return EXIT_OK


def cmd_submissions(args: argparse.Namespace, out: TextIO) -> int:
    database = _database(args)
    frame = database.submissions(unit=args.unit, year=args.year)
    if args.format == "json":
        _dump(frame.to_dict("records"), out)
    else:
        _table(
            frame[
                [
                    "id",
                    "unit",
                    "year",
                    "file_name",
                    "uploaded_by",
                    "uploaded_at",
                    "active",
                    "superseded_by",
                ]
            ],
            out,
        )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, out: TextIO) -> int:
    database = _database(args)
    try:
        row = database.restore(args.submission)
    except UnknownSubmission as error:
        raise UsageError("cli.no_submission", id=args.submission) from error
    _say("import.restored", args.lang, out, id=args.submission, unit=row["unit"], year=row["year"])
    return EXIT_OK


# --- parser ---


def _year(text: str) -> int:
    try:
        return int(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a year: {text!r}") from error


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang",
        choices=[*LANGUAGES, "both"],
        default="both",
        help="language of messages (default: Lao then English)",
    )
    common.add_argument(
        "--framework-file",
        type=Path,
        help="a framework YAML file to use instead of the one in the settings",
    )
    with_db = argparse.ArgumentParser(add_help=False)
    with_db.add_argument("--db", help="SQLAlchemy database URL (default: the settings')")
    with_format = argparse.ArgumentParser(add_help=False)
    with_format.add_argument("--format", choices=["table", "json"], default="table")

    parser = argparse.ArgumentParser(
        prog="python -m indicators", description="CAWMC indicator dashboard, without a browser."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "framework",
        parents=[common, with_format],
        help="check the results framework and list its indicators",
    )
    p.set_defaults(run=cmd_framework)

    p = sub.add_parser("template", parents=[common], help="write a unit's Excel template")
    p.add_argument("--unit", required=True)
    p.add_argument("--year", required=True, type=_year)
    p.add_argument("out", type=Path)
    p.set_defaults(run=cmd_template)

    p = sub.add_parser(
        "import", parents=[common, with_db, with_format], help="check and store filled workbooks"
    )
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--dry-run", action="store_true", help="check and summarise, store nothing")
    p.add_argument("--by", default="cli", help="who uploads (kept with the submission)")
    p.set_defaults(run=cmd_import)

    p = sub.add_parser(
        "report",
        parents=[common, with_db, with_format],
        help="indicator results against their targets",
    )
    p.add_argument("--year", type=_year, help="one reporting year (default: the whole period)")
    p.add_argument("--unit", help="one unit, or ALL for the ministry-wide rows")
    p.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        default=None,
        help="judge progress as on this date (default: today)",
    )
    p.set_defaults(run=cmd_report)

    p = sub.add_parser("demo", parents=[common, with_db], help="make and load the demo workbooks")
    p.add_argument("--out", help="folder for the demo workbooks (default: var/demo)")
    p.set_defaults(run=cmd_demo)

    p = sub.add_parser(
        "submissions",
        parents=[common, with_db, with_format],
        help="list submissions, current and superseded",
    )
    p.add_argument("--unit")
    p.add_argument("--year", type=_year)
    p.set_defaults(run=cmd_submissions)

    p = sub.add_parser(
        "restore", parents=[common, with_db], help="make an earlier submission current again"
    )
    p.add_argument("submission", type=int)
    p.set_defaults(run=cmd_restore)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.run(args, out)
    except UsageError as error:
        _say(error.key, args.lang, sys.stderr, **error.params)
        return EXIT_USAGE
    except UnknownUnit as error:
        _say("cli.unknown_unit", args.lang, sys.stderr, unit=error, units="")
        return EXIT_USAGE
    except FrameworkError as error:
        for problem in error.problems:
            for lang in LANGUAGES:
                rule = t(f"framework_rule.{problem.rule}", lang)
                detail = f" ({problem.detail})" if problem.detail else ""
                print(f"{problem.file}: {problem.entry}: {rule}{detail}", file=sys.stderr)
        return EXIT_REJECTED
