"""The interface in the site's language: theme text, dates, plurals, numbers and script
messages.

English output is pinned by the golden site (tests/golden); these build small sites in the
other languages and one the interface does not speak.
"""

from __future__ import annotations

import html
import importlib
import re
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest

from tests.conftest import SOURCE, Site, event_yaml
from tests.test_incremental import assert_same_as_cold
from timeline import numbers
from timeline.chronology import Chronology, Day, MonthCount
from timeline.dates import parse_date
from timeline.exports.words import MESSAGES as EXPORT_MESSAGES
from timeline.locales import CATALOGUES, catalogue, interface
from timeline.pages import plan_pages
from timeline.pipeline import check_site
from timeline.render import page_renderer, static_files
from timeline.schema import STATUS_LABELS
from timeline.serve import MESSAGES as SERVE_MESSAGES
from timeline.site import SitePaths
from timeline.templating import THEME, make_environment, speak

EVENTS = {
    "2019-01-23-sworn-in": "title: Sworn in\ndate: 2019-01-23\ntags: [recognition]\n"
    "corrections:\n  - date: 2019-02-01\n    note: An earlier version gave the wrong day.\n",
    "2019-01-30-week": "title: A week of talks\ndate: 2019-01-30/2019-02-02\n",
    "2019-03-around": "title: Around March\ndate: 2019-03~\n",
}

