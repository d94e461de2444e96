use frame_support::{
	assert_noop, assert_ok,
	dispatch::{DispatchClass, DispatchInfo, GetDispatchInfo, PostDispatchInfo},
	pallet_prelude::TransactionSource,
	traits::Get,
	weights::Weight,
	BoundedVec,
};
use medtrust_primitives::{MembershipError, OrganizationInspect, Role, Roles};
use sp_runtime::{
	traits::{DispatchTransaction, TransactionExtension},
	transaction_validity::InvalidTransaction,
	DispatchError,
};

use crate::{
	invalid_transaction, mock::*, AccountOrganization, CheckMembership, CreditCodes, Error, Event, Glns,
	IdentifierText, OrganizationStatus,
};

fn text(s: &[u8]) -> Option<IdentifierText> {
	Some(s.to_vec().try_into().unwrap())
}

fn name(s: &str) -> BoundedVec<u8, frame_support::traits::ConstU32<64>> {
	s.as_bytes().to_vec().try_into().unwrap()
}

fn accounts(a: &[u64]) -> BoundedVec<u64, frame_support::traits::ConstU32<3>> {
	a.to_vec().try_into().unwrap()
}

fn admit(code: &[u8], roles: Roles, members: &[u64]) -> sp_runtime::DispatchResult {
	Organizations::admit_organization(
		RuntimeOrigin::root(),
		name("Sinopharm Beijing"),
		text(code),
		None,
		roles,
		accounts(members),
	)
}

fn pharmacy() -> Roles {
	Roles::of(&[Role::Pharmacy])
}

#[test]
fn genesis_registers_the_hospital_with_provider_references() {
	new_test_ext().execute_with(|| {
		let org = crate::Organizations::<Test>::get(0).unwrap();
		assert_eq!(org.roles, Roles::of(&[Role::Hospital]));
		assert_eq!(org.status, OrganizationStatus::Active);
		assert_eq!(org.accounts.to_vec(), vec![1, 2]);
		assert_eq!(AccountOrganization::<Test>::get(2), Some(0));
		assert_eq!(System::providers(&1), 1);
		assert_eq!(crate::NextOrganizationId::<Test>::get(), 1);
	});
}

#[test]
fn admit_organization_registers_everything_and_emits_events() {
	new_test_ext().execute_with(|| {
		let roles = Roles::of(&[Role::Manufacturer, Role::Distributor]);
		assert_ok!(Organizations::admit_organization(
			RuntimeOrigin::root(),
			name("国药控股"),
			text(CODE_B),
			text(GLN_A),
			roles,
			accounts(&[10, 11]),
		));
		let org = crate::Organizations::<Test>::get(1).unwrap();
		assert_eq!(org.name.to_vec(), "国药控股".as_bytes().to_vec());
		assert_eq!(org.gln.unwrap().as_str(), "0614141000005");
		assert_eq!(CreditCodes::<Test>::get(org.credit_code.unwrap()), Some(1));
		assert_eq!(Glns::<Test>::get(org.gln.unwrap()), Some(1));
		assert_eq!(AccountOrganization::<Test>::get(11), Some(1));
		assert_eq!(System::providers(&10), 1);
		System::assert_has_event(Event::OrganizationAdmitted { id: 1, roles }.into());
		System::assert_last_event(Event::AccountAdded { id: 1, account: 11 }.into());
	});
}

