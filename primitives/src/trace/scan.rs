//! One entry point for every code a scanner or an EPCIS document delivers: GS1 element strings
//! (DataMatrix, GS1-128, QR, and GS1-issued UDIs), GS1 Digital Link URIs, EPC URNs and China's
//! 20-digit drug traceability code. Each is reduced to the same [`Scan`].
//!
//! UDIs issued by GS1 are GS1 element strings, (01) being the UDI-DI. UDIs of the MA code and
//! AliHealth issuers are recognised and refused by name: their structure is the issuer's.

use super::records::{LotNumber, ProductCode, Serial};
use alloc::vec::Vec;

use crate::gs1::{self, digital_link::{self, DigitalLinkError}, Element, Gs1Date, Gs1Error};
use crate::identifiers::gs1_check_digit;

/// The notation a scan came in.
#[derive(Clone, Copy, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScanForm {
	ElementString,
	DigitalLink,
	EpcUrn,
	ChinaDrugCode,
}

/// What a scan names.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum ScannedItem {
	/// A serialised pack.
	Unit { product: ProductCode, serial: Serial },
	/// A logistic unit.
	Sscc([u8; 18]),
	/// A product (and perhaps a lot) without a serial.
	Class { product: ProductCode },
}

/// A parsed scan.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Scan {
	pub form: ScanForm,
	pub item: ScannedItem,
	pub lot: Option<LotNumber>,
	pub expiry: Option<Gs1Date>,
	pub production: Option<Gs1Date>,
	/// Every AI read, in the order read (for an EPC URN, the AIs it stands for; none for a China
	/// drug code).
	pub elements: Vec<Element>,
}

