//! Consent and the access log: subject commitments, access decisions, signed audit queries,
//! the check of an exported log, the consent calls, and FHIR JSON for what auditors read.
//!
//! A patient never appears on chain. Their home hospital makes a **subject commitment** with a
//! key only it holds ([`SubjectKey`]): HMAC-SHA-256, or HMAC-SM3 for domestic cryptography.
//! Destroying the key (and recording an erasure tombstone) leaves nothing on chain that can be
//! linked back to the patient: without the key, a patient identifier commits to an unrelated
//! value.

use hmac::{Mac, SimpleHmac};
use medtrust_primitives::{
	consent::{
		audit::{
			signing_payload, AuditAnswer, AuditQuery, AuditSignature, ConsentRecord, LogFilter, LoggedAccess, MAX_AUDIT_RESULTS,
		},
		hex32, verify_log, AccessEntry, AccessRequest, ConsentId, ConsentTerms, DecisionReport, DocumentHash,
		LogBreak, LogHead, Moment, Subject,
	},
	OrganizationId,
};
use subxt::rpcs::client::rpc_params;
use zeroize::Zeroizing;

use crate::{client::node_error, runtime, trace::recode, Ed25519Signer, MedtrustClient, SubmitError, H256};

pub use medtrust_primitives::consent::AccessReport;

pub mod fhir;

/// The hash function behind a subject commitment.
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum CommitmentAlgorithm {
	/// HMAC-SHA-256 (RFC 2104, FIPS 180-4).
	HmacSha256,
	/// HMAC-SM3 (GB/T 32905-2016), for domestic cryptography.
	HmacSm3,
}

/// A hospital's key for subject commitments. Kept off chain; destroying it is erasure.
pub struct SubjectKey {
	key: Zeroizing<Vec<u8>>,
	algorithm: CommitmentAlgorithm,
}

impl SubjectKey {
	/// A key of at least 16 bytes.
	pub fn new(key: &[u8], algorithm: CommitmentAlgorithm) -> Result<Self, ConsentError> {
		if key.len() < 16 {
			return Err(ConsentError::Input("a subject key needs at least 16 bytes".into()));
		}
		Ok(SubjectKey { key: Zeroizing::new(key.to_vec()), algorithm })
	}

	/// The subject commitment for a patient identifier (an ID card number, an MRN, …).
	/// Identifiers are trimmed and upper-cased first, so that `11010519491231002x` and
	/// `11010519491231002X` are one patient.
	pub fn commit(&self, patient_id: &str) -> Subject {
		let normalised = patient_id.trim().to_uppercase();
		let message = [b"medtrust-subject/1:".as_slice(), normalised.as_bytes()].concat();
		match self.algorithm {
			CommitmentAlgorithm::HmacSha256 => {
				let mut mac = SimpleHmac::<sha2::Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length; qed");
				mac.update(&message);
				mac.finalize().into_bytes().into()
			},
			CommitmentAlgorithm::HmacSm3 => {
				let mut mac = SimpleHmac::<sm3::Sm3>::new_from_slice(&self.key).expect("HMAC takes any key length; qed");
				mac.update(&message);
				mac.finalize().into_bytes().into()
			},
		}
	}
}

/// Why a consent request could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ConsentError {
	/// The input is malformed.
	#[error("{0}")]
	Input(String),
	/// An exported log does not match the chain's head.
	#[error("the exported log does not match the chain: {}", .0.message())]
	LogBroken(LogBreak),
	#[error(transparent)]
	Submit(#[from] SubmitError),
}

/// Reads a subject commitment given as 64 hex digits.
pub fn parse_subject(text: &str) -> Result<Subject, ConsentError> {
	hex32::from_hex(text).ok_or_else(|| ConsentError::Input(format!("not a subject (64 hex digits): {text}")))
}

/// A subject's whole log as exported by an auditor at a finalised block.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ExportedLog {
	/// The subject.
	#[serde(with = "hex32")]
	pub subject: Subject,
	/// The finalised block the log was read at: whoever checks the export reads the chain's
	/// head at this block, never the head written in the file.
	pub at: H256,
	/// That block's number.
	pub block: u64,
	/// The log's head at that block, as exported (for reading; the check does not trust it).
	pub head: LogHead,
	/// Every entry, oldest first.
	pub entries: Vec<AccessEntry>,
}

impl ExportedLog {
	/// Checks the export against a head, such as the chain's at [`Self::at`].
	pub fn verify(&self, head: &LogHead) -> Result<(), ConsentError> {
		verify_log(&self.entries, head).map_err(ConsentError::LogBroken)
	}
}

/// What checking an export against the chain found.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum ExportCheck {
	/// Every entry is the chain's, none missing: the export chains to the chain's head at its
	/// block.
	Intact {
		/// The chain's head at the export's block.
		head: LogHead,
	},
	/// The export is not the chain's log at its block.
	Tampered {
		/// The chain's head at the export's block.
		head: LogHead,
		/// What the hash chain shows.
		problem: LogBreak,
		/// The first entry that differs from the chain's, when the checker could read the
		/// chain's log (an auditor's key); the shorter side's length when one is a prefix of
		/// the other.
		first_difference: Option<u32>,
	},
}

