"""The refresher makes a wanted pack afresh once the log's head has moved and
stood still, once per head, and forgets a pack nobody asked for lately or one
whose day has passed (its recipe answers None)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from application.log_head import LogHead
from web.pack_cache import PackCache, PackKey
from web.pack_refresh import PackRefresher, Recipe

KEY = PackKey("pl", "day:2010-01-04", 10, "", "pdf")


class Log:
    def __init__(self) -> None:
        self.position = 10

    def head(self) -> LogHead:
        return LogHead(self.position, "00", self.position)


def recipe(made: list[int], still_wanted: Callable[[], bool] = lambda: True) -> Recipe:
    def again(head: LogHead) -> tuple[PackKey, Callable[[], bytes]] | None:
        if not still_wanted():
            return None

        def make() -> bytes:
            made.append(head.position)
            return b"pdf"

        return replace(KEY, head=head.position), make

    return again


def refresher(log: Log, keep_for: float = 900.0) -> tuple[PackRefresher, PackCache]:
    cache = PackCache()
    return PackRefresher(cache, log.head, every=3600, keep_for=keep_for), cache


def test_a_wanted_pack_is_made_once_the_head_stands_still_and_once_per_head() -> None:
    log, made = Log(), list[int]()
    keeper, cache = refresher(log)
    keeper.want(KEY, recipe(made))
    log.position = 11
    keeper.look()
    log.position = 12  # still moving: nothing yet
    keeper.look()
    assert made == []
    keeper.look()
    keeper.look()
    assert made == [12] and keeper.renders == 1
    assert cache.get_or_make(replace(KEY, head=12), lambda: b"again") == b"pdf"
    keeper.close()


def test_a_pack_not_asked_for_lately_or_past_its_day_is_forgotten() -> None:
    log, made = Log(), list[int]()
    stale, _ = refresher(log, keep_for=0.0)
    stale.want(KEY, recipe(made))
    log.position = 11
    stale.look()
    stale.look()
    assert made == []
    stale.close()

    today = [True]
    keeper, _ = refresher(log)
    keeper.want(KEY, recipe(made, lambda: today[0]))
    today[0] = False
    log.position = 12
    keeper.look()
    keeper.look()
    today[0] = True  # a later day's recipe would not be asked: it was forgotten
    log.position = 13
    keeper.look()
    keeper.look()
    assert made == [] and keeper.renders == 0
    keeper.close()