#[test]
fn admission_needs_governance() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Organizations::admit_organization(
				RuntimeOrigin::signed(1),
				name("x"),
				text(CODE_B),
				None,
				pharmacy(),
				accounts(&[10]),
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn admission_refuses_bad_names_and_identifiers_precisely() {
	new_test_ext().execute_with(|| {
		let go = |n: &[u8], code: Option<&[u8]>, gln: Option<&[u8]>| {
			Organizations::admit_organization(
				RuntimeOrigin::root(),
				n.to_vec().try_into().unwrap(),
				code.and_then(text),
				gln.and_then(text),
				pharmacy(),
				accounts(&[10]),
			)
		};
		assert_noop!(go(b"", Some(CODE_B), None), Error::<Test>::EmptyName);
		assert_noop!(go(&[0xff, 0xfe], Some(CODE_B), None), Error::<Test>::NameNotUtf8);
		assert_noop!(go(b"x", None, None), Error::<Test>::NoIdentifier);
		assert_noop!(go(b"x", Some(b"9111010855138508"), None), Error::<Test>::CreditCodeWrongLength);
		assert_noop!(go(b"x", Some(b"9111010855138508IQ"), None), Error::<Test>::CreditCodeInvalidCharacter);
		assert_noop!(
			go(b"x", Some(b"91110108551385082R"), None),
			Error::<Test>::CreditCodeCheckCharacterMismatch
		);
		assert_noop!(go(b"x", None, Some(b"061414100000")), Error::<Test>::GlnWrongLength);
		assert_noop!(go(b"x", None, Some(b"06141410000O5")), Error::<Test>::GlnInvalidCharacter);
		assert_noop!(go(b"x", None, Some(b"0614141000009")), Error::<Test>::GlnCheckDigitMismatch);
	});
}

#[test]
fn admission_refuses_duplicates() {
	new_test_ext().execute_with(|| {
		assert_noop!(admit(CODE_A, pharmacy(), &[10]), Error::<Test>::DuplicateCreditCode);
		assert_ok!(Organizations::admit_organization(
			RuntimeOrigin::root(),
			name("a"),
			None,
			text(GLN_A),
			pharmacy(),
			accounts(&[10]),
		));
		assert_noop!(
			Organizations::admit_organization(
				RuntimeOrigin::root(),
				name("b"),
				text(CODE_B),
				text(GLN_A),
				pharmacy(),
				accounts(&[11]),
			),
			Error::<Test>::DuplicateGln
		);
		// An account acts for one organisation only.
		assert_noop!(admit(CODE_B, pharmacy(), &[12, 1]), Error::<Test>::AccountAlreadyMember);
		assert_noop!(admit(CODE_B, pharmacy(), &[12, 12]), Error::<Test>::DuplicateAccount);
	});
}

#[test]
fn admission_refuses_unknown_or_missing_roles_and_accounts() {
	new_test_ext().execute_with(|| {
		assert_noop!(admit(CODE_B, Roles(1 << 9), &[10]), Error::<Test>::UnknownRole);
		assert_noop!(admit(CODE_B, Roles(0), &[10]), Error::<Test>::NoRole);
		assert_noop!(admit(CODE_B, pharmacy(), &[]), Error::<Test>::NoAccounts);
	});
}

#[test]
fn admission_is_bounded_by_max_organizations() {
	new_test_ext().execute_with(|| {
		assert_ok!(admit(CODE_B, pharmacy(), &[10]));
		assert_ok!(admit(CODE_C, pharmacy(), &[11]));
		assert_ok!(Organizations::admit_organization(
			RuntimeOrigin::root(),
			name("d"),
			None,
			text(GLN_A),
			pharmacy(),
			accounts(&[12]),
		));
		assert_noop!(
			Organizations::admit_organization(
				RuntimeOrigin::root(),
				name("e"),
				None,
				text(b"6901234000023"),
				pharmacy(),
				accounts(&[13]),
			),
			Error::<Test>::TooManyOrganizations
		);
	});
}

#[test]
fn suspend_and_reinstate() {
	new_test_ext().execute_with(|| {
		assert_noop!(Organizations::suspend_organization(RuntimeOrigin::signed(1), 0), DispatchError::BadOrigin);
		assert_noop!(Organizations::suspend_organization(RuntimeOrigin::root(), 7), Error::<Test>::UnknownOrganization);
		assert_noop!(Organizations::reinstate_organization(RuntimeOrigin::root(), 0), Error::<Test>::NotSuspended);
		assert_ok!(Organizations::suspend_organization(RuntimeOrigin::root(), 0));
		System::assert_has_event(Event::OrganizationSuspended { id: 0 }.into());
		assert_eq!(crate::Organizations::<Test>::get(0).unwrap().status, OrganizationStatus::Suspended);
		assert_noop!(Organizations::suspend_organization(RuntimeOrigin::root(), 0), Error::<Test>::AlreadySuspended);
		assert_eq!(
			<Organizations as OrganizationInspect<u64>>::ensure_role(&1, Role::Hospital),
			Err(MembershipError::OrganizationSuspended)
		);
		assert_ok!(Organizations::reinstate_organization(RuntimeOrigin::root(), 0));
		System::assert_has_event(Event::OrganizationReinstated { id: 0 }.into());
		assert_eq!(<Organizations as OrganizationInspect<u64>>::ensure_role(&1, Role::Hospital), Ok(0));
	});
}

#[test]
fn set_roles_replaces_roles_and_validates_them() {
	new_test_ext().execute_with(|| {
		let roles = Roles::of(&[Role::Hospital, Role::VaccinationSite]);
		assert_noop!(Organizations::set_roles(RuntimeOrigin::signed(1), 0, roles), DispatchError::BadOrigin);
		assert_noop!(Organizations::set_roles(RuntimeOrigin::root(), 9, roles), Error::<Test>::UnknownOrganization);
		assert_noop!(Organizations::set_roles(RuntimeOrigin::root(), 0, Roles(0x8000)), Error::<Test>::UnknownRole);
		assert_noop!(Organizations::set_roles(RuntimeOrigin::root(), 0, Roles(0)), Error::<Test>::NoRole);
		assert_ok!(Organizations::set_roles(RuntimeOrigin::root(), 0, roles));
		System::assert_last_event(Event::RolesChanged { id: 0, roles }.into());
		assert!(<Organizations as OrganizationInspect<u64>>::organization_has_role(0, Role::VaccinationSite));
		assert_eq!(
			<Organizations as OrganizationInspect<u64>>::ensure_role(&1, Role::Insurer),
			Err(MembershipError::MissingRole)
		);
	});
}

#[test]
fn update_details_reindexes_identifiers() {
	new_test_ext().execute_with(|| {
		assert_ok!(admit(CODE_B, pharmacy(), &[10]));
		assert_noop!(
			Organizations::update_details(RuntimeOrigin::signed(1), 0, name("x"), text(CODE_C), None),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Organizations::update_details(RuntimeOrigin::root(), 5, name("x"), text(CODE_C), None),
			Error::<Test>::UnknownOrganization
		);
		// Another organisation's code is a duplicate; one's own is not.
		assert_noop!(
			Organizations::update_details(RuntimeOrigin::root(), 0, name("x"), text(CODE_B), None),
			Error::<Test>::DuplicateCreditCode
		);
		assert_noop!(
			Organizations::update_details(RuntimeOrigin::root(), 0, name(""), text(CODE_A), None),
			Error::<Test>::EmptyName
		);
		assert_ok!(Organizations::update_details(RuntimeOrigin::root(), 0, name("PUMCH"), text(CODE_A), text(GLN_A)));
		assert_ok!(Organizations::update_details(RuntimeOrigin::root(), 0, name("PUMCH"), None, text(GLN_A)));
		System::assert_last_event(Event::DetailsChanged { id: 0 }.into());
		let org = crate::Organizations::<Test>::get(0).unwrap();
		assert_eq!(org.name.to_vec(), b"PUMCH".to_vec());
		assert_eq!(org.credit_code, None);
		// The released code may now be taken by another organisation.
		assert_eq!(CreditCodes::<Test>::iter().count(), 1);
		assert_ok!(admit(CODE_A, pharmacy(), &[11]));
	});
}

#[test]
fn accounts_are_added_by_governance_or_the_organisation_itself() {
	new_test_ext().execute_with(|| {
		assert_ok!(admit(CODE_B, pharmacy(), &[10]));
		// Another organisation's account may not add accounts to this one.
		assert_noop!(Organizations::add_account(RuntimeOrigin::signed(10), 0, 20), Error::<Test>::NotAuthorized);
		assert_noop!(Organizations::add_account(RuntimeOrigin::signed(1), 9, 20), Error::<Test>::UnknownOrganization);
		assert_noop!(Organizations::add_account(RuntimeOrigin::signed(1), 0, 10), Error::<Test>::AccountAlreadyMember);
		assert_ok!(Organizations::add_account(RuntimeOrigin::signed(1), 0, 20));
		System::assert_last_event(Event::AccountAdded { id: 0, account: 20 }.into());
		assert_eq!(System::providers(&20), 1);
		assert_noop!(Organizations::add_account(RuntimeOrigin::root(), 0, 21), Error::<Test>::TooManyAccounts);
		// A suspended organisation cannot manage itself.
		assert_ok!(Organizations::suspend_organization(RuntimeOrigin::root(), 1));
		assert_noop!(Organizations::add_account(RuntimeOrigin::signed(10), 1, 22), Error::<Test>::NotAuthorized);
		assert_ok!(Organizations::add_account(RuntimeOrigin::root(), 1, 22));
	});
}

#[test]
fn accounts_are_removed_but_never_the_last() {
	new_test_ext().execute_with(|| {
		assert_ok!(admit(CODE_B, pharmacy(), &[10]));
		assert_noop!(
			Organizations::remove_account(RuntimeOrigin::signed(1), 0, 10),
			Error::<Test>::NotAnAccountOfOrganization
		);
		assert_noop!(Organizations::remove_account(RuntimeOrigin::root(), 1, 10), Error::<Test>::LastAccount);
		assert_noop!(Organizations::remove_account(RuntimeOrigin::signed(10), 0, 2), Error::<Test>::NotAuthorized);
		// An account with a consumer reference (say, session keys) stays until that is released;
		// someone else's account is refused as such even when it holds references.
		assert_ok!(System::inc_consumers(&2));
		assert_noop!(
			Organizations::remove_account(RuntimeOrigin::root(), 1, 2),
			Error::<Test>::NotAnAccountOfOrganization
		);
		assert_noop!(Organizations::remove_account(RuntimeOrigin::signed(1), 0, 2), Error::<Test>::AccountInUse);
		System::dec_consumers(&2);
		assert_ok!(Organizations::remove_account(RuntimeOrigin::signed(1), 0, 2));
		System::assert_last_event(Event::AccountRemoved { id: 0, account: 2 }.into());
		assert_eq!(AccountOrganization::<Test>::get(2), None);
		assert_eq!(System::providers(&2), 0);
		assert_eq!(crate::Organizations::<Test>::get(0).unwrap().accounts.to_vec(), vec![1]);
	});
}

fn remark() -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: vec![] })
}

