"""The backup file: its lines, written and read back with every link checked.

The file is one JSON object a line::

    {"format": "tracker-export/1"}
    {"position": 1, "originator_id": "...", "originator_version": 1, "topic": "...",
     "state": "<the stored JSON, as text>", "digest": "...", "link": "..."}
    ...
    {"person": "hos-cf", "email": "..."}      the staff directory
    {"erased": "j.smith"}                     people whose details were erased
    {"end": true, "events": N, "head_position": P, "head_link": "..."}

Apart from ``application.backup`` (which reads a store into it and writes one
from it) so that the format is said in one place and a file is judged whole
before any store is opened: every digest and link recomputed, the end line
present and agreeing, or the file is refused at its first fault.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO
from uuid import UUID

from domain.errors import TrackerError
from store.chain import GENESIS, ChainRow, StoredRecord, extend

FORMAT = "tracker-export/1"


class BackupRefused(TrackerError):
    pass


@dataclass
class Backup:
    records: list[StoredRecord] = field(default_factory=list)
    chain: list[ChainRow] = field(default_factory=list)
    people: dict[str, str] = field(default_factory=dict)
    erased: list[str] = field(default_factory=list)


def write_line(out: TextIO, data: dict[str, Any]) -> None:
    out.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")


def event_line(record: StoredRecord, row: ChainRow) -> dict[str, Any]:
    """An event's line: the stored event as text, with its chain link."""
    return {
        "position": record.position,
        "originator_id": str(record.originator_id),
        "originator_version": record.originator_version,
        "topic": record.topic,
        "state": _text(record),
        "digest": row.digest,
        "link": row.link,
    }


def _text(record: StoredRecord) -> str:
    try:
        return record.state.decode("utf-8")
    except UnicodeDecodeError:
        raise BackupRefused(
            f"not exported: the event at position {record.position} is not UTF-8 JSON"
        ) from None


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
