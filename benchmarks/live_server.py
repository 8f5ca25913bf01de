"""A real ``tracker serve`` in its own process on a free loopback port, for
benchmarks that measure what a person at a browser would see (real sockets,
uvicorn, the worker's thread pool), and a signed-in client for it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def serve(url: str, settings: Mapping[str, str], folder: Path) -> Iterator[str]:
    """The server for the store at ``url``, with these TRACKER_* settings; its
    output goes to ``folder``/server.log (shown if it fails to start)."""
    port = free_port()
    env = os.environ | {"PYTHONPATH": str(ROOT)} | dict(settings)
    command = [sys.executable, "-m", "entrypoints.cli", "--db", url, "serve", "--port", str(port)]
    with (folder / "server.log").open("w+") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            deadline = time.monotonic() + 60
            while True:
                with contextlib.suppress(OSError):
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"the server did not start: {log.read()[-2000:]}")
                time.sleep(0.1)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=30)


def signed_in(base: str, name: str, password: str) -> urllib.request.OpenerDirector:
    """A client holding a session cookie, signed in through the sign-in form."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    page = opener.open(base + "/sign-in").read().decode()
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    form = urllib.parse.urlencode({"csrf_token": token, "name": name, "password": password})
    opener.open(base + "/sign-in", data=form.encode()).read()
    return opener
