"""Whole site builds: the sample journal once per session, scratch journals for edge cases."""

from __future__ import annotations

import hashlib
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from memorybook.building import build
from memorybook.cli import main
from memorybook.errors import MemorybookError
from memorybook.journal import PHOTO_EXTENSIONS
from memorybook.scaffold import init_project
from memorybook.site_html.home import HOME_CARDS
from tests.conftest import REPO, ScratchJournal
from tests.site_helpers import (
    PRIVATE_PHRASE,
    build_sample,
    containing,
    external_references,
    written_files,
)

pytestmark = pytest.mark.slow
ChDir = Callable[[Path], None]


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample(tmp_path_factory.mktemp("sample"))


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


# -- the sample site -----------------------------------------------------------


def test_private_entry_is_nowhere_in_the_site(sample_site: Path) -> None:
    """Every file, sitemap.xml.gz and the calendar included (tests/test_trust_promises.py has
    a private entry with photos)."""
    files = written_files(sample_site)
    assert {"site/sitemap.xml.gz", "site/search/search_index.json"} <= set(files)
    assert containing(files, PRIVATE_PHRASE, "The dishwasher talk", "dishwasher") == []


def test_the_site_asks_no_one_else_for_anything(sample_site: Path) -> None:
    assert external_references(sample_site) == []
    home = read(sample_site, "index.html")
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home


def test_no_original_photo_reaches_the_site(sample_site: Path) -> None:
    originals = {
        hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (REPO / "journal").rglob("*")
        if p.suffix.lower() in PHOTO_EXTENSIONS
    }
    images = [p for p in sample_site.rglob("*") if p.suffix.lower() in PHOTO_EXTENSIONS]
    assert originals
    for image in images:
        assert hashlib.sha256(image.read_bytes()).hexdigest() not in originals, image
    assert not list(sample_site.glob("20*/**/*.jpg")), "entry folders must not carry photos"
    assert list((sample_site / "photos").rglob("*.webp"))


