//! The `trace_*` JSON-RPC methods: a pharmacy's scan answered by any node, with no
//! manufacturer system online.
//!
//! `trace_verify` is the hot path. It does not enter the wasm runtime: it reads the records
//! straight from the state database at the best block and runs the runtime's own verdict code
//! (`medtrust_primitives::trace::verify`) natively. `trace_verifyInRuntime` asks the runtime API
//! the same question, so the two can be compared; `trace_history` and `trace_alerts` go through
//! the runtime API.

use std::sync::Arc;

use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use medtrust_primitives::{
	trace::{
		self, keys,
		report::{item_text, text, AlertReport, AlertReportPage, EventReport, EventReportPage, VerificationReport},
		AlertId, HistoryChunk, HistoryCursor, Item, ItemKey, Lot, LotId, Product, ProductCode, ProductId, TraceabilityView,
	},
	OrganizationId, Role,
};
use medtrust_runtime::opaque::Block;
use medtrust_runtime_api::TraceabilityApi;
use sc_client_api::{Backend, StateBackend};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;

use crate::{
	gate::credentials::Caller,
	native_state::{internal, invalid_params, Hash, NativeView},
};

/// Whom a scan is verified for: a member's own organisation; for the public, the organisation
/// it names, where the pack is offered (a patient at the pharmacy's counter learns whether the
/// chain places the pack there); the operator may name any.
fn scanning_organization(ext: &jsonrpsee::Extensions, organization: OrganizationId) -> RpcResult<OrganizationId> {
	match Caller::of(ext) {
		Caller::Member(member) if member.organization != organization => Err(invalid_params(format!(
			"a scan is verified for the caller's own organisation ({}), not {organization}",
			member.organization
		))),
		_ => Ok(organization),
	}
}

/// The report the caller may see.
fn as_seen_by(ext: &jsonrpsee::Extensions, report: VerificationReport) -> VerificationReport {
	match Caller::of(ext) {
		Caller::Operator | Caller::Member(_) => report,
		_ => report.for_public(),
	}
}

#[rpc(server, namespace = "trace")]
pub trait TraceApi {
	/// The verdict on a scan made by `organization` (a member's own; for the public, where the
	/// pack is offered, and without custody or history), at the best block (or `at`).
	#[method(name = "verify", with_extensions)]
	fn verify(&self, scan: String, organization: OrganizationId, at: Option<Hash>) -> RpcResult<VerificationReport>;

	/// The same verdict, computed by the runtime API.
	#[method(name = "verifyInRuntime", with_extensions)]
	fn verify_in_runtime(
		&self,
		scan: String,
		organization: OrganizationId,
		at: Option<Hash>,
	) -> RpcResult<VerificationReport>;

