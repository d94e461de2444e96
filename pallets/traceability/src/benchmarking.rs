//! Benchmarks of every call, each on its most expensive path: batches at their bound, packs
//! inside containers, and every item's record holding as many recent events as it may, so that
//! every event files a chunk of history. Dispensing, administering and ending a life are
//! measured with each pack in containers of its own nested to the deepest level, the outermost
//! one's latest events straddling a filed chunk, so that every container and chunk a
//! verification reads is a distinct read.

use super::*;
use alloc::{format, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{traits::Get, BoundedVec};
use frame_system::RawOrigin;
use medtrust_primitives::{
	trace::{HistoryEntry, Verdict, MAX_NESTING},
	OrganizationId,
};

const GTIN: &[u8; 14] = b"09521234543213";
const VACCINE_GTIN: &[u8; 14] = b"00614141000005";

fn member<T: Config>() -> (T::AccountId, OrganizationId) {
	let who: T::AccountId = account("member", 0, 0);
	let org = T::BenchmarkHelper::member(&who);
	(who, org)
}

fn text<S: Get<u32>>(bytes: &[u8]) -> BoundedVec<u8, S> {
	BoundedVec::truncate_from(bytes.to_vec())
}

/// Registers a product with `gtin` and creates its lot "BENCH"; returns (product, lot).
fn product<T: Config>(org: OrganizationId, gtin: &[u8; 14], kind: ProductKind) -> (ProductId, LotId) {
	let product = NextProductId::<T>::get();
	let info = ProductInfo {
		kind,
		pack_level: PackLevel::Each,
		gtin: Some(*gtin),
		china_drug_id: Some(*b"8123456"),
		name: text(&[b'n'; 64]),
		form: text(&[b'f'; 64]),
		strength: text(&[b's'; 64]),
	};
	Pallet::<T>::do_register_product(org, info).expect("fresh product; qed");
	let lot = NextLotId::<T>::get();
	Pallet::<T>::do_create_lot(org, product, text(b"BENCH"), 20991231, Some(20250101)).expect("fresh lot; qed");
	(product, lot)
}

fn serial(i: u32) -> Serial {
	text(format!("SERIAL{i:014}").as_bytes())
}

/// Commissions `n` serials of a new product, their records full of recent events; returns
/// their keys.
fn commissioned<T: Config>(org: OrganizationId, n: u32) -> Vec<ItemKey> {
	let (product, lot) = product::<T>(org, GTIN, ProductKind::Drug);
	Pallet::<T>::do_commission(org, lot, (0..n).map(serial)).expect("fresh serials; qed");
	let keys: Vec<ItemKey> = (0..n).map(|i| ItemKey::Unit { product, serial: serial(i) }).collect();
	fill_recent::<T>(&keys);
	keys
}

fn inspection() -> HistoryEntry {
	HistoryEntry {
		at: 0,
		organization: 0,
		biz_step: BizStep::Inspecting,
		disposition: Disposition::SellableAccessible,
		container: None,
	}
}

/// Fills each item's record with recent events (inspections), so that its next event files
/// them as a chunk of its history.
fn fill_recent<T: Config>(keys: &[ItemKey]) {
	for key in keys {
		Items::<T>::mutate(key, |item| {
			let item = item.as_mut().expect("a recorded item; qed");
			while !item.recent.is_full() {
				item.push_event(inspection());
			}
		});
	}
}

/// Leaves one recent event in each item's record after a full chunk was filed, so that its
/// last events (which a verification reports) are read from the record and the chunk.
fn straddle_filed_history<T: Config>(keys: &[ItemKey]) {
	fill_recent::<T>(keys);
	for key in keys {
		Items::<T>::mutate(key, |item| {
			let item = item.as_mut().expect("a recorded item; qed");
			if let Some((n, chunk)) = item.push_event(inspection()) {
				History::<T>::insert(key, n, chunk);
			}
		});
	}
}

/// A distinct SSCC for each `n` (company prefix 0614141, serial reference `n`).
fn sscc_of(n: u32) -> ItemKey {
	let mut digits = *b"106141410000000000";
	for place in 0..9u32 {
		digits[16 - place as usize] = b'0' + ((n / 10u32.pow(place)) % 10) as u8;
	}
	digits[17] = b'0' + medtrust_primitives::gs1_check_digit(&digits[..17]).expect("digits; qed");
	ItemKey::Sscc(digits)
}

/// `n` packs of `gtin` the member holds, received, each in containers of its own nested to
/// [`MAX_NESTING`] levels: every pack's verification reads its own chain of containers, and the
/// outermost one's history straddles a filed chunk. Each pack's record is full of recent events,
/// so that its next event files them.
fn nested_packs<T: Config>(org: OrganizationId, gtin: &[u8; 14], kind: ProductKind, n: u32) -> Vec<ItemKey> {
	let (product, lot) = product::<T>(org, gtin, kind);
	Pallet::<T>::do_commission(org, lot, (0..n).map(serial)).expect("fresh serials; qed");
	let packs: Vec<ItemKey> = (0..n).map(|i| ItemKey::Unit { product, serial: serial(i) }).collect();
	let mut roots = Vec::new();
	for (i, pack) in packs.iter().enumerate() {
		let mut inner = pack.clone();
		for level in 0..u32::from(MAX_NESTING) {
			let container = sscc_of(i as u32 * u32::from(MAX_NESTING) + level);
			Pallet::<T>::do_pack(org, container.clone(), [inner]).expect("a held, loose item; qed");
			inner = container;
		}
		roots.push(inner);
	}
	Pallet::<T>::do_ship(org, roots.clone(), Some(org)).expect("held containers; qed");
	Pallet::<T>::do_receive(org, roots.clone()).expect("in transit to the member; qed");
	straddle_filed_history::<T>(&roots);
	fill_recent::<T>(&packs);
	packs
}

fn sscc(i: u8) -> ItemKey {
	let mut digits = *b"10614141234567890x";
	digits[16] = b'0' + i;
	digits[17] = b'0' + medtrust_primitives::gs1_check_digit(&digits[..17]).expect("digits; qed");
	ItemKey::Sscc(digits)
}

fn scan_of(gtin: &[u8; 14], i: u32) -> ScanBytes {
	let serial = serial(i);
	let mut scan = Vec::from(&b"]d201"[..]);
	scan.extend_from_slice(gtin);
	scan.extend_from_slice(b"10BENCH\x1d21");
	scan.extend_from_slice(&serial);
	ScanBytes::truncate_from(scan)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_product() {
		let (who, _) = member::<T>();
		let info = ProductInfo {
			kind: ProductKind::Drug,
			pack_level: PackLevel::Each,
			gtin: Some(*GTIN),
			china_drug_id: Some(*b"8123456"),
			name: text(&[b'n'; 64]),
			form: text(&[b'f'; 64]),
			strength: text(&[b's'; 64]),
		};
		#[extrinsic_call]
		_(RawOrigin::Signed(who), info);
		assert_eq!(NextProductId::<T>::get(), 1);
	}

	#[benchmark]
	fn create_lot() {
		let (who, org) = member::<T>();
		let (product, _) = product::<T>(org, GTIN, ProductKind::Drug);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), product, text(&[b'L'; 20]), 20991231, Some(20250101));
		assert_eq!(NextLotId::<T>::get(), 2);
	}

	#[benchmark]
	fn commission(n: Linear<1, { T::MaxCommissionBatch::get() }>) {
		let (who, org) = member::<T>();
		let (_, lot) = product::<T>(org, GTIN, ProductKind::Drug);
		let serials = BoundedVec::truncate_from((0..n).map(serial).collect());
		#[extrinsic_call]
		_(RawOrigin::Signed(who), lot, serials);
		assert_eq!(Lots::<T>::get(lot).expect("created; qed").commissioned, n);
	}

	#[benchmark]
	fn pack(n: Linear<1, { T::MaxItemBatch::get() }>) {
		let (who, org) = member::<T>();
		let children = BoundedVec::truncate_from(commissioned::<T>(org, n));
		#[extrinsic_call]
		_(RawOrigin::Signed(who), sscc(1), children);
		assert_eq!(Items::<T>::get(sscc(1)).expect("created; qed").children, n);
	}

	#[benchmark]
	fn unpack(n: Linear<1, { T::MaxItemBatch::get() }>) {
		let (who, org) = member::<T>();
		let children = commissioned::<T>(org, n);
		Pallet::<T>::do_pack(org, sscc(1), children.clone()).expect("loose packs; qed");
		fill_recent::<T>(&children);
		fill_recent::<T>(&[sscc(1)]);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), sscc(1), BoundedVec::truncate_from(children));
		assert_eq!(Items::<T>::get(sscc(1)).expect("created; qed").children, 0);
	}

	#[benchmark]
	fn ship(n: Linear<1, { T::MaxItemBatch::get() }>) {
		let (who, org) = member::<T>();
		let items = commissioned::<T>(org, n);
		let first = items[0].clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(who), BoundedVec::truncate_from(items), Some(org));
		assert_eq!(Items::<T>::get(first).expect("commissioned; qed").state, ItemState::InTransit);
	}

	#[benchmark]
	fn receive(n: Linear<1, { T::MaxItemBatch::get() }>) {
		let (who, org) = member::<T>();
		let items = commissioned::<T>(org, n);
		Pallet::<T>::do_ship(org, items.clone(), Some(org)).expect("held; qed");
		fill_recent::<T>(&items);
		let first = items[0].clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(who), BoundedVec::truncate_from(items));
		assert_eq!(Items::<T>::get(first).expect("commissioned; qed").state, ItemState::Received);
	}

	#[benchmark]
	fn dispense(n: Linear<1, { T::MaxScanBatch::get() }>) {
		let (who, org) = member::<T>();
		nested_packs::<T>(org, GTIN, ProductKind::Drug, n);
		let scans: Vec<ScanBytes> = (0..n).map(|i| scan_of(GTIN, i)).collect();
		#[extrinsic_call]
		_(RawOrigin::Signed(who), BoundedVec::truncate_from(scans));
		assert_eq!(NextAlertId::<T>::get(), 0);
	}

	#[benchmark]
	fn administer(n: Linear<1, { T::MaxScanBatch::get() }>) {
		let (who, org) = member::<T>();
		nested_packs::<T>(org, VACCINE_GTIN, ProductKind::Vaccine, n);
		let scans: Vec<ScanBytes> = (0..n).map(|i| scan_of(VACCINE_GTIN, i)).collect();
		let doses = scans.into_iter().map(|scan| (scan, [1u8; 32])).collect();
		#[extrinsic_call]
		_(RawOrigin::Signed(who), BoundedVec::truncate_from(doses));
		assert_eq!(NextAlertId::<T>::get(), 0);
	}

	#[benchmark]
	fn end_life(n: Linear<1, { T::MaxItemBatch::get() }>) {
		let (who, org) = member::<T>();
		let items = nested_packs::<T>(org, GTIN, ProductKind::Drug, n);
		let first = items[0].clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(who), BoundedVec::truncate_from(items), EndReason::Destroyed);
		assert_eq!(Items::<T>::get(first).expect("commissioned; qed").state, ItemState::Destroyed);
	}

	#[benchmark]
	fn undo() {
		let (who, org) = member::<T>();
		let item = commissioned::<T>(org, 1).remove(0);
		Pallet::<T>::do_end_life(org, [item.clone()], EndReason::Destroyed).expect("held; qed");
		fill_recent::<T>(core::slice::from_ref(&item));
		#[extrinsic_call]
		_(RawOrigin::Signed(who), item.clone());
		assert_eq!(Items::<T>::get(item).expect("commissioned; qed").state, ItemState::Active);
	}

	#[benchmark]
	fn recall() {
		let (who, org) = member::<T>();
		let item = commissioned::<T>(org, 1).remove(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), Target::Item(item));
	}

	#[benchmark]
	fn set_quarantine() {
		let (who, org) = member::<T>();
		let item = commissioned::<T>(org, 1).remove(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), Target::Item(item), true);
	}

	#[benchmark]
	fn record_excursion() {
		let (who, org) = member::<T>();
		let item = commissioned::<T>(org, 1).remove(0);
		Pallet::<T>::do_pack(org, sscc(1), [item.clone()]).expect("loose pack; qed");
		fill_recent::<T>(&[item, sscc(1)]);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), Target::Item(sscc(1)));
	}

	#[benchmark]
	fn resolve_alert() {
		let (who, org) = member::<T>();
		let item = commissioned::<T>(org, 1).remove(0);
		Pallet::<T>::do_end_life(org, [item], EndReason::Destroyed).expect("held; qed");
		Pallet::<T>::do_dispense(org, alloc::vec![(scan_of(GTIN, 0), None)]).expect("a scan; qed");
		assert_eq!(Alerts::<T>::get(0).expect("raised; qed").verdict, Verdict::Destroyed);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), 0, AlertResolution::ConfirmIllegitimate);
	}

	/// The document's own cost: one event identifier per event (the operations are weighed as
	/// their own calls).
	#[benchmark]
	fn apply_epcis_events(n: Linear<1, { T::MaxEpcisEvents::get() }>) {
		let (who, org) = member::<T>();
		let items = commissioned::<T>(org, n);
		let events = items
			.into_iter()
			.enumerate()
			.map(|(i, item)| EpcisEvent {
				event_id: Some([i as u8; 32]),
				operation: TraceOperation::Ship { items: BoundedVec::truncate_from(alloc::vec![item]), to: None },
			})
			.collect();
		#[extrinsic_call]
		_(RawOrigin::Signed(who), BoundedVec::truncate_from(events));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
