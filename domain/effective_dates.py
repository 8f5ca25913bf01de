"""When a change to an item may say it took effect, and when that is backfilling.

A change is recorded at an instant but takes effect on a business date,
``effective_on``, which may be earlier: people record what happened last week.
Three rules, decided from dates alone (``today`` is the London date of the
instant the change is recorded, given by the caller; nothing here reads a clock):

- never after today: a change is recorded once it has happened;
- never before 1900: no plan is that old, so it is a typo (0209 for 2009);
- before the item's own first event it is **backdated**: history from before
  the item came into the tracker (backfilling from old minutes or spreadsheets).
  Allowed, but only with a reason, and the history shows it as backdated.
  (A change *recorded* before that day is no backdating but a clock behind
  the log: refused as such, with or without a reason.)

An item's first event is its ``ActionAdded`` or ``MilestoneAdded``; its date is
that event's effective date. Items come in only through an import, which records
them effective on the import's own London date, so this is also the day the item
was first recorded.
"""

from __future__ import annotations

from datetime import date

from domain.dates import FIRST_YEAR
from domain.errors import BackdatingNeedsReason, ClockWentBackwards, EffectiveDateOutOfBounds

EARLIEST = date(FIRST_YEAR, 1, 1)


def is_backdated(effective_on: date, first_on: date) -> bool:
    """Whether a change takes effect before its item's first event."""
    return effective_on < first_on


def check_effective_on(
    ref: str,
    effective_on: date,
    *,
    today: date,
    first_on: date | None,
    reason: str | None,
) -> None:
    """Refuse an effective date out of bounds, or backdated without a reason.
    ``first_on`` is None for the item's first event itself; ``reason`` is the
    change's reason already cleaned (None when it shows nothing)."""
    if effective_on > today:
        raise EffectiveDateOutOfBounds(
            f"effective date {_uk(effective_on)} is after today ({_uk(today)}): "
            "record changes once they have happened"
        )
    if effective_on < EARLIEST:
        raise EffectiveDateOutOfBounds(
            f"effective date {_uk(effective_on)} is before {FIRST_YEAR}: check the year"
        )
    if first_on is not None and today < first_on:
        # Not backdating: the recording instant itself is before the item was
        # added (its first date is never after the day it was recorded), so the
        # clock is behind the log, whatever date the change claims.
        raise ClockWentBackwards(
            f"refused: this change would be recorded on {_uk(today)}, before {ref} was "
            f"added ({_uk(first_on)}); the log never goes back in time: check the clock"
        )
    if first_on is not None and is_backdated(effective_on, first_on) and reason is None:
        raise BackdatingNeedsReason(
            f"a reason is required for a change to {ref} effective {_uk(effective_on)}: "
            f"that is before {ref} was added ({_uk(first_on)}), so it backfills history; "
            "give a reason or a later effective date"
        )


def _uk(day: date) -> str:
    return f"{day.day} {day:%b} {day.year}"
