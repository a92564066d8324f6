extension TaskSpec {
    /// Fields whose feature is not built yet, each as
    /// `SpecError(path:, message: "not supported yet")`; empty when everything
    /// in the spec is supported. The decoder validates these fields fully; this
    /// list only says what cannot run yet, so nothing is silently ignored.
    ///
    /// It shrinks as features land: delete a check when its feature works.
    public func unsupportedFields() -> [SpecError] {
        var unsupported: [String] = []
        return unsupported.map { SpecError(path: $0, message: "not supported yet") }
    }
}
