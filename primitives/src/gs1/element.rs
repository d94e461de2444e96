//! Element strings, raw or bracketed: cut into AIs and values by the table, each value checked
//! against its components, then the AIs checked against each other (repeats, exclusions,
//! requirements).

use alloc::vec::Vec;

use super::{
	lint::{lint, Fault},
	table::{self, AiEntry, Charset},
	Element, Gs1Error, GROUP_SEPARATOR,
};

/// The raw form: AIs without brackets, a GS after a value that is not of predefined length. A
/// GS where none is needed (first, after a fixed-length value, last) is tolerated, as scanners
/// and printers send them.
pub(super) fn parse_raw(data: &[u8], offset: usize) -> Result<Vec<Element>, Gs1Error> {
	let mut elements = Vec::new();
	let mut at = 0;
	while at < data.len() {
		if data[at] == GROUP_SEPARATOR {
			at += 1;
			continue;
		}
		let position = offset + at + 1;
		let entry = table::lookup_prefix(&data[at..]).ok_or_else(|| unknown(&data[at..], position))?;
		let start = at + entry.ai.len();
		let end = if entry.predefined_length {
			start + entry.max_length()
		} else {
			data[start..].iter().position(|b| *b == GROUP_SEPARATOR).map_or(data.len(), |i| start + i)
		};
		let value = data.get(start..end).ok_or(Gs1Error::Truncated { ai: entry.number, position })?;
		check_value(entry, value, offset + start + 1)?;
		elements.push(Element { entry, value: value.to_vec(), position: offset + start + 1 });
		at = end;
	}
	Ok(elements)
}

/// The human-readable form: `(AI)value(AI)value…`. A value runs to the next `(` that opens an
/// AI (two to four digits and `)`), so a value may hold brackets of its own; `\(` is a
/// bracket in a value, as GS1's syntax engine writes one that would otherwise open an AI.
pub(super) fn parse_bracketed(data: &[u8], offset: usize) -> Result<Vec<Element>, Gs1Error> {
	let mut elements = Vec::new();
	let mut at = 0;
	while at < data.len() {
		let position = offset + at + 1;
		if data[at] != b'(' {
			return Err(Gs1Error::Malformed { position });
		}
		let close = data[at..].iter().position(|b| *b == b')').ok_or(Gs1Error::Malformed { position })? + at;
		let digits = &data[at + 1..close];
		let entry = table::lookup(digits).ok_or_else(|| unknown(digits, position + 1))?;
		let start = close + 1;
		let end = (start..data.len())
			.find(|i| opens_ai(&data[*i..]) && (*i == 0 || data[*i - 1] != b'\\'))
			.unwrap_or(data.len());
		let mut value = data[start..end].to_vec();
		while let Some(i) = value.windows(2).position(|w| w == b"\\(") {
			value.remove(i);
		}
		if entry.predefined_length && value.len() < entry.max_length() {
			return Err(Gs1Error::Truncated { ai: entry.number, position });
		}
		check_value(entry, &value, offset + start + 1)?;
		elements.push(Element { entry, value, position: offset + start + 1 });
		at = end;
	}
	Ok(elements)
}

fn opens_ai(data: &[u8]) -> bool {
	data.first() == Some(&b'(') &&
		(3..=5).any(|close| data.get(close) == Some(&b')') && data[1..close].iter().all(u8::is_ascii_digit))
}

/// An AI the table does not have, or text where an AI should start.
fn unknown(data: &[u8], position: usize) -> Gs1Error {
	if data.len() < 2 || !data[..2].iter().all(u8::is_ascii_digit) {
		return Gs1Error::Malformed { position };
	}
	let mut ai = [b' '; 4];
	for (slot, byte) in ai.iter_mut().zip(data.iter().take(4).take_while(|b| b.is_ascii_digit())) {
		*slot = *byte;
	}
	Gs1Error::UnknownAi { ai, position }
}

