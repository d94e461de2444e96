//! The question other pallets ask about a transaction's signer.

use crate::{OrganizationId, Role};

/// Why an account may not act in a role.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum MembershipError {
	/// The account acts for no organisation.
	NotAMember,
	/// The account's organisation is suspended.
	OrganizationSuspended,
	/// The account's organisation does not hold the role asked for.
	MissingRole,
}

/// Read access to the consortium's organisations, implemented by `pallet-organizations`.
///
/// Pallets depend on this trait, never on the organisations pallet's storage.
pub trait OrganizationInspect<AccountId> {
	/// The organisation `who` acts for, whatever its status.
	fn organization_of(who: &AccountId) -> Option<OrganizationId>;

	/// The organisation `who` acts for, if it is active and holds `role`.
	fn ensure_role(who: &AccountId, role: Role) -> Result<OrganizationId, MembershipError> {
		Self::ensure_any_role(who, &[role])
	}

	/// The organisation `who` acts for, if it is active, whatever its roles.
	fn ensure_active_member(who: &AccountId) -> Result<OrganizationId, MembershipError>;

	/// Whether organisation `id` exists, is active and holds `role`.
	fn organization_has_role(id: OrganizationId, role: Role) -> bool;

	/// The one check every domain call makes of its signer: the organisation `who` acts for,
	/// if it is active and holds one of `roles` (any role when `roles` is empty). Each pallet
	/// turns the error into its own `NotAMember`, `OrganizationSuspended` or `MissingRole`.
	fn ensure_any_role(who: &AccountId, roles: &[Role]) -> Result<OrganizationId, MembershipError> {
		let org = Self::ensure_active_member(who)?;
		if roles.is_empty() || roles.iter().any(|role| Self::organization_has_role(org, *role)) {
			Ok(org)
		} else {
			Err(MembershipError::MissingRole)
		}
	}

	/// Whether organisation `id` exists and is active, whatever its roles.
	fn is_active_organization(id: OrganizationId) -> bool {
		Role::ALL.into_iter().any(|role| Self::organization_has_role(id, role))
	}
}

/// A fixed table of organisations for pallets' unit tests and benchmark tests: account
/// `10 * n + k` acts for organisation `n`, whose roles the table gives; accounts enrolled with
/// [`testing::enrol_benchmark_member`] act for organisations from
/// [`testing::BENCHMARK_ORGANIZATIONS`] on, which hold every role.
#[cfg(feature = "std")]
pub mod testing {
	use core::{cell::RefCell, marker::PhantomData};

	use super::*;

	/// Organisations from this id on hold every role; benchmark members act for them.
	pub const BENCHMARK_ORGANIZATIONS: OrganizationId = 1_000;

	/// The roles of each organisation of a test's table, and the one that is suspended.
	pub trait OrganizationTable {
		/// The organisation whose accounts are refused as suspended.
		const SUSPENDED: OrganizationId;
		/// The roles of organisation `id`; none for an organisation that does not exist.
		fn roles_of(id: OrganizationId) -> &'static [Role];
	}

	std::thread_local! {
		static BENCHMARK_MEMBERS: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
	}

	/// Makes `who` act for an organisation holding every role (the same one each time it is
	/// enrolled again).
	pub fn enrol_benchmark_member(who: u64) -> OrganizationId {
		BENCHMARK_MEMBERS.with(|m| {
			let mut members = m.borrow_mut();
			let index = members.iter().position(|a| *a == who).unwrap_or_else(|| {
				members.push(who);
				members.len() - 1
			});
			BENCHMARK_ORGANIZATIONS + index as OrganizationId
		})
	}

	/// [`OrganizationInspect`] over a fixed [`OrganizationTable`].
	pub struct FixedOrganizations<T>(PhantomData<T>);

	impl<T: OrganizationTable> FixedOrganizations<T> {
		fn roles(id: OrganizationId) -> &'static [Role] {
			if id >= BENCHMARK_ORGANIZATIONS { &Role::ALL } else { T::roles_of(id) }
		}
	}

	impl<T: OrganizationTable> OrganizationInspect<u64> for FixedOrganizations<T> {
		fn organization_of(who: &u64) -> Option<OrganizationId> {
			if let Some(index) = BENCHMARK_MEMBERS.with(|m| m.borrow().iter().position(|a| a == who)) {
				return Some(BENCHMARK_ORGANIZATIONS + index as OrganizationId);
			}
			let id = (*who / 10) as OrganizationId;
			(id < BENCHMARK_ORGANIZATIONS && !T::roles_of(id).is_empty()).then_some(id)
		}
		fn ensure_active_member(who: &u64) -> Result<OrganizationId, MembershipError> {
			let id = Self::organization_of(who).ok_or(MembershipError::NotAMember)?;
			if id == T::SUSPENDED {
				return Err(MembershipError::OrganizationSuspended);
			}
			Ok(id)
		}
		fn organization_has_role(id: OrganizationId, role: Role) -> bool {
			id != T::SUSPENDED && Self::roles(id).contains(&role)
		}
	}
}
