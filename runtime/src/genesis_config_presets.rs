//! Genesis presets: the `development` chain (`--dev`) and the 4-organisation `local_testnet`
//! consortium. `chain-spec/*.json` are exported from these (see `scripts/export-chain-specs.sh`).
//!
//! Organisation accounts are the well-known ed25519 development keys (`//Alice`, `//Bob`, …),
//! the keys the client SDK signs with; validators' session keys are the sr25519 (Aura) and
//! ed25519 (GRANDPA) keys `--alice`, `--bob`, … put in a node's keystore. Node identities are
//! the well-known libp2p keys `0x00…01` to `0x00…04`. All of them are public: these presets are
//! for development and testing, never for a consortium's production chain.

use alloc::{string::String, vec, vec::Vec};
use frame_support::build_struct_json_patch;
use medtrust_primitives::Role;
use pallet_organizations::GenesisOrganization;
use serde_json::Value;
use sp_core::OpaquePeerId;
use sp_genesis_builder::PresetId;
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{
	AccountId, CouncilConfig, NodeAuthorizationConfig, OrganizationsConfig, RuntimeGenesisConfig, SessionConfig,
	SessionKeys, SudoConfig, ValidatorSetConfig,
};

/// The name of the 4-organisation consortium preset.
pub const LOCAL_TESTNET_RUNTIME_PRESET: &str = sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET;
/// The name of the single-node development preset.
pub const DEV_RUNTIME_PRESET: &str = sp_genesis_builder::DEV_RUNTIME_PRESET;

/// The libp2p identities (PeerId bytes) of node keys `0x00…01` to `0x00…04`, in that order:
/// `12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp`, `12D3KooWHdiAxVd8uMQR1hGWXccidmfCwLqcMpGwR6QcTP6QRMuD`,
/// `12D3KooWSCufgHzV4fCwRijfH2k3abrpAJxTKxEvN1FDuRXA2U9x`, `12D3KooWSsChzF81YDUKpe9Uk5AHV5oqAaXAcWNSPYgoLauUk4st`.
pub const WELL_KNOWN_NODE_PUBLIC_KEYS: [[u8; 32]; 4] = [
	hex_literal::hex!("4cb5abf6ad79fbf5abbccafcc269d85cd2651ed4b885b5869f241aedf0a5ba29"),
	hex_literal::hex!("7422b9887598068e32c4448a949adb290d0f4e35b9e01b0ee5f1a1e600fe2674"),
	hex_literal::hex!("f381626e41e7027ea431bfe3009e94bdd25a746beec468948d6c3c7c5dc9a54b"),
	hex_literal::hex!("fd50b8e3b144ea244fbf7737f550bc8dd0c2650bbc1aada833ca17ff8dbf329b"),
];

/// A libp2p PeerId of an ed25519 key: the identity multihash of its protobuf encoding.
pub fn peer_id_of_ed25519(public: &[u8; 32]) -> OpaquePeerId {
	let mut bytes = vec![0x00, 0x24, 0x08, 0x01, 0x12, 0x20];
	bytes.extend_from_slice(public);
	OpaquePeerId(bytes)
}

/// An organisation of a preset.
struct PresetOrganization {
	name: &'static str,
	credit_code: Option<&'static str>,
	gln: Option<&'static str>,
	roles: &'static [Role],
	key: Ed25519Keyring,
}

impl PresetOrganization {
	fn account(&self) -> AccountId {
		self.key.to_account_id()
	}

	fn genesis(&self) -> GenesisOrganization<AccountId> {
		GenesisOrganization {
			name: String::from(self.name),
			credit_code: self.credit_code.map(String::from),
			gln: self.gln.map(String::from),
			roles: self.roles.to_vec(),
			accounts: vec![self.account()],
		}
	}
}

/// A validator: the ed25519 key of its organisation account (also its GRANDPA key) and the
/// sr25519 key it authors blocks with. `--alice` & co. put both of the same name in a node's
/// keystore.
type ValidatorKeys = (Ed25519Keyring, Sr25519Keyring);

fn session_keys((account, aura): ValidatorKeys) -> (AccountId, AccountId, SessionKeys) {
	let account_id = account.to_account_id();
	let keys = SessionKeys { aura: aura.public().into(), grandpa: account.public().into() };
	(account_id.clone(), account_id, keys)
}

fn genesis(
	organizations: &[PresetOrganization],
	validators: &[ValidatorKeys],
	nodes: Vec<(OpaquePeerId, AccountId)>,
	sudo: Option<AccountId>,
) -> Value {
	let council: Vec<AccountId> = organizations.iter().map(|o| o.account()).collect();
	build_struct_json_patch!(RuntimeGenesisConfig {
		organizations: OrganizationsConfig { organizations: organizations.iter().map(|o| o.genesis()).collect() },
		validator_set: ValidatorSetConfig { validators: validators.iter().map(|(k, _)| k.to_account_id()).collect() },
		session: SessionConfig { keys: validators.iter().copied().map(session_keys).collect() },
		council: CouncilConfig { members: council },
		node_authorization: NodeAuthorizationConfig { nodes },
		sudo: SudoConfig { key: sudo },
	})
}

