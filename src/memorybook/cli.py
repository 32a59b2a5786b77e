"""The `memorybook` command: parse arguments, call one library function, print the result."""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import replace
from pathlib import Path

import click

from memorybook import __version__
from memorybook.checking import check_journal
from memorybook.errors import ConfigError
from memorybook.files import os_error_message
from memorybook.importers import ImportReport, import_dayone, import_jrnl
from memorybook.init_names import InitCommand, check_names
from memorybook.journal import KINDS
from memorybook.mkdocs_yml import find_config
from memorybook.print_services import SERVICES
from memorybook.resolving import KEEPS, Keep
from memorybook.resolving import resolve as resolve_conflict
from memorybook.scaffold import NewEntry, init_project, new_answer, new_entry, new_telling
from memorybook.settings import Settings, load_settings
from memorybook.words import plural


def _locate_config(ctx: click.Context, _param: click.Parameter, value: Path) -> Path:
    """Without -f, run from anywhere inside the project: look for mkdocs.yml upwards."""
    if ctx.get_parameter_source("config_file") is not click.core.ParameterSource.DEFAULT:
        return value
    return find_config(Path.cwd()) or value


config_option = click.option(
    "-f",
    "--config-file",
    "config_file",
    default="mkdocs.yml",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=_locate_config,
    help="The project's mkdocs.yml (default: the nearest one in this folder or above).",
)
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")


class _Commands(click.Group):
    """Every command: a file-system failure the user can cause (a full disk, a read-only or
    missing folder, a permission) ends as `Error: PATH: cause`, exit 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            raise ConfigError(os_error_message(exc)) from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="memorybook")
def main() -> None:
    """Turn your shared journal into a private website and an anniversary book."""


@main.command()
@config_option
@strict_option
def check(config_file: Path, strict: bool) -> None:
    """Check every entry and print each problem as PATH:LINE: severity: message."""
    settings = load_settings(config_file)
    from memorybook.building import check_config  # (MkDocs: what build would refuse)

    check_config(config_file)
    report = check_journal(settings, strict=strict)
    for line in report.lines():
        click.echo(line)
    click.echo(report.summary(), err=report.failed)
    if report.failed:
        raise SystemExit(1)


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--keep",
    type=click.Choice(KEEPS),
    help="For a conflict copy: original (move the copy out of the journal) or copy (its text "
    "becomes the entry's). For git's markers: ours, theirs or both. Without it: show, change "
    "nothing.",
)
@config_option
def resolve(path: Path, keep: Keep | None, config_file: Path) -> None:
    """Settle one conflict copy or file with git's conflict markers, only as you choose."""
    for line in resolve_conflict(load_settings(config_file), path, keep):
        click.echo(line)


_PICK_QUESTION = 0
"""`--question` without a number: memorybook picks the question."""


@main.command()
@click.argument("title", required=False, default="")
@click.option("--kind", type=click.Choice(KINDS), default="experience", show_default=True)
@click.option("--date", help="When it happened (YYYY-MM-DD or YYYY-MM-DD HH:MM); default today.")
@click.option("--from", "sender", metavar="PERSON", help="Who thanks or writes (notes, letters).")
@click.option("--to", "recipient", metavar="PERSON", help="To whom (notes, letters).")
@click.option("--author", metavar="PERSON", help="Who writes it.")
@click.option(
    "--sealed-until",
    metavar="DATE",
    help="A time capsule: nothing of it is published before this day (YYYY-MM-DD).",
)
@click.option(
    "--question",
    type=int,
    is_flag=False,
    flag_value=_PICK_QUESTION,
    metavar="[N]",
    help="Answer one of the shared questions: N, or alone, the next one for --author.",
)
@click.option(
    "--telling",
    metavar="PATH",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write your telling of that entry's day (same day and title), beside the other's.",
)
@click.option("--no-edit", is_flag=True, help="Do not open $VISUAL / $EDITOR.")
@config_option
def new(
    title: str,
    kind: str,
    date: str | None,
    sender: str | None,
    recipient: str | None,
    author: str | None,
    sealed_until: str | None,
    question: int | None,
    telling: Path | None,
    no_edit: bool,
    config_file: Path,
) -> None:
    """Write a new entry from a template (never overwriting one) and open it in your editor."""
    request = NewEntry(
        kind=kind,
        title=title,
        date=date,
        sender=sender,
        recipient=recipient,
        author=author,
        sealed_until=sealed_until,
    )
    if telling is not None:
        path: Path | None = new_telling(load_settings(config_file), telling, author)
    elif question is None:
        path = new_entry(load_settings(config_file), request)
    else:
        path = _new_answer(load_settings(config_file), request, question)
    if path is None:
        return
    click.echo(_relative(path))
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not no_edit and editor:
        _edit(path, editor)


