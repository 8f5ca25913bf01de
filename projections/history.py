"""The audit trail: each stored event as a row a person can read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from domain.effective_dates import is_backdated
from domain.status import Status

_COMMON = ("timestamp", "by", "effective_on", "reason", "originator_topic")
_RENAMED = {"StatusChanged": {"old": "from", "new": "to"}}


def history_row(topic: str, state: dict[str, Any], position: int) -> dict[str, Any]:
    """``history --json`` shape: ref, type, recorded_at, effective_on, by, reason,
    then the event's own fields (``from``/``to`` for a status change)."""
    kind = topic.rpartition(":")[2].rpartition(".")[2]  # "module:Class" or "module:Aggregate.Class"
    renamed = _RENAMED.get(kind, {})
    row: dict[str, Any] = {
        "position": position,
        "ref": state.get("ref"),
        "type": kind,
        "recorded_at": datetime.fromisoformat(state["timestamp"]).isoformat(),
        "effective_on": state["effective_on"],
        "by": state["by"],
        "reason": state.get("reason"),
    }
    for key, value in state.items():
        if key not in _COMMON and key != "ref":
            row[renamed.get(key, key)] = value
    return row


_FIRST = ("ActionAdded", "MilestoneAdded")


def mark_backdated(row: dict[str, Any], added_on: dict[str, date]) -> dict[str, Any]:
    """Add ``backdated``: whether the row takes effect before its item's first
    event. Rows must come in log order (an item's first event before the rest);
    ``added_on`` remembers each item's first date between calls."""
    ref, effective_on = row["ref"], date.fromisoformat(row["effective_on"])
    if ref is not None and row["type"] in _FIRST:
        added_on.setdefault(ref, effective_on)
    first = added_on.get(ref) if ref is not None else None
    return {**row, "backdated": first is not None and is_backdated(effective_on, first)}


_PEOPLE = ("by", "owner", "old", "new", "requested_by")


def mark_erased(row: dict[str, Any], erased: set[str]) -> dict[str, Any]:
    """List under ``erased`` the people named in the row whose details were erased.
    The keys stay: they are what the log recorded, and the chain vouches for it."""
    named = {value for field in _PEOPLE if isinstance(value := row.get(field), str)}
    return {**row, "erased": sorted(k for k in erased if k in named)}


def shown(row: dict[str, Any], field: str) -> str:
    """A field for a person to read: an erased person's key says so."""
    value = row.get(field)
    text = "" if value is None else str(value)
    return f"{text} (erased)" if text in row.get("erased", ()) else text


STATUS_WORDS = {status: status.value.replace("_", " ").capitalize() for status in Status}


def _status(value: str) -> str:
    return STATUS_WORDS[Status(value)]


def _day(value: str) -> str:
    return date.fromisoformat(value).strftime("%-d %b %Y")


def words(row: dict[str, Any]) -> tuple[str, str]:
    """What a row changed and how, in words: the one table of event descriptions
    that the CLI's history, the web's timeline (and anything else) read. Dates as
    "31 Dec 2009", statuses in words, an erased person's key marked so."""
    kind = row["type"]
    if kind == "StatusChanged":
        return "Status changed", f"{_status(row['from'])} → {_status(row['to'])}"
    if kind == "DueDateRevised":
        return "Deadline revised", f"{_day(row['old'])} → {_day(row['new'])}"
    if kind == "OwnerAssigned":
        return "Owner changed", f"{shown(row, 'old') or '(none)'} → {shown(row, 'new')}"
    if kind == "EvidenceAdded":
        link = f" ({row['link']})" if row.get("link") else ""
        return "Evidence added", f"{row['text']}{link}"
    if kind == "CommentAdded":
        return "Comment", row["text"]
    if kind == "DetailChanged":
        return f"{str(row['field']).capitalize()} changed", f"{row['old']} → {row['new']}"
    if kind in ("ActionAdded", "MilestoneAdded"):
        detail = f"“{row['title']}”, due {_day(row['due'])}, {_status(row['status'])}"
        return "Added to the plan", detail
    if kind == "ItemFlaggedOverdue":
        return "Flagged overdue", f"was due {_day(row['due'])}"
    if kind in _GOVERNANCE:
        return _GOVERNANCE[kind](row)
    if kind == "PlanCreated":
        return "Plan created", row["title"]
    if kind == "PlanRetitled":
        return "Plan retitled", f"{row['old']} → {row['new']}"
    if kind == "RefRegistered":
        return "Ref registered", row["ref"]
    if kind in _INDICATOR_WORDS:
        return _INDICATOR_WORDS[kind](row)
    if kind == "PlanArchived":
        return "Plan archived", ""
    if kind == "PlanUnarchived":
        return "Plan unarchived", ""
    if kind == "MeetingRecorded":
        return "Board meeting recorded", f"{row['title']}, {_day(row['held_on'])}"
    return str(kind), ""


