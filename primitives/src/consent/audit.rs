//! What auditors, regulators and a subject's home organisation may ask of the access log, and
//! what they get back.
//!
//! A query is signed by the asker's account over [`signing_payload`], which binds it to the
//! chain (genesis hash), the block it is asked at and the time it was signed. The runtime API
//! takes the [`SignedAuditQuery`] and checks all of it itself (signature, block, freshness
//! against the block's timestamp) before it checks that the account's organisation may read
//! what is asked, so no caller of the runtime API can ask on a bare account id.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;

use super::{
	log::{AccessEntry, LogHead},
	records::{ConsentHead, ConsentId, ConsentTerms, DocumentHash, Moment, Subject},
};
use crate::{trace::BlockNumber, OrganizationId};

/// The most results one query returns; ask again from the cursor for more.
pub const MAX_AUDIT_RESULTS: u32 = 500;
/// The most log entries or accesses one query looks at. A filter that matches few of them
/// ends its answer here, with the cursor to go on from, so that no query walks storage without
/// bound.
pub const MAX_AUDIT_SCAN: u32 = 10_000;
/// The most recent consents of a subject an access is compared with to flag it as made after
/// a withdrawal or expiry: a subject's history grows for life, a log query must not.
pub const MAX_ENDED_CONSENTS_CHECKED: u32 = 64;
/// How long a signed query stays valid, in milliseconds either side of the block's timestamp.
pub const AUDIT_SIGNATURE_VALIDITY_MS: Moment = 5 * 60 * 1000;

/// Which entries of a subject's log to return.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogFilter {
	/// Every entry.
	All,
	/// Denied requests.
	Denied,
	/// Break-glass accesses.
	BreakGlass,
	/// Disclosures to another organisation.
	Disclosures,
	/// Accesses made after a consent naming the accessor was withdrawn or expired.
	AfterWithdrawalOrExpiry,
}

/// A question for the access log.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "query")]
pub enum AuditQuery {
	/// A subject's log from entry `from`, filtered.
	SubjectLog {
		/// The patient.
		#[serde(with = "super::hex32")]
		subject: Subject,
		/// Which entries.
		filter: LogFilter,
		/// The first entry index to look at.
		from: u32,
		/// At most this many results.
		limit: u32,
	},
	/// Every consent ever recorded for a subject, with every version: the same as
	/// [`AuditQuery::SubjectConsentsFrom`] from 0 with the largest limit, answered with
	/// [`AuditAnswer::Consents`] when that is all of them and [`AuditAnswer::ConsentPage`]
	/// when it is not.
	SubjectConsents {
		/// The patient.
		#[serde(with = "super::hex32")]
		subject: Subject,
	},
	/// Every access an organisation recorded in `[from, to)`, from its `cursor`-th access on.
	OrganizationAccesses {
		/// The organisation.
		organization: OrganizationId,
		/// The first millisecond of the period.
		from: Moment,
		/// The first millisecond after it.
		to: Moment,
		/// The organisation's access index to start at.
		cursor: u64,
		/// At most this many results.
		limit: u32,
		/// Only accesses whose permit rested on no valid consent (break-glass and statutory).
		without_consent: bool,
	},
	/// Break-glass accesses no auditor or regulator has reviewed, the first due first;
	/// `overdue_only`: past their review deadline, which makes them findings. The same as
	/// [`AuditQuery::UnreviewedBreakGlassFrom`] from cursor 0.
	UnreviewedBreakGlass {
		/// Only overdue ones.
		overdue_only: bool,
		/// At most this many results.
		limit: u32,
	},
	/// [`AuditQuery::UnreviewedBreakGlass`] from a cursor: the break-glass access number
	/// (in the order they were recorded, which is the order they fall due) to start at.
	UnreviewedBreakGlassFrom {
		/// Only overdue ones.
		overdue_only: bool,
		/// The break-glass access number to start at; an answer's `next`.
		cursor: u64,
		/// At most this many results.
		limit: u32,
	},
	/// A subject's consents in order of recording, from the `cursor`-th on.
	SubjectConsentsFrom {
		/// The patient.
		#[serde(with = "super::hex32")]
		subject: Subject,
		/// The position (0 for the first consent recorded) to start at; an answer's `next`.
		cursor: u32,
		/// At most this many consents.
		limit: u32,
	},
}

/// An auditor's or regulator's review of a break-glass access.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, codec::MaxEncodedLen, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct BreakGlassReview {
	/// The reviewing organisation.
	pub reviewer: OrganizationId,
	/// Whether the emergency justified the access.
	pub justified: bool,
	/// The block that recorded the review.
	pub block: BlockNumber,
	/// The hash of the review's written findings.
	#[serde(with = "super::hex32")]
	pub findings: DocumentHash,
}

