"""Terraform (`*.tf`, `*.tfvars`) and Packer (`*.pkr.hcl`, `*.pkrvars.hcl`: the same HCL, its
variables declared and assigned the same way) parsed with tree-sitter-hcl, positions exact to
the character.

Read for registry credentials: the docker provider's `registry_auth` and `auth_config` blocks
and Packer's docker builder (`source "docker"`) and `docker-push` post-processor, whose
`login_password` logs in (a login: DCR002), `kubernetes_secret` / `kubernetes_secret_v1` data
(a registry Secret's docker config: DCR022; other data: DCR023), `helm_release`
`set_sensitive` values, secret-named variable defaults and `.tfvars` (`.pkrvars.hcl`)
assignments. A value is a literal only when it is a quoted
string without interpolation: `var.x`, `data.x.y`, `local.x`, resource attributes, function
calls and `"${...}"` templates are references.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from ..classify import shell_shebang
from ..facts import RegistryCredential, Setting, ShellContext
from ..lazyre import lazy_compile
from ..records import field, lazy_dataclass
from ..references import describes_where_kept
from ..source import MappedText, MappedTextBuilder, char_offsets, mapped_through

if TYPE_CHECKING:
    from tree_sitter import Node, Parser

    from ..filevalues import FileValue
    from ..scanned import ScannedFile
    from ..source import SourceFile

_LOCAL = threading.local()
_DOCKER_TYPES = ("kubernetes.io/dockerconfigjson", "kubernetes.io/dockercfg")
_AUTH_BLOCKS = ("registry_auth", "auth_config")
# Packer's blocks that log in to a registry (`login_username`, `login_password`, `login_server`):
# the docker builder, to pull its image, and the post-processor that pushes it.
_PACKER_LOGINS = (("source", "docker"), ("post-processor", "docker-push"))
_REGISTRY_ATTRS = ("address", "server_address", "host_name", "registry")
_USER_ATTRS = ("username", "user_name")
_SECRET_KEYS = ("password", "auth", "identitytoken", "registrytoken")  # dockerauth.SECRET_KEYS
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_SECRET_ADVICE = "read it from a variable marked sensitive, or a secret store data source"
# The blocks whose arguments are settings every apply uses, by how long their place is (the
# block's kind and labels): `locals`, a module call, a resource, a data source, a provider; and
# Packer's resource, a builder's `source "<builder>" "<name>"` (Terraform has no such block).
_ARGUMENT_BLOCKS = {"locals": 1, "module": 2, "resource": 3, "data": 3, "provider": 2, "source": 3}
# (a `build`'s `source "source.<builder>.<name>" { ... }` sets the same builder's arguments over)
_BUILD_SOURCE = ("build", "source")
# Functions that give their one argument back: marked sensitive (hidden in plans, committed all
# the same), or converted.
_PASSED_THROUGH = frozenset(("sensitive", "nonsensitive", "tostring", "trimspace"))
# The arguments a secret store's entry keeps (GitHub's `plaintext_value`, Key Vault's `value`,
# Secrets Manager's `secret_string`, Secret Manager's `secret_data`, Vault's `data_json`).
_STORED_VALUES = frozenset(("value", "plaintext_value", "secret_string", "secret_data", "data_json"))


def _store_entry_type(rtype: str) -> bool:
    """A resource or data source type that is a secret store's entry: its last words say so
    (`azurerm_key_vault_secret`, `google_secret_manager_secret_version`, `vault_kv_secret_v2`)."""
    words = [w for w in rtype.split("_") if not (w[:1] == "v" and w[1:].isdigit())]
    return words[-1:] == ["secret"] or words[-2:] == ["secret", "version"]


def _stores_a_secret(path: tuple[str, ...], ptype: str | None) -> bool:
    """A resource that is a secret store's entry (`_store_entry_type`), or an SSM parameter of
    type SecureString."""
    if path[:1] != ("resource",) or len(path) < 2:
        return False
    return _store_entry_type(path[1]) or (path[1] == "aws_ssm_parameter" and ptype == "SecureString")


def _reads_a_stored_secret(path: tuple[str, ...]) -> bool:
    """A data source reading a secret store's entry (`data "google_secret_manager_secret_version"`,
    `data "aws_secretsmanager_secret_version"`): its arguments say which entry (`secret =
    "db_password"`, `secret_id`, `name`, `version`), the provider's login reads it; none is given
    a secret."""
    return path[:1] == ("data",) and len(path) >= 2 and _store_entry_type(path[1])


def _sets_arguments(path: tuple[str, ...]) -> bool:
    """Whether the arguments of the block at `path` are settings every apply uses: a block of
    `_ARGUMENT_BLOCKS` or one nested in it at any depth (`os_profile`, a provisioner's
    `connection`, a dynamic block's `content`: part of that resource's settings), a `build`'s
    `source` override; not a Kubernetes Secret's (`_k8s_secret` reads its data) nor a data source
    reading a secret store's entry."""
    if not path:
        return False
    depth = _ARGUMENT_BLOCKS.get(path[0])
    return ((depth is not None and len(path) >= depth) or (path[:2] == _BUILD_SOURCE and len(path) >= 3)) \
        and path[:2] not in _K8S_SECRETS and not _reads_a_stored_secret(path)


def _json_members(text: MappedText) -> list[tuple[tuple[str, ...], MappedText]] | None:
    """The string members of a JSON object the text is (`{"password": "x"}`), each with its
    keys and mapped to the file; None when the text is no JSON object."""
    from ..dockerauth import DockerConfigError, JObject, JString, parse_json

    if not text.text.lstrip().startswith("{"):
        return None
    try:
        root = parse_json(text.text)
    except (DockerConfigError, RecursionError):
        return None
    if not isinstance(root, JObject):
        return None
    out: list[tuple[tuple[str, ...], MappedText]] = []
    stack: list[tuple[JObject, tuple[str, ...]]] = [(root, ())]
    while stack:
        obj, keys = stack.pop()
        for k, v in obj.items:
            if isinstance(v, JObject):
                stack.append((v, (*keys, k.value)))
            elif isinstance(v, JString) and v.value and "\\" not in v.raw:  # (escapes: as written, not mapped)
                out.append(((*keys, k.value), text.slice(v.span.start, v.span.end)))
    return out
