//! Looking for personal data on chain: every extrinsic and every block's events from genesis to
//! the best block, and every storage key and value at the best block, searched for patients'
//! identifiers and names in each encoding the SDK could have put them in.

use anyhow::{bail, Context, Result};
use codec::{Compact, Encode};
use medtrust_client::{subxt::rpcs::client::rpc_params, MedtrustClient};

use crate::network::{best_head, canonical_hash};

/// `twox128("System") ++ twox128("Events")`: the events of the block a state belongs to.
const SYSTEM_EVENTS_KEY: &str = "0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7";
const KEYS_PER_PAGE: u32 = 1_000;

/// Every way `secret` could appear in bytes the SDK writes: as text (also lower- and
/// upper-case), as hexadecimal text, SCALE-encoded, as UTF-16, as an integer if it is all
/// digits, and as an unkeyed hash (which a dictionary of identity numbers reverses).
pub fn encodings(secret: &str) -> Vec<(String, Vec<u8>)> {
	let mut all = Vec::new();
	for text in [secret.to_string(), secret.to_lowercase(), secret.to_uppercase()] {
		all.push((format!("text {text:?}"), text.as_bytes().to_vec()));
		all.push((format!("lower-case hex of {text:?}"), hex::encode(&text).into_bytes()));
		all.push((format!("upper-case hex of {text:?}"), hex::encode_upper(&text).into_bytes()));
		all.push((format!("SCALE of {text:?}"), text.as_bytes().to_vec().encode()));
		all.push((format!("SCALE of the hex of {text:?}"), hex::encode(&text).encode()));
		all.push((format!("UTF-16 of {text:?}"), text.encode_utf16().flat_map(u16::to_le_bytes).collect()));
	}
	if let Ok(number) = secret.parse::<u64>() {
		all.push((format!("{secret} as u64 (SCALE)"), number.encode()));
		all.push((format!("{secret} as big-endian u64"), number.to_be_bytes().to_vec()));
		all.push((format!("{secret} as compact integer"), Compact(number).encode()));
	}
	all.push((format!("BLAKE2-256 of {secret:?}"), sp_crypto_hashing::blake2_256(secret.as_bytes()).to_vec()));
	all.push((format!("SHA-256 of {secret:?}"), sp_crypto_hashing::sha2_256(secret.as_bytes()).to_vec()));
	all
}

/// Bytes read from the chain, each with where it was found.
pub struct ChainBytes(pub Vec<(String, Vec<u8>)>);

impl ChainBytes {
	/// Reads every block's extrinsics and events up to the node's best block, and every storage
	/// key and value at that block.
	pub async fn read(client: &MedtrustClient) -> Result<Self> {
		let mut found = Vec::new();
		let (best, best_hash) = best_head(client).await?;
		for number in 0..=best {
			let hash = canonical_hash(client, number).await?.with_context(|| format!("no block {number}"))?;
			let block: serde_json::Value = client.rpc("chain_getBlock", rpc_params![hash]).await?;
			let extrinsics = block["block"]["extrinsics"].as_array().context("a block lists its extrinsics")?;
			for (i, extrinsic) in extrinsics.iter().enumerate() {
				found.push((format!("block {number}, extrinsic {i}"), from_hex(extrinsic)?));
			}
			let events: Option<String> = client.rpc("state_getStorage", rpc_params![SYSTEM_EVENTS_KEY, hash]).await?;
			if let Some(events) = events {
				found.push((format!("block {number}, events"), from_hex(&serde_json::Value::String(events))?));
			}
		}
		let mut start: Option<String> = None;
		loop {
			let keys: Vec<String> =
				client.rpc("state_getKeysPaged", rpc_params!["0x", KEYS_PER_PAGE, start.clone(), best_hash]).await?;
			let changes: Vec<serde_json::Value> =
				client.rpc("state_queryStorageAt", rpc_params![keys.clone(), best_hash]).await?;
			for change in changes.iter().flat_map(|c| c["changes"].as_array().cloned().unwrap_or_default()) {
				let key = change[0].as_str().context("a storage key")?.to_string();
				found.push((format!("storage key {key}"), from_hex(&change[0])?));
				if !change[1].is_null() {
					found.push((format!("storage value at {key}"), from_hex(&change[1])?));
				}
			}
			if keys.len() < KEYS_PER_PAGE as usize {
				break;
			}
			start = keys.last().cloned();
		}
		Ok(Self(found))
	}

	/// Where `needle` occurs.
	pub fn find(&self, needle: &[u8]) -> Vec<&str> {
		self.0
			.iter()
			.filter(|(_, bytes)| needle.len() <= bytes.len() && bytes.windows(needle.len()).any(|w| w == needle))
			.map(|(place, _)| place.as_str())
			.collect()
	}

	/// How many bytes were read.
	pub fn len(&self) -> usize {
		self.0.iter().map(|(_, b)| b.len()).sum()
	}

	/// Whether nothing was read.
	pub fn is_empty(&self) -> bool {
		self.0.is_empty()
	}
}

fn from_hex(value: &serde_json::Value) -> Result<Vec<u8>> {
	let text = value.as_str().context("hex text")?;
	Ok(hex::decode(text.trim_start_matches("0x"))?)
}

/// Reads the chain through `client` and fails if any of `secrets` appears in any encoding. The
/// patients' `commitments` must appear: the scan sees what the patients' records wrote.
pub async fn assert_absent(client: &MedtrustClient, secrets: &[&str], commitments: &[[u8; 32]]) -> Result<()> {
	let chain = ChainBytes::read(client).await?;
	for commitment in commitments {
		if chain.find(commitment).is_empty() {
			bail!("the scan of {} bytes did not find the commitment {}", chain.len(), hex::encode(commitment));
		}
	}
	let mut leaks = Vec::new();
	for secret in secrets {
		for (encoding, needle) in encodings(secret) {
			for place in chain.find(&needle) {
				leaks.push(format!("{encoding} in {place}"));
			}
		}
	}
	println!("personal-data scan: {} items, {} bytes, {} leaks", chain.0.len(), chain.len(), leaks.len());
	if !leaks.is_empty() {
		bail!("personal data on chain:\n{}", leaks.join("\n"));
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_scan_finds_each_encoding_and_nothing_else() {
		let id = "110101199003074518";
		for (encoding, needle) in encodings(id) {
			let mut block = b"prefix".to_vec();
			block.extend_from_slice(&needle);
			let chain = ChainBytes(vec![("here".into(), block), ("elsewhere".into(), vec![0; 64])]);
			assert_eq!(chain.find(&needle), vec!["here"], "{encoding}");
		}
		assert!(encodings("Zhang Wei").iter().any(|(_, n)| n == b"ZHANG WEI"));
		assert!(encodings("Zhang Wei").iter().all(|(e, _)| !e.contains("u64")), "a name is no number");
	}
}
