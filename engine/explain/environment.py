"""The only way templates are loaded and rendered: confined to one language folder, sandboxed, strict.

Templates are untrusted data. The loader reaches only explanations/<lang>/ (no '..', no absolute
paths, no symlinks out); the immutable sandbox refuses attributes such as __class__ and calls
that change data; StrictUndefined makes a misspelt name or a missing claim an error instead of
silent empty text. Every failure becomes a TemplateError that names the template file and line.
Compiled templates are remembered across processes (codecache.py).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.visitor import NodeTransformer

from ..errors import TemplateError, shown
from ..limits import (
    MAX_TEMPLATE_CALL_DEPTH,
    MAX_TEMPLATE_LOOP_STEPS,
    MAX_TEMPLATE_NUMBER_DIGITS,
    MAX_TEMPLATE_OUTPUT,
    MAX_TEMPLATE_SEQUENCE,
)

TEMPLATE_SUFFIX = ".j2"


class ConfinedLoader(jinja2.BaseLoader):
    """Templates of one folder, read through kbfiles: nothing resolving outside it, no FIFO or device,
    nothing above the size limit."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        from jinja2.loaders import split_template_path

        from .. import kbfiles
        from ..errors import KnowledgeBaseError

        if not template.endswith(TEMPLATE_SUFFIX):
            raise jinja2.TemplateNotFound(template, f"only *{TEMPLATE_SUFFIX} templates may be loaded")
        path = self.folder.joinpath(*split_template_path(template))
        if not kbfiles.is_file(self.folder, path):
            raise jinja2.TemplateNotFound(template)
        if not kbfiles.inside(self.folder, path):
            raise jinja2.TemplateNotFound(template, "it resolves outside the explanations folder")
        try:
            source = kbfiles.read_text(self.folder, path, template)
        except KnowledgeBaseError as err:
            raise TemplateError(f"{self.folder}/{err}") from None
        mtime = path.stat().st_mtime

        def uptodate() -> bool:  # as FileSystemLoader: compiled once, again only when the file changes
            try:
                return path.stat().st_mtime == mtime
            except OSError:
                return False

        return source, str(path), uptodate


class _Budget:
    """The work one rendering may still do (loop steps and calls) and how deep its macros call."""

    def __init__(self) -> None:
        self.steps = MAX_TEMPLATE_LOOP_STEPS
        self.depth = 0

    def spend(self) -> None:
        self.steps -= 1
        if self.steps < 0:
            raise SecurityError(f"more than {MAX_TEMPLATE_LOOP_STEPS:,} loop steps and calls "
                                "(MAX_TEMPLATE_LOOP_STEPS)")


_BUDGET: ContextVar[_Budget] = ContextVar("template_budget")
_WIDE_FORMAT = re.compile(r"\d{6,}|[%{][^%{}]*\*")  # a width or precision of a million or more, or '*'


def _budget() -> _Budget:
    budget = _BUDGET.get(None)
    if budget is None:
        budget = _Budget()
        _BUDGET.set(budget)
    return budget


def _bounded_loop(iterable: Any) -> Iterator[Any]:
    """What every {% for %} iterates over: the same items, each one step of the rendering's budget."""
    budget = _budget()
    for item in iterable:
        budget.spend()
        yield item


