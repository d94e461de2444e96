//! The GS1 application identifier table: every AI of the GS1 Barcode Syntax Dictionary, with
//! its components, the linters that check them, the AIs it requires or excludes and its GS1
//! Digital Link role. `build.rs` generates it from `gs1/syntax-dictionary.txt`, so the
//! dictionary is the one place an AI's format is written.

/// A component's character set.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Charset {
	/// `N`: digits.
	Numeric,
	/// `X`: GS1 AI encodable character set 82.
	Cset82,
	/// `Y`: character set 39 (`#`, `-`, `/`, digits, capitals).
	Cset39,
	/// `Z`: URI-safe base64, with `=` only as padding.
	Cset64,
}

/// A check the dictionary names on a component (the syntax engine's "linters").
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Linter {
	Csum,
	CsumAlpha,
	GcpPos1,
	GcpPos2,
	HasNonDigit,
	Hour,
	Minute,
	Second,
	HourMinute,
	Yymmdd,
	Yymmd0,
	Yyyymmdd,
	Yyyymmd0,
	Iso3166,
	Iso3166Or999,
	Iso3166Alpha2,
	Iso4217,
	Iso5218,
	Iban,
	ImporterIndex,
	Latitude,
	Longitude,
	MediaType,
	NonZero,
	Zero,
	NoZeroPrefix,
	Winding,
	PackageType,
	PercentEncoded,
	PieceOfTotal,
	PositionInSequence,
	YesNo,
	Hyphen,
	/// North American coupon codes: their character set and length are checked, not their
	/// inner structure (no healthcare pack carries one).
	CouponCode,
	CouponPositiveOffer,
}

/// One part of an AI's value: `N13,csum` or an optional `[X..17]`.
#[derive(PartialEq, Eq, Debug)]
pub struct Component {
	pub charset: Charset,
	pub min: u8,
	pub max: u8,
	/// In brackets in the dictionary: may be left out, from the end.
	pub optional: bool,
	pub linters: &'static [Linter],
}

/// One application identifier.
#[derive(PartialEq, Eq, Debug)]
pub struct AiEntry {
	/// Its digits, as written: `"01"`, `"3103"`.
	pub ai: &'static str,
	/// The same as a number.
	pub number: u16,
	/// Under a prefix of predefined length: never followed by a GS.
	pub predefined_length: bool,
	/// May be a GS1 Digital Link query-string attribute.
	pub dl_attribute: bool,
	pub components: &'static [Component],
	/// Each entry must hold (they are ANDed); an entry holds if one of its alternatives does,
	/// and an alternative holds if every AI pattern in it is present (`n` matches a digit).
	pub requires: &'static [&'static [&'static [&'static str]]],
	/// AI patterns that may not appear with this one.
	pub excludes: &'static [&'static str],
	/// A Digital Link primary key: its alternative sequences of key qualifiers, in order.
	pub dl_key: Option<&'static [&'static [&'static str]]>,
	pub title: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/gs1_ai_table.rs"));

impl AiEntry {
	/// The shortest value: the mandatory components at their shortest.
	pub fn min_length(&self) -> usize {
		self.components.iter().filter(|c| !c.optional).map(|c| usize::from(c.min)).sum()
	}

	/// The longest value.
	pub fn max_length(&self) -> usize {
		self.components.iter().map(|c| usize::from(c.max)).sum()
	}
}

/// The entry for exactly these AI digits.
pub fn lookup(ai: &[u8]) -> Option<&'static AiEntry> {
	let ai = core::str::from_utf8(ai).ok()?;
	AI_TABLE.binary_search_by(|e| e.ai.cmp(ai)).ok().map(|i| &AI_TABLE[i])
}

/// The AI that starts `data` (AIs are prefix-free, 2 to 4 digits).
pub fn lookup_prefix(data: &[u8]) -> Option<&'static AiEntry> {
	(2..=4).filter(|n| data.len() >= *n).find_map(|n| lookup(&data[..n]))
}

/// Whether `ai` matches a dictionary pattern, where `n` stands for any digit.
pub fn matches(pattern: &str, ai: &str) -> bool {
	pattern.len() == ai.len() && pattern.bytes().zip(ai.bytes()).all(|(p, a)| p == a || (p == b'n' && a.is_ascii_digit()))
}

/// Whether a code is in one of the sorted code lists.
pub(crate) fn listed(list: &[&str], code: &[u8]) -> bool {
	core::str::from_utf8(code).is_ok_and(|code| list.binary_search(&code).is_ok())
}
