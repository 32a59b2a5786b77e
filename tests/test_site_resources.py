"""The bundled theme is found from the installed package, wherever the program runs."""

from __future__ import annotations

from pathlib import Path

from memorybook.resources import theme_dir

REPO = Path(__file__).resolve().parents[1]


def test_theme_dir_is_the_repositorys_theme_folder() -> None:
    assert theme_dir() == REPO / "theme"
    assert (theme_dir() / "overrides" / "main.html").is_file()
