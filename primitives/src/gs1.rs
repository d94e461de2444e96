//! GS1 element strings as scanners deliver them (GS1 DataMatrix, GS1-128, GS1 QR).
//!
//! Accepted forms of the same data:
//!
//! - raw, as the symbol encodes it: `01 09521234543213 17 251231 10 ABC123 ␝ 21 XYZ` (spaces
//!   added here for reading), with ASCII 29 (GS, `␝`) after a variable-length field that is not
//!   last;
//! - prefixed with a symbology identifier: `]d2` (DataMatrix), `]C1` (GS1-128), `]Q3` (QR),
//!   `]e0` (DataBar);
//! - human-readable, with bracketed AIs: `(01)09521234543213(17)251231(10)ABC123(21)XYZ`.
//!
//! Supported application identifiers: (00) SSCC, (01) GTIN, (02) GTIN of contained items,
//! (10) lot, (11) production date, (17) expiry date, (21) serial. Any other AI is refused by
//! name and position, so a scan never silently loses data. GTIN and SSCC check digits are
//! verified; dates must name a real day, where day `00` means the last day of the month.

use crate::identifiers::gs1_check_digit;

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

/// What a GS1 element string says, borrowed from the scanned bytes.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct ElementString<'a> {
	/// (00) Serial Shipping Container Code, 18 digits.
	pub sscc: Option<&'a [u8; 18]>,
	/// (01) GTIN of the trade item, 14 digits.
	pub gtin: Option<&'a [u8; 14]>,
	/// (02) GTIN of the trade items contained in a logistic unit.
	pub content_gtin: Option<&'a [u8; 14]>,
	/// (10) Lot (batch) number, 1–20 characters.
	pub lot: Option<&'a [u8]>,
	/// (11) Production date.
	pub production_date: Option<Gs1Date>,
	/// (17) Expiry date.
	pub expiry: Option<Gs1Date>,
	/// (21) Serial number, 1–20 characters.
	pub serial: Option<&'a [u8]>,
}

/// Why a scan is not a valid GS1 element string. `position` counts bytes from 1 in the string
/// as scanned (including any symbology identifier).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Gs1Error {
	/// Nothing to parse.
	Empty,
	/// An application identifier this parser does not support (its digits are given).
	UnsupportedAi { ai: [u8; 4], position: usize },
	/// The data ends inside an AI or a fixed-length field.
	Truncated { ai: u16, position: usize },
	/// A character not allowed in the field (digits only, or GS1 character set 82).
	InvalidCharacter { ai: u16, position: usize },
	/// A variable-length field is empty or longer than allowed.
	BadLength { ai: u16, position: usize, max: usize },
	/// A GTIN or SSCC check digit is wrong.
	CheckDigit { ai: u16, position: usize },
	/// A date names no real day (month 13, 31 April, 30 February…).
	InvalidDate { ai: u16, position: usize },
	/// The same AI appears twice.
	RepeatedAi { ai: u16, position: usize },
	/// A bracketed AI is not closed, or text stands outside any AI.
	Malformed { position: usize },
}

/// Whether `byte` belongs to GS1's AI encodable character set 82.
pub fn is_cset82(byte: u8) -> bool {
	matches!(byte,
		b'!' | b'"' | b'%'..=b'?' | b'A'..=b'Z' | b'_' | b'a'..=b'z')
}

/// How a supported AI's value is laid out.
#[derive(Clone, Copy)]
enum Field {
	/// Exactly this many digits, with a GS1 check digit.
	DigitsWithCheck(usize),
	/// A `YYMMDD` date.
	Date,
	/// 1 to `MAX_LOT_OR_SERIAL` characters of set 82, ended by GS or the end of the data.
	Text,
}

/// The supported AI starting `data`, as (AI number, AI length in digits, field).
fn lookup_ai(data: &[u8]) -> Option<(u16, usize, Field)> {
	let two = data.get(..2)?;
	let found = match two {
		b"00" => (0, Field::DigitsWithCheck(18)),
		b"01" => (1, Field::DigitsWithCheck(14)),
		b"02" => (2, Field::DigitsWithCheck(14)),
		b"10" => (10, Field::Text),
		b"11" => (11, Field::Date),
		b"17" => (17, Field::Date),
		b"21" => (21, Field::Text),
		_ => return None,
	};
	Some((found.0, 2, found.1))
}