# What each page must say, by language: (page, text) pairs.
EXPECTED = {
    "es": [
        ("index.html", '<html lang="es">'),
        ("index.html", '<a class="skip" href="#main">Saltar al contenido</a>'),
        ("index.html", "3 acontecimientos, del más antiguo al más reciente."),
        ("index.html", '<time datetime="2019-01">Enero de 2019</time>'),
        ("index.html", '<time datetime="2019-01-23">Miércoles, 23 de enero de 2019</time>'),
        ("index.html", '<time datetime="2019-01-23">23 de enero de 2019</time>'),
        ("index.html", '<time datetime="2019-01-30">30 de enero</time> – '
                       '<time datetime="2019-02-02">2 de febrero de 2019</time>'),
        ("index.html", '<time datetime="2019-03">hacia marzo de 2019</time>'),
        ("index.html", "Enlace a este acontecimiento"),
        ("index.html", "<li><a href=\"tags/\">Etiquetas</a></li>"),
        ("index.html", "Datos: "),
        ("events/2019-01-23-sworn-in/index.html", '<h2 id="sources">Fuentes</h2>'),
        ("events/2019-01-23-sworn-in/index.html",
         '<time datetime="2019-02-01">1 de febrero de 2019</time>'),
        ("events/2019-01-23-sworn-in/index.html", '<li class="next">Siguiente: '),
        ("years/2019/01/index.html", "<title>Enero de 2019 — Crónica</title>"),
        ("years/2019/01/index.html", "2 acontecimientos, del más antiguo al más reciente."),
        ("tags/recognition/index.html", "<title>Etiqueta: recognition — Crónica</title>"),
        ("tags/recognition/index.html", "1 acontecimiento, del más antiguo al más reciente."),
        ("search/index.html", "<h1>Buscar</h1>"),
        ("404.html", "<h1>Página no encontrada</h1>"),
        ("filter.js", "`Acontecimientos mostrados: ${shown} de ${items.length}.`"),
        ("search.js", '"Buscar en la cronología"'),
    ],
    "fr": [
        ("index.html", '<html lang="fr">'),
        ("index.html", '<a class="skip" href="#main">Aller au contenu</a>'),
        ("index.html", "3 événements, du plus ancien au plus récent."),
        ("index.html", '<time datetime="2019-01">Janvier 2019</time>'),
        ("index.html", '<time datetime="2019-01-23">Mercredi 23 janvier 2019</time>'),
        ("index.html", '<time datetime="2019-01-30">30 janvier</time> – '
                       '<time datetime="2019-02-02">2 février 2019</time>'),
        ("index.html", '<time datetime="2019-03">vers mars 2019</time>'),
        ("index.html", 'Lien vers cet événement<span class="visually-hidden">\u00a0: Sworn in'),
        ("index.html", "Données\u00a0: "),
        ("events/2019-01-23-sworn-in/index.html", '<h2 id="sources">Sources</h2>'),
        ("events/2019-01-23-sworn-in/index.html",
         '<time datetime="2019-02-01">1er février 2019</time>'),
        ("events/2019-01-23-sworn-in/index.html", '<li class="next">Suivant\u00a0: '),
        ("events/2019-01-23-sworn-in/index.html",
         '<li><time datetime="2019-02-01">1er février 2019</time>\u00a0: <span dir="auto">'),
        ("years/2019/01/index.html", "<title>Janvier 2019 — Crónica</title>"),
        ("years/2019/01/index.html", "2 événements, du plus ancien au plus récent."),
        ("tags/recognition/index.html", "1 événement, du plus ancien au plus récent."),
        ("search/index.html", "<h1>Recherche</h1>"),
        ("404.html", "<h1>Page introuvable</h1>"),
        ("filter.js", "`Événements affichés\u00a0: ${shown} sur ${items.length}.`"),
        ("search.js", '"Rechercher dans la chronologie"'),
    ],
    "pt-BR": [
        ("index.html", '<html lang="pt-BR">'),
        ("index.html", '<a class="skip" href="#main">Ir para o conteúdo</a>'),
        ("index.html", "3 acontecimentos, do mais antigo para o mais recente."),
        ("index.html", '<time datetime="2019-01">Janeiro de 2019</time>'),
        ("index.html",
         '<time datetime="2019-01-23">Quarta-feira, 23 de janeiro de 2019</time>'),
        ("index.html", '<time datetime="2019-01-30">30 de janeiro</time> – '
                       '<time datetime="2019-02-02">2 de fevereiro de 2019</time>'),
        ("index.html", '<time datetime="2019-03">por volta de março de 2019</time>'),
        ("index.html", "Link para este acontecimento"),
        ("events/2019-01-23-sworn-in/index.html", '<h2 id="sources">Fontes</h2>'),
        ("events/2019-01-23-sworn-in/index.html",
         '<time datetime="2019-02-01">1 de fevereiro de 2019</time>'),
        ("years/2019/01/index.html", "<title>Janeiro de 2019 — Crónica</title>"),
        ("years/2019/01/index.html", "2 acontecimentos, do mais antigo para o mais recente."),
        ("tags/recognition/index.html", "1 acontecimento, do mais antigo para o mais recente."),
        ("search/index.html", "<h1>Pesquisa</h1>"),
        ("404.html", "<h1>Página não encontrada</h1>"),
        ("filter.js", "`Acontecimentos mostrados: ${shown} de ${items.length}.`"),
        ("search.js", '"Pesquisar na cronologia"'),
    ],
    "de": [
        ("index.html", '<html lang="de">'),
        ("index.html", '<a class="skip" href="#main">Zum Inhalt springen</a>'),
        ("index.html", "3 Ereignisse, die ältesten zuerst."),
        ("index.html", '<time datetime="2019-01">Januar 2019</time>'),
        ("index.html", '<time datetime="2019-01-23">Mittwoch, 23. Januar 2019</time>'),
        ("index.html", '<time datetime="2019-01-30">30. Januar</time> – '
                       '<time datetime="2019-02-02">2. Februar 2019</time>'),
        ("index.html", '<time datetime="2019-03">ca. März 2019</time>'),
        ("index.html", "Link zu diesem Ereignis"),
        ("events/2019-01-23-sworn-in/index.html", '<h2 id="sources">Quellen</h2>'),
        ("events/2019-01-23-sworn-in/index.html",
         '<time datetime="2019-02-01">1. Februar 2019</time>'),
        ("years/2019/01/index.html", "<title>Januar 2019 — Crónica</title>"),
        ("years/2019/01/index.html", "2 Ereignisse, die ältesten zuerst."),
        ("tags/recognition/index.html", "1 Ereignis, die ältesten zuerst."),
        ("search/index.html", "<h1>Suche</h1>"),
        ("404.html", "<h1>Seite nicht gefunden</h1>"),
        ("filter.js", "`Angezeigte Ereignisse: ${shown} von ${items.length}.`"),
        ("search.js", '"Die Chronik durchsuchen"'),
    ],
}  # fmt: skip


