//! # Claims pallet
//!
//! Commercial health insurance one-stop claims (直赔, direct pay): the hospital anchors the
//! invoice and the basic medical insurance settlement, the insurer's product rules adjudicate
//! the remainder on chain in the block that includes the claim, the insurer pays the hospital
//! directly and the payments are cleared in statements. One invoice is never paid twice across
//! insurers: B + all commercial benefits ≤ T on every invoice.
//!
//! - an **insurer** registers **products** (rules versioned by their hash: deductible,
//!   coinsurance ratio with and without basic insurance settlement, copay, per-claim and
//!   annual caps, excluded catalogue codes) and **coverages** (beneficiary commitment, product
//!   version, period, order among several policies);
//! - a **hospital** anchors an **invoice** (its key, the patient's commitment, the total, the
//!   hash of the itemised lines, basic insurance's fund-paid amount and the self-pay split);
//! - the insurer **submits a claim** on its own coverage for an anchored invoice. It needs the
//!   patient's third-party-provision consent naming the insurer for payment (the consent
//!   pallet, through [`medtrust_primitives::consent::ConsentInspect`]). The claim is
//!   adjudicated at once by [`medtrust_primitives::claims::adjudicate`] and the coverage's
//!   accumulators for the policy year are updated in the same call;
//! - the insurer **pays** an agreed claim (within 10 days: Insurance Law art. 23) and
//!   **settles clearing statements** with each hospital;
//! - a claim may be **cancelled** before payment, **reversed** before clearing and then
//!   **readjudicated**, or **appealed** by the hospital, which the insurer must readjudicate
//!   within 30 days; a hospital may ask a **pre-authorisation**, which the insurer decides
//!   within 30 days and which limits the claim that uses it before it expires;
//! - the statutory **deadlines** are kept in [`Deadlines`]; those past due are the regulator's
//!   overdue list (runtime API `ClaimsApi::overdue`).
//!
//! Amounts are integers in fen. Time is the block's timestamp in Unix milliseconds.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

mod adjudicating;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod clearing;
mod lifecycle;
pub mod migrations;
#[cfg(test)]
mod mock;
mod queries;
mod registry;
mod state_growth;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

