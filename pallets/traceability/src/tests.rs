use crate::{mock::*, pallet::*, types::*, Error, Event};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use medtrust_primitives::trace::{AlertStatus, Verdict};

const GTIN: &str = "09521234543213";
const VACCINE_GTIN: &str = "00614141000005";

fn text<S: frame_support::traits::Get<u32>>(s: &str) -> BoundedVec<u8, S> {
	s.as_bytes().to_vec().try_into().unwrap()
}

fn info(gtin: &str, kind: ProductKind) -> ProductInfo {
	ProductInfo {
		kind,
		pack_level: PackLevel::Each,
		gtin: Some(gtin.as_bytes().try_into().unwrap()),
		china_drug_id: None,
		name: text("Amoxicillin"),
		form: text("capsule"),
		strength: text("500 mg"),
	}
}

fn signed(account: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(account)
}

/// A drug (product 0) with lot "L1" (lot 0, expiring 2027-12-31) and serials S1–S4.
fn setup() -> ProductId {
	assert_ok!(Traceability::register_product(signed(MANUFACTURER), info(GTIN, ProductKind::Drug)));
	assert_ok!(Traceability::create_lot(signed(MANUFACTURER), 0, text("L1"), 20271231, Some(20251201)));
	commission(0, &["S1", "S2", "S3", "S4"]);
	0
}

fn commission(lot: LotId, serials: &[&str]) {
	let serials: Vec<Serial> = serials.iter().map(|s| text(s)).collect();
	assert_ok!(Traceability::commission(signed(MANUFACTURER), lot, serials.try_into().unwrap()));
}

fn unit(serial: &str) -> ItemKey {
	ItemKey::Unit { product: 0, serial: text(serial) }
}

fn items(keys: &[ItemKey]) -> BoundedVec<ItemKey, ConstU32<20>> {
	keys.to_vec().try_into().unwrap()
}
use frame_support::traits::ConstU32;

fn scan(serial: &str) -> String {
	format!("]d201{GTIN}17271231\u{1d}10L1\u{1d}21{serial}")
}

fn verdict(scan: &str, account: u64) -> Verdict {
	Traceability::verify_scan(scan.as_bytes(), org(account)).unwrap().verdict
}

fn scans(list: &[&str]) -> BoundedVec<ScanBytes, ConstU32<10>> {
	list.iter().map(|s| ScanBytes::try_from(s.as_bytes().to_vec()).unwrap()).collect::<Vec<_>>().try_into().unwrap()
}

/// Ships units from the manufacturer to the pharmacy, which receives them.
fn deliver_to_pharmacy(keys: &[ItemKey]) {
	assert_ok!(Traceability::ship(signed(MANUFACTURER), items(keys), Some(org(PHARMACY))));
	assert_ok!(Traceability::receive(signed(PHARMACY), items(keys)));
}

