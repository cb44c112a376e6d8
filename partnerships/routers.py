"""Read replicas: anonymous page views read from a replica, everything else the primary.

Settings name each replica "replica0", "replica1"... (from DATABASE_REPLICA_URLS).
Reads go to the primary unless ``PrimaryOrReplicaMiddleware`` lets the current request
use a replica: management commands, imports, the admin, signed-in staff and every
unsafe request keep reading their own writes, while a visitor's GET may see a
replica that lags a moment behind.
"""

import random
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA_PREFIX = "replica"

_replica_reads_allowed: ContextVar[bool] = ContextVar("replica_reads_allowed", default=False)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


@contextmanager
def replica_reads():
    """Let reads inside the block go to a replica (when any is configured)."""
    token = _replica_reads_allowed.set(True)
    try:
        yield
    finally:
        _replica_reads_allowed.reset(token)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        replicas = replica_aliases()
        if replicas and _replica_reads_allowed.get():
            return random.choice(replicas)
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Every alias holds the same data: a row read from a replica may be linked to
        # one read from the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Replicas follow the primary's schema through replication.
        return db == DEFAULT_DB_ALIAS


class PrimaryOrReplicaMiddleware:
    """Send the reads of anonymous GET and HEAD requests outside the admin to a replica.

    A request with a session cookie belongs to someone who may just have signed in or
    saved a record, so it reads the primary, as do the admin and every POST.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.may_read_replica(request):
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)

    @staticmethod
    def may_read_replica(request) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path_info.startswith(f"/{settings.ADMIN_URL}")
        )
