"""Stored events decoded for the read views: the same event objects the
application's mapper makes (``application.persistence``), built the way the
eventsourcing library's own mapper builds them, without running pydantic's
validation again on what pydantic itself wrote.

Validating every field of every event was most of a rebuild's decoding. The
stored JSON was dumped from a validated event, so for a class whose fields are
all plain (text, numbers, dates, instants, enums, literals, optional ones of
these) each field is turned back into its type directly and the event is made
with ``object.__new__``, as the library does. Any other class (lists, nested
models, validators), a payload with a field missing or unknown, or a value
that does not convert goes through pydantic, which builds it or refuses it in
its own words. Old versions are upcast first, in either case
(``domain.event_versions``). tests/unit/test_event_decoding.py checks that both
ways make equal events for every class the views read.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin
from uuid import UUID

from eventsourcing.utils import resolve_topic
from pydantic import BaseModel
from pydantic_core import from_json

from domain.event_versions import upcast, version_of
from store.log_rows import LogRow

Convert = Callable[[Any], Any]
_SET = object.__setattr__
_HEAD = frozenset({"originator_id", "originator_version"})
_UUIDS = 65_536
_uuids: dict[str, UUID] = {}


@dataclass(frozen=True)
class _Shape:
    """How to build one class's events from their stored JSON."""

    cls: type[BaseModel]
    converts: tuple[tuple[str, Convert], ...] | None  # None: through pydantic
    required: frozenset[str]
    allowed: frozenset[str]
    defaults: tuple[tuple[str, object], ...]
    fields_set: set[str]  # every field: the stored JSON has them all (shared: frozen events)


def decode(row: LogRow) -> BaseModel:
    """The event stored in ``row`` (raises for a topic or version this release cannot read)."""
    shape = _shape(row.topic)
    state = from_json(row.state)  # pydantic's parser: a third of ``json.loads``'s time
    if not isinstance(state, dict):
        raise ValueError(f"event {row.position}: its stored state is not a JSON object")
    if "class_version" in state or version_of(shape.cls) > 1:  # 1 is stored without one
        upcast(shape.cls, state, row)
    if shape.converts is not None and shape.required <= state.keys() <= shape.allowed:
        try:
            for name, convert in shape.converts:
                state[name] = convert(state[name])
        except (ValueError, KeyError, TypeError):
            pass  # pydantic below says what is wrong with it
        else:
            if len(state) < len(shape.allowed):
                for name, default in shape.defaults:
                    state.setdefault(name, default)
            state["originator_id"] = _uuid(row.stream)
            state["originator_version"] = row.version
            event = object.__new__(shape.cls)
            _SET(event, "__dict__", state)
            _SET(event, "__pydantic_fields_set__", shape.fields_set)
            _SET(event, "__pydantic_extra__", None)
            _SET(event, "__pydantic_private__", None)
            return event
    return shape.cls(originator_id=UUID(row.stream), originator_version=row.version, **state)


def _uuid(stream: str) -> UUID:
    """The stream's ``UUID``, made once per stream while at most ``_UUIDS`` are kept
    (a replay meets each stream again and again; memory stays bounded)."""
    found = _uuids.get(stream)
    if found is None:
        if len(_uuids) >= _UUIDS:
            _uuids.clear()
        found = _uuids[stream] = UUID(stream)
    return found


@cache
def _shape(topic: str) -> _Shape:
    cls = resolve_topic(topic)
    if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
        raise TypeError(f"{topic} is not an event class")
    fields = {name: f for name, f in cls.model_fields.items() if name not in _HEAD}
    decorators = cls.__pydantic_decorators__
    plain = not any(
        (decorators.validators, decorators.field_validators, decorators.model_validators)
    ) and all(f.default_factory is None for f in fields.values())
    converts: list[tuple[str, Convert]] = []
    for name, f in fields.items():
        convert = _converter(f.annotation)
        if convert is None:
            plain = False
        elif convert is not _same:
            converts.append((name, convert))
    return _Shape(
        cls=cls,
        converts=tuple(converts) if plain else None,
        required=frozenset(name for name, f in fields.items() if f.is_required()),
        allowed=frozenset(fields),
        defaults=tuple((name, f.default) for name, f in fields.items() if not f.is_required()),
        fields_set={*fields, *_HEAD},
    )


def _same(value: Any) -> Any:
    return value


def _converter(annotation: Any) -> Convert | None:
    """How a JSON value becomes the field's type; None if only pydantic knows."""
    if annotation in (str, int, bool):
        return _checked(annotation)
    if annotation is date:
        return date.fromisoformat
    if annotation is datetime:
        return datetime.fromisoformat
    if annotation is UUID:
        return UUID
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation._value2member_map_.__getitem__
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Literal and all(isinstance(a, str) for a in args):
        return _among(frozenset(args))
    if origin in (Union, types.UnionType) and len(args) == 2 and type(None) in args:
        (inner,) = (a for a in args if a is not type(None))
        convert = _converter(inner)
        return None if convert is None else _optional(convert)
    return None


def _checked(kind: type) -> Convert:
    def same(value: Any) -> Any:
        if type(value) is not kind:
            raise TypeError(kind)
        return value

    return _same if kind is str else same


def _among(allowed: frozenset[str]) -> Convert:
    def among(value: Any) -> Any:
        if value not in allowed:
            raise ValueError(value)
        return value

    return among


def _optional(convert: Convert) -> Convert:
    def optional(value: Any) -> Any:
        return None if value is None else convert(value)

    return optional
