"""The shipped chronology: real, sourced, and clean under the strictest check."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.site import SitePaths, check

ROOT = Path(__file__).parents[1]
KNOWN_ARTICLE = (
    "https://www.breitbart.com/national-security/2019/01/25/"
    "maduro-venezuela-deepen-military-relationship-russia-unrest/"
)


@pytest.fixture(scope="module")
def shipped():
    return check(SitePaths(ROOT))


def test_shipped_events_have_no_errors_or_warnings(shipped) -> None:
    assert [str(p) for p in shipped.problems.sorted()] == []


def test_at_least_twelve_real_events(shipped) -> None:
    events = shipped.tree.events
    assert len(events) >= 12
    assert all(e.sources for e in events)
    assert all(s.url.startswith(("https://", "http://")) for e in events for s in e.sources)


def test_the_three_events_of_the_design_card(shipped) -> None:
    by_id = {e.id: e for e in shipped.tree.events}
    assert by_id["2019-01-23-guaido-sworn-in"].date.edtf() == "2019-01-23"
    assert by_id["2019-01-23-maduro-breaks-relations-with-us"].date.edtf() == "2019-01-23"
    departure = by_id["2019-01-25-us-diplomats-leave-embassy-in-convoy"]
    assert departure.status == "reported"
    assert any(s.url == KNOWN_ARTICLE for s in departure.sources)


def test_claims_and_intervals_are_used_honestly(shipped) -> None:
    by_id = {e.id: e for e in shipped.tree.events}
    contractors = by_id["2019-01-21-russian-contractors-reported-in-venezuela"]
    assert contractors.status == "claimed"
    assert "Reuters" in contractors.claimed_by
    assert contractors.date.end is not None  # "that week" is an interval
    assert by_id["2019-01-26-72-hour-deadline-expires"].date.edtf() == "2019-01-26"
