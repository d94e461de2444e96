//! How each pallet is configured.

use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{ConstBool, ConstU32, ConstU64, EitherOfDiverse},
	weights::{
		constants::WEIGHT_REF_TIME_PER_SECOND,
		Weight,
	},
};
use frame_system::{limits, EnsureRoot};
use pallet_collective::EnsureProportionAtLeast;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{traits::ConvertInto, Perbill};
use sp_version::RuntimeVersion;

use crate::{
	weights::{block_weights::BlockExecutionWeight, extrinsic_weights::ExtrinsicBaseWeight},
	AccountId, Aura, Block, BlockNumber, Consent, Hash, Nonce, Organizations, PalletInfo, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeHoldReason, RuntimeOrigin, RuntimeTask, SessionKeys, Timestamp, ValidatorSet, DAYS, MINUTES, SLOT_DURATION,
	VERSION,
};

/// Normal transactions may fill 75% of a block; the rest is kept for operational ones.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);
/// 1.5 s of execution, half of a slot.
const MAXIMUM_BLOCK_WEIGHT: Weight = Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND * 3 / 2, u64::MAX);

/// The most bytes a block holds: 5 MiB, of which normal transactions may use 75% and
/// operational ones (such as a runtime upgrade, whose code is up to 5 MB) all. The node's block
/// builder uses it too.
pub const MAX_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;

