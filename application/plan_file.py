"""A plan spreadsheet as an import sees it: its checked rows, the SHA-256 of its
bytes (an identical file is recognised by it) and, for a workbook made by
``tracker export``, which plan it came from and as at which instant."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from application.plan_workbook import Origin, read_origin
from application.spreadsheet import PlanRow, read_plan_file


@dataclass(frozen=True)
class PlanFile:
    name: str
    rows: list[PlanRow]
    content_hash: str
    origin: Origin | None


def load_plan_file(path: Path, name: str | None = None) -> PlanFile:
    """Read and check the file (``ImportRejected`` if any row is wrong)."""
    rows = read_plan_file(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return PlanFile(name or path.name, rows, digest, read_origin(path))
