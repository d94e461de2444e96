//! Benchmarks of the organisations pallet, each at its worst case.

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	dispatch::{DispatchInfo, PostDispatchInfo},
	traits::{EnsureOrigin, Get},
	weights::Weight,
};
use frame_system::RawOrigin;
use sp_runtime::traits::{AsSystemOriginSigner, AsTransactionAuthorizedOrigin, DispatchTransaction, Dispatchable};
use medtrust_primitives::{gs1_check_digit, CreditCode, OrganizationId, Role, Roles};

/// A valid unified social credit code and GLN, distinct for each `seed`.
pub(crate) fn identifiers(seed: u32) -> (IdentifierText, IdentifierText) {
	let mut body = *b"91110000000000000";
	let digits = alloc::format!("{seed:08}");
	body[9..17].copy_from_slice(digits.as_bytes());
	let code = CreditCode::from_body(&body).expect("the body holds digits only; qed");
	let mut gln: Vec<u8> = alloc::format!("695{seed:09}").into_bytes();
	gln.push(b'0' + gs1_check_digit(&gln).expect("digits only; qed"));
	(code.0.to_vec().try_into().expect("18 bytes fit 32; qed"), gln.try_into().expect("13 bytes fit 32; qed"))
}

fn longest_name<T: Config>() -> NameOf<T> {
	alloc::vec![b'h'; T::MaxNameLength::get() as usize].try_into().expect("exactly the bound; qed")
}

fn member_accounts<T: Config>(seed: u32, n: u32) -> AccountsOf<T> {
	(0..n)
		.map(|i| account("member", seed * 1_000 + i, 0))
		.collect::<Vec<_>>()
		.try_into()
		.expect("n is at most MaxAccountsPerOrganization; qed")
}

/// Admits an organisation with `n` accounts and returns its id and first account.
fn admitted<T: Config>(seed: u32, n: u32) -> (OrganizationId, T::AccountId) {
	let (code, gln) = identifiers(seed);
	let accounts = member_accounts::<T>(seed, n);
	let first = accounts[0].clone();
	let id = Pallet::<T>::do_admit(longest_name::<T>(), Some(code), Some(gln), Roles::of(&Role::ALL), accounts)
		.expect("fresh identifiers and accounts; qed");
	(id, first)
}

fn admin_origin<T: Config>() -> T::RuntimeOrigin {
	T::AdminOrigin::try_successful_origin().expect("governance can be benchmarked; qed")
}

#[benchmarks(where
	T: Send + Sync,
	T::RuntimeCall: Dispatchable<Info = DispatchInfo, PostInfo = PostDispatchInfo> + From<frame_system::Call<T>>,
	<T::RuntimeCall as Dispatchable>::RuntimeOrigin:
		AsSystemOriginSigner<T::AccountId> + AsTransactionAuthorizedOrigin + Clone,
)]
mod benchmarks {
	use super::*;

	/// The membership check every signed transaction pays for, at its worst: a member's
	/// transaction while a block is built (membership reads, its block usage read and written)
	/// whose dispatch leaves weight unspent (the usage written again).
	#[benchmark]
	fn check_membership() {
		let (_, member) = admitted::<T>(1, 1);
		let call: T::RuntimeCall = frame_system::Call::remark { remark: alloc::vec![] }.into();
		let info = DispatchInfo { call_weight: Weight::from_parts(1_000_000, 0), ..Default::default() };
		let spent_nothing = PostDispatchInfo { actual_weight: Some(Weight::zero()), ..Default::default() };

		#[block]
		{
			CheckMembership::<T>::new()
				.test_run(RawOrigin::Signed(member.clone()).into(), &call, &info, 0, 0, |_| Ok(spent_nothing))
				.expect("a member's transaction is valid; qed")
				.expect("remark succeeds; qed");
		}

		let id = AccountOrganization::<T>::get(&member).expect("admitted; qed");
		assert_eq!(BlockUsage::<T>::get(id).transactions, 1);
	}

	#[benchmark]
	fn admit_organization(a: Linear<1, { T::MaxAccountsPerOrganization::get() }>) {
		let (code, gln) = identifiers(1);
		let accounts = member_accounts::<T>(1, a);
		let origin = admin_origin::<T>();
		let id = NextOrganizationId::<T>::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, longest_name::<T>(), Some(code), Some(gln), Roles::of(&Role::ALL), accounts);

		assert_eq!(Organizations::<T>::get(id).map(|o| o.accounts.len() as u32), Some(a));
	}

	#[benchmark]
	fn suspend_organization() {
		let (id, _) = admitted::<T>(1, T::MaxAccountsPerOrganization::get());
		let origin = admin_origin::<T>();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);

		assert_eq!(Organizations::<T>::get(id).map(|o| o.status), Some(OrganizationStatus::Suspended));
	}

	#[benchmark]
	fn reinstate_organization() {
		let (id, _) = admitted::<T>(1, T::MaxAccountsPerOrganization::get());
		Organizations::<T>::mutate(id, |o| o.as_mut().map(|o| o.status = OrganizationStatus::Suspended));
		// Its seats to give back (the council's own cost is `CouncilSeats::max_weight`).
		let accounts = Organizations::<T>::get(id).map(|o| o.accounts).expect("admitted; qed");
		VacatedSeats::<T>::insert(id, accounts);
		let origin = admin_origin::<T>();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id);

		assert_eq!(Organizations::<T>::get(id).map(|o| o.status), Some(OrganizationStatus::Active));
	}

	#[benchmark]
	fn set_roles() {
		let (id, _) = admitted::<T>(1, T::MaxAccountsPerOrganization::get());
		let origin = admin_origin::<T>();
		let roles = Roles::of(&[Role::Pharmacy]);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, roles);

		assert_eq!(Organizations::<T>::get(id).map(|o| o.roles), Some(roles));
	}

	#[benchmark]
	fn update_details() {
		let (id, _) = admitted::<T>(1, T::MaxAccountsPerOrganization::get());
		let (code, gln) = identifiers(2);
		let origin = admin_origin::<T>();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, id, longest_name::<T>(), Some(code.clone()), Some(gln));

		assert_eq!(
			Organizations::<T>::get(id).and_then(|o| o.credit_code).map(|c| c.0.to_vec()),
			Some(code.to_vec())
		);
	}

	#[benchmark]
	fn add_account() {
		let max = T::MaxAccountsPerOrganization::get();
		let (id, member) = admitted::<T>(1, max.saturating_sub(1).max(1));
		let new: T::AccountId = account("new", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(member), id, new.clone());

		assert_eq!(AccountOrganization::<T>::get(&new), Some(id));
	}

	/// The wrapper's own cost; the dispatched call's weight is added to it.
	#[benchmark]
	fn dispatch_as_root() -> Result<(), BenchmarkError> {
		let origin = T::RootOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let call: T::RootCall = frame_system::Call::remark { remark: Vec::new() }.into();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, alloc::boxed::Box::new(call));

		Ok(())
	}

	#[benchmark]
	fn remove_account() {
		let max = T::MaxAccountsPerOrganization::get().max(2);
		let (id, member) = admitted::<T>(1, max);
		let last = Organizations::<T>::get(id).and_then(|o| o.accounts.last().cloned()).expect("admitted; qed");

		#[extrinsic_call]
		_(RawOrigin::Signed(member), id, last.clone());

		assert_eq!(AccountOrganization::<T>::get(&last), None);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
