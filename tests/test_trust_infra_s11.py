"""Infrastructure code read as a reviewer reads it (session 11): fixtures written here, each
principle beside a real secret or leak that stays reported at its exact place."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan, run_checks, scanned, write

RULES = frozenset({"DCR003", "DCR010", "DCR023", "DCR051"})
REAL = "Vq7-trellis-93-Kmd"  # stays reported in every fixture


def _printed(script: str, path: str = "renew.sh") -> list[tuple[int, int, str]]:
    file = scanned(script, path)
    return [(*file.source.position(f.span.start), f.message.split("`")[3]) for f in run_checks(file, "DCR003")
            if "prints secret" in f.message]


REDIRECTS = """\
#!/bin/sh
set -e
export work_dir="/tmp/le/"
export certbot_auth="$work_dir/certbot_auth.sh"
hook_token="$2"
echo "Creating $certbot_auth"
cat << EOF > $certbot_auth
#!/bin/sh
curl -H "Authorization: Bearer \\$CLOUDFLARE_TOKEN" https://api.example.com/zones
EOF
echo "log to ${hook_token}"
some-cmd 2>> "${hook_token}"
echo "$CLOUDFLARE_TOKEN" > "$work_dir/token"
echo "==> $API_TOKEN"
cat <<< $REGISTRY_PASSWORD
echo "$REGISTRY_PASSWORD"
[ -n "$DB_TOKEN" ] && echo "$DB_TOKEN"
"""


def test_a_variable_a_redirection_opens_holds_a_path() -> None:
    """A variable that is a whole redirection's target (`> $X`, `2>> "${X}"`, `< $X`) is
    opened by the shell as a file: it holds a path, whatever its name. A here-string (`<<<`)
    is content, an arrow in a message (`==> $X`) is text, and a variable written into the
    file is still a secret printed where it is printed."""
    assert _printed(REDIRECTS) == [(14, 1, "API_TOKEN"), (16, 1, "REGISTRY_PASSWORD"), (17, 23, "DB_TOKEN")]


def test_an_authentication_flow_is_no_secret() -> None:
    """The steps one signs in by (an identity provider's flow: `AUTH_FLOW`, `authorization_flow`,
    `authFlow`) are a setting, as an authentication method is; a name that only starts with the
    word (`AUTH_FLOWER`) or a credential for a flow's thing stays one."""
    script = ("#!/bin/bash\nAUTH_FLOW=$(curl -s https://idp.example.com/api/flows | jq -r .pk)\n"
              'echo "  Authorization flow: $AUTH_FLOW"\necho "$authorization_flow $authFlow"\n'
              'echo "$AUTH_FLOWER"\necho "$FLOW_TOKEN"\n')
    assert _printed(script) == [(5, 1, "AUTH_FLOWER"), (6, 1, "FLOW_TOKEN")]


VARS = f"""\
jellyfin_test_admin_user: harness
jellyfin_test_admin_password: harness-fixture-only
app_client_secret: fixtures
auth_flow: implicit
admin_password: {REAL}
api_token: Fixture9-Hq4zT9Lm
ldap_password: prefixture-Hq4zT9Lm
password_flow_token: Pq8-harbor-41-Zns
"""


def test_a_value_that_says_it_is_a_fixture_is_a_stand_in(tmp_path: Path) -> None:
    """A value whose words say it is a test fixture (`harness-fixture-only`) stands in for a
    credential, as `example` and `dummy` do; the word glued into a longer one is not it.
    A name saying a flow (`auth_flow`) holds a setting."""
    results, notes = engine_scan(tmp_path, {"roles/media/vars/main.yml": VARS}, rules=RULES)
    assert brief(results) == [("roles/media/vars/main.yml", 5, 17, "DCR023"),
                              ("roles/media/vars/main.yml", 6, 12, "DCR023"),
                              ("roles/media/vars/main.yml", 7, 16, "DCR023"),
                              ("roles/media/vars/main.yml", 8, 22, "DCR023")]
    assert notes == []


