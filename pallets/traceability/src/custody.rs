//! The rules behind each call: who may do what to which item, and what it leaves behind.

use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{Get, UnixTime},
	weights::Weight,
};
use frame_system::pallet_prelude::*;
use medtrust_primitives::{
	gs1::is_cset82,
	trace::{
		self, date_of_unix_millis, flags, Alert, Date, HistoryEntry, Item, Lot, LotStatus, Product,
		TerminalRecord, Verdict, MAX_NESTING,
	},
	identifiers::gs1_check_digit,
	MembershipError, OrganizationId, OrganizationInspect, Role,
};
use sp_runtime::SaturatedConversion;

use crate::{pallet::*, types::*, StorageView, WeightInfo};

/// Roles that may dispense to a patient.
pub const DISPENSERS: [Role; 3] = [Role::Pharmacy, Role::Hospital, Role::VaccinationSite];
/// Roles that may administer vaccines or implant devices.
pub const ADMINISTRATORS: [Role; 2] = [Role::VaccinationSite, Role::Hospital];
/// Roles that receive goods.
pub const RECEIVERS: [Role; 5] =
	[Role::Manufacturer, Role::Distributor, Role::Pharmacy, Role::Hospital, Role::VaccinationSite];

/// The weight of an EPCIS document: each operation as its own call would weigh, plus the
/// document's own bookkeeping.
pub fn epcis_weight<T: Config>(events: &[EpcisEvent<T::MaxCommissionBatch, T::MaxItemBatch>]) -> Weight {
	events.iter().fold(T::WeightInfo::apply_epcis_events(events.len() as u32), |total, event| {
		let n = |v: usize| v as u32;
		total.saturating_add(match &event.operation {
			TraceOperation::Commission { serials, .. } => T::WeightInfo::commission(n(serials.len())),
			TraceOperation::Pack { children, .. } => T::WeightInfo::pack(n(children.len())),
			TraceOperation::Unpack { children, .. } => T::WeightInfo::unpack(n(children.len())),
			TraceOperation::Ship { items, .. } => T::WeightInfo::ship(n(items.len())),
			TraceOperation::Receive { items } => T::WeightInfo::receive(n(items.len())),
			TraceOperation::End { items, .. } => T::WeightInfo::end_life(n(items.len())),
		})
	})
}

/// Where an item really is: its own state once its life has ended, otherwise its outermost
/// container's.
pub(crate) struct Whereabouts {
	pub state: ItemState,
	pub custodian: OrganizationId,
}

impl<T: Config> Pallet<T> {
	pub(crate) fn active_member(origin: OriginFor<T>) -> Result<OrganizationId, DispatchError> {
		let who = ensure_signed(origin)?;
		T::Organizations::ensure_active_member(&who).map_err(|e| Self::membership_error(e).into())
	}

	/// The signer's organisation, if it is active and holds one of `roles`.
	pub(crate) fn member_with(who: &T::AccountId, roles: &[Role]) -> Result<OrganizationId, DispatchError> {
		T::Organizations::ensure_any_role(who, roles).map_err(|e| Self::membership_error(e).into())
	}

	fn membership_error(error: MembershipError) -> Error<T> {
		match error {
			MembershipError::NotAMember => Error::<T>::NotAMember,
			MembershipError::OrganizationSuspended => Error::<T>::OrganizationSuspended,
			MembershipError::MissingRole => Error::<T>::MissingRole,
		}
	}

	fn is_regulator(org: OrganizationId) -> bool {
		T::Organizations::organization_has_role(org, Role::Regulator)
	}

	/// Today's date (UTC) by the block's timestamp.
	pub fn today() -> Date {
		date_of_unix_millis(T::UnixTime::now().as_millis().saturated_into())
	}

	fn block() -> u32 {
		frame_system::Pallet::<T>::block_number().saturated_into()
	}

