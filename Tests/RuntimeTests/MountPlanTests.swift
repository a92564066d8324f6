import OCISpec
import Testing
@testable import Runtime

@Suite struct MountPlanTests {
    @Test func bindOptionsBecomeAttributes() throws {
        let plan = try MountPlan(OCIMount(destination: "/www", type: "bind", source: "/srv", options: ["rbind", "rprivate", "ro", "nosuid"]))
        #expect(plan.kind == .bind(recursive: true))
        #expect(plan.source == "/srv")
        #expect(plan.attributes == MountPlan.Attribute.readOnly | MountPlan.Attribute.noSetuid)
        #expect(plan.filesystemOptions.isEmpty)
    }

    @Test func filesystemOptionsGoToTheFilesystem() throws {
        let plan = try MountPlan(OCIMount(destination: "/tmp", type: "tmpfs", source: "tmpfs",
                                          options: ["nosuid", "nodev", "noexec", "size=65536k", "mode=1777", "rw"]))
        #expect(plan.kind == .filesystem(type: "tmpfs"))
        #expect(plan.attributes == MountPlan.Attribute.noSetuid | MountPlan.Attribute.noDevices | MountPlan.Attribute.noExec)
        #expect(plan.filesystemOptions == ["source=tmpfs", "size=65536k", "mode=1777"])
    }

    @Test func plainBindIsNotRecursive() throws {
        let plan = try MountPlan(OCIMount(destination: "/a", type: "none", source: "/b", options: ["bind"]))
        #expect(plan.kind == .bind(recursive: false))
    }

    @Test func unsupportedBindOptionsAndRelativeTargetsAreRefused() {
        #expect(throws: RuntimeError.self) { try MountPlan(OCIMount(destination: "/a", type: "bind", source: "/b", options: ["rbind", "sync"])) }
        #expect(throws: RuntimeError.self) { try MountPlan(OCIMount(destination: "a", type: "tmpfs")) }
    }

    /// runc passes filesystem data to mount(2), which ignores it for a bind.
    @Test func filesystemDataOnABindIsIgnored() throws {
        let plan = try MountPlan(OCIMount(destination: "/a", type: "bind", source: "/b", options: ["rbind", "mode=755", "size=1k", "strictatime"]))
        #expect(plan.filesystemOptions.isEmpty)
        #expect(plan.attributes == MountPlan.Attribute.strictAtime)
    }
}

@Suite struct MountPropagationTests {
    @Test func propagationOptionsBecomeFlags() throws {
        let slave = try MountPlan(OCIMount(destination: "/a", type: "tmpfs", options: ["rslave"]))
        #expect(slave.propagation == 1 << 19 && slave.propagationRecursive)
        let shared = try MountPlan(OCIMount(destination: "/a", type: "bind", source: "/b", options: ["bind", "shared"]))
        #expect(shared.propagation == 1 << 20 && !shared.propagationRecursive)
        #expect(try MountPlan(OCIMount(destination: "/a", type: "tmpfs", options: ["size=1m"])).propagation == 0)
    }
}
