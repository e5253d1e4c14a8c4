"""DCR020 asks, for every pod, whether a ServiceAccount with imagePullSecrets is the pod's: one
set lookup per pod must answer as a pass over every account does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dcrlint.checks.dcr020_missing_image_pull_secrets import _account_has_pull_secrets, _granting
from dcrlint.k8s.index import AccountFact, NameRef, PodFact
from dcrlint.source import Span

NAMES = st.sampled_from([None, "default", "builder", "Default"])
NAMESPACES = st.sampled_from([None, "ns", "other", ""])
ACCOUNTS = st.lists(st.builds(
    lambda name, namespace, with_secrets: AccountFact(
        name, namespace, (NameRef("regcred", Span(0, 7)),) if with_secrets else (), "manifest"),
    NAMES, NAMESPACES, st.booleans()), max_size=6)


def _pod(account: str | None, namespace: str | None) -> PodFact:
    return PodFact("Pod", "p", namespace, account, (), False, (), (), None, 0)


def _by_every_account(pod: PodFact, accounts: list[AccountFact]) -> bool:
    return any(a.pull_secrets and (a.name is None or a.name == pod.account)
               and (a.namespace is None or a.namespace == pod.namespace) for a in accounts)


@given(ACCOUNTS, NAMES, NAMESPACES)
def test_one_lookup_answers_as_every_account(accounts: list[AccountFact], account: str | None,
                                             namespace: str | None) -> None:
    pod = _pod(account, namespace)
    assert _account_has_pull_secrets(pod, _granting(accounts)) == _by_every_account(pod, accounts)


def test_wildcards() -> None:
    secrets = (NameRef("regcred", Span(0, 7)),)
    assert _account_has_pull_secrets(_pod("builder", "ns"), _granting([AccountFact(None, "ns", secrets, "x")]))
    assert _account_has_pull_secrets(_pod("builder", "ns"), _granting([AccountFact("builder", None, secrets, "x")]))
    assert not _account_has_pull_secrets(_pod("builder", "ns"), _granting([AccountFact("builder", "other", secrets, "x")]))
    assert not _account_has_pull_secrets(_pod("builder", "ns"), _granting([AccountFact("builder", "ns", (), "x")]))