# The shells Packer's provisioners run their `inline` commands with.
PROVISIONER_DIALECTS = {"shell": "sh", "shell-local": "sh", "powershell": "pwsh", "windows-shell": "cmd"}
_NOMAD_ENV_ADVICE = ("read it in a `template` block from Nomad Variables or Vault (`env = true`, "
                     "`destination = \"secrets/...\"`)")


def _parser() -> Parser:
    parser: Parser | None = getattr(_LOCAL, "parser", None)
    if parser is None:
        import tree_sitter_hcl
        from tree_sitter import Language, Parser

        parser = Parser(Language(tree_sitter_hcl.language()))
        _LOCAL.parser = parser
    return parser


# What _decode reads other than as itself: an escape (not in a heredoc), `$${`, `%%{`.
_SPECIAL = lazy_compile(r"[\\$%]")
_SPECIAL_IN_HEREDOC = lazy_compile(r"[$%]")
# The id of an entry of a secrets manager (a UUID).
_UUID = lazy_compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")

_K8S_SECRETS = (("resource", "kubernetes_secret"), ("resource", "kubernetes_secret_v1"))

# A script a machine runs as it boots: user data cloud-init reads (AWS `user_data`, Azure
# `custom_data`, any module or local named so), GCE's `metadata_startup_script`, and in a
# `metadata` map GCE's `startup-script` and `user-data`. cloud-init runs user data only by its
# shebang; GCE runs a startup script with a shell anyway.
_SCRIPT_ATTRIBUTES = frozenset({"user_data", "custom_data", "metadata_startup_script"})
_SCRIPT_KEYS = frozenset({"startup-script", "user-data"})
_RUN_BY_A_SHELL = frozenset({"metadata_startup_script", "startup-script"})
# Functions that read their argument as a document: YAML or JSON written in HCL.
_DECODERS = frozenset({"yamldecode", "jsondecode"})
# Functions that hand their argument on as the script (base64 for the API, blanks trimmed).
_SCRIPT_WRAPPERS = frozenset({"base64encode", "base64gzip", "chomp", "trimspace"})
_PWSH_SHEBANG = lazy_compile(r"#!.*\b(?:pwsh|powershell)(?:\.exe)?\b", re.I)
# What the script reads where Terraform puts a value (`${var.password}`): a word no reader takes
# for a literal (a template, to `values.classify`) and every shell reads as one word.
_SUBSTITUTED = "{{terraform}}"
# EC2 Windows user data: a script between <powershell> tags.
_POWERSHELL_TAGS = lazy_compile(r"\s*<powershell>(.*?)</powershell>", re.S | re.I)


@lazy_dataclass(frozen=True)
class CloudFile:
    """A file cloud-init's `write_files` writes: its path, its `encoding` (lowered; empty when
    plain) and its `content` mapped through the YAML and the heredoc to the file."""

    path: str
    encoding: str
    content: MappedText
    place: tuple[str, ...]


@lazy_dataclass
class TerraformFacts:
    credentials: list[RegistryCredential] = field(default_factory=list)
    settings: list[Setting] = field(default_factory=list)
    values: list[FileValue] = field(default_factory=list)
    # heredocs without interpolation (not a kubernetes Secret's: its data is DCR022's), for
    # DCR030's docker configs; not VALUES (a heredoc is a file's text, not one secret)
    heredocs: list[FileValue] = field(default_factory=list)
    # the scripts a machine runs at boot (`user_data` ...) or a Packer build runs (a provisioner's
    # `inline` commands), read only when asked: most checks never ask, and a heredoc is long
    boot_scripts: list[Callable[[], list[ShellContext]]] = field(default_factory=list)
    # the files cloud-init's `write_files` writes at boot (DCR030: a `~/.docker/config.json`),
    # read only when asked, as the scripts are
    cloud_files: list[Callable[[], list[CloudFile]]] = field(default_factory=list)
    # documents written in HCL for `yamldecode()` / `jsondecode()` (a heredoc, a string), with
    # their places: read as manifests (their containers' shell) only when asked, as the scripts are
    decoded: list[tuple[Callable[[], MappedText | None], tuple[str, ...]]] = field(default_factory=list)


