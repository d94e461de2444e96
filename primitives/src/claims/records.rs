//! What the chain stores about insurance products, coverages, invoices, claims,
//! pre-authorisations and clearing statements. Amounts are integers in fen (0.01 yuan), never
//! floats; patients appear only as the consent pallet's subject commitments and documents only
//! as hashes.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

pub use crate::consent::{DocumentHash, Moment, Subject};
use crate::OrganizationId;
pub use bounded_collections::{BoundedVec, ConstU32};

/// An amount of money in fen (0.01 yuan).
pub type Fen = u64;
/// The largest amount any field may carry: 100 billion yuan. Far above any real invoice, it
/// keeps every sum and product of the adjudication inside 64 bits.
pub const MAX_AMOUNT: Fen = 10_000_000_000_000;

/// The lock of one e-invoice across all insurers: a keyed commitment to the invoice's code,
/// number and issuer under the consortium's invoice key, held off chain by members
/// ([`super::invoice_key_preimage`]).
pub type InvoiceKey = [u8; 32];
/// A version of a product's rules: the hash of their encoding ([`super::rules_hash`]).
pub type RulesHash = [u8; 32];
/// Identifies a coverage. Assigned in order of registration.
pub type CoverageId = u64;
/// Identifies a claim. Assigned in order of submission.
pub type ClaimId = u64;
/// Identifies a pre-authorisation. Assigned in order of request.
pub type PreauthId = u64;
/// Identifies a clearing statement. Assigned in order of settlement.
pub type StatementId = u64;
/// A coverage's policy year: 0 for the year from its start, 1 for the next, and so on.
pub type PolicyYear = u16;

/// One day in milliseconds.
pub const DAY_MS: Moment = 86_400_000;
/// A policy year in milliseconds (365 days).
pub const POLICY_YEAR_MS: Moment = 365 * DAY_MS;
/// Insurance Law art. 23: an insurer decides within 30 days (appeals, pre-authorisations).
pub const DECISION_DEADLINE_MS: Moment = 30 * DAY_MS;
/// Insurance Law art. 23: an insurer pays within 10 days of agreeing to pay.
pub const PAYMENT_DEADLINE_MS: Moment = 10 * DAY_MS;

/// How many catalogue codes one product may exclude.
pub const MAX_EXCLUSIONS: u32 = 64;
/// How many items one claim may carry.
pub const MAX_CLAIM_ITEMS: u32 = 64;
/// How many claims (by different coverages) one invoice may carry.
pub const MAX_CLAIMS_PER_INVOICE: u32 = 8;
/// How many coverages one beneficiary may hold.
pub const MAX_COVERAGES_PER_BENEFICIARY: u32 = 8;
/// How many claims one clearing statement may settle.
pub const MAX_STATEMENT_CLAIMS: u32 = 256;
/// The longest catalogue code, in bytes (the national medical insurance codes are at most 27
/// characters).
pub const MAX_CATALOGUE_CODE_LEN: u32 = 32;

/// A ratio in basis points: 10,000 is 100%.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Default, Encode, Decode, DecodeWithMemTracking)]
#[derive(MaxEncodedLen, TypeInfo, serde::Serialize, serde::Deserialize)]
pub struct Ratio(pub u16);

impl Ratio {
	/// 100%.
	pub const FULL: Ratio = Ratio(10_000);

	/// The ratio in percent, e.g. 70 for 7,000 basis points.
	pub const fn percent(percent: u16) -> Ratio {
		Ratio(percent * 100)
	}

	/// Whether it is at most 100%.
	pub const fn is_valid(self) -> bool {
		self.0 <= Self::FULL.0
	}

	/// `amount × ratio`, rounded down to the whole fen (the rounding rule of adjudication).
	pub fn of_rounding_down(self, amount: Fen) -> Fen {
		(amount as u128 * self.0 as u128 / Self::FULL.0 as u128) as Fen
	}
}

