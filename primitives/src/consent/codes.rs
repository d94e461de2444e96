//! The vocabularies a consent is written in: purposes of use, data classes, actions and the
//! statutory bases that permit access without consent.
//!
//! Each vocabulary is a Rust enum for code and, on the wire, a bit set (in consents) or a
//! one-byte code (in requests and log entries). Neither is a SCALE enum, so a value the runtime
//! does not know is refused by the pallet with a precise error instead of failing to decode.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

macro_rules! vocabulary {
	(
		$(#[$enum_doc:meta])* $enum:ident,
		$(#[$set_doc:meta])* $set:ident,
		[$($(#[$doc:meta])* $variant:ident = $code:literal => $name:literal),+ $(,)?]
	) => {
		$(#[$enum_doc])*
		#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
		#[derive(serde::Serialize, serde::Deserialize)]
		#[serde(rename_all = "snake_case")]
		pub enum $enum {
			$($(#[$doc])* $variant = $code),+
		}

		impl $enum {
			/// Every value, in code order.
			pub const ALL: &'static [$enum] = &[$($enum::$variant),+];

			/// The value's name in the domain's own words, as the CLI and RPC print it.
			pub const fn name(self) -> &'static str {
				match self { $($enum::$variant => $name),+ }
			}

			/// Looks a value up by its [`name`](Self::name).
			pub fn from_name(name: &str) -> Option<Self> {
				Self::ALL.iter().copied().find(|v| v.name() == name)
			}

			/// Looks a value up by its one-byte code.
			pub fn from_code(code: u8) -> Option<Self> {
				Self::ALL.iter().copied().find(|v| *v as u8 == code)
			}

			/// The value's one-byte code.
			pub const fn code(self) -> u8 {
				self as u8
			}
		}

		$(#[$set_doc])*
		#[derive(Clone, Copy, PartialEq, Eq, Default, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
		#[derive(serde::Serialize, serde::Deserialize)]
		pub struct $set(pub u32);

		impl $set {
			/// The bits that name a value.
			pub const KNOWN: u32 = 0 $(| 1 << $code)+;

			/// A set holding exactly the given values.
			pub fn of(values: &[$enum]) -> Self {
				$set(values.iter().fold(0, |mask, v| mask | 1 << (*v as u32)))
			}

			/// Whether the set holds `value`.
			pub const fn contains(self, value: $enum) -> bool {
				self.0 & (1 << value as u32) != 0
			}

			/// Whether the set is empty.
			pub const fn is_empty(self) -> bool {
				self.0 == 0
			}

			/// Whether every bit names a value.
			pub const fn is_known(self) -> bool {
				self.0 & !Self::KNOWN == 0
			}

			/// The values in the set, in code order.
			pub fn iter(self) -> impl Iterator<Item = $enum> {
				$enum::ALL.iter().copied().filter(move |v| self.contains(*v))
			}
		}
	};
}

vocabulary!(
	/// Why data is accessed (after HL7 v3 PurposeOfUse).
	Purpose,
	/// A set of [`Purpose`]s.
	Purposes,
	[
		/// Treating the patient (HL7 TREAT).
		Treatment = 0 => "treatment",
		/// Payment and insurance claims (HL7 HPAYMT).
		Payment = 1 => "payment",
		/// Research (HL7 HRESCH).
		Research = 2 => "research",
		/// Public health reporting (HL7 PUBHLTH).
		PublicHealth = 3 => "public_health",
		/// Healthcare operations: quality, audit, administration (HL7 HOPERAT).
		Operations = 4 => "operations",
		/// At the patient's own request (HL7 PATRQT).
		PatientRequest = 5 => "patient_request",
	]
);

vocabulary!(
	/// A class of health data a consent covers.
	DataClass,
	/// A set of [`DataClass`]es.
	DataClasses,
	[
		/// The whole record. A provision naming it covers every class; sensitive classes still
		/// need a separate consent.
		FullRecord = 0 => "full_record",
		/// Laboratory results.
		LabResults = 1 => "lab_results",
		/// Imaging studies and reports.
		Imaging = 2 => "imaging",
		/// Prescriptions and dispensed medication.
		Prescriptions = 3 => "prescriptions",
		/// Diagnoses and problem lists.
		Diagnoses = 4 => "diagnoses",
		/// Procedures and operation notes.
		Procedures = 5 => "procedures",
		/// Discharge summaries.
		DischargeSummaries = 6 => "discharge_summaries",
		/// Immunisations.
		Immunizations = 7 => "immunizations",
		/// Invoices and settlement lists.
		Billing = 8 => "billing",
		/// Mental health (sensitive).
		MentalHealth = 9 => "mental_health",
		/// Infectious diseases such as HIV (sensitive).
		InfectiousDisease = 10 => "infectious_disease",
		/// Genetic data (sensitive).
		Genetic = 11 => "genetic",
		/// Reproductive health (sensitive).
		ReproductiveHealth = 12 => "reproductive_health",
		/// Substance use (sensitive).
		SubstanceUse = 13 => "substance_use",
	]
);

impl DataClass {
	/// Whether PIPL art. 28–29 makes the class sensitive, so that access needs a separate
	/// consent for it.
	pub const fn is_sensitive(self) -> bool {
		matches!(
			self,
			DataClass::MentalHealth |
				DataClass::InfectiousDisease |
				DataClass::Genetic |
				DataClass::ReproductiveHealth |
				DataClass::SubstanceUse
		)
	}
}

impl DataClasses {
	/// Whether a provision with these classes covers `class`: named, or the full record.
	pub const fn covers(self, class: DataClass) -> bool {
		self.contains(class) || self.contains(DataClass::FullRecord)
	}
}

vocabulary!(
	/// What is done with the data.
	Action,
	/// A set of [`Action`]s.
	Actions,
	[
		/// Viewing it.
		Read = 0 => "read",
		/// Copying it into the accessing organisation's own record.
		Copy = 1 => "copy",
		/// Providing it to another organisation (PIPL art. 23: a third-party provision).
		Disclose = 2 => "disclose",
	]
);

vocabulary!(
	/// A legal basis other than consent (PIPL art. 13), cited in a log entry instead of a
	/// consent.
	StatutoryBasis,
	/// A set of [`StatutoryBasis`] codes.
	StatutoryBases,
	[
		/// Necessary to perform a contract the patient is party to (art. 13(2)).
		Contract = 0 => "contract",
		/// A statutory duty, such as reporting a notifiable disease (art. 13(3)).
		LegalObligation = 1 => "legal_obligation",
		/// A public health emergency, or protecting life, health or property (art. 13(4)).
		PublicHealthEmergency = 2 => "public_health_emergency",
		/// An order of a court or a supervising authority.
		CourtOrder = 3 => "court_order",
	]
);

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn every_vocabulary_round_trips_through_names_and_codes() {
		for p in Purpose::ALL {
			assert_eq!(Purpose::from_name(p.name()), Some(*p));
			assert_eq!(Purpose::from_code(p.code()), Some(*p));
			assert!(Purposes::of(&[*p]).contains(*p));
		}
		for c in DataClass::ALL {
			assert_eq!(DataClass::from_name(c.name()), Some(*c));
			assert_eq!(DataClass::from_code(c.code()), Some(*c));
		}
		assert_eq!(Action::from_code(3), None);
		assert_eq!(Purpose::from_name("marketing"), None);
	}

	#[test]
	fn sets_tell_unknown_bits_and_full_record_covers_every_class() {
		assert!(Actions::of(&[Action::Read, Action::Disclose]).is_known());
		assert!(!Actions(1 << 3).is_known());
		assert!(!DataClasses(1 << 14).is_known());
		let full = DataClasses::of(&[DataClass::FullRecord]);
		assert!(DataClass::ALL.iter().all(|c| full.covers(*c)));
		assert!(!DataClasses::of(&[DataClass::Imaging]).covers(DataClass::LabResults));
		assert!(DataClass::Genetic.is_sensitive() && !DataClass::Imaging.is_sensitive());
	}
}
