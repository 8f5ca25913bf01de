"""End to end: ``tracker export PLAN FILE`` as a council officer runs it, and the
file imported again; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from application.plan_workbook import Origin, read_origin
from application.spreadsheet import read_plan_file
from domain.status import Status
from tests.e2e.test_cli import CLI, PLAN
from tests.plans import write

pytestmark = pytest.mark.e2e


@pytest.fixture
def cli(store_url: str) -> CLI:
    return CLI(store_url, Path(__file__).resolve().parents[2])


def test_export_now_and_as_at_then_import_it_again(cli: CLI, tmp_path: Path) -> None:
    cli.run("2009-07-01T09:00", "import", str(write(tmp_path)), "--plan", PLAN, "--by", "pmo")
    cli.run("2009-09-15T10:00", "status", PLAN, "11", "at_risk", "--by", "hos-cf")
    cli.run("2009-10-01T10:00", "due", PLAN, "40", "2010-06-30", "--by", "dcs", "--reason", "later")

    now = tmp_path / "out" / "laming-2009.xlsx"
    done = cli.run("2010-01-04T09:00", "export", PLAN, str(now))
    assert f"5 items written to {now}" in done.stdout
    rows = {r.ref: r for r in read_plan_file(now)}
    assert (rows["11"].status, rows["40"].due) == (Status.AT_RISK, date(2010, 6, 30))
    assert rows["11"].owner_email == "hos-cf@example.gov.uk"
    assert read_origin(now) == Origin(PLAN, datetime(2010, 1, 4, 9, 0, tzinfo=UTC))

    then = tmp_path / "then.csv"
    cli.run("2010-01-04T09:00", "export", PLAN, str(then), "--as-at", "2009-09-01")
    past = {r.ref: r for r in read_plan_file(then)}
    assert (past["11"].status, past["40"].due) == (Status.ON_TRACK, date(2010, 3, 31))
    assert read_origin(then) is None  # a CSV carries no base

    before = cli.run("2010-01-05T09:00", "history", PLAN, "--json").stdout
    again = cli.run("2010-01-05T09:00", "import", str(now), "--plan", PLAN, "--by", "pmo")
    assert "already matches; nothing recorded" in again.stdout
    assert cli.run("2010-01-05T09:00", "history", PLAN, "--json").stdout == before


def test_export_replaces_a_file_whole_and_refuses_other_suffixes(cli: CLI, tmp_path: Path) -> None:
    cli.run("2009-07-01T09:00", "import", str(write(tmp_path)), "--plan", PLAN)
    out = tmp_path / "plan.xlsx"
    out.write_text("an older copy")
    cli.run("2009-07-02T09:00", "export", PLAN, str(out))
    assert len(read_plan_file(out)) == 5
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]

    for name, says in (
        ("plan.ods", "cannot export to '.ods': name a .xlsx or .csv file"),
        ("backup.jsonl", "a backup of the whole log is tracker backup FILE"),
        ("plan", "cannot export to 'no suffix'"),
    ):
        done = cli.run("2009-07-02T09:00", "export", PLAN, str(tmp_path / name), ok=False)
        (line,) = done.stderr.strip().splitlines()
        assert done.returncode == 1 and line.startswith("tracker: error: ") and says in line
        assert not (tmp_path / name).exists()

    unknown = cli.run("2009-07-02T09:00", "export", "no-such-plan", str(out), ok=False)
    assert unknown.stderr.strip() == "tracker: error: there is no plan 'no-such-plan'"
    (tmp_path / "folder.xlsx").mkdir()
    blocked = cli.run("2009-07-02T09:00", "export", PLAN, str(tmp_path / "folder.xlsx"), ok=False)
    assert blocked.stderr.startswith("tracker: error: cannot write")
    assert len(blocked.stderr.strip().splitlines()) == 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]
