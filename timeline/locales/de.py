"""German: the theme's text, dates ("23. Januar 2019", "21.–25. Januar 2019") and scripts'
messages."""

from timeline.datewords import DateWords
from timeline.locales import one_or_other
from timeline.numbers import NBSP, Grouping

PLURAL = one_or_other

# CLDR 48: 1.234; Austria 1 234 (a no-break space), Switzerland and Liechtenstein 1'234.
NUMBERS = Grouping(".")
REGION_NUMBERS = {"AT": Grouping(NBSP), "CH": Grouping("'"), "LI": Grouping("'")}

WORDS = DateWords(
    months=(
        "Januar", "Februar", "März", "April", "Mai", "Juni",
        "Juli", "August", "September", "Oktober", "November", "Dezember",
    ),
    weekdays=("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    day="{d}.",
    day_month="{d}. {m}",
    day_month_year="{d}. {m} {y}",
    weekday_date="{weekday}, {date}",
    time="{date}, {clock} Uhr ({offset})",
    approximate="ca. {date}",
    approximate_day="ca. {date}",
    uncertain="{date} (Datum unsicher)",
)  # fmt: skip

MESSAGES: dict[str, str | tuple[str, str]] = {
    # base.html
    "%(title)s (Atom feed)": "%(title)s (Atom-Feed)",
    "Skip to content": "Zum Inhalt springen",
    "Site": "Website",
    "Chronology": "Chronik",
    "Tags": "Schlagwörter",
    "Actors": "Akteure",
    "Search": "Suche",
    "Every event links to the articles that report it.":
        "Jedes Ereignis verweist auf die Artikel, die darüber berichten.",
    "Data:": "Daten:",
    "calendar": "Kalender",
    "feed": "Feed",
    # _macros.html
    "Reported": "Laut Medienberichten",
    "Claim, not confirmed": "Behauptung, nicht bestätigt",
    "Disputed": "Umstritten",
    "Retracted": "Zurückgezogen",
    "Draft, not published": "Entwurf, nicht veröffentlicht",
    "source of the claim:": "Quelle der Behauptung:",
    "Sources": "Quellen",
    "archived copy": "archivierte Kopie",
    "Corrected": "Korrigiert",
    "Link to this event": "Link zu diesem Ereignis",
    "Years and months": "Jahre und Monate",
    "Filter the events on this page": "Ereignisse auf dieser Seite filtern",
    "Show only events with:": "Nur Ereignisse anzeigen mit:",
    "Tag": "Schlagwort",
    "any tag": "alle Schlagwörter",
    "Actor": "Akteur",
    "any actor": "alle Akteure",
    "Year": "Jahr",
    "any year": "alle Jahre",
    "Show all": "Alle anzeigen",
    'Browse by <a href="%(tags)s">tag</a>, <a href="%(actors)s">actor</a> or year.':
        'Ereignisse nach <a href="%(tags)s">Schlagwort</a>, <a href="%(actors)s">Akteur</a> '
        "oder Jahr ansehen.",
    "Pages": "Seiten",
    "Earlier": "Frühere",
    "Later": "Spätere",
    # index.html, year.html, month.html, term.html, terms.html
    "%(num)d event": ("%(num)d Ereignis", "%(num)d Ereignisse"),
    ", oldest first": ", die ältesten zuerst",
    "Every event links to its sources.": "Jedes Ereignis verweist auf seine Quellen.",
    "Latest events": "Neueste Ereignisse",
    "No events yet. Add a file to events/ and build again.":
        "Noch keine Ereignisse. Legen Sie eine Datei in events/ an und erstellen Sie die "
        "Website neu.",
    "page %(number)d": "Seite %(number)d",
    "; page %(number)d of %(pages)d": "; Seite %(number)d von %(pages)d",
    "Years": "Jahre",
    "Month by month": "Monat für Monat",
    "Known only to the year": "Nur mit Jahresangabe",
    "Tag: %(name)s": "Schlagwort: %(name)s",
    "Actor: %(name)s": "Akteur: %(name)s",
    "None yet.": "Noch keine.",
    # event.html
    "View the picture on its publisher's site": "Das Bild auf der Website der Quelle ansehen",
    "Credit: %(credit)s": "Bildnachweis: %(credit)s",
    "%(label)s: %(text)s": "%(label)s: %(text)s",
    "Related events": "Verwandte Ereignisse",
    "Corrections": "Korrekturen",
    "Previous and next events": "Vorheriges und nächstes Ereignis",
    "Previous:": "Vorheriges:",
    "Next:": "Nächstes:",
    "In the chronology": "In der Chronik",
    "Edit this event": "Dieses Ereignis bearbeiten",
    "History of this event": "Versionsgeschichte dieses Ereignisses",
    # search.html, 404.html
    'Search needs JavaScript. Without it, browse the <a href="%(home)s">chronology</a>, its '
    '<a href="%(tags)s">tags</a> or its <a href="%(actors)s">actors</a>.':
        'Die Suche braucht JavaScript. Ohne JavaScript können Sie die <a href="%(home)s">'
        'Chronik</a>, ihre <a href="%(tags)s">Schlagwörter</a> oder ihre '
        '<a href="%(actors)s">Akteure</a> durchsehen.',
    "Nothing to search yet: this chronology has no published events.":
        "Noch nichts zu durchsuchen: Diese Chronik hat keine veröffentlichten Ereignisse.",
    "Page not found": "Seite nicht gefunden",
    'There is no page at this address. The <a href="%(home)s">chronology</a> lists every event.':
        'Unter dieser Adresse gibt es keine Seite. Die <a href="%(home)s">Chronik</a> '
        "verzeichnet alle Ereignisse.",
    # exports: feed.atom, calendar.ics, timelinejs.json (timeline/exports/words.py)
    "Sources:": "Quellen:",
    "Corrections:": "Korrekturen:",
    "approximate date": "ungefähres Datum",
    "uncertain date": "Datum unsicher",
    "About this event": "Über dieses Ereignis",
    # a status as a note after a calendar entry's title: "(umstritten)"; nouns keep
    # their capital
    "reported": "laut Medienberichten",
    "claim, not confirmed": "Behauptung, nicht bestätigt",
    "disputed": "umstritten",
    "retracted": "zurückgezogen",
    "draft, not published": "Entwurf, nicht veröffentlicht",
    # the dev server's error page (timeline/serve.py)
    "Build failed": "Die Website konnte nicht erstellt werden",
    "%(num)d error": ("%(num)d Fehler", "%(num)d Fehler"),
    "%(num)d warning": ("%(num)d Warnung", "%(num)d Warnungen"),
    "Fix the files below and save: this page reloads by itself.":
        "Korrigieren Sie die Dateien unten und speichern Sie sie: Diese Seite lädt sich dann "
        "selbst neu.",
    "Fix this, then save a file: this page reloads by itself.":
        "Beheben Sie das und speichern Sie eine Datei: Diese Seite lädt sich dann selbst neu.",
    "error": "Fehler",
    "warning": "Warnung",
    "hint:": "Hinweis:",
}  # fmt: skip

SCRIPTS = {
    "filter.js": {
        "`${select.name} “${wanted}”`":
            '`${{ tag: "mit dem Schlagwort", actor: "mit dem Akteur", year: "aus dem Jahr" }'
            "[select.name]} „${wanted}“`",
        '`No event on this page has the ${missing.join(" or ")}. `':
            '`Auf dieser Seite gibt es kein Ereignis ${missing.join(" oder ")}. `',
        "`${shown} of ${items.length} events shown.`":
            "`Angezeigte Ereignisse: ${shown} von ${items.length}.`",
    },
    "search.js": {'"Search the chronology"': '"Die Chronik durchsuchen"'},
}  # fmt: skip