def build(site: Site, language: str) -> None:
    site.add("site.yaml", f"title: Crónica\nlanguage: {language}\n")
    for name, text in EVENTS.items():
        site.add(f"events/2019/{name}.yaml", text + "summary: In our own words.\n" + SOURCE)
    assert site.run("build", "--quiet") == 0


def read(out: Path, name: str) -> str:
    """A page of the output, or the script the front page loads (`filter.js`) or the search
    page (`search.js`), found by the address the page gives it."""
    if name.endswith(".js"):
        page = (out / ("index.html" if name == "filter.js" else "search/index.html")).read_text()
        stem = name.removesuffix(".js")
        (src,) = re.findall(rf'<script src="(?:\.\./)?(static/{stem}\.[0-9a-f]+\.js)"', page)
        return (out / src).read_text()
    return (out / name).read_text()


def test_a_right_to_left_name_in_a_filter_keeps_its_count_after_it(site: Site) -> None:
    """An option's text cannot hold a `dir="auto"` element: the name is isolated with
    FSI…PDI, so that in a left-to-right interface "(2)" follows an Arabic or Hebrew name
    instead of being drawn before it as part of the right-to-left run."""
    extra = "tags: [דיפלומטיה, recognition]\nactors: [خوان غوايدو]\n"
    site.event("2019-01-23-a", event_yaml(extra=extra))
    assert site.run("build", "--quiet") == 0
    front = html.unescape(read(site.out, "index.html"))
    assert ">\u2068דיפלומטיה\u2069 (1)</option>" in front  # noqa: RUF001
    assert ">\u2068خوان غوايدو\u2069 (1)</option>" in front  # noqa: RUF001
    assert ">\u2068recognition\u2069 (1)</option>" in front


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_pages_speak_the_sites_language(site: Site, language: str) -> None:
    build(site, language)
    missing = [
        (name, text) for name, text in EXPECTED[language] if text not in read(site.out, name)
    ]
    assert not missing
    front = read(site.out, "index.html")
    assert "<body>" in front and 'lang="en"' not in front  # nothing marked as English
    for english in ("Skip to content", "oldest first", "January", "events shown", "Link to this"):
        assert english not in front + read(site.out, "filter.js")


