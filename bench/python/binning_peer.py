#!/usr/bin/python3
"""Times numpy doing the quantile binning of BenchmarkPeerBinning: 10
quantile bins of 300,000 rows, event and non-event counts per bin, WoE and
IV, on the input written by `go run ./peerdata` (bench.BinningData).

    /usr/bin/python3 python/binning_peer.py [-dir /tmp/smecredit-peers] [-count 5]
        [-check testdata/numpy-binning.json]

The timed part is what a numpy user writes for the table:

  cuts     np.quantile(x, [0.1, ..., 0.9], method="inverted_cdf"), duplicates
           dropped (np.unique): cut j is the sorted value of rank
           ceil(j*n/10) - 1, the library's Quantile cut with RightClosed
           bins (c_{j-1}, c_j]
  bins     np.searchsorted(cuts, x, side="left"): the number of cuts below x
  counts   np.bincount(bins, minlength=k) of all rows and of the events
           (weights=y); non-events = rows - events
  WoE      ln(%good / %bad), %good = non-events / total non-events
  IV       sum((%good - %bad) * WoE)

Each timing line has the form of a Go benchmark line,
"BenchmarkPeerBinning/numpy/300000  1  12345678 ns/op  12000000 cpu-ns/op"
(wall and process CPU time). With -check, the cuts, counts, WoE and IV are
written as JSON for the Go test TestBinningNumpy.
"""
import argparse
import json
import os
import sys
import time

import numpy as np

N = 300_000
BINS = 10


def binning(x, y):
    cuts = np.unique(np.quantile(x, np.arange(1, BINS) / BINS, method="inverted_cdf"))
    cuts = cuts[cuts < x.max()]  # a cut at the maximum would leave the last bin empty
    b = np.searchsorted(cuts, x, side="left")
    k = len(cuts) + 1
    rows = np.bincount(b, minlength=k)
    events = np.bincount(b, weights=y, minlength=k)
    nonevents = rows - events
    pg = nonevents / nonevents.sum()
    pb = events / events.sum()
    woe = np.log(pg / pb)
    iv = np.sum((pg - pb) * woe)
    return cuts, events, nonevents, woe, iv


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-dir", default="/tmp/smecredit-peers")
    ap.add_argument("-count", type=int, default=5)
    ap.add_argument("-check", default="")
    a = ap.parse_args()
    x = np.fromfile(os.path.join(a.dir, f"binning-x-{N}.f64"), dtype="<f8")
    y = np.fromfile(os.path.join(a.dir, f"binning-y-{N}.f64"), dtype="<f8")
    for _ in range(a.count):
        t, c = time.perf_counter(), time.process_time()
        cuts, events, nonevents, woe, iv = binning(x, y)
        t, c = time.perf_counter() - t, time.process_time() - c
        print(f"BenchmarkPeerBinning/numpy/{N} \t1\t{t*1e9:.0f} ns/op\t{c*1e9:.0f} cpu-ns/op", flush=True)
    print(f"# cuts {cuts.tolist()}, IV {iv:.6f}", file=sys.stderr)
    if a.check:
        # A second route to the cuts, by full sort, guards the quantile method.
        s = np.sort(x)
        ranks = [-(-j * N // BINS) - 1 for j in range(1, BINS)]
        if not np.array_equal(np.unique(s[ranks]), cuts):
            sys.exit("np.quantile(inverted_cdf) differs from the sorted values at ranks ceil(j*n/10)-1")
        doc = {
            "source": "numpy %s: python/binning_peer.py on bench.BinningData(300000, 3)" % np.__version__,
            "n": N,
            "cuts": cuts.tolist(),
            "events": events.tolist(),
            "nonEvents": nonevents.tolist(),
            "woe": woe.tolist(),
            "iv": float(iv),
        }
        with open(a.check, "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
