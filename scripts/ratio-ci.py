#!/usr/bin/env python3
"""Timing rows of make figures, base against series, with how sure we are.

Reads "KERNEL BOOT ROW VALUE" lines (KERNEL base or series, BOOT the boot's
number, VALUE one timed call in ns) on stdin and prints, for each row, the
typical call of each kernel in microseconds, the ratio series/base, its 95%
confidence interval and a verdict: "no measurable difference" when the
interval contains 1.0.

The unit of evidence is the boot, not the call.  Calls within one boot
agree closely, but boots of the same kernel differ from each other here by
several percent (where the kernel and its data land in memory, what the
host does meanwhile), and that is the noise a base-against-series
difference must stand out from.  So each boot gives one value per row, and
the interval comes from the spread of those values between boots:

 - a boot's value is the median of its calls.  Under TCG a row's calls
   spread widely within a boot, and not around one cost: the 32 adds of
   one round of a rescan all take about 50 us or all about 100 us (on the
   base), and the rescans that find nothing drift between 5 and 16 ms, in
   phases.  The lower decile, tried first, sits in whichever fast phase a
   boot happened to have: with 15 rounds a boot it jumped between the two
   modes from boot to boot (the adds' lower decile: 51 to 103 us on the
   base), and of a dozen hot-plug calls it is the fastest one.  On the two
   runs kept (12 boots of 15 rounds, 8 boots of 60 rounds), the median
   moved least between boots (the standard deviations of the log of the
   boots' values, base's plus series') on 11 of the 12 rows and runs
   (not the hot-adds of the second, where the lower quartile moved less),
   and is the one rule for every row;
 - the ratio is that of the geometric means of the boots' values, and its
   interval a Welch t interval on their logarithms (unequal spreads, the
   Welch-Satterthwaite degrees of freedom, rounded down, conservative).
   With 3 boots of each kernel that allows a few degrees of freedom: the
   interval is as wide as the boots disagree, which is the honest answer.

"""
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
    print(f"{'timing (in the kernel)':<22} {'boots':>5} {'calls':>11} {'median: base us':>15}"
          f" {'series us':>9} {'ratio':>6} {'95% interval':>13}  verdict")
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
        print(f"{row:<22} {boots:>5} {calls:>11} {statistics.geometric_mean(b) / 1000:15.1f}"
              f" {statistics.geometric_mean(s) / 1000:9.1f} {ratio:6.2f} {shown}  {verdict}")


if __name__ == "__main__":
    main()
