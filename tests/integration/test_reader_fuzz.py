"""Proof: whatever the bytes, ``read_plan_file`` returns rows or raises
``ImportRejected``, never anything else, and quickly. Hypothesis tries random
bytes, random damage to a valid XLSX and CSV, and hostile fragments spliced
into the XML inside a valid workbook (which reaches the XML parsers, past the
zip's own checks).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from application.spreadsheet import ImportRejected, PlanRow, read_plan_file
from tests import hostile_files
from tests.plans import BASIC

pytestmark = pytest.mark.proof

GOOD_XLSX = hostile_files.workbook(
    [
        [
            "11",
            None,
            "Working Together",
            "Leadership",
            "hos-cf",
            "hos-cf@example.gov.uk",
            "2009-12",
        ],
        ["11.a", "11", "Procedures", None, "hos-cf", None, "30/11/2009"],
    ]
)
GOOD_CSV = BASIC.encode()
PARTS = sorted(hostile_files.entries_of(GOOD_XLSX))
FRAGMENTS = [
    b"<!DOCTYPE x>",
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
    b"&a;",
    b"&lt;",
    b'<row r="0">',
    b'<row r="99999999">',
    b'<c r="XFD1" t="s"><v>999999</v></c>',
    b'<c r="A2" t="n"><v>1e309</v></c>',
    b'<c r="A2" s="99"><v>-5</v></c>',
    b'<c r="A2" t="e"><v>#N/A</v></c>',
    b'<c r="A2" t="d"><v>not a date</v></c>',
    b"<f>1+1</f>",
    b'<?xml version="1.0" encoding="cp037"?>',
    b"\x00\xff\xfe",
    b"_x0007_",
    b"]]>",
    b"</sheetData>",
    b"",
]
SECONDS = 5.0


def outcome(path: Path) -> str:
    start = time.perf_counter()
    try:
        rows = read_plan_file(path)
    except ImportRejected as error:
        assert error.errors and all(str(problem) for problem in error.errors)
        result = "refused"
    else:
        assert rows and all(isinstance(row, PlanRow) for row in rows)
        result = "accepted"
    assert time.perf_counter() - start < SECONDS
    return result


def damaged(data: bytes, edits: list[tuple[int, int]], cut: int | None) -> bytes:
    mutable = bytearray(data)
    for position, value in edits:
        mutable[position % len(mutable)] = value
    return bytes(mutable[:cut] if cut is not None else mutable)


edits = st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), max_size=8)
CHECKS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@CHECKS
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_random_bytes_are_read_or_refused(data: bytes, suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    event(outcome(path))


@CHECKS
@given(
    edits=edits,
    cut=st.one_of(st.none(), st.integers(0, len(GOOD_XLSX))),
    suffix=st.sampled_from([".csv", ".xlsx"]),
)
def test_a_damaged_file_is_read_or_refused(
    edits: list[tuple[int, int]], cut: int | None, suffix: str, tmp_path: Path
) -> None:
    original = GOOD_XLSX if suffix == ".xlsx" else GOOD_CSV
    path = tmp_path / f"damaged{suffix}"
    path.write_bytes(damaged(original, edits, cut))
    event(outcome(path))


@CHECKS
@given(
    part=st.sampled_from(PARTS),
    fragment=st.sampled_from(FRAGMENTS),
    where=st.floats(0, 1),
    edits=st.lists(st.tuples(st.integers(0, 1 << 16), st.integers(0, 255)), max_size=3),
)
def test_hostile_xml_inside_a_workbook_is_read_or_refused(
    part: str, fragment: bytes, where: float, edits: list[tuple[int, int]], tmp_path: Path
) -> None:
    entries = hostile_files.entries_of(GOOD_XLSX)
    xml = entries[part]
    at = int(where * len(xml))
    entries[part] = damaged(xml[:at] + fragment + xml[at:], edits, None)
    path = tmp_path / "spliced.xlsx"
    path.write_bytes(hostile_files.rezip(entries))
    event(f"{part}: {outcome(path)}")
