"""Turn the measurements into the printed table and the generated part of docs/benchmarks.md."""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from measure import Measurement, Transfer
from pages import Page

START_MARKER = "<!-- bench:start -->"
END_MARKER = "<!-- bench:end -->"

LATENCY_P50_MS = 25
LATENCY_P99_MS = 100
CACHED_SHARE_OF_STATIC = 0.5
PAGE_WEIGHT_LIMIT_BYTES = 60_000  # 60 KB, 1 KB = 1000 bytes
WORKER_RSS_LIMIT_MB = 150


@dataclass(frozen=True)
class PageResult:
    page: Page
    mode: str  # "rendered every time" or "page cache on"
    path: str  # the page's path with the slugs filled in
    measurement: Measurement


@dataclass
class Results:
    static_path: str
    static: Measurement | None = None
    pages: list[PageResult] = field(default_factory=list)
    datasette: dict[str, Measurement] = field(default_factory=dict)  # by page name
    worker_peaks_mb: dict[str, list[float]] = field(default_factory=dict)  # by mode
    weight: list[Transfer] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # caveats found while measuring

    def static_ratio(self, result: PageResult) -> float | None:
        if self.static is None or not self.static.requests_per_second:
            return None
        return result.measurement.requests_per_second / self.static.requests_per_second

    def datasette_ratio(self, result: PageResult) -> float | None:
        reference = self.datasette.get(result.page.name)
        if reference is None or not reference.requests_per_second:
            return None
        return result.measurement.requests_per_second / reference.requests_per_second

    def modes(self) -> list[str]:
        return list(dict.fromkeys(result.mode for result in self.pages))

    def in_mode(self, mode: str) -> list[PageResult]:
        return [result for result in self.pages if result.mode == mode]


def ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}×"


