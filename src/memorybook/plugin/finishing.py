"""The end of a build: the photo renditions copied in from the cache, robots.txt, the search
index as a script for the offline site, and a locked site's keys and encryption."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

from memorybook.errors import ConfigError
from memorybook.photos import WebPhotos
from memorybook.plugin.reporting import log
from memorybook.settings import Settings

if TYPE_CHECKING:
    from memorybook.lock.site import OpenedKeys

ROBOTS_TXT = "User-agent: *\nDisallow: /\n"


def copy_renditions(web: WebPhotos, site: Path) -> None:
    """Renditions from the cache into the site: hard links where possible, copies otherwise
    (never through a temporary file, which a killed build would leave in the site)."""
    for url, source in web.files.items():
        target = site / url
        if target.exists() and target.stat().st_size == source.stat().st_size:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        try:
            os.link(source, target)
        except FileExistsError:
            continue  # made meanwhile from the same cached file
        except OSError:
            with contextlib.suppress(shutil.SameFileError):
                shutil.copyfile(source, target)


def inline_search_index(site: Path) -> None:
    """Search from file:// cannot fetch its index, so it also ships as a script."""
    index = site / "search" / "search_index.json"
    if index.is_file():
        data = index.read_text(encoding="utf-8")
        (site / "search" / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")


def open_site_keys(settings: Settings) -> OpenedKeys:
    """A locked site's keys, before any page is written: a missing or wrong passphrase
    stops the build while the site folder is still empty."""
    from memorybook.lock.site import open_keys

    try:
        return open_keys(settings)
    except ConfigError as exc:
        raise PluginError(exc.message) from None


def lock_site(
    settings: Settings,
    site: Path,
    target: Path,
    theme_roots: list[Path],
    keys: OpenedKeys | None,
) -> None:
    """Last: encrypt every file that carries the journal (memorybook.lock does it all)."""
    from memorybook.lock.site import lock_site as encrypt_site

    if keys is None:
        raise PluginError("memorybook: the locked site's keys were not opened")
    result = encrypt_site(settings, site, target, theme_roots, keys)
    log.info(
        f"memorybook: site locked ({result.encrypted} files encrypted, {result.reused} unchanged)"
    )
