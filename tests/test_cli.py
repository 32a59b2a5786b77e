"""The writing workflow: `check`, `new` and `init`, with exact output and exit codes."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from memorybook.cli import main
from memorybook.errors import display_path
from memorybook.journal import load_journal
from memorybook.settings import load_settings
from tests.conftest import REPO, SCRATCH_MKDOCS_YML, TESTS, ScratchJournal, run, snapshot

BROKEN = TESTS / "journals" / "broken"
ChDir = Callable[[Path], None]


# -- check ---------------------------------------------------------------


def test_check_broken_journal_gives_the_expected_table(in_dir: ChDir) -> None:
    in_dir(BROKEN)
    result = run("check")
    assert result.exit_code == 1
    assert result.output == (BROKEN / "expected.txt").read_text(encoding="utf-8")
    assert "Traceback" not in result.output


def test_every_broken_file_gets_a_located_problem(in_dir: ChDir) -> None:
    in_dir(BROKEN)
    output = run("check").output
    for path in (BROKEN / "journal").rglob("*.md"):
        rel = path.relative_to(BROKEN).as_posix()
        if rel != "journal/2023/2024-05-01-same.md":  # the first of a duplicate pair is fine
            assert f"{rel}:" in output, rel
    for line in output.splitlines()[:-1]:
        location, severity, _ = line.split(": ", 2)
        assert location.split(":")[1].isdigit() and severity in ("error", "warning"), line


def test_check_paths_are_relative_to_the_current_folder(in_dir: ChDir) -> None:
    in_dir(BROKEN / "journal")
    output = run("check", "-f", "../mkdocs.yml").output
    assert output.startswith("2024/2024-05-01-same.md:1: error: duplicate slug")


def test_check_sample_journal_strict_passes(in_dir: ChDir) -> None:
    in_dir(REPO)
    result = run("check", "--strict")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("journal ok: ")


def test_warnings_pass_unless_strict(scratch: ScratchJournal, in_dir: ChDir) -> None:
    scratch.write("e.md", "---\ntitle: T\ndate: 2024-01-01\ntittle: x\n---\n")
    in_dir(scratch.root)
    relaxed, strict = run("check"), run("check", "--strict")
    expected = (
        "journal/e.md:4: warning: unknown field `tittle` (kept, but not used); "
        "did you mean `title`?\n"
    )
    assert (relaxed.exit_code, strict.exit_code) == (0, 1)
    assert (
        relaxed.output
        == expected + "journal ok: 0 errors, 1 warning in 1 file (1 entry, 0 pages)\n"
    )
    assert (
        strict.output
        == expected + "journal failed: 0 errors, 1 warning in 1 file (1 entry, 0 pages)\n"
    )


def test_check_never_writes(in_dir: ChDir) -> None:
    before = snapshot(BROKEN)
    in_dir(BROKEN)
    run("check")
    assert snapshot(BROKEN) == before


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("plugins:\n  - memorybook:\n      peple: {}\n", "unknown option 'peple'"),
        (
            "plugins:\n  - memorybook:\n      people: {sam: {name: Sam, color: red}}\n",
            "people.sam.color 'red' is not a colour",
        ),
        (
            "plugins:\n  - memorybook:\n      together_since: someday\n",
            "together_since 'someday' is not a date",
        ),
        (
            "plugins:\n  - memorybook:\n      photos: {format: bmp}\n",
            "photos.format 'bmp' is not supported; allowed: jpeg, webp, avif",
        ),
        ("site_name: a: b\n", "mkdocs.yml:2: YAML syntax error: mapping values are not allowed"),
    ],
)
def test_bad_config_is_a_clear_error_with_exit_2(
    tmp_path: Path, in_dir: ChDir, config: str, message: str
) -> None:
    (tmp_path / "journal").mkdir()
    (tmp_path / "mkdocs.yml").write_text("docs_dir: journal\n" + config, encoding="utf-8")
    in_dir(tmp_path)
    result = run("check")
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("command", ["check", "build", "serve", "book", "new"])
def test_missing_config_is_exit_2(tmp_path: Path, in_dir: ChDir, command: str) -> None:
    in_dir(tmp_path)
    result = run(command, *(["X", "--no-edit"] if command == "new" else []))
    assert result.exit_code == 2
    assert "Error: mkdocs.yml: no such file; run memorybook in your journal" in result.output


def test_config_with_mkdocs_tags_is_read(tmp_path: Path, in_dir: ChDir) -> None:
    """Material's `!!python/name:` and MkDocs' `!ENV` must not break the core's reading."""
    (tmp_path / "journal").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "docs_dir: journal\nsite_name: !ENV [SITE, 'Ours']\ntheme: material\nmarkdown_extensions:\n"
        "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - memorybook\n",
        encoding="utf-8",
    )
    in_dir(tmp_path)
    assert run("check").output == "journal ok: 0 entries, 0 pages\n"


