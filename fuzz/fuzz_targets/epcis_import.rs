//! Any document a member's ERP can upload as EPCIS 2.0 JSON-LD: the importer turns it into one
//! call or lists every problem, never panics, never plans more events than the chain applies
//! at once, and names a problem whenever it refuses. Products, lots and destinations are
//! answered from memory (every other GTIN registered, every lot created, every GLN a member),
//! so that both the found and the not-found paths are exercised without a node.
//!
//! `scripts/fuzz.sh [SECONDS] epcis_import`.

#![no_main]

use std::{
	future::Future,
	pin::pin,
	task::{Context, Poll, Waker},
};

use codec::Encode;
use libfuzzer_sys::fuzz_target;
use medtrust_client::{
	epcis::{plan_import, Registry, MAX_EVENTS},
	trace::TraceError,
};
use medtrust_primitives::{
	trace::{LotId, ProductCode, ProductId},
	Gln,
};

/// A chain that knows every other product code, every lot of a known product and every GLN.
struct Memory;

impl Registry for Memory {
	fn product_id(&self, code: &ProductCode) -> impl Future<Output = Result<Option<ProductId>, TraceError>> + Send {
		let digest = code.encode().iter().fold(0u32, |sum, byte| sum.wrapping_mul(31).wrapping_add(u32::from(*byte)));
		std::future::ready(Ok((digest % 2 == 0).then_some(digest)))
	}
	fn lot_id(&self, product: ProductId, number: &str) -> impl Future<Output = Result<Option<LotId>, TraceError>> + Send {
		std::future::ready(Ok((!number.is_empty()).then_some(product.wrapping_add(1))))
	}
	fn organization_by_gln(&self, gln: &Gln) -> impl Future<Output = Result<Option<u32>, TraceError>> + Send {
		std::future::ready(Ok(Some(u32::from(gln.encode()[0]))))
	}
}

fuzz_target!(|data: &[u8]| {
	let Ok(document) = std::str::from_utf8(data) else { return };
	// `Memory` answers at once, so the plan is ready at the first poll.
	let mut planning = pin!(plan_import(&Memory, document));
	let Poll::Ready(planned) = planning.as_mut().poll(&mut Context::from_waker(Waker::noop())) else {
		panic!("planning waited on a registry that answers at once");
	};
	match planned {
		Ok(plan) => {
			assert!(plan.events.len() <= MAX_EVENTS, "{} events planned", plan.events.len());
			assert_eq!(plan.events.len(), plan.summary.len(), "an event without its line");
			let _ = plan.events.encode();
		},
		Err(error) => assert!(!error.problems.is_empty(), "refused without a problem"),
	}
});
