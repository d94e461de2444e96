//! The consortium's organisations, as the chain records them.

use medtrust_primitives::Roles;
use serde::Serialize;

use crate::{
	runtime::{self, runtime_types::pallet_organizations::types::OrganizationStatus},
	MedtrustClient, SubmitError,
};

/// An organisation, in readable form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrganizationInfo {
	/// Its identifier on chain.
	pub id: u32,
	/// Its name.
	pub name: String,
	/// China's unified social credit code, if recorded.
	pub credit_code: Option<String>,
	/// GS1 GLN, if recorded.
	pub gln: Option<String>,
	/// Its roles, e.g. `["hospital"]`.
	pub roles: Vec<&'static str>,
	/// `active` or `suspended`.
	pub status: &'static str,
	/// The accounts that act for it, SS58-encoded.
	pub accounts: Vec<String>,
	/// The block in which it was admitted.
	pub admitted_at: u32,
}

type Stored = runtime::runtime_types::pallet_organizations::types::Organization;

fn readable(id: u32, org: Stored) -> OrganizationInfo {
	OrganizationInfo {
		id,
		name: String::from_utf8_lossy(&org.name.0).into_owned(),
		credit_code: org.credit_code.map(|c| String::from_utf8_lossy(&c.0).into_owned()),
		gln: org.gln.map(|g| String::from_utf8_lossy(&g.0).into_owned()),
		roles: Roles(org.roles.0).iter().map(|r| r.name()).collect(),
		status: match org.status {
			OrganizationStatus::Active => "active",
			OrganizationStatus::Suspended => "suspended",
		},
		accounts: org.accounts.0.iter().map(|a| a.to_string()).collect(),
		admitted_at: org.admitted_at,
	}
}

impl MedtrustClient {
	/// Every organisation, by id, at the best block (what was just admitted is listed).
	pub async fn organizations(&self) -> Result<Vec<OrganizationInfo>, SubmitError> {
		let at = self.at_best_block().await?;
		let storage = at.storage();
		let entry = storage.entry(runtime::storage().organizations().organizations()).map_err(node)?;
		let mut iter = entry.iter(()).await.map_err(node)?;
		let mut all = Vec::new();
		while let Some(item) = iter.next().await {
			let item = item.map_err(node)?;
			let (id,) = item.key().map_err(node)?.decode().map_err(node)?;
			all.push(readable(id, item.value().decode().map_err(node)?));
		}
		all.sort_by_key(|o| o.id);
		Ok(all)
	}

	/// One organisation, or `None` if no organisation has that id.
	pub async fn organization(&self, id: u32) -> Result<Option<OrganizationInfo>, SubmitError> {
		let at = self.at_best_block().await?;
		let storage = at.storage();
		let entry = storage.entry(runtime::storage().organizations().organizations()).map_err(node)?;
		let value = entry.try_fetch((id,)).await.map_err(node)?;
		value.map(|v| v.decode().map(|org| readable(id, org))).transpose().map_err(node)
	}
}

fn node(e: impl std::fmt::Display) -> SubmitError {
	SubmitError::Node(e.to_string())
}
