"""Typed, validated settings, read from the `memorybook` plugin entry of mkdocs.yml.

The core reads mkdocs.yml itself (with a YAML loader that tolerates MkDocs' and
Material's custom tags), so `check`, `new` and `book` work without MkDocs.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from memorybook.errors import ConfigError, display_path
from memorybook.mkdocs_yml import TolerantLoader, read_mkdocs_yml
from memorybook.option_values import bool_option as _bool_option
from memorybook.option_values import check_keys as _check_keys
from memorybook.option_values import date_option as _date_option
from memorybook.option_values import int_option as _int_option
from memorybook.option_values import text_option as _text_option
from memorybook.print_services import SERVICES

PLUGIN_NAME = "memorybook"
PHOTO_FORMATS = ("jpeg", "webp", "avif")
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_PERSON_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
DEFAULT_COLORS = ("#e76f51", "#2a9d8f", "#8e6bbf", "#e9c46a")


@dataclass(frozen=True)
class Person:
    """One of the couple (or anyone the journal names)."""

    id: str
    """The id used in front-matter (`author: sam`)."""
    name: str
    """The name shown on pages and in the book."""
    color: str
    """A CSS colour (`#rrggbb`) for their notes and charts."""


@dataclass(frozen=True)
class PhotoSettings:
    """How photos are turned into renditions."""

    widths: tuple[int, ...] = (480, 960, 1600)
    """Web rendition widths in CSS pixels; never upscaled."""
    format: str = "webp"
    """Web rendition format: jpeg, webp or avif."""
    quality: int = 80
    """Web rendition encoder quality (1-100)."""
    print_ppi: int = 300
    """Target resolution of print renditions."""
    max_print_ppi: int = 600
    """Print renditions are never made denser than this."""
    cache_dir: Path = Path(".cache/memorybook")
    """Where renditions are cached, relative to mkdocs.yml."""


@dataclass(frozen=True)
class BookSettings:
    """Defaults for `memorybook book`, each overridable on the command line."""

    title: str = ""
    """The cover title; default "Our year together"."""
    service: str = ""
    """The print service whose specification the files follow (`lulu-paperback`,
    `lulu-hardcover`, `kdp-paperback`); empty: generic PDF/X-4 for any printer."""
    size: str = ""
    """Trim size: a5, a4, letter, 6x9in, 8.5x8.5in, 8.5x11in, or WIDTHxHEIGHT with a unit; empty:
    the service's default (8.5 × 8.5 in, a square both Lulu and KDP sell)."""
    bleed: str = "0.125in"
    """Bleed added on every side of every page."""
    min_pages: int = 24
    """The printer's minimum page count; the book is padded with blank pages up to it."""
    page_multiple: int = 2
    """The page count is padded to a multiple of this."""
    crop_marks: bool = False
    """Draw crop marks outside the trim box (most print services do not want them)."""
    chapter_start: str = "page"
    """Where a month's chapter opens: `page` (a new page), `recto` (a right-hand page, with a
    blank page before it when needed) or `continuous` (right after the month before)."""
    paper: str = ""
    """The interior paper, for the cover's spine width: `white`, `cream` or `colour`; empty: the
    service's (premium colour at KDP, white otherwise)."""


@dataclass(frozen=True)
class LockSettings:
    """The locked site (`lock: true`, or a mapping of these); passphrases are never here."""

    enabled: bool = False
    """Encrypt every file of the site that carries the journal."""
    title: str = "A private journal"
    """The only words on the unlock page, public to anyone with the address."""
    people: tuple[str, ...] = ()
    """Who has a passphrase (person ids); default every person in `people`."""
    passphrase_files: Mapping[str, Path] = field(default_factory=dict)
    """Person id to a file outside the project holding their passphrase."""


@dataclass(frozen=True)
class OnThisDaySettings:
    """On this day (`on_this_day:`), which a couple may pause after a hard time."""

    pause_until: dt.date | None = None
    """On this day shows nothing before this day (the browser's day), then comes back."""


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class CheckInSettings:
    """A regular check-in (`check_in: {every: week, on: sunday}`), added to the calendar."""

    every: str = ""
    """`week`, or empty: no recurring check-in."""
    on: int = 6
    """The day of the week (0 is Monday), as `datetime.date.weekday()` counts."""


