"""Whether a recorder or datastore is PostgreSQL's, without importing the
PostgreSQL driver.

A process on SQLite never loads ``eventsourcing.postgres`` (and psycopg, a
tenth of a second of every command's start); when that module is not loaded,
nothing can be an instance of its classes, so the answer is no.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TypeGuard

if TYPE_CHECKING:
    from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore


def is_postgres_recorder(recorder: object) -> TypeGuard[PostgresApplicationRecorder]:
    module = sys.modules.get("eventsourcing.postgres")
    return module is not None and isinstance(recorder, module.PostgresApplicationRecorder)


def is_postgres_datastore(datastore: object) -> TypeGuard[PostgresDatastore]:
    module = sys.modules.get("eventsourcing.postgres")
    return module is not None and isinstance(datastore, module.PostgresDatastore)
