"""End to end, as an officer works: export the plan, edit it in Excel (openpyxl
here), preview the import, import it; the stale original never reverts the
tracker; a conflict refuses the file with its report; ``--prefer`` settles it
either way. Subprocesses over simulated time, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.e2e.test_cli import CLI, PLAN
from tests.plans import BASIC, write

pytestmark = pytest.mark.e2e


@pytest.fixture
def cli(store_url: str) -> CLI:
    return CLI(store_url, Path(__file__).resolve().parents[2])


def edit(path: Path, ref: str, **cells: object) -> None:
    """Change cells of one row, by heading, as a person would in Excel."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    headings = [str(c.value) for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if str(r[0].value) == ref)
    for heading, value in cells.items():
        row[headings.index(heading)].value = value
    book.save(path)


def board(cli: CLI, now: str) -> dict[str, dict[str, object]]:
    return {item["ref"]: item for item in cli.json(now, "board", PLAN)["items"]}


def history(cli: CLI, now: str) -> str:
    return cli.run(now, "history", PLAN, "--json").stdout


def test_export_edit_preview_import(cli: CLI, tmp_path: Path) -> None:
    cli.run("2009-07-01T09:00", "import", str(write(tmp_path)), "--plan", PLAN, "--by", "pmo")
    cli.run("2009-09-15T10:00", "status", PLAN, "11", "at_risk", "--by", "hos-cf")
    workbook = tmp_path / "plan.xlsx"
    cli.run("2009-10-01T09:00", "export", PLAN, str(workbook))
    # The officer's edits: a new deadline with its reason, a new owner, a new row.
    edit(workbook, "32", Due=datetime(2010, 1, 31), Reason="PCT plan agreed late")
    edit(workbook, "11.b", Owner="lscb-chair")
    # Meanwhile, in the tracker, the chair moves another item on.
    cli.run("2009-10-02T09:00", "status", PLAN, "40", "on_track", "--by", "board-chair")

    before = history(cli, "2009-10-03T09:00")
    preview = cli.json(
        "2009-10-03T09:00", "import", str(workbook), "--plan", PLAN, "--by", "pmo", "--dry-run"
    )
    assert history(cli, "2009-10-03T09:00") == before
    assert preview["base"] == "2009-10-01T08:00:00+00:00"  # stored in the workbook
    assert sorted((c["ref"], c["field"], c["new"]) for c in preview["changes"]) == [
        ("11.b", "owner", "lscb-chair"),
        ("32", "due", "2010-01-31"),
    ]
    assert preview["kept"] == [
        {"ref": "40", "field": "status", "file": "not_started", "tracker": "on_track"}
    ]
    assert preview["conflicts"] == [] and preview["added"] == []

    done = cli.json("2009-10-03T09:00", "import", str(workbook), "--plan", PLAN, "--by", "pmo")
    assert done["recorded"] and done["changes"] == preview["changes"]
    items = board(cli, "2009-10-03T09:00")
    assert items["32"]["due"] == "2010-01-31" and items["11.b"]["owner"] == "lscb-chair"
    assert items["40"]["status"] == "on_track"  # the tracker's change stands
    assert items["11"]["status"] == "at_risk"
    # The same workbook again records nothing.
    again = history(cli, "2009-10-04T09:00")
    cli.run("2009-10-04T09:00", "import", str(workbook), "--plan", PLAN, "--by", "pmo")
    assert history(cli, "2009-10-04T09:00") == again


def test_the_stale_original_after_many_changes_records_nothing(cli: CLI, tmp_path: Path) -> None:
    original = write(tmp_path, BASIC.replace("2010-03-31,,", "2010-03-31,not_started,"))
    cli.run("2009-07-01T09:00", "import", str(original), "--plan", PLAN, "--by", "pmo")
    cli.run("2009-08-01T09:00", "evidence", PLAN, "40", "Appointed", "--by", "lscb-manager")
    cli.run("2009-08-01T09:01", "status", PLAN, "40", "complete", "--by", "lscb-manager")
    cli.run("2009-08-02T09:00", "status", PLAN, "40", "verified", "--by", "board-chair")
    cli.run("2009-08-03T09:00", "due", PLAN, "32", "2010-03-31", "--by", "dcs", "--reason", "PCT")
    cli.run("2009-08-04T09:00", "assign", PLAN, "11.b", "hos-cf", "--by", "dcs")
    stale = tmp_path / "copy" / "plan.csv"
    stale.parent.mkdir()
    stale.write_bytes(original.read_bytes() + b"\n")  # an old copy, not byte-identical
    before = history(cli, "2009-09-01T09:00")
    done = cli.run("2009-09-01T09:00", "import", str(stale), "--plan", PLAN, "--by", "pmo")
    assert "already matches; nothing recorded" in done.stdout
    assert history(cli, "2009-09-01T09:00") == before
    items = board(cli, "2009-09-01T09:00")
    assert (items["40"]["status"], items["32"]["due"], items["11.b"]["owner"]) == (
        "verified",
        "2010-03-31",
        "hos-cf",
    )


def test_a_conflict_is_refused_with_its_report_and_prefer_settles_it(
    cli: CLI, tmp_path: Path
) -> None:
    cli.run("2009-07-01T09:00", "import", str(write(tmp_path)), "--plan", PLAN, "--by", "pmo")
    workbook = tmp_path / "plan.xlsx"
    cli.run("2009-07-02T09:00", "export", PLAN, str(workbook))
    cli.run("2009-07-03T09:00", "due", PLAN, "32", "2010-03-31", "--by", "dcs", "--reason", "PCT")
    edit(workbook, "32", Due=datetime(2009, 12, 31), Reason="agreed at the board")

    before = history(cli, "2009-07-04T09:00")
    refused = cli.run(
        "2009-07-04T09:00", "import", str(workbook), "--plan", PLAN, "--by", "pmo", ok=False
    )
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "row 5, column due: conflict on 32: the file says 31 Dec 2009" in refused.stderr
    assert "the tracker says 31 Mar 2010, changed by dcs on 3 Jul 2009 at 09:00 (PCT)" in (
        refused.stderr
    )
    assert history(cli, "2009-07-04T09:00") == before
    report = json.loads(
        cli.run(
            "2009-07-04T09:00",
            *("import", str(workbook), "--plan", PLAN, "--by", "pmo", "--dry-run", "--json"),
            ok=False,
        ).stdout
    )
    (conflict,) = report["conflicts"]
    assert conflict == {
        "ref": "32",
        "field": "due",
        "base": "2009-10-31",
        "file": "2009-12-31",
        "tracker": "2010-03-31",
        "by": "dcs",
        "recorded_at": "2009-07-03T08:00:00+00:00",
        "reason": "PCT",
    }

    cli.run(
        "2009-07-04T09:00",
        *("import", str(workbook), "--plan", PLAN, "--by", "pmo", "--prefer", "tracker"),
    )
    assert board(cli, "2009-07-04T09:00")["32"]["due"] == "2010-03-31"
    cli.run(
        "2009-07-05T09:00",
        *("import", str(workbook), "--plan", PLAN, "--by", "pmo", "--prefer", "file"),
    )
    assert board(cli, "2009-07-05T09:00")["32"]["due"] == "2009-12-31"
