//! ed25519 transaction signing, on `ed25519-dalek`.
//!
//! Keys are given as Substrate secret URIs, exactly as `medtrust-node key` and the rest of the
//! ecosystem write them:
//!
//! - `//Alice` (the development phrase with a hard junction), `//Alice//stash`;
//! - `<bip39 phrase>//hospital//1///password`;
//! - `0x<64 hex digits>`: a raw 32-byte seed.
//!
//! Derivation follows Substrate's ed25519 scheme so that the same URI gives the same account as
//! `medtrust-node key inspect --scheme ed25519`: the phrase's BIP39 entropy is stretched with
//! PBKDF2-HMAC-SHA512 (2048 rounds, salt `"mnemonic" + password`) into a seed; each hard
//! junction replaces the seed with `blake2b-256(SCALE("Ed25519HDKD", seed, chain code))`.
//! ed25519 has no soft derivation.

use std::str::FromStr;

use blake2::{digest::consts::U32, Blake2b, Digest};
use codec::Encode;
use ed25519_dalek::{Signer as _, SigningKey};
use subxt::{
	config::PolkadotConfig,
	utils::{AccountId32, MultiSignature},
};
use subxt_signer::{bip39::Mnemonic, DeriveJunction, ExposeSecret, SecretUri};
use zeroize::Zeroizing;

/// Why a secret URI gives no key.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
	/// The URI is not of the form `phrase//junction///password` or `0x<seed>`.
	#[error("not a secret URI: {0}")]
	SecretUri(String),
	/// The phrase is not a BIP39 mnemonic.
	#[error("not a BIP39 phrase: {0}")]
	Phrase(String),
	/// A `0x…` seed is not 32 bytes of hex.
	#[error("a raw seed must be 0x followed by 64 hex digits")]
	Seed,
	/// ed25519 keys cannot be derived along a soft junction (`/x`).
	#[error("ed25519 has no soft derivation: use `//{0}` instead of `/{0}`")]
	SoftJunction(String),
}

/// An ed25519 key pair that signs medtrust transactions.
#[derive(Clone)]
pub struct Ed25519Signer {
	key: SigningKey,
}

impl std::fmt::Debug for Ed25519Signer {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "Ed25519Signer({})", self.account_id())
	}
}

impl Ed25519Signer {
	/// The signer of a 32-byte secret seed.
	pub fn from_seed(seed: &[u8; 32]) -> Self {
		Self { key: SigningKey::from_bytes(seed) }
	}

	/// The signer of a secret URI (see the module documentation).
	pub fn from_uri(uri: &str) -> Result<Self, KeyError> {
		let parsed = SecretUri::from_str(uri).map_err(|e| KeyError::SecretUri(e.to_string()))?;
		let phrase = parsed.phrase.expose_secret();
		let password = parsed.password.as_ref().map(|p| p.expose_secret().to_owned()).unwrap_or_default();
		let mut seed: Zeroizing<[u8; 32]> = if let Some(hex_seed) = phrase.strip_prefix("0x") {
			let bytes = hex::decode(hex_seed).map_err(|_| KeyError::Seed)?;
			Zeroizing::new(bytes.try_into().map_err(|_| KeyError::Seed)?)
		} else {
			let mnemonic = Mnemonic::parse(phrase).map_err(|e| KeyError::Phrase(e.to_string()))?;
			seed_from_entropy(&mnemonic.to_entropy(), &password)
		};
		for junction in &parsed.junctions {
			match junction {
				DeriveJunction::Hard(chain_code) => seed = derive_hard(&seed, chain_code),
				DeriveJunction::Soft(_) => return Err(KeyError::SoftJunction(uri.to_string())),
			}
		}
		Ok(Self::from_seed(&seed))
	}

	/// A well-known development key, `//<name>` (e.g. `alice` gives `//Alice`).
	pub fn dev(name: &str) -> Self {
		let mut chars = name.chars();
		let capitalised: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
		Self::from_uri(&format!("//{capitalised}")).expect("the development phrase with a hard junction is valid; qed")
	}

	/// The 32-byte public key.
	pub fn public_key(&self) -> [u8; 32] {
		self.key.verifying_key().to_bytes()
	}

	/// The account this key signs for: its public key.
	pub fn account_id(&self) -> AccountId32 {
		AccountId32(self.public_key())
	}

	/// Signs `message` with the key.
	pub fn sign_bytes(&self, message: &[u8]) -> [u8; 64] {
		self.key.sign(message).to_bytes()
	}
}

impl subxt::tx::Signer<PolkadotConfig> for Ed25519Signer {
	fn account_id(&self) -> AccountId32 {
		Ed25519Signer::account_id(self)
	}

	fn sign(&self, signer_payload: &[u8]) -> MultiSignature {
		MultiSignature::Ed25519(self.sign_bytes(signer_payload))
	}
}

/// Substrate's mini-secret of a BIP39 phrase: the first 32 bytes of
/// PBKDF2-HMAC-SHA512(entropy, "mnemonic" + password, 2048).
fn seed_from_entropy(entropy: &[u8], password: &str) -> Zeroizing<[u8; 32]> {
	let salt = Zeroizing::new(format!("mnemonic{password}"));
	let mut seed = Zeroizing::new([0u8; 64]);
	pbkdf2::pbkdf2_hmac::<sha2::Sha512>(entropy, salt.as_bytes(), 2048, &mut *seed);
	let mut mini = Zeroizing::new([0u8; 32]);
	mini.copy_from_slice(&seed[..32]);
	mini
}

/// Substrate's ed25519 hard derivation.
fn derive_hard(seed: &[u8; 32], chain_code: &[u8; 32]) -> Zeroizing<[u8; 32]> {
	let encoded = Zeroizing::new(("Ed25519HDKD", seed, chain_code).encode());
	let mut out = Zeroizing::new([0u8; 32]);
	out.copy_from_slice(&Blake2b::<U32>::digest(&*encoded));
	out
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn dev_keys_match_substrate_ed25519_keyring() {
		// `subkey inspect --scheme ed25519 //Alice` and sp_keyring::Ed25519Keyring::Alice.
		assert_eq!(
			hex::encode(Ed25519Signer::dev("alice").public_key()),
			"88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee"
		);
		assert_eq!(
			hex::encode(Ed25519Signer::dev("bob").public_key()),
			"d17c2d7823ebf260fd138f2d7e27d114c0145d968b5ff5006125f2414fadae69"
		);
	}

	#[test]
	fn raw_seeds_and_bad_uris() {
		let seed = format!("0x{}", "11".repeat(32));
		assert_eq!(Ed25519Signer::from_uri(&seed).unwrap().public_key(), Ed25519Signer::from_seed(&[0x11; 32]).public_key());
		assert!(matches!(Ed25519Signer::from_uri("0x1234"), Err(KeyError::Seed)));
		assert!(matches!(Ed25519Signer::from_uri("not a phrase at all"), Err(KeyError::Phrase(_))));
		assert!(matches!(Ed25519Signer::from_uri("//Alice/soft"), Err(KeyError::SoftJunction(_))));
	}

	#[test]
	fn signatures_verify() {
		let signer = Ed25519Signer::dev("eve");
		let signature = ed25519_dalek::Signature::from_bytes(&signer.sign_bytes(b"payload"));
		let public = ed25519_dalek::VerifyingKey::from_bytes(&signer.public_key()).unwrap();
		assert!(public.verify_strict(b"payload", &signature).is_ok());
	}
}
