//! The consent runtime API: the access decision, a log's head and the auditor's queries. The
//! node's `consent_decide` RPC answers the decision natively from storage with the same code,
//! for speed; this API is the reference it is tested against.

use codec::Codec;
use medtrust_primitives::consent::{
	audit::{AuditAnswer, AuditError, SignedAuditQuery},
	AccessRequest, Decision, LogHead, Subject,
};

sp_api::decl_runtime_apis! {
	/// Queries of the consent records and the access log.
	///
	/// Version 2: `audit` takes the signed question and checks the signature itself, so that
	/// no caller can ask on a bare account id. Version 3: the question
	/// `UnreviewedBreakGlassFrom` pages the unreviewed break-glass accesses, and every log
	/// query stops after `MAX_AUDIT_SCAN` entries with its cursor. Version 4: the question
	/// `SubjectConsentsFrom` pages a subject's consents in order of recording.
	#[api_version(4)]
	pub trait ConsentApi<AccountId: Codec, Signature: Codec> {
		/// The decision on a request now.
		fn decide(request: AccessRequest) -> Decision;
		/// The head of a subject's access log.
		fn log_head(subject: Subject) -> LogHead;
		/// Answers an audit query asked by `requester`, whose signature the node checked.
		#[changed_in(2)]
		fn audit(requester: AccountId, query: medtrust_primitives::consent::audit::AuditQuery) -> Result<AuditAnswer, AuditError>;
		/// Answers a signed audit query, after checking its signature, block and freshness.
		fn audit(signed: SignedAuditQuery<AccountId, Signature>) -> Result<AuditAnswer, AuditError>;
	}
}
