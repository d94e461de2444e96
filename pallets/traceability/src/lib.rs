//! # Traceability pallet
//!
//! Anti-counterfeit traceability of serialised drugs, vaccines and medical devices, following
//! the GS1 EPCIS 2.0 vocabulary:
//!
//! - a **manufacturer** registers its products (GTIN, China drug id and/or UDI-DI) and lots,
//!   and commissions serial numbers in bounded batches (up to [`Config::MaxCommissionBatch`]
//!   per call, one storage entry per serial);
//! - the **custodian** of an item packs it into a case or an SSCC pallet and unpacks it, ships
//!   it and, as the receiving organisation, receives it. Moving a container moves what is in it:
//!   packed items take their logistic state and custodian from their outermost container;
//! - a **pharmacy, hospital or vaccination site** dispenses by scan. Each scan gets the same
//!   verdict as the node's scan RPC (`medtrust_primitives::trace::verify`): a genuine pack is
//!   dispensed; anything else is refused and raises an [`Alert`](medtrust_primitives::trace::Alert);
//! - a **vaccination site or hospital** administers a vaccine dose or implants a device against
//!   a pseudonymous recipient commitment, never a name or id number;
//! - a custodian decommissions, destroys or reports an item stolen; the same organisation may
//!   undo a terminal event within [`Config::UndoWindow`];
//! - the product's manufacturer or a **regulator** recalls a product, lot or item and sets or
//!   lifts a quarantine; cold-chain excursions are recorded against a lot or an item; a
//!   regulator resolves alerts (open → quarantined → cleared | confirmed illegitimate);
//! - an EPCIS document's events are applied atomically by [`Pallet::apply_epcis_events`],
//!   refusing a repeated event identifier.
//!
//! Every state change emits an event naming its EPCIS business step and disposition and adds
//! an entry to the item's history. Roles come from the organisations pallet through
//! [`medtrust_primitives::OrganizationInspect`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod custody;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
mod state_growth;
pub mod types;
mod view;
pub mod weights;

pub use types::*;
pub use view::StorageView;
pub use weights::WeightInfo;

