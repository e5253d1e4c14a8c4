"""The key of the pre-commit context: one hash of the path and stamp of every listed file."""

from __future__ import annotations

import os
from pathlib import Path

from dcrlint.repocontext import Context, _listing_key


def _files(root: Path, names: list[str], when: int = 1_600_000_000) -> list[tuple[str, bool]]:
    for n in names:
        p = root / n
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(n)
        os.utime(p, (when, when))
    return [(str(root / n), False) for n in names]


def test_listing_key_follows_every_file_but_the_named(tmp_path: Path) -> None:
    listing = _files(tmp_path, ["a.yaml", "d/b.yaml", "d/c.sh"])
    key = _listing_key(listing, str(tmp_path), set(), "s")
    assert key is not None and key == _listing_key(listing, str(tmp_path), set(), "s")
    assert _listing_key(listing, str(tmp_path), set(), "t") != key  # the salt
    named = _listing_key(listing, str(tmp_path), {"a.yaml"}, "s")
    (tmp_path / "a.yaml").write_text("changed")  # a named file is scanned: its stamp is not in the key
    assert _listing_key(listing, str(tmp_path), {"a.yaml"}, "s") == named
    (tmp_path / "d/c.sh").write_text("changed")  # same size
    os.utime(tmp_path / "d/c.sh", (1_600_000_100, 1_600_000_100))
    assert _listing_key(listing, str(tmp_path), {"a.yaml"}, "s") != named
    os.utime(tmp_path / "d/c.sh", None)  # changed just now: it may change again unseen
    assert _listing_key(listing, str(tmp_path), set(), "s") is None


def test_listing_key_marks_files_gone_and_refuses_links(tmp_path: Path) -> None:
    listing = _files(tmp_path, ["a.yaml", "b.yaml"])
    before = _listing_key(listing, str(tmp_path), set(), "s")
    assert before is not None
    (tmp_path / "b.yaml").unlink()  # listed by git, gone from the work tree
    gone = _listing_key(listing, str(tmp_path), set(), "s")
    assert gone is not None and gone != before
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    assert _listing_key(listing, str(tmp_path), set(), "s") is None  # its target may change unseen
    (tmp_path / "b.yaml").unlink()
    (tmp_path / "b.yaml").mkdir()  # a submodule
    assert _listing_key(listing, str(tmp_path), set(), "s") not in (None, before, gone)


def test_context_rows_become_targets_on_first_use() -> None:
    context = Context(key="k", rows=[["a.yaml", "/r/a.yaml"]])
    assert context._targets is None
    assert [(t.rel, t.abspath, t.explicit) for t in context.targets] == [("a.yaml", "/r/a.yaml", False)]
    assert Context().targets == [] and Context().key is None
