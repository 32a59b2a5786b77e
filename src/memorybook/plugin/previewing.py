"""What `memorybook serve` keeps from one preview build to the next, so a save renders only
the pages whose source changed: each page's source, where its HTML went, its search entries,
MkDocs' file and page of each, the compiled templates, the theme's file list and the journal
files as last read."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from memorybook.journal import Journal, ReadCache
from memorybook.photo_cache import Remembered
from memorybook.preview import banners, problem_pages
from memorybook.site import SiteContent
from memorybook.site_html.remembered import RememberedParts

Sources = dict[str, tuple[str, tuple[str, ...], str]]
"""Each page's Markdown, HTML fragments and problems shown, by its source URI."""


class PreviewMemory:
    """What one preview build leaves for the next, kept by `memorybook serve`.

    Each page's source (Markdown, fragments, problems shown), where its HTML went and its
    search entries, so the next build renders only the pages whose source changed.
    """

    def __init__(self) -> None:
        self.site_wide = ""
        """mkdocs.yml, the nav and where the site goes, as text: what every page shows."""
        self.pages: dict[str, tuple[str, tuple[str, ...], str]] = {}
        self.files: dict[tuple[str, str | None], File] = {}
        """MkDocs' file of each page and asset of the last build, by its source URI and the
        file it is read from (none for a generated one): with its URLs worked out and its
        `Page`, which MkDocs makes anew only for a file without one."""
        self.dests: dict[str, str] = {}
        self.search: dict[str, list[dict[str, Any]]] = {}
        """Search entries by page URL."""
        self.sitemap: tuple[object, ...] = ()
        """What the sitemap the last build wrote lists: each page's address and date."""
        self.compiled_templates = _TemplatesInMemory()
        self.theme_files: dict[tuple[str, ...], list[str]] = {}
        """The theme's files by its folders (MkDocs lists them on every build)."""
        self.theme_static: dict[tuple[str, ...], list[str]] = {}
        """Those of them MkDocs copies into the site, by the theme's folders and its static
        templates."""
        self.reads = ReadCache()
        """Each journal file as last read: only files saved since are read again."""
        self.renditions: set[str] = set()
        """The photo renditions the last build copied into the site (site-relative URLs)."""
        self.photos = Remembered()
        """Each photo's renditions as the last build found them: a save looks up only the
        photos that changed since."""
        self.parts = RememberedParts()
        """Entries' pages and cards as the last build made them: a save makes again only
        those whose entry, neighbours or photos changed."""

    def forget_all_unless(self, config: MkDocsConfig) -> None:
        """A build begins: what it shares with the last one changing renders every page."""
        site_wide = _site_wide(config)
        if site_wide != self.site_wide:
            self.forget_all()
        self.site_wide = site_wide

    def forget_all(self) -> None:
        """The next build renders every page and writes the sitemap again."""
        self.pages.clear()
        self.files.clear()
        self.sitemap = ()

    def generated(self, config: MkDocsConfig, src_uri: str, content: str) -> File:
        """The generated page or asset at `src_uri`, holding `content`: the last build's file
        when there was one (its page too), else a new one."""
        file = self.files.get((src_uri, None))
        if file is None or file.generated_by != config.plugins._current_plugin:
            return File.generated(config, src_uri, content=content)
        file.content_string = content
        return file

    def same(self, file: File) -> File:
        """The last build's file for this file of the journal or the theme, when there was
        one read from the same place."""
        kept = self.files.get((file.src_uri, file.abs_src_path))
        if kept is None or file.generated_by or kept.src_dir != file.src_dir:
            return file
        return kept

    def remove_pages_gone(self, dests: dict[str, str]) -> None:
        """An entry deleted or renamed, or every page moved (`use_directory_urls`): the old
        page leaves the site (the server then answers 404 there, and the browser reloads
        itself to it). `dests`: where each page of this build goes."""
        for uri, dest in list(self.dests.items()):
            if dests.get(uri) != dest:
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
        sitemap: tuple[object, ...],
    ) -> None:
        """Called once the pages are written: only then is what they hold known to be there."""
        self.pages = dict(sources)
        self.sitemap = sitemap
        self.files = {(f.src_uri, f.abs_src_path): f for f in files}
        self.dests = {f.src_uri: f.abs_dest_path for f in files if f.src_uri in sources}
        self.search = _by_page(entries)


