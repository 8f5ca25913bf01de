"""The XLSX streamer gives the values openpyxl gives, and reads what Excel and
other writers put in a sheet (shared strings, rich text, phonetic guides,
escapes, cells without references, rows left out)."""

from __future__ import annotations

import io
from datetime import date, datetime, time

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from application.cell_markers import ExcelError, Formula
from application.file_limits import FileLimits
from application.xlsx_rows import worksheet_rows
from tests.hostile_files import MAIN, SHEET, entries_of, rezip, workbook

values = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=20),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=date(1901, 1, 1), max_value=date(2099, 12, 31)),
    st.datetimes(min_value=datetime(1901, 1, 1), max_value=datetime(2099, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    ),
)


def ours(data: bytes) -> list[tuple[int, dict[int, object]]]:
    return list(worksheet_rows(data, FileLimits()))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(values, min_size=1, max_size=6), min_size=1, max_size=6))
def test_values_are_those_openpyxl_reads(rows: list[list[object]]) -> None:
    book = Workbook()  # the normal writer: a dimension, number formats for dates
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    theirs = load_workbook(io.BytesIO(out.getvalue()), read_only=True)
    expected = [
        {n: v for n, v in enumerate(r, start=1) if v is not None}
        for r in theirs.worksheets[0].iter_rows(values_only=True)
    ]
    got = [{c: v for c, v in cells.items() if v is not None} for _, cells in ours(out.getvalue())]
    assert [r for r in got if r] == [r for r in expected if r]


def with_sheet_data(rows: bytes, strings: bytes | None = None) -> bytes:
    entries = entries_of(workbook([]))
    head, _, tail = entries[SHEET].partition(b"<sheetData>")
    entries[SHEET] = (
        head + b"<sheetData>" + rows + b"</sheetData>" + tail.split(b"</sheetData>")[-1]
    )
    if strings is not None:
        entries["xl/sharedStrings.xml"] = b'<sst xmlns="%s">%s</sst>' % (MAIN, strings)
        entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
    return rezip(entries)


def test_shared_strings_rich_text_and_phonetic_guides() -> None:
    strings = (
        b"<si><t>plain</t></si>"
        b"<si><r><rPr><b/></rPr><t>bold </t></r><r><t xml:space='preserve'>and not</t></r></si>"
        b"<si><t>\xe6\x9d\xb1\xe4\xba\xac</t><rPh sb='0' eb='2'><t>\xe3\x83\x88\xe3\x82\xa6</t></rPh></si>"
        b"<si><t>line_x000D_break and _x005F_x0041_</t></si>"
    )
    rows = (
        b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        b'<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>'
    )
    assert ours(with_sheet_data(rows, strings)) == [
        (1, {1: "plain", 2: "bold and not", 3: "東京", 4: "line\rbreak and _x0041_"})
    ]


def test_cells_without_references_follow_the_last_one_and_rows_may_be_left_out() -> None:
    rows = (
        b'<row r="2"><c r="B2" t="inlineStr"><is><t>b</t></is></c><c s="3"/>'
        b'<c t="inlineStr"><is><t>d</t></is></c></row>'
        b'<row><c t="b"><v>1</v></c><c r="E7"/><c t="e"><v>#N/A</v></c></row>'
        b'<row r="9"><c r="A9"><f>SUM(A1:A2)</f><v>3</v></c><c r="B9" t="str"><v>x</v></c></row>'
    )
    assert ours(with_sheet_data(rows)) == [
        (2, {2: "b", 4: "d"}),
        (3, {1: True, 6: ExcelError("#N/A")}),
        (9, {1: Formula("=SUM(A1:A2)"), 2: "x"}),
    ]


def test_dates_come_from_the_cell_style() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([datetime(2009, 12, 31), 40178, time(9, 30)])
    out = io.BytesIO()
    book.save(out)
    ((_, cells),) = ours(out.getvalue())
    assert cells == {1: datetime(2009, 12, 31), 2: 40178, 3: time(9, 30)}
