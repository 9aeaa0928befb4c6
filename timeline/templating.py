"""The Jinja environment pages are rendered in.

Templates come from the site's templates/ first and the package's theme second, file by
file. Autoescaping is on for every template whatever its name, undefined names are
errors, and contributor text only ever reaches a template as data. The interface's text
is compiled into the templates in the site's language (`InterfaceText`, `speak`), and
compiled templates are kept from build to build (`CompiledTemplates`). Outputs, calls and
globals take shorter ways than Jinja's own, with the same results (`output_escape`,
`TemplateContext`, `TemplateGlobals`).
"""

from __future__ import annotations

import hashlib
import json
import types
from collections import ChainMap
from collections.abc import Callable, KeysView, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import jinja2.runtime
import jinja2.utils
import markupsafe
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from timeline.chronology import Day, Month, MonthCount
from timeline.dates import DatePoint, EventDate
from timeline.locales import ENGLISH_LOCALE, Interface, interface
from timeline.messages import functions
from timeline.model import slugify

THEME = Path(__file__).parent / "theme"


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates as Jinja compiled them, kept from build to build in the build cache (which
    is signed: compiled code is only ever loaded from a file this user's builds wrote).

    Jinja keys each by the template's name and file, stores a checksum of its source
    with the code, and compiles again (replacing the entry) when the source changed or
    the code was compiled by another Python. `known` is what earlier builds compiled,
    with what this build compiled added: every template a later build may load, not
    only those this one did. Compiling the theme's templates took 60 ms, loading 2 ms.
    """

    def __init__(self, known: Mapping[str, bytes]) -> None:
        self.known = dict(known)

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> jinja2.bccache.Bucket:
        """As Jinja's, but the checksum also covers the interface's text the code holds
        (`InterfaceText`): code compiled for another language is compiled again."""
        key = self.get_cache_key(name, filename)
        spoken = environment.spoken if isinstance(environment, Environment) else Spoken()
        checksum = self.get_source_checksum(source + "\0" + spoken.fingerprint)
        bucket = jinja2.bccache.Bucket(environment, key, checksum)
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.known.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.known[bucket.key] = bucket.bytecode_to_string()


_GETTEXT = frozenset({"_", "gettext"})
_MARKS = frozenset({"content_lang", "interface_lang"})


@dataclass(frozen=True)
class Spoken:
    """What `speak` gave the templates that their compiled code holds (`Environment`):
    `fingerprint` tells one language's from another's."""

    gettext: Callable[[str], str] = ENGLISH_LOCALE.gettext
    marks: Mapping[str, Markup] = field(default_factory=dict)
    fingerprint: str = ""


class InterfaceText(NodeTransformer):
    """A template's tree with the interface's text put in, as it is compiled.

    `_("text")` and `gettext("text")` (a literal and nothing else; also a `{% trans %}`
    block without values) become the translation as the new-style `gettext` gives it
    (trusted, so not escaped; `%%` written `%`), and `content_lang` and `interface_lang`
    their marks: Jinja folds them into the template's static text, so they cost nothing as
    a page renders. Calls with values and `ngettext` go through the functions then; so does
    any of these names that the template itself assigns (`{% set %}`, a loop, a macro's
    argument, an import).
    """

    def __init__(self, spoken: Spoken, template: nodes.Template) -> None:
        own = {n.name for n in template.find_all(nodes.Name) if n.ctx in ("store", "param")}
        own.update(n.target for n in template.find_all(nodes.Import))
        for from_import in template.find_all(nodes.FromImport):
            own.update(n if isinstance(n, str) else n[-1] for n in from_import.names)
        self.spoken = spoken
        self.gettext = _GETTEXT - own
        self.marks = {name: spoken.marks[name] for name in _MARKS - own if name in spoken.marks}

    def visit_Call(self, node: nodes.Call) -> nodes.Node:
        called, args = node.node, node.args
        if (
            isinstance(called, nodes.Name)
            and called.name in self.gettext
            and len(args) == 1
            and isinstance(args[0], nodes.Const)
            and isinstance(args[0].value, str)
            and not (node.kwargs or node.dyn_args or node.dyn_kwargs)
        ):
            text = self.translated(args[0].value)
            if text is not None:
                return nodes.MarkSafe(nodes.Const(text), lineno=node.lineno)
        return self.generic_visit(node)

    def visit_Name(self, node: nodes.Name) -> nodes.Node:
        mark = self.marks.get(node.name) if node.ctx == "load" else None
        return node if mark is None else nodes.MarkSafe(nodes.Const(str(mark)), lineno=node.lineno)

    def translated(self, message: str) -> str | None:
        """The new-style gettext's `message`, or None to leave it to that (a `%(name)s`
        without its value fails as the page renders, where Jinja reports it)."""
        text = self.spoken.gettext(message)
        try:
            formatted, plain = str(Markup(text) % {}), text % {}
        except (KeyError, TypeError, ValueError):
            return None
        return formatted if formatted == plain else None


def _escaper() -> Callable[[str], str]:
    """MarkupSafe's escaping of a `str` without the `Markup` around it, or where this
    MarkupSafe does not have it (its name is private), one that makes and drops that."""
    inner = getattr(markupsafe, "_escape_inner", None)
    if callable(inner) and inner("<&'\">") == str(markupsafe.escape("<&'\">")):
        return inner  # type: ignore[no-any-return]
    return lambda text: str(markupsafe.escape(text))


_escape_str = _escaper()


def output_escape(value: Any) -> str:
    """`{{ value }}` in a page: as MarkupSafe's `escape` gives it (values with `__html__`
    as they say), as a plain `str`, or the `Markup` given. An output's pieces are only
    joined, into a page or into a buffer that is then marked safe as a whole, so the
    `Markup` that `escape` makes of each piece is thrown away: it cost 0.3 µs a piece,
    2.2 million pieces in a cold build of 10,000 events."""
    if type(value) is str:
        return _escape_str(value)
    if type(value) is Markup:  # an event's item: kept, not copied (3.6 KB, 50,000 times)
        return value
    if hasattr(value, "__html__"):
        return str(Markup(value.__html__()))  # as escape: an __html__ may give another
    return _escape_str(str(value))


class InterfaceCompiler(CodeGenerator):
    """Jinja's code generator with the interface's text put in (`InterfaceText`),
    outputs escaped by `output_escape` where autoescaping is on throughout, and a name's
    attributes read by Python's `getattr` first (`visit_Getattr`)."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        assert isinstance(self.environment, Environment)
        InterfaceText(self.environment.spoken, node).visit(node)
        self.writeline(f"from timeline.templating import output_escape as {_OUTPUT_ESCAPE}")
        super().visit_Template(node, frame)

    @optimizeconst
    def visit_Getattr(self, node: nodes.Getattr, frame: Frame) -> None:
        """`name.attribute` as Python's `getattr` with a default, and only when that finds
        nothing, as Jinja's `environment.getattr` (which then tries `name["attribute"]`):
        the same value, without a call into Python for each of the 1.7 million attributes
        a cold build of 10,000 events reads. Only for a name, which is read twice when the
        attribute is missing: a longer expression is left to Jinja."""
        if self.environment.is_async or not isinstance(node.node, nodes.Name):
            super().visit_Getattr(node, frame)
            return
        attribute = repr(node.attr)
        self.write(f"({_ATTRIBUTE} if ({_ATTRIBUTE} := getattr(")
        self.visit(node.node, frame)
        self.write(f", {attribute}, missing)) is not missing else environment.getattr(")
        self.visit(node.node, frame)
        self.write(f", {attribute}))")

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write(f"{_OUTPUT_ESCAPE}(")
            if finalize.src is not None:
                self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)


