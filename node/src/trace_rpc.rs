//! The `trace_*` JSON-RPC methods: a pharmacy's scan answered by any node, with no
//! manufacturer system online.
//!
//! `trace_verify` is the hot path. It does not enter the wasm runtime: it reads the records
//! straight from the state database at the best block and runs the runtime's own verdict code
//! (`medtrust_primitives::trace::verify`) natively. `trace_verifyInRuntime` asks the runtime API
//! the same question, so the two can be compared; `trace_history` and `trace_alerts` go through
//! the runtime API.

use std::sync::Arc;

use codec::Decode;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::ErrorObjectOwned, ErrorObject},
};
use medtrust_primitives::{
	trace::{
		self, keys,
		report::{item_text, text, AlertReport, EventReport, VerificationReport},
		HistoryEntry, Item, ItemKey, Lot, LotId, Product, ProductCode, ProductId, TraceabilityView,
	},
	OrganizationId, Role,
};
use medtrust_runtime::opaque::Block;
use pallet_traceability::runtime_api::TraceabilityApi;
use sc_client_api::{backend::TrieCacheContext, Backend, StateBackend};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_runtime::traits::Block as BlockT;

type Hash = <Block as BlockT>::Hash;

#[rpc(server, namespace = "trace")]
pub trait TraceApi {
	/// The verdict on a scan made by `organization`, at the best block (or `at`).
	#[method(name = "verify")]
	fn verify(&self, scan: String, organization: OrganizationId, at: Option<Hash>) -> RpcResult<VerificationReport>;

	/// The same verdict, computed by the runtime API.
	#[method(name = "verifyInRuntime")]
	fn verify_in_runtime(
		&self,
		scan: String,
		organization: OrganizationId,
		at: Option<Hash>,
	) -> RpcResult<VerificationReport>;

	/// The full history of the item a scan names, oldest first.
	#[method(name = "history")]
	fn history(&self, scan: String, at: Option<Hash>) -> RpcResult<Vec<EventReport>>;

	/// Alerts not yet cleared or confirmed, oldest first.
	#[method(name = "alerts")]
	fn alerts(&self, at: Option<Hash>) -> RpcResult<Vec<AlertReport>>;
}

/// The `trace_*` methods over a client and its database backend.
pub struct Trace<C, B> {
	client: Arc<C>,
	backend: Arc<B>,
}

impl<C, B> Trace<C, B> {
	pub fn new(client: Arc<C>, backend: Arc<B>) -> Self {
		Trace { client, backend }
	}
}

fn invalid_params(message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObject::owned(jsonrpsee::types::error::INVALID_PARAMS_CODE, message.into(), None::<()>)
}

fn internal(message: impl ToString) -> ErrorObjectOwned {
	ErrorObject::owned(jsonrpsee::types::error::INTERNAL_ERROR_CODE, message.to_string(), None::<()>)
}

fn parse(scan: &str) -> RpcResult<trace::Scan> {
	trace::parse_scan(scan.as_bytes()).map_err(|error| invalid_params(format!("cannot read the scan: {error}")))
}

/// The records in one block's state, read natively.
struct NativeView<S> {
	state: S,
}

impl<S: StateBackend<sp_runtime::traits::HashingFor<Block>>> NativeView<S> {
	fn get<T: Decode>(&self, key: &[u8]) -> Option<T> {
		let bytes = self.state.storage(key).ok()??;
		T::decode(&mut &bytes[..]).ok()
	}

	fn today(&self) -> trace::Date {
		trace::date_of_unix_millis(self.get::<u64>(&keys::timestamp_now()).unwrap_or_default())
	}
}

