//! Any bytes found under a storage key: every value type of every medtrust pallet decodes them
//! or refuses them, never panics; what decodes is no longer than its `MaxEncodedLen` (the
//! bound the proof-size weights and the daily state budget rely on) and re-encodes to what
//! decodes again. The first byte chooses the storage item, the rest is its value.
//!
//! An operator can write raw state under their own node; a migration reads what an older
//! runtime wrote. Neither may crash the runtime or the node's native reads.
//!
//! `scripts/fuzz.sh [SECONDS] storage_values`.

#![no_main]

use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::storage::types::{StorageDoubleMap, StorageMap, StorageValue};
use libfuzzer_sys::fuzz_target;
use medtrust_runtime::Runtime;

/// The value type of a storage item.
trait ValueOf {
	type Value: Decode + Encode + MaxEncodedLen;
}

impl<P, V: Decode + Encode + MaxEncodedLen, Q, O> ValueOf for StorageValue<P, V, Q, O> {
	type Value = V;
}
impl<P, H, K, V: Decode + Encode + MaxEncodedLen, Q, O, M> ValueOf for StorageMap<P, H, K, V, Q, O, M> {
	type Value = V;
}
impl<P, H1, K1, H2, K2, V: Decode + Encode + MaxEncodedLen, Q, O, M> ValueOf
	for StorageDoubleMap<P, H1, K1, H2, K2, V, Q, O, M>
{
	type Value = V;
}

/// Decodes `bytes` as the storage item's value, as the runtime reads it.
fn check<S: ValueOf>(mut bytes: &[u8]) {
	let Ok(value) = S::Value::decode(&mut bytes) else { return };
	let encoded = value.encode();
	assert!(
		encoded.len() <= S::Value::max_encoded_len(),
		"{} decoded to {} bytes, over its MaxEncodedLen of {}",
		core::any::type_name::<S::Value>(),
		encoded.len(),
		S::Value::max_encoded_len()
	);
	let again = S::Value::decode(&mut &encoded[..]).expect("what encodes decodes; qed");
	assert_eq!(again.encode(), encoded, "{} re-encodes differently", core::any::type_name::<S::Value>());
}

/// Every storage item of the medtrust pallets, chosen by index.
macro_rules! items {
	($selector:expr, $bytes:expr; $($item:ty,)*) => {{
		let items: &[fn(&[u8])] = &[$(check::<$item>,)*];
		items[$selector as usize % items.len()]($bytes)
	}};
}

fuzz_target!(|data: &[u8]| {
	let Some((&selector, bytes)) = data.split_first() else { return };
	items!(selector, bytes;
		pallet_organizations::NextOrganizationId<Runtime>,
		pallet_organizations::OrganizationCount<Runtime>,
		pallet_organizations::Organizations<Runtime>,
		pallet_organizations::AccountOrganization<Runtime>,
		pallet_organizations::CreditCodes<Runtime>,
		pallet_organizations::Glns<Runtime>,
		pallet_organizations::BlockUsage<Runtime>,
		pallet_organizations::StateUsage<Runtime>,
		pallet_organizations::VacatedSeats<Runtime>,
		pallet_validator_set::Validators<Runtime>,
		pallet_traceability::NextProductId<Runtime>,
		pallet_traceability::NextLotId<Runtime>,
		pallet_traceability::NextAlertId<Runtime>,
		pallet_traceability::ProductCodes<Runtime>,
		pallet_traceability::Products<Runtime>,
		pallet_traceability::LotIds<Runtime>,
		pallet_traceability::Lots<Runtime>,
		pallet_traceability::Items<Runtime>,
		pallet_traceability::History<Runtime>,
		pallet_traceability::Recipients<Runtime>,
		pallet_traceability::Alerts<Runtime>,
		pallet_traceability::OpenAlerts<Runtime>,
		pallet_traceability::AlertHolds<Runtime>,
		pallet_traceability::EpcisEventIds<Runtime>,
		pallet_consent::NextConsentId<Runtime>,
		pallet_consent::Subjects<Runtime>,
		pallet_consent::ConsentHeads<Runtime>,
		pallet_consent::ConsentVersions<Runtime>,
		pallet_consent::SubjectConsentCount<Runtime>,
		pallet_consent::SubjectConsents<Runtime>,
		pallet_consent::LogHeads<Runtime>,
		pallet_consent::AccessLog<Runtime>,
		pallet_consent::OrganizationAccessCount<Runtime>,
		pallet_consent::OrganizationAccesses<Runtime>,
		pallet_consent::PendingReviews<Runtime>,
		pallet_consent::BreakGlassCount<Runtime>,
		pallet_consent::BreakGlassAccesses<Runtime>,
		pallet_consent::BreakGlassReviews<Runtime>,
		pallet_claims::Products<Runtime>,
		pallet_claims::NextCoverageId<Runtime>,
		pallet_claims::Coverages<Runtime>,
		pallet_claims::BeneficiaryCoverages<Runtime>,
		pallet_claims::Accumulators<Runtime>,
		pallet_claims::Invoices<Runtime>,
		pallet_claims::NextClaimId<Runtime>,
		pallet_claims::Claims<Runtime>,
		pallet_claims::NextPreauthId<Runtime>,
		pallet_claims::Preauthorizations<Runtime>,
		pallet_claims::Deadlines<Runtime>,
		pallet_claims::PaymentDeadlineCount<Runtime>,
		pallet_claims::PaymentDeadlineOrder<Runtime>,
		pallet_claims::DecisionDeadlineCount<Runtime>,
		pallet_claims::DecisionDeadlineOrder<Runtime>,
		pallet_claims::Uncleared<Runtime>,
		pallet_claims::NextStatementId<Runtime>,
		pallet_claims::Statements<Runtime>,
	)
});