/// Why a scan cannot be read. `position` counts bytes from 1 in the scan as delivered.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ScanError {
	/// A GS1 element string (or a value inside a Digital Link) is malformed.
	Gs1(Gs1Error),
	/// The scan is longer than any supported code.
	TooLong { max: usize },
	/// A Digital Link, EPC URN or China drug code is malformed at `position`.
	Malformed { form: ScanForm, position: usize, reason: &'static str },
	/// A code scheme this chain does not read (its name is given).
	UnsupportedScheme(&'static str),
	/// A GS1 element string names neither a GTIN nor an SSCC.
	NoIdentifier,
}

impl From<Gs1Error> for ScanError {
	fn from(error: Gs1Error) -> Self {
		ScanError::Gs1(error)
	}
}

impl From<DigitalLinkError> for ScanError {
	fn from(error: DigitalLinkError) -> Self {
		match error {
			DigitalLinkError::Malformed { position, reason } =>
				ScanError::Malformed { form: ScanForm::DigitalLink, position, reason },
			DigitalLinkError::Value(error) => ScanError::Gs1(error),
			DigitalLinkError::Compressed => ScanError::UnsupportedScheme("compressed GS1 Digital Link"),
		}
	}
}

/// Parses a scan in any supported notation.
pub fn parse_scan(scan: &[u8]) -> Result<Scan, ScanError> {
	let max = super::records::MAX_SCAN_LENGTH as usize;
	if scan.len() > max {
		return Err(ScanError::TooLong { max });
	}
	// A Digital Link comes bare or after the identifier of a symbol in plain-data mode.
	let (offset, data) = [&b"]Q1"[..], b"]d1", b"]J0"]
		.into_iter()
		.find_map(|prefix| scan.strip_prefix(prefix).map(|rest| (prefix.len(), rest)))
		.unwrap_or((0, scan));
	if digital_link::is_digital_link(data) {
		let mut parsed = scan_of(digital_link::parse(data, offset)?)?;
		parsed.form = ScanForm::DigitalLink;
		Ok(parsed)
	} else if scan.starts_with(b"urn:epc:") {
		parse_epc_urn(scan)
	} else if scan.starts_with(b"MA.") {
		Err(ScanError::UnsupportedScheme("MA code (UDI issuer)"))
	} else if scan.len() == 20 && scan.iter().all(u8::is_ascii_digit) && !scan.starts_with(b"0") {
		parse_china_drug_code(scan)
	} else {
		scan_of(gs1::parse_element_string(scan)?)
	}
}

/// What an element string names: a pack (GTIN and serial), a logistic unit (SSCC) or a
/// product.
fn scan_of(parsed: gs1::ElementString) -> Result<Scan, ScanError> {
	let item = match (parsed.gtin(), parsed.sscc(), parsed.serial()) {
		(Some(gtin), _, Some(serial)) => ScannedItem::Unit { product: ProductCode::Gtin(gtin), serial: bounded(serial) },
		(Some(gtin), _, None) => ScannedItem::Class { product: ProductCode::Gtin(gtin) },
		(None, Some(sscc), _) => ScannedItem::Sscc(sscc),
		(None, None, _) => return Err(ScanError::NoIdentifier),
	};
	Ok(Scan {
		form: ScanForm::ElementString,
		item,
		lot: parsed.lot().map(bounded),
		expiry: parsed.expiry(),
		production: parsed.production_date(),
		elements: parsed.elements,
	})
}

/// China's drug traceability code: a 7-digit product id, a 9-digit serial and 4 check digits.
/// The check digits follow the code issuer's own algorithm, so only the form is validated here;
/// whether the code is genuine is decided by commissioning. The serial kept is the last 13
/// digits, so that a code with altered check digits is not the same pack.
fn parse_china_drug_code(scan: &[u8]) -> Result<Scan, ScanError> {
	let product: [u8; 7] = scan[..7].try_into().expect("the scan has 20 bytes; qed");
	Ok(Scan {
		form: ScanForm::ChinaDrugCode,
		item: ScannedItem::Unit { product: ProductCode::ChinaDrug(product), serial: bounded(&scan[7..]) },
		lot: None,
		expiry: None,
		production: None,
		elements: Vec::new(),
	})
}

fn bounded(bytes: &[u8]) -> Serial {
	Serial::try_from(bytes.to_vec()).expect("the parsers bound lots and serials to 20 bytes; qed")
}

fn percent_decode(text: &[u8]) -> Option<alloc::vec::Vec<u8>> {
	let mut out = alloc::vec::Vec::with_capacity(text.len());
	let mut i = 0;
	while i < text.len() {
		if text[i] == b'%' {
			let hex = text.get(i + 1..i + 3)?;
			let digit = |b: u8| (b as char).to_digit(16);
			out.push((digit(hex[0])? * 16 + digit(hex[1])?) as u8);
			i += 3;
		} else {
			out.push(text[i]);
			i += 1;
		}
	}
	Some(out)
}

/// EPC pure-identity URNs: `urn:epc:id:sgtin:CompanyPrefix.IndicatorItemRef.Serial`,
/// `urn:epc:id:sscc:CompanyPrefix.ExtensionSerialRef`, `urn:epc:class:lgtin:CompanyPrefix.IndicatorItemRef.Lot`.
fn parse_epc_urn(scan: &[u8]) -> Result<Scan, ScanError> {
	let malformed = |position: usize, reason| ScanError::Malformed { form: ScanForm::EpcUrn, position, reason };
	let (scheme, body_at) = [
		(&b"urn:epc:id:sgtin:"[..], "sgtin"),
		(b"urn:epc:id:sscc:", "sscc"),
		(b"urn:epc:class:lgtin:", "lgtin"),
	]
	.into_iter()
	.find(|(prefix, _)| scan.starts_with(prefix))
	.map(|(prefix, name)| (name, prefix.len()))
	.ok_or(ScanError::UnsupportedScheme("EPC URN other than sgtin, sscc or lgtin"))?;
	let body = &scan[body_at..];
	let fields: alloc::vec::Vec<&[u8]> = body.split(|b| *b == b'.').collect();
	let field_at = |index: usize| body_at + 1 + fields[..index].iter().map(|f| f.len() + 1).sum::<usize>();
	let digits = |index: usize| -> Result<&[u8], ScanError> {
		let field = fields[index];
		if field.is_empty() || !field.iter().all(u8::is_ascii_digit) {
			return Err(malformed(field_at(index), "expected digits"));
		}
		Ok(field)
	};
	let expected_fields = if scheme == "sscc" { 2 } else { 3 };
	if fields.len() != expected_fields {
		return Err(malformed(body_at + 1, "wrong number of dot-separated fields"));
	}
	let prefix = digits(0)?;
	let reference = digits(1)?;
	let text = |index: usize| -> Result<Serial, ScanError> {
		let decoded = percent_decode(fields[index]).ok_or(malformed(field_at(index), "bad escape"))?;
		if decoded.is_empty() || decoded.len() > gs1::MAX_LOT_OR_SERIAL || !decoded.iter().all(|b| gs1::is_cset82(*b)) {
			return Err(malformed(field_at(index), "must be 1 to 20 characters of GS1 set 82"));
		}
		Ok(bounded(&decoded))
	};
	if scheme == "sscc" {
		if prefix.len() + reference.len() != 17 {
			return Err(malformed(body_at + 1, "company prefix and serial reference must have 17 digits"));
		}
		let mut sscc = [0u8; 18];
		sscc[0] = reference[0];
		sscc[1..1 + prefix.len()].copy_from_slice(prefix);
		sscc[1 + prefix.len()..17].copy_from_slice(&reference[1..]);
		sscc[17] = b'0' + gs1_check_digit(&sscc[..17]).expect("digits; qed");
		let elements = alloc::vec![element("00", &sscc, body_at + 1)];
		return Ok(Scan { form: ScanForm::EpcUrn, item: ScannedItem::Sscc(sscc), lot: None, expiry: None, production: None, elements });
	}
	if prefix.len() + reference.len() != 13 {
		return Err(malformed(body_at + 1, "company prefix and item reference must have 13 digits"));
	}
	let mut gtin = [0u8; 14];
	gtin[0] = reference[0];
	gtin[1..1 + prefix.len()].copy_from_slice(prefix);
	gtin[1 + prefix.len()..13].copy_from_slice(&reference[1..]);
	gtin[13] = b'0' + gs1_check_digit(&gtin[..13]).expect("digits; qed");
	let product = ProductCode::Gtin(gtin);
	let (item, lot) = if scheme == "sgtin" {
		(ScannedItem::Unit { product, serial: text(2)? }, None)
	} else {
		(ScannedItem::Class { product }, Some(text(2)?))
	};
	let mut elements = alloc::vec![element("01", &gtin, body_at + 1)];
	match (&item, &lot) {
		(ScannedItem::Unit { serial, .. }, _) => elements.push(element("21", serial, field_at(2))),
		(_, Some(lot)) => elements.push(element("10", lot, field_at(2))),
		_ => {},
	}
	Ok(Scan { form: ScanForm::EpcUrn, item, lot, expiry: None, production: None, elements })
}

/// An element an EPC URN stands for (its value already checked by the URN's rules).
fn element(ai: &str, value: &[u8], position: usize) -> Element {
	Element {
		entry: gs1::table::lookup(ai.as_bytes()).expect("(00), (01), (10) and (21) are in the table; qed"),
		value: value.to_vec(),
		position,
	}
}

/// The GLN in an EPC party or location URN (`urn:epc:id:pgln:CompanyPrefix.PartyRef` or
/// `urn:epc:id:sgln:CompanyPrefix.LocationRef.Extension`), as EPCIS source and destination
/// lists name organisations.
pub fn parse_epc_gln(urn: &[u8]) -> Option<crate::Gln> {
	let (body, fields) = if let Some(body) = urn.strip_prefix(b"urn:epc:id:pgln:") {
		(body, 2)
	} else {
		(urn.strip_prefix(b"urn:epc:id:sgln:")?, 3)
	};
	let parts: alloc::vec::Vec<&[u8]> = body.split(|b| *b == b'.').collect();
	if parts.len() != fields || parts[0].len() + parts[1].len() != 12 {
		return None;
	}
	let mut gln = [0u8; 13];
	gln[..parts[0].len()].copy_from_slice(parts[0]);
	gln[parts[0].len()..12].copy_from_slice(parts[1]);
	gln[12] = b'0' + gs1_check_digit(&gln[..12])?;
	Some(crate::Gln(gln))
}

#[cfg(test)]
mod tests {
	use super::*;
	use proptest::prelude::*;

	fn gtin(text: &str) -> ProductCode {
		ProductCode::Gtin(text.as_bytes().try_into().unwrap())
	}

	fn unit(product: ProductCode, serial: &str) -> ScannedItem {
		ScannedItem::Unit { product, serial: bounded(serial.as_bytes()) }
	}

	#[test]
	fn every_notation_of_one_pack_names_the_same_item() {
		let element = parse_scan(b"]d2010952123454321317251231\x1d10ABC123\x1d21XYZ").unwrap();
		let link = parse_scan(b"https://id.example.cn/01/09521234543213/10/ABC123/21/XYZ?17=251231&linkType=all").unwrap();
		let short = parse_scan(b"https://id.example.cn/gs1/01/9521234543213/10/ABC123/21/XYZ?17=251231").unwrap();
		assert_eq!(element.item, unit(gtin("09521234543213"), "XYZ"));
		for other in [&link, &short] {
			assert_eq!(other.item, element.item);
			assert_eq!(other.lot, element.lot);
			assert_eq!(other.expiry, element.expiry);
			assert_eq!(other.form, ScanForm::DigitalLink);
		}
	}

	#[test]
	fn epc_urns_rebuild_the_gtin_and_sscc_check_digits() {
		// The GS1 EPCIS examples' identifiers.
		let sgtin = parse_scan(b"urn:epc:id:sgtin:0614141.107346.2017").unwrap();
		assert_eq!(sgtin.item, unit(gtin("10614141073464"), "2017"));
		let sscc = parse_scan(b"urn:epc:id:sscc:0614141.1234567890").unwrap();
		assert_eq!(sscc.item, ScannedItem::Sscc(*b"106141412345678908"));
		let lgtin = parse_scan(b"urn:epc:class:lgtin:4012345.012345.998877").unwrap();
		assert_eq!(lgtin.item, ScannedItem::Class { product: gtin("04012345123456") });
		assert_eq!(lgtin.lot.unwrap().as_slice(), b"998877");
		let dl = parse_scan(b"https://id.gs1.org/01/70614141123451/21/2017").unwrap();
		assert_eq!(dl.item, unit(gtin("70614141123451"), "2017"));
	}

	#[test]
	fn a_china_drug_code_is_product_id_and_serial() {
		let scan = parse_scan(b"81234560123456789012").unwrap();
		assert_eq!(scan.form, ScanForm::ChinaDrugCode);
		assert_eq!(scan.item, unit(ProductCode::ChinaDrug(*b"8123456"), "0123456789012"));
	}

	#[test]
	fn party_and_location_urns_give_glns() {
		assert_eq!(parse_epc_gln(b"urn:epc:id:pgln:0614141.00777").unwrap().0, *b"0614141007776");
		assert_eq!(parse_epc_gln(b"urn:epc:id:sgln:0614141.00777.0").unwrap().0, *b"0614141007776");
		assert!(parse_epc_gln(b"urn:epc:id:sgln:0614141.007.0").is_none());
	}

	#[test]
	fn bad_scans_say_what_and_where() {
		use ScanError::*;
		assert_eq!(
			parse_scan(b"https://id.example/01/09521234543214/21/X"),
			Err(Gs1(Gs1Error::CheckDigit { ai: 1, position: 36 }))
		);
		assert!(matches!(parse_scan(b"https://id.example/21/X"), Err(Malformed { position: 19, .. })));
		assert_eq!(
			parse_scan(b"https://id.example/01/09521234543213/21/X/10/L"),
			Err(Malformed {
				form: ScanForm::DigitalLink,
				position: 43,
				reason: "key qualifiers out of their standard order, repeated, or not for this key"
			})
		);
		assert_eq!(
			parse_scan(b"urn:epc:id:sgtin:0614141.10734.2017"),
			Err(Malformed { form: ScanForm::EpcUrn, position: 18, reason: "company prefix and item reference must have 13 digits" })
		);
		assert_eq!(parse_scan(b"urn:epc:id:giai:4000001.111"), Err(UnsupportedScheme("EPC URN other than sgtin, sscc or lgtin")));
		assert!(matches!(parse_scan(b"MA.156.M0.100001"), Err(UnsupportedScheme(_))));
		let class = parse_scan(b"0109521234543213").unwrap();
		assert_eq!(class.item, ScannedItem::Class { product: gtin("09521234543213") });
		assert_eq!((class.lot, class.expiry, class.elements.len()), (None, None, 1));
		assert_eq!(parse_scan(b"4146901234000016"), Err(NoIdentifier));
		assert!(matches!(parse_scan(b"10ABC"), Err(Gs1(Gs1Error::Requires { ai: 10, position: 3, .. }))));
		assert_eq!(
			parse_scan(b"(01)09521234543213(21)ABCDEFGHIJKLMNOPQRSTU").map(|_| ()),
			Err(Gs1(Gs1Error::BadLength { ai: 21, position: 23, min: 1, max: 20 }))
		);
		assert_eq!(parse_scan(&[b'1'; 200]), Err(TooLong { max: 160 }));
	}

	proptest! {
		#[test]
		fn no_scan_makes_the_parser_panic(scan in proptest::collection::vec(any::<u8>(), 0..200)) {
			let _ = parse_scan(&scan);
		}

		#[test]
		fn no_url_makes_the_parser_panic(path in "[0-9a-zA-Z/%?=&.#-]{0,120}") {
			let _ = parse_scan(format!("https://h/{path}").as_bytes());
			let _ = parse_scan(format!("urn:epc:id:sgtin:{path}").as_bytes());
		}
	}
}
