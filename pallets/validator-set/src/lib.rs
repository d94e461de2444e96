//! # Validator set pallet
//!
//! Which organisations' nodes produce (Aura) and finalise (GRANDPA) blocks. The set is written
//! at genesis and changed afterwards only by the consortium's governance
//! ([`Config::AdminOrigin`]); `pallet-session` applies a change at the next session boundary.
//!
//! A validator is an account that acts for an active organisation of the consortium (asked of
//! the organisations pallet through [`OrganizationInspect`]). When a validator's organisation is
//! suspended, the validator drops out of the next session's set without a governance vote.
//!
//! The chain has no token, so [`NoKeyDeposit`] stands in for the currency `pallet-session`
//! would hold a key deposit in: every balance is zero and the deposit is zero.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
mod no_key_deposit;
#[cfg(test)]
mod tests;
pub mod weights;

pub use no_key_deposit::NoKeyDeposit;
pub use weights::WeightInfo;

/// Makes an account a member of an active organisation, for benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Admits an organisation that `who` acts for.
	fn enrol(who: &AccountId);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use medtrust_primitives::OrganizationInspect;
	/// `pallet_session`'s session index.
	type SessionIndex = u32;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The consortium's governance: adds and removes validators.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Who acts for which organisation.
		type Organizations: OrganizationInspect<Self::AccountId>;

		/// The most validators the set may hold.
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// The fewest validators the set may hold (GRANDPA needs more than two thirds online).
		#[pallet::constant]
		type MinValidators: Get<u32>;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;

		/// Enrols accounts in organisations for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The validators governance has approved, in the order they were added.
	#[pallet::storage]
	pub type Validators<T: Config> = StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The validators of the first sessions.
		pub validators: Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let validators = BoundedVec::<_, T::MaxValidators>::try_from(self.validators.clone())
				.expect("genesis validators fit MaxValidators; qed");
			Validators::<T>::put(validators);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A validator joins the set at the next session.
		ValidatorAdded { validator: T::AccountId },
		/// A validator leaves the set at the next session.
		ValidatorRemoved { validator: T::AccountId },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already a validator.
		AlreadyValidator,
		/// The account is not a validator.
		NotAValidator,
		/// The set already holds `MaxValidators`.
		TooManyValidators,
		/// Removing the validator would leave fewer than `MinValidators`.
		TooFewValidators,
		/// The account does not act for an active organisation.
		NotAMember,
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Adds a validator; it takes part from the next session on, once its node has set its
		/// session keys (`Session::set_keys`).
		///
		/// - Origin: [`Config::AdminOrigin`].
		/// - Errors: [`Error::NotAMember`], [`Error::AlreadyValidator`],
		///   [`Error::TooManyValidators`].
		/// - Events: [`Event::ValidatorAdded`].
		#[pallet::call_index(0)]
		pub fn add_validator(origin: OriginFor<T>, validator: T::AccountId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			T::Organizations::ensure_active_member(&validator).map_err(|_| Error::<T>::NotAMember)?;
			Validators::<T>::try_mutate(|set| {
				ensure!(!set.contains(&validator), Error::<T>::AlreadyValidator);
				set.try_push(validator.clone()).map_err(|_| Error::<T>::TooManyValidators)
			})?;
			Self::deposit_event(Event::ValidatorAdded { validator });
			Ok(())
		}

		/// Removes a validator from the next session on.
		///
		/// - Origin: [`Config::AdminOrigin`].
		/// - Errors: [`Error::NotAValidator`], [`Error::TooFewValidators`].
		/// - Events: [`Event::ValidatorRemoved`].
		#[pallet::call_index(1)]
		pub fn remove_validator(origin: OriginFor<T>, validator: T::AccountId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Validators::<T>::try_mutate(|set| {
				let index = set.iter().position(|v| v == &validator).ok_or(Error::<T>::NotAValidator)?;
				ensure!(set.len() as u32 > T::MinValidators::get(), Error::<T>::TooFewValidators);
				set.remove(index);
				Ok::<_, Error<T>>(())
			})?;
			Self::deposit_event(Event::ValidatorRemoved { validator });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The validators whose organisations are active now.
		pub fn eligible_validators() -> Vec<T::AccountId> {
			Validators::<T>::get()
				.into_iter()
				.filter(|v| T::Organizations::ensure_active_member(v).is_ok())
				.collect()
		}
	}

	impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
		fn new_session(index: SessionIndex) -> Option<Vec<T::AccountId>> {
			let validators = Self::eligible_validators();
			if validators.is_empty() {
				// Never hand the session an empty set: the chain would halt for good.
				log::warn!(target: "runtime::validator-set", "session {index}: no eligible validator; keeping the current set");
				return None;
			}
			Some(validators)
		}

		fn new_session_genesis(_index: SessionIndex) -> Option<Vec<T::AccountId>> {
			let validators = Validators::<T>::get().into_inner();
			(!validators.is_empty()).then_some(validators)
		}

		fn end_session(_index: SessionIndex) {}
		fn start_session(_index: SessionIndex) {}
	}

}
