"""Jenkinsfiles: the scripts of `sh`, `bat`, `powershell` and `pwsh` steps, and the
assignments of `environment { }` blocks, `env.NAME =` and job parameters."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from ..facts import ASSIGNMENTS, JENKINS_MODEL, SHELL_CONTEXTS, VALUES, Assignment, Fact, ShellContext
from ..filevalues import jenkins_values
from ..groovy import Token, TokenKind
from ..jenkins import MAX_DEPTH, JenkinsModel, parse
from ..lazyre import lazy_compile
from ..secretnames import names_a_stored_credential
from ..values import ValueKind
from . import inert

if TYPE_CHECKING:
    from ..scanned import ScannedFile

T = TypeVar("T")
DIALECTS = {"sh": "sh", "bat": "cmd", "powershell": "pwsh", "pwsh": "pwsh",
            "shell": "sh", "batchFile": "cmd", "powerShell": "pwsh"}  # (Job DSL's steps)

def jenkins_model(file: ScannedFile) -> JenkinsModel:
    """The file's model (the JENKINS_MODEL fact, built once per scanned file)."""
    model = file.get(JENKINS_MODEL)
    return model if model is not None else parse("")


def build_model(file: ScannedFile) -> JenkinsModel:
    """The model of a Jenkinsfile; lexing problems become notifications."""
    model = parse(file.source.text)
    for offset, message in model.errors:
        file.notify(f"Groovy: {message}; the rest of the file may be misread", file.source.position(offset)[0])
    if model.too_deep_at is not None:
        file.notify(f"Groovy: blocks nested more than {MAX_DEPTH} deep; the deeper part is not scanned",
                    file.source.position(model.too_deep_at)[0])
    return model


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    out: list[ShellContext] = []
    for step in jenkins_model(file).steps:
        place: tuple[str, ...] = ()
        for name in step.stages:
            place += ("stage", name)
        out.append(ShellContext(step.value, DIALECTS[step.name], (*place, step.name, str(step.index))))
    return out


def _known(value: T) -> T:
    return value


# A variable's value read in a string: `"${NAME}"`, `"$NAME"`, `"${env.NAME}"`.
_STRING_OF_NAME = lazy_compile(r"(?:\"|\"\"\")\$(?:\{(?:env\.|params\.)?([A-Za-z_]\w*)\}|([A-Za-z_]\w*))(?:\"|\"\"\")")


def _names_given_as_credential_ids(model: JenkinsModel) -> set[str]:
    """Variables the file hands to the credential store as an id: `credentialsId: NAME`,
    `credentialsId: "${env.NAME}"` (or `params.NAME`), `credentials(NAME)`, a list or one of them as a step's
    `credentials:` (`sshagent(credentials: [NAME])`, `withAWS(credentials: NAME)`),
    `sshagent([NAME])`, the second argument of `docker.withRegistry(url, NAME)`. Their value
    names a stored credential, as `credentials('id')` does; it is not the secret."""
    toks = [t for t in model.tokens if t.kind is not TokenKind.COMMENT]
    out: set[str] = set()
    for i, t in enumerate(toks[:-2]):
        key = t.text if t.kind is TokenKind.IDENT else t.text[1:-1] if t.kind is TokenKind.STRING else ""
        after = toks[i + 1].text
        if (key in ("credentialsId", "credentials") and after == ":") or (key in ("credentials", "sshagent")
                                                                           and after == "("):
            out.update(_id_names(toks, i + 2))
        elif key == "withRegistry" and after == "(":
            out.update(_id_names(toks, _next_argument(toks, i + 2)))
    return out


def _id_names(toks: list[Token], at: int) -> list[str]:
    """The variables an id argument at `at` reads: one (`NAME`, `env.NAME`, `"${NAME}"`) or
    each of a list's (`[A, env.B]`)."""
    if at < len(toks) and toks[at].text == "[":
        names: list[str] = []
        at += 1
        while at < len(toks) and toks[at].text not in ("]", ")", "}"):
            names.extend(_id_names(toks, at))
            at = _next_argument(toks, at)
        return names
    if at >= len(toks):
        return []
    v = toks[at]
    if v.kind is TokenKind.STRING:
        m = _STRING_OF_NAME.fullmatch(v.text)
        return [m.group(1) or m.group(2)] if m else []
    if v.kind is TokenKind.IDENT and v.text in ("env", "params") and at + 2 < len(toks) and toks[at + 1].text == ".":
        v, at = toks[at + 2], at + 2
    if v.kind is TokenKind.IDENT and (at + 1 == len(toks) or toks[at + 1].text in (",", ")", "]")):
        return [v.text]
    return []


