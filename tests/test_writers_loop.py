"""The writer's loop: what a person sees in the terminal while building and previewing."""

from __future__ import annotations

import datetime as dt
import logging
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from memorybook import building
from memorybook.cli import main
from memorybook.errors import Problem
from memorybook.journal import load_journal
from memorybook.preview import problems_html
from memorybook.settings import load_settings
from tests.conftest import ScratchJournal

ChDir = Callable[[Path], None]


def entry(title: str, day: str, extra: str = "", body: str = "Some words.") -> str:
    return f"---\ntitle: {title}\ndate: {day}\n{extra}---\n{body}\n"


# -- honest builds -------------------------------------------------------------


@pytest.mark.slow
def test_build_ends_by_naming_the_entries_it_left_out(
    scratch: ScratchJournal, in_dir: ChDir
) -> None:
    scratch.write("a.md", entry("Fine", "2024-01-01"))
    scratch.write("b.md", entry("Broken", "2024-01-02", "kind: holiday\n"))
    scratch.write("c.md", entry("Also broken", "2024-13-02"))
    scratch.write("d.md", entry("A photo is missing", "2024-01-03", "photos: [gone.jpg]\n"))
    in_dir(scratch.root)
    result = CliRunner().invoke(main, ["build"], catch_exceptions=False)
    assert result.exit_code == 0, result.output  # the rest is built, as the README says
    last = result.output.strip().splitlines()[-1]
    assert last == "2 entries left out because of errors above: journal/b.md, journal/c.md"


@pytest.mark.slow
def test_a_missing_photo_is_reported_once_not_again_in_mkdocs_words(
    scratch: ScratchJournal, in_dir: ChDir
) -> None:
    scratch.write("2024/a.md", entry("Hike", "2024-01-01", "", "Look: ![top](summit.jpg)"))
    in_dir(scratch.root)
    result = CliRunner().invoke(main, ["build"], catch_exceptions=False)
    assert "journal/2024/a.md:5: error: photo summit.jpg does not exist" in result.output
    assert "Doc file" not in result.output and "mkdocs:" not in result.output


def test_the_preview_servers_request_log_is_not_a_warning(
    capsys: pytest.CaptureFixture[str],
) -> None:
    server_log = logging.getLogger("mkdocs.livereload")
    with building._quiet_mkdocs() as terminal:
        server_log.warning('[18:02:11] "GET /2024/a/ HTTP/1.1" code 304')
        server_log.warning('"GET /assets/x.css HTTP/1.1" code 404')
        server_log.warning("something else went wrong")
    assert terminal.count == 1
    assert capsys.readouterr().err == "mkdocs: warning: something else went wrong\n"


# -- placeholders --------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "placeholder"),
    [
        (["Our first hike"], "What happened, and what you want to remember about it."),
        (["Moved in", "--kind", "milestone"], "Why this day matters."),
        (["--kind", "gratitude", "--from", "alex"], "Thank you for..."),
        (["--kind", "letter", "--to", "sam"], "Dear Sam,"),
    ],
)
def test_a_templates_placeholder_left_in_an_entry_is_found_at_its_line(
    scratch: ScratchJournal, in_dir: ChDir, args: list[str], placeholder: str
) -> None:
    in_dir(scratch.root)
    path = CliRunner().invoke(main, ["new", *args, "--date", "2024-06-14", "--no-edit"]).output
    line = path_line(scratch.root / path.strip(), placeholder)
    check = CliRunner().invoke(main, ["check"])
    assert check.exit_code == 0  # a warning: the entry is valid
    assert f"{path.strip()}:{line}: warning: {placeholder!r} is still the placeholder" in (
        check.output
    )
    strict = CliRunner().invoke(main, ["check", "--strict"])
    assert strict.exit_code == 1


def path_line(path: Path, text: str) -> int:
    return path.read_text().split("\n").index(text) + 1


def test_a_greeting_that_begins_a_real_letter_is_not_a_placeholder(
    scratch: ScratchJournal,
) -> None:
    scratch.write(
        "letter.md",
        """
        ---
        date: 2024-06-14
        kind: letter
        from: alex
        to: sam
        ---
        Dear Sam,

        Ten years, and I would choose you again.
        Thank you for everything.
        """,
    )
    assert load_journal(scratch.settings()).problems == ()


# -- first steps -----------------------------------------------------------------


def test_init_names_the_site_after_the_two_and_takes_the_day_they_met(
    tmp_path: Path, in_dir: ChDir
) -> None:
    in_dir(tmp_path)
    result = CliRunner().invoke(
        main, ["init", "ours", "--names", "Maria", "João", "--since", "2019-06-14"]
    )
    assert result.exit_code == 0, result.output
    settings = load_settings(tmp_path / "ours" / "mkdocs.yml")
    assert settings.site_name == "Maria & João"
    assert settings.together_since == dt.date(2019, 6, 14)


def test_init_without_a_terminal_never_guesses_the_day_they_met(
    tmp_path: Path, in_dir: ChDir
) -> None:
    in_dir(tmp_path)
    result = CliRunner().invoke(main, ["init", "ours"])
    assert result.exit_code == 0, result.output
    assert "together_since is not set" in result.output
    config = (tmp_path / "ours" / "mkdocs.yml").read_text()
    assert "# together_since: YYYY-MM-DD" in config
    assert load_settings(tmp_path / "ours" / "mkdocs.yml").together_since is None


