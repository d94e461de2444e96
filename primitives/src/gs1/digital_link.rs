//! GS1 Digital Link URIs: `https://any.host/[any/stem/]01/{gtin}[/22/{cpv}][/10/{lot}][/21/{serial}][?17=YYMMDD&…]`.
//!
//! - The primary key is the rightmost `/AI/value` pair of the path whose AI is a Digital Link
//!   primary key in the table ((01), (00), (8006), (414), (253), …); what precedes it is the
//!   resolver's stem.
//! - Key qualifiers follow in their standard order, each at most once, from one of the key's
//!   sequences (for (01): (22), (10), (21), or (235) alone); out of order, repeated or foreign
//!   qualifiers are refused.
//! - Data attributes go in the query string, by AI number, for the AIs the table marks as
//!   attributes; an AI that belongs in the path as a qualifier is refused there, as is an AI
//!   given twice. Query keys that are not numbers (`linkType`, `context`) are for resolvers and
//!   ignored, as is the fragment.
//! - Values are percent-decoded (`+` is a space in the query) and then checked like any
//!   element string value; a GTIN-8, -12 or -13 under (01) is padded to 14 digits.
//! - Compressed Digital Links are refused by name: this chain does not decompress them.

use alloc::vec::Vec;

use super::{
	element::{check_pairings, check_value},
	table::{self, AiEntry},
	Element, ElementString, Gs1Error,
};

/// Why a Digital Link cannot be read. `position` counts bytes from 1 in the URI as delivered.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DigitalLinkError {
	/// The URI's structure is wrong at `position`.
	Malformed { position: usize, reason: &'static str },
	/// A value, or the AIs together, break the GS1 rules.
	Value(Gs1Error),
	/// A compressed GS1 Digital Link, which this chain does not read.
	Compressed,
}

impl From<Gs1Error> for DigitalLinkError {
	fn from(error: Gs1Error) -> Self {
		DigitalLinkError::Value(error)
	}
}

/// Whether the scan is meant as a Digital Link (an http or https URI).
pub fn is_digital_link(scan: &[u8]) -> bool {
	scheme_length(scan).is_some()
}

fn scheme_length(uri: &[u8]) -> Option<usize> {
	[&b"https://"[..], b"http://", b"HTTPS://", b"HTTP://"].into_iter().find(|s| uri.starts_with(s)).map(<[u8]>::len)
}

/// Parses a Digital Link that starts `offset` bytes into the scan (after a symbology
/// identifier).
pub fn parse(uri: &[u8], offset: usize) -> Result<ElementString, DigitalLinkError> {
	Ok(ElementString { elements: check_pairings(parse_syntax(uri, offset)?)? })
}

/// The link's elements, each value checked, without the checks between AIs.
pub(crate) fn parse_syntax(uri: &[u8], offset: usize) -> Result<Vec<Element>, DigitalLinkError> {
	let malformed = |at: usize, reason| DigitalLinkError::Malformed { position: offset + at + 1, reason };
	let scheme = scheme_length(uri).ok_or(malformed(0, "a Digital Link starts http:// or https://"))?;
	if let Some(i) = uri.iter().position(|b| !uri_character(*b)) {
		return Err(malformed(i, "a character a URI may not hold"));
	}
	let uri = &uri[..uri.iter().position(|b| *b == b'#').unwrap_or(uri.len())];
	let host_end = uri[scheme..].iter().position(|b| *b == b'/').map(|i| scheme + i).ok_or(malformed(uri.len(), "no path after the host"))?;
	if host_end == scheme || uri[scheme..host_end].iter().any(|b| b"_~?#@!$&'()*+,;=%".contains(b)) {
		return Err(malformed(scheme, "not a host name"));
	}
	let path_end = uri.iter().position(|b| *b == b'?').unwrap_or(uri.len());
	let segments = segments(&uri[host_end..path_end], host_end);

	if segments.len() > 1 && segments.last().is_some_and(|(s, _)| s.is_empty()) {
		return Err(malformed(path_end - 1, "a path AI without a value"));
	}
	let Some(key_at) = primary_key(&segments) else {
		return Err(if looks_compressed(&segments) {
			DigitalLinkError::Compressed
		} else {
			malformed(host_end, "no GS1 primary key (such as /01/ or /00/) in the path")
		});
	};
	let mut elements = Vec::new();
	let key = table::lookup(segments[key_at].0).expect("primary_key found it in the table; qed");
	for pair in segments[key_at..].chunks(2) {
		let [(ai, _), (value, at)] = pair else {
			return Err(if looks_compressed(&segments) {
				DigitalLinkError::Compressed
			} else {
				malformed(pair[0].1, "a path AI without a value")
			});
		};
		let entry = table::lookup(ai).ok_or(malformed(pair[0].1, "not a GS1 AI"))?;
		elements.push(element(entry, decode(value, false).ok_or(malformed(*at, "a bad %-escape or an empty value"))?, offset + at + 1)?);
	}
	let qualifiers: Vec<&str> = elements[1..].iter().map(|e| e.entry.ai).collect();
	if let Some(wrong) = misplaced_qualifier(key, &qualifiers) {
		return Err(DigitalLinkError::Malformed {
			position: elements[wrong + 1].position - elements[wrong + 1].entry.ai.len() - 1,
			reason: "key qualifiers out of their standard order, repeated, or not for this key",
		});
	}

	if path_end < uri.len() {
		let mut at = path_end + 1;
		for parameter in uri[path_end + 1..].split(|b| *b == b'&') {
			let here = at;
			at += parameter.len() + 1;
			let Some(equals) = parameter.iter().position(|b| *b == b'=') else { continue };
			let (name, value) = (&parameter[..equals], &parameter[equals + 1..]);
			if name.is_empty() || !name.iter().all(u8::is_ascii_digit) {
				continue;
			}
			let entry = table::lookup(name).ok_or_else(|| {
				let mut ai = [b' '; 4];
				ai.iter_mut().zip(name).for_each(|(slot, digit)| *slot = *digit);
				Gs1Error::UnknownAi { ai, position: offset + here + 1 }
			})?;
			if !entry.dl_attribute {
				return Err(malformed(here, "this AI may be in the path only, not in the query"));
			}
			if could_qualify(key, &qualifiers, entry.ai) {
				return Err(malformed(here, "this AI belongs in the path, as a key qualifier"));
			}
			if elements.iter().any(|e| e.entry.ai == entry.ai) {
				return Err(malformed(here, "an AI given twice"));
			}
			let decoded = decode(value, true).ok_or(malformed(here + equals + 1, "a bad %-escape or an empty value"))?;
			elements.push(element(entry, decoded, offset + here + equals + 2)?);
		}
	}
	Ok(elements)
}

