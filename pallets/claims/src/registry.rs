//! Products, coverages and invoices: what insurers and hospitals register before a claim.

use frame_support::{ensure, pallet_prelude::DispatchResult};
use medtrust_primitives::{
	claims::{is_catalogue_code, rules_hash},
	OrganizationId,
};

use crate::{pallet::*, types::*};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_register_product(insurer: OrganizationId, rules: ProductRules) -> DispatchResult {
		ensure!(rules.insurer == insurer, Error::<T>::ProductOfAnotherInsurer);
		ensure!(rules.ratio_with_basic.is_valid() && rules.ratio_without_basic.is_valid(), Error::<T>::RatioAbove100Percent);
		ensure!(
			[rules.deductible, rules.copay, rules.per_claim_cap, rules.annual_cap].iter().all(|a| *a <= MAX_AMOUNT),
			Error::<T>::AmountTooLarge
		);
		ensure!(rules.exclusions.iter().all(|code| is_catalogue_code(code)), Error::<T>::MalformedCatalogueCode);
		ensure!(rules.exclusions.windows(2).all(|pair| pair[0] < pair[1]), Error::<T>::ExclusionsNotSorted);
		let product = rules_hash(&rules);
		ensure!(!Products::<T>::contains_key(product), Error::<T>::ProductExists);
		Products::<T>::insert(product, rules);
		Self::deposit_event(Event::ProductRegistered { product, insurer });
		Ok(())
	}

	pub(crate) fn do_register_coverage(insurer: OrganizationId, terms: CoverageTerms) -> DispatchResult {
		let rules = Products::<T>::get(terms.product).ok_or(Error::<T>::UnknownProduct)?;
		ensure!(rules.insurer == insurer, Error::<T>::ProductOfAnotherInsurer);
		ensure!(terms.period.start < terms.period.end, Error::<T>::InvalidPeriod);
		ensure!(terms.order >= 1, Error::<T>::InvalidOrder);
		// The beneficiary's claims consent to this insurer (recorded by their hospital) is
		// their agreement to be covered: without it an insurer could fill a stranger's places
		// and lock other insurers out.
		Self::claims_consent(terms.beneficiary, insurer)?;
		let now = Self::now();
		let mut held = BeneficiaryCoverages::<T>::get(terms.beneficiary);
		// A coverage that has ended no longer holds a place. (A later claim for a service in
		// its period is then no longer ordered behind it; it can never pay twice, which the
		// invoice's running total prevents.)
		held.retain(|id| Coverages::<T>::get(id).is_some_and(|c| c.terms.period.end > now));
		let coverage = Self::next_id::<NextCoverageId<T>>()?;
		held.try_push(coverage).map_err(|_| Error::<T>::TooManyCoverages)?;
		BeneficiaryCoverages::<T>::insert(terms.beneficiary, held);
		Coverages::<T>::insert(coverage, Coverage { insurer, terms });
		Self::deposit_event(Event::CoverageRegistered { coverage, insurer, product: terms.product });
		Ok(())
	}

	pub(crate) fn do_end_coverage(insurer: OrganizationId, id: CoverageId, end: Moment) -> DispatchResult {
		let mut coverage = Self::own_coverage(insurer, id)?;
		// Never in the past: claims for services before now may already be paid under it.
		ensure!(end >= Self::now() && end < coverage.terms.period.end, Error::<T>::InvalidPeriod);
		// Ended before it began: an empty period, which covers nothing.
		coverage.terms.period.end = end.max(coverage.terms.period.start);
		Coverages::<T>::insert(id, coverage);
		Self::deposit_event(Event::CoverageEnded { coverage: id, end: coverage.terms.period.end });
		Ok(())
	}

	pub(crate) fn do_anchor_invoice(issuer: OrganizationId, anchor: InvoiceAnchor) -> DispatchResult {
		ensure!(!Invoices::<T>::contains_key(anchor.key), Error::<T>::InvoiceExists);
		let amounts = [anchor.total, anchor.basic_paid, anchor.self_pay.within_catalogue, anchor.self_pay.outside_catalogue];
		ensure!(amounts.iter().all(|a| *a <= MAX_AMOUNT), Error::<T>::AmountTooLarge);
		let parts = anchor.basic_paid + anchor.self_pay.within_catalogue + anchor.self_pay.outside_catalogue;
		ensure!(
			anchor.total > 0 && parts == anchor.total && (anchor.basic_settled || anchor.basic_paid == 0),
			Error::<T>::InvoiceDoesNotBalance
		);
		let now = Self::now();
		ensure!(anchor.service_at <= now, Error::<T>::ServiceInFuture);
		let invoice =
			Invoice { issuer, anchor, anchored_at: now, commercial_paid: 0, claims: Default::default() };
		Invoices::<T>::insert(anchor.key, invoice);
		Self::deposit_event(Event::InvoiceAnchored { invoice: anchor.key, issuer, total: anchor.total });
		Ok(())
	}
}