ENV_FILE = f"""\
# Authentication
APP_SECRET_KEY= # openssl rand 60 | base64
APP_ACCESS_KEY_ENCRYPTION=\t#key for the database, make it with: head -c32 /dev/urandom | base64
MAIL_PASSWORD=smtp_password
UTILS_SECRET=generate_a_new_key
OAUTH_CLIENT_SECRET=get_the_secret_of_the_key_above
DB_PASSWORD=#{REAL}
ADMIN_PASSWORD= {REAL} # the admin's
RELAY_PASSWORD=testing-password
API_TOKEN=Get-Cobalt-Harbor
SIGNING_SECRET=smtp_passwords
"""


def test_env_file_stand_ins_and_comments(tmp_path: Path) -> None:
    """An env file's value left empty with a comment after a blank (`NAME= # openssl rand ...`)
    says how to make it; lower-case words saying how to get it (`generate_a_new_key`) stand in
    for it. A `#` right after the `=`, a value before a comment, a passphrase of words joined by
    `-`, capitals, and a snake_case name as the value (a template's default may be the password
    itself: `smtp_password`) stay reported."""
    results, notes = engine_scan(tmp_path, {"templates/app/.env": ENV_FILE}, rules=RULES)
    assert brief(results) == [("templates/app/.env", 4, 15, "DCR023"), ("templates/app/.env", 7, 13, "DCR023"), ("templates/app/.env", 8, 17, "DCR023"),
                              ("templates/app/.env", 9, 16, "DCR023"), ("templates/app/.env", 10, 11, "DCR023"),
                              ("templates/app/.env", 11, 16, "DCR023")]
    assert notes == []


ZSHRC = """\
genpass() {
  local pass
  pass=$(xkcdpass -d '-' -n 3 "$@")
  echo "${pass}$((RANDOM % 10))"
}
vault_token() {
  printf '%s\\n' "$VAULT_TOKEN"
}
show_token() {
  echo "$API_TOKEN"
}
show_token
echo "$REGISTRY_PASSWORD"
"""


def test_a_start_up_files_function_prints_to_its_user(tmp_path: Path) -> None:
    """A function a shell start-up file defines and never calls is a command its user runs at
    the terminal (a password generator): what it prints is theirs, no log's. One the file calls,
    a command of the file itself, and the same functions in a script stay reported."""
    files = {"home/.zshrc": ZSHRC, "home/.bash_functions": ZSHRC, "bin/helpers.sh": ZSHRC}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    assert brief(results) == [("bin/helpers.sh", 4, 3, "DCR003"), ("bin/helpers.sh", 7, 3, "DCR003"),
                              ("bin/helpers.sh", 10, 3, "DCR003"), ("bin/helpers.sh", 13, 1, "DCR003"),
                              ("home/.bash_functions", 10, 3, "DCR003"), ("home/.bash_functions", 13, 1, "DCR003"),
                              ("home/.zshrc", 10, 3, "DCR003"), ("home/.zshrc", 13, 1, "DCR003")]
    assert notes == []


def test_sign_in_left_to_a_proxy_is_a_method(tmp_path: Path) -> None:
    """`auth: proxy` (a chart's sign-in left to a reverse proxy in front, as forward-auth and
    trusted headers are) chooses how users sign in, as `basic` or `oidc` do."""
    values = f"app:\n  auth: proxy\n  authMode: forward-auth\n  auth_token: {REAL}\n  authSecret: proxy9\n"
    results, notes = engine_scan(tmp_path, {"chart/values.yaml": values}, rules=RULES)
    assert brief(results) == [("chart/values.yaml", 4, 15, "DCR023"), ("chart/values.yaml", 5, 15, "DCR023")]
    assert notes == []