/// A code of the national medical insurance catalogue (drugs, services, consumables), ASCII
/// letters, digits and `-` / `.` only.
pub type CatalogueCode = BoundedVec<u8, ConstU32<MAX_CATALOGUE_CODE_LEN>>;

/// Whether `code` is a well-formed catalogue code.
pub fn is_catalogue_code(code: &[u8]) -> bool {
	!code.is_empty() && code.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'.')
}

/// An insurance product's rules. A change is a new version: the hash of the rules.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct ProductRules {
	/// The insurer offering it.
	pub insurer: OrganizationId,
	/// The hash of the product's terms and conditions.
	#[serde(with = "crate::consent::hex32")]
	pub terms: DocumentHash,
	/// The deductible per policy year.
	pub deductible: Fen,
	/// The share of the eligible amount above the deductible the insurer pays when basic
	/// medical insurance settled the invoice.
	pub ratio_with_basic: Ratio,
	/// The share when basic medical insurance did not settle it.
	pub ratio_without_basic: Ratio,
	/// A fixed copay per claim, taken off the benefit.
	pub copay: Fen,
	/// The most one claim pays.
	pub per_claim_cap: Fen,
	/// The most the coverage pays in one policy year.
	pub annual_cap: Fen,
	/// Catalogue codes the product does not cover, sorted and without repeats.
	#[serde(with = "catalogue_list")]
	pub exclusions: BoundedVec<CatalogueCode, ConstU32<MAX_EXCLUSIONS>>,
}

/// `[start, end)` in Unix milliseconds.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct CoveragePeriod {
	/// The first millisecond covered.
	pub start: Moment,
	/// The first millisecond no longer covered.
	pub end: Moment,
}

impl CoveragePeriod {
	/// Whether `t` falls inside.
	pub const fn contains(&self, t: Moment) -> bool {
		self.start <= t && t < self.end
	}

	/// The policy year `t` falls in, if inside.
	pub fn policy_year(&self, t: Moment) -> Option<PolicyYear> {
		self.contains(t).then(|| ((t - self.start) / POLICY_YEAR_MS).min(PolicyYear::MAX as u64) as PolicyYear)
	}
}

/// A policy as its insurer registers it.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct CoverageTerms {
	/// The insured patient: the consent pallet's subject commitment.
	#[serde(with = "crate::consent::hex32")]
	pub beneficiary: Subject,
	/// The product rules' version.
	#[serde(with = "crate::consent::hex32")]
	pub product: RulesHash,
	/// When it covers services.
	pub period: CoveragePeriod,
	/// Its order when several commercial policies cover one invoice: 1 pays first.
	pub order: u8,
	/// The hash of the policy contract.
	#[serde(with = "crate::consent::hex32")]
	pub policy: DocumentHash,
}

/// A registered coverage.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Coverage {
	/// The insurer that registered it.
	pub insurer: OrganizationId,
	/// Its terms.
	pub terms: CoverageTerms,
}

/// What a coverage has used in one policy year.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen)]
#[derive(TypeInfo, serde::Serialize, serde::Deserialize)]
pub struct Accumulator {
	/// Deductible met so far.
	pub deductible_used: Fen,
	/// Benefits paid (or agreed) so far.
	pub paid_used: Fen,
}

/// The patient's own share of an invoice after basic medical insurance.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen)]
#[derive(TypeInfo, serde::Serialize, serde::Deserialize)]
pub struct SelfPay {
	/// Self-paid share of items inside the basic insurance catalogue (自付).
	pub within_catalogue: Fen,
	/// Items outside the catalogue, paid in full by the patient (自费).
	pub outside_catalogue: Fen,
}

