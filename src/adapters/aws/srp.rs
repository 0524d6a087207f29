//! The client half of Cognito's SRP sign-in (`USER_SRP_AUTH`): SRP-6a over RFC 5054's
//! 3072-bit group, with Cognito's own choices, as Amplify's JavaScript library and pycognito
//! compute them: numbers are hashed in their "padded hex" form (big-endian, with a leading
//! zero byte when the high bit is set, as if signed), the password key comes from HKDF with
//! the info "Caldera Derived Key", and the claim is an HMAC over the pool, the user, Cognito's
//! secret block and a timestamp. The password never leaves this machine; only `A` and the
//! claim's signature do.

use std::sync::OnceLock;

use hmac::{Hmac, KeyInit, Mac};
use num_bigint::BigUint;
use sha2::{Digest, Sha256};

use crate::util::{base64, timefmt};

/// RFC 5054's 3072-bit prime, the group Cognito uses (generator 2).
const N_HEX: &str = "\
    FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD\
    EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED\
    EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F\
    83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B\
    E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510\
    15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7\
    ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C\
    BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

/// The generator.
const G: u32 = 2;

/// HKDF's info for the password key.
const INFO: &[u8] = b"Caldera Derived Key";

/// How many random bytes make the secret exponent: 1024 bits, as Cognito's own clients use.
const SECRET_BYTES: usize = 128;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SrpError {
    #[error("the system's random source failed: {0}")]
    Random(String),
    #[error("Cognito's {0} is not a hex number")]
    NotHex(&'static str),
    #[error("Cognito's SRP_B is zero modulo N, which SRP must refuse")]
    UnsafeB,
    #[error("A and B hash to u = 0, which SRP must refuse: sign in again")]
    UnsafeU,
    #[error("the pool id {0} has no '_' (it should look like us-east-1_AbCdEf123)")]
    PoolId(String),
    #[error("HMAC refused a key")]
    Key,
}

/// What Cognito's `PASSWORD_VERIFIER` challenge sends, with what the client adds: the pool,
/// the password and the moment of the claim.
pub struct Claim<'a> {
    /// `us-east-1_AbCdEf123`; the part after the `_` is what is hashed.
    pub pool_id: &'a str,
    /// `USER_ID_FOR_SRP`: the name the verifier was made with, not necessarily the one typed.
    pub user_id: &'a str,
    pub password: &'a str,
    /// `SALT`, hex.
    pub salt: &'a str,
    /// `SRP_B`, hex.
    pub server_b: &'a str,
    /// `SECRET_BLOCK`, base64.
    pub secret_block: &'a str,
    /// [`timestamp`] of now.
    pub timestamp: &'a str,
}

/// One sign-in's secret exponent `a` and public value `A = g^a mod N`.
pub struct Srp {
    a: BigUint,
    big_a: BigUint,
}

impl Srp {
    /// A fresh `a` from the operating system's random source.
    pub fn new() -> Result<Self, SrpError> {
        let mut bytes = [0u8; SECRET_BYTES];
        getrandom::fill(&mut bytes).map_err(|e| SrpError::Random(e.to_string()))?;
        Ok(Self::with_secret(&bytes))
    }

    /// The exponent given (big-endian bytes, taken modulo N as the random one is): for tests
    /// that compare with another implementation.
    pub fn with_secret(bytes: &[u8]) -> Self {
        let a = BigUint::from_bytes_be(bytes) % n();
        let big_a = BigUint::from(G).modpow(&a, n());
        Self { a, big_a }
    }

    /// `SRP_A` for `InitiateAuth`: lowercase hex without padding, as Cognito's clients send it.
    pub fn public_hex(&self) -> String {
        self.big_a.to_str_radix(16)
    }

    /// `PASSWORD_CLAIM_SIGNATURE` (base64): proof that this client knows the password.
    pub fn signature(&self, claim: &Claim) -> Result<String, SrpError> {
        let pool = pool_name(claim.pool_id)?;
        let key = self.password_key(pool, claim)?;
        let block = secret_block(claim.secret_block);
        let mac = hmac(&key, &[pool.as_bytes(), claim.user_id.as_bytes(), &block, claim.timestamp.as_bytes()])?;
        Ok(base64::encode(&mac))
    }

