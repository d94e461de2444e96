//! The checks the GS1 Barcode Syntax Dictionary names on components ("linters"), each written
//! from the rule it states: check digits, dates and times, code lists, and value rules.

use super::table::{self, Linter};
use crate::identifiers::gs1_check_digit;

/// What a linter found wrong, at an offset in the component.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Fault {
	CheckDigit,
	Date,
	Rule(&'static str),
}

type Outcome = Result<(), (usize, Fault)>;

/// Runs one linter on one component.
pub(crate) fn lint(linter: Linter, value: &[u8]) -> Outcome {
	use Linter::*;
	let rule = |offset: usize, text: &'static str| Err((offset, Fault::Rule(text)));
	match linter {
		Csum => match value.split_last() {
			Some((last, body)) if gs1_check_digit(body) == Some(last.wrapping_sub(b'0')) => Ok(()),
			_ => Err((value.len().saturating_sub(1), Fault::CheckDigit)),
		},
		CsumAlpha => check_pair(value),
		GcpPos1 => company_prefix(value, 0),
		GcpPos2 => company_prefix(value, 1),
		HasNonDigit if value.iter().all(u8::is_ascii_digit) => rule(0, "must contain a character that is not a digit"),
		Hour if number(value) > 23 => rule(0, "an hour is 00 to 23"),
		Minute if number(value) > 59 => rule(0, "a minute is 00 to 59"),
		Second if number(value) > 59 => rule(0, "a second is 00 to 59"),
		HourMinute if value.len() != 4 || number(&value[..2]) > 23 || number(&value[2..]) > 59 =>
			rule(0, "a time is HHMM, 0000 to 2359"),
		Yymmdd => date(value, 2, false),
		Yymmd0 => date(value, 2, true),
		Yyyymmdd => date(value, 4, false),
		Yyyymmd0 => date(value, 4, true),
		Iso3166 if !table::listed(&table::ISO3166, value) => rule(0, "not an ISO 3166 numeric country code"),
		Iso3166Or999 if value != b"999" && !table::listed(&table::ISO3166, value) =>
			rule(0, "not an ISO 3166 numeric country code or 999"),
		Iso3166Alpha2 if !table::listed(&table::ISO3166_ALPHA2, value) => rule(0, "not an ISO 3166 two-letter country code"),
		Iso4217 if !table::listed(&table::ISO4217, value) => rule(0, "not an ISO 4217 numeric currency code"),
		Iso5218 if !matches!(value, b"0" | b"1" | b"2" | b"9") => rule(0, "a sex code (ISO/IEC 5218) is 0, 1, 2 or 9"),
		Iban => iban(value),
		ImporterIndex if !matches!(value, [b'-' | b'0'..=b'9' | b'A'..=b'Z' | b'_' | b'a'..=b'z']) =>
			rule(0, "an importer index is one of - 0-9 A-Z _ a-z"),
		Latitude if number(value) > 1_800_000_000 => rule(0, "a latitude is at most 1800000000 (90° north)"),
		Longitude if number(value) > 3_600_000_000 => rule(0, "a longitude is at most 3600000000 (180° east)"),
		MediaType if !table::listed(&table::MEDIA_TYPES, value) => rule(0, "not a GS1 AIDC media type"),
		NonZero if value.iter().all(|b| *b == b'0') => rule(0, "may not be zero"),
		Zero if value != b"0" => rule(0, "must be 0"),
		NoZeroPrefix if value.first() == Some(&b'0') => rule(0, "may not start with 0"),
		Winding if !matches!(value, b"0" | b"1" | b"9") => rule(0, "a winding direction is 0, 1 or 9"),
		PackageType if !table::listed(&table::PACKAGE_TYPES, value) => rule(0, "not a UN/ECE Recommendation 21 package type"),
		PercentEncoded => percent_encoded(value),
		PieceOfTotal => piece_of_total(value),
		PositionInSequence => position_in_sequence(value),
		YesNo if !matches!(value, b"0" | b"1") => rule(0, "must be 0 (no) or 1 (yes)"),
		Hyphen if value.iter().any(|b| *b != b'-') => rule(0, "only - may stand here"),
		_ => Ok(()),
	}
}

