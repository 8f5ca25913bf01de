"""Backfilling history with ``tracker``, run as a subprocess on both stores: an
``--effective`` date before the item was added needs ``--reason``, and
``tracker history`` shows the change as backdated, in text and in JSON."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_cli import CLI, PLAN
from tests.e2e.test_cli import cli as cli  # the fixture
from tests.plans import write

NOW = "2009-11-02T10:00"


def test_backfilling_needs_a_reason_and_shows_as_backdated(cli: CLI, tmp_path: Path) -> None:
    cli.run("2009-07-01T09:00", "import", str(write(tmp_path)), "--plan", PLAN, "--by", "pmo")
    status = ("status", PLAN, "11", "at_risk", "--by", "hos-cf", "--effective", "2008-01-01")
    cli.refused(NOW, *status, says="a reason is required for a change to 11 effective 1 Jan 2008")
    comment = ("comment", PLAN, "11", "From the 2008 minutes", "--by", "hos-cf")
    cli.refused(NOW, *comment, "--effective", "30/06/2009", says="before 11 was added (1 Jul 2009)")
    cli.refused(NOW, *comment, "--effective", "1899-12-31", says="outside the years 1900 to 2200")
    cli.refused(NOW, *comment, "--effective", "2009-11-03", says="is after today (2 Nov 2009)")

    done = cli.run(NOW, *status, "--reason", "backfilled from the 2008 board minutes")
    assert done.stdout.strip() == "11 is now at_risk."
    cli.run(NOW, *comment, "--effective", "30/06/2009", "--reason", "backfilled from minutes")
    cli.run(NOW, "evidence", PLAN, "11", "Signed minutes", "--by", "hos-cf")  # today: not backdated

    rows = cli.json(NOW, "history", PLAN, "11")
    assert [(r["type"], r["effective_on"], r["backdated"]) for r in rows] == [
        ("ActionAdded", "2009-07-01", False),
        ("StatusChanged", "2008-01-01", True),
        ("CommentAdded", "2009-06-30", True),
        ("EvidenceAdded", "2009-11-02", False),
    ]
    assert rows[2]["reason"] == "backfilled from minutes"
    text = cli.run(NOW, "history", PLAN, "11").stdout
    lines = [line for line in text.splitlines() if "2008-01-01" in line or "2009-06-30" in line]
    assert len(lines) == 2 and all("(backdated)" in line for line in lines)
    assert text.count("(backdated)") == 2
