"""Two app servers on one PostgreSQL and one Redis: what one publishes, the other shows.

The app keeps no state of its own between requests (sessions and data in
PostgreSQL, cached pages in Redis), so any number of gunicorn servers can sit
behind a load balancer. This starts two and checks that a change made through
one invalidates the cached page on the other.
"""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.test_server import GUNICORN, PROJECT_DIR, free_port

pytestmark = pytest.mark.server

POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/3"


def service_or_skip(check, what):
    try:
        check()
    except Exception as error:  # any failure means the service is not there
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs {what}: {error}")
        pytest.skip(f"{what} not reachable: {error}")


@pytest.fixture(scope="module")
def shared_database():
    if connection.vendor == "postgresql":
        pytest.skip("runs once, in the SQLite pass; it makes its own PostgreSQL database")
    name = f"two_servers_{uuid.uuid4().hex[:8]}"
    service_or_skip(lambda: psycopg.connect(f"{POSTGRES}/postgres").close(), "PostgreSQL")

    def redis_ping():
        import redis

        redis.Redis.from_url(REDIS).ping()

    service_or_skip(redis_ping, "Redis")
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{POSTGRES}/{name}"
    finally:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def servers(shared_database, tmp_path_factory):
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "two-servers-test-secret-key-0123456789abcdef",
        "DATABASE_URL": shared_database,
        "CACHE_URL": REDIS,
        "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
    }
    manage = [sys.executable, str(PROJECT_DIR / "manage.py")]
    setup = (
        "from django.contrib.auth.models import User;"
        "User.objects.create_superuser('curator', 'c@example.org', 'a-long-test-password');"
        "from agreements.tests.factory import make_agreement;"
        "make_agreement('Twin-server agreement', slug='twin-server', publication_status='draft')"
    )
    for command in (
        ["migrate", "--no-input"],
        ["collectstatic", "--no-input"],
        ["shell", "-c", setup],
    ):
        subprocess.run(
            [*manage, *command], env=env, cwd=PROJECT_DIR, check=True, capture_output=True
        )
    processes, urls, log_files = [], [], []
    logs = Path(tmp_path_factory.mktemp("logs"))
    for index in range(2):
        port = free_port()
        log = (logs / f"server-{index}.log").open("w")
        log_files.append(log)
        processes.append(
            subprocess.Popen(
                [
                    str(GUNICORN),
                    "partnerships.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                ],
                env=env,
                cwd=PROJECT_DIR,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(f"{url}/healthz", timeout=2)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        yield urls
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
        for log in log_files:
            log.close()


def staff_session(base_url):
    """Sign in to the admin of one server; return an opener carrying the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login_page = opener.open(f"{base_url}/admin/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
    data = {
        "csrfmiddlewaretoken": token,
        "username": "curator",
        "password": "a-long-test-password",
        "next": "/admin/",
    }
    opener.open(
        urllib.request.Request(
            f"{base_url}/admin/login/",
            data=urllib.parse.urlencode(data).encode(),
            headers={"Referer": f"{base_url}/admin/login/"},
        )
    )
    return opener


def test_a_change_published_on_one_server_shows_on_the_other(servers):
    first, second = servers
    # The second server renders and caches the list without the draft.
    page = urllib.request.urlopen(f"{second}/agreements/").read()
    assert b"Twin-server agreement" not in page
    assert urllib.request.urlopen(f"{second}/agreements/").read() == page  # from the cache

    # A curator publishes it through the first server's admin.
    opener = staff_session(first)
    changelist = opener.open(f"{first}/admin/agreements/agreement/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', changelist).group(1)
    pk = re.search(r'name="_selected_action" value="(\d+)"', changelist).group(1)
    opener.open(
        urllib.request.Request(
            f"{first}/admin/agreements/agreement/",
            data=urllib.parse.urlencode(
                {"csrfmiddlewaretoken": token, "action": "publish", "_selected_action": pk}
            ).encode(),
            headers={"Referer": f"{first}/admin/agreements/agreement/"},
        )
    )
    # The second server drops its cached page and shows the agreement.
    assert b"Twin-server agreement" in urllib.request.urlopen(f"{second}/agreements/").read()