/// A value of digits as a number (the callers checked they are digits and at most 10).
fn number(digits: &[u8]) -> u64 {
	digits.iter().fold(0, |n, d| n * 10 + u64::from(d.wrapping_sub(b'0')))
}

fn company_prefix(value: &[u8], from: usize) -> Outcome {
	match value.get(from..from + 4) {
		Some(prefix) if prefix.iter().all(u8::is_ascii_digit) => Ok(()),
		_ => Err((from, Fault::Rule("must start with a GS1 Company Prefix (at least 4 digits)"))),
	}
}

/// `YYMMDD` or `YYYYMMDD`; with `day_zero`, day 00 ("the month") is allowed. A two-digit year is
/// a leap year when divisible by four: true of every year GS1's sliding window can give it
/// between 1901 and 2099.
fn date(value: &[u8], year_digits: usize, day_zero: bool) -> Outcome {
	if value.len() != year_digits + 4 {
		return Err((0, Fault::Date));
	}
	let year = number(&value[..year_digits]);
	let month = number(&value[year_digits..year_digits + 2]);
	let day = number(&value[year_digits + 2..]);
	let leap = if year_digits == 2 {
		year.is_multiple_of(4)
	} else {
		year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
	};
	let days = match month {
		1..=12 => super::days_in_month(if leap { 2000 } else { 2001 }, month as u8),
		_ => return Err((year_digits, Fault::Date)),
	};
	if day > u64::from(days) || (day == 0 && !day_zero) {
		return Err((year_digits + 2, Fault::Date));
	}
	Ok(())
}

/// GS1's alphanumeric check-character pair: each character before the pair weighs its place in
/// set 82 times a prime (2, 3, 5… from the right); the sum modulo 1021 gives two characters of
/// a 32-character set.
fn check_pair(value: &[u8]) -> Outcome {
	const SET32: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
	const SET82: &[u8] = b"!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
	if value.len() < 2 {
		return Err((0, Fault::Rule("too short for a check-character pair")));
	}
	let body = &value[..value.len() - 2];
	let mut sum: u64 = 0;
	let mut primes = Primes::default();
	let mut weights = alloc::vec::Vec::with_capacity(body.len());
	for _ in body {
		weights.push(primes.next_prime());
	}
	for (i, byte) in body.iter().enumerate() {
		let place = SET82.iter().position(|c| c == byte).ok_or((i, Fault::Rule("not in GS1 character set 82")))?;
		sum += place as u64 * weights[body.len() - 1 - i];
	}
	let sum = (sum % 1021) as usize;
	if value[value.len() - 2..] != [SET32[sum >> 5], SET32[sum & 31]] {
		return Err((value.len() - 2, Fault::CheckDigit));
	}
	Ok(())
}

/// The primes from 2, one after the other.
#[derive(Default)]
struct Primes(u64);

impl Primes {
	fn next_prime(&mut self) -> u64 {
		let mut candidate = self.0.max(1) + 1;
		while (2..candidate).take_while(|d| d * d <= candidate).any(|d| candidate.is_multiple_of(d)) {
			candidate += 1;
		}
		self.0 = candidate;
		candidate
	}
}

/// An IBAN: a listed country, two check digits, and the whole, rearranged, 1 modulo 97.
fn iban(value: &[u8]) -> Outcome {
	if value.len() < 5 || value.len() > 34 {
		return Err((0, Fault::Rule("an IBAN has 5 to 34 characters")));
	}
	if !table::listed(&table::ISO3166_ALPHA2, &value[..2]) {
		return Err((0, Fault::Rule("an IBAN starts with an ISO 3166 country code")));
	}
	let mut remainder: u64 = 0;
	for (i, byte) in value[4..].iter().chain(&value[..4]).enumerate() {
		let digit = match byte {
			b'0'..=b'9' => u64::from(byte - b'0'),
			b'A'..=b'Z' => u64::from(byte - b'A') + 10,
			_ => return Err(((i + 4) % value.len(), Fault::Rule("an IBAN holds digits and capitals only"))),
		};
		remainder = (remainder * if digit < 10 { 10 } else { 100 } + digit) % 97;
	}
	if remainder != 1 {
		return Err((2, Fault::CheckDigit));
	}
	Ok(())
}

