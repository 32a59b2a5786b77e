"""Reading mkdocs.yml as MkDocs would, without MkDocs: a YAML loader that tolerates MkDocs'
and Material's custom tags (`!ENV`, `!!python/name:`), clear errors for a missing or broken
file (with a hint when a tab is the cause), and finding the nearest mkdocs.yml."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from memorybook.errors import ConfigError, display_path


class TolerantLoader(yaml.SafeLoader):
    """A safe loader that reads `!ENV`, `!!python/name:` and other tags as plain values.

    Dates stay text, so that `together_since: 2025-02-30` reaches the option's own check
    (and its message) instead of failing inside the YAML reader.
    """

    yaml_implicit_resolvers = {
        first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def _construct_any(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


def _construct_env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """MkDocs' `!ENV VAR` or `!ENV [VAR, OTHER, default]`: the first variable set, else the
    default (as pyyaml-env-tag reads it)."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [str(loader.construct_scalar(node))], None
    else:
        items = [str(item) for item in loader.construct_sequence(node)]  # type: ignore[arg-type]
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    return next((os.environ[name] for name in names if name in os.environ), default)


TolerantLoader.add_multi_constructor("!", _construct_any)
TolerantLoader.add_constructor("!ENV", _construct_env)
TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_any)


def missing_config(path: Path) -> ConfigError:
    """The error for an mkdocs.yml that is not there, saying where to run from."""
    return ConfigError(
        f"{display_path(path)}: no such file; run memorybook in your journal project, "
        "or pass -f mkdocs.yml"
    )


def read_mkdocs_yml(path: Path) -> dict[str, Any]:
    """The raw mapping of an mkdocs.yml, with a clear error for a missing or broken file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise missing_config(path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{display_path(path)}: cannot read: {exc}") from None
    try:
        data = yaml.load(text, Loader=TolerantLoader)  # noqa: S506 - a safe loader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 if mark else 1
        context = f" ({exc.context})" if exc.context else ""
        raise ConfigError(
            f"{display_path(path)}:{line}: YAML syntax error: {exc.problem}{context}"
            + (f"; {TAB_HINT}" if tab_in_yaml(text, exc) else "")
        ) from None
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        raise ConfigError(f"{display_path(path)}: cannot read its YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(
            f"{display_path(path)}: expected a mapping of settings, got {type(data).__name__}"
        )
    return data


TAB_HINT = "a tab is there: YAML indents with spaces only; replace the tab with spaces"


def tab_in_yaml(text: str, exc: yaml.MarkedYAMLError) -> bool:
    """Whether YAML tripped over a tab: its own words ("found character that cannot start
    any token") never say so, and a tab looks like spaces in most editors."""
    mark = exc.problem_mark
    lines = text.split("\n")
    if mark is None or mark.line >= len(lines):
        return False
    return "\t" in lines[mark.line][: mark.column + 1]


def find_config(start: Path) -> Path | None:
    """The nearest mkdocs.yml in `start` or a folder above it, relative to `start` if below."""
    for folder in (start, *start.parents):
        candidate = folder / "mkdocs.yml"
        if candidate.is_file():
            return candidate.relative_to(start) if folder == start else candidate
    return None