/// An e-invoice and its basic medical insurance settlement, as the issuing hospital anchors it
/// at discharge.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct InvoiceAnchor {
	/// The invoice's key.
	#[serde(with = "crate::consent::hex32")]
	pub key: InvoiceKey,
	/// The patient: the consent pallet's subject commitment.
	#[serde(with = "crate::consent::hex32")]
	pub subject: Subject,
	/// The hash of the encounter record.
	#[serde(with = "crate::consent::hex32")]
	pub encounter: DocumentHash,
	/// The hash of the itemised lines.
	#[serde(with = "crate::consent::hex32")]
	pub lines: DocumentHash,
	/// When the service ended (discharge), in Unix milliseconds.
	pub service_at: Moment,
	/// The invoice total T.
	pub total: Fen,
	/// Whether basic medical insurance settled the invoice.
	pub basic_settled: bool,
	/// What the basic medical insurance fund paid, B.
	pub basic_paid: Fen,
	/// The patient's share: `basic_paid + within + outside = total`.
	pub self_pay: SelfPay,
}

/// An anchored invoice and what commercial insurers pay on it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Invoice {
	/// The hospital that issued and anchored it.
	pub issuer: OrganizationId,
	/// What it anchored.
	pub anchor: InvoiceAnchor,
	/// When.
	pub anchored_at: Moment,
	/// The sum of the benefits of its live claims (adjudicated, paid or cleared).
	pub commercial_paid: Fen,
	/// Its claims, in order of submission.
	pub claims: BoundedVec<ClaimId, ConstU32<MAX_CLAIMS_PER_INVOICE>>,
}

/// One item of a claim: a catalogue code and the amount billed for it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct ClaimItem {
	/// The catalogue code, as ASCII.
	#[serde(with = "catalogue_text")]
	pub code: CatalogueCode,
	/// The amount billed.
	pub amount: Fen,
}

/// The items of a claim.
pub type ClaimItems = BoundedVec<ClaimItem, ConstU32<MAX_CLAIM_ITEMS>>;

/// The hash of a claim's items, [`super::items_hash`].
pub type ItemsHash = [u8; 32];

/// The adjudication's outcome.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
	/// The benefit is what the product's ratio gives on the eligible amount.
	Approved,
	/// Some items were excluded, or a cap cut the benefit.
	Partial,
	/// Nothing is payable.
	Denied,
}

/// The adjudication of a claim, with the breakdown the hospital and the patient see (FHIR
/// `ClaimResponse.item.adjudication`). Every amount is in fen.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Adjudication {
	/// The sum of the claim's items, S.
	pub submitted: Fen,
	/// What basic medical insurance paid, B.
	pub basic_paid: Fen,
	/// What other commercial insurers had paid on the invoice, O.
	pub other_insurers_paid: Fen,
	/// The residual R = T − B − O.
	pub residual: Fen,
	/// Items the product excludes, X.
	pub excluded: Fen,
	/// The eligible amount E = min(R, S) − X, floored at 0.
	pub eligible: Fen,
	/// The deductible taken, d = min(E, deductible left).
	pub deductible: Fen,
	/// The ratio applied.
	pub ratio: Ratio,
	/// The patient's coinsurance: (E − d) minus (E − d) × ratio rounded down.
	pub coinsurance: Fen,
	/// The fixed copay taken.
	pub copay: Fen,
	/// What the per-claim cap, the annual cap or a pre-authorisation's limit took off.
	pub cap_reduction: Fen,
	/// The benefit the insurer pays the hospital, P.
	pub benefit: Fen,
	/// The outcome.
	pub outcome: Outcome,
}

/// A claim's state.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimState {
	/// Adjudicated (approved, partial or denied: see the adjudication's outcome).
	Adjudicated,
	/// The insurer paid the hospital.
	Paid,
	/// A clearing statement between the insurer and the hospital settled the payment.
	Cleared,
	/// Withdrawn before payment; the invoice and the accumulators are released.
	Cancelled,
	/// The adjudication was reversed and awaits readjudication.
	Reversed,
	/// The hospital appealed the adjudication; the insurer must readjudicate within 30 days.
	Appealed,
}