def test_an_untranslated_language_is_warned_about_and_marked(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """Dutch has no catalogue: the interface stays English and says so to screen readers
    (body lang="en"), while the page and every piece of contributor text stay Dutch."""
    build(site, "nl")
    err = capsys.readouterr().err
    assert (
        "site.yaml:2:11: warning: the built-in interface has no translation into 'nl': its "
        'text and dates stay in English (marked lang="en" in the pages)\n'
        "    hint: the interface speaks de, en, es, fr and pt; translate the text of your "
        "templates/ (README: Templates), or add a catalogue to timeline/locales/\n"
    ) in err
    front = read(site.out, "index.html")
    assert '<html lang="nl">' in front and '<body lang="en">' in front
    assert '<a class="skip" href="#main">Skip to content</a>' in front
    assert '<p class="site-title" lang="nl"><a href="./">Crónica</a></p>' in front
    assert '<h1 lang="nl">Crónica</h1>' in front
    assert 'class="title" dir="auto" lang="nl"><a href="events/2019-01-23-sworn-in/">' in front
    assert '<option value="recognition" lang="nl">&#x2068;recognition&#x2069; (1)</option>' in front
    event = read(site.out, "events/2019-01-23-sworn-in/index.html")
    assert '<span dir="auto" lang="nl">An earlier version gave the wrong day.</span>' in event
    assert "23 January 2019" in event
    assert '<div id="search" class="search" lang="nl">' in read(site.out, "search/index.html")
    assert "`${shown} of ${items.length} events shown.`" in read(site.out, "filter.js")


def test_a_region_subtag_takes_its_languages_catalogue_and_english_marks_nothing(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    build(site, "en-GB")
    front = read(site.out, "index.html")
    assert '<html lang="en-GB">' in front and front.count(' lang="') == 1
    assert "site.yaml" not in capsys.readouterr().err
    mexico, spain = catalogue("es-MX"), catalogue("ES")
    assert mexico is not None and spain is not None
    assert mexico.messages == spain.messages and mexico.words == spain.words
    assert catalogue("pt-PT").language == "pt"


def test_a_change_of_language_compiles_the_templates_again(site: Site, tmp_path: Path) -> None:
    """The interface's text is compiled into the templates, which the build cache keeps:
    after site.yaml changes language, an incremental build speaks the new one, byte for
    byte as a cold build does; so does a site's own template, and so does the way back.
    So do the exports, whose pieces the build cache keeps too (made in another process)."""
    own = (THEME / "404.html").read_text("utf-8")
    site.add("templates/404.html", own.replace("<h1>", '<h1 class="own"{{ content_lang }}>'))
    site.add("templates/_own.html", "{{ _('Search') }} {{ gettext('Not in the catalogue') }}")
    site.add("templates/search.html", (THEME / "search.html").read_text("utf-8").replace(
        "<h1>{{ _(\"Search\") }}</h1>", '<h1>{% include "_own.html" %}</h1>'
    ))  # fmt: skip
    pages = {}
    for language in ("en", "es", "en", "nl"):
        build(site, language)
        pages[language] = assert_same_as_cold(site, tmp_path)
        assert pages[language] == assert_same_as_cold(site, tmp_path)
    spanish, english, dutch = (
        {name: pages[language][name].decode() for name in ("404.html", "search/index.html")}
        for language in ("es", "en", "nl")
    )
    assert '<h1 class="own">Página no encontrada</h1>' in spanish["404.html"]
    assert "<h1>Buscar Not in the catalogue</h1>" in spanish["search/index.html"]
    assert '<h1 class="own">Page not found</h1>' in english["404.html"]
    assert "<h1>Search Not in the catalogue</h1>" in english["search/index.html"]
    assert '<h1 class="own" lang="nl">Page not found</h1>' in dutch["404.html"]
    said = {"es": ("Fuentes:", "hacia marzo de 2019"), "en": ("Sources:", "c. March 2019")}
    said["nl"] = said["en"]
    for language, words in said.items():
        for name in ("feed.atom", "calendar.ics", "timelinejs.json"):
            text = pages[language][name].decode().replace("\r\n ", "")  # iCalendar's folds
            assert all(word in text for word in words), (language, name)


def test_the_interfaces_plain_text_is_compiled_in() -> None:
    """`_("text")` is the translation in the template's compiled code, not a call made as
    each page renders; a call with values, a plural or a name the template assigns is."""
    env = make_environment(Path("/nonexistent"))
    speak(env, interface("es"))
    source = (
        "<b{{ content_lang }}>{{ _('Sources') }}</b>{{ gettext('Tags') ~ '<' }}"
        "{{ _('%(n)d', n=1) }}{{ ngettext('%(num)d event', '%(num)d events', 2) }}"
        "{% trans %}Search{% endtrans %}"
    )
    code = env.compile(source, raw=True)
    assert "'<b>Fuentes</b>Etiquetas&lt;" in code and "'Buscar'" in code
    assert code.count("context.call(") == 2 and "content_lang" not in code
    rendered = env.from_string(source).render()
    assert rendered == "<b>Fuentes</b>Etiquetas&lt;12 acontecimientosBuscar"
    shadowed = (
        "{% set _ = gettext %}{% set content_lang = '<x>' %}{{ _('Tags') }}{{ content_lang }}"
    )
    assert env.from_string(shadowed).render() == "Etiquetas&lt;x&gt;"
    speak(env, interface("nl"))
    assert env.from_string(source).render() == '<b lang="nl">Sources</b>Tags&lt;12 eventsSearch'


@pytest.mark.parametrize(
    ("language", "counts"),
    [
        ("en", ["0 events", "1 event", "2 events"]),
        ("es", ["0 acontecimientos", "1 acontecimiento", "2 acontecimientos"]),
        ("de", ["0 Ereignisse", "1 Ereignis", "2 Ereignisse"]),
        ("fr", ["0 événement", "1 événement", "2 événements"]),  # 0 is singular in French
        ("pt", ["0 acontecimento", "1 acontecimento", "2 acontecimentos"]),
        ("pt-BR", ["0 acontecimento", "1 acontecimento", "2 acontecimentos"]),
        ("pt-PT", ["0 acontecimentos", "1 acontecimento", "2 acontecimentos"]),  # CLDR pt_PT
        ("pt-AO", ["0 acontecimentos", "1 acontecimento", "2 acontecimentos"]),
    ],
)
def test_counts_take_the_plural_their_language_gives_them(language: str, counts: list) -> None:
    locale = catalogue(language)
    assert locale is not None
    said = [locale.ngettext("%(num)d event", "%(num)d events", n) % {"num": n} for n in (0, 1, 2)]
    assert said == counts


@pytest.mark.parametrize(
    ("language", "dates"),
    [
        ("en", ["23 January 2019", "21–25 January 2019", "30 January – 2 February 2019",
                "January–March 2019", "2018–2019", "c. 23 January 2019", "January 2019 (uncertain)",
                "1 March 2019, 14:30 (UTC−04:00)", "Friday 1 March 2019"]),
        ("es", ["23 de enero de 2019", "21–25 de enero de 2019",
                "30 de enero – 2 de febrero de 2019", "enero–marzo de 2019", "2018–2019",
                "hacia el 23 de enero de 2019", "enero de 2019 (fecha incierta)",
                "1 de marzo de 2019, 14:30 (UTC−04:00)", "Viernes, 1 de marzo de 2019"]),
        ("fr", ["23 janvier 2019", "21–25 janvier 2019", "30 janvier – 2 février 2019",
                "janvier–mars 2019", "2018–2019", "vers le 23 janvier 2019",
                "janvier 2019 (date incertaine)", "1er mars 2019 à 14:30 (UTC−04:00)",
                "Vendredi 1er mars 2019"]),
        ("pt", ["23 de janeiro de 2019", "21–25 de janeiro de 2019",
                "30 de janeiro – 2 de fevereiro de 2019", "janeiro–março de 2019", "2018–2019",
                "por volta de 23 de janeiro de 2019", "janeiro de 2019 (data incerta)",
                "1 de março de 2019, 14:30 (UTC−04:00)", "Sexta-feira, 1 de março de 2019"]),
        ("de", ["23. Januar 2019", "21.–25. Januar 2019", "30. Januar – 2. Februar 2019",
                "Januar–März 2019", "2018–2019", "ca. 23. Januar 2019",
                "Januar 2019 (Datum unsicher)", "1. März 2019, 14:30 Uhr (UTC−04:00)",
                "Freitag, 1. März 2019"]),
    ],
)  # fmt: skip
def test_dates_are_written_as_their_language_writes_them(language: str, dates: list) -> None:
    locale = catalogue(language)
    assert locale is not None
    words = locale.words
    written = [
        parse_date(text).display(words)
        for text in (
            "2019-01-23", "2019-01-21/2019-01-25", "2019-01-30/2019-02-02", "2019-01/2019-03",
            "2018/2019", "2019-01-23~", "2019-01?", "2019-03-01T14:30-04:00",
        )
    ]  # fmt: skip
    assert [*written, Day(2019, 3, 1, ()).label_in(words)] == dates
    assert MonthCount(2019, 1, 3).label_in(words) == words.heading(dates[6].split(" (")[0])


def theme_messages() -> set[str]:
    """Every text the theme's templates translate, the status labels they look up, and
    what the exports (timeline.exports.words) and the dev server's error page say."""
    env = make_environment(Path("/nonexistent"))
    found = set(STATUS_LABELS.values()) | set(EXPORT_MESSAGES) | set(SERVE_MESSAGES)
    for path in THEME.glob("*.html"):
        for _, _, message in env.extract_translations(path.read_text()):
            first = message if isinstance(message, str | None) else message[0]
            if first is not None:  # None: the status label, looked up (above)
                found.add(first)
    return found


@pytest.mark.parametrize("language", CATALOGUES)
def test_each_catalogue_translates_exactly_what_the_theme_says(language: str) -> None:
    locale = catalogue(language)
    assert locale is not None
    assert set(locale.messages) == theme_messages()
    for english, translated in locale.messages.items():
        forms = translated if isinstance(translated, tuple) else (translated,)
        for form in forms:  # the same %(names)s and links, whatever the order
            assert sorted(re.findall(r"%\(\w+\)d|%\(\w+\)s|<a |</a>", form)) == sorted(
                re.findall(r"%\(\w+\)d|%\(\w+\)s|<a |</a>", english)
            ), english


@pytest.mark.parametrize("language", CATALOGUES)
def test_each_script_message_is_found_once_in_the_theme_script(language: str) -> None:
    """A script message that no longer matches the theme's script would stay English."""
    locale = catalogue(language)
    assert locale is not None and set(locale.scripts) == {"filter.js", "search.js"}
    for name, messages in locale.scripts.items():
        source = (THEME / "static" / name).read_text()
        for english in messages:
            assert source.count(english) == 1, (name, english)


NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("en", ["0", "999", "1,234", "12,345", "1,234,567"]),
        ("en-GB", ["0", "999", "1,234", "12,345", "1,234,567"]),
        ("en-IN", ["0", "999", "1,234", "12,345", "12,34,567"]),  # lakh: groups of two
        ("es", ["0", "999", "1234", "12.345", "1.234.567"]),  # grouped from five digits
        ("es-MX", ["0", "999", "1,234", "12,345", "1,234,567"]),
        ("es-419", ["0", "999", "1,234", "12,345", "1,234,567"]),
        ("es-AR", ["0", "999", "1.234", "12.345", "1.234.567"]),
        ("fr", ["0", "999", f"1{NNBSP}234", f"12{NNBSP}345", f"1{NNBSP}234{NNBSP}567"]),
        ("fr-CA", ["0", "999", f"1{NBSP}234", f"12{NBSP}345", f"1{NBSP}234{NBSP}567"]),
        ("pt", ["0", "999", "1.234", "12.345", "1.234.567"]),
        ("pt-BR", ["0", "999", "1.234", "12.345", "1.234.567"]),
        ("pt-PT", ["0", "999", "1234", f"12{NBSP}345", f"1{NBSP}234{NBSP}567"]),
        ("pt-AO", ["0", "999", f"1{NBSP}234", f"12{NBSP}345", f"1{NBSP}234{NBSP}567"]),
        ("de", ["0", "999", "1.234", "12.345", "1.234.567"]),
        ("de-AT", ["0", "999", f"1{NBSP}234", f"12{NBSP}345", f"1{NBSP}234{NBSP}567"]),
        ("de-CH", ["0", "999", "1'234", "12'345", "1'234'567"]),
    ],
)
def test_numbers_are_grouped_as_cldr_writes_them(language: str, written: list[str]) -> None:
    """CLDR 48's separators and minimum grouping digits, as ICU 78 writes them
    (`new Intl.NumberFormat(language).format(n)`)."""
    locale = catalogue(language)
    assert locale is not None
    assert [locale.number(n) for n in (0, 999, 1234, 12345, 1234567)] == written


