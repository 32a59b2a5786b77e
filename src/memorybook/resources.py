"""Where the files that ship inside the package (the theme, the book's templates) are."""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path

# theme/ sits at the repository root and is mapped to this package by pyproject.toml.
_THEME_PACKAGE = "memorybook.theme"


@cache
def theme_dir() -> Path:
    """The `theme/` folder: Material overrides for the site, `book/` for the print templates."""
    module = importlib.import_module(_THEME_PACKAGE)
    return Path(str(module.__file__)).resolve().parent