@dataclass(frozen=True)
class Settings:
    """Everything memorybook needs to know about one journal project."""

    config_file: Path | None
    """The mkdocs.yml these came from (absolute), or None for defaults."""
    journal: Path
    """The journal folder (absolute); also MkDocs' docs_dir."""
    site_name: str = "Our journal"
    """The site's (and by default the book's) name."""
    people: Mapping[str, Person] = field(default_factory=dict)
    """Person ids to people, in the order configured."""
    together_since: dt.date | None = None
    """When the couple got together: anniversaries and the book's default year."""
    photos: PhotoSettings = field(default_factory=PhotoSettings)
    book: BookSettings = field(default_factory=BookSettings)
    offline: bool = False
    """Build a site that works opened from disk (file://)."""
    lock: LockSettings = field(default_factory=LockSettings)
    on_this_day: OnThisDaySettings = field(default_factory=OnThisDaySettings)
    check_in: CheckInSettings = field(default_factory=CheckInSettings)
    reveal_together: bool = False
    """`reveal: together`: every answer to a shared question waits for the other's."""
    site_url: str = ""
    """MkDocs' `site_url`: where the couple's site is published (the book's QR codes open a
    clip there); empty when not set."""
    directory_urls: bool = True
    """MkDocs' `use_directory_urls`: page addresses as `a/b/`, else `a/b.html`."""

    @property
    def project_dir(self) -> Path:
        """The folder of mkdocs.yml: relative settings are resolved against it."""
        return self.config_file.parent if self.config_file else self.journal.parent

    @property
    def cache_dir(self) -> Path:
        return self.project_dir / self.photos.cache_dir

    def person_name(self, person_id: str) -> str:
        person = self.people.get(person_id)
        return person.name if person else person_id


def person_id(settings: Settings, written: object) -> str | None:
    """The person `written` names, read one way wherever it is written (`from: Maya` in a
    file, `new --from Maya`, `import --author maya`): their id, case and spaces around it
    aside; None for nobody of mkdocs.yml."""
    pid = str(written).strip().lower()
    return pid if pid in settings.people else None


def require_person(settings: Settings, written: str, option: str) -> str:
    """The id of the person a command-line option names (`person_id`), else a clean error
    with the nearest person (`suggest_person`) and everyone known."""
    pid = person_id(settings, written)
    if pid is not None:
        return pid
    close = suggest_person(settings, written)
    guess = f"; did you mean {close!r}?" if close else ";"
    known = ", ".join(settings.people) or "none: add people: to mkdocs.yml"
    raise ConfigError(f"{option}: unknown person {written!r}{guess} known people: {known}")


def suggest_person(settings: Settings, written: str) -> str | None:
    """The person id someone most likely meant by `written`: a near miss of an id (`joa`)
    or of a name, accents and case aside (`João`, `Joao` -> `joao`)."""
    candidates: dict[str, str] = {}
    for person in settings.people.values():
        candidates.setdefault(fold(person.name), person.id)
        candidates.setdefault(fold(person.id), person.id)
    close = difflib.get_close_matches(fold(written), candidates, n=1, cutoff=0.6)
    return candidates[close[0]] if close else None


