//! Official identifiers of organisations, with their check characters.
//!
//! - The **unified social credit code** (统一社会信用代码, GB 32100-2015): 18 characters from
//!   `0-9 A-H J-N P-R T U W-Y`, the last a check character computed modulo 31.
//! - The **GS1 Global Location Number** (GLN): 13 digits, the last a GS1 check digit.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Why an identifier is not acceptable. `position` counts characters from 1.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum IdentifierError {
	/// The identifier has the wrong number of characters.
	WrongLength { expected: usize, found: usize },
	/// A character outside the identifier's character set.
	InvalidCharacter { position: usize },
	/// The check character does not match the rest.
	CheckCharacterMismatch { expected: u8, found: u8 },
}

/// The GS1 check digit of `body` (the digits before the check digit), or `None` if a byte is not
/// an ASCII digit. From the right, digits are weighted 3, 1, 3, 1…; the check digit brings the
/// weighted sum to a multiple of ten. Serves GTIN-8/12/13/14, GLN and SSCC alike.
pub fn gs1_check_digit(body: &[u8]) -> Option<u8> {
	let mut sum: u32 = 0;
	for (i, byte) in body.iter().rev().enumerate() {
		if !byte.is_ascii_digit() {
			return None;
		}
		let weight = if i % 2 == 0 { 3 } else { 1 };
		sum += u32::from(byte - b'0') * weight;
	}
	Some(((10 - sum % 10) % 10) as u8)
}

/// A validated GS1 Global Location Number: 13 ASCII digits with a correct check digit.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct Gln(pub [u8; 13]);

impl Gln {
	/// Parses and validates a GLN.
	pub fn parse(text: &[u8]) -> Result<Self, IdentifierError> {
		let digits: [u8; 13] = text
			.try_into()
			.map_err(|_| IdentifierError::WrongLength { expected: 13, found: text.len() })?;
		if let Some(i) = digits.iter().position(|b| !b.is_ascii_digit()) {
			return Err(IdentifierError::InvalidCharacter { position: i + 1 });
		}
		let expected = gs1_check_digit(&digits[..12]).expect("all 13 bytes are ASCII digits; qed");
		let found = digits[12] - b'0';
		if expected != found {
			return Err(IdentifierError::CheckCharacterMismatch {
				expected: b'0' + expected,
				found: digits[12],
			});
		}
		Ok(Gln(digits))
	}

	/// The GLN's digits.
	pub fn as_str(&self) -> &str {
		core::str::from_utf8(&self.0).expect("a Gln holds ASCII digits only; qed")
	}
}

/// The characters of a unified social credit code, in the order of their numeric values.
const CREDIT_CODE_CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// The weights of the first 17 characters (3^i mod 31).
const CREDIT_CODE_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// A validated unified social credit code (GB 32100-2015): 18 characters, upper case.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct CreditCode(pub [u8; 18]);

impl CreditCode {
	/// Parses and validates a unified social credit code. Lower-case letters are refused:
	/// the code is printed in upper case and is compared byte for byte.
	pub fn parse(text: &[u8]) -> Result<Self, IdentifierError> {
		let chars: [u8; 18] = text
			.try_into()
			.map_err(|_| IdentifierError::WrongLength { expected: 18, found: text.len() })?;
		if let Some(i) = chars.iter().position(|c| !CREDIT_CODE_CHARSET.contains(c)) {
			return Err(IdentifierError::InvalidCharacter { position: i + 1 });
		}
		let body: &[u8; 17] = chars[..17].try_into().expect("18 characters hold a 17-character body; qed");
		let expected = Self::from_body(body).expect("every character is in the character set; qed").0[17];
		if expected != chars[17] {
			return Err(IdentifierError::CheckCharacterMismatch { expected, found: chars[17] });
		}
		Ok(CreditCode(chars))
	}