/// Parses a scanned GS1 element string in any of the forms the module describes.
pub fn parse_element_string(scan: &[u8]) -> Result<ElementString<'_>, Gs1Error> {
	let (offset, data) = strip_symbology_identifier(scan);
	if data.is_empty() {
		return Err(Gs1Error::Empty);
	}
	let mut out = ElementString::default();
	if data[0] == b'(' {
		parse_bracketed(data, offset, &mut out)?;
	} else {
		parse_raw(data, offset, &mut out)?;
	}
	Ok(out)
}

fn strip_symbology_identifier(scan: &[u8]) -> (usize, &[u8]) {
	for prefix in [&b"]d2"[..], b"]C1", b"]Q3", b"]e0"] {
		if let Some(rest) = scan.strip_prefix(prefix) {
			return (prefix.len(), rest);
		}
	}
	(0, scan)
}

/// The raw form: AIs without brackets, GS after variable-length fields.
fn parse_raw<'a>(data: &'a [u8], offset: usize, out: &mut ElementString<'a>) -> Result<(), Gs1Error> {
	let mut at = 0;
	while at < data.len() {
		if data[at] == GROUP_SEPARATOR {
			// Tolerated after fixed-length fields too, as many printers emit one.
			at += 1;
			continue;
		}
		let position = offset + at + 1;
		let (ai, ai_len, field) = lookup_ai(&data[at..]).ok_or_else(|| unsupported(&data[at..], position))?;
		let value_start = at + ai_len;
		let value_end = match field {
			Field::DigitsWithCheck(n) => value_start + n,
			Field::Date => value_start + 6,
			Field::Text => data[value_start..]
				.iter()
				.position(|b| *b == GROUP_SEPARATOR)
				.map_or(data.len(), |i| value_start + i),
		};
		let value = data.get(value_start..value_end).ok_or(Gs1Error::Truncated { ai, position })?;
		store(ai, field, value, offset + value_start + 1, out)?;
		at = value_end;
	}
	Ok(())
}

/// The human-readable form: `(AI)value(AI)value…`.
fn parse_bracketed<'a>(data: &'a [u8], offset: usize, out: &mut ElementString<'a>) -> Result<(), Gs1Error> {
	let mut at = 0;
	while at < data.len() {
		let position = offset + at + 1;
		if data[at] != b'(' {
			return Err(Gs1Error::Malformed { position });
		}
		let close = data[at..].iter().position(|b| *b == b')').ok_or(Gs1Error::Malformed { position })? + at;
		let ai_digits = &data[at + 1..close];
		let (ai, ai_len, field) = lookup_ai(ai_digits)
			.filter(|(_, len, _)| *len == ai_digits.len())
			.ok_or_else(|| unsupported(ai_digits, position + 1))?;
		debug_assert_eq!(ai_len, ai_digits.len());
		let value_start = close + 1;
		let value_end = data[value_start..].iter().position(|b| *b == b'(').map_or(data.len(), |i| value_start + i);
		let value = &data[value_start..value_end];
		let expected = match field {
			Field::DigitsWithCheck(n) => Some(n),
			Field::Date => Some(6),
			Field::Text => None,
		};
		if let Some(n) = expected {
			if value.len() < n {
				return Err(Gs1Error::Truncated { ai, position });
			}
			if value.len() > n {
				return Err(Gs1Error::Malformed { position: offset + value_start + n + 1 });
			}
		}
		store(ai, field, value, offset + value_start + 1, out)?;
		at = value_end;
	}
	Ok(())
}

fn unsupported(data: &[u8], position: usize) -> Gs1Error {
	let mut ai = [b' '; 4];
	for (slot, byte) in ai.iter_mut().zip(data.iter().take(4)) {
		*slot = *byte;
	}
	if data.first().is_some_and(|b| !b.is_ascii_digit()) {
		return Gs1Error::Malformed { position };
	}
	Gs1Error::UnsupportedAi { ai, position }
}

