"""Infrastructure code read as a reviewer reads it (session 10: Packer's JSON templates, Molecule
scenarios, variable files named for secrets, shell start-up files, stand-ins): fixtures written
here, each principle beside a real secret that stays reported at its exact place."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import brief, engine_scan

RULES = frozenset({"DCR001", "DCR002", "DCR023", "DCR050", "DCR051"})
REAL = "Vq7-trellis-93-Kmd"  # stays reported in every fixture

PACKER_JSON = """\
{
  "variables": {
    "registry_password": "%s",
    "registry_user": "{{env `REG_USER`}}",
    "hub_password": "{{env `HUB_PASSWORD`}}",
    "region": "eu-west-1"
  },
  "builders": [
    {
      "type": "docker",
      "image": "dcr.example.com/base:1",
      "commit": true,
      "login": true,
      "login_server": "dcr.example.com",
      "login_username": "ci",
      "login_password": "Hx3-lattice-\\u0032\\u0037-Pqr"
    },
    {"type": "amazon-ebs", "ami_name": "base", "access_key": "{{user `aws_key`}}"}
  ],
  "post-processors": [
    [
      {"type": "docker-tag", "repository": "dcr.example.com/app", "tags": ["1"]},
      {"type": "docker-push", "login": true, "login_username": "ci", "login_password": "Pq8-harbor-41-Zns"}
    ],
    {"type": "docker-push", "login": true, "login_password": "{{user `hub_password`}}"},
    "docker-push"
  ]
}
""" % REAL


def test_packer_json_templates_log_in_as_hcl_ones_do(tmp_path: Path) -> None:
    """A legacy Packer template (JSON, `builders`) is the model of an HCL one: its docker
    builder and `docker-push` post-processor (also in a chain, a list in the list) log in with
    `login_password` (DCR002), its `variables` are defaults (DCR023); `{{user ...}}` and
    `{{env ...}}` are templates. Escapes are decoded and mapped: the finding spans them."""
    files = {"images/base.json": PACKER_JSON}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    assert brief(results) == [("images/base.json", 3, 27, "DCR023"), ("images/base.json", 16, 26, "DCR002"),
                              ("images/base.json", 23, 89, "DCR002")]
    assert "Packer builder docker for dcr.example.com (user ci)" in results[1].message
    assert "Packer post-processor docker-push" in results[2].message
    assert results[1].end.column - results[1].start.column == len("Hx3-lattice-\\u0032\\u0037-Pqr")
    assert notes == []


def test_a_packer_template_after_a_long_head_and_other_json(tmp_path: Path) -> None:
    """`builders` may come after any length of variables (the whole text is classified then);
    JSON with `builders` that are not typed objects is not a template, and a template that is
    not JSON is a notification, never a traceback."""
    many = {f"setting_{i}": f"value-{i}" for i in range(400)}
    long = json.dumps({"variables": {**many, "registry_password": REAL},
                       "builders": [{"type": "docker", "image": "x", "login_password": "Hx3-lattice-27-Pqr"}]},
                      indent=2)
    other = json.dumps({"builders": ["gcc", "clang"], "password": "Hx3-lattice-27-Pqr"})
    broken = '{"builders": [{"type": "docker", "login_password": "Hx3-lattice-27-Pqr"}],\n'
    files = {"long.json": long, "tools.json": other, "broken.json": broken}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    lines = long.splitlines()
    row = next(i for i, ln in enumerate(lines) if "registry_password" in ln)
    login = next(i for i, ln in enumerate(lines) if "login_password" in ln)
    assert brief(results) == [("long.json", row + 1, lines[row].index(REAL) + 1, "DCR023"),
                              ("long.json", login + 1, lines[login].index("Hx3") + 1, "DCR002")]
    assert [n.message.split(";")[0] for n in notes] == ["Packer: invalid JSON: expected a key (line 2)"]


MOLECULE = f"""\
driver:
  name: docker
platforms:
  - name: instance
    image: dcr.example.com/test/ubuntu:24.04
    registry:
      url: dcr.example.com
      credentials:
        username: ci
        password: {REAL}
provisioner:
  name: ansible
  inventory:
    group_vars:
      all:
        registry_password: Hx3-lattice-27-Pqr
        registry_token: "{{{{ lookup('env', 'REGISTRY_TOKEN') }}}}"
"""
CONVERGE = """\
- name: Converge
  hosts: all
  vars:
    registry_password: Pq8-harbor-41-Zns
    hub_password: "{{ vault_hub_password }}"
  tasks:
    - name: Log in
      community.docker.docker_login:
        registry_url: dcr.example.com
        username: ci
        password: Wr5-canal-62-Lop
