import Glibc
import Runtime
import SystemPackage
import TaskSpec

extension TaskSupervisor {
    /// The poll loop: task exit, output, signals, control requests, the stop
    /// deadline. Returns once the task has exited and its output is drained.
    func superviseUntilExit() -> ExitStatus {
        var clients: [FileDescriptor] = []
        var exited = false
        while !exited {
            // What each polled fd is, in the same order as the pollfd array.
            enum Watch { case task, signals, output(Int), control, client(Int), probe, oom }
            var watches: [(Watch, FileDescriptor)] = [(.task, task.pidfd), (.signals, signals)]
            watches += outputs.indices.map { (.output($0), outputs[$0].fd) }
            if let control { watches.append((.control, control)) }
            if let oomNotifier { watches.append((.oom, oomNotifier)) }
            watches += clients.indices.map { (.client($0), clients[$0]) }
            var fds = watches.map { pollfd(fd: $0.1.rawValue, events: Int16(POLLIN), revents: 0) }
            // Probe descriptors are borrowed from the probe, with their own events.
            let probeFDs = health?.watched ?? []
            watches += probeFDs.map { (.probe, FileDescriptor(rawValue: $0.fd)) }
            fds += probeFDs.map { pollfd(fd: $0.fd, events: $0.events, revents: 0) }

            if poll(&fds, nfds_t(fds.count), pollTimeout()) < 0 && errno != EINTR { break }
            if let deadline = stopDeadline, Timestamp.monotonic() >= deadline {
                stopDeadline = nil
                try? task.signal(SIGKILL)
            }
            health?.tick(now: Timestamp.monotonic())
            var finishedOutputs = Set<Int>(), finishedClients = Set<Int>(), accepted: [FileDescriptor] = []
            for (position, (watch, fd)) in watches.enumerated() where fds[position].revents != 0 {
                switch watch {
                case .task:
                    exited = true
                case .signals:
                    if let signal = SignalSet.read(fd), signal != SIGHUP { beginStop(grace: nil) }
                case .output(let index):
                    if !copyOutput(fd, outputs[index].stream) { finishedOutputs.insert(index) }
                case .control:
                    if let client = accept(fd) { accepted.append(client) }
                case .client(let index):
                    serve(fd)
                    finishedClients.insert(index)
                case .probe:
                    health?.advance(fd: fd.rawValue, revents: fds[position].revents)
                case .oom:
                    drain(fd)
                    noteOOMKills()
                }
            }
            for index in finishedOutputs.sorted(by: >) { try? outputs.remove(at: index).fd.close() }
            for index in finishedClients.sorted(by: >) { try? clients.remove(at: index).close() }
            clients += accepted
        }
        for client in clients { try? client.close() }
        health?.stop()
        let status = (try? task.wait()) ?? nil
        drainOutputs()
        return status ?? ExitStatus(exitCode: 255)
    }

    /// The stop signal now, SIGKILL when the grace period is over.
    func beginStop(grace: Double?, reason: String = "stopped") {
        let seconds = grace ?? spec.stopGracePeriod.seconds
        if endReason == nil { endReason = reason }
        if !stopping {
            stopping = true
            bus.emit(TaskEvent(id: spec.id, type: .stopping, signal: spec.stopSignal.name))
            try? task.signal(spec.stopSignal.number)
        }
        let deadline = Timestamp.monotonic() + max(0, seconds)
        if stopDeadline.map({ deadline < $0 }) ?? true { stopDeadline = deadline }
        if seconds <= 0 { try? task.signal(SIGKILL) }
    }

    private func pollTimeout() -> Int32 {
        let deadlines = [stopDeadline, health?.deadline].compactMap { $0 }
        guard let deadline = deadlines.min() else { return -1 }
        return Int32(max(0, min(Double(Int32.max), (deadline - Timestamp.monotonic()) * 1000).rounded(.up)))
    }

