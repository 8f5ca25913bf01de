"""Importing in a real browser: download the plan as Excel, edit it, upload it,
read the preview, confirm, and see the change on the board."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshots, sign_in

pytestmark = pytest.mark.browser


def test_download_edit_upload_preview_confirm(page: Page, server: str, tmp_path: Path) -> None:
    sign_in(page, server, "pmo", "/plans/pl")
    download = page.request.get(server + "/plans/pl/board.xlsx")
    assert download.ok
    book = load_workbook(io.BytesIO(download.body()))
    sheet = book.worksheets[0]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "40")
    headings = [c.value for c in sheet[1]]
    row[headings.index("Title")].value = "Two lay members appointed and inducted"
    edited = tmp_path / "laming.xlsx"
    book.save(edited)

    page.goto(server + "/import")
    page.get_by_label("Plan id").fill("pl")
    page.locator("#file").set_input_files(str(edited))
    page.get_by_role("button", name="Preview the changes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check what this file would change")
    changes = page.get_by_role("table").filter(has_text="Two lay members appointed and inducted")
    expect(changes).to_contain_text("Two lay members appointed to the LSCB")
    page.screenshot(path=screenshots() / "10-import-preview.png", full_page=True)

    page.get_by_role("button", name="Record 1 change").click()
    expect(page).to_have_url(server + "/plans/pl")
    expect(page.get_by_role("alert")).to_contain_text("laming.xlsx: 0 items added, 1 changes")
    expect(page.get_by_role("row", name=re.compile("^40 Two lay members"))).to_contain_text(
        "and inducted"
    )