def _requested(row: dict[str, Any]) -> tuple[str, str]:
    to = f"to {_day(row['due'])}" if row.get("due") else ""
    return f"{str(row['kind']).capitalize()} requested", to


def _decided(verdict: str) -> Callable[[dict[str, Any]], tuple[str, str]]:
    def words(row: dict[str, Any]) -> tuple[str, str]:
        return f"Request {verdict}", f"{row['kind']} asked for by {shown(row, 'requested_by')}"

    return words


def _position(row: dict[str, Any]) -> tuple[str, str]:
    parts = [str(row["position"])]
    if row.get("mitigation"):
        parts.append(f"mitigation: {row['mitigation']}")
    if row.get("next_steps"):
        parts.append(f"next steps: {row['next_steps']}")
    if row.get("percent") is not None:
        parts.append(f"{row['percent']}% complete")
    return "Latest position", "; ".join(parts)


def _setting(row: dict[str, Any]) -> tuple[str, str]:
    name = str(row["setting"]).replace("_", " ").capitalize()
    return "Governance changed", f"{name} turned {'on' if row['on'] else 'off'}"


_GOVERNANCE: dict[str, Callable[[dict[str, Any]], tuple[str, str]]] = {
    "ChangeRequested": _requested,
    "RequestApproved": _decided("approved"),
    "RequestRejected": _decided("rejected"),
    "PositionUpdated": _position,
    "GovernanceChanged": _setting,
}


def _definition(definition: dict[str, Any]) -> str:
    return (
        f"“{definition['title']}”, {definition['unit']}, {definition['better']} is better, "
        f"{definition['frequency']}"
    )


def _changed_definition(row: dict[str, Any]) -> tuple[str, str]:
    old, new = row["old"], row["new"]
    changed = [f"{k}: {old.get(k)} → {new.get(k)}" for k in new if old.get(k) != new.get(k)]
    return "Definition changed", "; ".join(changed)


def _figure(row: dict[str, Any]) -> tuple[str, str]:
    figure = row["figure"]
    against = [
        f"{name} {figure[key]:g}"
        for key, name in (
            ("target", "target"),
            ("neighbours", "neighbours"),
            ("england", "England"),
        )
        if figure.get(key) is not None
    ]
    detail = f"{row['period']}: {figure['value']:g}" + (
        f" ({', '.join(against)})" if against else ""
    )
    return ("Figure revised" if row.get("revises") else "Figure reported"), detail


_INDICATOR_WORDS = {
    "IndicatorRegistered": lambda row: ("Indicator added", str(row["code"])),
    "IndicatorDefined": lambda row: ("Indicator defined", _definition(row["definition"])),
    "DefinitionChanged": _changed_definition,
    "FigureReported": _figure,
}


def describe(row: dict[str, Any]) -> str:
    """One line: the same words as the web's timeline, "what: detail"."""
    what, detail = words(row)
    return f"{what}: {detail}" if detail else what
