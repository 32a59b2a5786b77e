"""The folders memorybook writes and empties are its own, and nobody else's.

The photo cache has unused renditions pruned from it and MkDocs empties the site
folder on every build, so a setting that points either at the journal, at the
project folder (where mkdocs.yml lives) or at a folder holding them would lose the
user's files. Like git refusing a path it cannot trust, these checks refuse such
a folder before anything is written, and a non-empty site folder must carry the
marker memorybook leaves in every site folder it builds.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from memorybook.errors import ConfigError, display_path
from memorybook.files import os_error_cause
from memorybook.settings import Settings

SITE_MARKER = ".memorybook-site"
"""Left in every site folder memorybook builds (a dot-file, so MkDocs' cleaning keeps it)."""
SITE_MARKER_TEXT = "This folder is a site built by memorybook; each build empties it.\n"
_LEGACY_SITE = Path("assets/memorybook/memorybook.css")
"""A site built by a memorybook from before the marker: trusted too."""


def check_cache_dir(settings: Settings) -> None:
    """Refuse a `photos.cache_dir` that overlaps the journal or holds the project's files."""
    cache = _real(settings.cache_dir, "photos.cache_dir")
    reason = _overlap(cache, settings)
    if reason:
        value = str(settings.photos.cache_dir)
        raise ConfigError(
            f"memorybook: photos.cache_dir {value!r} {reason}: "
            "memorybook deletes unused renditions from its cache; "
            "choose a folder of its own, such as .cache/memorybook"
        )


def check_site_dir(site_dir: Path, settings: Settings) -> None:
    """Refuse a site folder that overlaps the journal, the project or the cache, or that is
    not empty and was not built by memorybook (MkDocs empties it before every build)."""
    site = _real(site_dir, "site_dir")
    cache = _real(settings.cache_dir, "photos.cache_dir")
    overlap = _overlap(site, settings) or _overlap_cache(site, cache)
    if overlap:
        raise ConfigError(
            f"memorybook: site_dir {_shown(site)!r} {overlap}: MkDocs empties the site folder "
            "before every build; choose a folder of its own, such as site"
        )
    untrusted = _untrusted(site)
    if untrusted:
        raise ConfigError(
            f"memorybook: site_dir {_shown(site)!r} {untrusted}; move its files away or choose "
            "another folder (memorybook build -d DIR)"
        )


def claim_site_dir(site_dir: Path) -> None:
    """Mark the site folder as memorybook's, before MkDocs empties it, so a later build (even
    one interrupted now) trusts it; `check_site_dir` must have passed."""
    site_dir.mkdir(parents=True, exist_ok=True)
    marker = site_dir / SITE_MARKER
    if not marker.is_file():
        marker.write_text(SITE_MARKER_TEXT, encoding="utf-8")
    # MkDocs empties the folder but keeps dot-files, so a temporary file of an atomic write
    # that a killed command left here (a book written into the site) would be published.
    for leftover in site_dir.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _real(path: Path, option: str) -> Path:
    """The path with every symbolic link followed, so that no link hides an overlap."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        raise ConfigError(
            f"memorybook: {option} {_shown(path)!r} is a symbolic link that loops back on "
            "itself; make it a folder"
        ) from None


def _overlap(folder: Path, settings: Settings) -> str | None:
    """Why `folder` (resolved) may not be emptied by memorybook, or None."""
    journal = _real(settings.journal, "journal")
    if folder == journal:
        return "is the journal folder"
    if folder.is_relative_to(journal):
        return f"is inside the journal folder ({_shown(journal)}), which memorybook only reads"
    if journal.is_relative_to(folder):
        return f"contains the journal folder ({_shown(journal)})"
    config = settings.config_file.resolve() if settings.config_file else None
    if (config and config.is_relative_to(folder)) or (folder / "mkdocs.yml").exists():
        return "holds mkdocs.yml (the project's own files)"
    return None


def _overlap_cache(site: Path, cache: Path) -> str | None:
    if site == cache or site.is_relative_to(cache):
        return "is inside photos.cache_dir"
    if cache.is_relative_to(site):
        return "contains photos.cache_dir, which it would empty"
    return None


def _untrusted(site: Path) -> str | None:
    """Why MkDocs may not empty `site`, or None: missing, empty, or built by memorybook."""
    try:
        if not site.exists():
            return None
        if not site.is_dir():
            return "is a file, not a folder"
        if (site / SITE_MARKER).is_file() or (site / _LEGACY_SITE).is_file():
            return None
        # Hidden files survive MkDocs' cleaning: they alone do not make the folder someone's.
        if all(child.name.startswith(".") for child in site.iterdir()):
            return None
    except OSError as exc:
        return f"cannot be read ({os_error_cause(exc)})"
    return (
        f"is not empty and was not built by memorybook (it has no {SITE_MARKER} file), "
        "and MkDocs empties the site folder before every build"
    )


def _shown(path: Path) -> str:
    return display_path(path)
