//! Local RSA key pairs (feature `test-keys`): for tests and the mock's Maskinporten, which need a client
//! key to sign grants with and an issuer key to sign tokens with. Never for production keys: those are
//! made and kept where the business certificate or the Maskinporten client is managed.
//!
//! ```no_run
//! let key = skatteetaten_runtime::keys::generate_test_key();
//! std::fs::write("client.pem", key.private_pem()).unwrap(); // MaskinportenKey::from_pem
//! std::fs::write("client.pub.pem", key.public_pem()).unwrap(); // register it with the mock
//! ```
//!
//! (The same with OpenSSL: `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out
//! client.pem && openssl pkey -in client.pem -pubout -out client.pub.pem`.)

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde_json::{json, Value};

/// An RSA key pair. Its `Debug` output shows the public key's fingerprint-free summary only.
#[derive(Clone)]
pub struct TestKey {
    key: RsaPrivateKey,
}

/// A new 2048-bit RSA key pair (Maskinporten's minimum size).
pub fn generate_test_key() -> TestKey {
    TestKey::generate(2048)
}

impl TestKey {
    /// A new RSA key pair of `bits` bits.
    pub fn generate(bits: usize) -> TestKey {
        let key = RsaPrivateKey::new(&mut rsa::rand_core::OsRng, bits)
            .expect("the operating system's random numbers are available");
        TestKey { key }
    }

    /// A key pair from its private key in PEM (PKCS#8 `PRIVATE KEY` or PKCS#1 `RSA PRIVATE KEY`).
    pub fn from_private_pem(pem: &str) -> Result<TestKey, String> {
        let key = RsaPrivateKey::from_pkcs8_pem(pem)
            .or_else(|_| RsaPrivateKey::from_pkcs1_pem(pem))
            .map_err(|_| "not an RSA private key in PEM (PKCS#8 or PKCS#1)".to_string())?;
        Ok(TestKey { key })
    }

    /// The private key, PKCS#8 PEM. Keep it out of logs.
    pub fn private_pem(&self) -> String {
        self.key
            .to_pkcs8_pem(LineEnding::LF)
            .expect("an RSA key encodes")
            .to_string()
    }

    /// The public key, SubjectPublicKeyInfo PEM (`PUBLIC KEY`).
    pub fn public_pem(&self) -> String {
        self.key
            .to_public_key()
            .to_public_key_pem(LineEnding::LF)
            .expect("an RSA key encodes")
    }

    /// The public key as a JWK (`kty` RSA, `use` sig, `alg` RS256) named `kid`.
    pub fn jwk(&self, kid: &str) -> Value {
        json!({
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "kid": kid,
            "n": URL_SAFE_NO_PAD.encode(self.key.n().to_bytes_be()),
            "e": URL_SAFE_NO_PAD.encode(self.key.e().to_bytes_be()),
        })
    }

    /// A JWKS holding only this key, named `kid`.
    pub fn jwks(&self, kid: &str) -> Value {
        json!({ "keys": [self.jwk(kid)] })
    }
}

impl fmt::Debug for TestKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "TestKey(RSA {} bits, <private key redacted>)",
            self.key.size() * 8
        )
    }
}
