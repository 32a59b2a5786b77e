"""The file and its front-matter, read safely: the size limits, UTF-8 (a BOM dropped), line
endings, the `---` block (and the blocks that only look like one), and YAML without aliases,
without nesting past MAX_NESTING and with each key's line remembered for the messages."""

from __future__ import annotations

import os
import re
from typing import Any

import yaml

from memorybook.mkdocs_yml import TAB_HINT, tab_in_yaml
from memorybook.reading.files import reason
from memorybook.reading.keys import KEEPING_FIELDS, KEY_LINE, telling_line
from memorybook.reading.report import Report

MAX_FRONT_MATTER = 64 * 1024
"""Bytes of front-matter read; far more than any entry needs, far less than a hang."""
MAX_FILE = 2 * 1024 * 1024 + MAX_FRONT_MATTER
"""Bytes of an entry or page file: 2 MiB of text besides the front-matter."""
MAX_NESTING = 16
"""Levels of lists and mappings in the front-matter (a photo with a caption needs three)."""
_FENCE_LIKE = re.compile(r"^(?:-{3,}|\+{3,})$")


def read_text(report: Report) -> str | None:
    try:
        if report.text is not None:
            data = report.text.encode("utf-8", "surrogatepass")
            size = len(data)
        else:
            with report.path.open("rb") as stream:
                # The size first: read(MAX_FILE) would set aside 2 MiB for every small entry.
                size = os.fstat(stream.fileno()).st_size
                data = stream.read() if size <= MAX_FILE else b""
    except OSError as exc:
        report.error(
            f"cannot read the file: {reason(exc)}",
            hint="check its permissions; it is left out until it can be read",
        )
        return None
    if size > MAX_FILE or len(data) > MAX_FILE:
        report.error(
            f"the file is larger than {MAX_FILE // 1024} KiB, so it is left out",
            line=1,
            hint="split it into several entries; photos go beside it as files",
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        report.error(
            "not valid UTF-8 text", line=line, hint="save the file as UTF-8 in your editor"
        )
        return None
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split(report: Report, text: str) -> tuple[dict[str, Any], str, int] | None:
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None if _misplaced(report, lines) else ({}, text, 1)
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        report.error(
            "the front-matter is not closed",
            line=1,
            hint="add a line with just --- after the last field",
        )
        return None
    yaml_text = "\n".join(lines[1:end])
    if len(yaml_text.encode("utf-8")) > MAX_FRONT_MATTER:
        report.error(
            f"the front-matter is larger than {MAX_FRONT_MATTER // 1024} KiB",
            line=1,
            hint="move long text into the body, below the closing ---",
        )
        return None
    meta = _parse_yaml(report, yaml_text)
    if meta is None:
        return None
    return meta, "\n".join(lines[end + 1 :]), end + 2


def _misplaced(report: Report, lines: list[str]) -> bool:
    """A block that looks like front-matter but does not start with `---` on line 1 is an
    error, not a page: published as text, it would show what may be private."""
    number, first = next(
        ((i, text.strip()) for i, text in enumerate(lines) if text.strip()), (0, "")
    )
    following = next((text for text in lines[number + 1 :] if text.strip()), "")
    if _FENCE_LIKE.match(first) and KEY_LINE.match(following):
        if first.startswith("+"):
            message = "front-matter between +++ lines (TOML) is not read"
            hint = "write it as YAML between --- lines"
        else:
            message = "front-matter must start with --- alone on line 1"
            hint = "remove the blank lines, spaces or extra dashes before it"
    elif telling_line(first):
        message = "these look like front-matter fields, but there is no --- line before them"
        hint = "put a line with just --- before the first field and after the last"
    else:
        return False
    report.error(f"{message}: the file is left out", line=number + 1, hint=hint)
    return True


def _parse_yaml(report: Report, yaml_text: str) -> dict[str, Any] | None:
    loader = _Loader(yaml_text)
    try:
        if ("&" in yaml_text or "*" in yaml_text) and _has_aliases(report, yaml_text):
            return None
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        # The context (e.g. where an unclosed bracket or quote opened) is where to look.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 2 if mark else 1
        context = f" ({exc.context})" if exc.context else ""
        report.error(
            f"YAML syntax error in the front-matter: {exc.problem}{context}",
            line=line,
            hint=TAB_HINT
            if tab_in_yaml(yaml_text, exc)
            else "check quotes, colons and indentation; quote text that has a colon",
        )
        return None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        report.error(f"YAML error in the front-matter: {exc}", line=1)
        return None
    finally:
        loader.dispose()
    if data is None:
        return {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        report.error("the front-matter must be fields like `title: ...`, one per line", line=2)
        return None
    if _too_deep(report, node):
        return None
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 2
        if key in report.key_lines:
            # Two `private` lines may disagree: left out until one goes, not a guess.
            keeping = key in KEEPING_FIELDS
            (report.error if keeping else report.warn)(
                f"`{key}` is given twice (lines {report.key_lines[key]} and {line}); "
                + ("the file is left out" if keeping else "the second one is used"),
                line=line,
                hint="remove one of them",
            )
        report.key_lines[key] = line
        if isinstance(value_node, yaml.SequenceNode):
            report.item_lines[key] = [item.start_mark.line + 2 for item in value_node.value]
    return {str(k): v for k, v in data.items()}


def _has_aliases(report: Report, yaml_text: str) -> bool:
    """Anchors and aliases are refused: a few of them can stand for billions of values."""
    for event in yaml.parse(yaml_text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            report.error(
                "YAML aliases (&/*) are not allowed in front-matter",
                line=event.start_mark.line + 2 if event.start_mark else 1,
                hint="write the value out, or quote text that starts with & or *",
            )
            return True
    return False


def _too_deep(report: Report, root: yaml.Node) -> bool:
    """Lists in lists more than MAX_NESTING deep are refused (printing one recurses)."""
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, yaml.MappingNode):
            children = [item for pair in node.value for item in pair]
        else:
            children = node.value
        for child in children:
            if not isinstance(child, yaml.CollectionNode):
                continue
            if depth >= MAX_NESTING:
                report.error(
                    f"the front-matter nests lists or mappings more than {MAX_NESTING} deep",
                    line=child.start_mark.line + 2,
                    hint="no field needs more than three levels",
                )
                return True
            stack.append((child, depth + 1))
    return False


_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe YAML (the fast C parser when present) that leaves dates as text for parse_when."""

    yaml_implicit_resolvers = {
        first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