class _LoopsBounded(NodeTransformer):
    """Wrap the iterable of every for-loop in _bounded_loop (called as a global the templates cannot name)."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Call(nodes.Name(_LOOP_GLOBAL, "load"), [node.iter], [], None, None)
        return node


_LOOP_GLOBAL = "__bonekb_loop__"  # a name the parser refuses in a template (it starts with '_')


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else None


def _too_big_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > _MAX_BITS


_MAX_BITS = int(MAX_TEMPLATE_NUMBER_DIGITS * 3.33) + 1


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with bounds on work (limits.py): numbers, repetition, calls, loops."""

    intercepted_binops = frozenset({"**", "*", "+", "%", "//", "/"})
    intercepted_unops = frozenset({"-"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            self._check_power(left, right)
        elif operator == "*":
            self._check_repeat(left, right)
        elif operator == "+":
            sizes = (_size(left), _size(right))
            if None not in sizes and sum(sizes) > MAX_TEMPLATE_SEQUENCE:  # type: ignore[arg-type]
                raise SecurityError(f"a text or list longer than {MAX_TEMPLATE_SEQUENCE:,} (MAX_TEMPLATE_SEQUENCE)")
        elif operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
            raise SecurityError("a format width of a million or more, or '*', is refused")
        result = super().call_binop(context, operator, left, right)
        if _too_big_number(result):
            raise SecurityError(f"a number of more than {MAX_TEMPLATE_NUMBER_DIGITS} digits "
                                "(MAX_TEMPLATE_NUMBER_DIGITS)")
        return result

    @staticmethod
    def _check_power(base: Any, exponent: Any) -> None:
        if isinstance(base, (int, float)) and isinstance(exponent, (int, float)) and abs(base) > 1:
            digits = abs(exponent) * math.log10(abs(base)) if exponent > 0 else 0
            if digits > MAX_TEMPLATE_NUMBER_DIGITS:
                raise SecurityError(f"a number of more than {MAX_TEMPLATE_NUMBER_DIGITS} digits "
                                    "(MAX_TEMPLATE_NUMBER_DIGITS)")

    @staticmethod
    def _check_repeat(left: Any, right: Any) -> None:
        for seq, times in ((left, right), (right, left)):
            size = _size(seq)
            if size is not None and isinstance(times, int) and size * max(times, 0) > MAX_TEMPLATE_SEQUENCE:
                raise SecurityError(f"a text or list longer than {MAX_TEMPLATE_SEQUENCE:,} "
                                    "(MAX_TEMPLATE_SEQUENCE)")
        if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > _MAX_BITS:
            raise SecurityError(f"a number of more than {MAX_TEMPLATE_NUMBER_DIGITS} digits "
                                "(MAX_TEMPLATE_NUMBER_DIGITS)")

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Every call a template makes: one step of the budget; macros at most MAX_TEMPLATE_CALL_DEPTH deep;
        no number argument above MAX_TEMPLATE_SEQUENCE (widths, ranges) and no huge format width."""
        budget = _budget()
        budget.spend()
        for arg in (*args, *kwargs.values()):
            if isinstance(arg, (int, float)) and not isinstance(arg, bool) and abs(arg) > MAX_TEMPLATE_SEQUENCE:
                raise SecurityError(f"a call with a number above {MAX_TEMPLATE_SEQUENCE:,} (MAX_TEMPLATE_SEQUENCE)")
        method = getattr(__obj, "__wrapped__", __obj)  # the sandbox hands str.format out wrapped
        if getattr(method, "__name__", "") in ("format", "format_map") and isinstance(
                getattr(method, "__self__", None), str) and _WIDE_FORMAT.search(method.__self__):
            raise SecurityError("a format width of a million or more, or '*', is refused")
        if not isinstance(__obj, jinja2.runtime.Macro):
            return super().call(__context, __obj, *args, **kwargs)
        if budget.depth >= MAX_TEMPLATE_CALL_DEPTH:
            raise SecurityError(f"macros call each other more than {MAX_TEMPLATE_CALL_DEPTH} deep "
                                "(MAX_TEMPLATE_CALL_DEPTH)")
        budget.depth += 1
        try:
            return super().call(__context, __obj, *args, **kwargs)
        finally:
            budget.depth -= 1

    def _generate(self, source: nodes.Template, name: str | None, filename: str | None,
                  defer_init: bool = False) -> str:
        return super()._generate(_LoopsBounded().visit(source), name, filename, defer_init=defer_init)


def _bounded_filter(func: Callable[..., Any]) -> Callable[..., Any]:
    """A built-in filter that refuses a number argument (a width, a count) above MAX_TEMPLATE_SEQUENCE."""
    @functools.wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        for arg in (*args[1:], *kwargs.values()):
            if isinstance(arg, (int, float)) and not isinstance(arg, bool) and abs(arg) > MAX_TEMPLATE_SEQUENCE:
                raise SecurityError(f"a filter argument above {MAX_TEMPLATE_SEQUENCE:,} (MAX_TEMPLATE_SEQUENCE)")
        if func.__name__ == "do_format" and args and isinstance(args[0], str) and _WIDE_FORMAT.search(args[0]):
            raise SecurityError("a format width of a million or more, or '*', is refused")
        return func(*args, **kwargs)
    return bounded


def _autoescape(name: str | None) -> bool:
    """Escape in HTML templates; Markdown templates are escaped later, when Markdown becomes HTML."""
    return bool(name and name.endswith(".html" + TEMPLATE_SUFFIX))


def make_environment(folder: Path, functions: Mapping[str, Callable[..., Any]]) -> jinja2.Environment:
    """A sandboxed environment whose templates can reach only `folder` and the given functions."""
    from ..checkcache import cache_root
    from .codecache import TemplateCodeCache

    if not folder.is_dir():
        raise TemplateError(f"{folder}: no explanations for this language (the folder is missing)")
    env = BoundedSandbox(
        bytecode_cache=TemplateCodeCache() if cache_root() is not None else None,
        loader=ConfinedLoader(folder),
        undefined=jinja2.StrictUndefined,
        autoescape=_autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.clear()
    env.globals.update(functions)
    env.globals[_LOOP_GLOBAL] = _bounded_loop
    env.filters = {name: _bounded_filter(f) for name, f in env.filters.items()}
    return env


def render(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render one template within the bounds of limits.py; any failure is a TemplateError naming the
    file and line."""
    token = _BUDGET.set(_Budget())
    try:
        return _render_bounded(env, name, context)
    except TemplateError:
        raise
    except jinja2.TemplateNotFound as err:
        raise TemplateError(f"template {err.name!r} cannot be loaded: {err.message or 'not found'} "
                            f"(templates come only from {_folder(env)})") from None
    except jinja2.TemplateSyntaxError as err:
        raise TemplateError(f"{_where(env, err.name or name, err.lineno)}: syntax error: {err.message}") from None
    except SecurityError as err:
        raise TemplateError(f"{_located(env, name, err)}: refused by the sandbox: {err}") from None
    except jinja2.UndefinedError as err:
        raise TemplateError(f"{_located(env, name, err)}: undefined: {shown(str(err), 80)}") from None
    except RecursionError as err:
        raise TemplateError(f"{_located(env, name, err)}: it nests or calls itself too deep") from None
    except MemoryError as err:
        raise TemplateError(f"{_located(env, name, err)}: it needs more memory than there is") from None
    except Exception as err:  # any other runtime error of the template's own making: one line, named
        raise TemplateError(f"{_located(env, name, err)}: {type(err).__name__}: {shown(str(err), 80)}") from None
    finally:
        _BUDGET.reset(token)


def _render_bounded(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render piece by piece, refusing output past MAX_TEMPLATE_OUTPUT characters."""
    pieces, size = [], 0
    for piece in env.get_template(name).generate(context):
        size += len(piece)
        if size > MAX_TEMPLATE_OUTPUT:
            raise SecurityError(f"it writes more than {MAX_TEMPLATE_OUTPUT:,} characters (MAX_TEMPLATE_OUTPUT)")
        pieces.append(piece)
    return "".join(pieces)


def _folder(env: jinja2.Environment) -> str:
    loader = env.loader
    return str(loader.folder) if isinstance(loader, ConfinedLoader) else "?"


def _where(env: jinja2.Environment, name: str, line: int | None) -> str:
    return f"{_folder(env)}/{name}" + (f":{line}" if line else "")


def _located(env: jinja2.Environment, name: str, err: BaseException) -> str:
    """The innermost template frame of the error's traceback (Jinja maps it to the template line)."""
    import traceback

    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        if frame.filename.endswith(TEMPLATE_SUFFIX):
            return f"{frame.filename}:{frame.lineno}"
    return _where(env, name, None)