	/// `weight`, charged for `count` items each filing a chunk of its history, less the writes
	/// of the chunks not filed.
	pub(crate) fn unfiled_refunded(weight: Weight, count: u32, filed: u32) -> Weight {
		weight.saturating_sub(T::DbWeight::get().writes(count.saturating_sub(filed).into()))
	}

	/// Records an event in the item's history; whether it filed a chunk of it (a write beyond
	/// the item's record).
	fn record(key: &ItemKey, item: &mut Item, organization: OrganizationId, biz_step: BizStep, disposition: Disposition) -> bool {
		Self::record_in(key, item, organization, biz_step, disposition, None)
	}

	fn record_in(
		key: &ItemKey,
		item: &mut Item,
		organization: OrganizationId,
		biz_step: BizStep,
		disposition: Disposition,
		container: Option<ItemKey>,
	) -> bool {
		let entry = HistoryEntry { at: Self::block(), organization, biz_step, disposition, container };
		match item.push_event(entry) {
			Some((n, chunk)) => {
				History::<T>::insert(key, n, chunk);
				true
			},
			None => false,
		}
	}

	fn updated(organization: OrganizationId, biz_step: BizStep, disposition: Disposition, items: Vec<ItemKey>) {
		let items = BoundedVec::truncate_from(items);
		Self::deposit_event(Event::ItemsUpdated { organization, biz_step, disposition, items });
	}

	pub(crate) fn whereabouts(item: &Item) -> Whereabouts {
		let own = Whereabouts { state: item.state, custodian: item.custodian };
		if item.state.is_terminal() {
			return own;
		}
		let mut parent = item.parent.clone();
		let mut root = None;
		for _ in 0..=MAX_NESTING {
			let Some(container) = parent.and_then(Items::<T>::get) else { break };
			parent = container.parent.clone();
			root = Some(container);
		}
		match root {
			Some(root) => Whereabouts { state: root.state, custodian: root.custodian },
			None => own,
		}
	}

	fn product_of(key: &ItemKey) -> Option<Product> {
		match key {
			ItemKey::Unit { product, .. } => Products::<T>::get(product),
			ItemKey::Sscc(_) => None,
		}
	}

	/// The signer may act on the product as its manufacturer, or as a regulator.
	fn ensure_manufacturer_or_regulator(org: OrganizationId, product: Option<&Product>) -> DispatchResult {
		ensure!(product.is_some_and(|p| p.manufacturer == org) || Self::is_regulator(org), Error::<T>::NotAuthorized);
		Ok(())
	}

	pub(crate) fn do_register_product(org: OrganizationId, info: ProductInfo) -> DispatchResult {
		ensure!(info.gtin.is_some() || info.china_drug_id.is_some(), Error::<T>::NoProductCode);
		let mut codes = Vec::new();
		if let Some(gtin) = info.gtin {
			let valid = gtin.iter().all(u8::is_ascii_digit) && gs1_check_digit(&gtin[..13]) == Some(gtin[13] - b'0');
			ensure!(valid, Error::<T>::InvalidGtin);
			codes.push(ProductCode::Gtin(gtin));
		}
		if let Some(id) = info.china_drug_id {
			ensure!(id.iter().all(u8::is_ascii_digit), Error::<T>::InvalidChinaDrugId);
			codes.push(ProductCode::ChinaDrug(id));
		}
		ensure!(codes.iter().all(|code| !ProductCodes::<T>::contains_key(code)), Error::<T>::ProductCodeTaken);
		let id = NextProductId::<T>::get();
		NextProductId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		for code in codes {
			ProductCodes::<T>::insert(code, id);
		}
		Products::<T>::insert(id, Product {
			manufacturer: org,
			kind: info.kind,
			pack_level: info.pack_level,
			gtin: info.gtin,
			china_drug_id: info.china_drug_id,
			name: info.name,
			form: info.form,
			strength: info.strength,
			recalled: false,
		});
		Self::deposit_event(Event::ProductRegistered { product: id, manufacturer: org });
		Ok(())
	}