#[test]
fn a_long_history_is_filed_in_chunks_and_read_back_whole() {
	use crate::weights::WeightInfo;
	use medtrust_primitives::trace::RECENT_EVENTS;
	new_test_ext().execute_with(|| {
		setup();
		// Back and forth between the manufacturer and the distributor: 2 events a round.
		let rounds = RECENT_EVENTS + 2;
		for round in 0..rounds {
			System::set_block_number(2 + round as u64);
			let (from, to) = if round % 2 == 0 { (MANUFACTURER, DISTRIBUTOR) } else { (DISTRIBUTOR, MANUFACTURER) };
			let shipped = Traceability::ship(signed(from), items(&[unit("S1")]), Some(org(to))).expect("held");
			let received = Traceability::receive(signed(to), items(&[unit("S1")])).expect("shipped to it");
			// A chunk is filed by the event after every RECENT_EVENTS-th; the others are refunded its write.
			let full = <() as WeightInfo>::ship(1);
			let filed = |event: u32| event > 0 && event.is_multiple_of(RECENT_EVENTS);
			let refunded = full - <Test as frame_system::Config>::DbWeight::get().writes(1);
			assert_eq!(shipped.actual_weight, Some(if filed(2 * round) { full } else { refunded }), "round {round}");
			let full = <() as WeightInfo>::receive(1);
			let refunded = full - <Test as frame_system::Config>::DbWeight::get().writes(1);
			assert_eq!(received.actual_weight, Some(if filed(2 * round + 1) { full } else { refunded }), "round {round}");
		}
		let item = Items::<Test>::get(unit("S1")).expect("commissioned");
		assert_eq!(item.events, 2 * rounds);
		assert_eq!(item.filed_events(), 2 * rounds / RECENT_EVENTS * RECENT_EVENTS);
		assert_eq!(History::<Test>::iter_prefix(unit("S1")).count() as u32, 2 * rounds / RECENT_EVENTS);

		// Commissioning, then every event in order, filed or recent.
		let history = Traceability::history(&unit("S1"));
		assert_eq!(history.len() as u32, 1 + 2 * rounds);
		assert_eq!(history[0].1.biz_step, BizStep::Commissioning);
		for (i, (_, entry)) in history[1..].iter().enumerate() {
			let step = if i % 2 == 0 { BizStep::Shipping } else { BizStep::Receiving };
			assert_eq!((entry.at, entry.biz_step), (2 + i as u32 / 2, step), "entry {i}");
		}
		// A scan shows the latest events, newest first.
		let report = Traceability::verify_scan(scan("S1").as_bytes(), org(REGULATOR)).expect("a scan");
		let latest: Vec<u32> = report.last_events.iter().map(|(_, e)| e.at).collect();
		assert_eq!(latest, vec![1 + rounds, 1 + rounds, rounds]);
	});
}

#[test]
fn only_an_active_manufacturer_registers_products() {
	new_test_ext().execute_with(|| {
		let drug = info(GTIN, ProductKind::Drug);
		assert_noop!(Traceability::register_product(signed(PHARMACY), drug.clone()), Error::<Test>::MissingRole);
		assert_noop!(Traceability::register_product(signed(OUTSIDER), drug.clone()), Error::<Test>::NotAMember);
		assert_noop!(
			Traceability::register_product(signed(SUSPENDED_PHARMACY), drug.clone()),
			Error::<Test>::OrganizationSuspended
		);
		let mut bad = drug.clone();
		bad.gtin = Some(*b"09521234543214");
		assert_noop!(Traceability::register_product(signed(MANUFACTURER), bad), Error::<Test>::InvalidGtin);
		let mut none = drug.clone();
		none.gtin = None;
		assert_noop!(Traceability::register_product(signed(MANUFACTURER), none), Error::<Test>::NoProductCode);
		assert_ok!(Traceability::register_product(signed(MANUFACTURER), drug.clone()));
		System::assert_last_event(Event::ProductRegistered { product: 0, manufacturer: 1 }.into());
		assert_noop!(Traceability::register_product(signed(OTHER_MANUFACTURER), drug), Error::<Test>::ProductCodeTaken);
	});
}

#[test]
fn lots_belong_to_the_products_manufacturer_and_have_real_dates() {
	new_test_ext().execute_with(|| {
		assert_ok!(Traceability::register_product(signed(MANUFACTURER), info(GTIN, ProductKind::Drug)));
		let create = |who, number: &str, expiry, production| {
			Traceability::create_lot(signed(who), 0, text(number), expiry, production)
		};
		assert_noop!(create(OTHER_MANUFACTURER, "L1", 20271231, None), Error::<Test>::NotTheManufacturer);
		assert_noop!(create(MANUFACTURER, "L1", 20270231, None), Error::<Test>::InvalidDate);
		assert_noop!(create(MANUFACTURER, "L1", 20271231, Some(20280101)), Error::<Test>::InvalidDate);
		assert_noop!(create(MANUFACTURER, "L 1", 20271231, None), Error::<Test>::InvalidLotNumber);
		assert_noop!(Traceability::create_lot(signed(MANUFACTURER), 5, text("L1"), 20271231, None), Error::<Test>::UnknownProduct);
		assert_ok!(create(MANUFACTURER, "L1", 20271231, None));
		assert_noop!(create(MANUFACTURER, "L1", 20281231, None), Error::<Test>::LotExists);
	});
}