class _Reader:
    def __init__(self, file: ScannedFile) -> None:
        self.file = file
        text = file.source.text
        self.b2c = char_offsets(text)
        self.tree = _parser().parse(text.encode("utf-8", "surrogatepass"))
        self.out = TerraformFacts()
        path = file.source.path
        self.tool = "Packer" if path.endswith((".pkr.hcl", ".pkrvars.hcl")) \
            else "Nomad" if path.lower().endswith((".nomad", ".nomad.hcl")) else "Terraform"
        # a variables file: its top-level attributes assign variables
        self.assigns = path.endswith((".tfvars", ".pkrvars.hcl"))

    def pos(self, byte: int) -> int:
        return byte if self.b2c is None else self.b2c[min(byte, len(self.b2c) - 1)]

    # ----------------------------------------------------------------- literals

    def literal(self, expr: Node | None, heredoc: bool = False) -> MappedText | None:
        """The decoded string when `expr` is a quoted string without interpolation (or, with
        `heredoc`, a heredoc without one)."""
        node = expr
        while node is not None and node.type in ("expression", "literal_value", "template_expr") \
                and node.named_child_count == 1:
            node = node.named_children[0]
        if heredoc and node is not None and node.type == "heredoc_template":
            return self._heredoc(node)
        if node is None or node.type not in ("string_lit", "quoted_template"):
            return None
        b = MappedTextBuilder()
        end = self.pos(node.end_byte) - 1
        for part in node.named_children:
            if part.type in ("quoted_template_start", "quoted_template_end"):
                continue
            if part.type != "template_literal":
                return None  # an interpolation or directive: a reference, not a literal
            self._decode(b, self.pos(part.start_byte), self.pos(part.end_byte))
        return b.build(end)

    def _heredoc(self, node: Node) -> MappedText | None:
        """A heredoc's text (`<<EOT`, `<<-EOT`), lines as written: JSON reads the indent
        `<<-` takes off as blanks, and a backslash is text there."""
        b = MappedTextBuilder()
        end = self.pos(node.end_byte)
        for part in node.named_children:
            if part.type == "heredoc_identifier":
                end = self.pos(part.start_byte)  # the closing one is last
            elif part.type == "template_literal":
                self._decode(b, self.pos(part.start_byte), self.pos(part.end_byte), escapes=False)
            elif part.type != "heredoc_start":
                return None  # an interpolation or directive: a reference, not a literal
        return b.build(end)

    # ----------------------------------------------------------------- boot scripts

    def _boot_script(self, expr: Node, place: tuple[str, ...], by_a_shell: bool) -> list[ShellContext]:
        """The shell a boot script is: a heredoc or quoted string (through `base64encode` and
        the like) whose first line is a shell's shebang (PowerShell's, or EC2's `<powershell>`
        tags), cloud-init's `#cloud-config` commands, or any text a shell runs anyway
        (`by_a_shell`). Where Terraform puts a value (`${var.x}`) the script reads `_SUBSTITUTED`."""
        text = self._script_text(expr)
        if text is None:
            return []
        script = text.text
        if script.startswith("#!"):
            if shell_shebang(script):
                return _shell_script(text, place)
            return [ShellContext(text, "pwsh", place)] if _PWSH_SHEBANG.match(script) else []
        if script.startswith("#cloud-config"):
            return _cloud_config(text, place)
        tags = _POWERSHELL_TAGS.match(script)
        if tags is not None:
            return [ShellContext(text.slice(tags.start(1), tags.end(1)), "pwsh", place)]
        return _shell_script(text, place) if by_a_shell and script.strip() else []

    def _script_text(self, expr: Node) -> MappedText | None:
        """The text of a boot script written here: a heredoc or quoted string, through
        `base64encode` and the like; None for a reference, templatefile(), file()."""
        node: Node | None = expr
        while node is not None and node.type not in ("heredoc_template", "quoted_template", "string_lit"):
            if node.type in ("expression", "literal_value", "template_expr") and node.named_child_count == 1:
                node = node.named_children[0]
            elif node.type == "function_call" and _ident(node) in _SCRIPT_WRAPPERS \
                    and (args := _child(node, "function_arguments")) is not None and args.named_child_count == 1:
                node = args.named_children[0]
            else:
                return None
        return None if node is None else self._template(node)

    def _decoded(self, expr: Node, place: tuple[str, ...]) -> None:
        """Each `yamldecode(...)` / `jsondecode(...)` of a heredoc or string under expr: its text
        as Terraform hands it to the function (`_script_text`), noted to be read when asked."""
        stack = [expr]
        while stack:
            node = stack.pop()
            if node.type == "function_call" and _ident(node) in _DECODERS \
                    and (args := _child(node, "function_arguments")) is not None and args.named_child_count == 1:
                self.out.decoded.append((partial(self._script_text, args.named_children[0]), place))
                continue
            stack.extend(node.named_children)

    def _cloud_files(self, expr: Node, place: tuple[str, ...]) -> list[CloudFile]:
        text = self._script_text(expr)
        if text is None or not text.text.startswith("#cloud-config"):
            return []
        return _write_files(text, place)

    def _template(self, node: Node) -> MappedText:
        """A heredoc's or quoted string's text as the machine gets it (`_parts`: `$${` is `${`,
        a quoted string's escapes decoded, an interpolation `_SUBSTITUTED`), a `<<-` heredoc's
        indent taken off as Terraform takes it off."""
        text = self.file.source.text
        heredoc = node.type == "heredoc_template"
        parts = [c for c in node.named_children if c.type not in ("heredoc_start", "heredoc_identifier",
                                                                 "quoted_template_start", "quoted_template_end")]
        if heredoc:
            idents = [c for c in node.named_children if c.type == "heredoc_identifier"]
            opening = self.pos(idents[0].end_byte) if idents else self.pos(node.start_byte)
            eol = text.find("\n", opening)
            start = len(text) if eol < 0 else eol + 1
            end = text.rfind("\n", start, self.pos(idents[-1].start_byte)) + 1 if len(idents) > 1 else \
                self.pos(node.end_byte)
            end = max(end, start)
        else:
            start, end = self.pos(node.start_byte) + 1, self.pos(node.end_byte) - 1
        b = MappedTextBuilder()
        at = self._parts(b, parts, start, end, not heredoc)
        self._decode(b, at, max(at, end), escapes=not heredoc)
        mapped = b.build(end)
        flush = heredoc and any(c.type == "heredoc_start" and self._text(c).startswith("<<-")
                                for c in node.named_children)
        return _outdented(mapped) if flush else mapped

    def _parts(self, b: MappedTextBuilder, parts: list[Node], at: int, end: int, escapes: bool) -> int:
        """A template's parts from `at` into b: literal text decoded (and the blanks between
        parts), each interpolation as `_SUBSTITUTED`, a directive's text (`%{ if }` ... `%{ endif }`)
        without its markers; where it got to."""
        for part in parts:
            p_start, p_end = self.pos(part.start_byte), self.pos(part.end_byte)
            if p_start >= end:
                break
            self._decode(b, at, max(at, p_start), escapes=escapes)
            if part.type == "template_literal":
                self._decode(b, p_start, p_end, escapes=escapes)
            elif part.type == "template_interpolation":
                b.add_decoded(_SUBSTITUTED, p_start, p_end)
            elif part.type in ("template_directive", "template_if", "template_for"):
                inner = self._parts(b, part.named_children, p_start, p_end, escapes)
                self._decode(b, inner, max(inner, p_end), escapes=escapes)
            # (the markers of a directive, `%{ if x }`, `%{ endfor }`, are no text of the script)
            at = max(at, p_end)
        return at

    def _decode(self, b: MappedTextBuilder, start: int, end: int, escapes: bool = True) -> None:
        text = self.file.source.text
        special = _SPECIAL if escapes else _SPECIAL_IN_HEREDOC
        i = start
        while i < end:
            m = special.search(text, i, end)  # the text up to it is itself: one run
            j = m.start() if m is not None else end
            if j > i:
                b.add(text[i:j], i)
                i = j
                if i == end:
                    break
            ch = text[i]
            if escapes and ch == "\\" and i + 1 < end:
                code = text[i + 1]
                if code in _ESCAPES:
                    b.add_decoded(_ESCAPES[code], i, i + 2)
                    i += 2
                    continue
                width = {"u": 4, "U": 8}.get(code)
                digits = text[i + 2 : i + 2 + width] if width else ""
                if width and len(digits) == width and all(c in "0123456789abcdefABCDEF" for c in digits):
                    b.add_decoded(chr(int(digits, 16)), i, i + 2 + width)
                    i += 2 + width
                    continue
            if ch in "$%" and text.startswith(ch * 2 + "{", i):
                b.add(ch, i)  # `$${` is a literal `${`
                i += 2
                continue
            b.add(ch, i)
            i += 1

    # ----------------------------------------------------------------- structure

    def read(self) -> TerraformFacts:
        root = self.tree.root_node
        if root.has_error:
            line = _first_error_line(root)
            near = f" near line {line}" if line else ""
            if self.tool == "Nomad":  # older job files are HCL1 (`"key" = v` in a block, `${` in a heredoc)
                self.file.notify(f"Nomad: not HCL2{near} (older job files are HCL1); partly read", line, "note")
            else:
                self.file.notify(f"{self.tool}: syntax error{near}; partly read", line)
        body = _child(root, "body")
        if body is not None:
            self._body(body, ())
        return self.out

    def _body(self, body: Node, path: tuple[str, ...]) -> None:
        for node in body.named_children:
            if node.type == "attribute":
                self._attribute(node, path)
            elif node.type == "block":
                self._block(node, path)

    def _attribute(self, node: Node, path: tuple[str, ...]) -> None:
        name = _ident(node)
        expr = _child(node, "expression")
        if name is None or expr is None:
            return
        self._values(expr, name, path[:2] not in _K8S_SECRETS)
        if b"decode" in (expr.text or b""):
            self._decoded(expr, (*path, name))
        if name in _SCRIPT_ATTRIBUTES:
            self.out.boot_scripts.append(partial(self._boot_script, expr, (*path, name), name in _RUN_BY_A_SHELL))
            self.out.cloud_files.append(partial(self._cloud_files, expr, (*path, name)))
        elif name == "metadata" and (obj := _unwrap(expr, "object")) is not None:
            for elem in obj.named_children:
                key = self._key(elem.named_children[0]) if elem.type == "object_elem" \
                    and elem.named_child_count >= 2 else None
                if key in _SCRIPT_KEYS:
                    self.out.boot_scripts.append(partial(self._boot_script, elem.named_children[1],
                                                         (*path, name, key), key in _RUN_BY_A_SHELL))
                    self.out.cloud_files.append(partial(self._cloud_files, elem.named_children[1],
                                                        (*path, name, key)))
        if not path and self.assigns:
            self._setting(name, expr, (name,), f"{self.tool} variables")
            self._object_settings(expr, (name,), f"{self.tool} variables")
        elif _sets_arguments(path):
            self._argument(node, name, expr, path)

    def _argument(self, node: Node, name: str, expr: Node, path: tuple[str, ...]) -> None:
        """A block's own argument (`_ARGUMENT_BLOCKS`; a Kubernetes Secret's data is
        `_k8s_secret`'s): each literal it may be given is committed as a variable's default is.
        JSON in a string or heredoc (`data_json = <<EOT {...}`) gives its members. What a secret
        store's entry holds (`_STORED_VALUES`) is a Secret's data: secret whatever its name."""
        where = " ".join((self.tool, *path)) if path[:2] == _BUILD_SOURCE \
            else " ".join((self.tool, path[0], ".".join(path[1:]))).rstrip()
        body = node.parent
        stype = "Opaque" if name in _STORED_VALUES and body is not None \
            and _stores_a_secret(path, self._lit_attr(body, ("type",))) else None
        for lit in self._given(expr):
            members = _json_members(lit)
            if members is None:
                self.out.settings.append(Setting(name, name, lit, (*path, name), where, _SECRET_ADVICE, stype))
            for keys, text in members or ():
                self.out.settings.append(Setting(keys[-1], ".".join((name, *keys)), text, (*path, name, *keys), where,
                                                 _SECRET_ADVICE, stype))
        self._object_settings(expr, (*path, name), where, len(path))

    def _given(self, expr: Node) -> list[MappedText]:
        """The literals an expression may yield: itself (a heredoc too), through `sensitive()`
        and the like (which mark the committed text, not hide it), each result of a conditional
        (`var.p != "" ? var.p : "fallback"`: the fallback whenever the variable is unset)."""
        node = expr
        while node.type in ("expression", "template_expr") and node.named_child_count == 1:
            node = node.named_children[0]
        if node.type == "conditional" and node.named_child_count == 3:
            return [*self._given(node.named_children[1]), *self._given(node.named_children[2])]
        if node.type == "function_call" and _ident(node) in _PASSED_THROUGH:
            args = _child(node, "function_arguments")
            return self._given(args.named_children[0]) if args is not None and args.named_child_count == 1 else []
        lit = self.literal(node, heredoc=True)
        return [lit] if lit is not None else []

    def _values(self, expr: Node, key: str, heredocs: bool) -> None:
        """Every literal string under expr, for the secret detectors (DCR051); with `heredocs`,
        each heredoc without interpolation too (`TerraformFacts.heredocs`)."""
        from functools import partial

        from ..filevalues import FileValue

        stack = [(expr, key)]
        while stack:
            node, k = stack.pop()
            if node.type in ("string_lit", "quoted_template"):
                lit = self.literal(node)
                if lit is not None and lit.text:
                    self.out.values.append(FileValue(lit.text, partial(_same, lit), k))
                continue
            if node.type == "heredoc_template":
                if heredocs and (lit := self._heredoc(node)) is not None and lit.text:
                    self.out.heredocs.append(FileValue(lit.text, partial(_same, lit), k))
                continue
            if node.type == "object_elem":
                key_node = node.named_children[0] if node.named_children else None
                k = self._key(key_node) or k
            stack.extend((c, k) for c in reversed(node.named_children))

    def _key(self, node: Node | None) -> str | None:
        if node is None:
            return None
        lit = self.literal(node)
        if lit is not None:
            return lit.text
        text = self._text(node).strip()
        return text if text.replace("_", "").replace("-", "").isalnum() else None

    def _text(self, node: Node) -> str:
        return self.file.source.text[self.pos(node.start_byte) : self.pos(node.end_byte)]

    def _block(self, node: Node, path: tuple[str, ...]) -> None:
        kind = _ident(node)
        labels = [lit.text for c in node.named_children if c.type == "string_lit"
                  for lit in [self.literal(c)] if lit is not None]
        body = _child(node, "body")
        if kind is None or body is None:
            return
        here = (*path, kind, *labels)
        top = path[0] if path else kind
        rtype = labels[0] if labels else ""
        if kind in _AUTH_BLOCKS and (top in ("provider", "resource", "data")) and "docker" in here[1]:
            self._auth_block(body, here)
        elif (kind, rtype) in _PACKER_LOGINS:
            self._packer_login(body, here, f"{kind} {'.'.join(labels)}")
        elif kind == "config" and "task" in path and self.tool == "Nomad":
            self._nomad_auth(body, here)
        elif kind == "env" and "task" in path and self.tool == "Nomad":
            self._nomad_env(body, here)
        elif kind == "provisioner" and path[:1] == ("build",) and self.tool == "Packer":
            self._provisioner(body, here, rtype)
        elif kind == "resource" and rtype in ("kubernetes_secret", "kubernetes_secret_v1"):
            self._k8s_secret(body, here)
        elif kind == "set_sensitive" and path[:2] == ("resource", "helm_release"):
            self._set_sensitive(body, here, path)
        elif kind == "variable" and not path and labels:
            default = self._attr(body, "default")
            description = self._lit_attr(body, ("description",))
            if default is not None and not (description and describes_where_kept(
                    description, self._lit_attr(body, ("default",)))):
                # (a variable described as a secret's name, path or entry holds where it is kept)
                self._setting(labels[0], default, here, f"{self.tool} variable {labels[0]} default")
                self._object_settings(default, (labels[0],), f"{self.tool} variable {labels[0]} default")
            if (vtype := self._attr(body, "type")) is not None and b"optional" in (vtype.text or b""):
                self._optional_defaults(vtype, here, f"{self.tool} variable {labels[0]} type's optional default")
        if kind == "resource" and rtype == "helm_release":
            self._set_sensitive_list(body, here)
        elif path and kind != "set_sensitive" and _sets_arguments(here):
            self._named_value(body, here)
        self._body(body, here)

    def _optional_defaults(self, vtype: Node, place: tuple[str, ...], where: str) -> None:
        """The defaults a variable's type gives its object's attributes (`object({ password =
        optional(string, "x") })`): what every caller that leaves the attribute out gets, as the
        variable's own `default` is, each given its attribute's name (through nested objects and
        the collection types holding them)."""
        stack: list[tuple[Node, tuple[str, ...]]] = [(vtype, ())]
        while stack:
            node, keys = stack.pop()
            while node.type in ("expression", "collection_value") and node.named_child_count:
                node = node.named_children[0]
            if node.type == "object":
                for elem in node.named_children:
                    if elem.type == "object_elem" and elem.named_child_count >= 2 \
                            and (key := self._key(elem.named_children[0])) is not None:
                        stack.append((elem.named_children[1], (*keys, key)))
            elif node.type == "function_call" and (call := _ident(node)) in _TYPE_CALLS:
                given = _child(node, "function_arguments")
                args = [c for c in given.named_children if c.type == "expression"] if given is not None else []
                if call == "optional" and len(args) >= 2 and keys:
                    lit = self.literal(args[1])
                    if lit is not None:
                        self.out.settings.append(Setting(keys[-1], ".".join(keys), lit, (*place, "type", *keys),
                                                         where, _SECRET_ADVICE))
                    else:
                        self._object_settings(args[1], (*place, "type", *keys), where, unnamed=len(place) + 1)
                    args = args[:1]  # (the attribute's type: its own attributes' defaults)
                stack.extend((a, keys) for a in args)

    def _named_value(self, body: Node, place: tuple[str, ...]) -> None:
        """A nested block that sets one named value (`set { name = "auth.password" value = "x" }`
        of a helm release, a container's `env { name = "DB_PASSWORD" value = "x" }`): a setting
        of that name (a dotted name's last part says what it is, as a values file's key does)."""
        name, value = self.literal(self._attr(body, "name")), self._attr(body, "value")
        if name is None or value is None or not name.text.strip():
            return
        shown = name.text.strip()
        where = " ".join((self.tool, place[0], ".".join(place[1:])))
        for lit in self._given(value):
            self.out.settings.append(Setting(shown.rsplit(".", 1)[-1], shown, lit, (*place, shown), where,
                                             _SECRET_ADVICE))

    def _attr(self, body: Node, name: str) -> Node | None:
        for node in body.named_children:
            if node.type == "attribute" and _ident(node) == name:
                return _child(node, "expression")
        return None

    def _lit_attr(self, body: Node, names: tuple[str, ...]) -> str | None:
        for name in names:
            lit = self.literal(self._attr(body, name))
            if lit is not None:
                return lit.text
        return None

    def _setting(self, name: str, expr: Node, place: tuple[str, ...], where: str,
                 secret_type: str | None = None) -> None:
        lit = self.literal(expr)
        if lit is not None:
            self.out.settings.append(Setting(name, name, lit, place, where, _SECRET_ADVICE, secret_type))

    def _object_settings(self, expr: Node, place: tuple[str, ...], where: str, unnamed: int = 0) -> None:
        """The string entries of a variable's object value (a `.tfvars` map of credentials, a
        default object), through nested objects and lists: each is given its key's name, as
        Terraform code reads it (`var.x.db.password`; the place's first `unnamed` parts, the
        block's, are not). A UUID there is the id of a stored secret's entry (a secrets
        manager's item), which a data source reads by it."""
        stack: list[tuple[Node, tuple[str, ...]]] = [(expr, place)]
        while stack:
            node, at = stack.pop()
            obj = _unwrap(node, "object")
            if obj is None:
                tup = _unwrap(node, "tuple")
                stack.extend((e, (*at, str(i))) for i, e in enumerate(_elements(tup)))
                continue
            for elem in obj.named_children:
                if elem.type != "object_elem" or elem.named_child_count < 2:
                    continue
                key, value = self._key(elem.named_children[0]), elem.named_children[1]
                if key is None:
                    continue
                lit = self.literal(value)
                if lit is None:
                    stack.append((value, (*at, key)))
                elif not _UUID.fullmatch(lit.text):
                    self.out.settings.append(Setting(key, ".".join((*at, key)[unnamed:]), lit, (*at, key), where,
                                                     _SECRET_ADVICE))

    def _auth_block(self, body: Node, place: tuple[str, ...]) -> None:
        pw = self.literal(self._attr(body, "password"))
        if pw is None:
            return
        registry = self._lit_attr(body, _REGISTRY_ATTRS)
        user = self._lit_attr(body, _USER_ATTRS)
        where = f"Terraform {' '.join(place[:2])} {place[-1]}" if len(place) > 1 else "Terraform"
        self.out.credentials.append(RegistryCredential(registry, user, pw, (*place, "password"), where, "login"))

    def _nomad_env(self, body: Node, place: tuple[str, ...]) -> None:
        """A Nomad task's `env` block: the task's environment, as a pod's container `env` is; each
        `NAME = "literal"` a setting (a secret there belongs in a `template` reading Nomad
        Variables or Vault, written to `secrets/` with `env = true`)."""
        task = place[place.index("task") + 1] if place.index("task") + 1 < len(place) else "task"
        for node in body.named_children:
            name = _ident(node) if node.type == "attribute" else None
            lit = self.literal(_child(node, "expression")) if name else None
            if name and lit is not None:
                self.out.settings.append(Setting(name, name, lit, (*place, name), f"Nomad task {task} env",
                                                 _NOMAD_ENV_ADVICE))

    def _nomad_auth(self, config: Node, place: tuple[str, ...]) -> None:
        """A Nomad task's docker `auth` (a block, or an attribute given an object): the login
        the client makes to pull the task's `image`, from that image's registry."""
        from ..images import parse_image

        image = self._lit_attr(config, ("image",))
        ref = parse_image(image) if image else None
        task = place[place.index("task") + 1] if place.index("task") + 1 < len(place) else "task"
        where = f"Nomad task {task} docker auth"
        for node in config.named_children:
            if node.type == "block" and _ident(node) == "auth":
                body = _child(node, "body")
                elems = None if body is None else {n: self._attr(body, n) for n in ("username", "password")}
            elif node.type == "attribute" and _ident(node) == "auth" \
                    and (obj := _unwrap(_child(node, "expression"), "object")) is not None:
                elems = {n: self._elem(obj, n) for n in ("username", "password")}
            else:
                continue
            pw = None if elems is None else self.literal(elems["password"])
            if pw is not None and elems is not None:
                user = self.literal(elems["username"])
                self.out.credentials.append(RegistryCredential(
                    ref.registry if ref else None, user.text if user else None, pw, (*place, "auth", "password"),
                    where, "login"))

    def _packer_login(self, body: Node, place: tuple[str, ...], block: str) -> None:
        """`login_password` of a docker builder or `docker-push` post-processor (`login = false`
        leaves it unused, but written down all the same)."""
        pw = self.literal(self._attr(body, "login_password"))
        if pw is not None:
            registry = self._lit_attr(body, ("login_server",))
            user = self._lit_attr(body, ("login_username",))
            self.out.credentials.append(RegistryCredential(
                registry, user, pw, (*place, "login_password"), f"{self.tool} {block}", "login"))

    def _provisioner(self, body: Node, place: tuple[str, ...], ptype: str) -> None:
        """A Packer build's provisioner: the environment it gives its commands (a shell's
        `environment_vars = ["NAME=value"]`, `env = { NAME = "value" }`), each entry a setting
        (what the build runs with is written here as a builder's arguments are); its `inline`
        commands, run as a script on the machine being built (or, `shell-local`, the one building)."""
        where = f"{self.tool} provisioner {ptype} environment" if ptype else f"{self.tool} provisioner environment"
        for item in _elements(_unwrap(self._attr(body, "environment_vars"), "tuple")):
            lit = self.literal(item)
            name, eq, _ = lit.text.partition("=") if lit is not None else ("", "", "")
            if lit is not None and eq and name.strip():
                self.out.settings.append(Setting(name, name, lit.slice(len(name) + 1, len(lit.text)),
                                                 (*place, "environment_vars", name), where, _SECRET_ADVICE))
        env = self._attr(body, "env")
        if env is not None:
            self._object_settings(env, (*place, "env"), where, len(place) + 1)
        dialect = PROVISIONER_DIALECTS.get(ptype)
        inline = _unwrap(self._attr(body, "inline"), "tuple")
        if dialect is not None and inline is not None:
            self.out.boot_scripts.append(partial(self._inline_script, inline, (*place, "inline"), dialect))

    def _inline_script(self, inline: Node, place: tuple[str, ...], dialect: str) -> list[ShellContext]:
        """A provisioner's `inline` commands as the script Packer writes of them, one line each
        (`${var.x}` as what Packer puts there, `_SUBSTITUTED`)."""
        lines = [t for e in _elements(inline) if (t := self._script_text(e)) is not None]
        return [ShellContext(joined_lines(lines), dialect, place)] if lines else []

    def _k8s_secret(self, body: Node, place: tuple[str, ...]) -> None:
        stype = self._lit_attr(body, ("type",)) or "Opaque"
        name = place[2] if len(place) > 2 else "?"
        where = f"Terraform {place[1]} {name}"
        for field_name in ("data", "binary_data"):
            expr = self._attr(body, field_name)
            obj = _unwrap(expr, "object")
            if obj is None:
                continue
            for elem in obj.named_children:
                if elem.type != "object_elem" or elem.named_child_count < 2:
                    continue
                key = self._key(elem.named_children[0])
                value = elem.named_children[1]
                if key is None:
                    continue
                if key in (".dockerconfigjson", ".dockercfg") or stype in _DOCKER_TYPES:
                    self._docker_data(key, value, (*place, field_name, key), where, stype)
                else:
                    self._setting(key, value, (*place, field_name, key), where, stype)

    def _docker_data(self, key: str, value: Node, place: tuple[str, ...], where: str, stype: str) -> None:
        lit = self.literal(value, heredoc=True)
        if lit is not None:  # the docker config as a JSON string or heredoc
            self.out.settings.append(Setting(key, key, lit, place, where, _SECRET_ADVICE,
                                             stype if stype in _DOCKER_TYPES else _DOCKER_TYPES[0]))
            return
        # jsonencode({auths = {"host" = {username = "u", password = "p", auth = base64encode(...)}}})
        for registry, entry in self._auth_entries(value):
            user = self.literal(self._elem(entry, "username"))
            for name, secret in self._secret_elems(entry):
                owner = user.text if user else None
                if name == "auth":  # base64 of user:password, as docker login writes it
                    owner = _auth_user(secret.text)
                    if owner is None:
                        continue  # not user:password: not a credential DCR022 reads
                self.out.credentials.append(RegistryCredential(
                    registry, owner, secret, (*place, registry, name), where, "secret"))

    def _secret_elems(self, entry: Node) -> Iterator[tuple[str, MappedText]]:
        """An entry's literal secrets: `password`, `auth`, `identitytoken`, `registrytoken`, in
        any case (jsonencode keeps it; Docker reads the JSON ignoring it)."""
        for elem in entry.named_children:
            if elem.type != "object_elem" or elem.named_child_count < 2:
                continue
            name = (self._key(elem.named_children[0]) or "").casefold()
            if name in _SECRET_KEYS:
                lit = self.literal(elem.named_children[1])
                if lit is not None:
                    yield name, lit

    def _auth_entries(self, value: Node) -> Iterator[tuple[str, Node]]:
        stack = [value]
        while stack:
            node = stack.pop()
            if node.type == "object_elem" and node.named_child_count >= 2 \
                    and self._key(node.named_children[0]) == "auths":
                auths = _unwrap(node.named_children[1], "object")
                if auths is not None:
                    for elem in auths.named_children:
                        if elem.type == "object_elem" and elem.named_child_count >= 2:
                            entry = _unwrap(elem.named_children[1], "object")
                            registry = self._key(elem.named_children[0])
                            if entry is not None and registry:
                                yield registry, entry
                continue
            stack.extend(node.named_children)

    def _elem(self, obj: Node, key: str) -> Node | None:
        for elem in obj.named_children:
            if elem.type == "object_elem" and elem.named_child_count >= 2 \
                    and self._key(elem.named_children[0]) == key:
                return elem.named_children[1]
        return None

    def _set_sensitive(self, body: Node, place: tuple[str, ...], path: tuple[str, ...]) -> None:
        name = self.literal(self._attr(body, "name"))
        value = self._attr(body, "value")
        if value is not None:
            release = path[2] if len(path) > 2 else "?"
            shown = name.text if name is not None else "value"
            self._setting(shown, value, (*place, shown), f"Terraform helm_release {release} set_sensitive",
                          "Opaque")

    def _set_sensitive_list(self, body: Node, place: tuple[str, ...]) -> None:
        """`set_sensitive = [{ name = "x", value = "y" }]` (helm provider 3)."""
        expr = self._attr(body, "set_sensitive")
        if expr is None:
            return
        release = place[2] if len(place) > 2 else "?"
        stack = [expr]
        while stack:
            node = stack.pop()
            if node.type == "object":
                name = self.literal(self._elem(node, "name"))
                value = self._elem(node, "value")
                if value is not None:
                    shown = name.text if name is not None else "value"
                    self._setting(shown, value, (*place, "set_sensitive", shown),
                                  f"Terraform helm_release {release} set_sensitive", "Opaque")
                continue
            stack.extend(node.named_children)


