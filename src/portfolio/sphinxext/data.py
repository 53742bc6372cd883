"""The résumé data for the build: config values, the cache, validation, dependency noting.

``resume_data`` names the data file (relative to the source folder); ``resume_public_contact``
and ``resume_paper`` choose what the pages and exports publish. The data is loaded and validated
once, before any page is read (``builder-inited``): bad data stops the build with every error as
``file:line:col``. The private overlay beside it is checked too, and never rendered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError, SphinxError
from sphinx.util import logging

from portfolio.resume import CONTACT_FIELDS, DEFAULT_PUBLIC, PAPERS, Resume, ResumeValidationError
from portfolio.resume.loader import overlay_path

__all__ = [
    "ResumeDataError",
    "check_overlay",
    "data_path",
    "load_resume",
    "resume_for",
    "setup_data",
]

logger = logging.getLogger(__name__)

# One entry per data file: (mtime_ns, size, the loaded data or its errors). Per process: each
# parallel reader fills its own.
_CACHE: dict[Path, tuple[int, int, Resume | ResumeValidationError]] = {}


class ResumeDataError(SphinxError):
    """The résumé data is invalid; ``errors`` holds every ``file:line:col`` message."""

    category = "Résumé data error"

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


def data_path(app_or_env: Sphinx | BuildEnvironment) -> Path:
    """The data file named by ``resume_data``, relative to the source directory."""
    name: str = app_or_env.config.resume_data
    return Path(app_or_env.srcdir) / name


def load_resume(path: Path) -> Resume:
    """Load ``path`` once per process and content (mtime + size keyed cache).

    Raises :class:`ResumeDataError` (with every message) when the data is invalid.
    """
    stat = path.stat()
    cached = _CACHE.get(path)
    if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size):
        result = cached[2]
    else:
        try:
            result = Resume.load(path)
        except ResumeValidationError as exc:
            result = exc
        _CACHE[path] = (stat.st_mtime_ns, stat.st_size, result)
    if isinstance(result, ResumeValidationError):
        raise ResumeDataError([str(e) for e in result.errors])
    return result


def resume_for(env: BuildEnvironment) -> Resume:
    """The data, for the page being read: that page now depends on the data file."""
    path = data_path(env)
    env.note_dependency(str(path))
    return load_resume(path)


def on_config_inited(app: Sphinx, config: Config) -> None:
    """Validate the ``resume_*`` values once, with messages naming the value."""
    public = config.resume_public_contact
    if not isinstance(public, list | tuple) or not set(public) <= set(CONTACT_FIELDS):
        raise ConfigError(
            f"resume_public_contact must be a list drawn from {list(CONTACT_FIELDS)}, "
            f"got {public!r}"
        )
    if isinstance(config.resume_paper, str):
        config.resume_paper = config.resume_paper.lower()  # "A4" and "Letter" work too
    if config.resume_paper not in PAPERS:
        raise ConfigError(
            f"resume_paper must be one of {list(PAPERS)}, got {config.resume_paper!r}"
        )
    if not isinstance(config.resume_data, str) or not config.resume_data:
        raise ConfigError(
            f"resume_data must be a path relative to the source dir, got {config.resume_data!r}"
        )


def on_builder_inited(app: Sphinx) -> None:
    """Load and validate the data before any page is read: bad data stops the build."""
    path = data_path(app)
    if not path.is_file():
        raise ConfigError(f"resume_data: {path} is not a file")
    try:
        load_resume(path)
    except ResumeDataError as exc:
        for line in exc.errors:
            logger.error("%s", line, type="resume", subtype="data")
        logger.error(
            "%s is invalid (%d error%s): the pages render no résumé data, no export is written",
            path.name,
            len(exc.errors),
            "" if len(exc.errors) == 1 else "s",
            type="resume",
            subtype="data",
        )
        app.statuscode = 1
    check_overlay(path)


def check_overlay(path: Path) -> None:
    """Validate the private overlay beside the data, if the owner has one; never render it.

    The overlay (``resume.local.yaml``, git-ignored) feeds only the private PDF that
    ``make pdf-private`` writes. The site and its exports are built from the public data alone,
    so nothing in the overlay can be published; the build still checks it, so a typo there is
    reported with the overlay's file, line and field.
    """
    overlay = overlay_path(path)
    if not overlay.is_file():
        return
    try:
        Resume.load(path, overlay=overlay)
    except ResumeValidationError as exc:
        for error in exc.errors:
            logger.warning("%s", error, type="resume", subtype="overlay")


def setup_data(app: Sphinx) -> dict[str, Any]:
    """Register the ``resume_*`` config values and the hooks that validate them and the data."""
    app.add_config_value("resume_data", "resume.yaml", "env", types=frozenset({str}))
    app.add_config_value(
        "resume_public_contact", list(DEFAULT_PUBLIC), "env", types=frozenset({list, tuple})
    )
    app.add_config_value("resume_paper", "letter", "env", types=frozenset({str}))
    app.connect("config-inited", on_config_inited)
    app.connect("builder-inited", on_builder_inited)
    # The cache is per process and read-only once filled; the hooks run in the main process.
    return {"parallel_read_safe": True, "parallel_write_safe": True}
