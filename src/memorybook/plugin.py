"""The MkDocs adapter: a thin plugin that puts the journal's pages into a Material site.

The only core-adjacent module that imports mkdocs. It loads the journal once per
build, swaps the journal's files for the generated pages, keeps originals out of
the site, copies photo renditions from the cache, and makes the site private.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import shutil
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from memorybook import safety
from memorybook.checking import left_out
from memorybook.errors import ConfigError, Problem, display_path
from memorybook.files import BuildLock, lock_cache
from memorybook.hosts import Listening, guard
from memorybook.html import Markup, escape, sanitise
from memorybook.journal import (
    PHOTO_EXTENSIONS,
    Journal,
    ReadCache,
    folder_links,
    load_journal,
)
from memorybook.links import Links
from memorybook.photos import PhotoStage, WebPhotos
from memorybook.preview import banners, problem_pages
from memorybook.reserved import asset_clashes, theme_dirs
from memorybook.resources import theme_dir
from memorybook.settings import Settings, read_mkdocs_yml, settings_from_options
from memorybook.site import MARKER, SiteContent, build_site, fill_fragments
from memorybook.words import today

if TYPE_CHECKING:
    from memorybook.lock.site import OpenedKeys

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
OWN_ASSETS = "assets/memorybook/"
"""memorybook's own folder in the site: its style, script and generated data."""
ASSETS = (f"{OWN_ASSETS}memorybook.css", f"{OWN_ASSETS}memorybook.js")
IFRAME_WORKER = f"{OWN_ASSETS}iframe-worker.js"
# Journal files other than its pages that may reach the site: styling a user adds.
_PASSTHROUGH_SUFFIXES = {".css", ".js", ".woff", ".woff2", ".ttf"}
# A gzip header's time is an unsigned 32-bit count of seconds since 1970.
_GZIP_FIRST_DAY = dt.date(1970, 1, 1)
_GZIP_LAST_DAY = dt.date(2106, 2, 6)


_MKDOCS_LINK_WARNING = re.compile(r"^Doc file '[^']*' contains a link '(?P<link>[^']*)'")


