//! Fresh record ids for new records, made without I/O so the core stays pure.

/// Fresh record ids: random-seeded by the shell, counted here, so the core stays pure.
#[derive(Debug, Clone, Default)]
pub struct Ids {
    pub seed: u64,
    count: u64,
}

impl Ids {
    /// A UUID (version 4 layout) from the seed and a counter.
    pub fn fresh(&mut self) -> String {
        use sha2::Digest;
        self.count += 1;
        let digest = sha2::Sha256::digest([self.seed.to_le_bytes(), self.count.to_le_bytes()].concat());
        let mut b: [u8; 16] = [0; 16];
        b.copy_from_slice(&digest[..16]);
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
        format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
    }
}
