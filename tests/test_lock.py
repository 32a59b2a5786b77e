"""The locked site (issue #13): nothing of the journal readable in site/, keys handled with care.

PBKDF2 at 600,000 iterations costs about 0.3 s per passphrase tried, so the builds here
are few and shared where they can be.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from memorybook.building import build
from memorybook.cli import main
from memorybook.errors import ConfigError
from memorybook.lock import crypto, passphrases
from memorybook.lock.site import ENCRYPTED_DIR, KEYS_FILE, change_passphrase, open_keys
from memorybook.settings import load_settings
from tests.conftest import ScratchJournal
from tests.lock_helpers import assert_nothing_plain

SAM = "dispense untold upwind untamed goggles canopy"
ALEX = "glancing glisten sprig snagged labored ferret"
SAM_LATER = "harvest worrisome paying finalist justly monotone"
CANARIES = {
    "site name": "Ravensholt",
    "person": "Quillonia",
    "other person": "Brindlewort",
    "title": "Xylophanes",
    "body": "marmalizard",
    "caption": "velocirapture",
    "place": "Gloamwick",
    "tag": "snorkelbloom",
    "photo file": "frobnicated",
    "private entry": "hushabyquartz",
}
LOCKED_CONFIG = """\
site_name: Ravensholt journal
docs_dir: journal
theme:
  name: material
  font: false
plugins:
  - search
  - memorybook:
      people:
        sam: {name: Quillonia, color: "#e76f51"}
        alex: {name: Brindlewort, color: "#2a9d8f"}
      together_since: 2023-06-14
