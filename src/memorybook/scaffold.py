"""Creating files for the couple: a new entry (`new`) and a new journal project (`init`).

Both only ever create files; an existing file is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from memorybook.errors import ConfigError, MemorybookError
from memorybook.journal import KINDS, Entry, Journal, load_journal, parse_when
from memorybook.questions import (
    Pick,
    Question,
    answered_on,
    collect_answers,
    pick_question,
    question_set,
)
from memorybook.settings import Settings, require_person
from memorybook.templates import ANSWER_TEMPLATE, TELLING_TEMPLATE, TEMPLATES, check_in_parts
from memorybook.words import today


@dataclass(frozen=True)
class NewEntry:
    """What `memorybook new` is asked to write."""

    kind: str = "experience"
    title: str = ""
    date: str | None = None
    """As the user typed it; default today."""
    sender: str | None = None
    recipient: str | None = None
    author: str | None = None
    sealed_until: str | None = None
    """A time capsule's opening day, as typed."""


def slugify(text: str) -> str:
    """A file-name-safe, lower-case, ASCII-ish version of a title."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


def new_entry(settings: Settings, request: NewEntry) -> Path:
    """Write a new entry from its kind's template at the suggested path; return the path."""
    if request.kind not in KINDS:
        raise ConfigError(f"unknown kind {request.kind!r}; allowed: {', '.join(KINDS)}")
    when = _date(request.date)
    opens = _opening_day(request.sealed_until, when)
    request = _known_people(settings, request)
    _require_title(request)
    sender, recipient = _note_people(settings, request)
    folder = settings.journal / f"{when.year:04d}"
    stem = f"{when.isoformat()}-{_name(request, recipient)}"
    photo_dir = (folder / stem).relative_to(settings.project_dir).as_posix()
    text = _render(settings, request, when, (sender, recipient), photo_dir, opens)
    folder.mkdir(parents=True, exist_ok=True)
    return _create_unique(folder, stem, text)


def _name(request: NewEntry, recipient: str | None) -> str:
    """The file name after the date: the title, else what the note is."""
    if request.title and slugify(request.title):
        return slugify(request.title)
    if recipient:
        return f"thanks-{recipient}" if request.kind == "gratitude" else f"letter-to-{recipient}"
    return request.kind


def _date(value: str | None) -> dt.date:
    if value is None:
        return today()
    parsed = parse_when(value)
    if parsed is None:
        raise ConfigError(f"--date {value!r} is not a date like 2024-06-14")
    return parsed[0]


def _opening_day(value: str | None, written: dt.date) -> dt.date | None:
    """`--sealed-until`: a day after the entry's own, or the capsule would never be sealed."""
    if value is None:
        return None
    parsed = parse_when(value)
    if parsed is None:
        raise ConfigError(f"--sealed-until {value!r} is not a date like 2030-06-14")
    if parsed[0] <= written:
        raise ConfigError(
            f"--sealed-until {parsed[0]} is not after the entry's date {written}: "
            "a time capsule opens on a later day"
        )
    return parsed[0]


def _sealed_line(opens: dt.date | None) -> str:
    if opens is None:
        return ""
    return f"sealed_until: {opens.isoformat()}  # nothing of it is published before this day\n"


def _known_people(settings: Settings, request: NewEntry) -> NewEntry:
    """The request with each person as their id, matched as a file's `from:` is matched."""
    return replace(
        request,
        sender=request.sender and require_person(settings, request.sender, "--from"),
        recipient=request.recipient and require_person(settings, request.recipient, "--to"),
        author=request.author and require_person(settings, request.author, "--author"),
    )


def _require_title(request: NewEntry) -> None:
    if request.kind in ("experience", "milestone") and not request.title:
        article = "an" if request.kind == "experience" else "a"
        raise ConfigError(
            f'{article} {request.kind} needs a title: memorybook new "Our first hike"'
        )


