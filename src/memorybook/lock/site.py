"""Turn a finished plain site into a locked one: what carries the journal is encrypted.

MkDocs builds the plain site into a private folder of the cache (`plain_folder`), never
into the site folder. The build (plugin post-build) then calls `lock_site` once, after
search and the photo renditions are done: every file that is not one of the theme's own
assets, byte for byte, is encrypted into the site folder as `x/<opaque name>`, beside the
unlock page, the service worker and the wrapped keys. So the site folder, which is synced
or deployed, only ever receives ciphertext and the unlock page: interrupted at any instant,
it holds no plain word. The plain folder is removed on the way out (`discard_plain`), or by
the next build after a kill. The site key lives between builds only wrapped by the
passphrases, in the cache (`.cache/memorybook/lock/keys.json`), never in the site in the clear.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import json
import os
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from memorybook.errors import ConfigError, display_path
from memorybook.files import write_atomic
from memorybook.lock import passphrases
from memorybook.lock.crypto import (
    FORMAT,
    SiteKeys,
    Slot,
    WrongKey,
    encrypt_file,
    encrypt_stream,
    new_site_key,
    opaque_name,
    unwrap,
    wrap,
)
from memorybook.resources import theme_dir
from memorybook.safety import SITE_MARKER
from memorybook.settings import Settings, person_id
from memorybook.signals import held_off

ENCRYPTED_DIR = "x"
"""Where the encrypted files lie in the site, each under its opaque name."""
KEYS_FILE = "lock/keys.json"
"""In the site: the wrapped site key, one slot per passphrase (no names)."""
NOT_FOUND = "404.html"
"""Left in the clear as the host's 404 page: it leads a deep link to the unlock page."""
CACHE_SUBDIR = "lock"
PLAIN_DIR = "plain"
"""In the cache's lock folder: where MkDocs builds the plain site, private, for one build."""
PLAIN_MARKER = ".memorybook-plain"
PLAIN_MARKER_TEXT = "The plain pages of a locked build in progress; memorybook removes them.\n"
ALWAYS_PUBLIC = frozenset({"robots.txt", SITE_MARKER})
_BROWSER_FILES = ("unlock.js", "lock.css", "session.js")
_UNLOCK_FILES = frozenset(
    {"index.html", NOT_FOUND, "sw.js", KEYS_FILE, *(f"lock/{name}" for name in _BROWSER_FILES)}
)
_SESSION_TAG = '<script src="{root}lock/session.js"></script>'
OpenedKeys = tuple[SiteKeys, dict[str, Slot]]
"""The site's keys and every person's slot (wrapped site key)."""


@dataclass(frozen=True)
class LockResult:
    """What locking a site did, for the build's summary and the benchmark."""

    encrypted: int
    """Files encrypted afresh (new or changed since the last build)."""
    reused: int
    """Files whose ciphertext from the previous build was kept, byte for byte."""
    public: int
    """Theme assets left in the clear."""


def lock_site(
    settings: Settings, plain: Path, site: Path, theme_roots: Sequence[Path], opened: OpenedKeys
) -> LockResult:
    """Encrypt the plain site MkDocs built in `plain` into `site`; `theme_roots` hold the only
    files copied in the clear. Every other file of `site` that is not a dot-file goes: the last
    build's ciphertexts no longer used and, in place (`plain` is `site`: the preview's private
    folder), the plain files themselves.

    `opened` comes from `open_keys`, called before the build so that a missing passphrase
    stops it before any page is written."""
    keys, slots = opened
    public = set(_theme_assets(plain, theme_roots)) | ALWAYS_PUBLIC
    cache = CipherCache(settings.cache_dir / CACHE_SUBDIR, keys)
    written = set()
    for rel in sorted(_plain_files(plain, in_place=plain == site)):
        if rel in public:
            _copy_public(plain / rel, site / rel)
            written.add(rel)
        else:
            written.add(cache.put(site, rel, _plaintext(plain / rel, rel)))
    written |= _write_unlock_files(settings, site, slots, sorted(public))
    _remove_others(site, written)
    cache.save(prune=True)
    return LockResult(cache.encrypted, cache.reused, len(public))


