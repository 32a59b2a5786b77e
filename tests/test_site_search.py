"""What the site's search finds: each entry by its own words, numbers and labels as words.

Material's search plugin reads each page's HTML; its tokenizer breaks words at the tags it
keeps (`p`, `li`, ...) and at spaces, so text in `<span>`s or table cells with nothing
between them is one word (`26memories`), and whatever is on an entry's page (the links to the
entries before and after it) is found as that entry's words.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from memorybook.building import build
from tests.conftest import ScratchJournal

pytestmark = pytest.mark.slow

TITLES = ["Heron at dawn", "Marmalade disaster", "Thimble museum", "Walrus parade"]
"""One word of each entry's title is in no other entry."""
KEPT_TAGS = re.compile(r"</?(p|li|ol|ul|code|pre|sub|sup)>")
"""The tags Material keeps in its index text; its tokenizer breaks words at each."""
RUN_TOGETHER = re.compile(r"\d[^\W\d_]|[^\W\d_]\d|[a-z][A-Z]")


def note(day: str, sender: str, recipient: str, language: str) -> str:
    return (
        f"---\ndate: {day}\nkind: gratitude\nfrom: {sender}\nto: {recipient}\n"
        f"love_language: {language}\n---\nThank you for the tea.\n"
    )


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    scratch = ScratchJournal(tmp_path_factory.mktemp("search") / "project")
    scratch.with_search()
    for day, title in enumerate(TITLES, start=1):
        body = f"Only the {title.split()[0].lower()} happened today."
        scratch.write(f"2024/{day}.md", f"---\ntitle: {title}\ndate: 2024-03-0{day}\n---\n{body}\n")
    scratch.write("2024/n1.md", note("2024-05-01", "sam", "alex", "service"))
    scratch.write("2024/n2.md", note("2024-05-02", "alex", "sam", "time"))
    scratch.write("2025/n3.md", note("2025-01-02", "alex", "sam", "time"))
    scratch.write(
        "2025/moved.md", "---\ntitle: Moved in\ndate: 2025-02-01\nkind: milestone\n---\nBoxes.\n"
    )
    scratch.copy_photo("coffee.png", "2025/coffee.png")
    scratch.copy_photo("rocket.jpg", "2025/rocket.jpg")
    scratch.write(
        "2025/gallery.md",
        "---\ntitle: Two photos\ndate: 2025-03-01\nphotos:\n  - {src: coffee.png, caption: A cup}\n"
        "  - {src: rocket.jpg, caption: Zebra 2}\n---\nLook.\n",
    )
    build(scratch.config, strict=True)
    data = json.loads((scratch.root / "site/search/search_index.json").read_text("utf-8"))
    return list(data["docs"])


def words(doc: dict[str, Any]) -> list[str]:
    """The runs of text Material's tokenizer reads from one search entry, tag by tag."""
    return [part for part in KEPT_TAGS.split(doc["text"]) if part.strip()]


def test_an_entry_is_found_by_its_own_words_only(index: list[dict[str, Any]]) -> None:
    for i, title in enumerate(TITLES, start=1):
        (doc,) = [d for d in index if d["location"] == f"2024/{i}/"]
        text = doc["text"]
        assert title in text
        others = [t.split()[0] for t in TITLES if t != title]
        assert [word for word in others if word in text] == []
        assert "Earlier" not in text and "Later" not in text


def test_numbers_and_labels_are_words_of_their_own(index: list[dict[str, Any]]) -> None:
    pages = ("stats/", "gratitude/", "milestones/", "2025/gallery/")
    generated = [d for d in index if d["location"].startswith(pages)]
    assert len(generated) >= 7
    run_together = [
        (doc["location"], run)
        for doc in generated
        for run in words(doc)
        if RUN_TOGETHER.search(run.replace("→", " "))
    ]
    assert run_together == []
    (stats,) = [d for d in index if d["location"] == "stats/"]
    assert "9 memories 3 thank-yous 2 photos" in stats["text"]


def test_an_entrys_own_facts_stay_findable(index: list[dict[str, Any]]) -> None:
    (doc,) = [d for d in index if d["location"] == "2024/n1/"]
    assert "Thank you for the tea." in doc["text"] and "Acts of service" in doc["text"]
    assert "Sam" in doc["text"] and "Alex" in doc["text"]
