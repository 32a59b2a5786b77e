"""Importers: entries from other journal apps, written as ordinary memorybook entries.

One module per source (`dayone`, `jrnl`) reads its export into `ImportedEntry`
values; `writer` writes them, only ever creating files, and skips what an
earlier import already brought (`source:` in the front-matter).
"""

from memorybook.importers.common import ExportError, ImportReport
from memorybook.importers.dayone import import_dayone
from memorybook.importers.jrnl import import_jrnl

__all__ = ["ExportError", "ImportReport", "import_dayone", "import_jrnl"]
