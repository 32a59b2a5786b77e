"""The MkDocs adapter: a thin plugin that puts the journal's pages into a Material site.

With building.py, the only code that imports mkdocs. It loads the journal once per build,
swaps the journal's files for the generated pages, keeps originals out of the site, copies
photo renditions from the cache, and makes the site private. The plugin class has one method
per MkDocs event; the work is in the modules beside it, by verb:

- `configuring`: settings from mkdocs.yml, what is refused, theme and privacy changes;
- `site_files`: the files MkDocs builds (generated pages in, journal originals out);
- `pages`: each page's front-matter escaped, its private `<head>`, the sitemap's dates;
- `previewing`: what `memorybook serve` keeps between builds to render only what changed;
- `finishing`: renditions, robots.txt, the offline search index, locking the site;
- `reporting`: problems through MkDocs' logger.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from memorybook import safety
from memorybook.errors import ConfigError
from memorybook.files import BuildLock, lock_cache
from memorybook.hosts import Listening, guard
from memorybook.html import sanitise
from memorybook.journal import left_out, load_journal
from memorybook.kept_preview import is_preview_folder
from memorybook.links import Links
from memorybook.photos import PhotoStage, WebPhotos
from memorybook.plugin import configuring, finishing, pages, previewing
from memorybook.plugin.configuring import ASSETS, refuse_config
from memorybook.plugin.previewing import PreviewMemory, Sources
from memorybook.plugin.reporting import report
from memorybook.plugin.site_files import site_files
from memorybook.settings import Settings
from memorybook.site import MARKER, build_site, fill_fragments
from memorybook.words import today

if TYPE_CHECKING:
    from memorybook.lock.site import OpenedKeys

__all__ = ["MemorybookConfig", "MemorybookPlugin", "PreviewMemory", "refuse_config"]


class MemorybookConfig(Config):  # type: ignore[no-untyped-call]
    """The plugin's options; settings.py validates them (one set of rules for every command)."""

    journal = c.Optional(c.Type(str))
    people = c.Optional(c.Type(dict))
    together_since = c.Optional(c.Type(object))
    photos = c.Optional(c.Type(dict))
    book = c.Optional(c.Type(dict))
    offline = c.Optional(c.Type(bool))
    lock = c.Optional(c.Type(object))
    on_this_day = c.Optional(c.Type(object))
    reveal = c.Optional(c.Type(object))
    check_in = c.Optional(c.Type(object))


