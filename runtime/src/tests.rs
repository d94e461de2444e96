//! Runtime-level tests: the genesis presets and the membership check before the pool.

use codec::Encode;
use frame_support::traits::{Get, OnInitialize};
use medtrust_primitives::{OrganizationInspect, Role};
use pallet_organizations::invalid_transaction;
use sp_core::{crypto::Pair as _, ed25519};
use sp_keyring::Ed25519Keyring;
use sp_runtime::{
	generic::Era,
	traits::Block as BlockT,
	transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidityError},
	traits::Hash as _,
	BuildStorage, MultiSignature,
};

use crate::{
	genesis_config_presets::{get_preset, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET},
	*,
};

fn ext_from_preset(preset: &str) -> sp_io::TestExternalities {
	let json = get_preset(&preset.into()).expect("the preset exists");
	let mut config: serde_json::Value = serde_json::from_slice(&json).unwrap();
	// Presets are patches over the default configuration.
	let mut full = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	json_merge(&mut full, config.take());
	let config: RuntimeGenesisConfig = serde_json::from_value(full).unwrap();
	let mut ext = sp_io::TestExternalities::new(config.build_storage().unwrap());
	ext.execute_with(|| {
		System::set_block_number(1);
		Session::on_initialize(1);
	});
	ext
}

fn json_merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(base), serde_json::Value::Object(patch)) =>
			for (k, v) in patch {
				json_merge(base.entry(k).or_insert(serde_json::Value::Null), v);
			},
		(base, patch) => *base = patch,
	}
}

/// A transaction signed by `signer` with ed25519, as the client SDK builds one.
fn signed(signer: &ed25519::Pair, call: RuntimeCall, nonce: Nonce) -> UncheckedExtrinsic {
	let extension: TxExtension = (
		pallet_organizations::CheckMembership::new(),
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(Era::Immortal),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		frame_system::WeightReclaim::new(),
	);
	let payload = SignedPayload::new(call.clone(), extension.clone()).expect("implicit data is available");
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	let account: AccountId = signer.public().into();
	UncheckedExtrinsic::new_signed(call, account.into(), MultiSignature::Ed25519(signature), extension)
}

fn validate(xt: UncheckedExtrinsic) -> Result<(), TransactionValidityError> {
	let parent = System::block_hash(0);
	let opaque: <Block as BlockT>::Extrinsic = xt;
	Executive::validate_transaction(TransactionSource::External, opaque, parent).map(|_| ())
}

/// The one remark members may send: the SDK's nonce filler.
fn remark() -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: Vec::new() })
}

#[test]
fn a_member_transaction_is_valid() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(validate(signed(&Ed25519Keyring::Eve.pair(), remark(), 0)), Ok(()));
	});
}

#[test]
fn an_outsider_transaction_is_invalid_before_dispatch() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let outsider = ed25519::Pair::from_seed(&[7u8; 32]);
		assert_eq!(
			validate(signed(&outsider, remark(), 0)),
			Err(InvalidTransaction::Custom(invalid_transaction::NOT_A_MEMBER).into())
		);
		// Nothing was dispatched: the outsider's account does not even exist.
		let who: AccountId = outsider.public().into();
		assert!(!System::account_exists(&who));
	});
}

#[test]
fn a_suspended_member_transaction_is_invalid_before_dispatch() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let pharmacy = Ed25519Keyring::Eve;
		let id = Organizations::organization_of(&pharmacy.to_account_id()).unwrap();
		Organizations::suspend_organization(RuntimeOrigin::root(), id).unwrap();
		assert_eq!(
			validate(signed(&pharmacy.pair(), remark(), 0)),
			Err(InvalidTransaction::Custom(invalid_transaction::ORGANIZATION_SUSPENDED).into())
		);
	});
}

#[test]
fn the_development_preset_has_one_organisation_of_each_role() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		for role in Role::ALL {
			let holders = pallet_organizations::Organizations::<Runtime>::iter()
				.filter(|(_, org)| org.roles.contains(role))
				.count();
			assert_eq!(holders, 1, "{role:?}");
		}
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(Ed25519Keyring::Alice.to_account_id()));
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
	});
}

#[test]
fn the_local_preset_is_four_validating_organisations_without_sudo() {
	ext_from_preset(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(pallet_organizations::Organizations::<Runtime>::iter().count(), 4);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 4);
		assert_eq!(pallet_collective::Members::<Runtime, configs::CouncilInstance>::get().len(), 4);
		assert_eq!(pallet_node_authorization::WellKnownNodes::<Runtime>::get().len(), 4);
		let regulator = Ed25519Keyring::Alice.to_account_id();
		assert!(<Organizations as OrganizationInspect<AccountId>>::ensure_role(&regulator, Role::Regulator).is_ok());
	});
}