def _shell_script(text: MappedText, place: tuple[str, ...]) -> list[ShellContext]:
    """A boot script, and the units it writes from here-documents (`cat > x.service <<EOF`)."""
    from ..extractors.systemd import may_write_unit, written_units

    out = [ShellContext(text, "sh", place)]
    return out + written_units(text, place) if may_write_unit(text.text) else out


def _cloud_config(text: MappedText, place: tuple[str, ...]) -> list[ShellContext]:
    """cloud-init's `#cloud-config` user data: its `bootcmd` and `runcmd` commands, mapped
    through the YAML and the heredoc to the file. A string is run by `sh -c`; a list is the
    command's words (read as a shell line of them, each quoted). And the units and scripts its
    `write_files` writes (`writtenfiles`)."""
    import yaml
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    from ..source import SourceFile
    from ..yamlsrc import YamlError, compose_text, get, scalar_text

    try:
        docs = compose_text(text.text)
    except (yaml.YAMLError, YamlError, RecursionError):
        return []  # (not YAML: cloud-init does not run it either)
    source = SourceFile("user-data", text.text)
    out = []
    for doc in docs:
        if not isinstance(doc, MappingNode):
            continue
        for key in ("bootcmd", "runcmd"):
            commands = get(doc, key)
            if not isinstance(commands, SequenceNode):
                continue
            for i, item in enumerate(commands.value):
                where = (*place, key, str(i))
                if isinstance(item, ScalarNode) and item.tag.endswith(":str"):
                    out.append(ShellContext(mapped_through(scalar_text(item, source), text), "sh", where))
                elif isinstance(item, SequenceNode) and item.value \
                        and all(isinstance(w, ScalarNode) for w in item.value):
                    words = [mapped_through(scalar_text(w, source), text) for w in item.value]
                    out.append(ShellContext(_quoted_words(words), "sh", where))
        out += _written_commands(get(doc, "write_files"), source, text, place)
    return out


