"""People by name on the web: the board, the item page (owner, evidence, audit
trail) and the owner filter show "Name, Job title (key)" from the staff
directory; the item page shows what the action answers and its description."""

from __future__ import annotations

from pathlib import Path

from application.service import Tracker
from application.spreadsheet import read_plan_file
from tests.plans import write
from tests.web.conftest import Browser, text_of

LABEL = "Jane Smith, Head of Service, Children and Families (hos-cf)"
DESCRIBED = """ref,parent,title,theme,owner,due,status,source,description
7,,Supervision audit,Practice,hos-cf,2010-03-31,on_track,"7, 9",Audit a sample of case files each quarter
"""


def test_staff_keys_read_as_names_on_the_board_and_item_pages(
    planned: Tracker, browser: Browser
) -> None:
    planned.directory.names.set(
        "hos-cf", name="Jane Smith", job_title="Head of Service, Children and Families"
    )
    planned.add_evidence("pl", "11", "Procedures published", by="hos-cf")
    browser.sign_in("inspector")
    board = browser.get("/plans/pl")
    assert LABEL in text_of(board)
    assert f'<option value="hos-cf">{LABEL}</option>' in board  # the filter keeps the key
    item = text_of(browser.get("/plans/pl/items/11"))
    assert f"Owner {LABEL}" in item
    assert f"Procedures published \u2013 {LABEL}" in item  # an en dash
    assert f"by {LABEL}" in item
    assert "by Improvement" not in item and "by pmo" in item  # no name set: the key


def test_the_item_page_shows_what_an_action_answers_and_its_description(
    planned: Tracker, browser: Browser, tmp_path: Path
) -> None:
    plan = read_plan_file(write(tmp_path, DESCRIBED))
    planned.import_plan("dp", plan, by="pmo", source="plan.csv", title="Described")
    browser.sign_in("inspector")
    item = text_of(browser.get("/plans/dp/items/7"))
    assert "Description Audit a sample of case files each quarter" in item
    assert "Answers recommendations 7, 9" in item