fn validate(who: Option<u64>, source: TransactionSource) -> Result<(), sp_runtime::transaction_validity::TransactionValidityError> {
	let call = remark();
	let origin = match who {
		Some(who) => RuntimeOrigin::signed(who),
		None => RuntimeOrigin::none(),
	};
	CheckMembership::<Test>::new()
		.validate(origin, &call, &call.get_dispatch_info(), 0, (), &sp_runtime::traits::TxBaseImplication(()), source)
		.map(|_| ())
}

#[test]
fn outsiders_and_suspended_members_are_refused_before_the_pool() {
	new_test_ext().execute_with(|| {
		assert_eq!(
			validate(Some(99), TransactionSource::External),
			Err(InvalidTransaction::Custom(invalid_transaction::NOT_A_MEMBER).into())
		);
		assert_eq!(validate(Some(1), TransactionSource::External), Ok(()));
		assert_eq!(validate(None, TransactionSource::External), Ok(()));
		assert_ok!(Organizations::suspend_organization(RuntimeOrigin::root(), 0));
		assert_eq!(
			validate(Some(1), TransactionSource::Local),
			Err(InvalidTransaction::Custom(invalid_transaction::ORGANIZATION_SUSPENDED).into())
		);
	});
}

#[test]
fn an_organisation_places_at_most_its_quota_in_a_block() {
	new_test_ext().execute_with(|| {
		let call = remark();
		let info = call.get_dispatch_info();
		let apply = |who: u64| {
			CheckMembership::<Test>::new().validate_and_prepare(RuntimeOrigin::signed(who), &call, &info, 0, 0)
		};
		// Both accounts of organisation 0 share its quota of 3.
		assert!(apply(1).is_ok());
		assert!(apply(2).is_ok());
		assert!(apply(1).is_ok());
		assert_eq!(apply(2).err(), Some(InvalidTransaction::ExhaustsResources.into()));
		// The pool still accepts it: it waits for the next block.
		assert_eq!(validate(Some(2), TransactionSource::External), Ok(()));
		System::set_block_number(2);
		assert!(apply(2).is_ok());
	});
}