	pub(crate) fn do_create_lot(
		org: OrganizationId,
		product: ProductId,
		number: LotNumber,
		expiry: Date,
		production: Option<Date>,
	) -> DispatchResult {
		let record = Products::<T>::get(product).ok_or(Error::<T>::UnknownProduct)?;
		ensure!(record.manufacturer == org, Error::<T>::NotTheManufacturer);
		ensure!(!number.is_empty() && number.iter().all(|b| is_cset82(*b)), Error::<T>::InvalidLotNumber);
		ensure!(valid_date(expiry) && production.is_none_or(|p| valid_date(p) && p <= expiry), Error::<T>::InvalidDate);
		ensure!(!LotIds::<T>::contains_key((product, &number)), Error::<T>::LotExists);
		let id = NextLotId::<T>::get();
		NextLotId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		LotIds::<T>::insert((product, &number), id);
		Lots::<T>::insert(id, Lot {
			product,
			number,
			expiry,
			production,
			status: LotStatus::Released,
			cold_chain_excursion: false,
			commissioned: 0,
		});
		Self::deposit_event(Event::LotCreated { lot: id, product });
		Ok(())
	}

	pub(crate) fn do_commission(org: OrganizationId, lot_id: LotId, serials: impl IntoIterator<Item = Serial>) -> DispatchResult {
		let mut lot = Lots::<T>::get(lot_id).ok_or(Error::<T>::UnknownLot)?;
		let product = Products::<T>::get(lot.product).ok_or(Error::<T>::UnknownProduct)?;
		ensure!(product.manufacturer == org, Error::<T>::NotTheManufacturer);
		// A product known only by its China drug code carries 13-digit serials (serial and
		// check digits of the 20-digit code).
		let china_only = product.gtin.is_none();
		let at = Self::block();
		let mut count: u32 = 0;
		for serial in serials {
			let valid = if china_only {
				serial.len() == 13 && serial.iter().all(u8::is_ascii_digit)
			} else {
				!serial.is_empty() && serial.iter().all(|b| is_cset82(*b))
			};
			ensure!(valid, Error::<T>::InvalidSerial);
			let key = ItemKey::Unit { product: lot.product, serial };
			ensure!(!Items::<T>::contains_key(&key), Error::<T>::AlreadyCommissioned);
			Items::<T>::insert(key, Item {
				lot: Some(lot_id),
				state: ItemState::Active,
				custodian: org,
				destination: None,
				parent: None,
				children: 0,
				level: 0,
				flags: 0,
				terminal: None,
				commissioned_at: at,
				events: 0,
				recent: Default::default(),
			});
			count += 1;
		}
		ensure!(count > 0, Error::<T>::EmptyBatch);
		lot.commissioned = lot.commissioned.saturating_add(count);
		Lots::<T>::insert(lot_id, lot);
		Self::deposit_event(Event::Commissioned {
			lot: lot_id,
			count,
			biz_step: BizStep::Commissioning,
			disposition: Disposition::Active,
		});
		Ok(())
	}

	/// An item the signer holds and may move: not packed, not in transit, not ended.
	fn held_root(org: OrganizationId, key: &ItemKey) -> Result<Item, DispatchError> {
		let item = Items::<T>::get(key).ok_or(Error::<T>::UnknownItem)?;
		ensure!(!item.state.is_terminal(), Error::<T>::Terminal);
		ensure!(item.parent.is_none(), Error::<T>::PackedInContainer);
		ensure!(item.custodian == org, Error::<T>::NotCustodian);
		ensure!(item.state != ItemState::InTransit, Error::<T>::InTransit);
		Ok(item)
	}

