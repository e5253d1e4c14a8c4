"""dcrlint benchmarks: every target of the speed issue as a ratio to a floor measured in the same run.

    python benchmarks/bench.py [--corpus ../shared/corpus] [--scale 10] [--repeat 5] [--quick]

Times are CPU time (user + system) of the process tree unless a row says wall: the machine may be
shared, and CPU time is what a loaded machine disturbs least. Each figure is the median of
`--repeat` runs after one warm-up run.

- floor: in this process, reading every corpus file and composing the YAML ones with PyYAML's C
  loader (the least any Python YAML tool pays); no interpreter start.
- cold: `--jobs 1 --no-git --no-cache` over the corpus; warm: the same with a result cache filled
  in a temporary --cache-dir and nothing changed.
- one small file and a file holding a token, interpreter start included, vs
  `python -c "import yaml"`.
- pre-commit: one manifest named in a git repository of the scaled corpus, cache warm (git on),
  vs the one-small-file time; then the same with the manifest changed and staged before each run
  (what each commit does: the index changes, the cross-file results are worked out again).
- peak memory: the scaled corpus with `--jobs 2`; /proc is polled every 10 ms and the RSS of the
  dcrlint process and all its descendants is summed (ru_maxrss is per process, so it cannot
  give the tree's peak). Shared pages are counted once per process: an upper bound.
- identical: JSON findings with and without the cache (cold fill, whole-run replay, per-file warm read) and across
  --jobs must be byte-identical; a difference exits 1 (also in --quick, which CI runs).
- linear: a generated script of 6,000 lines and one of 750 (same steps); the work per line (the
  one-small-file time taken off both) must stay within MAX_PER_LINE_GROWTH of the short one's: a
  pass over the script per command makes it grow with the length (2f66458: 4.3, linear 1.0-1.2).
  Exits 1 (also in --quick).

--quick: small repeat counts, no scaled corpus (no pre-commit or memory rows), the corpus rows
skipped when the corpus is absent (examples/ is used for the identity check then).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ONE_FILE = """#!/bin/sh
set -eu
printf '%s' "$DCR_PASSWORD" | docker login dcr.example.com -u ci --password-stdin
docker push dcr.example.com/team/app:1.0
"""
# A made-up token of GitHub's format (not a real one): the run goes through DCR051's detectors.
TOKEN_FILE = """name: push
on: push
jobs:
  push:
    runs-on: ubuntu-latest
    steps:
      - run: echo "ghp_Zq8xW3vN5tR7yU1iO9pA2sD4fG6hJ0kLmXcB" | docker login ghcr.io -u bot --password-stdin
"""

# Installed packages carry compiled bytecode; a source checkout must be allowed to write it.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
REPO = Path(__file__).resolve().parents[1]
# Steps of the generated scripts (3 lines each): 6,000 lines and 8 times fewer. Linear work gives
# about the same time per line in both; a quadratic cost makes the long one's up to 8 times the
# short one's. The bound leaves room for a loaded machine's noise on the short script's time.
LONG_STEPS, SHORT_STEPS = 2000, 250
MAX_PER_LINE_GROWTH = 2.5


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _run(cmd: Sequence[str], cwd: str | None = None) -> tuple[float, float]:
    """(CPU seconds of the finished process tree, wall seconds) of one run."""
    cpu, wall = _children_cpu(), time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
    return _children_cpu() - cpu, time.perf_counter() - wall


def _time(cmd: Sequence[str], repeat: int, cwd: str | None = None, warm_up: bool = True) -> tuple[float, float]:
    """Median (CPU, wall) seconds over `repeat` runs, after one warm-up run."""
    if warm_up:
        _run(cmd, cwd)
    runs = [_run(cmd, cwd) for _ in range(max(1, repeat))]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def _long_script(n: int) -> str:
    """n steps of a generated script: a file test, a secret printed, a login by a variable."""
    return "#!/bin/sh\n" + "".join(
        f'if [ -f "/etc/step{i}" ]; then echo "step {i}: $REG_TOKEN"; fi\n'
        f'TOKEN_{i}=$(vault read -field=t secret/s{i})\n'
        f'echo "$TOKEN_{i}" | docker login -u u{i} --password-stdin reg{i}.example.org\n' for i in range(n))


def _per_line_growth(dcrlint: list[str], folder: Path, repeat: int, start: float,
                     row: Callable[[str, str], None]) -> float:
    """CPU time per line of the long generated script over the short one's, `start` (a one-file
    run's time) taken off both."""
    per_line = {}
    for steps in (LONG_STEPS, SHORT_STEPS):
        (folder / "long.sh").write_text(_long_script(steps))
        cpu, wall = _time([*dcrlint, "--no-git", "--no-cache", "--fail-on", "never", "long.sh"], repeat,
                          cwd=str(folder))
        per_line[steps] = max(cpu - start, 0.0) / (3 * steps)
        row(f"a generated script of {3 * steps:,} lines (--no-cache)", f"{cpu:.2f} s (wall {wall:.2f} s)")
    return per_line[LONG_STEPS] / max(per_line[SHORT_STEPS], 1e-6)


