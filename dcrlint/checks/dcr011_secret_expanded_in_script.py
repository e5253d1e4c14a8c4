"""DCR011 secret-expanded-in-script: `${{ secrets.X }}` written into a GitHub Actions `run:`
script (with a fix: pass it through the step's `env:`); secrets pasted into Azure Pipelines and
CircleCI scripts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..classify import FileKind
from ..facts import CI_FACTS, GITHUB_WORKFLOWS, SHELL_CONTEXTS
from ..findings import Edit, Finding, Fix
from ..ghexpr import expressions, yielded_operands, yields_boolean
from ..lazyre import lazy_compile
from ..scanned import ScannedFile
from ..secretnames import SHELL_COMMAND_NAMES, is_secret_name
from ..source import Span
from . import FileCheck
from ._spellings import lower, may_name_secret, may_read

if TYPE_CHECKING:
    from ..gha import EnvInsertion
    from ..source import MappedText

# The `secrets` context, in any case as GitHub reads expressions (`SECRETS.X`), not a property
# of another one (`inputs.secrets`, `env.SECRETS`).
_SECRETS_REF = lazy_compile(r"(?i)(?<![\w.-])secrets\b")


def _refs_secrets(text: str) -> bool:
    """`_SECRETS_REF` holds in text. The word in lower case first (`lower`: what a pattern that
    ignores case matches is in it), a substring search: a pattern that starts with a lookbehind
    and ignores case tries every position of the text."""
    return "secrets" in lower(text) and _SECRETS_REF.search(text) is not None
# An input of the workflow's or action's callers (`inputs.X`), and one written alone.
_INPUT_REF = lazy_compile(r"(?i)(?<![\w.-])inputs\s*\.\s*([A-Za-z_][\w-]*)")
_SIMPLE_INPUT = lazy_compile(r"\s*(?i:inputs)\s*\.\s*([A-Za-z_][A-Za-z0-9_-]*)\s*")


def _reads_secret(expr: str, secret_inputs: frozenset[str]) -> bool:
    """The expression reads the `secrets` context, or an input its callers give that is named
    for a secret (`secret_inputs`, lower case: a composite action's or reusable workflow's
    `inputs.registry_password` is the secret its caller passed)."""
    return _SECRETS_REF.search(expr) is not None or (bool(secret_inputs) and any(
        m.group(1).lower() in secret_inputs for m in _INPUT_REF.finditer(expr)))


def _secret_inputs(file: ScannedFile) -> frozenset[str]:
    """The secret-named inputs an action or a reusable workflow declares for its callers."""
    if not may_read(file, "inputs"):
        return frozenset()
    from ..gha import caller_inputs

    pattern = file.settings.secret_names
    return frozenset(n.lower() for n in caller_inputs(file) if is_secret_name(n, pattern))


_SIMPLE_SECRET = lazy_compile(r"""\s*(?i:secrets)\s*(?:\.\s*([A-Za-z_][A-Za-z0-9_-]*)|\[\s*'([^']+)'\s*\])\s*""")
_ENV_NAME = lazy_compile(r"[A-Za-z_][A-Za-z0-9_]*")


class _QuoteState:
    """The quote the shell is inside at a place of a script: "", "'" or '"' (expressions
    skipped). Places are asked for in order, so the scan goes on from the last one: the
    script is read once for all its expressions (was once each, quadratic)."""

    def __init__(self, text: str, escape: str) -> None:
        self.text, self.escape = text, escape
        self.i, self.state = 0, ""

    def at(self, upto: int) -> str:
        if upto < self.i:
            self.i, self.state = 0, ""  # asked out of order: start again
        text, escape, i, state = self.text, self.escape, self.i, self.state
        while i < upto:
            if text.startswith("${{", i):
                close = text.find("}}", i)
                if not 0 <= close < upto:
                    break  # `upto` is inside this expression: stop before it, resume here
                i = close + 2
                continue
            c = text[i]
            if state == "'":
                if c == "'":
                    state = ""
            elif c == escape:
                i += 1
            elif state == '"':
                if c == '"':
                    state = ""
            elif c in "'\"":
                state = c
            elif c == "#" and (i == 0 or text[i - 1] in " \t\n;"):
                nl = text.find("\n", i)
                if nl < 0 or nl >= upto:
                    break  # `upto` is in this comment
                i = nl
                continue
            i += 1
        self.i, self.state = i, state
        return state


_BARE_REF = {"heredoc": "${{{name}}}", "arithmetic": "${{{name}}}", "test": "${{{name}}}",
             "case-pattern": "${{{name}}}"}