def test_a_messages_whole_numbers_are_grouped_and_the_pager_too() -> None:
    """A whole number given for a `%(name)d` is grouped; one given for a `%(name)s` (a
    year) is written as it is, and so are dates."""
    env = make_environment(Path("/nonexistent"))
    source = (
        '{{ ngettext("%(num)d event", "%(num)d events", n) }} | '
        '{{ _("; page %(number)d of %(pages)d", number=2, pages=n) }} | {{ number(n * 10) }} | '
        '{{ _("Tag: %(name)s", name=2019) }} | {{ _("%(n)d%% %%(n)d", n=n) }} | '
        "{{ format_date(day) }}"
    )
    day = parse_date("2019-01-23")
    speak(env, interface("de"))
    assert env.from_string(source).render(n=1234, day=day) == (
        "1.234 Ereignisse | ; Seite 2 von 1.234 | 12.340 | Schlagwort: 2019 | 1.234% %(n)d | "
        "23. Januar 2019"
    )
    speak(env, interface("en"))
    assert env.from_string(source).render(n=1234, day=day) == (
        "1,234 events | ; page 2 of 1,234 | 12,340 | Tag: 2019 | 1,234% %(n)d | 23 January 2019"
    )
    listing = SimpleNamespace(pages=1234, number=1000, url=lambda n: f"{n}/")
    pager = str(env.get_template("_macros.html").module.pager(listing, ""))  # type: ignore[attr-defined]
    assert '<span aria-current="page">1,000</span>' in pager
    assert '<a href="1234/">1,234</a>' in pager and '<a href="999/">999</a>' in pager