# -- new -----------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["Our first hike"],
        ["Moved in", "--kind", "milestone", "--author", "sam"],
        ["--kind", "gratitude", "--from", "alex"],
        ["--kind", "gratitude", "--from", "sam", "--to", "alex"],
        ["--kind", "letter", "--to", "sam"],
        ["Happy birthday", "--kind", "letter", "--from", "sam", "--to", "alex"],
    ],
)
def test_new_then_check_is_valid_for_every_kind(
    scratch: ScratchJournal, in_dir: ChDir, args: list[str]
) -> None:
    in_dir(scratch.root)
    result = run("new", *args, "--date", "2024-06-14", "--no-edit")
    assert result.exit_code == 0, result.output
    path = scratch.root / result.output.strip()
    assert path.is_file() and path.parent == scratch.journal / "2024"
    check = run("check")  # valid, but the template's placeholder is still there
    assert check.exit_code == 0 and "placeholder" in check.output, check.output
    front_matter = path.read_text().rsplit("---\n", 1)[0]
    path.write_text(front_matter + "---\nWe walked up the hill at dawn.\n")
    check = run("check", "--strict")
    assert check.exit_code == 0, check.output + path.read_text()


def test_new_writes_the_suggested_path_and_never_overwrites(
    scratch: ScratchJournal, in_dir: ChDir
) -> None:
    in_dir(scratch.root)
    first = run("new", "Our first hike", "--date", "2024-06-14", "--no-edit").output.strip()
    Path(first).write_text("---\ntitle: Mine\ndate: 2024-06-14\n---\nMy words.\n")
    second = run("new", "Our first hike", "--date", "2024-06-14", "--no-edit").output.strip()
    assert first == "journal/2024/2024-06-14-our-first-hike.md"
    assert second == "journal/2024/2024-06-14-our-first-hike-2.md"
    assert Path(first).read_text() == "---\ntitle: Mine\ndate: 2024-06-14\n---\nMy words.\n"


def test_new_with_a_time_and_a_tricky_title(scratch: ScratchJournal, in_dir: ChDir) -> None:
    in_dir(scratch.root)
    out = run("new", 'Paris: "the" trip', "--date", "2024-06-14 18:30", "--no-edit").output
    path = Path(out.strip())
    assert path.name == "2024-06-14-paris-the-trip.md"
    assert "0 errors" in run("check").output  # (the placeholder body is a warning)
    assert "title: 'Paris: \"the\" trip'" in path.read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "experience"], "an experience needs a title"),
        (["X", "--author", "jo"], "unknown person 'jo'; known people: sam, alex"),
        (["X", "--date", "tomorrow"], "--date 'tomorrow' is not a date"),
        (["--kind", "gratitude", "--from", "sam", "--to", "sam"], "two different people"),
    ],
)
def test_new_refuses_bad_requests(
    scratch: ScratchJournal, in_dir: ChDir, args: list[str], message: str
) -> None:
    in_dir(scratch.root)
    result = run("new", *args, "--no-edit")
    assert result.exit_code == 2 and message in result.output
    assert not list(scratch.journal.rglob("*.md"))


def test_new_opens_the_editor(scratch: ScratchJournal, in_dir: ChDir, tmp_path: Path) -> None:
    log = tmp_path / "edited"
    editor = tmp_path / "editor.sh"
    editor.write_text(f'#!/bin/sh\necho "$1" > {log}\n')
    editor.chmod(0o755)
    in_dir(scratch.root)
    result = CliRunner(env={"VISUAL": str(editor), "EDITOR": ""}).invoke(
        main, ["new", "Hike", "--date", "2024-06-14"]
    )
    assert result.exit_code == 0
    assert log.read_text().strip().endswith("2024-06-14-hike.md")


