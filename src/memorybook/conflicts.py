"""The shared folder's leftovers: conflict copies that sync services and git make, and git's
conflict markers inside a file; how `check` shows them and how `resolve` settles one.

Two people writing into one synced folder sooner or later edit the same entry at once. The
sync service then keeps both: the second version becomes a *copy* beside the entry, under a
decorated name; git instead writes both versions into the one file between markers. Either
way, publishing the file would publish an old (perhaps since private) version of the entry,
so neither is ever a page: each is an error that names the entry, shows a short diff and says
how to resolve it. Nothing is changed for the couple unless they run `memorybook resolve`.

Copy names, as the services write them (and as Obsidian, Logseq and Joplin users report them):

- Dropbox: `hike (Sam's conflicted copy 2024-06-15).md`, `hike (Case Conflict).md`, a
  folder `2024 (Selective Sync Conflict)` (help.dropbox.com "conflicted copy" and
  "selective-sync-conflict"; jrnl-org/jrnl#144 for the case conflict; maestral, a Dropbox
  client, writes "conflicting copy": samschott/maestral#862).
- Obsidian Sync: `hike (Conflicted copy ThinkPad-T14 202603121129).md`
  (obsidianmd/obsidian-help#1056: its docs also name Syncthing's pattern).
- Nextcloud, ownCloud, OpenCloud: `hike (conflicted copy 2024-06-15 101010).md`, formerly
  `hike_conflict-20240615-101010.md` or `hike_conflict-user-20240615101010.md`
  (owncloud/client#3869, #6365, #6417; opencloud-eu/docs conflict-files.md).
- Syncthing: `hike.sync-conflict-20240615-101010-ABCDEFG.md` (older: no device id)
  (friebetill/obsidian-file-diff#18; logseq/marketplace#846).
- Seafile: `hike (SFConflict sam@example.com 2024-06-15-10-10-10).md`
  (haiwen/seafile-client#909, #1165).
- pCloud: `hike (conflicted).md`, `hike [conflicted].md` (rcfa/pCloudSync-deconflict).
- Resilio Sync: `hike.Conflict.md` (as Resilio's help describes it; not confirmed here).
- OneDrive: `hike-DESKTOP-6K2P8O3.md`, `hike-DESKTOP-6K2P8O3-2.md` (Windows adds the
  computer name); the Linux client: `hike-laptop-safeBackup-0001.md`
  (abraunegg/onedrive#207; skilion/onedrive#265, #338).
- iCloud Drive: `hike 2.md`; Google Drive, Box and OneDrive's numbered copies:
  `hike (1).md` (wisfile "How does OneDrive resolve duplicate file names").
- git mergetool: `hike_LOCAL_1234.md`, `_REMOTE_`, `_BASE_`, `_BACKUP_`, and `hike.md.orig`.
- Logseq keeps older versions of a page in `logseq/bak/` (logseq/logseq#4819, #8940): a
  journal edited with Logseq has copies of its entries there.
- Joplin keeps its conflicts in a "Conflicts" notebook inside its database, not as files,
  so there is nothing of it in a folder to recognise (logseq/logseq#6736).

Which rule applies: a name that only a sync service writes (the `conflicted copy`,
`Case Conflict`, `SFConflict`, `.sync-conflict-`, `_conflict-`, `.Conflict.`, `safeBackup`,
mergetool and `.orig` names, and files in `logseq/bak/`) is a copy wherever it is. A name
that a person may well choose (`top 10 (1).md`, `day 2.md`, `walk-ABC.md`) is a copy only
when the entry it would copy (the name without the decoration) is beside it. A file in a
folder named as a copy (`hike (1)/index.md`, a page bundle copied whole) follows the same
rules, with the same file in the folder it copies.
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from memorybook.errors import ConfigError, Problem, display_path
from memorybook.words import plural

MARKDOWN = (".md", ".markdown")
DIFF_LINES = 8
"""Lines of diff `check` shows for a copy: enough to recognise the change, not a listing."""


@dataclass(frozen=True)
class _Rule:
    """One service's way of naming a copy: a pattern of the whole file name."""

    service: str
    """Who makes such copies, as the message names them."""
    pattern: re.Pattern[str]
    """Matches a copy's name; group `base` + group `ext` is the name of what it copies."""
    always: bool
    """The name is the service's own: a copy even when the entry it copies is not beside it."""


def _rule(service: str, decoration: str, *, always: bool = True, flags: int = 0) -> _Rule:
    pattern = re.compile(rf"(?P<base>.+?){decoration}(?P<ext>\.[^.\s]+)?", flags)
    return _Rule(service, pattern, always)


