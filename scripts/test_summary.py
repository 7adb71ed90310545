#!/usr/bin/env python3
"""Read an Odoo test log and print the closing line ``N passed, N failed``.

The run fails (exit 1) on any failed or erroring test, any skipped test (a
tour skipped for a missing browser or ``websocket-client`` must not pass for
green), any ERROR/CRITICAL log line, a non-zero Odoo exit code, or a log
without Odoo's test report.
"""
import re
import sys

REPORT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
LEVEL = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (ERROR|CRITICAL) ")
# a test method named test_rpc_* is one case of a rule driven over JSON-RPC
RPC_CASE = re.compile(r"Starting (\w+\.test_rpc_\w+) \.\.\.")
# Chromium opens spare connections ahead of need; when one stays unused, the
# test HTTP server (werkzeug) logs its read timeout as an ERROR. Such a line
# says nothing of the code under test: it is shown, not counted.
IDLE_TIMEOUT = re.compile(r" ERROR \S+ werkzeug: .* Request timed out: TimeoutError\('timed out'\)")
RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ ")
TRACEBACK_LINES = 40
SKIP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ \w+ \S+ (\S+): skipped (.*)$")


def main(path, odoo_rc):
    failed = errors = run = 0
    found = False
    problems = []
    skipped = []
    # the lines that follow an ERROR/CRITICAL line up to the next log record
    # (its traceback), printed with it so a CI log says what went wrong
    tail = None
    idle = []
    rpc_cases = set()
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            if tail is not None:
                if not RECORD.match(line):
                    if len(tail) < TRACEBACK_LINES:
                        tail.append(line.rstrip())
                    continue
                tail = None
            match = REPORT.search(line)
            if match:
                found = True
                failed += int(match.group(1))
                errors += int(match.group(2))
                run += int(match.group(3))
                continue
            match = RPC_CASE.search(line)
            if match:
                rpc_cases.add(match.group(1))
            match = SKIP.match(line)
            if match:
                skipped.append(match.group(2).strip())
                continue
            if IDLE_TIMEOUT.search(line):
                idle.append(line.rstrip())
                continue
            if LEVEL.match(line):
                tail = []
                problems.append((line.rstrip(), tail))
    bad = failed + errors + len(skipped)
    passed = max(run - bad, 0)
    if skipped:
        print("Skipped tests count as failures:", file=sys.stderr)
        for item in skipped:
            print("  skipped " + item, file=sys.stderr)
    if idle:
        print("Not counted: %d unused browser connection(s) closed by the test HTTP server "
              "(werkzeug 'Request timed out')" % len(idle), file=sys.stderr)
    if problems:
        print("Errors logged during the run (%d), first ones:" % len(problems), file=sys.stderr)
        for item, traceback in problems[:20]:
            print("  " + item[:400], file=sys.stderr)
            for tb_line in traceback:
                print("    " + tb_line[:400], file=sys.stderr)
    if not found:
        print("Odoo printed no test report: the module did not install or no test ran.", file=sys.stderr)
    if odoo_rc:
        print("Odoo exited with code %s." % odoo_rc, file=sys.stderr)
    if not bad and (problems or not found or odoo_rc or not run):
        bad = max(len(problems), 1)
    if rpc_cases:
        print("Rules checked over JSON-RPC: %d cases" % len(rpc_cases))
    print("%d passed, %d failed" % (passed, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0))
