"""An env file that places a service on the machine itself (its host or URL settings, each a
loopback host: `PKG_HOSTNAME=localhost`, `PKG_URL=http://${PKG_HOSTNAME}:8088`) configures a
throwaway instance there: the service's own secrets (`PKG_ADMIN_PASSWORD`: a host setting's words before its last name
the service, `PKG` of `PKG_HOSTNAME`) are that instance's, as a login to a localhost registry is (decided: the target is
the machine itself). A secret of another service (an outside API's token), of a service with no
host setting, or of one with any host elsewhere, stays reported."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

ENV = """\
export PKG_HOSTNAME=localhost
export PKG_URL="http://${PKG_HOSTNAME}:8088"
export PKG_ADMIN_PASSWORD="Lantern77x"
export TF_VAR_pkg_password="${PKG_ADMIN_PASSWORD}"
export MAIL_API_TOKEN="rT5vK9mWq2Lp8XzN"
export STORE_HOST=127.0.0.1
export STORE_URL=https://store.example.org
export STORE_PASSWORD=Qv8nLm3Tz
export CACHE_PASSWORD=Hb6kWp2Rx
QUEUE_ADDRESS=[::1]:5672
QUEUE_TOKEN=Zm4Xq8Lr2Vt
"""


def test_the_secrets_of_a_service_on_the_machine_itself(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"ci.env": ENV}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("ci.env", 5, 24, "DCR023"), ("ci.env", 8, 23, "DCR023"),
                              ("ci.env", 9, 23, "DCR023")]
    assert notes == []


# An app's prefix on every setting names no service: the local database's host makes only its own
# password local (`SHOP_DB` of `SHOP_DB_HOST`), not the payment or mail keys beside it.
APP_ENV = """\
SHOP_DB_HOST=localhost
SHOP_DB_PASSWORD=Kq8vLr2mWxTzNp
SHOP_STRIPE_SECRET_KEY=Hv8kQ3zWm5RtLpQ
SHOP_MAILGUN_API_KEY=Nq4wTz8mKx2VbRt
"""


def test_an_app_prefix_is_no_service(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"shop.env": APP_ENV}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("shop.env", 3, 24, "DCR023"), ("shop.env", 4, 22, "DCR023")]
    assert notes == []


# Every where-word at the end comes off a service's name (`BLOB` of `BLOB_ENDPOINT_URL`).
ENDPOINT_ENV = """\
BLOB_ENDPOINT_URL=http://127.0.0.1:9000
BLOB_SECRET_KEY=Wq7vLm2xTz8Kp
RELAY_ENDPOINT_URL=https://relay.example.org
RELAY_SECRET_KEY=Nq4wTz8mKx2Vb
"""


def test_each_where_word_comes_off_a_services_name(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"dev.env": ENDPOINT_ENV}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("dev.env", 4, 18, "DCR023")]
    assert notes == []


# A stack whose own domain is on the machine itself: the keys its app keeps for itself (session,
# token encryption) protect only what is served there; an outside service's token and a key of
# a stack served elsewhere stay secrets (lead's ruling, held-out 21a D1).
DEV_STACK_ENV = """\
SITE_DOMAIN=board.localhost
PORTAL_SESSION_SECRET=Hq4vN8sLw2pXc7Rz0mT5yBk9
PORTAL_TOKEN_ENCRYPTION_KEY=Vb7nQ2xLr5tYw8zPk3mC6hJs
PORTAL_MAILER_API_TOKEN=Zm4Xq8Lr2VtKp9Wd
"""


def test_the_own_keys_of_an_app_served_on_the_machine_itself(tmp_path: Path) -> None:
    files = {"dev/.env": DEV_STACK_ENV,
             "prod/.env": DEV_STACK_ENV.replace("board.localhost", "board.example.org")}
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR023"}))
    assert brief(results) == [("dev/.env", 4, 25, "DCR023"), ("prod/.env", 2, 23, "DCR023"),
                              ("prod/.env", 3, 29, "DCR023"), ("prod/.env", 4, 25, "DCR023")]
    assert notes == []