"""


def test_molecule_scenarios_are_ansible(tmp_path: Path) -> None:
    """A Molecule scenario's files are Ansible's: `molecule.yml` gives the inventory's
    variables and the driver's registry credentials, `converge.yml` is a play (its first key
    a name, not `hosts`). A lookup or a `{{ }}` expression is no literal."""
    files = {"molecule/default/molecule.yml": MOLECULE, "molecule/default/converge.yml": CONVERGE,
             "roles/app/molecule/registry/converge.yml": CONVERGE}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    assert brief(results) == [("molecule/default/converge.yml", 4, 24, "DCR023"),
                              ("molecule/default/converge.yml", 11, 19, "DCR002"),
                              ("molecule/default/molecule.yml", 10, 19, "DCR023"),
                              ("molecule/default/molecule.yml", 16, 28, "DCR023"),
                              ("roles/app/molecule/registry/converge.yml", 4, 24, "DCR023"),
                              ("roles/app/molecule/registry/converge.yml", 11, 19, "DCR002")]
    assert notes == []


def test_a_variables_file_named_for_secrets_is_read_anywhere(tmp_path: Path) -> None:
    """`secrets.yml`, `vault.yml` (and `secrets.prod.yml`, `prod-vault.yml`) are the variables
    files playbooks load with `vars_files`, kept anywhere: their secret-named literals are
    reported. A Kubernetes Secret named so stays a manifest, an encrypted vault holds nothing,
    and a file whose name only starts with the word (`secret_scanning.yml`) is not one."""
    plain = f"docker_registry:\n  url: dcr.example.com\n  username: ci\n  password: {REAL}\nregion: eu\n"
    encrypted = "$ANSIBLE_VAULT;1.1;AES256\n61626364656667686970\n"
    secret = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: registry\ntype: Opaque\n"
              f"stringData:\n  password: {REAL}\n")
    files = {"deploy/secrets.yml": plain, "env/prod/vault.yaml": plain, "secrets.prod.yml": plain,
             "inventories/prod-vault.yml": plain, "inventories/dev/vault.yml": encrypted,
             "k8s/secrets.yaml": secret, ".github/secret_scanning.yml": plain}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    assert brief(results) == [("deploy/secrets.yml", 4, 13, "DCR023"), ("env/prod/vault.yaml", 4, 13, "DCR023"),
                              ("inventories/prod-vault.yml", 4, 13, "DCR023"), ("k8s/secrets.yaml", 7, 13, "DCR023"),
                              ("secrets.prod.yml", 4, 13, "DCR023")]
    assert [r.message.split(" ")[0] for r in results] == ["Ansible:"] * 3 + ["Secret"] + ["Ansible:"]
    assert notes == []


ALIASES = """\
# shell start-up
alias ll='ls -l' gs="git status"
alias dl='docker login -u ci -p Hx3-lattice-27-Pqr dcr.example.com'
alias dv="docker login -u ci --password \\"$REGISTRY_PASSWORD\\" dcr.example.com"
alias ds='printf %s "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin dcr.example.com'
alias dl2='docker lo'"'"'gin'"'"' -u ci -p Pq8-harbor-41-Zns dcr.example.com'
alias
alias dl
alias -p
"""


def test_shell_start_up_files_and_their_aliases(tmp_path: Path) -> None:
    """The files bash, zsh and ksh read as they start (`.bashrc`, `.bash_aliases`, `.zshrc`,
    `.profile`; a dotfiles repository keeps them without the dot too) are shell, and an alias's
    body is what the shell runs for its name: a password on its command line is reported where
    the body writes it, however it is quoted. Printing aliases, or one fed by stdin, is not."""
    files = {"home/.bash_aliases": ALIASES, "dotfiles/zshrc": ALIASES, "home/.profile": ALIASES,
             "dotfiles/profile": ALIASES, "home/.zshrc.local.md": ALIASES}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    found = [("DCR001", 3, 33), ("DCR002", 3, 33), ("DCR001", 4, 43), ("DCR001", 6, 44), ("DCR002", 6, 44)]
    assert sorted(brief(results)) == sorted((path, line, col, rule) for path in
                                            ("dotfiles/zshrc", "home/.bash_aliases", "home/.profile")
                                            for rule, line, col in found)
    assert notes == []


STAND_INS = f"""\
cloudflare_api_key: << cloudflare API key >>
keystore_password_parameter: overwrite-me
truststore_password: override_me
jwt_secret: StubJwtSecret_do_not_use_in_prod_XXXXXXXXXXXXXXXX
mailgun_key: local-dev-mailgun-stub
web_password_crypted: a2d6bae81669d707b72c0bd9806e01f3
ldap_password: "{{SSHA}}GSmbWLYqiCMjPSJobxU4rfd/4fRX8okq3Zb4g=="
auth_pam_passwdqc_options: min=disabled,disabled,16,12,8
sasl_password_maps: texthash:/etc/postfix/sasl_passwd
onePasswordItem: registry-pull-credentials
git_ssh_private_keyfile: ansible_git_ssh.key
git_credential: ops - Ansible - git
registry_password: {REAL}
keystore_password: overwrite-Hq4zT9Lm
ldap_admin_password: "{{SSHA}}short"
mailgun_api_key: stubborn-Hq4zT9Lm
deploy_token: Hq4 - zT9Lm - 77
private_key_password: Pq8-harbor-41-Zns
"""


def test_stand_ins_and_what_of_a_secret_a_name_holds(tmp_path: Path) -> None:
    """Values that say what goes there (`<< cloudflare API key >>`, `overwrite-me`, a stub,
    `do_not_use`), a password's LDAP hash (`{{SSHA}}`), names whose last word says what of the
    secret they hold (its options, hash, item in a store, a table of them, a key's file glued
    on: `private_keyfile`) and a credential's display name (words and ` - `) are no secrets.
    Near misses stay reported: an instruction word before random text, a hash too short to be
    one, `stub` inside a word, a phrase with digits."""
    results, notes = engine_scan(tmp_path, {"group_vars/all/main.yml": STAND_INS}, rules=RULES)
    assert brief(results) == [("group_vars/all/main.yml", line, col, "DCR023")
                              for line, col in ((13, 20), (14, 20), (15, 23), (16, 18), (17, 15), (18, 23))]
    assert notes == []


def test_known_formats_and_urls_that_are_stand_ins_or_patterns(tmp_path: Path) -> None:
    """A known token format's prefix before capital words saying what goes there
    (`glrt-TEST_PLACEHOLDER_DO_NOT_USE`) is a stand-in, and a URL whose password is a regular
    expression (`redis://:[^@]+@`, a scanner's pattern) is no URL with a password. A token of
    the format and a URL's real password stay reported."""
    text = """\
runner_token: glrt-TEST_PLACEHOLDER_DO_NOT_USE
runner_token_2: glrt-Hq4zT9Lm2xVb7Kd3Rs8W
patterns:
  - pattern: 'redis://:[^@]+@'
  - pattern: "postgres://[^:]+:.*@"
  - url: redis://:Pq8harbor41Zns@cache.example.com:6379
"""
    results, notes = engine_scan(tmp_path, {"config/scan.yaml": text}, rules=RULES)
    assert brief(results) == [("config/scan.yaml", 2, 17, "DCR051"), ("config/scan.yaml", 6, 19, "DCR050")]
    assert notes == []


def test_ci_files_named_for_secrets_stay_ci_files(tmp_path: Path) -> None:
    """The name says Ansible only when no CI system's content says otherwise (guard R1): a GitLab
    include or job template named `secrets.yml` / `vault.yml` and an Azure steps template keep
    their script findings."""
    job = ('deploy:\n  stage: deploy\n  before_script:\n    - echo start\n  script:\n'
           '    - docker login -u ci -p "$REGISTRY_PASSWORD" dcr.example.com\n')
    steps = ('parameters:\n  - name: registry\nsteps:\n  - script: |\n'
             '      docker login -u ci -p "$(REG_PASSWORD)" dcr.example.com\n    displayName: login\n')
    files = {".gitlab/ci/secrets.yml": job, "jobs/vault.yml": job, "templates/secrets.yml": steps}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    assert brief(results) == [(".gitlab/ci/secrets.yml", 6, 30, "DCR001"), ("jobs/vault.yml", 6, 30, "DCR001"),
                              ("templates/secrets.yml", 5, 30, "DCR001")]
    assert notes == []


def test_a_double_quoted_alias_expands_its_variables_when_defined(tmp_path: Path) -> None:
    """In `alias dl="... -p '$P' ..."` the shell expands `$P` as it defines the alias: the body
    holds the variable's value, a password on the command line (DCR001), not a literal one
    (guard R5); single-quoted, the body's `$P` is expanded when the alias runs, the same."""
    text = ("alias dl=\"docker login -u ci -p '$REGISTRY_PASSWORD' dcr.example.com\"\n"
            "alias d2='docker login -u ci -p \"$REGISTRY_PASSWORD\" dcr.example.com'\n")
    results, notes = engine_scan(tmp_path, {".bash_aliases": text}, rules=RULES)
    assert brief(results) == [(".bash_aliases", 1, 34, "DCR001"), (".bash_aliases", 2, 34, "DCR001")]
    assert notes == []


def test_a_glued_last_word_after_the_secret_word_is_whose(tmp_path: Path) -> None:
    """The glued reading (`ssh_private_keyfile`: key + file) holds only where the glued head
    completes the secret word; after a credential noun the last word says whose or which the
    credential is (`super`+`user`, `web`+`server`, `prod`+`db`: guard R7), a secret name."""
    names = ["POSTGRES_PASSWORD_SUPERUSER", "API_TOKEN_WEBSERVER", "REGISTRY_PASSWORD_PRODDB", "ADMIN_PASSWORD_NEWUSER"]
    text = "".join(f"{n}={REAL}\n" for n in names) + "SSH_PRIVATE_KEYFILE=deploy.key\nDB_PASSWORDFILE=pw.txt\n"
    results, notes = engine_scan(tmp_path, {"deploy/.env": text}, rules=RULES)
    assert brief(results) == [("deploy/.env", i + 1, len(n) + 2, "DCR023") for i, n in enumerate(names)]
    assert notes == []
