"""The board pack on the web: its page, its tagged PDF (with its stylesheet
really applied: page numbers, Liberation Sans) and its Word document, people
by name, the checkpoint it carries, and the cache that makes a second request
instant until the log moves on."""

from __future__ import annotations

import io
import time
from pathlib import Path

from docx import Document
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from starlette.testclient import TestClient

from application import checkpoint as checkpoints
from application.service import Tracker
from domain.status import Status
from tests.web.conftest import Browser, text_of
from web.pack_docx import DOCX

LABEL = "Jane Smith, Head of Service, Children and Families (hos-cf)"


def named(app: Tracker) -> Tracker:
    app.directory.names.set(
        "hos-cf", name="Jane Smith", job_title="Head of Service, Children and Families"
    )
    app.directory.names.set("health-commissioner", job_title="Health Commissioner")
    app.change_status("pl", "32", Status("off_track"), by="health-commissioner", reason="gaps")
    return app


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pack_page_has_a_cover_exceptions_first_and_people_by_name(
    planned: Tracker, browser: Browser
) -> None:
    named(planned)
    browser.sign_in("inspector")
    html = browser.get("/plans/pl/pack?meeting=Improvement+Board+14+January+2010")
    words = text_of(html)
    assert "IMPROVEMENT BOARD 14 JANUARY 2010" in words.upper()
    assert "Purpose" in words and "The board is asked to:" in words
    assert "agree what is to be done about the 1 exception in section 2" in words
    assert words.index("2. Exceptions") < words.index("3. Progress on every action")
    assert (
        "32 Health visitor workforce capacity Answers recommendation 32 Health Commissioner "
        "(health-commissioner) 31 Oct 2009 Red Off track: gaps 1 Jul 2009, 10:00" in words
    )
    assert LABEL in words
    assert 'id="print-pack"' in html and 'src="/static/print.js"' in html
    assert 'href="/plans/pl">Back to the board' in html
    assert "tracker verify --checkpoint FILE" in words


def test_the_pdf_is_tagged_styled_and_numbered(planned: Tracker, browser: Browser) -> None:
    named(planned)
    browser.sign_in("inspector")
    reply = browser.client.get("/plans/pl/pack.pdf")
    assert reply.headers["content-type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(reply.content))
    text = pdf_text(reply.content)
    assert "IMPROVEMENT BOARD: HIGHLIGHT REPORT" in text  # the stylesheet's capitals
    assert f"Page 1 of {len(pdf.pages)}" in text  # the stylesheet's footer
    assert "Jane Smith" in text
    fonts = set()
    for number in range(len(pdf.pages)):
        resources = pdf.pages[number]["/Resources"].get_object()
        assert isinstance(resources, DictionaryObject)
        found = resources["/Font"].get_object()
        assert isinstance(found, DictionaryObject)
        fonts |= {str(font.get_object()["/BaseFont"]) for font in found.values()}
    assert any("Liberation-Sans" in f for f in fonts) and not any("Serif" in f for f in fonts)
    root = pdf.root_object
    mark_info = root["/MarkInfo"].get_object()
    assert isinstance(mark_info, DictionaryObject) and bool(mark_info["/Marked"])
    assert "/StructTreeRoot" in root


def test_the_word_pack_has_real_headings_and_tables(planned: Tracker, browser: Browser) -> None:
    named(planned)
    browser.sign_in("inspector")
    reply = browser.client.get("/plans/pl/pack.docx?as_at=2009-07-01T12:00:00")
    assert reply.headers["content-type"] == DOCX
    assert 'filename="pl-board-pack-2009-07-01.docx"' in reply.headers["content-disposition"]
    doc = Document(io.BytesIO(reply.content))
    styled = [(p.style.name if p.style else "", p.text) for p in doc.paragraphs]
    headings = [(style, text) for style, text in styled if style.startswith("Heading")]
    assert ("Heading 1", "2. Exceptions: items red or amber") in headings
    assert ("Heading 2", "Leadership and Accountability") in headings
    cells = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    assert cells[0][:3] == ["Theme", "Items", "Red"]
    owners = {row[2] for row in cells if len(row) == 7}
    assert LABEL in owners
    text = "\n".join(p.text for p in doc.paragraphs)
    assert '"format": "tracker-checkpoint/1"' in text


def test_a_checkpoint_copied_from_the_pack_verifies_signed(
    planned: Tracker, browser: Browser, tmp_path: Path
) -> None:
    browser.sign_in("inspector")
    text = pdf_text(browser.client.get("/plans/pl/pack.pdf").content)
    start = text.index("{")
    copied = text[start : text.index("}", start) + 1]
    path = tmp_path / "copied.txt"
    path.write_text("Copied from the pack:\n" + copied + "\n")
    made = checkpoints.read(path)
    head = planned.log_head()
    assert (made.position, made.link, made.events) == (head.position, head.link, head.events)
    path.write_text(copied.replace(head.link[:8], "00000000"))
    try:
        checkpoints.read(path)
    except checkpoints.CheckpointError as error:
        assert "altered" in str(error)
    else:
        raise AssertionError("an altered checkpoint was accepted")


def test_a_second_pdf_is_served_from_the_cache_until_an_event(
    planned: Tracker, browser: Browser, client: TestClient
) -> None:
    browser.sign_in("inspector")
    cache = client.app.state.pack_cache  # type: ignore[attr-defined]
    first = browser.client.get("/plans/pl/pack.pdf").content
    started = time.perf_counter()
    again = browser.client.get("/plans/pl/pack.pdf").content
    assert again == first and cache.hits == 1
    assert time.perf_counter() - started < 0.5
    planned.add_comment("pl", "40", "Interviews on Friday", by="lscb-manager")
    changed = browser.client.get("/plans/pl/pack.pdf").content
    assert cache.hits == 1 and "Interviews on Friday" in pdf_text(changed)


def test_a_bad_pack_date_is_named(browser: Browser) -> None:
    browser.sign_in("inspector")
    reply = browser.client.get("/plans/pl/pack.docx?as_at=2009-13-01")
    assert reply.status_code == 400 and "cannot be read" in reply.text