def _render(
    settings: Settings,
    request: NewEntry,
    when: dt.date,
    people: tuple[str | None, str | None],
    photo_dir: str,
    opens: dt.date | None = None,
) -> str:
    sender, recipient = people
    sealed = _sealed_line(opens)
    date_text = request.date.strip() if request.date else when.isoformat()
    title = yaml_scalar(request.title)
    return TEMPLATES[request.kind].format(
        title=title,
        title_line=f"title: {title}\n" if request.title else "",
        date=date_text,
        authors=f"author: {yaml_scalar(request.author)}\n" if request.author else "",
        sender=yaml_scalar(sender or ""),
        recipient=yaml_scalar(recipient or ""),
        recipient_name=settings.person_name(recipient) if recipient else "",
        photo_dir=photo_dir,
        sealed=sealed,
        parts=check_in_parts([p.name for p in settings.people.values()] or ["Me"]),
    )


def _note_people(settings: Settings, request: NewEntry) -> tuple[str | None, str | None]:
    """For notes, fill in the other partner when the couple is two people."""
    if request.kind not in ("gratitude", "letter"):
        return None, None
    sender = request.sender or request.author
    recipient = request.recipient
    ids = list(settings.people)
    if len(ids) == 2:
        if sender and not recipient:
            recipient = next(p for p in ids if p != sender) if sender in ids else None
        elif recipient and not sender:
            sender = next(p for p in ids if p != recipient) if recipient in ids else None
    if not sender or not recipient:
        raise ConfigError(
            f"a {request.kind} needs --from and --to (person ids: "
            f"{', '.join(ids) or 'none configured'})"
        )
    if sender == recipient:
        raise ConfigError("--from and --to must be two different people")
    return sender, recipient


@dataclass(frozen=True)
class NewAnswer:
    """What `memorybook new --question` did: the entry it wrote (None when there was no
    question left to answer) and the question, with why it was chosen."""

    path: Path | None
    pick: Pick


def new_answer(settings: Settings, request: NewEntry, question: int | None) -> NewAnswer:
    """Write one person's answer to question `question`, or, with None, to the question
    `pick_question` chooses for them; never overwriting a file.

    Who has answered what is read from every entry, private and still-sealed ones included:
    an answer in a time capsule is an answer, even though the site does not show it yet.
    """
    request = _known_people(settings, request)
    person = _answerer(settings, request)
    journal = load_journal(settings, include_private=True, as_of=dt.date.max, reveal_all=True)
    answers = collect_answers(journal.entries, list(settings.people))
    if question is None:
        pick = pick_question(answers, person, list(settings.people), settings.person_name)
    else:
        asked = answers.get(question)
        so_far = f"; {answered_on(asked, settings.person_name)}" if asked else ""
        pick = Pick(_asked(question), f"as asked{so_far}")
    if pick.question is None:
        return NewAnswer(None, pick)
    mine = answers.get(pick.question.id)
    if mine is not None and person in mine.by:
        first = mine.by[person]
        raise ConfigError(
            f"{settings.person_name(person)} already answered question {pick.question.id} in "
            f"{first.rel} ({first.date}); one answer each is shown, so no second one is written"
        )
    when = _date(request.date)
    opens = _opening_day(request.sealed_until, when)
    folder = settings.journal / f"{when.year:04d}"
    name = slugify(request.title) or f"question-{pick.question.id}-{person}"
    stem = f"{when.isoformat()}-{name}"
    text = ANSWER_TEMPLATE.format(
        title=yaml_scalar(request.title or pick.question.text),
        date=request.date.strip() if request.date else when.isoformat(),
        author=yaml_scalar(person),
        question=pick.question.id,
        photo_dir=(folder / stem).relative_to(settings.project_dir).as_posix(),
        sealed=_sealed_line(opens),
    )
    folder.mkdir(parents=True, exist_ok=True)
    return NewAnswer(_create_unique(folder, stem, text), pick)


