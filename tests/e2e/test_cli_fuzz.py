"""Fuzzing the command line: hostile values in every argument of the commands
people type give one line on stderr, never a traceback, and a refusal records
nothing. Run in-process (``main``), so hundreds of cases take seconds; an
exception escaping ``main`` is exactly what a user would see as a traceback."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from application.clock import FixedClock
from application.settings import Settings
from entrypoints.bootstrap import bootstrap
from entrypoints.cli import main
from tests.conftest import START
from tests.plans import write

pytestmark = [pytest.mark.e2e, pytest.mark.proof]

HOSTILE = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "9999-12-31",
            "December 9999",
            "0001-01-01T00:00+01:00",
            "31/02/2009",
            "2009-02-29",
            "hello",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "rt/slash",
            "a" * 5000,
            "\u202e11",
            "laming-2009\n",
            "NaN",
            "-1",
            "11",
            "11.a",
            "verified",
            "complete",
            "%s%s%n",
            "'; DROP TABLE tracker_events; --",
        ]
    ),
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_characters="\x00"),
        max_size=40,
    ),
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("fuzz")
    url = f"sqlite:///{folder / 'tracker.db'}"
    app = bootstrap(Settings(db=url), clock=FixedClock(START))
    from application.spreadsheet import read_plan_file

    app.import_plan("laming-2009", read_plan_file(write(folder)), by="pmo", source="plan.csv")
    app.close()
    yield url


def run(url: str, *argv: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(["--db", url, *argv])
        except SystemExit as done:  # argparse's usage error: one line of its own
            code = int(done.code or 0)
    return code, err.getvalue()


def commands(a: str, b: str, c: str) -> list[list[str]]:
    return [
        ["status", "laming-2009", a, b, "--by", "hos-cf", "--reason", c],
        ["status", a, "11", "at_risk", "--by", b],
        ["due", "laming-2009", "11", a, "--by", "hos-cf", "--reason", b],
        ["due", "laming-2009", a, "2010-03-31", "--by", "dcs", "--reason", "r", "--effective", b],
        ["assign", "laming-2009", "11", a, "--by", b],
        ["evidence", "laming-2009", a, b, "--by", "hos-cf", "--link", c],
        ["comment", "laming-2009", "11", a, "--by", b],
        ["board", a, "--as-at", b],
        ["board", "laming-2009", "--as-at", a],
        ["history", a, b],
        ["overdue", "--on", a],
        ["changes", "laming-2009", "--since", a, "--until", b],
        ["workload", a],
        ["import", a, "--plan", b, "--dry-run"],
        ["export", a, b] if a else ["plans"],
        ["person", a, "--name", b, "--job-title", c],
        ["pack", "laming-2009", f"{a}.txt", "--as-at", b],
    ]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(HOSTILE, HOSTILE, HOSTILE)
def test_no_argument_gives_a_traceback(store: str, a: str, b: str, c: str) -> None:
    for argv in commands(a, b, c):
        code, err = run(store, *argv)
        assert "Traceback" not in err and "unexpected" not in err, (argv, err)
        if code != 0:
            assert err.strip(), argv  # a refusal always says why


def test_a_broken_database_file_is_one_line_too(store: str, tmp_path: Path) -> None:
    """A broken database file is a one-line error too, not a traceback."""
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not a database" * 100)
    code, err = run(f"sqlite:///{broken}", "plans")
    assert code != 0 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