def _written_commands(files: object, source: SourceFile, text: MappedText, place: tuple[str, ...]
                      ) -> list[ShellContext]:
    """The commands of the units and scripts `write_files` writes as text (no `encoding`)."""
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    from ..yamlsrc import get, scalar_text
    from .writtenfiles import shell_contexts

    out = []
    for i, item in enumerate(files.value if isinstance(files, SequenceNode) else ()):
        if not isinstance(item, MappingNode):
            continue
        content, path, encoding = get(item, "content"), get(item, "path"), get(item, "encoding")
        if isinstance(content, ScalarNode) and content.tag.endswith(":str") and isinstance(path, ScalarNode) \
                and not (isinstance(encoding, ScalarNode) and encoding.value.lower() not in ("", "text/plain")):
            out += shell_contexts(str(path.value), mapped_through(scalar_text(content, source), text),
                                  (*place, "write_files", str(i), "content"))
    return out


def _write_files(text: MappedText, place: tuple[str, ...]) -> list[CloudFile]:
    """cloud-init's `write_files` in `#cloud-config` user data: each file's path, encoding and
    text content (not a `!!binary` one), mapped through the YAML and the heredoc to the file."""
    import yaml
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    from ..source import SourceFile
    from ..yamlsrc import YamlError, compose_text, get, scalar_text

    try:
        docs = compose_text(text.text)
    except (yaml.YAMLError, YamlError, RecursionError):
        return []  # (not YAML: cloud-init writes nothing either)
    source = SourceFile("user-data", text.text)
    out = []
    for doc in docs:
        files = get(doc, "write_files") if isinstance(doc, MappingNode) else None
        if not isinstance(files, SequenceNode):
            continue
        for i, item in enumerate(files.value):
            if not isinstance(item, MappingNode):
                continue
            content, path, encoding = get(item, "content"), get(item, "path"), get(item, "encoding")
            if isinstance(content, ScalarNode) and content.tag.endswith(":str"):
                out.append(CloudFile(path.value if isinstance(path, ScalarNode) else "",
                                     encoding.value.lower() if isinstance(encoding, ScalarNode) else "",
                                     mapped_through(scalar_text(content, source), text),
                                     (*place, "write_files", str(i))))
    return out