def _shell_ref(dialect: str, state: str, name: str) -> str | None:
    if dialect == "sh":
        return {"": f'"${name}"', '"': f"${{{name}}}", "'": f"'\"${name}\"'"}[state]
    if dialect == "pwsh":
        return {"": f"$env:{name}", '"': f"${{env:{name}}}"}.get(state)
    if dialect == "cmd":
        return f"%{name}%"
    return None


def _yaml_encode(style: str, text: str, at_start: bool) -> str | None:
    """Text to write inside a scalar of the style so that it decodes to `text`."""
    if style == '"':
        return text.replace("\\", "\\\\").replace('"', '\\"')
    if style == "'":
        return text.replace("'", "''")
    if style in ("|", ">"):
        return text
    if at_start and text[:1] in ("'", '"', "%"):
        return None  # a plain scalar cannot start with a quote
    return text


def _env_edit(env: EnvInsertion, names: Iterable[str]) -> Edit | None:
    """The edit adding `NAME: ${{ secrets.X }}` for the names to the step's `env:` (creating
    it), None when they are all there. Each fix adds its own entry only (the step's whole block
    in each made a report grow with the square of the step's expressions); the fixer joins the
    entries of the fixes it applies, the `env:` line once, in name order."""
    texts = sorted((name, env.entries[name]) for name in set(names) if name in env.entries)
    if not texts:
        return None
    entries, end = [], len(env.head)
    for name, entry in texts:
        end += len(entry)
        entries.append((name, end))
    return Edit(Span(env.at, env.at), env.head + "".join(t for _, t in texts), shared=len(env.head),
                entries=tuple(entries))


def may_expand_secrets(file: ScannedFile) -> bool:
    """The gate of `check_run_secrets`: a `run:` text reads the `secrets` context (the check's
    own test of each script). Asked only of a file that may read the word at all (any case,
    escapes decoded): most workflows name no secret and are not modelled here; most that do
    name them only in `with:` or `env:` (227 of the corpus's 442 GitHub files read the word, 23
    in a `run:`). Or an action or reusable workflow reads a secret-named input of its callers."""
    if may_read(file, "secrets") and any(_refs_secrets(ctx.text.text) for ctx in file.shell_contexts):
        return True
    return bool(_secret_inputs(file)) and any("inputs" in lower(ctx.text.text) for ctx in file.shell_contexts)


def check_run_secrets(file: ScannedFile) -> Iterator[Finding]:
    """DCR011: `${{ secrets.X }}` written into `run:` text (or a secret-named input of the
    action's or reusable workflow's callers, `${{ inputs.registry_password }}`)."""
    secret_inputs = _secret_inputs(file)
    if not may_read(file, "secrets") and not secret_inputs:
        return  # (its gate's first test, for a scan that runs every check: a kind without NOTES)
    from ..gha import run_steps, secret_env_of, step_dialect

    text = file.source.text
    scripts = {ctx.place: ctx.text for ctx in file.shell_contexts}  # each `run:` decoded once
    for step in run_steps(file):
        if step.run is None:
            continue
        place = (*step.place, "run")
        mt = scripts[place]
        secret_env = secret_env_of(step) if "env." in mt.text or "ENV." in mt.text.upper() else {}
        if not _refs_secrets(mt.text) and not secret_env and not (secret_inputs and "inputs" in lower(mt.text)):
            continue  # no expression of it can read `secrets`
        lang = step_dialect(step)
        hits = []
        wanted: dict[str, str] = {}
        for m in expressions(mt.text):
            via_env = _ENV_REF.fullmatch(m.group(1))
            if via_env is not None and via_env.group(1) in secret_env:
                # `${{ env.X }}` where X is `${{ secrets.Y }}`: the secret pasted all the same
                yield Finding("DCR011", f"secret `{secret_env[via_env.group(1)]}` is expanded into the `run:` "
                              f"script text through `env.{via_env.group(1)}`; reference the environment "
                              f"variable in the script instead", file.path, mt.span(m.start(), m.end()), place)
                continue
            if not _reads_secret(m.group(1), secret_inputs):
                continue
            if yields_boolean(m.group(1)) or not any(
                    _reads_secret(o, secret_inputs) and not yields_boolean(o) for o in yielded_operands(m.group(1))):
                continue  # `${{ secrets.X != '' }}` writes `true` or `false`, `secrets.X && 'a' || 'b'` a word
            simple = _SIMPLE_SECRET.fullmatch(m.group(1))
            name = (simple.group(1) or simple.group(2)) if simple else None
            given = _SIMPLE_INPUT.fullmatch(m.group(1)) if simple is None else None
            context = "secrets"
            if given is not None and given.group(1).lower() in secret_inputs:
                name, context = given.group(1), "inputs"
            env_name = name if name and _ENV_NAME.fullmatch(name) else None
            hits.append((m, name, env_name, context))
            if env_name:
                wanted[env_name] = f"${{{{ {context}.{name} }}}}"
        env = step.env_insertion(file.source, wanted) if wanted else None
        quotes = _QuoteState(mt.text, "`" if lang == "pwsh" else "\\")
        found = []
        for m, name, env_name, context in hits:
            span = mt.span(m.start(), m.end())
            replacement = None
            if env_name and env is not None and text[span.start : span.end] == m.group():
                replacement = _replacement(file, step.run_style, mt.text, m.start(), m.end(), span, lang,
                                           env_name, quotes)
            found.append((span, name, env_name, replacement, context))
        # Entries no replacement reads (an expression left as it is) go with the step's first
        # fix: all the fixes together write the step's whole block, as they always did.
        fixed = {n for _, _, n, r, _ in found if r is not None}
        unread = [n for n in env.entries if n not in fixed] if env is not None else []
        for span, name, env_name, replacement, context in found:
            fix = None
            if replacement is not None and env is not None and env_name:
                env_edit = _env_edit(env, [env_name, *unread])
                unread = []
                edits = (replacement,) if env_edit is None else (replacement, env_edit)
                fix = Fix(f"pass the secret through the step's env as `{env_name}`", edits)
            label = (f"input `{name}`" if context == "inputs" else f"secret `{name}`") if name else "a secret"
            yield Finding("DCR011",
                          f"{label} is expanded into the `run:` script text; pass it through `env:` "
                          "and reference the environment variable",
                          file.path, span, place, fix=fix)
    yield from _remote_script_secrets(file, scripts)


