//! Generates the GS1 application identifier table from the GS1 Barcode Syntax Dictionary
//! (`gs1/syntax-dictionary.txt`, vendored from github.com/gs1/gs1-syntax-dictionary) and the
//! code lists its linters check against (`gs1/codes/*.txt`). The dictionary is the one source
//! of every AI's format; a new release is a new file here, and a linter name this build does
//! not know fails the build rather than being skipped.

use std::{env, fmt::Write as _, fs, path::Path};

const LINTERS: &[(&str, &str)] = &[
	("csum", "Csum"),
	("csumalpha", "CsumAlpha"),
	("gcppos1", "GcpPos1"),
	("gcppos2", "GcpPos2"),
	("hasnondigit", "HasNonDigit"),
	("hh", "Hour"),
	("mi", "Minute"),
	("ss", "Second"),
	("hhmi", "HourMinute"),
	("yymmdd", "Yymmdd"),
	("yymmd0", "Yymmd0"),
	("yyyymmdd", "Yyyymmdd"),
	("yyyymmd0", "Yyyymmd0"),
	("iso3166", "Iso3166"),
	("iso3166999", "Iso3166Or999"),
	("iso3166alpha2", "Iso3166Alpha2"),
	("iso4217", "Iso4217"),
	("iso5218", "Iso5218"),
	("iban", "Iban"),
	("importeridx", "ImporterIndex"),
	("latitude", "Latitude"),
	("longitude", "Longitude"),
	("mediatype", "MediaType"),
	("nonzero", "NonZero"),
	("zero", "Zero"),
	("nozeroprefix", "NoZeroPrefix"),
	("winding", "Winding"),
	("packagetype", "PackageType"),
	("pcenc", "PercentEncoded"),
	("pieceoftotal", "PieceOfTotal"),
	("posinseqslash", "PositionInSequence"),
	("yesno", "YesNo"),
	("hyphen", "Hyphen"),
	("couponcode", "CouponCode"),
	("couponposoffer", "CouponPositiveOffer"),
];

struct Entry {
	ai: String,
	predefined: bool,
	dl_attribute: bool,
	components: Vec<String>,
	requires: Vec<Vec<Vec<String>>>,
	excludes: Vec<String>,
	dl_key: Option<Vec<Vec<String>>>,
	title: String,
}

fn main() {
	let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("gs1");
	println!("cargo:rerun-if-changed=gs1");
	let dictionary = fs::read_to_string(dir.join("syntax-dictionary.txt")).expect("gs1/syntax-dictionary.txt");
	let mut entries: Vec<Entry> = dictionary.lines().filter_map(parse_line).flatten().collect();
	entries.sort_by(|a, b| a.ai.cmp(&b.ai));
	let mut out = String::new();
	writeln!(out, "/// Every AI of the GS1 Barcode Syntax Dictionary, sorted by its digits.").unwrap();
	writeln!(out, "pub static AI_TABLE: [AiEntry; {}] = [", entries.len()).unwrap();
	for e in &entries {
		let components: Vec<String> = e.components.iter().map(|c| component(&e.ai, c)).collect();
		let requires: Vec<String> = e
			.requires
			.iter()
			.map(|alternatives| {
				let alts: Vec<String> = alternatives.iter().map(|group| format!("&{:?}", group)).collect();
				format!("&[{}]", alts.join(", "))
			})
			.collect();
		let dl_key = match &e.dl_key {
			None => "None".to_string(),
			Some(sequences) => {
				let seqs: Vec<String> = sequences.iter().map(|s| format!("&{:?}", s)).collect();
				format!("Some(&[{}])", seqs.join(", "))
			},
		};
		writeln!(
			out,
			"\tAiEntry {{ ai: {:?}, number: {}, predefined_length: {}, dl_attribute: {}, components: &[{}], requires: &[{}], excludes: &{:?}, dl_key: {}, title: {:?} }},",
			e.ai,
			e.ai.parse::<u16>().expect("AIs are digits"),
			e.predefined,
			e.dl_attribute,
			components.join(", "),
			requires.join(", "),
			e.excludes,
			dl_key,
			e.title,
		)
		.unwrap();
	}
	writeln!(out, "];").unwrap();
	for (name, file) in [
		("ISO3166", "iso3166"),
		("ISO3166_ALPHA2", "iso3166alpha2"),
		("ISO4217", "iso4217"),
		("MEDIA_TYPES", "mediatype"),
		("PACKAGE_TYPES", "packagetype"),
	] {
		let text = fs::read_to_string(dir.join("codes").join(format!("{file}.txt"))).expect("a code list");
		let mut codes: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
		codes.sort();
		codes.dedup();
		writeln!(out, "/// From `gs1/codes/{file}.txt`, sorted.\npub static {name}: [&str; {}] = {:?};", codes.len(), codes).unwrap();
	}
	let target = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("gs1_ai_table.rs");
	fs::write(target, out).expect("writing the AI table");
}

