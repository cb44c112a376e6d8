"""Benchmark the directory at 100,000 agreements: `make bench`.

Builds (or reuses) the generated directory on PostgreSQL, serves it with gunicorn and
measures a fixed set of URLs (bench/pages.py) with wrk at fixed concurrency, in two
modes: every page rendered on every request, and the page cache on as in production.
Two references run on the same machine: whitenoise serving a static file as large as
the list page (the ceiling), and Datasette serving the same agreements exported to
SQLite. Prints the results and rewrites the generated part of docs/benchmarks.md.

Run it with the project's virtualenv: .venv/bin/python bench/run.py

Environment variables, all optional:
  BENCH_DATABASE_URL    PostgreSQL database to build or reuse
                        (postgres://postgres@127.0.0.1:5432/partnerships_bench)
  REBUILD=1             drop and rebuild that database even when it holds the directory
  BENCH_TWIN_TOWNS_CSV  twin-town list to import while building
                        (../shared/datasets/twin-cities-wikipedia-geocoded.csv)
  BENCH_SECONDS         seconds of measurement per URL (10)
  BENCH_WARMUP_SECONDS  seconds of uncounted load before each measurement (2)
  BENCH_CONNECTIONS     concurrency: wrk's open connections (8)
  BENCH_THREADS         wrk threads (2)
  BENCH_WORKERS         gunicorn workers (2 per CPU core)
  BENCH_PORT            gunicorn's port (8765)
  BENCH_DATASETTE_PORT  Datasette's port (8766)
  BENCH_CACHE_URL       Redis database for the cache, flushed before each mode
                        (redis://127.0.0.1:6379/5)
  BENCH_MODES           app modes to run, comma-separated: rendered,facets,cached (all)
  BENCH_OUTPUT          report to rewrite between its markers (docs/benchmarks.md)
"""

import contextlib
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import database
import pages
from measure import Load, Measurement, failed_urls, get, page_weight, peak_rss_mb, worker_pids
from report import PageResult, Results, markdown_report, print_summary, write_report

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
VAR_DIR = BENCH_DIR / "var"  # git-ignored: the SQLite copy, server logs
SQLITE_PATH = VAR_DIR / "bench.db"
DATASETTE_VENV = BENCH_DIR / ".venv-datasette"
DATASETTE_REQUIREMENTS = BENCH_DIR / "requirements-datasette.txt"
# The virtualenv running this script: the project's, with gunicorn and Django.
PROJECT_BIN = Path(sys.prefix) / "bin"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "staticfiles"))
HOST = "127.0.0.1"
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@dataclass(frozen=True)
class Mode:
    title: str
    page_cache_seconds: int
    facet_cache_seconds: int


MODES = {
    # Nothing cached: every request computes every facet (a filter nobody asked for since
    # the last change).
    "rendered": Mode("rendered every time", 0, 0),
    # Pages rendered, facet counts from the cache: another page, sort order or language
    # of filters asked for before.
    "facets": Mode("facet counts cached", 0, 600),
    "cached": Mode("page cache on", 600, 600),  # production's defaults with Redis
}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {raw!r}.") from None


def cpu_count() -> int:
    return len(os.sched_getaffinity(0))


@dataclass(frozen=True)
class Settings:
    database_url: str
    rebuild: bool
    twin_towns_csv: Path
    load: Load
    workers: int
    app_port: int
    datasette_port: int
    cache_url: str
    modes: tuple[Mode, ...]
    output: Path

    @classmethod
    def from_environment(cls) -> "Settings":
        mode_names = os.environ.get("BENCH_MODES", "rendered,facets,cached").split(",")
        unknown = [name for name in mode_names if name.strip() not in MODES]
        if unknown:
            raise SystemExit(f"BENCH_MODES: unknown {unknown}; choose from {list(MODES)}.")
        default_csv = "../shared/datasets/twin-cities-wikipedia-geocoded.csv"
        return cls(
            database_url=os.environ.get("BENCH_DATABASE_URL")
            or "postgres://postgres@127.0.0.1:5432/partnerships_bench",
            rebuild=os.environ.get("REBUILD", "") not in ("", "0"),
            twin_towns_csv=(
                PROJECT_DIR / os.environ.get("BENCH_TWIN_TOWNS_CSV", default_csv)
            ).resolve(),
            load=Load(
                seconds=env_int("BENCH_SECONDS", 10),
                warmup_seconds=env_int("BENCH_WARMUP_SECONDS", 2),
                connections=env_int("BENCH_CONNECTIONS", 8),
                threads=env_int("BENCH_THREADS", 2),
            ),
            workers=env_int("BENCH_WORKERS", 2 * cpu_count()),
            app_port=env_int("BENCH_PORT", 8765),
            datasette_port=env_int("BENCH_DATASETTE_PORT", 8766),
            cache_url=os.environ.get("BENCH_CACHE_URL") or "redis://127.0.0.1:6379/5",
            modes=tuple(MODES[name.strip()] for name in mode_names),
            output=PROJECT_DIR / os.environ.get("BENCH_OUTPUT", "docs/benchmarks.md"),
        )


