#!/usr/bin/env python3
"""Timing rows of make figures, base against series, with how sure we are.

Reads "KERNEL BOOT ROW VALUE" lines (KERNEL base or series, BOOT the boot's
number, VALUE one timed call in ns) on stdin and prints, for each row, the
lower decile (p10) of each kernel's calls in microseconds, the ratio
series/base of the p10s, its 95% confidence interval and a verdict: "no
measurable difference" when the interval contains 1.0.  The median of
each kernel is printed too, for reference.

Why p10 and not the median: under TCG the calls of one row are bimodal.
Most take what the code costs; some take 5 to 20 times that, when a
timer, a host thread or another vCPU gets in the way (a rescan that
finds nothing: 4.5-7 ms, or 40-90 ms).  How many calls land in the slow
mode changes from boot to boot, and the median, which sits near the
border of the two modes, swings with it; the lower decile stays in the
fast mode, which is the cost of the code.  The ratio of the medians is
printed beside it, without an interval: where the two disagree, the slow
mode differs between the runs, not the code.

The interval is a two-level bootstrap: each replicate draws, for each
kernel, its boots with replacement and then each drawn boot's calls with
replacement, and takes the ratio of the p10s.  Boots differ from each
other on this machine; drawing boots keeps that in the interval.  A fixed
seed: the same input gives the same table.
"""
import random
import statistics
import sys
from collections import defaultdict

REPLICATES = 2000


QUANTILE = 0.1


def low(values):
    """The lower decile of values (the nearest rank below)."""
    values = sorted(values)
    return values[int(QUANTILE * (len(values) - 1))]


def low_of_draw(rng, boots):
    values = []
    for boot in rng.choices(boots, k=len(boots)):
        values.extend(rng.choices(boot, k=len(boot)))
    return low(values)


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
    rng = random.Random(1)
    print(f"{'timing (in the kernel)':<22} {'calls':>11} {'p10: base us':>12} {'series us':>9}"
          f" {'ratio':>6} {'95% interval':>13} {'median ratio':>12}  verdict")
    for row in order:
        k = samples[row]
        if not k['base'] or not k['series']:
            print(f"{row:<22} missing in {'base' if not k['base'] else 'series'}")
            continue
        b = list(k['base'].values())
        s = list(k['series'].values())
        all_b = [v for boot in b for v in boot]
        all_s = [v for boot in s for v in boot]
        lb, ls = low(all_b), low(all_s)
        median_ratio = statistics.median(all_s) / statistics.median(all_b)
        ratios = sorted(low_of_draw(rng, s) / low_of_draw(rng, b)
                        for _ in range(REPLICATES))
        lo, hi = ratios[int(0.025 * REPLICATES)], ratios[int(0.975 * REPLICATES) - 1]
        if lo <= 1.0 <= hi:
            verdict = "no measurable difference"
        else:
            verdict = "series slower" if lo > 1.0 else "series faster"
        if hi / lo > 1.2:
            verdict += "; interval wider than +/-10%"
        calls = f"{sum(map(len, b))}/{sum(map(len, s))}"
        print(f"{row:<22} {calls:>11} {lb / 1000:12.1f} {ls / 1000:9.1f} {ls / lb:6.2f}"
              f" {lo:6.2f}-{hi:<6.2f} {median_ratio:12.2f}  {verdict}")


if __name__ == "__main__":
    main()