/// One access with what an auditor needs beside it.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct LoggedAccess {
	/// The patient.
	#[serde(with = "super::hex32")]
	pub subject: Subject,
	/// The entry's index in the subject's log.
	pub index: u32,
	/// The entry.
	pub entry: AccessEntry,
	/// For a break-glass access: its review, if done.
	pub review: Option<BreakGlassReview>,
	/// For an unreviewed break-glass access: the last block for its review.
	pub review_due: Option<BlockNumber>,
	/// Whether a consent naming the accessor had been withdrawn or had expired by then.
	pub after_withdrawal_or_expiry: bool,
}

/// One consent with all its versions.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct ConsentRecord {
	/// The consent.
	pub id: ConsentId,
	/// Its subject, recorder and version spans.
	pub head: ConsentHead,
	/// The terms of version *n* at index *n − 1*.
	pub versions: Vec<ConsentTerms>,
}

/// The answer to an [`AuditQuery`].
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "answer")]
pub enum AuditAnswer {
	/// Entries of a subject's log, with the log's head for checking an export.
	Log {
		/// The log's head at the block asked.
		head: LogHead,
		/// The matching entries.
		accesses: Vec<LoggedAccess>,
		/// The entry index to continue from, if the answer was cut: by the limit, or after
		/// [`MAX_AUDIT_SCAN`] entries looked at.
		next: Option<u32>,
	},
	/// A subject's consents.
	Consents {
		/// Every consent, in order of recording.
		consents: Vec<ConsentRecord>,
	},
	/// Accesses across subjects.
	Accesses {
		/// The matching accesses.
		accesses: Vec<LoggedAccess>,
		/// The cursor to continue from, if the answer was cut: by the limit, or after
		/// [`MAX_AUDIT_SCAN`] accesses looked at.
		next: Option<u64>,
	},
	/// Some of a subject's consents, in order of recording.
	ConsentPage {
		/// The consents from the cursor on.
		consents: Vec<ConsentRecord>,
		/// The position to continue from, if there are more.
		next: Option<u32>,
	},
}

/// Why an audit query is refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditError {
	/// The asking account acts for no active organisation.
	NotAMember,
	/// Only auditors, regulators and the subject's home organisation or delegate may read a
	/// subject's log; only they and the organisation itself may list an organisation's accesses.
	NotAuthorized,
	/// No organisation registered this subject.
	UnknownSubject,
	/// The limit is zero or above [`MAX_AUDIT_RESULTS`].
	InvalidLimit,
	/// The signature does not match the requester, the question, the block and this chain.
	BadSignature,
	/// The question was signed more than [`AUDIT_SIGNATURE_VALIDITY_MS`] from the block's time.
	NotFresh,
	/// The question was signed to be asked at another block.
	WrongBlock,
}

impl AuditError {
	/// The refusal in plain words.
	pub fn message(&self) -> &'static str {
		match self {
			AuditError::NotAMember => "the signing account acts for no active organisation",
			AuditError::NotAuthorized =>
				"only auditors, regulators and the subject's home organisation or its delegate may read this",
			AuditError::UnknownSubject => "no organisation registered this subject",
			AuditError::InvalidLimit => "the limit must be between 1 and 500",
			AuditError::BadSignature =>
				"the signature does not match the requesting account, the question, the block and this chain",
			AuditError::NotFresh =>
				"the question was signed more than 5 minutes from the block's time: sign it again",
			AuditError::WrongBlock => "the question was signed to be asked at another block",
		}
	}
}

/// Who asks an audit question over JSON-RPC, and their signature over it.
#[derive(Clone, PartialEq, Eq, Debug, serde::Deserialize, serde::Serialize)]
pub struct AuditSignature {
	/// The asking account, SS58.
	pub account: alloc::string::String,
	/// When the question was signed, in Unix milliseconds.
	pub issued_at: Moment,
	/// The number of the block the question is asked at (the RPC's `at`, or the best block).
	pub block: BlockNumber,
	/// The ed25519 or sr25519 signature over [`signing_payload`], as 0x-prefixed hex.
	pub signature: alloc::string::String,
}

/// An audit question with its asker and signature, as the runtime API takes it: the runtime
/// checks the signature itself, so that no caller of the API can ask on a bare account id.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct SignedAuditQuery<AccountId, Signature> {
	/// The question.
	pub query: AuditQuery,
	/// The asking account.
	pub requester: AccountId,
	/// The number of the block it is asked at; the runtime refuses it at any other.
	pub block: BlockNumber,
	/// When it was signed, in Unix milliseconds; it must be within
	/// [`AUDIT_SIGNATURE_VALIDITY_MS`] of the block's timestamp.
	pub issued_at: Moment,
	/// The requester's signature over [`signing_payload`].
	pub signature: Signature,
}

/// The bytes an asker signs for `query`, asked at block number `block` of the chain whose
/// genesis hash is `genesis`, issued at `issued_at` (Unix milliseconds).
pub fn signing_payload(genesis: &[u8], block: BlockNumber, issued_at: Moment, query: &AuditQuery) -> Vec<u8> {
	let mut payload = b"medtrust-audit/2:".to_vec();
	(genesis, block, issued_at, query).encode_to(&mut payload);
	payload
}
