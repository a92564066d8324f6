// swift-tools-version:6.0
import PackageDescription

// Layers (design.md §5), each depending only on those below it:
//   TaskSpec → OCISpec → Runtime (+ CSpawn) → Translation → Supervisor → TaskexecCommands → taskexec
//                                           → OCIRuntime ↗
let package = Package(
    name: "taskexec",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "taskexec", targets: ["taskexec"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
    ],
    targets: [
        // 1. The task spec: model, decoding with JSON paths, validation, units. No syscalls.
        .target(name: "TaskSpec"),
        // The OCI runtime-spec config.json as Codable types. No syscalls.
        .target(name: "OCISpec"),
        // 2. Everything between clone() and execve(): raw system calls on one prepared struct.
        .target(name: "CSpawn"),
        // libcap, for capability names to numbers (in the parent only).
        .systemLibrary(name: "CLibcap", providers: [.apt(["libcap-dev"])]),
        // libseccomp, to compile seccomp profiles to BPF (in the parent only).
        .systemLibrary(name: "CSeccomp", providers: [.apt(["libseccomp-dev"])]),
        // 2. Kernel work: mounts, namespaces, spawning and entering containers.
        .target(name: "Runtime", dependencies: [
            "OCISpec", "CSpawn", "CLibcap", "CSeccomp",
            .product(name: "SystemPackage", package: "swift-system"),
        ]),
        // 3. CNI: the standard plugins attach a task's network namespace.
        .target(name: "Network", dependencies: [
            "Runtime", .product(name: "SystemPackage", package: "swift-system"),
        ]),
        // Pure translation of a task spec into an OCI runtime config.
        .target(name: "Translation", dependencies: ["TaskSpec", "OCISpec", "Runtime"]),
        // 4. The shim: event loop, state store, event sinks, logs.
        .target(name: "Supervisor", dependencies: [
            "TaskSpec", "OCISpec", "Runtime", "Translation", "Network", "CSpawn",
            .product(name: "SystemPackage", package: "swift-system"),
        ]),
        // The OCI runtime command line's model (create/start/kill/delete...):
        // containers driven by podman or containerd, no supervisor.
        .target(name: "OCIRuntime", dependencies: [
            "OCISpec", "Runtime", .product(name: "SystemPackage", package: "swift-system"),
        ]),
        // 5. The CLI verbs, one file each, over the layers below.
        .target(name: "TaskexecCommands", dependencies: [
            "TaskSpec", "Runtime", "Supervisor", "Network", "OCIRuntime", "OCISpec",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "SystemPackage", package: "swift-system"),
        ]),
        .executableTarget(name: "taskexec", dependencies: ["TaskexecCommands"]),

        .testTarget(name: "TaskSpecTests", dependencies: ["TaskSpec"]),
        .testTarget(name: "OCISpecTests", dependencies: ["OCISpec"]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "OCISpec"]),
        .testTarget(name: "SupervisorTests", dependencies: ["Supervisor", "TaskSpec", "Runtime"]),
        .testTarget(name: "TranslationTests", dependencies: ["Translation", "TaskSpec", "OCISpec", "Runtime"]),
        .testTarget(name: "IntegrationTests", dependencies: [
            "Runtime", .product(name: "SystemPackage", package: "swift-system"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
