#!/usr/bin/python3
"""Times numpy scoring 1,000,000 firms × 12 indicators with the model of
testdata/rating12-model.json (8 linear, 2 step, 1 piecewise, 1 categorical
indicator, the default SME master scale), on the input of the Go benchmark
BenchmarkPeerRating (written by `go run ./peerdata`).

    /usr/bin/python3 python/rating_peer.py [-dir /tmp/smecredit-peers] [-count 5]

The model is compiled once (thresholds, 100/(best−worst), lookup tables);
the timed part takes the 1e6×12 matrix, row-major ("numpy", as
rating.Model.ScoreAllTo reads rows) and column-major ("numpy-columns", as
ScoreColumnsTo reads columns), and returns the score, grade position and
PD of every firm:

  linear       clip((x − worst)·inv, 0, 100)
  step         scores[searchsorted(cuts, x, "right")]
  piecewise    np.interp(x, xs, ys)
  categorical  table[code]
  total        clip(Σ w_i·s_i, 0, 100) (weights applied in model order)
  grade        first grade whose minScore ≤ total (searchsorted)

Each timing line has the form of a Go benchmark line,
"BenchmarkPeerRating/numpy/1000000x12  1  12345678 ns/op  12000000 cpu-ns/op"
(wall and process CPU time). A checksum of
the scores is printed on stderr.
"""
import argparse
import json
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def compile_model(spec):
    ind = []
    for i, s in enumerate(spec["indicators"]):
        sc, w = s["scoring"], s["weight"]
        k = sc["kind"]
        if k == "linear":
            worst, best = sc.get("worst", 0.0), sc.get("best", 0.0)
            ind.append(("linear", i, w, (worst, 100.0 / (best - worst))))
        elif k == "step":
            ind.append(("step", i, w, (np.array(sc["cuts"]), np.array(sc["scores"]))))
        elif k == "piecewise":
            pts = sc["points"]
            ind.append(("piecewise", i, w, (np.array([p.get("x", 0.0) for p in pts]), np.array([p.get("score", 0.0) for p in pts]))))
        else:
            cats = sc["categories"]
            table = np.full(max(c.get("code", 0) for c in cats) + 1, np.nan)
            for c in cats:
                table[c.get("code", 0)] = c.get("score", 0.0)
            ind.append(("categorical", i, w, table))
    grades = [g for g in spec["scale"]["grades"] if not g.get("default")]
    # minScore decreases from grade 1; searchsorted needs ascending order.
    mins = np.array([g.get("minScore", 0.0) for g in grades])[::-1].copy()
    pds = np.array([g["pd"] for g in grades])
    return ind, mins, pds


def score(model, x):
    ind, mins, pds = model
    total = np.zeros(x.shape[0])
    for kind, i, w, par in ind:
        c = x[:, i]
        if kind == "linear":
            s = np.clip((c - par[0]) * par[1], 0, 100)
        elif kind == "step":
            s = par[1][np.searchsorted(par[0], c, side="right")]
        elif kind == "piecewise":
            s = np.interp(c, par[0], par[1])
        else:
            s = par[c.astype(np.intp)]
        total += w * s
    np.clip(total, 0, 100, out=total)
    g = len(mins) - np.searchsorted(mins, total, side="right") + 1  # grade position, 1 = best
    return total, g, pds[g - 1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-dir", default="/tmp/smecredit-peers")
    ap.add_argument("-count", type=int, default=5)
    a = ap.parse_args()
    with open(os.path.join(HERE, "..", "testdata", "rating12-model.json")) as f:
        model = compile_model(json.load(f))
    n = 1_000_000
    x = np.fromfile(os.path.join(a.dir, f"rating-x-{n}x12.f64"), dtype="<f8").reshape(n, 12)
    xf = np.asfortranarray(x)  # column by column, as ScoreColumnsTo reads
    for _ in range(a.count):
        for name, data in (("numpy", x), ("numpy-columns", xf)):
            t, c = time.perf_counter(), time.process_time()
            total, g, pd = score(model, data)
            t, c = time.perf_counter() - t, time.process_time() - c
            print(f"BenchmarkPeerRating/{name}/{n}x12 \t1\t{t*1e9:.0f} ns/op\t{c*1e9:.0f} cpu-ns/op", flush=True)
    print(f"# sum of scores {total.sum():.6f}, grade counts {np.bincount(g).tolist()}", file=sys.stderr)


if __name__ == "__main__":
    main()
