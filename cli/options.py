"""Options shared by commands: output format, language, knowledge base, and the profile's facts."""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from typing import Any

import click

PROFILE_MARK = "__bonekb_profile_options__"


def profile_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the PROFILE argument, and mark the command for the knowledge base's profile options
    (added when the command is looked up: with_profile_options)."""
    setattr(func, PROFILE_MARK, True)
    return click.argument("profile_file", metavar="[PROFILE]", required=False)(func)


class ProfileCommand(click.Command):
    """A command with the profile options one knowledge base declares."""

    profile_params: dict[str, str]  # parameter name -> profile field
    shortcuts: dict[str, tuple[str, Any, str, str]]  # parameter name -> (field, value, flag, field's option)
    kb_dir: str | None = None
    declared: bool = True  # False: the knowledge base's declaration could not be read

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Without a readable declaration, the knowledge base's own error comes first (one line, exit 2),
        not an unknown option."""
        if not self.declared:
            from bonekb.engine.validate import load_knowledge_base

            load_knowledge_base(self.kb_dir)
        return super().parse_args(ctx, args)


def with_profile_options(command: click.Command, kb_dir: str | None) -> click.Command:
    """A copy of a marked command with the options of the knowledge base at kb_dir (the shipped one
    by default); an unmarked command as it is."""
    if not getattr(command.callback, PROFILE_MARK, False):
        return command
    from .kboptions import declared_options

    options: list[click.Parameter] = []
    profile_params: dict[str, str] = {}
    shortcuts: dict[str, tuple[str, Any, str, str]] = {}
    for entry in declared_options(kb_dir):
        field, name = entry["field"], entry["name"]
        param = f"profile__{field}"
        settings: dict[str, Any] = {"help": entry["help"] or None}
        if entry["kind"] == "flag":
            settings["default"] = None
            if "/" not in name:  # a single flag gives yes; a pair --yes/--no gives either
                settings["is_flag"] = True
        elif entry["kind"] == "list":
            settings["multiple"] = True
        options.append(click.Option([name, param], **settings))
        profile_params[param] = field
        for index, shortcut in enumerate(entry["shortcuts"]):
            shortcut_param = f"profile__{field}__{index}"
            options.append(click.Option([shortcut["name"], shortcut_param], is_flag=True, default=None,
                                        help=shortcut["help"] or None))
            shortcuts[shortcut_param] = (field, shortcut["value"], shortcut["name"], name.split("/")[0])
    made = ProfileCommand(command.name, context_settings=command.context_settings, callback=command.callback,
                          params=[p for p in command.params if isinstance(p, click.Argument)] + options
                          + [p for p in command.params if not isinstance(p, click.Argument)],
                          help=command.help, epilog=command.epilog, short_help=command.short_help,
                          options_metavar=command.options_metavar, add_help_option=command.add_help_option,
                          no_args_is_help=command.no_args_is_help, hidden=command.hidden,
                          deprecated=command.deprecated)
    made.profile_params, made.shortcuts = profile_params, shortcuts
    made.kb_dir, made.declared = kb_dir, bool(options)
    return made


def with_kb_languages(command: click.Command, kb_dir: str | None) -> click.Command:
    """A copy of the command (and of a group's subcommands) whose --lang offers the languages the
    knowledge base at kb_dir declares (rules/manifest.yaml), the first the default. A manifest that
    cannot be read leaves --lang open: the command reports the knowledge base's problem when it loads it."""
    from .kboptions import declared_languages

    languages = declared_languages(kb_dir)
    return _with_languages(command, languages)


def _with_languages(command: click.Command, languages: tuple[str, ...] | None) -> click.Command:
    params = list(command.params)
    for index, param in enumerate(params):
        if isinstance(param, click.Option) and param.name == "lang":
            offered = copy.copy(param)
            offered.type = click.Choice(languages) if languages else click.STRING
            if languages:
                offered.default = languages[0]
            params[index] = offered
    subcommands = getattr(command, "commands", None)
    if params == command.params and not subcommands:
        return command
    made = copy.copy(command)
    made.params = params
    if isinstance(made, click.Group):
        made.commands = {name: _with_languages(sub, languages) for name, sub in command.commands.items()}
    return made


def common_options(formats: tuple[str, ...]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--format, --lang and --kb, as the contract names them."""
    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        func = click.option("--kb", "kb_dir", type=click.Path(file_okay=False), default=None,
                            help="A knowledge base directory other than the shipped one.")(func)
        func = click.option("--lang", default="en", show_default=True,  # choices: with_kb_languages
                            help="Language of the output.")(func)
        return click.option("--format", "output_format", type=click.Choice(formats), default=formats[0],
                            show_default=True, help="Output format.")(func)
    return decorate


def collect_profile(profile_file: str | None, options: dict[str, Any]) -> dict[str, Any]:
    """The raw profile: the file's fields, with the options given (keyed by profile field): a scalar
    option replaces the file's value, a list option adds to the file's list (engine.profile.joined_lists)."""
    from bonekb.engine.profile import FROM_OPTION, joined_lists, read_profile_file

    raw: dict[str, Any] = {}
    if profile_file:
        stdin = getattr(sys.stdin, "buffer", None)  # None when standard input is closed (`<&-`)
        raw = read_profile_file(profile_file, stdin)
    given = {k: list(v) if isinstance(v, tuple) else v for k, v in options.items() if v is not None and v != ()}
    return joined_lists(raw, given, FROM_OPTION)


def has_profile(profile_file: str | None, options: dict[str, Any]) -> bool:
    return bool(profile_file) or any(v is not None and v != () for v in options.values())


def split_profile_options(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Take the profile options out of a command's keyword arguments, keyed by profile field; a
    shortcut flag (--postmenopausal) gives its field's value, and contradicting that field is bad input."""
    from bonekb.engine.errors import ProfileError, escaped

    command = click.get_current_context().command
    fields: dict[str, str] = getattr(command, "profile_params", {})
    shortcuts: dict[str, tuple[str, Any, str, str]] = getattr(command, "shortcuts", {})
    options = {field: kwargs.pop(param) for param, field in fields.items() if param in kwargs}
    for param, (field, value, flag, field_option) in shortcuts.items():
        if not kwargs.pop(param, None):
            continue
        stated = options.get(field)
        if stated is not None and str(stated).strip().casefold() != str(value).casefold():
            raise ProfileError(field, f"{flag} contradicts {field_option} {escaped(str(stated)[:40])}; give one")
        options[field] = value
    return options
