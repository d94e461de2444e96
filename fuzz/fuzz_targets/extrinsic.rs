//! Any bytes submitted as a transaction: the runtime decodes them as its `UncheckedExtrinsic`
//! (and, apart, as a bare `RuntimeCall`, as a council motion carries one) or refuses them,
//! never panics; whatever decodes re-encodes to what decodes again, and the checks the pool runs
//! before anything else (the call's weight, the member call filter, the state it may add)
//! answer for every call, however large its arguments.
//!
//! `scripts/fuzz.sh [SECONDS] extrinsic`.

#![no_main]

use codec::{Decode, DecodeLimit, Encode};
use frame_support::{dispatch::GetDispatchInfo, traits::Contains};
use libfuzzer_sys::fuzz_target;
use medtrust_primitives::state::StateGrowth;
use medtrust_runtime::{
	governance::{CallStateGrowth, MemberCalls},
	RuntimeCall, UncheckedExtrinsic,
};

/// As deep as a call may nest (a motion in a motion), the bound `UncheckedExtrinsic` uses.
const MAX_CALL_DEPTH: u32 = 256;

fn checks(call: &RuntimeCall) {
	let info = call.get_dispatch_info();
	let _ = info.total_weight();
	let _ = MemberCalls::contains(call);
	let _ = CallStateGrowth::new_state(call);
}

/// `value` encodes to bytes that decode to a value encoding to the same bytes.
fn round_trips<T: Encode + Decode>(value: &T) {
	let bytes = value.encode();
	let again = T::decode(&mut &bytes[..]).expect("what encodes decodes; qed");
	assert_eq!(again.encode(), bytes, "a value re-encodes differently");
}

fuzz_target!(|data: &[u8]| {
	if let Ok(extrinsic) = UncheckedExtrinsic::decode(&mut &data[..]) {
		round_trips(&extrinsic);
		checks(&extrinsic.function);
	}
	if let Ok(call) = RuntimeCall::decode_with_depth_limit(MAX_CALL_DEPTH, &mut &data[..]) {
		round_trips(&call);
		checks(&call);
	}
});
