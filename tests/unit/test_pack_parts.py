"""The board pack's small parts: how a person is labelled, how a checkpoint
copied out of a pack is read back, and the cache of rendered packs."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from application import checkpoint as checkpoints
from application.log_head import LogHead, anchor
from application.people import Person, staff_label
from web.pack_cache import PackCache, PackKey

AT = datetime(2010, 1, 4, 9, tzinfo=UTC)


def test_a_person_is_shown_by_name_then_job_title_then_key() -> None:
    people = {
        "hos-cf": Person("Jane Smith", "Head of Service"),
        "dcs": Person(job_title="Director of Children's Services"),
        "blank": Person(),
    }
    assert staff_label("hos-cf", people) == "Jane Smith, Head of Service (hos-cf)"
    assert staff_label("dcs", people) == "Director of Children's Services (dcs)"
    assert staff_label("blank", people) == "blank"
    assert staff_label("unknown", people) == "unknown"
    assert staff_label("", people) == ""


def wrap(text: str) -> str:
    return "\n  ".join(text[i : i + 37] for i in range(0, len(text), 37))


def test_a_checkpoint_copied_from_a_pack_reads_whatever_its_line_breaks(tmp_path: Path) -> None:
    made = anchor(LogHead(42, "ab" * 32, 40), Ed25519PrivateKey.generate(), at=AT)
    assert made.fingerprint and json.loads(made.checkpoint)["position"] == 42
    # As a PDF reader copies it: wrapped mid-value, indented, with words around it.
    text = made.checkpoint.replace('"signature": "', '"signature":\n    "')
    wrapped = wrap(text)
    copied = tmp_path / "copied.txt"
    copied.write_text(f"Checkpoint from the board pack of 4 Jan 2010:\n{wrapped}\nPage 9 of 9\n")
    read = checkpoints.read(copied)
    assert (read.position, read.link, read.events) == (42, "ab" * 32, 40)
    copied.write_text(wrap(text.replace('"position": 42', '"position": 41')))
    with pytest.raises(checkpoints.CheckpointError, match="the checkpoint was altered"):
        checkpoints.read(copied)
    copied.write_text("Page 9 of 9")
    with pytest.raises(checkpoints.CheckpointError, match="no checkpoint"):
        checkpoints.read(copied)


def test_without_a_key_the_pack_states_the_head_but_signs_nothing() -> None:
    unsigned = anchor(LogHead(3, "cd" * 32, 3), None, at=AT)
    assert (unsigned.checkpoint, unsigned.head.position) == ("", 3)


def test_the_cache_serves_a_pack_again_until_the_log_moves_on() -> None:
    cache, made = PackCache(size=3), []

    def render(body: bytes) -> bytes:
        made.append(body)
        return body

    key = PackKey("pl", "day:2010-01-04", 10, "", "pdf")
    assert cache.get_or_make(key, lambda: render(b"first")) == b"first"
    assert cache.get_or_make(key, lambda: render(b"again")) == b"first" and cache.hits == 1
    docx = PackKey("pl", "day:2010-01-04", 10, "", "docx")
    assert cache.get_or_make(docx, lambda: render(b"word")) == b"word"  # another form
    moved = PackKey("pl", "day:2010-01-04", 11, "", "pdf")
    assert cache.get_or_make(moved, lambda: render(b"newer")) == b"newer"
    assert cache.get_or_make(key, lambda: render(b"rebuilt")) == b"rebuilt"  # old head dropped
    assert made == [b"first", b"word", b"newer", b"rebuilt"]
    for n in range(5):  # bounded: the oldest go first
        cache.get_or_make(PackKey(f"p{n}", "x", 1, "", "pdf"), lambda: b"x")
    assert cache.get_or_make(moved, lambda: render(b"evicted")) == b"evicted"


def test_two_requests_for_a_pack_being_made_make_it_once() -> None:
    cache, started, release, made = PackCache(), threading.Event(), threading.Event(), []
    key = PackKey("pl", "day:2010-01-04", 10, "", "pdf")

    def slow() -> bytes:
        made.append(1)
        started.set()
        release.wait(10)
        return b"pdf"

    results: list[bytes] = []
    first = threading.Thread(target=lambda: results.append(cache.get_or_make(key, slow)))
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=lambda: results.append(cache.get_or_make(key, slow)))
    second.start()
    second.join(0.2)
    assert second.is_alive()  # waiting for the first, not rendering a second copy
    release.set()
    first.join(10)
    second.join(10)
    assert results == [b"pdf", b"pdf"] and made == [1] and cache.hits == 1