	/// A page of the history of the item a scan names, oldest first, from `from` (the start
	/// if none) on, at most `limit` events (500 if none, at most 500); the answer's `next` is
	/// where the following page starts.
	#[method(name = "history")]
	fn history(
		&self,
		scan: String,
		from: Option<HistoryCursor>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<EventReportPage>;

	/// A page of the alerts not yet cleared or confirmed, oldest first, from alert number
	/// `from` (0 if none) on, at most `limit` (500 if none, at most 500); the answer's `next`
	/// is where the following page starts.
	#[method(name = "alerts")]
	fn alerts(&self, from: Option<AlertId>, limit: Option<u32>, at: Option<Hash>) -> RpcResult<AlertReportPage>;
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

fn parse(scan: &str) -> RpcResult<trace::Scan> {
	trace::parse_scan(scan.as_bytes()).map_err(|error| invalid_params(format!("cannot read the scan: {error}")))
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
	fn history_chunk(&self, key: &ItemKey, n: u32) -> Option<HistoryChunk> {
		self.get(&keys::history_chunk(key, n))
	}
	fn is_regulator(&self, organization: OrganizationId) -> bool {
		// A suspended regulator inspects nothing.
		self.organization_has_role(organization, Role::Regulator)
	}
}

impl<C, B> Trace<C, B>
where
	C: HeaderBackend<Block> + ProvideRuntimeApi<Block> + Send + Sync + 'static,
	C::Api: TraceabilityApi<Block>,
	B: Backend<Block> + Send + Sync + 'static,
{
	fn view(&self, at: Option<Hash>) -> RpcResult<NativeView<B::State>> {
		NativeView::at(&self.client, &self.backend, at)
	}
}

impl<C, B> TraceApiServer for Trace<C, B>
where
	C: HeaderBackend<Block> + ProvideRuntimeApi<Block> + Send + Sync + 'static,
	C::Api: TraceabilityApi<Block>,
	B: Backend<Block> + Send + Sync + 'static,
{
	fn verify(
		&self,
		ext: &jsonrpsee::Extensions,
		scan: String,
		organization: OrganizationId,
		at: Option<Hash>,
	) -> RpcResult<VerificationReport> {
		let organization = scanning_organization(ext, organization)?;
		let scan = parse(&scan)?;
		let view = self.view(at)?;
		let today = trace::date_of_unix_millis(view.now_millis());
		let verification = trace::verify(&view, &scan, organization, today);
		Ok(as_seen_by(ext, VerificationReport::new(&verification, &scan, today)))
	}

	fn verify_in_runtime(
		&self,
		ext: &jsonrpsee::Extensions,
		scan: String,
		organization: OrganizationId,
		at: Option<Hash>,
	) -> RpcResult<VerificationReport> {
		let organization = scanning_organization(ext, organization)?;
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		// What was read is reported from the same parser, natively; the verdict is the runtime's.
		let read = parse(&scan)?;
		let today = trace::date_of_unix_millis(self.view(Some(hash))?.now_millis());
		let verification = self
			.client
			.runtime_api()
			.verify(hash, scan.into_bytes(), organization)
			.map_err(internal)?
			.map_err(|message| invalid_params(format!("cannot read the scan: {}", text(&message))))?;
		Ok(as_seen_by(ext, VerificationReport::new(&verification, &read, today)))
	}

	fn history(
		&self,
		scan: String,
		from: Option<HistoryCursor>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<EventReportPage> {
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let limit = limit.unwrap_or(trace::MAX_HISTORY_PAGE);
		if limit == 0 || limit > trace::MAX_HISTORY_PAGE {
			return Err(invalid_params(format!("limit must be 1 to {}", trace::MAX_HISTORY_PAGE)));
		}
		let parsed = parse(&scan)?;
		let view = self.view(Some(hash))?;
		let key = trace::item_key_of(&view, &parsed)
			.map_err(|verdict| invalid_params(format!("no history: {}", verdict.explain())))?;
		let page =
			self.client.runtime_api().history_page(hash, key, from.unwrap_or_default(), limit).map_err(internal)?;
		let events = page
			.entries
			.into_iter()
			.map(|(key, entry)| EventReport {
				item: item_text(&key),
				block: entry.at,
				organization: entry.organization,
				biz_step: entry.biz_step,
				disposition: entry.disposition,
			})
			.collect();
		Ok(EventReportPage { events, next: page.next })
	}

	fn alerts(&self, from: Option<AlertId>, limit: Option<u32>, at: Option<Hash>) -> RpcResult<AlertReportPage> {
		let hash = at.unwrap_or_else(|| self.client.info().best_hash);
		let limit = limit.unwrap_or(trace::MAX_ALERT_PAGE);
		if limit == 0 || limit > trace::MAX_ALERT_PAGE {
			return Err(invalid_params(format!("limit must be 1 to {}", trace::MAX_ALERT_PAGE)));
		}
		let page = self.client.runtime_api().open_alerts(hash, from.unwrap_or(0), limit).map_err(internal)?;
		let alerts = page
			.alerts
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
			.collect();
		Ok(AlertReportPage { alerts, next: page.next })
	}
}