	/// Completes the first 17 characters with their check character; `None` if one of them is
	/// outside the character set. For tests, benchmarks and tools that mint codes.
	pub fn from_body(body: &[u8; 17]) -> Option<Self> {
		let mut sum: u32 = 0;
		for (c, weight) in body.iter().zip(CREDIT_CODE_WEIGHTS) {
			sum += CREDIT_CODE_CHARSET.iter().position(|x| x == c)? as u32 * weight;
		}
		let mut code = [0u8; 18];
		code[..17].copy_from_slice(body);
		code[17] = CREDIT_CODE_CHARSET[((31 - sum % 31) % 31) as usize];
		Some(CreditCode(code))
	}

	/// The code's characters.
	pub fn as_str(&self) -> &str {
		core::str::from_utf8(&self.0).expect("a CreditCode holds ASCII characters only; qed")
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use proptest::prelude::*;

	#[test]
	fn gs1_check_digit_matches_the_published_examples() {
		assert_eq!(gs1_check_digit(b"0952123454321"), Some(3));
		assert_eq!(gs1_check_digit(b"00614141123456789"), Some(0));
		assert_eq!(gs1_check_digit(b"12a"), None);
	}

	#[test]
	fn gln_validates_length_characters_and_check_digit() {
		assert_eq!(Gln::parse(b"0614141000005").map(|g| g.0), Ok(*b"0614141000005"));
		assert_eq!(Gln::parse(b"061414100000"), Err(IdentifierError::WrongLength { expected: 13, found: 12 }));
		assert_eq!(Gln::parse(b"06141410000x5"), Err(IdentifierError::InvalidCharacter { position: 12 }));
		assert_eq!(
			Gln::parse(b"0614141000006"),
			Err(IdentifierError::CheckCharacterMismatch { expected: b'5', found: b'6' })
		);
	}

	#[test]
	fn credit_code_accepts_codes_printed_on_real_licences() {
		for code in ["91440300708461136T", "91110108551385082Q", "91330100799655058B", "91110000802100433B"] {
			assert_eq!(CreditCode::parse(code.as_bytes()).map(|c| c.0), Ok(code.as_bytes().try_into().unwrap()));
		}
	}

	#[test]
	fn credit_code_refuses_bad_input_precisely() {
		assert_eq!(
			CreditCode::parse(b"91440300708461136"),
			Err(IdentifierError::WrongLength { expected: 18, found: 17 })
		);
		// `I`, `O`, `S`, `V`, `Z` and lower case are outside the character set.
		assert_eq!(
			CreditCode::parse(b"9144030070846113IT"),
			Err(IdentifierError::InvalidCharacter { position: 17 })
		);
		assert_eq!(
			CreditCode::parse(b"91440300708461136t"),
			Err(IdentifierError::InvalidCharacter { position: 18 })
		);
		assert_eq!(
			CreditCode::parse(b"91440300708461136X"),
			Err(IdentifierError::CheckCharacterMismatch { expected: b'T', found: b'X' })
		);
	}

	#[test]
	fn from_body_completes_real_codes() {
		let code = CreditCode::from_body(b"91440300708461136").unwrap();
		assert_eq!(code.as_str(), "91440300708461136T");
		assert_eq!(CreditCode::from_body(b"9144030070846113I"), None);
	}

	proptest! {
		#[test]
		fn gln_with_computed_check_digit_always_parses(body in "[0-9]{12}") {
			let check = gs1_check_digit(body.as_bytes()).unwrap();
			let gln = format!("{body}{check}");
			prop_assert!(Gln::parse(gln.as_bytes()).is_ok());
			let wrong = format!("{body}{}", (check + 1) % 10);
			let refused = matches!(
				Gln::parse(wrong.as_bytes()),
				Err(IdentifierError::CheckCharacterMismatch { .. })
			);
			prop_assert!(refused);
		}

		#[test]
		fn any_single_character_change_of_a_credit_code_is_detected(
			pos in 0usize..17,
			replacement in 0usize..31,
		) {
			let code = *b"91440300708461136T";
			let mut altered = code;
			altered[pos] = CREDIT_CODE_CHARSET[replacement];
			prop_assume!(altered != code);
			prop_assert!(CreditCode::parse(&altered).is_err());
		}
	}
}
