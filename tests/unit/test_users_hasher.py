"""The product hashes passwords with Argon2id at RFC 9106's low-memory profile
(the tests lighten it for speed in tests/conftest.py; this checks what ships)."""

from __future__ import annotations

import subprocess
import sys

from argon2 import Type
from argon2.profiles import RFC_9106_LOW_MEMORY

from tests.conftest import PRODUCTION_HASHER


def test_the_shipped_hasher_is_argon2id_at_the_low_memory_profile() -> None:
    assert PRODUCTION_HASHER.type is Type.ID
    assert PRODUCTION_HASHER.time_cost >= RFC_9106_LOW_MEMORY.time_cost
    assert PRODUCTION_HASHER.memory_cost >= RFC_9106_LOW_MEMORY.memory_cost


def test_a_hash_made_by_the_product_carries_those_parameters() -> None:
    script = "from application.users import _HASHER; print(_HASHER.hash('a long enough password'))"
    made = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert made.stdout.startswith("$argon2id$v=19$m=65536,t=3,p=4$"), made.stdout
