"""Load test: 60 s at concurrency 50 over the main URLs; no 5xx, no connection errors.

`make load-test` runs it. It uses the benchmark's database (built by bench/run.py's
steps when missing) and serves it with gunicorn in the production set-up (page cache
on, Redis, flushed first so the test starts cold). wrk cycles through every URL of
bench/pages.py on each connection. The server's own request log counts the answers by
status, so a 5xx is seen even where wrk only says "non-2xx". The result replaces the
part of docs/benchmarks.md between <!-- load:start --> and <!-- load:end -->, and the
script exits non-zero when anything failed.

Environment variables besides bench/run.py's database, port and cache settings:
  LOAD_SECONDS      duration (60)
  LOAD_CONNECTIONS  concurrency (50)
"""

import datetime
import json
import signal
import subprocess
import sys
import time
from collections import Counter
from functools import partial

import database
import pages
from measure import WRK_TIMEOUT, parse_wrk
from report import markdown_table, write_report
from run import (
    MODES,
    VAR_DIR,
    Servers,
    Settings,
    app_environment,
    commit,
    cpu_model,
    ensure_wrk,
    env_int,
    flush_cache,
    manage,
    memory_gb,
    start_gunicorn,
    step,
)

MARKERS = ("<!-- load:start -->", "<!-- load:end -->")
PRODUCTION_MODE = MODES["cached"]


def rotation_script(paths: list[str]) -> str:
    """wrk Lua: each request takes the next URL of the list, round and round."""
    quoted = ", ".join(json.dumps(path) for path in paths)
    return (
        f"local paths = {{{quoted}}}\n"
        "local next_path = 0\n"
        "request = function()\n"
        "  next_path = next_path % #paths + 1\n"
        '  return wrk.format("GET", paths[next_path])\n'
        "end\n"
    )


def statuses_in_log(log_text: str) -> Counter:
    """Count the app's request log lines by status (one JSON object per request)."""
    statuses = Counter()
    for line in log_text.splitlines():
        if not line.startswith("{"):
            continue
        entry = json.loads(line)
        if entry.get("logger") == "partnerships.requests":
            statuses[entry["status"]] += 1
    return statuses


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    settings = Settings.from_environment()
    seconds = env_int("LOAD_SECONDS", 60)
    connections = env_int("LOAD_CONNECTIONS", 50)
    environment = app_environment(settings)
    run_manage = partial(manage, environment)

    step("Tools")
    ensure_wrk()
    step(f"Database {database.database_name(settings.database_url)}")
    database.prepare_directory(
        settings.database_url, settings.twin_towns_csv, run_manage, settings.rebuild
    )
    slugs = database.sample_slugs(settings.database_url)
    paths = [page.path.format(**slugs) for page in pages.PAGES]
    run_manage("collectstatic", "--no-input", "--verbosity", "0")
    flush_cache(settings.cache_url)

    VAR_DIR.mkdir(exist_ok=True)
    script = VAR_DIR / "rotate.lua"
    script.write_text(rotation_script(paths))
    log_name = f"gunicorn-{PRODUCTION_MODE.title.replace(' ', '-')}.log"
    step(f"{seconds} s at concurrency {connections} over {len(paths)} URLs")
    with Servers() as servers:
        start_gunicorn(servers, settings, environment, PRODUCTION_MODE, settings.workers)
        started = time.monotonic()
        wrk = subprocess.run(
            [
                "wrk",
                f"-t{settings.load.threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                WRK_TIMEOUT,
                "--latency",
                "-s",
                str(script),
                f"http://127.0.0.1:{settings.app_port}",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        elapsed = time.monotonic() - started
    print(wrk.stdout)
    result = parse_wrk(wrk.stdout)
    statuses = statuses_in_log((VAR_DIR / log_name).read_text())
    server_errors = sum(count for status, count in statuses.items() if status >= 500)
    passed = not (server_errors or result.socket_errors or result.bad_responses)

    verdict = "passed" if passed else "FAILED"
    rows = [
        ["requests answered", f"{result.requests:,}"],
        ["requests/s", f"{result.requests_per_second:,.1f}"],
        ["p50 / p99 latency", f"{result.p50_ms:,.1f} ms / {result.p99_ms:,.1f} ms"],
        [
            "answers by status (server log)",
            ", ".join(f"{s}: {n:,}" for s, n in sorted(statuses.items())),
        ],
        ["5xx answers", f"{server_errors:,}"],
        ["connection errors (wrk: connect, read, write, timeout)", f"{result.socket_errors:,}"],
        ["non-2xx/3xx answers (wrk)", f"{result.bad_responses:,}"],
    ]
    generated = "\n".join(
        [
            f"## Load test: {seconds} s at concurrency {connections} ({verdict})",
            "",
            f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, commit {commit()}, "
            f"{cpu_model()}, {memory_gb()}; gunicorn with {settings.workers} sync workers "
            "in the production set-up (page cache on, Redis flushed first) on the benchmark's "
            f"PostgreSQL directory. wrk ({settings.load.threads} threads, {connections} "
            f"connections, {elapsed:.0f} s) cycles each connection through these URLs: "
            + ", ".join(f"`{path}`" for path in paths)
            + ". Reproduce with `make load-test` (`bench/load.py`).",
            "",
            markdown_table(["", "result"], rows),
        ]
    )
    write_report(settings.output, generated, MARKERS)
    print(generated)
    print(f"\nWrote {settings.output}")
    if not passed:
        sys.exit(1)


if __name__ == "__main__":
    main()
