"""The only way templates are loaded and rendered: confined to the explanations, sandboxed, strict.

Templates are untrusted data. The loader reaches only explanations/<lang>/ and then the templates
every language shares, explanations/*.j2 (no '..', no absolute paths, no symlinks out); the
immutable sandbox refuses attributes such as __class__ and calls that change data; StrictUndefined
makes a misspelt name or a missing claim an error instead of silent empty text. Every
failure becomes a TemplateError that names the template file and line.
Compiled templates are remembered in the process and across processes (codecache.py).
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
from jinja2.compiler import CodeGenerator, Frame
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
    """Templates of a few folders, first found wins (a language's own folder, then the shared one),
    read through kbfiles: nothing resolving outside the folder it is found in, no FIFO or device,
    nothing above the size limit."""

    def __init__(self, *folders: Path) -> None:
        self.folders = [folder.resolve() for folder in folders]
        self.folder = self.folders[0]

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        from jinja2.loaders import split_template_path

        from .. import kbfiles
        from ..errors import KnowledgeBaseError

        if not template.endswith(TEMPLATE_SUFFIX):
            raise jinja2.TemplateNotFound(template, f"only *{TEMPLATE_SUFFIX} templates may be loaded")
        pieces = split_template_path(template)
        folder, path = next(((f, f.joinpath(*pieces)) for f in self.folders
                             if kbfiles.is_file(f, f.joinpath(*pieces))), (None, None))
        if folder is None or path is None:
            raise jinja2.TemplateNotFound(template)
        if not kbfiles.inside(folder, path):
            raise jinja2.TemplateNotFound(template, "it resolves outside the explanations folder")
        try:
            source = kbfiles.read_text(folder, path, template)
        except KnowledgeBaseError as err:
            raise TemplateError(f"{folder}/{err}") from None
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


def _text_size(value: Any, limit: int) -> int:
    """How many characters `value` becomes as text, counted up to just past `limit` (strings, numbers,
    and lists, tuples, sets and dicts of them, however deep or shared; each item counts at least one)."""
    total, stack = 0, [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 2 + len(item)
            stack.extend(item)
        elif isinstance(item, dict):
            total += 2 + len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (int, float)):
            total += MAX_TEMPLATE_NUMBER_DIGITS if _too_big_number(item) else len(repr(item))
    return total


def _refuse_longer(size: int, limit: int = MAX_TEMPLATE_SEQUENCE) -> None:
    if size > limit:
        name = "MAX_TEMPLATE_SEQUENCE" if limit == MAX_TEMPLATE_SEQUENCE else "MAX_TEMPLATE_OUTPUT"
        raise SecurityError(f"a text or list longer than {limit:,} ({name})")


def _check_result(result: Any) -> Any:
    """A text or list an operation made, refused when longer than MAX_TEMPLATE_SEQUENCE."""
    size = _size(result)
    if size is not None:
        _refuse_longer(size)
    return result


def _format_size(text: str, args: Any) -> int:
    """At most how long formatting `text` with `args` makes: the text, every width or precision it
    names, and every argument once per field."""
    widths = sum(int(run) for run in re.findall(r"\d+", text[:MAX_TEMPLATE_SEQUENCE]))
    fields = text.count("{") + text.count("%")
    return len(text) + widths + fields * _text_size(args, MAX_TEMPLATE_SEQUENCE)


def _str_method_size(text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int | None:
    """At most how long str.<name>(*args) on `text` makes, for the methods that can grow a text
    past its arguments; None for the others (their result is checked once made)."""
    given = [*args, *kwargs.values()]
    if name == "join" and given:
        items = given[0] if isinstance(given[0], (list, tuple, str)) else None
        if items is None:
            return None
        return _text_size(list(items), MAX_TEMPLATE_SEQUENCE) + len(text) * max(len(items) - 1, 0)
    if name == "replace" and len(given) >= 2 and isinstance(given[0], str) and isinstance(given[1], str):
        times = text.count(given[0]) if given[0] else len(text) + 1
        if len(given) > 2 and isinstance(given[2], int) and given[2] >= 0:
            times = min(times, given[2])
        return len(text) + times * max(len(given[1]) - len(given[0]), 0)
    if name in ("center", "ljust", "rjust", "zfill") and given and isinstance(given[0], int):
        return max(len(text), given[0])
    if name == "expandtabs":
        size = given[0] if given and isinstance(given[0], int) else 8
        return len(text) + text.count("\t") * max(size, 0)
    if name in ("format", "format_map"):
        return _format_size(text, given)
    if name == "translate" and given and isinstance(given[0], dict):
        longest = max((_text_size(v, MAX_TEMPLATE_SEQUENCE) for v in given[0].values()), default=1)
        return len(text) * max(longest, 1)
    return None


class _BoundedBuffer(list):
    """Where a macro body, {% set %} block, {% filter %} or {% call %} body is written before it is
    joined: refused past MAX_TEMPLATE_OUTPUT characters, as it grows."""

    def __init__(self) -> None:
        super().__init__()
        self.chars = 0

    def _count(self, pieces: tuple[Any, ...]) -> None:
        self.chars += sum(len(piece) if isinstance(piece, str) else 1 for piece in pieces)
        _refuse_longer(self.chars, MAX_TEMPLATE_OUTPUT)

    def append(self, piece: Any) -> None:
        self._count((piece,))
        super().append(piece)

    def extend(self, pieces: Any) -> None:
        pieces = tuple(pieces)
        self._count(pieces)
        super().extend(pieces)


def _checked_pieces(*pieces: Any) -> tuple[Any, ...]:
    """The operands of one `~`, refused when together they are longer than MAX_TEMPLATE_SEQUENCE."""
    _refuse_longer(_text_size(pieces, MAX_TEMPLATE_SEQUENCE) - 2 - len(pieces) * 2)
    return pieces


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's compiler, with buffers that refuse to grow past the bound and `~` checked before it joins."""

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.bounded_buffer()")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            func_name = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            func_name = "markup_join"
        else:
            func_name = "str_join"
        self.write(f"{func_name}(environment.checked_pieces(")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


def _bounded_output(value: Any) -> Any:
    """Every {{ value }}: refused before it becomes text longer than MAX_TEMPLATE_OUTPUT (a list of
    a huge text repeated, say)."""
    _refuse_longer(_text_size(value, MAX_TEMPLATE_OUTPUT), MAX_TEMPLATE_OUTPUT)
    return value


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with bounds on work (limits.py): numbers, repetition, calls, loops."""

    intercepted_binops = frozenset({"**", "*", "+", "%", "//", "/"})
    intercepted_unops = frozenset({"-"})
    code_generator_class = _BoundedCodeGenerator
    bounded_buffer = staticmethod(_BoundedBuffer)
    checked_pieces = staticmethod(_checked_pieces)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            self._check_power(left, right)
        elif operator == "*":
            self._check_repeat(left, right)
        elif operator == "+":
            sizes = (_size(left), _size(right))
            if None not in sizes and sum(sizes) > MAX_TEMPLATE_SEQUENCE:  # type: ignore[arg-type]
                raise SecurityError(f"a text or list longer than {MAX_TEMPLATE_SEQUENCE:,} (MAX_TEMPLATE_SEQUENCE)")
        elif operator == "%" and isinstance(left, str):
            if _WIDE_FORMAT.search(left):
                raise SecurityError("a format width of a million or more, or '*', is refused")
            _refuse_longer(_format_size(left, right))
        result = _check_result(super().call_binop(context, operator, left, right))
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
        if isinstance(getattr(method, "__self__", None), str):
            if getattr(method, "__name__", "") == "join" and args and not isinstance(args[0], (str, list, tuple)):
                args = (list(args[0]), *args[1:])  # a generator measured like a list, not joined blind
            size = _str_method_size(method.__self__, getattr(method, "__name__", ""), args, kwargs)
            if size is not None:
                _refuse_longer(size)
        if not isinstance(__obj, jinja2.runtime.Macro):
            return _check_result(super().call(__context, __obj, *args, **kwargs))
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


def _filter_size(name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int | None:
    """At most how long the filter `name` makes, for the filters that can grow a text or list past
    their input; None for the others (their result is checked once made)."""
    given = [*args, *kwargs.values()]
    if name == "join":
        items = list(value) if isinstance(value, (list, tuple, set, frozenset, dict, str)) else None
        if items is None:
            return None
        glue = given[0] if given and isinstance(given[0], str) else ""
        return _text_size(items, MAX_TEMPLATE_SEQUENCE) + len(glue) * max(len(items) - 1, 0)
    if name == "replace" and isinstance(value, str):
        return _str_method_size(value, "replace", args, kwargs)
    if name == "indent" and isinstance(value, str):
        width = given[0] if given else 4
        pad = width if isinstance(width, int) else _text_size(width, MAX_TEMPLATE_SEQUENCE)
        return len(value) + (value.count("\n") + 1) * max(pad, 0)
    if name == "format" and isinstance(value, str):
        return _format_size(value, given)
    if name == "center" and isinstance(value, str):
        return max(len(value), given[0] if given and isinstance(given[0], int) else 80)
    if name == "wordwrap" and isinstance(value, str):
        wrap = kwargs.get("wrapstring", args[2] if len(args) > 2 else "\n")
        return len(value) + (len(value) + 1) * len(wrap if isinstance(wrap, str) else "\n")
    if name in ("string", "list"):
        return _text_size(value, MAX_TEMPLATE_SEQUENCE) if name == "string" else _size(value)
    start = kwargs.get("start", args[1] if len(args) > 1 else 0)
    if name == "sum" and isinstance(value, (list, tuple)) and isinstance(start, (list, tuple)):
        return _text_size(value, MAX_TEMPLATE_SEQUENCE)
    return None


def _bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """A built-in filter that refuses a number argument (a width, a count) above MAX_TEMPLATE_SEQUENCE,
    and a text or list result longer than MAX_TEMPLATE_SEQUENCE (refused before it is made when the
    filter can grow it: join, replace, indent, format, center, wordwrap, string, sum)."""
    passes_context = hasattr(func, "jinja_pass_arg")  # the filter's first argument is Jinja's, not the value

    @functools.wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        value_at = 1 if passes_context else 0
        for arg in (*args[value_at + 1:], *kwargs.values()):
            if isinstance(arg, (int, float)) and not isinstance(arg, bool) and abs(arg) > MAX_TEMPLATE_SEQUENCE:
                raise SecurityError(f"a filter argument above {MAX_TEMPLATE_SEQUENCE:,} (MAX_TEMPLATE_SEQUENCE)")
        if len(args) > value_at:
            value = args[value_at]
            if name in ("join", "sum") and not isinstance(value, (str, list, tuple, set, frozenset, dict)):
                value = list(value)  # a generator (map, select) measured like a list, not joined blind
                args = (*args[:value_at], value, *args[value_at + 1:])
            if name == "format" and isinstance(value, str) and _WIDE_FORMAT.search(value):
                raise SecurityError("a format width of a million or more, or '*', is refused")
            size = _filter_size(name, value, args[value_at + 1:], kwargs)
            if size is not None:
                _refuse_longer(size)
        return _check_result(func(*args, **kwargs))
    return bounded


def _autoescape(name: str | None) -> bool:
    """Escape in HTML templates; Markdown templates are escaped later, when Markdown becomes HTML."""
    return bool(name and name.endswith(".html" + TEMPLATE_SUFFIX))


def make_environment(folder: Path, functions: Mapping[str, Callable[..., Any]],
                     shared: Path | None = None) -> jinja2.Environment:
    """A sandboxed environment whose templates can reach only `folder` (then the `shared` folder,
    the templates written once for every language) and the given functions."""
    from .codecache import COMPILED_TEMPLATES

    if not folder.is_dir():
        raise TemplateError(f"{folder}: no explanations for this language (the folder is missing)")
    env = BoundedSandbox(
        bytecode_cache=COMPILED_TEMPLATES,
        loader=ConfinedLoader(folder, *([shared] if shared is not None else [])),
        undefined=jinja2.StrictUndefined,
        autoescape=_autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_bounded_output,
    )
    env.globals.clear()
    env.globals.update(functions)
    env.globals[_LOOP_GLOBAL] = _bounded_loop
    env.filters = {name: _bounded_filter(name, f) for name, f in env.filters.items()}
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
        where = f"{err.filename}:{err.lineno}" if err.filename else _where(env, err.name or name, err.lineno)
        raise TemplateError(f"{where}: syntax error: {err.message}") from None
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
    return " or ".join(str(f) for f in loader.folders) if isinstance(loader, ConfinedLoader) else "?"


def _where(env: jinja2.Environment, name: str, line: int | None) -> str:
    loader = env.loader
    folder = loader.folder if isinstance(loader, ConfinedLoader) else "?"
    return f"{folder}/{name}" + (f":{line}" if line else "")


def _located(env: jinja2.Environment, name: str, err: BaseException) -> str:
    """The innermost template frame of the error's traceback (Jinja maps it to the template line)."""
    import traceback

    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        if frame.filename.endswith(TEMPLATE_SUFFIX):
            return f"{frame.filename}:{frame.lineno}"
    return _where(env, name, None)