def _edit(path: Path, editor: str) -> None:
    """Open the new entry in the editor. One that cannot start (or fails) is said on stderr,
    and `new` still succeeds: the entry is written, and stays."""
    try:
        click.edit(filename=str(path), editor=editor)
    except click.ClickException as exc:
        cause = exc.message.removeprefix(f"{editor}: ")
        click.echo(
            f"could not open your editor ({editor}): {cause}; the entry is written: "
            f"{_relative(path)}",
            err=True,
        )


def _new_answer(settings: Settings, request: NewEntry, question: int) -> Path | None:
    """`new --question`: write the answer and say which question it is and why (on stderr:
    stdout is the path, for scripts); with nothing left to answer, say so, write nothing."""
    answer = new_answer(settings, request, None if question == _PICK_QUESTION else question)
    if answer.path is None or answer.pick.question is None:
        click.echo(answer.pick.reason)
        return None
    click.echo(f"question {answer.pick.question.id}: {answer.pick.question.text}", err=True)
    click.echo(f"({answer.pick.reason})", err=True)
    return answer.path


@main.command(cls=InitCommand)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--names",
    multiple=True,
    callback=check_names,
    metavar="NAME [NAME]",
    help="Your name and your partner's (asked for on a terminal; otherwise Sam and Alex). "
    "With one name, the journal is yours alone until you add your partner to mkdocs.yml.",
)
@click.option(
    "--since",
    callback=lambda _ctx, _param, value: _since(value),
    metavar="DATE",
    help="The day you got together, YYYY-MM-DD (asked for on a terminal; never guessed).",
)
def init(directory: Path, names: tuple[str, ...], since: dt.date | None) -> None:
    """Start a new journal project in DIRECTORY (new or empty)."""
    asking = _interactive()
    if not names:
        names = _ask_names() if asking else DEFAULT_NAMES
    elif len(names) == 1 and asking:
        names = (*names, *_ask_partner())
    day = since or (_ask_since() if asking else None)
    for path in init_project(directory, names, day):
        click.echo(f"created {_relative(path)}")
    if day is None:
        click.echo(
            "together_since is not set: write the day you got together in mkdocs.yml "
            "(anniversaries and the book's default year count from it)"
        )
    if len(names) == 1:
        click.echo(f"people: only {names[0]}; add your partner under people: in mkdocs.yml")
    click.echo(f'next: cd {directory} && memorybook new "Our first entry"')


DEFAULT_NAMES = ("Sam", "Alex")