def fold(text: str) -> str:
    """Lower case without accents: how people match names when they type them."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def plugin_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """The options given to the memorybook plugin in an mkdocs.yml mapping ({} if none)."""
    for item in config.get("plugins") or []:
        if item == PLUGIN_NAME:
            return {}
        if isinstance(item, dict) and PLUGIN_NAME in item:
            return dict(item[PLUGIN_NAME] or {})
    plugins = config.get("plugins")
    if isinstance(plugins, dict) and PLUGIN_NAME in plugins:
        return dict(plugins[PLUGIN_NAME] or {})
    return {}


def load_settings(config_file: Path) -> Settings:
    """Read and validate the settings of the project whose mkdocs.yml is `config_file`."""
    config_file = config_file.resolve()
    config = read_mkdocs_yml(config_file)
    _refuse_misspelt_plugin(config_file, config)
    try:
        settings = settings_from_options(
            plugin_options(config),
            config_file=config_file,
            docs_dir=config.get("docs_dir"),
            site_name=config.get("site_name"),
            site=config,
        )
    except ConfigError as exc:
        raise ConfigError(f"{display_path(config_file)}: {exc.message}") from None
    _refuse_impossible_dates(config_file)
    return settings


def plugin_names(config: Mapping[str, Any]) -> list[str]:
    """The names of the plugins an mkdocs.yml mapping lists."""
    plugins = config.get("plugins") or []
    items = list(plugins) if isinstance(plugins, (list, dict)) else []
    names = [next(iter(item), "") if isinstance(item, dict) else item for item in items]
    return [str(name) for name in names]


def _refuse_misspelt_plugin(config_file: Path, config: Mapping[str, Any]) -> None:
    """`- memorybok:` is said once, first: without the plugin's options nobody is known, and
    every entry would be a list of "unknown person" problems."""
    names = plugin_names(config)
    if PLUGIN_NAME in names:
        return
    close = difflib.get_close_matches(PLUGIN_NAME, names, n=1, cutoff=0.7)
    if close:
        raise ConfigError(
            f"{display_path(config_file)}: plugins: `{close[0]}` is not a plugin memorybook "
            f"knows; did you mean `{PLUGIN_NAME}`? (its options are not read until it is fixed)"
        )


_TIMESTAMP = next(
    regex
    for tag, regex in yaml.SafeLoader.yaml_implicit_resolvers["0"]
    if tag == "tag:yaml.org,2002:timestamp"
)


def _refuse_impossible_dates(config_file: Path) -> None:
    """A value anywhere in mkdocs.yml that YAML reads as a date but is no day (`2025-13-01`):
    MkDocs' reader stops on it with no line, so every command says where it is first."""
    text = config_file.read_text(encoding="utf-8-sig")
    root = yaml.compose(text, Loader=TolerantLoader)
    stack, seen = ([root] if root is not None else []), set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            wrong = _not_a_day(node.value) if node.style is None else None
            if wrong:
                raise ConfigError(
                    f"{display_path(config_file)}:{node.start_mark.line + 1}: {node.value} is "
                    f"not a date ({wrong}); YAML reads YYYY-MM-DD as one: write a real day, "
                    "or quote it"
                )
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(item for pair in node.value for item in pair)


def _not_a_day(text: str) -> str | None:
    """Why YAML cannot read `text` as the date it looks like; None for a day or other text."""
    if not _TIMESTAMP.match(text):
        return None
    try:
        yaml.safe_load(text)
    except (ValueError, OverflowError) as exc:
        return str(exc)
    return None


def settings_from_options(
    options: Mapping[str, Any],
    *,
    config_file: Path | None,
    docs_dir: str | None = None,
    site_name: str | None = None,
    site: Mapping[str, Any] | None = None,
) -> Settings:
    """Validate the plugin's options; a mistake names the option, the value and what is allowed.
    `site` is mkdocs.yml as written, for MkDocs' own `site_url` and `use_directory_urls`."""
    known = {"journal", "people", "together_since", "photos", "book", "offline", "lock"}
    known |= {"on_this_day", "reveal", "check_in"}
    unknown = sorted(set(options) - known)
    if unknown:
        raise ConfigError(
            f"memorybook: unknown option {unknown[0]!r}; allowed: {', '.join(sorted(known))}"
        )
    base = config_file.parent if config_file else Path.cwd()
    journal_name = _journal_dir(
        _text_option("journal", options.get("journal")), _text_option("docs_dir", docs_dir)
    )
    return Settings(
        config_file=config_file,
        journal=(base / journal_name).resolve(),
        site_name=_text_option("site_name", site_name) or "Our journal",
        people=_people(options.get("people")),
        together_since=_date_option("together_since", options.get("together_since")),
        photos=_photo_settings(options.get("photos") or {}),
        book=_book_settings(options.get("book") or {}),
        offline=_bool_option("offline", options.get("offline", False)),
        lock=_lock_settings(options.get("lock", False), options.get("offline", False)),
        on_this_day=_on_this_day_settings(options.get("on_this_day") or {}),
        reveal_together=_reveal_option(options.get("reveal")),
        check_in=_check_in_settings(options.get("check_in")),
        site_url=_site_url((site or {}).get("site_url")),
        directory_urls=_bool_option(
            "use_directory_urls", (site or {}).get("use_directory_urls", True)
        ),
    )


