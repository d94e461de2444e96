//! The organisations the gate checks callers against, read natively at the best block.

use std::sync::Arc;

use medtrust_primitives::{trace::keys, OrganizationId, Roles};
use medtrust_runtime::opaque::Block;
use sc_client_api::Backend;
use sp_blockchain::HeaderBackend;

use super::credentials::Directory;
use crate::native_state::{Hash, NativeView};

/// The chain's organisations, through the client and its database.
pub struct ChainDirectory<C, B> {
	pub client: Arc<C>,
	pub backend: Arc<B>,
}

impl<C, B> Directory for ChainDirectory<C, B>
where
	C: HeaderBackend<Block> + Send + Sync + 'static,
	B: Backend<Block> + Send + Sync + 'static,
{
	fn best(&self) -> Hash {
		self.client.info().best_hash
	}

	fn genesis(&self) -> [u8; 32] {
		self.client.info().genesis_hash.0
	}

	fn membership(&self, account: &[u8; 32], at: Hash) -> Option<(OrganizationId, Roles, bool)> {
		let view = NativeView::at(&self.client, &self.backend, Some(at)).ok()?;
		let organization: OrganizationId = view.get(&keys::account_organization(account))?;
		let record = view.raw(&keys::organization(organization))?;
		let roles = keys::decode_organization_roles(&record)?;
		Some((organization, roles, keys::decode_organization_is_active(&record)))
	}
}
