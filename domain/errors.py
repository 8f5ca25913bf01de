"""Business errors raised by the domain, named after the problem a user has.

    TrackerError                    every refusal the tracker gives a user
    ├── InvalidDate                 a date or instant that cannot be understood
    │   ├── EffectiveDateOutOfBounds  a change said to take effect after today or before 1900
    │   └── InvalidPeriod           a reporting period other than 2009-06, 2009-Q2 or 2008/09
    ├── ReasonRequired              a change that needs a "why" was given none
    │   └── BackdatingNeedsReason   effective before the item's first event, with no reason
    ├── TextRequired                evidence or a comment with no text
    ├── TransitionNotAllowed        a status change the rules forbid
    │   ├── EvidenceRequired        verified before any evidence was attached
    │   ├── MilestonesStillOpen     an action completed while milestones are open
    │   └── FourEyesRequired        signed off by whoever completed it or gave its evidence
    ├── UnknownItem / UnknownPlan   a ref or plan id that does not exist
    ├── InvalidIndicator            an indicator's definition or value that breaks its rules
    ├── InvalidPlanId               a plan id outside the safe alphabet
    ├── DuplicateRef                a ref already used in the plan
    ├── ClockWentBackwards          a recording instant older than the log's newest
    ├── ChairRequired               a chair's act (governance, approval) by someone else
    ├── ApprovalRequired            a change needing approval where none can be asked (import)
    ├── RequestPending / NoPendingRequest  a second request; an approval of nothing
    └── ContactDetailsRefused       an email address where the log would keep it for good

Layers above add their own (the application's ``ConcurrentChange``, the
importer's ``ImportRejected``); every entry point maps ``TrackerError`` to a
one-line message in one place.
"""

from __future__ import annotations


class TrackerError(Exception):
    """A refusal: the message is written for the person who asked."""


class InvalidDate(TrackerError, ValueError):
    pass


class EffectiveDateOutOfBounds(InvalidDate):
    pass


class InvalidPeriod(InvalidDate):
    pass


class InvalidIndicator(TrackerError, ValueError):
    """An indicator's definition or value that breaks its rules."""


class ReasonRequired(TrackerError):
    pass


class BackdatingNeedsReason(ReasonRequired):
    pass


class TextRequired(TrackerError):
    pass


class TransitionNotAllowed(TrackerError):
    pass


class EvidenceRequired(TransitionNotAllowed):
    pass


class MilestonesStillOpen(TransitionNotAllowed):
    pass


class UnknownItem(TrackerError, KeyError):
    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class UnknownPlan(UnknownItem):
    pass


class DuplicateRef(TrackerError):
    pass


class ClockWentBackwards(TrackerError):
    pass


class InvalidPlanId(TrackerError, ValueError):
    pass


class ContactDetailsRefused(TrackerError):
    """An email address in a field an event would keep; ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class ChairRequired(TrackerError):
    """An act that is a chair's (governance, approving, rejecting) by someone else."""


class ApprovalRequired(TrackerError):
    """A change that needs a chair's approval, where no request can be made (an import)."""


class RequestPending(TrackerError):
    """A second request on an item whose first is still waiting for a chair."""


class NoPendingRequest(TrackerError):
    """An approval or rejection with nothing waiting."""


class FourEyesRequired(TransitionNotAllowed):
    """Sign-off by the person who completed the item or gave its evidence."""


class InvalidNumber(TrackerError, ValueError):
    """A number out of its range (a percentage complete above 100)."""