#[test]
fn commissioning_is_all_or_nothing() {
	new_test_ext().execute_with(|| {
		setup();
		let serials = |list: &[&str]| list.iter().map(|s| text(s)).collect::<Vec<Serial>>().try_into().unwrap();
		// S5 is new, S1 is taken: nothing is written.
		assert_noop!(Traceability::commission(signed(MANUFACTURER), 0, serials(&["S5", "S1"])), Error::<Test>::AlreadyCommissioned);
		assert_noop!(Traceability::commission(signed(MANUFACTURER), 0, serials(&["S6", "S6"])), Error::<Test>::AlreadyCommissioned);
		assert_noop!(Traceability::commission(signed(MANUFACTURER), 0, serials(&["S 7"])), Error::<Test>::InvalidSerial);
		assert_noop!(Traceability::commission(signed(OTHER_MANUFACTURER), 0, serials(&["S8"])), Error::<Test>::NotTheManufacturer);
		assert_noop!(Traceability::commission(signed(MANUFACTURER), 0, serials(&[])), Error::<Test>::EmptyBatch);
		assert_noop!(Traceability::commission(signed(MANUFACTURER), 9, serials(&["S9"])), Error::<Test>::UnknownLot);
		assert!(Items::<Test>::get(unit("S5")).is_none());
		assert_eq!(Lots::<Test>::get(0).unwrap().commissioned, 4);
		System::assert_last_event(
			Event::Commissioned { lot: 0, count: 4, biz_step: BizStep::Commissioning, disposition: Disposition::Active }.into(),
		);
	});
}

#[test]
fn china_drug_codes_commission_thirteen_digit_serials() {
	new_test_ext().execute_with(|| {
		let mut drug = info(GTIN, ProductKind::Drug);
		drug.gtin = None;
		drug.china_drug_id = Some(*b"8123456");
		assert_ok!(Traceability::register_product(signed(MANUFACTURER), drug));
		assert_ok!(Traceability::create_lot(signed(MANUFACTURER), 0, text("B2026"), 20281130, None));
		let serials = |s: &str| vec![text(s)].try_into().unwrap();
		assert_noop!(Traceability::commission(signed(MANUFACTURER), 0, serials("12345")), Error::<Test>::InvalidSerial);
		assert_ok!(Traceability::commission(signed(MANUFACTURER), 0, serials("0123456789012")));
		assert_eq!(verdict("81234560123456789012", MANUFACTURER), Verdict::Genuine);
		assert_eq!(verdict("81234560123456789013", MANUFACTURER), Verdict::NotCommissioned);
		assert_eq!(verdict("71234560123456789012", MANUFACTURER), Verdict::UnknownProduct);
	});
}

