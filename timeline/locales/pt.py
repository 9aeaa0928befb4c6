"""Portuguese (Brazil and Portugal alike): the theme's text, dates ("23 de janeiro de 2019")
and scripts' messages. Where the two differ, the wording is one both read naturally."""

from collections.abc import Callable

from timeline.datewords import DateWords
from timeline.locales import one_or_other, zero_or_one
from timeline.numbers import NBSP, Grouping

PLURAL = zero_or_one  # CLDR's for Portuguese (Brazil's): 0 and 1 are singular


def plural_for(region: str) -> Callable[[int], int]:
    """Brazil's count, or Portugal's and the other countries' (CLDR pt_PT: only 1 is
    singular)."""
    return PLURAL if region in ("", "BR") else one_or_other


# CLDR 48: Brazil's (the default's) 1.234; Portugal and most other countries write a no-break
# space from five digits on (minimumGroupingDigits 2: 1234, 12 345), Angola from four.
NUMBERS = Grouping(".")
REGION_NUMBERS = {
    **dict.fromkeys(
        ("CH", "CV", "GQ", "GW", "LU", "MO", "MZ", "PT", "ST", "TL"), Grouping(NBSP, minimum=2)
    ),
    "AO": Grouping(NBSP),
}


WORDS = DateWords(
    months=(
        "janeiro", "fevereiro", "março", "abril", "maio", "junho",
        "julho", "agosto", "setembro", "outubro", "novembro", "dezembro",
    ),
    weekdays=(
        "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira",
        "sábado", "domingo",
    ),
    day_month="{d} de {m}",
    day_month_year="{d} de {m} de {y}",
    month_year="{m} de {y}",
    weekday_date="{weekday}, {date}",
    approximate="por volta de {date}",
    approximate_day="por volta de {date}",
    uncertain="{date} (data incerta)",
    headings=True,
)  # fmt: skip

