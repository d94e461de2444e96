//! Benchmarks of the validator set pallet, each at its worst case (a full set).

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};

fn fill<T: Config>(n: u32) {
	for i in 0..n {
		let v: T::AccountId = account("validator", i, 0);
		T::BenchmarkHelper::enrol(&v);
		Validators::<T>::mutate(|set| set.try_push(v).expect("n is at most MaxValidators; qed"));
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn add_validator() {
		Validators::<T>::kill();
		fill::<T>(T::MaxValidators::get() - 1);
		let new: T::AccountId = account("new", 0, 0);
		T::BenchmarkHelper::enrol(&new);
		let origin = T::AdminOrigin::try_successful_origin().expect("governance can be benchmarked; qed");

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, new.clone());

		assert!(Validators::<T>::get().contains(&new));
	}

	#[benchmark]
	fn remove_validator() {
		Validators::<T>::kill();
		fill::<T>(T::MaxValidators::get());
		let last = Validators::<T>::get().last().cloned().expect("filled; qed");
		let origin = T::AdminOrigin::try_successful_origin().expect("governance can be benchmarked; qed");

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, last.clone());

		assert!(!Validators::<T>::get().contains(&last));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