fn percent_encoded(value: &[u8]) -> Outcome {
	for (i, byte) in value.iter().enumerate() {
		if *byte == b'%' && !value.get(i + 1..i + 3).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)) {
			return Err((i, Fault::Rule("% must be followed by two hexadecimal digits")));
		}
	}
	Ok(())
}

/// `PPTT`: piece P of T, both non-zero, P ≤ T, of equal width.
fn piece_of_total(value: &[u8]) -> Outcome {
	let half = value.len() / 2;
	if value.is_empty() || !value.len().is_multiple_of(2) {
		return Err((0, Fault::Rule("a piece and a total of the same width")));
	}
	let (piece, total) = value.split_at(half);
	if number(piece) == 0 || number(total) == 0 {
		return Err((0, Fault::Rule("neither the piece nor the total may be zero")));
	}
	if number(piece) > number(total) {
		return Err((0, Fault::Rule("the piece number exceeds the total")));
	}
	Ok(())
}

/// `POS/END`: digits, a slash, digits, neither with a leading zero, POS ≤ END.
fn position_in_sequence(value: &[u8]) -> Outcome {
	let malformed = Err((0, Fault::Rule("a position in a sequence is POSITION/END")));
	let Some(slash) = value.iter().position(|b| *b == b'/') else { return malformed };
	let (position, end) = (&value[..slash], &value[slash + 1..]);
	if position.is_empty() || end.is_empty() || !position.iter().chain(end).all(u8::is_ascii_digit) || end.len() > 18 || position.len() > 18 {
		return malformed;
	}
	if position[0] == b'0' || end[0] == b'0' {
		return Err((0, Fault::Rule("a position or end may not start with 0")));
	}
	if number(position) > number(end) {
		return Err((0, Fault::Rule("the position exceeds the end")));
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn check_pairs_and_ibans() {
		// The GS1 General Specifications' example of (8013) with its check pair.
		assert_eq!(check_pair(b"1987654Ad4X4bL5ttr2310c2K"), Ok(()));
		assert_eq!(check_pair(b"1987654Ad4X4bL5ttr2310c2L"), Err((23, Fault::CheckDigit)));
		assert_eq!(iban(b"GB82WEST12345698765432"), Ok(()));
		assert_eq!(iban(b"GB83WEST12345698765432"), Err((2, Fault::CheckDigit)));
	}

	#[test]
	fn dates_times_and_lists() {
		assert_eq!(date(b"240229", 2, false), Ok(()));
		assert_eq!(date(b"250229", 2, false), Err((4, Fault::Date)));
		assert_eq!(date(b"250200", 2, true), Ok(()));
		assert_eq!(date(b"250200", 2, false), Err((4, Fault::Date)));
		assert_eq!(date(b"21000229", 4, false), Err((6, Fault::Date)));
		assert!(lint(Linter::HourMinute, b"2359").is_ok());
		assert!(lint(Linter::HourMinute, b"2400").is_err());
		assert!(lint(Linter::Iso3166, b"156").is_ok());
		assert!(lint(Linter::Iso3166, b"261").is_err());
		assert!(lint(Linter::Iso4217, b"156").is_ok());
		assert!(lint(Linter::PieceOfTotal, b"0203").is_ok());
		assert!(lint(Linter::PieceOfTotal, b"0302").is_err());
		assert!(lint(Linter::PositionInSequence, b"2/10").is_ok());
		assert!(lint(Linter::PositionInSequence, b"11/10").is_err());
	}
}