/// One dictionary line: `AI[-AI] [flags] components… [attributes…] [# title]`. A range gives one
/// entry per AI.
fn parse_line(line: &str) -> Option<Vec<Entry>> {
	let line = line.trim();
	if line.is_empty() || line.starts_with('#') {
		return None;
	}
	let (spec, title) = match line.split_once('#') {
		Some((spec, title)) => (spec, title.trim().to_string()),
		None => (line, String::new()),
	};
	let mut tokens = spec.split_whitespace().peekable();
	let range = tokens.next().expect("a line starts with its AI");
	let mut predefined = false;
	let mut dl_attribute = false;
	if let Some(flags) = tokens.peek().filter(|t| t.chars().all(|c| c == '*' || c == '?')) {
		predefined = flags.contains('*');
		dl_attribute = flags.contains('?');
		tokens.next();
	}
	let mut components = Vec::new();
	let mut requires = Vec::new();
	let mut excludes = Vec::new();
	let mut dl_key = None;
	for token in tokens {
		if let Some(list) = token.strip_prefix("req=") {
			requires.push(list.split(',').map(|group| group.split('+').map(String::from).collect()).collect());
		} else if let Some(list) = token.strip_prefix("ex=") {
			excludes.extend(list.split(',').map(String::from));
		} else if token == "dlpkey" {
			dl_key = Some(Vec::new());
		} else if let Some(list) = token.strip_prefix("dlpkey=") {
			dl_key = Some(list.split('|').map(|seq| seq.split(',').map(String::from).collect()).collect());
		} else if token.starts_with(['N', 'X', 'Y', 'Z', '[']) {
			components.push(token.to_string());
		} else {
			panic!("unknown dictionary token {token:?} in {line:?}");
		}
	}
	let (first, last) = match range.split_once('-') {
		Some((a, b)) => (a, b),
		None => (range, range),
	};
	let width = first.len();
	let (first, last): (u32, u32) = (first.parse().expect("AI digits"), last.parse().expect("AI digits"));
	Some(
		(first..=last)
			.map(|n| Entry {
				ai: format!("{n:0width$}"),
				predefined,
				dl_attribute,
				components: components.clone(),
				requires: requires.clone(),
				excludes: excludes.clone(),
				dl_key: dl_key.clone(),
				title: title.clone(),
			})
			.collect(),
	)
}

/// `N13,csum,gcppos1`, `[X..17]`, `N..15`: a `Component { … }` expression.
fn component(ai: &str, spec: &str) -> String {
	let (optional, spec) = match spec.strip_prefix('[') {
		Some(rest) => {
			let (inner, linters) = rest.split_once(']').expect("a closed optional component");
			(true, format!("{inner}{linters}"))
		},
		None => (false, spec.to_string()),
	};
	let mut parts = spec.split(',');
	let format = parts.next().expect("a component's format");
	let charset = match &format[..1] {
		"N" => "Numeric",
		"X" => "Cset82",
		"Y" => "Cset39",
		"Z" => "Cset64",
		other => panic!("unknown character set {other} for AI {ai}"),
	};
	let length = &format[1..];
	let (min, max): (u8, u8) = match length.split_once("..") {
		Some(("", max)) => (1, max.parse().expect("a length")),
		Some((min, max)) => (min.parse().expect("a length"), max.parse().expect("a length")),
		None => {
			let n = length.parse().expect("a length");
			(n, n)
		},
	};
	let linters: Vec<String> = parts
		.map(|name| {
			let (_, variant) = LINTERS
				.iter()
				.find(|(known, _)| *known == name)
				.unwrap_or_else(|| panic!("AI {ai}: linter {name:?} is not implemented; add it to gs1/lint.rs"));
			format!("Linter::{variant}")
		})
		.collect();
	format!(
		"Component {{ charset: Charset::{charset}, min: {min}, max: {max}, optional: {optional}, linters: &[{}] }}",
		linters.join(", ")
	)
}