_RULES = (
    _rule("Dropbox", r" \([^()]+'s conflict(?:ed|ing) copy \d{4}-\d\d-\d\d(?: \(\d+\))?\)"),
    _rule("Dropbox", r" \((?:Case|Selective Sync) Conflict(?: \d+)?\)", flags=re.IGNORECASE),
    _rule("Obsidian Sync", r" \(Conflicted copy [^()]+ \d{12}\)"),
    _rule("Nextcloud or ownCloud", r" \(conflicted copy(?: [^()]+)? \d{4}-\d\d-\d\d \d{6}\)"),
    _rule("a sync service", r" \([^()]*conflict(?:ed|ing) copy[^()]*\)", flags=re.IGNORECASE),
    _rule("Nextcloud or ownCloud", r"_conflict-(?:[^_]+-)?\d{8}-?\d{6}"),
    _rule("Syncthing", r"\.sync-conflict-\d{8}-\d{6}(?:-[A-Z0-9]{7})?"),
    _rule("Seafile", r" \(SFConflict [^()]+\)"),
    _rule("pCloud", r" (?:\(conflicted\)|\[conflicted\])", flags=re.IGNORECASE),
    _rule("Resilio Sync", r"\.Conflict(?: \(\d+\))?"),
    _rule("git mergetool", r"_(?:LOCAL|REMOTE|BASE|BACKUP)_\d+"),
    _Rule("git", re.compile(r"(?P<base>.+\.(?:md|markdown))\.orig(?P<ext>)", re.IGNORECASE), True),
    _rule("Google Drive, Box or OneDrive", r" \(\d{1,3}\)", always=False),
    _rule("iCloud Drive", r" (?:[2-9]|\d\d)", always=False),
)
_ONEDRIVE_HOST = re.compile(r"[A-Z0-9-]+")
"""Windows' computer names as OneDrive appends them (with `-2` for a second copy): capitals,
digits and hyphens, at least one capital letter."""
_CAPITAL = re.compile("[A-Z]")
_MAX_DEPTH = 2
_ONEDRIVE_BACKUP = re.compile(r"[^.]+-safeBackup(?:-\d+)?")
"""The Linux client's copy: `-<host name>-safeBackup-0001`."""
_LOGSEQ_BACKUPS = ("bak", "version-files")

_MARKER = re.compile(r"(?P<sign><{7}|\|{7}|={7}|>{7})(?:[ \t](?P<label>.*))?")
_SEALED_KEY = re.compile(r"^\s*[\"']?seal", re.IGNORECASE | re.MULTILINE)
_PRIVATE_KEY = re.compile(
    r"^\s*[\"']?priv\w*[\"']?\s*[:=](?!\s*[\"']?(?:false|no|off)\b)", re.IGNORECASE | re.MULTILINE
)
"""`private: true` or a near miss of it: anything but a plain no."""


@dataclass(frozen=True)
class ConflictCopy:
    """A file a sync service (or git) made beside an entry when both of you changed it."""

    path: Path
    """The copy (absolute, inside the journal)."""
    original: Path | None
    """The entry it copies, when that is in the journal."""
    meant: str
    """The original's name (relative to the journal) even when it is not there."""
    service: str
    """Who made it: "Dropbox", "Syncthing", "git mergetool", ..."""


# -- recognising copies ---------------------------------------------------------------------


def find_copies(root: Path, files: Iterable[Path]) -> dict[Path, ConflictCopy]:
    """The conflict copies among the journal's files (Markdown ones and `.md.orig`), by path."""
    present = list(files)
    by_folded = {folded(path): path for path in present}
    copies = {}
    for path in present:
        if _is_text(path.name):
            copy = recognise(root, path, by_folded)
            if copy is not None:
                copies[path] = copy
    return copies


def recognise(
    root: Path,
    path: Path,
    present: dict[str, Path],
    depth: int = 0,
    tried: dict[str, Path | None] | None = None,
) -> ConflictCopy | None:
    """The copy `path` is, or None; `present` maps each journal file (folded) to its path."""
    backup = _logseq_backup(root, path, present)
    if backup is not None:
        return backup
    candidates = list(_decorations(path.name))
    tried = {} if tried is None else tried
    for service, base, _always in candidates:  # the entry it copies first, if it is there
        original = _original(root, path.with_name(base), present, depth, tried)
        if original is not None:
            return ConflictCopy(path, original, original.relative_to(root).as_posix(), service)
    for service, base, always in candidates:
        if always:
            meant = path.with_name(base).relative_to(root).as_posix()
            return ConflictCopy(path, None, meant, service)
    return _in_copied_folder(root, path, present) if depth == 0 else None


