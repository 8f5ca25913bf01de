"""Backup as JSON lines: the whole log with its chain links, and restore from it.

The file is one JSON object a line::

    {"format": "tracker-export/1"}
    {"position": 1, "originator_id": "...", "originator_version": 1, "topic": "...",
     "state": "<the stored JSON, as text>", "digest": "...", "link": "..."}
    ...
    {"person": "hos-cf", "email": "..."}      the staff directory
    {"erased": "j.smith"}                     people whose details were erased
    {"end": true, "events": N, "head_position": P, "head_link": "..."}

Events keep their log positions, so the chain (which hashes positions) carries
over unchanged, between SQLite and PostgreSQL alike. A restore checks the whole
file first: every digest and link recomputed, the end line present and agreeing.
A file that fails is refused before the target is even opened; a target that
already holds events is refused before anything is written. Events and links go
in one transaction; the views are then built from them as on any first start.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg.sql import SQL, Identifier

from application.directory import Directory
from application.integrity import verify_log
from domain.errors import TrackerError
from store.chain import GENESIS, ChainRow, StoredRecord, extend
from store.chained_store import (
    chain_table,
    events_table,
    iter_chain,
    iter_events,
    position_column,
)
from store.database import Database

FORMAT = "tracker-export/1"


class BackupRefused(TrackerError):
    pass


@dataclass
class Backup:
    records: list[StoredRecord] = field(default_factory=list)
    chain: list[ChainRow] = field(default_factory=list)
    people: dict[str, str] = field(default_factory=dict)
    erased: list[str] = field(default_factory=list)


def export(recorder: ApplicationRecorder, out: TextIO) -> int:
    """Write the verified log to ``out``; returns how many events. Refuses a broken log."""
    verdict = verify_log(recorder)
    if verdict.first_break is not None:
        raise BackupRefused(
            f"not exported: the log is broken at position {verdict.first_break.position} "
            f"({verdict.first_break.kind}); run tracker verify"
        )
    stop = verdict.head_position
    _line(out, {"format": FORMAT})
    count = 0
    for record, row in zip(iter_events(recorder, stop), iter_chain(recorder, stop), strict=True):
        _line(
            out,
            {
                "position": record.position,
                "originator_id": str(record.originator_id),
                "originator_version": record.originator_version,
                "topic": record.topic,
                "state": _text(record),
                "digest": row.digest,
                "link": row.link,
            },
        )
        count += 1
    directory = Directory(Database.for_recorder(recorder))
    for key, email in directory.entries().items():
        _line(out, {"person": key, "email": email})
    for key in sorted(directory.erased()):
        _line(out, {"erased": key})
    _line(
        out, {"end": True, "events": count, "head_position": stop, "head_link": verdict.head_link}
    )
    return count


def _text(record: StoredRecord) -> str:
    try:
        return record.state.decode("utf-8")
    except UnicodeDecodeError:
        raise BackupRefused(
            f"not exported: the event at position {record.position} is not UTF-8 JSON"
        ) from None


def _line(out: TextIO, data: dict[str, Any]) -> None:
    out.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")


def read(path: Path) -> Backup:
    """The backup in ``path``, every link checked; refuses the file at its first fault."""
    backup = Backup()
    previous = GENESIS
    ended = False
    try:
        lines = _lines(path)
        number, first = next(lines, (1, {}))
        if first.get("format") != FORMAT:
            raise _fault(path, number, f"not a tracker export (expected format {FORMAT})")
        for number, data in lines:
            if ended:
                raise _fault(path, number, "text after the end line")
            if "position" in data:
                try:
                    record, row = _event(data)
                except ValueError as error:
                    raise _fault(path, number, str(error)) from None
                (expected,) = extend(previous, [record])
                if expected.digest != row.digest:
                    raise _fault(path, number, "the event's content does not match its digest")
                if expected.link != row.link:
                    raise _fault(
                        path,
                        number,
                        "the chain link does not follow from the line before (a line removed, moved or altered)",
                    )
                backup.records.append(record)
                backup.chain.append(row)
                previous = bytes.fromhex(row.link)
            elif "person" in data:
                backup.people[str(data["person"])] = str(data["email"])
            elif "erased" in data:
                backup.erased.append(str(data["erased"]))
            elif data.get("end") is True:
                ended = True
                head = backup.chain[-1] if backup.chain else None
                if data.get("events") != len(backup.records) or data.get("head_link") != (
                    head.link if head else GENESIS.hex()
                ):
                    raise _fault(path, number, "the end line does not match the events above it")
            else:
                raise _fault(path, number, "not an event, a person or the end line")
    except (OSError, UnicodeDecodeError) as error:
        raise BackupRefused(f"{path}: cannot be read ({error})") from None
    if not ended:
        raise BackupRefused(f"{path}: no end line: the file is incomplete (cut short?)")
    return backup


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8") as lines:
        for number, text in enumerate(lines, start=1):
            try:
                data = json.loads(text)
            except ValueError:
                raise _fault(path, number, "not JSON") from None
            if not isinstance(data, dict):
                raise _fault(path, number, "not a JSON object")
            yield number, data


def _event(data: dict[str, Any]) -> tuple[StoredRecord, ChainRow]:
    try:
        position = int(data["position"])
        text_id = str(data["originator_id"])
        try:
            originator_id: UUID | str = UUID(text_id)
        except ValueError:
            originator_id = text_id
        record = StoredRecord(
            position,
            originator_id,
            int(data["originator_version"]),
            str(data["topic"]),
            str(data["state"]).encode("utf-8"),
        )
        return record, ChainRow(position, record.topic, str(data["digest"]), str(data["link"]))
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"an event line lacks or mangles a field ({error})") from None


def _fault(path: Path, number: int, what: str) -> BackupRefused:
    return BackupRefused(f"{path} line {number}: {what}; nothing was restored")


def restore(backup: Backup, recorder: ApplicationRecorder) -> None:
    """Write a checked backup into an empty store: events and links in one transaction."""
    db = Database.for_recorder(recorder)
    datastore = db.datastore
    postgres = isinstance(recorder, PostgresApplicationRecorder)
    m = db.dialect.mark
    table = events_table(recorder)
    with datastore.transaction(commit=True) as c:
        if isinstance(recorder, PostgresApplicationRecorder):
            c.execute(
                SQL("LOCK TABLE {0}.{1} IN EXCLUSIVE MODE").format(
                    Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name)
                )
            )
        c.execute(f"SELECT count(*) AS n FROM {table}")
        held = _count(c.fetchone())
        c.execute(f"SELECT count(*) AS n FROM {chain_table(recorder)}")
        held += _count(c.fetchone())
        if held:
            raise BackupRefused(
                "the target store is not empty: restore only into a new, empty store; "
                "nothing was restored"
            )
        c.executemany(
            f"INSERT INTO {table} ({position_column(recorder)}, originator_id, originator_version, topic, state) "
            f"VALUES ({m}, {m}, {m}, {m}, {m})",
            [
                (
                    r.position,
                    _stored_id(r.originator_id, postgres),
                    r.originator_version,
                    r.topic,
                    r.state,
                )
                for r in backup.records
            ],
        )
        c.executemany(
            f"INSERT INTO {chain_table(recorder)} (position, topic, digest, link) "
            f"VALUES ({m}, {m}, {m}, {m})",
            [(r.position, r.topic, r.digest, r.link) for r in backup.chain],
        )
        if postgres and backup.records:
            c.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), %s)",
                (table, backup.records[-1].position),
            )
    directory = Directory(db)
    directory.set_emails(backup.people)
    for key in backup.erased:
        directory.erase(key)


def _stored_id(originator_id: UUID | str, postgres: bool) -> UUID | str:
    if isinstance(originator_id, UUID) and not postgres:
        return originator_id.hex  # as the SQLite recorder stores it
    return originator_id


def _count(row: Any) -> int:
    return int(row["n"])