def test_a_number_named_twice_in_a_message_is_grouped_each_time() -> None:
    """A message may name one value twice, or once for its digits alone (`%(n)s`): each
    `%(n)d` is grouped, each `%(n)s` keeps the plain digits, as README says."""
    env = make_environment(Path("/nonexistent"))
    speak(env, interface("de"))
    source = (
        '{{ _("%(n)d of %(n)d", n=n) }} | {{ _("%(n)d in %(n)s", n=n) }} | '
        '{{ ngettext("%(num)d of %(num)d event", "%(num)d of %(num)d events", n) }}'
    )
    assert env.from_string(source).render(n=1234) == (
        "1.234 of 1.234 | 1.234 in 1234 | 1.234 of 1.234 events"
    )


def test_a_sites_counts_are_grouped_and_its_years_and_dates_are_not(site: Site) -> None:
    """1,001 events of 2019 with one tag, in French: every count the theme shows is grouped
    with a narrow no-break space; years and dates are not. (The pages that show counts are
    rendered, not the 1,001 event pages: a build of them all takes seconds.)"""
    site.add("site.yaml", "title: Chronique\nlanguage: fr\n")
    first = date(2019, 1, 1)
    for n in range(1001):
        day = (first + timedelta(days=n % 365)).isoformat()
        site.add(f"events/2019/{day}-e{n}.yaml", f"title: E{n}\ndate: {day}\ntags: [all]\n"
                 "summary: Words.\n" + SOURCE)  # fmt: skip
    checked = check_site(SitePaths(site.root))
    assert not checked.problems.errors
    plan = plan_pages(Chronology(tuple(checked.tree.events)))
    _, assets = static_files(site.root / "templates")
    env = make_environment(site.root / "templates")
    render = page_renderer(env, plan.home, checked.config, assets)
    pages = {page.path: page for page in plan.pages}
    front, year, tags, tag = (
        render(pages[path]).decode()
        for path in ("index.html", "years/2019/index.html", "tags/index.html",
                     "tags/all/index.html")
    )  # fmt: skip
    count = f"1{NNBSP}001 événements"
    assert f'<p class="count">{count}. ' in front
    assert f'<a href="years/2019/">2019</a> <span class="n">(1{NNBSP}001)</span>' in front
    assert f'<p class="count">{count}, du plus ancien au plus récent.</p>' in year
    assert "<title>2019 — Chronique</title>" in year
    assert f'<span class="n">(1{NNBSP}001)</span>' in tags
    assert f"{count}, du plus ancien au plus récent{NBSP}; page 1 sur 11." in tag


