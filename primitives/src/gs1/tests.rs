use super::*;
use crate::identifiers::gs1_check_digit;
use alloc::{format, string::String, vec};
use proptest::prelude::*;

const GS: char = '\u{1d}';

fn read(scan: &str) -> Result<ElementString, Gs1Error> {
	parse_element_string(scan.as_bytes())
}

fn ais(parsed: &ElementString) -> Vec<(&'static str, String)> {
	parsed.elements.iter().map(|e| (e.entry.ai, String::from_utf8(e.value.clone()).unwrap())).collect()
}

#[test]
fn the_table_has_every_ai_of_the_dictionary() {
	assert_eq!(table::AI_TABLE.len(), 541);
	assert!(table::AI_TABLE.windows(2).all(|w| w[0].ai < w[1].ai), "sorted and unique");
	let serial = table::lookup(b"21").unwrap();
	assert_eq!((serial.title, serial.min_length(), serial.max_length()), ("SERIAL", 1, 20));
	assert!(table::lookup(b"3103").unwrap().predefined_length);
	assert!(!table::lookup(b"8005").unwrap().predefined_length);
	// AIs are prefix-free, which the raw form's reading relies on.
	for a in &table::AI_TABLE {
		for b in &table::AI_TABLE {
			assert!(a.ai == b.ai || !b.ai.starts_with(a.ai), "{} is a prefix of {}", a.ai, b.ai);
		}
	}
}

#[test]
fn raw_datamatrix_with_symbology_identifier() {
	let parsed = read(&format!("]d201095212345432131725123110ABC123{GS}21XYZ-0001")).unwrap();
	assert_eq!(parsed.gtin(), Some(*b"09521234543213"));
	assert_eq!(parsed.expiry(), Some(Gs1Date { yy: 25, month: 12, day: 31 }));
	assert_eq!(parsed.lot(), Some(&b"ABC123"[..]));
	assert_eq!(parsed.serial(), Some(&b"XYZ-0001"[..]));
}

#[test]
fn the_same_data_in_every_form_parses_alike() {
	let raw = format!("010952123454321321XYZ{GS}10ABC123{GS}17251231");
	let bracketed = "(01)09521234543213(21)XYZ(10)ABC123(17)251231";
	for scan in [
		raw.clone(),
		format!("]C1{raw}"),
		format!("]Q3{raw}"),
		format!("]J1{raw}"),
		format!("{GS}{raw}"),
		format!("[)>\u{1e}05{GS}{raw}\u{1e}\u{4}"),
		bracketed.into(),
	] {
		let parsed = read(&scan).unwrap();
		assert_eq!(ais(&parsed), vec![
			("01", "09521234543213".into()),
			("21", "XYZ".into()),
			("10", "ABC123".into()),
			("17", "251231".into())
		]);
	}
}

#[test]
fn the_ais_real_packs_carry_are_read() {
	// A Russian "Chestny ZNAK" medicine mark: GTIN, serial, then the crypto key and code.
	// Unlocker/data-matrix-parser, DataMatrixParserTest.java line 50 (peer vector V0892).
	let mark = read(&format!("010468006509499021h,8T4A8(G5xB){GS}91003A{GS}92I47sJj5MnQJ98ps+LidUO62yermNTPrkGCHdB8kkTMAau9Tx3l3HWFETbrVdSES4pywJiLymoepfI1dfTKzWtw==")).unwrap();
	assert_eq!(mark.value("91"), Some(&b"003A"[..]));
	assert_eq!(mark.elements.len(), 4);
	// Secondary serial, additional id, price per unit, a digital signature, a CPV.
	let pack = read("(01)09521234543213(21)S1(250)SEC-1(240)ADD(22)CPV1(8005)000120").unwrap();
	assert_eq!(pack.value("250"), Some(&b"SEC-1"[..]));
	assert_eq!(pack.value("8005"), Some(&b"000120"[..]));
	let signed = read("(01)09521234543213(21)S1(8030)MEUCIQDQl-1IW-gkmPCPI7_eFAYF").unwrap();
	assert_eq!(signed.elements[2].entry.title, "DIGSIG");
	// A repeat with the same value is one element.
	assert_eq!(read(&format!("0109521234543213{GS}0109521234543213")).unwrap().elements.len(), 1);
}

