//! EPCIS 2.0 import: a JSON-LD document's events become one `apply_epcis_events` call, which the
//! chain applies all or none.
//!
//! Supported, by event type, action and business step (CBV 2.0, bare or as URIs):
//!
//! | EPCIS event | becomes |
//! | --- | --- |
//! | ObjectEvent ADD `commissioning` with `ilmd.lotNumber` | commission the serials into that lot |
//! | ObjectEvent OBSERVE `shipping` | ship (to the organisation of the `destinationList` GLN, if any) |
//! | ObjectEvent OBSERVE `receiving` | receive |
//! | ObjectEvent DELETE `decommissioning` / `destroying` (disposition `stolen`: stolen) | end of life |
//! | AggregationEvent ADD `packing` | pack the children into the parent |
//! | AggregationEvent DELETE `unpacking` | unpack the listed children |
//! | AggregationEvent OBSERVE `shipping` / `receiving` | ship / receive the parent with its contents |
//!
//! Identifiers may be EPC URNs (`urn:epc:id:sgtin:…`, `urn:epc:id:sscc:…`) or GS1 Digital Link
//! URIs. Anything else — TransformationEvents, class-level quantities, error declarations,
//! sensor data, other steps — refuses the whole document with a message naming the event, so
//! nothing is ever half-imported. Descriptive fields (time, read point, business location and
//! transactions, source list, persistent disposition, extensions) are not recorded on chain.

use std::{collections::HashMap, future::Future};

use medtrust_primitives::{
	trace::{ItemKey, LotId, ProductCode, ProductId, ScannedItem, Serial},
	Gln,
};
use serde_json::Value;

use crate::{
	runtime::{
		self,
		runtime_types::{bounded_collections::bounded_vec::BoundedVec, pallet_traceability::types as call_types},
	},
	trace::{recode, TraceError},
	MedtrustClient,
};

/// The most events one document may carry: the chain applies a document in one call.
pub const MAX_EVENTS: usize = 16;

/// A document turned into one call, with a line per event describing it.
pub struct ImportPlan {
	pub events: Vec<call_types::EpcisEvent>,
	pub summary: Vec<String>,
}

impl ImportPlan {
	/// The call that applies the document.
	pub fn call(self) -> subxt::tx::StaticPayload<runtime::traceability::calls::ApplyEpcisEvents> {
		runtime::tx().traceability().apply_epcis_events(BoundedVec(self.events))
	}
}

/// Why a document cannot be imported: every problem found, one per line.
#[derive(Debug, thiserror::Error)]
#[error("the EPCIS document is not imported; nothing was submitted:\n  {}", .problems.join("\n  "))]
pub struct ImportError {
	pub problems: Vec<String>,
}

impl From<TraceError> for ImportError {
	fn from(error: TraceError) -> Self {
		ImportError { problems: vec![error.to_string()] }
	}
}

/// The last word of a CBV value: `urn:epcglobal:cbv:bizstep:shipping`,
/// `https://ref.gs1.org/cbv/BizStep-shipping` and `shipping` are all `shipping`.
fn cbv_word(value: Option<&Value>) -> String {
	let text = value.and_then(Value::as_str).unwrap_or("");
	let word = text.rsplit([':', '/']).next().unwrap_or(text);
	word.rsplit('-').next().unwrap_or(word).to_ascii_lowercase()
}

/// Descriptive or class-level fields and what refusing them means.
const REFUSED_FIELDS: [(&str, &str); 6] = [
	("quantityList", "class-level quantities (quantityList) are not serialised packs"),
	("childQuantityList", "class-level quantities (childQuantityList) are not serialised packs"),
	("errorDeclaration", "error declarations and corrective events are not supported"),
	("sensorElementList", "sensor data is not imported; record a cold-chain excursion instead"),
	("inputQuantityList", "TransformationEvent quantities are not supported"),
	("outputQuantityList", "TransformationEvent quantities are not supported"),
];

/// What an import needs to know of the chain: the registered products and lots, and the
/// members' GLNs. [`MedtrustClient`] asks its node; a test or a fuzzer can answer from memory.
pub trait Registry {
	/// The product registered under a GTIN or drug code.
	fn product_id(&self, code: &ProductCode) -> impl Future<Output = Result<Option<ProductId>, TraceError>> + Send;
	/// The lot `number` of `product`.
	fn lot_id(&self, product: ProductId, number: &str) -> impl Future<Output = Result<Option<LotId>, TraceError>> + Send;
	/// The member organisation a GLN belongs to.
	fn organization_by_gln(&self, gln: &Gln) -> impl Future<Output = Result<Option<u32>, TraceError>> + Send;
}

impl Registry for MedtrustClient {
	fn product_id(&self, code: &ProductCode) -> impl Future<Output = Result<Option<ProductId>, TraceError>> + Send {
		MedtrustClient::product_id(self, code)
	}
	fn lot_id(&self, product: ProductId, number: &str) -> impl Future<Output = Result<Option<LotId>, TraceError>> + Send {
		MedtrustClient::lot_id(self, product, number)
	}
	fn organization_by_gln(&self, gln: &Gln) -> impl Future<Output = Result<Option<u32>, TraceError>> + Send {
		MedtrustClient::organization_by_gln(self, gln)
	}
}