/// A signed call of the given weight and length, applied while a block is built.
fn apply_sized(who: u64, weight: Weight, len: usize) -> Result<(), sp_runtime::transaction_validity::TransactionValidityError> {
	let call = remark();
	let info = DispatchInfo { call_weight: weight, ..call.get_dispatch_info() };
	CheckMembership::<Test>::new()
		.validate_and_prepare(RuntimeOrigin::signed(who), &call, &info, len, 0)
		.map(|_| ())
}

/// A second hospital (id 1, account 10), so that two organisations share blocks.
fn admit_second_hospital() {
	assert_ok!(admit(CODE_B, Roles::of(&[Role::Hospital]), &[10]));
}

#[test]
fn an_organisation_fills_at_most_its_share_of_a_block_and_the_next_organisation_still_fits() {
	new_test_ext().execute_with(|| {
		admit_second_hospital();
		let (weight_share, length_share) = crate::block_share::<Test>();
		let weights: frame_system::limits::BlockWeights = <Test as frame_system::Config>::BlockWeights::get();
		let base = weights.get(DispatchClass::Normal).base_extrinsic;
		let third = weight_share / 3;
		// Two thirds of organisation 0's share from its two accounts; then what is left fills it
		// to the brim, and a picosecond more does not fit.
		assert_eq!(apply_sized(1, third - base, 10), Ok(()));
		assert_eq!(apply_sized(2, third - base, 10), Ok(()));
		let rest = weight_share - third * 2 - base;
		assert_eq!(apply_sized(1, rest + Weight::from_parts(1, 0), 10), Err(InvalidTransaction::ExhaustsResources.into()));
		assert_eq!(apply_sized(1, rest, 10), Ok(()));
		// The other organisation's largest transaction still fits in the same block.
		assert_eq!(apply_sized(10, weight_share - base, length_share as usize), Ok(()));
		// Bytes count as well as weight.
		System::set_block_number(2);
		assert_eq!(apply_sized(1, Weight::zero(), length_share as usize - 10), Ok(()));
		assert_eq!(apply_sized(2, Weight::zero(), 11), Err(InvalidTransaction::ExhaustsResources.into()));
		assert_eq!(apply_sized(2, Weight::zero(), 10), Ok(()));
	});
}