parameter_types! {
	pub const Version: RuntimeVersion = VERSION;
	/// Half of each 3-second slot may be spent executing transactions; the base weights of a
	/// block and of a transaction are measured on the reference machine
	/// (`scripts/benchmark-overhead.sh`), not Substrate's.
	pub RuntimeBlockWeights: limits::BlockWeights = limits::BlockWeights::builder()
		.base_block(BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |class| class.base_extrinsic = ExtrinsicBaseWeight::get())
		.for_class(DispatchClass::Normal, |class| class.max_total = Some(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT))
		.for_class(DispatchClass::Operational, |class| {
			class.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			class.reserved = Some(MAXIMUM_BLOCK_WEIGHT - NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.avg_block_initialization(Perbill::from_percent(10))
		.build_or_panic();
	pub RuntimeBlockLength: limits::BlockLength =
		limits::BlockLength::builder()
			.max_length(MAX_BLOCK_LENGTH)
			.modify_max_length_for_class(DispatchClass::Normal, |max| *max = NORMAL_DISPATCH_RATIO * *max)
			.build();
	/// A-Z, a-z, 0-9: the SS58 prefix of a generic Substrate chain.
	pub const SS58Prefix: u8 = 42;
}

/// The consortium's governance: two thirds of the council, or `Root`.
pub type ConsortiumGovernance =
	EitherOfDiverse<EnsureRoot<AccountId>, EnsureProportionAtLeast<AccountId, CouncilInstance, 2, 3>>;

/// Who may act as `Root`: three quarters of the council (or `Root` itself, which on the
/// development chain is also its sudo key).
pub type ConsortiumRoot =
	EitherOfDiverse<EnsureRoot<AccountId>, EnsureProportionAtLeast<AccountId, CouncilInstance, 3, 4>>;

/// The council's instance of `pallet-collective`.
pub type CouncilInstance = pallet_collective::Instance1;

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = ConstU32<2400>;
	/// Measured on this machine by `scripts/benchmark-storage.sh`.
	type DbWeight = crate::weights::rocksdb_weights::constants::RocksDbWeight;
	/// Measured here: Substrate's default charges its reference machine's times and database
	/// weights, about 0.33 ms a transaction.
	type ExtensionsWeightInfo = crate::weights::frame_system_extensions::WeightInfo<Runtime>;
	type Version = Version;
	/// Only the calls some role needs; see [`crate::governance::MemberCalls`].
	type BaseCallFilter = crate::governance::MemberCalls;
	/// No balances: an account exists because the organisations pallet gave it a provider.
	type AccountData = ();
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = ();
}

parameter_types! {
	/// A session lasts ten minutes; validator-set changes take effect at its end.
	pub const SessionPeriod: BlockNumber = 10 * MINUTES;
	pub const SessionOffset: BlockNumber = 0;
}

/// The most validators (and so Aura and GRANDPA authorities) the consortium may have.
pub const MAX_VALIDATORS: u32 = 32;

impl pallet_validator_set::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AdminOrigin = ConsortiumGovernance;
	type Organizations = Organizations;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
	type MinValidators = ConstU32<1>;
	type WeightInfo = pallet_validator_set::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::EnrolInOrganization;
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type SessionManager = ValidatorSet;
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = ();
	type Currency = pallet_validator_set::NoKeyDeposit<RuntimeHoldReason>;
	type KeyDeposit = ConstU32<0>;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<MAX_VALIDATORS>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_VALIDATORS>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

parameter_types! {
	pub MaxCouncilProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

impl pallet_collective::Config<CouncilInstance> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	/// A motion is open for a week.
	type MotionDuration = ConstU32<{ 7 * DAYS }>;
	type MaxProposals = ConstU32<100>;
	type MaxMembers = ConstU32<64>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	type SetMembersOrigin = ConsortiumGovernance;
	type MaxProposalWeight = MaxCouncilProposalWeight;
	type DisapproveOrigin = ConsortiumGovernance;
	type KillOrigin = ConsortiumGovernance;
	/// Members propose without a deposit: there is no token.
	type Consideration = ();
}

parameter_types! {
	/// Half a block's normal weight and length: one organisation filling its share leaves room
	/// for another's transaction of any size up to its own share.
	pub const OrganizationBlockShare: Perbill = Perbill::from_percent(50);
	/// 256 MiB of new state a day per organisation, at its calls' worst case: about 500,000
	/// packs commissioned, or 300,000 access-log entries, or 230,000 claims. Eight members
	/// each at the budget every day would add 750 GB a year; none can fill a disk unseen.
	pub const OrganizationDailyStateBudget: u64 = 256 * 1024 * 1024;
}

impl pallet_organizations::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AdminOrigin = ConsortiumGovernance;
	type RootOrigin = ConsortiumRoot;
	type RootCall = RuntimeCall;
	type Council = crate::governance::CouncilOfActiveOrganizations;
	type BlockShare = OrganizationBlockShare;
	type StateGrowth = crate::governance::CallStateGrowth;
	type DailyStateBudget = OrganizationDailyStateBudget;
	type UnixTime = Timestamp;
	type MaxOrganizations = ConstU32<4096>;
	type MaxAccountsPerOrganization = ConstU32<64>;
	type MaxNameLength = ConstU32<128>;
	/// 2,000 transactions a block per organisation, besides its share of weight and bytes: a
	/// member's flood of small transactions stops at a count the pool and the block builder
	/// handle easily.
	type MaxTransactionsPerBlock = ConstU32<2000>;
	type WeightInfo = pallet_organizations::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// A dispense, administration or end of life may be undone for 10 days (the EU FMD's window).
	pub const TraceabilityUndoWindow: BlockNumber = 10 * DAYS;
}

impl pallet_traceability::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Organizations = Organizations;
	type UnixTime = Timestamp;
	/// A 100,000-pack lot is commissioned in 10 calls.
	type MaxCommissionBatch = ConstU32<10_000>;
	/// A pallet of cases, or a distributor's day of loose packs, in one call.
	type MaxItemBatch = ConstU32<1_000>;
	/// A pharmacy's or vaccination site's batch of scans.
	type MaxScanBatch = ConstU32<500>;
	type MaxEpcisEvents = ConstU32<16>;
	type UndoWindow = TraceabilityUndoWindow;
	type WeightInfo = pallet_traceability::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkMembers;
}

/// Benchmark members are admitted through the organisations pallet with every role.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkMembers;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_traceability::BenchmarkHelper<AccountId> for BenchmarkMembers {
	fn member(who: &AccountId) -> medtrust_primitives::OrganizationId {
		Organizations::admit_for_benchmark(who.clone())
	}
}