class _AlreadyReported(logging.Filter):
    """Drops MkDocs' own words for a photo memorybook already reported at its line.

    Every local image an entry or page names is checked by the journal loader; one MkDocs
    cannot find was reported (`photo gone.jpg does not exist`), so MkDocs' "Doc file ...
    contains a link ..." would only say it again, less helpfully.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        match = _MKDOCS_LINK_WARNING.match(record.getMessage())
        link = match["link"].split("#")[0].split("?")[0] if match else ""
        return not (match and Path(link).suffix.lower() in PHOTO_EXTENSIONS)


_ALREADY_REPORTED = _AlreadyReported()
logging.getLogger("mkdocs.structure.pages").addFilter(_ALREADY_REPORTED)


class MemorybookConfig(Config):  # type: ignore[no-untyped-call]
    """The plugin's options; settings.py validates them (one set of rules for every command)."""

    journal = c.Optional(c.Type(str))
    people = c.Optional(c.Type(dict))
    together_since = c.Optional(c.Type(object))
    photos = c.Optional(c.Type(dict))
    book = c.Optional(c.Type(dict))
    offline = c.Optional(c.Type(bool))
    lock = c.Optional(c.Type(object))


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
        self.sources: dict[str, tuple[str, tuple[str, ...], str]] = {}
        self.site_files = Files([])
        self.site_keys: OpenedKeys | None = None
        self.site_dir: Path | None = None
        self.plain_dir: Path | None = None
        """A locked build's private folder of plain pages, while it lasts."""
        self.theme_roots: list[Path] = []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings = self._load_settings(config)
        refuse_config(config, self.settings)
        config.docs_dir = str(self.settings.journal)
        _refuse_folder_links(self.settings.journal)
        _escape_config(config)
        self._add_theme(config)
        self._make_private(config)
        config.extra_css.extend(ASSETS[:1])
        config.extra_javascript.extend(ASSETS[1:])
        if self.settings.offline:
            self._make_offline(config)
        if self.preview is not None:
            _list_theme_once(config, self.preview)
        # Entries are deliberately not in the nav; do not list them all on every build.
        config.validation.nav.omitted_files = logging.DEBUG
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Before MkDocs empties the site folder: refuse one that is not ours, mark it ours."""
        site = Path(config.site_dir)
        custom = config.theme.custom_dir  # the user's own theme files may be personal
        self.theme_roots = [Path(folder) for folder in config.theme.dirs if folder != custom]
        try:
            safety.check_cache_dir(self._require_settings())
            safety.check_site_dir(site, self._require_settings())
        except ConfigError as exc:
            raise PluginError(exc.message) from None
        # One build of a project at a time: another one waits here, before it empties the
        # site folder, until this one has finished with the cache and the site.
        self.lock = lock_cache(self._require_settings().cache_dir)
        safety.claim_site_dir(site)
        self.site_dir = site  # ours: a failed locked build may delete its plain files
        if self._require_settings().lock.enabled and self.site_keys is None:
            self._open_site_keys()  # `memorybook build` opened them already; `mkdocs` did not
        if self._require_settings().lock.enabled and self.preview is None:
            # MkDocs builds the plain pages aside; site/ then only ever receives ciphertext.
            from memorybook.lock.site import make_plain_folder, plain_folder

            self.plain_dir = plain_folder(self._require_settings())  # removed however it ends
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
        _report(journal.problems)
        self.left_out = left_out(journal)
        self.stage = PhotoStage(settings)
        self.web = self.stage.web(journal.photos())
        _report(self.web.problems)
        content = build_site(journal, self.web, Links(config.use_directory_urls))
        _report(content.problems)
        if self.preview is not None:
            content = self._add_problems(journal, content)
        if config.nav is None:
            config.nav = content.nav
        self.fragments = {page.src_uri: page.fragments for page in content.pages}
        self.kept_pages = content.kept_pages
        self.updated = _last_day(journal)
        site_files = self._site_files(files, content, config)
        if self.preview is not None:
            self._skip_unchanged(site_files, content, config)
        return site_files

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[[], None]
    ) -> LiveReloadServer:
        """Plain `mkdocs serve` too answers only this computer's names (hosts.py)."""
        host, port = config.dev_addr
        server.set_app(guard(server.serve_request, Listening(host, port)))
        return server

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        if self.preview is not None:  # each rebuild has a new environment: compile once
            env.bytecode_cache = self.preview.compiled_templates
        return env

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
        html = fill_fragments(safe, self.fragments.get(page.file.src_uri, ()))
        return self.banners.get(page.file.src_uri, "") + html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return _private_head(output)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        html = template_name.endswith(".html")
        return _private_head(output_content) if html else output_content

    @event_priority(50)  # before the search plugin writes its index
    def _keep_search_entries(self, *, config: MkDocsConfig) -> None:
        """Previewing: pages left as they were keep their search entries from last time."""
        if self.preview is None:
            return
        search = next((p for p in config.plugins.values() if hasattr(p, "search_index")), None)
        entries: list[dict[str, Any]] = search.search_index.entries if search else []
        urls = {file.src_uri: file.url for file in self.site_files}
        for uri in sorted(self.skipped):
            entries.extend(self.preview.search.get(urls[uri], []))
        self.preview.remember(self.sources, self.site_files, entries)

    @event_priority(-100)  # after the search plugin wrote its index
    def _finish_site(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        _copy_renditions(self.web, site)
        if self.preview is not None:
            self.preview.remove_renditions_gone(set(self.web.files), site)
        if self.stage is not None:
            self.stage.prune()  # renditions of photos no longer in the journal
        (site / "robots.txt").write_text(ROBOTS_TXT, encoding="utf-8")
        if self._require_settings().offline:
            _inline_search_index(site)
        if self._require_settings().lock.enabled:
            self._lock_site(site, config)
            config.site_dir = str(self.site_dir)
        self.end_build()

    def on_build_error(self, *, error: Exception) -> None:
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
            self._unlock()

    on_post_build = CombinedEvent(_keep_search_entries, _finish_site)

    # -- helpers ------------------------------------------------------------

    def _asset_clashes(self, files: Files, config: MkDocsConfig) -> list[File]:
        """Journal files at a path the site keeps for itself (reserved.py): each an error,
        left out, so the theme's file (or the one the build writes) is the site's."""
        journal = self._require_settings().journal
        own = {
            Path(f.abs_src_path): f
            for f in files
            if not f.generated_by and f.abs_src_path and _inside(str(journal), f.abs_src_path)
        }
        custom = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        problems = asset_clashes(journal, sorted(own), theme_dirs(custom))
        _report(problems)
        self.left_out += tuple(problem.path for problem in problems)
        return [own[problem.path] for problem in problems]

    def _skip_unchanged(self, files: Files, content: SiteContent, config: MkDocsConfig) -> None:
        """Previewing: a page whose Markdown, HTML fragments and problems are what the last
        build rendered is not rendered again; its HTML from then is still in the site folder.

        Anything that every page shows (mkdocs.yml, the nav) changing renders them all.
        """
        memory = self.preview
        if memory is None:
            return
        self.site_files = files
        self.sources = {
            page.src_uri: (page.markdown, page.fragments, self.banners.get(page.src_uri, ""))
            for page in content.pages
        }
        memory.forget_all_unless(_site_wide(config))
        for file in files:
            before = memory.pages.get(file.src_uri)
            if before is not None and before == self.sources.get(file.src_uri):
                if os.path.isfile(file.abs_dest_path):
                    file.is_modified = _unmodified  # type: ignore[method-assign]
                    self.skipped.add(file.src_uri)
        memory.remove_pages_gone(set(self.sources))

    def _add_problems(self, journal: Journal, content: SiteContent) -> SiteContent:
        """Previewing: a page for each entry left out, the problems above each page with one."""
        taken = {page.src_uri for page in content.pages} | set(content.kept_pages)
        stand_ins = problem_pages(journal, self.left_out, taken)
        self.banners = banners(journal, self.left_out)
        return replace(content, pages=content.pages + tuple(stand_ins))

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

    def _unlock(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def _open_site_keys(self) -> None:
        """A locked site's keys, before any page is written: a missing or wrong passphrase
        stops the build while the site folder is still empty."""
        from memorybook.lock.site import open_keys

        try:
            self.site_keys = open_keys(self._require_settings())
        except ConfigError as exc:
            raise PluginError(exc.message) from None

    def _lock_site(self, site: Path, config: MkDocsConfig) -> None:
        """Last: encrypt every file that carries the journal (memorybook.lock does it all)."""
        from memorybook.lock.site import lock_site

        if self.site_keys is None:
            raise PluginError("memorybook: the locked site's keys were not opened")
        target = self.site_dir or site
        settings = self._require_settings()
        result = lock_site(settings, site, target, self.theme_roots, self.site_keys)
        log.info(
            f"memorybook: site locked ({result.encrypted} files encrypted, "
            f"{result.reused} unchanged)"
        )

    def _require_settings(self) -> Settings:
        if self.settings is None:
            raise PluginError("memorybook: on_config did not run")
        return self.settings

    def _add_theme(self, config: MkDocsConfig) -> None:
        """Our overrides go right after the user's custom_dir, so theirs still win."""
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
        """The journal's own files replaced by the generated pages: no original ever ships,
        and no journal file stands in for one of the theme's or the site's own."""
        journal = str(self._require_settings().journal)
        generated = {page.src_uri for page in content.pages}
        clashes = self._asset_clashes(files, config)
        kept = [
            f
            for f in files
            if f.src_uri not in generated and f not in clashes and _keep(f, journal, content)
        ]
        kept += _theme_files(clashes, config, {f.src_uri for f in kept})
        kept += [File.generated(config, p.src_uri, content=p.markdown) for p in content.pages]
        kept += [File.generated(config, uri, content=text) for uri, text in content.assets.items()]
        return Files(kept)


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


_HTML_META = ("title", "description", "author", "subtitle", "status")
"""Front-matter that Material writes into pages unescaped (nav, header, `<title>`, meta tags,
search index): MkDocs treats titles as HTML, so these become HTML too."""


def _escape_meta(meta: MutableMapping[str, object]) -> None:
    """A page's front-matter made safe for Material's templates: the words escaped, and no
    template or icon of its choosing (`template: redirect.html` sends the reader away)."""
    for key in _HTML_META:
        value = meta.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            meta[key] = Markup(escape(value))
    meta.pop("location", None)
    meta.pop("template", None)  # the reader refuses both in a journal page (page_keys.py)
    meta.pop("icon", None)


def _theme_files(replaced: list[File], config: MkDocsConfig, present: set[str]) -> list[File]:
    """The theme's own files that MkDocs left out because the journal had one of that path."""
    found = []
    for file in replaced:
        folder = next(
            (d for d in config.theme.dirs if os.path.isfile(os.path.join(d, file.src_uri))), None
        )
        if folder is not None and file.src_uri not in present:
            found.append(File(file.src_uri, folder, config.site_dir, config.use_directory_urls))
    return found


def _inside(folder: str, path: str) -> bool:
    return os.path.commonpath([folder, os.path.abspath(path)]) == folder


class PreviewMemory:
    """What one preview build leaves for the next, kept by `memorybook serve`.

    Each page's source (Markdown, fragments, problems shown), where its HTML went and its
    search entries, so the next build renders only the pages whose source changed.
    """

    def __init__(self) -> None:
        self.site_wide = ""
        """mkdocs.yml and the nav, as text: what every page shows."""
        self.pages: dict[str, tuple[str, tuple[str, ...], str]] = {}
        self.dests: dict[str, str] = {}
        self.search: dict[str, list[dict[str, Any]]] = {}
        """Search entries by page URL."""
        self.compiled_templates = _TemplatesInMemory()
        self.theme_files: dict[tuple[str, ...], list[str]] = {}
        self.reads = ReadCache()
        """Each journal file as last read: only files saved since are read again."""
        self.renditions: set[str] = set()
        """The photo renditions the last build copied into the site (site-relative URLs)."""

    def forget_all_unless(self, site_wide: str) -> None:
        if site_wide != self.site_wide:
            self.pages.clear()
        self.site_wide = site_wide

    def remove_pages_gone(self, present: set[str]) -> None:
        """An entry deleted or renamed: its old page leaves the site (the server then answers
        404, and the browser reloads itself to it)."""
        for uri in set(self.dests) - present:
            Path(self.dests.pop(uri)).unlink(missing_ok=True)
            self.pages.pop(uri, None)

    def remove_renditions_gone(self, present: set[str], site: Path) -> None:
        """A photo no longer shown (its entry made private, sealed or left out) leaves the
        preview too: only renditions an earlier build of this preview copied are removed."""
        for url in self.renditions - present:
            (site / url).unlink(missing_ok=True)
        self.renditions = present

    def remember(
        self,
        sources: dict[str, tuple[str, tuple[str, ...], str]],
        files: Files,
        entries: list[dict[str, Any]],
    ) -> None:
        """Called once the pages are written: only then is what they hold known to be there."""
        self.pages = dict(sources)
        self.dests = {f.src_uri: f.abs_dest_path for f in files if f.src_uri in sources}
        self.search = {}
        for entry in entries:
            self.search.setdefault(str(entry.get("location", "")).split("#")[0], []).append(entry)


class _TemplatesInMemory(BytecodeCache):
    """The theme's compiled templates, kept from one preview build to the next."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def _list_theme_once(config: MkDocsConfig, memory: PreviewMemory) -> None:
    """Previewing: the theme's files (Material's thousands of icons) are listed by the first
    build only; every build of MkDocs lists them again, and they do not change while serving
    (MkDocs does not watch the theme either)."""
    get_env = config.theme.get_env
    dirs = tuple(config.theme.dirs)

    def env_listing_once() -> Environment:
        env = get_env()
        if env.loader is not None:
            if dirs not in memory.theme_files:
                memory.theme_files[dirs] = env.loader.list_templates()
            env.loader.list_templates = lambda: memory.theme_files[dirs]  # type: ignore[method-assign]
        return env

    config.theme.get_env = env_listing_once  # type: ignore[method-assign]


def _unmodified() -> bool:
    return False


def _site_wide(config: MkDocsConfig) -> str:
    path = config.config_file_path
    text = Path(path).read_text(encoding="utf-8") if path and os.path.isfile(path) else ""
    return f"{text}\n{config.nav!r}"


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
    if not _inside(journal, file.abs_src_path):
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


def _inline_search_index(site: Path) -> None:
    """Search from file:// cannot fetch its index, so it also ships as a script."""
    index = site / "search" / "search_index.json"
    if index.is_file():
        data = index.read_text(encoding="utf-8")
        (site / "search" / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")
