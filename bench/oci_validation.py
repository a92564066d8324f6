#!/usr/bin/env python3
"""Run the opencontainers/runtime-tools validation suite against several OCI
runtimes and compare them test by test. Standard library only; run as root.

    python3 bench/oci_validation.py --runtime-tools /tmp/rt-tools \
        --out /tmp/oci-validation.md --json /tmp/oci-validation.json

This script builds nothing. It expects a runtime-tools tree that has already
been built as its own README describes: the `runtimetest`
binary and `rootfs-<arch>.tar.gz` at its top, and one TAP-printing executable
per test at validation/<name>/<name>.t.

Each test executable runs once per runtime, interleaved (test A under every
runtime, then test B, ...), as the suite's README describes: as root, with
RUNTIME naming the runtime, inside `unshare -m --propagation private`. Every
run gets a fresh temporary working directory, which is also its TMPDIR (the
suite builds its bundles there and copies `runtimetest` and the rootfs tarball
from the working directory), and is removed afterwards.

RUNTIME points at a small generated shell wrapper that records every call the
test makes (arguments, exit status and, except for `create`/`run`/`exec`,
whose stdio the container inherits, the runtime's stderr) before passing it on
unchanged to the real runtime; --no-trace hands the suite the real path
instead. The trace tells which containers a test made: any that still exist
afterwards with their bundle in the run's directory are deleted with
`<runtime> delete --force`. Cgroup directories that appear during a run are
reported; those that are clearly the suite's (a path component `cgrouptest`
or `testdir`, its fixed cgroupsPath values, or one naming a traced container
id) are removed when empty. Nothing else is touched.

A run is "clean" when the executable exits 0, prints no failing `not ok`
(TODO ones aside), reports no error in a YAML block outside any subtest (the
hooks tests print no subtests at all, only such a block when they fail) and
does not time out. A test that prints nothing is marked "no output": that is
how the *_fail tests pass, but a test that relays the container's own TAP
(process_capabilities, mounts, ...) also prints nothing when the container
printed nothing.

The markdown report has the totals, one row per test with each runtime's
verdict and subtest counts, the tests where the first runtime does worse than
another, the exact command lines, and for every run that was not clean its
first failing subtests with their diagnostics, its stderr and the runtime
calls that failed; the JSON file has all of it, every failing subtest
included. Each runtime binary's size and mtime are recorded per run, so a
rebuild in the middle of a run is reported.
"""

import argparse
import datetime
import fnmatch
import glob
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

DEFAULT_RUNTIMES = [
    ("taskexec", "/work/main/.build/debug/taskexec"),
    ("runc", "/usr/sbin/runc"),
]
UNSHARE = ["unshare", "-m", "--propagation", "private"]
# The suite's fixed cgroupsPath values are /cgrouptest and
# testdir/cgrouptest/container (runtime-tools cgroups/cgroups.go).
SUITE_CGROUP_NAMES = {"cgrouptest", "testdir"}
MARKDOWN_FAILURES = 4  # failing subtests shown per run in the markdown
DIAGNOSTIC_LIMIT = 6000  # characters of one YAML diagnostic kept
STDERR_LIMIT = 8000  # characters of a test's stderr kept (its tail)
TRACE_STDERR_LIMIT = 2000
GOARCH = {"x86_64": "amd64", "aarch64": "arm64", "i686": "386", "i386": "386"}

TAP_LINE = re.compile(r"^(not ok|ok)\b\s*(\d+)?\s*(?:-\s*)?(.*)$")
TAP_DIRECTIVE = re.compile(r"\s*#\s*(skip|todo)\S*\s*(.*)$", re.IGNORECASE)
TAP_PLAN = re.compile(r"^1\.\.(\d+)")

WRAPPER = r"""#!/bin/sh
# Written by oci_validation.py: record the call, then run the real runtime.
real={real}
log={log}
sub=
for a in "$@"; do case "$a" in -*) ;; *) sub=$a; break ;; esac; done
{{ printf 'start\037%s' "$$"; for a in "$@"; do printf '\037%s' "$a"; done; printf '\n'; }} >>"$log"
case "$sub" in
create|run|exec)
    "$real" "$@"
    rc=$? ;;
*)
    "$real" "$@" 2>"$log.$$.err"
    rc=$?
    cat "$log.$$.err" >&2 ;;
esac
printf 'end\037%s\037%s\n' "$$" "$rc" >>"$log"
exit $rc
"""