def _site_url(value: Any) -> str:
    """`site_url` as an address ending in `/` (pages are found under it), or empty."""
    text = (_text_option("site_url", value) or "").strip()
    if text and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", text):
        raise ConfigError(
            f"site_url {text!r} is not a web address; write it like https://example.org/our-journal/"
        )
    return text if not text or text.endswith("/") else f"{text}/"


def _journal_dir(journal: Any, docs_dir: Any) -> str:
    if journal is not None and docs_dir is not None and Path(str(journal)) != Path(str(docs_dir)):
        raise ConfigError(
            f"memorybook: journal is {journal!r} but docs_dir is {docs_dir!r}; "
            "they must name the same folder (or leave one out)"
        )
    value = journal if journal is not None else docs_dir
    return str(value) if value is not None else "journal"


def _people(value: Any) -> dict[str, Person]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(
            "memorybook: people must be a mapping of id to {name, color}, "
            f"e.g. people: {{sam: {{name: Sam}}}}; got {value!r}"
        )
    people = {}
    for index, (pid, spec) in enumerate(value.items()):
        pid = str(pid)
        if not _PERSON_ID.match(pid):
            raise ConfigError(
                f"memorybook: person id {pid!r} must be lower-case letters, digits, - or _"
            )
        spec = {"name": spec} if isinstance(spec, str) else (spec or {})
        if not isinstance(spec, dict) or set(spec) - {"name", "color"}:
            raise ConfigError(
                f"memorybook: people.{pid} must be a name or {{name, color}}; got {spec!r}"
            )
        color = (
            _text_option(f"people.{pid}.color", spec.get("color"))
            or (DEFAULT_COLORS[index % len(DEFAULT_COLORS)])
        )
        if not _COLOR.match(color):
            raise ConfigError(
                f"memorybook: people.{pid}.color {color!r} is not a colour like '#e76f51'"
            )
        name = _text_option(f"people.{pid}.name", spec.get("name")) or pid.title()
        people[pid] = Person(id=pid, name=name, color=color)
    return people


def _photo_settings(value: Mapping[str, Any]) -> PhotoSettings:
    default = PhotoSettings()
    _check_keys(
        "photos", value, {"widths", "format", "quality", "print_ppi", "max_print_ppi", "cache_dir"}
    )
    widths = value.get("widths", list(default.widths))
    if not isinstance(widths, list) or not widths:
        raise ConfigError(
            f"memorybook: photos.widths must be a list of pixel widths; got {widths!r}"
        )
    widths = sorted({_int_option("photos.widths", w, 16, 8192) for w in widths})
    fmt = str(_text_option("photos.format", value.get("format", default.format))).lower()
    if fmt == "jpg":
        fmt = "jpeg"
    if fmt not in PHOTO_FORMATS:
        raise ConfigError(
            f"memorybook: photos.format {fmt!r} is not supported; "
            f"allowed: {', '.join(PHOTO_FORMATS)}"
        )
    print_ppi = _int_option("photos.print_ppi", value.get("print_ppi", default.print_ppi), 72, 1200)
    return PhotoSettings(
        widths=tuple(widths),
        format=fmt,
        quality=_int_option("photos.quality", value.get("quality", default.quality), 1, 100),
        print_ppi=print_ppi,
        max_print_ppi=_int_option(
            "photos.max_print_ppi",
            value.get("max_print_ppi", default.max_print_ppi),
            print_ppi,
            2400,
        ),
        cache_dir=Path(
            str(_text_option("photos.cache_dir", value.get("cache_dir")) or default.cache_dir)
        ),
    )