	pub(crate) fn do_pack(org: OrganizationId, parent_key: ItemKey, children: impl IntoIterator<Item = ItemKey>) -> DispatchResult {
		let mut parent = match Items::<T>::get(&parent_key) {
			Some(_) => Self::held_root(org, &parent_key)?,
			None => {
				// An SSCC comes into being when something is first packed into it.
				ensure!(matches!(parent_key, ItemKey::Sscc(_)), Error::<T>::UnknownItem);
				Item {
					lot: None,
					state: ItemState::Active,
					custodian: org,
					destination: None,
					parent: None,
					children: 0,
					level: 0,
					flags: 0,
					terminal: None,
					commissioned_at: Self::block(),
					events: 0,
					recent: Default::default(),
				}
			},
		};
		let mut packed = Vec::new();
		for child_key in children {
			ensure!(child_key != parent_key, Error::<T>::InvalidNesting);
			let mut child = Self::held_root(org, &child_key)?;
			ensure!(child.level < MAX_NESTING, Error::<T>::InvalidNesting);
			parent.level = parent.level.max(child.level + 1);
			child.parent = Some(parent_key.clone());
			let container = Some(parent_key.clone());
			Self::record_in(&child_key, &mut child, org, BizStep::Packing, Disposition::InProgress, container);
			Items::<T>::insert(&child_key, child);
			parent.children = parent.children.saturating_add(1);
			packed.push(child_key);
		}
		ensure!(!packed.is_empty(), Error::<T>::EmptyBatch);
		ensure!(parent.level <= MAX_NESTING, Error::<T>::InvalidNesting);
		Self::record(&parent_key, &mut parent, org, BizStep::Packing, Disposition::InProgress);
		Items::<T>::insert(&parent_key, parent);
		packed.push(parent_key);
		Self::updated(org, BizStep::Packing, Disposition::InProgress, packed);
		Ok(())
	}

	pub(crate) fn do_unpack(org: OrganizationId, parent_key: ItemKey, children: impl IntoIterator<Item = ItemKey>) -> DispatchResult {
		let mut parent = Items::<T>::get(&parent_key).ok_or(Error::<T>::UnknownItem)?;
		let place = Self::whereabouts(&parent);
		ensure!(!parent.state.is_terminal(), Error::<T>::Terminal);
		ensure!(place.custodian == org, Error::<T>::NotCustodian);
		ensure!(place.state != ItemState::InTransit, Error::<T>::InTransit);
		let mut unpacked = Vec::new();
		for child_key in children {
			let mut child = Items::<T>::get(&child_key).ok_or(Error::<T>::UnknownItem)?;
			ensure!(child.parent.as_ref() == Some(&parent_key), Error::<T>::NotInContainer);
			child.parent = None;
			child.custodian = org;
			child.state = place.state;
			let container = Some(parent_key.clone());
			Self::record_in(&child_key, &mut child, org, BizStep::Unpacking, Disposition::InProgress, container);
			Items::<T>::insert(&child_key, child);
			parent.children = parent.children.saturating_sub(1);
			unpacked.push(child_key);
		}
		ensure!(!unpacked.is_empty(), Error::<T>::EmptyBatch);
		Self::record(&parent_key, &mut parent, org, BizStep::Unpacking, Disposition::InProgress);
		Items::<T>::insert(&parent_key, parent);
		unpacked.push(parent_key);
		Self::updated(org, BizStep::Unpacking, Disposition::InProgress, unpacked);
		Ok(())
	}

	/// Ships `items`; gives how many of them filed a chunk of their history.
	pub(crate) fn do_ship(
		org: OrganizationId,
		items: impl IntoIterator<Item = ItemKey>,
		to: Option<OrganizationId>,
	) -> Result<u32, DispatchError> {
		if let Some(to) = to {
			let receives = RECEIVERS.iter().any(|role| T::Organizations::organization_has_role(to, *role));
			ensure!(receives, Error::<T>::InvalidDestination);
		}
		let (mut shipped, mut filed) = (Vec::new(), 0);
		for key in items {
			let mut item = Self::held_root(org, &key)?;
			item.state = ItemState::InTransit;
			item.destination = to;
			filed += Self::record(&key, &mut item, org, BizStep::Shipping, Disposition::InTransit) as u32;
			Items::<T>::insert(&key, item);
			shipped.push(key);
		}
		ensure!(!shipped.is_empty(), Error::<T>::EmptyBatch);
		Self::updated(org, BizStep::Shipping, Disposition::InTransit, shipped);
		Ok(filed)
	}