#[test]
fn sscc_of_a_pallet() {
	assert_eq!(read("00006141411234567890").unwrap().sscc(), Some(*b"006141411234567890"));
	assert_eq!(read("00006141411234567891"), Err(Gs1Error::CheckDigit { ai: 0, position: 20 }));
}

#[test]
fn day_zero_is_the_last_day_of_the_month() {
	let expiry = |s: &str| read(s).unwrap().expiry().unwrap().as_yyyymmdd(2026);
	assert_eq!(expiry("(01)09521234543213(17)240200"), 20240229);
	assert_eq!(expiry("(01)09521234543213(17)250200"), 20250228);
	assert_eq!(expiry("(01)09521234543213(17)250400"), 20250430);
	assert_eq!(read("(01)09521234543213(17)250229"), Err(Gs1Error::InvalidDate { ai: 17, position: 27 }));
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
	use Gs1Error::*;
	assert_eq!(read("]d20109521234543214"), Err(CheckDigit { ai: 1, position: 19 }));
	assert_eq!(read("01095212345432"), Err(Truncated { ai: 1, position: 1 }));
	assert_eq!(read("0109521234543213(17)251231"), Err(Malformed { position: 17 }));
	assert_eq!(read("01095212345432131725133110A"), Err(InvalidDate { ai: 17, position: 21 }));
	assert_eq!(read("0109521234543213211234567890123456789012"), Err(BadLength { ai: 21, position: 19, min: 1, max: 20 }));
	assert_eq!(read("010952123454321321AB\u{e9}"), Err(InvalidCharacter { ai: 21, position: 21 }));
	assert_eq!(read("0109521234543213239123"), Err(UnknownAi { ai: *b"2391", position: 17 }));
	assert_eq!(read("0109521234543213999").unwrap().value("99"), Some(&b"9"[..]));
	assert_eq!(read(&format!("010952123454321321A{GS}21B")), Err(RepeatedAi { ai: 21, position: 23 }));
	assert_eq!(read("(01)0952123454321"), Err(Truncated { ai: 1, position: 1 }));
	assert_eq!(read("(01"), Err(Malformed { position: 1 }));
	assert_eq!(read("]d2"), Err(Empty));
	assert_eq!(read("(01)09521234543213(422)261"), Err(InvalidValue { ai: 422, position: 24, rule: "not an ISO 3166 numeric country code" }));
	assert_eq!(read("[)>\u{1e}06\u{1d}25SUN043"), Err(Envelope { format: *b"06" }));
}

#[test]
fn pairings_are_checked() {
	use Gs1Error::*;
	// (21) needs (01), (03) or (8006); (250) needs a serial with its key.
	assert!(matches!(read("(21)S1"), Err(Requires { ai: 21, position: 5, .. })));
	assert!(matches!(read("(01)09521234543213(250)X"), Err(Requires { ai: 250, .. })));
	// (01) with (02), and two net weights in kilograms.
	assert_eq!(read("(01)09521234543213(02)09521234543213"), Err(Excludes { ai: 2, position: 23, other: 1 }));
	assert_eq!(read("(01)09521234543213(3102)000100(3103)000010"), Err(Excludes { ai: 3102, position: 25, other: 3103 }));
	// A serial may not stand with a TPX.
	assert!(matches!(read("(01)09521234543213(21)S1(235)T"), Err(Excludes { ai: 21, .. })));
	let message = format!("{}", read("(21)S1").unwrap_err());
	assert_eq!(message, "(21) SERIAL at position 5 needs (01), (03) or (8006)");
}