def log(message):
    print(f"[oci-validation {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def clip(text, limit, tail=False):
    if len(text) <= limit:
        return text
    return ("…" + text[-limit:]) if tail else (text[:limit] + "…")


# ---------------------------------------------------------------- TAP


def parse_tap(text):
    """Top-level TAP results of one test executable, with their diagnostics.

    Only unindented result lines count: a test that runs `runtimetest` inside
    the container embeds that inner TAP stream, indented, in a YAML block.
    A result's diagnostic is the first indented YAML block after it (the
    suite's descriptions can run on over several lines, "Refer to: ..."
    included, which become part of the result's text) and any `# ...`
    comment lines. A YAML block before any result, or a second one after the
    same result, belongs to no subtest: some tests (the hooks ones, state)
    report their verdict that way. Those are returned apart, as `unattached`."""
    results, unattached, plan, bail_out = [], [], None, None
    lines = text.splitlines()
    i = 0
    block_taken = True  # whether the latest result already has its YAML block

    def yaml_block():
        nonlocal i
        block = []
        i += 1
        while i < len(lines) and lines[i].strip() != "...":
            block.append(lines[i][2:] if lines[i].startswith("  ") else lines[i])
            i += 1
        i += 1
        return "\n".join(block)

    while i < len(lines):
        line = lines[i]
        if line.strip() == "---" and line.startswith(" "):
            block = yaml_block()
            if block_taken:
                unattached.append(block)
            else:
                results[-1]["diagnostic"].append(block)
                block_taken = True
            continue
        i += 1
        plan_match = TAP_PLAN.match(line)
        if plan_match:
            plan = int(plan_match.group(1))
            continue
        if line.startswith("Bail out!"):
            bail_out = line[len("Bail out!"):].strip()
            continue
        if line.startswith("#"):
            if results:
                results[-1]["diagnostic"].append(line)
            continue
        match = TAP_LINE.match(line)
        if not match:
            if results and not block_taken and line.strip() and not line.startswith(" "):
                results[-1]["line"] += "\n" + line  # a description running on
            continue
        status, number, rest = match.groups()
        directive, reason = None, ""
        directive_match = TAP_DIRECTIVE.search(rest)
        if directive_match:
            directive = directive_match.group(1).lower()
            reason = directive_match.group(2).strip()
            rest = rest[:directive_match.start()]
        results.append({
            "ok": status == "ok",
            "number": int(number) if number else None,
            "description": rest.strip(),
            "directive": directive,
            "reason": reason,
            "line": line,
            "diagnostic": [],
        })
        block_taken = False
    for r in results:
        r["diagnostic"] = clip("\n".join(r["diagnostic"]), DIAGNOSTIC_LIMIT)
    return results, [clip(u, DIAGNOSTIC_LIMIT) for u in unattached], plan, bail_out


def reported_error(block):
    """The error a test reports in a YAML block outside any result, if any.

    tap-go writes YAML blocks as JSON; an empty "error" is no error."""
    try:
        value = json.loads(block)
    except ValueError:
        return None
    if isinstance(value, dict) and value.get("error"):
        return str(value["error"])
    return None


def summarize(results):
    counts = {"passed": 0, "failed": 0, "skipped": 0, "todo": 0}
    for r in results:
        if r["directive"] == "skip":
            counts["skipped"] += 1
        elif r["directive"] == "todo":
            counts["todo"] += 1
        elif r["ok"]:
            counts["passed"] += 1
        else:
            counts["failed"] += 1
    return counts


# ---------------------------------------------------------------- runtime trace


def read_trace(trace_log):
    """Calls recorded by the wrapper: [{args, subcommand, rc, stderr}]."""
    calls, by_pid = [], {}
    try:
        with open(trace_log, errors="replace") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return calls
    for line in lines:
        fields = line.split("\x1f")
        if fields[0] == "start" and len(fields) >= 2:
            args = fields[2:]
            sub = next((a for a in args if not a.startswith("-")), "")
            call = {"args": args, "subcommand": sub, "rc": None, "stderr": ""}
            calls.append(call)
            by_pid[fields[1]] = call
        elif fields[0] == "end" and len(fields) == 3 and fields[1] in by_pid:
            call = by_pid.pop(fields[1])
            call["rc"] = int(fields[2]) if fields[2].lstrip("-").isdigit() else fields[2]
            try:
                with open(f"{trace_log}.{fields[1]}.err", errors="replace") as f:
                    call["stderr"] = clip(f.read(), TRACE_STDERR_LIMIT)
            except FileNotFoundError:
                pass
    return calls


def container_ids(calls):
    """Container ids named in the calls (the argument after the subcommand)."""
    ids = []
    for call in calls:
        args = call["args"]
        if call["subcommand"] not in args:
            continue
        rest = args[args.index(call["subcommand"]) + 1:]
        positional, skip_next = [], False
        for a in rest:
            if skip_next:
                skip_next = False
            elif a in ("--bundle", "-b", "--pid-file", "--console-socket", "--signal", "-s"):
                skip_next = True
            elif not a.startswith("-"):
                positional.append(a)
        if positional and positional[0] not in ids:
            ids.append(positional[0])
    return ids


def remove_leftover_containers(runtime_path, ids, workdir):
    """Delete containers of this run that still exist, if their bundle is ours."""
    found = []
    for cid in ids:
        try:
            out = subprocess.run([runtime_path, "state", cid], capture_output=True, text=True, timeout=30)
        except subprocess.TimeoutExpired:
            found.append({"id": cid, "action": "state timed out"})
            continue
        if out.returncode != 0:
            continue
        try:
            state = json.loads(out.stdout)
        except ValueError:
            found.append({"id": cid, "action": "state printed no JSON; left alone"})
            continue
        bundle = os.path.realpath(state.get("bundle") or "")
        entry = {"id": cid, "status": state.get("status"), "bundle": state.get("bundle")}
        if bundle == workdir or bundle.startswith(workdir + os.sep):
            deleted = subprocess.run([runtime_path, "delete", "--force", cid],
                                     capture_output=True, text=True, timeout=60)
            entry["action"] = "deleted" if deleted.returncode == 0 else \
                f"delete --force failed: {deleted.stderr.strip()[:300]}"
        else:
            entry["action"] = "bundle outside the run's directory; left alone"
        found.append(entry)
    return found


# ---------------------------------------------------------------- cgroups


def cgroup_mounts():
    mounts = []
    with open("/proc/self/mounts") as f:
        for line in f:
            fields = line.split()
            if len(fields) >= 3 and fields[2] in ("cgroup", "cgroup2"):
                mounts.append(fields[1])
    return mounts


def cgroup_dirs():
    dirs = set()
    for mount in cgroup_mounts():
        for root, _subdirs, _files in os.walk(mount, onerror=lambda e: None):
            dirs.add(root)
    return dirs


def suite_cgroup(path, ids):
    """Whether a cgroup directory is recognisably the suite's: one of its
    fixed names, or a component naming one of the run's container ids
    (`<id>`, `taskexec-<id>`, `<id>.scope`; ids shorter than 8 characters,
    like the `KILL` of a `kill` without an id, do not count)."""
    parts = path.split("/")
    if SUITE_CGROUP_NAMES & set(parts):
        return True
    return any(len(cid) >= 8 and cid in part for cid in ids for part in parts)


def clean_cgroups(before, ids):
    """Report cgroup directories that appeared during a run; remove the suite's."""
    report = []
    for path in sorted(cgroup_dirs() - before, key=lambda p: -p.count("/")):
        entry = {"path": path}
        if not suite_cgroup(path, ids):
            entry["action"] = "not recognisably the suite's (another process may own it); left alone"
        else:
            try:
                with open(os.path.join(path, "cgroup.procs")) as f:
                    pids = f.read().split()
            except OSError:
                pids = []
            if pids:
                entry["action"] = f"still has processes {' '.join(pids[:8])}; left alone"
            else:
                try:
                    os.rmdir(path)
                    entry["action"] = "removed"
                except OSError as e:
                    entry["action"] = f"rmdir failed: {e.strerror}"
        report.append(entry)
    return report


# ---------------------------------------------------------------- one run


def command_line(env, argv, cwd):
    assigns = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    return f"cd {shlex.quote(cwd)} && {assigns} {shlex.join(argv)}"


def run_one(test, runtime_name, runtime_path, tools, args):
    workdir = os.path.realpath(tempfile.mkdtemp(prefix=f"ocival-{test['name']}-{runtime_name}-"))
    os.chmod(workdir, 0o755)  # as /tmp would be to a container's mapped ids
    shutil.copy2(os.path.join(tools, "runtimetest"), workdir)  # copied: the suite copies it on, and would copy a symlink as a symlink
    os.symlink(test["rootfs"], os.path.join(workdir, os.path.basename(test["rootfs"])))
    trace_log = os.path.join(workdir, "runtime-calls.log")
    runtime_arg = runtime_path
    if not args.no_trace:
        runtime_arg = os.path.join(workdir, f"{runtime_name}-traced")
        with open(runtime_arg, "w") as f:
            f.write(WRAPPER.format(real=shlex.quote(runtime_path), log=shlex.quote(trace_log)))
        os.chmod(runtime_arg, 0o755)
    env_delta = {"RUNTIME": runtime_arg, "TMPDIR": workdir}
    argv = UNSHARE + [test["path"]]
    env = dict(os.environ, **env_delta)
    binary = fingerprint(runtime_path)
    cgroups_before = cgroup_dirs()
    out_path, err_path = os.path.join(workdir, "tap.out"), os.path.join(workdir, "test.err")
    started = time.monotonic()
    timed_out = False
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(argv, cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=err, start_new_session=True)
        try:
            rc = proc.wait(timeout=args.timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            rc = proc.wait()
    elapsed = time.monotonic() - started
    with open(out_path, errors="replace") as f:
        tap = f.read()
    with open(err_path, errors="replace") as f:
        stderr = f.read()
    results, unattached, plan, bail_out = parse_tap(tap)
    counts = summarize(results)
    unattached_errors = [e for e in map(reported_error, unattached) if e]
    silent = not tap.strip()
    calls = read_trace(trace_log)
    ids = container_ids(calls)
    leftovers = remove_leftover_containers(runtime_path, ids, workdir)
    cgroups_left = clean_cgroups(cgroups_before, ids)
    clean = (rc == 0 and counts["failed"] == 0 and not unattached_errors
             and not timed_out and bail_out is None)
    failures = [r for r in results if not r["ok"] and r["directive"] != "todo"]
    record = {
        "test": test["name"],
        "runtime": runtime_name,
        "command": command_line(env_delta, argv, workdir),
        "runtime_binary": binary,
        "exit_code": rc,
        "timed_out": timed_out,
        "seconds": round(elapsed, 2),
        "clean": clean,
        **counts,
        "plan": plan,
        "subtests_seen": len(results),
        "bail_out": bail_out,
        "silent": silent,
        "unattached_diagnostics": unattached,
        "unattached_errors": unattached_errors,
        "failures": [{k: r[k] for k in ("number", "description", "line", "diagnostic")} for r in failures],
        "skips": [f"{r['description']} {r['reason']}".strip() for r in results if r["directive"] == "skip"],
        "stderr": clip(stderr, STDERR_LIMIT, tail=True),
        "runtime_calls": calls if not args.no_trace else None,
        "leftover_containers": leftovers,
        "new_cgroups": cgroups_left,
    }
    if args.keep_workdirs:
        record["workdir"] = workdir
    else:
        shutil.rmtree(workdir, ignore_errors=True)
        if os.path.exists(workdir):
            record["workdir_not_removed"] = workdir
    return record


# ---------------------------------------------------------------- reports


def verdict(record):
    if record is None:
        return "—"
    if record["timed_out"]:
        return "timeout"
    if record["clean"]:
        return "yes (no output)" if record["silent"] else "yes"
    if record["unattached_errors"] and not record["exit_code"] and not record["failed"]:
        return "no (error reported)"
    return f"no (exit {record['exit_code']})" if record["exit_code"] else "no"


def counts_cell(record):
    if record is None:
        return "—"
    cell = f"{record['passed']}/{record['failed']}"
    if record["skipped"]:
        cell += f" ({record['skipped']} skip)"
    return cell


def totals(records, runtimes):
    result = {}
    for name, _path in runtimes:
        mine = [r for r in records if r["runtime"] == name]
        result[name] = {
            "tests": len(mine),
            "clean": sum(r["clean"] for r in mine),
            "passed": sum(r["passed"] for r in mine),
            "failed": sum(r["failed"] for r in mine),
            "skipped": sum(r["skipped"] for r in mine),
            "timed_out": sum(r["timed_out"] for r in mine),
        }
    return result


def fenced(text):
    text = text.rstrip("\n")
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}\n{text}\n{fence}"


def markdown(meta, records, runtimes, summary):
    names = [n for n, _ in runtimes]
    by_key = {(r["test"], r["runtime"]): r for r in records}
    tests = list(dict.fromkeys(r["test"] for r in records))
    out = ["# OCI runtime-tools validation", ""]
    out.append(f"Run {meta['started']} – {meta['finished']} on {meta['host']}, kernel {meta['kernel']}.")
    out.append(f"runtime-tools tree: `{meta['runtime_tools']}` ({meta['runtime_tools_version']}).")
    out.append("")
    for name, path in runtimes:
        out.append(f"- **{name}**: `{path}` — {meta['runtime_versions'][name]}; "
                   f"sha256 {meta['runtime_sha256'][name][:16]}…")
    for name, builds in meta["rebuilt_during_run"].items():
        out.append(f"- **warning**: {name} changed during the run; its runs saw: " + "; ".join(builds) +
                   " (see runtime_binary per run in the JSON). Rerun for consistent results.")
    out += ["", "## Totals", "", "| runtime | tests | clean | subtests passed | failed | skipped | timeouts |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name in names:
        t = summary[name]
        out.append(f"| {name} | {t['tests']} | {t['clean']} | {t['passed']} | {t['failed']} | "
                   f"{t['skipped']} | {t['timed_out']} |")
    out += ["", "## Per test", "",
            "Clean: exit 0, no failing `not ok`, no error reported in a YAML block outside a subtest "
            "(how the hooks tests fail), no timeout. \"no output\": the test printed nothing at all, "
            "which is how the *_fail tests pass, but also what a test that relays the container's "
            "TAP prints when the container printed none. Subtests: passed/failed (skipped).", ""]
    header = "| test | " + " | ".join(f"{n} clean | {n} subtests" for n in names) + " |"
    out += [header, "| --- |" + " --- | --- |" * len(names)]
    for test in tests:
        cells = []
        for name in names:
            record = by_key.get((test, name))
            cells += [verdict(record), counts_cell(record)]
        out.append(f"| {test} | " + " | ".join(cells) + " |")
    out += ["", f"## Where {names[0]} does worse", ""]
    worse = []
    for test in tests:
        first = by_key.get((test, names[0]))
        for other in names[1:]:
            record = by_key.get((test, other))
            if not first or not record:
                continue
            if (record["clean"], record["passed"]) > (first["clean"], first["passed"]):
                worse.append(f"- {test}: {names[0]} {verdict(first)}, {counts_cell(first)}; "
                             f"{other} {verdict(record)}, {counts_cell(record)}")
    out += worse or ["Nowhere."]
    out += ["", "## Commands", "",
            "The runner itself:", "", fenced(meta["argv"]), "",
            "Each test, per runtime, in a fresh directory (also its TMPDIR) holding a copy of `runtimetest` "
            "and a link to the rootfs tarball" +
            ("; RUNTIME is a wrapper that logs each call and runs the real runtime" if not meta["no_trace"] else "") +
            ". For example:", ""]
    examples = [r["command"] for r in records[:len(names)]]
    out += [fenced("\n".join(examples)), ""]
    out += ["## Runs that were not clean", ""]
    unclean = [r for r in records if not r["clean"]]
    if not unclean:
        out.append("None.")
    for r in unclean:
        out.append(f"### {r['test']} — {r['runtime']}")
        out.append("")
        line = f"exit {r['exit_code']}, {r['passed']} passed, {r['failed']} failed, {r['skipped']} skipped"
        if r["timed_out"]:
            line += f", timed out after {r['seconds']} s"
        if r["plan"] is not None and r["plan"] != r["subtests_seen"]:
            line += f", plan 1..{r['plan']} but {r['subtests_seen']} results"
        if r["bail_out"] is not None:
            line += f", bailed out: {r['bail_out']}"
        out += [line + ".", ""]
        for error in r["unattached_errors"]:
            out += ["error reported outside any subtest:", "", fenced(clip(error, 1500)), ""]
        for failure in r["failures"][:MARKDOWN_FAILURES]:
            body = failure["line"]
            if failure["diagnostic"]:
                body += "\n" + clip(failure["diagnostic"], 1500)
            out += [fenced(body), ""]
        if len(r["failures"]) > MARKDOWN_FAILURES:
            out += [f"… and {len(r['failures']) - MARKDOWN_FAILURES} more failing subtests (see the JSON).", ""]
        if r["stderr"].strip():
            out += ["stderr:", "", fenced(clip(r["stderr"], 1500, tail=True)), ""]
        failed_calls = [c for c in (r["runtime_calls"] or []) if c["rc"] not in (0, None)]
        if failed_calls:
            out += ["runtime calls that failed:", ""]
            for c in failed_calls[:6]:
                text = f"{r['runtime']} {shlex.join(c['args'])} → exit {c['rc']}"
                if c["stderr"].strip():
                    text += "\n" + clip(c["stderr"].strip(), 600)
                out += [fenced(text), ""]
    leftovers = [(r, c) for r in records for c in r["leftover_containers"]]
    cgroups = [c for r in records for c in r["new_cgroups"]]
    out += ["## Left behind", ""]
    if meta["preexisting_suite_cgroups"]:
        out.append("Suite cgroups that existed before the run (left alone): " +
                   ", ".join(f"`{p}`" for p in meta["preexisting_suite_cgroups"]))
        out.append("")
    if not leftovers and not cgroups:
        out.append("No containers or cgroup directories were left behind.")
    for r, c in leftovers:
        out.append(f"- container `{c['id']}` ({r['test']}, {r['runtime']}, {c.get('status')}): {c['action']}")
    for r in records:
        by_action = {}
        for c in r["new_cgroups"]:
            by_action.setdefault(c["action"], []).append(c["path"])
        for action, paths in by_action.items():
            out.append(f"- {len(paths)} new cgroup directories after {r['test']} under {r['runtime']} — "
                       f"{action}: " + ", ".join(f"`{p}`" for p in sorted(paths)))
    out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------- main


def fingerprint(path):
    """Size and modification time of a runtime binary: a rebuild during the
    run shows up as a second fingerprint."""
    st = os.stat(path)
    stamp = datetime.datetime.fromtimestamp(st.st_mtime).astimezone().isoformat(timespec="seconds")
    return f"{st.st_size} bytes, modified {stamp}"


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def runtime_version(path):
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30)
        return " ".join(out.stdout.split()) or out.stderr.strip() or "?"
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"? ({e})"


def parse_runtime(value):
    name, sep, path = value.partition("=")
    if not sep or not name or not path:
        raise argparse.ArgumentTypeError(f"expected NAME=PATH, got {value!r}")
    return name, os.path.realpath(path)


def find_tests(tools, only):
    tests = []
    for path in sorted(glob.glob(os.path.join(tools, "validation", "*", "*.t"))):
        name = os.path.basename(path)[:-2]
        if only and not any(fnmatch.fnmatchcase(name, pattern) for pattern in only):
            continue
        if os.access(path, os.X_OK):
            tests.append({"name": name, "path": path})
    return tests


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runtime-tools", required=True, metavar="DIR",
                        help="a built opencontainers/runtime-tools tree")
    parser.add_argument("--runtime", action="append", type=parse_runtime, metavar="NAME=PATH",
                        help="a runtime to test (repeatable; default: "
                             + ", ".join(f"{n}={p}" for n, p in DEFAULT_RUNTIMES) + ")")
    parser.add_argument("--out", metavar="FILE", help="markdown report")
    parser.add_argument("--json", metavar="FILE", help="JSON report")
    parser.add_argument("--timeout", type=float, default=120, metavar="SECONDS",
                        help="limit for one test executable under one runtime (default 120)")
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="run only this test (a name like linux_sysctl, or a glob; repeatable)")
    parser.add_argument("--no-trace", action="store_true",
                        help="give the suite the runtime itself, not the call-logging wrapper "
                             "(leftover containers can then not be found)")
    parser.add_argument("--keep-workdirs", action="store_true",
                        help="keep each run's temporary directory (TAP, stderr, runtime call log)")
    args = parser.parse_args()

    if os.geteuid() != 0:
        parser.error("the validation suite must run as root")
    runtimes = args.runtime or [(n, os.path.realpath(p)) for n, p in DEFAULT_RUNTIMES]
    if len({n for n, _ in runtimes}) != len(runtimes):
        parser.error("runtime names must be distinct")
    for name, path in runtimes:
        if not os.access(path, os.X_OK):
            parser.error(f"runtime {name}: {path} is not executable")
    tools = os.path.realpath(args.runtime_tools)
    arch = GOARCH.get(platform.machine(), platform.machine())
    rootfs = os.path.join(tools, f"rootfs-{arch}.tar.gz")
    for needed in (os.path.join(tools, "runtimetest"), rootfs):
        if not os.path.isfile(needed):
            parser.error(f"{needed} is missing: is {tools} a built runtime-tools tree?")
    if shutil.which("unshare") is None:
        parser.error("unshare (util-linux) is not on PATH")
    tests = find_tests(tools, args.only)
    if not tests:
        parser.error("no validation executables found (validation/*/*.t)")
    for test in tests:
        test["rootfs"] = rootfs

    version_file = os.path.join(tools, "VERSION")
    meta = {
        "argv": shlex.join([sys.executable] + sys.argv),
        "started": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "host": platform.node(),
        "kernel": platform.release(),
        "runtime_tools": tools,
        "runtime_tools_version": open(version_file).read().strip() if os.path.exists(version_file) else "?",
        "runtimes": dict(runtimes),
        "runtime_versions": {n: runtime_version(p) for n, p in runtimes},
        "runtime_sha256": {n: sha256(p) for n, p in runtimes},
        "timeout": args.timeout,
        "no_trace": args.no_trace,
        "preexisting_suite_cgroups": sorted(p for p in cgroup_dirs() if suite_cgroup(p, [])),
    }
    if meta["preexisting_suite_cgroups"]:
        log("suite cgroups already exist (left alone): " + ", ".join(meta["preexisting_suite_cgroups"]))

    records = []
    for index, test in enumerate(tests, 1):
        for name, path in runtimes:
            record = run_one(test, name, path, tools, args)
            records.append(record)
            log(f"[{index}/{len(tests)}] {test['name']:<36} {name:<10} {verdict(record):<12} "
                f"{record['passed']} passed, {record['failed']} failed, {record['skipped']} skipped "
                f"({record['seconds']} s)")
    meta["finished"] = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    summary = totals(records, runtimes)
    meta["rebuilt_during_run"] = {}
    for name, path in runtimes:
        builds = list(dict.fromkeys(r["runtime_binary"] for r in records if r["runtime"] == name))
        if len(builds) > 1 or sha256(path) != meta["runtime_sha256"][name]:
            meta["rebuilt_during_run"][name] = builds
            log(f"warning: {name} ({path}) changed during the run: {builds}")
    for name, t in summary.items():
        log(f"{name}: {t['clean']}/{t['tests']} clean, {t['passed']} subtests passed, "
            f"{t['failed']} failed, {t['skipped']} skipped")

    if args.json:
        with open(args.json, "w") as f:
            json.dump({"meta": meta, "totals": summary, "runs": records}, f, indent=2)
            f.write("\n")
    report = markdown(meta, records, runtimes, summary)
    if args.out:
        with open(args.out, "w") as f:
            f.write(report)
    elif not args.json:
        print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
