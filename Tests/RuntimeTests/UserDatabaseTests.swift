import Runtime
import Testing

@Suite struct UserDatabaseTests {
    let passwd = """
        root:x:0:0:root:/root:/bin/sh
        # a comment
        nobody:x:65534:65534:nobody:/nonexistent:/bin/false
        app:x:1000:1000:app:/home/app:/bin/sh
        """
    let group = """
        root:x:0:
        staff:x:50:app,other
        wheel:x:10:other
        nobody:x:65534:
        app:x:1000:
        """

    func resolve(_ user: String?) throws -> ResolvedUser {
        try UserDatabase.resolve(user, passwd: passwd, group: group)
    }

    @Test func noUserIsRoot() throws {
        #expect(try resolve(nil) == ResolvedUser(uid: 0, gid: 0, home: "/root"))
    }

    @Test func nameGetsUidGidHomeAndSupplementaryGroups() throws {
        #expect(try resolve("app") == ResolvedUser(uid: 1000, gid: 1000, additionalGids: [50], home: "/home/app"))
    }

    @Test func numericUidFoundInPasswdUsesItsEntry() throws {
        #expect(try resolve("1000") == ResolvedUser(uid: 1000, gid: 1000, additionalGids: [50], home: "/home/app"))
    }

    @Test func numericUidNotInPasswdGetsGroupZero() throws {
        #expect(try resolve("4321") == ResolvedUser(uid: 4321, gid: 0, home: "/"))
    }

    @Test func explicitGroupByNumberOrName() throws {
        #expect(try resolve("app:10").gid == 10)
        #expect(try resolve("app:staff") == ResolvedUser(uid: 1000, gid: 50, additionalGids: [], home: "/home/app"))
        #expect(try resolve("app:10").additionalGids == [])
        #expect(try resolve("7:8") == ResolvedUser(uid: 7, gid: 8, home: "/"))
    }

    @Test func unknownNamesAreErrors() {
        #expect(throws: RuntimeError.self) { try resolve("ghost") }
        #expect(throws: RuntimeError.self) { try resolve("app:ghosts") }
        do {
            _ = try resolve("ghost")
        } catch let error as RuntimeError {
            #expect(error.description == "unable to find user ghost: no matching entries in passwd file")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