	/// Receives `items`; gives how many of them filed a chunk of their history.
	pub(crate) fn do_receive(org: OrganizationId, items: impl IntoIterator<Item = ItemKey>) -> Result<u32, DispatchError> {
		let receives = RECEIVERS.iter().any(|role| T::Organizations::organization_has_role(org, *role));
		let (mut received, mut filed) = (Vec::new(), 0);
		for key in items {
			let mut item = Items::<T>::get(&key).ok_or(Error::<T>::UnknownItem)?;
			let addressed = match item.destination {
				Some(to) => to == org,
				None => receives,
			};
			ensure!(item.state == ItemState::InTransit && addressed, Error::<T>::NotInTransitToYou);
			item.state = ItemState::Received;
			item.custodian = org;
			item.destination = None;
			filed += Self::record(&key, &mut item, org, BizStep::Receiving, Disposition::SellableAccessible) as u32;
			Items::<T>::insert(&key, item);
			received.push(key);
		}
		ensure!(!received.is_empty(), Error::<T>::EmptyBatch);
		Self::updated(org, BizStep::Receiving, Disposition::SellableAccessible, received);
		Ok(filed)
	}

	/// Ends an item's life on behalf of `org`, taking it out of any container.
	fn terminate(org: OrganizationId, key: &ItemKey, item: &mut Item, previous: ItemState, state: ItemState) {
		let container = item.parent.take();
		if let Some(parent_key) = &container {
			Items::<T>::mutate(parent_key, |parent| {
				if let Some(parent) = parent {
					parent.children = parent.children.saturating_sub(1);
				}
			});
		}
		item.state = state;
		item.custodian = org;
		item.destination = None;
		item.terminal = Some(TerminalRecord { by: org, at: Self::block(), previous });
		let (biz_step, disposition) = match state {
			ItemState::Dispensed => (BizStep::Dispensing, Disposition::Dispensed),
			ItemState::Destroyed => (BizStep::Destroying, Disposition::Destroyed),
			ItemState::Stolen => (BizStep::Decommissioning, Disposition::Stolen),
			_ => (BizStep::Decommissioning, Disposition::Inactive),
		};
		// Leaving a container this way is recorded like an unpacking, naming the container.
		Self::record_in(key, item, org, biz_step, disposition, container);
	}

	pub(crate) fn do_end_life(org: OrganizationId, items: impl IntoIterator<Item = ItemKey>, reason: EndReason) -> DispatchResult {
		let state = match reason {
			EndReason::Decommissioned => ItemState::Decommissioned,
			EndReason::Destroyed => ItemState::Destroyed,
			EndReason::Stolen => ItemState::Stolen,
		};
		let mut ended = Vec::new();
		for key in items {
			let mut item = Items::<T>::get(&key).ok_or(Error::<T>::UnknownItem)?;
			ensure!(!item.state.is_terminal(), Error::<T>::Terminal);
			let place = Self::whereabouts(&item);
			ensure!(place.custodian == org, Error::<T>::NotCustodian);
			ensure!(place.state != ItemState::InTransit, Error::<T>::InTransit);
			Self::terminate(org, &key, &mut item, place.state, state);
			Items::<T>::insert(&key, item);
			ended.push(key);
		}
		ensure!(!ended.is_empty(), Error::<T>::EmptyBatch);
		let (biz_step, disposition) = match reason {
			EndReason::Decommissioned => (BizStep::Decommissioning, Disposition::Inactive),
			EndReason::Destroyed => (BizStep::Destroying, Disposition::Destroyed),
			EndReason::Stolen => (BizStep::Decommissioning, Disposition::Stolen),
		};
		Self::updated(org, biz_step, disposition, ended);
		Ok(())
	}