impl MedtrustClient {
	/// The decision on `request` now, answered natively by the node (`consent_decide`).
	pub async fn decide(&self, request: &AccessRequest) -> Result<DecisionReport, ConsentError> {
		Ok(self.rpc("consent_decide", rpc_params![request]).await?)
	}

	/// The same decision computed by the runtime API (`consent_decideInRuntime`).
	pub async fn decide_in_runtime(&self, request: &AccessRequest) -> Result<DecisionReport, ConsentError> {
		Ok(self.rpc("consent_decideInRuntime", rpc_params![request]).await?)
	}

	/// The head of a subject's access log at the best block.
	pub async fn log_head(&self, subject: &Subject) -> Result<LogHead, ConsentError> {
		self.log_head_at(subject, None).await
	}

	/// The head of a subject's access log at block `at` (the best block if `None`). A node
	/// that pruned that block's state cannot answer; ask an archive node.
	pub async fn log_head_at(&self, subject: &Subject, at: Option<H256>) -> Result<LogHead, ConsentError> {
		Ok(self.rpc("consent_logHead", rpc_params![hex32::to_hex(subject), at]).await?)
	}

	/// Asks an audit question, signed by `signer`'s account.
	pub async fn audit(&self, query: &AuditQuery, signer: &Ed25519Signer) -> Result<AuditAnswer, ConsentError> {
		self.audit_at(query, signer, None).await
	}

	/// [`Self::audit`] at block `at` (the best block if `None`). The signature binds the
	/// question to this chain, that block and the time of signing; the runtime checks all three.
	pub async fn audit_at(
		&self,
		query: &AuditQuery,
		signer: &Ed25519Signer,
		at: Option<H256>,
	) -> Result<AuditAnswer, ConsentError> {
		let issued_at = std::time::SystemTime::now()
			.duration_since(std::time::UNIX_EPOCH)
			.map_err(|e| ConsentError::Input(e.to_string()))?
			.as_millis() as Moment;
		let hash = match at {
			Some(hash) => hash,
			None => self
				.legacy
				.chain_get_block_hash(None)
				.await
				.map_err(node_error)?
				.ok_or_else(|| ConsentError::Input("the node has no best block".into()))?,
		};
		let header = self.legacy.chain_get_header(Some(hash)).await.map_err(node_error)?;
		let block = header.ok_or_else(|| ConsentError::Input(format!("block {hash:?} has no header")))?.number as u32;
		let genesis = self.api.genesis_hash();
		let signature = signer.sign_bytes(&signing_payload(genesis.as_ref(), block, issued_at, query));
		let signed = AuditSignature {
			account: signer.account_id().to_string(),
			issued_at,
			block,
			signature: format!("0x{}", hex::encode(signature)),
		};
		Ok(self.rpc("consent_audit", rpc_params![query, signed, Some(hash)]).await?)
	}

	/// Every entry of a subject's log matching `filter`, page by page.
	pub async fn subject_log(
		&self,
		subject: &Subject,
		filter: LogFilter,
		signer: &Ed25519Signer,
	) -> Result<(LogHead, Vec<LoggedAccess>), ConsentError> {
		self.subject_log_at(subject, filter, signer, None).await
	}

	/// [`Self::subject_log`] with every page read at block `at` (the best block if `None`).
	pub async fn subject_log_at(
		&self,
		subject: &Subject,
		filter: LogFilter,
		signer: &Ed25519Signer,
		at: Option<H256>,
	) -> Result<(LogHead, Vec<LoggedAccess>), ConsentError> {
		let (mut from, mut all) = (0, Vec::new());
		loop {
			let query = AuditQuery::SubjectLog { subject: *subject, filter, from, limit: MAX_AUDIT_RESULTS };
			match self.audit_at(&query, signer, at).await? {
				AuditAnswer::Log { head, accesses, next } => {
					all.extend(accesses);
					match next {
						Some(next) => from = next,
						None => return Ok((head, all)),
					}
				},
				other => return Err(ConsentError::Input(format!("unexpected answer: {other:?}"))),
			}
		}
	}

	/// Every consent recorded for a subject, with every version, in order of recording: every
	/// page read at the best block.
	pub async fn subject_consents(&self, subject: &Subject, signer: &Ed25519Signer) -> Result<Vec<ConsentRecord>, ConsentError> {
		let at: H256 = self.rpc("chain_getBlockHash", rpc_params![]).await?;
		let (mut cursor, mut all) = (0, Vec::new());
		loop {
			let query = AuditQuery::SubjectConsentsFrom { subject: *subject, cursor, limit: MAX_AUDIT_RESULTS };
			match self.audit_at(&query, signer, Some(at)).await? {
				AuditAnswer::ConsentPage { consents, next } => {
					all.extend(consents);
					match next {
						Some(next) => cursor = next,
						None => return Ok(all),
					}
				},
				other => return Err(ConsentError::Input(format!("unexpected answer: {other:?}"))),
			}
		}
	}

