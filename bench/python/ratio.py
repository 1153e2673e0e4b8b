#!/usr/bin/python3
"""Reads Go benchmark output and the peer scripts' output (one log, in any
order) and prints, per benchmark and size, the median ns/op of each engine
and its ratio to smecredit (peer time / smecredit time; > 1 means
smecredit is faster).

    /usr/bin/python3 python/ratio.py [-metric cpu-ns/op] LOG...

Lines are "BenchmarkFamily/engine/size[-cpu]  N  T ns/op [C cpu-ns/op] ...".
The default metric is ns/op (wall time); cpu-ns/op (process CPU time) is
steadier on a shared machine.
"""
import re
import statistics
import sys
from collections import defaultdict

LINE = re.compile(r"^(Benchmark\w+)/([\w.-]+?)/([\w.=]+?)(?:-\d+)?\s+\d+\s+(.*)$")


def main():
    args = sys.argv[1:]
    metric = "ns/op"
    if len(args) >= 2 and args[0] == "-metric":
        metric, args = args[1], args[2:]
    runs = defaultdict(lambda: defaultdict(list))
    for path in args:
        with open(path) as f:
            for line in f:
                m = LINE.match(line)
                if not m:
                    continue
                fam, eng, size, rest = m.groups()
                fields = rest.split()
                for v, unit in zip(fields[::2], fields[1::2]):
                    if unit == metric:
                        runs[(fam, size)][eng].append(float(v))
    print(f"metric {metric}: median per engine; ratio = engine / smecredit")
    for (fam, size), engines in sorted(runs.items()):
        base = engines.get("smecredit")
        b = statistics.median(base) if base else None
        print(f"{fam} {size}")
        for eng, v in sorted(engines.items()):
            med = statistics.median(v)
            ratio = f"  ratio {med / b:.2f}x" if b and eng != "smecredit" else ""
            print(f"  {eng:12s} median {med / 1e6:10.2f} ms  (n={len(v)}, min {min(v) / 1e6:.2f}, max {max(v) / 1e6:.2f}){ratio}")


if __name__ == "__main__":
    main()