	/// Dispenses (or, with a recipient, administers) each scanned pack whose verdict is
	/// genuine; raises an alert for every other scan.
	pub(crate) fn do_dispense(org: OrganizationId, doses: Vec<(ScanBytes, Option<RecipientCommitment>)>) -> DispatchResult {
		ensure!(!doses.is_empty(), Error::<T>::EmptyBatch);
		let today = Self::today();
		let mut dispensed = Vec::new();
		for (scan_bytes, recipient) in doses {
			let scan = trace::parse_scan(&scan_bytes).map_err(|_| Error::<T>::MalformedScan)?;
			let verification = trace::verify(&StorageView::<T>::new(), &scan, org, today);
			let key = verification.item_key.clone();
			if recipient.is_some() {
				let kind = verification.product.as_ref().map(|(_, p)| p.kind);
				ensure!(kind != Some(ProductKind::Drug), Error::<T>::NotAdministrable);
			}
			match (verification.verdict, key, verification.item) {
				(Verdict::Genuine, Some(key), Some(mut item)) => {
					let previous = verification.state.unwrap_or(item.state);
					Self::terminate(org, &key, &mut item, previous, ItemState::Dispensed);
					Items::<T>::insert(&key, item);
					if let Some(recipient) = recipient {
						Recipients::<T>::insert(&key, recipient);
						Self::deposit_event(Event::Administered { item: key.clone(), organization: org });
					}
					dispensed.push(key);
				},
				(verdict, key, _) => Self::raise_alert(org, scan_bytes, key, verdict)?,
			}
		}
		if !dispensed.is_empty() {
			Self::updated(org, BizStep::Dispensing, Disposition::Dispensed, dispensed);
		}
		Ok(())
	}

	fn raise_alert(org: OrganizationId, scan: ScanBytes, item: Option<ItemKey>, verdict: Verdict) -> DispatchResult {
		let id = NextAlertId::<T>::get();
		NextAlertId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		Alerts::<T>::insert(id, Alert {
			scan,
			item: item.clone(),
			verdict,
			raised_by: org,
			raised_at: Self::block(),
			status: AlertStatus::Open,
		});
		OpenAlerts::<T>::insert(id, ());
		Self::deposit_event(Event::AlertRaised { alert: id, verdict, item, raised_by: org });
		Ok(())
	}

	pub(crate) fn do_undo(org: OrganizationId, key: ItemKey) -> DispatchResult {
		let mut item = Items::<T>::get(&key).ok_or(Error::<T>::UnknownItem)?;
		let terminal = item.terminal.ok_or(Error::<T>::NothingToUndo)?;
		ensure!(terminal.by == org, Error::<T>::NotYours);
		let deadline = terminal.at.saturating_add(T::UndoWindow::get().saturated_into());
		ensure!(Self::block() <= deadline, Error::<T>::UndoWindowPassed);
		item.state = terminal.previous;
		item.terminal = None;
		let disposition = match terminal.previous {
			ItemState::Active => Disposition::Active,
			_ => Disposition::SellableAccessible,
		};
		// CBV has no "undo" step: the restored state is recorded as an inspection.
		Self::record(&key, &mut item, org, BizStep::Inspecting, disposition);
		Items::<T>::insert(&key, item);
		Recipients::<T>::remove(&key);
		Self::updated(org, BizStep::Inspecting, disposition, alloc::vec![key]);
		Ok(())
	}

	/// Changes a lot on behalf of its product's manufacturer or a regulator.
	fn update_lot(org: OrganizationId, id: LotId, change: impl FnOnce(&mut Lot)) -> DispatchResult {
		let mut lot = Lots::<T>::get(id).ok_or(Error::<T>::UnknownLot)?;
		Self::ensure_manufacturer_or_regulator(org, Products::<T>::get(lot.product).as_ref())?;
		change(&mut lot);
		Lots::<T>::insert(id, lot);
		Ok(())
	}