def step(title: str) -> None:
    print(f"\n== {title}", flush=True)


# Tools


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    print("  installing wrk from Debian", flush=True)
    apt_get = ["apt-get"] if os.geteuid() == 0 else ["sudo", "apt-get"]
    if subprocess.run([*apt_get, "install", "-y", "wrk"]).returncode != 0:
        # A fresh machine may not have the package lists yet.
        subprocess.run([*apt_get, "update"], check=True)
        subprocess.run([*apt_get, "install", "-y", "wrk"], check=True)


def ensure_datasette() -> Path:
    """Install the pinned Datasette in its own virtualenv, again only when the pins change."""
    datasette = DATASETTE_VENV / "bin" / "datasette"
    stamp = DATASETTE_VENV / ".installed"
    if stamp.is_file() and stamp.stat().st_mtime >= DATASETTE_REQUIREMENTS.stat().st_mtime:
        return datasette
    print(f"  installing Datasette into {DATASETTE_VENV.relative_to(PROJECT_DIR)}", flush=True)
    subprocess.run([sys.executable, "-m", "venv", DATASETTE_VENV], check=True)
    pip = DATASETTE_VENV / "bin" / "pip"
    install = ["install", "--quiet", "--require-hashes", "--no-deps"]
    subprocess.run([pip, *install, "-r", DATASETTE_REQUIREMENTS], check=True)
    stamp.touch()
    return datasette


def tool_version(command: list) -> str:
    finished = subprocess.run(command, capture_output=True, text=True)
    return (finished.stdout or finished.stderr).strip().splitlines()[0]


# The project


def secret_key() -> str:
    key_file = PROJECT_DIR / ".secret_key"
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    if not key_file.is_file():
        raise SystemExit("No .secret_key: run `make install-dev` first, or set SECRET_KEY.")
    return key_file.read_text().strip()


def app_environment(settings: Settings) -> dict[str, str]:
    """Return production settings pointed at the benchmark's database and cache."""
    environment = dict(os.environ)
    # Replicas would route reads elsewhere; the benchmark is one server, one database.
    for name in ("DATABASE_REPLICA_URLS", "REDIS_URL", "PAGE_CACHE_SECONDS", "FACET_CACHE_SECONDS"):
        environment.pop(name, None)
    environment.update(
        DATABASE_URL=settings.database_url,
        SECRET_KEY=secret_key(),
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CACHE_URL=settings.cache_url,
        CACHE_KEY_PREFIX="bench",
    )
    return environment


def manage(environment: dict[str, str], *arguments: str) -> None:
    command = [PROJECT_BIN / "python", "manage.py", *arguments]
    subprocess.run(command, cwd=PROJECT_DIR, env=environment, check=True)


def flush_cache(cache_url: str) -> None:
    import redis

    redis.Redis.from_url(cache_url).flushdb()


# Servers


def port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) == 0


class Servers:
    """Start servers in process groups of their own; stop every one still running on exit."""

    def __init__(self):
        self.running: list[subprocess.Popen] = []

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        # A second Ctrl-C must not cut the clean-up short and leave servers running.
        handlers = {number: signal.signal(number, signal.SIG_IGN) for number in STOP_SIGNALS}
        try:
            for process in reversed(self.running):
                self.stop(process)
        finally:
            for number, handler in handlers.items():
                signal.signal(number, handler)

    def start(self, command: list, log_name: str, port: int, **popen) -> subprocess.Popen:
        if port_in_use(port):
            raise SystemExit(f"Port {port} is taken; stop what listens there or pick another.")
        VAR_DIR.mkdir(exist_ok=True)
        log = (VAR_DIR / log_name).open("wb")
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **popen
        )
        log.close()
        self.running.append(process)
        return process

    def stop(self, process: subprocess.Popen) -> None:
        if process in self.running:
            self.running.remove(process)
        if process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            # gunicorn finishes the requests wrk left in flight; a few seconds at most.
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if get(url, timeout=5).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    log_tail = log.read_text(errors="replace")[-3000:]
    raise SystemExit(f"{url} did not answer 200 within {timeout:.0f} s. Log:\n{log_tail}")