parameter_types! {
	/// A hospital has a day to log an access it made (an overnight batch from its EHR).
	pub const ConsentMaxLogDelay: u64 = 24 * 60 * 60 * 1000;
	/// A break-glass access must be reviewed within 7 days, or it is a finding.
	pub const BreakGlassReviewPeriod: BlockNumber = 7 * DAYS;
}

impl pallet_consent::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Organizations = Organizations;
	type UnixTime = Timestamp;
	type MaxLogDelay = ConsentMaxLogDelay;
	/// A hospital's EHR logs its accesses in batches of up to 100.
	type MaxAccessBatch = ConstU32<100>;
	type BreakGlassReviewPeriod = BreakGlassReviewPeriod;
	type AuditSignature = sp_runtime::MultiSignature;
	type WeightInfo = pallet_consent::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkMembers;
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_consent::BenchmarkHelper<AccountId> for BenchmarkMembers {
	fn member(who: &AccountId) -> medtrust_primitives::OrganizationId {
		Organizations::admit_for_benchmark(who.clone())
	}
}

impl pallet_claims::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Organizations = Organizations;
	type Consents = Consent;
	type UnixTime = Timestamp;
	type WeightInfo = pallet_claims::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkMembers;
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_claims::BenchmarkHelper<AccountId> for BenchmarkMembers {
	fn member(who: &AccountId) -> medtrust_primitives::OrganizationId {
		Organizations::admit_for_benchmark(who.clone())
	}

	/// The subject holds as many consents as allowed, the claims consent last, so that the
	/// claim's consent check evaluates them all.
	fn grant_claims_consent(
		hospital: medtrust_primitives::OrganizationId,
		subject: pallet_claims::Subject,
		insurer: medtrust_primitives::OrganizationId,
		consents: u32,
	) {
		use medtrust_primitives::{
			consent::{
				Action, Actions, Categories, ConsentTerms, DataClass, DataClasses, Grantee, Grantor, Period, Purpose,
				Purposes, MAX_CONSENTS_PER_SUBJECT,
			},
			Role,
		};
		let terms = |grantees: alloc::vec::Vec<Grantee>, purpose, categories| ConsentTerms {
			subject,
			grantor: Grantor::Patient,
			grantees: grantees.try_into().expect("two grantees at most; qed"),
			purposes: Purposes::of(&[purpose]),
			data_classes: DataClasses::of(&[DataClass::Billing]),
			actions: Actions::of(&[Action::Read, Action::Disclose]),
			period: Period { start: 0, end: None },
			categories,
			provisions: Default::default(),
			policy_hash: [1; 32],
			form_hash: [2; 32],
		};
		Consent::do_register_subject(hospital, subject, None).expect("a fresh subject; qed");
		let others = (0..consents.clamp(1, MAX_CONSENTS_PER_SUBJECT) - 1).map(|i| {
			let role = Role::ALL[i as usize % Role::ALL.len()];
			let categories = Categories((i as usize / Role::ALL.len()) as u8 * Categories::SENSITIVE);
			terms(alloc::vec![Grantee::Organization(insurer), Grantee::Role(role)], Purpose::Research, categories)
		});
		for other in others {
			Consent::do_record_consent(hospital, other, None).expect("distinct grantees or category; qed");
		}
		let claims = terms(alloc::vec![Grantee::Organization(insurer)], Purpose::Payment, Categories(Categories::THIRD_PARTY));
		Consent::do_record_consent(hospital, claims, None).expect("a distinct grantee; qed");
	}
}

impl pallet_node_authorization::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type MaxWellKnownNodes = ConstU32<64>;
	type MaxPeerIdLength = ConstU32<128>;
	type AddOrigin = ConsortiumGovernance;
	type RemoveOrigin = ConsortiumGovernance;
	type SwapOrigin = ConsortiumGovernance;
	type ResetOrigin = ConsortiumGovernance;
	/// Measured here (`crate::benchmarks`), not the pallet's placeholders.
	type WeightInfo = crate::weights::pallet_node_authorization::WeightInfo<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = ();
}
