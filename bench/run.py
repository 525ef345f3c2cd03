"""Run every benchmark in bench/ (bench_*.py), each in its own process, and print their figures.

Each benchmark runs alone so its peak memory is its own. Not a test: nothing here passes or fails
on speed. Usage: python bench/run.py [NAME ...]   (names like "extract" select bench_extract.py)
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    wanted = set(argv)
    scripts = sorted(p for p in HERE.glob("bench_*.py") if not wanted or p.stem.removeprefix("bench_") in wanted)
    if not scripts:
        print(f"no benchmark matches {sorted(wanted)}", file=sys.stderr)
        return 1
    failed = 0
    for script in scripts:
        print(f"== {script.stem} ==", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        print(f"({script.name}: exit {code}, {time.perf_counter() - started:.1f} s)\n", flush=True)
        failed += code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