def test_every_page_says_noindex_and_robots_txt_disallows_all(sample_site: Path) -> None:
    pages = list(sample_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = read(sample_site, str(page))
        assert '<meta name="robots" content="noindex, nofollow">' in html
        head = html[: html.index("<link")]  # the policy comes before anything is loaded
        assert '<meta http-equiv="Content-Security-Policy" content="default-src \'self\';' in head
    assert read(sample_site, "robots.txt") == "User-agent: *\nDisallow: /\n"


def test_nav_is_small_and_never_lists_entries(sample_site: Path) -> None:
    home = read(sample_site, "index.html")
    nav = home[home.index('<nav class="md-tabs"') : home.index("</nav>", home.index("md-tabs"))]
    labels = re.findall(r'class="md-tabs__link">\s*([^<]+?)\s*<', nav)
    assert labels[:3] == ["Home", "Timeline", "Gratitude"]
    assert "2024" not in labels  # the years are on the timeline page, not in every nav
    assert "Our story" in labels and len(labels) <= 12
    assert "Chelsea comes home" not in home[: home.index('class="md-content"')]


def test_home_shows_the_latest_entries_and_links_every_year(sample_site: Path) -> None:
    home = read(sample_site, "index.html")
    assert 0 < home.count('class="mb-card ') <= HOME_CARDS
    assert "Learning to make pasta" in home  # the newest entry
    for year in (2023, 2024, 2025, 2026):
        assert f'href="timeline/{year}/"' in home


def test_a_year_page_holds_that_year_only_grouped_by_month(sample_site: Path) -> None:
    year = read(sample_site, "timeline/2024/index.html")
    assert "Chelsea comes home" in year and "Our first pottery class" in year
    assert "Learning to make pasta" not in year and "Our first winter" not in year
    assert year.index('id="august">August<') < year.index('id="february">February<')
    assert year.index("Road trip to Porto</h3>") < year.index("Chelsea comes home</h3>")


def test_entry_page_shows_its_photos_responsively_with_captions(sample_site: Path) -> None:
    page = read(sample_site, "2024/2024-02-10-chelsea-comes-home/index.html")
    assert "Chelsea, deeply unimpressed by her new home" in page
    img = re.search(r'<img src="\.\./\.\./photos/[^"]+"[^>]*>', page)
    assert img, "the entry's photo is a rendition"
    for attribute in ("srcset=", "sizes=", "width=", "height=", 'decoding="async"'):
        assert attribute in img[0]
    assert 'class="mb-lightbox"' in page
    assert 'rel="prev"' in page and "Our first winter" in page
    assert 'rel="next"' in page and "Our first pottery class" in page


def test_gratitude_page_counts_each_way(sample_site: Path) -> None:
    page = read(sample_site, "gratitude/index.html")
    counts = dict(re.findall(r'"mb-label">(\w+ → \w+)</span>.*?"mb-value">(\d+)</span>', page))
    assert set(counts) == {"Alex → Sam", "Sam → Alex"}
    assert "By love language" in page and "Acts of service" in page


def test_milestones_page_knows_the_anniversaries(sample_site: Path) -> None:
    page = read(sample_site, "milestones/index.html")
    assert 'data-mb-since="2023-06-14"' in page
    assert 'data-mb-anniversary="2023-06-14"' in page  # the recurring first date
    assert page.count("<li><time") >= 3


def test_on_this_day_data_is_local_and_complete(sample_site: Path) -> None:
    data = read(sample_site, "assets/memorybook/on-this-day.js")
    assert data.startswith("window.memorybookOnThisDay = [")
    assert '["06-14",2023,' in data
    page = read(sample_site, "on-this-day/index.html")
    assert 'src="../assets/memorybook/on-this-day.js"' in page


def test_stats_page_draws_its_own_charts(sample_site: Path) -> None:
    page = read(sample_site, "stats/index.html")
    assert page.count('<figure class="mb-chart">') >= 4
    assert "Memories per month" in page and "Love languages" in page
    assert "<h2 id=" in page and ">2025<" in page


def test_our_book_page_links_the_pdf_beside_it(sample_site: Path) -> None:
    page = read(sample_site, "book/index.html")
    assert 'href="anniversary-book.pdf"' in page and "memorybook book" in page


def test_ordinary_pages_are_kept(sample_site: Path) -> None:
    assert "Our story" in read(sample_site, "our-story/index.html")


# -- scratch journals ------------------------------------------------------------

NOTE = """\
---
date: 2024-03-12
kind: gratitude
from: alex
to: sam
love_language: service
---
Thank you for the coffee.
"""


def entry(title: str, day: str, extra: str = "", body: str = "Some words.") -> str:
    return f"---\ntitle: {title}\ndate: {day}\n{extra}---\n{body}\n"


def test_a_missing_photo_is_a_located_problem_and_a_visible_placeholder(
    scratch: ScratchJournal, capsys: pytest.CaptureFixture[str], in_dir: ChDir
) -> None:
    in_dir(scratch.root)
    scratch.write("2024/2024-06-14-hike.md", entry("Hike", "2024-06-14", "photos: [summit.jpg]\n"))
    scratch.copy_photo("coffee.png", "2024/2024-06-15-coffee/cup.png")
    scratch.write(
        "2024/2024-06-15-coffee.md",
        entry("Coffee", "2024-06-15", "", "Look:\n\n![Our cup](2024-06-15-coffee/cup.png)"),
    )
    build(scratch.config)
    err = capsys.readouterr().err
    assert "journal/2024/2024-06-14-hike.md:4: error: photo summit.jpg does not exist" in err
    site = scratch.root / "site"
    hike = read(site, "2024/2024-06-14-hike/index.html")
    assert "Hike" in hike and "summit.jpg" not in hike  # left out, never a broken <img>
    coffee = read(site, "2024/2024-06-15-coffee/index.html")
    assert re.search(r'<img src="\.\./\.\./photos/[^"]+" srcset="[^"]+" [^>]*alt="Our cup"', coffee)
    assert "(2024-06-15-coffee/cup.png)" not in coffee
    assert not list(site.rglob("cup.png"))
    with pytest.raises(MemorybookError, match="strict"):
        build(scratch.config, strict=True)


def test_a_broken_entry_is_reported_like_check_and_the_rest_still_builds(
    scratch: ScratchJournal, in_dir: ChDir
) -> None:
    scratch.write("a.md", entry("Fine", "2024-01-01"))
    scratch.write("b.md", entry("Broken", "2024-01-02", "kind: holiday\n"))
    in_dir(scratch.root)
    result = CliRunner().invoke(main, ["build"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "journal/b.md:4: error: unknown kind 'holiday'; allowed: " in result.output
    assert "site built in" in result.output
    assert (scratch.root / "site" / "a" / "index.html").is_file()
    assert not (scratch.root / "site" / "b").exists()
    assert "INFO" not in result.output and "Material" not in result.output
    strict = CliRunner().invoke(main, ["build", "--strict"])
    assert strict.exit_code == 1 and "strict" in strict.output


def test_private_entries_and_journal_extras_never_reach_the_site(scratch: ScratchJournal) -> None:
    scratch.write("secret.md", entry("Secret", "2024-01-01", "private: true\n", "hush hush"))
    scratch.write("_drafts/draft.md", "# Draft\n\nnot yet\n")
    scratch.write("2024/scan.pdf", b"%PDF-1.4 private scan")
    scratch.write("visible.md", NOTE)
    build(scratch.config)
    site = scratch.root / "site"
    assert not (site / "secret").exists() and not list(site.rglob("*.pdf"))
    assert not (site / "_drafts").exists()
    assert containing(written_files(site), "hush hush", "private scan") == []
    assert "Thank you for the coffee." in read(site, "visible/index.html")


def test_a_users_custom_dir_still_wins(scratch: ScratchJournal) -> None:
    overrides = scratch.root / "mine"
    overrides.mkdir()
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}{% block content %}MY OWN TEMPLATE{% endblock %}'
    )
    config = scratch.config.read_text().replace(
        "  font: false\n", "  font: false\n  custom_dir: mine\n"
    )
    scratch.config.write_text(config)
    scratch.write("a.md", entry("Fine", "2024-01-01"))
    build(scratch.config)
    assert "MY OWN TEMPLATE" in read(scratch.root / "site", "a/index.html")
    assert "memorybook.css" in read(scratch.root / "site", "a/index.html")


def test_web_fonts_and_repository_calls_are_switched_off(scratch: ScratchJournal) -> None:
    config = scratch.config.read_text().replace(
        "  font: false\n", "  font: {text: Roboto}\nrepo_url: https://github.com/sam/journal\n"
    )
    scratch.config.write_text(config)
    scratch.write("a.md", entry("Fine", "2024-01-01"))
    build(scratch.config)
    site = scratch.root / "site"
    assert external_references(site) == []
    assert "github.com" not in read(site, "a/index.html")


def test_styles_and_scripts_from_another_host_are_left_out_with_a_warning(
    scratch: ScratchJournal, capsys: pytest.CaptureFixture[str]
) -> None:
    scratch.config.write_text(
        scratch.config.read_text()
        + "extra_css: [https://cdn.example.com/fancy.css, mine.css]\n"
        + "extra_javascript: ['//cdn.example.com/confetti.js']\n"
    )
    scratch.write("a.md", entry("Fine", "2024-01-01"))
    scratch.write("mine.css", "body { color: teal }\n")
    build(scratch.config)
    site = scratch.root / "site"
    assert external_references(site) == []
    assert "mine.css" in read(site, "a/index.html")
    assert "cdn.example.com" not in read(site, "a/index.html")
    err = capsys.readouterr().err
    assert "extra_css https://cdn.example.com/fancy.css left out: it is on another host" in err
    assert "extra_javascript //cdn.example.com/confetti.js left out" in err
    with pytest.raises(MemorybookError):
        build(scratch.config, strict=True)


def test_offline_site_works_from_disk(scratch: ScratchJournal) -> None:
    config = scratch.config.read_text().replace("plugins:\n", "plugins:\n  - search\n")
    scratch.config.write_text(config + "      offline: true\n")
    scratch.write("2024/a.md", entry("Fine", "2024-01-01"))
    build(scratch.config)
    site = scratch.root / "site"
    home = read(site, "index.html")
    assert 'href="2024/a.html"' in home and 'href="timeline/2024.html"' in home
    assert read(site, "search/search_index.js").startswith("var __index = {")
    assert 'src="assets/memorybook/iframe-worker.js"' in home  # search's worker from file://


def test_a_name_clash_with_a_generated_page_is_an_error(
    scratch: ScratchJournal, capsys: pytest.CaptureFixture[str], in_dir: ChDir
) -> None:
    in_dir(scratch.root)
    scratch.write("stats.md", "# My stats\n")
    build(scratch.config)
    assert (
        "journal/stats.md: error: stats.md would be published at stats/" in capsys.readouterr().err
    )
    assert "Our years in numbers" in read(scratch.root / "site", "stats/index.html")


def test_the_sample_builds_strictly_with_the_plain_mkdocs_command(tmp_path: Path) -> None:
    """`mkdocs build --strict` (not only memorybook build) passes on the sample, no warning."""
    project = build_sample(tmp_path).parent
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "s2")],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr


