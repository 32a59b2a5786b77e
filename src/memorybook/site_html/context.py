"""What one build's pages share: the journal, its photos' renditions, how to link, and what
is worked out once per build (entries by year, excerpts, the answers to the questions)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from memorybook.journal import Entry, Journal, Photo
from memorybook.links import Links
from memorybook.photos import WebPhotos
from memorybook.questions import Answers, collect_answers
from memorybook.site_html.remembered import RememberedParts
from memorybook.site_html.words import excerpt


@dataclass
class Site:
    """One build's pages; the page families of `memorybook.site_html` read it."""

    journal: Journal
    web: WebPhotos
    links: Links
    remembered: RememberedParts | None = None
    """Previewing: entries' pages and cards kept from the last build (remembered.py)."""
    newest_first: list[Entry] = field(init=False)
    years_cache: dict[int, list[Entry]] = field(init=False, default_factory=dict)
    excerpts: dict[tuple[str, int], str] = field(init=False, default_factory=dict)
    answers: dict[int, Answers] = field(init=False)
    """The shared questions answered in the entries shown, by question id."""

    def __post_init__(self) -> None:
        self.newest_first = list(reversed(self.journal.entries))
        self.answers = collect_answers(self.journal.entries, self.people)
        if self.remembered is not None:
            self.remembered.start((self.journal.settings, self.links))

    def photos_shown(self, photos: Iterable[Photo | None]) -> tuple[object, ...]:
        """What the pages show of these photos' renditions (their files and sizes, the
        colour shown while they load, a clip's or a Live Photo's motion): a part showing them
        is made again when it changes."""
        shown: list[object] = []
        for photo in photos:
            web = self.web.photos.get(photo.rel) if photo else None
            shown.append((web.renditions, web.placeholder, web.clip) if web else None)
        return tuple(shown)

    def clip_seconds(self) -> dict[str, float]:
        """How long each clip made for this build lasts, by `Photo.rel` (for the numbers)."""
        return {
            rel: web.clip.duration
            for rel, web in self.web.photos.items()
            if web.clip is not None and web.photo.is_clip
        }

    @property
    def people(self) -> list[str]:
        return list(self.journal.settings.people)

    def by_year(self) -> dict[int, list[Entry]]:
        """Entries by year, newest year first, newest entry first (worked out once)."""
        if not self.years_cache:
            for entry in self.newest_first:
                self.years_cache.setdefault(entry.year, []).append(entry)
        return self.years_cache

    def excerpt(self, entry: Entry, limit: int) -> str:
        """An entry's excerpt, made once per build (an entry has a card on several pages)."""
        key = (entry.slug, limit)
        if key not in self.excerpts:
            self.excerpts[key] = excerpt(entry.body, limit)
        return self.excerpts[key]

    def name_of(self, pid: str) -> str:
        return self.journal.settings.person_name(pid)

    def color_of(self, pid: str) -> str | None:
        person = self.journal.settings.people.get(pid)
        return person.color if person else None
