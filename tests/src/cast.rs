//! The organisations of a day in the life of the `local` consortium: its four validating
//! organisations (the regulator and three hospitals, one of them also a vaccination site) and
//! the four the council admits — a vaccine manufacturer, a distributor, an insurer and an
//! auditor. Each acts through its own key and talks to its own node.

use anyhow::{Context, Result};
use medtrust_client::{governance, Ed25519Signer, MedtrustClient};
use medtrust_primitives::{Role, Roles};

/// An organisation of the cast.
#[derive(Clone)]
pub struct Member {
	/// Its organisation id on chain.
	pub id: u32,
	/// The key it signs with.
	pub key: Ed25519Signer,
	/// The node (index into the network) its systems talk to.
	pub node: usize,
}

/// Who is who.
#[derive(Clone)]
pub struct Cast {
	pub regulator: Member,
	/// First Provincial Hospital, on node 1.
	pub hospital: Member,
	/// Children's Hospital, also the district's vaccination site, on node 3.
	pub vaccination_site: Member,
	pub manufacturer: Member,
	pub distributor: Member,
	pub insurer: Member,
	pub auditor: Member,
}

/// The council members whose ayes pass a motion (three of four: two thirds).
pub fn council() -> Vec<Ed25519Signer> {
	["alice", "bob", "charlie"].into_iter().map(Ed25519Signer::dev).collect()
}

/// An organisation the council admits.
struct Admitted {
	name: &'static str,
	credit_code: Option<&'static str>,
	gln: Option<&'static str>,
	role: Role,
	/// Its development key, `//<key>`.
	key: &'static str,
	node: usize,
}

const MANUFACTURER: Admitted = Admitted {
	name: "Sino Vaccines Manufacturing",
	credit_code: Some("91330100799655058B"),
	gln: Some("6901234000023"),
	role: Role::Manufacturer,
	key: "manufacturer",
	node: 2,
};
const DISTRIBUTOR: Admitted = Admitted {
	name: "Provincial Pharma Distribution",
	credit_code: Some("91110108551385082Q"),
	gln: Some("6901234000030"),
	role: Role::Distributor,
	key: "distributor",
	node: 3,
};
const INSURER: Admitted = Admitted {
	name: "Peace Health Insurance",
	credit_code: Some("91110000802100433B"),
	gln: None,
	role: Role::Insurer,
	key: "insurer",
	node: 1,
};
const AUDITOR: Admitted = Admitted {
	name: "Provincial Medical Audit Office",
	credit_code: None,
	gln: Some("6901234000061"),
	role: Role::Auditor,
	key: "auditor",
	node: 0,
};

impl Cast {
	/// Admits the manufacturer, distributor, insurer and auditor through the council (three
	/// blocks) unless they are members already, and names everyone.
	pub async fn admit(client: &MedtrustClient) -> Result<Self> {
		let key = |name: &str| Ed25519Signer::dev(name);
		let missing: Vec<_> = {
			let mut missing = Vec::new();
			for a in [MANUFACTURER, DISTRIBUTOR, INSURER, AUDITOR] {
				if client.organization_of(&key(a.key).account_id()).await?.is_none() {
					let roles = Roles::of(&[a.role]);
					missing.push(governance::calls::admit_organization(a.name, a.credit_code, a.gln, roles, &[key(a.key)]));
				}
			}
			missing
		};
		if !missing.is_empty() {
			client.pass_motions(&missing, &council()).await.context("the council admitting the cast")?;
		}
		Ok(Self {
			regulator: member(client, "alice", 0).await?,
			hospital: member(client, "bob", 1).await?,
			vaccination_site: member(client, "dave", 3).await?,
			manufacturer: member(client, MANUFACTURER.key, MANUFACTURER.node).await?,
			distributor: member(client, DISTRIBUTOR.key, DISTRIBUTOR.node).await?,
			insurer: member(client, INSURER.key, INSURER.node).await?,
			auditor: member(client, AUDITOR.key, AUDITOR.node).await?,
		})
	}
}

/// The member acting through the development key `//<name>`, on `node`.
async fn member(client: &MedtrustClient, name: &str, node: usize) -> Result<Member> {
	let key = Ed25519Signer::dev(name);
	let id = client.organization_of(&key.account_id()).await?.with_context(|| format!("{name} is no member"))?;
	Ok(Member { id, key, node })
}