def scrub(site: Path, theme_roots: Sequence[Path]) -> None:
    """Delete every file of a failed locked build in place (the preview's) that could carry
    the journal in the clear."""
    keep = set(_theme_assets(site, theme_roots)) | ALWAYS_PUBLIC
    emptied = set()
    for rel in list(_site_files(site)):
        if rel not in keep and not rel.startswith(f"{ENCRYPTED_DIR}/"):
            with contextlib.suppress(OSError):
                (site / rel).unlink()
                emptied.add((site / rel).parent)
    _remove_empty_folders(site, emptied)


def plain_folder(settings: Settings) -> Path:
    """Where a locked build's plain pages are made: a private folder of the cache, outside
    the journal and the site folder."""
    return settings.cache_dir / CACHE_SUBDIR / PLAIN_DIR


def make_plain_folder(folder: Path, site: Path) -> None:
    """A new private folder (0700) for MkDocs to build the plain site in; one a killed build
    left is removed first. A site folder holding a plain site (built unlocked) is emptied, as
    MkDocs would have done: from now on it receives only ciphertext. `site` must have passed
    `safety.check_site_dir`."""
    discard_plain(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with held_off():  # the marker with the folder: a later build knows the folder is ours
        folder.mkdir(mode=0o700)
        (folder / PLAIN_MARKER).write_text(PLAIN_MARKER_TEXT, encoding="utf-8")
    if not (site / KEYS_FILE).is_file():
        _remove_others(site, set())


def discard_plain(folder: Path) -> None:
    """Remove the plain build folder, if it is memorybook's (its marker, or nothing in it),
    with Ctrl-C and SIGTERM held off until it is gone."""
    with held_off():
        try:
            ours = (folder / PLAIN_MARKER).is_file() or not any(folder.iterdir())
        except FileNotFoundError:
            return
        if not ours:
            raise ConfigError(
                f"memorybook: {display_path(folder)} is not memorybook's plain build folder "
                f"(it has no {PLAIN_MARKER} file); move it away"
            )
        # The marker goes last: a build killed half-way through this leaves a folder the
        # next build still knows as its own.
        for child in folder.iterdir():
            if child.name == PLAIN_MARKER:
                continue
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)
        (folder / PLAIN_MARKER).unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            folder.rmdir()


def seal_file(settings: Settings, site: Path, source: Path, rel: str) -> None:
    """Add one more file to a locked site (the book, made after the build), encrypted."""
    keys, _slots = open_keys(settings)
    cache = CipherCache(settings.cache_dir / CACHE_SUBDIR, keys)
    cache.put(site, rel, source)
    cache.save(prune=False)


def locked_site_of(path: Path) -> Path | None:
    """The locked site folder that `path` would be written into, or None."""
    for folder in path.resolve().parents:
        if (folder / SITE_MARKER).is_file():
            return folder if (folder / KEYS_FILE).is_file() else None
    return None


# -- the site key --------------------------------------------------------------


def open_keys(settings: Settings, *, prompt: bool = True) -> OpenedKeys:
    """The site key, opened with the passphrases given now, and every person's slot.

    A passphrase given that does not open its person's slot is refused, never taken as a new
    one: a typo must not lock anyone out (`change_passphrase` gives someone a new one). A
    person not given keeps their slot; one without a slot yet gets one. The first build
    makes a new random site key."""
    people = _lock_people(settings)
    passphrases.refuse_near_misses(settings, people)
    keyring = _keyring(settings)
    stored = _read_slots(keyring)
    given: dict[str, str] = {}
    for person in people:
        passphrase = passphrases.find(settings, person, prompt=prompt)
        if passphrase is None and person not in stored:
            raise ConfigError(_no_passphrase(settings, person))
        if passphrase is not None:
            given[person] = passphrase
    site_key, wrong = _open_slots(stored, given)
    if site_key is None and stored:
        raise ConfigError(_unopened(keyring, people, tried=bool(given)))
    if wrong:
        raise ConfigError(_mistyped(settings, wrong, keyring))
    site_key = site_key or new_site_key()
    slots = {person: stored[person] for person in people if person in stored}
    for person in people:  # only a new passphrase is judged (it takes a moment)
        if person not in slots:
            passphrases.accept_new(settings, person, given[person], _hints(settings))
            slots[person] = wrap(site_key, given[person])
    if slots != stored:  # a person came or went: keep it for next time
        _write_slots(keyring, slots)
    return SiteKeys.derive(site_key), slots


