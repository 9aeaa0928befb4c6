"""robots.txt.

- It allows all; when `base_url` is absolute it also names the sitemap, which is a page
  of the plan (`pages.sitemap_page`: it lists the pages, so it is made with them and
  kept with them, by its key, when they stay the same).
- Crawlers read robots.txt only at a host's root: with a sub-path (`/venezuela/`), the
  file written here is ignored by them unless it is copied to the host's root.
"""

from __future__ import annotations

from timeline.config import SiteConfig
from timeline.exports.urls import site_url


def render_robots(config: SiteConfig) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if config.absolute:
        lines += ["", f"Sitemap: {site_url(config, 'sitemap.xml')}"]
    return ("\n".join(lines) + "\n").encode("utf-8")
