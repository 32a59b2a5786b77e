"""The templates `memorybook new` writes, and the placeholder text in them.

One source for both: `new` fills the templates in, and the journal loader warns about
any body line still identical to a placeholder, so an entry never edited is not published
as it was written by `new`.
"""

from __future__ import annotations

import re
from functools import cache

TEMPLATES = {
    "experience": """\
---
title: {title}
date: {date}
kind: experience
{sealed}{authors}tags: []
# place: Where it happened
# until: YYYY-MM-DD          # last day, for a trip
# photos:
#   - photo.jpg              # put photos in {photo_dir}/
#   - src: another.jpg
#     caption: A caption
---
What happened, and what you want to remember about it.
""",
    "milestone": """\
---
title: {title}
date: {date}
kind: milestone
{sealed}{authors}# recurring: true           # remember it every year
# tags: []
# photos:
#   - photo.jpg              # put photos in {photo_dir}/
---
Why this day matters.
""",
    "gratitude": """\
---
{title_line}date: {date}
kind: gratitude
{sealed}from: {sender}
to: {recipient}
# love_language: words       # words, service, gifts, time or touch
---
Thank you for...
""",
    "letter": """\
---
{title_line}date: {date}
kind: letter
{sealed}from: {sender}
to: {recipient}
---
Dear {recipient_name},

""",
    "check-in": """\
---
{title_line}date: {date}
kind: check-in
{sealed}---
{parts}""",
}
"""Each kind's entry, as `str.format` fields: title, date, people, the photo folder."""

CHECK_IN_PROMPTS = ("How I feel:", "What went well:", "What I need from you:")
"""The lines each of you fills in under your name in a check-in (`new --kind check-in`)."""


def check_in_parts(names: list[str]) -> str:
    """A check-in's body as `new` writes it: each person's heading and the prompts."""
    prompts = "".join(f"- {prompt}\n" for prompt in CHECK_IN_PROMPTS)
    return "\n".join(f"## {name}\n\n{prompts}" for name in names)


ANSWER_TEMPLATE = """\
---
title: {title}
date: {date}
kind: experience
{sealed}author: {author}
question: {question}   # which of memorybook's questions this answers: keep the number
# tags: []
# photos:
#   - photo.jpg              # put photos in {photo_dir}/
---
Your answer, in your own words.
"""
"""An answer to one of the shared questions (`new --question`): the question is its title."""

TELLING_TEMPLATE = """\
---
title: {title}
date: {date}
kind: {kind}
{people}telling_of: {told}   # {name}'s entry: yours is shown beside it
# tags: []
# photos:
#   - photo.jpg              # put photos in {photo_dir}/
---
How you remember that day, in your own words.
"""
"""The other partner's telling of an entry's day (`new --telling`): its title and day."""

_FIELD = re.compile(r"\{(\w+)\}")


@cache
def placeholders() -> tuple[tuple[re.Pattern[str], bool], ...]:
    """(pattern, alone) for every line of the templates' bodies.

    A fixed sentence ("Why this day matters.") is a placeholder wherever it is; a line
    with a filled-in field ("Dear {recipient_name},") begins real text, so it is only a
    placeholder when it is all the body has (`alone`).
    """
    found: dict[str, tuple[re.Pattern[str], bool]] = {}
    for template in (*TEMPLATES.values(), ANSWER_TEMPLATE, TELLING_TEMPLATE):
        body = template.split("---\n", 2)[2]  # after the front-matter's closing line
        for line in filter(None, (line.strip() for line in body.split("\n"))):
            if line == "{parts}":  # filled in by `check_in_parts`, its prompts below
                continue
            parts = _FIELD.split(line)  # text, field, text, ...: fields become wildcards
            pattern = "".join(re.escape(p) if i % 2 == 0 else ".+" for i, p in enumerate(parts))
            found[line] = (re.compile(f"^{pattern}$"), len(parts) > 1)
    for prompt in CHECK_IN_PROMPTS:
        found[prompt] = (re.compile(f"^- {re.escape(prompt)}$"), False)
    return tuple(found.values())


def placeholder_lines(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The (line number, text) of `lines` (a body) still holding a template's placeholder."""
    text = [(number, line.strip()) for number, line in lines if line.strip()]
    hits = []
    for number, line in text:
        for pattern, alone in placeholders():
            if pattern.match(line) and (not alone or len(text) == 1):
                hits.append((number, line))
                break
    return hits
