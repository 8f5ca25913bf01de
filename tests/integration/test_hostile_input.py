"""Proof: hostile input. Hypothesis writes spreadsheets (CSV and XLSX) and
command lines; each is accepted or refused with a clear one-line error, never a
traceback, and a refusal leaves the store exactly as it was."""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from application.settings import Settings
from application.spreadsheet import read_plan_file
from domain.errors import TrackerError
from entrypoints.bootstrap import bootstrap
from entrypoints.cli import main
from tests.plans import BASIC, write

pytestmark = pytest.mark.proof

HEADERS = ["ref", "parent", "title", "theme", "owner", "owner_email", "due", "status", "source"]
NASTY = [
    "",
    " ",
    "=1+1",
    "+cmd|' /C calc'!A0",
    "-2",
    "@SUM(A1)",
    "11",
    "11.a",
    "December 2009",
    "2009-13-45",
    "31/02/2010",
    "complete",
    "verified",
    "withdrawn",
    "hos-cf",
    "a@b",
    "\u202etxt.exe",
    "'; DROP TABLE stored_events; --",
    "x" * 5000,
    "\x00",
    "é🙂",
    "\r\n",
]
cell = st.one_of(st.sampled_from(NASTY), st.text(max_size=30))
header = st.lists(
    st.one_of(st.sampled_from([*HEADERS, "REF", " Due ", "extra"]), st.text(max_size=8)),
    min_size=0,
    max_size=10,
)
sheet = st.tuples(header, st.lists(st.lists(cell, max_size=10), max_size=12))


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    monkeypatch.setenv("TRACKER_NOW", "2010-01-04T09:00")
    monkeypatch.setenv("TRACKER_SIGNING_KEY", str(tmp_path / "key"))
    monkeypatch.setenv("TRACKER_DB", url)
    assert main(["import", str(write(tmp_path, BASIC)), "--plan", "laming-2009"]) == 0
    yield url


def snapshot(url: str) -> list[tuple[int, str, bytes]]:
    """Every stored event, byte for byte, and the staff directory."""
    app = bootstrap(Settings(db=url))
    try:
        events = [
            (n.id, n.topic, n.state)
            for n in app.recorder.select_notifications(start=1, limit=1_000_000)
        ]
        return [*events, (0, "directory", repr(app.directory.entries()).encode())]
    finally:
        app.close()


def write_sheet(path: Path, head: list[str], rows: list[list[str]], xlsx: bool) -> Path:
    if xlsx:
        book = Workbook()
        page = book.active
        for row in [head, *rows]:
            page.append([ILLEGAL_CHARACTERS_RE.sub("", value) for value in row])
        book.save(path.with_suffix(".xlsx"))
        return path.with_suffix(".xlsx")
    text = io.StringIO()
    csv.writer(text).writerows([head, *rows])
    path.with_suffix(".csv").write_text(text.getvalue(), encoding="utf-8")
    return path.with_suffix(".csv")


def one_line_error(err: str) -> None:
    assert "Traceback" not in err, err
    first = err.strip().splitlines()[0] if err.strip() else ""
    assert first.startswith(("tracker: error: ", "usage: tracker")), err


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=sheet, xlsx=st.booleans())
def test_hostile_spreadsheets_are_imported_or_refused_cleanly(
    data: tuple[list[str], list[list[str]]],
    xlsx: bool,
    store: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    head, rows = data
    path = write_sheet(tmp_path / "hostile", head, rows, xlsx)
    with contextlib.suppress(TrackerError):
        read_plan_file(path)  # refused by the reader: the CLI must say so in one line too
    before = snapshot(store)
    code = main(["import", str(path), "--plan", "laming-2009"])
    _, err = capsys.readouterr()
    event(f"exit status {code}")
    if code != 0:
        one_line_error(err)
        assert snapshot(store) == before


word = st.one_of(
    st.sampled_from(
        [
            "laming-2009",
            "11",
            "11.a",
            "32",
            "nope",
            "complete",
            "verified",
            "on_track",
            "--by",
            "--reason",
            "--effective",
            "--as-at",
            "--on",
            "--json",
            "--since",
            "--checkpoint",
            "2009-12-31",
            "2099-01-01",
            "31/02/2010",
            "March 2010",
            "yesterday",
            "=HYPERLINK()",
            "",
            "-",
        ]
    ),
    st.text(max_size=12),
)
COMMANDS = [
    "status",
    "due",
    "assign",
    "evidence",
    "board",
    "history",
    "overdue",
    "changes",
    "meeting",
    "meetings",
    "trend",
    "workload",
    "verify",
    "person",
    "contacts",
    "reminders",
]


# Free-form words mostly stop at the argument parser; shaped ones reach the application.
shaped = st.tuples(
    st.sampled_from(["laming-2009", "nope", "", "=1"]),
    st.sampled_from(["11", "11.a", "32", "40", "99", ""]),
    word,
    st.sampled_from(["--by", "--reason", "--effective", "--as-at", "--on", "--json"]),
    word,
    st.sampled_from([[], ["--by", "hos-cf"], ["--by", "x", "--reason", "r"]]),
).map(lambda t: [t[0], t[1], t[2], t[3], t[4], *t[5]])


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(command=st.sampled_from(COMMANDS), args=st.one_of(st.lists(word, max_size=7), shaped))
def test_hostile_command_lines_are_accepted_or_refused_cleanly(
    command: str, args: list[str], store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(store)
    try:
        code = main([command, *[a.replace("\x00", "") for a in args]])
    except SystemExit as exit:  # argparse's refusal: usage and a message, status 2
        code = int(exit.code or 0)
    _, err = capsys.readouterr()
    event(f"exit status {code}")
    if code != 0:
        one_line_error(err)
        assert snapshot(store) == before