/// Creates members with roles for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Makes `who` act for a new active organisation holding every role.
	fn member(who: &AccountId) -> medtrust_primitives::OrganizationId;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::UnixTime};
	use frame_system::pallet_prelude::*;
	use medtrust_primitives::{
		trace::{Alert, HistoryChunk, Item, Lot, Product, Verdict},
		OrganizationId, OrganizationInspect,
	};

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The consortium's organisations and their roles.
		type Organizations: OrganizationInspect<Self::AccountId>;

		/// Wall-clock time, for expiry.
		type UnixTime: UnixTime;

		/// How many serials one `commission` call may carry.
		#[pallet::constant]
		type MaxCommissionBatch: Get<u32>;

		/// How many items one pack, unpack, ship, receive or decommission call may carry.
		#[pallet::constant]
		type MaxItemBatch: Get<u32>;

		/// How many scans one dispense or administer call may carry.
		#[pallet::constant]
		type MaxScanBatch: Get<u32>;

		/// How many events one EPCIS document may carry.
		#[pallet::constant]
		type MaxEpcisEvents: Get<u32>;

		/// For how many blocks the organisation that ended an item's life may undo it.
		#[pallet::constant]
		type UndoWindow: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;

		/// Creates members for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The id the next registered product gets.
	#[pallet::storage]
	pub type NextProductId<T> = StorageValue<_, ProductId, ValueQuery>;

	/// The id the next created lot gets.
	#[pallet::storage]
	pub type NextLotId<T> = StorageValue<_, LotId, ValueQuery>;

	/// The id the next alert gets.
	#[pallet::storage]
	pub type NextAlertId<T> = StorageValue<_, AlertId, ValueQuery>;

	/// The product each GTIN or China drug id names.
	#[pallet::storage]
	pub type ProductCodes<T> = StorageMap<_, Blake2_128Concat, ProductCode, ProductId>;

	/// Registered products.
	#[pallet::storage]
	pub type Products<T> = StorageMap<_, Twox64Concat, ProductId, Product>;

	/// The lot id of each (product, lot number): lot numbers are unique only within a product.
	#[pallet::storage]
	pub type LotIds<T> = StorageMap<_, Blake2_128Concat, (ProductId, LotNumber), LotId>;

	/// Lots.
	#[pallet::storage]
	pub type Lots<T> = StorageMap<_, Twox64Concat, LotId, Lot>;

	/// Serialised items: commissioned packs and logistic units (SSCC).
	#[pallet::storage]
	pub type Items<T> = StorageMap<_, Blake2_128Concat, ItemKey, Item>;

	/// Each item's filed history after commissioning, in chunks of `RECENT_EVENTS` entries by
	/// chunk index; its latest entries are in its record (`Item::recent`).
	#[pallet::storage]
	pub type History<T> = StorageDoubleMap<_, Blake2_128Concat, ItemKey, Twox64Concat, u32, HistoryChunk>;

	/// The recipient commitment a vaccine dose was administered to or a device implanted in.
	#[pallet::storage]
	pub type Recipients<T> = StorageMap<_, Blake2_128Concat, ItemKey, RecipientCommitment>;

	/// Alerts raised by non-genuine scans at dispensing.
	#[pallet::storage]
	pub type Alerts<T> = StorageMap<_, Twox64Concat, AlertId, Alert>;

	/// The alerts a regulator has not yet cleared or confirmed.
	#[pallet::storage]
	pub type OpenAlerts<T> = StorageMap<_, Twox64Concat, AlertId, ()>;

	/// How many alerts hold each item (resolved as quarantine or confirmed illegitimate). An
	/// alert's hold is kept apart from a manufacturer's or regulator's quarantine
	/// (`set_quarantine`): clearing an alert lifts only its own hold, and only the last one
	/// lifts the item's `ALERT_HOLD` flag.
	#[pallet::storage]
	pub type AlertHolds<T> = StorageMap<_, Blake2_128Concat, ItemKey, u32, ValueQuery>;

	/// EPCIS event identifiers already applied, with the block that applied them.
	#[pallet::storage]
	pub type EpcisEventIds<T> = StorageMap<_, Blake2_128Concat, EpcisEventId, u32>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A manufacturer registered a product.
		ProductRegistered { product: ProductId, manufacturer: OrganizationId },
		/// A manufacturer created a lot.
		LotCreated { lot: LotId, product: ProductId },
		/// Serials were commissioned into a lot (ObjectEvent ADD).
		Commissioned { lot: LotId, count: u32, biz_step: BizStep, disposition: Disposition },
		/// Items changed state: packing, unpacking, shipping, receiving, dispensing,
		/// decommissioning, destroying, or an undo (which names the step it restores to).
		ItemsUpdated {
			organization: OrganizationId,
			biz_step: BizStep,
			disposition: Disposition,
			items: BoundedVec<ItemKey, T::MaxItemBatch>,
		},
		/// A vaccine dose was administered or a device implanted, against a recipient commitment.
		Administered { item: ItemKey, organization: OrganizationId },
		/// A product, lot or item was recalled.
		Recalled { target: Target, by: OrganizationId },
		/// A product, lot or item was quarantined, or its quarantine lifted.
		QuarantineSet { target: Target, quarantined: bool, by: OrganizationId },
		/// A cold-chain excursion was recorded.
		ExcursionRecorded { target: Target, by: OrganizationId },
		/// A scan at dispensing was not genuine: nothing was dispensed for it.
		AlertRaised { alert: AlertId, verdict: Verdict, item: Option<ItemKey>, raised_by: OrganizationId },
		/// A regulator resolved an alert.
		AlertResolved { alert: AlertId, status: AlertStatus },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The signer acts for no organisation.
		NotAMember,
		/// The signer's organisation is suspended.
		OrganizationSuspended,
		/// The signer's organisation lacks the role this call needs.
		MissingRole,
		/// A product must carry a GTIN or a China drug id.
		NoProductCode,
		/// The GTIN's check digit is wrong or it is not 14 digits.
		InvalidGtin,
		/// The China drug id is not 7 digits.
		InvalidChinaDrugId,
		/// Another product already carries this GTIN or China drug id.
		ProductCodeTaken,
		/// No product has this id.
		UnknownProduct,
		/// Only the product's manufacturer may do this.
		NotTheManufacturer,
		/// The lot number is empty or not GS1 set 82.
		InvalidLotNumber,
		/// A date is not a real `YYYYMMDD` day, or the production date is after the expiry.
		InvalidDate,
		/// The product already has a lot with this number.
		LotExists,
		/// No lot has this id.
		UnknownLot,
		/// A serial is empty or not GS1 set 82 (a China drug code serial: 13 digits).
		InvalidSerial,
		/// A serial is already commissioned for this product (in any lot).
		AlreadyCommissioned,
		/// The batch is empty.
		EmptyBatch,
		/// No item has this key.
		UnknownItem,
		/// The signer's organisation does not hold the item.
		NotCustodian,
		/// The item is packed in a container: move the container, or unpack it first.
		PackedInContainer,
		/// The item is in transit.
		InTransit,
		/// The item is not in transit, or not to the signer's organisation.
		NotInTransitToYou,
		/// The item's life has ended (dispensed, destroyed, decommissioned or stolen).
		Terminal,
		/// A container cannot be packed into itself or nested deeper than allowed.
		InvalidNesting,
		/// The item is not packed in this container.
		NotInContainer,
		/// The shipment's destination is not an active organisation that receives goods.
		InvalidDestination,
		/// A scan cannot be read (the SDK and the scan RPC say why).
		MalformedScan,
		/// Administering is for vaccines and devices; dispense medicines.
		NotAdministrable,
		/// The item's life has not ended, so there is nothing to undo.
		NothingToUndo,
		/// Only the organisation that ended the item's life may undo it.
		NotYours,
		/// The undo window has passed.
		UndoWindowPassed,
		/// Only a regulator (or for its own products, the manufacturer) may do this.
		NotAuthorized,
		/// No alert has this id.
		UnknownAlert,
		/// The alert is already resolved, or cannot move to that status.
		InvalidAlertTransition,
		/// This EPCIS event was already applied.
		RepeatedEpcisEvent,
		/// Quarantine and cold-chain excursions apply to a lot or an item, not a whole product.
		UnsupportedTarget,
		/// An id counter is exhausted.
		Overflow,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a product, owned by the signer's organisation.
		///
		/// Origin: signed by a manufacturer. Errors: `NoProductCode`, `InvalidGtin`,
		/// `InvalidChinaDrugId`, `ProductCodeTaken`, membership errors. Event: `ProductRegistered`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_product())]
		pub fn register_product(origin: OriginFor<T>, info: ProductInfo) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let org = Self::member_with(&who, &[medtrust_primitives::Role::Manufacturer])?;
			Self::do_register_product(org, info)
		}

		/// Creates a lot of one of the signer's products.
		///
		/// Origin: signed by the product's manufacturer. Errors: `UnknownProduct`,
		/// `NotTheManufacturer`, `InvalidLotNumber`, `InvalidDate`, `LotExists`. Event: `LotCreated`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::create_lot())]
		pub fn create_lot(
			origin: OriginFor<T>,
			product: ProductId,
			number: LotNumber,
			expiry: u32,
			production: Option<u32>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let org = Self::member_with(&who, &[medtrust_primitives::Role::Manufacturer])?;
			Self::do_create_lot(org, product, number, expiry, production)
		}

		/// Commissions serials into a lot; the manufacturer becomes their custodian.
		///
		/// Origin: signed by the product's manufacturer. Errors: `UnknownLot`,
		/// `NotTheManufacturer`, `EmptyBatch`, `InvalidSerial`, `AlreadyCommissioned`. Event:
		/// `Commissioned` (commissioning, active).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::commission(serials.len() as u32))]
		pub fn commission(
			origin: OriginFor<T>,
			lot: LotId,
			serials: BoundedVec<Serial, T::MaxCommissionBatch>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let org = Self::member_with(&who, &[medtrust_primitives::Role::Manufacturer])?;
			Self::do_commission(org, lot, serials)
		}

		/// Packs items into a container: a commissioned case, or an SSCC (created on first use).
		///
		/// Origin: signed by the custodian of the container and of every child, none of which may
		/// be packed already, in transit or ended. Errors: `UnknownItem`, `NotCustodian`,
		/// `PackedInContainer`, `InTransit`, `Terminal`, `InvalidNesting`.
		/// Event: `ItemsUpdated` (packing, in progress).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::pack(children.len() as u32))]
		pub fn pack(
			origin: OriginFor<T>,
			parent: ItemKey,
			children: BoundedVec<ItemKey, T::MaxItemBatch>,
		) -> DispatchResult {
			let org = Self::active_member(origin)?;
			Self::do_pack(org, parent, children)
		}

		/// Takes items out of a container; they stay with the container's custodian.
		///
		/// Origin: signed by the container's custodian. Errors: `UnknownItem`, `NotCustodian`,
		/// `InTransit`, `NotInContainer`. Event: `ItemsUpdated` (unpacking).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::unpack(children.len() as u32))]
		pub fn unpack(
			origin: OriginFor<T>,
			parent: ItemKey,
			children: BoundedVec<ItemKey, T::MaxItemBatch>,
		) -> DispatchResult {
			let org = Self::active_member(origin)?;
			Self::do_unpack(org, parent, children)
		}

		/// Ships items (with whatever is packed in them) to an organisation, or to whoever
		/// receives them when `to` is `None`.
		///
		/// Origin: signed by the items' custodian. Errors: `UnknownItem`, `NotCustodian`,
		/// `PackedInContainer`, `InTransit`, `Terminal`, `InvalidDestination`.
		/// Event: `ItemsUpdated` (shipping, in transit).
		///
		/// Weight: charged as if every item filed a chunk of its history, and refunded the
		/// writes of those that did not.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::ship(items.len() as u32))]
		pub fn ship(
			origin: OriginFor<T>,
			items: BoundedVec<ItemKey, T::MaxItemBatch>,
			to: Option<OrganizationId>,
		) -> DispatchResultWithPostInfo {
			let org = Self::active_member(origin)?;
			let count = items.len() as u32;
			let filed = Self::do_ship(org, items, to)?;
			Ok(Some(Self::unfiled_refunded(T::WeightInfo::ship(count), count, filed)).into())
		}

		/// Receives shipped items; the signer's organisation becomes their custodian.
		///
		/// Origin: signed by the destination (or, for a shipment to nobody in particular, an
		/// organisation that receives goods). Errors: `UnknownItem`, `NotInTransitToYou`.
		/// Event: `ItemsUpdated` (receiving, sellable and accessible).
		///
		/// Weight: as for `ship`, refunded the history writes not made.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::receive(items.len() as u32))]
		pub fn receive(origin: OriginFor<T>, items: BoundedVec<ItemKey, T::MaxItemBatch>) -> DispatchResultWithPostInfo {
			let org = Self::active_member(origin)?;
			let count = items.len() as u32;
			let filed = Self::do_receive(org, items)?;
			Ok(Some(Self::unfiled_refunded(T::WeightInfo::receive(count), count, filed)).into())
		}

		/// Dispenses scanned packs. A genuine pack is dispensed; any other verdict dispenses
		/// nothing for that scan and raises an alert.
		///
		/// Origin: signed by a pharmacy, hospital or vaccination site. Errors: `EmptyBatch`,
		/// `MalformedScan` (nothing is written). Events: `ItemsUpdated` (dispensing,
		/// dispensed) and `AlertRaised` for each refused scan.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::dispense(scans.len() as u32))]
		pub fn dispense(origin: OriginFor<T>, scans: BoundedVec<ScanBytes, T::MaxScanBatch>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let org = Self::member_with(&who, &custody::DISPENSERS)?;
			let doses = scans.into_iter().map(|scan| (scan, None)).collect();
			Self::do_dispense(org, doses)
		}

		/// Administers vaccine doses or implants devices, each against a recipient commitment.
		/// Verdicts and alerts as for `dispense`.
		///
		/// Origin: signed by a vaccination site (vaccines) or hospital (vaccines and devices).
		/// Errors: `EmptyBatch`, `MalformedScan`, `NotAdministrable` (a medicine). Events:
		/// `Administered` per dose, `ItemsUpdated`, `AlertRaised`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::administer(doses.len() as u32))]
		pub fn administer(
			origin: OriginFor<T>,
			doses: BoundedVec<(ScanBytes, RecipientCommitment), T::MaxScanBatch>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let org = Self::member_with(&who, &custody::ADMINISTRATORS)?;
			let doses = doses.into_iter().map(|(scan, recipient)| (scan, Some(recipient))).collect();
			Self::do_dispense(org, doses)
		}

		/// Ends items' life: decommissioned, destroyed or stolen.
		///
		/// Origin: signed by the items' custodian. Errors: `UnknownItem`, `NotCustodian`,
		/// `InTransit`, `Terminal`. Event: `ItemsUpdated` (decommissioning or
		/// destroying; inactive, destroyed or stolen).
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::end_life(items.len() as u32))]
		pub fn end_life(
			origin: OriginFor<T>,
			items: BoundedVec<ItemKey, T::MaxItemBatch>,
			reason: EndReason,
		) -> DispatchResult {
			let org = Self::active_member(origin)?;
			Self::do_end_life(org, items, reason)
		}

		/// Undoes a dispense, administration, decommission, destruction or theft report.
		///
		/// Origin: signed by the organisation that made it, within `UndoWindow` blocks. Errors:
		/// `UnknownItem`, `NothingToUndo`, `NotYours`, `UndoWindowPassed`. Event: `ItemsUpdated`
		/// naming the restored disposition.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::undo())]
		pub fn undo(origin: OriginFor<T>, item: ItemKey) -> DispatchResult {
			let org = Self::active_member(origin)?;
			Self::do_undo(org, item)
		}

		/// Recalls a product, a lot or an item.
		///
		/// Origin: signed by the product's manufacturer or a regulator. Errors: `UnknownProduct`,
		/// `UnknownLot`, `UnknownItem`, `NotAuthorized`. Event: `Recalled`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::recall())]
		pub fn recall(origin: OriginFor<T>, target: Target) -> DispatchResult {
			let org = Self::active_member(origin)?;
			Self::do_recall(org, target)
		}

		/// Quarantines a product's lot or an item, or lifts the quarantine.
		///
		/// Origin: signed by the product's manufacturer or a regulator. Errors: as `recall`.
		/// Event: `QuarantineSet`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::set_quarantine())]
		pub fn set_quarantine(origin: OriginFor<T>, target: Target, quarantined: bool) -> DispatchResult {
			let org = Self::active_member(origin)?;
			Self::do_set_quarantine(org, target, quarantined)
		}

		/// Records a cold-chain excursion against a lot (by its manufacturer or a regulator) or an
		/// item or container (by its custodian or a regulator). It shows in every verification.
		///
		/// Errors: `UnknownLot`, `UnknownItem`, `NotAuthorized`. Event: `ExcursionRecorded`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::record_excursion())]
		pub fn record_excursion(origin: OriginFor<T>, target: Target) -> DispatchResult {
			let org = Self::active_member(origin)?;
			Self::do_record_excursion(org, target)
		}

		/// Resolves an alert: quarantine the item, clear the alert, or confirm the pack
		/// illegitimate. The alert's hold on the item is its own: clearing it leaves a
		/// quarantine set with `set_quarantine`, or another alert's hold, in place.
		///
		/// Origin: signed by a regulator. Errors: `UnknownAlert`, `InvalidAlertTransition`.
		/// Event: `AlertResolved`.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::resolve_alert())]
		pub fn resolve_alert(origin: OriginFor<T>, alert: AlertId, resolution: AlertResolution) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let org = Self::member_with(&who, &[medtrust_primitives::Role::Regulator])?;
			Self::do_resolve_alert(org, alert, resolution)
		}

		/// Applies the events of one EPCIS document, all or none.
		///
		/// Origin: signed by a member; each event is checked as its own call would be. Errors:
		/// `EmptyBatch`, `RepeatedEpcisEvent`, and any error of the operations. Events: those of
		/// the operations.
		#[pallet::call_index(15)]
		#[pallet::weight(custody::epcis_weight::<T>(events))]
		pub fn apply_epcis_events(
			origin: OriginFor<T>,
			events: BoundedVec<EpcisEvent<T::MaxCommissionBatch, T::MaxItemBatch>, T::MaxEpcisEvents>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_apply_epcis_events(&who, events)
		}
	}
}
