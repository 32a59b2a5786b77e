"""Problems through MkDocs' logger (so `--strict` counts them), and MkDocs' own words for a
photo memorybook already reported kept out."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path

from memorybook.errors import Problem
from memorybook.journal import PHOTO_EXTENSIONS

log = logging.getLogger("mkdocs.plugins.memorybook")

_MKDOCS_LINK_WARNING = re.compile(r"^Doc file '[^']*' contains a link '(?P<link>[^']*)'")


class _AlreadyReported(logging.Filter):
    """Drops MkDocs' own words for a photo memorybook already reported at its line.

    Every local image an entry or page names is checked by the journal loader; one MkDocs
    cannot find was reported (`photo gone.jpg does not exist`), so MkDocs' "Doc file ...
    contains a link ..." would only say it again, less helpfully.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        match = _MKDOCS_LINK_WARNING.match(record.getMessage())
        link = match["link"].split("#")[0].split("?")[0] if match else ""
        return not (match and Path(link).suffix.lower() in PHOTO_EXTENSIONS)


_ALREADY_REPORTED = _AlreadyReported()


def report(problems: Iterable[Problem]) -> None:
    """Problems go through MkDocs' logger, so `--strict` counts warnings and errors."""
    for problem in problems:
        (log.error if problem.is_error else log.warning)(problem.format())


logging.getLogger("mkdocs.structure.pages").addFilter(_ALREADY_REPORTED)
