#!/usr/bin/env python3
"""Timing rows of make figures, base against series, with how sure we are.

Reads "KERNEL BOOT ROW VALUE" lines (KERNEL base or series, BOOT the boot's
number, VALUE one timed call in ns of the guest's clock) on stdin and
prints, for each row, the typical call of each kernel, the ratio
series/base, its 95% confidence interval and a verdict: "no measurable
difference" when the interval contains 1.0.  With --icount SHIFT the
guest ran under QEMU's -icount shift=SHIFT, its clock advancing 2**SHIFT
ns a guest instruction: a call is shown in thousands of instructions;
without, in microseconds of the host's time.

The unit of evidence is the boot, not the call: each boot gives one value
per row, and the interval comes from the spread of those values between
boots, the noise a base-against-series difference must stand out from.

 - a boot's value is the median of its calls.  On the instruction clock
   most calls of a row cost the same to a few instructions, and a few cost
   more, in steps (an interrupt, a work item, the first call of a round):
   the median is the plain call.  Where two costs are about as common
   (the hot-removes: 574 or 633 us on the base, 629 or 688 on the series,
   at 8 ns an instruction) it is either, and the spread between boots
   says so.  On the host's clock the median moved least between boots of
   the statistics tried (the lower decile, the lower quartile);
 - the ratio is that of the geometric means of the boots' values, and its
   interval a Welch t interval on their logarithms (unequal spreads, the
   Welch-Satterthwaite degrees of freedom, rounded down, conservative).
   With few boots that allows a few degrees of freedom: the interval is as
   wide as the boots disagree, which is the honest answer.

"""
import argparse
import math
import statistics
import sys
from collections import defaultdict

# Student's t, 97.5th percentile, by degrees of freedom (a table lookup:
# the largest listed df not above the one asked for).
T975 = [(1, 12.706), (2, 4.303), (3, 3.182), (4, 2.776), (5, 2.571),
        (6, 2.447), (7, 2.365), (8, 2.306), (9, 2.262), (10, 2.228),
        (12, 2.179), (15, 2.131), (20, 2.086), (30, 2.042), (60, 2.000),
        (120, 1.980)]


def t975(df):
    return [t for d, t in T975 if d <= df][-1]


def interval(base, series):
    """Ratio of geometric means series/base and its 95% Welch interval,
    from per-boot values; None for the interval with fewer than 2 boots
    of a kernel."""
    lb = [math.log(v) for v in base]
    ls = [math.log(v) for v in series]
    diff = statistics.mean(ls) - statistics.mean(lb)
    if len(lb) < 2 or len(ls) < 2:
        return math.exp(diff), None
    vb, vs = statistics.variance(lb) / len(lb), statistics.variance(ls) / len(ls)
    se = math.sqrt(vb + vs)
    if se == 0:
        return math.exp(diff), (math.exp(diff), math.exp(diff))
    df = (vb + vs) ** 2 / (vb ** 2 / (len(lb) - 1) + vs ** 2 / (len(ls) - 1))
    half = t975(df) * se
    return math.exp(diff), (math.exp(diff - half), math.exp(diff + half))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--icount", type=int, metavar="SHIFT",
                    help="the values are of QEMU's -icount shift=SHIFT clock: show instructions")
    opts = ap.parse_args()
    if opts.icount is None:
        unit, per = "us", 1000
    else:
        unit, per = "k insn", 1000 << opts.icount
    samples = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    order = []
    for line in sys.stdin:
        f = line.split()
        if len(f) != 4:
            continue
        kernel, boot, row, value = f
        if row not in order:
            order.append(row)
        samples[row][kernel][boot].append(int(value))
    print(f"{'timing (in the kernel)':<22} {'boots':>5} {'calls':>11} {'median: base ' + unit:>19}"
          f" {'series ' + unit:>13} {'ratio':>6} {'95% interval':>13}  verdict")
    for row in order:
        k = samples[row]
        if not k['base'] or not k['series']:
            print(f"{row:<22} missing in {'base' if not k['base'] else 'series'}")
            continue
        b = [statistics.median(calls) for calls in k['base'].values()]
        s = [statistics.median(calls) for calls in k['series'].values()]
        ratio, ci = interval(b, s)
        calls = sum(map(len, k['base'].values())), sum(map(len, k['series'].values()))
        if ci is None:
            shown, verdict = f"{'-':>13}", "no interval: FIG_BOOTS=2 or more"
        else:
            lo, hi = ci
            shown = f"{lo:6.2f}-{hi:<6.2f}"
            if lo <= 1.0 <= hi:
                verdict = "no measurable difference"
            else:
                verdict = "series slower" if lo > 1.0 else "series faster"
            if hi / lo > 1.1 / 0.9:
                verdict += "; interval wider than +/-10%"
        boots = f"{len(b)}/{len(s)}"
        calls = f"{calls[0]}/{calls[1]}"
        print(f"{row:<22} {boots:>5} {calls:>11} {statistics.geometric_mean(b) / per:19.1f}"
              f" {statistics.geometric_mean(s) / per:13.1f} {ratio:6.2f} {shown}  {verdict}")


if __name__ == "__main__":
    main()
