"""Jenkins Configuration as Code (`jenkins.yaml`, a `casc` folder's files): the credentials it
puts in Jenkins' store (`credentials.system.domainCredentials[].credentials[]`: a
`usernamePassword`'s `password`, a `string`'s `secret`, an SSH key's `passphrase` ...) and every
other secret-named setting (a local user's `password`, a plugin's token). The plugin reads
`${NAME}` from a secret source (the environment, Kubernetes or Vault secrets, files) when Jenkins
starts: a literal there is a credential committed with the file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from yaml.nodes import Node, ScalarNode, SequenceNode

from ..facts import Setting
from ..yamlsrc import get, scalar_text
from .literals import scalar_pairs

if TYPE_CHECKING:
    from ..scanned import ScannedFile

ADVICE = "write `${NAME}` and give it from a secret source (the environment, Kubernetes or Vault secrets)"


def settings(file: ScannedFile) -> list[Setting]:
    out = []
    for i, doc in enumerate(file.yaml_documents):
        for pair in scalar_pairs(doc):
            out.append(Setting(pair.name, _shown(doc, pair.path), scalar_text(pair.value, file.source),
                               (str(i), *pair.path), "Jenkins configuration as code", ADVICE))
    return out


def _shown(doc: Node, path: tuple[str, ...]) -> str:
    """How a message names a setting: a stored credential by its id and type (`credential
    `registry` (usernamePassword) password`), anything else by its key path."""
    if len(path) >= 7 and path[:3] == ("credentials", "system", "domainCredentials") and path[4] == "credentials":
        node: Node | None = doc
        for key in path[:7]:
            node = node.value[int(key)] if isinstance(node, SequenceNode) else get(node, key)
        kind = path[6]
        cid = get(node, "id")
        name = f"`{cid.value}` " if isinstance(cid, ScalarNode) and cid.value else ""
        return f"credential {name}({kind}) {'.'.join(path[7:])}"
    return ".".join(path)
