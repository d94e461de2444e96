//! The pallet's storage seen through `medtrust_primitives::consent::ConsentView`, so that the
//! log's check, the runtime API and the node's native decision RPC share one decision.

use core::{cell::Cell, marker::PhantomData};
use medtrust_primitives::{
	consent::{decide, AccessRequest, ConsentView, Decision},
	OrganizationId, OrganizationInspect, Role,
};

use crate::{pallet::*, types::*};

/// The consent records in the runtime's storage.
pub struct StorageView<T>(PhantomData<T>);

impl<T> StorageView<T> {
	pub fn new() -> Self {
		StorageView(PhantomData)
	}
}

impl<T> Default for StorageView<T> {
	fn default() -> Self {
		Self::new()
	}
}

impl<T: Config> ConsentView for StorageView<T> {
	fn subject(&self, subject: &Subject) -> Option<SubjectRecord> {
		Subjects::<T>::get(subject)
	}
	fn consent_head(&self, id: ConsentId) -> Option<ConsentHead> {
		ConsentHeads::<T>::get(id)
	}
	fn consent_terms(&self, id: ConsentId, version: Version) -> Option<ConsentTerms> {
		ConsentVersions::<T>::get(id, version)
	}
	fn organization_has_role(&self, organization: OrganizationId, role: Role) -> bool {
		T::Organizations::organization_has_role(organization, role)
	}
}

/// A view that counts the consents a decision reads.
struct Counting<'a, V> {
	view: &'a V,
	consents: Cell<u32>,
}

impl<V: ConsentView> ConsentView for Counting<'_, V> {
	fn subject(&self, subject: &Subject) -> Option<SubjectRecord> {
		self.view.subject(subject)
	}
	fn consent_head(&self, id: ConsentId) -> Option<ConsentHead> {
		self.consents.set(self.consents.get().saturating_add(1));
		self.view.consent_head(id)
	}
	fn consent_terms(&self, id: ConsentId, version: Version) -> Option<ConsentTerms> {
		self.view.consent_terms(id, version)
	}
	fn organization_has_role(&self, organization: OrganizationId, role: Role) -> bool {
		self.view.organization_has_role(organization, role)
	}
}

impl<T: Config> medtrust_primitives::consent::ConsentInspect for Pallet<T> {
	fn decide(request: &AccessRequest) -> (Decision, u32) {
		let view = Counting { view: &StorageView::<T>::new(), consents: Cell::new(0) };
		let decision = decide(&view, request, Self::now());
		(decision, view.consents.get())
	}
}

impl<T: Config> Pallet<T> {
	/// The decision on `request` now.
	pub fn decide_now(request: &AccessRequest) -> Decision {
		decide(&StorageView::<T>::new(), request, Self::now())
	}
}
