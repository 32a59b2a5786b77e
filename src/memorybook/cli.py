"""The `memorybook` command: parse arguments, call one library function, print the result."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

import click

from memorybook import __version__
from memorybook.checking import check_journal
from memorybook.errors import ConfigError
from memorybook.files import os_error_message
from memorybook.journal import KINDS
from memorybook.scaffold import NewEntry, init_project, new_entry
from memorybook.settings import find_config, load_settings


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
    show_default=True,
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
    report = check_journal(load_settings(config_file), strict=strict)
    for line in report.lines():
        click.echo(line)
    click.echo(report.summary(), err=report.failed)
    if report.failed:
        raise SystemExit(1)


@main.command()
@click.argument("title", required=False, default="")
@click.option("--kind", type=click.Choice(KINDS), default="experience", show_default=True)
@click.option("--date", help="When it happened (YYYY-MM-DD or YYYY-MM-DD HH:MM); default today.")
@click.option("--from", "sender", metavar="PERSON", help="Who thanks or writes (notes, letters).")
@click.option("--to", "recipient", metavar="PERSON", help="To whom (notes, letters).")
@click.option("--author", metavar="PERSON", help="Who writes it.")
@click.option("--no-edit", is_flag=True, help="Do not open $VISUAL / $EDITOR.")
@config_option
def new(
    title: str,
    kind: str,
    date: str | None,
    sender: str | None,
    recipient: str | None,
    author: str | None,
    no_edit: bool,
    config_file: Path,
) -> None:
    """Write a new entry from a template (never overwriting one) and open it in your editor."""
    request = NewEntry(
        kind=kind, title=title, date=date, sender=sender, recipient=recipient, author=author
    )
    path = new_entry(load_settings(config_file), request)
    click.echo(_relative(path))
    if not no_edit and (os.environ.get("VISUAL") or os.environ.get("EDITOR")):
        click.edit(filename=str(path))


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--names",
    nargs=2,
    default=("Sam", "Alex"),
    show_default=True,
    metavar="NAME NAME",
    help="Your two names.",
)
def init(directory: Path, names: tuple[str, str]) -> None:
    """Start a new journal project in DIRECTORY (new or empty)."""
    for path in init_project(directory, names):
        click.echo(f"created {_relative(path)}")
    click.echo(f'next: cd {directory} && memorybook new "Our first entry"')


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
    "--size",
    metavar="SIZE",
    help="Trim size: a5, a4, letter, 6x9in, 8x8in, 8.5x11in or WxH with a unit.",
)
@click.option("--bleed", metavar="LENGTH", help="Bleed on every side, e.g. 0.125in or 3mm.")
@click.option(
    "--crop-marks/--no-crop-marks",
    default=None,
    help="Draw crop marks in the bleed (for printers that ask; Lulu-style services do not).",
)
@click.option("--include-private", is_flag=True, help="Include entries marked private: true.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="The PDF to write."
)
@click.option("--html", is_flag=True, help="Also write the print HTML beside the PDF.")
@strict_option
def book(
    config_file: Path,
    year: int | None,
    start: dt.datetime | None,
    end: dt.datetime | None,
    size: str | None,
    bleed: str | None,
    crop_marks: bool | None,
    include_private: bool,
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
        output=output,
        html=html,
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
    if output and locked and options.output and options.output.is_file():
        seal_file(settings, locked, options.output, output.resolve().relative_to(locked).as_posix())
        click.echo(f"sealed into the locked site: {_relative(output)}")
    if report.failed(strict):
        raise SystemExit(1)


@main.command()
@config_option
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the site (default: site_dir of mkdocs.yml, usually site/).",
)
@click.option(
    "--lock", is_flag=True, help="Encrypt the site: only your passphrases open it (see README)."
)
@strict_option
def build(config_file: Path, site_dir: Path | None, lock: bool, strict: bool) -> None:
    """Build the private website; problems print as PATH:LINE: severity: message."""
    from memorybook import building  # MkDocs is slow to import; check and new do without it

    result = building.build(config_file, site_dir=site_dir, strict=strict, lock=lock)
    click.echo(f"site built in {result.seconds:.1f} s: {_relative(result.site_dir)}/")


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

    click.echo(f"serving on http://{dev_addr}/ (Ctrl+C to stop)")
    building.serve(config_file, address=dev_addr)


@main.command()
@click.option(
    "--words",
    type=click.IntRange(min=5, max=12),
    default=6,
    show_default=True,
    help="How many random words (each adds almost 13 bits).",
)
def passphrase(words: int) -> None:
    """Print a new strong passphrase for a locked site: random words from the EFF's list."""
    from memorybook.lock.passphrases import generate

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