def start_gunicorn(
    servers: Servers, settings: Settings, environment: dict, mode: Mode, workers: int
) -> subprocess.Popen:
    command = [
        PROJECT_BIN / "gunicorn",
        "partnerships.wsgi",
        "--bind",
        f"{HOST}:{settings.app_port}",
        "--workers",
        str(workers),
        # Its default control socket is one per user: another gunicorn may hold it.
        "--no-control-socket",
    ]
    environment = {
        **environment,
        "PAGE_CACHE_SECONDS": str(mode.page_cache_seconds),
        "FACET_CACHE_SECONDS": str(mode.facet_cache_seconds),
    }
    log_name = f"gunicorn-{mode.title.replace(' ', '-')}.log"
    process = servers.start(command, log_name, settings.app_port, cwd=PROJECT_DIR, env=environment)
    wait_until_up(f"http://{HOST}:{settings.app_port}/healthz", process, VAR_DIR / log_name)
    return process


def require_ok(urls: list[str]) -> None:
    failures = failed_urls(urls)
    if failures:
        raise SystemExit("These URLs do not answer 200:\n  " + "\n  ".join(failures))


# Measuring


def app_url(settings: Settings, path: str) -> str:
    return f"http://{HOST}:{settings.app_port}{path}"


def copy_list_page(servers: Servers, settings: Settings, environment: dict) -> Path:
    """Write a static file as large as the list page, before the measured servers start."""
    probe = start_gunicorn(servers, settings, environment, MODES["rendered"], workers=1)
    response = get(app_url(settings, pages.LIST_PAGE))
    servers.stop(probe)
    if response.status != 200:
        raise SystemExit(f"{pages.LIST_PAGE} answered HTTP {response.status}, not 200.")
    copy = STATIC_ROOT / pages.STATIC_COPY
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(response.body)
    print(f"  {copy.relative_to(PROJECT_DIR)}: {len(response.body):,} bytes")
    return copy


def measure_references_in_app(settings: Settings, copy: Path, results: Results) -> None:
    """Measure the static-file ceiling and the list page's weight on the running gunicorn."""
    static_url = app_url(settings, results.static_path)
    response = get(static_url)
    if response.status != 200 or len(response.body) != copy.stat().st_size:
        raise SystemExit(
            f"{static_url} answered HTTP {response.status} with {len(response.body)} bytes; "
            f"whitenoise should serve the {copy.stat().st_size} bytes of {copy}."
        )
    print(f"  static file {results.static_path}", flush=True)
    results.static = settings.load.measure(static_url)
    results.weight = page_weight(app_url(settings, pages.LIST_PAGE))


def report_line(label: str, measurement: Measurement) -> None:
    problem = f"  FAILED: {measurement.problem}" if measurement.problem else ""
    print(
        f"    {label}: {measurement.requests_per_second:,.1f} req/s, "
        f"p50 {measurement.p50_ms:.2f} ms, p99 {measurement.p99_ms:.2f} ms{problem}",
        flush=True,
    )


def measure_app(
    servers: Servers,
    settings: Settings,
    environment: dict,
    mode: Mode,
    slugs: dict[str, str],
    results: Results,
    static_copy: Path | None,
) -> None:
    flush_cache(settings.cache_url)
    gunicorn = start_gunicorn(servers, settings, environment, mode, settings.workers)
    paths = {page.name: page.path.format(**slugs) for page in pages.PAGES}
    require_ok([app_url(settings, path) for path in paths.values()])
    if static_copy is not None:
        measure_references_in_app(settings, static_copy, results)
        report_line("static file", results.static)
    for page in pages.PAGES:
        measurement = settings.load.measure(app_url(settings, paths[page.name]))
        results.pages.append(PageResult(page, mode.title, paths[page.name], measurement))
        report_line(paths[page.name], measurement)
    results.worker_peaks_mb[mode.title] = [peak_rss_mb(pid) for pid in worker_pids(gunicorn.pid)]
    servers.stop(gunicorn)


DATASETTE_SETTINGS = {
    "sql_time_limit_ms": "3500",
    "num_sql_threads": "4",
    # The site shows 25 rows a page; Datasette's default is 100.
    "default_page_size": "25",
    # The site does not look for facets to suggest, so Datasette need not either.
    "suggest_facets": "off",
}


