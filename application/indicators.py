"""Recording and reading a plan's performance indicators.

An indicator is its own aggregate (one stream each), listed on its plan, so
owners reporting different indicators never wait on each other or on the
plan's items. Reading folds the indicators' own streams at an instant
(``projections.indicators``): as-at for indicators is as-at for items.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any, Protocol, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository
from eventsourcing.persistence import ApplicationRecorder, Mapper

from application.clock import Clock
from application.persistence import decode_state
from application.plan_indicators import indicator_codes
from application.writer_turns import WriterTurns
from domain.dates import london_date
from domain.errors import UnknownItem
from domain.indicator import Definition, Figure, Indicator, check_code, indicator_id
from domain.plan import Plan
from projections.history import history_row
from projections.indicators import Reading, reading
from store.log_records import stream_records


class UnknownIndicator(UnknownItem):
    pass


class IndicatorHost(Protocol):
    """What this needs of the application service."""

    clock: Clock
    turns: WriterTurns

    @property
    def repository(self) -> Repository[UUID]: ...

    @property
    def recorder(self) -> ApplicationRecorder: ...

    @property
    def mapper(self) -> Mapper[UUID]: ...

    def plan(self, plan: str) -> Plan: ...

    def save(self, *objs: Any, **kwargs: Any) -> Any: ...


class Indicators:
    def __init__(self, host: IndicatorHost) -> None:
        self.host = host

    def define(
        self, plan: str, code: str, definition: Definition, *, by: str, reason: str | None = None
    ) -> bool:
        """Define the indicator, or change its definition (the old one is kept).
        False if nothing changed. Linked actions must be items of the plan."""
        code = check_code(code)
        with self.host.turns.turn():
            current = self.host.plan(plan)
            for ref in definition.actions:
                current.action_of(ref)  # refuses a ref the plan does not hold
            at = self.host.clock.now()
            on = london_date(at)
            found = self.load(plan, code)
            if found is None:
                indicator = Indicator.define(
                    plan=plan, code=code, definition=definition, by=by, at=at, on=on
                )
                current.register_indicator(code, by=by, at=at, effective_on=on)
                self.host.save(current, indicator)
                return True
            if not found.redefine(definition, by=by, at=at, on=on, reason=reason):
                return False
            self.host.save(found)
            return True

    def report(
        self,
        plan: str,
        code: str,
        period: str,
        figure: Figure,
        *,
        by: str,
        reason: str | None = None,
    ) -> bool:
        """Record a period's figure, or revise it (with a reason). False if the
        same figure was already recorded."""
        code = check_code(code)
        with self.host.turns.turn():
            indicator = self.load(plan, code)
            if indicator is None:
                self.host.plan(plan)  # an unknown plan says so first
                raise UnknownIndicator(
                    f"plan {plan} has no indicator {code}: define it first "
                    f"(tracker indicator define {plan} {code} ...)"
                )
            at = self.host.clock.now()
            if not indicator.report(
                period, figure, by=by, at=at, on=london_date(at), reason=reason
            ):
                return False
            self.host.save(indicator)
            return True

    def readings(self, plan: str, as_at: datetime | None = None) -> list[Reading]:
        """The plan's indicators as the log knew them at ``as_at`` (default now)."""
        codes = indicator_codes(self.host, plan)  # not the plan's whole stream
        at = as_at or self.host.clock.now()
        streams = self._streams(plan, codes)
        found = (reading(streams[indicator_id(plan, code)], at) for code in codes)
        return [r for r in found if r is not None]

    def history(self, plan: str, code: str) -> list[dict[str, Any]]:
        """Every event of one indicator, oldest first, as history rows."""
        code = check_code(code)
        if code not in indicator_codes(self.host, plan):
            raise UnknownIndicator(f"plan {plan} has no indicator {code}")
        records = stream_records(self.host.recorder, [indicator_id(plan, code)])
        return [{**history_row(r.topic, decode_state(r), r.position), "ref": code} for r in records]

    def _streams(
        self, plan: str, codes: list[str]
    ) -> defaultdict[UUID, list[tuple[str, dict[str, Any]]]]:
        ids = [indicator_id(plan, code) for code in codes]
        streams: defaultdict[UUID, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        for record in stream_records(self.host.recorder, ids):  # log order: version order
            kind = record.topic.rsplit(".", 1)[-1]
            streams[UUID(str(record.originator_id))].append((kind, decode_state(record)))
        return streams

    def load(self, plan: str, code: str) -> Indicator | None:
        try:
            return cast(Indicator, self.host.repository.get(indicator_id(plan, code)))
        except AggregateNotFoundError:
            return None