def test_a_project_from_memorybook_init_builds_strictly(tmp_path: Path) -> None:
    init_project(tmp_path / "ours", ("Ana", "Bea"))
    result = build(tmp_path / "ours" / "mkdocs.yml", strict=True)
    home = read(result.site_dir, "index.html")
    assert 'data-md-color-primary="custom"' in home and "memorybook.css" in home


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_previews_the_journal_on_this_computer(scratch: ScratchJournal) -> None:
    scratch.write("2024/a.md", entry("A quiet Sunday", "2024-01-07"))
    port = free_port()
    command = [sys.executable, "-m", "memorybook", "serve", "-f", str(scratch.config)]
    server = subprocess.Popen(
        [*command, "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        page = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/2024/a/", timeout=2) as r:
                    page = r.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert "A quiet Sunday" in page
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert f"serving on http://127.0.0.1:{port}/" in output
    assert "INFO" not in output and "Material" not in output
    assert not (scratch.root / "site").exists()  # serve builds elsewhere


def test_serve_listens_on_this_computer_only_by_default() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert "[default: 127.0.0.1:8000]" in result.output


def test_an_empty_journal_builds_a_welcoming_site(scratch: ScratchJournal) -> None:
    result = build(scratch.config, strict=True)
    home = read(result.site_dir, "index.html")
    assert "No entries yet" in home and "memorybook new" in home
    assert "Our years" in read(result.site_dir, "timeline/index.html")


def test_a_photo_that_cannot_be_read_shows_a_placeholder_with_its_name(
    scratch: ScratchJournal, capsys: pytest.CaptureFixture[str], in_dir: ChDir
) -> None:
    in_dir(scratch.root)
    scratch.write("2024/a/broken.jpg", b"\xff\xd8\xff not really a jpeg")
    scratch.copy_photo("rocket.jpg", "2024/a/rocket.jpg")
    scratch.write("2024/a/index.md", entry("Launch", "2024-05-01", "photos: [broken.jpg]\n"))
    scratch.write("2024/b.md", entry("Embed", "2024-05-02", "", "Look: ![[a/rocket.jpg]] wow"))
    build(scratch.config)
    assert "journal/2024/a/index.md:4: error:" in capsys.readouterr().err
    site = scratch.root / "site"
    page = read(site, "2024/a/index.html")
    assert re.search(r'<span class="mb-missing-photo"[^>]*>broken\.jpg</span>', page)
    embed = read(site, "2024/b/index.html")
    assert re.search(
        r'Look: <span class="mb-inline-photo"><a class="mb-lightbox"[^>]*><img ', embed
    )
    assert "![[" not in embed


def test_the_same_journal_gives_the_same_site(
    scratch: ScratchJournal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch.copy_photo("coffee.png", "2024/c/cup.png")
    scratch.write("2024/c/index.md", entry("Coffee", "2024-03-01", "photos: [cup.png]\n"))
    scratch.write("2024/d.md", NOTE)
    config = scratch.config.read_text(encoding="utf-8")  # a site_url fills the sitemap
    scratch.config.write_text(
        config.replace("site_name:", "site_url: http://127.0.0.1/ours/\nsite_name:")
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # MkDocs' build date: one day...
    first = build(scratch.config, site_dir=tmp_path / "one").site_dir
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # ...and another, years later
    second = build(scratch.config, site_dir=tmp_path / "two").site_dir

    def files(site: Path) -> dict[str, bytes]:
        return {
            p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()
        }

    assert files(first) == files(second)
    assert "<lastmod>2024-03-12</lastmod>" in (first / "sitemap.xml").read_text()


def test_the_journals_own_pages_show_renditions_too(scratch: ScratchJournal) -> None:
    scratch.copy_photo("chelsea.png", "us/chelsea.png")
    scratch.write("index.md", "# Welcome\n\nHello from us.\n\n![Our cat](us/chelsea.png)\n")
    scratch.write("us/story.md", "# Our story\n\n![The cat](chelsea.png)\n")
    scratch.write("2024/a.md", entry("First", "2024-01-01"))
    build(scratch.config, strict=True)
    site = scratch.root / "site"
    home, story = read(site, "index.html"), read(site, "us/story/index.html")
    assert "Hello from us." in home and 'alt="Our cat"' in home
    assert re.search(r'<img src="photos/[^"]+"[^>]*alt="Our cat"', home)
    assert re.search(r'<img src="\.\./\.\./photos/[^"]+"[^>]*alt="The cat"', story)
    assert not list(site.rglob("chelsea.png"))


def test_a_wrong_plugin_option_is_a_clear_error_not_a_traceback(
    scratch: ScratchJournal, in_dir: ChDir
) -> None:
    in_dir(scratch.root)
    scratch.config.write_text(scratch.config.read_text() + "      peeple: {}\n")
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 2  # a wrong option, as for every command
    assert "unknown option 'peeple'; allowed: book, " in result.output
    assert ", journal, lock, offline, " in result.output and ", people, photos, " in result.output
    assert "Traceback" not in result.output


def test_an_entry_named_like_a_generated_page_still_gets_its_own(scratch: ScratchJournal) -> None:
    scratch.write("index.md", entry("Our wedding", "2024-09-07", "kind: milestone\n"))
    scratch.write("stats.md", entry("Counting stars", "2024-08-12"))
    build(scratch.config, strict=True)
    site = scratch.root / "site"
    assert "Our wedding" in read(site, "2024/2024-09-07-entry/index.html")
    assert "Counting stars" in read(site, "2024/2024-08-12-stats/index.html")
    assert "Our years in numbers" in read(site, "stats/index.html")
    assert 'href="2024/2024-09-07-entry/"' in read(site, "index.html")