USER_DATA = f"""\
#cloud-config
hostname: build
password: {REAL}
chpasswd:
  expire: false
  list: |
    root:Hx3-lattice-27-Pqr
    ops:$6$rounds=4096$Qz8$Zx0Y8kq3l2mJ1nB5vC7xQ9wE4rT6yU8iO0pA2sD4fG6hJ8kL0zX2cV4bN6mM8q
    dev:RANDOM
  users:
    - {{name: app, password: Wr5-canal-62-Lop, type: text}}
    - {{name: svc, password: R, type: RANDOM}}
users:
  - name: ci
    plain_text_passwd: Pq8-harbor-41-Zns
    passwd: $6$rounds=4096$Qz8$Zx0Y8kq3l2mJ1nB5vC7xQ9wE4rT6yU8iO0pA2sD4fG6hJ8kL0zX2cV4bN6mM8q
runcmd:
  - docker login -u ci -p Kd2-meadow-64-Rv dcr.example.com
  - [ sh, -c, 'echo "$REGISTRY_TOKEN" | docker login -u ci --password-stdin dcr.example.com' ]
"""
TEMPLATE = """\
#cloud-config
password: ${vm_password}
users:
  - name: ops
    ssh_authorized_keys:
%{ for k in ssh_keys ~}
      - ${k}
%{ endfor ~}
chpasswd:
  list:
    - root:${root_password}
    - admin:Hx3-lattice-27-Pqr
"""


def test_cloud_init_user_data_files(tmp_path: Path) -> None:
    """A file whose first line is `#cloud-config` (`user-data`, `cloud-init.yaml`, a Terraform
    template `*.tftpl`) is cloud-init user data: its passwords (the default user's, a user's
    `plain_text_passwd`, `chpasswd` list lines and users) are settings, its `runcmd` shell. A
    crypt hash, `RANDOM`/`R`, a template's `${x}` are none; a template's `%{ }` directives are
    no YAML (blanked: no notification). `#cloud-config` not on the first line, or in a document
    (`README.md`), is no user data."""
    files = {"vm/user-data": USER_DATA, "tf/cloud-init.tftpl": TEMPLATE,
             "docs/README.md": USER_DATA, "vm/notes.yaml": "# user data\n" + USER_DATA}
    results, notes = engine_scan(tmp_path, files, rules=RULES | {"DCR001", "DCR002"})
    assert brief(results) == [("tf/cloud-init.tftpl", 12, 13, "DCR023"),
                              ("vm/user-data", 3, 11, "DCR023"), ("vm/user-data", 7, 10, "DCR023"),
                              ("vm/user-data", 11, 29, "DCR023"), ("vm/user-data", 15, 24, "DCR023"),
                              ("vm/user-data", 18, 27, "DCR001"), ("vm/user-data", 18, 27, "DCR002")]
    assert "chpasswd password of root" in results[2].message
    assert notes == []


TFVARS = f"""\
github_url   = "https://github.com"
github_token = "ghp_xxxxx"          # from the developer settings
gitlab_token = "glrt-xxxxx"
slack_token  = "xoxb-0000-xxxx"
api_key      = "sk-****"
runner_token = "ghp_xxxxx7Hq"
deploy_token = "glrt-xx"
admin_token  = "{REAL}"
"""


def test_a_known_prefix_with_filler_is_a_stand_in(tmp_path: Path) -> None:
    """A token format's prefix followed by filler (`ghp_xxxxx`, `glrt-xxxxx`: one character
    repeated in each part) shows where a token goes, as `xxxx` alone does; filler with other
    characters after it, or too short to be filler, stays reported."""
    results, notes = engine_scan(tmp_path, {"examples/minimal/runner.tfvars": TFVARS}, rules=RULES)
    assert brief(results) == [("examples/minimal/runner.tfvars", 6, 17, "DCR023"),
                              ("examples/minimal/runner.tfvars", 7, 17, "DCR023"),
                              ("examples/minimal/runner.tfvars", 8, 17, "DCR023")]
    assert notes == []