#[test]
fn a_pack_travels_in_its_case_and_pallet_and_is_dispensed_once() {
	new_test_ext().execute_with(|| {
		setup();
		let sscc = ItemKey::Sscc(*b"106141412345678908");
		// A case is a commissioned unit of the same product here, for brevity.
		assert_ok!(Traceability::pack(signed(MANUFACTURER), unit("S4"), items(&[unit("S1"), unit("S2")])));
		assert_ok!(Traceability::pack(signed(MANUFACTURER), sscc.clone(), items(&[unit("S4")])));
		assert_noop!(Traceability::ship(signed(MANUFACTURER), items(&[unit("S1")]), None), Error::<Test>::PackedInContainer);
		assert_noop!(Traceability::ship(signed(DISTRIBUTOR), items(core::slice::from_ref(&sscc)), None), Error::<Test>::NotCustodian);
		assert_noop!(
			Traceability::ship(signed(MANUFACTURER), items(core::slice::from_ref(&sscc)), Some(org(INSURER))),
			Error::<Test>::InvalidDestination
		);
		assert_ok!(Traceability::ship(signed(MANUFACTURER), items(core::slice::from_ref(&sscc)), Some(org(DISTRIBUTOR))));
		// In transit to the distributor: genuine for it, a clone anywhere else, inspectable by a regulator.
		assert_eq!(verdict(&scan("S1"), DISTRIBUTOR), Verdict::Genuine);
		assert_eq!(verdict(&scan("S1"), PHARMACY), Verdict::SuspectClone);
		assert_eq!(verdict(&scan("S1"), REGULATOR), Verdict::Genuine);
		assert_noop!(Traceability::receive(signed(PHARMACY), items(core::slice::from_ref(&sscc))), Error::<Test>::NotInTransitToYou);
		assert_ok!(Traceability::receive(signed(DISTRIBUTOR), items(core::slice::from_ref(&sscc))));
		assert_ok!(Traceability::unpack(signed(DISTRIBUTOR), sscc.clone(), items(&[unit("S4")])));
		assert_ok!(Traceability::ship(signed(DISTRIBUTOR), items(&[unit("S4")]), Some(org(PHARMACY))));
		assert_ok!(Traceability::receive(signed(PHARMACY), items(&[unit("S4")])));
		let report = Traceability::verify_scan(scan("S1").as_bytes(), org(PHARMACY)).unwrap();
		assert_eq!(report.verdict, Verdict::Genuine);
		assert_eq!(report.custodian, Some(org(PHARMACY)));
		assert_eq!(report.container, Some(unit("S4")));
		assert_eq!(report.state, Some(ItemState::Received));

		// The pharmacy dispenses S1 straight from the case; a second scan of it raises an alert.
		assert_ok!(Traceability::dispense(signed(PHARMACY), scans(&[&scan("S1")])));
		assert_eq!(Items::<Test>::get(unit("S4")).unwrap().children, 1);
		assert_eq!(verdict(&scan("S1"), PHARMACY), Verdict::AlreadyDispensed);
		assert_ok!(Traceability::dispense(signed(PHARMACY), scans(&[&scan("S1")])));
		System::assert_last_event(
			Event::AlertRaised { alert: 0, verdict: Verdict::AlreadyDispensed, item: Some(unit("S1")), raised_by: org(PHARMACY) }
				.into(),
		);
		assert_eq!(Traceability::open_alerts(0, 10).alerts.len(), 1);

		// History: commissioning, packing into the case, the case's shipping and receiving, dispensing.
		let steps: Vec<BizStep> = Traceability::history(&unit("S1")).iter().map(|(_, e)| e.biz_step).collect();
		assert_eq!(steps.first(), Some(&BizStep::Commissioning));
		assert!(steps.contains(&BizStep::Shipping) && steps.contains(&BizStep::Receiving));
		assert_eq!(steps.last(), Some(&BizStep::Dispensing));
	});
}

#[test]
fn undo_is_for_the_same_organisation_within_the_window() {
	new_test_ext().execute_with(|| {
		setup();
		deliver_to_pharmacy(&[unit("S1"), unit("S2")]);
		assert_noop!(Traceability::undo(signed(PHARMACY), unit("S1")), Error::<Test>::NothingToUndo);
		assert_ok!(Traceability::dispense(signed(PHARMACY), scans(&[&scan("S1"), &scan("S2")])));
		assert_noop!(Traceability::undo(signed(HOSPITAL), unit("S1")), Error::<Test>::NotYours);
		assert_ok!(Traceability::undo(signed(PHARMACY), unit("S1")));
		assert_eq!(verdict(&scan("S1"), PHARMACY), Verdict::Genuine);
		System::set_block_number(12);
		assert_noop!(Traceability::undo(signed(PHARMACY), unit("S2")), Error::<Test>::UndoWindowPassed);
	});
}

