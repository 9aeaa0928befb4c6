"""An article's dated statements → drafts, and each draft's event file.

A statement is a sentence with at least one date cue (`timeline.cues`). Its most precise
cue dates it; every deadline in it gives a separate draft, counted from the statement's
day. Each draft gets a suggested title and a short quote (`timeline.suggest`), and its
event file says which cue gave the date and how it was resolved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from timeline.article import Article, is_statement, split_sentences
from timeline.cues import Cue, count_deadline, find_cues
from timeline.eventfile import EventFile, block_lines, list_line, source_lines
from timeline.scaffold import yaml_text
from timeline.suggest import match_actors, short_quote, suggest_title
from timeline.tomarkdown import markdown_text


@dataclass(frozen=True)
class SourceInfo:
    url: str
    headline: str
    publisher: str
    published: date


@dataclass(frozen=True)
class Draft:
    cue: Cue
    others: tuple[Cue, ...]
    sentence: str
    title: str
    quote: str
    actors: tuple[str, ...]


def make_drafts(article: Article, pub: date, known_actors: list[str]) -> list[Draft]:
    drafts: list[Draft] = []
    for paragraph in article.paragraphs:
        context: Cue | None = None  # the paragraph's last statement dated to a day
        for sentence in split_sentences(paragraph):
            if not is_statement(sentence):
                continue
            cues = find_cues(sentence, pub)
            if not cues:
                continue
            dated = [c for c in cues if not c.derived]
            actors = match_actors(sentence, known_actors)
            title = suggest_title(sentence, dated, actors)
            lead = max(dated, key=Cue.rank) if dated else None
            if lead is not None:
                others = tuple(c for c in dated if c is not lead)
                quote = short_quote(sentence, lead.start, lead.end)
                drafts.append(Draft(lead, others, sentence, title, quote, actors))
                if is_one_day(lead):
                    context = lead
            for cue in cues:
                if cue.derived:
                    counted = count_deadline(cue, *deadline_anchor(lead, context, pub))
                    quote = short_quote(sentence, cue.start, cue.end)
                    deadline_title = f"Deadline ({cue.text}) ends: {title}"
                    drafts.append(Draft(counted, (), sentence, deadline_title, quote, actors))
    return drafts


def is_one_day(cue: Cue | None) -> bool:
    return bool(cue and cue.when and cue.when.end is None and cue.when.start.day is not None)


def deadline_anchor(lead: Cue | None, context: Cue | None, pub: date) -> tuple[date, str]:
    """A deadline runs from the statement's day: its own sentence's, else the day of the
    paragraph's previous dated statement, else the publication date."""
    if lead is not None and is_one_day(lead):
        assert lead.when is not None
        return lead.when.start.first_day(), f'the day of the statement, "{lead.text}"'
    if lead is None and context is not None:
        assert context.when is not None
        return context.when.start.first_day(), (
            f'the day of the previous statement in the paragraph, "{context.text}"'
        )
    return pub, "the publication date"


def render_draft(d: Draft, source: SourceInfo) -> EventFile:
    assert d.cue.when is not None
    comments = [
        "A draft made by `timeline draft` from the article in 'sources'. Check every value",
        "against the article, write the title and summary in your own words, then set the",
        "status (confirmed, reported, claimed…).",
        f"Date from the cue {d.cue.how}.",
    ]
    if d.cue.derived:
        comments.append(
            "DERIVED: this date is worked out from a deadline, not stated in the article."
        )
    for other in d.others:
        comments.append(f"Also in the sentence: {other.how}.")
    summary = f'According to {markdown_text(source.publisher)}, "{markdown_text(d.quote)}"'
    if d.cue.derived:
        summary += f' (The date is derived from the deadline "{markdown_text(d.cue.text)}".)'
    lines = [
        f"title: {yaml_text(d.title)}",
        f"date: {d.cue.when.edtf()}",
        *block_lines("summary", summary),
        "status: draft",
    ]
    if d.actors:
        lines.append(list_line("actors", d.actors))
    lines += [
        "sources:",
        *source_lines(source.url, source.headline, source.publisher, source.published.isoformat()),
    ]
    return EventFile(d.title, d.cue.when, comments, lines, draft=True)
