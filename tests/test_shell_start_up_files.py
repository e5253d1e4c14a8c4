"""The files bash, zsh and ksh read as they start (`.bashrc`, `.bash_aliases`, `.zshrc`,
`.profile`; a dotfiles repository keeps them without the dot too) are shell, and an alias's body is
what the shell runs for its name: a password on its command line is reported where the body
writes it, however it is quoted (a double-quoted body's variables are expanded as the alias is
defined). Printing aliases, or one fed by stdin, is not. (What their functions print:
test_function_results.py.)"""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

RULES = frozenset({"DCR001", "DCR002", "DCR023", "DCR050", "DCR051"})


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


def test_a_double_quoted_alias_expands_its_variables_when_defined(tmp_path: Path) -> None:
    """In `alias dl="... -p '$P' ..."` the shell expands `$P` as it defines the alias: the body
    holds the variable's value, a password on the command line (DCR001), not a literal one
    (guard R5); single-quoted, the body's `$P` is expanded when the alias runs, the same."""
    text = ("alias dl=\"docker login -u ci -p '$REGISTRY_PASSWORD' dcr.example.com\"\n"
            "alias d2='docker login -u ci -p \"$REGISTRY_PASSWORD\" dcr.example.com'\n")
    results, notes = engine_scan(tmp_path, {".bash_aliases": text}, rules=RULES)
    assert brief(results) == [(".bash_aliases", 1, 34, "DCR001"), (".bash_aliases", 2, 34, "DCR001")]
    assert notes == []
