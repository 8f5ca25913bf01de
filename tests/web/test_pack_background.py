"""A long plan's PDF board pack is made in the background: the reader gets a
"being prepared" page at once (which refreshes itself), the PDF is made once
however many ask, other pages keep answering meanwhile, the next request
after it is made gets the PDF from the cache, and after a change the packs
people asked for are made afresh before anyone asks again."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from application.service import Tracker
from tests.web.conftest import Browser, text_of
from tests.web.test_board_pack import pdf_text
from web import pack
from web.app import create_app
from web.pack_cache import PackCache
from web.pack_content import Pack
from web.pack_refresh import PackRefresher


@pytest.fixture
def long_app(planned: Tracker, tmp_path: Path) -> Starlette:
    """Every plan counts as long: its PDF is always made in the background. The
    refresher looks at the log only when the test calls ``look``."""
    app = create_app(planned, signing_key=tmp_path / "key", pack_pdf_background_items=1)
    app.state.pack_refresher = PackRefresher(app.state.pack_cache, planned.log_head, every=3600)
    return app


@pytest.fixture
def background(long_app: Starlette) -> Iterator[Browser]:
    refresher: PackRefresher = long_app.state.pack_refresher
    with TestClient(long_app) as client:
        browser = Browser(client)
        browser.sign_in("inspector")
        yield browser
    refresher.close()


def held_renderer(monkeypatch: pytest.MonkeyPatch) -> tuple[list[int], threading.Event]:
    """``render_pdf`` counting its calls and holding each until released."""
    made, release, real = [], threading.Event(), pack.render_pdf

    def render(built: Pack) -> bytes:
        made.append(1)
        assert release.wait(60)
        return real(built)

    monkeypatch.setattr(pack, "render_pdf", render)
    return made, release


def pdf_when_ready(browser: Browser, path: str) -> bytes:
    for _ in range(600):
        reply = browser.client.get(path)
        if reply.status_code == 200:
            assert reply.headers["content-type"] == "application/pdf"
            return reply.content
        assert reply.status_code == 202
        time.sleep(0.1)
    raise AssertionError("the pack was never made")


def test_a_long_plans_pdf_is_prepared_in_the_background(
    background: Browser, planned: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    made, release = held_renderer(monkeypatch)
    path = "/plans/pl/pack.pdf?meeting=Board+14+Jan"
    first = background.client.get(path)
    assert first.status_code == 202 and first.headers["retry-after"] == "5"
    assert '<meta http-equiv="refresh" content="5">' in first.text
    words = text_of(first.text)
    assert "Your board pack is being prepared" in words
    assert "refreshes every 5 seconds" in words
    assert 'href="/plans/pl/pack?meeting=Board+14+Jan"' in first.text
    again = background.client.get(path)
    assert again.status_code == 202  # still being made: not made a second time
    assert "Leadership" in background.get("/plans/pl")  # others are not held up
    release.set()
    pdf = pdf_when_ready(background, path)
    assert made == [1] and "Board 14 Jan: highlight report".upper() in pdf_text(pdf).upper()

    planned.add_comment("pl", "40", "Interviews on Friday", by="lscb-manager")
    assert background.client.get(path).status_code == 202  # the log moved on: made afresh
    assert "Interviews on Friday" in pdf_text(pdf_when_ready(background, path))
    assert made == [1, 1]


def test_after_a_change_the_pack_asked_for_is_made_afresh_before_it_is_asked_again(
    background: Browser, planned: Tracker, long_app: Starlette
) -> None:
    refresher: PackRefresher = long_app.state.pack_refresher
    cache: PackCache = long_app.state.pack_cache
    assert background.client.get("/plans/pl/pack.pdf").status_code == 202
    pdf_when_ready(background, "/plans/pl/pack.pdf")
    refresher.look()
    refresher.look()
    assert refresher.renders == 0  # the head has not moved since it was made
    planned.add_comment("pl", "40", "Interviews on Friday", by="lscb-manager")
    refresher.look()
    assert refresher.renders == 0  # one look to see the head stand still
    refresher.look()
    assert refresher.renders == 1
    hits = cache.hits
    reply = background.client.get("/plans/pl/pack.pdf")
    assert reply.status_code == 200 and cache.hits == hits + 1  # no "being prepared"
    assert "Interviews on Friday" in pdf_text(reply.content)
    refresher.look()
    assert refresher.renders == 1


def test_a_failed_background_pack_is_shown_to_the_next_request(
    background: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(built: Pack) -> bytes:
        raise RuntimeError("no fonts")

    monkeypatch.setattr(pack, "render_pdf", broken)
    assert background.client.get("/plans/pl/pack.pdf").status_code == 202
    with pytest.raises(RuntimeError, match="no fonts"):  # not a page refreshing for ever
        for _ in range(600):
            assert background.client.get("/plans/pl/pack.pdf").status_code == 202
            time.sleep(0.1)
