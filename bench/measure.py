"""What the benchmark measures: wrk runs, single requests, page weight, worker memory."""

import gzip
import http.client
import re
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

# wrk's default 2 s timeout would drop slow answers from the latency figures.
WRK_TIMEOUT = "30s"
MILLISECONDS_PER_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True)
class Measurement:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad_responses: int  # wrk's "Non-2xx or 3xx responses"
    socket_errors: int  # connect, read, write and timeout errors together

    @property
    def problem(self) -> str:
        """Say why this run cannot be trusted, or return "" when it can."""
        problems = []
        if self.bad_responses:
            problems.append(f"{self.bad_responses} non-2xx/3xx responses")
        if self.socket_errors:
            problems.append(f"{self.socket_errors} socket errors")
        if not self.requests:
            problems.append("no request completed within the run")
        return ", ".join(problems)


def milliseconds(value: str, unit: str) -> float:
    return float(value) * MILLISECONDS_PER_UNIT[unit]


def parse_wrk(output: str) -> Measurement:
    """Read the numbers the report needs from `wrk --latency` output."""

    def search(pattern: str) -> re.Match:
        match = re.search(pattern, output, re.MULTILINE)
        if match is None:
            raise ValueError(f"wrk output has no line matching {pattern!r}:\n{output}")
        return match

    def latency(percentile: int) -> float:
        return milliseconds(*search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$").groups())

    bad = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return Measurement(
        requests_per_second=float(search(r"^Requests/sec:\s+([\d.]+)").group(1)),
        p50_ms=latency(50),
        p99_ms=latency(99),
        requests=int(search(r"^\s*(\d+) requests in").group(1)),
        bad_responses=int(bad.group(1)) if bad else 0,
        socket_errors=sum(map(int, errors.groups())) if errors else 0,
    )


@dataclass(frozen=True)
class Load:
    """How hard wrk pushes: fixed concurrency, as the issue's targets are stated at c=8."""

    seconds: int
    warmup_seconds: int
    connections: int
    threads: int

    def command(self, url: str) -> list[str]:
        return [
            "wrk",
            f"-t{self.threads}",
            f"-c{self.connections}",
            f"-d{self.seconds}s",
            "--timeout",
            WRK_TIMEOUT,
            "--latency",
            url,
        ]

    def warm_up(self, url: str) -> None:
        """Load ``url`` from as many clients as wrk will, each waiting for its last answer.

        wrk walks away from the requests in flight when it stops, and the server still
        serves them; warming up with wrk would start the measurement on busy workers.
        """
        deadline = time.monotonic() + self.warmup_seconds

        def client():
            while time.monotonic() < deadline:
                get(url)

        with ThreadPoolExecutor(self.connections) as clients:
            for finished in [clients.submit(client) for _ in range(self.connections)]:
                finished.result()

    def measure(self, url: str) -> Measurement:
        """Warm the server up on ``url`` (caches, connections), then measure with wrk."""
        if self.warmup_seconds:
            self.warm_up(url)
        finished = subprocess.run(self.command(url), capture_output=True, text=True, check=True)
        return parse_wrk(finished.stdout)


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes  # as sent: still compressed when Content-Encoding says so


def get(url: str, headers: dict[str, str] | None = None, timeout: float = 60) -> Response:
    """GET ``url`` once without following redirects: a redirect is a wrong URL here."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path or "/", headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        connection.close()


def failed_urls(urls: list[str]) -> list[str]:
    """Request each URL once; return a line for each that does not answer 200."""
    failures = []
    for url in urls:
        try:
            status = get(url).status
        except OSError as error:
            failures.append(f"{url}: {error}")
            continue
        if status != 200:
            failures.append(f"{url}: HTTP {status}")
    return failures


class AssetLinks(HTMLParser):
    """Collect the stylesheets and scripts a page makes the browser download."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").lower().split():
            self.urls.append(attributes.get("href") or "")
        elif tag == "script" and attributes.get("src"):
            self.urls.append(attributes["src"])


@dataclass(frozen=True)
class Transfer:
    url: str
    bytes: int
    how: str  # "gzip", or how an uncompressed answer was counted


def fetch_compressed(url: str) -> tuple[Transfer, bytes]:
    """Fetch ``url`` as a browser asking for gzip would; count the bytes on the wire."""
    response = get(url, headers={"Accept-Encoding": "gzip"})
    if response.status != 200:
        raise SystemExit(f"{url} answered HTTP {response.status}, not 200.")
    encoding = response.headers.get("content-encoding", "")
    if encoding == "gzip":
        return Transfer(url, len(response.body), encoding), gzip.decompress(response.body)
    if encoding:
        raise SystemExit(f"{url} answered in {encoding!r} although only gzip was accepted.")
    # Sent uncompressed: count what a gzip-ing front server (level 6) would send.
    size = len(gzip.compress(response.body, compresslevel=6))
    return Transfer(url, size, "sent uncompressed; gzip -6 size"), response.body


def page_weight(page_url: str) -> list[Transfer]:
    """Return the compressed size of a page and of each stylesheet and script it links."""
    page, html = fetch_compressed(page_url)
    links = AssetLinks()
    links.feed(html.decode("utf-8", errors="replace"))
    assets = dict.fromkeys(urljoin(page_url, href) for href in links.urls if href)
    return [page, *(fetch_compressed(url)[0] for url in assets)]


def worker_pids(master_pid: int) -> list[int]:
    """Return the gunicorn master's children: its workers."""
    pids = []
    for children in Path(f"/proc/{master_pid}/task").glob("*/children"):
        pids.extend(int(pid) for pid in children.read_text().split())
    return sorted(pids)


def peak_rss_mb(pid: int) -> float:
    """Return the process's peak resident memory (VmHWM) in MB (10^6 bytes)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            kibibytes = int(line.split()[1])
            return kibibytes * 1024 / 1_000_000
    raise ValueError(f"/proc/{pid}/status has no VmHWM line.")
