import CSpawn

/// Keeping descriptors from leaking across process boundaries.
public enum DescriptorHygiene {
    /// Closes every descriptor above stdio except `keep`.
    public static func closeAll(except keep: [Int32]) {
        _ = keep.withUnsafeBufferPointer { te_close_all_except($0.baseAddress, Int32($0.count)) }
    }
}