#[test]
fn a_transaction_larger_than_a_share_is_refused_before_the_pool() {
	new_test_ext().execute_with(|| {
		let (weight_share, length_share) = crate::block_share::<Test>();
		let call = remark();
		let too_heavy = DispatchInfo { call_weight: weight_share, ..call.get_dispatch_info() };
		let validate = |info: &DispatchInfo, len: usize| {
			CheckMembership::<Test>::new()
				.validate(RuntimeOrigin::signed(1), &call, info, len, (), &sp_runtime::traits::TxBaseImplication(()), TransactionSource::External)
				.map(|_| ())
		};
		let refused = Err(InvalidTransaction::Custom(invalid_transaction::EXCEEDS_BLOCK_SHARE).into());
		assert_eq!(validate(&too_heavy, 0), refused);
		assert_eq!(validate(&call.get_dispatch_info(), length_share as usize + 1), refused);
		assert_eq!(validate(&call.get_dispatch_info(), length_share as usize), Ok(()));
	});
}

#[test]
fn a_block_usage_at_its_largest_fits_its_bound() {
	use codec::{Encode, MaxEncodedLen};
	let usage = crate::OrganizationBlockUsage::<u32> {
		block: u32::MAX,
		transactions: u32::MAX,
		weight: frame_support::weights::Weight::MAX,
		length: u32::MAX,
	};
	assert_eq!(usage.encode().len(), crate::OrganizationBlockUsage::<u32>::max_encoded_len());
}

