import Testing
@testable import TaskSpec

@Suite struct ResourceTests {
    func resources(_ body: String) -> String { spec(#""resources": {\#(body)}"#) }

    @Test func allLimits() throws {
        let decoded = try decode(resources(#""cpus": 1.5, "memory": "256m", "memory_swap": "1g", "pids_limit": 200"#)).resources
        #expect(decoded == TaskSpec.Resources(cpus: 1.5, memory: 268_435_456, memorySwap: 1_073_741_824, pidsLimit: 200))
    }

    @Test func emptyObjectIsPresent() throws {
        #expect(try decode(resources("")).resources == TaskSpec.Resources())
    }

    @Test func cpus() throws {
        #expect(try decode(resources(#""cpus": 2"#)).resources?.cpus == 2)
        #expect(try decode(resources(#""cpus": 0.01"#)).resources?.cpus == 0.01)
        #expect(try decode(resources(#""cpus": 1024"#)).resources?.cpus == 1024)
        for bad in ["0", "-1", "1024.5", "0.0"] {
            #expect(decodeError(resources(#""cpus": \#(bad)"#)) == "resources.cpus: must be greater than 0 and at most 1024")
        }
    }

    @Test func memory() throws {
        #expect(try decode(resources(#""memory": "6m""#)).resources?.memory == 6_291_456)
        #expect(try decode(resources(#""memory": 6291456"#)).resources?.memory == 6_291_456)
        #expect(try decode(resources(#""memory": "1.5G""#)).resources?.memory == 1_610_612_736)
        #expect(decodeError(resources(#""memory": "5m""#)) == "resources.memory: minimum memory limit is 6m")
        #expect(decodeError(resources(#""memory": 6291455"#)) == "resources.memory: minimum memory limit is 6m")
        #expect(decodeError(resources(#""memory": "lots""#)) == #"resources.memory: invalid size "lots""#)
        #expect(decodeError(resources(#""memory": "-1""#)) == #"resources.memory: invalid size "-1""#)
        #expect(decodeError(resources(#""memory": -1"#)) == "resources.memory: must not be negative")
    }

    @Test func memorySwap() throws {
        #expect(try decode(resources(#""memory": "64m", "memory_swap": -1"#)).resources?.memorySwap == -1)
        #expect(try decode(resources(#""memory": "64m", "memory_swap": "-1""#)).resources?.memorySwap == -1)
        #expect(try decode(resources(#""memory_swap": -1"#)).resources?.memorySwap == -1)
        #expect(try decode(resources(#""memory": "64m", "memory_swap": "64m""#)).resources?.memorySwap == 67_108_864)
        #expect(try decode(resources(#""memory": "64m", "memory_swap": 134217728"#)).resources?.memorySwap == 134_217_728)
        #expect(decodeError(resources(#""memory_swap": "1g""#)) == "resources.memory_swap: requires resources.memory")
        #expect(decodeError(resources(#""memory": "64m", "memory_swap": "32m""#)) == "resources.memory_swap: must be at least resources.memory")
        #expect(decodeError(resources(#""memory": "64m", "memory_swap": 0"#)) == "resources.memory_swap: must be at least resources.memory")
        #expect(decodeError(resources(#""memory": "64m", "memory_swap": -2"#)) == "resources.memory_swap: must be a size or -1 (unlimited)")
        #expect(decodeError(resources(#""memory": "64m", "memory_swap": "-2""#)) == #"resources.memory_swap: invalid size "-2""#)
        #expect(decodeError(resources(#""memory": "64m", "memory_swap": true"#))
            == #"resources.memory_swap: expected a size (a string like "64m" or an integer), found a boolean"#)
    }

    @Test func pidsLimitIsStoredAsGiven() throws {
        #expect(try decode(resources(#""pids_limit": 0"#)).resources?.pidsLimit == 0)
        #expect(try decode(resources(#""pids_limit": -1"#)).resources?.pidsLimit == -1)
        #expect(try decode(resources(#""pids_limit": 4096"#)).resources?.pidsLimit == 4096)
        #expect(decodeError(resources(#""pids_limit": "100""#)) == "resources.pids_limit: expected an integer, found a string")
    }
}

/// docker's cpu-shares, cpuset, memory-reservation and blkio-weight fields.
@Suite struct SchedulingResourceTests {
    func resources(_ body: String) -> String { spec(#""resources": {\#(body)}"#) }

    @Test func accepted() throws {
        let decoded = try decode(resources(#""cpu_shares": 512, "cpuset_cpus": "0-3,6", "cpuset_mems": "0", "memory": "256m", "memory_reservation": "128m", "blkio_weight": 300"#)).resources
        #expect(decoded?.cpuShares == 512)
        #expect(decoded?.cpusetCpus == "0-3,6")
        #expect(decoded?.cpusetMems == "0")
        #expect(decoded?.memoryReservation == 128 << 20)
        #expect(decoded?.blkioWeight == 300)
        #expect(try decode(resources(#""cpu_shares": 0, "blkio_weight": 0"#)).resources == TaskSpec.Resources(), "0 is the default")
    }

    @Test func refusedWithTheField() {
        #expect(decodeError(resources(#""cpu_shares": 1"#)) == "resources.cpu_shares: must be 0 (the default) or from 2 to 262144")
        #expect(decodeError(resources(#""cpu_shares": 262145"#)) == "resources.cpu_shares: must be 0 (the default) or from 2 to 262144")
        #expect(decodeError(resources(#""blkio_weight": 9"#)) == "resources.blkio_weight: must be 0 (the default) or from 10 to 1000")
        #expect(decodeError(resources(#""blkio_weight": 1001"#)) == "resources.blkio_weight: must be 0 (the default) or from 10 to 1000")
        for bad in ["", "a", "1-", "-1", "3-1", "1,,2", "0 1", "1.5", "٣"] {
            #expect(decodeError(resources(#""cpuset_cpus": "\#(bad)""#))
                == #"resources.cpuset_cpus: invalid list "\#(bad)": numbers and ranges like "0-3,6""#)
        }
        #expect(decodeError(resources(#""cpuset_mems": 0"#)) == "resources.cpuset_mems: expected a string, found a number")
        #expect(decodeError(resources(#""memory_reservation": "5m""#)) == "resources.memory_reservation: minimum memory reservation is 6m")
        #expect(decodeError(resources(#""memory": "64m", "memory_reservation": "65m""#))
            == "resources.memory_reservation: must not be greater than the memory limit (67108864)")
    }

    @Test func cpusetLists() {
        #expect(ResourceRules.cpusetMembers("0-2,5") == [0, 1, 2, 5])
        #expect(ResourceRules.cpusetMembers("7") == [7])
        #expect(ResourceRules.cpusetMembers("0-99999") == nil)
    }
}

/// One rule for cpus → quota wherever a number of CPUs arrives (issue 19:
/// `update` truncated where the spec rounded).
@Suite struct ResourceRulesTests {
    @Test(arguments: [(0.333, 33_300), (0.00015, 15), (1.5, 150_000), (0.000_014_9, 1), (2.0 / 3.0, 66_667)])
    func cpusBecomeARoundedQuota(_ cpus: Double, _ quota: Int64) {
        #expect(ResourceRules.cpuQuota(cpus: cpus) == quota)
    }

    @Test func theSpecAndUpdateAgree() throws {
        let spec = try decode(#"{"id": "x", "rootfs": "/r", "command": ["true"], "resources": {"cpus": 0.00029}}"#)
        #expect(spec.resources?.cpus.map { ResourceRules.cpuQuota(cpus: $0) } == 29)
    }
}
