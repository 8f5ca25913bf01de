"""End to end: ``tracker person`` names people, ``tracker pack`` writes the
board pack as PDF, Word and HTML, each rendered to page images as a reader's
software would (pdftoppm; LibreOffice for Word), and the checkpoint copied out
of a pack proves the log with ``tracker verify --checkpoint``.

The renderers are system packages (.ci/run installs them): without them the
rendering test skips on a developer's machine and fails under CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from PIL import Image
from pypdf import PdfReader

from tests.e2e.test_cli import CLI, PLAN
from tests.plans import write

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
LABEL = "Jane Smith, Head of Service, Children and Families (hos-cf)"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CLI:
    monkeypatch.setenv("TRACKER_SIGNING_KEY", str(tmp_path / "keys" / "signing.key"))
    return CLI(f"sqlite:///{tmp_path / 'tracker.db'}", ROOT)


def need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but there is no {tool} (see .ci/run's apt-get line)")
        pytest.skip(f"no {tool}: apt-get install poppler-utils libreoffice-writer-nogui")
    return found


def page_images(pdf: Path, folder: Path) -> list[Path]:
    """Each page of ``pdf`` as a PNG, drawn by poppler."""
    folder.mkdir(exist_ok=True)
    subprocess.run(
        [need("pdftoppm"), "-r", "40", "-png", str(pdf), str(folder / "page")],
        check=True,
        timeout=300,
    )
    return sorted(folder.glob("page-*.png"))


def inked(image: Path) -> bool:
    """Whether the page has anything drawn on it (not blank white)."""
    with Image.open(image) as picture:
        darkest, _ = picture.convert("L").getextrema()
    return isinstance(darkest, int) and darkest < 128


def planned(cli: CLI, tmp_path: Path) -> None:
    cli.run("2009-07-01T09:00", "import", str(write(tmp_path)), "--plan", PLAN, "--by", "pmo")
    cli.run(
        "2009-07-01T09:00",
        "person",
        "hos-cf",
        "--name",
        "Jane Smith",
        "--job-title",
        "Head of Service, Children and Families",
    )
    cli.run("2009-09-15T10:00", "status", PLAN, "11", "off_track", "--by", "hos-cf")


def test_people_by_name_in_the_cli_and_pack_until_erased(cli: CLI, tmp_path: Path) -> None:
    planned(cli, tmp_path)
    shown = cli.json("2009-09-16T09:00", "person", "hos-cf")
    assert shown["name"] == "Jane Smith" and shown["key"] == "hos-cf"
    board = cli.run("2009-09-16T09:00", "board", PLAN).stdout
    assert "Jane Smith" in board
    assert cli.json("2009-09-16T09:00", "board", PLAN)["items"][0]["owner"] == "hos-cf"
    page = tmp_path / "pack.html"
    cli.run("2009-09-16T09:00", "pack", PLAN, str(page))
    assert LABEL in page.read_text()

    cli.run("2009-09-16T09:00", "person", "erase", "hos-cf")
    gone = cli.json("2009-09-16T09:00", "person", "hos-cf")
    assert (gone["name"], gone["job_title"], gone["erased"]) == (None, None, True)
    cli.run("2009-09-16T09:00", "pack", PLAN, str(page))
    assert "Jane Smith" not in page.read_text()
    refused = cli.run("2009-09-16T09:00", "pack", PLAN, str(tmp_path / "pack.txt"), ok=False)
    assert "name a .pdf, .docx or .html file" in refused.stderr


def test_pdf_and_word_packs_render_and_anchor_the_log(cli: CLI, tmp_path: Path) -> None:
    planned(cli, tmp_path)
    pdf, docx = tmp_path / "pack.pdf", tmp_path / "pack.docx"
    made = cli.run("2010-01-04T09:00", "pack", PLAN, str(pdf), "--meeting", "Board, 14 Jan")
    assert "up to position" in " ".join(made.stdout.split())
    cli.run("2010-01-04T09:00", "pack", PLAN, str(docx))

    pages = page_images(pdf, tmp_path / "pdf-pages")
    assert len(pages) == len(PdfReader(pdf).pages) >= 3 and all(map(inked, pages))
    soffice = need("soffice")
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "word"),
            str(docx),
        ],
        check=True,
        timeout=300,
        capture_output=True,
    )
    word_pages = page_images(tmp_path / "word" / "pack.pdf", tmp_path / "word-pages")
    assert len(word_pages) >= 3 and all(map(inked, word_pages))
    word_text = " ".join(
        page.extract_text() for page in PdfReader(tmp_path / "word" / "pack.pdf").pages
    )
    assert "Page 1 of" in word_text and "Jane Smith" in word_text

    # The checkpoint as a reader copies it: out of the PDF's text, and out of Word.
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    copied = tmp_path / "from-pdf.txt"
    copied.write_text(text[text.index("{") : text.index("}") + 1])
    head = cli.json("2010-01-04T09:00", "verify")["head"]
    cli.run("2010-02-01T09:00", "comment", PLAN, "40", "Interviews held", "--by", "lscb-manager")
    verdict = cli.json("2010-02-01T09:00", "verify", "--checkpoint", str(copied))
    assert verdict["ok"] and verdict["checkpoint"]["position"] == head["position"]
    assert verdict["checkpoint"]["link"] == head["link"]
    from_word = tmp_path / "from-word.txt"
    from_word.write_text("\n".join(p.text for p in Document(str(docx)).paragraphs))
    cli.run("2010-02-01T09:00", "verify", "--checkpoint", str(from_word))
