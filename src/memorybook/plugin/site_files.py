"""The files MkDocs builds: the journal's own files replaced by the generated pages, so no
original ever ships and no journal file stands in for one of the theme's or the site's."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from memorybook.plugin.previewing import PreviewMemory
from memorybook.plugin.reporting import report
from memorybook.reserved import asset_clashes, reserved, theme_dirs
from memorybook.site import SiteContent


def site_files(
    files: Files,
    content: SiteContent,
    config: MkDocsConfig,
    journal: Path,
    memory: PreviewMemory | None = None,
) -> tuple[Files, tuple[Path, ...]]:
    """The files to build, and the journal files left out because they clash; previewing,
    the last build's file (and page) for each file that was there then (`memory`)."""
    generated = {page.src_uri for page in content.pages}
    clashes, left_out = _asset_clashes(files, config, journal)
    kept = [
        f
        for f in files
        if f.src_uri not in generated and f not in clashes and _keep(f, str(journal), content)
    ]
    kept += _theme_files(clashes, config, {f.src_uri for f in kept})
    made = [(page.src_uri, page.markdown) for page in content.pages]
    made += content.assets.items()
    if memory is None:
        kept += [File.generated(config, uri, content=text) for uri, text in made]
        return Files(kept), left_out
    kept = [memory.same(file) for file in kept]
    kept += [memory.generated(config, uri, text) for uri, text in made]
    return Files(kept), left_out


def _asset_clashes(
    files: Files, config: MkDocsConfig, journal: Path
) -> tuple[list[File], tuple[Path, ...]]:
    """Journal files at a path the site keeps for itself (reserved.py): each an error,
    left out, so the theme's file (or the one the build writes) is the site's; and the paths
    of those left out."""
    custom = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    dirs = theme_dirs(custom)
    table = reserved(dirs)
    # A journal file's src_uri is its path in the journal: only those at a reserved path are
    # looked at closer (every file of the journal, photos included, is asked on every build).
    own = {
        Path(f.abs_src_path): f
        for f in files
        if not f.generated_by
        and f.abs_src_path
        and table.replaced(f.src_uri)
        and _inside(str(journal), f.abs_src_path)
    }
    problems = asset_clashes(journal, sorted(own), dirs)
    report(problems)
    return [own[problem.path] for problem in problems], tuple(p.path for p in problems)


# Journal files other than its pages that may reach the site: styling a user adds.
_PASSTHROUGH_SUFFIXES = {".css", ".js", ".woff", ".woff2", ".ttf"}


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
    """Whether `path` is `folder` or inside it (`folder` absolute and normalised); by its
    text, as every file of the journal is asked on every build."""
    path = os.path.abspath(path)
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _keep(file: File, journal: str, content: SiteContent) -> bool:
    if file.generated_by or file.abs_src_path is None:
        return True
    if not _inside(journal, file.abs_src_path):
        return True  # a theme's file
    if file.src_uri in content.kept_pages:
        return True
    return os.path.splitext(file.src_uri)[1].lower() in _PASSTHROUGH_SUFFIXES