CREATE_SECRET = f"""\
#!/bin/bash
set -e
kubectl -n prod create secret generic app-db \\
  --from-literal=username=app \\
  --from-literal=password='{REAL}' \\
  --from-literal db_token=Hx3-lattice-27-Pqr \\
  --from-literal=api_key="$API_KEY" \\
  --from-literal=admin_password=app \\
  --from-literal=mode=strict \\
  --from-literal=secret=changeme
oc create secret generic x --from-literal=PASSWORD=$(openssl rand -hex 16)
kubectl get secret app-db --from-literal=password=Wr5-canal-62-Lop
kubectl create configmap app --from-literal=password=Pq8-harbor-41-Zns
kubectl create secret generic x --dry-run=client -o yaml --from-literal=token=Kd2-meadow-64-Rv | kubeseal > s.yaml
"""


def test_a_script_creating_a_secret_from_literals(tmp_path: Path) -> None:
    """`kubectl create secret generic NAME --from-literal=KEY=VALUE` is the imperative form of a
    Secret's `stringData`: a literal under a secret-named key is reported at the value (also
    before a pipe to kubeseal: the script holds it), the user name given beside as a password
    too (a weak password, still the Secret's). A variable, a command's output, a stand-in, a key
    naming a setting, another verb or resource are not."""
    results, notes = engine_scan(tmp_path, {"scripts/db-secret.sh": CREATE_SECRET}, rules=RULES)
    assert brief(results) == [("scripts/db-secret.sh", 5, 28, "DCR023"), ("scripts/db-secret.sh", 6, 27, "DCR023"),
                              ("scripts/db-secret.sh", 8, 33, "DCR023"), ("scripts/db-secret.sh", 14, 79, "DCR023")]
    assert "`kubectl create secret generic app-db` puts a plaintext value into key password" in results[0].message
    assert notes == []


def test_molecule_scenarios_and_vendored_trees_are_test_data(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A Molecule scenario is Ansible's test (the registry and passwords it starts for itself);
    a vendored copy of another project (`vendor/`; `node_modules/` too, where git lists it: a
    folder walk skips it) holds that project's test settings: reported as test data (a note
    tagged `test-fixture`), still read. A role's own variables and a Compose file of the
    repository stay errors."""
    scenario = f"platforms:\n  - name: i\n    image: localhost:5000/ubuntu\nprovisioner:\n  inventory:\n" \
               f"    group_vars:\n      all:\n        registry_password: {REAL}\n"
    compose = f"services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: {REAL}\n"
    write(tmp_path, "roles/registry/molecule/default/molecule.yml", scenario)
    write(tmp_path, "vendor/example.org/lib/docker-compose.yml", compose)
    write(tmp_path, "roles/registry/defaults/main.yml", f"registry_password: {REAL}\n")
    write(tmp_path, "docker-compose.yml", compose)
    r = lint("--format", "json", "--select", "DCR023")
    levels = {f["path"]: (f["level"], f.get("tags", [])) for f in r.json()["findings"]}
    assert levels == {"roles/registry/molecule/default/molecule.yml": ("note", ["test-fixture"]),
                      "vendor/example.org/lib/docker-compose.yml": ("note", ["test-fixture"]),
                      "roles/registry/defaults/main.yml": ("error", []), "docker-compose.yml": ("error", [])}


LOGIN_SH = "#!/bin/sh\ndocker login -u ci -p Hx3-lattice-27-Pqr dcr.example.com\n"


def test_a_gitignore_ignoring_everything_is_not_applied_to_the_projects_walk(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A `.gitignore` of `*` re-including nothing is how a repository that adds its files by
    force is kept (dotfiles): of a checkout of it, it says nothing, so a walk of the project
    (its folder, or one below it) does not apply it, and says so in a note. A whitelist (`*`
    then `!name`) and a folder below the project ignoring its own files (a tool's cache) apply."""
    write(tmp_path, ".gitignore", "*\n.netlify\n")
    for rel in ("containers/run.sh", ".local/bin/login", "build/gen.sh"):
        write(tmp_path, rel, LOGIN_SH)
    write(tmp_path, "build/.gitignore", "*\n")
    r = lint("--format", "json", "--select", "DCR002", ".")
    assert sorted(r.table("path")) == [".local/bin/login", "containers/run.sh"]
    assert [(n["path"], n["level"]) for n in r.json()["notifications"]] == [(".gitignore", "note")]
    assert "ignores every file" in r.err
    r = lint("--format", "json", "--select", "DCR002", "containers")
    assert r.table("path") == ["containers/run.sh"]
    write(tmp_path, ".gitignore", "*\n!/containers/\n!/containers/**\n")
    r = lint("--format", "json", "--select", "DCR002", ".")
    assert r.table("path") == ["containers/run.sh"] and r.json()["notifications"] == []