/// Sets up members and consents for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Makes `who` act for a new active organisation holding every role.
	fn member(who: &AccountId) -> medtrust_primitives::OrganizationId;
	/// Makes `subject` permit `insurer` to receive its billing data for payment, as its home
	/// hospital `hospital` would record it, among `consents` consents of the subject in all
	/// (the others not applying), so that a decision reads them all.
	fn grant_claims_consent(
		hospital: medtrust_primitives::OrganizationId,
		subject: Subject,
		insurer: medtrust_primitives::OrganizationId,
		consents: u32,
	);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::UnixTime};
	use frame_system::pallet_prelude::*;
	use medtrust_primitives::{
		consent::{ConsentInspect, MAX_CONSENTS_PER_SUBJECT},
		OrganizationId, OrganizationInspect, Role,
	};

	/// The storage version: 1 since claims keep the hash of their items.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The consortium's organisations and their roles.
		type Organizations: OrganizationInspect<Self::AccountId>;

		/// The patients' consents: a claim needs a third-party-provision consent naming the
		/// insurer for payment.
		type Consents: ConsentInspect;

		/// Wall-clock time: periods, deadlines and payments are in Unix milliseconds.
		type UnixTime: UnixTime;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;

		/// Sets up members and consents for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Registered product rules, by version (the hash of the rules).
	#[pallet::storage]
	pub type Products<T> = StorageMap<_, Blake2_128Concat, RulesHash, ProductRules>;

	/// The id the next coverage gets.
	#[pallet::storage]
	pub type NextCoverageId<T> = StorageValue<_, CoverageId, ValueQuery>;

	/// Coverages by id.
	#[pallet::storage]
	pub type Coverages<T> = StorageMap<_, Twox64Concat, CoverageId, Coverage>;

	/// Each beneficiary's coverages, to enforce the order of payers on an invoice.
	#[pallet::storage]
	pub type BeneficiaryCoverages<T> = StorageMap<
		_,
		Blake2_128Concat,
		Subject,
		BoundedVec<CoverageId, ConstU32<MAX_COVERAGES_PER_BENEFICIARY>>,
		ValueQuery,
	>;

	/// What each coverage has used in each policy year.
	#[pallet::storage]
	pub type Accumulators<T> =
		StorageDoubleMap<_, Twox64Concat, CoverageId, Twox64Concat, PolicyYear, Accumulator, ValueQuery>;

	/// Anchored invoices by key: the one lock per invoice across all insurers.
	#[pallet::storage]
	pub type Invoices<T> = StorageMap<_, Blake2_128Concat, InvoiceKey, Invoice>;

	/// The id the next claim gets.
	#[pallet::storage]
	pub type NextClaimId<T> = StorageValue<_, ClaimId, ValueQuery>;

	/// Claims by id.
	#[pallet::storage]
	pub type Claims<T> = StorageMap<_, Twox64Concat, ClaimId, Claim>;

	/// The id the next pre-authorisation gets.
	#[pallet::storage]
	pub type NextPreauthId<T> = StorageValue<_, PreauthId, ValueQuery>;

	/// Pre-authorisations by id.
	#[pallet::storage]
	pub type Preauthorizations<T> = StorageMap<_, Twox64Concat, PreauthId, Preauthorization>;

	/// Statutory deadlines not yet met: paying agreed claims, deciding appeals and
	/// pre-authorisations.
	#[pallet::storage]
	pub type Deadlines<T> = StorageMap<_, Twox64Concat, DeadlineFor, Deadline>;

	/// How many payment deadlines were ever set.
	#[pallet::storage]
	pub type PaymentDeadlineCount<T> = StorageValue<_, u64, ValueQuery>;

	/// Every payment deadline in the order set, which is the order they fall due (each is
	/// 10 days after its claim's decision), with its due time: the regulator's list of
	/// overdue deadlines walks this from a cursor. An entry whose deadline was met (or set
	/// again, with another due time) is skipped.
	#[pallet::storage]
	pub type PaymentDeadlineOrder<T> = StorageMap<_, Twox64Concat, u64, (DeadlineFor, Moment)>;

	/// How many decision deadlines (appeals, pre-authorisations) were ever set.
	#[pallet::storage]
	pub type DecisionDeadlineCount<T> = StorageValue<_, u64, ValueQuery>;

	/// Every decision deadline in the order set, which is the order they fall due (each is
	/// 30 days after its request), with its due time; as [`PaymentDeadlineOrder`].
	#[pallet::storage]
	pub type DecisionDeadlineOrder<T> = StorageMap<_, Twox64Concat, u64, (DeadlineFor, Moment)>;

	/// Paid claims not yet cleared, by (insurer, hospital).
	#[pallet::storage]
	pub type Uncleared<T> =
		StorageDoubleMap<_, Twox64Concat, (OrganizationId, OrganizationId), Twox64Concat, ClaimId, ()>;

	/// The id the next clearing statement gets.
	#[pallet::storage]
	pub type NextStatementId<T> = StorageValue<_, StatementId, ValueQuery>;

	/// Settled clearing statements.
	#[pallet::storage]
	pub type Statements<T> = StorageMap<_, Twox64Concat, StatementId, ClearingStatement>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An insurer registered a version of a product's rules.
		ProductRegistered { product: RulesHash, insurer: OrganizationId },
		/// An insurer registered a coverage.
		CoverageRegistered { coverage: CoverageId, insurer: OrganizationId, product: RulesHash },
		/// An insurer ended a coverage: it covers no service from `end` on, and once `end` has
		/// passed it no longer holds one of the beneficiary's places.
		CoverageEnded { coverage: CoverageId, end: Moment },
		/// A hospital anchored an invoice and its basic insurance settlement.
		InvoiceAnchored { invoice: InvoiceKey, issuer: OrganizationId, total: Fen },
		/// A claim was adjudicated (first or again after reversal or appeal).
		ClaimAdjudicated {
			claim: ClaimId,
			coverage: CoverageId,
			invoice: InvoiceKey,
			revision: u8,
			outcome: Outcome,
			benefit: Fen,
		},
		/// The insurer paid the hospital for a claim.
		ClaimPaid { claim: ClaimId, hospital: OrganizationId, amount: Fen },
		/// A claim was cancelled before payment.
		ClaimCancelled { claim: ClaimId, by: OrganizationId },
		/// A claim's adjudication was reversed; it awaits readjudication.
		ClaimReversed { claim: ClaimId, reason: DocumentHash },
		/// The hospital appealed a claim's adjudication.
		ClaimAppealed { claim: ClaimId, decide_by: Moment },
		/// A clearing statement settled paid claims between an insurer and a hospital.
		ClearingSettled {
			statement: StatementId,
			insurer: OrganizationId,
			hospital: OrganizationId,
			claims: u32,
			total: Fen,
		},
		/// A hospital asked a pre-authorisation.
		PreauthRequested { preauth: PreauthId, coverage: CoverageId, hospital: OrganizationId, decide_by: Moment },
		/// The insurer decided a pre-authorisation: approved up to a limit, or denied.
		PreauthDecided { preauth: PreauthId, approved_limit: Option<Fen> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The signer acts for no organisation.
		NotAMember,
		/// The signer's organisation is suspended.
		OrganizationSuspended,
		/// The signer's organisation lacks the role this call needs.
		MissingRole,
		/// A coinsurance ratio is above 100% (10,000 basis points).
		RatioAbove100Percent,
		/// An amount is above the largest allowed (100 billion yuan), or a sum overflows.
		AmountTooLarge,
		/// A catalogue code is empty or holds characters other than ASCII letters, digits, '-'
		/// and '.'.
		MalformedCatalogueCode,
		/// A product's exclusions are not sorted or repeat a code.
		ExclusionsNotSorted,
		/// A product's rules name another insurer.
		ProductOfAnotherInsurer,
		/// These rules are already registered.
		ProductExists,
		/// No product has this version.
		UnknownProduct,
		/// A period's end is not after its start, or an expiry is not in the future.
		InvalidPeriod,
		/// A coverage's order is 0; the first payer is 1.
		InvalidOrder,
		/// The beneficiary holds as many coverages as allowed.
		TooManyCoverages,
		/// No coverage has this id.
		UnknownCoverage,
		/// The coverage, claim or pre-authorisation belongs to another insurer.
		NotYourCoverage,
		/// The service falls outside the coverage's period.
		CoverageNotInForce,
		/// An invoice with this key is already anchored.
		InvoiceExists,
		/// The invoice's total is zero, or basic insurance's payment plus the self-pay split
		/// is not the total, or basic insurance paid without settling.
		InvoiceDoesNotBalance,
		/// The service is after the current block's time.
		ServiceInFuture,
		/// No invoice with this key was anchored by its issuing hospital.
		UnknownInvoice,
		/// The coverage insures another patient than the invoice's.
		BeneficiaryMismatch,
		/// The patient has no third-party-provision consent naming the insurer for payment.
		NoConsent,
		/// The claim has no items.
		NoItems,
		/// The claimed items add up to more than the anchored invoice total.
		ClaimAboveInvoiceTotal,
		/// Basic insurance and other insurers have already paid the whole invoice.
		NothingLeftToPay,
		/// This coverage already has a claim on this invoice.
		DuplicateClaim,
		/// The invoice has as many claims as allowed.
		TooManyClaims,
		/// A coverage of the beneficiary that pays earlier (lower order) has not claimed this
		/// invoice yet.
		EarlierPayerNotClaimed,
		/// No pre-authorisation has this id.
		UnknownPreauth,
		/// The pre-authorisation is for another coverage.
		PreauthForAnotherCoverage,
		/// The pre-authorisation is not approved (requested, denied or already used).
		PreauthNotApproved,
		/// The pre-authorisation has expired.
		PreauthExpired,
		/// The pre-authorisation was already decided.
		PreauthAlreadyDecided,
		/// No claim has this id.
		UnknownClaim,
		/// The claim is another hospital's.
		NotYourClaim,
		/// The claim is not in a state that allows this (see the call's documentation).
		InvalidClaimState,
		/// A denied claim has nothing to pay.
		ClaimDenied,
		/// A statement names no claim.
		EmptyStatement,
		/// A statement's claims are not in increasing order of id, or repeat one.
		StatementClaimsNotInOrder,
		/// A claim of the statement is for another hospital.
		ClaimOfAnotherHospital,
		/// A claim of the statement was not paid in the statement's period.
		PaymentOutsidePeriod,
		/// The statement's total is not the sum of its claims' payments.
		StatementTotalMismatch,
		/// A counter is exhausted.
		Overflow,
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a version of a product's rules; its id is the hash of the rules.
		///
		/// Origin: signed by the insurer the rules name. Errors: `ProductOfAnotherInsurer`,
		/// `RatioAbove100Percent`, `AmountTooLarge`, `MalformedCatalogueCode`,
		/// `ExclusionsNotSorted`, `ProductExists`, membership errors. Event: `ProductRegistered`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_product())]
		pub fn register_product(origin: OriginFor<T>, rules: ProductRules) -> DispatchResult {
			let insurer = Self::member_with(origin, Role::Insurer)?;
			Self::do_register_product(insurer, rules)
		}

		/// Registers a coverage of one of the signer's products, for a beneficiary who gave the
		/// insurer a claims consent (their hospital records it in the consent pallet). Coverages
		/// of the beneficiary that have ended give their places up.
		///
		/// Origin: signed by an insurer. Errors: `UnknownProduct`, `ProductOfAnotherInsurer`,
		/// `InvalidPeriod`, `InvalidOrder`, `NoConsent` (record the beneficiary's claims consent
		/// first), `TooManyCoverages`, `Overflow`. Event: `CoverageRegistered`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::register_coverage())]
		pub fn register_coverage(origin: OriginFor<T>, terms: CoverageTerms) -> DispatchResult {
			let insurer = Self::member_with(origin, Role::Insurer)?;
			Self::do_register_coverage(insurer, terms)
		}

		/// Anchors an e-invoice the signer's hospital issued, with basic medical insurance's
		/// settlement.
		///
		/// Origin: signed by a hospital. Errors: `InvoiceExists`, `AmountTooLarge`,
		/// `InvoiceDoesNotBalance`, `ServiceInFuture`. Event: `InvoiceAnchored`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::anchor_invoice())]
		pub fn anchor_invoice(origin: OriginFor<T>, invoice: InvoiceAnchor) -> DispatchResult {
			let hospital = Self::member_with(origin, Role::Hospital)?;
			Self::do_anchor_invoice(hospital, invoice)
		}

		/// Submits a claim on the signer's coverage for an anchored invoice and adjudicates it
		/// in this block, updating the coverage's accumulators.
		///
		/// Origin: signed by the coverage's insurer. Errors: `UnknownCoverage`,
		/// `NotYourCoverage`, `UnknownInvoice`, `BeneficiaryMismatch`, `CoverageNotInForce`,
		/// `NoConsent`, `MalformedCatalogueCode`, `NoItems`, `AmountTooLarge`,
		/// `ClaimAboveInvoiceTotal`, `NothingLeftToPay`, `DuplicateClaim`, `TooManyClaims`,
		/// `EarlierPayerNotClaimed`, `UnknownPreauth`, `PreauthForAnotherCoverage`,
		/// `PreauthNotApproved`, `PreauthExpired`, `Overflow`. Event: `ClaimAdjudicated`.
		///
		/// Weight: charged for the subject's most consents and the beneficiary's most
		/// coverages, and refunded to what the claim read, so that a block holds as many
		/// ordinary claims as their real cost allows.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::submit_claim(
			items.len() as u32,
			MAX_CONSENTS_PER_SUBJECT,
			MAX_COVERAGES_PER_BENEFICIARY - 1,
		))]
		pub fn submit_claim(
			origin: OriginFor<T>,
			coverage: CoverageId,
			invoice: InvoiceKey,
			items: ClaimItems,
			preauth: Option<PreauthId>,
		) -> DispatchResultWithPostInfo {
			let insurer = Self::member_with(origin, Role::Insurer)?;
			let count = items.len() as u32;
			let read = Self::do_submit_claim(insurer, coverage, invoice, items, preauth)?;
			Ok(Some(T::WeightInfo::submit_claim(count, read.consents, read.earlier)).into())
		}

		/// Records that the insurer paid the hospital an agreed (approved or partial) claim's
		/// benefit.
		///
		/// Origin: signed by the claim's insurer. Errors: `UnknownClaim`, `NotYourCoverage`,
		/// `InvalidClaimState` (not adjudicated), `ClaimDenied`. Event: `ClaimPaid`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::pay_claim())]
		pub fn pay_claim(origin: OriginFor<T>, claim: ClaimId, reference: DocumentHash) -> DispatchResult {
			let insurer = Self::member_with(origin, Role::Insurer)?;
			Self::do_pay_claim(insurer, claim, reference)
		}

		/// Settles a clearing statement: the listed paid claims of the signer to `hospital`,
		/// paid in `[from, to)`, totalling `total`, become cleared.
		///
		/// Origin: signed by an insurer. Errors: `EmptyStatement`, `InvalidPeriod`,
		/// `StatementClaimsNotInOrder`, `UnknownClaim`, `NotYourCoverage`,
		/// `ClaimOfAnotherHospital`, `InvalidClaimState` (not paid), `PaymentOutsidePeriod`,
		/// `StatementTotalMismatch`, `Overflow`. Event: `ClearingSettled`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::settle_clearing(claims.len() as u32))]
		pub fn settle_clearing(
			origin: OriginFor<T>,
			hospital: OrganizationId,
			from: Moment,
			to: Moment,
			claims: BoundedVec<ClaimId, ConstU32<MAX_STATEMENT_CLAIMS>>,
			total: Fen,
		) -> DispatchResult {
			let insurer = Self::member_with(origin, Role::Insurer)?;
			Self::do_settle_clearing(insurer, hospital, from, to, claims, total)
		}

		/// Cancels a claim that is not paid; its benefit leaves the invoice and the
		/// accumulators, and it leaves the invoice's list of claims, so that its place is free
		/// for another (an invoice holds at most `MAX_CLAIMS_PER_INVOICE`). The claim's record
		/// stays, by its id.
		///
		/// Origin: signed by the claim's insurer or hospital. Errors: `UnknownClaim`,
		/// `NotYourClaim`, `InvalidClaimState` (paid, cleared or cancelled). Event:
		/// `ClaimCancelled`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::cancel_claim())]
		pub fn cancel_claim(origin: OriginFor<T>, claim: ClaimId) -> DispatchResult {
			let who = Self::member_with_any(origin)?;
			Self::do_cancel_claim(who, claim)
		}

		/// Reverses a claim's adjudication (and its payment, if not cleared) so that it can be
		/// readjudicated.
		///
		/// Origin: signed by the claim's insurer. Errors: `UnknownClaim`, `NotYourCoverage`,
		/// `InvalidClaimState` (not adjudicated or paid). Event: `ClaimReversed`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::reverse_claim())]
		pub fn reverse_claim(origin: OriginFor<T>, claim: ClaimId, reason: DocumentHash) -> DispatchResult {
			let insurer = Self::member_with(origin, Role::Insurer)?;
			Self::do_reverse_claim(insurer, claim, reason)
		}

		/// Adjudicates a reversed or appealed claim again, with corrected items (the same
		/// items uphold an appealed decision).
		///
		/// Origin: signed by the claim's insurer. Errors: `UnknownClaim`, `NotYourCoverage`,
		/// `InvalidClaimState` (not reversed or appealed), the adjudication errors of
		/// `submit_claim`. Event: `ClaimAdjudicated`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::readjudicate_claim())]
		pub fn readjudicate_claim(origin: OriginFor<T>, claim: ClaimId, items: ClaimItems) -> DispatchResult {
			let insurer = Self::member_with(origin, Role::Insurer)?;
			Self::do_readjudicate_claim(insurer, claim, items)
		}

		/// Appeals a partial or denied, unpaid adjudication; the insurer must readjudicate it
		/// within 30 days.
		///
		/// Origin: signed by the claim's hospital. Errors: `UnknownClaim`, `NotYourClaim`,
		/// `InvalidClaimState` (not adjudicated, or approved in full). Event: `ClaimAppealed`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::appeal_claim())]
		pub fn appeal_claim(origin: OriginFor<T>, claim: ClaimId, grounds: DocumentHash) -> DispatchResult {
			let hospital = Self::member_with(origin, Role::Hospital)?;
			Self::do_appeal_claim(hospital, claim, grounds)
		}

		/// Asks the coverage's insurer to pre-authorise a planned treatment; it must decide
		/// within 30 days.
		///
		/// Origin: signed by a hospital. Errors: `UnknownCoverage`, `BeneficiaryMismatch`,
		/// `CoverageNotInForce`, `NoConsent`, `AmountTooLarge`, `Overflow`. Event:
		/// `PreauthRequested`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::request_preauth())]
		pub fn request_preauth(
			origin: OriginFor<T>,
			coverage: CoverageId,
			subject: Subject,
			encounter: DocumentHash,
			estimate: Fen,
		) -> DispatchResult {
			let hospital = Self::member_with(origin, Role::Hospital)?;
			Self::do_request_preauth(hospital, coverage, subject, encounter, estimate)
		}

		/// Decides a pre-authorisation: approved up to a limit until an expiry, or denied.
		///
		/// Origin: signed by the coverage's insurer. Errors: `UnknownPreauth`,
		/// `NotYourCoverage`, `PreauthAlreadyDecided`, `AmountTooLarge`, `InvalidPeriod` (an
		/// expiry not in the future). Event: `PreauthDecided`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::decide_preauth())]
		pub fn decide_preauth(
			origin: OriginFor<T>,
			preauth: PreauthId,
			approval: Option<(Fen, Moment)>,
		) -> DispatchResult {
			let insurer = Self::member_with(origin, Role::Insurer)?;
			Self::do_decide_preauth(insurer, preauth, approval)
		}

		/// Ends one of the signer's coverages at `end` (now or later): it covers no service
		/// from then on, and once `end` has passed the beneficiary's place is free for another
		/// coverage.
		///
		/// Origin: signed by the coverage's insurer. Errors: `UnknownCoverage`,
		/// `NotYourCoverage`, `InvalidPeriod` (`end` in the past, or not before the coverage's
		/// current end). Event: `CoverageEnded`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::end_coverage())]
		pub fn end_coverage(origin: OriginFor<T>, coverage: CoverageId, end: Moment) -> DispatchResult {
			let insurer = Self::member_with(origin, Role::Insurer)?;
			Self::do_end_coverage(insurer, coverage, end)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The signer's active organisation, holding `role`.
		pub(crate) fn member_with(origin: OriginFor<T>, role: Role) -> Result<OrganizationId, DispatchError> {
			Self::member_with_one_of(origin, &[role])
		}

		/// The signer's active organisation, whatever its roles.
		pub(crate) fn member_with_any(origin: OriginFor<T>) -> Result<OrganizationId, DispatchError> {
			Self::member_with_one_of(origin, &[])
		}

		/// The signer's active organisation, holding one of `roles` (any if none is named).
		fn member_with_one_of(origin: OriginFor<T>, roles: &[Role]) -> Result<OrganizationId, DispatchError> {
			let who = ensure_signed(origin)?;
			T::Organizations::ensure_any_role(&who, roles).map_err(|e| Self::membership_error(e).into())
		}

		fn membership_error(e: medtrust_primitives::MembershipError) -> Error<T> {
			match e {
				medtrust_primitives::MembershipError::NotAMember => Error::<T>::NotAMember,
				medtrust_primitives::MembershipError::OrganizationSuspended => Error::<T>::OrganizationSuspended,
				medtrust_primitives::MembershipError::MissingRole => Error::<T>::MissingRole,
			}
		}

		/// The time of the current block, in Unix milliseconds.
		pub fn now() -> Moment {
			T::UnixTime::now().as_millis() as Moment
		}

		/// Takes the next id from a counter.
		pub(crate) fn next_id<Q: frame_support::storage::StorageValue<u64, Query = u64>>() -> Result<u64, Error<T>> {
			let id = Q::get();
			Q::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
			Ok(id)
		}
	}
}