MESSAGES: dict[str, str | tuple[str, str]] = {
    # base.html
    "%(title)s (Atom feed)": "%(title)s (feed Atom)",
    "Skip to content": "Ir para o conteúdo",
    "Site": "Site",
    "Chronology": "Cronologia",
    "Tags": "Etiquetas",
    "Actors": "Atores",
    "Search": "Pesquisa",
    "Every event links to the articles that report it.":
        "Cada acontecimento tem links para os artigos que o noticiam.",
    "Data:": "Dados:",
    "calendar": "calendário",
    "feed": "feed",
    # _macros.html
    "Reported": "Noticiado",
    "Claim, not confirmed": "Alegação não confirmada",
    "Disputed": "Contestado",
    "Retracted": "Retirado",
    "Draft, not published": "Rascunho, não publicado",
    "source of the claim:": "fonte da alegação:",
    "Sources": "Fontes",
    "archived copy": "cópia arquivada",
    "Corrected": "Corrigido",
    "Link to this event": "Link para este acontecimento",
    "Years and months": "Anos e meses",
    "Filter the events on this page": "Filtrar os acontecimentos desta página",
    "Show only events with:": "Mostrar apenas os acontecimentos com:",
    "Tag": "Etiqueta",
    "any tag": "qualquer etiqueta",
    "Actor": "Ator",
    "any actor": "qualquer ator",
    "Year": "Ano",
    "any year": "qualquer ano",
    "Show all": "Mostrar todos",
    'Browse by <a href="%(tags)s">tag</a>, <a href="%(actors)s">actor</a> or year.':
        'Navegue por <a href="%(tags)s">etiqueta</a>, <a href="%(actors)s">ator</a> ou ano.',
    "Pages": "Páginas",
    "Earlier": "Anteriores",
    "Later": "Posteriores",
    # index.html, year.html, month.html, term.html, terms.html
    "%(num)d event": ("%(num)d acontecimento", "%(num)d acontecimentos"),
    ", oldest first": ", do mais antigo para o mais recente",
    "Every event links to its sources.": "Cada acontecimento tem links para as suas fontes.",
    "Latest events": "Últimos acontecimentos",
    "No events yet. Add a file to events/ and build again.":
        "Ainda não há acontecimentos. Adicione um arquivo em events/ e gere o site de novo.",
    "page %(number)d": "página %(number)d",
    "; page %(number)d of %(pages)d": "; página %(number)d de %(pages)d",
    "Years": "Anos",
    "Month by month": "Mês a mês",
    "Known only to the year": "Datados apenas pelo ano",
    "Tag: %(name)s": "Etiqueta: %(name)s",
    "Actor: %(name)s": "Ator: %(name)s",
    "None yet.": "Nada por enquanto.",
    # event.html
    "View the picture on its publisher's site": "Ver a imagem no site de quem a publicou",
    "Credit: %(credit)s": "Crédito: %(credit)s",
    "%(label)s: %(text)s": "%(label)s: %(text)s",
    "Related events": "Acontecimentos relacionados",
    "Corrections": "Correções",
    "Previous and next events": "Acontecimento anterior e seguinte",
    "Previous:": "Anterior:",
    "Next:": "Seguinte:",
    "In the chronology": "Na cronologia",
    "Edit this event": "Editar este acontecimento",
    "History of this event": "Histórico deste acontecimento",
    # search.html, 404.html
    'Search needs JavaScript. Without it, browse the <a href="%(home)s">chronology</a>, its '
    '<a href="%(tags)s">tags</a> or its <a href="%(actors)s">actors</a>.':
        'A pesquisa precisa de JavaScript. Sem ele, percorra a <a href="%(home)s">cronologia</a>, '
        'as suas <a href="%(tags)s">etiquetas</a> ou os seus <a href="%(actors)s">atores</a>.',
    "Nothing to search yet: this chronology has no published events.":
        "Ainda não há nada para pesquisar: esta cronologia não tem acontecimentos publicados.",
    "Page not found": "Página não encontrada",
    'There is no page at this address. The <a href="%(home)s">chronology</a> lists every event.':
        'Não há nenhuma página neste endereço. A <a href="%(home)s">cronologia</a> reúne '
        "todos os acontecimentos.",
    # exports: feed.atom, calendar.ics, timelinejs.json (timeline/exports/words.py)
    "Sources:": "Fontes:",
    "Corrections:": "Correções:",
    "approximate date": "data aproximada",
    "uncertain date": "data incerta",
    "About this event": "Sobre este acontecimento",
    # a status as a note after a calendar entry's title: "(contestado)"
    "reported": "noticiado",
    "claim, not confirmed": "alegação não confirmada",
    "disputed": "contestado",
    "retracted": "retirado",
    "draft, not published": "rascunho, não publicado",
    # the dev server's error page (timeline/serve.py)
    "Build failed": "Não foi possível gerar o site",
    "%(num)d error": ("%(num)d erro", "%(num)d erros"),
    "%(num)d warning": ("%(num)d aviso", "%(num)d avisos"),
    "Fix the files below and save: this page reloads by itself.":
        "Corrija os arquivos abaixo e salve-os: esta página recarrega sozinha.",
    "Fix this, then save a file: this page reloads by itself.":
        "Corrija isto e salve um arquivo: esta página recarrega sozinha.",
    "error": "erro",
    "warning": "aviso",
    "hint:": "dica:",
}  # fmt: skip

SCRIPTS = {
    "filter.js": {
        "`${select.name} “${wanted}”`":
            '`${{ tag: "com a etiqueta", actor: "com o ator", year: "do ano" }'
            "[select.name]} “${wanted}”`",
        '`No event on this page has the ${missing.join(" or ")}. `':
            '`Esta página não tem nenhum acontecimento ${missing.join(" nem ")}. `',
        "`${shown} of ${items.length} events shown.`":
            "`Acontecimentos mostrados: ${shown} de ${items.length}.`",
    },
    "search.js": {'"Search the chronology"': '"Pesquisar na cronologia"'},
}  # fmt: skip