/// Validates one field's value (`position` is where the value starts) and records it.
fn store<'a>(
	ai: u16,
	field: Field,
	value: &'a [u8],
	position: usize,
	out: &mut ElementString<'a>,
) -> Result<(), Gs1Error> {
	let bad_char = |i: usize| Gs1Error::InvalidCharacter { ai, position: position + i };
	match field {
		Field::DigitsWithCheck(n) => {
			if let Some(i) = value.iter().position(|b| !b.is_ascii_digit()) {
				return Err(bad_char(i));
			}
			let check = gs1_check_digit(&value[..n - 1]).expect("all digits, checked above; qed");
			if value[n - 1] - b'0' != check {
				return Err(Gs1Error::CheckDigit { ai, position: position + n - 1 });
			}
		},
		Field::Date => {
			if let Some(i) = value.iter().position(|b| !b.is_ascii_digit()) {
				return Err(bad_char(i));
			}
		},
		Field::Text => {
			if value.is_empty() || value.len() > MAX_LOT_OR_SERIAL {
				return Err(Gs1Error::BadLength { ai, position, max: MAX_LOT_OR_SERIAL });
			}
			if let Some(i) = value.iter().position(|b| !is_cset82(*b)) {
				return Err(bad_char(i));
			}
		},
	}
	let repeated = Gs1Error::RepeatedAi { ai, position };
	match ai {
		0 => set(&mut out.sscc, value.try_into().expect("18 digits, by the table; qed"), repeated),
		1 => set(&mut out.gtin, value.try_into().expect("14 digits, by the table; qed"), repeated),
		2 => set(&mut out.content_gtin, value.try_into().expect("14 digits, by the table; qed"), repeated),
		10 => set(&mut out.lot, value, repeated),
		11 => set(&mut out.production_date, parse_date(ai, value, position)?, repeated),
		17 => set(&mut out.expiry, parse_date(ai, value, position)?, repeated),
		21 => set(&mut out.serial, value, repeated),
		_ => unreachable!("lookup_ai only yields the AIs matched here; qed"),
	}
}

fn set<T>(slot: &mut Option<T>, value: T, repeated: Gs1Error) -> Result<(), Gs1Error> {
	if slot.is_some() {
		return Err(repeated);
	}
	*slot = Some(value);
	Ok(())
}

fn parse_date(ai: u16, value: &[u8], position: usize) -> Result<Gs1Date, Gs1Error> {
	let two = |i: usize| (value[i] - b'0') * 10 + (value[i + 1] - b'0');
	let date = Gs1Date { yy: two(0), month: two(2), day: two(4) };
	// February 29th is valid in any year that could be a leap year: the century is resolved
	// later against the current year, and 2000 and 2100 differ.
	let max_day = if date.month == 2 { 29 } else { days_in_month(2000, date.month) };
	if !(1..=12).contains(&date.month) || date.day > max_day {
		return Err(Gs1Error::InvalidDate { ai, position });
	}
	Ok(date)
}

#[cfg(test)]
mod tests {
	use super::*;
	use proptest::prelude::*;

	const GS: char = '\u{1d}';

	#[test]
	fn raw_datamatrix_with_symbology_identifier() {
		let scan = format!("]d201095212345432131725123110ABC123{GS}21XYZ-0001");
		let parsed = parse_element_string(scan.as_bytes()).unwrap();
		assert_eq!(parsed.gtin, Some(b"09521234543213"));
		assert_eq!(parsed.expiry, Some(Gs1Date { yy: 25, month: 12, day: 31 }));
		assert_eq!(parsed.lot, Some(&b"ABC123"[..]));
		assert_eq!(parsed.serial, Some(&b"XYZ-0001"[..]));
	}

	#[test]
	fn the_same_data_in_every_form_parses_alike() {
		let raw = format!("010952123454321321XYZ{GS}10ABC123{GS}17251231");
		let bracketed = "(01)09521234543213(21)XYZ(10)ABC123(17)251231";
		for scan in [raw.clone(), format!("]C1{raw}"), format!("]Q3{raw}"), bracketed.to_string()] {
			let parsed = parse_element_string(scan.as_bytes()).unwrap();
			assert_eq!(parsed.gtin, Some(b"09521234543213"), "{scan}");
			assert_eq!(parsed.serial, Some(&b"XYZ"[..]), "{scan}");
			assert_eq!(parsed.lot, Some(&b"ABC123"[..]), "{scan}");
			assert_eq!(parsed.expiry.map(|d| d.as_yyyymmdd(2026)), Some(20251231), "{scan}");
		}
	}

	#[test]
	fn sscc_of_a_pallet() {
		let parsed = parse_element_string(b"00006141411234567890").unwrap();
		assert_eq!(parsed.sscc, Some(b"006141411234567890"));
		assert_eq!(
			parse_element_string(b"00006141411234567891"),
			Err(Gs1Error::CheckDigit { ai: 0, position: 20 })
		);
	}

