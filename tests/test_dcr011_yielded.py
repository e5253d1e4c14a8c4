"""DCR011: an expression pastes a secret only when it may yield the secret's value. `a && b`
yields `a` only when `a` is false, empty or null (`b` otherwise); `a || b` yields either. So a
secret only tested for presence (`secrets.X && 'set' || 'unset'`) writes a word, not the secret."""

from __future__ import annotations

from typing import Any

WF = """on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          echo "identity: ${{ secrets.REVIEWER_TOKEN && 'REVIEWER_TOKEN' || 'GITHUB_TOKEN fallback' }}"
          echo "${{ (secrets.DEPLOY_KEY && 'set') || 'unset' }}"
          echo "${{ secrets.DEPLOY_KEY && 'yes' }}"
          curl -H "token: ${{ secrets.API_TOKEN || 'none' }}" https://x.example.com
          curl -H "token: ${{ github.event_name == 'push' && secrets.API_TOKEN || '' }}" https://x.example.com
          curl -H "token: ${{ secrets.FLAG && secrets.API_TOKEN }}" https://x.example.com
"""


def test_a_secret_tested_for_presence_is_not_pasted(lint: Any) -> None:
    run = lint.scan(".github/workflows/ci.yml", WF, "--fail-on", "never", "--select", "DCR011")
    assert run.where() == [
        ("DCR011", 10, 27, 10, 61),  # the secret, or a word when it is unset
        ("DCR011", 11, 27, 11, 88),  # the secret on a push
        ("DCR011", 12, 27, 12, 67),  # the second secret when the first is set
    ]


def test_operands_are_read_by_the_one_top_level_reading() -> None:
    """`yielded_operands`, `fallback` and `yields_boolean` split at the same top level
    (`ghexpr._top_level`): an expression that does not close (GitHub refuses it) is one operand,
    yielded whole, with no fallback."""
    from dcrlint.ghexpr import fallback, yielded_operands

    assert yielded_operands("secrets.A && 'on' || secrets.B") == ["'on'", "secrets.B"]
    assert fallback("secrets.A || ('none'") is None
    assert yielded_operands("secrets.A || ('none'") == ["secrets.A || ('none'"]
    assert yielded_operands("secrets.A || 'x')") == ["secrets.A || 'x')"]
    assert fallback("secrets.A || format('{0}', 'b')") == "format('{0}', 'b')"
