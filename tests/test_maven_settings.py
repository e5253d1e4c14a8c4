"""Maven `settings.xml`: a `<server>` named for a registry's host is the login jib and the docker
Maven plugins use (a literal password: DCR002); any other server's literal password is a
committed secret (DCR023). `${env.X}`, Maven-encrypted `{...}` values and commented-out servers
are not. Before, the file was not read at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

from dcrlint.classify import FileKind, classify_text
from dcrlint.infra.mavensettings import registry_server

PW = "Xq7pL2vR9sKd84Tz"  # a made-up password

SETTINGS = f"""\
<?xml version="1.0" encoding="UTF-8"?>
<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
  <servers>
    <server>
      <id>registry.example.com</id>
      <username>ci-bot</username>
      <password>{PW}1</password>
    </server>
    <server>
      <id>nexus-releases</id>
      <username>deploy</username>
      <password>{PW}2</password>
    </server>
    <server>
      <id>nexus-snapshots</id>
      <username>${{env.NEXUS_USER}}</username>
      <password>${{env.NEXUS_PASSWORD}}</password>
    </server>
    <server>
      <id>encrypted</id>
      <password>{{COQLCE6DU6GtcS5P=}}</password>
    </server>
    <server>
      <id>deploy-key</id>
      <privateKey>${{user.home}}/.ssh/id_rsa</privateKey>
      <passphrase>{PW}3</passphrase>
    </server>
    <!-- <server><id>old</id><password>{PW}4</password></server> -->
    <server>
      <id>localhost:5000</id>
      <password>&#88;q7pL2vR9sKd84Tz5</password>
    </server>
  </servers>
</settings>
"""


@pytest.mark.parametrize(("path", "head", "kind"), [
    (".m2/settings.xml", "<settings>\n", FileKind.MAVEN_SETTINGS),
    ("ci_settings.xml", '<?xml version="1.0"?>\n<settings xmlns="x">\n', FileKind.MAVEN_SETTINGS),
    (".mvn/maven-settings.xml", "<!-- c -->\n<settings>\n", FileKind.MAVEN_SETTINGS),
    # near misses: another tool's settings.xml, any other XML
    (".idea/settings.xml", "<project version=\"4\">\n", FileKind.OTHER),
    ("config/servers.xml", "<settings>\n", FileKind.OTHER),
])
def test_maven_settings_classification(path: str, head: str, kind: FileKind) -> None:
    assert classify_text(path, head) is kind


@pytest.mark.parametrize(("server_id", "registry"), [
    ("registry.example.com", True), ("gcr.io", True), ("localhost:5000", True), ("registry:5000", True),
    ("nexus-releases", False), ("github", False), ("central", False),
])
def test_a_registry_server_is_named_for_its_host(server_id: str, registry: bool) -> None:
    assert registry_server(server_id) is registry


def test_servers_literal_passwords_where_written(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"ci/settings.xml": SETTINGS}, dedent=False,
                                 rules=frozenset({"DCR002", "DCR023", "DCR051"}))
    assert notes == []
    assert brief(results) == [
        ("ci/settings.xml", 7, 17, "DCR002"),   # the registry's server
        ("ci/settings.xml", 12, 17, "DCR023"),  # an artifact repository's
        ("ci/settings.xml", 26, 19, "DCR023"),  # a key's passphrase
        ("ci/settings.xml", 31, 17, "DCR002"),  # spelled with a character reference
    ]
    assert "Maven settings `<server>` for registry.example.com (user ci-bot)" in results[0].message
    assert "server `nexus-releases`: <password>" in results[1].message
    assert all(PW not in r.message for r in results)


# A server's `<configuration>` sends HTTP headers: GitLab's package registry reads its token there.
HEADERS = f"""\
<settings>
  <servers>
    <server>
      <id>gitlab-packages</id>
      <configuration>
        <httpHeaders>
          <property>
            <name>Private-Token</name>
            <value>{PW}6</value>
          </property>
        </httpHeaders>
      </configuration>
    </server>
    <server>
      <id>gitlab-ci</id>
      <configuration>
        <httpHeaders>
          <property><name>Job-Token</name><value>${{CI_JOB_TOKEN}}</value></property>
          <property><name>Deploy-Token</name><value>${{env.DEPLOY_TOKEN}}</value></property>
          <property><name>X-Trace-Source</name><value>build-agent-7</value></property>
          <property><name>Authorization</name><value>Bearer {PW}7</value></property>
          <property><name>Authorization</name><value>Bearer ${{env.API_BEARER}}</value></property>
          <property><name>Deploy-Token</name><value>changeme</value></property>
        </httpHeaders>
      </configuration>
    </server>
    <!-- <server><id>old</id><configuration><httpHeaders><property><name>Private-Token</name>
         <value>{PW}8</value></property></httpHeaders></configuration></server> -->
  </servers>
</settings>
"""


def test_a_servers_http_header_given_a_literal_credential(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {".m2/settings.xml": HEADERS}, dedent=False,
                                 rules=frozenset({"DCR002", "DCR023", "DCR051"}))
    assert notes == []
    # a header named for a secret; an Authorization header's credential after its scheme
    assert brief(results) == [(".m2/settings.xml", 9, 20, "DCR023"), (".m2/settings.xml", 21, 61, "DCR023")]
    assert "server `gitlab-packages`: HTTP header `Private-Token` is a literal secret" in results[0].message
    assert "encrypt" not in results[0].message  # Maven decrypts no header
    assert "HTTP header `Authorization`" in results[1].message
    assert all(PW not in r.message for r in results)
