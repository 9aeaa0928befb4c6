"""The template environment's shorter ways: outputs escaped without a `Markup` per piece
(`output_escape`) and calls without Jinja's search for a context mark (`TemplateContext`).
Each must give what Jinja's own way gives; the golden site checks the theme as a whole."""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import pytest
from markupsafe import Markup

from timeline import templating
from timeline.templating import make_environment, output_escape


class Shown:
    def __html__(self) -> str:
        return "<b>shown</b>"


class Named(str):
    pass


class Wrapped:
    def __html__(self) -> Shown:  # another object with __html__, which escape follows
        return Shown()  # type: ignore[return-value]


VALUES: list[Any] = [
    "plain",
    "<a href=\"x\">'&'</a>",
    "",
    "ünïcödé — «<»",
    Markup("<i>safe</i>"),
    Named("<named>"),
    2019,
    1.5,
    None,
    True,
    Shown(),
    Wrapped(),
    ["<list>"],
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_an_output_is_escaped_as_markupsafe_escapes_it(value: Any) -> None:
    assert output_escape(value) == str(markupsafe.escape(value))
    assert type(output_escape(value)) is (Markup if type(value) is Markup else str)


def test_without_markupsafes_inner_escape_the_public_one_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    without = types.SimpleNamespace(escape=markupsafe.escape)  # no _escape_inner
    monkeypatch.setattr(templating, "markupsafe", without)
    escape = templating._escaper()
    assert escape is not markupsafe._escape_inner
    for value in ("<&'\">", "plain", "ü<"):
        assert escape(value) == str(markupsafe.escape(value))


def env_pair() -> tuple[jinja2.Environment, jinja2.Environment]:
    """Ours, and Jinja's own with the same settings."""
    ours = make_environment(Path("/nonexistent"))
    plain = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    plain.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    return ours, plain


TEMPLATES = [
    "{{ x }}|{{ safe }}|{{ n }}|{{ shown }}",
    "{% macro m(v) %}<b>{{ v }}</b>{% endmacro %}{{ m(x) }}{{ m(safe) }}",
    "{% set y %}<p>{{ x }}</p>{% endset %}{{ y }}{{ y|length }}",
    "{% filter upper %}{{ x }}{% endfilter %}",
    "{% autoescape false %}{{ x }}{% endautoescape %}{{ x }}",
    "{% autoescape flag %}{{ x }}{% endautoescape %}",
    "{{ x ~ safe }}{{ '%s'|format(x) }}{{ x|e }}{{ x|safe }}",
    "{% for v in [x, safe] %}{{ loop.index }}{{ v }}{% endfor %}",
    "{% macro outer() %}[{{ caller() }}]{% endmacro %}{% call outer() %}{{ x }}{% endcall %}",
    "{{ f(x) }}{{ method() }}{{ builtin(x) }}{{ ctx_fn() }}{{ env_fn() }}",
    "{% for v in [1] %}{% set z = 2 %}{{ ctx_fn() }}{{ f(v) }}{% endfor %}",
    "{{ _('%(a)s and %(b)s', a=x, b=safe) }}{{ gettext('plain') }}",
    "{{ callable_obj(x) }}{{ ctx_obj() }}",
    "{{ mapping.key }}{{ mapping.items is defined }}{{ obj.shown }}{{ obj.key }}",
    "{{ obj.broken }}{{ obj.value.real }}{{ obj.nowhere is defined }}",
    "{{ mapping.nowhere is defined }}{{ mapping['key'] }}",
    "{{ obj.value.real.real }}{{ chain.inner.key }}{{ chain.inner.shown }}",
    "{{ (chain.inner).value }}{{ chain['inner'].value }}{{ chain.inner['key'] }}",
    "{% for o in [chain] %}{{ o.inner.broken }}{{ o.inner.value.imag }}{% endfor %}",
    "{% for o in [obj, mapping] %}{{ o.key }}{% endfor %}{% set loc = obj %}{{ loc.shown }}",
]


class CallableObject:
    def __call__(self, value: str) -> str:
        return value * 2


class ContextObject:
    @jinja2.pass_context
    def __call__(self, context: Any) -> str:
        return f"obj:{context.get('x')}"


class Attributes:
    shown = "<attribute>"
    value = 5

    @property
    def broken(self) -> str:
        raise AttributeError("broken")  # so Jinja looks for an item

    def __getitem__(self, key: str) -> str:
        return f"item {key}"


def stops() -> None:
    raise StopIteration


CONTEXT: dict[str, Any] = {
    "x": "<x & 'y'>",
    "safe": Markup("<em>ok</em>"),
    "n": 3,
    "shown": Shown(),
    "flag": False,
    "f": lambda v: f"f({v})",
    "method": "<m>".upper,
    "builtin": len,
    "ctx_fn": jinja2.pass_context(lambda c: f"ctx:{c.get('z', c.get('x'))}"),
    "env_fn": jinja2.pass_environment(lambda e: f"env:{e.autoescape}"),
    "gen_fn": stops,
    "callable_obj": CallableObject(),
    "ctx_obj": ContextObject(),
    "mapping": {"key": "<value>", "items": 1},
    "obj": Attributes(),
    "chain": types.SimpleNamespace(inner=Attributes()),
}


@pytest.mark.parametrize("source", TEMPLATES)
def test_a_template_renders_as_jinjas_own_environment_renders_it(source: str) -> None:
    ours, plain = env_pair()
    assert ours.from_string(source).render(CONTEXT) == plain.from_string(source).render(CONTEXT)


def test_the_theme_renders_through_both_shorter_ways() -> None:
    env = make_environment(Path("/nonexistent"))
    code = env.compile((templating.THEME / "event.html").read_text(), name="event.html", raw=True)
    assert "timeline_output_escape(" in code and "yield escape(" not in code
    assert (
        "getattr((undefined(name='event') if l_0_event is missing else l_0_event), 'title'," in code
    )
    assert isinstance(env.from_string("").new_context(), templating.TemplateContext)


def test_a_callable_that_raises_stopiteration_gives_jinjas_undefined() -> None:
    for env in env_pair():
        with pytest.raises(jinja2.UndefinedError, match="raised a StopIteration"):
            env.from_string("{{ gen_fn() }}").render(CONTEXT)
        assert env.from_string("{{ gen_fn() is defined }}").render(CONTEXT) == "False"


def test_undefined_names_still_fail_on_both_ways() -> None:
    env = make_environment(Path("/nonexistent"))
    with pytest.raises(jinja2.UndefinedError, match="'missing' is undefined"):
        env.from_string("{{ missing }}").render()
    with pytest.raises(jinja2.UndefinedError, match="'missing' is undefined"):
        env.from_string("{{ f(missing) }}").render(f=str)
    with pytest.raises(jinja2.UndefinedError, match="'missing' is undefined"):
        env.from_string("{{ missing.title }}").render()
    with pytest.raises(jinja2.UndefinedError, match="has no attribute 'nowhere'"):
        env.from_string("{{ obj.nowhere }}").render(obj=object())


def test_template_globals_overlay_the_environments_and_follow_its_changes() -> None:
    env = make_environment(Path("/nonexistent"))
    env.globals.update(shared="env", other="env")
    template = env.from_string("{{ shared }} {{ other }} {{ late }}", {"shared": "own"})
    env.globals["late"] = "later"  # Jinja advises against it, but it shows
    assert template.render() == "own env later"
    template.globals["other"] = "mine"
    assert env.globals["other"] == "env" and template.render() == "own mine later"
    globals_ = template.globals
    assert {"shared", "other", "late"} <= globals_.keys() and "nowhere" not in globals_
    assert dict(globals_)["shared"] == "own" and len(dict(globals_)) == len(globals_.keys())
    assert set(env.globals) - globals_.keys() == set()
    with pytest.raises(KeyError):
        globals_["nowhere"]
