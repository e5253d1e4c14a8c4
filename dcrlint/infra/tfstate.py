"""Terraform state (`terraform.tfstate`, `*.tfstate.backup`): the JSON Terraform writes with every
attribute of every resource it manages, in plaintext, secrets included (`tls_private_key`'s
`private_key_pem`, `kubernetes_secret` data, `aws_ecr_authorization_token`'s `password`); a state
committed to the repository commits them all. Read with the JSON parser that keeps offsets
(`dockerauth.parse_json`), strings decoded and mapped to the file character for character
(`packerjson.string_text`: a PEM written with `\\n` escapes is a PEM).

Read into the HCL model (`infra.terraform.TerraformFacts`): every string (VALUES: DCR050,
DCR051); a `kubernetes_secret` / `kubernetes_secret_v1` instance's registry data (a setting of a
registry Secret: DCR022; other data: DCR023); the registry logins of registry resources (a docker
resource's `auth_config` / `registry_auth` password, an `aws_ecr_authorization_token`'s, an Azure
registry's admin password, a Harbor robot account's secret: DCR002). State
format 4 (Terraform 0.12 on); an older state's strings are read all the same."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from ..dockerauth import string_value
from ..facts import RegistryCredential, Setting
from ..filevalues import FileValue
from .packerjson import string_text
from .terraform import TerraformFacts

if TYPE_CHECKING:
    from ..dockerauth import JNode, JObject
    from ..scanned import ScannedFile

# What a state's secret needs, whatever it is: the state out of the repository, the secret renewed.
ADVICE = ("rotate it, and keep the state in a remote backend, never in the repository (it records every "
          "attribute in plaintext)")
_K8S_SECRETS = ("kubernetes_secret", "kubernetes_secret_v1")
_DOCKER_TYPES = ("kubernetes.io/dockerconfigjson", "kubernetes.io/dockercfg")
_REGISTRY_KEYS = (".dockerconfigjson", ".dockercfg")
# A docker provider resource's login blocks (a list of objects in state), as in HCL (infra.terraform).
_AUTH_BLOCKS = ("auth_config", "registry_auth")
_REGISTRY_ATTRS = ("address", "server_address", "host_name", "registry")
_USER_ATTRS = ("username", "user_name")
# Registry resources and the login they hold: (registry, user, password) attributes. An ECR
# token's `authorization_token` is its `password` again (base64 of `AWS:password`): one finding.
_REGISTRY_LOGINS: dict[str, tuple[str | None, str, str]] = {
    "aws_ecr_authorization_token": ("proxy_endpoint", "user_name", "password"),
    "azurerm_container_registry": ("login_server", "admin_username", "admin_password"),
    "harbor_robot_account": (None, "full_name", "secret"),
}


class _Reader:
    def __init__(self) -> None:
        self.out = TerraformFacts()

    def read(self, root: JNode) -> TerraformFacts:
        from ..dockerauth import JArray, JObject, keyed_strings

        for node, key in keyed_strings(root):
            self.out.values.append(FileValue(node.value, partial(string_text, node), key))
        resources = root.get("resources") if isinstance(root, JObject) else None
        for res in resources.items if isinstance(resources, JArray) else ():
            if not isinstance(res, JObject):
                continue
            instances = res.get("instances")
            for i, inst in enumerate(instances.items if isinstance(instances, JArray) else ()):
                attrs = inst.get("attributes") if isinstance(inst, JObject) else None
                if isinstance(attrs, JObject):
                    self._instance(res, attrs, (*_address(res), str(i)))
        return self.out

    def _instance(self, res: JObject, attrs: JObject, place: tuple[str, ...]) -> None:
        rtype = string_value(res.get("type")) or ""
        where = f"Terraform state {'.'.join(place[:-1])}"
        if rtype in _K8S_SECRETS:
            self._k8s_secret(attrs, place, where)
        elif rtype in _REGISTRY_LOGINS:
            self._registry_login(rtype, attrs, place, where)
        elif rtype.startswith("docker_"):
            for block in _AUTH_BLOCKS:
                self._auth_blocks(attrs, block, place, f"{where} {block}")

    def _k8s_secret(self, attrs: JObject, place: tuple[str, ...], where: str) -> None:
        """A Secret's `data`, as the provider keeps it (not base64): a registry Secret's docker
        config (DCR022), other data as a `kubernetes_secret`'s literal data is (DCR023)."""
        from ..dockerauth import JObject, JString

        stype = string_value(attrs.get("type")) or "Opaque"
        data = attrs.get("data")
        for key, value in data.items if isinstance(data, JObject) else ():
            if not isinstance(value, JString) or not value.value:
                continue
            registry = key.value in _REGISTRY_KEYS or stype in _DOCKER_TYPES
            self.out.settings.append(Setting(
                key.value, key.value, string_text(value), (*place, "data", key.value), where, ADVICE,
                (stype if stype in _DOCKER_TYPES else _DOCKER_TYPES[0]) if registry else stype))

    def _registry_login(self, rtype: str, attrs: JObject, place: tuple[str, ...], where: str) -> None:
        """The login a registry resource holds (`_REGISTRY_LOGINS`)."""
        from ..dockerauth import JString

        registry_attr, user_attr, password_attr = _REGISTRY_LOGINS[rtype]
        pw = attrs.get(password_attr)
        if isinstance(pw, JString) and pw.value:
            endpoint = string_value(attrs.get(registry_attr)) if registry_attr else None
            registry = endpoint.split("://", 1)[-1].rstrip("/") if endpoint else None
            self.out.credentials.append(RegistryCredential(
                registry, string_value(attrs.get(user_attr)), string_text(pw), (*place, password_attr), where, "login"))

    def _auth_blocks(self, attrs: JObject, block: str, place: tuple[str, ...], where: str) -> None:
        from ..dockerauth import JArray, JObject, JString

        blocks = attrs.get(block)
        for j, auth in enumerate(blocks.items if isinstance(blocks, JArray) else ()):
            pw = auth.get("password") if isinstance(auth, JObject) else None
            if not isinstance(auth, JObject) or not isinstance(pw, JString) or not pw.value:
                continue
            registry = next((t for a in _REGISTRY_ATTRS if (t := string_value(auth.get(a)))), None)
            user = next((t for a in _USER_ATTRS if (t := string_value(auth.get(a)))), None)
            self.out.credentials.append(RegistryCredential(
                registry, user, string_text(pw), (*place, block, str(j), "password"), where, "login"))


def _address(res: JObject) -> tuple[str, ...]:
    """A resource's address as Terraform writes it: `module.x.data.type.name`, in parts."""
    module, mode = string_value(res.get("module")), string_value(res.get("mode"))
    parts = (*((module,) if module else ()), *(("data",) if mode == "data" else ()))
    return (*parts, string_value(res.get("type")) or "?", string_value(res.get("name")) or "?")


def read(file: ScannedFile) -> TerraformFacts:
    """The state's model; a state that is not JSON gets a notification and nothing."""
    from ..dockerauth import file_json

    root = file_json(file, "Terraform state")
    return TerraformFacts() if root is None else _Reader().read(root)
