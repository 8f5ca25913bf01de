"""End to end: a board's meetings through the ``tracker`` command, run as a
subprocess over simulated time: record, list, the trend, the board's
directions since the last meeting, and what moved since it by default."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_cli import CLI, PLAN, by_ref
from tests.plans import write

pytestmark = pytest.mark.e2e


@pytest.fixture
def cli(store_url: str, tmp_path: Path) -> CLI:
    return CLI(store_url, Path(__file__).resolve().parents[2])


def test_meetings_trend_directions_and_what_moved_since(cli: CLI, tmp_path: Path) -> None:
    cli.run("2009-07-01T09:00", "import", str(write(tmp_path)), "--plan", PLAN, "--by", "pmo")
    cli.refused(
        "2009-07-01T10:00", "changes", PLAN, says="no board meeting recorded: give --since DATE"
    )
    cli.refused(
        "2009-07-01T10:00", "meeting", PLAN, "2009-07-02", "--by", "chair", says="after today"
    )
    said = cli.run("2009-10-20T17:00", "meeting", PLAN, "20/10/2009", "--by", "board-chair")
    assert said.stdout.strip() == "Recorded a board meeting on 20 Oct 2009."
    again = cli.run("2009-10-20T17:05", "meeting", PLAN, "2009-10-20", "--by", "board-chair")
    assert again.stdout.startswith("nothing to record")
    cli.run(
        "2009-10-27T10:00",
        *("status", PLAN, "32", "off_track", "--by", "health-commissioner"),
        *("--reason", "PCT Board deferred the capacity plan"),
    )
    cli.run(
        "2009-11-17T17:00",
        *("meeting", PLAN, "2009-11-17", "--by", "board-chair", "--title", "Board (November)"),
    )
    listed = cli.json("2009-12-01T09:00", "meetings", PLAN)
    assert listed == {
        "plan": PLAN,
        "meetings": [
            {"date": "2009-10-20", "title": "Improvement Board", "by": "board-chair"},
            {"date": "2009-11-17", "title": "Board (November)", "by": "board-chair"},
        ],
    }
    trend = cli.json("2009-12-01T09:00", "trend", PLAN)
    assert [(m["date"], m["totals"]["red"]) for m in trend["meetings"]] == [
        ("2009-10-20", 0),
        ("2009-11-17", 1),  # 32 off track
    ]
    for point in trend["meetings"]:
        board = cli.json("2009-12-01T09:00", "board", PLAN, "--as-at", point["date"])
        assert board["totals"] == point["totals"]

    board = cli.json("2009-12-01T09:00", "board", PLAN)
    assert board["meeting"] == {"date": "2009-11-17", "title": "Board (November)"}
    items = by_ref(board)
    assert (items["11.a"]["previous_rag"], items["11.a"]["direction"]) == ("grey", "worse")
    assert (items["32"]["previous_rag"], items["32"]["direction"]) == ("red", "same")
    table = cli.run("2009-12-01T09:00", "board", PLAN).stdout
    assert "since 17 Nov 2009" in table and "↓ worse (was grey)" in table

    moved = cli.json("2009-12-01T09:00", "changes", PLAN)
    assert moved["meeting"]["held_on"] == "2009-11-17"
    assert [m["ref"] for m in moved["newly_overdue"]] == ["11.a"]  # the old keys stay
    groups = {g["key"]: g["moves"] for g in moved["groups"]}
    assert [m["ref"] for m in groups["red_or_overdue"]] == ["11.a"]
    assert groups["red_or_overdue"][0]["note"].startswith("due 30 Nov 2009 and not complete")
    text = cli.run("2009-12-01T09:00", "changes", PLAN, "--since", "2009-10-20").stdout
    assert "since 20 Oct 2009 23:59" in text
    assert "32 Health visitor workforce capacity: Grey → Red" in text
    assert "by health-commissioner, 27 Oct 2009 10:00" in text
    assert "PCT Board deferred the capacity plan" in text
    cli.refused(
        "2009-12-01T09:00",
        *("changes", PLAN, "--since", "2009-11-17", "--until", "2009-11-01"),
        says="is before since",
    )
