import Testing
@testable import TaskSpec

@Suite struct SignalTests {
    @Test(arguments: [
        ("SIGTERM", "SIGTERM", 15), ("TERM", "SIGTERM", 15), ("term", "SIGTERM", 15), ("SigTerm", "SIGTERM", 15), ("15", "SIGTERM", 15),
        ("SIGHUP", "SIGHUP", 1), ("1", "SIGHUP", 1), ("9", "SIGKILL", 9), ("SIGSYS", "SIGSYS", 31), ("31", "SIGSYS", 31),
        ("SIGIOT", "SIGABRT", 6), ("POLL", "SIGIO", 29), ("SIGCLD", "SIGCHLD", 17), ("SIGWINCH", "SIGWINCH", 28),
        ("SIGSTKFLT", "SIGSTKFLT", 16), ("PWR", "SIGPWR", 30), ("SIGUSR1", "SIGUSR1", 10), ("SIGUSR2", "SIGUSR2", 12),
        ("SIGRTMIN", "SIGRTMIN", 34), ("RTMIN", "SIGRTMIN", 34), ("34", "SIGRTMIN", 34), ("SIGRTMIN+0", "SIGRTMIN", 34),
        ("SIGRTMIN+3", "SIGRTMIN+3", 37), ("sigrtmin+3", "SIGRTMIN+3", 37), ("37", "SIGRTMIN+3", 37),
        ("SIGRTMIN+15", "SIGRTMIN+15", 49), ("SIGRTMIN+16", "SIGRTMAX-14", 50), ("SIGRTMIN+30", "SIGRTMAX", 64),
        ("SIGRTMAX", "SIGRTMAX", 64), ("64", "SIGRTMAX", 64), ("SIGRTMAX-1", "SIGRTMAX-1", 63), ("RTMAX-14", "SIGRTMAX-14", 50),
        ("SIGRTMAX-30", "SIGRTMIN", 34), ("015", "SIGTERM", 15),
    ] as [(String, String, Int32)])
    func parse(text: String, name: String, number: Int32) {
        #expect(TaskSpec.Signal.parse(text) == TaskSpec.Signal(name: name, number: number))
    }

    @Test(arguments: ["", "0", "32", "33", "65", "-1", "+9", "1000", "SIGFOO", "SIG", "SIGTERM ", " TERM", "SIGRTMIN+31",
                      "SIGRTMAX-31", "SIGRTMIN-1", "SIGRTMAX+1", "SIGRTMIN+", "SIGRTMIN+x", "SIGRTMIN+003", "SIGSIGTERM", "TERM15"])
    func unknown(text: String) {
        #expect(TaskSpec.Signal.parse(text) == nil)
    }

    @Test func names() {
        #expect(TaskSpec.Signal.name(of: 9) == "SIGKILL")
        #expect(TaskSpec.Signal.name(of: 2) == "SIGINT")
        #expect(TaskSpec.Signal.name(of: 36) == "SIGRTMIN+2")
        #expect(TaskSpec.Signal.name(of: 62) == "SIGRTMAX-2")
        for number in [0, 32, 33, 65, -1] as [Int32] {
            #expect(TaskSpec.Signal.name(of: number) == nil)
        }
    }

    @Test func everyNumberRoundTripsThroughItsName() throws {
        for number in Int32(1)...64 where number != 32 && number != 33 {
            let name = try #require(TaskSpec.Signal.name(of: number))
            #expect(TaskSpec.Signal.parse(name)?.number == number)
            #expect(TaskSpec.Signal.parse(String(number))?.name == name)
        }
    }
}
