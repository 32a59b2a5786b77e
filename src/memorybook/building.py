"""`memorybook build` and `serve`: MkDocs run as a library, quietly, with the journal's problems.

With plugin.py, the only module that imports mkdocs. MkDocs' own chatter stays
out of the terminal; the journal's problems print exactly as `memorybook check`
prints them, and other MkDocs warnings are prefixed so they stand out.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from memorybook import safety
from memorybook.errors import ConfigError, MemorybookError, display_path
from memorybook.settings import load_settings, missing_config

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

# Material prints an end-of-life banner when run as `mkdocs`; never under memorybook.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

DEFAULT_ADDRESS = "127.0.0.1:8000"
_PLUGIN_LOGGER = "mkdocs.plugins.memorybook"


@dataclass(frozen=True)
class BuildResult:
    """What a finished build tells the person who ran it."""

    site_dir: Path
    seconds: float
    warnings: int
    """Warnings and errors logged on the way (journal problems included)."""


class _Terminal(logging.Handler):
    """Prints journal problems as `check` does and other MkDocs warnings with a prefix."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        message = record.getMessage()
        if record.name != _PLUGIN_LOGGER:
            message = f"mkdocs: {record.levelname.lower()}: {message}"
        sys.stderr.write(message + "\n")


@contextmanager
def _quiet_mkdocs() -> Iterator[_Terminal]:
    """Route the `mkdocs` loggers to our handler for the duration of one command."""
    logger = logging.getLogger("mkdocs")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    handler = _Terminal()
    logger.handlers = [handler]
    logger.setLevel(logging.INFO)  # INFO reaches MkDocs' strict counter only at WARNING+
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.handlers, logger.level, logger.propagate = saved


def _load(config_file: Path, **overrides: Any) -> MkDocsConfig:
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    if not config_file.is_file():
        raise missing_config(config_file)
    try:
        return load_config(str(config_file), **overrides)
    except MkDocsException as exc:  # the details were printed as they were found
        raise ConfigError(f"{config_file}: {exc}") from None


def _check_folders(config_file: Path, site_dir: Path | None) -> None:
    """Refuse, before MkDocs empties anything, a cache or site folder that is not memorybook's
    own (the plugin checks again for plain `mkdocs build`, but its errors would exit 1)."""
    settings = load_settings(config_file)
    safety.check_cache_dir(settings)
    if site_dir is not None:
        safety.check_site_dir(site_dir, settings)


def build(
    config_file: Path, *, site_dir: Path | None = None, strict: bool = False, lock: bool = False
) -> BuildResult:
    """Build the site; in strict mode any warning (a journal problem too) fails the build.
    With `lock`, as with the plugin's `lock: true`, the site is encrypted (memorybook.lock)."""
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.exceptions import MkDocsException

    overrides: dict[str, Any] = {"strict": strict}
    if site_dir is not None:
        overrides["site_dir"] = str(site_dir.resolve())
    started = time.perf_counter()
    with _quiet_mkdocs() as terminal:
        config = _load(config_file, **overrides)
        _check_folders(config_file, Path(config.site_dir))
        _open_lock(config_file, config, asked=lock)
        try:
            mkdocs_build.build(config)
        except MkDocsException as exc:
            raise MemorybookError(f"build failed: {exc}") from None
    site = Path(config.site_dir)
    return BuildResult(site, time.perf_counter() - started, terminal.count)


def _open_lock(config_file: Path, config: MkDocsConfig, *, asked: bool) -> None:
    """For a locked site (`--lock`, or `lock:` in mkdocs.yml), open its key before MkDocs runs,
    so a missing, weak or wrong passphrase is a clean error and the site folder is untouched."""
    plugin = config.plugins.get("memorybook")
    settings = load_settings(config_file)
    if plugin is None or not (asked or settings.lock.enabled):
        if asked:
            raise ConfigError(f"{display_path(config_file)}: --lock needs the memorybook plugin")
        return
    if settings.offline:
        raise ConfigError(
            "memorybook: --lock and offline: true cannot go together: a locked site opens only "
            "from a web address (its service worker cannot run from file://)"
        )
    from memorybook.lock.site import open_keys

    if not plugin.config.get("lock"):
        plugin.config["lock"] = True
    plugin.site_keys = open_keys(replace(settings, lock=replace(settings.lock, enabled=True)))


def serve(config_file: Path, *, address: str = DEFAULT_ADDRESS) -> None:
    """Preview the site on this computer only (127.0.0.1 by default), rebuilding on save."""
    from mkdocs.commands import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    if not config_file.is_file():
        raise missing_config(config_file)
    _check_folders(config_file, None)  # serve builds into a fresh temporary folder
    with _quiet_mkdocs():
        try:
            mkdocs_serve.serve(config_file=str(config_file), dev_addr=address, livereload=True)
        except MkDocsException as exc:
            raise MemorybookError(f"serve failed: {exc}") from None
