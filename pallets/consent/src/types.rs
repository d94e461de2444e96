//! The consent pallet's types: the records and the access report shared with the node and the
//! SDK (`medtrust_primitives::consent`).

pub use medtrust_primitives::consent::{
	audit::BreakGlassReview, AccessEntry, AccessReport, Action, Basis, ConsentHead, ConsentId, ConsentStatus, ConsentTerms,
	DataClass, DocumentHash, LogHead, LoggedDecision, Moment, Purpose, Subject, SubjectRecord, Version,
};
pub use medtrust_primitives::trace::BlockNumber;