/// The characters RFC 3986 allows in a URI.
fn uri_character(byte: u8) -> bool {
	byte.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&byte)
}

/// The path's segments after its leading `/`, each with its offset in the URI.
fn segments(path: &[u8], start: usize) -> Vec<(&[u8], usize)> {
	let mut out = Vec::new();
	let mut at = start + 1;
	for segment in path[1..].split(|b| *b == b'/') {
		out.push((segment, at));
		at += segment.len() + 1;
	}
	out
}

/// The index of the primary key's segment: walking back from the end over `/AI/value` pairs,
/// the first AI that is a primary key.
fn primary_key(segments: &[(&[u8], usize)]) -> Option<usize> {
	let mut end = segments.len();
	while end >= 2 {
		let entry = table::lookup(segments[end - 2].0)?;
		if entry.dl_key.is_some() {
			return Some(end - 2);
		}
		end -= 2;
	}
	None
}

/// A compressed link's path ends in a long base64url token, with no key (fully compressed) or
/// after the key's value (partially compressed).
fn looks_compressed(segments: &[(&[u8], usize)]) -> bool {
	segments.last().is_some_and(|(last, _)| {
		last.len() >= 10 && last.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
	})
}

/// A value, percent-decoded (`+` is a space in a query); `None` for an empty value, a bad
/// escape or a NUL.
fn decode(text: &[u8], query: bool) -> Option<Vec<u8>> {
	if text.is_empty() {
		return None;
	}
	let mut out = Vec::with_capacity(text.len());
	let mut i = 0;
	while i < text.len() {
		match text[i] {
			b'%' => {
				let hex = text.get(i + 1..i + 3)?;
				let digit = |b: u8| (b as char).to_digit(16);
				let byte = (digit(hex[0])? * 16 + digit(hex[1])?) as u8;
				if byte == 0 {
					return None;
				}
				out.push(byte);
				i += 3;
			},
			b'+' if query => {
				out.push(b' ');
				i += 1;
			},
			byte => {
				out.push(byte);
				i += 1;
			},
		}
	}
	Some(out)
}

/// One element, its value checked; a short GTIN under (01) padded to 14 digits first.
fn element(entry: &'static AiEntry, mut value: Vec<u8>, position: usize) -> Result<Element, Gs1Error> {
	if entry.ai == "01" && matches!(value.len(), 8 | 12 | 13) && value.iter().all(u8::is_ascii_digit) {
		let mut padded = alloc::vec![b'0'; 14 - value.len()];
		padded.extend_from_slice(&value);
		value = padded;
	}
	check_value(entry, &value, position)?;
	Ok(Element { entry, value, position })
}

/// The index of the first qualifier that no sequence of the key allows where it stands.
fn misplaced_qualifier(key: &AiEntry, qualifiers: &[&str]) -> Option<usize> {
	let sequences = key.dl_key.expect("a primary key; qed");
	let reach = |sequence: &[&str]| {
		let mut next = 0;
		for (i, q) in qualifiers.iter().enumerate() {
			match sequence[next..].iter().position(|s| s == q) {
				Some(found) => next += found + 1,
				None => return i,
			}
		}
		qualifiers.len()
	};
	let best = sequences.iter().map(|s| reach(s)).max().unwrap_or(0);
	(best < qualifiers.len()).then_some(best)
}

/// Whether `ai`, put among the path's qualifiers anywhere, would make a valid sequence: then
/// it belongs in the path.
fn could_qualify(key: &AiEntry, qualifiers: &[&str], ai: &'static str) -> bool {
	(0..=qualifiers.len()).any(|at| {
		let mut with: Vec<&str> = qualifiers.to_vec();
		with.insert(at, ai);
		misplaced_qualifier(key, &with).is_none()
	})
}
