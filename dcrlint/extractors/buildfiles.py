"""Build files with registry auth of jib: Maven `pom.xml`, Gradle `build.gradle(.kts)` (`infra.jib`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..classify import FileKind
from ..facts import REGISTRY_CREDENTIALS, Fact, RegistryCredential
from . import inert

if TYPE_CHECKING:
    from ..scanned import ScannedFile


def credentials(file: ScannedFile) -> list[RegistryCredential]:
    text = file.source.text
    if file.kind is FileKind.MAVEN_POM:
        from ..infra.jib import pom_credentials
        from ..infra.xmltext import may_read

        return pom_credentials(file) if may_read(text, "jib") else []  # (`&#106;ib` too)
    if "jib" not in text:
        return []
    from ..infra.jibgradle import gradle_credentials

    return gradle_credentials(file)


FACTS: dict[Fact[Any], Any] = {REGISTRY_CREDENTIALS: credentials}
# jib's settings found with regular expressions: nothing to notify.
NOTES = inert.no_notes