# -- init ----------------------------------------------------------------


def test_init_scaffolds_a_project_that_checks(tmp_path: Path, in_dir: ChDir) -> None:
    in_dir(tmp_path)
    result = run("init", "ours", "--names", "Maria", "João")
    assert result.exit_code == 0, result.output
    project = tmp_path / "ours"
    assert (project / ".gitignore").read_text().startswith(".cache/\nsite/\n")
    assert "maria: {name: Maria" in (project / "mkdocs.yml").read_text()
    assert "joao: {name: João" in (project / "mkdocs.yml").read_text()
    in_dir(project)
    assert run("check", "--strict").exit_code == 0
    assert run("new", "Hello", "--author", "joao", "--no-edit").exit_code == 0


def test_init_refuses_a_non_empty_folder(tmp_path: Path, in_dir: ChDir) -> None:
    (tmp_path / "ours").mkdir()
    (tmp_path / "ours" / "notes.txt").write_text("keep me")
    in_dir(tmp_path)
    result = run("init", "ours")
    assert result.exit_code == 2 and "not empty" in result.output
    assert os.listdir(tmp_path / "ours") == ["notes.txt"]


def test_commands_find_mkdocs_yml_in_a_folder_above(scratch: ScratchJournal, in_dir: ChDir) -> None:
    """Writing in journal/2024/, `memorybook check` should just work, paths still relative."""
    scratch.write("2024/e.md", "---\ntitle: T\ndate: 2024-01-01\ntittle: x\n---\n")
    in_dir(scratch.journal / "2024")
    result = run("check")
    assert result.output.startswith("e.md:4: warning: unknown field `tittle`")
    created = run("new", "Hike", "--date", "2024-06-14", "--no-edit").output.strip()
    assert created == "2024-06-14-hike.md"


