"""The command line's grammar: every command names a function that exists,
its choices match the domain's, and parsing imports none of the application."""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from domain.indicator import FREQUENCIES
from domain.indicator_rules import POLARITIES, UNITS
from domain.message import Delivery
from domain.reminders import WEEKDAYS
from entrypoints import cli_parser_admin, cli_parser_indicators
from entrypoints.cli_parser import build_parser
from entrypoints.cli_refs import Run, RunOnStore


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for inner in action.choices.values():
                yield from _parsers(inner)


def test_every_command_names_a_function_that_exists() -> None:
    handlers = [p.get_default("handler") for p in _parsers(build_parser())][1:]
    assert len(handlers) > 25 and all(isinstance(h, Run | RunOnStore) for h in handlers)
    for handler in handlers:
        assert callable(handler.load()), handler


def test_the_grammar_choices_are_the_domains() -> None:
    assert tuple(d.value for d in Delivery) == cli_parser_admin.DELIVERY_STATES
    assert cli_parser_admin.WEEKDAYS == WEEKDAYS
    assert cli_parser_indicators.UNITS == UNITS
    assert cli_parser_indicators.POLARITIES == POLARITIES
    assert cli_parser_indicators.FREQUENCIES == FREQUENCIES


def test_help_imports_none_of_the_application_or_its_drivers() -> None:
    probe = (
        "import sys\n"
        "from entrypoints.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('application', 'store', 'domain', 'projections', 'eventsourcing', 'psycopg',"
        " 'openpyxl', 'pydantic', 'rich')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith(heavy)}))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert shown.strip().splitlines()[-1] == "[]"


def test_a_board_on_sqlite_imports_no_postgresql_openpyxl_or_mail_renderer(
    tmp_path: Path,
) -> None:
    probe = (
        "import sys\n"
        "from entrypoints.cli import main\n"
        f"main(['--db', 'sqlite:///{tmp_path}/t.db', 'plans'])\n"
        "heavy = ('eventsourcing.postgres', 'psycopg', 'openpyxl', 'icalendar', 'jinja2')\n"
        "print(sorted({m for m in sys.modules if m.startswith(heavy)}))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert shown.strip().splitlines()[-1] == "[]"


def test_a_reading_command_loads_neither_the_import_machinery_nor_signing(
    tmp_path: Path,
) -> None:
    """Importing a plan (spreadsheets, XML) and signing a checkpoint
    (cryptography) load only in the commands that do them."""
    probe = (
        "import sys\n"
        "from entrypoints.cli import main\n"
        f"main(['--db', 'sqlite:///{tmp_path}/t.db', 'plans'])\n"
        "heavy = ('application.importing', 'application.spreadsheet', 'defusedxml',"
        " 'cryptography', 'application.checkpoint', 'rich.progress')\n"
        "print(sorted({m for m in sys.modules if m.startswith(heavy)}))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert shown.strip().splitlines()[-1] == "[]"


def test_a_malformed_plan_id_is_refused_before_any_event_model_is_built() -> None:
    probe = (
        "import sys\n"
        "from entrypoints.cli import main\n"
        "try:\n    main(['board', 'Not_A_Plan'])\nexcept SystemExit as e:\n    print(e.code)\n"
        "print(sorted({m for m in sys.modules if m.startswith(('domain.plan', 'domain.events',"
        " 'pydantic'))} - {'domain.plan_ids'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    *_, code, loaded = done.stdout.strip().splitlines()
    assert (code, loaded) == ("2", "[]")
    assert "'Not_A_Plan' is not a plan id" in done.stderr
