"""The hash chain as pure functions: what each kind of change to a log looks like."""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from store.chain import GENESIS, StoredRecord, event_digest, extend, verify

A = UUID(int=1)
LOG = [
    StoredRecord(1, A, 1, "domain.plan:Plan.PlanCreated", b'{"title":"t"}'),
    StoredRecord(2, A, 2, "domain.plan:Plan.RefRegistered", b'{"ref":"1"}'),
    StoredRecord(4, A, 3, "domain.plan:Plan.RefRegistered", b'{"ref":"2"}'),  # 3: a gap
    StoredRecord(5, A, 4, "domain.plan:Plan.PlanRetitled", b'{"title":"u"}'),
]
CHAIN = list(extend(GENESIS, LOG))


def kind_of(records: list[StoredRecord]) -> tuple[int, str] | None:
    digests = {row.digest for row in CHAIN}
    verdict = verify(records, CHAIN, chained=digests.__contains__)
    b = verdict.first_break
    return None if b is None else (b.position, b.kind)


def test_an_untouched_log_verifies_gaps_and_all() -> None:
    verdict = verify(LOG, CHAIN)
    assert verdict.ok and verdict.events == 4
    assert (verdict.head_position, verdict.head_link) == (5, CHAIN[-1].link)


def test_the_digest_covers_every_stored_field() -> None:
    base = event_digest(LOG[0])
    for changed in (
        replace(LOG[0], originator_id=UUID(int=2)),
        replace(LOG[0], originator_version=9),
        replace(LOG[0], topic="x"),
        replace(LOG[0], state=b'{"title":"T"}'),
    ):
        assert event_digest(changed) != base


def test_each_kind_of_change_is_named_at_its_position() -> None:
    assert kind_of([LOG[0], replace(LOG[1], state=b"{}"), *LOG[2:]]) == (2, "changed event")
    assert kind_of([LOG[0], replace(LOG[1], topic="x:Y"), *LOG[2:]]) == (2, "changed event type")
    assert kind_of([LOG[0], *LOG[2:]]) == (2, "deleted event")
    swapped = [LOG[0], replace(LOG[2], position=2), replace(LOG[1], position=4), LOG[3]]
    assert kind_of(swapped) == (2, "reordered events")
    extra = StoredRecord(3, A, 9, "domain.plan:Plan.RefRegistered", b'{"ref":"9"}')
    assert kind_of([*LOG[:2], extra, *LOG[2:]]) == (3, "inserted event")


def test_an_edited_chain_row_is_named() -> None:
    chain = [*CHAIN[:2], replace(CHAIN[2], link="00" * 32), CHAIN[3]]
    b = verify(LOG, chain).first_break
    assert b is not None and (b.position, b.kind) == (4, "chain altered")