INVENTORY = f"""\
# lab hosts
[web]
web1 ansible_host=10.0.0.5 ansible_user=ops ansible_password={REAL}
web2 ansible_host=10.0.0.6 ansible_ssh_pass="Hx3 lattice 27" ansible_port=22
web3 ansible_host=10.0.0.7 ansible_password="{{{{ lookup('env', 'WEB3_PW') }}}}"
web4 ansible_host=10.0.0.8 ansible_become_pass=changeme

[db:children]
web

[all:vars]
ansible_become_pass=Pq8-harbor-41-Zns
ansible_python_interpreter=/usr/bin/python3
; ansible_password=Wr5-canal-62-Lop
ansible_ssh_private_key_file=~/.ssh/lab
"""


def test_ansible_ini_inventories(tmp_path: Path) -> None:
    """An INI inventory (`hosts`, `inventory.ini`, by lines giving `ansible_` variables) holds
    host variables on host lines and group variables under `[group:vars]`: a literal password
    there is reported at its value (a quoted one with its blanks). A lookup, a stand-in, a
    comment, a key file's path are none; `ansible.cfg` and an INI file of another tool are
    no inventory."""
    files = {"inventories/lab/hosts": INVENTORY, "inventory.ini": INVENTORY,
             "ansible.cfg": "[defaults]\nansible_managed = Managed by Ansible\ninventory = hosts\n"
                            "become_password = Kd2-meadow-64-Rv\n",
             "php.ini": "[mail]\nsmtp_password=Kd2-meadow-64-Rv\n"}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    expected = [(3, 62), (4, 46), (12, 21)]
    assert brief(results) == [(p, line, col, "DCR023") for p in ("inventories/lab/hosts", "inventory.ini")
                              for line, col in expected]
    assert "ansible_become_pass of group all" in results[2].message
    assert notes == []
    from dcrlint.classify import FileKind, classify

    assert classify("ansible.cfg", files["ansible.cfg"]) is FileKind.TEXT  # settings, no hosts (read for URLs and known formats)
    assert classify("hosts", "[all:vars]\nansible_become_pass=x\n") is FileKind.ANSIBLE_INVENTORY


AWX_PLAY = f"""\
- hosts: localhost
  tasks:
    - name: Project
      awx.awx.project:
        name: Ops
        credential: Home-Ops AWX Deploy Key
        scm_url: https://git.example.com/ops.git
    - name: Inventory source
      awx.awx.inventory_source:
        credential: Lab Vault - Read-Only
    - name: Token
      awx.awx.token:
        password: correct-horse-battery-staple
        api_token: Hq4-zT9 Lm7
        controller_password: {REAL}
"""


def test_a_display_name_with_joined_words_is_no_secret(tmp_path: Path) -> None:
    """A phrase of plain words names something (an automation controller's credential, given by
    its display name: `Home-Ops AWX Deploy Key`), also when a word joins words with `-`; words
    joined by `-` alone (a passphrase's shape) and a phrase with digits stay reported."""
    results, notes = engine_scan(tmp_path, {"playbooks/awx.yml": AWX_PLAY}, rules=RULES)
    assert brief(results) == [("playbooks/awx.yml", 13, 19, "DCR023"), ("playbooks/awx.yml", 14, 20, "DCR023"),
                              ("playbooks/awx.yml", 15, 30, "DCR023")]
    assert notes == []