	pub(crate) fn do_recall(org: OrganizationId, target: Target) -> DispatchResult {
		match &target {
			Target::Product(id) => {
				let mut product = Products::<T>::get(id).ok_or(Error::<T>::UnknownProduct)?;
				Self::ensure_manufacturer_or_regulator(org, Some(&product))?;
				product.recalled = true;
				Products::<T>::insert(id, product);
			},
			Target::Lot(id) => Self::update_lot(org, *id, |lot| lot.status = LotStatus::Recalled)?,
			Target::Item(key) => {
				let mut item = Items::<T>::get(key).ok_or(Error::<T>::UnknownItem)?;
				Self::ensure_manufacturer_or_regulator(org, Self::product_of(key).as_ref())?;
				item.flags |= flags::RECALLED;
				Self::record(key, &mut item, org, BizStep::Recalling, Disposition::Recalled);
				Items::<T>::insert(key, item);
			},
		}
		Self::deposit_event(Event::Recalled { target, by: org });
		Ok(())
	}

	pub(crate) fn do_set_quarantine(org: OrganizationId, target: Target, quarantined: bool) -> DispatchResult {
		match &target {
			Target::Product(_) => return Err(Error::<T>::UnsupportedTarget.into()),
			Target::Lot(id) => Self::update_lot(org, *id, |lot| {
				if lot.status != LotStatus::Recalled {
					lot.status = if quarantined { LotStatus::Quarantined } else { LotStatus::Released };
				}
			})?,
			Target::Item(key) => {
				let mut item = Items::<T>::get(key).ok_or(Error::<T>::UnknownItem)?;
				Self::ensure_manufacturer_or_regulator(org, Self::product_of(key).as_ref())?;
				Self::set_item_quarantine(org, key, &mut item, quarantined);
				Items::<T>::insert(key, item);
			},
		}
		Self::deposit_event(Event::QuarantineSet { target, quarantined, by: org });
		Ok(())
	}

	fn set_item_quarantine(org: OrganizationId, key: &ItemKey, item: &mut Item, quarantined: bool) {
		if quarantined {
			item.flags |= flags::QUARANTINED;
			Self::record(key, item, org, BizStep::Holding, Disposition::NonSellableOther);
		} else {
			item.flags &= !flags::QUARANTINED;
			Self::record(key, item, org, BizStep::Inspecting, Disposition::SellableAccessible);
		}
	}

	/// Sets or lifts the item's alert hold; the item's history records the change only when
	/// its sellability changes (a quarantine may still hold it).
	fn set_alert_hold(org: OrganizationId, key: &ItemKey, item: &mut Item, held: bool) {
		let was_held = item.flags & (flags::ALERT_HOLD | flags::QUARANTINED) != 0;
		if held {
			item.flags |= flags::ALERT_HOLD;
		} else {
			item.flags &= !flags::ALERT_HOLD;
		}
		let is_held = item.flags & (flags::ALERT_HOLD | flags::QUARANTINED) != 0;
		match (was_held, is_held) {
			(false, true) => {
				Self::record(key, item, org, BizStep::Holding, Disposition::NonSellableOther);
			},
			(true, false) => {
				Self::record(key, item, org, BizStep::Inspecting, Disposition::SellableAccessible);
			},
			_ => {},
		}
	}

	pub(crate) fn do_record_excursion(org: OrganizationId, target: Target) -> DispatchResult {
		match &target {
			Target::Product(_) => return Err(Error::<T>::UnsupportedTarget.into()),
			Target::Lot(id) => Self::update_lot(org, *id, |lot| lot.cold_chain_excursion = true)?,
			Target::Item(key) => {
				let mut item = Items::<T>::get(key).ok_or(Error::<T>::UnknownItem)?;
				let holds = Self::whereabouts(&item).custodian == org;
				ensure!(holds || Self::is_regulator(org), Error::<T>::NotAuthorized);
				item.flags |= flags::COLD_CHAIN_EXCURSION;
				Self::record(key, &mut item, org, BizStep::Inspecting, Disposition::Damaged);
				Items::<T>::insert(key, item);
			},
		}
		Self::deposit_event(Event::ExcursionRecorded { target, by: org });
		Ok(())
	}

