use frame_support::{assert_noop, assert_ok};
use pallet_session::SessionManager;
use sp_runtime::DispatchError;

use crate::{mock::*, Error, Event, Validators};

#[test]
fn governance_adds_members_as_validators() {
	new_test_ext().execute_with(|| {
		assert_noop!(ValidatorSet::add_validator(RuntimeOrigin::signed(1), 3), DispatchError::BadOrigin);
		assert_noop!(ValidatorSet::add_validator(RuntimeOrigin::root(), 99), Error::<Test>::NotAMember);
		assert_noop!(ValidatorSet::add_validator(RuntimeOrigin::root(), 6), Error::<Test>::NotAMember);
		assert_noop!(ValidatorSet::add_validator(RuntimeOrigin::root(), 2), Error::<Test>::AlreadyValidator);
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 3));
		System::assert_last_event(Event::ValidatorAdded { validator: 3 }.into());
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 4));
		assert_noop!(ValidatorSet::add_validator(RuntimeOrigin::root(), 5), Error::<Test>::TooManyValidators);
		assert_eq!(Validators::<Test>::get().to_vec(), vec![1, 2, 3, 4]);
	});
}

#[test]
fn governance_removes_validators_down_to_the_minimum() {
	new_test_ext().execute_with(|| {
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 3));
		assert_noop!(ValidatorSet::remove_validator(RuntimeOrigin::signed(3), 3), DispatchError::BadOrigin);
		assert_noop!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 5), Error::<Test>::NotAValidator);
		assert_ok!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 1));
		System::assert_last_event(Event::ValidatorRemoved { validator: 1 }.into());
		assert_noop!(ValidatorSet::remove_validator(RuntimeOrigin::root(), 2), Error::<Test>::TooFewValidators);
		assert_eq!(Validators::<Test>::get().to_vec(), vec![2, 3]);
	});
}

#[test]
fn sessions_take_the_approved_set_without_suspended_organisations() {
	new_test_ext().execute_with(|| {
		assert_eq!(ValidatorSet::new_session_genesis(0), Some(vec![1, 2]));
		assert_ok!(ValidatorSet::add_validator(RuntimeOrigin::root(), 3));
		assert_eq!(ValidatorSet::new_session(1), Some(vec![1, 2, 3]));
		Suspended::set(vec![2]);
		assert_eq!(ValidatorSet::new_session(2), Some(vec![1, 3]));
		// Never an empty set: the current one stays.
		Suspended::set(vec![1, 2, 3]);
		assert_eq!(ValidatorSet::new_session(3), None);
	});
}
