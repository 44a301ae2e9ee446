#!/usr/bin/env python3
"""Boot the test kernel in a q35 guest with the device matrix and judge it.

The kernel's console is the guest's first serial port; the guest's
programs write to the second (guest/init), so that a kernel message never
cuts into a result.  On that port, a line "@@host add NAME" or "@@host del
NAME" makes this script hot-add or hot-remove the matrix's hotplug device
NAME over QMP, results come in blocks with their own plans (class Blocks),
"@@done" ends the run.  Both go, whole lines, to --log (and to stdout with
--echo); the results to --tap.  Exit status is the verdict: 0 only if the
guest reached "@@done", no test said "not ok", every block matched its
plan and the console has none of BAD_PATTERNS.  The run ends within
--timeout whatever QEMU does; QEMU is killed on every way out.
"""
import argparse
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

BAD_PATTERNS = re.compile(
    r"WARNING:|BUG:|Oops|Kernel panic|duplicate filename|could not create|"
    r"UBSAN:|possible circular locking|unreferenced object")
TAP = re.compile(r"^(not )?ok (\d+) ?-? ?(.*)$")
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


class QmpTimeout(RuntimeError):
    pass


class Qmp:
    """A QMP client whose every wait ends by a deadline: a reply that does
    not come, or QEMU gone (the socket closed), raises RuntimeError.
    Events are kept, so that a hot-remove is waited for on DEVICE_DELETED."""

    def __init__(self, path, deadline):
        self.path, self.deadline = path, deadline
        self.sock, self.buf, self.events = None, b"", []

    def _left(self):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise QmpTimeout("QMP: out of time")
        return left

    def _connect(self):
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(self.path)
                break
            except OSError:
                self.sock.close()
                if self._left() < 0.1:
                    raise RuntimeError(f"cannot connect to QMP at {self.path}")
                time.sleep(0.1)
        self._message()  # greeting
        self.command("qmp_capabilities")

    def _message(self):
        """The next message from QEMU, an event or a reply."""
        while b"\n" not in self.buf:
            self.sock.settimeout(self._left())
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                raise QmpTimeout("QMP: no answer from QEMU") from None
            if not chunk:
                raise RuntimeError("QMP: QEMU closed the connection (it exited)")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def _reply(self):
        while True:
            msg = self._message()
            if "event" in msg:
                self.events.append(msg)
            else:
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

    def wait_deleted(self, name, wait):
        """Wait until QEMU reports DEVICE_DELETED for device id NAME."""
        until = min(self.deadline, time.monotonic() + wait)
        while True:
            for i, ev in enumerate(self.events):
                if ev["event"] == "DEVICE_DELETED" and ev.get("data", {}).get("device") == name:
                    del self.events[i]
                    return
            if time.monotonic() >= until:
                raise RuntimeError(f"no DEVICE_DELETED for {name} after {wait} s")
            saved, self.deadline = self.deadline, until
            try:
                msg = self._message()
            except QmpTimeout:
                continue
            finally:
                self.deadline = saved
            if "event" in msg:
                self.events.append(msg)


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
                    help="when a line matches REGEX, do ACTION (add NAME|del NAME|nmi), "
                         "after the guest's own request on that line")
    ap.add_argument("--drop", metavar="REGEX",
                    help="debug: lose the guest's result lines that match (scripts/harness-test.sh)")
    opts = ap.parse_args()

    boot, hotplug = read_matrix(opts.devices)
    # Killed from outside: still kill QEMU and clean up (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("qemu-run: terminated"))
    triggers = [(re.compile(t.split("=", 1)[0]), t.split("=", 1)[1]) for t in opts.on]
    deadline = time.monotonic() + opts.timeout
    tap, bad, done, problems = [], [], False, []
    deleting = set()    # device ids removed, whose DEVICE_DELETED is awaited
    start = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="qemu-run-")
    qmp = Qmp(os.path.join(tmp, "qmp.sock"), deadline)
    results_path = os.path.join(tmp, "results.sock")
    cmd = ["qemu-system-x86_64", "-machine", "q35", "-accel", "tcg", "-cpu", "max",
           "-smp", "2", "-m", "1G", "-display", "none", "-vga", "none", "-nic", "none",
           # ttyS0, the kernel's console; ttyS1, the guest's results and
           # requests (guest/init), which kernel messages never cut into.
           "-serial", "stdio",
           "-chardev", f"socket,id=results,path={results_path},server=on,wait=on",
           "-serial", "chardev:results", "-monitor", "none", "-no-reboot",
           "-qmp", f"unix:{qmp.path},server=on,wait=off",
           # Root ports use native PCIe hotplug (pciehp), not ACPI's.
           "-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off",
           "-kernel", opts.kernel, "-initrd", opts.initrd,
           "-append", f"console=ttyS0 panic=-1 kunit.enable=0 {opts.append}".strip()]
    for spec in boot:
        cmd += ["-device", spec]

    def act(verb, name):
        if verb == "nmi":
            # With unknown_nmi_panic on the command line, a guest panic.
            qmp.command("inject-nmi")
            return
        if name not in hotplug:
            raise RuntimeError(f"no hotplug device {name} in {opts.devices}")
        if verb == "add":
            # pciehp powers a slot off 5 s after the button: QEMU keeps the
            # id of an earlier NAME until then.
            if name in deleting:
                qmp.wait_deleted(name, 30)
                deleting.discard(name)
            qmp.hmp(f"device_add {hotplug[name]},id={name}")
        else:
            qmp.hmp(f"device_del {name}")
            deleting.add(name)

    class Blocks:
        """The guest's results come in blocks: "@@begin NAME", TAP lines,
        one plan "1..N" (first or last), "@@end".  A block whose results do
        not match its plan (a line lost, a program ended early), a result
        outside a block, or a block left open fails the run."""

        def __init__(self):
            self.name, self.results, self.plan, self.checked = None, [], None, []

        def line(self, line):
            m = re.match(r"^@@begin (\S+)", line)
            if m:
                if self.name is not None:
                    self.close(f"not ended before @@begin {m[1]}")
                self.name, self.results, self.plan = m[1], [], None
                return
            if line.startswith("@@end"):
                if self.name is None:
                    problems.append("@@end outside a block")
                    return
                n = len(self.results)
                numbers = [int(TAP.match(t)[2]) for t in self.results]
                if self.plan is None:
                    self.close(f"no plan after {n} results (the program ended early?)")
                elif self.plan != n or numbers != list(range(1, n + 1)):
                    self.close(f"plan 1..{self.plan}, {n} results numbered {numbers}")
                else:
                    self.close(None)
                return
            m = re.match(r"^1\.\.(\d+)", line)
            if m and self.name is not None:
                if self.plan is not None:
                    self.close("two plans")
                    return
                self.plan = int(m[1])
            elif TAP.match(line):
                if self.name is None:
                    problems.append(f"a result outside a block: {line}")
                    tap.append(line)
                else:
                    self.results.append(line)

        def close(self, problem):
            tap.extend(self.results)
            what = f"{self.name}: {len(self.results)} results"
            if problem:
                problems.append(f"block {what}: {problem}")
                self.checked.append(f"not ok - {what}: {problem}")
            else:
                self.checked.append(f"ok - {what}, as planned")
            self.name, self.results, self.plan = None, [], None

    blocks = Blocks()

    def handle(line, results):
        nonlocal done
        log.write(line + "\n")
        log.flush()
        if opts.echo:
            print(line, flush=True)
        if not results:
            # The kernel's console: its reports fail the run.
            if BAD_PATTERNS.search(line):
                bad.append(line)
        elif opts.drop and re.search(opts.drop, line):
            log.write("# qemu-run: the line above is dropped (--drop)\n")
        else:
            blocks.line(line)
            if line.startswith("@@done"):
                done = True
                if blocks.name is not None:
                    blocks.close("not ended at @@done")
        m = re.match(r"^@@host (add|del) (\S+)", line) if results else None
        actions = [f"{m[1]} {m[2]}"] if m else []
        actions += [a for r, a in triggers if r.search(line)]
        for action in actions:
            verb, _, name = action.partition(" ")
            try:
                act(verb, name)
                log.write(f"# host: {verb} {name} done\n")
            except (RuntimeError, OSError) as e:
                problems.append(f"{verb} {name}: {e}")
                log.write(f"# host: {verb} {name} failed: {e}\n")

    def connect_results():
        """The results port waits (server=on,wait=on) for this connection
        before the guest starts: nothing is lost before it."""
        while True:
            sock = socket.socket(socket.AF_UNIX)
            try:
                sock.connect(results_path)
                return sock
            except OSError:
                sock.close()
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("QEMU never opened the results port") from None
                time.sleep(0.05)

    proc = results = None
    try:
        with open(opts.log, "w") as log:
            log.write("# " + " ".join(cmd) + "\n")
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT)
            results = connect_results()
            streams = {proc.stdout.fileno(): False, results.fileno(): True}
            is_results, pending = dict(streams), {fd: b"" for fd in streams}
            while streams:
                left = deadline - time.monotonic()
                if left <= 0:
                    problems.append(f"hard timeout after {opts.timeout} s")
                    break
                ready, _, _ = select.select(list(streams), [], [], min(left, 1))
                for fd in ready:
                    chunk = os.read(fd, 65536)
                    if not chunk:
                        del streams[fd]
                        chunk = b"\n" if pending[fd] else b""
                    pending[fd] += chunk
                    *lines, pending[fd] = pending[fd].split(b"\n")
                    for raw in lines:
                        handle(raw.decode(errors="replace").rstrip("\r"), is_results[fd])
    except RuntimeError as e:
        problems.append(str(e))
    finally:
        if proc is not None:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        for sock in (results, qmp.sock):
            if sock is not None:
                sock.close()
        shutil.rmtree(tmp, ignore_errors=True)

    if blocks.name is not None:
        blocks.close("never ended (the guest stopped)")
    if not done:
        problems.append("the guest never reached @@done")
    for line in bad:
        problems.append(f"bad line in the guest log: {line}")
    failed = sum(1 for t in tap if t.startswith("not ok"))
    skipped = sum(1 for t in tap if SKIP.search(t) and not t.startswith("not ok"))
    if opts.tap:
        lines = [f"{'not ' if m[1] else ''}ok - {m[3]}" for m in map(TAP.match, tap)]
        lines += blocks.checked
        lines.append(f"{'not ' if problems else ''}ok - guest log clean and complete")
        with open(opts.tap, "w") as f:
            f.write(f"TAP version 13\n1..{len(lines)}\n")
            for i, t in enumerate(lines, 1):
                f.write(t.replace("ok -", f"ok {i} -", 1) + "\n")
    for p in problems:
        print(f"qemu-run: {p}", file=sys.stderr)
    print(f"qemu-run: {len(tap) - failed - skipped} guest tests passed, {failed} failed, "
          f"{skipped} skipped, {len(blocks.checked)} result blocks, "
          f"{len(problems)} problems, {time.monotonic() - start:.0f} s; log: {opts.log}",
          file=sys.stderr)
    return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main())