def _next_argument(toks: list[Token], at: int) -> int:
    """The index after the comma that ends the argument at `at` (brackets inside it skipped),
    or of the bracket closing the list it is in (len(toks) when none)."""
    depth = 0
    for j in range(at, len(toks)):
        text = toks[j].text
        if toks[j].kind is not TokenKind.PUNCT:
            continue
        if text in ("(", "[", "{"):
            depth += 1
        elif text in (")", "]", "}"):
            if depth == 0:
                return j
            depth -= 1
        elif text == "," and depth == 0:
            return j + 1
    return len(toks)


def assignments(file: ScannedFile) -> list[Assignment]:
    """`NAME = value` of every `environment { }` block, and `env.NAME = value` in code (a
    `script { }` block, a scripted pipeline: the same build environment, set at run time), and
    each job parameter given a value (a declaration's default, a value passed to a triggered
    build: the build's environment too). A
    value is text when written as a string literal Groovy does not build at run time (not a
    GString, a call or a number); a value the file passes on as a credential id, or a
    credentials-named variable's value shaped as a store id (`secretnames.names_a_stored_credential`),
    is a reference to the store."""
    text = file.source.text
    out: list[Assignment] = []
    model = jenkins_model(file)
    given = (*model.environment, *model.env_sets, *(p.assigned for p in model.parameters))
    ids = _names_given_as_credential_ids(model) if given else set()
    env_sets = len(model.environment)  # the first index of `env.NAME =`
    parameters = env_sets + len(model.env_sets)  # the first index of a job parameter
    for at, a in enumerate(given):
        if a.name in ids or (not a.is_gstring and names_a_stored_credential(a.name, a.value.text)):
            kind, is_text = ValueKind.REFERENCE, False
        elif a.kind in (ValueKind.EXPRESSION, ValueKind.REFERENCE) or a.is_gstring:
            kind, is_text = (ValueKind.EXPRESSION if a.is_gstring else a.kind), False
        else:
            kind, is_text = file.classifier.classify(a.value.text), text[a.span.start : a.span.start + 1] in ("'", '"')
        place: tuple[str, ...] = ()
        for name in a.stages:
            place += ("stage", name)
        if at >= parameters:
            default = model.parameters[at - parameters].is_default
            out.append(Assignment(a.name, a.value.text, kind, is_text, (*place, "parameters", a.name),
                                  "input-default" if default else "variable", f"job parameter `{a.name}`",
                                  "take it from the Jenkins credential store (a credentials parameter, "
                                  "withCredentials)", partial(_known, a.value), partial(_known, a.name_span)))
            continue
        block = "environment" if at < env_sets else "env"
        out.append(Assignment(a.name, a.value.text, kind, is_text, (*place, block, a.name), "variable",
                              f"environment variable `{a.name}`",
                              "bind it with credentials('id') from the Jenkins credential store" if at < env_sets
                              else "bind it with withCredentials from the Jenkins credential store",
                              partial(_known, a.value), partial(_known, a.name_span)))
    return out


FACTS: dict[Fact[Any], Any] = {JENKINS_MODEL: build_model, SHELL_CONTEXTS: shell_contexts, VALUES: jenkins_values,
                               ASSIGNMENTS: assignments}


def notes(file: ScannedFile) -> bool:
    """The model's notifications (an unterminated string or comment, nesting too deep): none
    for a text `groovyscan.quiet` proves the lexer and the parser find nothing wrong in (several
    times cheaper than lexing it); any other is modelled, as the checks would model it."""
    from ..groovyscan import quiet

    return quiet(file.source.text) or inert.modelled(file, JENKINS_MODEL)


NOTES = notes
