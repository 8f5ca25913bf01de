"""Approvals (DOMAIN.md, "Governance"): with approvals on, a deadline revision,
a deferral or a withdrawal by anyone but a chair is recorded as a request, and
takes effect only when a chair approves it; a rejection needs a reason.

One request waits per item at a time, so a board sees one question per line
and a chair decides it before another is asked. ``domain.action.Action``
approves (the change itself goes through its own rules, at the approval);
asking and rejecting are here.
"""

from __future__ import annotations

from datetime import date, datetime

from domain import action_events as ev
from domain.action_base import ActionBase
from domain.errors import ApprovalRequired, NoPendingRequest, ReasonRequired, RequestPending
from domain.governance import RequestKind, Rules, check_chair
from domain.items import Item, PendingRequest, clean

_ASKING = {
    "revision": "a deadline revision",
    "deferral": "a deferral",
    "withdrawal": "a withdrawal",
}


def request_words(kind: str, due: date | None) -> str:
    """As boards show a request: "revision requested to 31 Mar 2010"."""
    to = f" to {due:%-d %b %Y}" if due else ""
    return f"{kind} requested{to}"


class Approvals(ActionBase):
    def _request(
        self,
        item: Item,
        kind: RequestKind,
        *,
        rules: Rules,
        due: date | None = None,
        by: str,
        at: datetime,
        effective_on: date,
        reason: str | None,
    ) -> bool:
        """Record the request for a change already judged allowed."""
        if not rules.may_request:
            raise ApprovalRequired(
                f"approvals are on in this plan: {_ASKING[kind]} of {item.ref} needs a "
                f"chair's approval, and an import cannot ask for one; ask with the "
                "tracker's own command (it is recorded as a request), or have a chair import"
            )
        if item.pending is not None:
            waiting = request_words(item.pending.kind, item.pending.due)
            raise RequestPending(
                f"{item.ref} already has a request waiting for a chair ({waiting} by "
                f"{item.pending.by}): a chair must approve or reject it first"
            )
        self.trigger_event(
            ev.ChangeRequested,
            timestamp=at,
            ref=item.ref,
            kind=kind,
            due=due,
            by=by,
            effective_on=effective_on,
            reason=clean(reason),
        )
        return True

    def _waiting(self, ref: str, rules: Rules, by: str, what: str) -> PendingRequest:
        check_chair(rules.chair, by, what)
        request = self.item(ref).pending
        if request is None:
            raise NoPendingRequest(f"{ref} has no request waiting for a chair")
        return request

    def reject(
        self,
        ref: str,
        *,
        rules: Rules,
        by: str,
        at: datetime,
        effective_on: date,
        reason: str | None,
    ) -> bool:
        """A chair refuses the request, saying why; nothing else changes."""
        request = self._waiting(ref, rules, by, "reject a request")
        if not clean(reason):
            raise ReasonRequired(f"a reason is required to reject the request on {ref}")
        self.trigger_event(
            ev.RequestRejected,
            timestamp=at,
            ref=ref,
            kind=request.kind,
            requested_by=request.by,
            by=by,
            effective_on=effective_on,
            reason=clean(reason),
        )
        return True