def start_datasette(servers: Servers, settings: Settings, datasette: Path) -> None:
    metadata = VAR_DIR / "datasette-metadata.json"
    table = {"fts_table": "agreements_fts", "fts_pk": "id"}
    metadata.write_text(json.dumps({"databases": {"bench": {"tables": {"agreements": table}}}}))
    command = [datasette, "serve", "--immutable", SQLITE_PATH, "--host", HOST]
    command += ["--port", str(settings.datasette_port), "--metadata", metadata]
    for name, value in DATASETTE_SETTINGS.items():
        command += ["--setting", name, value]
    process = servers.start(command, "datasette.log", settings.datasette_port)
    versions = f"http://{HOST}:{settings.datasette_port}/-/versions.json"
    wait_until_up(versions, process, VAR_DIR / "datasette.log")


def incomplete_facets(url: str) -> list[str]:
    """Return the facets Datasette left out (facet_time_limit_ms): that page did less work."""
    json_url = url.replace(pages.DATASETTE_TABLE, f"{pages.DATASETTE_TABLE}.json", 1)
    answered = json.loads(get(json_url).body).get("facet_results", {})
    requested = [
        value for name, value in parse_qsl(urlsplit(url).query) if name.startswith("_facet")
    ]
    return [facet for facet in requested if facet not in answered]


def measure_datasette(
    servers: Servers, settings: Settings, datasette: Path, results: Results
) -> None:
    start_datasette(servers, settings, datasette)
    referenced = [page for page in pages.PAGES if page.datasette_path]
    urls = {
        page.name: f"http://{HOST}:{settings.datasette_port}{page.datasette_path}"
        for page in referenced
    }
    require_ok(list(urls.values()))
    for page in referenced:
        timed_out = incomplete_facets(urls[page.name])
        if timed_out:
            note = f"Datasette timed out on facets {timed_out} for {page.name}."
            print(f"  WARNING: {note}")
            results.notes.append(note)
        results.datasette[page.name] = settings.load.measure(urls[page.name])
        report_line(f"Datasette, {page.name}", results.datasette[page.name])


# Reporting


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def memory_gb() -> str:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return f"{int(line.split()[1]) * 1024 / 1e9:.1f} GB"
    return "unknown"


def commit() -> str:
    """Return the checked-out commit, saying so when the working tree differs from it."""

    def git(*arguments):
        return subprocess.run(["git", *arguments], cwd=PROJECT_DIR, capture_output=True, text=True)

    head = git("rev-parse", "--short", "HEAD").stdout.strip()
    if not head:
        return "unknown"
    # diff-index only reads the index, so it is safe while others use the repository.
    changed = git("diff-index", "--quiet", "HEAD", "--").returncode != 0
    return f"{head} with uncommitted changes" if changed else head


def machine_facts(settings: Settings, postgresql: str, datasette: Path) -> dict[str, str]:
    import django
    import gunicorn

    wrk = re.sub(r"^wrk |\s*Copyright.*", "", tool_version(["wrk", "--version"]))
    datasette_version = tool_version([datasette, "--version"]).rsplit(" ", 1)[-1]
    return {
        "Date (UTC)": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M"),
        "CPU": f"{cpu_count()} × {cpu_model()}",
        "RAM": memory_gb(),
        "Kernel": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "PostgreSQL": postgresql,
        "Django": django.get_version(),
        "gunicorn": f"{gunicorn.__version__}, {settings.workers} sync workers",
        "wrk": wrk,
        "Datasette": datasette_version,
        "Commit": commit(),
    }


