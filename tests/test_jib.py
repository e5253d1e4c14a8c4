"""jib registry auth in Maven and Gradle build files: literal passwords are DCR002 at their
exact position; Maven properties, Gradle templates and calls are not literals."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

from dcrlint.classify import FileKind, classify_path

POM = """\
<project>
  <properties>
    <jib.from.auth.password>${env.BASE_PASSWORD}</jib.from.auth.password>
  </properties>
  <build>
    <plugins>
      <!-- <plugin><artifactId>jib-maven-plugin</artifactId><configuration><to><auth>
           <password>old-commented-out</password></auth></to></configuration></plugin> -->
      <plugin>
        <groupId>com.google.cloud.tools</groupId>
        <artifactId>jib-maven-plugin</artifactId>
        <version>3.4.0</version>
        <configuration>
          <from>
            <image>eclipse-temurin:21</image>
            <auth>
              <username>${env.BASE_USER}</username>
              <password>${env.BASE_PASSWORD}</password>
            </auth>
          </from>
          <to>
            <image>dcr.example.com/team/app</image>
            <auth>
              <username>ci</username>
              <password>Vq7-trellis&amp;93-Kmd</password>
            </auth>
          </to>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
"""

GRADLE = """\
plugins { id 'com.google.cloud.tools.jib' version '3.4.0' }

jib {
  from {
    image = 'eclipse-temurin:21'
    auth { username = 'robot'; password = System.getenv('BASE_PASSWORD') }
  }
  to {
    image = 'dcr.example.com/team/app'
    auth {
      username = 'ci'
      password = 'Hx3-lattice-27-Pqr'
    }
  }
}
// jib.to.auth.password = 'old-commented-out'
"""

GRADLE_KTS = """\
jib {
    to {
        image = "dcr.example.com/team/app"
        auth.username = "ci"
        auth.password = "Kd2-meadow-64-Rv"
    }
}
jib.from.auth.password = "${System.getenv("BASE_PASSWORD")}"
"""


def test_classified() -> None:
    assert classify_path("service/pom.xml") is FileKind.MAVEN_POM
    assert classify_path("service/build.gradle") is FileKind.GRADLE
    assert classify_path("service/build.gradle.kts") is FileKind.GRADLE


def test_jib(tmp_path: Path) -> None:
    files = {"a/pom.xml": POM, "b/build.gradle": GRADLE, "c/build.gradle.kts": GRADLE_KTS}
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR002"}))
    assert brief(results) == [
        ("a/pom.xml", 25, 25, "DCR002"),
        ("b/build.gradle", 12, 19, "DCR002"),
        ("c/build.gradle.kts", 5, 26, "DCR002"),
    ]
    assert "jib-maven-plugin in pom.xml (target image) for dcr.example.com (user ci)" in results[0].message
    assert results[0].end.column == 47  # the raw text, entity included
    assert "jib in build.gradle (target image) for dcr.example.com (user ci)" in results[1].message
    assert notes == []


GRADLE_ESCAPES = """\
jib {
  from { image = 'eclipse-temurin:21' }
  to {
    image = 'dcr\\u002eexample.com/team/app'
    auth {
      username = 'c\\u0069'
      password = 'Hx3\\u002dlat//tice\\'27'
    }
  }
}
"""

GRADLE_NOT_LITERALS = """\
jib {
  to {
    auth {
      password = 'Pq7-' + System.getenv('SUFFIX')
      password = "${System.getenv('REGISTRY_PASSWORD')}"
      password = "$registryPassword"
      password = System.getenv('REGISTRY_PASSWORD')
      def password = 'Zk4-local-variable'
      other.password = 'Zk4-not-jib'
    }
  }
}
/* jib.to.auth.password = 'Rm5-commented-out'
"""


def test_gradle_strings_read_as_groovy_reads_them(tmp_path: Path) -> None:
    """Escapes decoded (`\\u002d`, `\\'`), `//` inside a string is no comment; the finding covers
    the string as written; the target's own image and username, not the base image's."""
    files = {"b/build.gradle": GRADLE_ESCAPES, "c/build.gradle.kts": 'jib.to.auth.password =\n    "Kd2-\\u006deadow"\n'}
    results, _ = engine_scan(tmp_path, files, rules=frozenset({"DCR002"}), dedent=False)
    assert brief(results) == [("b/build.gradle", 7, 19, "DCR002"), ("c/build.gradle.kts", 2, 6, "DCR002")]
    assert [r.end.column for r in results] == [41, 21]  # (exclusive) the escapes as written
    assert "(target image) for dcr.example.com (user ci)" in results[0].message


def test_gradle_values_that_are_no_string_literal(tmp_path: Path) -> None:
    """A concatenation, a template, a call, a local variable, another object's password and a
    comment are no jib password written in the file."""
    files = {"b/build.gradle": GRADLE_NOT_LITERALS,
             "c/build.gradle.kts": 'jib { to { auth { password = """Tq8-raw-\\u0041""" } } }\n'
                                   'jib { from { auth { password.set("${property("pw")}") } } }\n'}
    results, _ = engine_scan(tmp_path, files, rules=frozenset({"DCR002"}), dedent=False)
    assert brief(results) == [("c/build.gradle.kts", 1, 33, "DCR002")]
    assert results[0].end.column == 47  # a raw string, as written
