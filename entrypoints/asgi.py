"""The ASGI entry for uvicorn's workers (the web's composition root, beside the
CLI's): settings come from TRACKER_* variables
(``tracker serve`` sets TRACKER_DB from ``--db`` before starting them)."""

from __future__ import annotations

import os

from starlette.applications import Starlette

from application.settings import Settings
from entrypoints.bootstrap import bootstrap
from web.app import create_app


def create() -> Starlette:
    settings = Settings.from_env(os.environ)
    return create_app(
        bootstrap(settings),
        secure_cookies=settings.secure_cookies,
        file_limits=settings.file_limits(),
        pack_pdf_max_items=settings.pack_pdf_max_items,
        pack_pdf_background_items=settings.pack_pdf_background_items,
        trust_proxy=settings.trust_proxy,
        session_policy=settings.session_policy(),
        signing_key=settings.signing_key,
    )
