#!/usr/bin/env python3
"""Run one pod through a CRI server the way a kubelet does, and check it.

    cri_client.py --endpoint unix:///path/containerd.sock --image NAME \
                  --scratch DIR [--handler taskexec]

The image must already be in the server's image store (no pull is made).
Steps: Version, RunPodSandbox (host network, a cgroupfs-style cgroup parent of
its own, RUNTIME handler), CreateContainer (a shell loop printing to stdout,
kubelet-style cpu and memory limits), StartContainer, ExecSync,
UpdateContainerResources, ContainerStats, StopContainer, ContainerStatus, the
CRI log file, RemoveContainer, StopPodSandbox, RemovePodSandbox. The
container's cgroup files are read from the host after start and after the
update (cgroup v1 and v2, whichever the host has).

Prints one JSON object of everything observed to stdout. Exits 0 when every
call succeeded and every check held; otherwise 1, with each failure (named by
its step) on stderr. The stubs are generated from cri.proto, beside this file,
into a temporary directory at every run (needs grpcio and grpcio-tools)."""
import argparse
import importlib
import json
import os
import re
import secrets
import sys
import tempfile
import time

import grpc
from grpc_tools import protoc

MIB = 1 << 20
# What the container is created with and updated to (kubelet units: shares,
# CFS period/quota in microseconds, bytes).
CREATE_RESOURCES = dict(cpu_shares=512, cpu_period=100000, cpu_quota=50000, memory_limit_in_bytes=64 * MIB)
UPDATE_RESOURCES = dict(cpu_shares=256, cpu_period=100000, cpu_quota=50000, memory_limit_in_bytes=96 * MIB)
LOG_TEXT = "hello from cri"
LOOP = "i=0; trap 'exit 0' TERM; while true; do i=$((i+1)); echo \"%s $i\"; sleep 1; done" % LOG_TEXT
EXEC_COMMAND = ["sh", "-c", "echo out; echo err >&2; exit 3"]
# One line of the CRI log format: TIMESTAMP STREAM TAG(F full, P partial) TEXT
CRI_LOG_LINE = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) (stdout|stderr) ([FP]) (.*)$")


class StepFailed(Exception):
    """A call or a required observation failed: the run cannot go on."""

    def __init__(self, step, message):
        super().__init__("%s: %s" % (step, message))
        self.step = step


def load_stubs(workdir):
    """Generates cri_pb2 and cri_pb2_grpc from cri.proto into workdir and imports them."""
    proto_dir = os.path.dirname(os.path.abspath(__file__))
    code = protoc.main(["protoc", "-I", proto_dir, "--python_out=" + workdir,
                        "--grpc_python_out=" + workdir, os.path.join(proto_dir, "cri.proto")])
    if code != 0:
        raise StepFailed("stubs", "protoc failed on cri.proto (exit %d)" % code)
    sys.path.insert(0, workdir)
    return importlib.import_module("cri_pb2"), importlib.import_module("cri_pb2_grpc")


# --- cgroups, read from the host ------------------------------------------------

def cgroup_mounts():
    """Mount point of each cgroup hierarchy under /sys/fs/cgroup, keyed by its
    v1 controllers ("cpu", "memory", "name=systemd", ...) or "" for cgroup2."""
    mounts = {}
    with open("/proc/self/mountinfo") as f:
        for line in f:
            before, _, after = line.partition(" - ")
            fields, tail = before.split(), after.split()
            point, fstype = fields[4], tail[0]
            if not point.startswith("/sys/fs/cgroup"):
                continue
            if fstype == "cgroup2":
                mounts[""] = point
            elif fstype == "cgroup":
                # The super options list the hierarchy's controllers.
                for option in tail[2].split(","):
                    if option not in ("rw", "ro") and not option.startswith("release_agent"):
                        mounts[option] = point
    return mounts


def process_cgroups(pid):
    """The cgroup path of pid in each hierarchy: {controller or "": path}."""
    paths = {}
    with open("/proc/%d/cgroup" % pid) as f:
        for line in f:
            _, controllers, path = line.rstrip("\n").split(":", 2)
            for controller in controllers.split(",") if controllers else [""]:
                paths[controller] = path
    return paths


