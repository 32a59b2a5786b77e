"""The MkDocs adapter: a thin plugin that puts the journal's pages into a Material site.

The only core-adjacent module that imports mkdocs. It loads the journal once per
build, swaps the journal's files for the generated pages, keeps originals out of
the site, copies photo renditions from the cache, and makes the site private.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from collections.abc import Iterable, MutableMapping
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from memorybook.errors import ConfigError, Problem, display_path
from memorybook.html import Markup, escape, sanitise
from memorybook.journal import Journal, folder_links, load_journal
from memorybook.links import Links
from memorybook.photos import PhotoStage, WebPhotos
from memorybook.resources import theme_dir
from memorybook.settings import Settings, read_mkdocs_yml, settings_from_options
from memorybook.site import MARKER, SiteContent, build_site, fill_fragments

log = logging.getLogger("mkdocs.plugins.memorybook")

ROBOTS_META = '<meta name="robots" content="noindex, nofollow">'
CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "worker-src 'self' blob:",
        "frame-src 'self' blob: data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    )
)
"""The browser itself refuses anything from another host: a photo linked from the web in an
entry, raw HTML, or Material's on-demand loaders (mermaid, a polyfill) that fetch from a CDN."""
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
ROBOTS_TXT = "User-agent: *\nDisallow: /\n"
ASSETS = ("assets/memorybook/memorybook.css", "assets/memorybook/memorybook.js")
IFRAME_WORKER = "assets/memorybook/iframe-worker.js"
# Journal files other than its pages that may reach the site: styling a user adds.
_PASSTHROUGH_SUFFIXES = {".css", ".js", ".woff", ".woff2", ".ttf"}
# A gzip header's time is an unsigned 32-bit count of seconds since 1970.
_GZIP_FIRST_DAY = dt.date(1970, 1, 1)
_GZIP_LAST_DAY = dt.date(2106, 2, 6)


class MemorybookConfig(Config):  # type: ignore[no-untyped-call]
    """The plugin's options; settings.py validates them (one set of rules for every command)."""

    journal = c.Optional(c.Type(str))
    people = c.Optional(c.Type(dict))
    together_since = c.Optional(c.Type(object))
    photos = c.Optional(c.Type(dict))
    book = c.Optional(c.Type(dict))
    offline = c.Optional(c.Type(bool))


class MemorybookPlugin(BasePlugin[MemorybookConfig]):  # type: ignore[no-untyped-call]
    """Builds the journal's timeline site inside MkDocs."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.web = WebPhotos()
        self.stage: PhotoStage | None = None
        self.fragments: dict[str, tuple[str, ...]] = {}
        self.kept_pages: frozenset[str] = frozenset()
        self.updated: str | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings = self._load_settings(config)
        config.docs_dir = str(self.settings.journal)
        _refuse_folder_links(self.settings.journal)
        _escape_config(config)
        self._add_theme(config)
        self._make_private(config)
        config.extra_css.extend(ASSETS[:1])
        config.extra_javascript.extend(ASSETS[1:])
        if self.settings.offline:
            self._make_offline(config)
        # Entries are deliberately not in the nav; do not list them all on every build.
        config.validation.nav.omitted_files = logging.DEBUG
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        settings = self._require_settings()
        journal = load_journal(settings)
        _report(journal.problems)
        self.stage = PhotoStage(settings)
        self.web = self.stage.web(journal.photos())
        _report(self.web.problems)
        content = build_site(journal, self.web, Links(config.use_directory_urls))
        _report(content.problems)
        if config.nav is None:
            config.nav = content.nav
        self.fragments = {page.src_uri: page.fragments for page in content.pages}
        self.kept_pages = content.kept_pages
        self.updated = _last_day(journal)
        return self._site_files(files, content, config)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        _escape_meta(page.meta)
        if page.file.src_uri in self.kept_pages:
            page.meta.setdefault("hide", ["navigation"])  # the sections are tabs, as elsewhere
        if self.updated:
            # The sitemap's dates (and its .gz header) then come from the journal, not from the
            # day of the build: the same journal gives the same site.
            page.update_date = self.updated
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # What the journal's Markdown made (raw HTML included) is sanitised; memorybook's own
        # finished HTML goes in after, where its markers are.
        safe = sanitise(html, keep_comment=MARKER)
        return fill_fragments(safe, self.fragments.get(page.file.src_uri, ()))

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return _private_head(output)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        html = template_name.endswith(".html")
        return _private_head(output_content) if html else output_content

    @event_priority(-100)  # after the search plugin wrote its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        _copy_renditions(self.web, site)
        if self.stage is not None:
            self.stage.prune()  # renditions of photos no longer in the journal
        (site / "robots.txt").write_text(ROBOTS_TXT, encoding="utf-8")
        if self._require_settings().offline:
            _inline_search_index(site)

    # -- helpers ------------------------------------------------------------

    def _load_settings(self, config: MkDocsConfig) -> Settings:
        options = {key: value for key, value in self.config.items() if value is not None}
        config_file = Path(config.config_file_path).resolve() if config.config_file_path else None
        base = config_file.parent if config_file else Path.cwd()
        # Only a docs_dir written in mkdocs.yml must agree with `journal` (MkDocs adds a default).
        written = read_mkdocs_yml(config_file) if config_file else {}
        docs_dir = os.path.relpath(config.docs_dir, base) if "docs_dir" in written else None
        try:
            return settings_from_options(
                options, config_file=config_file, docs_dir=docs_dir, site_name=config.site_name
            )
        except ConfigError as exc:
            raise PluginError(exc.message) from None

    def _require_settings(self) -> Settings:
        if self.settings is None:
            raise PluginError("memorybook: on_config did not run")
        return self.settings

    def _add_theme(self, config: MkDocsConfig) -> None:
        """Our overrides go right after the user's custom_dir, so theirs still win."""
        if config.theme.name != "material":
            raise PluginError(
                f"memorybook: the site needs `theme: material`, not {config.theme.name!r}"
            )
        position = 1 if config.theme.custom_dir else 0
        config.theme.dirs.insert(position, str(theme_dir() / "overrides"))
        # Pages hide the side navigation: the few sections are tabs across the top.
        features = list(config.theme.get("features") or [])
        if "navigation.tabs" not in features:
            config.theme["features"] = [*features, "navigation.tabs"]

    def _make_private(self, config: MkDocsConfig) -> None:
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

    def _make_offline(self, config: MkDocsConfig) -> None:
        """What Material's offline plugin does, with its web-worker shim bundled, not from a CDN."""
        config.use_directory_urls = False  # links must name files to work from file://
        polyfills = list(config.extra.get("polyfills") or [])
        config.extra["polyfills"] = [*polyfills, IFRAME_WORKER]

    def _site_files(self, files: Files, content: SiteContent, config: MkDocsConfig) -> Files:
        """The journal's own files replaced by the generated pages: no original ever ships."""
        journal = str(self._require_settings().journal)
        generated = {page.src_uri for page in content.pages}
        kept = [f for f in files if f.src_uri not in generated and _keep(f, journal, content)]
        kept += [File.generated(config, p.src_uri, content=p.markdown) for p in content.pages]
        kept += [File.generated(config, uri, content=text) for uri, text in content.assets.items()]
        return Files(kept)