def change_passphrase(settings: Settings, person: str) -> str:
    """Give `person` a new passphrase, read as a build reads it (else typed twice): the site
    key, opened with a current passphrase (another person's given, else typed), is wrapped
    for it. The next locked build publishes it; no file is encrypted again."""
    people = _lock_people(settings)
    person = person_id(settings, person) or person  # `--change Sam`, as a file's `from: Sam`
    name = settings.person_name(person)
    if person not in people:
        raise ConfigError(
            f"memorybook: {person!r} has no passphrase on this site; lock.people: "
            f"{', '.join(people)}"
        )
    passphrases.refuse_near_misses(settings, people)
    keyring = _keyring(settings)
    stored = _read_slots(keyring)
    if not stored:
        raise ConfigError(
            f"memorybook: {display_path(keyring)} does not exist yet: the first "
            "`memorybook build --lock` gives each person the passphrase given to it"
        )
    new = passphrases.find(settings, person, prompt=False) or passphrases.ask_new(name)
    if person in stored and _opens(stored[person], new):
        return f"that is already the passphrase of {name}: nothing changed"
    site_key = _open_with_current(settings, stored, people, person)
    passphrases.refuse_weak(new, name, _hints(settings))
    _write_slots(keyring, {**stored, person: wrap(site_key, new)})
    return (
        f"new passphrase of {name} kept in {display_path(keyring)}; the next "
        "`memorybook build --lock` publishes it (no file is encrypted again)"
    )


def _lock_people(settings: Settings) -> tuple[str, ...]:
    """Who has a passphrase: lock.people, else everyone in people."""
    unknown = [person for person in settings.lock.people if person not in settings.people]
    if unknown:
        raise ConfigError(
            f"memorybook: lock.people names {unknown[0]!r}, who is not in people; "
            f"known: {', '.join(settings.people) or 'nobody'}"
        )
    return tuple(settings.lock.people or tuple(settings.people) or ("us",))


def _keyring(settings: Settings) -> Path:
    return settings.cache_dir / CACHE_SUBDIR / "keys.json"


def _open_slots(stored: dict[str, Slot], given: dict[str, str]) -> tuple[bytes | None, list[str]]:
    """The site key from the passphrases given, and the people whose one opens nothing."""
    site_key: bytes | None = None
    wrong = []
    for person, passphrase in given.items():
        if person in stored:
            try:
                site_key = unwrap(stored[person], passphrase)
            except WrongKey:
                wrong.append(person)
    return site_key, wrong


def _opens(slot: Slot, passphrase: str) -> bool:
    try:
        unwrap(slot, passphrase)
    except WrongKey:
        return False
    return True


def _open_with_current(
    settings: Settings, stored: dict[str, Slot], people: Sequence[str], person: str
) -> bytes:
    """The site key, to change `person`'s passphrase: another person's given, else typed."""
    others = {}
    for other in people:
        found = passphrases.find(settings, other, prompt=False) if other != person else None
        if found is not None:
            others[other] = found
    site_key, _wrong = _open_slots(stored, others)
    if site_key is not None:
        return site_key
    name = settings.person_name(person)
    typed = passphrases.ask(f"Current passphrase of {name} (or of anyone who has one): ")
    if typed is not None:
        for slot in stored.values():
            with contextlib.suppress(WrongKey):
                return unwrap(slot, typed)
    variables = " or ".join(passphrases.env_name(p) for p in people if p != person)
    raise ConfigError(
        "memorybook: to change a passphrase, the site's key must be opened with a current "
        f"one first: set {variables or 'it'}, or run in a terminal to type {name}'s current "
        "one; nothing was changed"
    )


def _read_slots(path: Path) -> dict[str, Slot]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(p): Slot.from_json(s) for p, s in data["slots"].items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(
            f"{display_path(path)}: the locked site's key cannot be read ({exc}); restore it "
            "from a backup, or delete it to start afresh with a new key"
        ) from None


def _hints(settings: Settings) -> list[str]:
    """What a guesser who knows the couple tries first: their names, the site's, the date."""
    hints = [settings.site_name, settings.lock.title, *settings.people]
    hints += [person.name for person in settings.people.values()]
    met = settings.together_since
    if met:
        hints += [str(met.year), met.isoformat(), f"{met:%d%m}", f"{met:%m%d}", f"{met:%B}"]
    return hints


def _no_passphrase(settings: Settings, person: str) -> str:
    return (
        f"memorybook: no passphrase for {settings.person_name(person)}: set "
        f"{passphrases.env_name(person)}, or lock.passphrase_files.{person} (a file outside "
        "the project), or run in a terminal to be asked; `memorybook passphrase` makes one"
    )