/// Checks one value against its AI's components: length, character set, then each linter.
/// `position` is where the value starts.
pub(crate) fn check_value(entry: &'static AiEntry, value: &[u8], position: usize) -> Result<(), Gs1Error> {
	let ai = entry.number;
	let (min, max) = (entry.min_length(), entry.max_length());
	let bad_length = Gs1Error::BadLength { ai, position, min: min as u8, max: max as u8 };
	if value.len() < min || value.len() > max {
		return Err(bad_length);
	}
	let mut at = 0;
	for component in entry.components {
		let remaining = value.len() - at;
		if remaining == 0 && component.optional {
			break;
		}
		let take = if component.min == component.max { usize::from(component.max) } else { remaining.min(component.max.into()) };
		if take > remaining || take < usize::from(component.min) {
			return Err(bad_length);
		}
		let part = &value[at..at + take];
		if let Some(i) = outside_charset(component.charset, part) {
			return Err(Gs1Error::InvalidCharacter { ai, position: position + at + i });
		}
		for linter in component.linters {
			lint(*linter, part).map_err(|(i, fault)| {
				let position = position + at + i;
				match fault {
					Fault::CheckDigit => Gs1Error::CheckDigit { ai, position },
					Fault::Date => Gs1Error::InvalidDate { ai, position },
					Fault::Rule(rule) => Gs1Error::InvalidValue { ai, position, rule },
				}
			})?;
		}
		at += take;
	}
	if at != value.len() {
		return Err(bad_length);
	}
	Ok(())
}

/// The offset of the first character outside the set, if any.
fn outside_charset(charset: Charset, part: &[u8]) -> Option<usize> {
	match charset {
		Charset::Numeric => part.iter().position(|b| !b.is_ascii_digit()),
		Charset::Cset82 => part.iter().position(|b| !super::is_cset82(*b)),
		Charset::Cset39 => part.iter().position(|b| !matches!(b, b'#' | b'-' | b'/' | b'0'..=b'9' | b'A'..=b'Z')),
		Charset::Cset64 => {
			let padding = part.iter().rev().take_while(|b| **b == b'=').count();
			let body = part.len() - padding;
			if padding > 2 || (padding > 0 && !part.len().is_multiple_of(3)) {
				return Some(body);
			}
			part[..body].iter().position(|b| !matches!(b, b'-' | b'0'..=b'9' | b'A'..=b'Z' | b'_' | b'a'..=b'z'))
		},
	}
}

/// The checks between AIs, over the whole element string: an AI given twice must carry the
/// same value (the repeat is dropped), an AI may not stand with one it excludes, and each of
/// its requirements must be met. (8030), a digital signature, needs the serial component of
/// (253), (255) and (8003).
pub(super) fn check_pairings(elements: Vec<Element>) -> Result<Vec<Element>, Gs1Error> {
	let mut kept: Vec<Element> = Vec::with_capacity(elements.len());
	for element in elements {
		match kept.iter().find(|e| e.entry.ai == element.entry.ai) {
			Some(earlier) if earlier.value == element.value => {},
			Some(_) => return Err(Gs1Error::RepeatedAi { ai: element.entry.number, position: element.position }),
			None => kept.push(element),
		}
	}
	let present = |pattern: &str, except: &str| kept.iter().any(|e| e.entry.ai != except && table::matches(pattern, e.entry.ai));
	for element in &kept {
		let entry = element.entry;
		if let Some(other) = kept
			.iter()
			.find(|o| o.entry.ai != entry.ai && entry.excludes.iter().any(|p| table::matches(p, o.entry.ai)))
		{
			return Err(Gs1Error::Excludes { ai: entry.number, position: element.position, other: other.entry.number });
		}
		for requirement in entry.requires {
			if !requirement.iter().any(|group| group.iter().all(|p| present(p, entry.ai))) {
				return Err(Gs1Error::Requires { ai: entry.number, position: element.position, requirement });
			}
		}
	}
	if kept.iter().any(|e| e.entry.ai == "8030") {
		for (ai, serialless) in [("253", 13), ("255", 13), ("8003", 14)] {
			if let Some(key) = kept.iter().find(|e| e.entry.ai == ai && e.value.len() <= serialless) {
				return Err(Gs1Error::InvalidValue {
					ai: key.entry.number,
					position: key.position,
					rule: "with a digital signature (8030) it must carry its serial component",
				});
			}
		}
	}
	Ok(kept)
}