def _refuse_folder_links(journal: Path) -> None:
    """MkDocs lists the journal following every link, round a loop for ever: refuse links
    to folders inside the journal before it starts (`check` warns about them too)."""
    links = folder_links(journal)
    if links:
        names = ", ".join(display_path(link) for link in links)
        raise PluginError(
            f"memorybook: {names}: a link to a folder inside the journal; MkDocs would read "
            "that folder twice, or for ever if the link leads back up; remove the link"
        )


def _escape_config(config: MkDocsConfig) -> None:
    """`site_name` and `site_description` as HTML: Material writes them into pages unescaped
    (and escapes Markup no further where it does escape), so "Sam & Alex" or a `<` shows as
    written and never becomes markup. memorybook's own settings read them before this."""
    config.site_name = Markup(escape(config.site_name))
    if config.site_description:
        config.site_description = Markup(escape(config.site_description))


def _escape_meta(meta: MutableMapping[str, object]) -> None:
    """A page's front-matter `title` and `description` as HTML, which is how MkDocs and
    Material use them (nav, header, `<title>`, meta description, search index)."""
    for key in ("title", "description"):
        value = meta.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            meta[key] = Markup(escape(value))


def _on_another_host(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


def _last_day(journal: Journal) -> str | None:
    """The newest day the journal tells of, as YYYY-MM-DD, kept within what the sitemap's
    gzip header can hold (1970 to 2106): a journal of 1960s letters or an entry dated 9999
    still builds."""
    days = [entry.until or entry.date for entry in journal.entries]
    if not days:
        return None
    return min(max(max(days), _GZIP_FIRST_DAY), _GZIP_LAST_DAY).isoformat()


def _keep(file: File, journal: str, content: SiteContent) -> bool:
    if file.generated_by or file.abs_src_path is None:
        return True
    if os.path.commonpath([journal, os.path.abspath(file.abs_src_path)]) != journal:
        return True  # a theme's file
    if file.src_uri in content.kept_pages:
        return True
    return Path(file.src_uri).suffix.lower() in _PASSTHROUGH_SUFFIXES


def _private_head(html: str) -> str:
    """Every page, whatever template made it, asks search engines to stay away and forbids the
    browser any request to another host (first in <head>, before anything could load)."""
    if ROBOTS_META in html:
        return html
    return html.replace("<head>", f"<head>\n    {CSP_META}\n    {ROBOTS_META}", 1)


def _report(problems: Iterable[Problem]) -> None:
    """Problems go through MkDocs' logger, so `--strict` counts warnings and errors."""
    for problem in problems:
        (log.error if problem.is_error else log.warning)(problem.format())


def _copy_renditions(web: WebPhotos, site: Path) -> None:
    """Renditions from the cache into the site: hard links where possible, copies otherwise."""
    for url, source in web.files.items():
        target = site / url
        if target.exists() and target.stat().st_size == source.stat().st_size:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)


def _inline_search_index(site: Path) -> None:
    """Search from file:// cannot fetch its index, so it also ships as a script."""
    index = site / "search" / "search_index.json"
    if index.is_file():
        data = index.read_text(encoding="utf-8")
        (site / "search" / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")
