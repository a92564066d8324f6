import Synchronization

/// Compiled programs by resolved profile, so a process compiles each
/// filter once (every `exec` and health probe of a task reuses the task's).
/// Small and bounded: when full, the oldest entry goes.
final class SeccompProgramCache: Sendable {
    private struct State {
        var programs: [ResolvedSeccompProfile: SeccompProgram] = [:]
        var order: [ResolvedSeccompProfile] = []
    }

    private let state = Mutex(State())
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    func program(for profile: ResolvedSeccompProfile) -> SeccompProgram? {
        state.withLock { $0.programs[profile] }
    }

    /// Stores `program` unless another thread stored one for the same
    /// profile first; returns the one that is cached.
    func insert(_ program: SeccompProgram, for profile: ResolvedSeccompProfile) -> SeccompProgram {
        state.withLock { state in
            if let existing = state.programs[profile] { return existing }
            if state.order.count >= limit {
                state.programs[state.order.removeFirst()] = nil
            }
            state.programs[profile] = program
            state.order.append(profile)
            return program
        }
    }

    var count: Int { state.withLock { $0.programs.count } }
}