#[test]
fn governance_by_the_council_admits_an_organisation() {
	ext_from_preset(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		let admit = RuntimeCall::Organizations(pallet_organizations::Call::admit_organization {
			name: b"Peace Health Insurance".to_vec().try_into().unwrap(),
			credit_code: Some(b"91110000802100433B".to_vec().try_into().unwrap()),
			gln: None,
			roles: medtrust_primitives::Roles::of(&[Role::Insurer]),
			accounts: vec![Ed25519Keyring::One.to_account_id()].try_into().unwrap(),
		});
		// One member alone is not governance.
		assert!(Organizations::admit_organization(
			RuntimeOrigin::signed(Ed25519Keyring::Alice.to_account_id()),
			b"x".to_vec().try_into().unwrap(),
			Some(b"91110000802100433B".to_vec().try_into().unwrap()),
			None,
			medtrust_primitives::Roles::of(&[Role::Insurer]),
			vec![Ed25519Keyring::One.to_account_id()].try_into().unwrap(),
		)
		.is_err());
		let len = admit.encoded_size() as u32;
		let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&admit);
		let members = [Ed25519Keyring::Alice, Ed25519Keyring::Bob, Ed25519Keyring::Charlie];
		Council::propose(RuntimeOrigin::signed(members[0].to_account_id()), 3, Box::new(admit), len).unwrap();
		// The proposer votes like everyone else.
		for m in &members {
			Council::vote(RuntimeOrigin::signed(m.to_account_id()), hash, 0, true).unwrap();
		}
		let weight: frame_support::weights::Weight = <configs::MaxCouncilProposalWeight as Get<_>>::get();
		Council::close(RuntimeOrigin::signed(members[0].to_account_id()), hash, 0, weight, len).unwrap();
		let insurer = Ed25519Keyring::One.to_account_id();
		assert!(<Organizations as OrganizationInspect<AccountId>>::ensure_role(&insurer, Role::Insurer).is_ok());
	});
}

/// The client SDK generates its typed interface from `client-sdk/metadata/medtrust.scale`; this
/// fails when that file no longer matches the runtime. `scripts/update-metadata.sh` rewrites it.
#[test]
fn client_sdk_metadata_is_current() {
	let metadata = Runtime::metadata_at_version(16).expect("the runtime offers metadata V16");
	let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../client-sdk/metadata/medtrust.scale");
	if std::env::var_os("MEDTRUST_UPDATE_METADATA").is_some() {
		std::fs::write(path, &*metadata).expect("client-sdk/metadata is writable");
		return;
	}
	let committed = std::fs::read(path).unwrap_or_default();
	assert!(
		committed == *metadata,
		"client-sdk/metadata/medtrust.scale is stale: run scripts/update-metadata.sh and commit the result"
	);
}

/// The node's native scan path computes storage keys itself (`medtrust_primitives::trace::keys`)
/// and decodes organisation roles from a prefix of the record: both must match the runtime.
#[test]
fn native_scan_keys_match_the_pallets_storage() {
	use medtrust_primitives::trace::{keys, ItemKey, ProductCode, Serial};
	use pallet_traceability as trace;
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let code = ProductCode::Gtin(*b"09521234543213");
		let item = ItemKey::Unit { product: 3, serial: Serial::truncate_from(b"S1".to_vec()) };
		assert_eq!(keys::product_code(&code), trace::ProductCodes::<Runtime>::hashed_key_for(code));
		assert_eq!(keys::product(3), trace::Products::<Runtime>::hashed_key_for(3));
		assert_eq!(keys::lot(4), trace::Lots::<Runtime>::hashed_key_for(4));
		assert_eq!(keys::item(&item), trace::Items::<Runtime>::hashed_key_for(&item));
		assert_eq!(keys::history_chunk(&item, 2), trace::History::<Runtime>::hashed_key_for(&item, 2));
		assert_eq!(keys::timestamp_now(), pallet_timestamp::Now::<Runtime>::hashed_key().to_vec());
		assert_eq!(keys::organization(7), pallet_organizations::Organizations::<Runtime>::hashed_key_for(7));
		let account = AccountId::from([5u8; 32]);
		assert_eq!(
			keys::account_organization(&[5u8; 32]),
			pallet_organizations::AccountOrganization::<Runtime>::hashed_key_for(&account)
		);
		let regulator = sp_io::storage::get(&keys::organization(0)).expect("the development preset's regulator; qed");
		assert_eq!(keys::decode_organization_roles(&regulator), Some(medtrust_primitives::Roles::of(&[Role::Regulator])));
		assert!(keys::decode_organization_is_active(&regulator));
		assert_ok_suspend(0);
		let suspended = sp_io::storage::get(&keys::organization(0)).expect("still there; qed");
		assert!(!keys::decode_organization_is_active(&suspended));
	});
}