/// A valid value for every component of `entry`, varied by `seed`.
fn valid_value(entry: &'static AiEntry, seed: u64) -> Vec<u8> {
	use table::{Charset, Linter};
	let mut value = Vec::new();
	let mut rng = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
	let mut next = |n: u64| {
		rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
		(rng >> 33) % n
	};
	for component in entry.components {
		let len = if component.min == component.max {
			usize::from(component.max)
		} else {
			usize::from(component.min) + next(u64::from(component.max - component.min) + 1) as usize
		};
		// Room for a company prefix and a check pair.
		let len = if component.linters.iter().any(|l| matches!(l, Linter::GcpPos1 | Linter::GcpPos2 | Linter::CsumAlpha)) {
			len.max(usize::from(component.max).min(8))
		} else {
			len
		};
		let set: &[u8] = match component.charset {
			Charset::Numeric => b"0123456789",
			Charset::Cset82 => b"!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz",
			Charset::Cset39 => b"#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
			Charset::Cset64 => b"-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz",
		};
		let mut part: Vec<u8> = (0..len).map(|_| set[next(set.len() as u64) as usize]).collect();
		// A value drawn at random that could open an AI in brackets would be read as one.
		part.iter_mut().filter(|b| **b == b'(').for_each(|b| *b = b'A');
		let fixed = |text: &[u8]| text.to_vec();
		// The check digit last, over what the other rules put in place.
		let mut linters = component.linters.to_vec();
		linters.sort_by_key(|l| matches!(l, Linter::Csum | Linter::CsumAlpha));
		for linter in &linters {
			part = match linter {
				Linter::Csum => {
					let mut p = part.clone();
					let last = p.len() - 1;
					p[last] = b'0' + gs1_check_digit(&p[..last]).unwrap();
					p
				},
				Linter::GcpPos1 | Linter::GcpPos2 => {
					let from = usize::from(*linter == Linter::GcpPos2);
					let mut p = part.clone();
					p[from..from + 4].copy_from_slice(b"6901");
					p
				},
				Linter::CsumAlpha => {
					let mut p = part[..part.len() - 2].to_vec();
					p[0] = b'1';
					let check = (0..32u8).flat_map(|a| (0..32u8).map(move |b| (a, b))).map(|(a, b)| {
						let set = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
						let mut q = p.clone();
						q.push(set[a as usize]);
						q.push(set[b as usize]);
						q
					});
					check.into_iter().find(|q| lint::lint(Linter::CsumAlpha, q).is_ok()).unwrap()
				},
				Linter::HasNonDigit => {
					let mut p = part.clone();
					p[0] = b'A';
					p
				},
				Linter::Hour => fixed(b"12"),
				Linter::Minute | Linter::Second => fixed(b"30"),
				Linter::HourMinute => fixed(b"1230"),
				Linter::Yymmdd | Linter::Yymmd0 => format!("{:02}{:02}{:02}", next(100), 1 + next(12), 1 + next(28)).into_bytes(),
				Linter::Yyyymmdd | Linter::Yyyymmd0 => format!("20{:02}{:02}{:02}", next(100), 1 + next(12), 1 + next(28)).into_bytes(),
				Linter::Iso3166 | Linter::Iso3166Or999 => fixed(b"156"),
				Linter::Iso3166Alpha2 => fixed(b"CN"),
				Linter::Iso4217 => fixed(b"156"),
				Linter::Iso5218 => fixed(b"1"),
				Linter::Iban => fixed(b"GB82WEST12345698765432"),
				Linter::ImporterIndex => fixed(b"A"),
				Linter::Latitude => fixed(b"1234567890"),
				Linter::Longitude => fixed(b"1234567890"),
				Linter::MediaType => fixed(b"01"),
				Linter::NonZero => {
					let mut p = part.clone();
					p[0] = b'1';
					p
				},
				Linter::Zero => fixed(b"0"),
				Linter::NoZeroPrefix => {
					let mut p = part.clone();
					p[0] = b'1';
					p
				},
				Linter::Winding => fixed(b"9"),
				Linter::PackageType => fixed(b"BX"),
				Linter::PercentEncoded => part.iter().map(|b| if *b == b'%' { b'A' } else { *b }).collect(),
				Linter::PieceOfTotal => fixed(b"0102"),
				Linter::PositionInSequence => fixed(b"1/2"),
				Linter::YesNo => fixed(b"1"),
				Linter::Hyphen => fixed(b"-"),
				Linter::CouponCode | Linter::CouponPositiveOffer => part,
			};
		}
		if component.charset == Charset::Cset64 {
			part.truncate(part.len() / 3 * 3);
			if part.is_empty() {
				part = b"abc".to_vec();
			}
		}
		value.extend(part);
	}
	value
}