def _since(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a day ({exc}); write YYYY-MM-DD") from None


def _interactive() -> bool:
    """Questions only when someone is there to answer them (never in scripts or CI)."""
    return bool(sys.stdin and sys.stdin.isatty())


def _ask_names() -> tuple[str, str]:
    first = click.prompt("Your name", default=DEFAULT_NAMES[0])
    second = click.prompt("Your partner's name", default=DEFAULT_NAMES[1])
    return str(first), str(second)


def _ask_partner() -> tuple[str, ...]:
    """`--names Maya` on a terminal: the partner's name, or none yet (an empty answer)."""
    answer = click.prompt("Your partner's name (empty: add them later)", default="")
    return (answer.strip(),) if answer.strip() else ()


def _ask_since() -> dt.date | None:
    """The day they got together, or None when left empty (it can be added later)."""
    while True:
        answer = str(click.prompt(_SINCE_QUESTION, default="", show_default=False)).strip()
        if not answer:
            return None
        try:
            return dt.date.fromisoformat(answer)
        except ValueError:
            click.echo(f"{answer!r} is not a day like 2019-06-14", err=True)


_SINCE_QUESTION = "The day you got together (YYYY-MM-DD, or empty to add it later)"


@main.command()
@config_option
@click.option(
    "--year", type=click.IntRange(min=1), metavar="N", help="The Nth year together (1 = the first)."
)
@click.option(
    "--from",
    "start",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="DATE",
    help="The first day in the book.",
)
@click.option(
    "--to",
    "end",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="DATE",
    help="The last day in the book.",
)
@click.option(
    "--service",
    type=click.Choice(list(SERVICES)),
    help="Follow this print service's specification: its sizes, bleed, page counts, spine and "
    "cover (default: generic PDF/X-4 for any printer).",
)
@click.option(
    "--size",
    metavar="SIZE",
    help="Trim size: a5, a4, letter, 6x9in, 8.5x8.5in, 8.5x11in or WxH with a unit "
    "(one the service sells; default: its square, 8.5x8.5in).",
)
@click.option("--bleed", metavar="LENGTH", help="Bleed on every side, e.g. 0.125in or 3mm.")
@click.option(
    "--crop-marks/--no-crop-marks",
    default=None,
    help="Draw crop marks in the bleed (for printers that ask; Lulu-style services do not).",
)
@click.option(
    "--chapter-start",
    type=click.Choice(["page", "recto", "continuous"]),
    help="Where a month opens: a new page, a right-hand page, or right after the last one.",
)
@click.option(
    "--paper",
    type=click.Choice(["white", "cream", "colour"]),
    help="The interior's paper: the cover's spine width depends on it.",
)
@click.option("--include-private", is_flag=True, help="Include entries marked private: true.")
@click.option("--check-ins", is_flag=True, help="Include the check-ins (kind: check-in).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The PDF to write (the cover goes beside it, as NAME-cover.pdf).",
)
@click.option("--html", is_flag=True, help="Also write the print HTML beside the PDF.")
@strict_option
def book(
    config_file: Path,
    year: int | None,
    start: dt.datetime | None,
    end: dt.datetime | None,
    service: str | None,
    size: str | None,
    bleed: str | None,
    crop_marks: bool | None,
    chapter_start: str | None,
    paper: str | None,
    include_private: bool,
    check_ins: bool,
    output: Path | None,
    html: bool,
    strict: bool,
) -> None:
    """Make the print-ready anniversary book (PDF) of a year together, then check it."""
    from memorybook.book import BookOptions, make_book  # WeasyPrint is slow to import
    from memorybook.lock.site import locked_site_of, seal_file

    options = BookOptions(
        year=year,
        start=start.date() if start else None,
        end=end.date() if end else None,
        size=size,
        bleed=bleed,
        include_private=include_private,
        check_ins=check_ins,
        output=output,
        html=html,
        chapter_start=chapter_start,
        paper=paper,
        service=service,
    )
    settings = load_settings(config_file)
    if crop_marks is not None:
        settings = replace(settings, book=replace(settings.book, crop_marks=crop_marks))
    locked = locked_site_of(output) if output else None
    if output and locked:  # never a plain PDF in a locked site: made aside, then sealed
        options = replace(options, output=settings.cache_dir / "lock" / "book" / output.name)
    report = make_book(settings, options)
    for line in report.lines():
        click.echo(line)
    if output and locked and options.output:
        # The pages and the wraparound cover beside them, each sealed under its name in the site.
        for made in (options.output, report.cover):
            if made is not None and made.is_file():
                target = output.resolve().with_name(made.name)
                seal_file(settings, locked, made, target.relative_to(locked).as_posix())
                click.echo(f"sealed into the locked site: {_relative(target)}")
    if report.failed(strict):
        raise SystemExit(1)


@main.command()
@config_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="The .ics file to write, or - for standard output (default: our-anniversaries.ics "
    "beside mkdocs.yml).",
)
@strict_option
def calendar(config_file: Path, output: Path | None, strict: bool) -> None:
    """Write our anniversaries, milestones and round numbers of days as an .ics calendar."""
    from memorybook.calendar import default_output, make_calendar

    to_stdout = str(output) == "-"
    settings = load_settings(config_file)
    target = None if to_stdout else output or default_output(settings)
    report = make_calendar(settings, target, strict=strict)
    for line in report.problem_lines():  # on standard error: standard output may be the file
        click.echo(line, err=True)
    if report.left_out:
        click.echo(left_out_line(report.left_out), err=True)
    if report.failed:
        raise SystemExit(1)
    if to_stdout:
        click.echo(report.data, nl=False)  # bytes: written as they are
    for line in [*report.notes(), report.summary()]:
        click.echo(line, err=to_stdout)


