#!/usr/bin/env python3
"""Timing rows of make figures, base against series, with how sure we are.

Reads "KERNEL BOOT ROW VALUE" lines (KERNEL base or series, BOOT the boot's
number, VALUE one timed call in ns) on stdin and prints, for each row, the
median of each kernel in microseconds, the ratio series/base of the
medians, its 95% confidence interval and a verdict: "no measurable
difference" when the interval contains 1.0.

The interval is a two-level bootstrap: each replicate draws, for each
kernel, its boots with replacement and then each drawn boot's calls with
replacement, and takes the ratio of the medians.  Boots differ more from
each other on this machine than calls within a boot do; drawing boots
keeps that in the interval.  A fixed seed: the same input gives the same
table.
"""
import random
import statistics
import sys
from collections import defaultdict

REPLICATES = 2000


def median_of_draw(rng, boots):
    values = []
    for boot in rng.choices(boots, k=len(boots)):
        values.extend(rng.choices(boot, k=len(boot)))
    return statistics.median(values)


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
    print(f"{'timing (in the kernel)':<26} {'calls':>11} {'base us':>9} {'series us':>9}"
          f" {'ratio':>6} {'95% interval':>13}  verdict")
    for row in order:
        k = samples[row]
        if not k['base'] or not k['series']:
            print(f"{row:<26} missing in {'base' if not k['base'] else 'series'}")
            continue
        b = list(k['base'].values())
        s = list(k['series'].values())
        mb = statistics.median([v for boot in b for v in boot])
        ms = statistics.median([v for boot in s for v in boot])
        ratios = sorted(median_of_draw(rng, s) / median_of_draw(rng, b)
                        for _ in range(REPLICATES))
        lo, hi = ratios[int(0.025 * REPLICATES)], ratios[int(0.975 * REPLICATES) - 1]
        if lo <= 1.0 <= hi:
            verdict = "no measurable difference"
        else:
            verdict = "series slower" if lo > 1.0 else "series faster"
        if hi / lo > 1.2:
            verdict += "; interval wider than +/-10%"
        calls = f"{sum(map(len, b))}/{sum(map(len, s))}"
        print(f"{row:<26} {calls:>11} {mb / 1000:9.1f} {ms / 1000:9.1f} {ms / mb:6.2f}"
              f" {lo:6.2f}-{hi:<6.2f}  {verdict}")


if __name__ == "__main__":
    main()
