"""One answer to "what is in each theme": the CLI board, the web board and the
board pack group a milestone under its action's theme and count it there, even
when the milestone's own theme names another."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from rich.console import Console

from application.service import Tracker
from application.spreadsheet import read_plan_file
from entrypoints.cli_reading import cmd_board
from tests.plans import write
from tests.web.conftest import Browser, text_of

# 11.a says "Support for Children" but belongs to action 11 (Leadership);
# it is overdue on the board's day, so it is the red that must stay with 11.
MIXED = """ref,parent,title,theme,owner,due,status
11,,Implement the revised Working Together,Leadership,hos-cf,2010-12-31,on_track
32,,Health visitor workforce capacity,Support for Children,hos-cf,2010-12-31,on_track
11.a,11,Local procedures revised,Support for Children,hos-cf,2009-06-30,on_track
"""
EXPECTED = [("Leadership", 2, 1), ("Support for Children", 1, 0)]


def test_cli_web_board_and_pack_agree_on_themes_and_totals(
    planned: Tracker, browser: Browser, tmp_path: Path
) -> None:
    plan = read_plan_file(write(tmp_path, MIXED))
    planned.import_plan("tg", plan, by="pmo", source="plan.csv", title="Themes")
    browser.sign_in("inspector")

    console = Console(record=True, width=200)
    args = argparse.Namespace(plan="tg", as_at=None, json=False)
    cmd_board(planned, args, console)
    cli = re.findall(
        r"^\S*\s*│\s*│ (\S[^│(]*?) \((\d+) items, (\d+) red\)", console.export_text(), re.M
    )
    assert [(name, int(n), int(red)) for name, n, red in cli] == EXPECTED

    board = text_of(browser.get("/plans/tg"))
    web = re.findall(r"(Leadership|Support for Children) \((\d+) items, (\d+) red\)", board)
    assert [(name, int(n), int(red)) for name, n, red in web] == EXPECTED
    assert (
        board.index("Leadership (2") < board.index("11.a") < board.index("Support for Children (1")
    )

    pack = text_of(browser.get("/plans/tg/pack"))
    totals = re.findall(r"(Leadership|Support for Children) (\d+) (\d+) \d+ \d+ \d+ \d+ \d+", pack)
    assert [(name, int(n), int(red)) for name, n, red in totals] == EXPECTED
    progress = pack[pack.index("3. Progress on every action") :]
    assert progress.index("Leadership") < progress.index("11.a") < progress.index("Support for")


def test_the_theme_filter_keeps_an_actions_milestones(
    planned: Tracker, browser: Browser, tmp_path: Path
) -> None:
    plan = read_plan_file(write(tmp_path, MIXED))
    planned.import_plan("tg", plan, by="pmo", source="plan.csv", title="Themes")
    browser.sign_in("inspector")
    leadership = text_of(browser.get("/plans/tg?theme=Leadership"))
    assert "Local procedures revised" in leadership and "Showing 2 of 3 items" in leadership
    support = text_of(browser.get("/plans/tg?theme=Support+for+Children"))
    assert "Local procedures revised" not in support and "Showing 1 of 3 items" in support