@main.command()
@config_option
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the site (default: site_dir of mkdocs.yml, usually site/).",
)
@click.option(
    "--lock",
    is_flag=True,
    help="Encrypt the site: only your passphrases open it (see the guide's locked site page).",
)
@strict_option
def build(config_file: Path, site_dir: Path | None, lock: bool, strict: bool) -> None:
    """Build the private website; problems print as PATH:LINE: severity: message."""
    from memorybook import building  # MkDocs is slow to import; check and new do without it

    result = building.build(config_file, site_dir=site_dir, strict=strict, lock=lock)
    click.echo(f"site built in {result.seconds:.1f} s: {_relative(result.site_dir)}/")
    if result.left_out:
        click.echo(left_out_line(result.left_out), err=True)


@main.command()
@config_option
@click.option(
    "-a",
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="IP:PORT",
    help="Where to serve; the default lets only this computer see the site.",
)
def serve(config_file: Path, dev_addr: str) -> None:
    """Preview the website, rebuilding it whenever you save an entry."""
    from memorybook import building

    building.check_preview(config_file, address=dev_addr)
    click.echo(f"serving on http://{dev_addr}/ (Ctrl+C to stop)")
    building.serve(config_file, address=dev_addr)


@main.group(name="import")
def import_() -> None:
    """Bring entries from Day One or jrnl into journal/ (never overwriting a file)."""


dry_run_option = click.option(
    "--dry-run", is_flag=True, help="List what would be written; write nothing."
)
author_option = click.option(
    "--author", metavar="PERSON", help="Who wrote the entries (a person id of mkdocs.yml)."
)


@import_.command("dayone")
@click.argument("export", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--journal", "journal_name", metavar="NAME", help="Import only this journal.")
@author_option
@dry_run_option
@config_option
def import_dayone_command(
    export: Path, journal_name: str | None, author: str | None, dry_run: bool, config_file: Path
) -> None:
    """Import a Day One JSON export (EXPORT.zip), photos included."""
    settings = load_settings(config_file)
    _echo_import(
        import_dayone(settings, export, journal_name=journal_name, author=author, dry_run=dry_run)
    )


@import_.command("jrnl")
@click.argument("export", type=click.Path(dir_okay=False, path_type=Path))
@author_option
@dry_run_option
@config_option
def import_jrnl_command(export: Path, author: str | None, dry_run: bool, config_file: Path) -> None:
    """Import a jrnl JSON export (jrnl --export json -o EXPORT.json)."""
    _echo_import(import_jrnl(load_settings(config_file), export, author=author, dry_run=dry_run))


def _echo_import(report: ImportReport) -> None:
    for line in report.lines():
        click.echo(line)
    click.echo(report.summary(), err=report.failed)
    if report.failed:
        raise SystemExit(1)


def left_out_line(paths: tuple[Path, ...], shown: int = 5) -> str:
    """`2 entries left out because of errors above: a.md, b.md`: nothing vanishes quietly."""
    names = [_relative(path) for path in paths[:shown]]
    more = f" and {len(paths) - shown} more" if len(paths) > shown else ""
    count = f"{len(paths)} {plural(len(paths), 'entry')}"
    return f"{count} left out because of errors above: {', '.join(names)}{more}"


@main.command()
@click.option(
    "--words",
    type=click.IntRange(min=5, max=12),
    default=6,
    show_default=True,
    help="How many random words (each adds almost 13 bits).",
)
@click.option(
    "--change",
    metavar="PERSON",
    help="Make the passphrase given for PERSON (their variable or file, else typed twice) "
    "their new one; a build refuses a passphrase that does not open its slot.",
)
@config_option
def passphrase(words: int, change: str | None, config_file: Path) -> None:
    """Print a new strong passphrase for a locked site: random words from the EFF's list.
    With --change, make the one given for a person their new passphrase."""
    from memorybook.lock.passphrases import generate

    if change is not None:
        from memorybook.lock.site import change_passphrase

        click.echo(change_passphrase(load_settings(config_file), change))
        return
    click.echo(generate(words))
    click.echo(
        "Keep it in a password manager; a build reads it from MEMORYBOOK_PASSPHRASE_<YOUR ID>.",
        err=True,
    )


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)