def _answerer(settings: Settings, request: NewEntry) -> str:
    """The one person who answers: `--author` or `--from`, or the only person there is."""
    if request.kind != "experience" or request.recipient:
        raise ConfigError(
            "an answer is an entry of your own: leave out --kind and --to, and give --author"
        )
    given = {pid for pid in (request.author, request.sender) if pid}
    if len(given) > 1:
        raise ConfigError("--author and --from name two people; an answer is one person's")
    if not given and len(settings.people) == 1:
        given = set(settings.people)
    if not given:
        choices = " or ".join(f"--author {pid}" for pid in settings.people) or "--author PERSON"
        raise ConfigError(f"who is answering? add {choices}")
    return given.pop()


def _asked(question_id: int) -> Question:
    """The question `--question N` names; a retired or unknown one is refused."""
    questions = question_set()
    question = questions.get(question_id)
    if question is None:
        raise ConfigError(
            f"--question {question_id}: there is no such question; they are numbered "
            f"{questions.span} (--question alone picks one for you)"
        )
    if question.retired:
        raise ConfigError(
            f"--question {question_id} is retired and takes no new answers "
            "(--question alone picks one for you)"
        )
    return question


def new_telling(settings: Settings, told: Path, author: str | None) -> Path:
    """Write `author`'s telling of the entry at `told` (by default the other partner's): its
    title and day, `telling_of` its path; never a second telling by the same person."""
    journal = load_journal(settings, include_private=True, as_of=dt.date.max, reveal_all=True)
    entry = _told_entry(settings, journal, told)
    author = author and require_person(settings, author, "--author")
    voice = entry.voice
    if author is None:
        others = [pid for pid in settings.people if pid != voice]
        if voice is None or len(others) != 1:
            raise ConfigError(f"who tells it? add --author ({', '.join(settings.people)})")
        author = others[0]
    name = settings.person_name
    if author == voice:
        raise ConfigError(f"{name(author)} wrote {entry.rel}: a telling is the other partner's")
    mine = [t for t in journal.tellings_of(entry) if t.voice == author]
    if mine:
        raise ConfigError(f"{name(author)} already told {entry.rel} in {mine[0].rel}")
    folder = entry.source.parent
    stem = f"{entry.source.stem}-{author}"
    note = entry.kind in ("gratitude", "letter")
    people = f"from: {author}\nto: {entry.sender}\n" if note else f"author: {author}\n"
    text = TELLING_TEMPLATE.format(
        title=yaml_scalar(entry.title),
        date=entry.date.isoformat() + (f" {entry.time:%H:%M}" if entry.time else ""),
        kind=entry.kind,
        people=people,
        told=yaml_scalar(entry.rel),
        name=name(voice or ""),
        photo_dir=(folder / stem).relative_to(settings.project_dir).as_posix(),
    )
    return _create_unique(folder, stem, text)


def _told_entry(settings: Settings, journal: Journal, told: Path) -> Entry:
    """The entry `new --telling PATH` names: a path as typed (from here, or in the journal)."""
    for path in (told.resolve(), (settings.journal / told).resolve()):
        found = next((e for e in journal.entries if e.source.resolve() == path), None)
        if found is not None:
            return found
        telling = next((e for e in journal.tellings if e.source.resolve() == path), None)
        if telling is not None:
            raise ConfigError(
                f"{telling.rel} is itself a telling of {telling.telling_of}; tell that one"
            )
    raise ConfigError(
        f"--telling {told}: there is no entry there (`memorybook check` says why, if it is "
        "a file with problems)"
    )


def yaml_scalar(text: str, *, flow: bool = False) -> str:
    """`text` as a one-line YAML value that reads back as exactly this text.

    PyYAML's emitter quotes what YAML would misread (`Yes`, `null`, `*star`, `Sam #1`,
    `Sam: the man`, a date; in a `{...}` or `[...]`, with `flow`, also `Alex, Jr.`);
    anything it would spread over lines is written as a JSON string, which YAML reads
    too. An empty text stays empty (YAML reads it as no value).
    """
    if not text:
        return ""
    dumped = yaml.safe_dump([text], allow_unicode=True, width=1_000_000, default_flow_style=flow)
    line = dumped.strip().removeprefix("[").removesuffix("]") if flow else dumped[2:].strip()
    if "\n" in line or yaml.safe_load(f"[{line}]" if flow else f"- {line}") != [text]:
        line = json.dumps(text, ensure_ascii=False)
    return line


