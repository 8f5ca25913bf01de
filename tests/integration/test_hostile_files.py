"""Proof: hostile files. Each file of the corpus (``tests/hostile_files.py``) is
accepted where it is legitimate, else refused with a clear problem: by the
reader, and by ``tracker import`` with exit status 1, a one-line error and no
traceback, the store's log exactly where it was, each within 5 seconds. The zip
bomb is also imported by the real command in a fresh process, whose peak
memory is measured.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from application.settings import Settings
from application.spreadsheet import ImportRejected, read_plan_file
from entrypoints.bootstrap import bootstrap
from entrypoints.cli import main
from tests import hostile_files
from tests.hostile_files import Case, cases

pytestmark = pytest.mark.proof

CASES = cases()
ROOT = Path(__file__).resolve().parents[2]
SECONDS = 5.0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    paths = {}
    for case in CASES:
        paths[case.file] = folder / case.file
        paths[case.file].write_bytes(case.make())
    return paths


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("store")
    url = f"sqlite:///{folder / 'tracker.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRACKER_NOW", "2010-01-04T09:00")
        patch.setenv("TRACKER_SIGNING_KEY", str(folder / "key"))
        patch.setenv("TRACKER_DB", url)
        yield url


def log_position(url: str) -> tuple[int, dict[str, str]]:
    app = bootstrap(Settings(db=url))
    try:
        return app.recorder.max_notification_id() or 0, app.directory.entries()
    finally:
        app.close()


def problems(error: ImportRejected) -> str:
    return "\n".join(str(problem) for problem in error.errors)


@pytest.mark.parametrize("case", CASES, ids=[c.file for c in CASES])
def test_the_reader_accepts_or_refuses_each_file_in_words(
    case: Case, corpus: dict[str, Path]
) -> None:
    start = time.perf_counter()
    if case.expect is None:
        assert read_plan_file(corpus[case.file])
    else:
        with pytest.raises(ImportRejected) as caught:
            read_plan_file(corpus[case.file])
        assert case.expect in problems(caught.value), problems(caught.value)
        assert "Traceback" not in problems(caught.value)
    assert time.perf_counter() - start < SECONDS


@pytest.mark.parametrize("case", CASES, ids=[c.file for c in CASES])
def test_the_cli_refuses_each_file_in_one_line_and_records_nothing(
    case: Case, corpus: dict[str, Path], store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = f"hostile-{CASES.index(case)}"
    before = log_position(store)
    start = time.perf_counter()
    code = main(["import", str(corpus[case.file]), "--plan", plan, "--by", "pmo"])
    seconds = time.perf_counter() - start
    _, err = capsys.readouterr()
    assert "Traceback" not in err
    assert seconds < SECONDS
    if case.expect is None:
        assert code == 0, err
        return
    assert code == 1
    first, *rest = err.strip().splitlines()
    assert first.startswith(f"tracker: error: {case.file} refused, nothing recorded: "), err
    assert case.expect in err
    assert all(line.startswith("  ") for line in rest)  # then one indented line per problem
    assert log_position(store) == before


def test_the_real_command_refuses_the_zip_bomb_in_bounded_time_and_memory(
    corpus: dict[str, Path], store: str, tmp_path: Path
) -> None:
    """1.5 MB on disk, 1.5 GB inside: refused from the zip's directory alone, by
    a process that grows no more than it does reading a three-row workbook."""
    small = tmp_path / "small.xlsx"
    small.write_bytes(hostile_files.workbook(hostile_files.good_rows()))

    def run(path: Path, plan: str) -> tuple[subprocess.CompletedProcess[str], int, float]:
        rss = tmp_path / f"{plan}.rss"
        start = time.perf_counter()
        done = subprocess.run(
            [
                *("/usr/bin/time", "-f", "%M", "-o", str(rss)),
                *(sys.executable, "-m", "entrypoints.cli", "import", str(path)),
                *("--plan", plan, "--by", "pmo"),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=60,
        )
        return done, int(rss.read_text().split()[-1]) // 1024, time.perf_counter() - start

    before = log_position(store)
    bomb, bomb_mb, bomb_seconds = run(corpus["bomb.xlsx"], "bomb")
    assert bomb.returncode == 1 and "Traceback" not in bomb.stderr
    assert bomb.stderr.startswith("tracker: error: bomb.xlsx refused, nothing recorded: ")
    assert "unpacks to 1500 MB; the limit is 50 MB" in bomb.stderr
    assert log_position(store) == before
    legit, legit_mb, _ = run(small, "small-workbook")
    assert legit.returncode == 0, legit.stderr
    assert bomb_seconds < SECONDS
    assert bomb_mb < legit_mb + 10, (bomb_mb, legit_mb)


def test_entities_are_refused_by_the_parsers_too_when_the_archive_check_is_skipped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Belt and braces: without the archive check, defusedxml refuses entities in
    the parts openpyxl reads, and expat's own limit refuses them in the sheet."""
    monkeypatch.setattr("application.sheet_reader.check_workbook_package", lambda *a: None)
    good = hostile_files.workbook(hostile_files.good_rows())
    in_workbook = hostile_files.with_sheet_prolog(
        good, hostile_files.LAUGHS, part="xl/workbook.xml"
    )
    for name, data in [
        ("workbook-part.xlsx", in_workbook),
        ("sheet-part.xlsx", hostile_files.laughs_workbook()),
    ]:
        start = time.perf_counter()
        with pytest.raises(ImportRejected) as caught:
            from application.spreadsheet import read_plan_data

            read_plan_data(name, data)
        assert time.perf_counter() - start < SECONDS
        text = problems(caught.value)
        assert "DTD" in text or "could not be read as an Excel workbook" in text, text


def test_the_cli_reads_within_the_limits_its_settings_give(
    store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.plans import write

    before = log_position(store)
    monkeypatch.setenv("TRACKER_IMPORT_MAX_ROWS", "2")
    assert main(["import", str(write(tmp_path)), "--plan", "limited", "--by", "pmo"]) == 1
    assert "more than 2 rows of items; the limit is 2" in capsys.readouterr().err
    assert log_position(store) == before


def test_tracker_person_refuses_more_than_one_address_by_the_same_rule(
    store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = log_position(store)
    assert main(["person", "ceo", "--email", "a@x.gov.uk,ceo@x.gov.uk"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("tracker: error: 'a@x.gov.uk,ceo@x.gov.uk' is not an email address")
    assert "holds more than one" in err
    assert log_position(store) == before
    assert main(["person", "ceo", "--email", "ceo@x.gov.uk"]) == 0


@pytest.mark.parametrize("case", [c for c in CASES if c.expect], ids=lambda c: c.file)
def test_the_indicator_import_refuses_each_hostile_file_the_same_way(
    case: Case, corpus: dict[str, Path]
) -> None:
    """``tracker import-indicators`` reads files through the same guarded reader:
    each hostile file is refused in words, never with another exception (the
    reader's time bound is shown by the plan reader's test above)."""
    from application.indicator_sheet import read_indicator_data

    with pytest.raises(ImportRejected) as caught:
        read_indicator_data(case.file, corpus[case.file].read_bytes())
    assert "Traceback" not in problems(caught.value)