class _TemplatesInMemory(BytecodeCache):
    """The theme's compiled templates, kept from one preview build to the next."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def keep_theme(config: MkDocsConfig, memory: PreviewMemory) -> None:
    """Previewing: the theme's templates are compiled, and its files (Material's thousands of
    icons) listed and sorted into static files and the rest, by the first build only; every
    build of MkDocs does both again (the search plugin compiles its translations on each
    build too), and the theme does not change while serving (MkDocs does not watch it)."""
    get_env = config.theme.get_env

    def kept_env() -> Environment:
        env = get_env()
        env.bytecode_cache = memory.compiled_templates
        dirs = tuple(config.theme.dirs)  # as they are now: memorybook adds its own
        if env.loader is not None:
            if dirs not in memory.theme_files:
                memory.theme_files[dirs] = env.loader.list_templates()
            env.loader.list_templates = lambda: memory.theme_files[dirs]  # type: ignore[method-assign]
        env.list_templates = _listed_once(env.list_templates, memory, dirs, config)  # type: ignore[method-assign]
        return env

    config.theme.get_env = kept_env  # type: ignore[method-assign]


_MKDOCS_STATIC_FILTER = "Files.add_files_from_theme.<locals>.filter"
"""MkDocs' choice of the theme's static files, which depends only on the theme's static
templates (and the Markdown extensions MkDocs knows, which are fixed)."""


def _listed_once(
    list_templates: Callable[..., list[str]],
    memory: PreviewMemory,
    dirs: tuple[str, ...],
    config: MkDocsConfig,
) -> Callable[..., list[str]]:
    def listed(extensions: Any = None, filter_func: Any = None) -> list[str]:
        mkdocs_static = getattr(filter_func, "__qualname__", "") == _MKDOCS_STATIC_FILTER
        if extensions is not None or not mkdocs_static:
            return list_templates(extensions, filter_func)
        key = (*dirs, "\0", *sorted(config.theme.static_templates))
        if key not in memory.theme_static:
            memory.theme_static[key] = list_templates(None, filter_func)
        return list(memory.theme_static[key])

    return listed


def _unmodified() -> bool:
    return False


def _site_wide(config: MkDocsConfig) -> str:
    path = config.config_file_path
    text = Path(path).read_text(encoding="utf-8") if path and os.path.isfile(path) else ""
    return f"{text}\n{config.nav!r}\n{config.site_dir}\n{config.site_url}"


def add_problems(
    journal: Journal, content: SiteContent, left_out: tuple[Path, ...]
) -> tuple[SiteContent, dict[str, str]]:
    """A page for each entry left out, and the problems to show above each page with one."""
    taken = {page.src_uri for page in content.pages} | set(content.kept_pages)
    stand_ins = problem_pages(journal, left_out, taken)
    shown = banners(journal, left_out)
    return replace(content, pages=content.pages + tuple(stand_ins)), shown


def skip_unchanged(
    memory: PreviewMemory,
    files: Files,
    content: SiteContent,
    config: MkDocsConfig,
    shown: dict[str, str],
) -> tuple[Sources, set[str]]:
    """A page whose Markdown, HTML fragments and problems are what the last build rendered
    is not rendered again; its HTML from then is still in the site folder. Anything that
    every page shows (mkdocs.yml, the nav) changing renders them all. Returns this build's
    sources and the pages skipped.
    """
    sources = {
        page.src_uri: (page.markdown, page.fragments, shown.get(page.src_uri, ""))
        for page in content.pages
    }
    memory.remove_pages_gone({f.src_uri: f.abs_dest_path for f in files if f.src_uri in sources})
    skipped = set()
    for file in files:
        vars(file).pop("is_modified", None)  # a file kept from the last build: skipped then
        before = memory.pages.get(file.src_uri)
        if before is not None and before == sources.get(file.src_uri):
            if os.path.isfile(file.abs_dest_path):
                file.is_modified = _unmodified  # type: ignore[method-assign]
                skipped.add(file.src_uri)
    return sources, skipped


SITEMAP = "sitemap.xml"


def keep_sitemap(memory: PreviewMemory, config: MkDocsConfig, files: Files) -> tuple[object, ...]:
    """The sitemap (and its .gz) is left as the last build wrote it when it would list the
    same pages at the same addresses with the same dates; returns what it lists."""
    listed = tuple(
        (page.canonical_url, page.abs_url, page.update_date, page.is_link)
        for page in (file.page for file in files.documentation_pages())
        if page is not None
    )
    site = Path(config.site_dir)
    written = all((site / name).is_file() for name in (SITEMAP, f"{SITEMAP}.gz"))
    if listed == memory.sitemap and written:
        config.theme.static_templates.discard(SITEMAP)
    return listed


def keep_search_entries(
    memory: PreviewMemory,
    config: MkDocsConfig,
    files: Files,
    sources: Sources,
    skipped: set[str],
    sitemap: tuple[object, ...],
) -> None:
    """Pages left as they were keep their search entries from last time, in the order of the
    pages, as a full build lists them; then the memory takes this build's pages (only now,
    once they are written)."""
    search = next((p for p in config.plugins.values() if hasattr(p, "search_index")), None)
    entries: list[dict[str, Any]] = search.search_index.entries if search else []
    made = _by_page(entries)
    in_order = []
    for file in files.documentation_pages():
        url = file.page.url if file.page is not None else file.url
        kept = memory.search if file.src_uri in skipped else made
        in_order += kept.get(url, [])
        made.pop(url, None)
    entries[:] = in_order + [entry for left in made.values() for entry in left]
    memory.remember(sources, files, entries, sitemap)


def _by_page(entries: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Search entries by the URL of their page (an entry's location is the page's URL and,
    for a section, its anchor)."""
    pages: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        pages.setdefault(str(entry.get("location", "")).split("#")[0], []).append(entry)
    return pages
