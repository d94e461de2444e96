//! The runtime APIs the node calls into.

use alloc::vec::Vec;
use frame_support::genesis_builder_helper::{build_state, get_preset};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_version::RuntimeVersion;
use medtrust_primitives::{
	claims::{self, queries as claim_queries},
	consent,
	trace::{AlertId, HistoryEntry, ItemKey, Verification},
	OrganizationId,
};

use crate::{
	AccountId, Aura, Block, Executive, Grandpa, InherentDataExt, Nonce, Runtime, RuntimeGenesisConfig, SessionKeys,
	Claims, Consent, System, Traceability, VERSION,
};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(owner: Vec<u8>, seed: Option<Vec<u8>>) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<<Block as BlockT>::Hash, NumberFor<Block>>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// Validators are known organisations; equivocation is handled by governance.
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl medtrust_runtime_api::TraceabilityApi<Block> for Runtime {
		fn verify(scan: Vec<u8>, scanner: OrganizationId) -> Result<Verification, Vec<u8>> {
			Traceability::verify_scan(&scan, scanner).map_err(|error| alloc::format!("{error}").into_bytes())
		}

		fn history(item: ItemKey) -> Vec<(ItemKey, HistoryEntry)> {
			Traceability::history(&item)
		}

		fn history_page(
			item: ItemKey,
			cursor: medtrust_primitives::trace::HistoryCursor,
			limit: u32,
		) -> medtrust_primitives::trace::HistoryPage {
			Traceability::history_page(&item, cursor, limit)
		}

		fn open_alerts(cursor: AlertId, limit: u32) -> medtrust_primitives::trace::AlertPage {
			Traceability::open_alerts(cursor, limit)
		}
	}

	impl medtrust_runtime_api::ConsentApi<Block, AccountId, crate::Signature> for Runtime {
		fn decide(request: consent::AccessRequest) -> consent::Decision {
			Consent::decide_now(&request)
		}

		fn log_head(subject: consent::Subject) -> consent::LogHead {
			pallet_consent::LogHeads::<Runtime>::get(subject)
		}

		fn audit(
			signed: consent::audit::SignedAuditQuery<AccountId, crate::Signature>,
		) -> Result<consent::audit::AuditAnswer, consent::audit::AuditError> {
			Consent::audit_signed(signed)
		}
	}

	impl medtrust_runtime_api::ClaimsApi<Block> for Runtime {
		fn claim(id: claims::ClaimId) -> Option<claim_queries::ClaimRecord> {
			Claims::claim_record(id)
		}

		fn invoice(key: claims::InvoiceKey) -> Option<claim_queries::InvoiceClaims> {
			Claims::invoice_claims(key)
		}

		fn explanation_of_benefits(id: claims::ClaimId) -> Option<claim_queries::ExplanationOfBenefits> {
			Claims::explanation_of_benefits(id)
		}

		fn standing(coverage: claims::CoverageId, year: Option<claims::PolicyYear>) -> Option<claim_queries::CoverageStanding> {
			Claims::standing(coverage, year)
		}

		fn eligibility(query: claim_queries::EligibilityQuery) -> claim_queries::Eligibility {
			Claims::eligibility(query)
		}

		fn preauthorization(id: claims::PreauthId) -> Option<claims::Preauthorization> {
			pallet_claims::Preauthorizations::<Runtime>::get(id)
		}

		fn clearing_draft(
			insurer: OrganizationId,
			hospital: OrganizationId,
			from: claims::Moment,
			to: claims::Moment,
		) -> claim_queries::ClearingDraft {
			Claims::clearing_draft(insurer, hospital, from, to)
		}

		fn statement(id: claims::StatementId) -> Option<claims::ClearingStatement> {
			pallet_claims::Statements::<Runtime>::get(id)
		}

		fn overdue(cursor: claim_queries::OverdueCursor, limit: u32) -> claim_queries::OverduePage {
			Claims::overdue(cursor, limit)
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			use crate::{
				benchmarks::{NodeAuthorizationBench, SystemBench, SystemExtensionsBench},
				*,
			};

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);
			let storage_info = crate::AllPalletsWithSystem::storage_info();
			(list, storage_info)
		}

		#[allow(non_local_definitions)]
		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::BenchmarkBatch;
			use frame_support::traits::WhitelistedStorageKeys;
			use crate::{
				benchmarks::{NodeAuthorizationBench, SystemBench, SystemExtensionsBench},
				*,
			};

			impl frame_system_benchmarking::Config for Runtime {}

			let whitelist = crate::AllPalletsWithSystem::whitelisted_storage_keys();
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);
			Ok(batches)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}
}
