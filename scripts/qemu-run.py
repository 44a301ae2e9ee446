#!/usr/bin/env python3
"""Boot the test kernel in a q35 guest with the device matrix and judge it.

The guest talks to the host through its console: a line "@@host add NAME"
or "@@host del NAME" makes this script hot-add or hot-remove the matrix's
hotplug device NAME over QMP, "@@done" ends the run.  The console goes to
--log (and to stdout with --echo).  The guest's TAP lines are collected
into --tap.  Exit status is the verdict: 0 only if the guest reached
"@@done", no test said "not ok" and the log has none of BAD_PATTERNS.
"""
import argparse
import json
import os
import re
import select
import socket
import subprocess
import sys
import tempfile
import time

BAD_PATTERNS = re.compile(
    r"WARNING:|BUG:|Oops|Kernel panic|duplicate filename|could not create|"
    r"UBSAN:|possible circular locking|unreferenced object")
TAP = re.compile(r"^(not )?ok \d+ ?-? ?(.*)$")
SKIP = re.compile(r"#\s*SKIP", re.IGNORECASE)


def read_matrix(path):
    boot, hotplug = [], {}
    with open(path) as f:
        for line in f:
            words = line.split()
            if not words or words[0].startswith("#"):
                continue
            if words[0] == "boot" and len(words) == 2:
                boot.append(words[1])
            elif words[0] == "hotplug" and len(words) == 3:
                hotplug[words[1]] = words[2]
            else:
                sys.exit(f"{path}: cannot parse: {line.strip()}")
    return boot, hotplug


class Qmp:
    def __init__(self, path):
        self.path, self.sock, self.buf = path, None, b""

    def _connect(self):
        for _ in range(100):
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(self.path)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"cannot connect to QMP at {self.path}")
        self._reply()  # greeting
        self.command("qmp_capabilities")

    def _reply(self):
        while True:
            while b"\n" not in self.buf:
                self.buf += self.sock.recv(65536)
            line, self.buf = self.buf.split(b"\n", 1)
            msg = json.loads(line)
            if "event" not in msg:
                return msg

    def command(self, name, **args):
        if self.sock is None:
            self._connect()
        self.sock.sendall(json.dumps({"execute": name, "arguments": args}).encode() + b"\n")
        reply = self._reply()
        if "error" in reply:
            raise RuntimeError(f"QMP {name}: {reply['error']}")
        return reply.get("return")

    def hmp(self, line):
        out = self.command("human-monitor-command", **{"command-line": line})
        if out.strip():
            raise RuntimeError(f"'{line}': {out.strip()}")


def add_when_gone(qmp, spec, name, wait=20):
    """device_add NAME; while the guest is still powering off the slot of an
    earlier NAME (pciehp waits 5 s after the button), QEMU still has that
    id: retry until the earlier device is gone."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return qmp.hmp(f"device_add {spec},id={name}")
        except RuntimeError as e:
            if "Duplicate" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--devices", required=True, help="the device matrix file")
    ap.add_argument("--append", default="", help="extra kernel command line")
    ap.add_argument("--log", required=True, help="console log file")
    ap.add_argument("--tap", help="write the guest's TAP lines here")
    ap.add_argument("--timeout", type=int, default=600, help="hard limit, seconds")
    ap.add_argument("--echo", action="store_true", help="show the console")
    ap.add_argument("--on", action="append", default=[], metavar="REGEX=ACTION",
                    help="when a console line matches REGEX, do ACTION (add NAME|del NAME)")
    opts = ap.parse_args()

    boot, hotplug = read_matrix(opts.devices)
    triggers = [(re.compile(t.split("=", 1)[0]), t.split("=", 1)[1]) for t in opts.on]
    tmp = tempfile.mkdtemp(prefix="qemu-run-")
    qmp_path = os.path.join(tmp, "qmp.sock")
    cmd = ["qemu-system-x86_64", "-machine", "q35", "-accel", "tcg", "-cpu", "max",
           "-smp", "2", "-m", "1G", "-display", "none", "-vga", "none", "-nic", "none",
           "-serial", "stdio", "-monitor", "none", "-no-reboot",
           "-qmp", f"unix:{qmp_path},server=on,wait=off",
           # Root ports use native PCIe hotplug (pciehp), not ACPI's.
           "-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off",
           "-kernel", opts.kernel, "-initrd", opts.initrd,
           "-append", f"console=ttyS0 panic=-1 kunit.enable=0 {opts.append}".strip()]
    for spec in boot:
        cmd += ["-device", spec]

    qmp = Qmp(qmp_path)
    tap, bad, done, problems = [], [], False, []
    start = time.monotonic()
    with open(opts.log, "w") as log:
        log.write("# " + " ".join(cmd) + "\n")
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        pending = b""
        while True:
            left = opts.timeout - (time.monotonic() - start)
            if left <= 0:
                problems.append(f"hard timeout after {opts.timeout} s")
                proc.kill()
                break
            ready, _, _ = select.select([proc.stdout], [], [], min(left, 1))
            if not ready:
                continue
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for raw in lines:
                line = raw.decode(errors="replace").rstrip("\r")
                log.write(line + "\n")
                log.flush()
                if opts.echo:
                    print(line, flush=True)
                if BAD_PATTERNS.search(line):
                    bad.append(line)
                if TAP.match(line):
                    tap.append(line)
                actions = [a for r, a in triggers if r.search(line)]
                m = re.match(r"^@@host (add|del) (\S+)", line)
                if m:
                    actions.append(f"{m[1]} {m[2]}")
                for action in actions:
                    verb, name = action.split()
                    try:
                        if name not in hotplug:
                            raise RuntimeError(f"no hotplug device {name} in {opts.devices}")
                        if verb == "add":
                            add_when_gone(qmp, hotplug[name], name)
                        else:
                            qmp.hmp(f"device_del {name}")
                        log.write(f"# host: {verb} {name} done\n")
                    except (RuntimeError, OSError) as e:
                        problems.append(f"{verb} {name}: {e}")
                if line.startswith("@@done"):
                    done = True
        proc.wait()

    if not done and not problems:
        problems.append("the guest never reached @@done")
    for line in bad:
        problems.append(f"bad line in the guest log: {line}")
    failed = sum(1 for t in tap if t.startswith("not ok"))
    skipped = sum(1 for t in tap if SKIP.search(t) and not t.startswith("not ok"))
    if opts.tap:
        with open(opts.tap, "w") as f:
            f.write("TAP version 13\n")
            f.write(f"1..{len(tap) + 1}\n")
            for i, t in enumerate(tap, 1):
                m = TAP.match(t)
                f.write(f"{'not ' if m[1] else ''}ok {i} - {m[2]}\n")
            f.write(f"{'not ' if problems else ''}ok {len(tap) + 1} - guest log clean and complete\n")
    for p in problems:
        print(f"qemu-run: {p}", file=sys.stderr)
    print(f"qemu-run: {len(tap) - failed - skipped} guest tests passed, {failed} failed, "
          f"{skipped} skipped, "
          f"{len(problems)} problems, {time.monotonic() - start:.0f} s; log: {opts.log}",
          file=sys.stderr)
    return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main())
