"""A plan spreadsheet as an import sees it: its checked rows, the SHA-256 of its
bytes (an identical file is recognised by it) and, for a workbook made by
``tracker export``, which plan it came from and as at which instant."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from application.file_limits import DEFAULT_LIMITS, FileLimits
from application.plan_workbook import Origin, read_origin
from application.spreadsheet import PlanRow, read_plan_data, read_plan_file


@dataclass(frozen=True)
class PlanFile:
    name: str
    rows: list[PlanRow]
    content_hash: str
    origin: Origin | None


def load_plan_file(path: Path, limits: FileLimits = DEFAULT_LIMITS) -> PlanFile:
    """Read and check a file on disk (``ImportRejected`` if anything is wrong)."""
    rows = read_plan_file(path, limits)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return PlanFile(path.name, rows, digest, read_origin(path))


def load_plan_data(name: str, data: bytes, limits: FileLimits = DEFAULT_LIMITS) -> PlanFile:
    """The same for an upload's bytes, read once (no temporary file)."""
    rows = read_plan_data(name, data, limits)
    origin = read_origin(io.BytesIO(data), name=name)
    return PlanFile(name, rows, hashlib.sha256(data).hexdigest(), origin)