#[test]
fn every_verdict_from_a_scan() {
	new_test_ext().execute_with(|| {
		setup();
		assert_ok!(Traceability::create_lot(signed(MANUFACTURER), 0, text("L2"), 20261231, None));
		commission(1, &["T1", "T2", "T3", "T4", "T5"]);
		let keys = [unit("S1"), unit("S2"), unit("S3"), unit("S4"), unit("T1"), unit("T2"), unit("T3"), unit("T4"), unit("T5")];
		deliver_to_pharmacy(&keys);
		let scan2 = |serial: &str| format!("(01){GTIN}(17)261231(10)L2(21){serial}");
		assert_eq!(verdict(&scan("S1"), PHARMACY), Verdict::Genuine);
		assert_eq!(verdict(&format!("(01){VACCINE_GTIN}(21)S1"), PHARMACY), Verdict::UnknownProduct);
		assert_eq!(verdict(&scan("S9"), PHARMACY), Verdict::NotCommissioned);
		assert_eq!(verdict(&format!("(01){GTIN}(17)271231(10)L2(21)S1"), PHARMACY), Verdict::LotMismatch);
		assert_eq!(verdict(&format!("(01){GTIN}(17)281231(10)L1(21)S1"), PHARMACY), Verdict::ExpiryMismatch);
		assert_eq!(verdict(&format!("(01){GTIN}(17)271200(10)L1(21)S1"), PHARMACY), Verdict::Genuine);
		assert_eq!(verdict(&scan("S1"), OTHER_PHARMACY), Verdict::SuspectClone);

		assert_ok!(Traceability::end_life(signed(PHARMACY), items(&[unit("S2")]), EndReason::Decommissioned));
		assert_ok!(Traceability::end_life(signed(PHARMACY), items(&[unit("S3")]), EndReason::Destroyed));
		assert_ok!(Traceability::end_life(signed(PHARMACY), items(&[unit("S4")]), EndReason::Stolen));
		assert_noop!(Traceability::end_life(signed(PHARMACY), items(&[unit("S4")]), EndReason::Destroyed), Error::<Test>::Terminal);
		assert_eq!(verdict(&scan("S2"), PHARMACY), Verdict::Decommissioned);
		assert_eq!(verdict(&scan("S3"), PHARMACY), Verdict::Destroyed);
		assert_eq!(verdict(&scan("S4"), PHARMACY), Verdict::Stolen);

		assert_noop!(Traceability::recall(signed(PHARMACY), Target::Lot(1)), Error::<Test>::NotAuthorized);
		assert_ok!(Traceability::recall(signed(REGULATOR), Target::Item(unit("T1"))));
		assert_eq!(verdict(&scan2("T1"), PHARMACY), Verdict::Recalled);
		assert_ok!(Traceability::set_quarantine(signed(MANUFACTURER), Target::Item(unit("T2")), true));
		assert_eq!(verdict(&scan2("T2"), PHARMACY), Verdict::Quarantined);
		assert_ok!(Traceability::set_quarantine(signed(MANUFACTURER), Target::Item(unit("T2")), false));
		assert_eq!(verdict(&scan2("T2"), PHARMACY), Verdict::Genuine);
		assert_noop!(Traceability::set_quarantine(signed(REGULATOR), Target::Product(0), true), Error::<Test>::UnsupportedTarget);

		set_today_millis(1_798_761_600_000); // 2027-01-01: lot L2 expired on 2026-12-31.
		assert_eq!(verdict(&scan2("T3"), PHARMACY), Verdict::Expired);
		assert_eq!(verdict(&scan("S1"), PHARMACY), Verdict::Genuine);
		assert_ok!(Traceability::recall(signed(MANUFACTURER), Target::Lot(1)));
		assert_eq!(verdict(&scan2("T3"), PHARMACY), Verdict::Recalled);
		assert_ok!(Traceability::recall(signed(MANUFACTURER), Target::Product(0)));
		assert_eq!(verdict(&scan("S1"), PHARMACY), Verdict::Recalled);
	});
}

