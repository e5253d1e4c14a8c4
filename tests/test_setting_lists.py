"""A name whose last word is the plural of a setting word (`PAPERLESS_APPS`, `ALLOWED_REGIONS`,
`authProviders`) holds a list of such settings: an identifier there is a setting, as under the
singular. A name in capitals between double underscores (`__REDIS_PASSWORD__`) is a marker a start
script replaces. A plural credential (`authTokens`), a random value under another plural, a
credential for sites and a marker in lower case stay reported."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

LISTS = """\
apiVersion: v1
kind: Secret
metadata:
  name: app-env
stringData:
  PAPERLESS_APPS: "allauth.socialaccount.providers.openid_connect"
  ALLOWED_REGIONS: "eu_west.eu_central"
  PAPERLESS_SECRET_KEY: "allauth.socialaccount.providers.openid_connect"
  SESSION_KEYS: "Kq7lantern52Kq7lantern52"
"""


def test_a_list_of_settings_in_a_secret_is_a_setting(tmp_path: Path) -> None:
    """A Secret's key whose last word is the plural of a setting word (`PAPERLESS_APPS`,
    `ALLOWED_REGIONS`) holds a list of such settings: an identifier there is a setting, as under
    `PAPERLESS_APP`. A secret's key, and a random value under another plural, stay reported."""
    results, notes = engine_scan(tmp_path, {"k8s/secret.yaml": LISTS}, rules=frozenset({"DCR023"}))
    assert [(line, col) for _, line, col, _ in brief(results)] == [(8, 26), (9, 18)]
    assert notes == []


LISTS_AND_MARKERS = """\
homarr:
  authProviders: credentials
  AUTH_PROVIDERS: oidc,ldap
  PASSWORD_SITES: Zq81xLm4Tr9Kp2Wv
  authTokens: Kq7Lm2Zt9Pv3Wx8R
redis:
  url: redis://:__REDIS_PASSWORD__@redis-client:6379/0
  other: redis://:__redis_password__@redis-client:6379/0
"""


def test_a_list_of_settings_and_a_replaced_marker(tmp_path: Path) -> None:
    """A name whose last word is the plural of a setting word (`authProviders`, `AUTH_PROVIDERS`)
    holds a list of those settings; a name in capitals between double underscores
    (`__REDIS_PASSWORD__`) is a marker a start script replaces. A plural credential (`authTokens`),
    a credential for sites, and a marker in lower case stay reported."""
    results, notes = engine_scan(tmp_path, {"chart/values.yaml": LISTS_AND_MARKERS},
                                 rules=frozenset({"DCR023", "DCR050"}))
    assert brief(results) == [("chart/values.yaml", 4, 19, "DCR023"), ("chart/values.yaml", 5, 15, "DCR023"),
                              ("chart/values.yaml", 8, 19, "DCR050")]
    assert notes == []
