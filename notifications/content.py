"""What a message says, as recorded in its ``MessageQueued`` event: plain data,
so a message can be rendered again exactly as it was meant."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field


class Mention(BaseModel):
    """One item, and why the recipient hears about it today."""

    model_config = ConfigDict(frozen=True)

    plan: str
    plan_title: str
    ref: str
    title: str
    owner: str
    status: str
    rag: str
    due: date
    original_due: date
    days_overdue: int
    why: str
    # How many times the due date has been revised: the calendar entry's
    # SEQUENCE. Messages queued before it was kept read 0.
    revisions: int = 0


class Digest(BaseModel):
    """An owner's daily digest, or a board contact's daily escalations."""

    recipient: str
    day: date
    mentions: list[Mention]


class Movement(BaseModel):
    ref: str
    title: str
    old: str | None
    new: str | None


class LateFigure(BaseModel):
    """An indicator whose figure for a period has not arrived in time."""

    model_config = ConfigDict(frozen=True)

    plan: str
    plan_title: str
    code: str
    title: str
    owner: str
    period: str  # as reports head it: "Jun 2009", "Q2 2009", "2008/09"
    late_from: date


class LateFigures(BaseModel):
    """An indicator owner's reminder: figures now late."""

    recipient: str
    day: date
    late: list[LateFigure]


class PlanReport(BaseModel):
    plan: str
    plan_title: str
    since: date
    red: list[Mention]
    # Reports queued before amber items were listed have none.
    amber: list[Mention] = Field(default_factory=list)
    overdue: list[Mention]
    deadlines_revised: list[Movement]
    newly_complete: list[Movement]
    newly_verified: list[Movement]
    newly_red: list[Movement]
    late_figures: list[LateFigure] = []  # indicators whose latest figure is late

    @property
    def exceptions(self) -> list[Mention]:
        """Red and amber, as the web's exceptions page orders them: overdue
        first (longest first), then red, then amber."""
        found = [*self.red, *self.amber]
        return sorted(found, key=lambda m: (not m.days_overdue, -m.days_overdue, m.rag != "red"))


class ExceptionReport(BaseModel):
    """The weekly report to a board contact before the board meets."""

    recipient: str
    day: date
    plans: list[PlanReport]


class IntegrityAlarm(BaseModel):
    """The chain over the event log is broken: to every plan's board contacts
    and the administrators. Where and how it broke, nothing about anyone."""

    day: date
    broken_since: datetime
    position: int
    kind: str
    detail: str
    events_verified: int
