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

 - a boot's value is the lower decile (p10) of its calls when every boot
   has at least P10_CALLS (50) calls of the row, the median otherwise.
   Under TCG the calls of a row are bimodal: most take what the code
   costs, some take 5 to 20 times that, when a timer, a host thread or
   another vCPU gets in the way (a rescan that finds nothing: 4.5-7 ms, or
   40-90 ms).  How many land in the slow mode changes from boot to boot,
   and a median near the border of the two modes swings with it; the lower
   decile stays in the fast mode, the cost of the code.  But of a dozen
   calls the lower decile is the fastest one, which swings more than the
   median (ten hot-removes in one boot: 585-2380 us, the fastest from 581
   to 797 us over eight boots, the median from 792 to 871 us);
 - the ratio is that of the geometric means of the boots' values, and its
   interval a Welch t interval on their logarithms (unequal spreads, the
   Welch-Satterthwaite degrees of freedom, rounded down, conservative).
   With 3 boots of each kernel that allows a few degrees of freedom: the
   interval is as wide as the boots disagree, which is the honest answer.

The median of all calls is printed beside, as the ratio of the two
kernels' medians, without an interval.
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


P10_CALLS = 50


def quantile(values, q):
    """The q quantile of values (the nearest rank below)."""
    values = sorted(values)
    return values[int(q * (len(values) - 1))]


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
    print(f"{'timing (in the kernel)':<22} {'boots':>5} {'calls':>11} {'a boot':>6} {'base us':>9}"
          f" {'series us':>9} {'ratio':>6} {'95% interval':>13} {'median ratio':>12}  verdict")
    for row in order:
        k = samples[row]
        if not k['base'] or not k['series']:
            print(f"{row:<22} missing in {'base' if not k['base'] else 'series'}")
            continue
        fewest = min(len(calls) for kernel in k.values() for calls in kernel.values())
        name, q = ("p10", 0.1) if fewest >= P10_CALLS else ("median", 0.5)
        b = [quantile(calls, q) for calls in k['base'].values()]
        s = [quantile(calls, q) for calls in k['series'].values()]
        ratio, ci = interval(b, s)
        all_b = [v for calls in k['base'].values() for v in calls]
        all_s = [v for calls in k['series'].values() for v in calls]
        median_ratio = statistics.median(all_s) / statistics.median(all_b)
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
        calls = f"{len(all_b)}/{len(all_s)}"
        print(f"{row:<22} {boots:>5} {calls:>11} {name:>6} {statistics.geometric_mean(b) / 1000:9.1f}"
              f" {statistics.geometric_mean(s) / 1000:9.1f} {ratio:6.2f} {shown}"
              f" {median_ratio:12.2f}  {verdict}")


if __name__ == "__main__":
    main()