# Names no template gives (Jinja's own are l_0_x, t_1…).
_OUTPUT_ESCAPE = "timeline_output_escape"
_ATTRIBUTE = "timeline_attribute"


_PLAIN_CALLABLES = frozenset(
    {types.FunctionType, types.MethodType, types.BuiltinFunctionType, jinja2.runtime.Macro}
)


class TemplateContext(jinja2.runtime.Context):
    """Jinja's, with a shorter way through `call` (every call a template makes) for
    functions, methods and macros that take no context, environment or evaluation context:
    Jinja looks for that mark twice, on the callable and on its `__call__`, and a
    function's `__call__` never has it. 665,000 calls in a cold build of 10,000 events,
    0.6 → 0.13 µs each. Anything else goes Jinja's way."""

    @jinja2.utils.internalcode
    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if type(__obj) not in _PLAIN_CALLABLES or hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Jinja's
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


class TemplateGlobals(ChainMap[str, Any]):
    """A template's globals as Jinja makes them (its own over the environment's, which
    stay shared), with a name the first map lacks looked up without raising an exception
    there, and `keys()` a `dict`'s, so that a set difference with them runs in C. Each
    page's render copies the globals into a dict (a lookup per name) and takes the names
    its context has from their keys (for each template it imports): with ChainMap's own,
    that was 350,000 Python-level tests `in` and a KeyError per name in a cold build of
    10,000 events."""

    def __getitem__(self, key: str) -> Any:
        for mapping in self.maps:
            if key in mapping:
                return mapping[key]
        return self.__missing__(key)

    def keys(self) -> KeysView[str]:
        names: dict[str, Any] = {}
        for mapping in self.maps:
            names.update(mapping)
        return names.keys()