#[test]
fn weight_a_call_did_not_use_returns_to_its_organisations_share() {
	new_test_ext().execute_with(|| {
		let (weight_share, _) = crate::block_share::<Test>();
		let call = remark();
		let heavy = DispatchInfo { call_weight: weight_share / 2, ..call.get_dispatch_info() };
		let used_nothing = PostDispatchInfo { actual_weight: Some(Weight::zero()), ..Default::default() };
		for _ in 0..3 {
			// Each charges half a share before dispatch and gives it back after.
			CheckMembership::<Test>::new()
				.test_run(RuntimeOrigin::signed(1), &call, &heavy, 0, 0, |_| Ok(used_nothing))
				.expect("within the share")
				.expect("the call succeeds");
		}
		assert_eq!(crate::BlockUsage::<Test>::get(0).transactions, 3);
		assert!(crate::BlockUsage::<Test>::get(0).weight.all_lt(weight_share / 2));
	});
}

/// A remark of `len` bytes (which the mock counts as `len` bytes of new state) from `who`,
/// included in a block of its own (so that only the state budget limits it) and dispatched,
/// failing if `fails`.
fn include_remark(
	who: u64,
	len: usize,
	fails: bool,
) -> Result<(), sp_runtime::transaction_validity::TransactionValidityError> {
	System::set_block_number(System::block_number() + 1);
	let call = RuntimeCall::System(frame_system::Call::remark { remark: vec![0; len] });
	let info = call.get_dispatch_info();
	CheckMembership::<Test>::new()
		.test_run(RuntimeOrigin::signed(who), &call, &info, 0, 0, |_| {
			if fails {
				Err(DispatchError::Other("the call failed").into())
			} else {
				Ok(PostDispatchInfo::default())
			}
		})
		.map(|_| ())
}

