"""Uploads: read within the limit as they stream, under a safe name.

A small Starlette app stands in for the import form. The 100 MB uploads are
driven through the ASGI interface in a fresh process, so that what the server
read and the memory it used can be measured, not guessed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from web.uploads import UploadRefused, UploadTooLarge, read_upload, safe_file_name

LIMIT = 5 * 1024 * 1024
ROOT = Path(__file__).resolve().parents[2]


async def upload(request: Request) -> Response:
    try:
        form = await read_upload(request, max_file_bytes=LIMIT)
    except UploadTooLarge as error:
        return PlainTextResponse(str(error), status_code=413)
    except UploadRefused as error:
        return PlainTextResponse(str(error), status_code=400)
    size = None if form.data is None else len(form.data)
    return JSONResponse({"fields": form.fields, "name": form.file_name, "size": size})


@pytest.fixture
def client() -> TestClient:
    return TestClient(Starlette(routes=[Route("/", upload, methods=["POST"])]))


def test_a_form_with_a_file_is_read_whole(client: TestClient) -> None:
    content = b"ref,title,due\n11,Working Together,2009-12\n"
    reply = client.post(
        "/",
        data={"plan": "laming-2009", "csrf_token": "t0ken", "reason": "£ and é"},
        files={"file": ("plan.csv", content, "text/csv")},
    )
    assert reply.status_code == 200, reply.text
    assert reply.json() == {
        "fields": {"plan": "laming-2009", "csrf_token": "t0ken", "reason": "£ and é"},
        "name": "plan.csv",
        "size": len(content),
    }


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        (".", "upload"),
        ("..", "upload"),
        ("../../etc/passwd.csv", "passwd.csv"),
        ("C:\\Users\\officer\\Plan 2009.XLSX", "Plan 2009.xlsx"),
        ("\u202eslx.csv", "slx.csv"),
        ("a" * 300 + ".xlsx", "a" * 95 + ".xlsx"),
        ("plan\u200b\u2028.csv", "plan.csv"),
    ],
)
def test_the_file_name_is_made_safe(client: TestClient, sent: str, kept: str) -> None:
    reply = client.post("/", files={"file": (sent, b"x", "text/csv")})
    assert reply.status_code == 200, reply.text
    assert reply.json()["name"] == kept
    assert safe_file_name(sent) == kept
    assert safe_file_name("plan\x00\x07\x1b.csv") == "plan.csv"  # what a client could send raw


def test_safe_file_name_never_gives_a_path_or_nothing() -> None:
    for raw in (None, "", " ", ".", "..", "/", "\\", "...", "\u200b", "con:.csv"):
        name = safe_file_name(raw)
        assert name and name not in (".", "..") and "/" not in name and "\\" not in name
        assert name.startswith("upload") or name == "con_.csv", (raw, name)


def test_no_file_chosen_gives_no_file(client: TestClient) -> None:
    body = (  # what a browser sends when the file input is left empty
        b'--b\r\nContent-Disposition: form-data; name="plan"\r\n\r\np\r\n'
        b'--b\r\nContent-Disposition: form-data; name="file"; filename=""\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n\r\n--b--\r\n"
    )
    reply = client.post(
        "/", content=body, headers={"Content-Type": "multipart/form-data; boundary=b"}
    )
    assert reply.json() == {"fields": {"plan": "p"}, "name": None, "size": None}


def test_a_declared_size_over_the_limit_is_refused_before_reading(client: TestClient) -> None:
    body = b"--b\r\nContent-Disposition: form-data; name=file; filename=a.csv\r\n\r\n" + b"x" * (
        LIMIT + 100_000
    )
    reply = client.post(
        "/", content=body, headers={"Content-Type": "multipart/form-data; boundary=b"}
    )
    assert reply.status_code == 413
    assert reply.text == "The file is 5.1 MB; the limit is 5 MB"


def test_a_file_just_over_the_limit_is_refused_as_it_streams(client: TestClient) -> None:
    reply = client.post("/", files={"file": ("big.csv", b"x" * (LIMIT + 1), "text/csv")})
    assert reply.status_code == 413
    assert reply.text == "The file is larger than the 5 MB limit"
    at_limit = client.post("/", files={"file": ("ok.csv", b"x" * LIMIT, "text/csv")})
    assert at_limit.json()["size"] == LIMIT


@pytest.mark.parametrize(
    ("content_type", "body", "says"),
    [
        ("application/x-www-form-urlencoded", b"plan=p", "not sent as a file upload"),
        ("multipart/form-data", b"--b\r\n", "not sent as a file upload"),  # no boundary
        (
            "multipart/form-data; boundary=b",
            b"--b\r\nContent-Disposition: form-data; name=",
            "cut short",
        ),
        ("multipart/form-data; boundary=b", b"garbage\r\n--x--", "cut short"),
    ],
)
def test_a_malformed_upload_is_refused_in_words(
    client: TestClient, content_type: str, body: bytes, says: str
) -> None:
    reply = client.post("/", content=body, headers={"Content-Type": content_type})
    assert reply.status_code == 400 and says in reply.text, reply.text


def test_two_files_or_too_many_fields_are_refused(client: TestClient) -> None:
    two = client.post(
        "/", files=[("a", ("a.csv", b"1", "text/csv")), ("b", ("b.csv", b"2", "text/csv"))]
    )
    assert two.status_code == 400 and "more than one file" in two.text
    many = client.post("/", data={f"f{n}": "x" for n in range(25)}, files={"file": ("a.csv", b"1")})
    assert many.status_code == 400 and "more than 20 fields" in many.text


# The child process: a 100 MB upload sent 64 KB at a time straight into the ASGI
# app, with or without a Content-Length; it reports what the app read, how long
# it took and the process's peak memory before and after.
STREAM = """
import asyncio, json, resource, sys, time
from starlette.applications import Starlette
from starlette.routing import Route
from tests.web.test_uploads import upload

app = Starlette(routes=[Route("/", upload, methods=["POST"])])
TOTAL, CHUNK = 100 * 1024 * 1024, b"x" * 65536
head = b'--b0\\r\\nContent-Disposition: form-data; name="file"; filename="big.csv"\\r\\n\\r\\n'
headers = [(b"content-type", b"multipart/form-data; boundary=b0")]
if sys.argv[1] == "declared":
    headers.append((b"content-length", str(TOTAL).encode()))
read, replies = 0, []

async def receive():
    global read
    body = head if read == 0 else CHUNK
    read += len(body)
    return {"type": "http.request", "body": body, "more_body": read < TOTAL}

async def send(message):
    replies.append(message)

scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
         "scheme": "http", "path": "/", "raw_path": b"/", "query_string": b"", "root_path": "",
         "headers": headers, "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
asyncio.run(app(scope, receive, send))
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"status": replies[0]["status"], "text": replies[1]["body"].decode(),
                  "read": read, "seconds": seconds, "grew_mb": (peak - before) / 1024}))
"""


@pytest.mark.parametrize("length", ["declared", "streamed"])
def test_a_100_mb_upload_is_refused_quickly_with_bounded_memory(length: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", STREAM, length],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=60,
        check=True,
    )
    result = json.loads(done.stdout)
    assert result["status"] == 413
    if length == "declared":
        assert result["text"] == "The file is 100 MB; the limit is 5 MB"
        assert result["read"] == 0  # refused on the header alone
    else:
        assert result["text"] == "The file is larger than the 5 MB limit"
        assert result["read"] <= LIMIT + 2 * 65536  # stopped at the limit, not 100 MB
    assert result["seconds"] < 2
    assert result["grew_mb"] < 25, result  # the file is held once, up to the limit
