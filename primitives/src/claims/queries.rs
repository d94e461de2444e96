//! What the claims runtime API answers: a claim, an invoice with its claims, an explanation of
//! benefits, a coverage's accumulators, eligibility, a clearing draft and overdue deadlines.

use alloc::vec::Vec;
use codec::{Decode, Encode};
use scale_info::TypeInfo;

use super::records::*;
use crate::OrganizationId;

/// A claim and its id.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, serde::Serialize, serde::Deserialize)]
pub struct ClaimRecord {
	/// The claim's id.
	pub id: ClaimId,
	/// The claim.
	#[serde(flatten)]
	pub claim: Claim,
}

/// An anchored invoice and every claim on it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, serde::Serialize, serde::Deserialize)]
pub struct InvoiceClaims {
	/// The invoice.
	pub invoice: Invoice,
	/// Its claims, in order of submission.
	pub claims: Vec<ClaimRecord>,
}

/// Where a coverage stands in one policy year.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, serde::Serialize, serde::Deserialize)]
pub struct CoverageStanding {
	/// The coverage's id.
	pub id: CoverageId,
	/// The coverage.
	pub coverage: Coverage,
	/// The policy year.
	pub policy_year: PolicyYear,
	/// What it has used that year.
	pub accumulator: Accumulator,
	/// The deductible still to meet that year.
	pub deductible_left: Fen,
	/// What the annual cap still allows that year.
	pub annual_left: Fen,
}

/// An explanation of benefits: a claim with everything that explains its adjudication.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, serde::Serialize, serde::Deserialize)]
pub struct ExplanationOfBenefits {
	/// The claim.
	pub claim: ClaimRecord,
	/// The invoice it is on.
	pub invoice: Invoice,
	/// The product's rules it was adjudicated under.
	pub product: ProductRules,
	/// The coverage's standing in the claim's policy year, now.
	pub standing: CoverageStanding,
}

/// An eligibility question from a hospital at admission or discharge.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, serde::Serialize, serde::Deserialize)]
pub struct EligibilityQuery {
	/// The coverage the patient presents.
	pub coverage: CoverageId,
	/// The patient's subject commitment.
	#[serde(with = "crate::consent::hex32")]
	pub subject: Subject,
	/// When the service is (or was); now if absent.
	#[serde(default)]
	pub service_at: Option<Moment>,
	/// An invoice to estimate the benefit on, with no exclusions, if given.
	#[serde(default)]
	pub estimate: Option<InvoiceEstimate>,
}

/// An invoice's amounts, for an estimate.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, serde::Serialize, serde::Deserialize)]
pub struct InvoiceEstimate {
	/// The total T.
	pub total: Fen,
	/// What basic medical insurance pays, B.
	pub basic_paid: Fen,
	/// Whether basic medical insurance settles it.
	pub basic_settled: bool,
}

/// Why a coverage does not cover a service.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ineligibility {
	/// No coverage has this id.
	UnknownCoverage,
	/// The coverage insures another patient.
	BeneficiaryMismatch,
	/// The service falls outside the coverage's period.
	NotInForce,
	/// The patient has no third-party-provision consent naming the insurer for payment.
	NoConsent,
	/// The annual cap is used up.
	AnnualCapReached,
}

impl Ineligibility {
	/// The reason in plain words.
	pub fn message(&self) -> &'static str {
		match self {
			Ineligibility::UnknownCoverage => "no coverage has this id",
			Ineligibility::BeneficiaryMismatch => "the coverage insures another patient",
			Ineligibility::NotInForce => "the service falls outside the coverage's period",
			Ineligibility::NoConsent =>
				"the patient has no third-party-provision consent naming the insurer for payment",
			Ineligibility::AnnualCapReached => "the coverage's annual cap is used up",
		}
	}
}

/// The answer to an eligibility question.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, serde::Serialize, serde::Deserialize)]
pub struct Eligibility {
	/// Why not, if the coverage does not cover the service.
	pub ineligible: Option<Ineligibility>,
	/// The coverage's standing in the service's policy year, if in force.
	pub standing: Option<CoverageStanding>,
	/// The product's rules, if the coverage exists.
	pub product: Option<RulesHash>,
	/// The benefit the estimate's invoice would get, if asked and eligible.
	pub estimate: Option<Adjudication>,
}

/// A clearing draft: the paid, uncleared claims of an insurer to a hospital in a period, to
/// reconcile and then settle as a statement.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, serde::Serialize, serde::Deserialize)]
pub struct ClearingDraft {
	/// The paying insurer.
	pub insurer: OrganizationId,
	/// The paid hospital.
	pub hospital: OrganizationId,
	/// Payments recorded in `[from, to)`.
	pub from: Moment,
	/// See `from`.
	pub to: Moment,
	/// The claims and their payments, in claim order.
	pub claims: Vec<ClearingLine>,
	/// Their total.
	pub total: Fen,
	/// What the statement will keep: the hash of the (claim, amount) list.
	#[serde(with = "crate::consent::hex32")]
	pub claims_hash: [u8; 32],
}

/// One claim of a clearing draft.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, serde::Serialize, serde::Deserialize)]
pub struct ClearingLine {
	/// The claim.
	pub claim: ClaimId,
	/// The invoice.
	#[serde(with = "crate::consent::hex32")]
	pub invoice: InvoiceKey,
	/// The payment.
	pub payment: Payment,
}

/// The most overdue deadlines one page lists.
pub const MAX_OVERDUE_ANSWER: u32 = 1_000;
/// The most deadline entries one page looks at (met ones are skipped); a page cut here gives
/// its cursor.
pub const MAX_OVERDUE_SCAN: u32 = 10_000;

/// Where a list of overdue deadlines goes on: the next position in each of the two
/// due-ordered lists of deadlines (payment deadlines, 10 days; decision deadlines, 30 days).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo, serde::Serialize, serde::Deserialize)]
pub struct OverdueCursor {
	/// The next payment deadline to look at.
	pub payment: u64,
	/// The next decision deadline (appeal or pre-authorisation) to look at.
	pub decision: u64,
}

/// One page of overdue deadlines, the longest overdue first.
#[derive(Clone, PartialEq, Eq, Debug, Default, Encode, Decode, TypeInfo, serde::Serialize, serde::Deserialize)]
pub struct OverduePage {
	/// The deadlines past due at the block asked.
	pub overdue: Vec<Overdue>,
	/// Where to go on from, if the page was cut (by its limit or the scan bound); `None`
	/// when nothing more is overdue.
	pub next: Option<OverdueCursor>,
}

/// A statutory deadline that has passed.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, serde::Serialize, serde::Deserialize)]
pub struct Overdue {
	/// What is overdue.
	pub what: DeadlineFor,
	/// The insurer that must act.
	pub insurer: OrganizationId,
	/// When it was due.
	pub due: Moment,
	/// By how many milliseconds it is late, at the block asked.
	pub late_by: Moment,
}