_ENV_REF = lazy_compile(r"\s*(?i:env)\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)\s*")


def _remote_script_secrets(file: ScannedFile, scripts: dict[tuple[str, ...], MappedText]) -> Iterator[Finding]:
    """`${{ secrets.X }}` in an action's input that is a script it runs on a remote host
    (`gha.REMOTE_SCRIPT_INPUTS`): pasted into the script text as `run:`'s are (quotes in the
    secret break it, the secret is a command-line word on the host). No fix: how the action
    passes variables to the host is its own."""
    from ..gha import remote_scripts

    for step, name, _value in remote_scripts(file):
        place = (*step.place, "with", name)
        mt = scripts.get(place)
        if mt is None or not _refs_secrets(mt.text):
            continue
        for m in expressions(mt.text):
            if not _SECRETS_REF.search(m.group(1)) or yields_boolean(m.group(1)) or not any(
                    _SECRETS_REF.search(o) and not yields_boolean(o) for o in yielded_operands(m.group(1))):
                continue
            simple = _SIMPLE_SECRET.fullmatch(m.group(1))
            secret = (simple.group(1) or simple.group(2)) if simple else None
            label = f"secret `{secret}`" if secret else "a secret"
            yield Finding("DCR011", f"{label} is expanded into the `{name}` input, a script the action runs on the "
                          "remote host; pass it through the step's `env:` and the action's input that "
                          "forwards environment variables, and reference the variable",
                          file.path, mt.span(m.start(), m.end()), place)


def _replacement(file: ScannedFile, style: str, script: str, s: int, e: int, span: Span,
                 lang: str, env_name: str, quotes: _QuoteState) -> Edit | None:
    """The edit writing an environment reference in place of the expression."""
    text = file.source.text
    start, end = span.start, span.end
    where = ""
    if lang == "sh":
        from ..shell.bash import expansion_context

        where = expansion_context(script, s)
    if where:
        # Text pasted there is read without word splitting or quote removal of a variable's
        # value (heredoc body, arithmetic, `[[ ]]`, a case pattern): a bare ${NAME} reads the
        # same. A quoted heredoc expands nothing and an array's words depend on the value.
        ref = _BARE_REF.get(where, "").format(name=env_name) or None
    else:
        state = quotes.at(s) if lang in ("sh", "pwsh") else ""
        whole = script[s - 1 : s] == "'" and script[e : e + 1] == "'"  # the quotes hold only the expression
        if lang == "sh" and state == "'" and whole and text[start - 1 : start] == "'" \
                and text[end : end + 1] == "'" and style in ("|", ">", ""):
            start, end, state = start - 1, end + 1, ""
            s -= 1
        ref = _shell_ref(lang, state, env_name)
    if ref is None:
        return None
    written = _yaml_encode(style, ref, s == 0)
    if written is None:
        return None
    return Edit(Span(start, end), written)



