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
--timeout whatever QEMU does; QEMU is killed on every way out.  RCU's
report of a lost timer (LOST_TIMER: under TCG, a vCPU idle in HLT can
lose its timer interrupt, and then no grace period ends and the guest
waits for ever) ends the run at once; if nothing had failed before it,
the exit status is 3, so that a caller can tell it from a failure of the
guest's own and boot again.  Other RCU stall reports are left to the run.
"""
import argparse
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

BAD_PATTERNS = re.compile(
    r"WARNING:|BUG:|Oops|Kernel panic|duplicate filename|could not create|"
    r"UBSAN:|possible circular locking|unreferenced object")
TAP = re.compile(r"^(not )?ok (\d+) ?-? ?(.*)$")
SKIP = re.compile(r"#\s*SKIP", re.IGNORECASE)
LOST_TIMER = re.compile(r"rcu_\w+ kthread timer wakeup didn't happen")


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
    """A QMP client whose every wait ends by a deadline (each call's own,
    within the run's): a reply that does not come, or QEMU gone (the socket
    closed), raises RuntimeError.  Events are kept, so that a hot-remove is
    waited for on DEVICE_DELETED."""

    CALL = 30   # seconds a command may take

    def __init__(self, path, deadline):
        self.path, self.deadline = path, deadline
        self.sock, self.buf, self.events = None, b"", []

    def _message(self, until):
        """The next message from QEMU, an event or a reply, by UNTIL."""
        while b"\n" not in self.buf:
            left = min(until, self.deadline) - time.monotonic()
            if left <= 0:
                raise QmpTimeout("QMP: no answer from QEMU in time")
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                raise RuntimeError("QMP: QEMU closed the connection (it exited)")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def _reply(self, until):
        while True:
            msg = self._message(until)
            if "event" in msg:
                self.events.append(msg)
            else:
                return msg

    def _connect(self, until):
        while True:
            self.sock = socket.socket(socket.AF_UNIX)
            try:
                # A blocking connect has no deadline of its own.
                self.sock.settimeout(max(0.1, min(until, self.deadline) - time.monotonic()))
                self.sock.connect(self.path)
                break
            except OSError:
                self.sock.close()
                self.sock = None
                if time.monotonic() > min(until, self.deadline):
                    raise RuntimeError(f"cannot connect to QMP at {self.path}") from None
                time.sleep(0.1)
        self._message(until)  # greeting
        self._send("qmp_capabilities", {}, until)

    def _send(self, name, args, until):
        self.sock.sendall(json.dumps({"execute": name, "arguments": args}).encode() + b"\n")
        reply = self._reply(until)
        if "error" in reply:
            raise RuntimeError(f"QMP {name}: {reply['error']}")
        return reply.get("return")

    def command(self, name, **args):
        until = time.monotonic() + self.CALL
        if self.sock is None:
            self._connect(until)
        return self._send(name, args, until)

    def hmp(self, line):
        out = self.command("human-monitor-command", **{"command-line": line})
        if out.strip():
            raise RuntimeError(f"'{line}': {out.strip()}")

    def hmp_text(self, line):
        """What an HMP command prints (an "info" command)."""
        return self.command("human-monitor-command", **{"command-line": line})

    def forget_deleted(self, name):
        """Drop the DEVICE_DELETED events of device id NAME kept so far."""
        self.events = [ev for ev in self.events if not (
            ev["event"] == "DEVICE_DELETED" and ev.get("data", {}).get("device") == name)]

    def wait_deleted(self, name, wait):
        """Wait until QEMU reports DEVICE_DELETED for device id NAME."""
        until = time.monotonic() + wait
        while True:
            for i, ev in enumerate(self.events):
                if ev["event"] == "DEVICE_DELETED" and ev.get("data", {}).get("device") == name:
                    del self.events[i]
                    return
            try:
                msg = self._message(until)
            except QmpTimeout:
                raise RuntimeError(f"no DEVICE_DELETED for {name} after {wait} s") from None
            if "event" in msg:
                self.events.append(msg)


class Blocks:
    """The guest's results come in blocks: "@@begin NAME", TAP lines, one
    plan "1..N" (first or last), "@@end".  A block whose results do not
    match its plan (a line lost, a program ended early), a result outside a
    block, or a block left open fails the run.  Results are kept as
    (block, line); each block's verdict in checked."""

    def __init__(self, problems):
        self.problems, self.tap, self.checked = problems, [], []
        self.name, self.results, self.plan = None, [], None

    def line(self, line):
        m = re.match(r"^@@begin (\S+)", line)
        if m:
            if self.name is not None:
                self.close(f"not ended before @@begin {m[1]}")
            self.name, self.results, self.plan = m[1], [], None
            return
        if line.startswith("@@end"):
            if self.name is None:
                self.problems.append("@@end outside a block")
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
                self.problems.append(f"a result outside a block: {line}")
                self.tap.append(("(no block)", line))
            else:
                self.results.append(line)

    def close(self, problem):
        self.tap.extend((self.name, t) for t in self.results)
        what = f"{self.name}: {len(self.results)} results"
        if problem:
            self.problems.append(f"block {what}: {problem}")
            self.checked.append(f"not ok - {what}: {problem}")
        else:
            self.checked.append(f"ok - {what}, as planned")
        self.name, self.results, self.plan = None, [], None