def test_an_explicit_config_file_is_not_searched_for(tmp_path: Path, in_dir: ChDir) -> None:
    (tmp_path / "mkdocs.yml").write_text("docs_dir: journal\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    in_dir(tmp_path / "sub")
    assert run("check", "-f", "mkdocs.yml").exit_code == 2


# -- the frictions a new user meets (#22) ---------------------------------


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """`serve` stopped where it would start serving: the configs it was asked to serve."""
    from memorybook import building

    served: list[Path] = []
    monkeypatch.setattr(building, "serve", lambda config_file, **_: served.append(config_file))
    return served


@pytest.mark.parametrize(
    ("layout", "args", "message"),
    [
        ("empty", [], "Error: mkdocs.yml: no such file; run memorybook in your journal"),
        ("no journal", [], "Error: journal: no such folder; mkdocs.yml's journal (docs_dir)"),
        ("project", ["-a", "somewhere"], "dev_addr"),
    ],
)
def test_serve_checks_the_project_before_saying_it_serves(
    tmp_path: Path, in_dir: ChDir, no_server: list[Path], layout: str, args: list[str], message: str
) -> None:
    if layout != "empty":
        (tmp_path / "mkdocs.yml").write_text(SCRATCH_MKDOCS_YML, encoding="utf-8")
    if layout == "project":
        (tmp_path / "journal").mkdir()
    in_dir(tmp_path)
    result = run("serve", *args)
    assert result.exit_code == 2 and message in result.output, result.output
    assert "serving on" not in result.output and no_server == []


def test_serve_says_where_it_serves_once_the_project_is_sound(
    scratch: ScratchJournal, in_dir: ChDir, no_server: list[Path]
) -> None:
    in_dir(scratch.root)
    result = run("serve")
    assert result.output == "serving on http://127.0.0.1:8000/ (Ctrl+C to stop)\n"
    assert no_server == [Path("mkdocs.yml")]


@pytest.mark.parametrize(
    ("args", "people"),
    [
        (["ours", "--names", "Maya", "--since", "2020-02-03"], ["maya"]),
        (["ours", "--names", "Maya", "Rui", "--since", "2020-02-03"], ["maya", "rui"]),
        (["--names", "Maya", "ours", "--since", "2020-02-03"], ["maya"]),
        (["--names", "Maya", "Rui", "ours", "--since", "2020-02-03"], ["maya", "rui"]),
        (["--since", "2020-02-03", "ours", "--names", "Maya", "--names", "Rui"], ["maya", "rui"]),
        (["--since=2020-02-03", "--names", "Maya", "Rui", "ours"], ["maya", "rui"]),
        (["ours", "--names=Maya", "--since", "2020-02-03"], ["maya"]),
    ],
)
def test_init_names_takes_one_or_two_names_and_since_still_parses(
    tmp_path: Path, in_dir: ChDir, args: list[str], people: list[str]
) -> None:
    in_dir(tmp_path)
    result = run("init", *args)
    assert result.exit_code == 0, result.output
    settings = load_settings(tmp_path / "ours" / "mkdocs.yml")
    assert list(settings.people) == people
    assert settings.together_since == dt.date(2020, 2, 3)
    assert settings.site_name == " & ".join(p.title() for p in people)


@pytest.mark.parametrize(("answer", "people"), [("Rui\n", ["maya", "rui"]), ("\n", ["maya"])])
def test_init_with_one_name_on_a_terminal_asks_for_the_partner(
    tmp_path: Path, in_dir: ChDir, monkeypatch: pytest.MonkeyPatch, answer: str, people: list[str]
) -> None:
    monkeypatch.setattr("memorybook.cli._interactive", lambda: True)
    in_dir(tmp_path)
    result = CliRunner().invoke(
        main, ["init", "ours", "--names", "Maya", "--since", "2020-02-03"], input=answer
    )
    assert result.exit_code == 0, result.output
    assert "Your partner's name (empty: add them later)" in result.output
    assert list(load_settings(tmp_path / "ours" / "mkdocs.yml").people) == people
    alone = "people: only Maya; add your partner under people: in mkdocs.yml"
    assert (alone in result.output) is (people == ["maya"])


def test_init_refuses_three_names(tmp_path: Path, in_dir: ChDir) -> None:
    in_dir(tmp_path)
    result = run("init", "ours", "--names", "Maya", "--names", "Rui", "--names", "Ana")
    assert result.exit_code == 2 and "--names takes one or two names" in result.output
    assert not (tmp_path / "ours").exists()


@pytest.mark.parametrize("written", ["Sam", "SAM", " sam", "Sammy", "Alx", "João"])
def test_a_person_is_matched_one_way_on_the_command_line_and_in_files(
    scratch: ScratchJournal, in_dir: ChDir, written: str
) -> None:
    """`new --author X` is accepted exactly when `author: X` in a file is, and means the same
    person: the entry `new` writes names them by their id."""
    scratch.write("2024/by-hand.md", f"---\ntitle: T\ndate: 2024-01-01\nauthor: '{written}'\n---\n")
    in_file = [entry.authors for entry in load_journal(scratch.settings()).entries]
    in_dir(scratch.root)
    result = run("new", "Hike", "--author", written, "--date", "2024-06-14", "--no-edit")
    assert (result.exit_code == 0) is (in_file != []), result.output
    if in_file:
        made = (scratch.root / result.output.strip()).read_text()
        assert f"author: {in_file[0][0]}\n" in made
    else:
        assert result.exit_code == 2 and "unknown person" in result.output


def test_new_from_a_name_as_typed_writes_the_note(scratch: ScratchJournal, in_dir: ChDir) -> None:
    in_dir(scratch.root)
    result = run("new", "--kind", "gratitude", "--from", "Sam", "--date", "2024-06-14", "--no-edit")
    assert result.exit_code == 0, result.output
    text = (scratch.root / result.output.strip()).read_text()
    assert "from: sam\n" in text and "to: alex\n" in text


def test_new_with_a_missing_editor_keeps_the_entry_and_says_where_it_is(
    scratch: ScratchJournal, in_dir: ChDir, tmp_path: Path
) -> None:
    in_dir(scratch.root)
    result = CliRunner(env={"VISUAL": str(tmp_path / "no-such-editor"), "EDITOR": ""}).invoke(
        main, ["new", "Hike", "--date", "2024-06-14"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "journal/2024/2024-06-14-hike.md\n"
    assert (scratch.journal / "2024" / "2024-06-14-hike.md").is_file()
    assert result.stderr.startswith(f"could not open your editor ({tmp_path / 'no-such-editor'})")
    assert "the entry is written: journal/2024/2024-06-14-hike.md" in result.stderr


def _usage_project(tmp_path: Path) -> None:
    """A project, and a folder `full` that is not empty."""
    project = tmp_path
    (project / "mkdocs.yml").write_text(SCRATCH_MKDOCS_YML, encoding="utf-8")
    answer = "---\ntitle: Q\ndate: 2024-01-01\nauthor: sam\nquestion: 24\n---\nMine.\n"
    (project / "journal" / "2024").mkdir(parents=True)
    (project / "journal" / "2024" / "q.md").write_text(answer, encoding="utf-8")
    (project / "full").mkdir()
    (project / "full" / "notes.txt").write_text("keep me", encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["init", "full"], "full: not empty"),
        (["book", "--year", "1", "--from", "2024-01-01"], "give either --year or --from/--to"),
        (["book", "-o", "journal/book.pdf"], "never written into the journal folder"),
        (["new", "--question", "24", "--author", "sam", "--no-edit"], "already answered"),
        (["check", "-f", "nowhere.yml"], "nowhere.yml: no such file"),
        (["new", "X", "--author", "nobody", "--no-edit"], "unknown person 'nobody'"),
        (["import", "jrnl", "missing.json"], "missing.json"),
        (["init", "ours", "--since", "someday"], "'someday' is not a day"),
    ],
)
def test_usage_errors_exit_2_everywhere(
    tmp_path: Path, in_dir: ChDir, args: list[str], message: str
) -> None:
    _usage_project(tmp_path)
    in_dir(tmp_path)
    result = run(*args)
    assert (result.exit_code, "Traceback" in result.output) == (2, False), result.output
    assert message in result.output, result.output


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("/nonexistent.yml", "/nonexistent.yml"),
        ("../nonexistent.yml", "../nonexistent.yml"),
        ("sub/nonexistent.yml", "sub/nonexistent.yml"),
    ],
)
@pytest.mark.parametrize("command", ["check", "build", "serve", "book", "calendar"])
def test_a_config_path_is_shown_as_typed(
    tmp_path: Path, in_dir: ChDir, command: str, typed: str, shown: str
) -> None:
    (tmp_path / "here").mkdir()
    in_dir(tmp_path / "here")
    result = run(command, "-f", typed)
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {shown}: no such file"), result.output


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["build", "-d", "/dev/null/site"], "Error: /dev/null/site: part of the path is a file"),
        (["import", "jrnl", "/dev/null/x.json"], "Error: /dev/null/x.json: no such file"),
        (["resolve", "/dev/null/x.md"], "Error: /dev/null/x.md is not in the journal folder"),
    ],
)
def test_a_path_typed_from_the_root_is_shown_from_the_root(
    scratch: ScratchJournal, in_dir: ChDir, args: list[str], shown: str
) -> None:
    in_dir(scratch.journal)
    result = run(*args, "-f", "../mkdocs.yml")
    assert result.exit_code == 2 and result.output.startswith(shown), result.output


