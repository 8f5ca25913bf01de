"""Reading plan spreadsheets: every problem reported with its row and column."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from application.spreadsheet import ImportRejected, read_plan_file
from domain.status import Status
from tests.plans import BASIC, write


def test_a_good_csv_reads_into_rows(tmp_path: Path) -> None:
    rows = read_plan_file(write(tmp_path))
    assert [r.ref for r in rows] == ["11", "11.a", "11.b", "32", "40"]
    first = rows[0]
    assert (first.row, first.due, first.status, first.owner_email) == (
        2,
        date(2009, 12, 31),
        Status.ON_TRACK,
        "hos-cf@example.gov.uk",
    )
    assert rows[1].parent == "11" and rows[1].status is None


def test_headers_are_case_insensitive_in_any_order(tmp_path: Path) -> None:
    rows = read_plan_file(write(tmp_path, "DUE,Title,REF\n2009-12,Working Together,11\n"))
    assert (rows[0].ref, rows[0].title, rows[0].due) == (
        "11",
        "Working Together",
        date(2009, 12, 31),
    )
    assert rows[0].theme is None  # absent column: "no change" on re-import


def test_every_bad_row_is_reported_with_row_and_column(tmp_path: Path) -> None:
    text = (
        "ref,title,due,status,owner,parent\n"
        "11,Working Together,December 2009,on_track,hos-cf,\n"
        "12,,31/02/2009,amber,Head of Service,\n"
        "11,Duplicate,2009-12,,,\n"
        "13.a,Milestone of a milestone,2009-12,,,11.x\n"
        "11.x,,2009-12,,,11\n"
    )
    with pytest.raises(ImportRejected) as caught:
        read_plan_file(write(tmp_path, text))
    found = {(e.row, e.column) for e in caught.value.errors}
    assert {
        (3, "title"),
        (3, "due"),
        (3, "status"),
        (3, "owner"),
        (4, "ref"),
        (6, "title"),
    } <= found
    messages = [str(e) for e in caught.value.errors]
    assert any(m.startswith("row 3, column due: '31/02/2009' is not a real date") for m in messages)
    assert [e.row for e in caught.value.errors] == sorted(e.row for e in caught.value.errors)
    assert "nothing recorded" in str(caught.value)


def test_missing_and_unknown_columns_are_reported_on_row_1(tmp_path: Path) -> None:
    with pytest.raises(ImportRejected) as caught:
        read_plan_file(write(tmp_path, "ref,name,deadline\n1,x,2009-12\n"))
    assert {(e.row, e.column) for e in caught.value.errors} == {
        (1, "title"),
        (1, "due"),
        (1, "name"),
        (1, "deadline"),
    }


def test_xlsx_with_date_cells_is_read(tmp_path: Path) -> None:
    from datetime import datetime

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ref", "Title", "Due", "Parent"])
    sheet.append(["11", "Working Together", datetime(2009, 12, 31), None])
    sheet.append(["11.a", "Procedures", "November 2009", "11"])
    path = tmp_path / "plan.xlsx"
    book.save(path)
    rows = read_plan_file(path)
    assert [(r.ref, r.due, r.parent) for r in rows] == [
        ("11", date(2009, 12, 31), None),
        ("11.a", date(2009, 11, 30), "11"),
    ]


def test_formulas_are_refused_never_evaluated(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ref", "title", "due"])
    sheet.append(["11", '=HYPERLINK("http://evil.example","x")', "=TODAY()"])
    path = tmp_path / "plan.xlsx"
    book.save(path)
    with pytest.raises(ImportRejected) as caught:
        read_plan_file(path)
    assert {(e.row, e.column) for e in caught.value.errors} == {(2, "title"), (2, "due")}


def test_formula_like_text_in_a_csv_is_only_text(tmp_path: Path) -> None:
    rows = read_plan_file(write(tmp_path, 'ref,title,due\n11,"=1+1",2009-12\n'))
    assert rows[0].title == "=1+1"


def test_other_file_types_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportRejected, match=r"use \.csv or \.xlsx"):
        read_plan_file(write(tmp_path, BASIC, name="plan.txt"))


def test_each_field_has_its_own_length_limit(tmp_path: Path) -> None:
    reason, description = "r" * 2_001, "d" * 10_000
    text = f"ref,title,due,reason,description\n1,{'t' * 300},2010-01-31,{reason},{description}\n"
    with pytest.raises(ImportRejected) as caught:
        read_plan_file(write(tmp_path, text))
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "reason")]
    assert "2,001 characters; the limit for reason is 2,000" in str(caught.value.errors[0])


def test_control_characters_are_refused_with_row_and_column_but_not_tab_or_newline(
    tmp_path: Path,
) -> None:
    text = 'ref,title,due,description\n1,Ring\x1bbell,2010-01-31,"two\r\nlines\tand a tab"\n'
    with pytest.raises(ImportRejected) as caught:
        read_plan_file(write(tmp_path, text))
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "title")]
    assert "control character (U+001B) at character 5" in str(caught.value)
    rows = read_plan_file(write(tmp_path, text.replace("\x1b", " ")))
    assert rows[0].description == "two\nlines\tand a tab"


def test_a_required_cell_must_show_something(tmp_path: Path) -> None:
    text = "ref,title,due,reason\n1,\u200b \u00a0,2010-01-31,\u200e\n"
    with pytest.raises(ImportRejected) as caught:
        read_plan_file(write(tmp_path, text))
    problems = {e.column: e.problem for e in caught.value.errors}
    assert set(problems) == {"title", "reason"}
    assert "no visible characters" in problems["title"]


def test_a_value_under_no_heading_is_named(tmp_path: Path) -> None:
    text = "ref,title,due,owner,owner_email\n1,One,2010-01-31,ceo,a@x.gov.uk,ceo@x.gov.uk\n"
    with pytest.raises(ImportRejected) as caught:
        read_plan_file(write(tmp_path, text))
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "F")]
    assert "put quotes around a cell that holds a comma" in str(caught.value)


def test_an_owner_email_is_exactly_one_address(tmp_path: Path) -> None:
    text = 'ref,title,due,owner,owner_email\n1,One,2010-01-31,ceo,"a@x.gov.uk,ceo"\n'
    with pytest.raises(ImportRejected) as caught:
        read_plan_file(write(tmp_path, text))
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "owner_email")]
    assert "holds more than one" in str(caught.value)


def test_the_limits_are_the_callers(tmp_path: Path) -> None:
    from application.file_limits import FileLimits

    with pytest.raises(ImportRejected, match="more than 4 rows of items; the limit is 4"):
        read_plan_file(write(tmp_path), FileLimits(max_rows=4))
    with pytest.raises(ImportRejected, match="the file is 509 bytes; the limit is 100 bytes"):
        read_plan_file(write(tmp_path), FileLimits(max_bytes=100))
    with pytest.raises(
        ImportRejected, match="row 2, column title: the cell has 38 characters; the limit is 20;"
    ):
        read_plan_file(write(tmp_path), FileLimits(max_cell=20))