VARIABLES_TF = f"""\
variable "github_app_key_kvsecret" {{
  description = "The Key Vault secret containing the GitHub App private key"
  type        = string
  default     = "github-private-key"
}}
variable "chamber_name_token" {{
  default     = "spotinst_token"
  description = "Chamber parameter name to store the Spotinst token"
}}
variable "kube_secret" {{
  description = "Kube Secret Name for the VPN"
  default     = "tailscale"
}}
variable "ssm_key_password" {{
  default     = "admin/db_password"
  description = "The SSM key to save the password"
}}
variable "admin_password" {{
  description = "The admin password"
  default     = "{REAL}"
}}
variable "ci_token" {{
  description = "Token of the user named ci"
  default     = "Hx3-lattice-27-Pqr"
}}
variable "db_password" {{
  default = "Pq8-harbor-41-Zns"
}}
variable "registry_password" {{
  description = "Password the CI user uses to read images from the registry"
  default     = "Hq4zT9Lm77ab"
}}
variable "api_token" {{
  description = "API token with rights to store artifacts"
  default     = "Hq4zT9Lm77ef"
}}
"""


def test_a_variable_described_as_where_a_secret_is_kept(tmp_path: Path) -> None:
    """A Terraform variable's description says what it holds: the name, path, id or the entry
    containing a secret (`Kube Secret Name`, `The SSM key to save the password`) is where the
    secret is kept, not the secret. A description of the secret itself (`The admin password`,
    `Token of the user named ci`) or none keeps the default reported, and so does a default of a
    credential's shape whatever the words say (`... uses to read images`: guard R16)."""
    results, notes = engine_scan(tmp_path, {"modules/runner/variables.tf": VARIABLES_TF}, rules=RULES)
    assert brief(results) == [("modules/runner/variables.tf", 20, 18, "DCR023"),
                              ("modules/runner/variables.tf", 24, 18, "DCR023"),
                              ("modules/runner/variables.tf", 27, 14, "DCR023"),
                              ("modules/runner/variables.tf", 31, 18, "DCR023"),
                              ("modules/runner/variables.tf", 35, 18, "DCR023")]
    assert notes == []



DESCRIBED_SUBJECTS_TF = """\
variable "deploy_password" {
  description = "Password the deploy job signs in with to read images"
  default     = "bluebirdmeadow"
}
variable "packages_token" {
  description = "API token with rights to store packages"
  default     = "9c1e7a3f5b2d8e4a6c0f1b3d5e7a9c2e4f6b8d0a"
}
variable "ops_password" {
  description = "Password of the user whose name is ops"
  default     = "opsrootadmin"
}
variable "signing_passphrase" {
  description = "Passphrase the release job uses to read the signing key"
  default     = "lanternorchid"
}
variable "pull_secret" {
  description = "Name of the secret holding the registry password"
  default     = "ci-registry-password"
}
variable "vpn_secret" {
  description = "Kube Secret Name for the tunnel"
  default     = "wireguard"
}
variable "token_id" {
  description = "ID of the token in the vault"
  default     = "4be0643f1d98573b97cdca98a65347dd"
}
variable "vault_token" {
  description = "The Key Vault secret containing the deploy token"
  default     = "deploytoken"
}
"""


def test_a_description_whose_subject_is_the_secret(tmp_path: Path) -> None:
    """A description whose subject is the credential itself ("Password the deploy job signs in
    with ...", "API token with rights to store ...", "Passphrase the release job uses to read ...") describes the secret,
    whatever else it says: one lower-case word and a hex run, the shapes of a name and an id, are
    a password's and a token's too (guard R20). Near misses silent: the subject is the name, the
    id or the store's entry keeping it (`Name of the secret holding ...`, `ID of the token ...`,
    `The Key Vault secret containing ...`), also with a one-word or hex default."""
    results, notes = engine_scan(tmp_path, {"infra/variables.tf": DESCRIBED_SUBJECTS_TF}, rules=RULES)
    assert brief(results) == [("infra/variables.tf", 3, 18, "DCR023"), ("infra/variables.tf", 7, 18, "DCR023"),
                              ("infra/variables.tf", 11, 18, "DCR023"), ("infra/variables.tf", 15, 18, "DCR023")]
    assert notes == []


