"""Deterministic synthetic chronologies for the benchmark, in our format and as a Hugo site.

    python bench/generate.py N DIR          # DIR/timeline (our site) and DIR/hugo (Hugo's)

Each event: a ~120-word Markdown summary with a bold word and a link, 1–3 tags of 50,
1–3 actors of 200, 1–4 sources. Seeded: the same N gives the same files.
"""

from __future__ import annotations

import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

_VOCABULARY = (
    "government opposition assembly president minister embassy diplomats sanctions oil "
    "military army protest crowd capital election court statement recognition talks "
    "deadline convoy airport officials reported said announced warned ordered rejected "
    "support pressure crisis economy inflation border aid humanitarian negotiations "
    "the of and a to in on for with by at from that this was were is are has had"
)
WORDS = _VOCABULARY.split()
TAGS = [f"topic-{n:02d}" for n in range(50)]
ACTORS = [f"Actor {n:03d} {random.Random(n).choice(['García', 'Smith', 'Иванов', 'Müller'])}"
          for n in range(200)]  # fmt: skip
START = date(2000, 1, 1)


def event(rng: random.Random, n: int) -> tuple[str, str, dict]:
    day = START + timedelta(days=rng.randrange(9000))
    words = [rng.choice(WORDS) for _ in range(120)]
    words[rng.randrange(10, 50)] = f"**{rng.choice(WORDS)}**"
    words[rng.randrange(60, 110)] = f"[{rng.choice(WORDS)}](https://example.org/{n})"
    summary = " ".join(words).capitalize() + "."
    title = f"Event {n}: {' '.join(rng.choice(WORDS) for _ in range(6))}"
    tags = rng.sample(TAGS, rng.randint(1, 3))
    actors = rng.sample(ACTORS, rng.randint(1, 3))
    sources = [
        {"url": f"https://news{k}.example.org/{day.isoformat()}/story-{n}",
         "title": f"Story {n} from outlet {k}", "publisher": f"Outlet {k}",
         "published": day.isoformat()}
        for k in range(rng.randint(1, 4))
    ]  # fmt: skip
    ident = f"{day.isoformat()}-event-{n}"
    data = {"title": title, "date": day.isoformat(), "summary": summary, "tags": tags,
            "actors": actors, "sources": sources}  # fmt: skip
    return ident, day.isoformat(), data


def ours(ident: str, data: dict) -> str:
    lines = [f'title: "{data["title"]}"', f"date: {data['date']}", "summary: |",
             f"  {data['summary']}", "tags: [" + ", ".join(data["tags"]) + "]",
             "actors: [" + ", ".join(data["actors"]) + "]", "sources:"]  # fmt: skip
    for s in data["sources"]:
        lines += [
            f"  - url: {s['url']}",
            f"    title: {s['title']}",
            f"    publisher: {s['publisher']}",
            f"    published: {s['published']}",
        ]
    return "\n".join(lines) + "\n"


def hugo(data: dict) -> str:
    def quoted(items: list[str]) -> str:
        return "[" + ", ".join(f'"{i}"' for i in items) + "]"

    sources = "".join(
        f'  - url: "{s["url"]}"\n    title: "{s["title"]}"\n    publisher: "{s["publisher"]}"\n'
        f'    published: "{s["published"]}"\n'
        for s in data["sources"]
    )
    return (
        f'---\ntitle: "{data["title"]}"\ndate: {data["date"]}\ntags: {quoted(data["tags"])}\n'
        f"actors: {quoted(data['actors'])}\nsources:\n{sources}---\n{data['summary']}\n"
    )


HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Benchmark chronology"
disableKinds = ["RSS"]
[taxonomies]
  tag = "tags"
  actor = "actors"
"""

# Pages equivalent to ours: one per event, a list per term, term indexes, the home page.
HUGO_LAYOUTS = {
    "_default/baseof.html": (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{{ .Title }}</title>"
        '</head><body><main>{{ block "main" . }}{{ end }}</main></body></html>'
    ),
    "_default/single.html": (
        '{{ define "main" }}<article><h1>{{ .Title }}</h1>'
        '<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}'
        "</time>{{ .Content }}<ul>{{ range .Params.sources }}"
        '<li><a href="{{ .url }}">{{ .title }}</a>, {{ .publisher }}, {{ .published }}</li>'
        "{{ end }}</ul><ul>{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}"
        "{{ range .Params.actors }}<li>{{ . }}</li>{{ end }}</ul></article>{{ end }}"
    ),
    "_default/list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><ol>{{ range .Pages.ByDate }}'
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ol>'
        "{{ end }}"
    ),
    "_default/terms.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms }}'
        '<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>'
        "{{ end }}</ul>{{ end }}"
    ),
    "index.html": (
        '{{ define "main" }}<h1>{{ .Site.Title }}</h1><ol>'
        '{{ range first 20 (where .Site.RegularPages "Section" "events").ByDate.Reverse }}'
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol>{{ end }}'
    ),
}


def generate(count: int, target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    rng = random.Random(20190123)
    (target / "timeline/events").mkdir(parents=True)
    (target / "timeline/site.yaml").write_text("title: Benchmark chronology\n")
    (target / "hugo/content/events").mkdir(parents=True)
    (target / "hugo/hugo.toml").write_text(HUGO_CONFIG)
    for rel, text in HUGO_LAYOUTS.items():
        path = target / "hugo/layouts" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for n in range(count):
        ident, day, data = event(rng, n)
        folder = target / "timeline/events" / day[:4]
        folder.mkdir(exist_ok=True)
        (folder / f"{ident}.yaml").write_text(ours(ident, data))
        (target / "hugo/content/events" / f"{ident}.md").write_text(hugo(data))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    generate(int(sys.argv[1]), Path(sys.argv[2]))
