//! Stable hashes: the same value on every run and platform, for ids that must survive rebuilds
//! (checklist items, a quiz's version, the handbook's storage namespace).

/// FNV-1a 64-bit hash of `text` as 16 lowercase hex digits.
pub(crate) fn hash_hex(text: &str) -> String {
    format!("{:016x}", fnv1a(text))
}

/// FNV-1a 64-bit hash of `text`.
pub(crate) fn fnv1a(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // FNV-1a's published test vectors.
        assert_eq!(hash_hex(""), "cbf29ce484222325");
        assert_eq!(hash_hex("a"), "af63dc4c8601ec8c");
    }
}