/// The AIs that make `ai` valid (its requirements, theirs in turn), avoiding exclusions.
fn companions(entry: &'static AiEntry) -> Option<Vec<&'static AiEntry>> {
	fn resolve(pattern: &str) -> &'static AiEntry {
		table::AI_TABLE.iter().find(|e| table::matches(pattern, e.ai)).unwrap()
	}
	fn extend(set: &mut Vec<&'static AiEntry>, depth: u8) -> bool {
		if depth > 4 {
			return false;
		}
		for i in 0..set.len() {
			for requirement in set[i].requires {
				let met = |set: &[&'static AiEntry]| {
					requirement.iter().any(|g| g.iter().all(|p| set.iter().any(|e| e.ai != set[i].ai && table::matches(p, e.ai))))
				};
				if met(set) {
					continue;
				}
				let found = requirement.iter().find_map(|group| {
					let mut with = set.clone();
					for p in *group {
						let e = resolve(p);
						if !with.iter().any(|w| w.ai == e.ai) {
							with.push(e);
						}
					}
					let clash = with.iter().any(|a| with.iter().any(|b| a.ai != b.ai && a.excludes.iter().any(|p| table::matches(p, b.ai))));
					(!clash && extend(&mut with, depth + 1)).then_some(with)
				});
				match found {
					Some(with) => {
						*set = with;
						return extend(set, depth + 1);
					},
					None => return false,
				}
			}
		}
		true
	}
	let mut set = vec![entry];
	extend(&mut set, 0).then_some(set)
}

