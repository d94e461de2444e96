//! Arguments of the traceability calls. The records the pallet stores live in
//! `medtrust_primitives::trace`, shared with the node's native scan path.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound};
use scale_info::TypeInfo;

pub use medtrust_primitives::trace::{
	AlertId, AlertStatus, BizStep, Disposition, ItemKey, ItemState, LotId, LotNumber, PackLevel, ProductCode,
	ProductId, ProductKind, ProductText, ScanBytes, Serial,
};

/// A recipient's pseudonymous commitment: a keyed hash held off chain (for example
/// `HMAC(site key, national id ‖ salt)`). Never a name or id number; destroying the key or salt
/// erases the link.
pub type RecipientCommitment = [u8; 32];

/// The identifier of an EPCIS event, hashed (BLAKE2-256 of its `eventID`).
pub type EpcisEventId = [u8; 32];

/// What a product is, as its manufacturer registers it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct ProductInfo {
	pub kind: ProductKind,
	pub pack_level: PackLevel,
	/// GTIN-14 (for a device, its GS1 UDI-DI).
	pub gtin: Option<[u8; 14]>,
	/// The 7-digit product id of China's drug traceability code.
	pub china_drug_id: Option<[u8; 7]>,
	pub name: ProductText,
	pub form: ProductText,
	pub strength: ProductText,
}

/// How an item's life ends, other than by reaching a patient.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum EndReason {
	/// Taken out of the supply chain: damaged, sample, export, returned to stock control…
	Decommissioned,
	Destroyed,
	Stolen,
}

/// What a recall, quarantine or cold-chain excursion applies to.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum Target {
	Product(ProductId),
	Lot(LotId),
	Item(ItemKey),
}

/// A regulator's decision on an alert.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub enum AlertResolution {
	/// Hold the item while it is investigated.
	Quarantine,
	/// A false alarm (a scanning slip, a data error): lifts the item's quarantine.
	Clear,
	/// The pack is illegitimate: it stays quarantined.
	ConfirmIllegitimate,
}

/// One supply-chain operation, as an EPCIS event carries it.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(MaxSerials, MaxItems))]
#[codec(mel_bound())]
pub enum TraceOperation<MaxSerials: Get<u32>, MaxItems: Get<u32>> {
	/// ObjectEvent ADD, commissioning.
	Commission { lot: LotId, serials: BoundedVec<Serial, MaxSerials> },
	/// AggregationEvent ADD, packing.
	Pack { parent: ItemKey, children: BoundedVec<ItemKey, MaxItems> },
	/// AggregationEvent DELETE, unpacking.
	Unpack { parent: ItemKey, children: BoundedVec<ItemKey, MaxItems> },
	/// ObjectEvent OBSERVE, shipping.
	Ship { items: BoundedVec<ItemKey, MaxItems>, to: Option<medtrust_primitives::OrganizationId> },
	/// ObjectEvent OBSERVE, receiving.
	Receive { items: BoundedVec<ItemKey, MaxItems> },
	/// ObjectEvent DELETE, decommissioning or destroying.
	End { items: BoundedVec<ItemKey, MaxItems>, reason: EndReason },
}

/// One EPCIS event: its hashed identifier (a repeated identifier is refused) and operation.
#[derive(CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound)]
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(MaxSerials, MaxItems))]
#[codec(mel_bound())]
pub struct EpcisEvent<MaxSerials: Get<u32>, MaxItems: Get<u32>> {
	pub event_id: Option<EpcisEventId>,
	pub operation: TraceOperation<MaxSerials, MaxItems>,
}