def method_text(settings: Settings, datasette_version: str) -> str:
    load = settings.load
    settings_text = ", ".join(f"`{name} {value}`" for name, value in DATASETTE_SETTINGS.items())
    return (
        f"gunicorn serves the directory from PostgreSQL on this machine with "
        f"{settings.workers} sync workers and the production settings (`DEBUG=false`, "
        f"Redis as the cache, whitenoise for static files). wrk loads each URL with "
        f"{load.connections} connections (the concurrency) on {load.threads} threads for "
        f"{load.seconds} s, after {load.warmup_seconds} s of uncounted warm-up by as many "
        f"clients, each waiting for its last answer so that the measurement starts on idle "
        f"workers; p50 and p99 "
        f"come from wrk's latency distribution, with wrk's timeout raised to 30 s so slow "
        f"answers are counted rather than dropped. Each mode runs on a freshly started "
        f"gunicorn, with Redis flushed first: *rendered every time* (`PAGE_CACHE_SECONDS=0`, "
        f"`FACET_CACHE_SECONDS=0`: every request computes everything, as for a filter "
        f"nobody has asked for since the last change), *facet counts cached* "
        f"(`PAGE_CACHE_SECONDS=0`, `FACET_CACHE_SECONDS=600`: pages rendered each time, "
        f"facet counts from the cache, as for another page number, sort order or language "
        f"of filters seen before) and *page cache on* (both 600 s, production's defaults "
        f"with Redis; the warm-up fills the cache). Every URL is first checked to answer "
        f"200.\n\n"
        f"References on the same machine: (a) the ceiling, whitenoise in the same gunicorn "
        f"serving `/static/{pages.STATIC_COPY}`, a copy of the list page of the same size; "
        f"(b) Datasette {datasette_version} in immutable mode ({settings_text}) serving the same "
        f"published agreements exported to SQLite, one row each, faceted like "
        f"`/agreements/` (kind, country, focus area, status, decade, year, organization "
        f"kind, source language). Where an agreement has several countries, focus areas, "
        f"organization kinds or languages, Datasette's facet counts the first one: a plain "
        f"column is much faster for Datasette than its JSON-array facets, so this is the "
        f"harder reference (see `bench/pages.py`). The facet columns are indexed; search "
        f"uses FTS5 on title, original title and summary. × static and × Datasette are "
        f"the page's requests/s divided by the reference's. gunicorn's sync workers close "
        f"the connection after each answer; Datasette (uvicorn) keeps it open. Datasette "
        f"leaves out a facet that takes longer than its `facet_time_limit_ms` (default "
        f"200 ms); a request to each page before the load checks that none was left out, "
        f"but under load some may be, which only makes Datasette's pages cheaper.\n\n"
        f"Peak memory is each worker's `VmHWM` after its mode's load. Page weight counts "
        f"the bytes sent for `Accept-Encoding: gzip` for the list page and each stylesheet "
        f"and script it links; where a response comes uncompressed, its gzip -6 size is "
        f"counted instead and the table says so. KB and MB are 1000 and 1000² bytes."
    )


def reproduce_text(settings: Settings) -> str:
    load = settings.load
    this_run = (
        f"BENCH_SECONDS={load.seconds} BENCH_WARMUP_SECONDS={load.warmup_seconds} "
        f"BENCH_CONNECTIONS={load.connections} BENCH_THREADS={load.threads} "
        f"BENCH_WORKERS={settings.workers}"
    )
    return (
        "`make bench` from a fresh clone, with PostgreSQL and Redis on localhost: it "
        "installs wrk from Debian and Datasette into `bench/.venv-datasette`, and builds "
        "the directory in the `partnerships_bench` database unless it is there already. "
        f"This run's load, as environment variables: `{this_run}`. Every option is in "
        "`bench/README.md`; the URLs and their Datasette equivalents are in `bench/pages.py`."
    )


def datasette_paths() -> dict[str, str]:
    return {page.name: page.datasette_path for page in pages.PAGES if page.datasette_path}


def main() -> None:
    # `kill` and make's own interruptions end up in the finally blocks, like Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    settings = Settings.from_environment()
    environment = app_environment(settings)
    run_manage = partial(manage, environment)

    step("Tools")
    ensure_wrk()
    datasette = ensure_datasette()

    step(f"Database {database.database_name(settings.database_url)}")
    database.prepare_directory(
        settings.database_url, settings.twin_towns_csv, run_manage, settings.rebuild
    )
    facts = database.directory_facts(settings.database_url)
    slugs = database.sample_slugs(settings.database_url)
    print(f"  {facts['counts']}")

    step("SQLite copy for Datasette")
    started = time.monotonic()
    exported = database.export_to_sqlite(settings.database_url, SQLITE_PATH)
    print(f"  {exported:,} agreements in {time.monotonic() - started:.1f} s")

    step("Static files")
    run_manage("collectstatic", "--no-input", "--verbosity", "0")

    results = Results(static_path=f"/static/{pages.STATIC_COPY}")
    static_copy = STATIC_ROOT / pages.STATIC_COPY
    try:
        with Servers() as servers:
            copy_list_page(servers, settings, environment)
            for index, mode in enumerate(settings.modes):
                step(f"gunicorn, {mode.title}")
                measure_app(
                    servers,
                    settings,
                    environment,
                    mode,
                    slugs,
                    results,
                    static_copy if index == 0 else None,
                )
            step("Datasette")
            measure_datasette(servers, settings, datasette, results)
    finally:
        static_copy.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # other files there are not ours to remove
            static_copy.parent.rmdir()

    print_summary(results, datasette_paths())
    machine = machine_facts(settings, facts["postgresql"], datasette)
    generated = markdown_report(
        results,
        machine,
        facts["counts"],
        method_text(settings, machine["Datasette"]),
        reproduce_text(settings),
        datasette_paths(),
    )
    write_report(settings.output, generated)
    print(f"\nWrote {settings.output}")


if __name__ == "__main__":
    main()