def test_each_groupings_quick_formatter_writes_what_the_grouping_writes() -> None:
    """`Grouping.formatter` (Python's own grouping where it can) against the general rule,
    for every grouping a catalogue or a country gives, negative numbers included."""
    groupings = {numbers.ENGLISH, *numbers.ENGLISH_REGIONS.values()}
    for name in CATALOGUES:
        module = importlib.import_module(f"timeline.locales.{name}")
        groupings.update({module.NUMBERS, *module.REGION_NUMBERS.values()})
    values = [0, 7, 999, 1000, 1234, 9999, 12345, 999999, 1234567, 10**12 + 5]
    values += [-n for n in values]
    for grouping in groupings:
        assert [grouping.formatter()(n) for n in values] == [grouping(n) for n in values]


@pytest.mark.parametrize("language", ["en", "de", "fr", "es", "en-IN"])
def test_a_count_that_is_undefined_is_named_whatever_the_grouping(language: str) -> None:
    """`number(t.cout)`, a typo in a site's template, says what is undefined (as with
    Spanish's or India's grouping), not "unsupported format string passed to
    StrictUndefined.__format__" from the quicker formatter of English, French, German."""
    env = make_environment(Path("/nonexistent"))
    speak(env, interface(language))
    template = env.from_string("{{ number(t.cout) }}")
    with pytest.raises(jinja2.UndefinedError, match="has no attribute 'cout'"):
        template.render(t=SimpleNamespace(count=3))
