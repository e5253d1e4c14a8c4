"""Findings in test data are notes tagged `test-fixture`; files that are not text are skipped
quietly and counted once. A Molecule scenario and a vendored tree (`vendor/`) are test data;
an end-to-end suite's folder too, also hidden (`.e2e/`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write

from dcrlint.config import DEFAULT_FIXTURE_PATHS
from dcrlint.reading import is_binary
from dcrlint.testpaths import in_test_folder

REAL = "Vq7-trellis-93-Kmd"  # stays reported in every fixture

SECRET_ENV = (
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n"
    "    image: nginx\n    env:\n    - name: DB_PASSWORD\n      value: Kq8vT2mWz9\n"
)


@pytest.mark.parametrize("rel", [
    "tests/k8s/pod.yaml", "pkg/testdata/pod.yaml", "a/fixtures/b/pod.yaml", "src/__snapshots__/x.yaml",
    "test/pod.yaml", "web/spec/fixtures/pod.yaml",
    # Molecule's scenarios; vendored copies of other projects
    "molecule/default/molecule.yml", "roles/registry/molecule/auth/converge.yml", "vendor/x.io/y/docker-compose.yml",
    "web/node_modules/pkg/.env", "third_party/lib/.github/workflows/ci.yml",
    # a hidden folder named as a test folder is one
    ".e2e/deploy/expected.yml", "app/.tests/pod.yaml",
])
def test_test_folders_match(rel: str) -> None:
    from dcrlint.config import DEFAULT_FIXTURE_PATHS

    assert in_test_folder(rel, DEFAULT_FIXTURE_PATHS)


@pytest.mark.parametrize("rel", [
    "deploy/pod.yaml", "tests.yaml", "test", "k8s/latest/pod.yaml", "contest/pod.yaml", "spec/pod.yaml",
    "molecule.yml", "roles/molecule_helpers/tasks/main.yml", "vendors/pod.yaml", "deploy/vendor.yaml",
    ".github/workflows/ci.yml", "deploy/.e2e.yaml", "..e2e/pod.yaml", "deploy/.testing/pod.yaml",
])
def test_other_paths_do_not(rel: str) -> None:
    from dcrlint.config import DEFAULT_FIXTURE_PATHS

    assert not in_test_folder(rel, DEFAULT_FIXTURE_PATHS)


def test_fixture_finding_is_a_tagged_note(lint, tmp_path: Path) -> None:
    write(tmp_path, "tests/data/pod.yaml", SECRET_ENV)
    write(tmp_path, "deploy/pod.yaml", SECRET_ENV)
    r = lint("--format", "json", "--select", "DCR023")
    by_path = {f["path"]: f for f in r.json()["findings"]}
    assert by_path["tests/data/pod.yaml"]["level"] == "note"
    assert by_path["tests/data/pod.yaml"]["tags"] == ["test-fixture"]
    assert by_path["deploy/pod.yaml"]["level"] == "error" and "tags" not in by_path["deploy/pod.yaml"]
    assert r.code == 1  # the deploy finding still fails the run


def test_fixture_notes_do_not_fail_the_run(lint, tmp_path: Path) -> None:
    write(tmp_path, "testdata/pod.yaml", SECRET_ENV)
    r = lint("--format", "sarif", "--select", "DCR023")
    (result,) = r.json()["runs"][0]["results"]
    assert result["level"] == "note" and result["properties"]["tags"] == ["test-fixture"]
    assert r.code == 0


def test_fixture_paths_and_level_are_configurable(lint, tmp_path: Path) -> None:
    write(tmp_path, ".dcrlint.yaml", "test-fixtures:\n  paths: [samples]\n  level: warning\n")
    write(tmp_path, "samples/pod.yaml", SECRET_ENV)
    write(tmp_path, "tests/pod.yaml", SECRET_ENV)
    levels = {f["path"]: f["level"] for f in lint("--format", "json", "--select", "DCR023").json()["findings"]}
    assert levels == {"samples/pod.yaml": "warning", "tests/pod.yaml": "error"}


def test_folders_above_the_scanned_folder_do_not_count(lint, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    repo = tmp_path_factory.mktemp("elsewhere") / "test" / "repo"  # outside the working folder
    write(repo, "deploy/pod.yaml", SECRET_ENV)
    write(repo, "tests/pod.yaml", SECRET_ENV)
    r = lint("--format", "json", "--select", "DCR023", str(repo))
    levels = {f["path"].rsplit("/repo/", 1)[1]: f["level"] for f in r.json()["findings"]}
    assert levels == {"deploy/pod.yaml": "error", "tests/pod.yaml": "note"}


def test_text_report_shows_the_tag(lint, tmp_path: Path) -> None:
    write(tmp_path, "fixtures/pod.yaml", SECRET_ENV)
    assert "(test-fixture)" in lint("--select", "DCR023").out


@pytest.mark.parametrize("head", [
    b"\x89PNG\r\n\x1a\n\x00\x00", b"GIF89a\x01\x00", b"\xff\xd8\xff\xe0", b"PK\x03\x04\x14\x00",
    b"\x1f\x8b\x08\x00", b"\x7fELF\x02\x01", b"wOF2\x00\x01", b"x\x00\x01\x02",
    b"MZ\x90\x00\x03\x00", b"\x00\x01\x02\x03\x04\x05\x06\x07\x08" * 40,
    b"\x08\x96\x01\x12\x07testing\x1a\x03abc\x22\x02\x08\x01" * 20,  # protobuf, no NUL
])
def test_binary_sniffing(head: bytes) -> None:
    assert is_binary(head)


@pytest.mark.parametrize("head", [
    b"#!/bin/sh\necho hi\n", b"MZ is a text that starts like an exe\n", b"\xff\xfea\x00b\x00",
    "caf\u00e9: \u2603\n".encode(), b"BMW: car\n", b"\x1b[31mred\x1b[0m log line\n",
    b"a: b\n" * 20 + b"stray \x00 byte\n" + b"c: d\n" * 20,
])
def test_text_is_not_binary(head: bytes) -> None:
    assert not is_binary(head)


def test_binary_files_are_counted_not_reported(lint, tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (tmp_path / "chart.tgz").write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(256)) * 10_000)  # also big
    (tmp_path / "latin1.sh").write_bytes(b"#!/bin/sh\necho caf\xe9\n")
    r = lint("--format", "json", "--strict")
    data = r.json()
    paths = {n["path"] for n in data["notifications"]}
    assert paths == {"latin1.sh"}  # text not in UTF-8: read as Latin-1, with a note
    assert data["summary"]["binary_skipped"] == 2
    assert r.code == 0  # --strict: every text file was read


def test_binary_files_alone_do_not_fail_strict(lint, tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    write(tmp_path, "ok.sh", "echo hi\n")
    r = lint("--strict")
    assert r.code == 0 and "1 binary file skipped" in r.out and r.err == ""


def test_utf16_text_with_bom_is_scanned(lint, tmp_path: Path) -> None:
    (tmp_path / "pod.yaml").write_bytes(SECRET_ENV.encode("utf-16"))
    r = lint("--format", "json", "--select", "DCR023")
    (f,) = r.json()["findings"]
    assert (f["start"]["line"], f["start"]["column"]) == (10, 14)


def test_chart_testing_values_are_test_data(lint, tmp_path: Path) -> None:
    values = "externalRedis:\n  password: Kq8vT2mWz9\n"
    write(tmp_path, "charts/app/Chart.yaml", "apiVersion: v2\nname: app\nversion: 1.0.0\n")
    write(tmp_path, "charts/app/ci/redis-values.yaml", values)
    write(tmp_path, "charts/app/values.yaml", values)
    write(tmp_path, "ci/deploy-values.yaml", values)  # a repository's CI folder, not a chart's
    r = lint("--format", "json", "--select", "DCR023", "--fail-on", "never")
    levels = {f["path"]: f["level"] for f in r.json()["findings"]}
    assert levels["charts/app/ci/redis-values.yaml"] == "note"
    assert levels["charts/app/values.yaml"] == "error"
    assert levels.get("ci/deploy-values.yaml", "error") == "error"


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


@pytest.mark.parametrize(("path", "test_data"), [
    ("e2e-tests/conf/secrets.yml", True),
    ("operator/e2e/users/secret.yaml", True),
    ("integration_tests/db.yaml", True),
    # near misses: a name that only holds the words
    ("deploy/e2e-tests.yaml", False),
    ("e2e-testing/secret.yaml", False),
])
def test_end_to_end_suites_are_test_data(path: str, test_data: bool) -> None:
    assert in_test_folder(path, DEFAULT_FIXTURE_PATHS) is test_data