	/// Exports a subject's whole log at the latest finalised block, every page read at that
	/// block, and checks it against the chain's head there.
	pub async fn export_log(&self, subject: &Subject, signer: &Ed25519Signer) -> Result<ExportedLog, ConsentError> {
		let at = self.legacy.chain_get_finalized_head().await.map_err(node_error)?;
		let header = self.legacy.chain_get_header(Some(at)).await.map_err(node_error)?;
		let block = header.ok_or_else(|| ConsentError::Input(format!("block {at:?} has no header")))?.number;
		let (head, accesses) = self.subject_log_at(subject, LogFilter::All, signer, Some(at)).await?;
		let log = ExportedLog { subject: *subject, at, block, head, entries: accesses.into_iter().map(|a| a.entry).collect() };
		log.verify(&head)?;
		Ok(log)
	}

	/// Checks an export against the chain's log head at the export's own block, so that an
	/// export cut short and re-hashed is found out however much the log grew since. With an
	/// auditor's (or the home hospital's) key, a tampered export is compared with the chain's
	/// log at that block, entry by entry, to say which entry differs.
	pub async fn check_export(&self, log: &ExportedLog, signer: Option<&Ed25519Signer>) -> Result<ExportCheck, ConsentError> {
		let head = self.log_head_at(&log.subject, Some(log.at)).await?;
		let Err(problem) = verify_log(&log.entries, &head) else { return Ok(ExportCheck::Intact { head }) };
		let first_difference = match signer {
			Some(signer) => {
				let (_, chain) = self.subject_log_at(&log.subject, LogFilter::All, signer, Some(log.at)).await?;
				let differs = log.entries.iter().zip(chain.iter().map(|a| &a.entry)).position(|(exported, kept)| exported != kept);
				Some(differs.map_or(log.entries.len().min(chain.len()), |i| i) as u32)
			},
			None => None,
		};
		Ok(ExportCheck::Tampered { head, problem, first_difference })
	}
}

/// The calls of the consent pallet, built from the SDK's domain types.
pub mod calls {
	use super::*;
	use crate::runtime::consent::calls as args;

	type Call<T> = subxt::tx::StaticPayload<T>;

	pub fn register_subject(subject: Subject, delegate: Option<OrganizationId>) -> Call<args::RegisterSubject> {
		runtime::tx().consent().register_subject(subject, delegate)
	}

	pub fn set_delegate(subject: Subject, delegate: Option<OrganizationId>) -> Call<args::SetDelegate> {
		runtime::tx().consent().set_delegate(subject, delegate)
	}

	pub fn record_consent(terms: &ConsentTerms, supersedes: Option<ConsentId>) -> Call<args::RecordConsent> {
		runtime::tx().consent().record_consent(recode(terms), supersedes)
	}

	pub fn withdraw_consent(consent: ConsentId, entered_in_error: bool) -> Call<args::WithdrawConsent> {
		runtime::tx().consent().withdraw_consent(consent, entered_in_error)
	}

	/// Logs up to 100 accesses, all or none.
	pub fn record_access(reports: &[AccessReport]) -> Call<args::RecordAccess> {
		runtime::tx().consent().record_access(recode(&reports.to_vec()))
	}

	pub fn review_break_glass(
		subject: Subject,
		index: u32,
		justified: bool,
		findings: DocumentHash,
	) -> Call<args::ReviewBreakGlass> {
		runtime::tx().consent().review_break_glass(subject, index, justified, findings)
	}

	pub fn record_erasure(subject: Subject) -> Call<args::RecordErasure> {
		runtime::tx().consent().record_erasure(subject)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn commitments_are_keyed_and_the_algorithm_is_selectable() {
		let key = SubjectKey::new(b"hospital-1 subject key 2026", CommitmentAlgorithm::HmacSha256).unwrap();
		let sm3 = SubjectKey::new(b"hospital-1 subject key 2026", CommitmentAlgorithm::HmacSm3).unwrap();
		let other = SubjectKey::new(b"a key that replaced the destroyed one", CommitmentAlgorithm::HmacSha256).unwrap();
		let id = "11010519491231002X";
		assert_eq!(key.commit(id), key.commit(" 11010519491231002x "));
		assert_ne!(key.commit(id), sm3.commit(id));
		assert_ne!(key.commit(id), other.commit(id), "without the key, the identifier links to nothing");
		assert!(SubjectKey::new(b"short", CommitmentAlgorithm::HmacSm3).is_err());
		// RFC 4231 test case 2 pins HMAC-SHA-256 itself (through the same construction).
		let mut mac = SimpleHmac::<sha2::Sha256>::new_from_slice(b"Jefe").unwrap();
		mac.update(b"what do ya want for nothing?");
		assert_eq!(
			hex::encode(mac.finalize().into_bytes()),
			"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
		);
	}
}
