"""DCR002 hardcoded-registry-credential: a literal password given to a registry login: as a
login command's argument or piped into `--password-stdin`, as a login input of a GitHub
action, or in a Jenkins `docker.withRegistry` URL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..classify import FileKind
from ..facts import ACTION_INPUTS, ASSIGNMENTS, JENKINS_MODEL, LOGINS, REGISTRY_CREDENTIALS, VARIABLES, LoginSite
from ..findings import Finding
from ..lazyre import lazy_compile
from ..logintools import LOGIN_COMMANDS, may_log_in
from ..scanned import ScannedFile
from ..secretnames import is_user_name, user_names
from ..source import MappedText, Span
from ..urlcreds import URL_CREDENTIALS
from ..values import ValueKind, classify
from . import FileCheck
from ._literals import LOGIN_INPUTS, literal_parts
from ._script_literals import Literals
from ._spellings import may_have_key, may_read

if TYPE_CHECKING:
    from ..facts import ActionInput, Assignment


def check_logins(file: ScannedFile) -> Iterator[Finding]:
    sites = file.get(LOGINS)
    if not sites:
        return  # most files (an import statement costs more than this test)
    from ..extractors.derived import layer_of
    from ..shell.logins import literal_fed_to_stdin, registry_label

    layer = layer_of(file)
    given: set[Span] = set()
    literals: dict[int, Literals] = {}  # by script: what its variables are set to
    for site in sites:
        login, ctx = site.login, site.context
        where = registry_label(login)
        if file.kind is FileKind.DOCKERFILE or ctx.dialect == "sh":
            yield from _given_by_variable(file, site, where, given, literals)
            yield from _given_as_default(file, site, where, given)
        pw = login.password
        if pw is not None:
            if login.password_kind is ValueKind.LITERAL and not _guessable(login.registry, login.username, pw):
                yield Finding(
                    "DCR002", f"hard-coded password for `{login.tool}`{where}; keep it in a secret store",
                    file.path, pw.span(0, len(pw.text)), ctx.place, secret=pw.text,
                )
        elif login.password_stdin:
            fed = literal_fed_to_stdin(login, file.classifier, layer)
            if fed is not None and fed.text and not _guessable(login.registry, login.username, fed):
                yield Finding(
                    "DCR002",
                    f"hard-coded password piped into `{login.tool}`{where}; keep it in a secret store",
                    file.path, fed.span(0, len(fed.text)), ctx.place, secret=fed.text,
                )


def _given_by_variable(file: ScannedFile, site: LoginSite, where: str, given: set[Span],
                       literals: dict[int, Literals]) -> Iterator[Finding]:
    """A login given a variable (`-p "$X"`, `echo "$X" |`) whose value the file writes as a
    literal: a Dockerfile's earlier `ARG` default or `ENV` (kept in the image's history or config
    too), or a line of its script setting it where nothing else does (`_script_literals`). The
    password is written in the file all the same. Reported once at that literal."""
    from ..shell.logins import password_variable

    name = password_variable(site.login)
    if name is None:
        return
    at = site.login.command.span.start  # (a file offset)
    value: MappedText | None
    if file.kind is FileKind.DOCKERFILE:
        earlier = [v.value for v in file.get(VARIABLES) if v.name == name and v.statement.start < at]
        value = earlier[-1] if earlier else None
        written, advice = "the Dockerfile", "give it as a build secret (`RUN --mount=type=secret`)"
    else:
        held = literals.get(id(site.script))
        if held is None:
            held = literals[id(site.script)] = Literals(site.context, site.script)
        word = held.value(name, at)
        value = None if word is None else word.value
        written, advice = "the script", "keep it in a secret store"
    if value is None or (span := _new_literal(file, site, value, given)) is None:
        return
    yield Finding("DCR002", f"hard-coded password for `{site.login.tool}`{where}, written as {name}'s value in "
                  f"{written}; {advice}", file.path, span, ("variable", name), secret=value.text)


def _given_as_default(file: ScannedFile, site: LoginSite, where: str, given: set[Span]) -> Iterator[Finding]:
    """A login given `${X:-word}` (`-p`, or fed to its stdin): the word is the password wherever X
    is unset, written in the file. Reported when it is a literal, as the password would be."""
    from ..shell.logins import password_default

    found = password_default(site.login)
    if found is None:
        return
    name, value = found
    span = _new_literal(file, site, value, given)
    if span is None:
        return
    yield Finding("DCR002", f"hard-coded password for `{site.login.tool}`{where}, written as {name}'s default; "
                  "keep it in a secret store", file.path, span, ("variable", name), secret=value.text)


def _new_literal(file: ScannedFile, site: LoginSite, value: MappedText, given: set[Span]) -> Span | None:
    """Where a password the file writes for a login is (`given` now holds it), when it is a
    literal no other finding of the login's has given, and not a local test registry's guessable
    account (`_guessable`); None otherwise."""
    span = value.span(0, len(value.text))
    if span in given or classify(value.text, file.settings.placeholders) is not ValueKind.LITERAL \
            or _guessable(site.login.registry, site.login.username, value):
        return None
    given.add(span)
    return span


def _guessable(registry: MappedText | str | None, user: MappedText | str | None, password: MappedText) -> bool:
    """A login to a registry on the machine itself (`localhost:5000`) whose password is its user
    name (`secretnames.is_user_name`): a throwaway account of a local test registry, read off the line
    beside it; no secret is written down. A login to a registry elsewhere with that pair is still
    reported: unlike a setting's fill, a login is what a job uses, and the line says the pair
    works on a registry others reach."""
    if not registry or not user:
        return False
    from ..dockerauth import registry_host
    from ..images import is_local_registry

    def text(v: MappedText | str) -> str:
        return v if isinstance(v, str) else v.text

    return is_user_name(password.text, user_names([("user", text(user))])) \
        and is_local_registry(registry_host(text(registry)))


def check_inputs(file: ScannedFile) -> Iterator[Finding]:
    """A literal given to a login input (`password`, `token`) of an action or a CI plugin."""
    seen: set[Span] = set()  # a value written once and used at several places (a YAML anchor)
    for i in file.get(ACTION_INPUTS):
        if i.taker == "workflow" or i.name.lower() not in LOGIN_INPUTS:
            continue
        where = i.text.span(0, len(i.text.text))
        if where in seen:
            continue
        seen.add(where)
        message = (f"input `{i.name}` of `{i.action}`" if i.taker == "action" else f"`{i.name}` of `{i.action}`") \
            + f" is given a literal credential; {i.advice}"
        for span, written in literal_parts(file, i):
            yield Finding("DCR002", message, file.path, span, i.place, secret=written)


# A login input given a variable of the workflow's or action's `env:` (`password: ${{ env.REG_PASSWORD }}`),
# or one of its inputs (`${{ inputs.password }}`, read as its default when the caller gives none).
_ENV_EXPRESSION = lazy_compile(r"\s*\$\{\{\s*(env|inputs)\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}\s*")


def check_env_inputs(file: ScannedFile) -> Iterator[Finding]:
    """A login input of a GitHub action given `${{ env.NAME }}` where the step's, job's or
    workflow's `env:` (the nearest; a composite action's step's own) writes NAME as a literal, or
    `${{ inputs.NAME }}` where the workflow's or action's input NAME has a literal default: the
    login's password written in the file, reported at that literal (before the secret-named
    variable's DCR010, which it outranks). A pair whose password is its user name on a registry
    on the machine itself is guessable (`_guessable`); on another registry it is what the login
    works with."""
    where = "action" if file.kind is FileKind.GITHUB_ACTION else "workflow"
    seen: set[Span] = set()
    for login, read, given, span, guessable in _env_logins(file):
        if span in seen or guessable:
            continue
        seen.add(span)
        written = f"the {where}'s `env:`" if read.startswith("env.") else f"the default of the {where}'s input"
        yield Finding("DCR002", f"input `{login.name}` of `{login.action}` is given `{read}`, a "
                      f"literal credential written in {written}; {login.advice}", file.path, span,
                      given.place, secret=file.source.text[span.start : span.end])


def local_login_env(file: ScannedFile) -> set[tuple[str, ...]]:
    """The places of `env:` literals (and inputs' defaults) a login reads as the guessable
    password of a registry on the machine itself (`_guessable`): a local test registry's
    throwaway account, no secret for DCR010 either."""
    if not may_give_env_to_login(file):
        return set()
    return {given.place for _, _, given, _, guessable in _env_logins(file) if guessable}


def _env_logins(file: ScannedFile) -> Iterator[tuple[ActionInput, str, Assignment, Span, bool]]:
    """Each login input given `${{ env.NAME }}` (`${{ inputs.NAME }}`) whose nearest `env:` (input
    default) writes NAME as a literal secret: the input, what it reads (`env.NAME`), the
    assignment, the literal's span, and whether the pair is guessable."""
    from ..notsecret import not_a_secret

    inputs = file.get(ACTION_INPUTS)
    logins = [i for i in inputs if i.taker == "action" and i.name.lower() in LOGIN_INPUTS
              and _ENV_EXPRESSION.fullmatch(i.value)]
    if not logins:
        return
    given_in: dict[str, dict[tuple[str, ...], Assignment]] = {"env": {}, "inputs": {}}
    for a in file.get(ASSIGNMENTS):
        if a.role == "variable" and a.place[-2:-1] == ("env",):
            given_in["env"][a.place] = a
        elif a.role == "input-default":
            given_in["inputs"].setdefault((a.place[-2],), a)  # (the first declared: an action's, a trigger's)
    for login in logins:
        m = _ENV_EXPRESSION.fullmatch(login.value)
        given = _nearest(given_in, login.place, m.group(1), m.group(2)) if m is not None else None
        if m is None or given is None or not given.is_text:
            continue
        text = given.value.strip()
        if not text or given.kind is not ValueKind.LITERAL or not_a_secret(text, file.settings.placeholders):
            continue
        step = {i.name.lower(): i.value for i in inputs if i.place[:-1] == login.place[:-1]}
        user = step.get("username")
        if user is not None and (u := _ENV_EXPRESSION.fullmatch(user)) is not None:
            found = _nearest(given_in, login.place, u.group(1), u.group(2))
            user = found.value if found is not None else None
        value = given.text
        lead = len(value.text) - len(value.text.lstrip())
        span = value.span(lead, lead + len(text))
        yield (login, f"{m.group(1)}.{m.group(2)}", given, span,
               _guessable(step.get("registry", "docker.io"), user, value))


def _nearest(given_in: dict[str, dict[tuple[str, ...], Assignment]], place: tuple[str, ...], scope: str,
             name: str) -> Assignment | None:
    """What a step's input (at `place`: the step's place, then with, name) reads as `scope.name`:
    an input's default, or the `env:` entry NAME: the step's own, else (a workflow's step) its
    job's, else the workflow's."""
    if scope == "inputs":
        return given_in["inputs"].get((name,))
    step = place[:-2]
    scopes = [step, step[:2], ()] if step[:1] == ("jobs",) else [step]
    return next((a for s in scopes if (a := given_in["env"].get((*s, "env", name))) is not None), None)


def may_give_login_input(file: ScannedFile) -> bool:
    """Gate of `check_inputs`: an input is a mapping key (`with:`, a plugin's settings)."""
    return may_have_key(file, *sorted(LOGIN_INPUTS))


def may_give_env_to_login(file: ScannedFile) -> bool:
    """Gate of `check_env_inputs`: a workflow's or action's login input reads `env.` or
    `inputs.` (a GitHub expression)."""
    return file.kind in (FileKind.GITHUB_WORKFLOW, FileKind.GITHUB_ACTION) and may_give_login_input(file) \
        and may_read(file, "env.", "inputs.")


def may_call_registry(file: ScannedFile) -> bool:
    """Gate of `_jenkins_registries`: the call (`*.withRegistry`, `withDockerRegistry`) and a
    URL's `@` (in a Groovy string, maybe escaped)."""
    return may_read(file, "withregistry", "withdockerregistry") and may_read(file, "@")


def _jenkins_registries(file: ScannedFile) -> Iterator[Finding]:
    """DCR002: `docker.withRegistry('https://user:pass@host', ...)` with a literal password."""
    from ..extractors.jenkins import jenkins_model

    text = file.source.text
    for reg in jenkins_model(file).registries:
        url = reg.url
        if url is None:
            continue
        for m in URL_CREDENTIALS.finditer(url.value.text):
            pw = m.group("pw")
            if pw.startswith("$") or "${" in pw:
                continue
            if classify(pw, file.settings.placeholders) is not ValueKind.LITERAL:
                continue
            span = url.value.span(m.start("pw"), m.end("pw"))
            written = text[span.start : span.end]
            host = m.group("host")
            yield Finding(
                "DCR002",
                f"hard-coded password in the `{reg.call}` URL for {host}; "
                "pass a Jenkins credentials ID instead",
                file.path, span, ("registry", reg.call, host), secret=written,
            )



def check_configured(file: ScannedFile) -> Iterator[Finding]:
    """A literal password in a registry login written as configuration (Terraform, jib, Ansible)."""
    advice = "read it from a secret store or a sensitive variable"
    if file.kind is FileKind.TERRAFORM_STATE:  # (state records what it was given, whatever the source)
        from ..infra.tfstate import ADVICE

        advice = ADVICE
    for c in file.get(REGISTRY_CREDENTIALS):
        if c.kind != "login" or classify(c.password.text, file.settings.placeholders) is not ValueKind.LITERAL:
            continue
        if _guessable(c.registry, c.user, c.password):
            continue
        who = f" (user {c.user})" if c.user else ""
        registry = f" for {c.registry}{who}" if c.registry else who
        yield Finding("DCR002", f"hard-coded registry password in {c.where}{registry}; {advice}",
                      file.path, c.password.span(0, len(c.password.text)), c.place, secret=c.password.text)


def may_configure_login(file: ScannedFile) -> bool:
    """Gate of `check_configured`: each source names the password `password` (Terraform's
    `registry_auth`, jib's `<password>` and `password =`, Ansible's `password:`)."""
    return may_read(file, "password")


CHECKS = (
    FileCheck(rules=("DCR002",), run=check_logins, facts=(LOGINS,), commands=(LOGIN_COMMANDS,), gate=may_log_in),
    FileCheck(rules=("DCR002",), run=check_inputs, facts=(ACTION_INPUTS,), gate=may_give_login_input),
    FileCheck(rules=("DCR002",), run=check_env_inputs, facts=(ACTION_INPUTS, ASSIGNMENTS),
              gate=may_give_env_to_login),
    FileCheck(rules=("DCR002",), run=_jenkins_registries, facts=(JENKINS_MODEL,), gate=may_call_registry),
    FileCheck(rules=("DCR002",), run=check_configured, facts=(REGISTRY_CREDENTIALS,), gate=may_configure_login),
)