TF_MANIFEST = f"""\
%{{ for ns in namespaces ~}}
---
apiVersion: v1
kind: Secret
metadata:
  name: app
  namespace: ${{ns}}
stringData:
  password: {REAL}
  token: ${{token}}
%{{ endfor ~}}
"""


def test_a_yaml_file_terraform_renders_is_read_with_its_directives_blanked(tmp_path: Path) -> None:
    """A YAML file `templatefile` renders (a module's manifests) holds directive lines (`%{{ for ~}}`)
    that are no YAML: composed with them blanked (offsets kept), its documents are read (a
    Secret's literal reported, a `${{x}}` none) and nothing is notified. A file no YAML even so
    keeps its notification."""
    broken = "%{ for k in keys ~}\n  - ${k}\n%{ endfor }\nkey: [\n"
    files = {"modules/app/templates/secret.yaml": TF_MANIFEST, "modules/app/templates/broken.yaml": broken}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    assert brief(results) == [("modules/app/templates/secret.yaml", 9, 13, "DCR023")]
    assert [(n.path, n.level) for n in notes] == [("modules/app/templates/broken.yaml", "warning")]


HOOK_TEST = """\
#!/bin/sh
test_hook_blocks "GitHub PAT" "token = ghp_1234567890123456789012345678901234567890"
test_hook_blocks "GitHub token" "GITHUB_TOKEN=gho_abcdefghijklmnopqrstuvwxyz12345678901234"
test_hook_blocks "GitLab PAT" "GITLAB_TOKEN=glpat-abcdefghijklmnopqrstuvwxyz"
test_hook_blocks "real one" "GITHUB_TOKEN=ghp_Zq8xW3vN5tR7yU1iO9pA2sD4fG6hJ0kLmXcB"
test_hook_blocks "mixed" "GITLAB_TOKEN=glpat-abcdefgh1234Hq4zT9Lm7Wx2"
"""


def test_a_token_typed_in_order_is_a_stand_in(tmp_path: Path) -> None:
    """A known format's prefix with a body typed in order (`ghp_1234567890...`, `gho_abc...xyz1234`:
    each run of letters or digits going up one at a time) is what a test of a secret scanner
    writes; a token of random characters, or one with a random part after an ordered one,
    stays reported."""
    results, notes = engine_scan(tmp_path, {"ci/test-hooks.sh": HOOK_TEST}, rules=RULES)
    assert brief(results) == [("ci/test-hooks.sh", 5, 43, "DCR051"), ("ci/test-hooks.sh", 6, 40, "DCR051")]
    assert notes == []


SETTINGS_VALUES = f"""\
openondemand_auth: basic_pam
portal_auth: pam
telegram_token: "111111:test-token-not-real"
api_key: not-a-real-key
admin_password: {REAL}
smtp_password: spam-Hq4zT9Lm
deploy_token: notreally-Hq4z
"""


def test_pam_sign_in_and_values_saying_they_are_not_real(tmp_path: Path) -> None:
    """`pam`, `basic_pam` name how users sign in (Linux's modules check the password); a value
    saying it is not real (`test-token-not-real`, `not-a-real-key`) stands in for one. `spam-...`
    and `notreally-...` are no such words."""
    results, notes = engine_scan(tmp_path, {"group_vars/all/portal.yml": SETTINGS_VALUES}, rules=RULES)
    assert brief(results) == [("group_vars/all/portal.yml", 5, 17, "DCR023"), ("group_vars/all/portal.yml", 6, 16, "DCR023"),
                              ("group_vars/all/portal.yml", 7, 15, "DCR023")]
    assert notes == []


def test_long_digit_runs_are_read_in_linear_time() -> None:
    """A value of letters then many digits that is no store path nor identifier (`ghp_` and 40
    digits, `abc` and 40 digits then `!`) was tried every way its digits split: seconds for 26
    digits, doubling with each more. Now each run of digits is taken whole."""
    import time

    from dcrlint.notsecret import not_a_secret, setting_value

    start = time.monotonic()
    assert not_a_secret("kv_" + "1234567890" * 4 + "!") is None
    assert setting_value("abc" + "1234567890" * 4 + "!", "mode") is False
    assert setting_value("app-v2/db_" + "7" * 40, "region") is True
    assert time.monotonic() - start < 1


