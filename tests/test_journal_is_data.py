"""The journal is data, never code (issue 19): no file in it replaces the theme's or
memorybook's own files (Material's script, memorybook's assets, the search index, the
locked site's service worker, the generated pages), and no front-matter key chooses how a
page is built beyond the documented ones; `check` says each as `build` does."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from memorybook.building import build
from memorybook.reserved import material_dir
from memorybook.resources import theme_dir
from tests.conftest import SCRATCH_MKDOCS_YML, run
from tests.site_helpers import PUBLIC_ENTRY, carrying, make_project

ChDir = Callable[[Path], None]


# -- 1. no journal file replaces a theme or memorybook file --------------------------------


MATERIAL = material_dir() or Path("material-is-not-installed")


def _material_file(folder: str, suffix: str) -> str:
    """A file of the installed Material theme (its bundle's name changes with each release)."""
    found = sorted((MATERIAL / folder).glob(f"*{suffix}"))
    return found[0].relative_to(MATERIAL).as_posix()


MATERIAL_SCRIPT = _material_file("assets/javascripts", ".min.js")
MATERIAL_STYLE = _material_file("assets/stylesheets", ".min.css")
CODE_CANARY = "evil-code-canary"

# (journal path, what the error calls it); each file holds CODE_CANARY
CLASHES: list[tuple[str, str]] = [
    (MATERIAL_SCRIPT, "Material"),
    (MATERIAL_STYLE, "Material"),
    ("assets/images/favicon.png", "Material"),
    ("assets/javascripts/extra.js", "Material"),
    ("assets/memorybook/memorybook.js", "memorybook"),
    ("assets/memorybook/memorybook.css", "memorybook"),
    ("assets/memorybook/on-this-day.js", "memorybook"),
    ("sw.js", "memorybook"),
    ("lock/unlock.js", "memorybook"),
    ("search/search_index.json", "search"),
    ("sitemap.xml", "sitemap"),
    ("404.html", "404"),
    ("robots.txt", "memorybook"),
    ("milestones/our-anniversaries.ics", "memorybook"),
    ("ASSETS/Javascripts/" + MATERIAL_SCRIPT.split("/")[-1], "Material"),
]


@pytest.fixture(scope="module")
def clash_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files: dict[str, str | bytes] = {
        rel: f"/* {CODE_CANARY} {i} */ alert(1);\n" for i, (rel, _what) in enumerate(CLASHES)
    }
    files["2024/hike.md"] = PUBLIC_ENTRY
    files["assets/mine/ours.css"] = "/* our own style, allowed */\n"
    project = make_project(tmp_path_factory.mktemp("clash"), files)
    build(project / "mkdocs.yml")
    return project


@pytest.fixture(scope="module")
def clash_check(clash_project: Path) -> Result:

    before = os.getcwd()
    os.chdir(clash_project)
    try:
        return run("check")
    finally:
        os.chdir(before)


@pytest.mark.parametrize(("rel", "what"), CLASHES, ids=[c[0] for c in CLASHES])
def test_a_journal_file_at_a_theme_or_memorybook_path_is_a_located_error(
    clash_check: Result, rel: str, what: str
) -> None:
    assert clash_check.exit_code == 1
    rows = [r for r in clash_check.output.splitlines() if r.startswith(f"journal/{rel}: error:")]
    assert rows, clash_check.output
    assert "would replace" in rows[0] and what in rows[0] and "rename" in rows[0], rows[0]


def test_no_journal_file_replaces_a_theme_file_in_the_built_site(clash_project: Path) -> None:
    site = clash_project / "site"
    assert carrying(site, CODE_CANARY) == []
    for rel in (MATERIAL_SCRIPT, MATERIAL_STYLE, "assets/images/favicon.png"):
        assert (site / rel).read_bytes() == (MATERIAL / rel).read_bytes(), rel
    own = theme_dir() / "overrides" / "assets" / "memorybook"
    for name in ("memorybook.js", "memorybook.css"):
        assert (site / "assets/memorybook" / name).read_bytes() == (own / name).read_bytes()
    assert (site / "assets/mine/ours.css").is_file()  # the journal's own style still ships
    assert "public-words" in (site / "2024/hike/index.html").read_text(encoding="utf-8")


def test_the_build_reports_each_clash_as_check_does(
    clash_project: Path, clash_check: Result, capsys: pytest.CaptureFixture[str]
) -> None:
    build(clash_project / "mkdocs.yml")
    printed = capsys.readouterr().err
    for rel, _what in CLASHES:
        row = next(r for r in clash_check.output.splitlines() if r.startswith(f"journal/{rel}:"))
        assert row.replace("journal/", f"{clash_project}/journal/", 1) in printed or row in printed


def test_a_locked_site_serves_materials_own_script(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(
        tmp_path, {MATERIAL_SCRIPT: f"/* {CODE_CANARY} */\n", "sw.js": f"// {CODE_CANARY}\n"}
    )
    (project / "journal/2024").mkdir()
    (project / "journal/2024/hike.md").write_text(PUBLIC_ENTRY, encoding="utf-8")
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_SAM", "correct horse battery staple orbit 1987")
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_ALEX", "violet lantern under quiet harbour 42")
    build(project / "mkdocs.yml", lock=True)
    site = project / "site"
    assert (site / MATERIAL_SCRIPT).read_bytes() == (MATERIAL / MATERIAL_SCRIPT).read_bytes()
    assert carrying(site, CODE_CANARY) == []


@pytest.mark.parametrize(
    ("rel", "theirs"),
    [("stats/index.md", "In numbers"), ("timeline.md", "the timeline"), ("lock.md", "memorybook")],
)
def test_a_page_where_memorybook_puts_its_own_is_an_error_in_check_and_build(
    project_dir: Callable[..., Path], rel: str, theirs: str
) -> None:
    project = project_dir({rel: f"# Ours\n\n{CODE_CANARY}\n", "2024/hike.md": PUBLIC_ENTRY})
    check = run("check")
    assert check.exit_code == 1
    assert f"journal/{rel}: error:" in check.output and theirs in check.output, check.output
    built = run("build")
    assert built.exit_code == 0 and f"{rel}: error:" in built.output, built.output
    assert carrying(project / "site", CODE_CANARY) == []


def test_a_theme_folder_inside_the_journal_is_refused(project_dir: Callable[..., Path]) -> None:
    config = SCRATCH_MKDOCS_YML.replace(
        "  font: false\n", "  font: false\n  custom_dir: journal/overrides\n"
    )
    project_dir(
        {"overrides/main.html": "{% extends 'base.html' %}\n", "hike.md": PUBLIC_ENTRY}, config
    )
    for command in ("check", "build"):
        result = run(command)
        assert result.exit_code != 0 and "custom_dir" in result.output, (command, result.output)
        assert "Traceback" not in result.output


# -- 3. front-matter that chooses how a page is built ------------------------------------

BAD_PAGE_META = [
    ("template: nope.html", "template"),
    ("template: ../../etc/passwd", "template"),
    ("template: [a, b]", "template"),
    ("template: {a: 1}", "template"),
    ("template: main.html", "template"),
    ("icon: material/nope", "icon"),
    ("icon: [a]", "icon"),
    ("search: yes", "search"),
    ("search: {exclude: maybe}", "search"),
    ("search: {boost: lots}", "search"),
    ("search: {hide: true}", "search"),
    ("hide: {a: 1}", "hide"),
    ("hide: [navigation, sidebar]", "hide"),
    ("title: [a, b]", "title"),
    ("description: {a: 1}", "description"),
    ("status: [new]", "status"),
    ("<<: {template: nope.html}", "template"),
]


@pytest.fixture(scope="module")
def meta_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files: dict[str, str | bytes] = {"2024/hike.md": PUBLIC_ENTRY}
    for index, (meta, _key) in enumerate(BAD_PAGE_META):
        files[f"page{index}.md"] = f"---\n{meta}\n---\n# Page {index}\n\nmeta-canary-{index}-end\n"
    files["good.md"] = (
        "---\ntitle: Good\nhide: [navigation, toc]\nsearch: {exclude: true, boost: 2}\n"
        "status: new\ndescription: Ours\n---\ngood-page-words\n"
    )
    return make_project(tmp_path_factory.mktemp("meta"), files)


@pytest.mark.parametrize(("index", "meta", "key"), [(i, *c) for i, c in enumerate(BAD_PAGE_META)])
def test_a_page_key_that_chooses_how_it_is_built_is_an_error_in_check_and_build(
    meta_project: Path, in_dir: ChDir, index: int, meta: str, key: str
) -> None:
    in_dir(meta_project)
    check = run("check")
    assert f"journal/page{index}.md:2: error: `{key}`" in check.output, check.output
    built = run("build")
    assert built.exit_code == 0, built.output
    assert "Traceback" not in built.output and f"page{index}.md:2: error: `{key}`" in built.output
    assert carrying(meta_project / "site", f"meta-canary-{index}-end") == []
    assert carrying(meta_project / "site", "good-page-words")


def test_an_entry_named_like_the_404_page_keeps_its_own_page_offline(
    project_dir: Callable[..., Path],
) -> None:
    config = SCRATCH_MKDOCS_YML.replace(
        "  - memorybook:\n", "  - memorybook:\n      offline: true\n"
    )
    entry = "---\ntitle: Lost and found\ndate: 2024-04-04\n---\nlost-words\n"
    project = project_dir({"404.md": entry, "2024/hike.md": PUBLIC_ENTRY}, config)
    assert run("build").exit_code == 0
    site = project / "site"
    assert "lost-words" not in (site / "404.html").read_text("utf-8")
    assert "lost-words" in (site / "2024/2024-04-04-404.html").read_text("utf-8")