def read_file(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return None


def cgroup_values(pid):
    """The limits the kernel holds for pid's cgroups: v1 files where the host
    has v1 controllers, v2 files where its cgroup2 hierarchy has them (a hybrid
    host's unified hierarchy usually has none: those read as null)."""
    mounts, paths = cgroup_mounts(), process_cgroups(pid)

    def file_in(controller, name):
        if controller not in mounts or controller not in paths:
            return None
        return read_file(os.path.join(mounts[controller], paths[controller].lstrip("/"), name))

    return {
        "pid": pid,
        "paths": {controller or "unified": path for controller, path in sorted(paths.items())},
        "v1": {
            "memory.limit_in_bytes": file_in("memory", "memory.limit_in_bytes"),
            "cpu.shares": file_in("cpu", "cpu.shares"),
            "cpu.cfs_quota_us": file_in("cpu", "cpu.cfs_quota_us"),
            "cpu.cfs_period_us": file_in("cpu", "cpu.cfs_period_us"),
        },
        "v2": {
            "memory.max": file_in("", "memory.max"),
            "cpu.weight": file_in("", "cpu.weight"),
            "cpu.max": file_in("", "cpu.max"),
        },
    }


def shares_to_weight(shares):
    """runc's conversion of v1 cpu.shares to v2 cpu.weight."""
    return 0 if shares == 0 else 1 + ((shares - 2) * 9999) // 262142


def parent_dirs(cgroup_parent):
    """Where the pod's cgroup parent lies in every hierarchy (existing or not)."""
    return sorted({os.path.join(point, cgroup_parent.lstrip("/")) for point in cgroup_mounts().values()})


# --- the run ---------------------------------------------------------------------

class PodRun:
    def __init__(self, args, pb, pb_grpc):
        self.args, self.pb = args, pb
        self.stub = pb_grpc.RuntimeServiceStub(grpc.insecure_channel(args.endpoint))
        tag = secrets.token_hex(4)
        self.cgroup_parent = "/kubepods-test-" + tag
        self.pod_name = "cri-client-" + tag
        self.log_directory = os.path.join(os.path.abspath(args.scratch), "pods", self.pod_name)
        self.sandbox_id = None
        self.container_id = None
        self.sandbox_config = None
        self.current_step = "start"
        self.observed = {"handler": args.handler, "image": args.image, "cgroup_parent": self.cgroup_parent}
        self.passed, self.failed = [], []

    def call(self, step, method, request, timeout=60):
        """One RPC; a gRPC error ends the run, naming the step."""
        try:
            return getattr(self.stub, method)(request, timeout=timeout)
        except grpc.RpcError as error:
            raise StepFailed(step, "%s: %s" % (error.code().name, error.details()))

    def check(self, step, what, ok):
        """A check that does not stop the run: all of them are reported."""
        (self.passed if ok else self.failed).append("%s: %s" % (step, what))
        return ok

    def status(self, step, verbose=False):
        response = self.call(step, "ContainerStatus",
                             self.pb.ContainerStatusRequest(container_id=self.container_id, verbose=verbose))
        return response.status, dict(response.info)

    # Each step records what it saw under observed[step name].

    def version(self):
        response = self.call("Version", "Version", self.pb.VersionRequest(version="v1"))
        self.observed["Version"] = {"runtime_name": response.runtime_name, "runtime_version": response.runtime_version,
                                    "runtime_api_version": response.runtime_api_version}

    def run_pod_sandbox(self):
        pb = self.pb
        os.makedirs(self.log_directory, exist_ok=True)  # the kubelet makes the pod's log directory
        # Host network: no CNI plugin or network namespace is needed.
        namespaces = pb.NamespaceOption(network=pb.NODE, pid=pb.CONTAINER, ipc=pb.POD)
        self.sandbox_config = pb.PodSandboxConfig(
            metadata=pb.PodSandboxMetadata(name=self.pod_name, uid=secrets.token_hex(16),
                                           namespace="taskexec-test", attempt=0),
            log_directory=self.log_directory,
            linux=pb.LinuxPodSandboxConfig(
                cgroup_parent=self.cgroup_parent,
                security_context=pb.LinuxSandboxSecurityContext(namespace_options=namespaces)))
        response = self.call("RunPodSandbox", "RunPodSandbox",
                             pb.RunPodSandboxRequest(config=self.sandbox_config, runtime_handler=self.args.handler),
                             timeout=120)
        self.sandbox_id = response.pod_sandbox_id
        self.observed["RunPodSandbox"] = {"pod_sandbox_id": self.sandbox_id, "log_directory": self.log_directory}

    def create_container(self):
        pb = self.pb
        # The kubelet's layout: LOG_DIRECTORY/CONTAINER/RESTARTS.log, the directory made by it.
        os.makedirs(os.path.join(self.log_directory, "loop"), exist_ok=True)
        config = pb.ContainerConfig(
            metadata=pb.ContainerMetadata(name="loop", attempt=0),
            image=pb.ImageSpec(image=self.args.image),
            command=["sh", "-c", LOOP],
            log_path="loop/0.log",
            linux=pb.LinuxContainerConfig(
                resources=pb.LinuxContainerResources(**CREATE_RESOURCES),
                # The kubelet repeats the pod's namespace modes on each container.
                security_context=pb.LinuxContainerSecurityContext(
                    namespace_options=self.sandbox_config.linux.security_context.namespace_options)))
        response = self.call("CreateContainer", "CreateContainer",
                             pb.CreateContainerRequest(pod_sandbox_id=self.sandbox_id, config=config,
                                                       sandbox_config=self.sandbox_config), timeout=120)
        self.container_id = response.container_id
        self.observed["CreateContainer"] = {"container_id": self.container_id, "resources": CREATE_RESOURCES}

    def start_container(self):
        self.call("StartContainer", "StartContainer", self.pb.StartContainerRequest(container_id=self.container_id),
                  timeout=120)
        status, info = self.status("StartContainer", verbose=True)
        # containerd puts the task's pid in the verbose info (JSON under "info").
        pid = json.loads(info.get("info", "{}")).get("pid", 0)
        self.observed["StartContainer"] = {"state": self.pb.ContainerState.Name(status.state), "pid": pid}
        self.check("StartContainer", "state is CONTAINER_RUNNING", status.state == self.pb.CONTAINER_RUNNING)
        if not pid:
            raise StepFailed("StartContainer", "no pid in the verbose ContainerStatus info: %r" % info)
        self.pid = pid
        # The limits CreateContainer asked for (the task only exists from StartContainer on in containerd).
        self.observed["cgroup_after_create"] = self.check_cgroup("cgroup after create", CREATE_RESOURCES)

    def check_cgroup(self, step, expected):
        """Reads the container's cgroup files and checks them against expected;
        at least one memory and one cpu value must be readable."""
        try:
            values = cgroup_values(self.pid)
        except OSError as error:
            raise StepFailed(step, "cannot read the cgroups of pid %d: %s" % (self.pid, error))
        v1, v2 = values["v1"], values["v2"]
        memory, shares, quota, period = (expected["memory_limit_in_bytes"], expected["cpu_shares"],
                                         expected["cpu_quota"], expected["cpu_period"])
        self.check(step, "a memory limit file is readable",
                   v1["memory.limit_in_bytes"] is not None or v2["memory.max"] is not None)
        self.check(step, "a cpu file is readable", v1["cpu.shares"] is not None or v2["cpu.weight"] is not None)
        if v1["memory.limit_in_bytes"] is not None:
            self.check(step, "v1 memory.limit_in_bytes == %d" % memory, v1["memory.limit_in_bytes"] == str(memory))
        if v1["cpu.shares"] is not None:
            self.check(step, "v1 cpu.shares == %d" % shares, v1["cpu.shares"] == str(shares))
        if v1["cpu.cfs_quota_us"] is not None:
            self.check(step, "v1 cpu.cfs_quota_us == %d" % quota, v1["cpu.cfs_quota_us"] == str(quota))
            self.check(step, "v1 cpu.cfs_period_us == %d" % period, v1["cpu.cfs_period_us"] == str(period))
        if v2["memory.max"] is not None:
            self.check(step, "v2 memory.max == %d" % memory, v2["memory.max"] == str(memory))
        if v2["cpu.weight"] is not None:
            weight = shares_to_weight(shares)
            self.check(step, "v2 cpu.weight == %d" % weight, v2["cpu.weight"] == str(weight))
        if v2["cpu.max"] is not None:
            self.check(step, "v2 cpu.max == '%d %d'" % (quota, period), v2["cpu.max"] == "%d %d" % (quota, period))
        return values

    def exec_sync(self):
        response = self.call("ExecSync", "ExecSync",
                             self.pb.ExecSyncRequest(container_id=self.container_id, cmd=EXEC_COMMAND, timeout=30),
                             timeout=60)
        stdout, stderr = response.stdout.decode(errors="replace"), response.stderr.decode(errors="replace")
        self.observed["ExecSync"] = {"cmd": EXEC_COMMAND, "stdout": stdout, "stderr": stderr,
                                     "exit_code": response.exit_code}
        self.check("ExecSync", "stdout == 'out\\n'", stdout == "out\n")
        self.check("ExecSync", "stderr == 'err\\n'", stderr == "err\n")
        self.check("ExecSync", "exit_code == 3", response.exit_code == 3)

    def update_container_resources(self):
        # A kubelet sends the whole set again, changed or not.
        self.call("UpdateContainerResources", "UpdateContainerResources",
                  self.pb.UpdateContainerResourcesRequest(
                      container_id=self.container_id, linux=self.pb.LinuxContainerResources(**UPDATE_RESOURCES)))
        self.observed["UpdateContainerResources"] = {"resources": UPDATE_RESOURCES}
        self.observed["cgroup_after_update"] = self.check_cgroup("cgroup after update", UPDATE_RESOURCES)

    def container_stats(self):
        stats = self.call("ContainerStats", "ContainerStats",
                          self.pb.ContainerStatsRequest(container_id=self.container_id)).stats
        cpu, memory = stats.cpu, stats.memory
        observed = {
            "cpu_present": stats.HasField("cpu"),
            "cpu_usage_core_nano_seconds": cpu.usage_core_nano_seconds.value
            if cpu.HasField("usage_core_nano_seconds") else None,
            "memory_present": stats.HasField("memory"),
            "memory_working_set_bytes": memory.working_set_bytes.value if memory.HasField("working_set_bytes") else None,
            "memory_usage_bytes": memory.usage_bytes.value if memory.HasField("usage_bytes") else None,
        }
        self.observed["ContainerStats"] = observed
        self.check("ContainerStats", "cpu usage present",
                   observed["cpu_present"] and observed["cpu_usage_core_nano_seconds"] is not None)
        self.check("ContainerStats", "memory usage > 0", (observed["memory_usage_bytes"] or 0) > 0)

    def stop_container(self):
        started = time.monotonic()
        self.call("StopContainer", "StopContainer",
                  self.pb.StopContainerRequest(container_id=self.container_id, timeout=2), timeout=60)
        self.observed["StopContainer"] = {"timeout": 2, "seconds": round(time.monotonic() - started, 2)}

    def container_status(self):
        status, _ = self.status("ContainerStatus")
        self.observed["ContainerStatus"] = {
            "state": self.pb.ContainerState.Name(status.state), "exit_code": status.exit_code,
            "reason": status.reason, "message": status.message, "log_path": status.log_path,
            "started_at": status.started_at, "finished_at": status.finished_at}
        self.check("ContainerStatus", "state is CONTAINER_EXITED", status.state == self.pb.CONTAINER_EXITED)
        self.log_path = status.log_path or os.path.join(self.log_directory, "loop/0.log")

    def container_log(self):
        # The shim copies output to the file on its own: give it a moment.
        deadline = time.monotonic() + 5
        while True:
            try:
                with open(self.log_path, errors="replace") as f:
                    lines = f.read().splitlines()
            except OSError as error:
                raise StepFailed("container log", "cannot read %s: %s" % (self.log_path, error))
            if any(LOG_TEXT in line for line in lines) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        parsed = [CRI_LOG_LINE.match(line) for line in lines]
        self.observed["container_log"] = {"path": self.log_path, "line_count": len(lines), "lines": lines[:20]}
        self.check("container log", "every line is in the CRI log format", all(parsed) and bool(lines))
        self.check("container log", "a full stdout line '%s N'" % LOG_TEXT,
                   any(m and m.group(2) == "stdout" and m.group(3) == "F" and re.fullmatch(LOG_TEXT + r" \d+", m.group(4))
                       for m in parsed))

    def remove_container(self):
        self.call("RemoveContainer", "RemoveContainer", self.pb.RemoveContainerRequest(container_id=self.container_id))
        self.container_id = None

    def stop_pod_sandbox(self):
        self.call("StopPodSandbox", "StopPodSandbox", self.pb.StopPodSandboxRequest(pod_sandbox_id=self.sandbox_id),
                  timeout=120)

    def remove_pod_sandbox(self):
        self.call("RemovePodSandbox", "RemovePodSandbox",
                  self.pb.RemovePodSandboxRequest(pod_sandbox_id=self.sandbox_id))
        self.sandbox_id = None

    def cgroups_left(self):
        """After the pod is gone, the runtime must have removed the sandbox's and
        the container's cgroups: only the (empty) parent may be left."""
        left = []
        for parent in parent_dirs(self.cgroup_parent):
            if os.path.isdir(parent):
                left += [os.path.join(parent, name) for name in sorted(os.listdir(parent))
                         if os.path.isdir(os.path.join(parent, name))]
        self.observed["cgroups_left_under_parent"] = left
        self.check("RemovePodSandbox", "no cgroup left under the pod's cgroup parent", not left)

    def run(self):
        for step in (self.version, self.run_pod_sandbox, self.create_container, self.start_container,
                     self.exec_sync, self.update_container_resources, self.container_stats, self.stop_container,
                     self.container_status, self.container_log, self.remove_container, self.stop_pod_sandbox,
                     self.remove_pod_sandbox, self.cgroups_left):
            self.current_step = step.__name__
            step()

    def clean_up(self):
        """Best effort after a failure: the container and the pod go, errors ignored."""
        pb = self.pb
        attempts = []
        if self.container_id:
            attempts += [("StopContainer", pb.StopContainerRequest(container_id=self.container_id, timeout=0)),
                         ("RemoveContainer", pb.RemoveContainerRequest(container_id=self.container_id))]
        if self.sandbox_id:
            attempts += [("StopPodSandbox", pb.StopPodSandboxRequest(pod_sandbox_id=self.sandbox_id)),
                         ("RemovePodSandbox", pb.RemovePodSandboxRequest(pod_sandbox_id=self.sandbox_id))]
        for method, request in attempts:
            try:
                getattr(self.stub, method)(request, timeout=60)
            except grpc.RpcError as error:
                print("cleanup: %s: %s" % (method, error.details()), file=sys.stderr)

    def remove_cgroup_parent(self):
        """The runtime made the parent directories (as a kubelet would have made
        them); they are this run's alone, so they go: rmdir only, empty ones."""
        for parent in parent_dirs(self.cgroup_parent):
            if os.path.isdir(parent):
                for name in os.listdir(parent):  # children only after a failed run
                    try:
                        os.rmdir(os.path.join(parent, name))
                    except OSError:
                        pass
                try:
                    os.rmdir(parent)
                except OSError as error:
                    print("cleanup: rmdir %s: %s" % (parent, error), file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint", required=True, help="unix:///path/to/cri.sock")
    parser.add_argument("--image", required=True, help="an image already in the server's store")
    parser.add_argument("--scratch", required=True, help="a directory for the pod's logs")
    parser.add_argument("--handler", default="taskexec", help="the CRI runtime handler (default: taskexec)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cri-stubs-") as workdir:
        try:
            pb, pb_grpc = load_stubs(workdir)
        except StepFailed as error:
            print(error, file=sys.stderr)
            return 1
        pod = PodRun(args, pb, pb_grpc)
        error = None
        try:
            pod.run()
        except StepFailed as failure:
            error = failure
        except Exception as failure:  # a bug here or a broken reply: still clean up
            error = StepFailed(pod.current_step, "%s: %s" % (type(failure).__name__, failure))
        if error:
            pod.clean_up()
        pod.remove_cgroup_parent()

    pod.observed["checks_passed"] = pod.passed
    pod.observed["checks_failed"] = pod.failed
    pod.observed["failed_step"] = error.step if error else None
    pod.observed["ok"] = error is None and not pod.failed
    print(json.dumps(pod.observed, indent=2))
    if error:
        print("FAILED %s" % error, file=sys.stderr)
    for failure in pod.failed:
        print("CHECK FAILED %s" % failure, file=sys.stderr)
    return 0 if pod.observed["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
