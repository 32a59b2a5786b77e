"""The journal: the model (`memorybook.model`) and `load_journal`, which reads it from a
folder (`memorybook.reading`) with every problem found.

Loading never raises for the user's content: each problem becomes a `Problem`
with the file and line, the bad entry (or photo) is left out, and the rest loads.
This module is the public face the site, the book, `check` and the importers use.
"""

from __future__ import annotations

from memorybook.model import (
    CLIP_EXTENSIONS,
    KINDS,
    LOVE_LANGUAGES,
    PHOTO_EXTENSIONS,
    Capsule,
    Entry,
    Journal,
    Page,
    Photo,
    Waiting,
    left_out,
    seal,
)
from memorybook.reading.assembling import ReadCache, load_journal, read_as
from memorybook.reading.entries import slug_for
from memorybook.reading.files import folder_links, is_ignored, iter_journal_files
from memorybook.reading.front_matter import MAX_FILE, MAX_FRONT_MATTER, MAX_NESTING
from memorybook.reading.keys import FIELDS
from memorybook.reading.values import parse_when

__all__ = [
    "CLIP_EXTENSIONS",
    "FIELDS",
    "KINDS",
    "LOVE_LANGUAGES",
    "MAX_FILE",
    "MAX_FRONT_MATTER",
    "MAX_NESTING",
    "PHOTO_EXTENSIONS",
    "Capsule",
    "Entry",
    "Journal",
    "Page",
    "Photo",
    "ReadCache",
    "Waiting",
    "folder_links",
    "is_ignored",
    "iter_journal_files",
    "left_out",
    "load_journal",
    "parse_when",
    "read_as",
    "seal",
    "slug_for",
]