def _quoted_words(words: list[MappedText]) -> MappedText:
    """Words as one shell line, each single-quoted (a quote in one as `'\\''`): the quotes
    stand at the word's first character and just past its last."""
    b = MappedTextBuilder()
    for j, word in enumerate(words):
        if j:
            b.add_decoded(" ", word.offset(0))
        b.add_decoded("'", word.offset(0))
        at = 0
        while (q := word.text.find("'", at)) >= 0:
            b.copy(word, at, q)
            b.add_decoded("'\\''", word.offset(q))
            at = q + 1
        b.copy(word, at, len(word.text))
        b.add_decoded("'", word.end)
    return b.build(words[-1].end)


def joined_lines(lines: list[MappedText]) -> MappedText:
    """Lines as one script, a line break (standing at the next line's start) between two."""
    b = MappedTextBuilder()
    for i, line in enumerate(lines):
        if i:
            b.add_decoded("\n", line.offset(0))
        b.copy(line, 0, len(line.text))
    return b.build(lines[-1].end)


def _outdented(mt: MappedText) -> MappedText:
    """A `<<-` heredoc's lines without the indent they all share (the fewest leading blanks of a
    line that is not blank), as Terraform reads it."""
    text = mt.text
    lines = text.split("\n")
    indents = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
    cut = min(indents) if indents else 0
    if not cut:
        return mt
    b = MappedTextBuilder()
    at = 0
    for line in lines:
        lead = len(line) - len(line.lstrip(" \t"))
        b.copy(mt, at + min(cut, lead), at + len(line))
        if at + len(line) < len(text):
            b.copy(mt, at + len(line), at + len(line) + 1)  # its line break
        at += len(line) + 1
    return b.build(mt.end)