class Undefined(jinja2.StrictUndefined):
    """Jinja's strict undefined, which also fails, naming what is undefined, when it is
    formatted (`"{:,}".format`, a count's quick formatter): Python's own message would be
    "unsupported format string passed to StrictUndefined.__format__"."""

    __slots__ = ()
    __format__ = jinja2.StrictUndefined._fail_with_undefined_error


class Environment(jinja2.Environment):
    """Jinja's, compiling the interface's text in the language `speak` gave it into the
    templates (`InterfaceText`). Compiled code holds it: `CompiledTemplates` keeps it with
    the language's fingerprint, and `speak` forgets what was compiled for another. Outputs,
    calls, attributes and globals take shorter ways, with Jinja's results
    (`InterfaceCompiler`, `output_escape`, `TemplateContext`, `TemplateGlobals`)."""

    code_generator_class = InterfaceCompiler
    context_class = TemplateContext

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.spoken = Spoken()

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return TemplateGlobals({} if d is None else d, self.globals)


def make_environment(
    site_templates: Path, compiled: CompiledTemplates | None = None
) -> Environment:
    loaders: list[jinja2.BaseLoader] = []
    if site_templates.is_dir():
        loaders.append(jinja2.FileSystemLoader(site_templates))
    loaders.append(jinja2.FileSystemLoader(THEME))
    env = Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=Undefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=-1,  # a dict: a build loads a few templates, 43,000 times at 10,000 events
        bytecode_cache=compiled,
        extensions=["jinja2.ext.i18n"],
    )
    env.filters["slug"] = slugify
    speak(env, interface("en"))  # until a site's language is known (page_renderer)
    return env


def speak(env: Environment, ui: Interface) -> None:
    """Give templates the interface in the site's language (see README, Templates):
    `_`/`gettext` and `ngettext` (Jinja's i18n extension, new style: `%(name)s` filled in
    and escaped; a number for a `%(name)d` grouped, see timeline.messages), `number`,
    dates in words, and the marks of an interface in another language."""
    locale, words = ui.locale, ui.locale.words
    env.install_gettext_callables(  # type: ignore[attr-defined]
        locale.gettext, locale.ngettext, newstyle=True
    )
    env.globals.update(functions(locale))  # Jinja's, with the language's numbers

    def format_date(value: DatePoint | EventDate) -> str:
        return value.display(words=words)

    def date_parts(value: EventDate) -> tuple[str, str, str]:
        return value.parts(words)

    def heading(value: Day | Month | MonthCount) -> str:
        return value.label_in(words)

    foreign = ui.foreign
    marks = {
        "interface_lang": Markup(f' lang="{locale.language}"' if foreign else ""),
        "content_lang": Markup(' lang="{}"').format(ui.language) if foreign else Markup(""),
    }
    env.globals.update(
        number=locale.number,
        format_date=format_date,
        date_parts=date_parts,
        month_label=heading,
        day_label=heading,
        **marks,
    )
    said = json.dumps([locale.language, marks, sorted(locale.messages.items())])
    fingerprint = hashlib.sha256(said.encode()).hexdigest()
    if fingerprint != env.spoken.fingerprint:
        env.spoken = Spoken(locale.gettext, marks, fingerprint)
        if env.cache is not None:
            env.cache.clear()  # compiled for another language
