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
	fn ensure_role(who: &AccountId, role: Role) -> Result<OrganizationId, MembershipError>;

	/// The organisation `who` acts for, if it is active, whatever its roles.
	fn ensure_active_member(who: &AccountId) -> Result<OrganizationId, MembershipError>;

	/// Whether organisation `id` exists, is active and holds `role`.
	fn organization_has_role(id: OrganizationId, role: Role) -> bool;

	/// Whether organisation `id` exists and is active, whatever its roles.
	fn is_active_organization(id: OrganizationId) -> bool {
		Role::ALL.into_iter().any(|role| Self::organization_has_role(id, role))
	}
}
