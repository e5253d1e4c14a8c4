"""Nomad job files (`*.nomad`, `*.nomad.hcl`): HCL read as Terraform's, a docker task's `auth` is
the login the client makes to pull the task's image (DCR002 on a literal password). A task's `env`
block is its environment (DCR023); a Nomad Pack's `[[ ]]` templates render HCL, not YAML."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan, scanned

JOB = """\
job "web" {
  group "g" {
    task "api" {
      driver = "docker"
      config {
        image = "dcr.example.com/team/api:1.2"
        auth {
          username = "deployer"
          password = "Kq7-lantern-52"
        }
      }
    }
    task "worker" {
      driver = "docker"
      config {
        image = "ghcr.io/acme/worker:3"
        auth = {
          username = "${GITHUB_USER}"
          password = "Vq7-trellis-93-Kmd"
        }
      }
    }
    task "templated" {
      driver = "docker"
      template {
        destination = "secrets/env"
        env         = true
        data        = "REG_PASSWORD={{ with nomadVar \\"nomad/jobs\\" }}{{ .pw }}{{ end }}"
      }
      config {
        image = "dcr.example.com/team/api:1.2"
        auth {
          username = "deployer"
          password = "${REG_PASSWORD}"
        }
      }
    }
    task "local" {
      driver = "docker"
      config {
        image = "localhost:5000/api:1"
        auth {
          username = "tester"
          password = "tester"
        }
      }
    }
  }
}
"""


def test_a_nomad_task_docker_auth_password_is_a_registry_login(tmp_path: Path) -> None:
    """A literal `password` in a task's docker `auth` (block or object) is reported at the
    literal with the image's registry and the user; an interpolation (a template's env) is no
    literal, and a local registry's account named for its user is none (as for any login)."""
    files = {"jobs/web.nomad.hcl": JOB, "jobs/web.nomad": JOB}
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR002"}), dedent=False)
    assert brief(results) == [("jobs/web.nomad", 9, 23, "DCR002"), ("jobs/web.nomad", 19, 23, "DCR002"),
                              ("jobs/web.nomad.hcl", 9, 23, "DCR002"), ("jobs/web.nomad.hcl", 19, 23, "DCR002")]
    assert [r.message.split(";")[0] for r in results[:2]] == [
        "hard-coded registry password in Nomad task api docker auth for dcr.example.com (user deployer)",
        "hard-coded registry password in Nomad task worker docker auth for ghcr.io"]
    assert notes == []


def test_auth_outside_a_task_or_in_terraform_is_not_a_nomad_login() -> None:
    """The reading is Nomad's only: a Terraform file with a `task`/`config`/`auth` shape (a
    module's own block names) gives no registry login."""
    from dcrlint.facts import REGISTRY_CREDENTIALS

    assert scanned(JOB, "main.tf").get(REGISTRY_CREDENTIALS) == []
    assert len(scanned(JOB, "web.nomad").get(REGISTRY_CREDENTIALS)) == 3


def test_an_hcl1_job_file_is_a_note_and_partly_read(tmp_path: Path) -> None:
    """An older job file in HCL1 (a quoted key in a block) is not HCL2: a note (not a warning)
    names the line, and the next task is still read. A Terraform file's syntax error
    stays a warning."""
    hcl1 = JOB.replace('      driver = "docker"\n', '      driver = "docker"\n      env {\n        "A" = "1"\n      }\n', 1)
    results, notes = engine_scan(tmp_path, {"old.nomad": hcl1, "main.tf": 'variable "x" {\n  "a" = 1\n}\n'},
                                 rules=frozenset({"DCR002"}), dedent=False)
    assert [(n.path, n.level, n.line, n.message) for n in notes] == [
        ("main.tf", "warning", 1, "Terraform: syntax error near line 1; partly read"),
        ("old.nomad", "note", 5, "Nomad: not HCL2 near line 5 (older job files are HCL1); partly read")]
    assert brief(results) == [("old.nomad", 22, 23, "DCR002")]  # the next task's


NOMAD_JOB = """\
job "stack" {
  group "db" {
    task "mariadb" {
      driver = "docker"
      config {
        image = "bitnami/mariadb"
      }
      env {
        MARIADB_USER          = "bn_app"
        MARIADB_PASSWORD      = "Pv3-meadow-81-Lqt"
        MARIADB_ROOT_PASSWORD = "${var.root_password}"
        APP_TOKEN             = "changeme"
        TZ                    = "Europe/Paris"
      }
      template {
        data        = "DB_PASSWORD={{ with nomadVar \\"nomad/jobs/stack\\" }}{{ .db }}{{ end }}"
        destination = "secrets/db.env"
        env         = true
      }
    }
  }
}
"""


def test_a_nomad_task_env_block_is_read(tmp_path: Path) -> None:
    """A Nomad task's `env` block is the task's environment, as a pod's container `env` is: a
    secret-named literal there is written in the job file (missed). References, stand-ins, other
    names and the `template` reading Nomad Variables stay silent."""
    results, notes = engine_scan(tmp_path, {"jobs/stack.nomad.hcl": NOMAD_JOB}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("jobs/stack.nomad.hcl", 10, 34, "DCR023")]
    assert results[0].message.startswith("Nomad task mariadb env: MARIADB_PASSWORD is a literal secret")
    assert notes == []


PACK_JOB = """\
job [[ template "job_name" . ]] {
  datacenters = [[ var "datacenters" . | toPrettyJson ]]
  group "web" {
    task "server" {
      driver = "docker"
      config {
        image = [[ var "image" . | quote ]]
      }
    }
  }
}
"""


PACK_HELPERS = """\
[[- define "job_name" -]]
[[ coalesce (var "job_name" .) (meta "pack.name" .) | quote ]]
[[- end -]]

[[- define "region" -]]
[[- if not (eq (var "region" .) "") -]]
  region = [[ var "region" . | quote ]]
[[- end -]]
[[- end -]]
"""


def test_a_nomad_pack_renders_hcl(tmp_path: Path) -> None:
    """A Nomad Pack's templates (`templates/<job>.nomad.tpl`, helpers in its own `[[ ]]`
    delimiters) render a Nomad job's HCL, not YAML: read as the other rendered texts are, with no
    parse warning; a Helm chart's helpers stay Helm's."""
    files = {"packs/web/templates/web.nomad.tpl": PACK_JOB, "packs/web/templates/_helpers.tpl": PACK_HELPERS}
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR023", "DCR050", "DCR051"}))
    assert results == [] and notes == []
    from dcrlint.classify import FileKind, classify_text

    assert classify_text("packs/web/templates/_helpers.tpl", PACK_HELPERS) is FileKind.OTHER
    assert classify_text("chart/templates/_helpers.tpl", '{{- define "app.name" -}}\napp\n{{- end -}}\n') \
        is not FileKind.OTHER