# Other CI systems that paste values into the script text before a shell runs it: Azure
# Pipelines `$(NAME)` macros and `${{ variables.NAME }}` / `${{ parameters.NAME }}` template
# expressions, CircleCI `<< parameters.NAME >>` / `<< pipeline.parameters.NAME >>`, of a
# secret-named variable or parameter (an environment reference like `$NAME` is fine).
_NAME = r"(?P<name>[A-Za-z_][A-Za-z0-9_-]*)"
# Azure: a macro is replaced before the task runs (not `$((` arithmetic); template expressions
# when the file is compiled. CircleCI: parameters when the config is processed.
_PASTED = {
    FileKind.AZURE_PIPELINES: (
        lazy_compile(r"\$\(" + _NAME + r"\)"),
        lazy_compile(r"\$\{\{\s*(?:variables|parameters)\s*(?:\.\s*" + _NAME +
                   r"|\[\s*'(?P<quoted>[^']+)'\s*\])\s*\}\}"),
    ),
    FileKind.CIRCLECI: (lazy_compile(r"<<\s*(?:pipeline\s*\.\s*)?parameters\s*\.\s*" + _NAME + r"\s*>>"),),
}
_ADVICE = {
    FileKind.AZURE_PIPELINES: "map it to an environment variable in the step's `env:` and reference that",
    FileKind.CIRCLECI: "keep it in a project or context environment variable and reference `$NAME`",
}


# What each system's patterns above need in the text, all of them (each: one of the words),
# read in any case with escapes decoded: a superset of the scripts' decoded text.
_PASTE_WORDS = {
    FileKind.AZURE_PIPELINES: (("$(", "${{"),),
    FileKind.CIRCLECI: (("<<",), ("parameters",)),
}


def may_paste_secrets(file: ScannedFile) -> bool:
    """The gate of `check_pasted_secrets`: the text may paste something, and may name a secret
    (the file's secret-name settings)."""
    needs = _PASTE_WORDS.get(file.kind)
    return needs is not None and all(may_read(file, *words) for words in needs) and may_name_secret(file)


def check_pasted_secrets(file: ScannedFile) -> Iterator[Finding]:
    patterns = _PASTED.get(file.kind)
    if not patterns:
        return
    names = file.settings.secret_names
    facts = file.get(CI_FACTS)
    name_parameters = facts.name_parameters if facts is not None else frozenset()
    plain_parameters = facts.plain_parameters if facts is not None else frozenset()
    escape = facts.system.literal_escape if facts is not None else ""
    source = file.source.text
    for ctx in file.shell_contexts:
        text = ctx.text.text
        hits = sorted((m.start(), m.end(), m.group("name") or m.groupdict().get("quoted") or "")
                      for p in patterns for m in p.finditer(text))
        for start, end, name in hits:
            if not name or not is_secret_name(name, names):
                continue
            if escape and source.startswith(escape, ctx.text.offset(start)):
                continue  # `\\<< parameters.x >>`: the text `<< parameters.x >>`, nothing pasted
            if file.kind is FileKind.CIRCLECI and name in name_parameters:
                continue  # an `env_var_name` parameter pastes a variable's name (`$<< parameters.x >>`: `$X`)
            if file.kind is FileKind.CIRCLECI and name in plain_parameters:
                continue  # a `boolean`/`integer`/`enum` parameter: a switch or a listed word, no secret
            if text.startswith("$(", start) and name in SHELL_COMMAND_NAMES and ctx.dialect != "cmd":
                continue  # `$(pwd)`: the shell's command substitution (a macro Azure leaves as written)
            yield Finding("DCR011", f"secret `{name}` is pasted into the script text before the shell runs it; "
                          + _ADVICE[file.kind], file.path, ctx.text.span(start, end), ctx.place)


_CI_CHECK = FileCheck(rules=("DCR011",), run=check_pasted_secrets, facts=(CI_FACTS, SHELL_CONTEXTS),
                       kinds=frozenset(_PASTED), gate=may_paste_secrets)

FIXABLE = True  # its findings carry a Fix (rule metadata `fixable: true`)

CHECKS = (FileCheck(rules=("DCR011",), run=check_run_secrets, facts=(GITHUB_WORKFLOWS, SHELL_CONTEXTS),
                    gate=may_expand_secrets),
          _CI_CHECK)