	#[test]
	fn day_zero_is_the_last_day_of_the_month() {
		let parsed = parse_element_string(b"(17)240200").unwrap().expiry.unwrap();
		assert_eq!(parsed.as_yyyymmdd(2026), 20240229);
		let parsed = parse_element_string(b"(17)250200").unwrap().expiry.unwrap();
		assert_eq!(parsed.as_yyyymmdd(2026), 20250228);
		let parsed = parse_element_string(b"(17)250400").unwrap().expiry.unwrap();
		assert_eq!(parsed.as_yyyymmdd(2026), 20250430);
	}

	#[test]
	fn centuries_follow_the_gs1_sliding_window() {
		let date = |yy| Gs1Date { yy, month: 1, day: 1 };
		assert_eq!(date(26).year(2026), 2026);
		assert_eq!(date(76).year(2026), 2076);
		assert_eq!(date(77).year(2026), 1977);
		assert_eq!(date(2).year(2098), 2102);
	}

	#[test]
	fn errors_say_what_and_where() {
		// A wrong GTIN check digit: the 14th digit of the value, after `]d2` and `01`.
		assert_eq!(
			parse_element_string(b"]d20109521234543214"),
			Err(Gs1Error::CheckDigit { ai: 1, position: 19 })
		);
		assert_eq!(parse_element_string(b"01095212345432"), Err(Gs1Error::Truncated { ai: 1, position: 1 }));
		// Brackets in the middle of a raw string: text outside any AI.
		assert_eq!(parse_element_string(b"0109521234543213(17)251231"), Err(Gs1Error::Malformed { position: 17 }));
		assert_eq!(
			parse_element_string(b"01095212345432131725133110A"),
			Err(Gs1Error::InvalidDate { ai: 17, position: 19 })
		);
		assert_eq!(
			parse_element_string(b"21123456789012345678901"),
			Err(Gs1Error::BadLength { ai: 21, position: 3, max: 20 })
		);
		assert_eq!(
			parse_element_string("21AB\u{e9}".as_bytes()),
			Err(Gs1Error::InvalidCharacter { ai: 21, position: 5 })
		);
		assert_eq!(
			parse_element_string(b"0109521234543213400123"),
			Err(Gs1Error::UnsupportedAi { ai: *b"4001", position: 17 })
		);
		assert_eq!(
			parse_element_string(format!("21A{GS}21B").as_bytes()),
			Err(Gs1Error::RepeatedAi { ai: 21, position: 7 })
		);
		assert_eq!(parse_element_string(b"(01)0952123454321"), Err(Gs1Error::Truncated { ai: 1, position: 1 }));
		assert_eq!(parse_element_string(b"(01"), Err(Gs1Error::Malformed { position: 1 }));
		assert_eq!(parse_element_string(b"]d2"), Err(Gs1Error::Empty));
	}

	fn cset82_text() -> impl Strategy<Value = String> {
		proptest::collection::vec(
			proptest::sample::select(b"!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz".to_vec()),
			1..=20,
		)
		.prop_map(|bytes| String::from_utf8(bytes).unwrap())
	}

	proptest! {
		#[test]
		fn encoded_then_parsed_gives_back_the_data(
			body in "[0-9]{13}",
			lot in cset82_text(),
			serial in cset82_text(),
			month in 1u8..=12,
			day in 0u8..=28,
		) {
			let gtin = format!("{body}{}", gs1_check_digit(body.as_bytes()).unwrap());
			let raw = format!("]d201{gtin}17{:02}{month:02}{day:02}10{lot}{GS}21{serial}", 27);
			let parsed = parse_element_string(raw.as_bytes()).unwrap();
			prop_assert_eq!(parsed.gtin.map(|g| &g[..]), Some(gtin.as_bytes()));
			prop_assert_eq!(parsed.lot, Some(lot.as_bytes()));
			prop_assert_eq!(parsed.serial, Some(serial.as_bytes()));
			prop_assert_eq!(parsed.expiry, Some(Gs1Date { yy: 27, month, day }));
		}

		#[test]
		fn no_input_makes_the_parser_panic(scan in proptest::collection::vec(any::<u8>(), 0..64)) {
			let _ = parse_element_string(&scan);
		}
	}
}