impl ClaimState {
	/// Whether the claim's benefit counts on its invoice and in the accumulators.
	pub const fn is_live(self) -> bool {
		matches!(self, ClaimState::Adjudicated | ClaimState::Paid | ClaimState::Cleared | ClaimState::Appealed)
	}
}

/// A payment the insurer made to the hospital for a claim.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Payment {
	/// When it was recorded.
	pub paid_at: Moment,
	/// The amount: the claim's benefit.
	pub amount: Fen,
	/// The hash of the payment order or bank reference.
	#[serde(with = "crate::consent::hex32")]
	pub reference: DocumentHash,
}

/// A claim as stored.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Claim {
	/// The coverage claimed under.
	pub coverage: CoverageId,
	/// The coverage's insurer, which submitted it.
	pub insurer: OrganizationId,
	/// The hospital that issued the invoice, paid directly.
	pub hospital: OrganizationId,
	/// The invoice.
	#[serde(with = "crate::consent::hex32")]
	pub invoice: InvoiceKey,
	/// The coverage's policy year of the service.
	pub policy_year: PolicyYear,
	/// The hash of the items claimed ([`super::items_hash`]): the chain keeps the amounts it
	/// adjudicated, and the hospital and the insurer keep the catalogue codes off chain, where
	/// they check them against this hash. No code is in clear against the subject.
	#[serde(with = "crate::consent::hex32")]
	pub items_hash: ItemsHash,
	/// How many items were claimed.
	pub item_count: u8,
	/// The pre-authorisation it consumed, if any.
	pub preauth: Option<PreauthId>,
	/// The latest adjudication.
	pub adjudication: Adjudication,
	/// How many times it was adjudicated (more than 1 after readjudication).
	pub revision: u8,
	/// Its state.
	pub state: ClaimState,
	/// When it was submitted.
	pub submitted_at: Moment,
	/// When it was last adjudicated (the insurer's agreement: payment is due 10 days after).
	pub decided_at: Moment,
	/// When it was appealed, and the hash of the grounds.
	pub appeal: Option<(Moment, DocumentHash)>,
	/// The payment, once made.
	pub payment: Option<Payment>,
	/// The clearing statement that settled it.
	pub statement: Option<StatementId>,
}

/// A pre-authorisation's state. An approval past its expiry is expired.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum PreauthState {
	/// Awaiting the insurer's decision (within 30 days).
	Requested,
	/// Approved up to `limit` for claims submitted before `expires_at`.
	Approved {
		/// The most a claim under it pays.
		limit: Fen,
		/// The first millisecond it no longer applies.
		expires_at: Moment,
	},
	/// Refused.
	Denied,
	/// Used by a claim.
	Consumed {
		/// The claim.
		claim: ClaimId,
		/// The approved limit, which still limits the claim if it is readjudicated.
		limit: Fen,
	},
}

/// A pre-authorisation a hospital asked of an insurer before treatment.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Preauthorization {
	/// The coverage.
	pub coverage: CoverageId,
	/// The coverage's insurer, which decides.
	pub insurer: OrganizationId,
	/// The hospital asking.
	pub hospital: OrganizationId,
	/// The hash of the planned treatment.
	#[serde(with = "crate::consent::hex32")]
	pub encounter: DocumentHash,
	/// The estimated cost.
	pub estimate: Fen,
	/// When it was asked.
	pub requested_at: Moment,
	/// Its state.
	pub state: PreauthState,
}

impl Preauthorization {
	/// The state as of `now`, with an approval past its expiry shown as expired.
	pub fn state_at(&self, now: Moment) -> &'static str {
		match self.state {
			PreauthState::Requested => "requested",
			PreauthState::Approved { expires_at, .. } if now >= expires_at => "expired",
			PreauthState::Approved { .. } => "approved",
			PreauthState::Denied => "denied",
			PreauthState::Consumed { .. } => "consumed",
		}
	}
}

