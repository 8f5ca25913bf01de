"""The board pack as a Word document, for officers who edit the covering report
before it goes to the board: the same ``Pack`` as the HTML and PDF, with real
headings (Heading 1-3, so Word's navigation pane and contents work) and real
tables (header rows repeated on each page), A4 landscape, in Arial.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from web.pack_content import Pack, PackRow
from web.present import RAG_LABELS, STATUS_LABELS, uk_date, uk_instant

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ITEM_COLUMNS = ("Ref", "Action and milestones", "Lead officer", "Due", "RAG", "Position")
ITEM_WIDTHS_MM = (16, 72, 42, 28, 18, 70, 27)
RAG_FILLS = {
    "red": "F6D7D2",
    "amber": "FCD6C3",
    "green": "CCE2D8",
    "blue": "D2E2F1",
    "grey": "E5E6E7",
}
TOTAL_COLUMNS = ("Theme", "Items", "Red", "Of which overdue", "Amber", "Green", "Verified", "Grey")


def render_docx(pack: Pack) -> bytes:
    doc = Document()
    _page(doc)
    board, t = pack.board, pack.board.totals
    doc.core_properties.title = f"Board pack: {board.title}"
    doc.core_properties.language = "en-GB"
    doc.add_paragraph(f"{pack.meeting}: highlight report".upper()).runs[0].bold = True
    doc.add_heading(board.title, level=0)
    doc.add_paragraph(
        f"Position as at {uk_instant(board.as_at)} (London time)"
        f"{', as recorded then' if board.historical else ''}. Produced "
        f"{uk_instant(pack.printed_at)} from the improvement tracker, in which every change "
        "is kept."
    )
    doc.add_heading("Purpose", level=2)
    doc.add_paragraph(pack.purpose)
    doc.add_heading("Recommendations", level=2)
    doc.add_paragraph("The board is asked to:")
    for ask in pack.recommendations:
        doc.add_paragraph(ask, style="List Number")
    doc.add_page_break()  # type: ignore[no-untyped-call]

    doc.add_heading("1. Summary", level=1)
    doc.add_paragraph(
        f"The plan has {t.items} actions and milestones. On {uk_date(board.on)}: {t.red} red "
        f"({t.overdue} overdue), {t.amber} amber, {t.green} green, {t.blue} verified complete "
        f"and {t.grey} not started, deferred or withdrawn."
    )
    totals = _table(doc, TOTAL_COLUMNS)
    for theme in [*pack.themes, None]:
        s = theme.totals if theme else t
        name = theme.name if theme else "All themes"
        _row(
            totals, [name, *map(str, (s.items, s.red, s.overdue, s.amber, s.green, s.blue, s.grey))]
        )

    doc.add_heading("2. Exceptions: items red or amber", level=1)
    if pack.exceptions:
        _items(doc, pack.exceptions)
    else:
        doc.add_paragraph("There are no exceptions.")
    doc.add_heading("3. Progress on every action, by theme", level=1)
    for group in pack.themes:
        doc.add_heading(group.name, level=2)
        _items(doc, group.rows)

    doc.add_page_break()  # type: ignore[no-untyped-call]
    doc.add_heading("4. The record this pack was built from", level=1)
    a = pack.anchor
    doc.add_paragraph(
        f"Built from the tracker's event log up to position {a.head.position} "
        f"({a.head.events} events), whose chain head is {a.head.link}."
    )
    if a.checkpoint:
        doc.add_paragraph(
            f"The tracker signed that position as the checkpoint below (key fingerprint "
            f"{a.fingerprint}). To prove the log still holds exactly what this pack was built "
            "from, copy the checkpoint into a file and run tracker verify --checkpoint FILE."
        )
        block = doc.add_paragraph()
        run = block.add_run(a.checkpoint.rstrip("\n"))
        run.font.name, run.font.size = "Courier New", Pt(8)
    else:
        doc.add_paragraph(
            "No signing key is set, so this pack carries no signed checkpoint: run "
            "tracker checkpoint to make one."
        )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page(doc: DocumentObject) -> None:
    section: Section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(12))
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(10)
    _footer_page_numbers(section.footer.paragraphs[0])


def _footer_page_numbers(paragraph: Paragraph) -> None:
    """ "Page X of Y" from Word's PAGE and NUMPAGES fields."""
    paragraph.add_run("Page ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES")


def _field(paragraph: Paragraph, code: str) -> None:
    run = paragraph.add_run()
    for kind, text in (
        ("begin", None),
        (None, code),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == code:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {code} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _table(doc: DocumentObject, columns: tuple[str, ...]) -> Table:
    table: Table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    header = table.rows[0]
    properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeat the header row on every page
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)
    for cell, name in zip(header.cells, columns, strict=True):
        cell.text = name
        cell.paragraphs[0].runs[0].bold = True
        _fill(cell, "F3F2F1")
    return table


def _row(table: Table, values: list[str]) -> list[_Cell]:
    row = table.add_row()  # type: ignore[no-untyped-call]
    cells: list[_Cell] = row.cells
    for cell, value in zip(cells, values, strict=True):
        cell.text = value
    return cells


def _fill(cell: _Cell, colour: str) -> None:
    """A cell's background, as the PDF's RAG column has (the words say it too)."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _items(doc: DocumentObject, rows: list[PackRow]) -> None:
    table = _table(doc, (*ITEM_COLUMNS, "Last updated"))
    for r in rows:
        item = r.item
        title = item.title
        if item.description:
            title += f"\n{item.description}"
        if item.source:
            title += f"\nAnswers recommendation {item.source}"
        due = uk_date(item.due)
        if item.overdue:
            due += f"\n{item.days_overdue} {'day' if item.days_overdue == 1 else 'days'} overdue"
        elif item.due != item.original_due:
            due += f"\n(originally {uk_date(item.original_due)})"
        position = STATUS_LABELS[item.status] + (f": {r.position}" if r.position else "")
        updated = uk_instant(r.updated) if r.updated else ""
        cells = _row(
            table, [item.ref, title, r.owner, due, RAG_LABELS[item.rag], position, updated]
        )
        _fill(cells[4], RAG_FILLS[item.rag])
    for column, width in zip(table.columns, ITEM_WIDTHS_MM, strict=True):
        column.width = Mm(width)