def number(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def latency(measurement: Measurement, milliseconds: float) -> str:
    """Return a latency in ms, or a dash when no request finished to give one."""
    return number(milliseconds, 2) if measurement.requests else "–"


def kilobytes(size: int) -> str:
    return f"{size / 1000:.1f} KB"


# Terminal output


def text_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def result_row(results: Results, result: PageResult) -> list[str]:
    measurement = result.measurement
    return [
        result.path,
        result.mode,
        number(measurement.requests_per_second),
        latency(measurement, measurement.p50_ms),
        latency(measurement, measurement.p99_ms),
        ratio(results.static_ratio(result)),
        ratio(results.datasette_ratio(result)),
        f"FAILED: {measurement.problem}" if measurement.problem else "",
    ]


RESULT_HEADER = ["URL", "mode", "req/s", "p50 ms", "p99 ms", "× static", "× Datasette", ""]


def reference_rows(results: Results, datasette_paths: dict[str, str]) -> list[list[str]]:
    references = []
    if results.static is not None:
        references.append(("static file (whitenoise)", results.static_path, results.static))
    for name, measurement in results.datasette.items():
        references.append((f"Datasette: {name}", datasette_paths[name], measurement))
    return [
        [
            label,
            path,
            number(measurement.requests_per_second),
            latency(measurement, measurement.p50_ms),
            latency(measurement, measurement.p99_ms),
            f"FAILED: {measurement.problem}" if measurement.problem else "",
        ]
        for label, path, measurement in references
    ]


REFERENCE_HEADER = ["reference", "URL", "req/s", "p50 ms", "p99 ms", ""]


def print_summary(results: Results, datasette_paths: dict[str, str]) -> None:
    print()
    print(text_table(RESULT_HEADER, [result_row(results, r) for r in results.pages]))
    print()
    # Datasette's URLs are long; docs/benchmarks.md has them in full.
    references = [
        [label, *rest] for label, _path, *rest in reference_rows(results, datasette_paths)
    ]
    print(text_table([REFERENCE_HEADER[0], *REFERENCE_HEADER[2:]], references))
    print()
    for mode, peaks in results.worker_peaks_mb.items():
        per_worker = ", ".join(number(peak) for peak in peaks)
        print(f"Peak RSS per worker, {mode}: max {number(max(peaks))} MB ({per_worker})")
    total = sum(transfer.bytes for transfer in results.weight)
    print(f"List page weight, compressed, with CSS and JS: {kilobytes(total)}")
    print()
    print(
        text_table(
            ["target", "measured", "met"],
            [
                [target.goal, target.measured, "met" if target.met else "NOT MET"]
                for target in evaluate_targets(results)
            ],
        )
    )


# Targets


@dataclass(frozen=True)
class Target:
    goal: str
    measured: str
    met: bool


def failures(results: list[PageResult]) -> str:
    """Say which runs failed, to append to a target's measurement; "" when none did."""
    failed = [r.path for r in results if r.measurement.problem]
    return f"; failed: {', '.join(failed)}" if failed else ""


def worst(results: list[PageResult], value) -> tuple[float, PageResult]:
    result = max(results, key=value)
    return value(result), result


def latency_targets(results: Results, mode: str) -> list[Target]:
    checked = [r for r in results.in_mode(mode) if r.page.latency_target]
    if not checked:
        return []
    failed = failures(checked)
    p50, slowest_p50 = worst(checked, lambda r: r.measurement.p50_ms)
    p99, slowest_p99 = worst(checked, lambda r: r.measurement.p99_ms)
    return [
        Target(
            f"p50 ≤ {LATENCY_P50_MS} ms on list, filter and search pages ({mode})",
            f"worst {number(p50, 2)} ms ({slowest_p50.path}){failed}",
            not failed and p50 <= LATENCY_P50_MS,
        ),
        Target(
            f"p99 ≤ {LATENCY_P99_MS} ms on list, filter and search pages ({mode})",
            f"worst {number(p99, 2)} ms ({slowest_p99.path}){failed}",
            not failed and p99 <= LATENCY_P99_MS,
        ),
    ]


def datasette_target(results: Results, mode: str) -> list[Target]:
    paired = [r for r in results.in_mode(mode) if results.datasette_ratio(r) is not None]
    if not paired:
        return []
    result = min(paired, key=results.datasette_ratio)
    lowest = results.datasette_ratio(result)
    return [
        Target(
            f"throughput ≥ Datasette's on the equivalent page ({mode})",
            f"lowest {ratio(lowest)} ({result.path}){failures(paired)}",
            lowest >= 1 and not failures(paired),
        )
    ]


def cache_target(results: Results, mode: str) -> list[Target]:
    cached = [r for r in results.in_mode(mode) if r.page.cache_target]
    if not cached or results.static is None:
        return []
    result = min(cached, key=results.static_ratio)
    lowest = results.static_ratio(result)
    return [
        Target(
            f"cached pages ≥ {CACHED_SHARE_OF_STATIC:.0%} of the static-file throughput",
            f"lowest {ratio(lowest)} ({result.path}); downloads left out{failures(cached)}",
            lowest >= CACHED_SHARE_OF_STATIC and not failures(cached),
        )
    ]


def evaluate_targets(results: Results, cached_mode: str = "page cache on") -> list[Target]:
    targets = []
    for mode in results.modes():
        targets += latency_targets(results, mode)
        targets += datasette_target(results, mode)
        if mode == cached_mode:
            targets += cache_target(results, mode)
    if results.weight:
        total = sum(transfer.bytes for transfer in results.weight)
        targets.append(
            Target(
                "list page ≤ 60 KB compressed, CSS and JS included",
                kilobytes(total),
                total <= PAGE_WEIGHT_LIMIT_BYTES,
            )
        )
    if results.worker_peaks_mb:
        peak = max(max(peaks) for peaks in results.worker_peaks_mb.values())
        targets.append(
            Target(
                f"peak RSS per gunicorn worker ≤ {WORKER_RSS_LIMIT_MB} MB",
                f"{number(peak)} MB",
                peak <= WORKER_RSS_LIMIT_MB,
            )
        )
    return targets


# docs/benchmarks.md


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    def line(cells):
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    return "\n".join([line(header), line(["---"] * len(header)), *map(line, rows)])


def code(text: str) -> str:
    return f"`{text}`" if text else ""


def markdown_results(results: Results, mode: str) -> str:
    rows = []
    for result in results.in_mode(mode):
        cells = result_row(results, result)
        rows.append([result.page.name, code(cells[0]), *cells[2:]])
    header = ["page", "URL", *RESULT_HEADER[2:-1], "notes"]
    return markdown_table(header, rows)


def markdown_references(results: Results, datasette_paths: dict[str, str]) -> str:
    rows = [
        [label, code(path), *rest]
        for label, path, *rest in reference_rows(results, datasette_paths)
    ]
    return markdown_table([*REFERENCE_HEADER[:-1], "notes"], rows)


def markdown_weight(results: Results) -> str:
    rows = [[code(urlsplit(t.url).path), kilobytes(t.bytes), t.how] for t in results.weight]
    total = sum(t.bytes for t in results.weight)
    rows.append(["**total**", f"**{kilobytes(total)}**", ""])
    return markdown_table(["file", "transferred", "encoding"], rows)


def markdown_memory(results: Results) -> str:
    rows = [
        [mode, number(max(peaks)), ", ".join(number(peak) for peak in peaks)]
        for mode, peaks in results.worker_peaks_mb.items()
    ]
    return markdown_table(["mode", "max MB", "each worker, MB"], rows)


def markdown_targets(results: Results) -> str:
    rows = [
        [target.goal, target.measured, "met" if target.met else "**not met**"]
        for target in evaluate_targets(results)
    ]
    return markdown_table(["target (issue #8)", "measured", "met?"], rows)


def markdown_report(
    results: Results,
    machine: dict[str, str],
    data: dict[str, int],
    method: str,
    reproduce: str,
    datasette_paths: dict[str, str],
) -> str:
    sections = [
        f"_Generated by `make bench` on {machine['Date (UTC)']}. Everything between the "
        "bench markers is replaced by the next run; write commentary outside them._",
        "## Machine",
        markdown_table(["", ""], [[key, value] for key, value in machine.items()]),
        "## Data",
        markdown_table(["records", "rows"], [[key, f"{value:,}"] for key, value in data.items()]),
        "## Method",
        method,
    ]
    for mode in results.modes():
        sections += [f"## Results: {mode}", markdown_results(results, mode)]
    sections += [
        "## References",
        markdown_references(results, datasette_paths),
        *results.notes,
        "## Page weight of `/agreements/`",
        markdown_weight(results),
        "## Peak memory per gunicorn worker (VmHWM)",
        markdown_memory(results),
        "## Targets",
        markdown_targets(results),
        "## Reproduce",
        reproduce,
    ]
    return "\n\n".join(sections)


def write_report(
    path: Path, generated: str, markers: tuple[str, str] = (START_MARKER, END_MARKER)
) -> None:
    """Replace the generated part of ``path``, keeping everything outside the markers."""
    start_marker, end_marker = markers
    block = f"{start_marker}\n{generated}\n{end_marker}"
    if path.is_file():
        text = path.read_text()
        start, end = text.find(start_marker), text.find(end_marker)
        if start != -1 and end > start:
            path.write_text(text[:start] + block + text[end + len(end_marker) :])
            return
        path.write_text(text.rstrip() + "\n\n" + block + "\n")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# Benchmarks\n\n{block}\n")