def _in_copied_folder(root: Path, path: Path, present: dict[str, Path]) -> ConflictCopy | None:
    """A file in a copy of a folder (`hike (1)/index.md`, a page bundle copied whole): a copy
    of the same file in the folder it copies."""
    parts = path.relative_to(root).parts
    for at in range(len(parts) - 1):
        for service, base, always in _decorations(parts[at]):
            meant = root.joinpath(*parts[:at], base, *parts[at + 1 :])
            original = present.get(folded(meant))
            if original is not None or always:
                rel = (original or meant).relative_to(root).as_posix()
                return ConflictCopy(path, original, rel, service)
    return None


def _original(
    root: Path, meant: Path, present: dict[str, Path], depth: int, tried: dict[str, Path | None]
) -> Path | None:
    """The entry named `meant`, or the one a copy of that name would copy: a copy of a copy
    (`hike (1) (1).md`) copies the entry. Two levels at most, each name tried once, so that
    a name made to fit many rules costs no more than a few thousand tries."""
    key = folded(meant)
    if key not in tried:
        found = present.get(key)
        if found is None and depth < _MAX_DEPTH:
            deeper = recognise(root, meant, present, depth + 1, tried)
            found = deeper.original if deeper else None
        tried[key] = found
    return tried[key]


def _decorations(name: str) -> Iterable[tuple[str, str, bool]]:
    """(service, the name without its decoration, always) for each rule the name fits."""
    for rule in _RULES:
        match = rule.pattern.fullmatch(name)
        if match and match["base"].strip():
            yield rule.service, match["base"] + (match["ext"] or ""), rule.always
    stem, ext = os.path.splitext(name)
    hyphens = [i for i, char in enumerate(stem) if char == "-" and i > 0]
    for at in hyphens:
        host = stem[at + 1 :]
        if _ONEDRIVE_HOST.fullmatch(host) and _CAPITAL.search(host):
            yield "OneDrive", stem[:at] + ext, False
    for at in reversed(hyphens):  # alone, the shortest host name: most have no hyphen
        if _ONEDRIVE_BACKUP.fullmatch(stem[at + 1 :]):
            yield "OneDrive", stem[:at] + ext, True


def _logseq_backup(root: Path, path: Path, present: dict[str, Path]) -> ConflictCopy | None:
    """`logseq/bak/journals/2024_06_14/<time>.Desktop.md`: an older `journals/2024_06_14.md`."""
    parts = path.relative_to(root).parts
    for at in range(len(parts) - 2):
        if parts[at].lower() == "logseq" and parts[at + 1] in _LOGSEQ_BACKUPS:
            graph = root.joinpath(*parts[:at])
            inner = parts[at + 2 : -1]
            meant = graph.joinpath(*inner).with_suffix(path.suffix) if inner else graph
            original = present.get(folded(meant)) if inner else None
            rel = meant.relative_to(root).as_posix() if inner else path.name
            return ConflictCopy(path, original, rel, "Logseq (its backup folder)")
    return None


def _is_text(name: str) -> bool:
    lowered = name.lower()
    return lowered.endswith(MARKDOWN) or lowered.endswith(tuple(f"{s}.orig" for s in MARKDOWN))


def folded(path: Path) -> str:
    """The path as names are compared, case aside: Dropbox's case conflicts copy `Hike.md`
    as `hike (Case Conflict).md`."""
    return unicodedata.normalize("NFC", str(path)).casefold()


# -- conflict markers -------------------------------------------------------------------------


def marker_lines(text: str) -> list[int]:
    """Line numbers (1-based) of git's conflict markers: `<<<<<<<`, `|||||||` and `>>>>>>>`
    anywhere, `=======` inside a conflict (elsewhere it is Markdown's heading underline)."""
    found, inside = [], False
    for number, line in enumerate(text.split("\n"), 1):
        match = _MARKER.fullmatch(line.rstrip("\r"))
        if not match:
            continue
        sign = match["sign"][0]
        if sign == "=" and not inside:
            continue
        inside = sign in "<|=" or (inside and sign != ">")
        found.append(number)
    return found


def marker_problem(path: Path, text: str, lines: list[int]) -> Problem:
    """The error for a file with conflict markers: left out, and how to settle it."""
    first = text.split("\n")[lines[0] - 1].rstrip("\r")
    return Problem(
        path,
        lines[0],
        f"git conflict markers ({shown(first[:60])}): both of you changed this entry and "
        "git kept the two versions in it; it is left out of the site, the book and the "
        "calendar until you choose",
        hint=f"run `memorybook resolve {shlex.quote(display_path(path))}` to see the two "
        "sides and keep one (--keep ours, theirs or both), or edit the file and remove "
        "the marker lines",
    )


