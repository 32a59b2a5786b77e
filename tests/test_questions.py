"""Questions you both answer (#14): the questions, the answers' rules, `new --question`, the
Questions page and the book's pairs, as the couple would notice them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from memorybook import building
from memorybook.book import BookOptions, BookReport, make_book
from memorybook.book.geometry import page_geometry
from memorybook.book.selection import answered_together, by_month
from memorybook.book.views import fits_side_by_side
from memorybook.journal import load_journal
from memorybook.links import Links
from memorybook.photos import WebPhotos
from memorybook.questions import DATA_FILE, parse_questions, question_set
from memorybook.scaffold import yaml_scalar
from memorybook.site import build_site
from tests.conftest import REPO, ScratchJournal, run
from tests.site_helpers import containing, written_files

ChDir = Callable[[Path], None]
THEMES = {"communication", "trust", "gratitude", "love_languages", "shared_experiences", "dreams"}
Q24 = "Which ordinary moment with me would you like to live again, exactly as it was?"
Q31 = "How do you most like to be welcomed home?"


def answer(person: str, question: int, day: str, words: str, extra: str = "") -> str:
    """An answer as `new --question` writes it (the question is the title), filled in."""
    title = yaml_scalar(question_set().questions[question].text)
    return (
        f"---\ntitle: {title}\ndate: {day}\nauthor: {person}\nquestion: {question}\n"
        f"{extra}---\n{words}\n"
    )


# -- the questions ------------------------------------------------------------------------


def test_about_fifty_questions_with_unique_ids_in_every_theme() -> None:
    raw = yaml.safe_load((REPO / "src" / "memorybook" / DATA_FILE).read_text(encoding="utf-8"))
    ids = [item["id"] for item in raw["questions"]]
    assert len(ids) == len(set(ids)), "an id is used twice"
    questions = question_set()
    assert 45 <= len(questions.questions) <= 60
    assert set(questions.themes) == THEMES
    per_theme = Counter(q.theme for q in questions.questions.values())
    assert set(per_theme) == THEMES and min(per_theme.values()) >= 6, per_theme
    texts = [q.text for q in questions.questions.values()]
    assert len(set(texts)) == len(texts)
    assert all(text.endswith(("?", ".")) and len(text) < 120 for text in texts)
    assert questions.span == f"1 to {len(ids)}"


def test_an_id_used_twice_is_refused() -> None:
    text = (
        "themes: {trust: Trust}\nquestions:\n"
        "  - {id: 3, theme: trust, text: 'One?'}\n  - {id: 3, theme: trust, text: 'Two?'}\n"
    )
    with pytest.raises(ValueError, match="question id 3 is used twice"):
        parse_questions(text)


def test_the_data_file_says_ids_are_never_reused() -> None:
    header = (REPO / "src" / "memorybook" / DATA_FILE).read_text(encoding="utf-8")[:1200]
    assert "never changes meaning and is never reused" in header


# -- the model ----------------------------------------------------------------------------


def test_an_unknown_question_is_a_located_error_naming_the_range(
    scratch: ScratchJournal, in_dir: ChDir
) -> None:
    scratch.write("2024/a.md", answer("sam", 1, "2024-03-01", "Words.").replace(": 1\n", ": 99\n"))
    in_dir(scratch.root)
    result = run("check")
    assert result.exit_code == 1
    assert (
        "journal/2024/a.md:5: error: there is no question 99: memorybook's questions are "
        f"numbered 1 to {len(question_set().questions)}; `memorybook new --question` picks one"
    ) in result.output


def test_an_answer_by_both_of_you_is_a_located_warning_and_no_answer(
    scratch: ScratchJournal, in_dir: ChDir
) -> None:
    text = "---\ntitle: Ours\ndate: 2024-03-01\nauthors: [sam, alex]\nquestion: 24\n---\nWe.\n"
    scratch.write("2024/ours.md", text)
    in_dir(scratch.root)
    result = run("check")
    assert result.exit_code == 0
    assert (
        "journal/2024/ours.md:5: warning: an answer to question 24 is one person's, but it is "
        "written by Sam and Alex; it is shown as an ordinary entry, not as an answer; give it "
        "`author:` with one of you"
    ) in result.output
    (entry,) = load_journal(scratch.settings()).entries
    assert entry.question is None


@pytest.mark.parametrize("body", ["The morning at the market.", ""])
def test_an_answer_written_by_hand_without_a_title_is_titled_by_its_question(
    scratch: ScratchJournal, in_dir: ChDir, body: str
) -> None:
    scratch.write(
        "2024/mine.md", f"---\ndate: 2024-03-01\nauthor: sam\nquestion: 24\n---\n{body}\n"
    )
    in_dir(scratch.root)
    result = run("check")
    assert result.exit_code == 0 and ": error: " not in result.output, result.output
    (entry,) = load_journal(scratch.settings()).entries
    assert entry.title == Q24
    assert entry.question == (24 if body else None)  # (a placeholder is not an answer yet)


def test_an_entry_without_a_title_or_a_question_still_needs_a_title(
    scratch: ScratchJournal, in_dir: ChDir
) -> None:
    scratch.write("2024/mine.md", "---\ndate: 2024-03-01\nauthor: sam\nquestion: 99\n---\nHi.\n")
    in_dir(scratch.root)
    output = run("check").output
    assert "journal/2024/mine.md:2: error: an experience needs a `title`" in output, output


def test_from_answers_for_a_note(scratch: ScratchJournal) -> None:
    scratch.write(
        "2024/thanks.md",
        "---\ndate: 2024-03-01\nkind: gratitude\nfrom: alex\nto: sam\nquestion: 18\n---\nThanks.\n",
    )
    journal = load_journal(scratch.settings())
    assert journal.problems == () and journal.entries[0].question == 18


def test_a_second_answer_is_a_warning_and_the_first_stays_the_answer(
    scratch: ScratchJournal, in_dir: ChDir
) -> None:
    scratch.write("2024/later.md", answer("sam", 24, "2024-09-01", "Second thoughts."))
    scratch.write(
        "2024/first.md", answer("sam", 24, "2024-03-01", "First thoughts.", "private: true\n")
    )
    in_dir(scratch.root)
    result = run("check")
    assert (
        "journal/2024/later.md:5: warning: Sam already answered question 24 in 2024/first.md "
        "(2024-03-01): that first answer is the one shown beside the other answers; this one "
        "stays an ordinary entry; to show this answer instead, remove `question: 24` from "
        "2024/first.md; otherwise remove it here"
    ) in result.output
    # The first answer is private: the site shows no answer of Sam's, not the second one.
    published = load_journal(scratch.settings()).entries
    assert [(e.rel, e.question) for e in published] == [("2024/later.md", None)]


# -- new --question ---------------------------------------------------------------------


def new_answer(*args: str) -> tuple[int, str, str]:
    """`memorybook new --question ...`: exit code, what it wrote (stdout), what it said."""
    result = run("new", "--no-edit", "--date", "2024-06-14", *args)
    return result.exit_code, result.stdout.strip(), result.stderr.strip()


def test_new_question_writes_the_first_unanswered_question(
    scratch: ScratchJournal, in_dir: ChDir
) -> None:
    in_dir(scratch.root)
    code, path, said = new_answer("--question", "--author", "sam")
    assert code == 0, said
    assert path == "journal/2024/2024-06-14-question-1-sam.md"
    text = Path(path).read_text(encoding="utf-8")
    first = question_set().questions[1].text
    assert f"title: {first}\n" in text and "author: sam\n" in text
    assert re.search(r"^question: 1\b", text, re.MULTILINE)
    assert "the first question neither of you has answered yet" in said
    (entry,) = load_journal(scratch.settings()).entries
    assert (entry.question, entry.authors, entry.title) == (None, ("sam",), first)  # unwritten
    Path(path).write_text(text.replace("Your answer, in your own words.", "Mine."), "utf-8")
    (entry,) = load_journal(scratch.settings()).entries
    assert (entry.question, entry.authors, entry.title) == (1, ("sam",), first)


def test_new_question_prefers_the_one_your_partner_is_waiting_on(
    scratch: ScratchJournal, in_dir: ChDir
) -> None:
    scratch.write("2024/a.md", answer("alex", 24, "2024-03-01", "Alex's words."))
    scratch.write("2024/b.md", answer("alex", 31, "2024-02-01", "Alex waited longer."))
    scratch.write("2024/c.md", answer("sam", 1, "2024-01-01", "Sam's words."))
    in_dir(scratch.root)
    code, path, said = new_answer("--question", "--author", "sam")
    assert code == 0 and path.endswith("2024-06-14-question-31-sam.md")
    assert "Alex answered it on 1 February 2024; now it is your turn" in said
    # Alex is waited on for question 1; nothing of Alex's own is waiting, so question 1 it is.
    code, path, said = new_answer("--question", "--author", "alex")
    assert path.endswith("2024-06-14-question-1-alex.md"), said


def test_a_sealed_or_private_answer_counts_as_answered(
    scratch: ScratchJournal, in_dir: ChDir
) -> None:
    scratch.write(
        "2024/a.md", answer("sam", 1, "2024-03-01", "Later.", "sealed_until: 2099-01-01\n")
    )
    scratch.write("2024/b.md", answer("sam", 2, "2024-03-02", "Mine.", "private: true\n"))
    in_dir(scratch.root)
    code, path, _ = new_answer("--question", "--author", "sam")
    assert code == 0 and path.endswith("question-3-sam.md")
    code, path, said = new_answer("--question", "--author", "alex")
    assert path.endswith("question-1-alex.md"), said


def test_question_n_writes_n_and_never_overwrites(scratch: ScratchJournal, in_dir: ChDir) -> None:
    in_dir(scratch.root)
    taken = scratch.write("2024/2024-06-14-question-7-sam.md", "# My own page\n")
    code, path, said = new_answer("--question", "7", "--author", "sam")
    assert code == 0, said
    assert path == "journal/2024/2024-06-14-question-7-sam-2.md"
    assert taken.read_text(encoding="utf-8") == "# My own page\n"
    assert "question: 7" in Path(path).read_text(encoding="utf-8")
    Path(path).write_text(answer("sam", 7, "2024-06-14", "Written."), encoding="utf-8")
    before = Path(path).read_text(encoding="utf-8")
    code, _, said = new_answer("--question", "7", "--author", "sam")
    assert (
        code == 2  # a usage error (#22)
        and "Sam already answered question 7 in 2024/2024-06-14-question-7-sam-2.md" in said
    )
    assert Path(path).read_text(encoding="utf-8") == before
    code, path, said = new_answer("--question", "7", "--from", "alex")
    assert code == 0 and path.endswith("question-7-alex.md")
    assert "(as asked; Sam answered it on 14 June 2024)" in said


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--question"], "who is answering? add --author sam or --author alex"),
        (["--question", "99", "--author", "sam"], "--question 99: there is no such question"),
        (
            ["--question", "--author", "sam", "--kind", "letter"],
            "an answer is an entry of your own",
        ),
    ],
)
def test_new_question_mistakes_are_clean_errors(
    scratch: ScratchJournal, in_dir: ChDir, args: list[str], message: str
) -> None:
    in_dir(scratch.root)
    code, path, said = new_answer(*args)
    assert (code, path) == (2, "") and message in said
    assert not any(scratch.journal.rglob("*.md"))


def test_when_every_question_is_answered_it_says_so_kindly(
    scratch: ScratchJournal, in_dir: ChDir
) -> None:
    count = len(question_set().questions)
    for qid in question_set().questions:
        scratch.write(f"2024/sam-{qid}.md", answer("sam", qid, "2024-01-01", "Yes."))
    in_dir(scratch.root)
    code, path, said = new_answer("--question", "--author", "sam")
    assert code == 0
    assert path == (
        f"Sam, you have answered every one of the {count} questions; Alex has {count} to go. "
        "Their answers will appear beside yours on the site's Questions page."
    )
    for qid in question_set().questions:
        scratch.write(f"2024/alex-{qid}.md", answer("alex", qid, "2024-01-02", "Yes."))
    code, path, said = new_answer("--question", "--author", "alex")
    assert path.startswith(f"You have both answered all {count} questions.")
    assert sorted(p.name for p in scratch.journal.rglob("*.md")) == sorted(
        [f"sam-{q}.md" for q in question_set().questions]
        + [f"alex-{q}.md" for q in question_set().questions]
    )


# -- the site -----------------------------------------------------------------------------

SEALED = "SEALED-CANARY-ANSWER"
PRIVATE = "PRIVATE-CANARY-ANSWER"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scratch = ScratchJournal(tmp_path_factory.mktemp("questions-site") / "project")
    scratch.write("2024/2024-03-01-q24-sam.md", answer("sam", 24, "2024-03-01", "SAM-DOORWAY."))
    scratch.write("2024/2024-03-09-q24-alex.md", answer("alex", 24, "2024-03-09", "ALEX-ONIONS."))
    scratch.write("2024/2024-04-02-q31-alex.md", answer("alex", 31, "2024-04-02", "ALEX-KETTLE."))
    scratch.write("2024/2024-05-01-q3-alex.md", answer("alex", 3, "2024-05-01", "ALEX-THREE."))
    scratch.write(
        "2024/2024-05-02-q3-sam.md",
        answer("sam", 3, "2024-05-02", f"{SEALED}.", "sealed_until: 2099-01-01\n"),
    )
    scratch.write(
        "2024/2024-06-01-q5-sam.md",
        answer("sam", 5, "2024-06-01", f"{PRIVATE}.", "private: true\n"),
    )
    scratch.write("2024/2024-06-02-q5-alex.md", answer("alex", 5, "2024-06-02", "ALEX-FIVE."))
    scratch.write("2024/2024-07-01-again.md", answer("sam", 24, "2024-07-01", "SAM-AGAIN."))
    building.build(scratch.config)
    return scratch.root / "site"


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def links_of(html: str) -> list[str]:
    return re.findall(r'href="([^"#]*)(?:#[^"]*)?"', html)


def resolves(site: Path, page: str, href: str) -> bool:
    """Whether a relative link on `page` (a folder of the site) leads to a built page."""
    return ((site / page / href).resolve() / "index.html").is_file()


def test_the_pair_is_side_by_side_each_in_its_colour_linking_to_each_entry(site: Path) -> None:
    page = read(site, "questions/index.html")
    (pair,) = re.findall(r'<section class="mb-pair".*?</section>', page, re.DOTALL)
    assert 'id="mb-q-24"' in pair and Q24 in pair
    assert pair.index("SAM-DOORWAY") < pair.index("ALEX-ONIONS")  # in the order of people:
    cells = re.findall(r'<article class="mb-answer".*?</article>', pair, re.DOTALL)
    assert len(cells) == 2
    for cell, (name, colour, words) in zip(
        cells, [("Sam", "#e76f51", "SAM-DOORWAY"), ("Alex", "#2a9d8f", "ALEX-ONIONS")], strict=True
    ):
        assert colour in cell and f">{name}</span>" in cell and words in cell
        (href,) = links_of(cell)
        assert resolves(site, "questions", href)
        target = (site / "questions" / href).resolve() / "index.html"
        assert words in target.read_text(encoding="utf-8")
    assert "SAM-AGAIN" not in page  # a second answer is no answer


def test_one_sided_questions_wait_for_the_other(site: Path) -> None:
    page = read(site, "questions/index.html")
    waiting = page.split("Waiting for an answer", 1)[1]
    items = re.findall(r'<li id="mb-q-(\d+)">(.*?)</li>', waiting, re.DOTALL)
    assert [qid for qid, _ in items] == ["5", "3", "31"]  # newest first
    for _, item in items:
        assert re.search(r">Alex</span> answered on .*waiting for .*>Sam</span>’s answer", item)
        (href,) = links_of(item)
        assert resolves(site, "questions", href)
    assert Q31 in waiting


def test_sealed_and_private_answers_are_nowhere_and_count_as_unanswered(site: Path) -> None:
    assert containing(written_files(site), SEALED, PRIVATE) == []


def test_an_answer_page_links_to_the_pair_and_to_the_other_answer(site: Path) -> None:
    page = read(site, "2024/2024-03-09-q24-alex/index.html")
    note = re.search(r'<aside class="mb-answer-note"[^>]*>.*?</aside>', page, re.DOTALL)
    assert note and "We both answered this question." in note[0]
    assert '<span class="mb-kind">Answer</span>' in page  # not "Memory"
    hrefs = re.findall(r'href="([^"]*)"', note[0])
    assert hrefs[0].endswith("questions/#mb-q-24") and resolves(
        site, "2024/2024-03-09-q24-alex", hrefs[0].split("#")[0]
    )
    assert resolves(site, "2024/2024-03-09-q24-alex", hrefs[1]) and "2024-03-01-q24-sam" in hrefs[1]
    waiting = read(site, "2024/2024-04-02-q31-alex/index.html")
    assert "One of our questions, waiting for Sam’s answer." in waiting
    assert "mb-answer-note" not in read(site, "2024/2024-07-01-again/index.html")


def test_the_questions_tab_is_there_only_when_there_are_answers(
    site: Path, scratch: ScratchJournal
) -> None:
    assert re.search(
        r'<a href="questions/" class="md-tabs__link">\s*Questions', read(site, "index.html")
    )
    scratch.write("2024/a.md", "---\ntitle: Hike\ndate: 2024-03-01\n---\nUp.\n")
    nav = build_site(load_journal(scratch.settings()), WebPhotos(), Links()).nav
    assert {"Questions": "questions.md"} not in nav


@pytest.mark.browser
@pytest.mark.slow
def test_answers_sit_side_by_side_on_a_wide_screen_and_stack_on_a_phone(
    site: Path, browser: object
) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    page_url = (site / "questions" / "index.html").as_uri()
    tops = {}
    for width in (1280, 390):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(page_url)
        boxes = [cell.bounding_box() for cell in page.locator(".mb-answer").all()]
        assert all(boxes) and len(boxes) == 2
        tops[width] = [box["y"] for box in boxes if box]
        assert page.evaluate("document.scrollingElement.scrollWidth - innerWidth") <= 0
        page.close()
    assert tops[1280][0] == tops[1280][1]
    assert tops[390][1] > tops[390][0] + 50


# -- the book -----------------------------------------------------------------------------

LONG_SAM = " ".join(["Sam kept remembering the small things of that long week."] * 40)
LONG_ALEX = " ".join(["Alex wrote about every evening of that summer, one by one."] * 40)


@dataclass
class Book:
    report: BookReport
    pages: list[str]
    html: str


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Book]:
    scratch = ScratchJournal(tmp_path_factory.mktemp("questions-book") / "project")
    config = scratch.config.read_text(encoding="utf-8")
    scratch.config.write_text(
        config + "      book: {size: 6x6in, min_pages: 4, page_multiple: 2}\n", encoding="utf-8"
    )
    scratch.write("2023/august.md", "---\ntitle: August walk\ndate: 2023-08-02\n---\nWALKWORDS.\n")
    scratch.write("2023/s24.md", answer("sam", 24, "2023-08-10", "SAMWORDS in the doorway."))
    scratch.write("2023/a24.md", answer("alex", 24, "2023-09-20", "ALEXWORDS with the onions."))
    scratch.write("2023/a31.md", answer("alex", 31, "2023-10-01", "KETTLEWORDS."))
    scratch.write("2023/s12.md", answer("sam", 12, "2023-11-05", LONG_SAM + " LONGENDSAM"))
    scratch.write("2023/a12.md", answer("alex", 12, "2023-11-06", LONG_ALEX + " LONGENDALEX"))
    scratch.write("2024/a40.md", answer("alex", 40, "2024-06-01", "OUTWORDS-ALEX."))
    scratch.write("2024/s40.md", answer("sam", 40, "2024-07-01", "After the book's year."))
    output = scratch.root / "out" / "book.pdf"
    report = make_book(scratch.settings(), BookOptions(year=1, output=output, html=True))
    reader = PdfReader(report.pdf)
    pages = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
    yield Book(report, pages, output.with_suffix(".html").read_text(encoding="utf-8"))


def test_the_book_sets_both_answers_on_one_page_under_the_question(book: Book) -> None:
    (page,) = [text for text in book.pages if "SAMWORDS" in text]
    assert "ALEXWORDS" in page and "September 2023" in page and "WE BOTH ANSWERED" in page.upper()
    assert " ".join(Q24.split()[:5]) in page
    assert page.index("Sam") < page.index("SAMWORDS") < page.index("Alex") < page.index("ALEXWORDS")
    (august,) = [text for text in book.pages if "WALKWORDS" in text]
    assert "SAMWORDS" not in august  # Sam's answer left its own date to sit beside Alex's


def test_short_answers_are_columns_long_ones_follow_each_other(book: Book) -> None:
    pairs = re.findall(r'<article class="entry entry--pair".*?</article>', book.html, re.DOTALL)
    assert len(pairs) == 2
    short, long = pairs
    assert "pair__answers--side" in short and "pair__answers--side" not in long
    text = " ".join(book.pages)
    text = text.replace("\u2010 ", "")  # words hyphenated at the end of a line, joined again
    assert "LONGENDSAM" in text and "LONGENDALEX" in text  # nothing is cut off


def test_the_contents_list_a_pair_once_and_the_preflight_passes(book: Book) -> None:
    assert book.html.count('<li class="toc__entry toc__entry--pair"><a href="#q-24-') == 1
    assert not book.report.failed(strict=True), book.report.lines()
    assert book.report.entries == 7


def test_a_pair_with_an_answer_outside_the_book_is_not_set_together(book: Book) -> None:
    (page,) = [text for text in book.pages if "OUTWORDS-ALEX" in text]
    assert "WE BOTH ANSWERED" not in page.upper()
    assert "q-40-" not in book.html
    assert "KETTLEWORDS" in " ".join(book.pages)


def test_by_month_moves_earlier_answers_to_the_last_one(scratch: ScratchJournal) -> None:
    scratch.write("2024/walk.md", "---\ntitle: Walk\ndate: 2024-02-15\n---\nUp.\n")
    scratch.write("2024/s.md", answer("sam", 24, "2024-02-01", "Sam."))
    scratch.write("2024/a.md", answer("alex", 24, "2024-03-05", "Alex."))
    scratch.write("2024/later.md", "---\ntitle: Later\ndate: 2024-03-06\n---\nOn.\n")
    entries = load_journal(scratch.settings()).entries
    together = answered_together(entries, ["sam", "alex"])
    months = by_month(entries, together)
    assert [(m.name, [e.rel for e in m.entries]) for m in months] == [
        ("February 2024", ["2024/walk.md"]),
        ("March 2024", ["2024/s.md", "2024/a.md", "2024/later.md"]),
    ]


def test_side_by_side_only_while_both_answers_fit_a_page() -> None:
    square = page_geometry("8x8in", "0.125in")
    assert fits_side_by_side(["A short answer.", "Another, also short."], square)
    assert not fits_side_by_side([LONG_SAM, "Short."], square)
    assert not fits_side_by_side(["One.", "Two.", "Three."], square)  # two columns at most