def _mistyped(settings: Settings, wrong: Sequence[str], keyring: Path) -> str:
    person = wrong[0]
    name = settings.person_name(person)
    passphrases.forget(person)  # typed at the prompt: asked again next time
    return (
        f"memorybook: the passphrase of {name} {passphrases.source(settings, person)} does not "
        f"open {name}'s slot of this site's key ({display_path(keyring)}), so nothing was "
        f"built: check it for a typo; to make it {name}'s new passphrase, run "
        f"`memorybook passphrase --change {person}` first"
    )


def _write_slots(keyring: Path, slots: dict[str, Slot]) -> None:
    kept = {person: slot.to_json() for person, slot in slots.items()}
    _write_json(keyring, {"format": FORMAT, "slots": kept})


def _unopened(keyring: Path, people: Iterable[str], *, tried: bool) -> str:
    names = " or ".join(passphrases.env_name(p) for p in people)
    what = "none of the passphrases given opens" if tried else "no passphrase was given for"
    return (
        f"memorybook: {what} this site's key ({display_path(keyring)}): give a current "
        f"one ({names}, or run in a terminal to be asked); or, to start afresh "
        "with a new key (every file encrypted again, every device asked again), delete "
        f"{display_path(keyring.parent)}"
    )


# -- the files -----------------------------------------------------------------


