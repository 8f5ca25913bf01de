"""The weekly exception report, as it arrives at a real SMTP server: red and
amber items as the web's exceptions page lists them, in words, with links to
each item; its calendar holds only deadlines still to come, each entry's
SEQUENCE the number of its due-date revisions."""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage
from pathlib import Path

import icalendar

from application.service import Tracker
from application.settings import Settings
from domain.status import Status
from entrypoints import bootstrap
from scheduler.service import tick
from tests.conftest import Clock
from tests.integration.test_mail import ENGLAND, PLAN, london, setup_plan
from tests.smtp import free_port, smtp_server
from web.present import exceptions

WEB = "https://tracker.council.example"


def body(message: EmailMessage, kind: str) -> str:
    part = message.get_body((kind,))
    assert part is not None
    return str(part.get_content())


def test_the_report_lists_red_and_amber_in_words_with_links(
    app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    setup_plan(app, tmp_path)
    clock.set(london("2009-11-27T10:00"))
    app.change_status(PLAN, "11", Status.AT_RISK, by="hos-cf")
    app.change_status(PLAN, "40", Status.AT_RISK, by="lscb-manager")
    app.revise_due_date(PLAN, "40", date(2010, 4, 30), by="lscb-manager", reason="recruiting")
    app.revise_due_date(PLAN, "40", date(2010, 5, 28), by="lscb-manager", reason="again")
    monday = london("2009-11-30T07:30")
    clock.set(monday)
    web = exceptions(app.board(PLAN))
    assert [item.ref for item in web] == ["32", "11", "40"]  # overdue first, then amber

    port = free_port()
    settings = Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_timeout=5, web_url=WEB + "/")
    with smtp_server(port) as box:
        tick(app, ENGLAND, bootstrap.mail(settings), monday)
    (report,) = [m for m in box.received if str(m["Subject"]).startswith("Exception")]
    text, html = body(report, "plain"), body(report, "html")
    assert "3 items are red or amber (1 red, 2 amber), 1 of them overdue." in text
    assert text.index("- 32 ") < text.index("- 11 ") < text.index("- 40 ")
    assert "Due Fri 28 May 2010 (originally Wed 31 March 2010); status at risk; RAG amber." in text
    assert "Why now: declared at risk." in text
    assert "Why now: overdue (30 days past the due date)." in text
    for ref in ("32", "11", "40"):
        assert f"{WEB}/plans/{PLAN}/items/{ref}\r\n" in text
        assert f'href="{WEB}/plans/{PLAN}/items/{ref}"' in html
    assert '<strong class="rag-amber">Amber</strong>' in html

    (ics,) = list(report.iter_attachments())
    entries = {
        str(e["UID"]): e for e in icalendar.Calendar.from_ical(ics.get_content()).walk("VEVENT")
    }
    # 32 fell due in October: no entry lands in the past
    assert sorted(entries) == [f"{PLAN}.11@improvement-tracker", f"{PLAN}.40@improvement-tracker"]
    forty = entries[f"{PLAN}.40@improvement-tracker"]
    assert (forty["SEQUENCE"], forty.decoded("DTSTART")) == (2, date(2010, 5, 28))
    assert entries[f"{PLAN}.11@improvement-tracker"]["SEQUENCE"] == 0
    assert "lscb-manager" not in str(forty["DESCRIPTION"])
    assert str(forty["URL"]) == f"{WEB}/plans/{PLAN}/items/40"
