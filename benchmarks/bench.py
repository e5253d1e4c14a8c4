"""dcrlint benchmarks: start-up, one-file scan, corpus throughput vs. plain YAML parsing, memory.

    python benchmarks/bench.py [--corpus ../shared/corpus] [--scale 10] [--repeat 7]

Figures go to stdout as a small table; nothing here is a test (timings are not asserted).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ONE_FILE = """#!/bin/sh
set -eu
printf '%s' "$DCR_PASSWORD" | docker login dcr.example.com -u ci --password-stdin
docker push dcr.example.com/team/app:1.0
"""


# Installed packages carry compiled bytecode; a source checkout must be allowed to write it.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _time(cmd: list[str], repeat: int, cwd: str | None = None) -> float:
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def _yaml_parse_time(root: Path) -> tuple[float, int]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    files = [p for p in root.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file()]
    start = time.perf_counter()
    for p in files:
        with contextlib.suppress(yaml.YAMLError):
            list(yaml.compose_all(p.read_text("utf-8", "replace"), Loader=loader))
    return time.perf_counter() - start, len(files)


def _peak_rss_mb(cmd: list[str]) -> float:
    """Peak RSS of the largest process of the run (main or a worker), in MB."""
    code = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, check=True, env=ENV)
    return int(out.stdout.strip()) / 1024


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    ap.add_argument("--scale", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    dcrlint = [sys.executable, "-m", "dcrlint"]
    corpus = Path(args.corpus)
    rows: list[tuple[str, str]] = []

    rows.append(("python -c pass", f"{_time([sys.executable, '-c', 'pass'], args.repeat) * 1000:.0f} ms"))
    rows.append(("dcrlint --version", f"{_time([*dcrlint, '--version'], args.repeat) * 1000:.0f} ms"))
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "deploy.sh").write_text(ONE_FILE)
        t = _time([*dcrlint, "--no-git", "deploy.sh"], args.repeat, cwd=tmp)
        rows.append(("one-file scan (pre-commit style)", f"{t * 1000:.0f} ms"))

    if corpus.is_dir():
        n_files = sum(1 for p in corpus.rglob("*") if p.is_file())
        for jobs in (1, os.cpu_count() or 1):
            t = _time([*dcrlint, "--no-git", "--jobs", str(jobs), "--format", "json", "-o", os.devnull,
                       "--fail-on", "never", str(corpus)], 3)
            rows.append((f"corpus, --jobs {jobs}", f"{t:.2f} s, {n_files / t:.0f} files/s ({n_files} files)"))
            if jobs == 1:
                single = t
        yaml_t, n_yaml = _yaml_parse_time(corpus)
        rows.append((f"PyYAML C compose of {n_yaml} YAML files", f"{yaml_t:.2f} s"))
        rows.append(("ratio dcrlint (--jobs 1) / YAML parse", f"{single / yaml_t:.2f}"))
        script = corpus / "make-scale-corpus.sh"
        if args.scale and script.exists():
            with tempfile.TemporaryDirectory() as tmp:
                subprocess.run(["bash", str(script), tmp, str(args.scale), "--link"], check=True,
                               stdout=subprocess.DEVNULL)
                cmd = [*dcrlint, "--no-git", "--format", "json", "-o", os.devnull, "--fail-on", "never", tmp]
                start = time.perf_counter()
                rss = _peak_rss_mb(cmd)
                took = time.perf_counter() - start
                rows.append((f"corpus x{args.scale}: peak RSS of largest process", f"{rss:.0f} MB ({took:.1f} s)"))
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
