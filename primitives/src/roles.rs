//! Roles an organisation holds in the consortium.
//!
//! Roles travel on the wire as a bit set ([`Roles`]) rather than as a SCALE enum, so that an
//! unknown role is refused by the pallet with a precise error instead of failing to decode.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// One role of an organisation. The discriminant is the bit's position in [`Roles`].
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
	/// Registers products and commissions serialised packs.
	Manufacturer = 0,
	/// Receives and ships packs between manufacturers and dispensers.
	Distributor = 1,
	/// Scans and dispenses packs to patients.
	Pharmacy = 2,
	/// Treats patients: records consents and accesses, anchors invoices, dispenses.
	Hospital = 3,
	/// Administers vaccine doses.
	VaccinationSite = 4,
	/// Sells health insurance products and adjudicates claims on its own policies.
	Insurer = 5,
	/// Reads access logs and reviews break-glass accesses.
	Auditor = 6,
	/// Oversees the consortium: clears alerts, reviews, lists overdue claims.
	Regulator = 7,
}

impl Role {
	/// Every role, in bit order.
	pub const ALL: [Role; 8] = [
		Role::Manufacturer,
		Role::Distributor,
		Role::Pharmacy,
		Role::Hospital,
		Role::VaccinationSite,
		Role::Insurer,
		Role::Auditor,
		Role::Regulator,
	];

	/// The role's name in the domain's own words, as the CLI and RPC print it.
	pub const fn name(self) -> &'static str {
		match self {
			Role::Manufacturer => "manufacturer",
			Role::Distributor => "distributor",
			Role::Pharmacy => "pharmacy",
			Role::Hospital => "hospital",
			Role::VaccinationSite => "vaccination_site",
			Role::Insurer => "insurer",
			Role::Auditor => "auditor",
			Role::Regulator => "regulator",
		}
	}

	/// Looks a role up by its [`name`](Role::name).
	pub fn from_name(name: &str) -> Option<Role> {
		Role::ALL.into_iter().find(|r| r.name() == name)
	}

	const fn bit(self) -> u16 {
		1 << (self as u16)
	}
}

/// A set of [`Role`]s, encoded as a 16-bit mask (bit *n* is the role with discriminant *n*).
///
/// A value read from the outside may carry bits that name no role; [`Roles::validate`] tells.
#[derive(
	Clone, Copy, PartialEq, Eq, Default, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Roles(pub u16);

impl Roles {
	/// The bits that name a role.
	pub const KNOWN: u16 = (1 << Role::ALL.len()) - 1;

	/// The empty set.
	pub const fn empty() -> Self {
		Roles(0)
	}

	/// A set holding exactly the given roles.
	pub fn of(roles: &[Role]) -> Self {
		Roles(roles.iter().fold(0, |mask, r| mask | r.bit()))
	}

	/// Whether the set holds `role`.
	pub const fn contains(self, role: Role) -> bool {
		self.0 & role.bit() != 0
	}

	/// Whether the set is empty.
	pub const fn is_empty(self) -> bool {
		self.0 == 0
	}

	/// `Ok` if every bit names a known role and at least one is set.
	pub const fn validate(self) -> Result<Self, RolesError> {
		if self.0 & !Self::KNOWN != 0 {
			Err(RolesError::UnknownRole)
		} else if self.0 == 0 {
			Err(RolesError::NoRole)
		} else {
			Ok(self)
		}
	}

	/// The roles in the set, in bit order.
	pub fn iter(self) -> impl Iterator<Item = Role> {
		Role::ALL.into_iter().filter(move |r| self.contains(*r))
	}
}

/// Why a [`Roles`] value is not acceptable.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RolesError {
	/// A bit is set that names no role.
	UnknownRole,
	/// No role is set.
	NoRole,
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn roles_round_trip_through_names_and_bits() {
		for role in Role::ALL {
			assert_eq!(Role::from_name(role.name()), Some(role));
			let set = Roles::of(&[role]);
			assert!(set.contains(role));
			assert_eq!(set.iter().collect::<Vec<_>>(), vec![role]);
		}
		assert_eq!(Role::from_name("pharmacist"), None);
	}

	#[test]
	fn validate_refuses_unknown_bits_and_the_empty_set() {
		assert_eq!(Roles(0).validate(), Err(RolesError::NoRole));
		assert_eq!(Roles(1 << 8).validate(), Err(RolesError::UnknownRole));
		assert_eq!(Roles(0b1000_0001 | 1 << 15).validate(), Err(RolesError::UnknownRole));
		let set = Roles::of(&[Role::Hospital, Role::VaccinationSite]);
		assert_eq!(set.validate(), Ok(set));
		assert!(!set.contains(Role::Pharmacy));
	}
}
