"""What a refused spreadsheet says: one ``RowError`` per problem, all of them
together in one ``ImportRejected``, so the whole file can be fixed in one go.

Its own module because both the byte-level reader (``sheet_reader``) and the
row checks (``spreadsheet``) raise it, and the import logic adds its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import TrackerError


@dataclass(frozen=True)
class RowError:
    """A problem at a row as the spreadsheet numbers it (the header is row 1),
    in a column (its heading, or "-"). Row 0 is the file as a whole."""

    row: int
    column: str
    problem: str

    def __str__(self) -> str:
        if self.row == 0:
            return self.problem
        return f"row {self.row}, column {self.column}: {self.problem}"


class ImportRejected(TrackerError):
    """The file was refused whole; nothing was recorded."""

    def __init__(self, source: str, errors: list[RowError]) -> None:
        self.source = source
        self.errors = errors
        count = f"{len(errors)} problem{'s' if len(errors) != 1 else ''}"
        first = "; ".join(str(e) for e in errors[:3])
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        super().__init__(f"{source} refused, nothing recorded: {count}: {first}{more}")


def file_refused(source: str, problem: str) -> ImportRejected:
    """A refusal of the file as a whole (not a zip, too big, not text ...)."""
    return ImportRejected(source, [RowError(0, "-", problem)])