def reader(fd, is_results, lines):
    """Put every line of FD on LINES as (is_results, line), then (is_results,
    None): a thread, so that QEMU's output is drained whatever the main
    thread waits for."""
    pending = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            break
        pending += chunk
        *whole, pending = pending.split(b"\n")
        for raw in whole:
            lines.put((is_results, raw.decode(errors="replace").rstrip("\r")))
    if pending:
        lines.put((is_results, pending.decode(errors="replace").rstrip("\r")))
    lines.put((is_results, None))


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
                    help="when a line matches REGEX, do ACTION (add NAME|del NAME|nmi, or "
                         "gone NAME: wait for QEMU's DEVICE_DELETED of NAME, or, debug, "
                         "stall: never return), after the guest's own request on that line")
    ap.add_argument("--quiet", type=int, metavar="SECONDS",
                    help="debug: when the guest prints nothing for SECONDS, write the vCPUs' "
                         "registers and local APICs (QEMU's monitor) into the log, three times SECONDS apart; "
                         "SECONDS after the third, stop the run (a problem)")
    ap.add_argument("--icount", type=int, metavar="SHIFT",
                    help="QEMU's -icount shift=SHIFT: the guest's clock advances 2**SHIFT ns a guest "
                         "instruction, so its times count the instructions it executes, not the host's "
                         "speed (one vCPU thread for all vCPUs)")
    ap.add_argument("--drop", metavar="REGEX",
                    help="debug: lose the guest's result lines that match (scripts/harness-test.sh)")
    opts = ap.parse_args()

    boot, hotplug = read_matrix(opts.devices)
    triggers = []
    for t in opts.on:
        regex, _, action = t.rpartition("=")
        verb, _, name = action.partition(" ")
        if not regex or not (verb in ("nmi", "stall") and not name or
                             verb in ("add", "del", "gone") and name in hotplug):
            ap.error(f"--on {t!r}: want REGEX=add|del|gone NAME or REGEX=nmi|stall, "
                     f"NAME one of {sorted(hotplug)}")
        triggers.append((re.compile(regex), verb, name))
    if opts.tap and os.path.exists(opts.tap):
        os.remove(opts.tap)   # never judge an earlier run's results

    # Killed from outside: still kill QEMU and clean up (the finally below).
    def stop(signum, _):
        raise SystemExit(f"qemu-run: {signal.Signals(signum).name}")
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, stop)

    # The loop below checks the deadline between lines, and each QMP call
    # has its own; this is for a call that never returns all the same (a
    # QEMU whose main loop stopped answering, as seen once at a hot-add).
    # The exception ends the run like any other failure (QEMU killed).
    class HardTimeout(Exception):
        pass

    def alarm(_signum, frame):
        while frame.f_back and frame.f_code.co_filename != __file__:
            frame = frame.f_back    # from the library's frame to ours
        raise HardTimeout(f"hard timeout after {opts.timeout} s, the host stuck in "
                          f"{frame.f_code.co_name}() at line {frame.f_lineno}")
    signal.signal(signal.SIGALRM, alarm)
    signal.alarm(opts.timeout + 5)

    deadline = time.monotonic() + opts.timeout
    start = time.monotonic()
    bad, problems = [], []
    blocks = Blocks(problems)
    done = False
    stalled = None      # the console's first lost-timer line
    clean_before_stall = False
    deleting = set()    # device ids removed, whose DEVICE_DELETED is awaited
    lines = queue.Queue()
    proc = results = qmp = tmp = log = None

    def ask_again(line, refusal, tries, pause, why):
        # HMP LINE, asked again after PAUSE s, up to TRIES times in all,
        # while QEMU's answer says REFUSAL (logged with WHY).
        for attempt in range(tries):
            try:
                qmp.hmp(line)
                return
            except RuntimeError as e:
                if refusal not in str(e) or attempt == tries - 1:
                    raise
                log.write(f"# host: {why}, asking again in {pause} s\n")
                time.sleep(pause)

    def act(verb, name):
        if verb == "nmi":
            # With unknown_nmi_panic on the command line, a guest panic.
            qmp.command("inject-nmi")
        elif verb == "gone":
            qmp.wait_deleted(name, 30)
        elif verb == "stall":
            # Debug (scripts/harness-test.sh): a host call that never returns.
            threading.Event().wait()
        elif verb == "add":
            # pciehp powers a slot off 5 s after the button: QEMU keeps the
            # id of an earlier NAME until then.  The guest may ask as soon
            # as the kernel has removed the device, before pciehp powers
            # the slot off: while QEMU says the id is taken, ask again.
            if name in deleting:
                qmp.wait_deleted(name, 30)
                deleting.discard(name)
            ask_again(f"device_add {hotplug[name]},id={name}", "Duplicate device ID",
                      60, 0.5, f"add {name}: QEMU still has {name}")
        else:
            # A DEVICE_DELETED of NAME kept from before is not this one's.
            qmp.forget_deleted(name)
            # pciehp refuses while the slot's power indicator blinks, for
            # a while after an add: ask again, for up to 15 s.
            ask_again(f"device_del {name}", "guest is busy", 15, 1, f"del {name}: guest busy")
            deleting.add(name)

    def quiet_dump(seconds):
        # Where the vCPUs are and what their timers do, when the guest
        # stopped printing (a stall): RIPs to look up in System.map, the
        # LAPIC timer's mode, count and pending interrupts.
        log.write(f"# host: the guest printed nothing for {seconds:.0f} s; QEMU's monitor says:\n")
        for cmd in ("info registers -a", "info lapic 0", "info lapic 1", "info irq"):
            try:
                out = qmp.hmp_text(cmd)
            except RuntimeError as e:
                out = f"{e}\n"
            log.writelines(f"# host: {cmd}: {text}\n" for text in out.splitlines())
        log.flush()

    draining = False    # after the run: log and judge what is left, act on nothing

    def handle(line, is_results):
        nonlocal done, stalled, clean_before_stall
        log.write(line + "\n")
        log.flush()
        if opts.echo:
            print(line, flush=True)
        actions = []
        if not is_results:
            # The kernel's console: its reports fail the run.
            if BAD_PATTERNS.search(line):
                bad.append(line)
            if LOST_TIMER.search(line) and stalled is None and not draining:
                stalled = line
                clean_before_stall = not bad and not problems and not any(
                    t.startswith("not ok") for _, t in blocks.tap)
        elif opts.drop and re.search(opts.drop, line):
            log.write("# qemu-run: the line above is dropped (--drop)\n")
            return
        else:
            blocks.line(line)
            if line.startswith("@@done"):
                done = True
                if blocks.name is not None:
                    blocks.close("not ended at @@done")
            m = re.match(r"^@@host (add|del) (\S+)", line)
            if m:
                if m[2] not in hotplug:
                    problems.append(f"the guest asks for {m[2]}, not in {opts.devices}")
                else:
                    actions.append((m[1], m[2]))
        actions += [(verb, name) for regex, verb, name in triggers if regex.search(line)]
        for verb, name in actions if not draining else []:
            try:
                act(verb, name)
                log.write(f"# host: {verb} {name} done\n")
            except (RuntimeError, OSError, ValueError) as e:
                problems.append(f"{verb} {name}: {e}")
                log.write(f"# host: {verb} {name} failed: {e}\n")

    try:
        log = open(opts.log, "w")
        tmp = tempfile.mkdtemp(prefix="qemu-run-")
        qmp = Qmp(os.path.join(tmp, "qmp.sock"), deadline)
        results_path = os.path.join(tmp, "results.sock")
        cmd = ["qemu-system-x86_64", "-machine", "q35", "-accel", "tcg", "-cpu", "max",
               "-smp", "2", "-m", "1G", "-display", "none", "-vga", "none", "-nic", "none",
               # ttyS0, the kernel's console; ttyS1, the guest's results and
               # requests (guest/init), which kernel messages never cut into.
               # QEMU waits for this script on ttyS1 before it starts.
               "-serial", "stdio",
               "-chardev", f"socket,id=results,path={results_path},server=on,wait=on",
               "-serial", "chardev:results", "-monitor", "none", "-no-reboot",
               "-qmp", f"unix:{qmp.path},server=on,wait=off",
               # Root ports use native PCIe hotplug (pciehp), not ACPI's.
               "-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off",
               "-kernel", opts.kernel, "-initrd", opts.initrd,
               "-append", f"console=ttyS0 panic=-1 kunit.enable=0 {opts.append}".strip()]
        if opts.icount is not None:
            cmd += ["-icount", f"shift={opts.icount},sleep=on"]
        for spec in boot:
            cmd += ["-device", spec]
        log.write("# " + " ".join(cmd) + "\n")
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        log.write(f"# qemu pid {proc.pid}\n")
        log.flush()
        threading.Thread(target=reader, args=(proc.stdout.fileno(), False, lines),
                         daemon=True).start()
        open_streams = 1
        while results is None:
            sock = socket.socket(socket.AF_UNIX)
            try:
                sock.connect(results_path)
                results = sock
            except OSError:
                sock.close()
                if proc.poll() is not None or time.monotonic() > deadline:
                    problems.append("QEMU never opened the guest's results port")
                    break
                time.sleep(0.05)
        if results is not None:
            threading.Thread(target=reader, args=(results.fileno(), True, lines),
                             daemon=True).start()
            open_streams += 1
        last_line, dumps = time.monotonic(), 0
        while open_streams:
            left = deadline - time.monotonic()
            if left <= 0:
                problems.append(f"hard timeout after {opts.timeout} s")
                break
            try:
                is_results, line = lines.get(timeout=min(left, 1))
            except queue.Empty:
                # Three dumps a quiet spell, SECONDS apart: does anything move?
                # After the third, the run stops: the guest is stuck.
                if opts.quiet and time.monotonic() - last_line > opts.quiet * (dumps + 1):
                    if dumps == 3:
                        problems.append(f"the guest printed nothing for {opts.quiet * 4} s "
                                        f"(--quiet {opts.quiet}): the run is stopped")
                        break
                    dumps += 1
                    quiet_dump(time.monotonic() - last_line)
                continue
            last_line, dumps = time.monotonic(), 0
            if line is None:
                open_streams -= 1
            else:
                handle(line, is_results)
            if stalled is not None:
                problems.append(f"the guest lost a timer interrupt (an idle vCPU under TCG), "
                                f"its RCU waits for ever: the run is stopped: {stalled}")
                break
    except Exception as e:  # noqa: BLE001 -- any failure is the run's, with a verdict
        problems.append(f"qemu-run: {type(e).__name__}: {e}")
    finally:
        signal.alarm(0)
        if proc is not None:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        for sock in (results, qmp and qmp.sock):
            if sock is not None:
                sock.close()
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        # What QEMU said last (it may have failed to start).
        draining = True
        while log is not None:
            try:
                is_results, line = lines.get(timeout=0.2)
            except queue.Empty:
                break
            if line is not None:
                handle(line, is_results)
        if log is not None:
            log.close()

    if blocks.name is not None:
        blocks.close("never ended (the guest stopped)")
    if not done:
        problems.append("the guest never reached @@done")
    for line in bad:
        problems.append(f"bad line in the guest log: {line}")
    tap = blocks.tap
    failed = sum(1 for _, t in tap if t.startswith("not ok"))
    skipped = sum(1 for _, t in tap if SKIP.search(t) and not t.startswith("not ok"))
    if opts.tap:
        out = [f"{'not ' if m[1] else ''}ok - {block}: {m[3]}"
               for block, m in ((b, TAP.match(t)) for b, t in tap)]
        out += blocks.checked
        out.append(f"{'not ' if problems else ''}ok - guest log clean and complete")
        with open(opts.tap, "w") as f:
            f.write(f"TAP version 13\n1..{len(out)}\n")
            for i, t in enumerate(out, 1):
                f.write(t.replace("ok -", f"ok {i} -", 1) + "\n")
    for p in problems:
        print(f"qemu-run: {p}", file=sys.stderr)
    print(f"qemu-run: {len(tap) - failed - skipped} guest tests passed, {failed} failed, "
          f"{skipped} skipped, {len(blocks.checked)} result blocks, "
          f"{len(problems)} problems, {time.monotonic() - start:.0f} s; log: {opts.log}",
          file=sys.stderr)
    if stalled is not None and clean_before_stall:
        return 3
    return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main())
