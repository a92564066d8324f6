import Testing
@testable import TaskSpec

/// Go's time.ParseDuration and Duration.String, checked against cases from Go's own tests.
@Suite struct DurationTests {
    @Test(arguments: [
        ("0", 0), ("-0", 0), ("+0", 0), ("0s", 0), ("5s", 5_000_000_000), ("30s", 30_000_000_000), ("1478s", 1_478_000_000_000),
        ("-5s", -5_000_000_000), ("+5s", 5_000_000_000), ("-0s", 0),
        ("5.0s", 5_000_000_000), ("5.6s", 5_600_000_000), ("5.s", 5_000_000_000), (".5s", 500_000_000),
        ("1.004s", 1_004_000_000), ("100.00100s", 100_001_000_000),
        ("10ns", 10), ("11us", 11_000), ("12\u{00B5}s", 12_000), ("12\u{03BC}s", 12_000), ("13ms", 13_000_000),
        ("15m", 900_000_000_000), ("16h", 57_600_000_000_000),
        ("1m30s", 90_000_000_000), ("500ms", 500_000_000), ("1.5h", 5_400_000_000_000), ("3h30m", 12_600_000_000_000),
        ("10.5s4m", 250_500_000_000), ("-2m3.4s", -123_400_000_000), ("1h2m3s4ms5us6ns", 3_723_004_005_006),
        ("39h9m14.425s", 140_954_425_000_000), ("52763797000ns", 52_763_797_000),
        ("0.3333333333333333333h", 1_200_000_000_000), ("9007199254740993ns", 9_007_199_254_740_993),
        ("9223372036854775807ns", Int64.max), ("9223372036.854775807s", Int64.max), ("-9223372036854775808ns", Int64.min),
        ("0.100000000000000000000h", 360_000_000_000), ("0.830103483285477580700h", 2_988_372_539_827),
    ] as [(String, Int64)])
    func parse(text: String, nanoseconds: Int64) {
        #expect(Units.parseDuration(text) == .nanoseconds(nanoseconds))
    }

    @Test(arguments: ["", "3", "-", "s", ".", "-.", ".s", "+.s", "1d", "1S", "1 s", " 1s", "1s ", "1sec", "1.5", "-1", "--1s",
                      "\u{85}\u{85}", "1\u{FFFF}", "9223372036854775808ns", "9223372036854775.808s", "-9223372036854775809ns",
                      "3000000h", "1e3s", "0x10s"])
    func invalid(text: String) {
        #expect(Units.parseDuration(text) == nil)
    }

    @Test(arguments: [
        (0, "0s"), (1, "1ns"), (999, "999ns"), (1_100, "1.1\u{00B5}s"), (2_200_000, "2.2ms"), (500_000_000, "500ms"),
        (3_300_000_000, "3.3s"), (30_000_000_000, "30s"), (90_000_000_000, "1m30s"), (245_000_000_000, "4m5s"),
        (245_001_000_000, "4m5.001s"), (18_367_001_000_000, "5h6m7.001s"), (480_000_000_001, "8m0.000000001s"),
        (3_600_000_000_000, "1h0m0s"), (60_000_000_000, "1m0s"), (-1_500_000_000, "-1.5s"), (-1, "-1ns"),
        (Int64.max, "2562047h47m16.854775807s"), (Int64.min, "-2562047h47m16.854775808s"),
    ] as [(Int64, String)])
    func format(nanoseconds: Int64, text: String) {
        #expect(Units.formatDuration(.nanoseconds(nanoseconds)) == text)
    }

    @Test func subNanosecondPrecisionIsDropped() {
        #expect(Units.formatDuration(.nanoseconds(1) + .seconds(0.0000000004)) == "1ns")
        #expect(Units.formatDuration(.seconds(0.0000000004)) == "0s")
    }

    @Test(arguments: [
        0, 1, 999, 1_000, 1_500, 999_999, 1_000_000, 123_456_789, 1_000_000_000, 59_999_999_999, 60_000_000_000,
        3_599_999_999_999, 3_600_000_000_000, 86_400_000_000_123, -42, -90_000_000_000, Int64.max, Int64.min,
    ] as [Int64])
    func roundTrip(nanoseconds: Int64) {
        let duration = Duration.nanoseconds(nanoseconds)
        #expect(Units.parseDuration(Units.formatDuration(duration)) == duration)
    }

    @Test(arguments: ["30s", "1m30s", "500ms", "1h0m0s", "1.5µs", "100ns", "2h45m0.5s", "-1m0s"])
    func formatOfParseIsIdentityForCanonicalText(text: String) {
        #expect(Units.parseDuration(text).map(Units.formatDuration) == text)
    }
}
