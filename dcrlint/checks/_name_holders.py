"""Secret-worded shell variables that hold a name, a key or a path, not a secret, told from
what the script itself writes: for DCR003, which reports a secret variable printed to the log.

A variable holds a name when
- the script uses it where a program takes a name: the Secret of a `kubectl`/`oc` command
  (`kubectl get secret "$SECRET"`, `kubectl get secret -n ns -o yaml "$SECRET"`: its options
  read as kubectl reads them; also run from a variable or an array holding the command,
  `$K get secret`, `"${OC[@]}" get secret`), a file it tests or removes (`[ -f "$X" ]`, `rm -f "$X"`),
  a secret's id (`--secret-id "$X"`), the manifest file kubectl or oc reads (`-f "$X"`), a data key of a
  path expression (`{.data.$KEY}`), a key named for a name, a file or a path that yq sets from
  it (`.tls.secretName = strenv(X)`), a file (`--from-file=k=$X`), a file's name in a path
  (`secrets/$SECRET.yaml`) or a folder (`/run/secrets/$SECRET/`, not in a URL), the name of an
  object in a manifest it writes (`name: $SECRET`), these for a variable not named for a
  password, token or key;
- or every value the script gives it is a name: a literal name or path (`valueshapes.literal_name`),
  a default that is one (`${X:-pull-secret}`) - these two only for a variable named for a
  secret, an object that has a name (a Kubernetes Secret, a secrets manager's entry), not for one
  named for the credential itself (a password, a token, a key: `DB_PASSWORD=correct-horse-staple`,
  `TOKEN=${TOKEN:-dev.token}` hold what they say, whatever its shape); and words joined by `-`
  or `.` alone (`ci-registry-pull`, a passphrase's shape too: `CLIENT_SECRET=correct-horse-staple`)
  only in a script that handles secrets as named objects (kubectl or oc on Secrets, a secrets
  manager) and for a variable it does not give as a secret's value (`--from-literal=k=$X`) -,
 a variable holding a name (by the same test,
  or by its own name: `secret_file`, a `KUBECONFIG`; a folder the shell keeps: `$PWD`, `$HOME`),
  an array of such words, a command that prints names or paths (`find`, `grep -l`, `cygpath`,
  `kubectl get ... -o name`, a path expression selecting a `name` field:
  `-o jsonpath='{.status.adminPassword.name}'`), or a `for` loop over such words,
  or a `while read` loop reading such words (piped from such a command or from `echo
  "$NAMES"`, `done <<< "$NAMES"`, `done < <(CMD)`). A variable set in a way not read here (`read` from a file or
  the terminal, `mapfile`, `printf -v`) or never set in the script (the environment's) holds
  what it may: it is reported as before.

A variable holds no secret either when every value is a switch (`false`, `${5:-false}`: whether
to update a secret), a few characters of one (`${TOKEN: -4}`, as services show a token), or,
for one named for the credential itself, a path in the home folder (`~/.aws/token`).

A variable the script counts with holds a number, not a secret, whatever its name (`PASS`
counting passed tests, `secret_number`): every value it is given is a whole number or an
arithmetic expansion, and arithmetic sets it at least once (`X=$((X + 1))`, `((X++))`, `let X+=1`);
so does one that measures a secret (`KEY_BYTES=$(printf %s "$KEY" | wc -c)`, `KEY_LEN=${#KEY}`).
A variable whose every value is a response's pagination cursor read with jq (`.nextToken`,
`.continuationToken`) holds where the next page starts, not a credential; one read from an
identifier's key (`.accessKeyId`, `.id`) holds which key a response is about.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..lazyre import lazy_compile
from ..secretnames import is_secret_name, name_words
from ..valueshapes import literal_name

# The words of a variable named for the credential itself (a password, a token, a key), as the
# built-in secret-name pattern reads them; `secret` alone names an object that has a name.
_CREDENTIAL_WORDS = ("pass", "pwd", "token", "key", "auth", "credential")

_VAR = r"""["']?\$\{?([A-Za-z_]\w*)"""
# Places a program reads a name, a key or a path from.
_NAME_USE_LEADS = (
    (r"\b(?:kubectl|oc)\b[^\n;&|]*?[\s/](?:sealed)?secrets?(?:[ \t]+(?:generic|docker-registry|tls))?"
     r"(?:[ \t]+|/)", re.I),
    (r"--(?:[\w-]*-)?(?:secret-id|name)[= ]", 0),
    (r"--from-file=(?:[\w.-]+=)?", 0),
    # the manifest file kubectl or oc reads (`oc create -f "$X"`): a path
    (r"\b(?:kubectl|oc)\b[^\n;&|]*?[ \t](?:-f|--filename)(?:[ \t]+|=)", 0),
)
_NAME_USES = (
    *(lazy_compile(lead + _VAR, flags) for lead, flags in _NAME_USE_LEADS),
    lazy_compile(r"\.data(?:\.|\[[\"']?)" + _VAR[5:]),
    # yq setting a key named for a name, a file or a path from the variable (`.tls.secretName =
    # strenv(X)`, `|= env(X)`): a chart's or manifest's key that holds the name of a Secret
    lazy_compile(r"\.[\"']?[\w-]*?(?:[Nn]ame|NAME|[Ff]ile|FILE|[Pp]ath|PATH)[\"']?[ \t]*\|?=[ \t]*"
                 r"(?:str)?env\([ \t]*([A-Za-z_]\w*)[ \t]*\)"),
)
# A variable written as a file's name in a path (`cp secrets/$SECRET.yaml out/`), or as a whole
# folder of one (`/run/secrets/$SECRET/$f`, not in a URL: `https://host/$SECRET/` may be a
# webhook's key): it holds that name (for one not named for the credential itself: `$TOKEN` of
# `/bot$TOKEN/` is no file's name).
_FILE_NAME_USE = lazy_compile(r"/\$\{?([A-Za-z_]\w*)\}?(?:\.[A-Za-z]\w{0,7}\b|(/))")
# A variable given whole as the name of an object in a manifest the script writes (a here-document's
# `name: $SECRET`, `secretName: "${SECRET}"`): a name (not `username:`, which a token may be given as).
_MANIFEST_NAME_USE = lazy_compile(r"""(?m)^[ \t]*(?:-[ \t]+)?(?:name|[A-Za-z]*[Ss]ecret_?[Nn]ame):[ \t]+"""
                                  r"""(["']?)\$\{?([A-Za-z_]\w*)\}?\1[ \t]*$""")
# A file the script tests (`[ -f "$X" ]`, `[[ -s $X ]]`), removes (`rm -f "$X"`) or gives a mode or
# an owner (`chmod 600 "$X"`, `chown -R app:app $X`: the word after the mode or owner is a file):
# a path, unless the script also sets it from a command printing no names (`[ -f "$T" ] &&
# T=$(cat "$T")`: a variable holding a token or the file it is in).
_FILE_USE_LEAD = (r"(?:\[\[?[ \t]+(?:![ \t]+)?-[efrsdw]|\brm(?:[ \t]+-[A-Za-z]+)*"
                  r"|\bch(?:mod|own|grp)(?:[ \t]+-[A-Za-z]+)*[ \t]+[^\s;&|]+)[ \t]+")
_FILE_USE = lazy_compile(_FILE_USE_LEAD + _VAR)
# A variable that is a whole redirection's target (`cat <<EOF > "$X"`, `>> $X`, `2>${X}`, `< $X`):
# the shell opens it as a file, so it holds a path whatever its name (not `<<<`, a here-string,
# nor `<(`, `>&`: a process or a descriptor), after a blank or a statement's start
# (`echo "==> $TOKEN"` is text).
_REDIRECT_USE = lazy_compile(r"(?:(?<=[\s;&|(])|^)(?:&>>?|\d*(?:>>?|>\||<(?![<(&>])))[ \t]*"
                             r"([\"']?)\$\{?([A-Za-z_]\w*)\}?\1(?=[\s;&|)]|$)", re.M)
# The same places, ending a line's text: what is written next is read as a name.
_NAME_USE_BEFORE = lazy_compile(
    "(?:" + "|".join(f"(?:{lead})" for lead, _ in (*_NAME_USE_LEADS, (_FILE_USE_LEAD, 0)))
    + r""")["']?\Z""", re.I)


def read_as_name(before: str) -> bool:
    """What is written right after `before` (its line's text up to it) is where a program reads
    a name or a path, as for `name_holders`: `oc get secret ${params.tlsSecret}` names a Secret."""
    return _NAME_USE_BEFORE.search(before) is not None
_STATEMENT = r"(?:^|[;&|({]|\b(?:then|do|else)\b)[ \t]*"
_DECLARE = r"(?:(?:local|export|declare|readonly|typeset)(?:[ \t]+-\w+)*[ \t]+)?"
_ASSIGN = lazy_compile(_STATEMENT + _DECLARE + r"([A-Za-z_]\w*)\+?=", re.M)
# Arithmetic that sets a variable: `((X++))`, `(( X += 2 ))`, `((++X))`, `let X=X+1`, `let X++`.
_ARITHMETIC_SET = lazy_compile(r"(?:\(\(|\blet[ \t]+)[ \t]*(?:(?:\+\+|--)[ \t]*([A-Za-z_]\w*)"
                               r"|([A-Za-z_]\w*)[ \t]*(?:\+\+|--|[-+*/%]?=(?!=)))")
# `for NAME in WORDS`: the loop variable and the words it takes in turn (also for DCR003's holders).
FOR_LOOP = lazy_compile(_STATEMENT + r"for[ \t]+([A-Za-z_]\w*)[ \t]+in[ \t]+([^;\n]*)", re.M)
# Other ways a script sets a variable: what they set is not told here.
_OTHER_SET = lazy_compile(r"\b(?:read|mapfile|readarray|getopts)\b([^;\n|&]*)|\bprintf[ \t]+-v[ \t]*([A-Za-z_]\w*)")
_WORD = lazy_compile(r"""(?:"(?:[^"\\]|\\.)*"|'[^']*'|\$\((?:[^()]|\([^()]*\))*\)|`[^`]*`|[^\s;&|()"'`])+""")
_REF = lazy_compile(r"""^\$\{?([A-Za-z_]\w*)(?:\[[@*]\])?\}?$""")
_DEFAULT = lazy_compile(r"""^\$\{[A-Za-z_]\w*:?[-=](.*)\}$""", re.S)
# A path of three parts or more, each a variable or a name, one a name with a letter: a file or
# a secrets manager's entry built from variables (`${ACCOUNT}/${CLUSTER}/jdbc/${DB}/config`).
_VARIABLE_PATH = lazy_compile(r"(?=[^`]*/[^`]*/)(?=(?:[^/]*/)*(?!\$)[\w.-]*[A-Za-z])"
                              r"(?:\$\{\w+\}|\$\w+|[\w.-]+)(?:/(?:\$\{\w+\}|\$\w+|[\w.-]+))+")
# The last words of a variable's name that say it holds a name or a path.
_NAMING_WORDS = frozenset(("name", "names", "file", "files", "filename", "path", "paths", "dir", "id",
                           # kubectl reads KUBECONFIG as a list of files: variables named for it hold paths
                           "kubeconfig"))
# The last stage of a command that prints names or paths, not data.
_NAME_OUTPUT = lazy_compile(
    r"^(?:xargs(?:[ \t]+-\S+)*[ \t]+)?(?:(?:find|ls|basename|dirname|realpath|readlink|mktemp|pwd|cygpath)\b"
    r"|grep[ \t]+(?:-\w+[ \t]+)*-\w*[lL]\w*\b)"
    # kubectl or oc printing names (`-o name`), or a path expression selecting a `name` field
    # (`{.metadata.name}`, `{.status.kubeconfig.name}`: the name of the Secret a resource refers to;
    # `{.spec.volumes[*].secret.secretName}`, a field whose last word is its name)
    r"|\b(?:kubectl|oc)\b.*(?:-o[ \t=]*name\b"
    r"|jsonpath=?['\"]?\{(?:\.[\w-]+(?:\[[^\]{}]*\])?)*\.(?:name|[\w-]*[a-z0-9]Name)\})"
    # jq whose filter ends selecting a name or an id (`jq -r '.secrets[].name'`), also in a string
    # it builds (`"\(.metadata.namespace)/\(.metadata.name)"`)
    r"|\bjq\b.*\.(?:name|names|id)(?:\[\])?(?:\)\")?['\"]?[ \t]*$"
)


# A script that handles secrets as objects with names (_names_objects): a kubectl or oc command on
# Secrets, a secrets manager's command line. Only there does a literal of words joined by `-` or `.`
# (`ci-registry-pull`, the shape of a passphrase too) make a secret-named variable a name.
# Read per command line: the tool's name, then its Secrets on the rest of that line (`[\s/]` may be
# the line's own newline: `kubectl get \` continued, `secret` next); each line once per tool, so
# a line of thousands of kubectl words costs no more than its length.
_SECRETS_TOOLS = lazy_compile(r"\bkubeseal\b|\bsecretsmanager\b|\bkeyvault[ \t]+secret\b|\bvault[ \t]+kv\b", re.I)
_OBJECT_TOOL = lazy_compile(r"\b(?:(kubectl|oc)|gcloud)\b", re.I)
_KUBE_SECRETS = lazy_compile(r"[\s/](?:sealed)?secrets?\b", re.I)
_GCLOUD_SECRETS = lazy_compile(r"\bsecrets\b", re.I)
_LINE_END = lazy_compile(r"[\n;&|]")
_LONGEST_KUBE_SECRETS = len("\nsealedsecrets") + 1  # and the character after, for its \b


def _names_objects(script: str) -> bool:
    r"""Whether the script handles Secrets as objects with names (the comment above):
    `kubectl`/`oc` then `[\s/]secret(s)`/`sealedsecret(s)` on its line, `gcloud` then `secrets` on
    its line, or kubeseal, secretsmanager, `keyvault secret`, `vault kv` anywhere."""
    if _SECRETS_TOOLS.search(script) is not None:
        return True
    done = {True: 0, False: 0}  # per tool (kubectl/oc or gcloud): where its last line read ends
    for m in _OBJECT_TOOL.finditer(script):
        kube = m.group(1) is not None
        if m.start() < done[kube]:
            continue  # a line read from an earlier name of the tool: what follows was read
        end = _LINE_END.search(script, m.end())
        stop = len(script) if end is None else end.start()
        if kube:
            line = script[m.end() : stop + _LONGEST_KUBE_SECRETS]
            found = _KUBE_SECRETS.search(line)
            if found is not None and found.start() <= stop - m.end():
                return True
        elif _GCLOUD_SECRETS.search(script[m.end() : stop + 1]) is not None:
            return True
        done[kube] = stop
    return False
# Where a secret's value is given (not its name): a variable given there holds no name by shape.
_VALUE_USES = (
    lazy_compile(r"--from-literal=[\w.-]+=" + _VAR),
    lazy_compile(r"--(?:docker-)?password[= ]" + _VAR),
    lazy_compile(r"--secret-string[= ]" + _VAR),
)
_FILE_NAME = lazy_compile(r"[\w.-]+\.(?:ya?ml|json|txt|env|pem|crt|key)")

# kubectl's options (pflag: `--name=value`, `--name value`, `-n value`, `-nvalue`; a boolean
# option takes no separate word), to read a command's operands wherever the options are.
_KUBECTL_VALUE_OPTIONS = frozenset((
    "namespace", "context", "cluster", "user", "kubeconfig", "server", "token", "as", "as-group", "as-uid",
    "request-timeout", "certificate-authority", "client-key", "client-certificate", "tls-server-name",
    "cache-dir", "username", "password", "profile", "profile-output", "v", "vmodule", "output", "selector",
    "field-selector", "template", "sort-by", "filename", "kustomize", "chunk-size", "type", "from-file",
    "from-literal", "from-env-file", "docker-server", "docker-username", "docker-password", "docker-email",
    "cert", "key", "field-manager", "label-columns", "subresource", "raw", "patch", "patch-file",
    "grace-period", "timeout", "container", "resource-version", "output-directory"))
_KUBECTL_FLAGS = frozenset((
    "all", "all-namespaces", "ignore-not-found", "no-headers", "show-labels", "show-kind",
    "show-managed-fields", "watch", "watch-only", "output-watch-events", "server-print",
    "allow-missing-template-keys", "recursive", "append-hash", "save-config", "dry-run", "validate", "local",
    "overwrite", "force", "now", "wait", "insecure-skip-tls-verify", "match-server-version", "cascade",
    "record", "list", "export", "server-side", "force-conflicts", "prune"))  # (dry-run, cascade: no value word)
_KUBECTL_SHORT_VALUE = frozenset("noslfkcLpv")
_KUBECTL_SHORT_FLAGS = frozenset("AwRitq")
_SECRET_RESOURCES = frozenset(("secret", "secrets", "sealedsecret", "sealedsecrets"))
_SECRET_TYPES = frozenset(("generic", "docker-registry", "tls"))
_KUBECTL = lazy_compile(r"\b(?:kubectl|oc)\b")
_BLANKS = lazy_compile(r"(?:[ \t]|\\\n)*")
_OPERAND_VAR = lazy_compile(r"""(["']?)\$\{?([A-Za-z_]\w*)\}?\1""")


def _kubectl_names(script: str) -> set[str]:
    """The variables given to a kubectl or oc command as the name of a Secret: the operands after
    `secret` (`get`, `describe`, `delete` ... name several; `create secret generic` one), or
    `secret/$X`, with the options anywhere as kubectl reads them (`get secret -n ns "$X"`,
    `-o jsonpath=... "$X"`). An option not known here may take the next word: the command's
    names after it are not read."""
    held: set[str] = set()
    for m in _KUBECTL.finditer(script):
        operands = _operands(script, m.end())
        if len(operands) < 2:
            continue
        resource = operands[1].strip("\"'").lower()
        if resource in _SECRET_RESOURCES:
            names = operands[2:]
            if operands[0] == "create":
                names = names[1:2] if names and names[0].strip("\"'") in _SECRET_TYPES else names[:1]
        else:
            names = [w.split("/", 1)[1] for w in operands[1:] if w.split("/", 1)[0].lower() in _SECRET_RESOURCES
                     and "/" in w]
        held.update(v.group(2) for w in names if (v := _OPERAND_VAR.fullmatch(w)) is not None)
    return held


def _operands(script: str, i: int) -> list[str]:
    """The words of the command from `script[i]` to its end that are no option or option value."""
    return kubectl_operands(_words(script, i))


def _words(script: str, i: int) -> Iterator[str]:
    """The words of the command from `script[i]` to its end, read as they are asked for: an
    option not known ends the reading (a long command of many is not split to its end)."""
    while True:
        i = _BLANKS.match(script, i).end()  # type: ignore[union-attr]
        m = _WORD.match(script, i)
        if m is None or script[i] == "#":
            return
        i = m.end()
        yield m.group(0)


def kubectl_operands(words: Iterable[str]) -> list[str]:
    """The words of a kubectl or oc command (after its name) that are no option or option value:
    the options anywhere, as kubectl reads them (up to a `--`, after which every word is an
    operand); an option not known here may take the next word, so the words after it are not
    read."""
    operands: list[str] = []
    rest = iter(words)
    for word in rest:
        if word == "--":
            operands.extend(rest)
            break
        if word.startswith("--"):
            name = word[2:]
            if "=" in name or name in _KUBECTL_FLAGS:
                continue
            if name not in _KUBECTL_VALUE_OPTIONS:
                break
            next(rest, None)  # its value
        elif word.startswith("-") and len(word) > 1:
            for k, letter in enumerate(word[1:], 1):
                if letter in _KUBECTL_SHORT_VALUE:
                    if k == len(word) - 1:
                        next(rest, None)  # its value is the next word (else the rest of this one)
                    break
                if letter not in _KUBECTL_SHORT_FLAGS:
                    return operands
        else:
            operands.append(word)
    return operands


# A variable holding the kubectl (or oc) command with its options (`K="kubectl -n ${NS}"`,
# `KUBECTL=kubectl`, an array `OC=(oc --context "$C")`): the script runs it as `$K get secret "$X"`,
# `"${OC[@]}" get secret "$X"`.
_COMMAND_VAR = lazy_compile(
    r"""(?m)^[ \t]*(?:(?:export|readonly|local|declare)(?:[ \t]+-\w+)*[ \t]+)?([A-Za-z_]\w*)="""
    r"""(?:\([ \t]*)?["']?(kubectl|oc)\b""")


def _commands_spelled(script: str) -> str:
    """The script with each use of a variable holding kubectl or oc written as the program's
    name, as the shell runs it (`$K get secret "$X"` is `kubectl get secret "$X"`, so is
    `"${K[@]}" get secret "$X"`)."""
    if "kubectl" not in script and "oc" not in script:
        return script
    held = {m.group(1): m.group(2) for m in _COMMAND_VAR.finditer(script)}
    if not held:
        return script
    use = re.compile(r"""(["']?)\$\{?(""" + "|".join(map(re.escape, held)) + r")(?:\[[@*]\])?\}?\1(?!\w)")
    return use.sub(lambda m: held[m.group(2)], script)


def name_holders(script: str) -> frozenset[str]:
    """The secret-worded or other variables of a bash script that hold names or count (module doc)."""
    script = _commands_spelled(script)
    # (kubectl's Secrets by its options, `_kubectl_names`, not by _NAME_USES' first pattern)
    held = {m.group(1) for p in _NAME_USES[1:] for m in p.finditer(script)} | _kubectl_names(script)
    held.update(m.group(2) for m in _REDIRECT_USE.finditer(script))
    objects = _names_objects(script)
    valued = {m.group(1) for p in _VALUE_USES for m in p.finditer(script)} if objects else set()
    values: dict[str, list[str]] = {}
    for m in _ASSIGN.finditer(script):
        values.setdefault(m.group(1), []).append(_value_at(script, m.end()))
    for m in FOR_LOOP.finditer(script):
        values.setdefault(m.group(1), []).append("(" + m.group(2) + ")")
    # A file's name in a path, unless the script also sets it from a command printing no names
    # (`CLIENT_SECRET=$(vault kv get ...)`: what it holds is the secret, whatever it names)
    held.update(var for var in {m.group(1) for m in _FILE_USE.finditer(script)}
                if not any(_from_command(v) for v in values.get(var, ())))
    held.update(var for var in _path_parts(script) | {m.group(2) for m in _MANIFEST_NAME_USE.finditer(script)}
                if not any(c in w for w in name_words(var) for c in _CREDENTIAL_WORDS)
                and not any(_from_command(v) for v in values.get(var, ())))
    unknown: set[str] = set()
    for m in _OTHER_SET.finditer(script):
        # (the names `read` sets are its words outside quotes and expansions: not a prompt's)
        operands = re.sub(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'', " ", m.group(1) or "")
        names = re.findall(r"(?<![-\w${])[A-Za-z_]\w*", operands) or [m.group(2) or ""]
        feed = _read_feed(script, m.start(), m.end()) if m.group(0).startswith("read") else None
        if feed is None:
            unknown.update(names)
        else:  # what the loop reads, a value to judge as an assignment's
            for var in names:
                values.setdefault(var, []).append(feed)
    counted = {m.group(1) or m.group(2) for m in _ARITHMETIC_SET.finditer(script)}
    held.update(var for var in counted | values.keys()
                if var not in unknown and _counts(values.get(var, ()), var in counted))
    held.update(var for var, vals in values.items() if var not in unknown and _masks(var, vals))
    held.update(var for var, vals in values.items()
                if var not in unknown and all(_switch(v, var) or _few_characters(v) for v in vals))
    held.update(var for var, vals in values.items() if var not in unknown and all(_CURSOR.search(v) for v in vals))
    held.update(var for var in _selectors(script)
                if var not in unknown and all(_MODE.fullmatch(_unquoted(v)) for v in values.get(var, ())))
    named = held.copy()
    changed = True
    while changed:  # a fixed point: a variable holds names once each of its values does
        changed = False
        for var, vals in values.items():
            shape = _shape(var, objects, valued)
            # (a value that is the variable itself, `X="$X"`, keeps what the others give it)
            given = [v for v in vals if not _itself(v, var)]
            if var not in named and var not in unknown and given and all(_names(v, named, shape) for v in given):
                named.add(var)
                changed = True
    return frozenset(named)


def _path_parts(script: str) -> set[str]:
    """The variables `_FILE_NAME_USE` finds written as a file's name or a folder in a path (a
    folder not in a word holding `://`)."""
    out: set[str] = set()
    for m in _FILE_NAME_USE.finditer(script):
        if m.group(2) is not None:
            start = max((script.rfind(c, 0, m.start()) for c in " \t\n\"'=("), default=-1)
            word = script[start + 1 : m.start()]
            line = script[script.rfind("\n", 0, m.start()) + 1 : m.start()]
            if "://" in word or _URL_BASE.match(word) or _HTTP_CLIENT.search(line):
                continue  # a part of a URL's path (a webhook's key), no file's name
        out.add(m.group(1))
    return out


# A word built on a variable holding a URL's base (`${API_URL}/hooks/$X/`, `$HEALTHCHECK_HOST/ping/$X/`),
# and a line an HTTP client runs: what follows is a URL's path.
_URL_BASE = lazy_compile(r"(?i)\$\{?\w*(url|uri|host|endpoint|server|domain|addr|address|api|base)\w*\}?/")
_HTTP_CLIENT = lazy_compile(r"(?:^|[\s;&|(])(?:curl|wget|http|https|xh)[ \t]")


# `case "$VAR" in ... esac`, and the arms (`a|b)` ... `;;`) between.
_CASE = lazy_compile(r"\bcase[ \t]+\"?\$\{?([A-Za-z_]\w*)\}?\"?[ \t]+in\b(.*?)\besac\b", re.S)
# A mode's name: a lower-case word (digits, `-`, `_`, `.` after its first letter).
_MODE = lazy_compile(r"[a-z][a-z0-9_.-]*")


def _selectors(script: str) -> set[str]:
    """Variables a `case` tells apart by modes' names (`none|app|pat) ;; *) echo "bad: $X" ;;`):
    every arm's pattern a lower-case word or `*`, two words or more. The variable selects a mode
    (an input naming how to get a token); the arm that prints it is the one for a value that is
    none of them. `""`, globs (`ghp_*`) and quoted patterns are no modes' names."""
    out: set[str] = set()
    for m in _CASE.finditer(script):
        words = 0
        for arm in m.group(2).split(";;"):
            pattern = arm.strip().removeprefix("(").split(")", 1)[0] if ")" in arm else ""
            parts = [p.strip() for p in pattern.split("|")] if pattern.strip() else []
            if not parts and not arm.strip():
                continue  # after the last `;;`
            if not parts or not all(p == "*" or _MODE.fullmatch(p) for p in parts):
                break
            words += sum(p != "*" for p in parts)
        else:
            if words >= 2:
                out.add(m.group(1))
    return out


# A value read from a response's pagination cursor (`jq -r '.continuationToken'`, `.nextToken`,
# `.NextContinuationToken`, `.next_page_token`): where the next page starts, no credential,
# whatever the variable is called (`token`).
# Also one read from a key naming an identifier (`jq -r '.accessKeyId'`, `.AccessKeyId`, `.key_id`,
# `.id`): which key or token a response is about (an access key's public half), not its secret.
_CURSOR = lazy_compile(r"(?i)\$\([^()]*\bjq\b[^()]*\."
                       r"(?:next_?(?:(?:continuation|page)_?)?|(?:continuation|page)_?)token\b"
                       r"|\$\([^()]*\bjq\b[^()]*\.(?-i:[A-Za-z]\w*?(?:[a-z0-9]Id|_id|ID)|id)(?![\w.\[|])")


# A name saying its value is a masked form of a secret (`password_masked`, `REDACTED_TOKEN`);
# not `obfuscated`, which is a reversible encoding of it (Jetty's `OBF:`).
_MASKED_WORDS = frozenset(("masked", "redacted", "censored"))
# A value that masks: a run of a mask character, or a command writing one over each character
# (`sed 's/./*/g'`, `tr -c '\n' '*'`).
_MASKING = lazy_compile(r"[*\u2022#xX]{3}|s/\.[+*]?/\*+/g|\btr\b[^|;\n]*['\"]\*['\"]")


def _masks(var: str, vals: Iterable[str]) -> bool:
    """A variable named for a masked form whose every value the script gives it masks: what it
    holds is a stand-in made to be shown (`password_masked=$(echo "$PW" | sed 's/./*/g')`)."""
    return not _MASKED_WORDS.isdisjoint(name_words(var)) and all(_MASKING.search(v) for v in vals)


_SWITCH = lazy_compile(r"(?i)true|false|yes|no|on|off")
_ANY_DEFAULT = lazy_compile(r"\$\{\w+:?[-=](.*)\}", re.S)  # also of a positional parameter (`${5:-false}`)
# A few characters of a value (`${TOKEN: -4}`, `${TOKEN:(-4)}`, `${TOKEN:0:4}`): what a service
# itself shows of a token to tell it apart, not the token.
_FEW_CHARACTERS = lazy_compile(r"\$\{\w+:[ \t]*(?:-[1-6]|\(-[1-6]\)|\d+:[1-6])\}")


def _unquoted(v: str) -> str:
    return v[1:-1] if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'" else v


def _switch(v: str, var: str) -> bool:
    """A switch's value (`false`), or a default that is one (`${5:-false}`) of a variable named as
    a flag: an order (`UPDATE_KV_SECRET`, `SKIP_TOKEN_CHECK`), or a name whose head, its last word,
    is no credential (`TOKEN_REFRESH`, `REGISTRY_PASSWORD_STDIN`): the variable says whether to do
    something with a secret, it holds none. A default tells what a value is only where the name
    does not: a variable named for the credential itself (`REGISTRY_PASSWORD="${REGISTRY_PASSWORD:-false}"`,
    `API_TOKEN="${1:-no}"`, `DEPLOY_TOKEN`, `PULL_SECRET`) holds it whenever it is set."""
    v = _unquoted(v)
    m = _ANY_DEFAULT.match(v)
    if m is None:
        return _SWITCH.fullmatch(v) is not None
    words = name_words(var)
    if not words or _SWITCH.fullmatch(_unquoted(m.group(1))) is None:
        return False
    return words[0] in _ORDER_WORDS or not words[-1].endswith(_CREDENTIAL_HEADS)


# The first word of a flag's name when the name is an order: a verb that rarely modifies a noun
# (`UPDATE_SECRET`, `USE_TOKEN`, `SKIP_LOGIN`). Not the verbs that say what a credential is for,
# which make a compound naming the credential (`DEPLOY_TOKEN`, `PULL_SECRET`, `REFRESH_TOKEN`,
# `STORE_PASSWORD`, `VERIFY_TOKEN`, `PUSH_TOKEN`, `READ_TOKEN`).
_ORDER_WORDS = frozenset(("update", "enable", "disable", "use", "skip", "create", "delete", "remove", "rotate",
                          "generate", "with", "without", "no", "is", "has", "should", "do", "allow", "force", "show",
                          "print", "save", "require", "check", "validate", "renew", "reset", "set", "dry", "debug"))
# A credential as a name's head (its last word, also glued: `dbpassword`).
_CREDENTIAL_HEADS = ("password", "passwd", "pwd", "pass", "passphrase", "token", "secret", "key", "apikey",
                     "credential", "credentials", "creds", "auth")


def _few_characters(v: str) -> bool:
    return _FEW_CHARACTERS.fullmatch(_unquoted(v)) is not None


# A value that measures another (`${#KEY}`, `$(printf %s "$KEY" | wc -c)`): a number, whatever
# it measured.
_MEASURE = lazy_compile(r"\$\{#\w+\}|\$\((?:[^()]*\|[ \t]*)?wc(?:[ \t]+-[clmw]+)+(?:[ \t]*<?[ \t]*[^\s|();&]+)?"
                        r"(?:[ \t]*\|[ \t]*(?:tr[ \t]+-d[^|()]*|xargs|awk[ \t]+'\{[ \t]*print[ \t]+\$1[ \t]*\}'))*"
                        r"[ \t]*\)")


def _counts(vals: Iterable[str], by_arithmetic: bool) -> bool:
    """Every value a whole number, an arithmetic expansion or a measure (`${#X}`, `wc -c`), and
    one arithmetic or measure at least."""
    arithmetic = by_arithmetic
    for v in vals:
        v = v[1:-1] if len(v) >= 2 and v[0] == v[-1] == '"' else v
        if (v.startswith("$((") and v.endswith("))")) or (v[:2] in ("${", "$(") and _MEASURE.fullmatch(v)):
            arithmetic = True
        elif not v.isdigit():
            return False
    return arithmetic


# An unquoted glob in a path among an array's words (`(/var/run/tokens/*)`): the shell expands it
# to the names of the files it matches.
_GLOB_PATH = lazy_compile(r"[\w./~${}-]*/[\w./~${}-]*[*?][\w./*?-]*")


def _value_at(script: str, i: int) -> str:
    """The word an assignment gives (an array's text with its parentheses, a `$(...)` in it
    kept whole: `TOKENS=($(ls /run/tokens))`)."""
    if script.startswith("(", i):
        depth = 0
        for end in range(i, len(script)):
            c = script[end]
            depth += (c == "(") - (c == ")")
            if depth == 0:
                return script[i : end + 1]
        return script[i:]
    m = _WORD.match(script, i)
    return m.group(0) if m else ""


# What a literal's shape tells of a variable given it (`_shape`): a name only where it is a
# data file in a folder, a name where it is a path or a file's name, or a name where it is any
# literal name (`valueshapes.literal_name`).
_FILE_IN_FOLDER, _PATHS, _ANY_NAME = 0, 1, 2
# A data file in a folder (`relay/credentials.json`, `$DIR/token.txt`, `~/.docker/config.json`):
# folders (names, variables, `~`, `.`), then a file's name with a data file's extension. No
# credential is written so (a password holding `/` and ending `.json`).
_DATA_FILE_PATH = lazy_compile(r"(?:(?:\$\{\w+\}|\$\w+|~|[\w.-]*)/)+[\w.-]*\w\.(?:ya?ml|json|txt|env|pem|crt|key|jwt)")


# A path in the home folder (`~/.aws/token`, `$HOME/.docker/config.json`): the shell makes `~`
# the home folder's path; no credential is written so.
_HOME_PATH = lazy_compile(r"(?:~|\$HOME|\$\{HOME\})(?:/[\w.-]+)+/?")


def _shape(var: str, objects: bool, valued: set[str]) -> int:
    """Named for the credential itself: a name only where it is a data file in a folder
    (`CREDENTIALS_JSON=relay/credentials.json`; R5: `DB_PASSWORD=correct-horse-staple`,
    `TOKEN=dev.token` hold what they say).
    Named for a secret (`PULL_SECRET`, `CLIENT_SECRET`): a path or a file's name is a name; words
    joined by `-` or `.` only in a script handling secrets as named objects (`objects`) and
    for a variable not given as a secret's value there (`valued`)."""
    words = name_words(var)
    if any(c in w for w in words for c in _CREDENTIAL_WORDS):
        return _FILE_IN_FOLDER
    if not any("secret" in w for w in words):
        return _ANY_NAME  # (named for neither: a list of names, `WANTED=(db-credentials app-tls)`)
    return _ANY_NAME if objects and var not in valued else _PATHS


def _shaped_name(value: str, shape: int) -> bool:
    return literal_name(value) and (shape == _ANY_NAME or "/" in value or _FILE_NAME.fullmatch(value) is not None)


def _from_command(value: str) -> bool:
    """A value a command substitution gives, of a command not known to print names."""
    word = value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value
    return (word.startswith("$(") or word.startswith("`")) and not _word_names(word, set(), _ANY_NAME)


_QUOTED = lazy_compile(r"'[^']*'" + r'|"(?:[^"\\]|\\.)*"')


def _last_stage(command: str) -> str:
    """The last command of a pipeline (the first of a `&&`/`||` list), its quotes kept whole
    (`jq -r '.items[] | .metadata.name'` is one stage), past the stages that pass on the words
    they read (`| xargs -n1`, `| sort | uniq`, `| head -1`): what the pipeline gives is what the
    stage before them prints."""
    blanked = _QUOTED.sub(lambda m: "_" * len(m.group()), command)
    cut = min((i for i in (blanked.find("&&"), blanked.find("||")) if i >= 0), default=len(command))
    while True:
        pipe = blanked.rfind("|", 0, cut)
        last = command[pipe + 1 : cut].strip()
        if pipe < 0 or _PASSING_ON.fullmatch(last) is None:
            return last
        cut = pipe


# A stage that passes on the words it reads, split, sorted, de-duplicated or cut short (a bare
# `xargs` echoes them).
_PASSING_ON = lazy_compile(r"(?:xargs|sort|uniq|head|tail)(?:[ \t]+(?:-\S+|\d+))*")


_WHILE = lazy_compile(r"\bwhile[ \t]+(?:IFS=\S*[ \t]+)?\Z")
_LOOP_WORD = lazy_compile(r"(?<![\w-])(do|done)(?![\w-])")
_LOOP_INPUT = lazy_compile(r"[ \t]*(?:<<<[ \t]*(" + _WORD.pattern + r")|<[ \t]*<\((.*)\)[ \t]*$)", re.M)


def _read_feed(script: str, start: int, end: int) -> str | None:
    """What a `while read` loop reads, as a value (None: not told): a command piped into it
    (`CMD | while read -r x`: `$(CMD)`), or the loop's input (`done <<< "$NAMES"`,
    `done < <(CMD)`)."""
    before = script[script.rfind("\n", 0, start) + 1 : start]
    loop = _WHILE.search(before)
    if loop is None:
        return None
    piped = before[: loop.start()].rstrip()
    if piped.endswith("|") and not piped.endswith("||"):
        return f"$({_last_stage(piped[:-1])})"
    depth = 0
    for word in _LOOP_WORD.finditer(script, end):
        depth += 1 if word.group(1) == "do" else -1
        if depth == 0:
            m = _LOOP_INPUT.match(script, word.end())
            if m is None:
                return None
            return m.group(1) if m.group(1) is not None else f"$({m.group(2)})"
    return None


def _itself(value: str, var: str) -> bool:
    """The value is the variable's own (`X="$X"`, `X='${X}'` written into a file it generates)."""
    m = _REF.match(_unquoted(value))
    return m is not None and m.group(1) == var


def _names(value: str, named: set[str], shape: int) -> bool:
    if value.startswith("(") and value.endswith(")"):
        words = _WORD.findall(value[1:-1])
        return all(_GLOB_PATH.fullmatch(w) is not None or _word_names(w, named, shape) for w in words)
    return _word_names(value, named, shape)


# A command printing one variable's value as it is (`echo "$X"`, `printf '%s\n' "$X"`).
_ECHOED = lazy_compile(r"""[ \t]*(?:echo(?:[ \t]+-[neE]+)*|printf[ \t]+(['"]?)%s(?:\\n)?\1)[ \t]+"""
                       r"""("?)\$\{?([A-Za-z_]\w*)\}?\2[ \t]*""")


# The folders the shell itself keeps (`local pwd="$PWD"`: the working folder, whatever the name).
_SHELL_FOLDERS = frozenset(("PWD", "OLDPWD", "HOME", "TMPDIR"))
# An environment variable's name: upper-case words joined by `_`, two or more.
_VARIABLE_NAME = lazy_compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")


def _word_names(word: str, named: set[str], shape: int) -> bool:
    """Whether a word of a variable's value is a name; `shape`: what a literal's shape says."""
    if len(word) >= 2 and word[0] == word[-1] and word[0] in "\"'":
        word = word[1:-1]
    substituted = word[2:-1] if word.startswith("$(") and word.endswith(")") else \
        word[1:-1] if len(word) >= 2 and word[0] == word[-1] == "`" else None  # (`cmd`, the old spelling)
    if substituted is not None:
        command = re.sub(r"\\\n", " ", substituted)  # (line continuations joined)
        last = _last_stage(command)
        if (echoed := _ECHOED.fullmatch(last)) is not None:
            return echoed.group(3) in named  # (`echo "$NAMES" | while read -r x`: what it holds)
        return _NAME_OUTPUT.search(last) is not None
    if (m := _REF.match(word)) is not None:
        var = m.group(1)
        return var in named or var in _SHELL_FOLDERS or (bool(words := name_words(var)) and words[-1] in _NAMING_WORDS)
    if _VARIABLE_NAME.fullmatch(word) and is_secret_name(word):
        return True  # the name of a variable holding a secret (`P_TOKEN="GITHUB_TOKEN"`, read by `${!P_TOKEN}`)
    if shape == _FILE_IN_FOLDER:
        m = _DEFAULT.match(word)
        path = m.group(1).strip("\"'") if m is not None else word
        return _DATA_FILE_PATH.fullmatch(path) is not None or _HOME_PATH.fullmatch(path) is not None
    if (m := _DEFAULT.match(word)) is not None:
        return _shaped_name(m.group(1).strip("\"'"), shape)
    if "$" in word and _VARIABLE_PATH.fullmatch(word):
        return True  # a path with variables for some folders (`${ROOT}/bootstrap/secret.yaml`)
    return "$" not in word and "`" not in word and _shaped_name(word, shape)
