"""Building sites for tests: the sample project copied to a temporary folder, built once."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

from memorybook.building import build
from tests.conftest import REPO, SCRATCH_MKDOCS_YML

PRIVATE_PHRASE = "never about the dishwasher"
"""Words only the sample's private entry contains."""

# A reference the browser would fetch or follow: attribute, CSS url() or @import, or a JS
# fetch/import/worker; `data:` URLs, fragments and relative paths are local.
_FETCHED = re.compile(
    r"""(?:\b(?:src|href|srcset|action|poster|data|content)\s*=\s*["']?\s*"""
    r"""|url\(\s*["']?|@import\s+["']|\bfetch\(\s*["'`]|\bimport\(\s*["'`]"""
    r"""|importScripts\(\s*["'`]|new\s+Worker\(\s*["'`])"""
    r"""(?P<url>(?:https?:)?//[^\s"'`)<>]+)""",
    re.IGNORECASE,
)
# A quoted absolute URL in a script, which code could load.
_QUOTED = re.compile(r"""["'`](?P<url>https?://[a-z0-9$][^"'`\s]*)""", re.IGNORECASE)
# Material's bundle can load these, but never for this site: repository facts need repo_url
# (the plugin drops it), mermaid needs a mermaid fence set up in superfences (ours has none),
# and the polyfill only runs in browsers without ResizeObserver (all current ones have it).
MATERIAL_CONDITIONAL = (
    "https://api.github.com/",
    "https://${e}/api/v4/projects/",
    "https://unpkg.com/mermaid@",
    "https://unpkg.com/resize-observer-polyfill",
)
TEXT_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".txt", ".svg", ".webmanifest", ""}


def build_sample(target: Path, *, offline: bool = False) -> Path:
    """Copy mkdocs.yml and the sample journal to `target`, build there, return the site folder."""
    project = target / "project"
    project.mkdir(parents=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if offline:
        config = config.replace("  - memorybook:\n", "  - memorybook:\n      offline: true\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(REPO / "journal", project / "journal")
    build(project / "mkdocs.yml", strict=True)
    return project / "site"


def external_references(site: Path) -> list[str]:
    """Every `FILE: URL` in the site that points away from the site itself."""
    found = []
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        urls = [m["url"] for m in _FETCHED.finditer(text)]
        if path.suffix == ".js":
            urls += [m["url"] for m in _QUOTED.finditer(text)]
        found += [f"{path.relative_to(site)}: {url}" for url in urls if _flagged(url)]
    return found


def _flagged(url: str) -> bool:
    return not url.startswith(MATERIAL_CONDITIONAL)


PUBLIC_ENTRY = "---\ntitle: Hike\ndate: 2024-01-01\n---\nA public entry: public-words.\n"


def make_project(root: Path, files: dict[str, str | bytes], config: str = "") -> Path:
    """A project in `root`: mkdocs.yml (the scratch one, or `config`) and journal `files`."""
    project = root / "project"
    (project / "journal").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(config or SCRATCH_MKDOCS_YML, encoding="utf-8")
    for rel, content in files.items():
        path = project / "journal" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return project


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site as bytes, gzip files (the sitemap) opened."""
    files = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            files[path.relative_to(site).as_posix()] = (
                gzip.decompress(data) if path.suffix == ".gz" else data
            )
    return files


def carrying(site: Path, word: str) -> list[str]:
    """Files of the built site (every one, `.gz` opened) whose name or bytes hold `word`."""
    return [
        name for name, data in site_files(site).items() if word.encode() in name.encode() + data
    ]
