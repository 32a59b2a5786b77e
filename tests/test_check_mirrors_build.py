"""`check` is the build's mirror (issue 19): what `build` or `book` would refuse, `check`
reports first, at the same place; no depth of nesting ends in a RecursionError."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SCRATCH_MKDOCS_YML, run
from tests.site_helpers import PUBLIC_ENTRY, carrying, make_project

ChDir = Callable[[Path], None]


# -- 4. what build or book refuses, check reports first ----------------------------------


def test_a_zero_byte_or_non_image_photo_is_reported_by_check_as_by_build(
    project_dir: Callable[..., Path],
) -> None:
    entry = (
        "---\ntitle: Hike\ndate: 2024-01-01\nphotos:\n  - empty.jpg\n  - text.png\n---\nWords.\n"
    )
    project_dir({"2024/hike.md": entry, "2024/empty.jpg": b"", "2024/text.png": b"not a photo\n"})
    check = run("check", "--strict")
    assert check.exit_code == 1
    assert "journal/2024/hike.md:5: error: photo 2024/empty.jpg" in check.output, check.output
    assert "journal/2024/hike.md:6: error: photo 2024/text.png" in check.output, check.output
    built = run("build", "--strict")
    assert built.exit_code != 0


@pytest.mark.parametrize(
    "extra",
    [
        "extra:\n  since: 2025-13-01\n",
        "copyright: 2024-02-30\n",
        "extra:\n  days: [2024-01-01, 0000-01-01]\n",
    ],
)
def test_an_impossible_date_anywhere_in_mkdocs_yml_stops_check_as_it_stops_build(
    project_dir: Callable[..., Path], extra: str
) -> None:
    project_dir({"2024/hike.md": PUBLIC_ENTRY}, SCRATCH_MKDOCS_YML + extra)
    line = (SCRATCH_MKDOCS_YML + extra).split("\n").index(
        next(row for row in extra.split("\n") if re.search(r"\d{4}-\d\d-\d\d", row))
    ) + 1
    for command in ("check", "build"):
        result = run(command)
        assert result.exit_code == 2, (command, result.output)
        assert f"mkdocs.yml:{line}:" in result.output and "not a date" in result.output, (
            command,
            result.output,
        )


def test_a_misspelt_plugin_name_is_said_first_and_once(project_dir: Callable[..., Path]) -> None:
    config = SCRATCH_MKDOCS_YML.replace("  - memorybook:", "  - memorybok:")
    letter = "---\ndate: 2024-01-01\nkind: letter\nfrom: alex\nto: sam\n---\nDear Sam.\n"
    project_dir({"2024/a.md": letter, "2024/b.md": letter.replace("sam", "alex", 1)}, config)
    for command in ("check", "build"):
        result = run(command)
        assert result.exit_code == 2, result.output
        assert result.output.count("memorybok") == 1, result.output
        assert "did you mean `memorybook`" in result.output
        assert "unknown person" not in result.output


def test_a_site_without_the_memorybook_plugin_is_said_by_check(
    project_dir: Callable[..., Path],
) -> None:
    config = SCRATCH_MKDOCS_YML.split("plugins:")[0] + "plugins:\n  - search\n"
    project_dir({"2024/hike.md": PUBLIC_ENTRY}, config)
    result = run("check")
    assert result.exit_code == 2 and "memorybook plugin" in result.output, result.output


def test_a_theme_that_is_not_material_is_said_by_check(project_dir: Callable[..., Path]) -> None:
    project_dir(
        {"2024/hike.md": PUBLIC_ENTRY}, SCRATCH_MKDOCS_YML.replace("name: material", "name: mkdocs")
    )
    for command in ("check", "build"):
        result = run(command)
        assert result.exit_code == 2 and "theme: material" in result.output, result.output


# -- 5. no depth of nesting ends in a RecursionError -------------------------------------

DEPTH = 500
NESTINGS = {
    "quotes": "> " * DEPTH + "deep-canary\n",
    # "> " rather than ">": seven `>` together open a line as git's conflict marker does
    "quote-lines": "\n".join("> " * i + "deep-canary" for i in range(1, 300)) + "\n",
    "lists": "- " * DEPTH + "deep-canary\n",
    "numbered": "1. " * DEPTH + "deep-canary\n",
    "indented": "\n".join("    " * i + "- deep-canary" for i in range(DEPTH // 4)) + "\n",
    "mixed": "> - " * DEPTH + "deep-canary\n",
    "html": "<div>" * DEPTH + "deep-canary" + "</div>" * DEPTH + "\n",
    "html-lines": "<div markdown>\n" * DEPTH + "deep-canary\n" + "</div>\n" * DEPTH,
}


@pytest.fixture(scope="module")
def deep_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files: dict[str, str | bytes] = {"2024/hike.md": PUBLIC_ENTRY}
    for name, body in NESTINGS.items():
        files[f"2024/{name}.md"] = f"---\ntitle: T\ndate: 2024-01-02\n---\nA line.\n\n{body}"
        files[f"pages/{name}.md"] = f"# Page\n\nA line.\n\n{body}"
    files["2024/shallow.md"] = (
        "---\ntitle: Shallow\ndate: 2024-01-03\n---\n> a quote\n>\n> - a list\n>     - nested\n"
        ">         1. deeper\n\n<div><p>shallow-words</p></div>\n"
    )
    config = SCRATCH_MKDOCS_YML
    return make_project(tmp_path_factory.mktemp("deep"), files, config)


def test_deep_nesting_is_a_located_error_in_check_and_build_and_never_recursion(
    deep_project: Path, in_dir: ChDir
) -> None:
    in_dir(deep_project)
    check = run("check")
    for name in NESTINGS:
        for rel in (f"2024/{name}.md", f"pages/{name}.md"):
            assert re.search(rf"journal/{rel}:\d+: error: .*nested", check.output), check.output
    built = run("build")
    assert built.exit_code == 0 and "RecursionError" not in built.output, built.output
    site = deep_project / "site"
    assert carrying(site, "deep-canary") == []
    assert "shallow-words" in (site / "2024/shallow/index.html").read_text("utf-8")


def test_the_book_of_a_deeply_nested_journal_is_made(deep_project: Path, in_dir: ChDir) -> None:
    in_dir(deep_project)
    result = run("book", "--from", "2024-01-01", "--to", "2024-12-31")
    assert "RecursionError" not in result.output and result.exit_code == 0, result.output


def test_a_damaged_clip_or_a_file_that_is_no_clip_is_reported_by_check_as_by_build(
    project_dir: Callable[..., Path],
) -> None:
    """Clips (issue #24): a clip cut short and a text file named `.mp4` are errors at their
    line for `check`, as for `build`; a PDF is no photo nor clip, also at its line."""
    from tests import clip_files

    entry = "---\ntitle: Hike\ndate: 2024-01-01\nphotos:\n  - cut.mov\n  - list.mp4\n---\n"
    entry += "Words.\n\n![](menu.pdf)\n"
    files: dict[str, str | bytes] = {
        "2024/hike.md": entry,
        "2024/cut.mov": clip_files.truncated(),
        "2024/list.mp4": clip_files.not_a_clip(),
        "2024/menu.pdf": b"%PDF-1.4\n",
    }
    project_dir(files)
    check, built = run("check"), run("build")
    for line in (5, 6, 10):
        assert f"journal/2024/hike.md:{line}: error:" in check.output, check.output
        assert f"journal/2024/hike.md:{line}: error:" in built.output, built.output
    assert check.exit_code == 1 and "Traceback" not in check.output + built.output