#[test]
fn dispensing_checks_the_role_and_refuses_malformed_scans_whole() {
	new_test_ext().execute_with(|| {
		setup();
		deliver_to_pharmacy(&[unit("S1")]);
		assert_noop!(Traceability::dispense(signed(DISTRIBUTOR), scans(&[&scan("S1")])), Error::<Test>::MissingRole);
		assert_noop!(Traceability::dispense(signed(PHARMACY), scans(&[&scan("S1"), "(01)123"])), Error::<Test>::MalformedScan);
		assert_noop!(Traceability::dispense(signed(PHARMACY), scans(&[])), Error::<Test>::EmptyBatch);
		assert_eq!(verdict(&scan("S1"), PHARMACY), Verdict::Genuine);
		// A pack the pharmacy never received is a clone there: nothing dispensed, an alert raised.
		assert_ok!(Traceability::dispense(signed(PHARMACY), scans(&[&scan("S2"), &scan("S1")])));
		assert_eq!(Items::<Test>::get(unit("S2")).unwrap().state, ItemState::Active);
		assert_eq!(Items::<Test>::get(unit("S1")).unwrap().state, ItemState::Dispensed);
		assert_eq!(Alerts::<Test>::get(0).unwrap().verdict, Verdict::SuspectClone);
	});
}

#[test]
fn vaccines_are_administered_to_a_recipient_commitment() {
	new_test_ext().execute_with(|| {
		setup();
		assert_ok!(Traceability::register_product(signed(MANUFACTURER), info(VACCINE_GTIN, ProductKind::Vaccine)));
		assert_ok!(Traceability::create_lot(signed(MANUFACTURER), 1, text("V1"), 20270630, None));
		let serials = vec![text("D1"), text("D2")].try_into().unwrap();
		assert_ok!(Traceability::commission(signed(MANUFACTURER), 1, serials));
		let dose = ItemKey::Unit { product: 1, serial: text("D1") };
		let dose2 = ItemKey::Unit { product: 1, serial: text("D2") };
		assert_ok!(Traceability::ship(signed(MANUFACTURER), items(&[dose.clone(), dose2.clone()]), Some(org(VACCINATION_SITE))));
		assert_ok!(Traceability::receive(signed(VACCINATION_SITE), items(&[dose.clone(), dose2.clone()])));
		// An excursion on the site's fridge, recorded against one dose, shows in its verification.
		assert_ok!(Traceability::record_excursion(signed(VACCINATION_SITE), Target::Item(dose2.clone())));
		let dose2_scan = format!("(01){VACCINE_GTIN}(17)270630(10)V1(21)D2");
		assert!(Traceability::verify_scan(dose2_scan.as_bytes(), org(VACCINATION_SITE)).unwrap().cold_chain_excursion);
		assert_noop!(Traceability::record_excursion(signed(PHARMACY), Target::Item(dose2)), Error::<Test>::NotAuthorized);

		let commitment = [7u8; 32];
		let doses = |s: &str| {
			vec![(ScanBytes::try_from(s.as_bytes().to_vec()).unwrap(), commitment)].try_into().unwrap()
		};
		assert_noop!(Traceability::administer(signed(PHARMACY), doses("x")), Error::<Test>::MissingRole);
		assert_noop!(Traceability::administer(signed(VACCINATION_SITE), doses(&scan("S1"))), Error::<Test>::NotAdministrable);
		assert_ok!(Traceability::administer(signed(VACCINATION_SITE), doses(&format!("(01){VACCINE_GTIN}(17)270630(10)V1(21)D1"))));
		assert_eq!(Recipients::<Test>::get(&dose), Some(commitment));
		System::assert_has_event(Event::Administered { item: dose, organization: org(VACCINATION_SITE) }.into());
	});
}

