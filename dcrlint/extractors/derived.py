"""Facts derived from other facts, the same way for every kind of file: available for a kind
when its extractor provides what they need (`NEEDS`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..facts import (
    LOGINS,
    SHELL_CONTEXTS,
    SHELL_SCRIPTS,
    SUPPRESSIONS,
    URL_CREDENTIALS,
    Fact,
    LoginSite,
    UrlCredential,
)
from ..source import Span
from ..suppress import parse_directives
from ..urlcreds import url_matches

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..config import Settings
    from ..facts import ShellContext
    from ..scanned import ScannedFile
    from ..shell.model import Script
    from ..suppress import Directive


def shell_scripts(file: ScannedFile) -> list[tuple[ShellContext, Script]]:
    """Each shell context parsed once. A context with nothing the file's checks read (their
    command filters) is not parsed, and in one that is, nor is a top-level statement with
    nothing they read: most scripts of a monorepo are such, and parsing is the costly step.
    A filter with a `when` counts for a context only where its `when` holds too. A statement
    is tested only by the filters that held on its context: a filter holds on a text whenever
    it holds on a part of it (`parse_shell` tests runs of statements on that ground too)."""
    from ..shell import parse_shell

    filters = file.commands
    if filters is None:
        from ..checks import command_filters

        filters = command_filters()
    settings = file.settings
    pairs = tuple((f.test, f.when) for f in filters)

    out = []
    for ctx in file.get(SHELL_CONTEXTS):
        text = ctx.text.text
        held = [(test, when) for test, when in pairs if test(text, settings)]
        if held and any(when is None or when(file, text) for _, when in held):
            wanted = _any_of(tuple(test for test, _ in held), settings)
            out.append((ctx, parse_shell(ctx.text, ctx.dialect, wanted)))
        else:
            out.append((ctx, _unparsed(ctx.dialect)))
    return out


def _any_of(tests: tuple[Callable[[str, Settings], bool], ...], settings: Settings) -> Callable[[str], bool]:
    """Whether one of `tests` holds on a statement's text."""
    if len(tests) == 1:
        test = tests[0]
        return lambda text: test(text, settings)

    def wanted(text: str) -> bool:
        # (a loop, no generator: this runs on each statement of a parsed context)
        for test in tests:
            if test(text, settings):
                break
        else:
            return False
        return True
    return wanted


# Unparsed contexts share one empty script per dialect (most contexts: a script is frozen).
_UNPARSED: dict[str, Script] = {}


def _unparsed(dialect: str) -> Script:
    script = _UNPARSED.get(dialect)
    if script is None:
        from ..shell.model import Script

        script = _UNPARSED[dialect] = Script((), (), dialect)
    return script


def logins(file: ScannedFile) -> list[LoginSite]:
    """Every login of the catalog in the file's parsed shell, in source order per context."""
    from ..shell.logins import find_logins

    return [LoginSite(ctx, script, login) for ctx, script in file.get(SHELL_SCRIPTS) if script.commands
            for login in find_logins(script, file.classifier)]


def url_credentials(file: ScannedFile) -> list[UrlCredential]:
    return [UrlCredential(m.group("user"), m.group("pw"), m.group("host"), Span(m.start("pw"), m.end("pw")))
            for m in url_matches(file.source.text)]


def suppressions(file: ScannedFile) -> list[Directive]:
    """The file's `dcrlint: ignore[...]` comments, in its language's comment syntax."""
    return parse_directives(file.source.text, file.kind)


FACTS: dict[Fact[Any], Any] = {
    SHELL_SCRIPTS: shell_scripts,
    LOGINS: logins,
    URL_CREDENTIALS: url_credentials,
    SUPPRESSIONS: suppressions,
}
NEEDS: dict[Fact[Any], tuple[Fact[Any], ...]] = {
    SHELL_SCRIPTS: (SHELL_CONTEXTS,),
    LOGINS: (SHELL_CONTEXTS,),
}
