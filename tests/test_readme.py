"""README speaks for the code: every command, column and vocabulary word is documented."""

from __future__ import annotations

import re

from indicators import ROOT
from indicators.cli import build_parser
from indicators.schema import SHEETS, VOCABULARIES

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return list(sub.choices)


def test_every_command_is_in_the_command_table():
    for command in _commands():
        assert re.search(rf"^\| `{command}[ `]", README, re.M), command


def test_every_column_is_in_the_workbook_tables():
    for sheet in SHEETS:
        for column in sheet.columns:
            assert f"| `{column.key}` | {column.label(sheet.key, 'lo')} |" in README, column.key


def test_every_vocabulary_word_is_listed():
    for words in VOCABULARIES.values():
        for word in words:
            assert f"`{word}`" in README, word


def test_ci_runs_the_readme_test_command():
    command = re.search(r"Run the tests:\s*```sh\n(.+?)\n```", README, re.S)[1]
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
