//! The consent pallet's types: the records shared with the node and the SDK
//! (`medtrust_primitives::consent`), and what a hospital submits to log an access.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

pub use medtrust_primitives::consent::{
	audit::BreakGlassReview, AccessEntry, Action, Basis, ConsentHead, ConsentId, ConsentStatus, ConsentTerms,
	DataClass, DocumentHash, LogHead, LoggedDecision, Moment, Purpose, Subject, SubjectRecord, Version,
};
pub use medtrust_primitives::trace::BlockNumber;
use medtrust_primitives::Role;

/// An access as the accessing organisation reports it; the chain adds the block, the time
/// check and the link to the previous entry.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
pub struct AccessReport {
	/// The patient.
	pub subject: Subject,
	/// The role the organisation acted in.
	pub role: Role,
	/// Why.
	pub purpose: Purpose,
	/// What it did.
	pub action: Action,
	/// Which data.
	pub data_class: DataClass,
	/// When, in Unix milliseconds: not after the block, and not before it by more than
	/// `Config::MaxLogDelay`.
	pub accessed_at: Moment,
	/// The hash of a pointer to the record accessed.
	pub record: DocumentHash,
	/// The consent version or statutory basis. A consent is checked: it must have permitted
	/// exactly this access at `accessed_at`.
	pub basis: Basis,
	/// Permit, deny or break-glass.
	pub decision: LoggedDecision,
	/// The hash of the stated reason; required for break-glass.
	pub reason: Option<DocumentHash>,
}