class CipherCache:
    """Ciphertexts kept between builds, keyed by opaque name, plaintext digest and site key.

    An unchanged file keeps its ciphertext (and nonce) byte for byte: the rebuild costs a
    hash, and a host sync uploads nothing for it. A changed file gets a fresh nonce."""

    def __init__(self, folder: Path, keys: SiteKeys) -> None:
        self.folder = folder
        self.keys = keys
        self.index: dict[str, str] = self._load_index()
        self.used: set[str] = set()
        self.encrypted = 0
        self.reused = 0

    def put(self, site: Path, rel: str, source: bytes | Path) -> str:
        """Encrypt (or reuse) the file at site path `rel`, its bytes or the file holding them,
        and link it into the site; returns its path there. A file is read a chunk at a time."""
        name = opaque_name(self.keys, rel)
        digest = _digest(source)
        cached = self.folder / ENCRYPTED_DIR / name
        if self.index.get(name) == digest and cached.is_file():
            self.reused += 1
        else:
            write_atomic(cached, lambda into: encrypt_into(self.keys, rel, source, into))
            self.index[name] = digest
            self.encrypted += 1
        self.used.add(name)
        _link(cached, site / ENCRYPTED_DIR / name)
        return f"{ENCRYPTED_DIR}/{name}"

    def save(self, *, prune: bool) -> None:
        """Write the index; with `prune`, forget ciphertexts this build did not use."""
        if prune:
            for name in set(self.index) - self.used:
                del self.index[name]
                (self.folder / ENCRYPTED_DIR / name).unlink(missing_ok=True)
        _write_json(self.folder / "index.json", {"key": self.keys.key_id, "files": self.index})

    def _load_index(self) -> dict[str, str]:
        try:
            data = json.loads((self.folder / "index.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # a missing or broken index only costs encrypting again
        if not isinstance(data, dict) or data.get("key") != self.keys.key_id:
            return {}
        files = data.get("files")
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def encrypt_into(keys: SiteKeys, rel: str, source: bytes | Path, into: BinaryIO) -> None:
    """The file at site path `rel` sealed into `into`."""
    if isinstance(source, bytes):
        into.write(encrypt_file(keys, rel, source))
        return
    with source.open("rb") as stream:
        encrypt_stream(keys, rel, stream, os.fstat(stream.fileno()).st_size, into)


def _digest(source: bytes | Path) -> str:
    if isinstance(source, bytes):
        return hashlib.sha256(source).hexdigest()
    with source.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _site_files(site: Path) -> Iterator[str]:
    for folder, _dirs, names in os.walk(site):
        for name in names:
            yield (Path(folder) / name).relative_to(site).as_posix()


def _plain_files(plain: Path, *, in_place: bool) -> Iterator[str]:
    """The files MkDocs built; not the folder's dot-files (MkDocs writes none), nor, in place,
    what the last locked build of the preview wrote."""
    for rel in _site_files(plain):
        if rel.startswith("."):
            continue
        if in_place and (rel.startswith((f"{ENCRYPTED_DIR}/", "lock/")) or rel == "sw.js"):
            continue  # MkDocs renders index.html and 404.html again; these it never makes
        yield rel


def _theme_assets(site: Path, roots: Sequence[Path]) -> Iterator[str]:
    """Site files under assets/ identical to a file of a theme (Material's, memorybook's)."""
    assets = site / "assets"
    if not assets.is_dir():
        return
    for path in assets.rglob("*"):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and any(_same_file(path, root / rel) for root in roots):
            yield rel


def _same_file(path: Path, theme_file: Path) -> bool:
    try:
        return theme_file.is_file() and theme_file.read_bytes() == path.read_bytes()
    except OSError:
        return False


def _plaintext(path: Path, rel: str) -> bytes | Path:
    """The file (read as it is encrypted); a page, as bytes, also loads the script that
    forgets the key with the session."""
    if not rel.endswith(".html"):
        return path
    data = path.read_bytes()
    root = "../" * rel.count("/")
    tag = _SESSION_TAG.format(root=root).encode()
    return data.replace(b"<head>", b"<head>\n    " + tag, 1)


def _link(source: Path, target: Path) -> None:
    """A hard link to the cached ciphertext where possible, else a copy, put in place at once
    (a reader sees the old file or the new one); one already linked is left as it is."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        if os.path.samefile(source, target):
            return
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        os.link(source, temporary)
    except OSError:
        shutil.copyfile(source, temporary)
    os.replace(temporary, target)


def _copy_public(source: Path, target: Path) -> None:
    """A theme file into the site, unless the same bytes are there already."""
    data = source.read_bytes()
    with contextlib.suppress(OSError):
        if target.read_bytes() == data:
            return
    write_atomic(target, data)


def _remove_others(site: Path, kept: set[str]) -> None:
    """Every file of `site` but `kept` and the dot-files at its top (the marker), as MkDocs
    empties a site folder; `site` is memorybook's (it passed `safety.check_site_dir`)."""
    emptied = set()
    for rel in list(_site_files(site)):
        if rel not in kept and not rel.startswith("."):
            with contextlib.suppress(OSError):
                (site / rel).unlink()
                emptied.add((site / rel).parent)
    _remove_empty_folders(site, emptied)


def _remove_empty_folders(site: Path, emptied: Iterable[Path]) -> None:
    """The folders whose files were encrypted away, and their parents, if now empty."""
    folders = {parent for folder in emptied for parent in (folder, *folder.parents)}
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        if folder.is_relative_to(site) and folder != site:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only an empty folder goes


def _write_unlock_files(
    settings: Settings, site: Path, slots: dict[str, Slot], public: list[str]
) -> set[str]:
    """The unlock page, the service worker and the wrapped keys (in no person's order);
    returns their paths in the site."""
    source = theme_dir() / "lock"
    published = sorted((slot.to_json() for slot in slots.values()), key=lambda s: str(s["salt"]))
    _write_json(site / KEYS_FILE, {"format": FORMAT, "slots": published})
    for name in _BROWSER_FILES:
        _copy_public(source / name, site / "lock" / name)
    page = (source / "unlock.html").read_text(encoding="utf-8")
    title = html.escape(settings.lock.title)
    _write_text(site / "index.html", page.replace("{{ title }}", title))
    _write_text(site / NOT_FOUND, _not_found_page(source, title))
    served = [*public, *(f"lock/{n}" for n in _BROWSER_FILES), KEYS_FILE, "sw.js"]
    worker = (source / "sw.js").read_text(encoding="utf-8")
    _write_text(site / "sw.js", worker.replace("/*PUBLIC*/[]", json.dumps(sorted(served))))
    return set(_UNLOCK_FILES)


def _not_found_page(source: Path, title: str) -> str:
    """The host's 404 page: a deep link opened before the site was unlocked in this browser
    finds the site's address and goes to its unlock page (see notfound.js). Its only script
    is inline, allowed by its hash, since a relative `src` would not resolve at every depth.
    The encrypted 404 page the site built is what the service worker serves once unlocked."""
    script = (source / "notfound.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    page = (source / "notfound.html").read_text(encoding="utf-8")
    page = page.replace("{{ script_hash }}", f"sha256-{digest}").replace("{{ title }}", title)
    return page.replace("{{ script }}", script)


def _write_text(path: Path, text: str) -> None:
    write_atomic(path, text.encode("utf-8"))


def _write_json(path: Path, data: object) -> None:
    write_atomic(path, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode())