# -- what `check` says ------------------------------------------------------------------------


def copy_problem(root: Path, copy: ConflictCopy) -> Problem:
    """The error for a conflict copy: what it copies, how it differs, how to settle it."""
    made = f"a conflict copy that {copy.service} made of {copy.meant}"
    if copy.original is None:
        made += " (which is not in the journal)"
    hint = (
        f"compare the two, put what you want to keep in {copy.meant}, then run "
        f"`memorybook resolve {shlex.quote(display_path(copy.path))}` (it shows your "
        "choices; nothing changes until you add --keep original or --keep copy)"
    )
    diff = short_diff(copy, DIFF_LINES)
    return Problem(
        copy.path,
        None,
        f"{made}: it is left out of the site, the book and the calendar",
        hint="\n".join([hint, *(f"    {line}" for line in diff)]),
    )


def short_diff(copy: ConflictCopy, limit: int | None, *, private_too: bool = False) -> list[str]:
    """A unified diff from the original to the copy, at most `limit` lines past its header.

    Nothing of a sealed letter, ever; nothing of a private entry unless `private_too` (when
    one of you asked `resolve` to show it): `check` and `build` print into logs (a CI job's,
    a shared terminal) that may be read by others."""
    theirs = read_text(copy.path)
    ours = read_text(copy.original) if copy.original else ""
    if theirs is None or ours is None:
        return ["(the two could not both be read, so no difference is shown)"]
    if _SEALED_KEY.search(theirs) or _SEALED_KEY.search(ours):
        return ["(no difference is shown: the entry is sealed)"]
    if not private_too and (_PRIVATE_KEY.search(theirs) or _PRIVATE_KEY.search(ours)):
        return ["(no difference is shown here: one of the two is private; resolve shows it)"]
    if theirs == ours:
        return ["(the copy is the same as the entry, word for word)"]
    lines = list(
        difflib.unified_diff(
            ours.splitlines(),
            theirs.splitlines(),
            f"{copy.meant} (the entry)",
            f"{copy.path.name} (the copy)",
            n=1,
            lineterm="",
        )
    )
    head, body = lines[:2], lines[2:]
    if limit is not None and len(body) > limit:
        more = len(body) - limit
        body = [*body[:limit], f"... ({more} more {plural(more, 'line')})"]
    return [shown(line[:120]) for line in head + body]


def read_text(path: Path) -> str | None:
    """The file's text as the journal reader sees it (a BOM and CRs aside); None if unreadable."""
    try:
        return path.read_bytes().decode("utf-8-sig", "replace").replace("\r\n", "\n")
    except OSError:
        return None


def shown(text: str) -> str:
    """Text from the journal as the terminal may print it: control characters (escape
    codes among them) as `?`."""
    return "".join(
        "?" if unicodedata.category(c) in ("Cc", "Cf") and c != "\t" else c for c in text
    )


@dataclass(frozen=True)
class Conflict:
    """One conflict in a file with markers: git's two sides (diff3's base is left out)."""

    line: int
    """The line of its `<<<<<<<` marker."""
    ours: tuple[str, ...]
    """The upper side's lines (git's "ours"), line ends included."""
    theirs: tuple[str, ...]
    """The lower side's lines (git's "theirs")."""


def split_conflicts(text: str) -> list[str | Conflict]:
    """The text as its lines outside conflicts and its conflicts, in order.

    A marker out of place (nested, unclosed) is a ConfigError: that file is edited by hand."""
    parts: list[str | Conflict] = []
    part: str | None = None
    ours: list[str] = []
    theirs: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        match = _MARKER.fullmatch(line.rstrip("\r\n"))
        sign = match["sign"][0] if match else None
        if sign == "<" and part is None:
            part, ours, theirs, start = "ours", [], [], number
        elif sign == "|" and part == "ours":
            part = "base"
        elif sign == "=" and part in ("ours", "base"):
            part = "theirs"
        elif sign == ">" and part == "theirs":
            parts.append(Conflict(start, tuple(ours), tuple(theirs)))
            part = None
        elif sign in ("<", "|", ">") or (sign == "=" and part is not None):
            raise ConfigError(
                f"the conflict markers on line {number} are out of order; edit this file by hand"
            )
        elif part is None:
            parts.append(line)
        elif part != "base":
            (ours if part == "ours" else theirs).append(line)
    if part is not None:
        raise ConfigError(f"the conflict from line {start} is not closed; edit this file by hand")
    return parts
