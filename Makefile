# taskexec: `make demo` and `make test` do everything on a fresh Debian 12
# machine (as root): install packages, assemble fixtures, build, run.
SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
APT_PACKAGES := libseccomp-dev libcap-dev busybox-static iproute2 file containernetworking-plugins iptables gcc libc6-dev
# OCI runtime tests: runc beside taskexec (same tests); podman, containerd
# (ctr) and a CRI client (python3 grpcio) as real clients.
OCI_TEST_PACKAGES := runc podman containerd
CRI_CLIENT_MODULES := grpcio grpcio-tools
BIN_DEBUG := .build/debug/taskexec
BIN_RELEASE := .build/release/taskexec
# The Swift runtime and Foundation linked in: a process starts in ~60 % of
# the time (no symbol look-ups across 16 libraries) and a supervisor keeps
# less private memory (docs/benchmarks.md). Still PIE, for ASLR.
RELEASE_FLAGS := -c release --static-swift-stdlib

.PHONY: all deps oci-test-deps fixtures build release test test-vm unit-test demo clean bench oci-validation

all: build

# Installs only what is missing; `apt-get update` once when something is.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

oci-test-deps:
	@missing=""; for p in $(OCI_TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	@python3 -c 'import grpc, grpc_tools' 2>/dev/null || python3 -m pip install -q --root-user-action=ignore $(CRI_CLIENT_MODULES)

fixtures: deps rootfs-fixtures/busybox/bin/busybox

rootfs-fixtures/busybox/bin/busybox: rootfs-fixtures/build.sh rootfs-fixtures/probe.c
	sh rootfs-fixtures/build.sh

build: deps
	$(SWIFT) build --build-tests

release: deps
	$(SWIFT) build $(RELEASE_FLAGS)

# Unit tests need nothing but the toolchain; integration tests run as root
# against real namespaces and mounts, and skip with a reason otherwise.
test: deps oci-test-deps fixtures build
	$(SWIFT) test --skip-build

# The whole suite that touches the kernel again (integration, runtime and
# supervisor tests: lifecycle, exit codes, security, devices, secrets,
# health, cgroups, networking, OCI and podman), in a qemu VM booting Debian's
# kernel with a pure cgroup v2 hierarchy (this host is hybrid): see
# vm/README.md. The pure unit tests (spec, OCI model, translation) do not
# depend on the kernel and run once, on the host. Timing tests stretch their
# durations 20x: the VM's CPU is emulated in software.
VM_TESTS := ^(IntegrationTests|RuntimeTests|SupervisorTests)\.
test-vm: deps oci-test-deps fixtures build
	VM_TIMEOUT=1500 VM_HOST_TMP=1 vm/run.sh -e TASKEXEC_TEST_CYCLES=5 -e TASKEXEC_TEST_TIME_SCALE=20 -C $(CURDIR) -- \
	  .build/debug/taskexecPackageTests.xctest --testing-library swift-testing --filter '$(VM_TESTS)'

unit-test: deps
	$(SWIFT) test --filter 'TaskSpecTests|TranslationTests|OCISpecTests'

demo: deps fixtures release
	sh examples/demo.sh $(BIN_RELEASE)

# Benchmarks against runc (issue 8): writes docs/benchmarks.md.
# `make bench BENCH_FLAGS=--quick` for a quick check.
bench: deps fixtures
	@dpkg -s runc >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq runc >/dev/null; }
	$(SWIFT) build $(RELEASE_FLAGS)
	python3 bench/bench.py --taskexec $(BIN_RELEASE) --rootfs rootfs-fixtures/busybox --out docs/benchmarks.md $(BENCH_FLAGS)

# The opencontainers/runtime-tools validation suite against taskexec and runc
# in one run (docs/oci-runtime.md). Needs a runtime-tools tree whose
# validation executables are built (its own README says how); nothing of it is
# kept here: RUNTIME_TOOLS=/path/to/runtime-tools make oci-validation
oci-validation: build
	@test -n "$(RUNTIME_TOOLS)" || { echo "set RUNTIME_TOOLS to a built runtime-tools tree"; exit 2; }
	python3 bench/oci_validation.py --runtime-tools $(RUNTIME_TOOLS) --runtime taskexec=$(CURDIR)/$(BIN_DEBUG) \
	  --runtime runc=/usr/sbin/runc --out docs/oci-validation.md --json .build/oci-validation.json

clean:
	rm -rf .build rootfs-fixtures/busybox rootfs-fixtures/busybox-symlinks