def _floor_once(files: list[Path]) -> float:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    start = time.process_time()
    for p in files:
        text = p.read_bytes().decode("utf-8", "replace")
        if p.suffix in (".yml", ".yaml"):
            with contextlib.suppress(yaml.YAMLError):
                list(yaml.compose_all(text, Loader=loader))
    return time.process_time() - start


def _yaml_parse_time(root: Path, repeat: int = 3) -> tuple[float, int]:
    """CPU seconds to read every file under root and compose its YAML files (median), and the
    number of files."""
    files = sorted(p for p in root.rglob("*") if p.is_file())
    _floor_once(files)  # warm the page cache and the imports
    return statistics.median(_floor_once(files) for _ in range(max(1, repeat))), len(files)


def _tree_rss_kb(root_pid: int) -> int:
    """Sum of the RSS of root_pid and its descendants, from /proc."""
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        parent[pid] = int(fields[1])  # ppid, after the state field
        rss[pid] = int(fields[21]) * (os.sysconf("SC_PAGE_SIZE") // 1024)  # rss in pages
    tree, total = {root_pid}, 0
    changed = True
    while changed:
        changed = False
        for pid, ppid in parent.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                changed = True
    for pid in tree:
        total += rss.get(pid, 0)
    return total


def _peak_tree_rss_mb(cmd: Sequence[str]) -> tuple[float, float]:
    """(peak summed RSS of the process tree in MB, wall seconds), polling /proc every 10 ms."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    peak = 0
    done = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            time.sleep(0.01)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    proc.wait()
    done.set()
    poller.join()
    return peak / 1024, time.perf_counter() - start


def _json_scan(dcrlint: list[str], target: str, out: Path, *extra: str) -> tuple[bytes, float]:
    """The JSON report of one scan and its CPU seconds."""
    cmd = [*dcrlint, "--no-git", "--format", "json", "-o", str(out), "--fail-on", "never",
           "--now", "2026-01-01", *extra, target]
    cpu, _ = _run(cmd)
    return out.read_bytes(), cpu


IDENTITY_RUNS = ("no cache, --jobs 1", "no cache, --jobs 2", "cache filling, --jobs 1", "cache warm, --jobs 1",
                 "cache warm, --jobs 2", "cache per file, --jobs 1", "cache per file, --jobs 2")


def _identical(dcrlint: list[str], target: str, tmp: Path) -> tuple[list[str], dict[str, float]]:
    """Names of the runs whose JSON differs from the --no-cache --jobs 1 run, and each run's
    CPU seconds. An unchanged tree run again with the same command line is replayed whole;
    the last two runs change the command line so the per-file cache answers them."""
    cache = tmp / "identity-cache"
    runs = dict(zip(IDENTITY_RUNS, (
        ("--no-cache", "--jobs", "1"),
        ("--no-cache", "--jobs", "2"),
        ("--cache-dir", str(cache), "--jobs", "1"),
        ("--cache-dir", str(cache), "--jobs", "1"),
        ("--cache-dir", str(cache), "--jobs", "2"),
        # Another command line is not replayed (replay.py): these read the per-file entries.
        ("--cache-dir", str(cache), "--jobs", "1", "--fail-on", "error"),
        ("--cache-dir", str(cache), "--jobs", "2", "--fail-on", "warning"),
    ), strict=True))
    outputs = {name: _json_scan(dcrlint, target, tmp / "identity.json", *extra) for name, extra in runs.items()}
    reference = outputs[IDENTITY_RUNS[0]][0]
    return [name for name, (out, _) in outputs.items() if out != reference], {n: o[1] for n, o in outputs.items()}


def _git_repo_of_scaled_corpus(script: Path, dest: Path, scale: int) -> Path | None:
    """A git repository (one commit) of the scaled corpus; one of its Kubernetes manifests."""
    subprocess.run(["bash", str(script), str(dest), str(scale), "--link"], check=True, stdout=subprocess.DEVNULL)
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com", "-C", str(dest)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "corpus", "--no-verify"], check=True)
    manifests = sorted((dest / "c0001" / "kubernetes").rglob("*.yaml"))
    return manifests[0] if manifests else None


def _staged_change(cmd: Sequence[str], repo: Path, manifest: Path, repeat: int) -> tuple[float, float]:
    """Median (CPU, wall) of the pre-commit run after each commit's first step: the named
    manifest changed and staged (the index changes; the rest of the repository does not). The
    file is replaced, never written in place: the scaled corpus hard-links the shared one."""
    original = manifest.read_bytes()

    def stage(content: bytes) -> None:
        tmp = manifest.with_name(manifest.name + ".bench-tmp")
        tmp.write_bytes(content)
        os.replace(tmp, manifest)
        subprocess.run(["git", "-C", str(repo), "add", str(manifest)], check=True)

    runs = []
    try:
        for i in range(max(1, repeat) + 1):  # the first is a warm-up
            stage(original + f"\n# bench edit {i}\n".encode())
            runs.append(_run(cmd, str(repo)))
    finally:
        stage(original)
    return statistics.median(r[0] for r in runs[1:]), statistics.median(r[1] for r in runs[1:])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(REPO.parent.parent / "shared" / "corpus"))
    ap.add_argument("--scale", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="short run for CI (no scaled corpus, few repeats)")
    args = ap.parse_args()
    repeat = 2 if args.quick else args.repeat
    corpus_repeat = 1 if args.quick else 3
    dcrlint = [sys.executable, "-m", "dcrlint"]
    corpus = Path(args.corpus)
    have_corpus = corpus.is_dir()
    failed = False

    def row(name: str, value: str) -> None:
        print(f"{name:<52}  {value}", flush=True)

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        import_yaml, _ = _time([sys.executable, "-c", "import yaml"], repeat * 2)
        row('python -c "import yaml" (start floor)', f"{import_yaml * 1000:.0f} ms")
        small = tmp / "small"
        small.mkdir()
        (small / "deploy.sh").write_text(ONE_FILE)
        (small / "push.yml").write_text(TOKEN_FILE)
        one = None
        for name, what in (("deploy.sh", "one small file"), ("push.yml", "a file holding a token")):
            cpu, wall = _time([*dcrlint, "--no-git", "--no-cache", name], repeat * 2, cwd=str(small))
            one = one or cpu
            row(f"{what} (--no-cache)", f"{cpu * 1000:.0f} ms = {cpu / import_yaml:.2f}x start floor "
                f"(wall {wall * 1000:.0f} ms)")

        # A long generated script (an installer, a test suite's setup): each line's work must not
        # grow with the script's length (a pass over the script per command was quadratic).
        growth = _per_line_growth(dcrlint, small, repeat, one or 0.0, row)
        super_linear = growth > MAX_PER_LINE_GROWTH
        failed = failed or super_linear
        row(f"time per line, {3 * LONG_STEPS:,} vs {3 * SHORT_STEPS:,} lines", f"{growth:.2f}x (start-up taken off; "
            f"linear ~1, at most {MAX_PER_LINE_GROWTH}){': SUPER-LINEAR' if super_linear else ''}")

        if have_corpus:
            floor, n_files = _yaml_parse_time(corpus, corpus_repeat)
            row(f"floor: read {n_files} files, compose YAML (C)", f"{floor:.2f} s")
            if not args.quick:  # --quick times the identity check's runs instead
                base = [*dcrlint, "--no-git", "--jobs", "1", "--format", "json", "-o", os.devnull,
                        "--fail-on", "never", str(corpus)]
                cold, cold_wall = _time([*base, "--no-cache"], corpus_repeat)
                row("cold corpus scan --jobs 1 --no-cache", f"{cold:.2f} s = {cold / floor:.2f}x floor "
                    f"(target <= 2.0, aim 1.5; wall {cold_wall:.2f} s)")
                cache = tmp / "warm-cache"
                warm, warm_wall = _time([*base, "--cache-dir", str(cache)], repeat)  # the warm-up fills it
                row("warm corpus scan --jobs 1 (cache filled)", f"{warm:.2f} s = {warm / floor:.2f}x floor "
                    f"(target <= 0.5; wall {warm_wall:.2f} s)")
        else:
            row("corpus", f"absent ({corpus}): corpus rows skipped")

        script = corpus / "make-scale-corpus.sh"
        if have_corpus and not args.quick and args.scale and script.exists():
            scaled = tmp / "scaled"
            manifest = _git_repo_of_scaled_corpus(script, scaled, args.scale)
            if manifest is not None and one:
                rel = str(manifest.relative_to(scaled))
                cpu, wall = _time([*dcrlint, rel], repeat, cwd=str(scaled))  # git on, default cache
                row(f"pre-commit: one manifest in git repo of corpus x{args.scale}, warm",
                    f"{cpu * 1000:.0f} ms = {cpu / one:.2f}x one small file (target <= 2; wall {wall * 1000:.0f} ms)")
                cpu, wall = _staged_change([*dcrlint, rel], scaled, manifest, repeat)
                row("pre-commit: that manifest changed and staged", f"{cpu * 1000:.0f} ms = {cpu / one:.2f}x "
                    f"one small file (the index changed; wall {wall * 1000:.0f} ms)")
            shutil.rmtree(scaled / ".dcrlint_cache", ignore_errors=True)
            rss, took = _peak_tree_rss_mb([*dcrlint, "--no-git", "--no-cache", "--jobs", "2", "--format", "json",
                                           "-o", os.devnull, "--fail-on", "never", str(scaled)])
            row(f"peak RSS, process tree, corpus x{args.scale} --jobs 2", f"{rss:.0f} MB (target <= 150; "
                f"wall {took:.1f} s)")

        target = str(corpus) if have_corpus else str(REPO / "examples")
        differ, cpu_of = _identical(dcrlint, target, tmp)
        if args.quick and have_corpus:
            cold, warm = cpu_of[IDENTITY_RUNS[0]], cpu_of[IDENTITY_RUNS[3]]
            row("cold corpus scan --jobs 1 --no-cache (1 run)", f"{cold:.2f} s = {cold / floor:.2f}x floor "
                "(target <= 2.0, aim 1.5)")
            row("warm corpus scan --jobs 1 (1 run)", f"{warm:.2f} s = {warm / floor:.2f}x floor (target <= 0.5)")
        if differ:
            failed = True
            row(f"identical findings ({target})", "DIFFERENT: " + "; ".join(differ))
        else:
            row(f"identical findings ({target})", "yes (no cache/cache fill/replay/per-file cache, --jobs 1/2)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
