"""Infrastructure code (Ansible, Terraform, Packer, Makefiles) read as a reviewer reads it, from
public repositories none of us wrote (fixtures written here): each test holds one principle, end
to end, beside a real secret that stays reported at its exact place."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

RULES = frozenset({"DCR001", "DCR002", "DCR023", "DCR050", "DCR051"})
REAL = "Vq7-trellis-93-Kmd"  # stays reported in every fixture


def test_where_one_authenticates_is_a_setting(tmp_path: Path) -> None:
    """`auth_cloud` names an entry of clouds.yaml, `auth_project` a project: where one logs in,
    as a realm or a domain does, not a credential. The password beside them stays reported."""
    text = f"""\
iaas_auth_cloud: "ops-admin-internal"
iaas_auth_cloud_system: "ops-admin-system-internal"
compute_service_auth_project: "service"
identity_auth_tenant: ops
compute_auth_password: "{REAL}"
cloud_password: Hx3-lattice-27-Pqr
"""
    results, notes = engine_scan(tmp_path, {"inventory/group_vars/all/common.yml": text}, rules=RULES)
    assert brief(results) == [("inventory/group_vars/all/common.yml", 5, 25, "DCR023"),
                              ("inventory/group_vars/all/common.yml", 6, 17, "DCR023")]
    assert notes == []


def test_the_credential_for_a_cloud_or_project_is_a_secret(tmp_path: Path) -> None:
    """Where or which (cloud, project, tenant, system, realm, db ...) makes a setting of `auth`,
    not of the credential itself: `HARBOR_PASSWORD_SYSTEM`, `GITLAB_TOKEN_PROJECT`,
    `PASSWORD_DB_ORDERS` name the password or token for that thing (guard R1)."""
    names = ["HARBOR_PASSWORD_SYSTEM", "GITLAB_TOKEN_PROJECT", "REGISTRY_PASSWORD_CLOUD", "CLIENT_SECRET_TENANT",
             "apiKeyProject", "ADMIN_PASSWORD_REALM", "REGISTRY_PASSWORD_DB", "PASSWORD_DB_ORDERS",
             "API_KEY_SERVER_EU"]
    settings = ["OS_AUTH_PROJECT", "compute_auth_cloud", "identity_auth_tenant", "AUTH_DB", "authDatabase",
                "SECRET_NAME_MONGO", "API_KEY_ID_PROD"]
    text = "".join(f'{n}="{REAL}"\n' for n in names) + "".join(f"{n}=ops-internal\n" for n in settings)
    results, notes = engine_scan(tmp_path, {"deploy/.env": text}, rules=RULES)
    assert brief(results) == [("deploy/.env", i + 1, len(n) + 3, "DCR023") for i, n in enumerate(names)]
    assert notes == []


def test_the_parts_a_makefile_includes_are_makefiles(tmp_path: Path) -> None:
    """`Makefile.docker`, `Makefile.release`: the parts a project's Makefile includes, make's
    syntax under make's name; `.mak` too. A document or a program about one is not read so, nor
    cargo-make's TOML."""
    recipe = 'login:\n\t"$(DOCKER)" login --username="$(HUB_USER)" --password="$(HUB_PASSWORD)"\n'
    files = {"modules/docker/Makefile.hub": recipe, "build/GNUmakefile.release": recipe, "mk/push.mak": recipe,
             "docs/Makefile.md": recipe, "Makefile.toml": '[tasks.login]\nscript = "docker login -p x"\n'}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    assert brief(results) == [("build/GNUmakefile.release", 2, 57, "DCR001"), ("mk/push.mak", 2, 57, "DCR001"),
                              ("modules/docker/Makefile.hub", 2, 57, "DCR001")]
    assert notes == []


