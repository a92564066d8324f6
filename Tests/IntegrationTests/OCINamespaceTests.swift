import Foundation
import Testing

/// User namespaces, namespaces joined by path (mount and pid too) and mount
/// propagation, as runc applies them: the same tests against both.
@Suite(.enabled(if: Harness.canRun, Harness.skipReason))
struct OCINamespaceTests {
    private static let mapped = [["containerID": 0, "hostID": 100_000, "size": 65536]]

    private static func adding(_ namespace: [String: String], to config: inout [String: Any]) {
        var linux = config["linux"] as! [String: Any]
        var namespaces = (linux["namespaces"] as! [[String: String]]).filter { $0["type"] != namespace["type"] }
        namespaces.append(namespace)
        linux["namespaces"] = namespaces
        config["linux"] = linux
    }

    @Test("a user namespace: the parent writes the maps, the init is its root, exec enters it", arguments: RuntimeUnderTest.all)
    func userNamespace(runtime: RuntimeUnderTest) throws {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        let bundle = oci.bundle("userns", ["sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map; id -u; echo x > /dev/null && echo null-ok; sleep 100"]) { config in
            Self.adding(["type": "user"], to: &config)
            var linux = config["linux"] as! [String: Any]
            linux["uidMappings"] = Self.mapped
            linux["gidMappings"] = Self.mapped
            config["linux"] = linux
        }
        let created = oci.create("userns", bundle: bundle)
        try #require(created.code == 0, "\(created.stderr)")
        #expect(oci.call(["start", "userns"]).code == 0)
        #expect(Harness.eventually { oci.output("userns").contains("null-ok") }, "\(oci.output("userns"))")
        let lines = oci.output("userns").split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lines == ["0 100000 65536", "0 100000 65536", "0", "null-ok"], "\(lines)")
        // From the host: the init runs as host uid 100000.
        let pid = try #require(oci.state("userns")?["pid"] as? Int)
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        #expect(status.contains("Uid:\t100000\t100000\t100000\t100000"), "\(status)")
        let exec = oci.call(["exec", "userns", "cat", "/proc/self/uid_map"])
        #expect(exec.code == 0, "\(exec.stderr)")
        #expect(exec.stdout.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") == "0 100000 65536\n")
    }

    @Test("a user namespace without mappings is refused", arguments: RuntimeUnderTest.all)
    func userNamespaceNeedsMappings(runtime: RuntimeUnderTest) {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        let noMaps = oci.bundle("nomaps", ["true"]) { Self.adding(["type": "user"], to: &$0) }
        #expect(oci.create("nomaps", bundle: noMaps).code != 0)
        if runtime.isTaskexec {  // runc leaves this one to the kernel (exit 1); taskexec names the field, exit 2
            let overflowing = oci.bundle("overflow", ["true"]) { config in
                Self.adding(["type": "user"], to: &config)
                var linux = config["linux"] as! [String: Any]
                linux["uidMappings"] = [["containerID": 0, "hostID": 4_294_967_000, "size": 65536]]
                linux["gidMappings"] = Self.mapped
                config["linux"] = linux
            }
            let refused = oci.create("overflow", bundle: overflowing)
            #expect(refused.code == 2 && refused.stderr.contains("linux.uidMappings[0]"), "\(refused.stderr)")
            #expect(CgroupFiles.hierarchies.allSatisfy { !FileManager.default.fileExists(atPath: "\($0)/\(oci.cgroupPath("overflow"))") })
        }
    }

    @Test("another container's pid namespace is joined by path", arguments: RuntimeUnderTest.all)
    func joinMountAndPidNamespaces(runtime: RuntimeUnderTest) throws {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        // The owner of both: a container of its own (its mount and pid namespaces are new).
        #expect(oci.create("owner", bundle: oci.bundle("owner", ["sleep", "100"])).code == 0)
        #expect(oci.call(["start", "owner"]).code == 0)
        let owner = try #require(oci.state("owner")?["pid"] as? Int)
        func inode(_ type: String) -> String { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(owner)/ns/\(type)")) ?? "?" }
        let bundle = oci.bundle("joiner", ["sh", "-c", "readlink /proc/self/ns/pid; cat /proc/1/cmdline; echo"]) { config in
            Self.adding(["type": "pid", "path": "/proc/\(owner)/ns/pid"], to: &config)
        }
        let created = oci.create("joiner", bundle: bundle)
        try #require(created.code == 0, "\(created.stderr)")
        #expect(oci.call(["start", "joiner"]).code == 0)
        #expect(Harness.eventually { oci.output("joiner").split(separator: "\n").count >= 2 })
        let lines = oci.output("joiner").split(separator: "\n").map(String.init)
        #expect(lines.count == 2 && lines[0] == inode("pid"), "\(lines) vs \(inode("pid"))")
        // pid 1 in the joined pid namespace is the owner's init.
        #expect(lines.last?.replacingOccurrences(of: "\0", with: " ").hasPrefix("sleep 100") == true, "\(lines)")
    }

    @Test("rootfsPropagation and bind propagation options reach the mount table", arguments: RuntimeUnderTest.all)
    func propagation(runtime: RuntimeUnderTest) throws {
        let oci = OCIHarness(runtime)
        defer { oci.cleanUp() }
        let shared = oci.scratch + "/shared-source"
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        for (id, mode, bindOption, rootTag, bindTag) in [("slave", "rslave", "rprivate", "master:", nil as String?),
                                                          ("shared", "rshared", "rshared", "shared:", "shared:"),
                                                          ("private", "rprivate", "runbindable", nil, "unbindable")] {
            let bundle = oci.bundle(id, ["cat", "/proc/self/mountinfo"]) { config in
                var linux = config["linux"] as! [String: Any]
                linux["rootfsPropagation"] = mode
                config["linux"] = linux
                var mounts = config["mounts"] as! [[String: Any]]
                mounts.append(["destination": "/mnt", "type": "bind", "source": shared, "options": ["rbind", bindOption]])
                config["mounts"] = mounts
            }
            let created = oci.create(id, bundle: bundle)
            try #require(created.code == 0, "\(id): \(created.stderr)")
            #expect(oci.call(["start", id]).code == 0)
            #expect(Harness.eventually { oci.output(id).contains(" /mnt ") })
            let table = oci.output(id).split(separator: "\n")
            // Optional fields sit between the mount options (field 6) and " - ".
            func tags(_ point: String) -> String {
                guard let line = table.first(where: { $0.split(separator: " ")[4] == point }),
                      let dash = line.range(of: " - ") else { return "" }
                return line[..<dash.lowerBound].split(separator: " ").dropFirst(6).joined(separator: " ")
            }
            let bind = tags("/mnt")
            _ = rootTag  // "/" is a fresh bind of the rootfs: its tags depend on the host's mount of it
            #expect(bindTag.map { bind.contains($0) } ?? (!bind.contains("shared:")), "\(id) /mnt: \(bind)")
        }
    }
}