"""
MAGIC = {
    "JPEG": re.compile(rb"^\xff\xd8\xff"),
    "PNG": re.compile(rb"^\x89PNG"),
    "WebP": re.compile(rb"^RIFF....WEBP", re.DOTALL),
    "AVIF": re.compile(rb"^....ftyp(avif|avis|mif1)", re.DOTALL),
    "PDF": re.compile(rb"^%PDF"),
    "gzip": re.compile(rb"^\x1f\x8b"),
}
DATE_OR_SLUG = re.compile(r"\d{4}-\d{2}|[a-z]+-[a-z]+-[a-z]+")


def canary_journal(root: Path) -> ScratchJournal:
    """A project whose every kind of content carries a word found nowhere else."""
    project = ScratchJournal(root)
    project.config.write_text(LOCKED_CONFIG, encoding="utf-8")
    project.write(
        "2024/2024-05-01-xylophanes-picnic.md",
        """
        ---
        date: 2024-05-01
        title: Xylophanes picnic
        author: sam
        place: Gloamwick harbour
        tags: [snorkelbloom]
        photos:
          - src: 2024-05-01-xylophanes-picnic/frobnicated-zebra.png
            caption: A velocirapture on the blanket
        ---
        We ate marmalizard sandwiches by the water.
        """,
    )
    project.copy_photo("chelsea.png", "2024/2024-05-01-xylophanes-picnic/frobnicated-zebra.png")
    project.write(
        "2024/2024-06-02-secret.md",
        """
        ---
        date: 2024-06-02
        title: Between us
        private: true
        ---
        hushabyquartz is ours alone.
        """,
    )
    project.write(
        "2024/2024-06-14-thanks.md",
        """
        ---
        date: 2024-06-14
        kind: gratitude
        from: alex
        to: sam
        ---
        Thank you for the tea.
        """,
    )
    return project


@pytest.fixture
def passphrases_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_SAM", SAM)
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_ALEX", ALEX)


@pytest.fixture(scope="module")
def locked(tmp_path_factory: pytest.TempPathFactory) -> ScratchJournal:
    """The canary journal, built locked once for the module."""
    project = canary_journal(tmp_path_factory.mktemp("locked") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MEMORYBOOK_PASSPHRASE_SAM", SAM)
        patch.setenv("MEMORYBOOK_PASSPHRASE_ALEX", ALEX)
        build(project.config, lock=True)
    return project


def site_files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def theme_asset(rel: str) -> bool:
    """Material's and memorybook's own static files (locking keeps them byte for byte)."""
    return rel.startswith(("assets/javascripts/", "assets/stylesheets/", "assets/images/")) or (
        rel.startswith("assets/memorybook/") and not rel.endswith("on-this-day.js")
    )


def decrypt(project: ScratchJournal, rel: str) -> bytes:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MEMORYBOOK_PASSPHRASE_SAM", SAM)
        patch.delenv("MEMORYBOOK_PASSPHRASE_ALEX", raising=False)  # one passphrase is enough
        keys, _slots = open_keys(project.settings(), prompt=False)
    site = project.root / "site"
    blob = (site / ENCRYPTED_DIR / crypto.opaque_name(keys, rel)).read_bytes()
    return crypto.decrypt_file(keys, rel, blob)


# -- (a) nothing of the journal in site/ ----------------------------------------------


def test_a_locked_site_shows_no_word_name_date_or_picture_of_the_journal(
    locked: ScratchJournal,
) -> None:
    files = site_files(locked.root / "site")
    assert len([rel for rel in files if rel.startswith("x/")]) >= 10
    for rel, data in files.items():
        text = (rel + "\n").encode() + data
        for what, word in CANARIES.items():
            assert word.lower().encode() not in text.lower(), f"the {what} is readable in {rel}"
        if theme_asset(rel):
            continue
        assert not DATE_OR_SLUG.search(rel), f"{rel} tells a date or a title"
        for kind, magic in MAGIC.items():
            assert not magic.match(data), f"{rel} is a readable {kind} file"
    plain = {rel for rel in files if not theme_asset(rel) and not rel.startswith("x/")}
    assert plain == {
        ".memorybook-site", "index.html", "404.html", "robots.txt", "sw.js", KEYS_FILE,
        "lock/lock.css", "lock/session.js", "lock/unlock.js",
    }  # fmt: skip


def test_encrypted_files_are_padded_to_a_few_sizes(locked: ScratchJournal) -> None:
    sizes = [len(data) for rel, data in site_files(locked.root / "site").items() if "x/" in rel]
    assert min(sizes) >= crypto.MIN_BUCKET
    assert all(crypto.padded_size(size - 40) == size for size in sizes)
    assert len(set(sizes)) < len(sizes)  # many small pages share a size


def test_the_unlock_page_shows_the_public_title_and_nothing_else(locked: ScratchJournal) -> None:
    page = (locked.root / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>A private journal</title>" in page
    assert 'type="password"' in page and "Remember on this device" in page


def test_the_hosts_404_page_leads_to_the_unlock_page_and_tells_nothing(
    locked: ScratchJournal,
) -> None:
    """Plain, as hosts serve it for every address they lack; its one inline script is the
    one its Content-Security-Policy allows by hash, and the site's own 404 page is sealed."""
    page = (locked.root / "site" / "404.html").read_text(encoding="utf-8")
    assert "<title>A private journal</title>" in page
    script = re.search(r"<script>(.*)</script>", page, re.DOTALL)
    assert script is not None and "lock/keys.json" in script[1]
    digest = base64.b64encode(hashlib.sha256(script[1].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page
    assert "<h1>404 - Not found</h1>" in decrypt(locked, "404.html").decode()  # the site's own


# -- (c) what the site holds, Python decrypts; an altered byte is refused ---------------


def test_python_decrypts_the_pages_photos_and_search_index(locked: ScratchJournal) -> None:
    home = decrypt(locked, "index.html").decode()
    assert "Xylophanes picnic" in home and 'src="lock/session.js"' in home
    index = json.loads(decrypt(locked, "search/search_index.json"))
    assert any("marmalizard" in doc["text"] for doc in index["docs"])
    assert "hushabyquartz" not in json.dumps(index)  # private stays out, locked or not
    entry = decrypt(locked, "2024/2024-05-01-xylophanes-picnic/index.html").decode()
    assert 'src="../../lock/session.js"' in entry
    photo = re.search(r'src="\.\./\.\./(photos/[^"]+\.webp)"', entry)
    assert photo is not None
    assert decrypt(locked, photo[1]).startswith(b"RIFF")


def test_an_altered_or_swapped_file_is_refused() -> None:
    keys = crypto.SiteKeys.derive(crypto.new_site_key())
    blob = crypto.encrypt_file(keys, "index.html", b"<h1>ours</h1>")
    assert crypto.decrypt_file(keys, "index.html", blob) == b"<h1>ours</h1>"
    altered = bytearray(blob)
    altered[40] ^= 1
    with pytest.raises(crypto.WrongKey, match="altered"):
        crypto.decrypt_file(keys, "index.html", bytes(altered))
    with pytest.raises(crypto.WrongKey):  # the same bytes under another name
        crypto.decrypt_file(keys, "about/index.html", blob)
    other = crypto.SiteKeys.derive(crypto.new_site_key())
    with pytest.raises(crypto.WrongKey):
        crypto.decrypt_file(other, "index.html", blob)


def test_each_encryption_has_a_fresh_nonce() -> None:
    keys = crypto.SiteKeys.derive(crypto.new_site_key())
    first = crypto.encrypt_file(keys, "a.html", b"same")
    second = crypto.encrypt_file(keys, "a.html", b"same")
    assert first[4:16] != second[4:16] and first != second


def test_either_passphrase_opens_the_site_key_and_a_wrong_one_does_not() -> None:
    site_key = crypto.new_site_key()
    slots = [crypto.wrap(site_key, SAM), crypto.wrap(site_key, ALEX)]
    assert slots[0].salt != slots[1].salt and slots[0].iterations >= 600_000
    assert crypto.unwrap(slots[0], SAM) == site_key == crypto.unwrap(slots[1], ALEX)
    with pytest.raises(crypto.WrongKey, match="does not open this site"):
        crypto.unwrap(slots[0], ALEX)


# -- (d) a new passphrase re-wraps the key and rewrites nothing else --------------------


def test_changing_a_passphrase_rewraps_the_key_and_rewrites_no_photo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, passphrases_env: None
) -> None:
    project = canary_journal(tmp_path / "project")
    site = project.root / "site"
    build(project.config, lock=True)
    before = site_files(site)
    cache = project.settings().cache_dir / "lock" / ENCRYPTED_DIR
    stamps = {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_SAM", SAM_LATER)
    change = CliRunner().invoke(main, ["passphrase", "--change", "sam", "-f", str(project.config)])
    assert change.exit_code == 0, change.output
    build(project.config, lock=True)
    after = site_files(site)
    changed = {rel for rel in before if before[rel] != after.get(rel)}
    assert changed == {KEYS_FILE}
    assert {path.name: path.stat().st_mtime_ns for path in cache.iterdir()} == stamps
    slots = json.loads(after[KEYS_FILE])["slots"]
    old_slots = json.loads(before[KEYS_FILE])["slots"]
    assert len(slots) == 2 and sum(slot in old_slots for slot in slots) == 1  # Alex's kept
    opened = [crypto.Slot.from_json(slot) for slot in slots]
    key = crypto.unwrap(next(s for s in opened if s.to_json() not in old_slots), SAM_LATER)
    with pytest.raises(crypto.WrongKey):
        crypto.unwrap(next(s for s in opened if s.to_json() not in old_slots), SAM)
    keys = open_keys(project.settings())[0]
    assert crypto.SiteKeys.derive(key).key_id == keys.key_id

    # An edited entry: its pages get new ciphertext (a fresh nonce); its photo does not.
    entry = project.journal / "2024/2024-05-01-xylophanes-picnic.md"
    entry.write_text(entry.read_text(encoding="utf-8") + "\nAnd tea.\n", encoding="utf-8")
    build(project.config, lock=True)
    edited = site_files(site)
    page_path = "2024/2024-05-01-xylophanes-picnic/index.html"
    page = "x/" + crypto.opaque_name(keys, page_path)
    html = crypto.decrypt_file(keys, page_path, edited[page]).decode()
    photos = [
        "x/" + crypto.opaque_name(keys, p) for p in re.findall(r"photos/[^\s\"]+\.webp", html)
    ]
    assert photos and all(edited[rel] == after[rel] for rel in photos)
    assert edited[page] != after[page] and edited[page][4:16] != after[page][4:16]


def test_no_passphrase_opening_the_kept_key_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, passphrases_env: None
) -> None:
    project = canary_journal(tmp_path / "project")
    settings = project.settings()
    open_keys(settings, prompt=False)
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_SAM", SAM_LATER)
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_ALEX", "seventeen hazy lanterns drifting slowly")
    with pytest.raises(ConfigError, match="none of the passphrases given opens this site's key"):
        open_keys(settings, prompt=False)


# -- passphrases handled with care --------------------------------------------------------


def test_a_build_without_a_passphrase_stops_before_touching_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_dir: object
) -> None:
    project = canary_journal(tmp_path / "project")
    monkeypatch.delenv("MEMORYBOOK_PASSPHRASE_SAM", raising=False)
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_ALEX", ALEX)
    result = CliRunner().invoke(main, ["build", "--lock", "-f", str(project.config)])
    assert result.exit_code == 2, result.output
    assert "no passphrase for Quillonia: set MEMORYBOOK_PASSPHRASE_SAM" in result.output
    assert "Traceback" not in result.output
    assert not (project.root / "site" / "index.html").exists()


