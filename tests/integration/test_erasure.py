"""Erasing a person: contact details go, the history says the key was erased,
and the log (so its hash chain) is untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from application import erasure
from application.integrity import verify_log
from application.people import Person, staff_label
from application.persistence import Stored, decode_state
from application.service import Tracker, UnknownPerson
from application.spreadsheet import read_plan_file
from domain.errors import TrackerError
from domain.status import Status
from tests.conftest import Clock
from tests.integration.test_tracker import PLAN, imported, log
from tests.plans import BASIC, write


def test_erasure_removes_contact_details_and_marks_the_history(
    app: Tracker, tmp_path: Path, clock: Clock
) -> None:
    imported(app, tmp_path)
    clock.advance(days=1)
    app.change_status(PLAN, "11", Status.AT_RISK, by="hos-cf")
    assert app.directory.email("hos-cf") == "hos-cf@example.gov.uk"
    before = log(app)

    assert app.erase_person("hos-cf") is True

    assert app.directory.email("hos-cf") is None
    assert log(app) == before, "erasure never rewrites events"
    assert verify_log(app.recorder).ok
    rows = app.history(PLAN, "11")
    changed = [row for row in rows if row["type"] == "StatusChanged"]
    assert changed[-1]["by"] == "hos-cf" and changed[-1]["erased"] == ["hos-cf"]
    added = [row for row in rows if row["type"] == "ActionAdded"]
    assert added[0]["erased"] == ["hos-cf"]  # named as the owner
    others = app.history(PLAN, "32")
    assert all(row["erased"] == [] for row in others)


def test_erasure_sticks_when_the_spreadsheet_is_imported_again(
    app: Tracker, tmp_path: Path, clock: Clock
) -> None:
    imported(app, tmp_path)
    app.erase_person("hos-cf")
    clock.advance(days=1)
    app.import_plan(PLAN, read_plan_file(write(tmp_path, BASIC)), by="pmo", source="plan.csv")
    assert app.directory.email("hos-cf") is None
    assert app.erase_person("hos-cf") is False  # already erased: nothing to do


def test_erasing_an_unknown_person_is_refused_and_changes_nothing(
    app: Tracker, tmp_path: Path
) -> None:
    imported(app, tmp_path)
    with pytest.raises(UnknownPerson, match="no person 'nobody'"):
        app.erase_person("nobody")
    assert app.directory.erased() == set()
    assert app.directory.email("hos-cf") == "hos-cf@example.gov.uk"


def test_erasure_clears_the_name_and_job_title_and_they_cannot_return(
    app: Tracker, tmp_path: Path
) -> None:
    imported(app, tmp_path)
    app.directory.names.set("hos-cf", name="Jane Smith", job_title="Head of Service")
    app.directory.names.set("lscb-manager", job_title="LSCB Business Manager")
    assert staff_label("hos-cf", app.directory.people()) == "Jane Smith, Head of Service (hos-cf)"

    assert app.erase_person("hos-cf") is True

    people = app.directory.people()
    assert "hos-cf" not in people and staff_label("hos-cf", people) == "hos-cf"
    assert people["lscb-manager"] == Person(job_title="LSCB Business Manager")  # others kept
    app.directory.names.set("hos-cf", name="Jane Smith")  # as a later correction would
    assert "hos-cf" not in app.directory.people()


def test_a_name_is_one_line_of_words_not_an_address(app: Tracker) -> None:
    with pytest.raises(TrackerError, match="--name holds an '@'"):
        app.directory.names.set("hos-cf", name="jane@council.gov.uk")
    with pytest.raises(TrackerError, match="--name holds a control character"):
        app.directory.names.set("hos-cf", name="Jane\x00Smith")
    with pytest.raises(TrackerError, match="--job-title is 121 characters"):
        app.directory.names.set("hos-cf", job_title="x" * 121)
    app.directory.names.set("hos-cf", name="  Jane\n Smith ")
    app.directory.names.set("hos-cf", job_title="Head of Service")  # the name stays
    assert app.directory.people()["hos-cf"] == Person("Jane Smith", "Head of Service")
    app.directory.names.set("hos-cf", name="")
    assert staff_label("hos-cf", app.directory.people()) == "Head of Service (hos-cf)"


def test_a_key_named_only_in_the_history_is_found_and_a_key_only_in_words_is_not(
    app: Tracker, tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store finds the events whose JSON holds the key as a string; only
    "who did it", an owner or a contact counts, not the words of a comment."""
    imported(app, tmp_path)
    clock.advance(days=1)
    app.change_status(PLAN, "11", Status.AT_RISK, by="deputy-dcs")
    app.add_comment(PLAN, "32", "auditor", by="hos-cf")  # the whole text: a JSON string
    app.add_comment(PLAN, "32", 'Ask "reviewer" and reviewer-2 first', by="hos-cf")
    assert app.directory.email("deputy-dcs") is None  # known from the history alone
    decoded: list[str] = []

    def counted(row: Stored) -> dict[str, object]:
        decoded.append(row.topic)
        return decode_state(row)

    monkeypatch.setattr(erasure, "decode_state", counted)
    assert app.erase_person("deputy-dcs") is True
    assert [topic.rsplit(".", 1)[-1] for topic in decoded] == ["StatusChanged"]  # not the log
    for in_words_only in ("auditor", "reviewer", "reviewer-2"):
        with pytest.raises(UnknownPerson):
            app.erase_person(in_words_only)
    assert app.directory.erased() == {"deputy-dcs"}