/// What a statutory deadline is for.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum DeadlineFor {
	/// Paying an agreed claim (10 days).
	ClaimPayment(ClaimId),
	/// Deciding an appealed claim (30 days).
	AppealDecision(ClaimId),
	/// Deciding a pre-authorisation (30 days).
	PreauthDecision(PreauthId),
}

/// A deadline an insurer must meet.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Deadline {
	/// The insurer that must act.
	pub insurer: OrganizationId,
	/// The last millisecond to act in.
	pub due: Moment,
}

/// A clearing statement: the direct payments an insurer made to a hospital in a period,
/// settled in one transfer.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct ClearingStatement {
	/// The paying insurer.
	pub insurer: OrganizationId,
	/// The paid hospital.
	pub hospital: OrganizationId,
	/// Payments recorded in `[from, to)`.
	pub from: Moment,
	/// See `from`.
	pub to: Moment,
	/// How many claims it settles.
	pub claims: u32,
	/// Their total.
	pub total: Fen,
	/// BLAKE2-256 of the SCALE-encoded list of (claim, amount) it settles, in order.
	#[serde(with = "crate::consent::hex32")]
	pub claims_hash: [u8; 32],
	/// When it was settled.
	pub settled_at: Moment,
}

/// The hash a statement keeps of the (claim, amount) pairs it settles.
pub fn statement_claims_hash(claims: &[(ClaimId, Fen)]) -> [u8; 32] {
	sp_crypto_hashing::blake2_256(&codec::Encode::encode(claims))
}

/// Serde for catalogue codes as text.
pub mod catalogue_text {
	use super::{is_catalogue_code, CatalogueCode};
	use alloc::string::String;
	use serde::{de::Error, Deserialize, Deserializer, Serializer};

	/// Serialises as text.
	pub fn serialize<S: Serializer>(code: &CatalogueCode, serializer: S) -> Result<S::Ok, S::Error> {
		serializer.serialize_str(&String::from_utf8_lossy(code))
	}

	/// Deserialises from text, refusing malformed codes.
	pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<CatalogueCode, D::Error> {
		let text = String::deserialize(deserializer)?;
		if !is_catalogue_code(text.as_bytes()) {
			return Err(D::Error::custom("a catalogue code is ASCII letters, digits, '-' and '.'"));
		}
		CatalogueCode::try_from(text.into_bytes()).map_err(|_| D::Error::custom("a catalogue code is at most 32 bytes"))
	}
}

/// Serde for lists of catalogue codes as lists of text.
pub mod catalogue_list {
	use super::{CatalogueCode, ConstU32, MAX_EXCLUSIONS};
	use alloc::{string::String, vec::Vec};
	use bounded_collections::BoundedVec;
	use serde::{de::Error, Deserialize, Deserializer, Serialize, Serializer};

	#[derive(Serialize, Deserialize)]
	struct Code(#[serde(with = "super::catalogue_text")] CatalogueCode);

	/// Serialises as a list of text.
	pub fn serialize<S: Serializer>(
		codes: &BoundedVec<CatalogueCode, ConstU32<MAX_EXCLUSIONS>>,
		serializer: S,
	) -> Result<S::Ok, S::Error> {
		codes.iter().map(|code| String::from_utf8_lossy(code).into_owned()).collect::<Vec<_>>().serialize(serializer)
	}

	/// Deserialises from a list of text.
	pub fn deserialize<'de, D: Deserializer<'de>>(
		deserializer: D,
	) -> Result<BoundedVec<CatalogueCode, ConstU32<MAX_EXCLUSIONS>>, D::Error> {
		let codes: Vec<Code> = Vec::deserialize(deserializer)?;
		BoundedVec::try_from(codes.into_iter().map(|c| c.0).collect::<Vec<_>>())
			.map_err(|_| D::Error::custom("a product excludes at most 64 catalogue codes"))
	}
}
