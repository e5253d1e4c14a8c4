"""Long lines in reports: the text report shows a window of a long line around each finding,
cut after the line was masked whole, so a cut never shows part of a secret."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write

from dcrlint.reports.text_report import LONG, SHOWN, window

CUT = "\u2026"
# No three characters of it occur in dcrlint's own words, paths or the fillers below.
SECRET = "Zq8Wm5Rx3Kv7Tn"


def test_window_of_a_line_not_long_is_the_line() -> None:
    line = "x" * LONG
    assert window(line, LONG // 2, LONG // 2 + 3) == (line, LONG // 2)


def test_window_cuts_both_sides_and_keeps_the_finding_whole() -> None:
    line = "a" * 1000 + "F" * 500 + "b" * 1000
    shown, at = window(line, 1000, 1500)
    assert shown == CUT + "a" * SHOWN + "F" * 500 + "b" * SHOWN + CUT
    assert shown[at : at + 500] == "F" * 500


def test_window_cuts_only_what_saves_room() -> None:
    line = "a" * (SHOWN + 1) + "F" + "b" * LONG
    assert window(line, SHOWN + 1, SHOWN + 2) == (line[: 2 * SHOWN + 2] + CUT, SHOWN + 1)


@pytest.mark.parametrize("side", ["left", "right"])
def test_a_cut_never_shows_part_of_a_secret_of_another_file(lint, tmp_path: Path, side: str) -> None:
    """SECRET is found in a.sh; b.sh holds it where b.sh's own finding's window is cut: masked
    whole before the cut (the engine of b.sh does not know it, only the scan does)."""
    write(tmp_path, "a.sh", f"docker login -u ci -p {SECRET} registry.example.com\n")
    column = 400
    if side == "left":
        line = "git clone https://ci:Pw9xLm2Qz7jj@git.example.com/o/r.git"
        pad = column - len("git clone https://ci:")
        text = "echo '" + "." * (pad - len("echo '") - 3) + "'; " + line
        edge = column - SHOWN
        at = edge - len(SECRET) // 2
        text = text[:at] + SECRET + text[at + len(SECRET) :]
    else:
        text = "git clone https://ci:Pw9xLm2Qz7jj@git.example.com/o/r.git # "
        edge = text.index("@") + SHOWN
        at = edge - len(SECRET) // 2
        text += "." * (at - len(text)) + SECRET + "." * 300
    write(tmp_path, "b.sh", text + "\n")
    r = lint("--fail-on", "never", "--format", "text")
    shown = [line for line in r.out.splitlines() if line.startswith("    1 | ") and CUT in line]
    assert shown, r.out
    for part in (SECRET[i : i + 3] for i in range(len(SECRET) - 2)):
        assert part not in r.printed, part
    # the cut falls inside the masked secret: asterisks right at the mark
    mark = [s for s in shown if ("*" * 3 + CUT if side == "right" else CUT + "*" * 3) in s]
    assert mark, shown


def test_a_cut_never_shows_part_of_a_secret_of_the_same_line(lint, tmp_path: Path) -> None:
    """The line's own secret, again further on the line where the window ends."""
    head = f"docker login -u ci -p {SECRET} registry.example.com && echo '"
    end = head.index(SECRET) + len(SECRET)
    at = end + SHOWN - len(SECRET) // 2
    write(tmp_path, "deploy.sh", head + "." * (at - len(head)) + SECRET + "." * 300 + "'\n")
    for fmt in ("text", "json", "sarif", "github", "gitlab"):
        r = lint("--fail-on", "never", "--format", fmt)
        assert "DCR001" in r.out, fmt
        for part in (SECRET[i : i + 3] for i in range(len(SECRET) - 2)):
            assert part not in r.printed, (fmt, part)
    r = lint("--fail-on", "never", "--format", "text")
    assert "*" * 3 + CUT in r.out
    for args in (("--diff", "--unsafe-fixes"), ("--statistics",), ("--write-baseline", "baseline.json")):
        r = lint("--fail-on", "never", *args)
        printed = r.printed + (tmp_path / "baseline.json").read_text() if args[0] == "--write-baseline" else r.printed
        for part in (SECRET[i : i + 3] for i in range(len(SECRET) - 2)):
            assert part not in printed, (args, part)


def test_a_fix_far_from_a_secret_on_its_line_hides_it(lint, tmp_path: Path) -> None:
    """A result carries the masked spans near it only: the diff of a fix on a long line still
    hides a secret of the line far from the fix (every secret of the scan is masked in it)."""
    write(tmp_path, "a.sh", f"docker login -u ci -p {SECRET} registry.example.com\n")
    write(tmp_path, "b.sh", 'docker login -u ci -p "$REG_PASSWORD" r.example.com && echo \'' + "." * 600
          + f" {SECRET} {SECRET}x\'\n")
    r = lint("--fail-on", "never", "--diff", "--unsafe-fixes")
    assert "b.sh" in r.printed, r.printed  # its diff, or why it is withheld
    for part in (SECRET[i : i + 3] for i in range(len(SECRET) - 2)):
        assert part not in r.printed, part


def test_text_report_of_a_long_line_points_at_the_finding(lint, tmp_path: Path) -> None:
    urls = " ".join(f"https://u{i}:Pw{i:04d}xQz9kLm@h{i}.example.com/" for i in range(200))
    write(tmp_path, "values.yaml", f'mirrors: "{urls}"\n')
    r = lint("--fail-on", "never", "--format", "text")
    blocks = [b.splitlines() for b in r.out.split("values.yaml:")[1:]]
    assert len(blocks) == 200
    for block in blocks:
        column = int(block[0].split(":")[1])
        source, carets = block[1], block[2]
        assert len(source) < len("    1 | ") + 2 * SHOWN + 60  # a window, not the line
        at = carets.index("^")
        assert carets[at:] == "^" * len("Pw0000xQz9kLm")
        assert source[at:].startswith("*" * len("Pw0000xQz9kLm") + "@h")
        assert source[at - 1] == ":", column