def test_a_weak_passphrase_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    project = canary_journal(tmp_path / "project")
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_SAM", SAM)
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_ALEX", "Brindlewort2023!")  # a name and a year
    with pytest.raises(ConfigError, match="passphrase of Brindlewort is too easy to guess"):
        open_keys(project.settings(), prompt=False)


def test_memorybook_passphrase_makes_strong_word_passphrases() -> None:
    result = CliRunner().invoke(main, ["passphrase"])
    assert result.exit_code == 0
    words = result.stdout.split()
    assert len(words) == 6 and all(re.fullmatch(r"[a-z]+(-[a-z]+)?", word) for word in words)
    assert len(passphrases._wordlist()) == 7776  # the EFF's long list: 12.9 bits a word
    passphrases.refuse_weak(result.stdout.strip(), "Sam", ["Sam", "Alex"])


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("lock: {passphrase: hunter2}", "passphrases never go in mkdocs.yml"),
        ("lock: true\n      offline: true", "lock and offline cannot go together"),
        ("lock: {colour: red}", "unknown option lock.colour"),
        ("lock: {people: [sam, robin]}", "lock.people names 'robin', who is not in people"),
    ],
)
def test_lock_options_are_checked(scratch: ScratchJournal, option: str, message: str) -> None:
    scratch.config.write_text(
        scratch.config.read_text(encoding="utf-8") + f"      {option}\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=message):
        open_keys(scratch.settings(), prompt=False)


def test_the_public_title_is_escaped_on_the_unlock_page(tmp_path: Path) -> None:
    from memorybook.lock.site import _write_unlock_files

    project = ScratchJournal(tmp_path / "project")
    project.config.write_text(
        project.config.read_text(encoding="utf-8")
        + '      lock: {title: "<b>Ours</b> & nobody else\'s"}\n',
        encoding="utf-8",
    )
    site = tmp_path / "site"
    (site / "lock").mkdir(parents=True)
    _write_unlock_files(project.settings(), site, {}, [])
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>&lt;b&gt;Ours&lt;/b&gt; &amp; nobody else&#x27;s</title>" in page
    assert "<b>" not in page


def test_a_passphrase_file_inside_the_project_is_refused(scratch: ScratchJournal) -> None:
    (scratch.root / "sam.txt").write_text(SAM + "\n", encoding="utf-8")
    outside = scratch.root.parent / "alex.txt"
    outside.write_text(ALEX + "\n", encoding="utf-8")
    scratch.config.write_text(
        scratch.config.read_text(encoding="utf-8")
        + f"      lock:\n        passphrase_files: {{sam: sam.txt, alex: {outside}}}\n",
        encoding="utf-8",
    )
    settings = scratch.settings()
    assert passphrases.find(settings, "alex", prompt=False) == ALEX
    with pytest.raises(ConfigError, match="inside the project"):
        passphrases.find(settings, "sam", prompt=False)


# -- the book, made after the build, goes in sealed --------------------------------------


def test_every_file_of_a_locked_site_is_the_unlock_page_a_theme_file_or_ciphertext(
    locked: ScratchJournal,
) -> None:
    """Not only no canary word: a plain page left by a clean-up that did nothing is caught
    whatever it says (every file is read, .gz opened, and must be ciphertext or public)."""
    assert_nothing_plain(locked.root / "site", CANARIES)


@pytest.mark.slow
def test_the_book_written_into_a_locked_site_goes_in_sealed(
    locked: ScratchJournal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real book (WeasyPrint), made aside and sealed: site/ holds it only encrypted, and
    it decrypts to the very PDF memorybook made, with the journal's words in it."""
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_SAM", SAM)
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_ALEX", ALEX)
    site = locked.root / "site"
    pdf = site / "book" / "anniversary-book.pdf"
    book = ["book", "-f", str(locked.config), "--from", "2024-01-01", "--to", "2024-12-31"]
    result = CliRunner().invoke(main, [*book, "-o", str(pdf)])
    assert result.exit_code == 0, result.output
    assert "sealed into the locked site" in result.output
    assert not pdf.exists() and not (site / "book").exists()
    made = locked.settings().cache_dir / "lock" / "book" / "anniversary-book.pdf"
    sealed = decrypt(locked, "book/anniversary-book.pdf")
    assert sealed == made.read_bytes() and sealed.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=sealed, capture_output=True, check=True, timeout=60
    ).stdout.decode()
    assert "Xylophanes picnic" in text and "marmalizard" in text  # the book itself, not a stub
    cover = decrypt(locked, "book/anniversary-book-cover.pdf")
    assert cover.startswith(b"%PDF") and cover != sealed
    assert not any(data.startswith(b"%PDF") for data in site_files(site).values())
    assert_nothing_plain(site, CANARIES)


def test_the_sites_calendar_is_encrypted_like_its_pages(locked: ScratchJournal) -> None:
    site = locked.root / "site"
    assert not (site / "milestones").exists()
    calendar = decrypt(locked, "milestones/our-anniversaries.ics")
    assert (
        calendar.startswith(b"BEGIN:VCALENDAR") and b"X-WR-CALNAME:Ravensholt journal" in calendar
    )


def test_the_calendar_written_into_a_locked_site_goes_in_sealed(
    locked: ScratchJournal, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_SAM", SAM)
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_ALEX", ALEX)
    site = locked.root / "site"
    target = site / "calendar" / "ours.ics"
    result = CliRunner().invoke(main, ["calendar", "-f", str(locked.config), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "sealed into the locked site" in result.output
    assert not target.exists() and not (site / "calendar").exists()
    assert decrypt(locked, "calendar/ours.ics").startswith(b"BEGIN:VCALENDAR")
    assert not any(b"VCALENDAR" in data for data in site_files(site).values())


def test_settings_read_lock_true(scratch: ScratchJournal) -> None:
    scratch.config.write_text(
        scratch.config.read_text(encoding="utf-8") + "      lock: true\n", encoding="utf-8"
    )
    lock = load_settings(scratch.config).lock
    assert lock.enabled and lock.title == "A private journal"


def test_a_later_build_in_the_same_process_has_no_keys_left_to_scrub_with(
    locked: ScratchJournal, scratch: ScratchJournal
) -> None:
    """MkDocs keeps one plugin for the whole process (for `serve`): a plain build refused
    after a locked one must not treat the refused folder as a failed locked site."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    web = scratch.root / "web"
    web.mkdir()
    (web / "index.html").write_text("<p>ours</p>", encoding="utf-8")
    with pytest.raises(Abort):
        mkdocs_build(load_config(str(scratch.config), site_dir=str(web)))
    assert (web / "index.html").read_text(encoding="utf-8") == "<p>ours</p>"


class _Terminal:
    """Standard input as a terminal, with what the person types next."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, typed: list[str]) -> None:
        self.asked: list[str] = []
        monkeypatch.setattr("sys.stdin.isatty", lambda: True)
        monkeypatch.setattr(passphrases.getpass, "getpass", self.answer)
        self.typed = typed

    def answer(self, prompt: str) -> str:
        self.asked.append(prompt)
        return self.typed.pop(0)


def test_a_new_passphrase_typed_at_the_prompt_is_asked_twice(
    scratch: ScratchJournal, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(passphrases, "_prompted", {})
    monkeypatch.delenv("MEMORYBOOK_PASSPHRASE_SAM", raising=False)
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_ALEX", ALEX)
    terminal = _Terminal(monkeypatch, [SAM, SAM + "x"])
    with pytest.raises(ConfigError, match="the two passphrases typed for Sam differ"):
        open_keys(scratch.settings())
    assert terminal.asked == [
        "Passphrase of Sam: ",
        "That is a new passphrase for Sam; type it again: ",
    ]
    assert not (scratch.settings().cache_dir / "lock" / "keys.json").exists()
    terminal.typed = [SAM, SAM]
    open_keys(scratch.settings())
    assert (scratch.settings().cache_dir / "lock" / "keys.json").exists()


# -- issue #19: any length, the couple's own words weak, no typo replaces a passphrase ------

TWELVE_WORDS = (
    "dispense untold upwind untamed goggles canopy glancing glisten sprig snagged labored ferret"
)


def _couple(root: Path, names: tuple[str, str] = ("Maya", "Noor")) -> ScratchJournal:
    project = ScratchJournal(root)
    project.config.write_text(
        LOCKED_CONFIG.replace("Ravensholt journal", f"{names[0]} & {names[1]}")
        .replace("name: Quillonia", f"name: {names[0]}")
        .replace("name: Brindlewort", f"name: {names[1]}")
        .replace("2023-06-14", "2020-06-14"),
        encoding="utf-8",
    )
    return project


def test_a_passphrase_of_any_length_is_judged_without_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """zxcvbn refuses more than 72 characters; `memorybook passphrase --words 12` makes ~95."""
    project = _couple(tmp_path / "project")
    made = CliRunner().invoke(main, ["passphrase", "--words", "12"]).stdout.strip()
    assert len(made) > 72 and len(TWELVE_WORDS) > 72
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_SAM", made)
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_ALEX", TWELVE_WORDS + " " + "x" * 300)
    keys, slots = open_keys(project.settings(), prompt=False)
    assert crypto.SiteKeys.derive(crypto.unwrap(slots["sam"], made)) == keys
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_ALEX", "a" * 200)  # long, but still weak
    monkeypatch.setattr(passphrases, "_prompted", {})
    (project.settings().cache_dir / "lock" / "keys.json").unlink()
    with pytest.raises(ConfigError, match="passphrase of Noor is too easy to guess"):
        open_keys(project.settings(), prompt=False)


@pytest.mark.parametrize(
    ("names", "passphrase"),
    [
        (("Maya", "Noor"), "maya noor 2020"),
        (("Quillonia Marsh", "Brindlewort Vale"), "quillonia brindlewort 2020"),
        (("Quillonia Marsh", "Brindlewort Vale"), "Vale Marsh june 2020"),
    ],
)
def test_the_couples_names_site_name_and_year_make_a_weak_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, names: tuple[str, str], passphrase: str
) -> None:
    project = _couple(tmp_path / "project", names)
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_SAM", SAM)
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_ALEX", passphrase)
    with pytest.raises(ConfigError, match=f"passphrase of {names[1]} is too easy to guess"):
        open_keys(project.settings(), prompt=False)


def test_a_mistyped_passphrase_is_refused_and_replaces_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, passphrases_env: None, in_dir: object
) -> None:
    """Before: a strong enough typo silently became Sam's passphrase; the real one no longer
    opened the site. Now the build stops, naming Sam and the variable, and says how to change."""
    project = canary_journal(tmp_path / "project")
    open_keys(project.settings(), prompt=False)
    keyring = project.settings().cache_dir / "lock" / "keys.json"
    before = keyring.read_bytes()
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_SAM", SAM.replace("goggles", "goggels"))
    result = CliRunner().invoke(main, ["build", "--lock", "-f", str(project.config)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "the passphrase of Quillonia in MEMORYBOOK_PASSPHRASE_SAM does not open" in result.output
    assert "memorybook passphrase --change sam" in result.output
    assert keyring.read_bytes() == before
    assert not (project.root / "site" / "index.html").exists()


def test_a_near_miss_of_a_passphrase_variable_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, passphrases_env: None
) -> None:
    project = canary_journal(tmp_path / "project")
    open_keys(project.settings(), prompt=False)
    monkeypatch.delenv("MEMORYBOOK_PASSPHRASE_SAM")
    near_misses = ["MEMORYBOOK_PASSPHRASE_SMA", "memorybook_passphrase_sam"]
    near_misses.append("MEMORYBOOK_PASWORD_SAM")
    for near in near_misses:
        monkeypatch.setenv(near, SAM_LATER)
        with pytest.raises(ConfigError, match=f"{near} is set.*MEMORYBOOK_PASSPHRASE_SAM"):
            open_keys(project.settings(), prompt=False)
        monkeypatch.delenv(near)
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_BOB", SAM_LATER)  # nobody's near miss
    open_keys(project.settings(), prompt=False)


def test_memorybook_passphrase_change_gives_one_person_a_new_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, passphrases_env: None
) -> None:
    project = canary_journal(tmp_path / "project")
    keys, slots = open_keys(project.settings(), prompt=False)
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_SAM", SAM_LATER)
    change = ["passphrase", "--change", "Sam", "-f", str(project.config)]  # as `from: Sam` (#22)
    result = CliRunner().invoke(main, change)
    assert result.exit_code == 0, result.output
    assert "new passphrase of Quillonia" in result.output
    keys_after, slots_after = open_keys(project.settings(), prompt=False)
    assert keys_after == keys and slots_after["alex"] == slots["alex"]
    assert crypto.SiteKeys.derive(crypto.unwrap(slots_after["sam"], SAM_LATER)) == keys
    with pytest.raises(crypto.WrongKey):
        crypto.unwrap(slots_after["sam"], SAM)
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_SAM", "maya noor 2023")  # a weak one is refused
    result = CliRunner().invoke(main, change)
    assert result.exit_code == 2 and "too easy to guess" in result.output
    result = CliRunner().invoke(main, [*change[:2], "robin", *change[3:]])
    assert result.exit_code == 2 and "robin" in result.output and "Traceback" not in result.output


def test_a_passphrase_is_changed_alone_with_the_current_one_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, passphrases_env: None
) -> None:
    project = canary_journal(tmp_path / "project")
    open_keys(project.settings(), prompt=False)
    monkeypatch.delenv("MEMORYBOOK_PASSPHRASE_ALEX")
    monkeypatch.delenv("MEMORYBOOK_PASSPHRASE_SAM")
    terminal = _Terminal(monkeypatch, [SAM_LATER, SAM_LATER, SAM])
    message = change_passphrase(project.settings(), "sam")
    assert "new passphrase of Quillonia" in message
    assert terminal.asked == [
        "New passphrase of Quillonia: ",
        "Type the new passphrase of Quillonia again: ",
        "Current passphrase of Quillonia (or of anyone who has one): ",
    ]
    monkeypatch.setenv("MEMORYBOOK_PASSPHRASE_SAM", SAM_LATER)
    open_keys(project.settings(), prompt=False)