fn element_string(entries: &[&'static AiEntry], seed: u64) -> (String, String, Vec<(&'static str, Vec<u8>)>) {
	let values: Vec<(&'static str, Vec<u8>)> = entries
		.iter()
		.enumerate()
		.map(|(i, e)| {
			let mut value = valid_value(e, seed + i as u64);
			// Companion keys that need a serial component for (8030).
			if entries.iter().any(|x| x.ai == "8030") && matches!(e.ai, "253" | "255" | "8003") {
				value.extend_from_slice(b"1");
			}
			(e.ai, value)
		})
		.collect();
	let mut raw = String::new();
	let mut bracketed = String::new();
	for (i, (ai, value)) in values.iter().enumerate() {
		raw.push_str(ai);
		raw.push_str(core::str::from_utf8(value).unwrap());
		if i + 1 < values.len() && !entries[i].predefined_length {
			raw.push(GS);
		}
		bracketed.push_str(&format!("({ai}){}", core::str::from_utf8(value).unwrap()));
	}
	(raw, bracketed, values)
}

#[test]
fn every_ai_of_the_table_round_trips_raw_and_bracketed() {
	let mut checked = 0;
	for entry in &table::AI_TABLE {
		let Some(set) = companions(entry) else { panic!("no valid companions for ({})", entry.ai) };
		for seed in 0..8 {
			let (raw, bracketed, values) = element_string(&set, seed);
			for scan in [&raw, &bracketed] {
				let parsed = read(scan).unwrap_or_else(|e| panic!("({}) in {scan:?}: {e}", entry.ai));
				let got: Vec<(&str, Vec<u8>)> = parsed.elements.iter().map(|e| (e.entry.ai, e.value.clone())).collect();
				assert_eq!(got, values, "({}) in {scan:?}", entry.ai);
			}
		}
		checked += 1;
	}
	assert_eq!(checked, 541);
}

#[test]
fn every_ai_refuses_a_value_too_long_or_outside_its_set() {
	for entry in &table::AI_TABLE {
		let Some(set) = companions(entry) else { continue };
		let (_, _, values) = element_string(&set, 1);
		let own = &values[0].1;
		let render = |own: &[u8]| {
			let mut s = format!("({}){}", entry.ai, core::str::from_utf8(own).unwrap_or("\u{fffd}"));
			for (ai, value) in &values[1..] {
				s.push_str(&format!("({ai}){}", core::str::from_utf8(value).unwrap()));
			}
			s
		};
		let mut long = own.clone();
		long.resize(entry.max_length() + 1, b'1');
		assert!(read(&render(&long)).is_err(), "({}) too long accepted", entry.ai);
		let mut bad = own.clone();
		bad[0] = b' ';
		assert!(read(&render(&bad)).is_err(), "({}) with a space accepted", entry.ai);
	}
}

fn cset82_text() -> impl Strategy<Value = String> {
	proptest::collection::vec(
		proptest::sample::select(b"!\"%&')*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz".to_vec()),
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
		let parsed = read(&raw).unwrap();
		prop_assert_eq!(parsed.gtin().map(|g| g.to_vec()), Some(gtin.into_bytes()));
		prop_assert_eq!(parsed.lot(), Some(lot.as_bytes()));
		prop_assert_eq!(parsed.serial(), Some(serial.as_bytes()));
		prop_assert_eq!(parsed.expiry(), Some(Gs1Date { yy: 27, month, day }));
	}

	#[test]
	fn any_ai_with_a_mutated_value_is_refused_or_read_as_written(index in 0usize..541, seed in 0u64..1000, at in 0usize..100, byte in any::<u8>()) {
		let entry = &table::AI_TABLE[index];
		if let Some(set) = companions(entry) {
			let (_, bracketed, _) = element_string(&set, seed);
			let mut mutated = bracketed.into_bytes();
			let at = at % mutated.len();
			mutated[at] = byte;
			// Never a panic; a success reads back exactly the bytes scanned.
			if let Ok(parsed) = parse_element_string(&mutated) {
				let mut again = String::new();
				for e in &parsed.elements {
					again.push_str(&format!("({}){}", e.entry.ai, core::str::from_utf8(&e.value).unwrap()));
				}
				prop_assert!(parse_element_string(again.as_bytes()).is_ok());
			}
		}
	}

	#[test]
	fn no_input_makes_the_parser_panic(scan in proptest::collection::vec(any::<u8>(), 0..64)) {
		let _ = parse_element_string(&scan);
	}
}

/// The set as a Digital Link: its primary key and qualifiers in the path, the rest as query
/// attributes; `None` when the set has no key or an AI that may not be an attribute.
fn digital_link(set: &[&'static AiEntry], values: &[(&'static str, Vec<u8>)]) -> Option<String> {
	let key = set.iter().position(|e| e.dl_key.is_some())?;
	let sequences = set[key].dl_key.unwrap();
	let escape = |value: &[u8]| {
		let mut out = String::new();
		for b in value {
			if b.is_ascii_alphanumeric() || b"-._~".contains(b) {
				out.push(*b as char);
			} else {
				out.push_str(&format!("%{b:02X}"));
			}
		}
		out
	};
	let mut path = format!("https://id.example.cn/{}/{}", set[key].ai, escape(&values[key].1));
	let sequence = sequences.iter().find(|s| set.iter().filter(|e| s.contains(&e.ai)).count() > 0).copied().unwrap_or(&[]);
	for qualifier in sequence {
		if let Some(i) = set.iter().position(|e| e.ai == *qualifier) {
			path.push_str(&format!("/{}/{}", qualifier, escape(&values[i].1)));
		}
	}
	let mut query = Vec::new();
	for (i, e) in set.iter().enumerate() {
		if i == key || sequence.contains(&e.ai) {
			continue;
		}
		if !e.dl_attribute {
			return None;
		}
		query.push(format!("{}={}", e.ai, escape(&values[i].1)));
	}
	if !query.is_empty() {
		path.push('?');
		path.push_str(&query.join("&"));
	}
	Some(path)
}

