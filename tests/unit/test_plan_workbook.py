"""The plan workbook: what Excel shows (frozen header, filter, status list, real
dates, RAG colours, instructions), what it remembers (plan and base), and text
that looks like a formula staying text."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.packaging.custom import StringProperty

from application.plan_columns import COLUMNS, HEADINGS, STATUS_WORDS, plan_csv
from application.plan_workbook import Origin, plan_xlsx, read_origin, template_xlsx
from application.spreadsheet import (
    OPTIONAL,
    READ_ONLY,
    REQUIRED,
    ImportRejected,
    column_key,
    read_plan_file,
)
from domain.action import Item
from domain.dates import LONDON
from domain.status import Status, parse_status
from projections.board import Board, make_board

ON = date(2010, 1, 5)
BASE = datetime(2010, 1, 5, 9, 30, tzinfo=UTC)
EMAILS = {"hos-cf": "hos-cf@example.gov.uk"}


def item(ref: str, title: str, due: date, status: Status = Status.ON_TRACK, **more: str) -> Item:
    return Item(
        ref=ref,
        parent=more.get("parent"),
        title=title,
        theme=more.get("theme", "Leadership"),
        source=more.get("source", ""),
        description=more.get("description", ""),
        owner=more.get("owner", "hos-cf"),
        due=due,
        original_due=date(2009, 10, 31),
        status=status,
    )


def board(*items: Item) -> Board:
    return make_board("laming-2009", "Laming", items, as_at=BASE, on=ON, historical=False)


PLAN_ITEMS = [
    item("11", "Implement Working Together", date(2009, 12, 31), source="11, 13"),
    item("11.a", "Procedures revised", date(2010, 3, 31), Status.NOT_STARTED, parent="11"),
]
PLAN = board(
    *PLAN_ITEMS, item("32", "Health visitors", date(2010, 6, 30), Status.VERIFIED, owner="hc")
)


def saved(tmp_path: Path, body: bytes, name: str = "plan.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(body)
    return path


def test_every_heading_is_one_the_import_knows() -> None:
    for column in COLUMNS:
        known = READ_ONLY if column.read_only else REQUIRED + OPTIONAL
        assert column_key(column.heading) in known, column.heading
    assert [column_key(h) for h in HEADINGS[:11]] == [
        "ref", "parent", "theme", "title", "owner", "owner_email",
        "due", "status", "source", "description", "reason",
    ]  # fmt: skip
    assert all(parse_status(word) is status for status, word in STATUS_WORDS.items())


def test_the_sheet_has_a_frozen_header_a_filter_and_real_dates() -> None:
    sheet = load_workbook(io.BytesIO(plan_xlsx(PLAN, EMAILS, base=BASE))).worksheets[0]
    assert sheet.title == "Plan"
    assert [c.value for c in sheet[1]] == list(HEADINGS)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:N4"
    assert [c.value for c in sheet[2]][:11] == [
        "11", None, "Leadership", "Implement Working Together", "hos-cf",
        "hos-cf@example.gov.uk", datetime(2009, 12, 31), "On track", "11, 13", None, None,
    ]  # fmt: skip
    due, original = sheet["G2"], sheet["M2"]
    assert due.is_date and original.is_date
    assert due.number_format == original.number_format == "d mmm yyyy"
    assert sheet["F4"].value is None, "no email known for hc"
    assert sheet["D2"].alignment.wrap_text and sheet.column_dimensions["D"].width == 50


def test_the_status_column_has_a_drop_down_of_the_eight_statuses() -> None:
    sheet = load_workbook(io.BytesIO(plan_xlsx(PLAN, EMAILS, base=BASE))).worksheets[0]
    (check,) = sheet.data_validations.dataValidation
    assert check.type == "list"
    choices = check.formula1.strip('"').split(",")
    assert [parse_status(c) for c in choices] == list(Status)
    assert "H2" in check.sqref and "H1048576" in check.sqref and "G2" not in check.sqref


def test_rag_cells_hold_the_word_and_its_colour() -> None:
    overdue = board(item("1", "Late", date(2010, 1, 4)), item("2", "Done", ON, Status.VERIFIED))
    sheet = load_workbook(io.BytesIO(plan_xlsx(overdue, {}, base=BASE))).worksheets[0]
    red, blue = sheet["L2"], sheet["L3"]
    assert (red.value, red.fill.fgColor.rgb) == ("Red", "00D4351C")
    assert (blue.value, blue.fill.fgColor.rgb) == ("Blue", "001D70B8")
    assert (sheet["N2"].value, sheet["N3"].value) == ("Yes", "No")


def test_the_instructions_sheet_explains_the_columns_and_the_rules() -> None:
    book = load_workbook(io.BytesIO(plan_xlsx(PLAN, EMAILS, base=BASE)))
    assert book.sheetnames == ["Plan", "Instructions"]
    rows = [[c for c in row if c] for row in book["Instructions"].iter_rows(values_only=True)]
    by_column = {row[0]: row[1:] for row in rows if row and row[0] in HEADINGS}
    assert set(by_column) == set(HEADINGS)
    assert by_column["RAG"][-1] == "ignores it" and by_column["Title"][-1] == "reads it"
    words = " ".join(str(c) for row in rows for c in row)
    for rule in ("needs a reason", "never sets Verified", "left as they are", "Import page"):
        assert rule in words
    assert "tracker import FILE.xlsx --plan PLAN" in words
    assert "Laming (laming-2009) as the tracker held it at 5 Jan 2010, 09:30" in words


def test_the_plan_and_its_base_are_read_back(tmp_path: Path) -> None:
    london = BASE.astimezone(LONDON)
    origin = read_origin(saved(tmp_path, plan_xlsx(PLAN, EMAILS, base=london)))
    assert origin == Origin(plan="laming-2009", base=BASE)
    assert origin.base.tzinfo is UTC
    with pytest.raises(ValueError, match="aware"):
        plan_xlsx(PLAN, EMAILS, base=datetime(2010, 1, 5))


def workbook_with(tmp_path: Path, **properties: str) -> Path:
    book = Workbook()
    book.active.append(["ref", "title", "due"])
    for name, value in properties.items():
        book.custom_doc_props.append(StringProperty(name=name, value=value))
    book.save(tmp_path / "other.xlsx")
    return tmp_path / "other.xlsx"


@pytest.mark.parametrize(
    "properties",
    [
        {},
        {"tracker_plan": "laming-2009"},
        {"tracker_plan": "laming-2009", "tracker_base": "next Tuesday"},
        {"tracker_plan": "laming-2009", "tracker_base": "2010-01-05T09:30:00"},  # no zone
        {"tracker_plan": "../etc", "tracker_base": "2010-01-05T09:30:00+00:00"},
    ],
)
def test_a_workbook_without_a_good_origin_has_none(
    tmp_path: Path, properties: dict[str, str]
) -> None:
    assert read_origin(workbook_with(tmp_path, **properties)) is None


def test_csv_templates_and_damaged_files_have_no_origin(tmp_path: Path) -> None:
    body = plan_xlsx(PLAN, EMAILS, base=BASE)
    assert read_origin(saved(tmp_path, plan_csv(PLAN, EMAILS), "plan.csv")) is None
    assert read_origin(saved(tmp_path, body, "plan.ods")) is None
    assert read_origin(saved(tmp_path, template_xlsx(), "template.xlsx")) is None
    assert read_origin(saved(tmp_path, b"not a zip", "fake.xlsx")) is None
    assert read_origin(saved(tmp_path, body[: len(body) // 2], "cut.xlsx")) is None
    assert read_origin(tmp_path / "missing.xlsx") is None
    damaged = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(body)) as source, zipfile.ZipFile(damaged, "w") as copy:
        for part in source.infolist():
            data = source.read(part.filename)
            copy.writestr(part, b"<not xml" if part.filename == "docProps/custom.xml" else data)
    assert read_origin(saved(tmp_path, damaged.getvalue(), "damaged.xlsx")) is None


FORMULAS = ("=1+1", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2", '=HYPERLINK("http://x","y")')


def test_text_that_looks_like_a_formula_stays_text_and_comes_back_equal(
    tmp_path: Path,
) -> None:
    items = [item(str(n), title, ON, theme=title) for n, title in enumerate(FORMULAS, 1)]
    path = saved(tmp_path, plan_xlsx(board(*items), {}, base=BASE))
    with zipfile.ZipFile(path) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    sheet = load_workbook(path).worksheets[0]
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=4):
        for cell in row:
            assert cell.data_type == "s" and cell.quotePrefix, cell.value
    rows = read_plan_file(path)
    assert [(r.title, r.theme) for r in rows] == [(t, t) for t in FORMULAS]


def test_the_csv_neutralises_formulas_and_keeps_the_import_format(tmp_path: Path) -> None:
    text = plan_csv(board(*PLAN_ITEMS, item("9", "=1+1", ON)), EMAILS).decode("utf-8")
    assert text.startswith("\ufeffRef,Parent,Theme,Title,Owner,Owner email,Due,Status,")
    assert "11,,Leadership,Implement Working Together,hos-cf,hos-cf@example.gov.uk," in text
    assert ",2009-12-31,On track," in text and ",'=1+1," in text
    rows = read_plan_file(saved(tmp_path, text.encode(), "plan.csv"))
    assert [(r.ref, r.title, r.due, r.status) for r in rows][:2] == [
        ("11", "Implement Working Together", date(2009, 12, 31), Status.ON_TRACK),
        ("11.a", "Procedures revised", date(2010, 3, 31), Status.NOT_STARTED),
    ]
    # The apostrophe that keeps =1+1 from running comes off again on import.
    assert rows[-1].title == "=1+1"


def test_characters_a_workbook_cannot_hold_are_left_out_not_fatal(tmp_path: Path) -> None:
    path = saved(tmp_path, plan_xlsx(board(item("1", "bell\x07 and nul\x00", ON)), {}, base=BASE))
    assert read_plan_file(path)[0].title == "bell and nul"


def test_the_template_is_the_same_workbook_without_items(tmp_path: Path) -> None:
    path = saved(tmp_path, template_xlsx(), "template.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["Plan", "Instructions"]
    sheet = book["Plan"]
    assert [c.value for c in sheet[1]] == list(HEADINGS) and sheet.max_row <= 2
    assert sheet.freeze_panes == "A2" and len(sheet.data_validations.dataValidation) == 1
    assert book["Instructions"]["A1"].value == "How to use this workbook"
    with pytest.raises(ImportRejected, match="no items"):
        read_plan_file(path)