    /// The 16-byte key both sides derive from the shared secret `S`.
    fn password_key(&self, pool: &str, claim: &Claim) -> Result<[u8; 16], SrpError> {
        let big_b = hex(claim.server_b, "SRP_B")?;
        if (&big_b % n()) == BigUint::ZERO {
            return Err(SrpError::UnsafeB);
        }
        let u = number(&hash(&[&pad(&self.big_a), &pad(&big_b)]));
        if u == BigUint::ZERO {
            return Err(SrpError::UnsafeU);
        }
        let x = private_key(pool, claim.user_id, claim.password, &hex(claim.salt, "SALT")?);
        let s = shared_secret(&big_b, &self.a, &u, &x);
        hkdf(&pad(&s), &pad(&u))
    }
}

/// `x = H(PAD(salt) || H(pool || user || ":" || password))`. The salt is read as a number
/// and padded again (as Amplify's library does), so a salt sent with extra leading zeros would
/// hash as its canonical form; Cognito sends canonical ones.
fn private_key(pool: &str, user_id: &str, password: &str, salt: &BigUint) -> BigUint {
    let inner = hash(&[pool.as_bytes(), user_id.as_bytes(), b":", password.as_bytes()]);
    number(&hash(&[&pad(salt), &inner]))
}

/// `S = (B - k * g^x)^(a + u * x) mod N`, with the base kept non-negative (unsigned numbers):
/// `B - t` is taken as `B + N - t` modulo N, the same residue.
fn shared_secret(big_b: &BigUint, a: &BigUint, u: &BigUint, x: &BigUint) -> BigUint {
    let t = (k() * BigUint::from(G).modpow(x, n())) % n();
    let base = (big_b % n() + n() - t) % n();
    base.modpow(&(a + u * x), n())
}

/// The pool id's part after the `_` (`us-east-1_AbCdEf123` → `AbCdEf123`).
fn pool_name(pool_id: &str) -> Result<&str, SrpError> {
    pool_id.split('_').nth(1).ok_or_else(|| SrpError::PoolId(pool_id.to_owned()))
}

/// The secret block's bytes. Characters outside base64's alphabet are skipped, as Python's
/// and Node's decoders (and so pycognito and Amplify's library) do: Cognito's block is clean
/// base64, but emulators send other opaque text (moto: a UUID), and the signature must be
/// what those clients would send.
fn secret_block(text: &str) -> Vec<u8> {
    let clean: String = text.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/')).collect();
    base64::decode(&clean).unwrap_or_default()
}

/// `SECRET_HASH` for an app client with a secret: `base64(HMAC-SHA256(secret, username || client id))`.
pub fn secret_hash(client_secret: &str, username: &str, client_id: &str) -> Result<String, SrpError> {
    hmac(client_secret.as_bytes(), &[username.as_bytes(), client_id.as_bytes()]).map(|mac| base64::encode(&mac))
}

/// `TIMESTAMP` of a claim: `EEE MMM d HH:mm:ss UTC yyyy` in English, the day without a
/// leading zero (`Thu Mar 5 07:08:09 UTC 2026`); Cognito signs exactly this text.
pub fn timestamp(epoch_secs: i64) -> String {
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]; // from 1970-01-01, a Thursday
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    // `2026-03-05T07:08:09.000Z`: the calendar arithmetic is timefmt's.
    let iso = timefmt::iso8601(epoch_secs.saturating_mul(1000));
    let part = |from: usize, to: usize| iso.get(from..to).unwrap_or_default();
    let month = part(5, 7).parse::<usize>().ok().and_then(|m| MONTHS.get(m.wrapping_sub(1))).unwrap_or(&"Jan");
    let weekday = WEEKDAYS[epoch_secs.div_euclid(86_400).rem_euclid(7) as usize];
    let day = part(8, 10).trim_start_matches('0');
    format!("{weekday} {month} {day} {} UTC {}", part(11, 19), part(0, 4))
}