class MemorybookPlugin(BasePlugin[MemorybookConfig]):  # type: ignore[no-untyped-call]
    """Builds the journal's timeline site inside MkDocs."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.web = WebPhotos()
        self.stage: PhotoStage | None = None
        self.fragments: dict[str, tuple[str, ...]] = {}
        self.kept_pages: frozenset[str] = frozenset()
        self.updated: str | None = None
        self.lock: BuildLock | None = None
        self.left_out: tuple[Path, ...] = ()
        """Entry files left out of the last build because of their errors."""
        self.preview: PreviewMemory | None = None
        """Set by `memorybook serve`: problems are shown on the pages they concern, and only
        pages whose source changed since the last preview build are rendered again."""
        self.banners: dict[str, str] = {}
        self.skipped: set[str] = set()
        """Pages this preview build leaves as the last one wrote them (same source)."""
        self.sources: Sources = {}
        self.sitemap: tuple[object, ...] = ()
        """Previewing: what this build's sitemap lists."""
        self.site_files = Files([])
        self.site_keys: OpenedKeys | None = None
        self.site_dir: Path | None = None
        self.plain_dir: Path | None = None
        """A locked build's private folder of plain pages, while it lasts."""
        self.theme_roots: list[Path] = []

    @event_priority(100)  # before the search plugin compiles its translations
    def _keep_theme(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.preview is not None:
            previewing.keep_theme(config, self.preview)
        return config

    def _configure(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings = configuring.load_settings(dict(self.config.items()), config)
        refuse_config(config, self.settings)
        config.docs_dir = str(self.settings.journal)
        configuring.refuse_folder_links(self.settings.journal)
        configuring.escape_config(config)
        configuring.add_theme(config)
        configuring.make_private(config)
        config.extra_css.extend(ASSETS[:1])
        config.extra_javascript.extend(ASSETS[1:])
        if self.settings.offline:
            configuring.make_offline(config)
        # Entries are deliberately not in the nav; do not list them all on every build.
        config.validation.nav.omitted_files = logging.DEBUG
        return config

    on_config = CombinedEvent(_keep_theme, _configure)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Before MkDocs empties the site folder: refuse one that is not ours, mark it ours."""
        site = Path(config.site_dir)
        settings = self._require_settings()
        custom = config.theme.custom_dir  # the user's own theme files may be personal
        self.theme_roots = [Path(folder) for folder in config.theme.dirs if folder != custom]
        try:
            safety.check_cache_dir(settings)
            if self.preview is None or not is_preview_folder(site, settings):
                safety.check_site_dir(site, settings)
        except ConfigError as exc:
            raise PluginError(exc.message) from None
        # One build of a project at a time: another one waits here, before it empties the
        # site folder, until this one has finished with the cache and the site.
        self.lock = lock_cache(settings.cache_dir)
        safety.claim_site_dir(site)
        self.site_dir = site  # ours: a failed locked build may delete its plain files
        if settings.lock.enabled and self.site_keys is None:
            # `memorybook build` opened them already; `mkdocs` did not
            self.site_keys = finishing.open_site_keys(settings)
        if settings.lock.enabled and self.preview is None:
            # MkDocs builds the plain pages aside; site/ then only ever receives ciphertext.
            from memorybook.lock.site import make_plain_folder, plain_folder

            self.plain_dir = plain_folder(settings)  # removed however it ends
            try:
                make_plain_folder(self.plain_dir, site)
            except ConfigError as exc:
                self.plain_dir = None  # not ours
                raise PluginError(exc.message) from None
            config.site_dir = str(self.plain_dir)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        settings = self._require_settings()
        self.banners, self.skipped = {}, set()  # this build's own: MkDocs keeps the plugin
        try:
            day = today()
        except ConfigError as exc:
            raise PluginError(exc.message) from None
        journal = load_journal(
            settings, cache=self.preview.reads if self.preview else None, as_of=day
        )
        report(journal.problems)
        self.left_out = left_out(journal)
        self.stage = PhotoStage(settings, remembered=self.preview.photos if self.preview else None)
        self.web = self.stage.web(journal.photos())
        report(self.web.problems)
        parts = self.preview.parts if self.preview else None
        content = build_site(journal, self.web, Links(config.use_directory_urls), parts)
        report(content.problems)
        if self.preview is not None:
            content, self.banners = previewing.add_problems(journal, content, self.left_out)
        if config.nav is None:
            config.nav = content.nav
        self.fragments = {page.src_uri: page.fragments for page in content.pages}
        self.kept_pages = content.kept_pages
        self.updated = pages.last_day(journal)
        if self.preview is not None:
            self.preview.forget_all_unless(config)
        built, clashes = site_files(files, content, config, settings.journal, self.preview)
        self.left_out += clashes
        if self.preview is not None:
            self.site_files = built
            self.sources, self.skipped = previewing.skip_unchanged(
                self.preview, built, content, config, self.banners
            )
        return built

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[[], None]
    ) -> LiveReloadServer:
        """Plain `mkdocs serve` too answers only this computer's names (hosts.py)."""
        host, port = config.dev_addr
        server.set_app(guard(server.serve_request, Listening(host, port)))
        return server

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        if self.preview is not None:  # the pages are read: the theme's templates come next
            self.sitemap = previewing.keep_sitemap(self.preview, config, files)
        return env

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        pages.escape_meta(page.meta)
        if page.file.src_uri in self.kept_pages:
            page.meta.setdefault("hide", ["navigation"])  # the sections are tabs, as elsewhere
        return markdown

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.updated:
            # The sitemap's dates (and its .gz header) then come from the journal, not from the
            # day of the build: the same journal gives the same site. Every page's, not only
            # those rendered: a preview build leaves the others as they were.
            for file in files.documentation_pages():
                if file.page is not None:
                    file.page.update_date = self.updated
        return nav

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # What the journal's Markdown made (raw HTML included) is sanitised; memorybook's own
        # finished HTML goes in after, where its markers are.
        safe = sanitise(html, keep_comment=MARKER)
        html = fill_fragments(safe, self.fragments.get(page.file.src_uri, ()))
        return self.banners.get(page.file.src_uri, "") + html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return pages.private_head(output)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        html = template_name.endswith(".html")
        return pages.private_head(output_content) if html else output_content

    @event_priority(50)  # before the search plugin writes its index
    def _keep_search_entries(self, *, config: MkDocsConfig) -> None:
        """Previewing: pages left as they were keep their search entries from last time."""
        if self.preview is not None:
            previewing.keep_search_entries(
                self.preview, config, self.site_files, self.sources, self.skipped, self.sitemap
            )

    @event_priority(-100)  # after the search plugin wrote its index
    def _finish_site(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        settings = self._require_settings()
        finishing.copy_renditions(self.web, site)
        if self.preview is not None:
            self.preview.remove_renditions_gone(set(self.web.files), site)
        if self.stage is not None:
            self.stage.prune()  # renditions of photos no longer in the journal
        (site / "robots.txt").write_text(finishing.ROBOTS_TXT, encoding="utf-8")
        if settings.offline:
            finishing.inline_search_index(site)
        if settings.lock.enabled:
            target = self.site_dir or site
            finishing.lock_site(settings, site, target, self.theme_roots, self.site_keys)
            config.site_dir = str(self.site_dir)
        self.end_build()

    on_post_build = CombinedEvent(_keep_search_entries, _finish_site)

    def on_build_error(self, *, error: Exception) -> None:
        if self.preview is not None:
            self.preview.forget_all()  # pages it wrote before it stopped are not remembered
        if self.site_keys is not None and self.site_dir is not None and self.plain_dir is None:
            from memorybook.lock.site import scrub

            scrub(self.site_dir, self.theme_roots)  # the preview locks in place: no plain page
        self.end_build()

    def on_shutdown(self) -> None:
        self.end_build()  # after Ctrl-C too, which MkDocs does not report as a build error

    def end_build(self) -> None:
        """However a build ended: its plain pages (of a locked build) go, and, as MkDocs keeps
        this plugin for the next build in this process, which may be a plain build, so do its
        keys (`memorybook serve` hands the preview's memory to each of its builds anew)."""
        plain, self.plain_dir = self.plain_dir, None
        self.site_keys = self.site_dir = self.preview = None
        try:
            if plain is not None:
                from memorybook.lock.site import discard_plain

                discard_plain(plain)
        finally:
            if self.lock is not None:
                self.lock.release()
                self.lock = None

    def _require_settings(self) -> Settings:
        if self.settings is None:
            raise PluginError("memorybook: on_config did not run")
        return self.settings