#[test]
fn every_ai_that_a_digital_link_can_carry_round_trips_in_one() {
	let mut carried = 0;
	for entry in &table::AI_TABLE {
		let Some(mut set) = companions(entry) else { continue };
		// An AI without a key of its own travels with a GTIN's, where the pairings allow.
		if !set.iter().any(|e| e.dl_key.is_some()) {
			let gtin = table::lookup(b"01").unwrap();
			let clash = set.iter().any(|e| e.excludes.iter().any(|p| table::matches(p, "01")) || gtin.excludes.iter().any(|p| table::matches(p, e.ai)));
			if clash {
				continue;
			}
			set.insert(0, gtin);
		}
		let (_, _, values) = element_string(&set, 3);
		let Some(link) = digital_link(&set, &values) else { continue };
		let parsed = digital_link::parse(link.as_bytes(), 0).unwrap_or_else(|e| panic!("({}) in {link}: {e:?}", entry.ai));
		let mut got: Vec<(&str, Vec<u8>)> = parsed.elements.iter().map(|e| (e.entry.ai, e.value.clone())).collect();
		let mut want = values.clone();
		got.sort();
		want.sort();
		assert_eq!(got, want, "{link}");
		carried += 1;
	}
	// 16 AIs may not be Digital Link attributes (GS1 Digital Link: (21), (22), (235), (254)…
	// are path qualifiers; (8200) and a few others are not for links at all).
	std::println!("{carried} of 541 AIs round-trip in a Digital Link");
	assert_eq!(carried, 532, "AIs that round-trip in a Digital Link");
}

#[test]
fn digital_links_are_read_by_the_standard_s_rules() {
	use digital_link::{parse, DigitalLinkError::*};
	let ok = |uri: &str| parse(uri.as_bytes(), 0).map(|p| p.elements.len());
	assert_eq!(ok("https://id.example.cn/01/09521234543213/22/A1/10/L1/21/S1?17=281231&linkType=all#x"), Ok(5));
	assert_eq!(ok("HTTPS://id.example.cn/any/stem/01/09521234543213/235/TPX1"), Ok(2));
	assert_eq!(ok("https://id.example.cn/00/006141411234567890"), Ok(1));
	assert_eq!(ok("https://id.example.cn/414/6901234000016/254/A"), Ok(2));
	let reason = |uri: &str| match parse(uri.as_bytes(), 0) {
		Err(Malformed { reason, .. }) => reason,
		other => panic!("{uri}: {other:?}"),
	};
	let order = "key qualifiers out of their standard order, repeated, or not for this key";
	assert_eq!(reason("https://a.cn/01/09521234543213/10/L1/22/A"), order);
	assert_eq!(reason("https://a.cn/01/09521234543213/21/S/21/S"), order);
	assert_eq!(reason("https://a.cn/01/09521234543213/22/A/235/T"), order);
	assert_eq!(reason("https://a.cn/00/006141411234567890/10/L"), order);
	assert_eq!(reason("https://a.cn/01/09521234543213?10=L1"), "this AI belongs in the path, as a key qualifier");
	assert_eq!(reason("https://a.cn/01/09521234543213/21/S?21=S"), "this AI may be in the path only, not in the query");
	assert_eq!(reason("https://a.cn/01/09521234543213?17=281231&17=281231"), "an AI given twice");
	assert_eq!(reason("https://a.cn/01/09521234543213/"), "a path AI without a value");
	assert_eq!(reason("https://a.cn/no/key/here"), "no GS1 primary key (such as /01/ or /00/) in the path");
	assert_eq!(parse(b"https://id.gs1.org/AQnYUc1gmiA8jw", 0), Err(Compressed));
	assert_eq!(parse(b"https://id.gs1.org/01/09521234543213/ARHKVAdpQg", 0), Err(Compressed));
	assert!(matches!(parse(b"https://a.cn/01/09521234543213?99=A+B", 0), Err(Value(Gs1Error::InvalidCharacter { ai: 99, .. }))));
	assert!(matches!(parse(b"https://a.cn/01/09521234543213?999=A", 0), Err(Value(Gs1Error::UnknownAi { .. }))));
}