def test_init_on_a_terminal_asks_for_the_names_and_the_day(
    tmp_path: Path, in_dir: ChDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("memorybook.cli._interactive", lambda: True)
    in_dir(tmp_path)
    answers = "Maria\nJoão\n2020-02-30\n2020-02-29\n"
    result = CliRunner().invoke(main, ["init", "ours"], input=answers)
    assert result.exit_code == 0, result.output
    assert "'2020-02-30' is not a day like 2019-06-14" in result.output  # and asked again
    settings = load_settings(tmp_path / "ours" / "mkdocs.yml")
    assert [p.name for p in settings.people.values()] == ["Maria", "João"]
    assert settings.together_since == dt.date(2020, 2, 29)


@pytest.mark.parametrize(
    ("since", "message"),
    [("2025-02-30", "day is out of range for month"), ("2999-01-01", "is in the future")],
)
def test_init_refuses_a_day_that_is_not_one(
    tmp_path: Path, in_dir: ChDir, since: str, message: str
) -> None:
    in_dir(tmp_path)
    result = CliRunner().invoke(main, ["init", "ours", "--since", since])
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "ours").exists()


# -- check gaps ------------------------------------------------------------------


def check_output(scratch: ScratchJournal, in_dir: ChDir) -> str:
    in_dir(scratch.root)
    return CliRunner().invoke(main, ["check"]).output


def test_a_tab_in_the_front_matter_is_called_a_tab(scratch: ScratchJournal, in_dir: ChDir) -> None:
    scratch.write("a.md", "---\ntitle: A\ndate: 2024-01-01\ntags:\n\t- x\n---\n")
    assert "a.md:5: error: YAML syntax error" in check_output(scratch, in_dir)
    assert "a tab is there: YAML indents with spaces only" in check_output(scratch, in_dir)


def test_a_tab_in_mkdocs_yml_is_called_a_tab(scratch: ScratchJournal, in_dir: ChDir) -> None:
    scratch.config.write_text("site_name: Ours\nplugins:\n\t- memorybook\n", encoding="utf-8")
    output = check_output(scratch, in_dir)
    assert (
        output.startswith("Error: mkdocs.yml:3: YAML syntax error") and "a tab is there" in output
    )


@pytest.mark.parametrize("written", ["joa", "João", "jaoo"])
def test_an_unknown_person_gets_a_did_you_mean_by_id_and_by_name(
    scratch: ScratchJournal, in_dir: ChDir, written: str
) -> None:
    scratch.config.write_text(
        scratch.config.read_text().replace("alex: {name: Alex", "joao: {name: João"),
        encoding="utf-8",
    )
    scratch.write("a.md", f"---\ntitle: A\ndate: 2024-01-01\nauthor: {written}\n---\n")
    assert (
        f"a.md:4: error: unknown person {written!r} in `author`; did you mean `joao`? "
        "known people: sam, joao"
    ) in check_output(scratch, in_dir)


def test_new_suggests_the_person_too(scratch: ScratchJournal, in_dir: ChDir) -> None:
    in_dir(scratch.root)
    result = CliRunner().invoke(main, ["new", "A", "--author", "Alx", "--no-edit"])
    assert result.exit_code == 2 and "unknown person 'Alx'; did you mean 'alex'?" in result.output


def test_a_mistyped_photo_in_the_entrys_folder_gets_a_did_you_mean(
    scratch: ScratchJournal, in_dir: ChDir
) -> None:
    scratch.copy_photo("coffee.png", "2024/2024-06-14-cat/cat-tall.png")
    scratch.write(
        "2024/2024-06-14-cat.md", "---\ntitle: A\ndate: 2024-06-14\nphotos: [cat-tal.png]\n---\n"
    )
    assert (
        "2024-06-14-cat.md:4: error: photo cat-tal.png does not exist; did you mean cat-tall.png?"
    ) in check_output(scratch, in_dir)


def test_the_summary_counts_every_file_read(scratch: ScratchJournal, in_dir: ChDir) -> None:
    scratch.write("fine.md", entry("Fine", "2024-01-01"))
    scratch.write("page.md", "# Our story\n")
    for name in ("a", "b", "c"):
        scratch.write(f"{name}.md", entry("Broken", "2024-01-02", "kind: holiday\nauthor: x\n"))
    summary = check_output(scratch, in_dir).strip().splitlines()[-1]
    assert (
        summary == "journal failed: 6 errors, 0 warnings in 5 files (1 entry, 1 page, 3 left out)"
    )


# -- problems in the browser -------------------------------------------------------


def test_a_problem_shown_in_the_preview_is_escaped(tmp_path: Path) -> None:
    problem = Problem(tmp_path / "a.md", 4, "unknown person '<img src=x onerror=alert(1)>'")
    html = problems_html([problem], tmp_path, "Shown while previewing")
    assert "<img" not in html and "a.md:4: error: unknown person &#39;&lt;img" in html


@pytest.mark.slow
def test_a_plain_build_never_holds_the_previews_problem_pages(
    scratch: ScratchJournal, in_dir: ChDir
) -> None:
    scratch.write("a.md", entry("Fine", "2024-01-01", "photos: [gone.jpg]\n"))
    scratch.write("b.md", entry("Broken", "2024-01-02", "kind: holiday\n"))
    in_dir(scratch.root)
    CliRunner().invoke(main, ["build"], catch_exceptions=False)
    site = scratch.root / "site"
    assert not (site / "b").exists()
    assert "mb-problems" not in (site / "a" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_serve_on_a_port_already_taken_says_so(scratch: ScratchJournal, in_dir: ChDir) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        in_dir(scratch.root)
        result = CliRunner().invoke(main, ["serve", "-a", f"127.0.0.1:{port}"])
    assert result.exit_code == 2  # a usage error, found before it says it serves (#22)
    assert result.output == (
        f"Error: cannot serve on 127.0.0.1:{port}: Address already in use; is another preview "
        "running? choose another port with -a 127.0.0.1:8001\n"
    )
