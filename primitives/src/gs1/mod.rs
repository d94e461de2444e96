//! GS1 element strings as scanners deliver them (GS1 DataMatrix, GS1-128, GS1 QR, DotCode),
//! and GS1 Digital Link URIs, read with the full GS1 application identifier table.
//!
//! Accepted forms of the same data:
//!
//! - raw, as the symbol encodes it: `01 09521234543213 17 251231 10 ABC123 ␝ 21 XYZ` (spaces
//!   added here for reading), with ASCII 29 (GS, `␝`) after a value that is not of
//!   predefined length and not last; a GS first (FNC1 in first position, as some scanners
//!   send it), after a fixed-length value or last is tolerated;
//! - prefixed with a symbology identifier: `]d2` (DataMatrix), `]C1` (GS1-128), `]Q3` (QR),
//!   `]e0` (DataBar), `]J1` (DotCode);
//! - in an ISO/IEC 15434 envelope, format 05 (`[)>␞05␝…␞␄`), as some scanners wrap it;
//! - human-readable, with bracketed AIs: `(01)09521234543213(17)251231(10)ABC123(21)XYZ`;
//! - a GS1 Digital Link URI ([`digital_link`]).
//!
//! Every AI of the GS1 Barcode Syntax Dictionary is read ([`table`], generated from the
//! dictionary): its components' lengths and character sets (82, 39, 64), check digits and
//! check-character pairs, dates and times, code lists (countries, currencies, package types),
//! whether it needs a GS after it, which AIs it requires and which it excludes. An unknown
//! AI, a bad length, a character outside the set or a broken pairing is refused by AI and
//! position, so a scan never silently loses data.

use alloc::vec::Vec;

pub mod digital_link;
mod element;
mod lint;
pub mod table;
#[cfg(test)]
mod peer_tests;
#[cfg(test)]
mod tests;

pub use table::AiEntry;


/// The ASCII group separator that ends a variable-length field.
pub const GROUP_SEPARATOR: u8 = 0x1d;

/// The longest lot or serial number GS1 allows.
pub const MAX_LOT_OR_SERIAL: usize = 20;

/// A date of AI (11) or (17): `YYMMDD`. Day `00` means the last day of the month.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Gs1Date {
	/// The year within its century, 0–99.
	pub yy: u8,
	/// The month, 1–12.
	pub month: u8,
	/// The day, 0–31; 0 is the last day of the month.
	pub day: u8,
}

impl Gs1Date {
	/// The full year, by GS1's rule (General Specifications 7.12): relative to `current_year`, a
	/// two-digit year 51–99 years ahead belongs to the previous century and one 50 or more years
	/// behind to the next.
	pub fn year(&self, current_year: u16) -> u16 {
		let century = current_year / 100 * 100;
		let candidate = century + u16::from(self.yy);
		let difference = i32::from(candidate) - i32::from(current_year);
		if difference >= 51 {
			candidate - 100
		} else if difference <= -50 {
			candidate + 100
		} else {
			candidate
		}
	}

	/// The day of the month it names, with day `00` resolved to the month's last day.
	pub fn resolved_day(&self, current_year: u16) -> u8 {
		if self.day == 0 {
			days_in_month(self.year(current_year), self.month)
		} else {
			self.day
		}
	}

	/// The date as `YYYYMMDD`, comparable as a number, with day `00` resolved.
	pub fn as_yyyymmdd(&self, current_year: u16) -> u32 {
		u32::from(self.year(current_year)) * 10_000 +
			u32::from(self.month) * 100 +
			u32::from(self.resolved_day(current_year))
	}
}

/// The number of days in `month` of `year` (Gregorian).
pub fn days_in_month(year: u16, month: u8) -> u8 {
	match month {
		4 | 6 | 9 | 11 => 30,
		2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
		2 => 28,
		_ => 31,
	}
}

/// One AI and its value, as read.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Element {
	pub entry: &'static AiEntry,
	pub value: Vec<u8>,
	/// Where the value starts, counting bytes from 1 in the scan as delivered.
	pub position: usize,
}

/// What a GS1 element string says: its AIs in the order read (a repeat dropped).
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ElementString {
	pub elements: Vec<Element>,
}

impl ElementString {
	/// The value of an AI, if present.
	pub fn value(&self, ai: &str) -> Option<&[u8]> {
		self.elements.iter().find(|e| e.entry.ai == ai).map(|e| e.value.as_slice())
	}

	/// (00) Serial Shipping Container Code.
	pub fn sscc(&self) -> Option<[u8; 18]> {
		self.value("00").map(|v| v.try_into().expect("(00) is N18, by the table; qed"))
	}

	/// (01) GTIN of the trade item.
	pub fn gtin(&self) -> Option<[u8; 14]> {
		self.value("01").map(|v| v.try_into().expect("(01) is N14, by the table; qed"))
	}

	/// (10) Lot (batch) number.
	pub fn lot(&self) -> Option<&[u8]> {
		self.value("10")
	}