/// The node's native decision path computes the consent pallet's keys itself.
#[test]
fn native_consent_keys_match_the_pallets_storage() {
	use medtrust_primitives::consent::keys;
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let subject = [9u8; 32];
		assert_eq!(keys::subject(&subject), pallet_consent::Subjects::<Runtime>::hashed_key_for(subject));
		assert_eq!(keys::consent_head(5), pallet_consent::ConsentHeads::<Runtime>::hashed_key_for(5));
		assert_eq!(keys::consent_terms(5, 2), pallet_consent::ConsentVersions::<Runtime>::hashed_key_for(5, 2));
	});
}

fn assert_ok_suspend(id: medtrust_primitives::OrganizationId) {
	crate::Organizations::suspend_organization(RuntimeOrigin::root(), id).expect("root suspends an organisation; qed");
}

#[test]
fn members_may_send_only_the_calls_some_role_needs() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let eve = Ed25519Keyring::Eve.pair();
		let refused = Err(InvalidTransaction::Call.into());
		let remark_with = |text: &[u8]| RuntimeCall::System(frame_system::Call::remark { remark: text.to_vec() });
		assert_eq!(validate(signed(&eve, remark_with(&[0; 60_000]), 0)), refused);
		assert_eq!(validate(signed(&eve, remark_with(b"x"), 0)), refused);
		let peer = b"12D3KooWBmAwcd4PJNJvfV89HwE48nwkRmAgo8Vy3uQEyNNHBox2".to_vec();
		let peer = sp_core::OpaquePeerId(peer);
		let claim = RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::claim_node { node: peer.clone() });
		assert_eq!(validate(signed(&eve, claim, 0)), refused);
		let connect = RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::add_connections {
			node: peer.clone(),
			connections: vec![peer],
		});
		assert_eq!(validate(signed(&eve, connect, 0)), refused);
		let set_storage = RuntimeCall::System(frame_system::Call::set_storage { items: vec![] });
		assert_eq!(validate(signed(&eve, set_storage, 0)), refused);
		// The empty remark and the consortium's own calls enter the pool (their origin and
		// arguments are checked when dispatched).
		assert_eq!(validate(signed(&eve, remark(), 0)), Ok(()));
		let suspend = RuntimeCall::Organizations(pallet_organizations::Call::suspend_organization { id: 0 });
		assert_eq!(validate(signed(&eve, suspend, 0)), Ok(()));
	});
}

#[test]
fn a_transaction_beyond_one_organisations_share_of_a_block_is_refused_before_the_pool() {
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		let (_, length_share) = pallet_organizations::block_share::<Runtime>();
		let propose_code = |bytes: usize| {
			let code = RuntimeCall::System(frame_system::Call::set_code { code: vec![0; bytes] });
			let proposal = RuntimeCall::Organizations(pallet_organizations::Call::dispatch_as_root { call: Box::new(code) });
			let len = proposal.encoded_size() as u32;
			RuntimeCall::Council(pallet_collective::Call::propose { threshold: 6, proposal: Box::new(proposal), length_bound: len })
		};
		let eve = Ed25519Keyring::Eve.pair();
		assert_eq!(
			validate(signed(&eve, propose_code(length_share as usize), 0)),
			Err(InvalidTransaction::Custom(invalid_transaction::EXCEEDS_BLOCK_SHARE).into())
		);
		// A runtime's code (about a megabyte, compressed) fits.
		assert_eq!(validate(signed(&eve, propose_code(1024 * 1024), 0)), Ok(()));
	});
}

/// Proposes `call` to the council, has `ayes` vote for it and closes the motion; returns the
/// executed call's result.
fn motion(call: RuntimeCall, ayes: &[Ed25519Keyring]) -> sp_runtime::DispatchResult {
	let len = call.encoded_size() as u32;
	let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
	let index = pallet_collective::ProposalCount::<Runtime, configs::CouncilInstance>::get();
	let proposer = ayes[0].to_account_id();
	Council::propose(RuntimeOrigin::signed(proposer.clone()), ayes.len() as u32, Box::new(call), len).unwrap();
	for m in ayes {
		Council::vote(RuntimeOrigin::signed(m.to_account_id()), hash, index, true).unwrap();
	}
	let weight: frame_support::weights::Weight = <configs::MaxCouncilProposalWeight as Get<_>>::get();
	System::reset_events();
	Council::close(RuntimeOrigin::signed(proposer), hash, index, weight, len).unwrap();
	System::events()
		.into_iter()
		.find_map(|record| match record.event {
			RuntimeEvent::Council(pallet_collective::Event::Executed { result, .. }) => Some(result),
			_ => None,
		})
		.expect("an approved motion is executed; qed")
}

