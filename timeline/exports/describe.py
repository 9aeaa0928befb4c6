"""An event's status, sources and corrections in words, as the built-in theme says them.

Shared by the formats that show an event to a person (feed, calendar, TimelineJS):
one wording everywhere, in plain text or in escaped HTML, in the site's language
(`timeline.exports.words`).
"""

from __future__ import annotations

from html import escape

from timeline.exports.words import Wording
from timeline.model import Correction, Event, Source


def status_text(event: Event, words: Wording) -> str:
    """'Disputed — source of the claim: X', or '' for a confirmed event."""
    label = words.status(event.status)
    if label and event.claimed_by:
        return f"{label} — {words('source of the claim:')} {event.claimed_by}"
    return label


def date_qualifier(event: Event, words: Wording) -> str:
    """'approximate date' / 'uncertain date' when either end of the date says so."""
    points = [event.date.start] + ([event.date.end] if event.date.end else [])
    if any(p.approximate for p in points):
        return words("approximate date")
    if any(p.uncertain for p in points):
        return words("uncertain date")
    return ""


def source_text(source: Source, words: Wording) -> str:
    """'Title, Publisher, 25 January 2019: https://…' (then the archived copy, if any)."""
    text = f"{source.title}, {source.publisher}"
    if source.published:
        text += f", {words.date(source.published)}"
    text = words.colon(text, source.url)
    if source.archive:
        text += f" ({words.colon(words('archived copy'), source.archive)})"
    return text


def source_html(source: Source, words: Wording) -> str:
    """The theme's source line: linked title, publisher, date, archived copy."""
    html = f'<a href="{escape(source.url)}">{escape(source.title)}</a>, {escape(source.publisher)}'
    if source.published:
        html += f", {escape(words.date(source.published))}"
    if source.archive:
        html += f' (<a href="{escape(source.archive)}">{escape(words("archived copy"))}</a>)'
    return html


def sources_html(event: Event, words: Wording) -> str:
    items = "".join(f"<li>{source_html(s, words)}</li>" for s in event.sources)
    return f"<p>{escape(words('Sources:'))}</p><ul>{items}</ul>"


def correction_text(correction: Correction, words: Wording) -> str:
    return words.colon(words.date(correction.date), correction.note)


def event_html(event: Event, words: Wording, *, with_date: bool = True) -> str:
    """The whole event as an HTML fragment: date, place, status, summary, sources, corrections."""
    parts = []
    facts = [words.date(event.date)] if with_date else []
    if event.place:
        facts.append(event.place)
    if facts:
        parts.append(f"<p>{escape(' · '.join(facts))}</p>")
    status = status_text(event, words)
    if status:
        parts.append(f"<p><strong>{escape(status)}</strong></p>")
    parts.append(event.summary_html)
    parts.append(sources_html(event, words))
    if event.corrections:
        items = "".join(f"<li>{escape(correction_text(c, words))}</li>" for c in event.corrections)
        parts.append(f"<p>{escape(words('Corrections:'))}</p><ul>{items}</ul>")
    return "".join(parts)
