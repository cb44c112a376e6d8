"""Read replicas: which requests may read a replica, and the settings that name them."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import RequestFactory

from partnerships import routers
from partnerships.models import Place
from partnerships.routers import PrimaryOrReplicaMiddleware, PrimaryReplicaRouter, replica_reads


def database_read_during(request) -> str:
    """The alias a read of Place would use while the middleware handles ``request``."""
    seen = []

    def view(request):
        seen.append(PrimaryReplicaRouter().db_for_read(Place))
        return None

    PrimaryOrReplicaMiddleware(view)(request)
    return seen[0]


@pytest.fixture
def two_replicas(monkeypatch):
    # The router reads the aliases from the settings; overriding DATABASES itself in a
    # running test process would reconnect every alias.
    monkeypatch.setattr(routers, "replica_aliases", lambda: ["replica0", "replica1"])


@pytest.mark.usefixtures("two_replicas")
class TestRouting:
    def test_reads_use_the_primary_by_default(self):
        # Management commands, imports and tests read what they have just written.
        assert PrimaryReplicaRouter().db_for_read(Place) == "default"

    def test_reads_inside_replica_reads_go_to_a_replica_and_writes_never(self):
        router = PrimaryReplicaRouter()
        with replica_reads():
            assert {router.db_for_read(Place) for _ in range(50)} == {"replica0", "replica1"}
            assert router.db_for_write(Place) == "default"
        assert router.db_for_read(Place) == "default"

    def test_only_the_primary_is_migrated(self):
        router = PrimaryReplicaRouter()
        assert router.allow_migrate("default", "partnerships")
        assert not router.allow_migrate("replica0", "partnerships")

    def test_an_anonymous_page_view_reads_a_replica(self):
        request = RequestFactory().get("/agreements/?kind=memorandum_of_understanding")
        assert database_read_during(request).startswith("replica")

    @pytest.mark.parametrize(
        "request_for",
        [
            pytest.param(lambda factory: factory.post("/search/"), id="post"),
            pytest.param(lambda factory: factory.get("/admin/partnerships/place/"), id="admin"),
            pytest.param(
                lambda factory: factory.get("/agreements/", HTTP_COOKIE="sessionid=abc"),
                id="signed-in",
            ),
        ],
    )
    def test_writes_the_admin_and_staff_read_the_primary(self, request_for):
        assert database_read_during(request_for(RequestFactory())) == "default"

    def test_a_custom_admin_path_reads_the_primary(self, settings):
        settings.ADMIN_URL = "curation-7f3a/"
        request = RequestFactory().get("/curation-7f3a/")
        assert database_read_during(request) == "default"


def test_without_replicas_every_read_uses_the_primary():
    assert [alias for alias in settings.DATABASES if alias != "default"] == []
    with replica_reads():
        assert PrimaryReplicaRouter().db_for_read(Place) == "default"


@pytest.mark.django_db
def test_a_page_view_works_through_the_router(client):
    # No replica is configured in the tests: the router must fall back to the primary.
    Place.objects.create(name="Oulu", country="FI", slug="oulu-fi", publication_status="published")
    assert b"Oulu" in client.get("/places/").content


def settings_with(**environment) -> subprocess.CompletedProcess:
    code = (
        "import django, json; from django.conf import settings; django.setup(); "
        "print(json.dumps({alias: [db['NAME'], db['HOST'], db['TEST'].get('MIRROR')] "
        "for alias, db in settings.DATABASES.items()})); "
        "from django.urls import reverse; print(reverse('admin:index'))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "partnerships.settings",
        "SECRET_KEY": "x",
        **environment,
    }
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)


def test_replica_urls_become_mirrored_aliases():
    result = settings_with(
        DATABASE_URL="postgres://app@primary:5432/directory",
        DATABASE_REPLICA_URLS="postgres://app@replica-a:5432/directory, "
        "postgres://app@replica-b:5432/directory",
    )
    assert result.returncode == 0, result.stderr
    assert '"replica0": ["directory", "replica-a", "default"]' in result.stdout
    assert '"replica1": ["directory", "replica-b", "default"]' in result.stdout


@pytest.mark.parametrize("admin_url", ["/admin/", "admin", "staff//"])
def test_a_malformed_admin_url_stops_the_start(admin_url):
    result = settings_with(ADMIN_URL=admin_url)
    assert result.returncode != 0
    assert "ADMIN_URL must be a relative path ending in a slash" in result.stderr


def test_the_admin_moves_to_the_configured_path():
    result = settings_with(ADMIN_URL="curation-7f3a/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "/curation-7f3a/"
