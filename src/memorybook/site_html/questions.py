"""The shared questions: answers side by side, questions waiting for an answer, and the
note on an answer's own page."""

from __future__ import annotations

from collections.abc import Sequence

from memorybook import numbers
from memorybook.html import Markup, html, join
from memorybook.journal import Entry
from memorybook.links import (
    QUESTIONS,
    entry_uri,
)
from memorybook.questions import Answers, answered_by, question_set
from memorybook.site_html import cards, people
from memorybook.site_html.context import Site
from memorybook.site_html.page import GeneratedPage, assemble, page_meta
from memorybook.site_html.waiting import turns
from memorybook.site_html.words import (
    ANSWER_EXCERPT,
    question_anchor,
)
from memorybook.words import format_day


def _intro(s: Site) -> Markup:
    """How answers get here, with the command that writes the next one."""
    you = s.people[0] if s.people else "YOU"
    return html(
        '<p class="mb-empty">Each of you answers a question in an entry of your own, and '
        "your answers meet here. <code>memorybook new --question --author {}</code> picks "
        "the next question for you, the one waiting longest for your answer first.</p>",
        you,
    )


def _answer_pair(s: Site, answers: Answers, uri: str) -> Markup:
    """A question everyone answered: the question, then each answer in its writer's
    colour, side by side on a wide screen (the CSS stacks them on a phone)."""
    cells = join(_answer_cell(s, pid, entry, uri) for pid, entry in answers.by.items())
    return html(
        '<section class="mb-pair" id="{anchor}" aria-labelledby="{anchor}-q">'
        '<p class="mb-pair__theme">{theme}</p>'
        '<h3 class="mb-pair__question" id="{anchor}-q">{question}</h3>'
        '<div class="mb-pair__answers">{cells}</div></section>',
        anchor=question_anchor(answers.question.id),
        theme=question_set().theme_of(answers.question),
        question=answers.question.text,
        cells=cells,
    )


def _answer_cell(s: Site, pid: str, entry: Entry, uri: str) -> Markup:
    accent = s.color_of(pid)
    style = html(' style="--mb-accent: {}"', accent) if accent else ""
    return html(
        '<article class="mb-answer"{style}>'
        '<p class="mb-answer__who">{who} <time datetime="{iso}">{day}</time></p>'
        '<p class="mb-answer__text">{text}</p>'
        '<p class="mb-answer__more"><a href="{href}">Read {name}’s answer</a></p>'
        "</article>",
        style=style,
        who=people.person(s, pid),
        iso=entry.date.isoformat(),
        day=format_day(entry.date),
        text=s.excerpt(entry, ANSWER_EXCERPT),
        href=s.links.page(uri, entry_uri(entry)),
        name=s.name_of(pid),
    )


def _waiting_list(s: Site, waiting: Sequence[Answers], uri: str) -> Markup:
    """Questions some of you have answered: who did, when, and whose answer is awaited."""
    items = join(
        html(
            '<li id="{anchor}"><a href="{href}">{question}</a> '
            '<span class="mb-waiting__who">{answered} · waiting for {names}</span></li>',
            anchor=question_anchor(a.question.id),
            href=s.links.page(uri, entry_uri(next(iter(a.by.values())))),
            question=a.question.text,
            answered=join(
                html("{} answered on {}", people.person(s, pid), format_day(entry.date))
                for pid, entry in a.by.items()
            ),
            names=join(
                (html("{}’s answer", people.person(s, pid)) for pid in a.waiting_for(s.people)),
                " and ",
            ),
        )
        for a in waiting
    )
    return html('<ul class="mb-waiting">{}</ul>', items)


def answer_note(s: Site, entry: Entry, uri: str) -> Markup:
    """On an answer's page: the pair it belongs to, or whose answer is still awaited."""
    person = answered_by(entry)
    answers = s.answers.get(entry.question) if entry.question is not None else None
    if answers is None or person is None or answers.by.get(person) is not entry:
        return Markup()
    href = s.links.page(uri, QUESTIONS) + "#" + question_anchor(answers.question.id)
    if answers.complete(s.people):
        others = join(
            (
                html('<a href="{}">{}’s</a>', s.links.page(uri, entry_uri(e)), s.name_of(p))
                for p, e in answers.by.items()
                if p != person
            ),
            " and ",
        )
        text = html(
            "<strong>We {} answered this question.</strong> "
            '<a href="{}">See the answers side by side</a>, or read {} answer.',
            "both" if len(s.people) == 2 else "all",
            href,
            others,
        )
    else:
        names = join(
            (html("{}’s", s.name_of(pid)) for pid in answers.waiting_for(s.people)),
            " and ",
        )
        text = html(
            'One of our questions, waiting for {} answer. <a href="{}">Every question</a>',
            names,
            href,
        )
    # Navigation to the other answers, not this entry's words: search leaves it out.
    return html('<aside class="mb-answer-note" data-search-exclude="true"><p>{}</p></aside>', text)


def questions_page(s: Site) -> GeneratedPage:
    """The shared questions: pairs of answers side by side, newest pair first, then the
    questions still waiting for someone's answer. Search finds the answers' own pages."""
    done = [a for a in s.answers.values() if a.complete(s.people)]
    waiting = [a for a in s.answers.values() if not a.complete(s.people)]
    done.sort(key=lambda a: a.last.sort_key, reverse=True)
    waiting.sort(key=lambda a: a.last.sort_key, reverse=True)
    subtitle = f"{numbers.count(len(done), 'question')} answered together"
    parts = [
        page_meta("Questions", "questions", search=False),
        cards.h1(s, "Questions we answer", subtitle),
        _intro(s),
    ]
    if done:
        together = "both" if len(s.people) == 2 else "all"
        parts += [f"## We {together} answered", *(_answer_pair(s, a, QUESTIONS) for a in done)]
    if waiting:
        parts += ["## Waiting for an answer", _waiting_list(s, waiting, QUESTIONS)]
    answers = [w for w in s.journal.waiting if w.question is not None]
    if answers:
        parts += ["## Your turn", turns(s, answers)]
    return assemble(QUESTIONS, parts)
