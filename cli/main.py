"""The `bonekb` command group: one-line errors, exit codes 0/1/2, commands imported only when used."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from bonekb import __version__

# Command name -> "module:attribute" inside bonekb.cli; imported only when that command runs,
# so `bonekb --version` and each command pay only for what they use.
COMMANDS: dict[str, str] = {
    "recommend": "recommend:recommend",
    "rules": "browse:rules",
    "claims": "browse:claims",
    "audit": "audit:audit",
    "why": "why:why",
    "ask": "ask:ask",
    "explain": "explain:explain",
    "test": "test_cmd:test",
    "batch": "batch:batch",
    "init": "init:init",
    "schema": "schema:schema",
}


# A group called without its subcommand prints its help through a UsageError (click 8.2+): not bad input.
_HELP_ERRORS = getattr(click.exceptions, "NoArgsIsHelpError", ())


class BonekbGroup(click.Group):
    """Lazy commands; bonekb's own errors become one line on stderr and their exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            module_name, attribute = COMMANDS[cmd_name].split(":")
            module = importlib.import_module(f"bonekb.cli.{module_name}")
            self.add_command(getattr(module, attribute), cmd_name)
        command = self.commands.get(cmd_name)
        if command is None:
            return None
        from .options import with_kb_languages, with_profile_options

        kb_dir = _kb_dir(ctx)
        return with_kb_languages(with_profile_options(command, kb_dir), kb_dir)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[Any, ...]:
        ctx.meta["bonekb.command_args"] = list(args)  # the command's own --kb decides its profile options
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        from bonekb.engine.errors import BonekbError

        try:
            return super().invoke(ctx)
        except BonekbError as err:
            click.echo(f"bonekb: {err}", err=True)
            sys.exit(err.exit_code)
        except click.UsageError as err:  # a bad option value is bad input too: one line, not click's three
            if isinstance(err, _HELP_ERRORS):
                raise
            where = err.ctx.command_path if err.ctx else "bonekb"
            click.echo(f"{where}: {err.format_message()}", err=True)
            sys.exit(err.exit_code)


def _kb_dir(ctx: click.Context) -> str | None:
    """The knowledge base a command runs over: its own --kb, else the one given before the command."""
    args = ctx.meta.get("bonekb.command_args", [])
    found = ctx.params.get("kb_dir")
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--kb" and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith("--kb="):
            found = arg.removeprefix("--kb=")
    return found


# Subcommands of the command groups (`rules list`, `claims show`, `schema profile`): they take --kb too.
GROUP_SUBCOMMANDS = ("list", "show", "graph", "profile")


def _everywhere(defaults: dict[str, Any]) -> dict[str, Any]:
    """Defaults giving a command's options (and its subcommands', for `rules list`) the group's."""
    return {**defaults, **{sub: dict(defaults) for sub in GROUP_SUBCOMMANDS}}


def _without_lang(command: click.Command | None, args: list[str]) -> str | None:
    """The name of the command `args` call (a group's subcommand: `rules graph`) when it has no --lang
    of its own; None when it has one (or is not known: click then says so)."""
    if isinstance(command, click.Group):
        sub = next((arg for arg in args[1:] if not arg.startswith("-")), None)
        without = _without_lang(command.commands.get(sub), args[1:]) if sub else None
        return f"{args[0]} {without}" if without else None
    if command is None or any(param.name == "lang" for param in command.params):
        return None
    return args[0]


def _has_other_lang(command: click.Command | None) -> bool:
    """True for a command whose --lang means something else than the output's language (`init`)."""
    return command is not None and any("--lang" in param.opts and param.name != "lang" for param in command.params)


@click.group(cls=BonekbGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="bonekb")
@click.option("--kb", "kb_dir", type=click.Path(file_okay=False), default=None,
              help="A knowledge base directory other than the shipped one (for every command).")
@click.option("--lang", default=None,
              help="Language of the output, for every command that has --lang (the command's own --lang wins).")
@click.pass_context
def cli(ctx: click.Context, kb_dir: str | None, lang: str | None) -> None:
    """bonekb: the article's bone-nutrition rules (calcium with vitamins D3, K2 and K1), traced.

    Information from the article and authoritative references, not a diagnosis or medical advice.
    """
    name = ctx.invoked_subcommand
    if name is None:
        return
    defaults: dict[str, Any] = {}
    if kb_dir is not None:  # the command's own --kb still wins
        defaults["kb_dir"] = kb_dir
    if lang is not None:  # so does its own --lang; the group's is checked against the KB's languages there
        without = _without_lang(ctx.command.get_command(ctx, name), ctx.meta.get("bonekb.command_args", [name]))
        if without and _has_other_lang(ctx.command.get_command(ctx, name)):  # init: the new KB's languages
            raise click.UsageError(f"--lang: '{without}' has no output language; its own --lang, after its "
                                   f"name, names the languages of what it writes", ctx)
        if without:
            raise click.UsageError(f"--lang: '{without}' has no --lang (its output is in English); "
                                   f"give --lang only to a command that has it", ctx)
        defaults["lang"] = lang
    if defaults:
        ctx.default_map = {**(ctx.default_map or {}), name: _everywhere(defaults)}


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="bonekb")