def _book_settings(value: Mapping[str, Any]) -> BookSettings:
    default = BookSettings()
    _check_keys(
        "book",
        value,
        {"title", "size", "bleed", "min_pages", "page_multiple", "crop_marks"}
        | {"chapter_start", "paper", "service"},
    )
    choices = {
        "chapter_start": ("page", "recto", "continuous"),
        "paper": ("white", "cream", "colour"),
        "service": tuple(SERVICES),
    }
    for name, allowed in choices.items():
        if name in value and value[name] not in allowed:
            raise ConfigError(
                f"memorybook: book.{name} {value[name]!r} is not one of {', '.join(allowed)}"
            )
    return BookSettings(
        service=str(value.get("service", default.service)),
        chapter_start=str(value.get("chapter_start", default.chapter_start)),
        paper=str(value.get("paper", default.paper)),
        title=str(value.get("title", default.title)),
        size=str(value.get("size", default.size)),
        bleed=str(value.get("bleed", default.bleed)),
        min_pages=_int_option("book.min_pages", value.get("min_pages", default.min_pages), 0, 2000),
        page_multiple=_int_option(
            "book.page_multiple", value.get("page_multiple", default.page_multiple), 1, 64
        ),
        crop_marks=_bool_option("book.crop_marks", value.get("crop_marks", default.crop_marks)),
    )


def _check_in_settings(value: Any) -> CheckInSettings:
    if value is None:
        return CheckInSettings()
    if isinstance(value, dict):  # YAML 1.1 reads a bare `on:` key as true
        value = {("on" if key is True else key): day for key, day in value.items()}
    _check_keys("check_in", value, {"every", "on"})
    every = value.get("every", "week")
    if every != "week":
        raise ConfigError(f"memorybook: check_in.every {every!r} is not one of week")
    if "on" not in value:
        raise ConfigError("memorybook: check_in needs `on:`, the day of the week, e.g. sunday")
    day = str(value["on"]).strip().lower()
    if day not in WEEKDAYS:
        raise ConfigError(
            f"memorybook: check_in.on {value['on']!r} is not a day of the week; "
            f"allowed: {', '.join(WEEKDAYS)}"
        )
    return CheckInSettings(every="week", on=WEEKDAYS.index(day))


def _reveal_option(value: Any) -> bool:
    if value is None:
        return False
    if value != "together":
        raise ConfigError(
            f"memorybook: reveal {value!r} is not `together` (every answer to a shared question "
            "waits for the other's); leave it out to show each answer as it is written"
        )
    return True


def _on_this_day_settings(value: Mapping[str, Any]) -> OnThisDaySettings:
    _check_keys("on_this_day", value, {"pause_until"})
    return OnThisDaySettings(
        pause_until=_date_option("on_this_day.pause_until", value.get("pause_until"))
    )


def _lock_settings(value: Any, offline: Any) -> LockSettings:
    if value is False or value is None:
        return LockSettings()
    if value is not True:
        if isinstance(value, dict) and {"passphrase", "passphrases"} & set(value):
            raise ConfigError(
                "memorybook: passphrases never go in mkdocs.yml (it is shared and committed); "
                "set MEMORYBOOK_PASSPHRASE_<PERSON>, or lock.passphrase_files, or be asked"
            )
        _check_keys("lock", value, {"title", "people", "passphrase_files"})
    if offline is True:
        raise ConfigError(
            "memorybook: lock and offline cannot go together: a locked site opens only from a "
            "web address (its service worker cannot run from file://)"
        )
    spec = value if isinstance(value, dict) else {}
    people = spec.get("people") or []
    files = spec.get("passphrase_files") or {}
    if not isinstance(people, list) or not isinstance(files, dict):
        raise ConfigError(
            "memorybook: lock.people must be a list of person ids and lock.passphrase_files "
            f"a mapping of person id to file; got {people!r} and {files!r}"
        )
    return LockSettings(
        enabled=True,
        title=str(spec.get("title") or LockSettings.title),
        people=tuple(str(p) for p in people),
        passphrase_files={str(k): Path(str(v)) for k, v in files.items()},
    )
