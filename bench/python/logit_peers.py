#!/usr/bin/python3
"""Times scikit-learn and statsmodels logistic regression on the inputs of
the Go benchmark BenchmarkPeerLogit (written by `go run ./peerdata`).

    /usr/bin/python3 python/logit_peers.py [-dir /tmp/smecredit-peers] [-count 1]
        [-rows 100000,1000000] [-coef testdata/statsmodels-logit.json]

Peers (Debian python3-sklearn, python3-statsmodels):
  * sklearn: LogisticRegression(penalty=None, solver="lbfgs", max_iter=1000)
    with its default tolerance (fit_intercept=True);
  * statsmodels: sm.Logit(y, add_constant(x)).fit(method="newton", disp=0),
    its defaults (tol 1e-8).

Each timing line has the form of a Go benchmark line,

    BenchmarkPeerLogit/sklearn/100000x20  1  123456789 ns/op  123000000 cpu-ns/op

(wall time and process CPU time), so that python/ratio.py reads both sides
from one log. The time covers the fit only (data loaded before). Run with
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 for one core, as the Go side. With -coef, the statsmodels coefficients
(intercept first) are written as JSON for the Go test TestLogitStatsmodels,
and the largest difference from sklearn's is printed on stderr.
"""
import argparse
import json
import os
import sys
import time
import warnings

import numpy as np
import sklearn
import statsmodels.api as sm
from sklearn.linear_model import LogisticRegression


def load(d, n, p=20):
    x = np.fromfile(os.path.join(d, f"logit-x-{n}x{p}.f64"), dtype="<f8").reshape(n, p)
    y = np.fromfile(os.path.join(d, f"logit-y-{n}.f64"), dtype="<f8")
    return x, y


def sk_fit(x, y):
    # penalty=None since scikit-learn 1.2; "none" before.
    pen = None if tuple(int(v) for v in sklearn.__version__.split(".")[:2]) >= (1, 2) else "none"
    m = LogisticRegression(penalty=pen, solver="lbfgs", max_iter=1000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m.fit(x, y)
    return np.concatenate([m.intercept_, m.coef_[0]])


def sm_fit(xc, y):
    return sm.Logit(y, xc).fit(method="newton", disp=0).params


def timed(f, *a):
    t, c = time.perf_counter(), time.process_time()
    r = f(*a)
    return (time.perf_counter() - t, time.process_time() - c), r


def line(engine, n, t):
    print(f"BenchmarkPeerLogit/{engine}/{n}x20 \t1\t{t[0]*1e9:.0f} ns/op\t{t[1]*1e9:.0f} cpu-ns/op", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-dir", default="/tmp/smecredit-peers")
    ap.add_argument("-count", type=int, default=1)
    ap.add_argument("-rows", default="100000,1000000")
    ap.add_argument("-coef", default="")
    a = ap.parse_args()
    coefs = {}
    for n in [int(v) for v in a.rows.split(",")]:
        x, y = load(a.dir, n)
        xc = sm.add_constant(x)  # statsmodels wants the column of ones; not timed
        for _ in range(a.count):
            t, b_sk = timed(sk_fit, x, y)
            line("sklearn", n, t)
            t, b_sm = timed(sm_fit, xc, y)
            line("statsmodels", n, t)
        print(f"# {n}x20: max |sklearn - statsmodels| = {np.max(np.abs(b_sk - b_sm)):.3g}", file=sys.stderr)
        coefs[str(n)] = [float(v) for v in b_sm]
    if a.coef:
        doc = {
            "source": "statsmodels %s Logit(y, add_constant(x)).fit(method='newton') on bench.LogitData(n, 20, 1)" % sm.__version__,
            "coef": coefs,
        }
        with open(a.coef, "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
