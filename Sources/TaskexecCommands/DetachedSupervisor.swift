import Glibc
import Runtime
import Supervisor
import SystemPackage
import TaskSpec

/// `run --detach`: starts `taskexec supervise` as its own session, hands it
/// the spec over a pipe (never a file: it may hold secrets), and waits for
/// its word that the task runs.
enum DetachedSupervisor {
    static func start(_ source: SpecSource, global: GlobalOptions, events: [String], extra: [String]) throws(CommandFailure) {
        let specPipe: Pipe, readyPipe: Pipe
        do {
            specPipe = try Pipe()
            readyPipe = try Pipe()
        } catch {
            throw CommandFailure("pipe: \(error.reason)")
        }
        let inherited = Set(events.compactMap { text -> Int32? in
            if case .fd(let n) = EventSink.Destination(text) { return n }
            return nil
        })
        // The ready pipe goes to the first descriptor above stdio no --events fd uses.
        var readyFD: Int32 = 3
        while inherited.contains(readyFD) { readyFD += 1 }

        var arguments = ["taskexec", "supervise", "--root", global.paths.root, "--data-root", global.paths.dataRoot,
                         "--base-dir", source.baseDirectory, "--ready-fd", String(readyFD)] + extra
        for destination in events { arguments += ["--events", destination] }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, specPipe.readEnd.rawValue, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, readyPipe.writeEnd.rawValue, readyFD)
        for fd in inherited { posix_spawn_file_actions_adddup2(&actions, fd, fd) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(0x80))   // POSIX_SPAWN_SETSID

        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let spawned = posix_spawn(&pid, "/proc/self/exe", &actions, &attributes, argv, environ)
        try? specPipe.readEnd.close()
        try? readyPipe.writeEnd.close()
        guard spawned == 0 else {
            try? specPipe.writeEnd.close()
            try? readyPipe.readEnd.close()
            throw CommandFailure("start supervisor: \(Errno(rawValue: spawned).reason)")
        }
        _ = try? specPipe.writeEnd.writeAll(source.bytes)
        try? specPipe.writeEnd.close()
        let answer = String(decoding: (try? HostFile.readAll(readyPipe.readEnd)) ?? [], as: UTF8.self).trimmedWhitespace
        try? readyPipe.readEnd.close()
        if answer.hasPrefix("ok") { return }
        let words = answer.split(separator: " ", maxSplits: 2).map(String.init)
        if words.count == 3, words[0] == "error", let code = Int32(words[1]) {
            throw CommandFailure(words[2], exitCode: code)
        }
        throw CommandFailure("the supervisor exited before the task started")
    }
}