#[test]
fn a_lot_excursion_shows_for_every_pack() {
	new_test_ext().execute_with(|| {
		setup();
		assert_noop!(Traceability::record_excursion(signed(DISTRIBUTOR), Target::Lot(0)), Error::<Test>::NotAuthorized);
		assert_ok!(Traceability::record_excursion(signed(MANUFACTURER), Target::Lot(0)));
		let report = Traceability::verify_scan(scan("S3").as_bytes(), org(MANUFACTURER)).unwrap();
		assert!(report.cold_chain_excursion);
		assert_eq!(report.verdict, Verdict::Genuine);
	});
}

#[test]
fn regulators_resolve_alerts() {
	new_test_ext().execute_with(|| {
		setup();
		assert_ok!(Traceability::dispense(signed(PHARMACY), scans(&[&scan("S1")])));
		assert_noop!(Traceability::resolve_alert(signed(PHARMACY), 0, AlertResolution::Clear), Error::<Test>::MissingRole);
		assert_noop!(Traceability::resolve_alert(signed(REGULATOR), 1, AlertResolution::Clear), Error::<Test>::UnknownAlert);
		assert_ok!(Traceability::resolve_alert(signed(REGULATOR), 0, AlertResolution::Quarantine));
		assert_eq!(verdict(&scan("S1"), MANUFACTURER), Verdict::Quarantined);
		assert_noop!(
			Traceability::resolve_alert(signed(REGULATOR), 0, AlertResolution::Quarantine),
			Error::<Test>::InvalidAlertTransition
		);
		assert_ok!(Traceability::resolve_alert(signed(REGULATOR), 0, AlertResolution::Clear));
		assert_eq!(verdict(&scan("S1"), MANUFACTURER), Verdict::Genuine);
		assert_eq!(Alerts::<Test>::get(0).unwrap().status, AlertStatus::Cleared);
		assert!(Traceability::open_alerts(0, 10).alerts.is_empty());
		assert_noop!(
			Traceability::resolve_alert(signed(REGULATOR), 0, AlertResolution::ConfirmIllegitimate),
			Error::<Test>::InvalidAlertTransition
		);
	});
}

#[test]
fn clearing_an_alert_lifts_neither_a_quarantine_nor_another_alerts_hold() {
	new_test_ext().execute_with(|| {
		setup();
		// Two alerts on one pack (it was dispensed, then scanned twice more).
		assert_ok!(Traceability::dispense(signed(PHARMACY), scans(&[&scan("S1")])));
		assert_ok!(Traceability::dispense(signed(PHARMACY), scans(&[&scan("S1")])));
		let resolve = |id, resolution| Traceability::resolve_alert(signed(REGULATOR), id, resolution);
		assert_ok!(resolve(0, AlertResolution::Quarantine));
		assert_ok!(resolve(1, AlertResolution::Quarantine));
		assert_ok!(resolve(0, AlertResolution::Clear));
		assert_eq!(verdict(&scan("S1"), MANUFACTURER), Verdict::Quarantined, "alert 1 still holds it");
		assert_ok!(resolve(1, AlertResolution::Clear));
		assert_eq!(verdict(&scan("S1"), MANUFACTURER), Verdict::Genuine);

		// A quarantine of the pack for its own reason outlives an alert cleared meanwhile.
		assert_ok!(Traceability::set_quarantine(signed(MANUFACTURER), Target::Item(unit("S2")), true));
		assert_ok!(Traceability::dispense(signed(PHARMACY), scans(&[&scan("S2")])));
		let alert = NextAlertId::<Test>::get() - 1;
		assert_ok!(resolve(alert, AlertResolution::Clear));
		assert_eq!(verdict(&scan("S2"), MANUFACTURER), Verdict::Quarantined);
	});
}

