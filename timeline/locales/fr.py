"""French: the theme's text, dates ("23 janvier 2019", "1er mars") and scripts' messages.

A no-break space (\u00a0) goes before ':' and inside « », as French typography wants.
"""

from timeline.datewords import DateWords
from timeline.locales import zero_or_one
from timeline.numbers import NBSP, NNBSP, Grouping

PLURAL = zero_or_one

# CLDR 48: a narrow no-break space (1 234); Canada's is a no-break space.
NUMBERS = Grouping(NNBSP)
REGION_NUMBERS = {"CA": Grouping(NBSP), "LU": Grouping("."), "MA": Grouping(".")}


WORDS = DateWords(
    months=(
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
    weekdays=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    time="{date} à {clock} ({offset})",
    approximate="vers {date}",
    approximate_day="vers le {date}",
    uncertain="{date} (date incertaine)",
    first_day="1er",
    headings=True,
)  # fmt: skip

MESSAGES: dict[str, str | tuple[str, str]] = {
    # base.html
    "%(title)s (Atom feed)": "%(title)s (flux Atom)",
    "Skip to content": "Aller au contenu",
    "Site": "Site",
    "Chronology": "Chronologie",
    "Tags": "Mots-clés",
    "Actors": "Acteurs",
    "Search": "Recherche",
    "Every event links to the articles that report it.":
        "Chaque événement renvoie aux articles qui le rapportent.",
    "Data:": "Données\u00a0:",
    "calendar": "calendrier",
    "feed": "flux",
    # _macros.html
    "Reported": "Rapporté par la presse",
    "Claim, not confirmed": "Affirmation non confirmée",
    "Disputed": "Contesté",
    "Retracted": "Retiré",
    "Draft, not published": "Brouillon, non publié",
    "source of the claim:": "source de l’affirmation\u00a0:",
    "Sources": "Sources",
    "archived copy": "copie archivée",
    "Corrected": "Corrigé",
    "Link to this event": "Lien vers cet événement",
    "Years and months": "Années et mois",
    "Filter the events on this page": "Filtrer les événements de cette page",
    "Show only events with:": "Afficher seulement les événements avec\u00a0:",
    "Tag": "Mot-clé",
    "any tag": "tous les mots-clés",
    "Actor": "Acteur",
    "any actor": "tous les acteurs",
    "Year": "Année",
    "any year": "toutes les années",
    "Show all": "Tout afficher",
    'Browse by <a href="%(tags)s">tag</a>, <a href="%(actors)s">actor</a> or year.':
        'Parcourir par <a href="%(tags)s">mot-clé</a>, <a href="%(actors)s">acteur</a> '
        "ou année.",
    "Pages": "Pages",
    "Earlier": "Plus anciens",
    "Later": "Plus récents",
    # index.html, year.html, month.html, term.html, terms.html
    "%(num)d event": ("%(num)d événement", "%(num)d événements"),
    ", oldest first": ", du plus ancien au plus récent",
    "Every event links to its sources.": "Chaque événement renvoie à ses sources.",
    "Latest events": "Derniers événements",
    "No events yet. Add a file to events/ and build again.":
        "Aucun événement pour l’instant. Ajoutez un fichier dans events/ et relancez "
        "la construction du site.",
    "page %(number)d": "page %(number)d",
    "; page %(number)d of %(pages)d": "\u00a0; page %(number)d sur %(pages)d",
    "Years": "Années",
    "Month by month": "Mois par mois",
    "Known only to the year": "Datés seulement à l’année",
    "Tag: %(name)s": "Mot-clé\u00a0: %(name)s",
    "Actor: %(name)s": "Acteur\u00a0: %(name)s",
    "None yet.": "Rien pour l’instant.",
    # event.html
    "View the picture on its publisher's site": "Voir l’image sur le site de son éditeur",
    "Credit: %(credit)s": "Crédit\u00a0: %(credit)s",
    "%(label)s: %(text)s": "%(label)s\u00a0: %(text)s",
    "Related events": "Événements liés",
    "Corrections": "Corrections",
    "Previous and next events": "Événements précédent et suivant",
    "Previous:": "Précédent\u00a0:",
    "Next:": "Suivant\u00a0:",
    "In the chronology": "Dans la chronologie",
    "Edit this event": "Modifier cet événement",
    "History of this event": "Historique de cet événement",
    # search.html, 404.html
    'Search needs JavaScript. Without it, browse the <a href="%(home)s">chronology</a>, its '
    '<a href="%(tags)s">tags</a> or its <a href="%(actors)s">actors</a>.':
        'La recherche nécessite JavaScript. Sans lui, parcourez la <a href="%(home)s">'
        'chronologie</a>, ses <a href="%(tags)s">mots-clés</a> ou ses <a href="%(actors)s">'
        "acteurs</a>.",
    "Nothing to search yet: this chronology has no published events.":
        "Rien à rechercher pour l’instant\u00a0: cette chronologie n’a aucun événement publié.",
    "Page not found": "Page introuvable",
    'There is no page at this address. The <a href="%(home)s">chronology</a> lists every event.':
        'Il n’y a pas de page à cette adresse. La <a href="%(home)s">chronologie</a> recense '
        "tous les événements.",
    # exports: feed.atom, calendar.ics, timelinejs.json (timeline/exports/words.py)
    "Sources:": "Sources\u00a0:",
    "Corrections:": "Corrections\u00a0:",
    "approximate date": "date approximative",
    "uncertain date": "date incertaine",
    "About this event": "À propos de cet événement",
    # a status as a note after a calendar entry's title: "(contesté)"
    "reported": "rapporté par la presse",
    "claim, not confirmed": "affirmation non confirmée",
    "disputed": "contesté",
    "retracted": "retiré",
    "draft, not published": "brouillon, non publié",
    # the dev server's error page (timeline/serve.py)
    "Build failed": "La construction du site a échoué",
    "%(num)d error": ("%(num)d erreur", "%(num)d erreurs"),
    "%(num)d warning": ("%(num)d avertissement", "%(num)d avertissements"),
    "Fix the files below and save: this page reloads by itself.":
        "Corrigez les fichiers ci-dessous et enregistrez-les\u00a0: cette page se recharge "
        "d’elle-même.",
    "Fix this, then save a file: this page reloads by itself.":
        "Corrigez ceci, puis enregistrez un fichier\u00a0: cette page se recharge d’elle-même.",
    "error": "erreur",
    "warning": "avertissement",
    "hint:": "conseil\u00a0:",
}  # fmt: skip

SCRIPTS = {
    "filter.js": {
        "`${select.name} “${wanted}”`":
            '`${{ tag: "avec le mot-clé", actor: "avec l’acteur", year: "de l’année" }'
            "[select.name]} «\u00a0${wanted}\u00a0»`",
        '`No event on this page has the ${missing.join(" or ")}. `':
            '`Cette page n’a aucun événement ${missing.join(" ni ")}. `',
        "`${shown} of ${items.length} events shown.`":
            "`Événements affichés\u00a0: ${shown} sur ${items.length}.`",
    },
    "search.js": {'"Search the chronology"': '"Rechercher dans la chronologie"'},
}  # fmt: skip
