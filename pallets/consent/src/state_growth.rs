//! The most new state each call adds, for each organisation's daily budget
//! (`medtrust_primitives::state`).

use medtrust_primitives::{
	consent::{
		audit::BreakGlassReview, AccessEntry, ConsentHead, ConsentId, ConsentTerms, LogHead, Subject, SubjectRecord,
		VersionSpan,
	},
	state::{entry, growth},
	trace::BlockNumber,
	OrganizationId,
};

use crate::pallet::*;

impl<T: Config> Call<T> {
	/// The most state this call adds, in bytes.
	pub fn new_state(&self) -> u64 {
		match self {
			Call::register_subject { .. } => entry::<SubjectRecord>() + entry::<LogHead>(),
			Call::set_delegate { .. } => growth::<OrganizationId>(),
			// A new consent (a new version adds less: its terms and a span).
			Call::record_consent { .. } =>
				entry::<ConsentTerms>() + entry::<ConsentHead>() + entry::<ConsentId>() + entry::<u32>(),
			Call::withdraw_consent { .. } => growth::<VersionSpan>(),
			// Each entry, its place in the organisation's list and, for a break-glass access, its
			// pending review and its place in the review queue.
			Call::record_access { reports } =>
				entry::<LogHead>() +
					reports.len() as u64 *
						(entry::<AccessEntry>() +
							entry::<(Subject, u32)>() +
							entry::<BlockNumber>() + entry::<(Subject, u32)>()),
			Call::review_break_glass { .. } => entry::<BreakGlassReview>(),
			Call::record_erasure { .. } => growth::<u64>(),
			Call::__Ignore(..) => 0,
		}
	}
}
