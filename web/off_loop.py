"""Keeping the event loop free: page handlers do their database, template and
PDF work in the thread pool, so one slow request (a big board pack) never holds
up another person's sign-in or board.

Starlette runs an ``async def`` endpoint on the event loop itself; everything a
handler does synchronously there blocks every other request. ``in_thread``
turns a plain handler into an endpoint that runs in the pool; handlers that
read a form await it on the loop, then hand the rest to ``run_in_threadpool``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import ParamSpec

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

P = ParamSpec("P")


def in_thread(handler: Callable[P, Response]) -> Callable[P, Awaitable[Response]]:
    """An endpoint that runs ``handler`` in the thread pool."""

    @wraps(handler)
    async def endpoint(*args: P.args, **kwargs: P.kwargs) -> Response:
        return await run_in_threadpool(handler, *args, **kwargs)

    return endpoint


__all__ = ["in_thread", "run_in_threadpool"]