fn n() -> &'static BigUint {
    static N: OnceLock<BigUint> = OnceLock::new();
    // A constant: a typo would make N zero, which the tests catch (its bit length).
    N.get_or_init(|| BigUint::parse_bytes(N_HEX.as_bytes(), 16).unwrap_or_default())
}

/// `k = H(PAD(N) || PAD(g))`.
fn k() -> &'static BigUint {
    static K: OnceLock<BigUint> = OnceLock::new();
    K.get_or_init(|| number(&hash(&[&pad(n()), &pad(&BigUint::from(G))])))
}

/// Cognito's "padded hex" as bytes: the shortest big-endian form, with a zero byte in front
/// when the high bit is set, so the number never reads as negative.
fn pad(number: &BigUint) -> Vec<u8> {
    let bytes = number.to_bytes_be();
    match bytes.first() {
        Some(&first) if first & 0x80 != 0 => [&[0][..], &bytes].concat(),
        _ => bytes,
    }
}

fn hex(text: &str, what: &'static str) -> Result<BigUint, SrpError> {
    BigUint::parse_bytes(text.as_bytes(), 16).ok_or(SrpError::NotHex(what))
}

fn number(digest: &[u8]) -> BigUint {
    BigUint::from_bytes_be(digest)
}

fn hash(parts: &[&[u8]]) -> [u8; 32] {
    let mut sha = Sha256::new();
    for part in parts {
        sha.update(part);
    }
    sha.finalize().into()
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> Result<[u8; 32], SrpError> {
    // HMAC takes keys of any length, so this error never comes; it is passed on, not unwrapped.
    let mut mac = Hmac::<Sha256>::new_from_slice(key).map_err(|_| SrpError::Key)?;
    for part in parts {
        mac.update(part);
    }
    Ok(mac.finalize().into_bytes().into())
}

/// HKDF-SHA256 (RFC 5869) for one 16-byte key: extract, then the first block of expand.
fn hkdf(ikm: &[u8], salt: &[u8]) -> Result<[u8; 16], SrpError> {
    let prk = hmac(salt, &[ikm])?;
    let block = hmac(&prk, &[INFO, &[1]])?;
    let mut key = [0u8; 16];
    key.copy_from_slice(&block[..16]);
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn n_is_rfc_5054s_3072_bit_group_and_k_hashes_it_padded() {
        assert_eq!(n().bits(), 3072);
        // pycognito: hex_hash("00" + N_HEX + "0" + G_HEX).
        let mut bytes = vec![0u8];
        bytes.extend(n().to_bytes_be());
        bytes.push(2);
        assert_eq!(k(), &number(&hash(&[&bytes])));
    }

    #[test]
    fn padding_adds_a_zero_byte_only_when_the_high_bit_is_set() {
        assert_eq!(pad(&BigUint::from(0x7fu32)), [0x7f]);
        assert_eq!(pad(&BigUint::from(0x80u32)), [0, 0x80]);
        assert_eq!(pad(&BigUint::from(0xabcu32)), [0x0a, 0xbc], "odd hex length: one zero nibble");
        assert_eq!(pad(&BigUint::ZERO), [0]);
    }

    #[test]
    fn timestamps_are_cognitos_format_with_the_day_unpadded() {
        assert_eq!(timestamp(0), "Thu Jan 1 00:00:00 UTC 1970");
        // 2026-03-05T07:08:09Z and 2024-02-29T23:59:59Z.
        assert_eq!(timestamp(1_772_694_489), "Thu Mar 5 07:08:09 UTC 2026");
        assert_eq!(timestamp(1_709_251_199), "Thu Feb 29 23:59:59 UTC 2024");
        assert_eq!(timestamp(1_733_011_200), "Sun Dec 1 00:00:00 UTC 2024");
    }

    #[test]
    fn the_secret_hash_is_hmac_of_username_and_client_id() {
        // Python: base64.b64encode(hmac.new(b"s3cret", b"dev@example.comclient1", sha256).digest())
        assert_eq!(
            secret_hash("s3cret", "dev@example.com", "client1").as_deref(),
            Ok("EKzWT5oVmltWBYd4Kk0xhPgZeInLXOWeC1C31i8y5uM=")
        );
    }

    #[test]
    fn hkdf_matches_rfc_5869_test_case_1_for_its_first_16_bytes() {
        // RFC 5869 A.1 uses its own info; the same extract-and-expand with it.
        let ikm = [0x0bu8; 22];
        let salt: Vec<u8> = (0x00..=0x0c).collect();
        let info: Vec<u8> = (0xf0..=0xf9).collect();
        let prk = hmac(&salt, &[&ikm]).ok();
        let okm = prk.and_then(|prk| hmac(&prk, &[&info, &[1]]).ok());
        let expected = [0x3c, 0xb2, 0x5f, 0x25, 0xfa, 0xac, 0xd5, 0x7a, 0x90, 0x43, 0x4f, 0x64, 0xd0, 0x36, 0x2f, 0x2a];
        assert_eq!(okm.map(|b| b[..16].to_vec()), Some(expected.to_vec()));
    }

    /// The server's half, for checking the client's: Cognito keeps `v = g^x` and sends
    /// `B = k*v + g^b`; its `S = (A * v^u)^b`.
    fn server_key(client: &Srp, b: &BigUint, big_b: &BigUint, x: &BigUint) -> [u8; 16] {
        let v = BigUint::from(G).modpow(x, n());
        let u = number(&hash(&[&pad(&client.big_a), &pad(big_b)]));
        let s = ((&client.big_a * v.modpow(&u, n())) % n()).modpow(b, n());
        hkdf(&pad(&s), &pad(&u)).unwrap_or_default()
    }

    #[test]
    fn the_client_and_a_server_with_the_verifier_derive_the_same_key() {
        let (pool, user, password, salt) = ("AbCdEf123", "0b7d2f5e-user", "Tr1cky-pass", BigUint::from(0x9f3a_u32));
        let x = private_key(pool, user, password, &salt);
        let b = BigUint::from_bytes_be(&[0x5a; 128]);
        let big_b = (k() * BigUint::from(G).modpow(&x, n()) + BigUint::from(G).modpow(&b, n())) % n();
        let client = Srp::with_secret(&[0x3c; 128]);
        let (salt_hex, b_hex) = (salt.to_str_radix(16), big_b.to_str_radix(16));
        let claim = |password| Claim {
            pool_id: "us-east-1_AbCdEf123",
            user_id: user,
            password,
            salt: &salt_hex,
            server_b: &b_hex,
            secret_block: "c2VjcmV0LWJsb2Nr",
            timestamp: "Thu Mar 5 07:08:09 UTC 2026",
        };
        let expected = server_key(&client, &b, &big_b, &x);
        assert_eq!(client.password_key(pool, &claim(password)), Ok(expected));
        assert_ne!(client.password_key(pool, &claim("Wrong-pass1")), Ok(expected));
    }

    #[test]
    fn unsafe_or_malformed_server_values_are_refused() {
        let (client, n_hex) = (Srp::with_secret(&[7; 16]), n().to_str_radix(16));
        let claim = |server_b| Claim {
            pool_id: "us-east-1_AbC",
            user_id: "u",
            password: "p",
            salt: "ab",
            server_b,
            secret_block: "",
            timestamp: "",
        };
        assert_eq!(client.signature(&claim("0")), Err(SrpError::UnsafeB));
        assert_eq!(client.signature(&claim(&n_hex)), Err(SrpError::UnsafeB));
        assert_eq!(client.signature(&claim("xyz")), Err(SrpError::NotHex("SRP_B")));
        let no_pool = Claim { pool_id: "nounderscore", ..claim("ab") };
        assert!(matches!(client.signature(&no_pool), Err(SrpError::PoolId(_))));
    }

    #[test]
    fn a_secret_block_that_is_not_clean_base64_decodes_as_python_does() {
        // base64.standard_b64decode("ab-cd") skips the '-': the bytes of "abcd".
        assert_eq!(secret_block("ab-cd"), secret_block("abcd"));
        assert_eq!(secret_block("c2VjcmV0"), b"secret");
    }
}
