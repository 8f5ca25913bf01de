"""Signed checkpoints of the chain head (Ed25519).

A checkpoint says "the log, up to position N, hashes to link L" and is signed
with the tracker's key. Kept away from the database (board minutes, an email to
the inspector), it lets anyone later prove the log still extends it: nothing up
to N was changed, even by someone who recomputed the whole chain, and nothing
at the end was cut off. The public key travels in the file; its fingerprint is
what to record beside the checkpoint, so a forger cannot simply sign with a key
of their own.

The key file is made on first use, readable by its owner only (0600); a key
file others can read is refused.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from domain.errors import TrackerError

FORMAT = "tracker-checkpoint/1"


class CheckpointError(TrackerError):
    pass


@dataclass(frozen=True)
class Checkpoint:
    position: int
    link: str
    events: int
    made_at: str
    public_key: str  # base64 of the raw 32 bytes
    signature: str = ""

    def body(self) -> bytes:
        """The signed bytes: every field but the signature, canonical JSON."""
        fields = {
            "format": FORMAT,
            "position": self.position,
            "link": self.link,
            "events": self.events,
            "made_at": self.made_at,
            "public_key": self.public_key,
        }
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()

    def to_json(self) -> dict[str, Any]:
        return {**json.loads(self.body()), "signature": self.signature}

    @property
    def fingerprint(self) -> str:
        return fingerprint(base64.b64decode(self.public_key))


def fingerprint(raw_public_key: bytes) -> str:
    """SHA-256 of the raw public key, in groups of four hex digits, to read aloud."""
    digest = hashlib.sha256(raw_public_key).hexdigest()[:32]
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def load_or_create_key(path: Path) -> Ed25519PrivateKey:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return load_or_create_key(path)  # another process made it first
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
        return key
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise CheckpointError(
            f"setting TRACKER_SIGNING_KEY: {path} can be read by others (mode {mode:o}): "
            f"run chmod 600 {path}, and consider the key compromised if others did read it"
        )
    try:
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as error:
        raise CheckpointError(
            f"setting TRACKER_SIGNING_KEY: {path} is not a tracker signing key ({error})"
        ) from None
    if not isinstance(loaded, Ed25519PrivateKey):
        raise CheckpointError(f"setting TRACKER_SIGNING_KEY: {path} is not an Ed25519 key")
    return loaded


def make(
    key: Ed25519PrivateKey, *, position: int, link: str, events: int, at: datetime
) -> Checkpoint:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    unsigned = Checkpoint(position, link, events, at.isoformat(), base64.b64encode(raw).decode())
    signature = base64.b64encode(key.sign(unsigned.body())).decode()
    return Checkpoint(**{**unsigned.__dict__, "signature": signature})


def read(path: Path) -> Checkpoint:
    """A checkpoint file, its signature checked; refuses anything else. The file
    may hold the text copied from a board pack: see ``compact``."""
    try:
        data = json.loads(compact(path.read_text(encoding="utf-8")))
        if data.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} file")
        checkpoint = Checkpoint(
            position=int(data["position"]),
            link=str(data["link"]),
            events=int(data["events"]),
            made_at=str(data["made_at"]),
            public_key=str(data["public_key"]),
            signature=str(data["signature"]),
        )
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(checkpoint.public_key))
        public.verify(base64.b64decode(checkpoint.signature), checkpoint.body())
    except InvalidSignature:
        raise CheckpointError(
            f"{path}: the signature does not match: the checkpoint was altered"
        ) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise CheckpointError(f"{path}: not a readable checkpoint ({error})") from None
    return checkpoint


def compact(text: str) -> str:
    """The checkpoint in ``text`` with every space and line break taken out: no
    field of a checkpoint holds one, so text copied from a printed or PDF pack
    (broken across lines, indented, with words around it) reads the same as the
    file ``tracker checkpoint`` wrote."""
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        raise ValueError("no checkpoint (a { ... } block) in it")
    return "".join(text[start : end + 1].split())


def dumps(checkpoint: Checkpoint) -> str:
    return json.dumps(checkpoint.to_json(), indent=2) + "\n"
