"""Every option in mkdocs.yml that can be wrong is a clean error: option, value, what is allowed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from memorybook.cli import main

ChDir = Callable[[Path], None]

# (the memorybook plugin's options as YAML, words the message must hold)
BAD_OPTIONS = [
    ("together_since: 2025-13-01", ["together_since", "'2025-13-01'", "month", "YYYY-MM-DD"]),
    ("together_since: 2025-02-30", ["together_since", "'2025-02-30'", "day", "YYYY-MM-DD"]),
    ("together_since: soon", ["together_since", "'soon'", "YYYY-MM-DD"]),
    ("together_since: 2025", ["together_since", "2025", "YYYY-MM-DD"]),
    ("together_since: [2025-01-01]", ["together_since", "['2025-01-01']", "YYYY-MM-DD"]),
    ("together_since: 2025-01-01 18:00", ["together_since", "'2025-01-01 18:00'", "YYYY-MM-DD"]),
    ("offline: maybe", ["offline", "'maybe'", "true or false"]),
    ("offline: 1", ["offline", "1", "true or false"]),
    ("journal: [a, b]", ["journal", "['a', 'b']", "text"]),
    ("people: [sam, alex]", ["people", "['sam', 'alex']", "mapping"]),
    ("people: {Sam: {name: Sam}}", ["person id", "'Sam'", "lower-case"]),
    ("people: {sam: {name: [S]}}", ["people.sam.name", "['S']", "text"]),
    ("people: {sam: {colour: red}}", ["people.sam", "colour", "{name, color}"]),
    ("people: {sam: {color: red}}", ["people.sam.color", "'red'", "'#e76f51'"]),
    ("people: {sam: 5}", ["people.sam", "5", "{name, color}"]),
    ("photos: [a]", ["photos", "['a']", "mapping"]),
    ("photos: {widths: 480}", ["photos.widths", "480", "list"]),
    ("photos: {widths: [0]}", ["photos.widths", "0", "16 to 8192"]),
    ("photos: {widths: [wide]}", ["photos.widths", "'wide'", "whole number"]),
    ("photos: {quality: 101}", ["photos.quality", "101", "1 to 100"]),
    ("photos: {quality: high}", ["photos.quality", "'high'", "1 to 100"]),
    ("photos: {format: gif}", ["photos.format", "'gif'", "jpeg, webp, avif"]),
    ("photos: {format: [webp]}", ["photos.format", "['webp']", "text"]),
    ("photos: {print_ppi: 10}", ["photos.print_ppi", "10", "72 to 1200"]),
    ("photos: {max_print_ppi: 100}", ["photos.max_print_ppi", "100", "300 to 2400"]),
    ("photos: {cache_dir: [a]}", ["photos.cache_dir", "['a']", "text"]),
    ("photos: {qualty: 80}", ["photos.qualty", "allowed"]),
    ("book: {min_pages: -1}", ["book.min_pages", "-1", "0 to 2000"]),
    ("book: {crop_marks: maybe}", ["book.crop_marks", "'maybe'", "true or false"]),
    ("book: 5", ["book", "5", "mapping"]),
    ("peeple: {}", ["'peeple'", "allowed"]),
]


def project(root: Path, options: str) -> None:
    (root / "journal").mkdir()
    (root / "mkdocs.yml").write_text(
        "site_name: Ours\ndocs_dir: journal\ntheme: {name: material}\n"
        f"plugins:\n  - memorybook:\n      {options}\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize(("options", "words"), BAD_OPTIONS)
@pytest.mark.parametrize("command", ["check", "build", "book"])
def test_each_option_with_a_bad_value_is_a_clean_error_with_exit_2(
    tmp_path: Path, in_dir: ChDir, options: str, words: list[str], command: str
) -> None:
    project(tmp_path, options)
    in_dir(tmp_path)
    result = CliRunner().invoke(main, [command])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: mkdocs.yml: memorybook: "), result.output
    for word in words:
        assert word in result.output
    # `A and B or C` passed whenever C held, and exit 2 always means SystemExit: each on its own
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit), result.exception


def test_a_bad_date_elsewhere_in_mkdocs_yml_is_a_clean_error_too(
    tmp_path: Path, in_dir: ChDir
) -> None:
    project(tmp_path, "together_since: 2023-06-14")
    with (tmp_path / "mkdocs.yml").open("a") as config:
        config.write("extra:\n  launched: 2025-02-30\n")
    in_dir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 2 and "day is out of range" in result.output, result.output
    assert isinstance(result.exception, SystemExit)