	pub(crate) fn do_resolve_alert(org: OrganizationId, id: AlertId, resolution: AlertResolution) -> DispatchResult {
		let mut alert = Alerts::<T>::get(id).ok_or(Error::<T>::UnknownAlert)?;
		let status = match (alert.status, resolution) {
			(AlertStatus::Open, AlertResolution::Quarantine) => AlertStatus::Quarantined,
			(AlertStatus::Open | AlertStatus::Quarantined, AlertResolution::Clear) => AlertStatus::Cleared,
			(AlertStatus::Open | AlertStatus::Quarantined, AlertResolution::ConfirmIllegitimate) =>
				AlertStatus::ConfirmedIllegitimate,
			_ => return Err(Error::<T>::InvalidAlertTransition.into()),
		};
		let held_before = alert.status != AlertStatus::Open;
		let holds_after = status != AlertStatus::Cleared;
		if let (Some(key), true) = (&alert.item, held_before != holds_after) {
			if let Some(mut item) = Items::<T>::get(key) {
				let holds = AlertHolds::<T>::get(key);
				let holds = if holds_after { holds.saturating_add(1) } else { holds.saturating_sub(1) };
				AlertHolds::<T>::set(key, holds);
				Self::set_alert_hold(org, key, &mut item, holds > 0);
				Items::<T>::insert(key, item);
			}
		}
		if matches!(status, AlertStatus::Cleared | AlertStatus::ConfirmedIllegitimate) {
			OpenAlerts::<T>::remove(id);
		}
		alert.status = status;
		Alerts::<T>::insert(id, alert);
		Self::deposit_event(Event::AlertResolved { alert: id, status });
		Ok(())
	}

	pub(crate) fn do_apply_epcis_events(
		who: &T::AccountId,
		events: BoundedVec<EpcisEvent<T::MaxCommissionBatch, T::MaxItemBatch>, T::MaxEpcisEvents>,
	) -> DispatchResult {
		ensure!(!events.is_empty(), Error::<T>::EmptyBatch);
		let org = T::Organizations::ensure_active_member(who).map_err(Self::membership_error)?;
		for event in events {
			if let Some(id) = event.event_id {
				ensure!(!EpcisEventIds::<T>::contains_key(id), Error::<T>::RepeatedEpcisEvent);
				EpcisEventIds::<T>::insert(id, Self::block());
			}
			match event.operation {
				TraceOperation::Commission { lot, serials } => {
					Self::member_with(who, &[Role::Manufacturer])?;
					Self::do_commission(org, lot, serials)?
				},
				TraceOperation::Pack { parent, children } => Self::do_pack(org, parent, children)?,
				TraceOperation::Unpack { parent, children } => Self::do_unpack(org, parent, children)?,
				TraceOperation::Ship { items, to } => Self::do_ship(org, items, to).map(drop)?,
				TraceOperation::Receive { items } => Self::do_receive(org, items).map(drop)?,
				TraceOperation::End { items, reason } => Self::do_end_life(org, items, reason)?,
			}
		}
		Ok(())
	}
}

/// Whether `date` (`YYYYMMDD`) names a real day.
fn valid_date(date: Date) -> bool {
	let (year, month, day) = (date / 10_000, date / 100 % 100, date % 100);
	(2000..=2199).contains(&year) &&
		(1..=12).contains(&month) &&
		day >= 1 && day <= u32::from(medtrust_primitives::gs1::days_in_month(year as u16, month as u8))
}