/// The provincial health commission, the regulator of both presets, acting through `//Alice`.
fn health_commission() -> PresetOrganization {
	PresetOrganization {
		name: "Provincial Health Commission",
		credit_code: Some("113300000024824470"),
		gln: None,
		roles: &[Role::Regulator],
		key: Ed25519Keyring::Alice,
	}
}

/// One organisation of each role, each acting through one development key:
///
/// | id | organisation | role | key |
/// |---|---|---|---|
/// | 0 | Provincial Health Commission | regulator | `//Alice` (also validator and sudo) |
/// | 1 | City General Hospital | hospital | `//Bob` |
/// | 2 | Sino Vaccines Manufacturing | manufacturer | `//Charlie` |
/// | 3 | Provincial Pharma Distribution | distributor | `//Dave` |
/// | 4 | Riverside Pharmacy | pharmacy | `//Eve` |
/// | 5 | District Vaccination Centre | vaccination site | `//Ferdie` |
/// | 6 | Peace Health Insurance | insurer | `//One` |
/// | 7 | Provincial Medical Audit Office | auditor | `//Two` |
pub fn development_config_genesis() -> Value {
	let organizations = [
		health_commission(),
		PresetOrganization {
			name: "City General Hospital",
			credit_code: Some("123300004700001210"),
			gln: Some("6901234000016"),
			roles: &[Role::Hospital],
			key: Ed25519Keyring::Bob,
		},
		PresetOrganization {
			name: "Sino Vaccines Manufacturing",
			credit_code: Some("91330100799655058B"),
			gln: Some("6901234000023"),
			roles: &[Role::Manufacturer],
			key: Ed25519Keyring::Charlie,
		},
		PresetOrganization {
			name: "Provincial Pharma Distribution",
			credit_code: Some("91110108551385082Q"),
			gln: Some("6901234000030"),
			roles: &[Role::Distributor],
			key: Ed25519Keyring::Dave,
		},
		PresetOrganization {
			name: "Riverside Pharmacy",
			credit_code: Some("91440300708461136T"),
			gln: Some("6901234000047"),
			roles: &[Role::Pharmacy],
			key: Ed25519Keyring::Eve,
		},
		PresetOrganization {
			name: "District Vaccination Centre",
			credit_code: None,
			gln: Some("6901234000054"),
			roles: &[Role::VaccinationSite],
			key: Ed25519Keyring::Ferdie,
		},
		PresetOrganization {
			name: "Peace Health Insurance",
			credit_code: Some("91110000802100433B"),
			gln: None,
			roles: &[Role::Insurer],
			key: Ed25519Keyring::One,
		},
		PresetOrganization {
			name: "Provincial Medical Audit Office",
			credit_code: None,
			gln: Some("6901234000061"),
			roles: &[Role::Auditor],
			key: Ed25519Keyring::Two,
		},
	];
	let validators = [(Ed25519Keyring::Alice, Sr25519Keyring::Alice)];
	genesis(&organizations, &validators, Vec::new(), Some(Ed25519Keyring::Alice.to_account_id()))
}

/// The 4-organisation consortium: the provincial health regulator and three hospitals, each
/// running a validator (keys `--alice`, `--bob`, `--charlie`, `--dave`) whose node key is
/// `0x00…01` to `0x00…04` respectively. Governance is the four of them; there is no sudo.
pub fn local_config_genesis() -> Value {
	let organizations = [
		health_commission(),
		PresetOrganization {
			name: "First Provincial Hospital",
			credit_code: Some("123300004700001210"),
			gln: Some("6901234000016"),
			roles: &[Role::Hospital],
			key: Ed25519Keyring::Bob,
		},
		PresetOrganization {
			name: "Second Provincial Hospital",
			credit_code: Some("123300004700001135"),
			gln: Some("6901234000078"),
			roles: &[Role::Hospital],
			key: Ed25519Keyring::Charlie,
		},
		PresetOrganization {
			name: "Children's Hospital",
			credit_code: Some("12330000470000105A"),
			gln: Some("6901234000085"),
			roles: &[Role::Hospital, Role::VaccinationSite],
			key: Ed25519Keyring::Dave,
		},
	];
	let validators = [
		(Ed25519Keyring::Alice, Sr25519Keyring::Alice),
		(Ed25519Keyring::Bob, Sr25519Keyring::Bob),
		(Ed25519Keyring::Charlie, Sr25519Keyring::Charlie),
		(Ed25519Keyring::Dave, Sr25519Keyring::Dave),
	];
	let nodes = WELL_KNOWN_NODE_PUBLIC_KEYS
		.iter()
		.zip(validators)
		.map(|(node, (owner, _))| (peer_id_of_ed25519(node), owner.to_account_id()))
		.collect();
	genesis(&organizations, &validators, nodes, None)
}

/// The preset called `id`, as JSON.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV_RUNTIME_PRESET => development_config_genesis(),
		LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialising a serde_json::Value cannot fail; qed")
			.into_bytes(),
	)
}

/// The presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![PresetId::from(DEV_RUNTIME_PRESET), PresetId::from(LOCAL_TESTNET_RUNTIME_PRESET)]
}