def test_a_modules_text_templates_are_no_helm_helpers(tmp_path: Path) -> None:
    """A `.tpl` in a `templates/` folder is a Helm chart's helpers (YAML) unless its name says it
    renders another kind of text: `README.md.tpl`, `CODEOWNERS.tpl`, `.gitignore.tpl` (a Terraform
    module's, no YAML notification), a script `user-data.sh.tpl` (shell, its login read). Helpers
    and a manifest template stay YAML."""
    files = {"modules/repo/templates/README.md.tpl": "# ${name}\n\n: owners\n",
             "modules/repo/templates/CODEOWNERS.tpl": "* @${team}\n",
             "modules/db/templates/init.sql.tpl": "CREATE USER ${user};\n-- : x\n",
             "modules/vm/templates/backup.timer.tpl": "[Timer]\nOnCalendar=${when}\n: x\n",
             "modules/repo/templates/.gitignore.tpl": "%{ for p in paths ~}\n${p}\n%{ endfor ~}\n: x\n",
             "modules/vm/templates/user-data.sh.tpl": "#!/bin/bash\ndocker login -u ci -p Kd2-meadow-64-Rv ${registry}\n",
             "chart/templates/_helpers.tpl": '{{- define "app.url" -}}\nhttps://ci:Hx3-lattice-27-Pqr@r.example.com\n{{- end }}\n',
             "modules/app/templates/app.yaml.tpl": "key: [\n"}
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR002", "DCR050"}))
    assert brief(results) == [("chart/templates/_helpers.tpl", 2, 12, "DCR050"),
                              ("modules/vm/templates/user-data.sh.tpl", 2, 23, "DCR002")]
    assert [n.path for n in notes] == ["modules/app/templates/app.yaml.tpl"]


def test_the_secret_created_from_literals_is_named_as_kubectl_reads_its_options(tmp_path: Path) -> None:
    """The message names the Secret by kubectl's operands: an option's value (`--namespace prod`)
    and a separate `--from-literal KEY=VALUE` word are no name (guard R15); after `--` every word
    is an operand (the name follows it)."""
    script = ("#!/bin/bash\n"
              "kubectl create secret generic --from-literal password=Hq4zT9Lm77xy app-db -n prod\n"
              "kubectl create secret generic --namespace prod app-db3 --from-literal=api_token=Hq4zT9Lm77ww\n"
              "kubectl --unknown-option x create secret generic app-db4 --from-literal=password=Hq4zT9Lm77vv\n"
              "kubectl create secret generic -n prod -- app-db5 --from-literal=password=Hq4zT9Lm77uu\n")
    results, _ = engine_scan(tmp_path, {"s.sh": script}, rules=RULES)
    assert [(b[1], r.message.split("`")[1]) for b, r in zip(brief(results), results, strict=True)] == [
        (2, "kubectl create secret generic app-db"), (3, "kubectl create secret generic app-db3"),
        (4, "kubectl create secret generic a Secret"), (5, "kubectl create secret generic app-db5")]


@pytest.mark.parametrize(("description", "value", "where"), [
    ("Private key of the deploy user, to read the registry", "deploykeyvalue", False),
    ("API key with rights to store artifacts", "3f9a2c7e1b4d8a6f", False),
    ("The SSM key to save the password", "admin/db_password", True),
    ("Registry password name in the vault", "ci-registry", True),
])
def test_the_subject_of_a_description(description: str, value: str, where: bool) -> None:
    """`key` is the credential's subject after a word making a secret's name of it (`Private
    key`, `API key`), not alone (`The SSM key`); a subject ending in `name` is a name."""
    from dcrlint.references import describes_where_kept

    assert describes_where_kept(description, value) is where
