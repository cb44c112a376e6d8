"""The database goes away under a running site: visitors get a 503, and it comes back alone.

This starts a throwaway PostgreSQL cluster of its own (initdb and pg_ctl in a temporary
folder) and gunicorn with two workers holding persistent connections to it, then stops
and restarts the cluster underneath them. While it is down every page answers 503 with
the "Back shortly" page and a Retry-After header, /healthz answers 503 for the load
balancer, and no worker dies; once it is back, the same workers serve pages again
without a restart.
"""

import glob
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.test_server import GUNICORN, PROJECT_DIR, fetch, free_port
from tests.test_two_servers import service_or_skip

pytestmark = pytest.mark.server

PAGES = ["/", "/agreements/", "/de/agreements/"]  # plus one agreement's page, found at start
# What must never reach a visitor: a traceback, exception names, SQL, where the database is.
LEAKS = ["Traceback", "OperationalError", "InterfaceError", "psycopg", "postgres", "SELECT "]
RECOVERY_SECONDS = 20


def postgres_binaries() -> Path:
    """The folder holding initdb, pg_ctl and postgres: Debian's newest, else the PATH's."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(re.search(r"/postgresql/(\d+)", path).group(1)),
    )
    initdb = found[-1] if found else shutil.which("initdb")
    if not initdb:
        raise FileNotFoundError("no initdb in /usr/lib/postgresql/*/bin or on the PATH")
    return Path(initdb).parent


def server_user() -> list[str]:
    """The command prefix that runs PostgreSQL's programs as an unprivileged user.

    initdb and postgres refuse to run as root, and the tests run as root in CI
    containers; there they run as the `postgres` system user the server package creates.
    """
    if os.geteuid() != 0:
        return []
    pwd.getpwnam("postgres")  # KeyError when there is no such user
    runuser = shutil.which("runuser")
    if not runuser:
        raise FileNotFoundError("running as root but there is no runuser")
    return [runuser, "-u", "postgres", "--"]


class Cluster:
    """A PostgreSQL cluster in a temporary folder that the test can stop and start again."""

    def __init__(self, bin_dir: Path, as_user: list[str]):
        self.bin_dir = bin_dir
        self.as_user = as_user
        # Not under pytest's tmp_path: only its owner may enter that folder, and the
        # server may run as the postgres user.
        self.root = Path(tempfile.mkdtemp(prefix="pg-outage-"))
        if as_user:
            shutil.chown(self.root, user="postgres", group="postgres")
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.port = free_port()

    def run(self, program: str, *args: str, check: bool = True):
        return subprocess.run(
            [*self.as_user, str(self.bin_dir / program), *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            check=check,
            timeout=60,
        )

    def init(self):
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync")

    def start(self):
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off"
        )
        result = self.run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.log),
            "-w",
            "start",
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr + self.log.read_text()

    def stop(self, mode: str = "immediate", check: bool = True):
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=check)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def remove(self):
        if (self.data / "postmaster.pid").exists():
            self.stop(check=False)
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="module")
def cluster():
    if connection.vendor == "postgresql":
        pytest.skip("runs once, in the SQLite pass; it starts its own PostgreSQL cluster")
    found = {}
    service_or_skip(
        lambda: found.update(bin_dir=postgres_binaries()),
        "PostgreSQL server binaries (initdb, pg_ctl)",
    )
    service_or_skip(
        lambda: found.update(as_user=server_user()),
        "an unprivileged postgres user to run the server as",
    )
    cluster = Cluster(**found)
    try:
        cluster.init()
        cluster.start()
        with psycopg.connect(cluster.url("postgres"), autocommit=True) as admin:
            admin.execute("CREATE DATABASE directory")
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture(scope="module")
def site(cluster, tmp_path_factory):
    """gunicorn with two workers on the cluster; yields (base URL, process, access log)."""
    workdir = tmp_path_factory.mktemp("outage")
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "outage-test-secret-key-0123456789abcdef0123456789",
        "DATABASE_URL": cluster.url("directory"),
        "DATABASE_REPLICA_URLS": "",
        "CONN_MAX_AGE": "60",
        "CACHE_URL": "",
        "REDIS_URL": "",
        # Nothing served from a cache: every page really asks the database.
        "PAGE_CACHE_SECONDS": "0",
        "FACET_CACHE_SECONDS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(workdir / "static"),
    }
    manage = [sys.executable, str(PROJECT_DIR / "manage.py")]
    # The pages under test use only the site's own static files; compressing the
    # admin's and the API docs' (35 MB) would take a minute.
    collectstatic = ["collectstatic", "--no-input"]
    for app in ("admin", "rest_framework", "drf_spectacular_sidecar"):
        collectstatic += ["--ignore", app]
    for command in (["migrate", "--no-input"], ["load_directory"], collectstatic):
        subprocess.run(
            [*manage, *command], env=env, cwd=PROJECT_DIR, check=True, capture_output=True
        )
    port = free_port()
    access_log = workdir / "access.log"
    log = (workdir / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            str(GUNICORN),
            "partnerships.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--access-logfile",
            str(access_log),
            # The worker's pid, the status and the path: which worker answered what.
            "--access-logformat",
            "%(p)s %(s)s %(U)s",
            # Leave the shared ~/.gunicorn/gunicorn.ctl to any other gunicorn running here.
            "--no-control-socket",
        ],
        env=env,
        cwd=PROJECT_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so teardown gets every worker
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
        yield url, server, access_log
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        log.close()


def fetch_all(url: str, paths: list[str], rounds: int = 4):
    """GET every path `rounds` times, several at once so that both workers answer."""
    wanted = [path for _ in range(rounds) for path in paths]
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(zip(wanted, pool.map(lambda path: fetch(f"{url}{path}"), wanted), strict=True))


def workers_by_status(access_log: Path, since: int) -> dict[str, set[str]]:
    """Worker pids that answered pages (not /healthz) after offset `since`, by status."""
    answered: dict[str, set[str]] = {}
    for line in access_log.read_text()[since:].splitlines():
        pid, status, path = line.split(" ", 2)
        if path != "/healthz":
            answered.setdefault(status, set()).add(pid)
    return answered


def serve_from_both_workers(url: str, access_log: Path, paths: list[str], status: str):
    """Request the pages until both workers have answered them with `status`."""
    since = len(access_log.read_text())
    responses = []
    for _ in range(10):
        responses += fetch_all(url, paths)
        if len(workers_by_status(access_log, since).get(status, ())) == 2:
            return responses, workers_by_status(access_log, since)
    pytest.fail(f"two workers never both answered {status}: {workers_by_status(access_log, since)}")


def table_counts(cluster: Cluster) -> dict[str, int]:
    with psycopg.connect(cluster.url("directory")) as db:
        return {
            table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("agreements_agreement", "partnerships_place", "partnerships_partnership")
        }


def test_the_site_answers_503_while_the_database_is_down_and_recovers_alone(site, cluster):
    """A lost database is an outage to report politely, not a crash: 503 now, 200 later."""
    url, server, access_log = site
    listing = fetch(f"{url}/agreements/")[2].decode()
    detail = re.search(r'href="(/agreements/[\w-]+/)"', listing).group(1)
    paths = [*PAGES, detail]
    counts = table_counts(cluster)
    assert counts["agreements_agreement"] > 0

    # Both workers hold a persistent connection when the database goes.
    responses, before = serve_from_both_workers(url, access_log, paths, "200")
    assert {status for _, (status, _, _) in responses} == {200}
    workers = before["200"]
    title = re.search(r"<h1[^>]*>(.*?)</h1>", fetch(f"{url}{detail}")[2].decode(), re.S).group(1)

    cluster.stop()
    responses, during = serve_from_both_workers(url, access_log, paths, "503")
    assert set(during) == {"503"}, f"answers other than 503 during the outage: {during}"
    for path, (status, headers, body) in responses:
        page = body.decode()
        assert status == 503, path
        assert headers["Retry-After"] == "30"
        assert headers["Content-Type"].startswith("text/html")
        friendly = "Gleich wieder da" if path.startswith("/de/") else "Back shortly"
        assert friendly in page, path
        for leak in [*LEAKS, str(cluster.port)]:
            assert leak not in page, f"{path} shows {leak!r}"
    assert 'lang="de"' in dict(responses)["/de/agreements/"][2].decode()
    for _ in range(4):
        status, _, body = fetch(f"{url}/healthz")
        assert (status, body) == (503, b'{"status": "unavailable", "database": "down"}')
    # The same master and the same two workers: nobody crashed or was restarted.
    assert server.poll() is None
    assert during["503"] == workers

    cluster.start()
    deadline = time.monotonic() + RECOVERY_SECONDS
    while fetch(f"{url}/healthz")[0] != 200 or {
        status for _, (status, _, _) in fetch_all(url, paths, rounds=2)
    } != {200}:
        assert time.monotonic() < deadline, f"not back {RECOVERY_SECONDS} s after the database"
        time.sleep(0.5)
    responses, after = serve_from_both_workers(url, access_log, paths, "200")
    assert {status for _, (status, _, _) in responses} == {200}
    assert after["200"] == workers
    assert server.poll() is None
    assert table_counts(cluster) == counts
    assert title in fetch(f"{url}{detail}")[2].decode()
    assert set(workers_by_status(access_log, 0)) == {"200", "503"}, "never a 500"


def test_a_quick_database_restart_costs_no_visitor_an_error(site, cluster):
    """Persistent connections that died in a restart nobody noticed are replaced, not used."""
    url, server, access_log = site
    # Both workers keep a connection open to the database as it is now...
    serve_from_both_workers(url, access_log, ["/agreements/"], "200")
    # ...which a restart between two requests breaks without either worker seeing it.
    cluster.stop(mode="fast")
    cluster.start()
    responses, answered = serve_from_both_workers(url, access_log, ["/agreements/", "/"], "200")
    assert set(answered) == {"200"}, f"answers other than 200 after the restart: {answered}"
    assert {status for _, (status, _, _) in responses} == {200}
    assert server.poll() is None
