"""The escaping helpers and the raw-HTML sanitiser on their own, and name clashes between the
journal's pages and memorybook's (tests/test_trust_browser.py opens a hostile site in chromium).
"""

from __future__ import annotations

import pytest

from memorybook.building import build
from memorybook.html import html, sanitise, script_json, url_path
from tests.conftest import ScratchJournal

# -- the helpers, without a browser ---------------------------------------------------------


def test_html_escapes_every_value_unless_it_is_finished_html() -> None:
    inner = html("<b>{}</b>", "<i>")
    assert html('<a title="{}">{}</a>', '" onmouseover="x', inner) == (
        '<a title="&#34; onmouseover=&#34;x"><b>&lt;i&gt;</b></a>'
    )


def test_urls_and_script_json_are_encoded_for_their_context() -> None:
    assert url_path('2024/a "b"#c?d%e f é/') == "2024/a%20%22b%22%23c%3Fd%25e%20f%20%C3%A9/"
    text = script_json(["</script><!--", "&amp;"])
    assert "<" not in text and ">" not in text and "&" not in text


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ('<p onclick="x()">Hi <em>there</em></p>', "<p>Hi <em>there</em></p>"),
        ('<meta http-equiv="refresh" content="0;url=https://e.example">', ""),
        ('<base href="https://e.example/">', ""),
        ('<link rel="dns-prefetch" href="https://e.example/">', ""),
        ('<iframe src="https://e.example/"></iframe>', ""),
        ('<object data="https://e.example/x"></object><embed src="https://e.example/y">', ""),
        ('<form action="https://e.example/"><button>Go</button></form>', "<button>Go</button>"),
        ('<a href="#x" ping="https://e.example/">x</a>', '<a href="#x">x</a>'),
        ('<a href=" jav&#x61;script:alert(1)">x</a>', "<a>x</a>"),
        ("<script>location='https://e.example/'</script>", ""),
        ("<svg><style><img src=x onerror=alert(1)></style></svg>", "<svg></svg>"),
        ('<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>', "<svg></svg>"),
        ("<!-- a --!><img src=x onerror=alert(1)>", '&lt;!-- a --!&gt;<img src="x">'),
        ("a < b & c", "a &lt; b &amp; c"),
        ("<![CDATA[<img src=x onerror=alert(1)>]]>", '&lt;![CDATA[<img src="x">]]&gt;'),
        ("<![style[x]]>", "&lt;![style[x]]&gt;"),
        ('<img src="data:image/png;base64,AA==">', '<img src="data:image/png;base64,AA==">'),
        ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "<a>x</a>"),
    ],
)
def test_raw_html_keeps_words_and_loses_what_runs_requests_or_redirects(
    raw: str, kept: str
) -> None:
    assert sanitise(raw) == kept


# -- name clashes -------------------------------------------------------------------------------

CLASHES = {
    "timeline.md": "timeline/",
    "timeline/2024.md": "timeline/2024/",
    "stats/index.md": "stats/",
    "book.md": "book/",
    "on-this-day/index.md": "on-this-day/",
    "gratitude.md": "gratitude/",
    "tags.md": "tags/",
    "places/README.md": "places/",
}


@pytest.mark.slow
def test_a_journal_page_where_memorybook_puts_its_own_is_reported_and_loses(
    scratch: ScratchJournal, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(scratch.root)
    scratch.write("2024/2024-05-01-walk.md", "---\ntitle: A walk\ndate: 2024-05-01\n---\nWalked.\n")
    for rel in CLASHES:
        scratch.write(rel, "# Mine, not memorybook's\n\nMY OWN WORDS\n")
    for asset in ("memorybook.js", "on-this-day.js"):
        scratch.write(f"assets/memorybook/{asset}", "window.mine = 'MY OWN WORDS';\n")
    build(scratch.config)
    err = capsys.readouterr().err
    for asset in ("memorybook.js", "on-this-day.js"):
        rel = f"assets/memorybook/{asset}"
        assert f"journal/{rel}: error: {rel} would replace memorybook's " in err
        assert "MY OWN WORDS" not in (scratch.root / "site" / rel).read_text(encoding="utf-8")
    for rel, url in CLASHES.items():
        expected = (
            f"journal/{rel}: error: {rel} would be published at {url}, where memorybook puts "
            f"its own page"
        )
        assert expected in err, rel
        assert "the site's wins" in err
        page = (scratch.root / "site" / url / "index.html").read_text(encoding="utf-8")
        assert "MY OWN WORDS" not in page, url
    hint = "stats/index.md is left out of the site; rename the file (for example to our-stats.md)"
    assert hint in err
    assert "Our years in numbers" in (scratch.root / "site/stats/index.html").read_text("utf-8")
    assert "A walk" in (scratch.root / "site/timeline/2024/index.html").read_text("utf-8")


@pytest.mark.slow
def test_an_entry_where_memorybook_puts_its_own_page_moves_under_its_year(
    scratch: ScratchJournal,
) -> None:
    scratch.write("stats/index.md", "---\ntitle: Counting stars\ndate: 2024-08-12\n---\nHi.\n")
    scratch.write("timeline.md", "---\ntitle: A timeline of us\ndate: 2024-08-13\n---\nHi.\n")
    build(scratch.config, strict=True)
    site = scratch.root / "site"
    assert "Counting stars" in (site / "2024/2024-08-12-stats/index.html").read_text("utf-8")
    assert "A timeline of us" in (site / "2024/2024-08-13-timeline/index.html").read_text("utf-8")
    assert "Our years in numbers" in (site / "stats/index.html").read_text("utf-8")
    assert "Our years" in (site / "timeline/index.html").read_text("utf-8")
