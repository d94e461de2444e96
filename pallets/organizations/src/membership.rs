//! The organisations pallet answers other pallets' membership questions.

use medtrust_primitives::{MembershipError, OrganizationId, OrganizationInspect, Role};

use crate::{AccountOrganization, Config, OrganizationStatus, Organizations, Pallet};

impl<T: Config> Pallet<T> {
	/// The organisation `who` acts for and its status, in one read each.
	fn active_organization_of(who: &T::AccountId) -> Result<(OrganizationId, crate::Organization<T>), MembershipError> {
		let id = AccountOrganization::<T>::get(who).ok_or(MembershipError::NotAMember)?;
		let org = Organizations::<T>::get(id)
			.expect("AccountOrganization only names registered organisations; qed");
		match org.status {
			OrganizationStatus::Active => Ok((id, org)),
			OrganizationStatus::Suspended => Err(MembershipError::OrganizationSuspended),
		}
	}
}

impl<T: Config> OrganizationInspect<T::AccountId> for Pallet<T> {
	fn organization_of(who: &T::AccountId) -> Option<OrganizationId> {
		AccountOrganization::<T>::get(who)
	}

	/// One read of the account's organisation, whatever the roles asked.
	fn ensure_any_role(who: &T::AccountId, roles: &[Role]) -> Result<OrganizationId, MembershipError> {
		let (id, org) = Self::active_organization_of(who)?;
		if roles.is_empty() || roles.iter().any(|role| org.roles.contains(*role)) {
			Ok(id)
		} else {
			Err(MembershipError::MissingRole)
		}
	}

	fn ensure_active_member(who: &T::AccountId) -> Result<OrganizationId, MembershipError> {
		Self::active_organization_of(who).map(|(id, _)| id)
	}

	fn organization_has_role(id: OrganizationId, role: Role) -> bool {
		Organizations::<T>::get(id)
			.is_some_and(|org| org.status == OrganizationStatus::Active && org.roles.contains(role))
	}

	fn is_active_organization(id: OrganizationId) -> bool {
		Organizations::<T>::get(id).is_some_and(|org| org.status == OrganizationStatus::Active)
	}
}