struct Planner<'a, R> {
	registry: &'a R,
	products: HashMap<ProductCode, Option<ProductId>>,
	problems: Vec<String>,
}

impl<R: Registry> Planner<'_, R> {
	async fn product(&mut self, code: ProductCode) -> Result<Option<ProductId>, TraceError> {
		if let Some(known) = self.products.get(&code) {
			return Ok(*known);
		}
		let id = self.registry.product_id(&code).await?;
		self.products.insert(code, id);
		Ok(id)
	}

	/// The item an EPC or Digital Link names, or a problem.
	async fn item(&mut self, epc: &Value, at: &str) -> Result<Option<ItemKey>, TraceError> {
		let Some(text) = epc.as_str() else {
			self.problems.push(format!("{at}: an identifier is not a string"));
			return Ok(None);
		};
		let parsed = match crate::trace::parse(text) {
			Ok(parsed) => parsed,
			Err(e) => {
				self.problems.push(format!("{at}: {text}: {e}"));
				return Ok(None);
			},
		};
		Ok(match parsed.item {
			ScannedItem::Sscc(sscc) => Some(ItemKey::Sscc(sscc)),
			ScannedItem::Unit { product, serial } => match self.product(product).await? {
				Some(product) => Some(ItemKey::Unit { product, serial }),
				None => {
					self.problems.push(format!("{at}: {text}: no registered product has this GTIN"));
					None
				},
			},
			ScannedItem::Class { .. } => {
				self.problems.push(format!("{at}: {text} names a class of product, not a serialised pack"));
				None
			},
		})
	}

	async fn items(&mut self, list: Option<&Value>, at: &str) -> Result<Vec<ItemKey>, TraceError> {
		let mut out = Vec::new();
		for epc in list.and_then(Value::as_array).into_iter().flatten() {
			if let Some(key) = self.item(epc, at).await? {
				out.push(key);
			}
		}
		Ok(out)
	}

	/// The organisation a shipment goes to, from the first party or location GLN of the
	/// destination list that belongs to a member.
	async fn destination(&mut self, event: &Value, at: &str) -> Result<Option<u32>, TraceError> {
		let Some(list) = event.get("destinationList").and_then(Value::as_array) else { return Ok(None) };
		for entry in list {
			let Some(urn) = entry.get("destination").and_then(Value::as_str) else { continue };
			let Some(gln) = medtrust_primitives::trace::parse_epc_gln(urn.as_bytes()) else { continue };
			if let Some(org) = self.registry.organization_by_gln(&gln).await? {
				return Ok(Some(org));
			}
		}
		self.problems.push(format!("{at}: no destination GLN belongs to a member of the consortium"));
		Ok(None)
	}

	async fn operation(&mut self, event: &Value, at: &str) -> Result<Option<(call_types::TraceOperation, String)>, TraceError> {
		use call_types::TraceOperation as Op;
		let kind = event.get("type").and_then(Value::as_str).unwrap_or("");
		let action = event.get("action").and_then(Value::as_str).unwrap_or("");
		let step = cbv_word(event.get("bizStep"));
		let disposition = cbv_word(event.get("disposition"));
		for (field, why) in REFUSED_FIELDS {
			if event.get(field).is_some_and(|v| !v.as_array().is_some_and(Vec::is_empty)) {
				self.problems.push(format!("{at}: {why}"));
				return Ok(None);
			}
		}
		Ok(Some(match (kind, action, step.as_str()) {
			("ObjectEvent", "ADD", "commissioning") => {
				let keys = self.items(event.get("epcList"), at).await?;
				let lot_number = event.pointer("/ilmd/lotNumber").and_then(Value::as_str);
				let (Some(lot_number), Some(ItemKey::Unit { product, .. })) = (lot_number, keys.first()) else {
					self.problems.push(format!("{at}: commissioning needs packs and ilmd.lotNumber"));
					return Ok(None);
				};
				let product = *product;
				let Some(lot) = self.registry.lot_id(product, lot_number).await? else {
					self.problems.push(format!("{at}: lot {lot_number} is not created for product {product}"));
					return Ok(None);
				};
				let mut serials: Vec<Serial> = Vec::new();
				for key in keys {
					match key {
						ItemKey::Unit { product: p, serial } if p == product => serials.push(serial),
						_ => {
							self.problems.push(format!("{at}: a commissioning event must list packs of one product"));
							return Ok(None);
						},
					}
				}
				let line = format!("commission {} serial(s) into lot {lot}", serials.len());
				(Op::Commission { lot, serials: recode(&serials) }, line)
			},
			("ObjectEvent" | "AggregationEvent", "OBSERVE", "shipping" | "receiving") => {
				let keys = if kind == "ObjectEvent" {
					self.items(event.get("epcList"), at).await?
				} else {
					self.items(Some(&Value::Array(event.get("parentID").into_iter().cloned().collect())), at).await?
				};
				if step == "shipping" {
					let to = self.destination(event, at).await?;
					let line = format!("ship {} item(s) to {}", keys.len(), to.map_or("whoever receives".into(), |o| format!("organisation {o}")));
					(Op::Ship { items: BoundedVec(recode(&keys)), to }, line)
				} else {
					(Op::Receive { items: BoundedVec(recode(&keys)) }, format!("receive {} item(s)", keys.len()))
				}
			},
			("ObjectEvent", "DELETE", "decommissioning" | "destroying") => {
				let keys = self.items(event.get("epcList"), at).await?;
				let reason = match (step.as_str(), disposition.as_str()) {
					(_, "stolen") => call_types::EndReason::Stolen,
					("destroying", _) => call_types::EndReason::Destroyed,
					_ => call_types::EndReason::Decommissioned,
				};
				let line = format!("{step} {} item(s)", keys.len());
				(Op::End { items: BoundedVec(recode(&keys)), reason }, line)
			},
			("AggregationEvent", "ADD" | "DELETE", "packing" | "unpacking") => {
				let parent = match event.get("parentID") {
					Some(parent) => self.item(parent, at).await?,
					None => None,
				};
				let children = self.items(event.get("childEPCs"), at).await?;
				let Some(parent) = parent.filter(|_| !children.is_empty()) else {
					self.problems.push(format!("{at}: {step} needs a parentID and childEPCs"));
					return Ok(None);
				};
				let line = format!("{step} {} item(s)", children.len());
				if action == "ADD" {
					(Op::Pack { parent: recode(&parent), children: BoundedVec(recode(&children)) }, line)
				} else {
					(Op::Unpack { parent: recode(&parent), children: BoundedVec(recode(&children)) }, line)
				}
			},
			("ObjectEvent", _, "dispensing") => {
				self.problems.push(format!("{at}: dispensing is recorded by scanning the packs (medtrust trace dispense)"));
				return Ok(None);
			},
			_ => {
				let what = if kind.is_empty() { "an event without a type".to_string() } else { format!("{kind} {action} {step}") };
				self.problems.push(format!("{at}: {what} is not supported"));
				return Ok(None);
			},
		}))
	}
}