def test_display_path_is_relative_within_a_tree_and_whole_from_the_root() -> None:
    here = Path("/home/maya/ours/journal")
    assert display_path(Path("/home/maya/ours/journal/2024/a.md"), here) == "2024/a.md"
    assert display_path(Path("/home/maya/ours/mkdocs.yml"), here) == "../mkdocs.yml"
    assert display_path(Path("/home/maya/export.zip"), here) == "../../export.zip"
    assert display_path(Path("/media/usb/mkdocs.yml"), here) == "/media/usb/mkdocs.yml"
    assert display_path(Path("/home/maya/ours/journal"), here) == "."


def test_a_found_config_above_is_shown_relative_to_here(tmp_path: Path, in_dir: ChDir) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: [broken\n", encoding="utf-8")
    (tmp_path / "journal" / "2024").mkdir(parents=True)
    in_dir(tmp_path / "journal" / "2024")
    assert run("check").output.startswith("Error: ../../mkdocs.yml:1: YAML syntax error")


@pytest.mark.parametrize(
    "command",
    [[c] for c in main.commands if c != "import"] + [["import", "jrnl"], ["import", "dayone"]],
)
def test_the_config_option_shows_one_default(command: list[str]) -> None:
    help_text = " ".join(run(*command, "--help").output.split())
    if "--config-file" in help_text:
        assert "(default: the nearest one in this folder or above)." in help_text
        assert "[default: mkdocs.yml]" not in help_text
