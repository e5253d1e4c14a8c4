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
    from ..facts import ShellContext
    from ..scanned import ScannedFile
    from ..shell.model import Script
    from ..suppress import Directive


def shell_scripts(file: ScannedFile) -> list[tuple[ShellContext, Script]]:
    """Each shell context parsed once. A context with nothing the file's checks read (their
    command filters) is not parsed, and in one that is, nor is a top-level statement with
    nothing they read: most scripts of a monorepo are such, and parsing is the costly step.
    A filter with a `when` counts for a context only where its `when` holds too."""
    from ..shell import parse_shell

    filters = file.commands
    if filters is None:
        from ..checks import command_filters

        filters = command_filters()
    settings = file.settings
    tests = tuple(f.test for f in filters)
    first = tuple(f.test for f in filters if f.when is None)
    later = [(f.test, f.when) for f in filters if f.when is not None]

    def wanted(text: str) -> bool:
        # (a loop, no generator: this runs on each context and on each statement of one parsed)
        for test in tests:
            if test(text, settings):
                break
        else:
            return False
        return True

    def parsed(text: str) -> bool:
        for test in first:
            if test(text, settings):
                return True
        return any(test(text, settings) and when(file, text) for test, when in later)

    out = []
    for ctx in file.get(SHELL_CONTEXTS):
        if parsed(ctx.text.text):
            # every filter on each top-level statement: the others are not walked
            out.append((ctx, parse_shell(ctx.text, ctx.dialect, wanted)))
        else:
            out.append((ctx, _unparsed(ctx.dialect)))
    return out


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
