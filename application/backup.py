"""Backup and restore: the whole log with its chain links written to a file
(``application.backup_file`` says its lines), and a new store written from one.

Events keep their log positions, so the chain (which hashes positions) carries
over unchanged, between SQLite and PostgreSQL alike. An export refuses a log
that does not verify. A restore takes a file already read and checked whole
(``read``); a target that already holds events is refused before anything is
written. Events and links go in one transaction; the views are then built from
them as on any first start.
"""

from __future__ import annotations

from typing import Any, TextIO
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder

from application.backup_file import FORMAT, event_line, write_line
from application.backup_file import Backup as Backup  # re-exported: the CLI's one import
from application.backup_file import BackupRefused as BackupRefused  # re-exported, as Backup
from application.backup_file import read as read  # re-exported, as Backup
from application.directory import Directory
from application.integrity import verify_log
from store.chain_writer import append_links
from store.database import Database
from store.kind import is_postgres_recorder
from store.log_records import iter_chain, iter_events
from store.log_tables import chain_table, events_table, position_column


def export(recorder: ApplicationRecorder, out: TextIO) -> int:
    """Write the verified log to ``out``; returns how many events. Refuses a broken log."""
    verdict = verify_log(recorder)
    if verdict.first_break is not None:
        raise BackupRefused(
            f"not exported: the log is broken at position {verdict.first_break.position} "
            f"({verdict.first_break.kind}); run tracker verify"
        )
    stop = verdict.head_position
    write_line(out, {"format": FORMAT})
    count = 0
    for record, row in zip(iter_events(recorder, stop), iter_chain(recorder, stop), strict=True):
        write_line(out, event_line(record, row))
        count += 1
    directory = Directory(Database.for_recorder(recorder))
    for key, email in directory.entries().items():
        write_line(out, {"person": key, "email": email})
    for key in sorted(directory.erased()):
        write_line(out, {"erased": key})
    write_line(
        out, {"end": True, "events": count, "head_position": stop, "head_link": verdict.head_link}
    )
    return count


def restore(backup: Backup, recorder: ApplicationRecorder) -> None:
    """Write a checked backup into an empty store: events and links in one transaction."""
    db = Database.for_recorder(recorder)
    postgres = db.dialect.postgres
    m = db.dialect.mark
    table = events_table(recorder)
    with db.datastore.transaction(commit=True) as c:
        if is_postgres_recorder(recorder):
            from store.chained_postgres import lock_events_table  # psycopg: PostgreSQL only

            lock_events_table(c, recorder)
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
        append_links(c, chain_table(recorder), m, backup.chain)
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
