//! What `benchmark overhead` and `benchmark extrinsic` need from this node: extrinsics signed
//! the way a member signs them (ed25519, through every transaction extension including
//! `CheckMembership`), and the inherent data of a block.
//!
//! Substrate's default builder signs with sr25519 dev Alice, an account that is no member here, so
//! `CheckMembership` would refuse its transactions and the benchmark would stop.

use std::{sync::Arc, time::Duration};

use codec::Encode;
use medtrust_runtime::{RuntimeCall, SignedPayload, SystemCall, TxExtension, UncheckedExtrinsic, VERSION};
use sc_cli::Result;
use sp_core::{ed25519, Pair};
use sp_inherents::{InherentData, InherentDataProvider};
use sp_keyring::Ed25519Keyring;
use sp_runtime::{generic::Era, MultiSignature, OpaqueExtrinsic, SaturatedConversion};

use crate::service::FullClient;

/// Builds `System::remark` with an empty remark, signed by the development chain's hospital
/// (`//Bob`, a member with an endowed nonce account), for `benchmark overhead`.
pub struct RemarkBuilder {
	client: Arc<FullClient>,
}

impl RemarkBuilder {
	pub fn new(client: Arc<FullClient>) -> Self {
		Self { client }
	}
}

impl frame_benchmarking_cli::ExtrinsicBuilder for RemarkBuilder {
	fn pallet(&self) -> &str {
		"system"
	}

	fn extrinsic(&self) -> &str {
		"remark"
	}

	fn build(&self, nonce: u32) -> std::result::Result<OpaqueExtrinsic, &'static str> {
		let call = RuntimeCall::System(SystemCall::remark { remark: vec![] });
		Ok(signed_extrinsic(&self.client, Ed25519Keyring::Bob.pair(), call, nonce).into())
	}
}

/// `call` signed by `signer` with `nonce`, mortal from the client's best block.
pub fn signed_extrinsic(client: &FullClient, signer: ed25519::Pair, call: RuntimeCall, nonce: u32) -> UncheckedExtrinsic {
	use sc_client_api::UsageProvider;
	let info = client.usage_info().chain;
	let genesis = info.genesis_hash;
	let best = info.best_hash;
	let best_number: u64 = info.best_number.saturated_into();
	// Mortal for 1,024 blocks, far longer than a benchmark runs.
	let period = 1024;
	let extension: TxExtension = (
		medtrust_runtime::CheckMembership::new(),
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(Era::mortal(period, best_number)),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		frame_system::WeightReclaim::new(),
	);
	let implicit = ((), (), VERSION.spec_version, VERSION.transaction_version, genesis, best, (), (), ());
	let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		sp_runtime::AccountId32::from(signer.public()).into(),
		MultiSignature::Ed25519(signature),
		extension,
	)
}

/// The inherent data of a benchmark block: a timestamp of 0, which Aura accepts on top of
/// genesis (slot 0).
pub fn inherent_benchmark_data() -> Result<InherentData> {
	let mut inherent_data = InherentData::new();
	let timestamp = sp_timestamp::InherentDataProvider::new(Duration::ZERO.into());
	futures::executor::block_on(timestamp.provide_inherent_data(&mut inherent_data))
		.map_err(|e| format!("creating the timestamp inherent: {e:?}"))?;
	Ok(inherent_data)
}