fn council_size() -> usize {
	pallet_collective::Members::<Runtime, configs::CouncilInstance>::get().len()
}

#[test]
fn three_quarters_of_the_council_act_as_root_and_two_thirds_do_not() {
	use Ed25519Keyring::*;
	ext_from_preset(DEV_RUNTIME_PRESET).execute_with(|| {
		// Seven seats: more than two thirds (5 of 7) is less than three quarters.
		assert_eq!(council_size(), 8);
		assert_ok_suspend(7);
		assert_eq!(council_size(), 7);
		let authorize = |hash| {
			RuntimeCall::Organizations(pallet_organizations::Call::dispatch_as_root {
				call: Box::new(RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash: hash })),
			})
		};
		let five = [Alice, Bob, Charlie, Dave, Eve];
		let authorized = || {
			System::events().into_iter().find_map(|record| match record.event {
				RuntimeEvent::System(frame_system::Event::UpgradeAuthorized { code_hash, .. }) => Some(code_hash),
				_ => None,
			})
		};
		assert_eq!(motion(authorize(Hash::repeat_byte(1)), &five), Err(sp_runtime::DispatchError::BadOrigin));
		assert_eq!(authorized(), None);
		assert_eq!(motion(authorize(Hash::repeat_byte(2)), &[Alice, Bob, Charlie, Dave, Eve, Ferdie]), Ok(()));
		assert_eq!(authorized(), Some(Hash::repeat_byte(2)));
		// Two thirds still govern organisations.
		let reinstate = RuntimeCall::Organizations(pallet_organizations::Call::reinstate_organization { id: 7 });
		assert_eq!(motion(reinstate, &five), Ok(()));
		assert_eq!(council_size(), 8);
	});
}

#[test]
fn suspending_half_the_council_leaves_the_rest_able_to_govern() {
	use Ed25519Keyring::*;
	ext_from_preset(LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		let suspend = |id| RuntimeCall::Organizations(pallet_organizations::Call::suspend_organization { id });
		assert_eq!(motion(suspend(3), &[Alice, Bob, Charlie]), Ok(()));
		assert_eq!(council_size(), 3);
		assert_eq!(motion(suspend(2), &[Alice, Bob]), Ok(()));
		assert_eq!(council_size(), 2);
		let reinstate = RuntimeCall::Organizations(pallet_organizations::Call::reinstate_organization { id: 3 });
		assert_eq!(motion(reinstate, &[Alice, Bob]), Ok(()));
		assert_eq!(council_size(), 3);
	});
}

#[test]
fn each_member_call_is_charged_the_most_state_it_can_add_and_a_day_holds_a_busy_members_work() {
	use medtrust_primitives::{
		consent::{AccessReport, Action, Basis, DataClass, LoggedDecision, Purpose},
		state::StateGrowth,
		trace::Serial,
	};
	use sp_runtime::BoundedVec;
	let growth = |call: RuntimeCall| governance::CallStateGrowth::new_state(&call);
	let commission = |n: usize| {
		let serials = BoundedVec::truncate_from(vec![Serial::truncate_from(b"S1".to_vec()); n]);
		growth(RuntimeCall::Traceability(pallet_traceability::Call::commission { lot: 1, serials }))
	};
	let report = AccessReport {
		subject: [1; 32],
		role: Role::Hospital,
		purpose: Purpose::Treatment,
		action: Action::Read,
		data_class: DataClass::Diagnoses,
		accessed_at: 0,
		record: [3; 32],
		basis: Basis::None,
		decision: LoggedDecision::Deny,
		reason: None,
	};
	let accesses = |n: usize| {
		let reports = BoundedVec::truncate_from(vec![report.clone(); n]);
		growth(RuntimeCall::Consent(pallet_consent::Call::record_access { reports }))
	};
	let claim = growth(RuntimeCall::Claims(pallet_claims::Call::submit_claim {
		coverage: 0,
		invoice: [0; 32],
		items: Default::default(),
		preauth: None,
	}));
	let (pack, access) = (commission(1), accesses(2) - accesses(1));
	// Charges grow with the batch, and what writes nothing of its own is charged nothing.
	assert_eq!(commission(100), 100 * pack);
	assert_eq!(growth(RuntimeCall::System(frame_system::Call::remark { remark: Vec::new() })), 0);
	// The numbers the README gives, and what a day's budget holds.
	let sizes = format!("a pack {pack} bytes, an access {access}, a claim {claim}");
	assert!((500..=550).contains(&pack), "{sizes}");
	assert!((800..=900).contains(&access), "{sizes}");
	assert!((1_100..=1_200).contains(&claim), "{sizes}");
	let budget: u64 = configs::OrganizationDailyStateBudget::get();
	assert!(budget / pack >= 500_000 && budget / access >= 300_000 && budget / claim >= 200_000, "{sizes}");
}
