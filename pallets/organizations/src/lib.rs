//! # Organisations pallet
//!
//! The consortium's register of organisations — manufacturers, distributors, pharmacies,
//! hospitals, vaccination sites, insurers, auditors and regulators — and of the accounts that
//! act for them. It is the root of medtrust's permission model:
//!
//! - Only the consortium's governance ([`Config::AdminOrigin`], in the runtime two thirds of the
//!   consortium council) admits, suspends, reinstates and changes organisations.
//! - Every organisation carries at least one validated official identifier: China's unified
//!   social credit code and/or a GS1 GLN. Neither may belong to two organisations.
//! - An account acts for at most one organisation. Admission gives the account a provider
//!   reference in `frame_system`, so members can transact without holding any token.
//! - Other pallets ask "does account A act for an active organisation with role R?" through
//!   [`medtrust_primitives::OrganizationInspect`], implemented by [`Pallet`].
//! - [`CheckMembership`], a transaction extension, refuses a signed transaction whose signer
//!   does not act for an active organisation before it reaches the transaction pool, and bounds
//!   what one organisation may place in a block: transactions, weight and bytes.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod council;
mod extension;
mod membership;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use council::CouncilSeats;
pub use extension::{block_share, invalid_transaction, CheckMembership};
pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use frame_support::dispatch::GetDispatchInfo;
	use sp_runtime::traits::Dispatchable;
	use medtrust_primitives::{CreditCode, Gln, IdentifierError, OrganizationId, Roles};

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The consortium's governance: admits, suspends, reinstates and changes organisations.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The super-majority that may dispatch any call as `Root`
		/// ([`Pallet::dispatch_as_root`]): runtime upgrades and emergency fixes.
		type RootOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// A call [`Pallet::dispatch_as_root`] dispatches: the runtime's call.
		type RootCall: Parameter
			+ Dispatchable<RuntimeOrigin = Self::RuntimeOrigin, PostInfo = frame_support::dispatch::PostDispatchInfo>
			+ GetDispatchInfo
			+ From<frame_system::Call<Self>>;

		/// The council, whose seats follow the organisations' status.
		type Council: CouncilSeats<Self::AccountId>;

		/// How many organisations the consortium may hold.
		#[pallet::constant]
		type MaxOrganizations: Get<u32>;

		/// How many accounts may act for one organisation.
		#[pallet::constant]
		type MaxAccountsPerOrganization: Get<u32>;

		/// The longest organisation name, in bytes of UTF-8.
		#[pallet::constant]
		type MaxNameLength: Get<u32>;

		/// How many signed transactions one organisation may place in one block.
		#[pallet::constant]
		type MaxTransactionsPerBlock: Get<u32>;

		/// The share of a block's normal weight and length one organisation may fill. At most a
		/// half, so that one organisation filling its share leaves room for another's
		/// transaction of any size up to that share.
		#[pallet::constant]
		type BlockShare: Get<sp_runtime::Perbill>;

		/// The most new state each call adds (each pallet states its own calls'): what
		/// [`Config::DailyStateBudget`] is charged.
		type StateGrowth: medtrust_primitives::state::StateGrowth<<Self as frame_system::Config>::RuntimeCall>;

		/// The most new state, in bytes, one organisation's transactions may add in one day
		/// (UTC), so that no member grows the others' databases without bound.
		#[pallet::constant]
		type DailyStateBudget: Get<u64>;

		/// The time, for the day the state budget is counted in.
		type UnixTime: frame_support::traits::UnixTime;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// The identifier the next admitted organisation gets.
	#[pallet::storage]
	pub type NextOrganizationId<T> = StorageValue<_, OrganizationId, ValueQuery>;

	/// How many organisations are registered, whatever their status.
	#[pallet::storage]
	pub type OrganizationCount<T> = StorageValue<_, u32, ValueQuery>;

	/// The organisations, by identifier.
	#[pallet::storage]
	pub type Organizations<T: Config> = StorageMap<_, Twox64Concat, OrganizationId, Organization<T>>;

	/// The organisation each member account acts for.
	#[pallet::storage]
	pub type AccountOrganization<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, OrganizationId>;

	/// Which organisation holds each unified social credit code.
	#[pallet::storage]
	pub type CreditCodes<T: Config> = StorageMap<_, Blake2_128Concat, CreditCode, OrganizationId>;

	/// Which organisation holds each GLN.
	#[pallet::storage]
	pub type Glns<T: Config> = StorageMap<_, Blake2_128Concat, Gln, OrganizationId>;

	/// What each organisation has placed in the block it last transacted in: transactions,
	/// weight and bytes, against its share ([`Config::BlockShare`]).
	#[pallet::storage]
	pub type BlockUsage<T: Config> =
		StorageMap<_, Twox64Concat, OrganizationId, OrganizationBlockUsage<BlockNumberFor<T>>, ValueQuery>;

	/// What each organisation's transactions have added to the state on the day it last added
	/// any, at most (each call is charged its worst case), against [`Config::DailyStateBudget`].
	#[pallet::storage]
	pub type StateUsage<T: Config> = StorageMap<_, Twox64Concat, OrganizationId, OrganizationStateUsage, ValueQuery>;

	/// The council seats a suspended organisation's accounts held, given back on reinstatement.
	#[pallet::storage]
	pub type VacatedSeats<T: Config> = StorageMap<_, Twox64Concat, OrganizationId, AccountsOf<T>, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The organisations of the genesis block, admitted in order (ids 0, 1, …).
		pub organizations: alloc::vec::Vec<GenesisOrganization<T::AccountId>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for org in &self.organizations {
				let name = NameOf::<T>::try_from(org.name.as_bytes().to_vec())
					.expect("genesis organisation names fit MaxNameLength; qed");
				let text = |s: &Option<alloc::string::String>| {
					s.as_ref().map(|s| {
						IdentifierText::try_from(s.as_bytes().to_vec())
							.expect("genesis identifiers are at most 32 bytes; qed")
					})
				};
				let roles = Roles::of(&org.roles);
				let accounts = AccountsOf::<T>::try_from(org.accounts.clone())
					.expect("genesis organisations fit MaxAccountsPerOrganization; qed");
				Pallet::<T>::do_admit(name, text(&org.credit_code), text(&org.gln), roles, accounts)
					.expect("genesis organisations are valid and distinct; qed");
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An organisation was admitted to the consortium.
		OrganizationAdmitted { id: OrganizationId, roles: Roles },
		/// An organisation was suspended: its accounts can no longer transact.
		OrganizationSuspended { id: OrganizationId },
		/// A suspended organisation was reinstated.
		OrganizationReinstated { id: OrganizationId },
		/// An organisation's roles were changed.
		RolesChanged { id: OrganizationId, roles: Roles },
		/// An organisation's name or identifiers were changed.
		DetailsChanged { id: OrganizationId },
		/// An account now acts for an organisation.
		AccountAdded { id: OrganizationId, account: T::AccountId },
		/// An account no longer acts for an organisation.
		AccountRemoved { id: OrganizationId, account: T::AccountId },
		/// A suspended organisation's accounts left the council.
		CouncilSeatsVacated { id: OrganizationId, accounts: AccountsOf<T> },
		/// A reinstated organisation's accounts sit on the council again.
		CouncilSeatsRestored { id: OrganizationId, accounts: AccountsOf<T> },
		/// The council's super-majority dispatched a call as `Root`.
		DispatchedAsRoot { result: DispatchResult },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The name is empty.
		EmptyName,
		/// The name is not valid UTF-8.
		NameNotUtf8,
		/// Neither a unified social credit code nor a GLN was given.
		NoIdentifier,
		/// The unified social credit code is not 18 characters long.
		CreditCodeWrongLength,
		/// The unified social credit code has a character outside `0-9 A-H J-N P-R T U W-Y`.
		CreditCodeInvalidCharacter,
		/// The unified social credit code's check character (the 18th) is wrong.
		CreditCodeCheckCharacterMismatch,
		/// The GLN is not 13 digits long.
		GlnWrongLength,
		/// The GLN has a character that is not a digit.
		GlnInvalidCharacter,
		/// The GLN's check digit (the 13th) is wrong.
		GlnCheckDigitMismatch,
		/// Another organisation already holds this unified social credit code.
		DuplicateCreditCode,
		/// Another organisation already holds this GLN.
		DuplicateGln,
		/// A role bit names no known role.
		UnknownRole,
		/// No role was given.
		NoRole,
		/// No account was given.
		NoAccounts,
		/// The same account was given twice.
		DuplicateAccount,
		/// The account already acts for an organisation.
		AccountAlreadyMember,
		/// The organisation already has as many accounts as it may.
		TooManyAccounts,
		/// The consortium already has as many organisations as it may.
		TooManyOrganizations,
		/// No organisation has this identifier.
		UnknownOrganization,
		/// The organisation is already suspended.
		AlreadySuspended,
		/// The organisation is not suspended.
		NotSuspended,
		/// The account does not act for this organisation.
		NotAnAccountOfOrganization,
		/// The organisation's last account cannot be removed.
		LastAccount,
		/// The account still holds references (e.g. session keys) and cannot be removed yet.
		AccountInUse,
		/// The caller neither is governance nor acts for this active organisation.
		NotAuthorized,
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Admits an organisation to the consortium with the given roles and accounts.
		///
		/// - Origin: [`Config::AdminOrigin`] (governance).
		/// - Errors: [`Error::EmptyName`], [`Error::NameNotUtf8`], [`Error::NoIdentifier`], the
		///   `CreditCode…` and `Gln…` validation errors, [`Error::DuplicateCreditCode`],
		///   [`Error::DuplicateGln`], [`Error::UnknownRole`], [`Error::NoRole`],
		///   [`Error::NoAccounts`], [`Error::DuplicateAccount`], [`Error::AccountAlreadyMember`],
		///   [`Error::TooManyOrganizations`].
		/// - Events: [`Event::OrganizationAdmitted`], then [`Event::AccountAdded`] per account.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::admit_organization(accounts.len() as u32))]
		pub fn admit_organization(
			origin: OriginFor<T>,
			name: NameOf<T>,
			credit_code: Option<IdentifierText>,
			gln: Option<IdentifierText>,
			roles: Roles,
			accounts: AccountsOf<T>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_admit(name, credit_code, gln, roles, accounts).map(|_| ())
		}

		/// Suspends an organisation: its accounts' transactions are refused from the next
		/// validation on.
		///
		/// - Origin: [`Config::AdminOrigin`].
		/// - Errors: [`Error::UnknownOrganization`], [`Error::AlreadySuspended`].
		/// - Events: [`Event::OrganizationSuspended`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::suspend_organization().saturating_add(T::Council::max_weight()))]
		pub fn suspend_organization(origin: OriginFor<T>, id: OrganizationId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			let mut accounts = AccountsOf::<T>::default();
			Self::mutate_organization(id, |org| {
				ensure!(org.status == OrganizationStatus::Active, Error::<T>::AlreadySuspended);
				org.status = OrganizationStatus::Suspended;
				accounts = org.accounts.clone();
				Ok(())
			})?;
			Self::deposit_event(Event::OrganizationSuspended { id });
			let vacated = T::Council::vacate(&accounts);
			if !vacated.is_empty() {
				let accounts = AccountsOf::<T>::truncate_from(vacated);
				VacatedSeats::<T>::insert(id, &accounts);
				Self::deposit_event(Event::CouncilSeatsVacated { id, accounts });
			}
			Ok(())
		}

		/// Reinstates a suspended organisation.
		///
		/// - Origin: [`Config::AdminOrigin`].
		/// - Errors: [`Error::UnknownOrganization`], [`Error::NotSuspended`].
		/// - Events: [`Event::OrganizationReinstated`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::reinstate_organization().saturating_add(T::Council::max_weight()))]
		pub fn reinstate_organization(origin: OriginFor<T>, id: OrganizationId) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			let mut accounts = AccountsOf::<T>::default();
			Self::mutate_organization(id, |org| {
				ensure!(org.status == OrganizationStatus::Suspended, Error::<T>::NotSuspended);
				org.status = OrganizationStatus::Active;
				accounts = org.accounts.clone();
				Ok(())
			})?;
			Self::deposit_event(Event::OrganizationReinstated { id });
			if let Some(mut seats) = VacatedSeats::<T>::take(id) {
				// An account removed while suspended no longer has a seat to return to.
				seats.retain(|seat| accounts.contains(seat));
				T::Council::restore(&seats);
				Self::deposit_event(Event::CouncilSeatsRestored { id, accounts: seats });
			}
			Ok(())
		}

		/// Replaces an organisation's roles.
		///
		/// - Origin: [`Config::AdminOrigin`].
		/// - Errors: [`Error::UnknownOrganization`], [`Error::UnknownRole`], [`Error::NoRole`].
		/// - Events: [`Event::RolesChanged`].
		#[pallet::call_index(3)]
		pub fn set_roles(origin: OriginFor<T>, id: OrganizationId, roles: Roles) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			let roles = Self::validate_roles(roles)?;
			Self::mutate_organization(id, |org| {
				org.roles = roles;
				Ok(())
			})?;
			Self::deposit_event(Event::RolesChanged { id, roles });
			Ok(())
		}

		/// Replaces an organisation's name and official identifiers.
		///
		/// - Origin: [`Config::AdminOrigin`].
		/// - Errors: [`Error::UnknownOrganization`] and the name and identifier errors of
		///   [`Pallet::admit_organization`]; an identifier the organisation already holds is not
		///   a duplicate.
		/// - Events: [`Event::DetailsChanged`].
		#[pallet::call_index(4)]
		pub fn update_details(
			origin: OriginFor<T>,
			id: OrganizationId,
			name: NameOf<T>,
			credit_code: Option<IdentifierText>,
			gln: Option<IdentifierText>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			let mut org = Organizations::<T>::get(id).ok_or(Error::<T>::UnknownOrganization)?;
			Self::validate_name(&name)?;
			let (credit_code, gln) = Self::validate_identifiers(credit_code, gln, Some(id))?;
			if let Some(old) = org.credit_code.take() {
				CreditCodes::<T>::remove(old);
			}
			if let Some(old) = org.gln.take() {
				Glns::<T>::remove(old);
			}
			Self::index_identifiers(id, credit_code, gln);
			org.name = name;
			org.credit_code = credit_code;
			org.gln = gln;
			Organizations::<T>::insert(id, org);
			Self::deposit_event(Event::DetailsChanged { id });
			Ok(())
		}

		/// Lets another account act for an organisation (a new workstation, a key rotation).
		///
		/// - Origin: [`Config::AdminOrigin`], or a signed account acting for the same organisation
		///   while it is active.
		/// - Errors: [`Error::UnknownOrganization`], [`Error::NotAuthorized`],
		///   [`Error::AccountAlreadyMember`], [`Error::TooManyAccounts`].
		/// - Events: [`Event::AccountAdded`].
		#[pallet::call_index(5)]
		pub fn add_account(origin: OriginFor<T>, id: OrganizationId, account: T::AccountId) -> DispatchResult {
			let manager = Self::manager(origin)?;
			Self::mutate_organization(id, |org| {
				Self::ensure_may_manage(&manager, id, org)?;
				ensure!(!AccountOrganization::<T>::contains_key(&account), Error::<T>::AccountAlreadyMember);
				org.accounts.try_push(account.clone()).map_err(|_| Error::<T>::TooManyAccounts.into())
			})?;
			Self::enrol_account(id, account);
			Ok(())
		}

		/// Stops an account acting for an organisation. The last account cannot be removed.
		///
		/// - Origin: [`Config::AdminOrigin`], or a signed account acting for the same organisation
		///   while it is active.
		/// - Errors: [`Error::UnknownOrganization`], [`Error::NotAuthorized`],
		///   [`Error::NotAnAccountOfOrganization`], [`Error::LastAccount`], [`Error::AccountInUse`].
		/// - Events: [`Event::AccountRemoved`].
		#[pallet::call_index(6)]
		pub fn remove_account(origin: OriginFor<T>, id: OrganizationId, account: T::AccountId) -> DispatchResult {
			let manager = Self::manager(origin)?;
			Self::mutate_organization(id, |org| {
				Self::ensure_may_manage(&manager, id, org)?;
				let index = org
					.accounts
					.iter()
					.position(|a| a == &account)
					.ok_or(Error::<T>::NotAnAccountOfOrganization)?;
				ensure!(org.accounts.len() > 1, Error::<T>::LastAccount);
				ensure!(frame_system::Pallet::<T>::can_dec_provider(&account), Error::<T>::AccountInUse);
				org.accounts.remove(index);
				Ok(())
			})?;
			AccountOrganization::<T>::remove(&account);
			frame_system::Pallet::<T>::dec_providers(&account)
				.expect("can_dec_provider was checked above and nothing ran since; qed");
			Self::deposit_event(Event::AccountRemoved { id, account });
			Ok(())
		}

		/// Dispatches `call` as `Root`: how the consortium upgrades its runtime
		/// (`System::authorize_upgrade`, then anyone's `System::apply_authorized_upgrade`) or
		/// applies an emergency fix, with no sudo key.
		///
		/// ## Dispatch Origin
		/// [`Config::RootOrigin`]: in the runtime, three quarters of the council, by motion.
		///
		/// ## Errors
		/// Only a bad origin fails this call; the dispatched call's own error is reported in the
		/// event, as `pallet-sudo` does, so that the motion is closed either way.
		///
		/// ## Events
		/// [`Event::DispatchedAsRoot`].
		#[pallet::call_index(7)]
		#[pallet::weight({
			let info = call.get_dispatch_info();
			(T::WeightInfo::dispatch_as_root().saturating_add(info.call_weight), info.class)
		})]
		pub fn dispatch_as_root(
			origin: OriginFor<T>,
			call: alloc::boxed::Box<T::RootCall>,
		) -> DispatchResultWithPostInfo {
			T::RootOrigin::ensure_origin(origin)?;
			let result = call.dispatch(frame_system::RawOrigin::Root.into());
			let actual = result.unwrap_or_else(|e| e.post_info).actual_weight;
			Self::deposit_event(Event::DispatchedAsRoot { result: result.map(|_| ()).map_err(|e| e.error) });
			Ok(actual.map(|w| w.saturating_add(T::WeightInfo::dispatch_as_root())).into())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Validates and registers an organisation; writes nothing unless all of it is valid.
		pub(crate) fn do_admit(
			name: NameOf<T>,
			credit_code: Option<IdentifierText>,
			gln: Option<IdentifierText>,
			roles: Roles,
			accounts: AccountsOf<T>,
		) -> Result<OrganizationId, DispatchError> {
			Self::validate_name(&name)?;
			let (credit_code, gln) = Self::validate_identifiers(credit_code, gln, None)?;
			let roles = Self::validate_roles(roles)?;
			ensure!(!accounts.is_empty(), Error::<T>::NoAccounts);
			for (i, account) in accounts.iter().enumerate() {
				ensure!(!accounts[..i].contains(account), Error::<T>::DuplicateAccount);
				ensure!(!AccountOrganization::<T>::contains_key(account), Error::<T>::AccountAlreadyMember);
			}
			let count = OrganizationCount::<T>::get();
			ensure!(count < T::MaxOrganizations::get(), Error::<T>::TooManyOrganizations);

			let id = NextOrganizationId::<T>::get();
			NextOrganizationId::<T>::put(id.saturating_add(1));
			OrganizationCount::<T>::put(count + 1);
			Self::index_identifiers(id, credit_code, gln);
			let organization = Organization {
				name,
				credit_code,
				gln,
				roles,
				status: OrganizationStatus::Active,
				accounts: accounts.clone(),
				admitted_at: frame_system::Pallet::<T>::block_number(),
			};
			Organizations::<T>::insert(id, organization);
			Self::deposit_event(Event::OrganizationAdmitted { id, roles });
			for account in accounts {
				Self::enrol_account(id, account);
			}
			Ok(id)
		}

		/// Admits an organisation with every role that `who` alone acts for, with generated
		/// identifiers; for other pallets' benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		pub fn admit_for_benchmark(who: T::AccountId) -> OrganizationId {
			let seed = NextOrganizationId::<T>::get();
			let (code, gln) = crate::benchmarking::identifiers(seed.saturating_add(500_000));
			let name = NameOf::<T>::try_from(b"benchmark".to_vec()).expect("9 bytes fit any name bound; qed");
			let accounts = AccountsOf::<T>::try_from(alloc::vec![who])
				.expect("one account fits MaxAccountsPerOrganization; qed");
			Self::do_admit(name, Some(code), Some(gln), Roles::of(&medtrust_primitives::Role::ALL), accounts)
				.expect("generated identifiers are fresh; the account acts for no organisation; qed")
		}

		fn enrol_account(id: OrganizationId, account: T::AccountId) {
			AccountOrganization::<T>::insert(&account, id);
			frame_system::Pallet::<T>::inc_providers(&account);
			Self::deposit_event(Event::AccountAdded { id, account });
		}

		fn index_identifiers(id: OrganizationId, credit_code: Option<CreditCode>, gln: Option<Gln>) {
			if let Some(code) = credit_code {
				CreditCodes::<T>::insert(code, id);
			}
			if let Some(gln) = gln {
				Glns::<T>::insert(gln, id);
			}
		}

		fn mutate_organization(
			id: OrganizationId,
			f: impl FnOnce(&mut Organization<T>) -> DispatchResult,
		) -> DispatchResult {
			Organizations::<T>::try_mutate(id, |maybe| {
				f(maybe.as_mut().ok_or(Error::<T>::UnknownOrganization)?)
			})
		}

		/// Who asks to manage an organisation's accounts: governance, or a signed account.
		fn manager(origin: OriginFor<T>) -> Result<Option<T::AccountId>, DispatchError> {
			match T::AdminOrigin::try_origin(origin) {
				Ok(_) => Ok(None),
				Err(origin) => Ok(Some(ensure_signed(origin)?)),
			}
		}

		/// Governance (`None`) may manage any organisation; an account only its own, while active.
		fn ensure_may_manage(
			manager: &Option<T::AccountId>,
			id: OrganizationId,
			org: &Organization<T>,
		) -> DispatchResult {
			if let Some(who) = manager {
				ensure!(
					org.status == OrganizationStatus::Active && AccountOrganization::<T>::get(who) == Some(id),
					Error::<T>::NotAuthorized
				);
			}
			Ok(())
		}

		fn validate_name(name: &NameOf<T>) -> DispatchResult {
			ensure!(!name.is_empty(), Error::<T>::EmptyName);
			ensure!(core::str::from_utf8(name).is_ok(), Error::<T>::NameNotUtf8);
			Ok(())
		}

		fn validate_roles(roles: Roles) -> Result<Roles, DispatchError> {
			roles.validate().map_err(|e| match e {
				medtrust_primitives::roles::RolesError::UnknownRole => Error::<T>::UnknownRole.into(),
				medtrust_primitives::roles::RolesError::NoRole => Error::<T>::NoRole.into(),
			})
		}

		/// Parses both identifiers and checks that no other organisation than `owner` holds them.
		fn validate_identifiers(
			credit_code: Option<IdentifierText>,
			gln: Option<IdentifierText>,
			owner: Option<OrganizationId>,
		) -> Result<(Option<CreditCode>, Option<Gln>), DispatchError> {
			ensure!(credit_code.is_some() || gln.is_some(), Error::<T>::NoIdentifier);
			let credit_code = credit_code
				.map(|text| {
					CreditCode::parse(&text).map_err(|e| match e {
						IdentifierError::WrongLength { .. } => Error::<T>::CreditCodeWrongLength,
						IdentifierError::InvalidCharacter { .. } => Error::<T>::CreditCodeInvalidCharacter,
						IdentifierError::CheckCharacterMismatch { .. } =>
							Error::<T>::CreditCodeCheckCharacterMismatch,
					})
				})
				.transpose()?;
			let gln = gln
				.map(|text| {
					Gln::parse(&text).map_err(|e| match e {
						IdentifierError::WrongLength { .. } => Error::<T>::GlnWrongLength,
						IdentifierError::InvalidCharacter { .. } => Error::<T>::GlnInvalidCharacter,
						IdentifierError::CheckCharacterMismatch { .. } => Error::<T>::GlnCheckDigitMismatch,
					})
				})
				.transpose()?;
			if let Some(code) = credit_code {
				let holder = CreditCodes::<T>::get(code);
				ensure!(holder.is_none() || holder == owner, Error::<T>::DuplicateCreditCode);
			}
			if let Some(gln) = gln {
				let holder = Glns::<T>::get(gln);
				ensure!(holder.is_none() || holder == owner, Error::<T>::DuplicateGln);
			}
			Ok((credit_code, gln))
		}
	}
}