	/// (21) Serial number.
	pub fn serial(&self) -> Option<&[u8]> {
		self.value("21")
	}

	/// (17) Expiry date.
	pub fn expiry(&self) -> Option<Gs1Date> {
		self.value("17").map(Gs1Date::read)
	}

	/// (11) Production date.
	pub fn production_date(&self) -> Option<Gs1Date> {
		self.value("11").map(Gs1Date::read)
	}
}

impl Gs1Date {
	/// A `YYMMDD` value the table's date linter has checked.
	fn read(value: &[u8]) -> Self {
		let two = |i: usize| (value[i] - b'0') * 10 + (value[i + 1] - b'0');
		Gs1Date { yy: two(0), month: two(2), day: two(4) }
	}
}

/// Why a scan is not a valid GS1 element string. `position` counts bytes from 1 in the string
/// as scanned (including any symbology identifier); `ai` is the AI's number ((01) is 1).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Gs1Error {
	/// Nothing to parse.
	Empty,
	/// An application identifier the GS1 table does not have (its digits are given).
	UnknownAi { ai: [u8; 4], position: usize },
	/// The data ends inside an AI or a fixed-length value.
	Truncated { ai: u16, position: usize },
	/// A character outside the component's character set.
	InvalidCharacter { ai: u16, position: usize },
	/// A value shorter or longer than its AI allows.
	BadLength { ai: u16, position: usize, min: u8, max: u8 },
	/// A check digit or check-character pair is wrong.
	CheckDigit { ai: u16, position: usize },
	/// A date names no real day (month 13, 31 April, 30 February…).
	InvalidDate { ai: u16, position: usize },
	/// A value breaks its AI's rule (a country code, a time, a piece of a total…).
	InvalidValue { ai: u16, position: usize, rule: &'static str },
	/// The same AI appears again with another value.
	RepeatedAi { ai: u16, position: usize },
	/// An AI stands without what it requires: one of `requirement`'s groups, in full.
	Requires { ai: u16, position: usize, requirement: &'static [&'static [&'static str]] },
	/// An AI stands with one it excludes.
	Excludes { ai: u16, position: usize, other: u16 },
	/// An ISO/IEC 15434 envelope of a format other than 05 (GS1 AIs).
	Envelope { format: [u8; 2] },
	/// A bracketed AI is not closed, or text stands outside any AI.
	Malformed { position: usize },
}

/// Parses a scanned GS1 element string in any of the forms the module describes.
pub fn parse_element_string(scan: &[u8]) -> Result<ElementString, Gs1Error> {
	let elements = parse_syntax(scan)?;
	Ok(ElementString { elements: element::check_pairings(elements)? })
}

/// The elements, each value checked, without the checks between AIs: what the peers' syntax
/// tests assert.
pub(crate) fn parse_syntax(scan: &[u8]) -> Result<Vec<Element>, Gs1Error> {
	let (offset, data) = unwrap_envelope(scan)?;
	if data.iter().all(|b| *b == GROUP_SEPARATOR) {
		return Err(Gs1Error::Empty);
	}
	if data[0] == b'(' {
		element::parse_bracketed(data, offset)
	} else {
		element::parse_raw(data, offset)
	}
}

/// The GS1 data inside a symbology identifier or an ISO/IEC 15434 format 05 envelope, and
/// the offset it starts at.
fn unwrap_envelope(scan: &[u8]) -> Result<(usize, &[u8]), Gs1Error> {
	const RS: u8 = 0x1e;
	const EOT: u8 = 0x04;
	let (offset, data) = strip_symbology_identifier(scan);
	let Some(envelope) = data.strip_prefix(b"[)>\x1e") else { return Ok((offset, data)) };
	let format: [u8; 2] = envelope.get(..2).and_then(|f| f.try_into().ok()).ok_or(Gs1Error::Malformed { position: offset + 5 })?;
	if &format != b"05" {
		return Err(Gs1Error::Envelope { format });
	}
	let body = envelope[2..].strip_prefix(&[GROUP_SEPARATOR]).ok_or(Gs1Error::Malformed { position: offset + 7 })?;
	let end = body.iter().position(|b| *b == RS).unwrap_or(body.len());
	if !body[end..].iter().all(|b| *b == RS || *b == EOT) {
		return Err(Gs1Error::Malformed { position: offset + 7 + end + 1 });
	}
	Ok((offset + 7, &body[..end]))
}

/// The data after a GS1 symbology identifier, and its length.
pub fn strip_symbology_identifier(scan: &[u8]) -> (usize, &[u8]) {
	for prefix in [&b"]d2"[..], b"]C1", b"]Q3", b"]e0", b"]J1"] {
		if let Some(rest) = scan.strip_prefix(prefix) {
			return (prefix.len(), rest);
		}
	}
	(0, scan)
}

/// Whether `byte` belongs to GS1's AI encodable character set 82.
pub fn is_cset82(byte: u8) -> bool {
	matches!(byte,
		b'!' | b'"' | b'%'..=b'?' | b'A'..=b'Z' | b'_' | b'a'..=b'z')
}
