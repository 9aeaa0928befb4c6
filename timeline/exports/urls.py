"""Addresses of the site's pages as the exports write them.

An export sits at the site's root (`feed.atom`, `timeline.json`…), so a path relative
to the root is also a correct link relative to the export file itself. When
`base_url` is absolute (`https://example.org/venezuela/`), every link is made
absolute with it, sub-path included; when it is "/" (no known public address),
links stay relative to the root.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from timeline.config import SiteConfig
from timeline.dates import DatePoint
from timeline.model import Event, Media
from timeline.urls import event_url, media_href


def site_url(config: SiteConfig, path: str = "") -> str:
    """`path` (relative to the site's root, e.g. 'events/x/') as a link for an export.

    Absolute when the site's address is known; otherwise relative to the root, with
    the root itself as './'.
    """
    if config.absolute:
        return config.base_url + path
    return path or "./"


def page_url(config: SiteConfig, event: Event) -> str:
    return site_url(config, event_url(event))


def media_url(config: SiteConfig, media: Media) -> str:
    """A local picture is copied to the same path under the output (`media/x.jpg`); its
    address is that path percent-encoded (`media_href`)."""
    return site_url(config, media_href(media)) if media.is_local else media.src


def host(config: SiteConfig) -> str:
    """The site's host name, or 'timeline' when no public address is known."""
    return (urlsplit(config.base_url).hostname or "timeline") if config.absolute else "timeline"


def utc(moment: datetime) -> datetime:
    """The build time in UTC, whole seconds; a naive time is refused (it means nothing)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("the build time must carry a time zone (e.g. datetime(…, tzinfo=UTC))")
    return moment.astimezone(UTC).replace(microsecond=0)


def rfc3339(moment: datetime) -> str:
    return utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def point_moment(point: DatePoint) -> datetime:
    """The first instant a date stands for, in UTC (midnight UTC for a day, month or year)."""
    instant = point.instant()
    if instant is not None:
        return instant.astimezone(UTC)
    first = point.first_day()
    return datetime(first.year, first.month, first.day, tzinfo=UTC)
