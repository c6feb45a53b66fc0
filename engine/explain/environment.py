"""The only way templates are loaded and rendered: confined to one language folder, sandboxed, strict.

Templates are untrusted data. The loader reaches only explanations/<lang>/ (no '..', no absolute
paths, no symlinks out); the immutable sandbox refuses attributes such as __class__ and calls
that change data; StrictUndefined makes a misspelt name or a missing claim an error instead of
silent empty text. Every failure becomes a TemplateError that names the template file and line.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ..errors import TemplateError

TEMPLATE_SUFFIX = ".j2"


class ConfinedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader over one folder that refuses any file resolving outside it."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder), encoding="utf-8", followlinks=False)
        self.folder = folder.resolve()

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        if not template.endswith(TEMPLATE_SUFFIX):
            raise jinja2.TemplateNotFound(template, f"only *{TEMPLATE_SUFFIX} templates may be loaded")
        source, filename, uptodate = super().get_source(environment, template)
        if not Path(filename).resolve().is_relative_to(self.folder):
            raise jinja2.TemplateNotFound(template, "it resolves outside the explanations folder")
        return source, filename, uptodate


def _autoescape(name: str | None) -> bool:
    """Escape in HTML templates; Markdown templates are escaped later, when Markdown becomes HTML."""
    return bool(name and name.endswith(".html" + TEMPLATE_SUFFIX))


def make_environment(folder: Path, functions: Mapping[str, Callable[..., Any]]) -> jinja2.Environment:
    """A sandboxed environment whose templates can reach only `folder` and the given functions."""
    if not folder.is_dir():
        raise TemplateError(f"{folder}: no explanations for this language (the folder is missing)")
    env = ImmutableSandboxedEnvironment(
        loader=ConfinedLoader(folder),
        undefined=jinja2.StrictUndefined,
        autoescape=_autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.clear()
    env.globals.update(functions)
    return env


def render(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render one template; any failure is a TemplateError naming the file and line."""
    try:
        return env.get_template(name).render(context)
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
        raise TemplateError(f"{_located(env, name, err)}: undefined: {err}") from None
    except (jinja2.TemplateError, TypeError, ValueError, KeyError, AttributeError, OverflowError) as err:
        raise TemplateError(f"{_located(env, name, err)}: {type(err).__name__}: {err}") from None


def _folder(env: jinja2.Environment) -> str:
    loader = env.loader
    return str(loader.folder) if isinstance(loader, ConfinedLoader) else "?"


def _where(env: jinja2.Environment, name: str, line: int | None) -> str:
    return f"{_folder(env)}/{name}" + (f":{line}" if line else "")


def _located(env: jinja2.Environment, name: str, err: BaseException) -> str:
    """The innermost template frame of the error's traceback (Jinja maps it to the template line)."""
    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        if frame.filename.endswith(TEMPLATE_SUFFIX):
            return f"{frame.filename}:{frame.lineno}"
    return _where(env, name, None)