impl MedtrustClient {
	/// Turns an EPCIS 2.0 JSON-LD document into one call, or says everything that prevents it.
	pub async fn plan_epcis_import(&self, document: &str) -> Result<ImportPlan, ImportError> {
		plan_import(self, document).await
	}
}

/// Turns an EPCIS 2.0 JSON-LD document into one call, with products, lots and destinations
/// found in `registry`, or says everything that prevents it.
pub async fn plan_import<R: Registry>(registry: &R, document: &str) -> Result<ImportPlan, ImportError> {
	let problem = |p: String| ImportError { problems: vec![p] };
	let document: Value = serde_json::from_str(document).map_err(|e| problem(format!("not JSON: {e}")))?;
	if document.get("type").and_then(Value::as_str) != Some("EPCISDocument") {
		return Err(problem("not an EPCIS document (its type is not EPCISDocument)".into()));
	}
	let events = document
		.pointer("/epcisBody/eventList")
		.and_then(Value::as_array)
		.filter(|events| !events.is_empty())
		.ok_or_else(|| problem("the document has no epcisBody.eventList".into()))?;
	if events.len() > MAX_EVENTS {
		return Err(problem(format!(
			"{} events: the chain applies at most {MAX_EVENTS} events of a document at once; split it",
			events.len()
		)));
	}
	let mut planner = Planner { registry, products: HashMap::new(), problems: Vec::new() };
	let mut plan = ImportPlan { events: Vec::new(), summary: Vec::new() };
	for (index, event) in events.iter().enumerate() {
		let event_id = event.get("eventID").and_then(Value::as_str);
		let at = format!("event {} ({})", index + 1, event_id.unwrap_or("no eventID"));
		if let Some((operation, line)) = planner.operation(event, &at).await? {
			let event_id = event_id.map(|id| sp_crypto_hashing::blake2_256(id.as_bytes()));
			plan.events.push(call_types::EpcisEvent { event_id, operation });
			plan.summary.push(format!("{at}: {line}"));
		}
	}
	if planner.problems.is_empty() {
		Ok(plan)
	} else {
		Err(ImportError { problems: planner.problems })
	}
}

#[cfg(test)]
mod tests {
	use super::cbv_word;
	use serde_json::json;

	#[test]
	fn cbv_values_in_every_notation() {
		for value in ["shipping", "urn:epcglobal:cbv:bizstep:shipping", "https://ref.gs1.org/cbv/BizStep-shipping"] {
			assert_eq!(cbv_word(Some(&json!(value))), "shipping");
		}
		assert_eq!(cbv_word(Some(&json!("urn:epcglobal:cbv:disp:in_transit"))), "in_transit");
		assert_eq!(cbv_word(None), "");
	}
}