#[test]
fn an_organisation_adds_at_most_its_daily_budget_of_state_and_a_failed_call_is_not_charged() {
	new_test_ext().execute_with(|| {
		admit_second_hospital();
		let day = 86_400_000;
		NowMillis::set(20_000 * day + day / 2);
		let over = Err(InvalidTransaction::Custom(invalid_transaction::DAILY_STATE_BUDGET).into());
		// Organisation 0's two accounts share its 1,000 bytes a day.
		assert_eq!(include_remark(1, 600, false), Ok(()));
		assert_eq!(include_remark(2, 400, false), Ok(()));
		assert_eq!(crate::StateUsage::<Test>::get(0).bytes, 1_000);
		assert_eq!(include_remark(1, 1, false), over);
		// The pool refuses it too, and a call that adds nothing still goes through.
		let call = RuntimeCall::System(frame_system::Call::remark { remark: vec![0] });
		let validate = |call: &RuntimeCall| {
			CheckMembership::<Test>::new()
				.validate(
					RuntimeOrigin::signed(1),
					call,
					&call.get_dispatch_info(),
					0,
					(),
					&sp_runtime::traits::TxBaseImplication(()),
					TransactionSource::External,
				)
				.map(|_| ())
		};
		assert_eq!(validate(&call), over);
		assert_eq!(include_remark(1, 0, false), Ok(()));
		// Another organisation has its own budget.
		assert_eq!(include_remark(10, 1_000, false), Ok(()));
		// The next day starts afresh; a call that failed gives its charge back.
		NowMillis::set(20_001 * day);
		assert_eq!(validate(&call), Ok(()));
		assert_eq!(include_remark(1, 700, true), Ok(()));
		assert_eq!(crate::StateUsage::<Test>::get(0).bytes, 0);
		assert_eq!(include_remark(1, 1_000, false), Ok(()));
		// One call larger than a day's budget can never be included.
		NowMillis::set(20_002 * day);
		assert_eq!(include_remark(2, 1_001, false), over);
	});
}

#[test]
fn suspension_vacates_the_organisations_council_seats_and_reinstatement_restores_them() {
	new_test_ext().execute_with(|| {
		assert_ok!(Organizations::suspend_organization(RuntimeOrigin::root(), 0));
		assert_eq!(CouncilMembers::get(), vec![3]);
		System::assert_last_event(Event::CouncilSeatsVacated { id: 0, accounts: accounts(&[1, 2]) }.into());
		assert_ok!(Organizations::reinstate_organization(RuntimeOrigin::root(), 0));
		assert_eq!(CouncilMembers::get(), vec![1, 2, 3]);
		System::assert_last_event(Event::CouncilSeatsRestored { id: 0, accounts: accounts(&[1, 2]) }.into());
		assert_eq!(crate::VacatedSeats::<Test>::get(0), None);
	});
}

#[test]
fn an_account_removed_while_suspended_gets_no_seat_back() {
	new_test_ext().execute_with(|| {
		assert_ok!(Organizations::suspend_organization(RuntimeOrigin::root(), 0));
		assert_ok!(Organizations::remove_account(RuntimeOrigin::root(), 0, 2));
		assert_ok!(Organizations::reinstate_organization(RuntimeOrigin::root(), 0));
		assert_eq!(CouncilMembers::get(), vec![1, 3]);
	});
}

#[test]
fn the_last_seats_are_kept_so_that_the_council_is_never_empty() {
	new_test_ext().execute_with(|| {
		CouncilMembers::set(vec![1, 2]);
		assert_ok!(Organizations::suspend_organization(RuntimeOrigin::root(), 0));
		assert_eq!(CouncilMembers::get(), vec![1, 2]);
		assert_eq!(crate::VacatedSeats::<Test>::get(0), None);
	});
}

#[test]
fn the_root_origin_dispatches_a_call_as_root_and_reports_its_result() {
	new_test_ext().execute_with(|| {
		let set_roles = |roles| Box::new(RuntimeCall::Organizations(crate::Call::set_roles { id: 0, roles }));
		assert_noop!(
			Organizations::dispatch_as_root(RuntimeOrigin::signed(1), set_roles(pharmacy())),
			DispatchError::BadOrigin
		);
		assert_ok!(Organizations::dispatch_as_root(RuntimeOrigin::root(), set_roles(pharmacy())));
		assert_eq!(crate::Organizations::<Test>::get(0).unwrap().roles, pharmacy());
		System::assert_last_event(Event::DispatchedAsRoot { result: Ok(()) }.into());
		// The inner call's failure is the event's result; the motion itself succeeded.
		assert_ok!(Organizations::dispatch_as_root(RuntimeOrigin::root(), set_roles(Roles(0))));
		System::assert_last_event(Event::DispatchedAsRoot { result: Err(Error::<Test>::NoRole.into()) }.into());
	});
}
