"""An event's status, sources and corrections in words, as the built-in theme says them.

Shared by the formats that show an event to a person (feed, calendar, TimelineJS):
one wording everywhere, in plain text or in escaped HTML.
"""

from __future__ import annotations

from html import escape

from timeline.model import Correction, Event, Source
from timeline.schema import STATUS_LABELS


def status_text(event: Event) -> str:
    """'Disputed — source of the claim: X', or '' for a confirmed event."""
    label = STATUS_LABELS.get(event.status, "")
    if label and event.claimed_by:
        return f"{label} — source of the claim: {event.claimed_by}"
    return label


def date_qualifier(event: Event) -> str:
    """'approximate date' / 'uncertain date' when either end of the date says so."""
    points = [event.date.start] + ([event.date.end] if event.date.end else [])
    if any(p.approximate for p in points):
        return "approximate date"
    if any(p.uncertain for p in points):
        return "uncertain date"
    return ""


def source_text(source: Source) -> str:
    """'Title, Publisher, 25 January 2019: https://…' (then the archived copy, if any)."""
    text = f"{source.title}, {source.publisher}"
    if source.published:
        text += f", {source.published.display()}"
    text += f": {source.url}"
    if source.archive:
        text += f" (archived copy: {source.archive})"
    return text


def source_html(source: Source) -> str:
    """The theme's source line: linked title, publisher, date, archived copy."""
    html = f'<a href="{escape(source.url)}">{escape(source.title)}</a>, {escape(source.publisher)}'
    if source.published:
        html += f", {escape(source.published.display())}"
    if source.archive:
        html += f' (<a href="{escape(source.archive)}">archived copy</a>)'
    return html


def sources_html(event: Event) -> str:
    items = "".join(f"<li>{source_html(s)}</li>" for s in event.sources)
    return f"<p>Sources:</p><ul>{items}</ul>"


def correction_text(correction: Correction) -> str:
    return f"{correction.date.display()}: {correction.note}"


def event_html(event: Event, *, with_date: bool = True) -> str:
    """The whole event as an HTML fragment: date, place, status, summary, sources, corrections."""
    parts = []
    facts = [event.date.display()] if with_date else []
    if event.place:
        facts.append(event.place)
    if facts:
        parts.append(f"<p>{escape(' · '.join(facts))}</p>")
    status = status_text(event)
    if status:
        parts.append(f"<p><strong>{escape(status)}</strong></p>")
    parts.append(event.summary_html)
    parts.append(sources_html(event))
    if event.corrections:
        items = "".join(f"<li>{escape(correction_text(c))}</li>" for c in event.corrections)
        parts.append(f"<p>Corrections:</p><ul>{items}</ul>")
    return "".join(parts)