impl<S: StateBackend<sp_runtime::traits::HashingFor<Block>>> TraceabilityView for NativeView<S> {
	fn product_id(&self, code: &ProductCode) -> Option<ProductId> {
		self.get(&keys::product_code(code))
	}
	fn product(&self, id: ProductId) -> Option<Product> {
		self.get(&keys::product(id))
	}
	fn lot(&self, id: LotId) -> Option<Lot> {
		self.get(&keys::lot(id))
	}
	fn item(&self, key: &ItemKey) -> Option<Item> {
		self.get(&keys::item(key))
	}
	fn history_entry(&self, key: &ItemKey, index: u32) -> Option<HistoryEntry> {
		self.get(&keys::history_entry(key, index))
	}
	fn is_regulator(&self, organization: OrganizationId) -> bool {
		let Some(bytes) = self.state.storage(&keys::organization(organization)).ok().flatten() else { return false };
		// The status follows the roles in the record; a suspended regulator inspects nothing.
		keys::decode_organization_roles(&bytes).is_some_and(|roles| roles.contains(Role::Regulator)) &&
			keys::decode_organization_is_active(&bytes)
	}
}

impl<C, B> Trace<C, B>
where
	C: HeaderBackend<Block> + ProvideRuntimeApi<Block> + Send + Sync + 'static,
	C::Api: TraceabilityApi<Block>,
	B: Backend<Block> + Send + Sync + 'static,
{
	fn view(&self, at: Option<Hash>) -> RpcResult<NativeView<B::State>> {
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		// A verification reads a bounded handful of keys (product, lot, item, its containers,
		// its last events), so, like block import, it may use the trusted context: what it reads
		// is kept in the node's shared trie cache and the next scan of the same pack, lot or
		// product is answered from memory.
		let state = self.backend.state_at(hash, TrieCacheContext::Trusted).map_err(internal)?;
		Ok(NativeView { state })
	}
}

impl<C, B> TraceApiServer for Trace<C, B>
where
	C: HeaderBackend<Block> + ProvideRuntimeApi<Block> + Send + Sync + 'static,
	C::Api: TraceabilityApi<Block>,
	B: Backend<Block> + Send + Sync + 'static,
{
	fn verify(&self, scan: String, organization: OrganizationId, at: Option<Hash>) -> RpcResult<VerificationReport> {
		let scan = parse(&scan)?;
		let view = self.view(at)?;
		let verification = trace::verify(&view, &scan, organization, view.today());
		Ok(VerificationReport::from(&verification))
	}

	fn verify_in_runtime(
		&self,
		scan: String,
		organization: OrganizationId,
		at: Option<Hash>,
	) -> RpcResult<VerificationReport> {
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let verification = self
			.client
			.runtime_api()
			.verify(hash, scan.into_bytes(), organization)
			.map_err(internal)?
			.map_err(|message| invalid_params(format!("cannot read the scan: {}", text(&message))))?;
		Ok(VerificationReport::from(&verification))
	}

	fn history(&self, scan: String, at: Option<Hash>) -> RpcResult<Vec<EventReport>> {
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let parsed = parse(&scan)?;
		let view = self.view(Some(hash))?;
		let key = trace::item_key_of(&view, &parsed)
			.map_err(|verdict| invalid_params(format!("no history: {}", verdict.explain())))?;
		let history = self.client.runtime_api().history(hash, key).map_err(internal)?;
		Ok(history
			.into_iter()
			.map(|(key, entry)| EventReport {
				item: item_text(&key),
				block: entry.at,
				organization: entry.organization,
				biz_step: entry.biz_step,
				disposition: entry.disposition,
			})
			.collect())
	}

	fn alerts(&self, at: Option<Hash>) -> RpcResult<Vec<AlertReport>> {
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let alerts = self.client.runtime_api().open_alerts(hash).map_err(internal)?;
		Ok(alerts
			.into_iter()
			.map(|(id, alert)| AlertReport {
				id,
				verdict: alert.verdict,
				scan: text(&alert.scan),
				item: alert.item.as_ref().map(item_text),
				raised_by: alert.raised_by,
				raised_at: alert.raised_at,
				status: alert.status,
			})
			.collect())
	}
}
