import OCISpec
import Testing
@testable import Runtime

/// How an OCI `cgroup` mount is turned into mounts, from the host's mountinfo.
struct CgroupFilesystemMountTests {
    static let hybrid = """
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        37 31 0:34 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
        40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
        """
    static let unified = "30 23 0:27 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate"
    static let mount = OCIMount(destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["nosuid", "ro"])

    @Test func hierarchiesOfAHybridHost() {
        #expect(CgroupFilesystemMount.hierarchies(in: Self.hybrid).map(\.name) == ["cpu,cpuacct", "memory", "blkio", "systemd", "unified"])
        #expect(CgroupFilesystemMount.hierarchies(in: Self.hybrid)[3].options == ["name=systemd"])
    }

    @Test func withACgroupNamespaceEachHierarchyIsMountedAfresh() throws {
        let expansion = try CgroupFilesystemMount.expand(Self.mount, hostMountInfo: Self.hybrid, placement: nil)
        #expect(expansion.mounts.first?.kind == .filesystem(type: "tmpfs"))
        #expect(expansion.mounts[1].kind == .filesystem(type: "cgroup"))
        #expect(expansion.mounts[1].filesystemOptions == ["source=cgroup", "cpu", "cpuacct"])
        #expect(expansion.mounts.last?.kind == .filesystem(type: "cgroup2"))
        #expect(expansion.readOnlyAfterwards == ["/sys/fs/cgroup"])
        let tmpfsAttributes = try #require(expansion.mounts.first).attributes
        #expect(tmpfsAttributes & MountPlan.Attribute.readOnly == 0, "the tmpfs is made read-only after its mounts")
    }

    @Test func withoutOneTheContainersOwnDirectoriesAreBound() throws {
        let placement = CgroupFilesystemMount.Placement(
            containerPath: "libpod_parent/libpod-1", joined: ["cpu", "cpuacct", "memory"],
            procSelfCgroup: "5:blkio:/user.slice\n3:name=systemd:/init.scope\n0::/agent\n")
        let mounts = try CgroupFilesystemMount.expand(Self.mount, hostMountInfo: Self.hybrid, placement: placement).mounts
        #expect(mounts.dropFirst().map(\.source) == [
            "/sys/fs/cgroup/cpu,cpuacct/libpod_parent/libpod-1", "/sys/fs/cgroup/memory/libpod_parent/libpod-1",
            "/sys/fs/cgroup/blkio/user.slice", "/sys/fs/cgroup/systemd/init.scope", "/sys/fs/cgroup/unified/agent",
        ])
        #expect(mounts.dropFirst().allSatisfy { $0.kind == .bind(recursive: false) })
    }

    @Test func aUnifiedHostGetsOneMount() throws {
        let fresh = try CgroupFilesystemMount.expand(Self.mount, hostMountInfo: Self.unified, placement: nil).mounts
        #expect(fresh.map(\.kind) == [.filesystem(type: "cgroup2")])
        let placement = CgroupFilesystemMount.Placement(containerPath: "a/b", joined: [""], procSelfCgroup: "0::/x\n")
        let bound = try CgroupFilesystemMount.expand(Self.mount, hostMountInfo: Self.unified, placement: placement).mounts
        #expect(bound.map(\.source) == ["/sys/fs/cgroup/a/b"])
        #expect(try #require(bound.first).attributes & MountPlan.Attribute.readOnly != 0)
    }
}
