"""Reading mkdocs.yml for the plugin: memorybook's settings from its options, what it refuses
(another theme, a theme folder overlapping the journal, links to folders), and the changes it
makes (its theme overrides, no request to another host, the offline variant)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from memorybook.errors import ConfigError, display_path
from memorybook.html import Markup, escape
from memorybook.journal import folder_links
from memorybook.mkdocs_yml import read_mkdocs_yml
from memorybook.plugin.reporting import log
from memorybook.resources import theme_dir
from memorybook.settings import Settings, settings_from_options

OWN_ASSETS = "assets/memorybook/"
"""memorybook's own folder in the site: its style, script and generated data."""
ASSETS = (f"{OWN_ASSETS}memorybook.css", f"{OWN_ASSETS}memorybook.js")
IFRAME_WORKER = f"{OWN_ASSETS}iframe-worker.js"


def refuse_config(config: MkDocsConfig, settings: Settings) -> None:
    """What the plugin refuses in mkdocs.yml, as a PluginError; `check` refuses the same.
    (Links to folders in the journal, which it refuses too, `check` reports at each link.)"""
    if config.theme.name != "material":
        raise PluginError(
            f"memorybook: the site needs `theme: material`, not {config.theme.name!r}"
        )
    custom = config.theme.custom_dir
    if custom and _overlap(Path(custom).resolve(), settings.journal):
        raise PluginError(
            f"memorybook: theme.custom_dir {display_path(Path(custom))} and the journal "
            f"{display_path(settings.journal)} overlap: the journal's files would be the "
            "theme's templates and code; keep your theme folder beside mkdocs.yml "
            "(for example overrides/), outside the journal"
        )


def _overlap(one: Path, other: Path) -> bool:
    return one.is_relative_to(other) or other.is_relative_to(one)


def refuse_folder_links(journal: Path) -> None:
    """MkDocs lists the journal following every link, round a loop for ever: refuse links
    to folders inside the journal before it starts (`check` warns about them too)."""
    links = folder_links(journal)
    if links:
        names = ", ".join(display_path(link) for link in links)
        raise PluginError(
            f"memorybook: {names}: a link to a folder inside the journal; MkDocs would read "
            "that folder twice, or for ever if the link leads back up; remove the link"
        )


def escape_config(config: MkDocsConfig) -> None:
    """`site_name` and `site_description` as HTML: Material writes them into pages unescaped
    (and escapes Markup no further where it does escape), so "Sam & Alex" or a `<` shows as
    written and never becomes markup. memorybook's own settings read them before this."""
    config.site_name = Markup(escape(config.site_name))
    if config.site_description:
        config.site_description = Markup(escape(config.site_description))


def _on_another_host(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


def load_settings(plugin_options: dict[str, Any], config: MkDocsConfig) -> Settings:
    """memorybook's settings from the plugin's options, checked by settings.py."""
    options = {key: value for key, value in plugin_options.items() if value is not None}
    config_file = Path(config.config_file_path).resolve() if config.config_file_path else None
    base = config_file.parent if config_file else Path.cwd()
    # Only a docs_dir written in mkdocs.yml must agree with `journal` (MkDocs adds a default).
    written = read_mkdocs_yml(config_file) if config_file else {}
    docs_dir = os.path.relpath(config.docs_dir, base) if "docs_dir" in written else None
    try:
        return settings_from_options(
            options,
            config_file=config_file,
            docs_dir=docs_dir,
            site_name=config.site_name,
            site=written,
        )
    except ConfigError as exc:
        raise PluginError(exc.message) from None


def add_theme(config: MkDocsConfig) -> None:
    """Our overrides go right after the user's custom_dir, so theirs still win."""
    position = 1 if config.theme.custom_dir else 0
    config.theme.dirs.insert(position, str(theme_dir() / "overrides"))
    # Pages hide the side navigation: the few sections are tabs across the top.
    features = list(config.theme.get("features") or [])
    if "navigation.tabs" not in features:
        config.theme["features"] = [*features, "navigation.tabs"]


def make_private(config: MkDocsConfig) -> None:
    """No request to anyone else: no web fonts, no repository API, no analytics."""
    if config.theme.get("font") is not False:
        log.info("memorybook: theme.font set to false (web fonts come from Google)")
        config.theme["font"] = False
    if config.repo_url:
        log.info("memorybook: repo_url ignored (Material would ask GitHub for its stars)")
        config.repo_url = None
    config.extra.setdefault("generator", False)  # no "Made with" link to the web
    if config.extra.get("analytics"):
        log.info("memorybook: extra.analytics ignored (the site is private)")
        del config.extra["analytics"]
    for option in ("extra_css", "extra_javascript"):
        items = getattr(config, option)
        for item in [item for item in items if _on_another_host(str(item))]:
            log.warning(
                f"memorybook: {option} {item} left out: it is on another host, and the site "
                "asks nobody else for anything; copy the file into the journal folder and "
                "name it from there"
            )
            items.remove(item)


def make_offline(config: MkDocsConfig) -> None:
    """What Material's offline plugin does, with its web-worker shim bundled, not from a CDN."""
    config.use_directory_urls = False  # links must name files to work from file://
    polyfills = list(config.extra.get("polyfills") or [])
    config.extra["polyfills"] = [*polyfills, IFRAME_WORKER]