def _create_unique(folder: Path, stem: str, text: str) -> Path:
    """Create `stem.md`, or `stem-2.md`, ...: the first name that does not exist yet."""
    for number in range(1, 1000):
        path = folder / (f"{stem}.md" if number == 1 else f"{stem}-{number}.md")
        if path.exists() or path.with_suffix("").exists():
            continue
        try:
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            continue
        return path
    raise MemorybookError(f"{folder}: too many entries named {stem}")


def init_project(
    target: Path, names: tuple[str, ...] = ("Sam", "Alex"), since: dt.date | None = None
) -> list[Path]:
    """Scaffold a journal project in an empty (or new) folder; return the files written.

    `since` (the day the couple got together) is never guessed: without it mkdocs.yml
    holds a commented-out line to fill in.
    """
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ConfigError(f"{target}: not empty; memorybook init only fills a new or empty folder")
    when = today()
    if since is not None and since > when:
        raise ConfigError(f"--since {since.isoformat()} is in the future; give the day you met")
    ids = person_ids(names)
    files = {
        "mkdocs.yml": project_mkdocs_yml(ids, names, since),
        ".gitignore": ".cache/\nsite/\n.venv/\n*.pdf\n",
        "journal/our-story.md": (
            "# Our story\n\nHow we met, and why we keep this journal. This is an ordinary "
            "page: it has no `date`, so it is shown as it is.\n"
        ),
        f"journal/{when.year}/{when.isoformat()}-we-started-our-journal.md": (
            f"---\ntitle: We started our journal\ndate: {when.isoformat()}\nkind: milestone\n"
            f"authors: [{', '.join(yaml_scalar(pid, flow=True) for pid in ids)}]\n---\n"
            "Today we started writing down the things we never want to forget.\n\n"
            'Write the next entry with `memorybook new "Title"`, check it with '
            "`memorybook check`, and see it with `memorybook serve`.\n"
        ),
    }
    written = []
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        written.append(path)
    return written


def person_ids(names: tuple[str, ...]) -> list[str]:
    """An id per name (`João` -> `joao`), unique even when two names are the same."""
    ids: list[str] = []
    for number, name in enumerate(names, 1):
        base = slugify(name) or f"person{number}"
        pid, suffix = base, 2
        while pid in ids:
            pid, suffix = f"{base}-{suffix}", suffix + 1
        ids.append(pid)
    return ids


def project_mkdocs_yml(ids: list[str], names: tuple[str, ...], since: dt.date | None) -> str:
    """The mkdocs.yml of a new project: Material, private, and the memorybook plugin."""
    people = "\n".join(
        f'        {yaml_scalar(pid)}: {{name: {yaml_scalar(name, flow=True)}, color: "{color}"}}'
        for pid, name, color in zip(ids, names, ("#e76f51", "#2a9d8f"), strict=False)
    )
    together = (
        f"together_since: {since.isoformat()}   # the day you got together: anniversaries, the book"
        if since
        else "# together_since: YYYY-MM-DD   # the day you got together: anniversaries, the book"
    )
    return f"""\
site_name: {json.dumps(site_name(names), ensure_ascii=False)}
docs_dir: journal
use_directory_urls: true
theme:
  name: material
  font: false          # no Google Fonts: the site asks no third party for anything
  palette:
    - scheme: default
      primary: custom    # memorybook's warm colours; name a Material colour to change them
      accent: custom
      toggle: {{icon: material/weather-night, name: Dark mode}}
    - scheme: slate
      primary: custom
      accent: custom
      toggle: {{icon: material/weather-sunny, name: Light mode}}
plugins:
  - search
  - memorybook:
      people:
{people}
      {together}
"""


def site_name(names: tuple[str, ...]) -> str:
    """The site is named after the two people: `Sam & Alex` (or the one: `Maya`)."""
    return " & ".join(name.strip() for name in names)