def _auth_user(auth: str) -> str | None:
    """The user of an `auth` value (base64 of `user:password`); None when it is not one."""
    from ..dockerauth import DockerConfigError, decode_base64

    try:
        user, colon, _ = decode_base64(auth, "auth").partition(":")
    except DockerConfigError:
        return None
    return user if colon else None


def read(file: ScannedFile) -> TerraformFacts:
    return _Reader(file).read()


def comment_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) character offsets of the comments of HCL text (`#`, `//`, `/* */`), in
    order: where a suppression comment may be (not in a string or a heredoc)."""
    b2c = char_offsets(text)
    out: list[tuple[int, int]] = []
    stack = [_parser().parse(text.encode("utf-8", "surrogatepass")).root_node]
    while stack:
        node = stack.pop()
        if node.type == "comment":
            a, b = node.start_byte, node.end_byte
            out.append((a, b) if b2c is None else (b2c[min(a, len(b2c) - 1)], b2c[min(b, len(b2c) - 1)]))
        else:
            stack.extend(node.children)
    return sorted(out)


def _same(mt: MappedText) -> MappedText:
    return mt


# The calls of a type constraint that hold attribute types (`optional(T, DEFAULT)` gives one a
# default).
_TYPE_CALLS = frozenset(("object", "optional", "map", "list", "set", "tuple"))


def _child(node: Node, kind: str) -> Node | None:
    for c in node.named_children:
        if c.type == kind:
            return c
    return None


def _ident(node: Node) -> str | None:
    first = node.named_children[0] if node.named_children else None
    if first is None or first.type != "identifier" or first.text is None:
        return None
    return first.text.decode("utf-8", "replace")


def _elements(tup: Node | None) -> list[Node]:
    """The elements of a tuple (`[a, b]`) node."""
    return [] if tup is None else [c for c in tup.named_children if c.type == "expression"]


def _unwrap(node: Node | None, kind: str) -> Node | None:
    """The `kind` node an expression is, through `expression`/`collection_value` wrappers and
    one function call (`jsonencode({...})`)."""
    while node is not None and node.type != kind:
        if node.type in ("expression", "collection_value", "function_call", "function_arguments") \
                and node.named_child_count >= 1:
            node = next((c for c in node.named_children if c.type != "identifier"), None)
        else:
            return None
    return node


def _first_error_line(root: Node) -> int | None:
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            return int(node.start_point[0]) + 1
        if node.has_error:
            stack.extend(reversed(node.children))
    return None



