"""Lazy references from the command line's grammar to the functions that run
its commands, and the one argument check every plan-naming command shares.

A reference names ``module:function`` and imports it only when its command
runs: parsing (and ``tracker --help``) imports nothing of the application, and
each command pays only for the libraries its own module needs (a board never
loads openpyxl, the scheduler's renderer or the web server).
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from rich.console import Console

    from application.service import Tracker
    from application.settings import Settings

TrackerHandler = Callable[["Tracker", argparse.Namespace, "Console"], None]
StoreHandler = Callable[["Settings", argparse.Namespace, "Console"], None]


class _Ref:
    """``module:function``, imported on use (a plain class: dataclasses and
    inspect would add a fifth to ``--help``'s start)."""

    __slots__ = ("target",)

    def __init__(self, target: str) -> None:
        self.target = target

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.target!r})"


class Run(_Ref):
    """A command run against the opened tracker (its views caught up first)."""

    def load(self) -> TrackerHandler:
        return cast("TrackerHandler", _load(self.target))


class RunOnStore(_Ref):
    """A command that opens the event store alone: a log too damaged to load
    into the views can still be verified, backed up or restored."""

    def load(self) -> StoreHandler:
        return cast("StoreHandler", _load(self.target))


def _load(target: str) -> object:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


class Command(Protocol):
    """Registers one subcommand: its name, what runs it, its help and example."""

    def __call__(
        self, name: str, handler: Run | RunOnStore, help: str, example: str
    ) -> argparse.ArgumentParser: ...


def plan_argument(text: str) -> str:
    """argparse ``type=`` for a plan id: the domain's rule and message, checked
    while parsing, before any store is opened."""
    from domain.errors import InvalidPlanId
    from domain.plan_ids import check_plan_id  # not domain.plan: no event model is built

    try:
        return check_plan_id(text)
    except InvalidPlanId as error:
        raise argparse.ArgumentTypeError(str(error)) from None
