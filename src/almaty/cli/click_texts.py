"""Messages of click and Typer (help panels, usage, parse errors) for our Russian catalogue.

click and Typer translate through the standard library's gettext, domain "messages". Listing
their texts here lets `makemessages` put them in our catalogue; `catalogue compile` writes the
compiled catalogue under that domain too, and `cli.main` binds it, so `almaty --lang ru` is
Russian down to "Usage:" and "Missing option". The function is never called: it only marks.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop, ngettext


def _marks(n: int) -> list[str]:  # pragma: no cover - extraction marks only
    return [
        gettext_noop("Aborted!"),
        gettext_noop("Aborted."),
        gettext_noop("Arguments"),
        gettext_noop("Commands"),
        gettext_noop("Options"),
        gettext_noop("Error"),
        gettext_noop("Usage:"),
        gettext_noop("Missing command."),
        gettext_noop("default: {default}"),
        gettext_noop("env var: {var}"),
        gettext_noop("required"),
        gettext_noop("(deprecated) "),
        gettext_noop("[default: {}]"),
        gettext_noop("[env var: {}]"),
        gettext_noop("[required]"),
        gettext_noop("Show this message and exit."),
        gettext_noop("Error: {message}"),
        gettext_noop("Invalid value for {param_hint}: {message}"),
        gettext_noop("Invalid value: {message}"),
        gettext_noop("Missing argument"),
        gettext_noop("Missing option"),
        gettext_noop("Missing parameter"),
        gettext_noop("Missing parameter: {param_name}"),
        gettext_noop("Missing {param_type}"),
        gettext_noop("No such command {name!r}."),
        gettext_noop("No such option {name!r}."),
        gettext_noop("Try '{command} {option}' for help."),
        gettext_noop("Try [blue]'{command_path} {help_option}'[/] for help."),
        gettext_noop("Option {name!r} does not take a value."),
        gettext_noop("{value!r} is not a valid {number_type}."),
        gettext_noop("{value!r} is not a valid boolean. Recognized values: {states}"),
        gettext_noop("{value} is not in the range {range}."),
        gettext_noop("{name} {filename!r} does not exist."),
        gettext_noop("{name} {filename!r} is a directory."),
        gettext_noop("file"),
        gettext_noop("directory"),
        gettext_noop("path"),
        ngettext(
            "Option {name!r} requires an argument.",
            "Option {name!r} requires {nargs} arguments.",
            n,
        ),
        ngettext(
            "Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", n
        ),
        ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", n),
        ngettext(
            "{value!r} does not match the format {format}.",
            "{value!r} does not match the formats {formats}.",
            n,
        ),
        ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", n),
    ]