    /// Copies one read of output to the log (and our own stdio in the foreground). False at EOF.
    private func copyOutput(_ fd: FileDescriptor, _ stream: JSONFileLog.Stream) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = (try? buffer.withUnsafeMutableBytes { try fd.read(into: $0, retryOnInterrupt: true) }) ?? 0
        guard count > 0 else { return false }
        log.append(buffer[0..<count], stream: stream)
        (stream == .stdout ? foregroundOutput : foregroundErrors)?.write(buffer[0..<count])
        return true
    }

    /// After the exit, whatever output is still in the pipes (bounded: a pipe
    /// held open by a stray process must not hold the supervisor).
    private func drainOutputs() {
        let deadline = Timestamp.monotonic() + 2
        while !outputs.isEmpty && Timestamp.monotonic() < deadline {
            var fds = outputs.map { pollfd(fd: $0.fd.rawValue, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), 200) > 0 else { continue }
            for (position, output) in outputs.enumerated().reversed() where fds[position].revents != 0 {
                if !copyOutput(output.fd, output.stream) { try? outputs.remove(at: position).fd.close() }
            }
        }
        for output in outputs { try? output.fd.close() }
        outputs = []
        log.flush()
    }

    private func accept(_ listener: FileDescriptor) -> FileDescriptor? {
        let fd = Glibc.accept(listener.rawValue, nil, nil)
        guard fd >= 0 else { return nil }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return FileDescriptor(rawValue: fd)
    }

    /// One request, one answer, then the connection is closed.
    private func serve(_ client: FileDescriptor) {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = (try? buffer.withUnsafeMutableBytes { try client.read(into: $0, retryOnInterrupt: true) }) ?? 0
        let line = String(decoding: buffer[0..<max(count, 0)], as: UTF8.self).trimmedWhitespace
        let answer: String
        switch ControlMessage(line: line) {
        case .stop(let grace):
            beginStop(grace: grace)
            answer = "ok"
        case .kill(let signal):
            do {
                try task.signal(signal)
                answer = "ok"
            } catch {
                answer = "error: \(error.reason)"
            }
        case .update(let update):
            answer = applyUpdate(update)
        case nil:
            answer = "error: unknown request"
        }
        _ = try? client.writeAll(Array((answer + "\n").utf8))
    }

    /// Emits an `oom` event for each new kill by the OOM killer in the task's cgroup.
    func noteOOMKills() {
        guard let kills = cgroup?.oomKills(), kills > oomKillsSeen else { return }
        oomKillsSeen = kills
        bus.emit(TaskEvent(id: spec.id, type: .oom, pid: task.pid))
    }

    private func drain(_ fd: FileDescriptor) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        _ = read(fd.rawValue, &buffer, buffer.count)
    }

    /// Records the exit, tells the sinks, and returns `run`'s exit code.
    func finish(_ status: ExitStatus) -> Int32 {
        noteOOMKills()
        // As docker's OOMKilled: the OOM killer acted in the task's cgroup.
        let oomKilled = oomKillsSeen > 0
        try? oomNotifier?.close()
        releaseNodeResources()
        state.status = .stopped
        state.finishedAt = Timestamp.now()
        state.exitCode = status.shellCode
        state.signal = status.signal.flatMap { TaskSpec.Signal.name(of: $0) }
        state.oomKilled = oomKilled
        try? control?.close()
        unlink(options.paths.controlSocket(spec.id))
        saveFinalState()
        bus.emit(TaskEvent(id: spec.id, type: .exited, exitCode: status.shellCode, signal: state.signal,
                           oomKilled: oomKilled, reason: endReason))
        lock = nil
        return status.shellCode
    }

    /// The exit must not be lost to a full disk: the write is retried for a
    /// while (space may come back), and the agent is told at once, its
    /// destinations get the `exited` event with the code regardless.
    private func saveFinalState() {
        let deadline = Timestamp.monotonic() + 30
        var warned = false
        while true {
            do {
                try saveState()
                return
            } catch {
                if !warned {
                    bus.warn(id: spec.id, "state: the exit (code \(state.exitCode.map(String.init) ?? "?")) is not written yet: \(error.message); retrying for 30 s")
                    warned = true
                }
                guard Timestamp.monotonic() < deadline else {
                    bus.warn(id: spec.id, "state: the exit could not be written: \(error.message)")
                    return
                }
                usleep(500_000)
            }
        }
    }
}
