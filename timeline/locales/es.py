"""Spanish: the theme's text, dates ("23 de enero de 2019"), numbers ("1234", "12.345") and
scripts' messages."""

from timeline.datewords import DateWords
from timeline.locales import one_or_other
from timeline.numbers import NBSP, Grouping

PLURAL = one_or_other

# CLDR 48: Spain's (and the default's) "." from five digits on (minimumGroupingDigits 2: 1234,
# 12.345); in America "." or "," from four.
NUMBERS = Grouping(".", minimum=2)
REGION_NUMBERS = {
    **dict.fromkeys(("AR", "BO", "CL", "CO", "EC", "PY", "UY", "VE"), Grouping(".")),
    **dict.fromkeys(
        ("419", "BR", "BZ", "CU", "DO", "GT", "HN", "MX", "NI", "PA", "PE", "PR", "SV", "US"),
        Grouping(","),
    ),
    "CR": Grouping(NBSP),
}

WORDS = DateWords(
    months=(
        "enero", "febrero", "marzo", "abril", "mayo", "junio",
        "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    ),
    weekdays=("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    day_month="{d} de {m}",
    day_month_year="{d} de {m} de {y}",
    month_year="{m} de {y}",
    weekday_date="{weekday}, {date}",
    approximate="hacia {date}",
    approximate_day="hacia el {date}",
    uncertain="{date} (fecha incierta)",
    headings=True,
)  # fmt: skip

MESSAGES: dict[str, str | tuple[str, str]] = {
    # base.html
    "%(title)s (Atom feed)": "%(title)s (feed Atom)",
    "Skip to content": "Saltar al contenido",
    "Site": "Sitio",
    "Chronology": "Cronología",
    "Tags": "Etiquetas",
    "Actors": "Actores",
    "Search": "Buscar",
    "Every event links to the articles that report it.":
        "Cada acontecimiento enlaza a los artículos que lo recogen.",
    "Data:": "Datos:",
    "calendar": "calendario",
    "feed": "feed",
    # _macros.html
    "Reported": "Según la prensa",
    "Claim, not confirmed": "Afirmación sin confirmar",
    "Disputed": "Cuestionado",
    "Retracted": "Retirado",
    "Draft, not published": "Borrador, no publicado",
    "source of the claim:": "fuente de la afirmación:",
    "Sources": "Fuentes",
    "archived copy": "copia archivada",
    "Corrected": "Corregido",
    "Link to this event": "Enlace a este acontecimiento",
    "Years and months": "Años y meses",
    "Filter the events on this page": "Filtrar los acontecimientos de esta página",
    "Show only events with:": "Mostrar solo los acontecimientos con:",
    "Tag": "Etiqueta",
    "any tag": "cualquier etiqueta",
    "Actor": "Actor",
    "any actor": "cualquier actor",
    "Year": "Año",
    "any year": "cualquier año",
    "Show all": "Mostrar todos",
    'Browse by <a href="%(tags)s">tag</a>, <a href="%(actors)s">actor</a> or year.':
        'Explore por <a href="%(tags)s">etiqueta</a>, <a href="%(actors)s">actor</a> o año.',
    "Pages": "Páginas",
    "Earlier": "Anteriores",
    "Later": "Posteriores",
    # index.html, year.html, month.html, term.html, terms.html
    "%(num)d event": ("%(num)d acontecimiento", "%(num)d acontecimientos"),
    ", oldest first": ", del más antiguo al más reciente",
    "Every event links to its sources.": "Cada acontecimiento enlaza a sus fuentes.",
    "Latest events": "Últimos acontecimientos",
    "No events yet. Add a file to events/ and build again.":
        "Aún no hay acontecimientos. Añada un archivo a events/ y vuelva a generar el sitio.",
    "page %(number)d": "página %(number)d",
    "; page %(number)d of %(pages)d": "; página %(number)d de %(pages)d",
    "Years": "Años",
    "Month by month": "Mes a mes",
    "Known only to the year": "Fechados solo por el año",
    "Tag: %(name)s": "Etiqueta: %(name)s",
    "Actor: %(name)s": "Actor: %(name)s",
    "None yet.": "Nada por ahora.",
    # event.html
    "View the picture on its publisher's site": "Ver la imagen en el sitio de quien la publica",
    "Credit: %(credit)s": "Crédito: %(credit)s",
    "%(label)s: %(text)s": "%(label)s: %(text)s",
    "Related events": "Acontecimientos relacionados",
    "Corrections": "Correcciones",
    "Previous and next events": "Acontecimiento anterior y siguiente",
    "Previous:": "Anterior:",
    "Next:": "Siguiente:",
    "In the chronology": "En la cronología",
    "Edit this event": "Editar este acontecimiento",
    "History of this event": "Historial de este acontecimiento",
    # search.html, 404.html
    'Search needs JavaScript. Without it, browse the <a href="%(home)s">chronology</a>, its '
    '<a href="%(tags)s">tags</a> or its <a href="%(actors)s">actors</a>.':
        'La búsqueda necesita JavaScript. Sin él, recorra la <a href="%(home)s">cronología</a>, '
        'sus <a href="%(tags)s">etiquetas</a> o sus <a href="%(actors)s">actores</a>.',
    "Nothing to search yet: this chronology has no published events.":
        "Aún no hay nada que buscar: esta cronología no tiene acontecimientos publicados.",
    "Page not found": "Página no encontrada",
    'There is no page at this address. The <a href="%(home)s">chronology</a> lists every event.':
        'No hay ninguna página en esta dirección. La <a href="%(home)s">cronología</a> reúne '
        "todos los acontecimientos.",
    # exports: feed.atom, calendar.ics, timelinejs.json (timeline/exports/words.py)
    "Sources:": "Fuentes:",
    "Corrections:": "Correcciones:",
    "approximate date": "fecha aproximada",
    "uncertain date": "fecha incierta",
    "About this event": "Sobre este acontecimiento",
    # a status as a note after a calendar entry's title: "(cuestionado)"
    "reported": "según la prensa",
    "claim, not confirmed": "afirmación sin confirmar",
    "disputed": "cuestionado",
    "retracted": "retirado",
    "draft, not published": "borrador, no publicado",
    # the dev server's error page (timeline/serve.py)
    "Build failed": "No se pudo generar el sitio",
    "%(num)d error": ("%(num)d error", "%(num)d errores"),
    "%(num)d warning": ("%(num)d advertencia", "%(num)d advertencias"),
    "Fix the files below and save: this page reloads by itself.":
        "Corrija los archivos de abajo y guárdelos: esta página se recarga sola.",
    "Fix this, then save a file: this page reloads by itself.":
        "Corrija esto y guarde un archivo: esta página se recarga sola.",
    "error": "error",
    "warning": "advertencia",
    "hint:": "sugerencia:",
}  # fmt: skip

SCRIPTS = {
    "filter.js": {
        "`${select.name} “${wanted}”`":
            '`${{ tag: "con la etiqueta", actor: "con el actor", year: "del año" }'
            "[select.name]} «${wanted}»`",
        '`No event on this page has the ${missing.join(" or ")}. `':
            '`No hay en esta página ningún acontecimiento ${missing.join(" ni ")}. `',
        "`${shown} of ${items.length} events shown.`":
            "`Acontecimientos mostrados: ${shown} de ${items.length}.`",
    },
    "search.js": {'"Search the chronology"': '"Buscar en la cronología"'},
}  # fmt: skip