#[test]
fn an_epcis_document_applies_whole_or_not_at_all() {
	new_test_ext().execute_with(|| {
		setup();
		type Ev = EpcisEvent<ConstU32<100>, ConstU32<20>>;
		let ship = |id: u8, serial: &str| Ev {
			event_id: Some([id; 32]),
			operation: TraceOperation::Ship { items: vec![unit(serial)].try_into().unwrap(), to: Some(org(PHARMACY)) },
		};
		let events = |list: Vec<Ev>| list.try_into().unwrap();
		// The second event ships a serial never commissioned: the first is not applied either.
		assert_noop!(
			Traceability::apply_epcis_events(signed(MANUFACTURER), events(vec![ship(1, "S1"), ship(2, "S9")])),
			Error::<Test>::UnknownItem
		);
		assert_ok!(Traceability::apply_epcis_events(signed(MANUFACTURER), events(vec![ship(1, "S1")])));
		assert_eq!(Items::<Test>::get(unit("S1")).unwrap().state, ItemState::InTransit);
		assert_noop!(
			Traceability::apply_epcis_events(signed(MANUFACTURER), events(vec![ship(1, "S2")])),
			Error::<Test>::RepeatedEpcisEvent
		);
		let commission = Ev { event_id: None, operation: TraceOperation::Commission { lot: 0, serials: vec![text("S7")].try_into().unwrap() } };
		assert_noop!(Traceability::apply_epcis_events(signed(DISTRIBUTOR), events(vec![commission])), Error::<Test>::MissingRole);
	});
}

#[test]
fn containers_nest_boundedly_and_never_into_themselves() {
	new_test_ext().execute_with(|| {
		setup();
		let sscc = |n: u8| {
			let mut digits = *b"10614141234567890x";
			digits[16] = b'0' + n;
			digits[17] = b'0' + medtrust_primitives::gs1_check_digit(&digits[..17]).unwrap();
			ItemKey::Sscc(digits)
		};
		assert_noop!(Traceability::pack(signed(MANUFACTURER), unit("S1"), items(&[unit("S1")])), Error::<Test>::InvalidNesting);
		assert_noop!(Traceability::pack(signed(MANUFACTURER), unit("S9"), items(&[unit("S1")])), Error::<Test>::UnknownItem);
		assert_ok!(Traceability::pack(signed(MANUFACTURER), sscc(1), items(&[unit("S1")])));
		assert_ok!(Traceability::pack(signed(MANUFACTURER), sscc(2), items(&[sscc(1)])));
		assert_ok!(Traceability::pack(signed(MANUFACTURER), sscc(3), items(&[sscc(2)])));
		assert_ok!(Traceability::pack(signed(MANUFACTURER), sscc(4), items(&[sscc(3)])));
		assert_noop!(Traceability::pack(signed(MANUFACTURER), sscc(5), items(&[sscc(4)])), Error::<Test>::InvalidNesting);
		assert_noop!(Traceability::unpack(signed(MANUFACTURER), sscc(4), items(&[sscc(2)])), Error::<Test>::NotInContainer);
		assert_noop!(Traceability::unpack(signed(DISTRIBUTOR), sscc(4), items(&[sscc(3)])), Error::<Test>::NotCustodian);
		assert_eq!(verdict(&scan("S1"), MANUFACTURER), Verdict::Genuine);
	});
}

#[test]
fn open_alerts_are_paged_oldest_first_and_resolved_ones_are_skipped() {
	new_test_ext().execute_with(|| {
		setup();
		for _ in 0..4 {
			assert_ok!(Traceability::dispense(signed(PHARMACY), scans(&[&scan("S1")])));
		}
		assert_ok!(Traceability::resolve_alert(signed(REGULATOR), 1, AlertResolution::Clear));
		let ids = |page: &medtrust_primitives::trace::AlertPage| page.alerts.iter().map(|(id, _)| *id).collect::<Vec<_>>();
		let first = Traceability::open_alerts(0, 2);
		assert_eq!((ids(&first), first.next), (vec![0, 2], Some(3)));
		let rest = Traceability::open_alerts(3, 2);
		assert_eq!((ids(&rest), rest.next), (vec![3], None));
	});
}
