"""Start gunicorn the way `make run` does and fetch pages over real HTTP."""

import gzip
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.server

PROJECT_DIR = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, headers: dict | None = None):
    """GET a URL; return (status, headers, body) without raising on 4xx/5xx."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    """Migrate a throwaway SQLite database, collect static files and serve with gunicorn."""
    workdir = tmp_path_factory.mktemp("server")
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "smoke-test-secret-key-that-is-long-enough-0123456789",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "STATIC_ROOT": str(workdir / "static"),
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    manage = [sys.executable, str(PROJECT_DIR / "manage.py")]
    for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"]):
        subprocess.run(
            [*manage, *command], env=env, cwd=PROJECT_DIR, check=True, capture_output=True
        )

    port = free_port()
    log = (workdir / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(GUNICORN), "partnerships.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        cwd=PROJECT_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if fetch(f"{url}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((workdir / "gunicorn.log").read_text())
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def test_home_page_is_served(server_url):
    status, headers, body = fetch(f"{server_url}/")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert b"International city and regional partnerships" in body


def test_healthz_is_served(server_url):
    status, _, body = fetch(f"{server_url}/healthz")
    assert status == 200
    assert body == b'{"status": "ok", "database": "up"}'


def test_admin_login_page_is_served(server_url):
    status, _, body = fetch(f"{server_url}/admin/login/")
    assert status == 200
    assert b'name="password"' in body


def test_unknown_host_is_refused(server_url):
    """ALLOWED_HOSTS holds in production: a forged Host header gets a 400."""
    status, _, _ = fetch(f"{server_url}/", headers={"Host": "evil.example"})
    assert status == 400


def test_static_files_have_hashed_names_long_cache_and_compression(server_url):
    _, _, body = fetch(f"{server_url}/")
    match = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
    assert match, "the stylesheet link should carry a content hash"
    stylesheet = match.group(1).decode()

    status, headers, plain = fetch(f"{server_url}{stylesheet}")
    assert status == 200
    assert "max-age=31536000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]

    status, headers, compressed = fetch(
        f"{server_url}{stylesheet}", headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed) == plain


def test_api_docs_and_schema_are_served_offline(server_url):
    """Swagger UI comes from our own static files (sidecar), so it works without a CDN."""
    status, _, body = fetch(f"{server_url}/api/v1/docs/")
    assert status == 200
    assert b"cdn" not in body.lower()
    script = re.search(rb'src="(/static/drf_spectacular_sidecar/[^"]+\.js)"', body)
    assert script, "the docs page should load Swagger UI from /static/"
    assert fetch(f"{server_url}{script.group(1).decode()}")[0] == 200
    status, _, body = fetch(f"{server_url}/api/v1/schema/")
    assert status == 200
    assert b"openapi" in body


def test_feed_sitemap_and_robots_are_served(server_url):
    assert fetch(f"{server_url}/feeds/agreements/")[0] == 200
    assert fetch(f"{server_url}/sitemap.xml")[0] == 200
    assert fetch(f"{server_url}/robots.txt")[0] == 200


def test_production_settings_pass_the_deploy_check():
    """`manage.py check --deploy` has nothing to say about the production settings."""
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "a-production-like-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "partnerships.example.org",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "BEHIND_HTTPS_PROXY": "true",
    }
    result = subprocess.run(
        [
            sys.executable,
            str(PROJECT_DIR / "manage.py"),
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
