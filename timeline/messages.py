"""The templates' `gettext` and `ngettext`: a message in the site's language, its values put
in, and its numbers written as the language writes them.

As Jinja's new-style functions (`jinja2.ext.i18n`, newstyle): `%(name)s` is filled in and
escaped, and `ngettext` gives its count as `num`. Besides, a whole number given for a
`%(name)d` is written with the language's grouping (`Locale.number`): "1.234 Ereignisse",
"page 1 234". A value meant as digits alone (a year) is given for a `%(name)s`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from timeline.locales import Locale

_NUMBER = re.compile(r"%%|%\((\w+)\)d")


def grouped(text: str, values: dict[str, Any], number: Callable[[int], str]) -> str:
    """`text` with each `%(name)d` whose value is a whole number made a `%(…)s` of that
    value written by `number`, added to `values` under a name no keyword can have: the
    value itself stays, for another `%(name)d` or a `%(name)s` of the same message."""

    def put(found: re.Match[str]) -> str:
        name = found[1]
        value = values.get(name) if name else None
        if not isinstance(value, int) or isinstance(value, bool):
            return found[0]
        written = f"{name} grouped"  # a space: no template's keyword argument has one
        values[written] = number(value)
        return f"%({written})s"

    return _NUMBER.sub(put, text) if "%(" in text else text


def functions(locale: Locale) -> dict[str, Callable[..., str]]:
    """`gettext` and `ngettext` for templates (`_` calls `gettext`), in `locale`'s language."""

    def filled(context: Context, text: str, variables: dict[str, Any]) -> str:
        rv = grouped(text, variables, locale.number)
        if context.eval_ctx.autoescape:
            rv = Markup(rv)
        return rv % variables

    @pass_context
    def gettext(__context: Context, __string: str, **variables: Any) -> str:
        return filled(__context, __context.call(locale.gettext, __string), variables)

    @pass_context
    def ngettext(
        __context: Context, __singular: str, __plural: str, __num: int, **variables: Any
    ) -> str:
        variables.setdefault("num", __num)
        found = __context.call(locale.ngettext, __singular, __plural, __num)
        return filled(__context, found, variables)

    return {"gettext": gettext, "ngettext": ngettext}
