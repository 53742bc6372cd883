"""Shared helpers for the benchmarks in ``bench/``: one timer, one machine record, one plot theme.

Every ``bench/<sample>.py`` script imports this module (it sits next to them, so a script run as
``python bench/<sample>.py`` finds it as ``_common``; ``make bench`` skips files starting with
``_``). It has five parts:

Timing
    :func:`cpu_best`, :func:`wall_best`, :func:`best_times`, :func:`cpu_best_prepared` and
    :func:`cpu_timed`. Every benchmark compares peers side by side in one process; CPU time of
    the process (:func:`time.process_time`) is the default clock, because the machine is shared and
    wall-clock time also counts the moments another process held the core. "Best of N" is the
    smallest time (the least disturbed run). The garbage collector stays on: it is part of what
    real code pays.
Machine record
    :func:`machine_info` describes the machine (CPU model, cores, memory), the interpreter and the
    versions of the packages compared, plus the date, so a results file says where its numbers
    come from.
Results files
    :func:`write_results` writes ``bench/results/<sample>.json`` with the machine record first;
    :func:`read_results` reads one back (an empty dict if it does not exist yet) for scripts that
    re-run only some sections.
Command line
    :func:`arguments`: every script takes ``--help`` and ``--from-results``.
Plots
    One theme for every light/dark SVG pair the docs embed: :data:`LIGHT`, :data:`DARK`,
    :func:`rc_params` and :func:`save_light_dark`. Matplotlib is imported only when a plot is
    drawn, so timing and results need nothing beyond the standard library.

Examples
--------
>>> seconds = cpu_best(lambda: sum(range(1000)), repeat=3, number=10)
>>> seconds > 0
True
>>> info = machine_info(["pzhao-portfolio"])
>>> {"cpu_model", "cores", "python", "versions", "date"} <= set(info)
True
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib.metadata
import json
import math
import os
import platform
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "CPU_CLOCK",
    "DARK",
    "LIGHT",
    "ROOT",
    "THEMES",
    "WALL_CLOCK",
    "SamplePaths",
    "Theme",
    "Times",
    "arguments",
    "best_times",
    "cold_and_warm",
    "cpu_best",
    "cpu_best_prepared",
    "cpu_timed",
    "machine_info",
    "machine_rows",
    "package_mib",
    "pyplot",
    "rc_params",
    "read_results",
    "save_light_dark",
    "wall_best",
    "write_results",
]

T = TypeVar("T")

#: How results files name the two clocks.
CPU_CLOCK = "CPU seconds of the benchmark process (time.process_time)"
WALL_CLOCK = "wall-clock seconds (time.perf_counter)"


# -- Command line ------------------------------------------------------------------------------
def arguments(doc: str | None) -> argparse.ArgumentParser:
    """The command line every benchmark script shares; a script adds its own options to it.

    ``--from-results`` redraws the plots and tables from the committed results file without
    measuring anything, and ``--help`` describes the script (its docstring's first line) and
    measures nothing either.

    Examples
    --------
    >>> arguments("Benchmark something.").parse_args(["--from-results"])
    Namespace(from_results=True)
    """
    parser = argparse.ArgumentParser(
        description=(doc or "").strip().split("\n", 1)[0], allow_abbrev=False
    )
    parser.add_argument(
        "--from-results",
        action="store_true",
        help="only redraw the plots and tables from the committed results file (no measuring)",
    )
    return parser


# -- Timing ------------------------------------------------------------------------------------
#: The repository's root (bench scripts live in ``bench/``).
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class SamplePaths:
    """Where one code sample's benchmark writes: its results file and its docs folder.

    Examples
    --------
    >>> paths = SamplePaths("swell")
    >>> paths.results.relative_to(ROOT).as_posix(), paths.doc("_x.md").relative_to(ROOT).as_posix()
    ('bench/results/swell.json', 'docs/samples/swell/_x.md')
    """

    name: str

    @property
    def results(self) -> Path:
        """``bench/results/<name>.json``."""
        return ROOT / "bench" / "results" / f"{self.name}.json"

    @property
    def img(self) -> Path:
        """``docs/samples/<name>/img``, where the plots go."""
        return self.doc("img")

    def doc(self, filename: str) -> Path:
        """A file in ``docs/samples/<name>/`` (a generated table the pages include)."""
        return ROOT / "docs" / "samples" / self.name / filename


def _check_counts(repeat: int, number: int) -> None:
    if repeat < 1:
        raise ValueError(f"repeat must be at least 1, got {repeat}")
    if number < 1:
        raise ValueError(f"number must be at least 1, got {number}")


class Times(NamedTuple):
    """Best CPU and best wall-clock seconds per call, from the same runs (:func:`best_times`)."""

    cpu: float
    wall: float


def best_times(fn: Callable[[], object], *, repeat: int = 3, number: int = 1) -> Times:
    """Time ``number`` calls of ``fn`` together, ``repeat`` times, on both clocks.

    Returns the best (smallest) CPU seconds and the best wall-clock seconds **per call**; each
    minimum is taken separately over the same ``repeat`` runs.

    Examples
    --------
    >>> t = best_times(lambda: sorted(range(100)), repeat=2, number=5)
    >>> t.cpu >= 0 and t.wall > 0
    True
    """
    _check_counts(repeat, number)
    best_cpu = best_wall = math.inf
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(number):
            fn()
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return Times(best_cpu / number, best_wall / number)


def _best(clock: Callable[[], float], fn: Callable[[], object], repeat: int, number: int) -> float:
    """Best seconds per call of ``fn`` on ``clock``: ``number`` calls a run, best of ``repeat``."""
    _check_counts(repeat, number)
    best = math.inf
    for _ in range(repeat):
        start = clock()
        for _ in range(number):
            fn()
        best = min(best, clock() - start)
    return best / number


def cpu_best(fn: Callable[[], object], *, repeat: int = 3, number: int = 1) -> float:
    """Best CPU seconds per call of ``fn``: ``number`` calls timed together, best of ``repeat``.

    Like :func:`timeit.Timer.repeat` followed by ``min``, but on the process's CPU clock and with
    the garbage collector left on.

    Examples
    --------
    >>> cpu_best(lambda: None, repeat=1, number=1) >= 0
    True
    >>> cpu_best(lambda: None, repeat=0)
    Traceback (most recent call last):
    ...
    ValueError: repeat must be at least 1, got 0
    """
    return _best(time.process_time, fn, repeat, number)


def wall_best(fn: Callable[[], object], *, repeat: int = 3, number: int = 1) -> float:
    """Best wall-clock seconds per call of ``fn`` (as :func:`cpu_best`, on ``perf_counter``).

    Use it only where CPU time would miss work, e.g. time spent waiting on another thread.

    Examples
    --------
    >>> wall_best(lambda: None, repeat=2) > 0
    True
    """
    return _best(time.perf_counter, fn, repeat, number)


def cpu_best_prepared(
    setup: Callable[[], T], run: Callable[[T], object], *, repeat: int = 3
) -> float:
    """Best CPU seconds of ``run(setup())``, where only ``run`` is timed.

    ``setup`` runs before each timed repetition (a fresh, empty filter; fresh key objects) and
    its result is passed to ``run``.

    Examples
    --------
    >>> cpu_best_prepared(lambda: list(range(1000)), lambda xs: xs.sort(), repeat=2) >= 0
    True
    """
    _check_counts(repeat, 1)
    best = math.inf
    for _ in range(repeat):
        prepared = setup()
        start = time.process_time()
        run(prepared)
        best = min(best, time.process_time() - start)
    return best


def cpu_timed(fn: Callable[[], T]) -> tuple[float, T]:
    """CPU seconds of one call of ``fn``, and its result.

    Examples
    --------
    >>> seconds, value = cpu_timed(lambda: 6 * 7)
    >>> value, seconds >= 0
    (42, True)
    """
    start = time.process_time()
    out = fn()
    return time.process_time() - start, out


# -- Machine record ----------------------------------------------------------------------------
def _proc_field(path: str, field: str) -> str | None:
    """The value of the first ``field: value`` line of a /proc file, or None."""
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                key, sep, value = line.partition(":")
                if sep and key.strip() == field:
                    return value.strip()
    except OSError:
        return None
    return None


def _version(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def machine_info(packages: Sequence[str] = ()) -> dict[str, Any]:
    """Describe the machine, the interpreter and the given packages' installed versions.

    Parameters
    ----------
    packages
        Distribution names as pip knows them (``"networkx"``, ``"python-igraph"``,
        ``"pzhao-portfolio"``). A package that is not installed is recorded as ``None``.

    Returns
    -------
    dict
        ``cpu_model`` (from ``/proc/cpuinfo``, else :func:`platform.processor`), ``cores``
        (:func:`os.cpu_count`), ``cores_usable`` (this process's CPU affinity), ``memory_gib``,
        ``machine``, ``os``, ``python``, ``implementation``, ``versions`` and ``date`` (UTC,
        ISO 8601).

    Examples
    --------
    >>> info = machine_info(["surely-not-installed-xyz"])
    >>> info["versions"]
    {'surely-not-installed-xyz': None}
    >>> info["cores"] >= 1
    True
    """
    model = _proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown"
    mem_kib = _proc_field("/proc/meminfo", "MemTotal")
    memory = round(int(mem_kib.split()[0]) / 2**20, 1) if mem_kib else None
    try:
        usable: int | None = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = None
    return {
        "cpu_model": model,
        "cores": os.cpu_count(),
        "cores_usable": usable,
        "memory_gib": memory,
        "machine": platform.machine(),
        "os": platform.system(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "versions": {name: _version(name) for name in packages},
        "date": _dt.datetime.now(_dt.UTC).date().isoformat(),
    }


# -- Results files -----------------------------------------------------------------------------
def write_results(
    path: Path | str,
    results: Mapping[str, Any],
    *,
    packages: Sequence[str] = (),
    machine: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Write ``results`` as JSON to ``path``, with the machine record first under ``"machine"``.

    The record is ``machine`` when given (to keep one record across several writes of a long
    run), else :func:`machine_info` of ``packages``. A ``"machine"`` key in ``results`` is
    replaced. The file is UTF-8, indented by 2, with a final newline; parent folders are created.
    Returns what was written.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "results" / "demo.json"
    >>> written = write_results(out, {"ratio": 1.5}, machine={"cores": 2})
    >>> read_results(out)
    {'machine': {'cores': 2}, 'ratio': 1.5}
    """
    record = dict(machine) if machine is not None else machine_info(packages)
    data: dict[str, Any] = {"machine": record}
    data.update((k, v) for k, v in results.items() if k != "machine")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return data


def machine_rows(machine: dict[str, Any]) -> list[str]:
    """The Markdown table rows that say what a results file was measured with.

    The header, then CPU (with the usable cores when fewer), memory, system, Python and the
    package versions; a script appends its own rows (date, method, load) after these.

    Examples
    --------
    >>> rows = machine_rows(machine_info(["numpy"]))
    >>> rows[:2]
    ['| measured with | |', '| --- | --- |']
    >>> rows[-1].startswith("| packages | numpy ")
    True
    """
    m = machine
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items())
    usable = "" if m.get("cores_usable") in (None, m["cores"]) else f", {m['cores_usable']} usable"
    return [
        "| measured with | |",
        "| --- | --- |",
        f"| CPU | {m['cpu_model']}, {m['cores']} cores{usable} |",
        f"| memory | {m['memory_gib']} GiB |",
        f"| system | {m['os']} ({m['machine']}) |",
        f"| Python | {m['implementation']} {m['python']} |",
        f"| packages | {versions} |",
    ]


def package_mib(module: str) -> float:
    """MiB on disk of an installed package's folder, compiled bytecode included (like ``du``)."""
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise ValueError(f"{module} is not an installed package")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


def cold_and_warm(code: str, *, cwd: Path | None = None) -> tuple[Any, Any]:
    """Run ``python -c code`` twice in fresh processes sharing a new, empty numba cache.

    The first run compiles (cold), the second loads what the first cached (warm). ``code``
    prints one JSON value; the two values are returned.
    """
    import subprocess
    import sys
    import tempfile

    runs = []
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        for _ in range(2):
            proc = subprocess.run(
                [sys.executable, "-c", code],
                capture_output=True,
                text=True,
                check=True,
                env=env,
                cwd=cwd,
            )
            runs.append(json.loads(proc.stdout))
    return runs[0], runs[1]


def read_results(path: Path | str) -> dict[str, Any]:
    """The results file at ``path`` as a dict, or ``{}`` if there is none yet.

    Raises ``ValueError`` naming the file if it exists but is not a JSON object.

    Examples
    --------
    >>> read_results("/nonexistent/results.json")
    {}
    """
    target = Path(path)
    if not target.exists():
        return {}
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{target}: not valid JSON (line {exc.lineno}): {exc.msg}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{target}: expected a JSON object, found {type(data).__name__}")
    return data


# -- Plot theme --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Theme:
    """One colour scheme of a light/dark SVG pair.

    The palette is GitHub Primer's, which reads well on furo's white (light) and ``#131416``
    (dark) page backgrounds; figures are saved with a transparent background, so they sit on
    either. ``series`` is the colour cycle (blue, green, orange, purple); ``accent`` is
    ``series[0]`` (the package being measured); ``muted`` is for peers and baselines; ``target``
    is for floors and targets.
    """

    name: str
    suffix: str
    fg: str
    muted: str
    grid: str
    bg: str
    target: str
    series: tuple[str, ...]

    @property
    def accent(self) -> str:
        """The colour of the measured package: the first series colour."""
        return self.series[0]


# Each role's colour in the light and in the dark theme, side by side.
_PALETTE: dict[str, tuple[Any, Any]] = {
    "fg": ("#1f2328", "#e6edf3"),
    "muted": ("#8c959f", "#7d8590"),
    "grid": ("#d0d7de", "#3d444d"),
    "bg": ("#ffffff", "#131416"),
    "target": ("#cf222e", "#f85149"),
    "series": (
        ("#0969da", "#1a7f37", "#bc4c00", "#8250df"),
        ("#4493f8", "#3fb950", "#db6d28", "#ab7df8"),
    ),
}
LIGHT = Theme(name="light", suffix="", **{role: pair[0] for role, pair in _PALETTE.items()})
DARK = Theme(name="dark", suffix="-dark", **{role: pair[1] for role, pair in _PALETTE.items()})
#: Light first: ``save_light_dark`` writes ``<stem>.svg`` then ``<stem>-dark.svg``.
THEMES = (LIGHT, DARK)


def pyplot() -> Any:
    """``matplotlib.pyplot``, imported on first use with a non-interactive backend."""
    import sys

    import matplotlib

    if "matplotlib.pyplot" not in sys.modules:
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def rc_params(theme: Theme, *, salt: str) -> dict[str, Any]:
    """Matplotlib rc settings for ``theme``; ``salt`` makes SVG ids stable between runs.

    Text stays text in the SVG (``svg.fonttype: none``), so it takes the page's font and is
    searchable; the background is transparent; top and right spines are off.
    """
    from cycler import cycler

    return {
        "svg.hashsalt": salt,
        "svg.fonttype": "none",
        "savefig.transparent": True,
        "figure.facecolor": "none",
        "axes.facecolor": "none",
        "text.color": theme.fg,
        "axes.labelcolor": theme.fg,
        "axes.edgecolor": theme.fg,
        "axes.titlecolor": theme.fg,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": cycler(color=list(theme.series)),
        "xtick.color": theme.fg,
        "ytick.color": theme.fg,
        "grid.color": theme.grid,
        "grid.linewidth": 0.5,
        "legend.frameon": False,
        "legend.labelcolor": theme.fg,
        "legend.facecolor": theme.bg,
        "legend.edgecolor": theme.grid,
    }


def save_light_dark(
    draw: Callable[[Theme], Figure], path_stem: Path | str, *, salt: str | None = None
) -> list[Path]:
    """Draw one figure per theme and save ``<stem>.svg`` (light) and ``<stem>-dark.svg`` (dark).

    Parameters
    ----------
    draw
        Builds and returns the figure for a theme; it runs inside the theme's rc settings, so
        plain matplotlib calls get the theme's colours, and it uses ``theme.accent``,
        ``theme.muted``, ``theme.target`` or ``theme.series`` where it picks colours itself.
    path_stem
        The output path without ``.svg``; folders are created.
    salt
        The SVG hash salt (default: the stem's file name), so re-running writes the same ids.

    Returns
    -------
    list of Path
        The two files written, light first. The SVGs carry no date, so an unchanged figure gives
        an unchanged file.
    """
    plt = pyplot()
    stem = Path(path_stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for theme in THEMES:
        target = stem.with_name(f"{stem.name}{theme.suffix}.svg")
        with plt.rc_context(rc_params(theme, salt=salt or stem.name)):
            fig = draw(theme)
            try:
                fig.savefig(target, format="svg", metadata={"Date": None})
            finally:
                plt.close(fig)
        written.append(target)
    return written