PACKER = f"""\
variable "registry_password" {{
  type      = string
  sensitive = true
  default   = "{REAL}"
}}

source "docker" "base" {{
  image          = "dcr.example.com/base:1"
  commit         = true
  login          = true
  login_server   = "dcr.example.com"
  login_username = "ci"
  login_password = "Hx3-lattice-27-Pqr"
}}

build {{
  sources = ["source.docker.base"]
  post-processors {{
    post-processor "docker-tag" {{
      repository = "dcr.example.com/app"
    }}
    post-processor "docker-push" {{
      login          = true
      login_username = "ci"
      login_password = "Pq8-harbor-41-Zns"
    }}
  }}
  post-processor "docker-push" {{
    login_password = var.registry_password
  }}
  post-processor "docker-push" {{
    login_password = "${{var.registry_password}}"
  }}
}}
"""


def test_packer_logs_in_to_registries(tmp_path: Path) -> None:
    """A Packer template is HCL as Terraform's is: its docker builder and `docker-push`
    post-processor log in with `login_password` (DCR002), its variables' defaults and a
    `.pkrvars.hcl` assign secrets as Terraform's do (DCR023). A variable or a template is no
    literal."""
    files = {"images/base.pkr.hcl": PACKER, "images/prod.pkrvars.hcl": 'registry_password = "Wr5-canal-62-Lop"\n'
             'image_password = var.x\nregion = "eu"\n'}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    assert brief(results) == [("images/base.pkr.hcl", 4, 16, "DCR023"), ("images/base.pkr.hcl", 13, 21, "DCR002"),
                              ("images/base.pkr.hcl", 25, 25, "DCR002"), ("images/prod.pkrvars.hcl", 1, 22, "DCR023")]
    assert "Packer source docker.base for dcr.example.com (user ci)" in results[1].message
    assert notes == []


BOOTSTRAP = """\
#!/usr/bin/env bash
# keep the caller's environment over the project's .env
t=$(mktemp) && export -p >"${t}" && set -a && . ./.env && set +a && . "${t}" && rm "${t}"
declare -px >> "${HOME}/env.snapshot"
{ export -p; } > "${t}.2"
echo "${REGISTRY_TOKEN}" && export -p > "${t}.3"
export -p >&2
printf '%s' "${REGISTRY_TOKEN}" | docker login -u ci --password-stdin dcr.example.com
"""


def test_an_environment_written_to_a_file_is_not_printed(tmp_path: Path) -> None:
    """`export -p > "$t"` saves the environment to a file (to restore it after reading .env):
    a declaration writes where its redirects send it, as any command does. Printed to stderr it
    is in the log; and in `a && export -p > f` the redirect is export's, not echo's."""
    results, notes = engine_scan(tmp_path, {"scripts/login": BOOTSTRAP}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("scripts/login", 6, 1, "DCR003"), ("scripts/login", 7, 1, "DCR003")]
    assert "`echo` prints secret `REGISTRY_TOKEN`" in results[0].message
    assert "`export` prints the whole environment" in results[1].message
    assert notes == []


def test_a_schedule_and_a_phrase_saying_whose_are_not_secrets(tmp_path: Path) -> None:
    """A Secret made in Terraform keeps a backup job's settings beside its keys: a cron schedule
    is when it runs, and `my-s3-secret-access-key` says whose and what goes there. A schedule
    needs a `*` or `?`; a `my-` phrase must end with the secret's noun."""
    tf = f"""\
resource "kubernetes_secret" "backup" {{
  metadata {{
    name = "backup"
  }}
  data = {{
    BACKUP_SCHEDULE       = "0 */12 * * *"
    PRUNE_SCHEDULE        = "30 2 * * MON-FRI"
    REPORT_SCHEDULE       = "@daily"
    AWS_SECRET_ACCESS_KEY = "my-s3-secret-access-key"
    REGISTRY_PASSWORD     = "some_registry_password"
    DB_PASSWORD           = "{REAL}"
    API_TOKEN             = "my-token-7Hq2Lx9Vb"
    CRON_TOKEN            = "7Hq 2Lx 9Vb Qm3 Zr8"
  }}
}}
"""
    results, notes = engine_scan(tmp_path, {"infra/backup.tf": tf}, rules=RULES)
    assert brief(results) == [("infra/backup.tf", 11, 30, "DCR023"), ("infra/backup.tf", 12, 30, "DCR023"),
                              ("infra/backup.tf", 13, 30, "DCR023")]  # the literal, a random token, no schedule
    assert notes == []
