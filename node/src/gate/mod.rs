//! The node's JSON-RPC gate: one server, in the node's process, that knows who is calling.
//!
//! Substrate's own RPC server cannot tell callers apart (it has "safe" and "unsafe" methods
//! and trusts localhost), so the node serves its RPC methods itself, on the addresses and
//! with the limits the `--rpc-*` flags give, and puts every call through [`policy::check`]
//! first. Substrate's server is left bound to a random loopback port that accepts no
//! connection. The gate reads each connection's credential once ([`credentials`]), finds the
//! caller's organisation at the best block on each call (cached per best block), rate-limits
//! the public per connection, and hands the caller to the methods in the call's extensions.
//!
//! Serving in-process rather than through a proxy keeps `trace_verify` one hop from the
//! database: the check is a table lookup and, for a member, one cached read per block.

pub mod credentials;
pub mod directory;
pub mod policy;

use std::{
	net::SocketAddr,
	num::NonZeroU32,
	sync::{Arc, Mutex},
	time::Duration,
};

use futures::future::{ready, Either, Ready};
use governor::{
	clock::DefaultClock,
	middleware::NoOpMiddleware,
	state::{InMemoryState, NotKeyed},
	Quota, RateLimiter,
};
use jsonrpsee::{
	server::{
		middleware::rpc::{RpcServiceBuilder, RpcServiceT},
		serve_with_graceful_shutdown, stop_channel, BatchRequestConfig, Methods, PingConfig, ServerHandle,
	},
	types::{ErrorObject, Request},
	MethodResponse,
};
use sc_rpc_api::DenyUnsafe;

use self::credentials::{Caller, Cookie, Credential, Directory};
use crate::native_state::Hash;

type Limiter = RateLimiter<NotKeyed, InMemoryState, DefaultClock, NoOpMiddleware>;

/// Where and how the gate serves.
#[derive(Clone, Debug)]
pub struct GateConfig {
	/// The addresses to listen on, and whether each may fail to bind (Substrate's default IPv6
	/// address, on a machine without IPv6).
	pub listen: Vec<(SocketAddr, bool)>,
	/// Connections at once.
	pub max_connections: u32,
	/// The largest request and response, in MiB.
	pub max_request_mb: u32,
	pub max_response_mb: u32,
	/// Subscriptions per connection.
	pub max_subscriptions_per_connection: u32,
	/// Messages buffered per connection.
	pub message_buffer_capacity: u32,
	/// Batches allowed, and how large.
	pub batch: BatchRequestConfig,
	/// Calls per second the public may make on one connection.
	pub public_calls_per_second: NonZeroU32,
}

/// One connection: its credential and what the gate remembers of it.
struct Connection {
	credential: Credential,
	directory: Arc<dyn Directory>,
	/// The TCP connection's limit, applied to the public only: members are accountable for
	/// their calls.
	limiter: Arc<Limiter>,
	/// The caller at the last best block it was looked up at.
	cached: Mutex<Option<(Hash, Caller)>>,
	peer: SocketAddr,
}

impl Connection {
	fn caller(&self) -> Caller {
		// Only a member's caller depends on the chain (its organisation, at the best block).
		let Credential::Member { expires_at, .. } = self.credential else {
			return self.credential.caller(&self.directory, Hash::default());
		};
		let best = self.directory.best();
		let mut cached = self.cached.lock().expect("no panic while locked; qed");
		if let Some((at, caller)) = cached.as_ref() {
			// An expiry is checked on every call, not only at a new block.
			if *at == best && expires_at > credentials::now_millis() {
				return caller.clone();
			}
		}
		let caller = self.credential.caller(&self.directory, best);
		if let Caller::Refused(why) = &caller {
			log::info!(target: "rpc-gate", "refused the credential of {}: {why}", self.peer);
		}
		*cached = Some((best, caller.clone()));
		caller
	}
}

/// The RPC middleware that checks every call.
#[derive(Clone)]
pub struct Gate<S> {
	inner: S,
	connection: Arc<Connection>,
}

impl<'a, S> RpcServiceT<'a> for Gate<S>
where
	S: RpcServiceT<'a> + Send + Sync + Clone + 'static,
{
	type Future = Either<Ready<MethodResponse>, S::Future>;

	fn call(&self, mut request: Request<'a>) -> Self::Future {
		let caller = self.connection.caller();
		if caller == Caller::Public && self.connection.limiter.check().is_err() {
			let error = ErrorObject::owned(
				policy::RATE_LIMITED,
				"rate limited: the public may make only a few calls a second on one connection; members are not limited",
				None::<()>,
			);
			return Either::Left(ready(MethodResponse::error(request.id, error)));
		}
		if let Err(refusal) = policy::check(&caller, request.method_name(), &request.params()) {
			log::debug!(target: "rpc-gate", "refused `{}` to {}: {}", request.method_name(), self.connection.peer, refusal.message());
			return Either::Left(ready(MethodResponse::error(request.id, refusal)));
		}
		let deny_unsafe = if caller == Caller::Operator { DenyUnsafe::No } else { DenyUnsafe::Yes };
		request.extensions_mut().insert(deny_unsafe);
		request.extensions_mut().insert(caller);
		Either::Right(self.inner.call(request))
	}
}

/// The credential a request presents: `Authorization: Bearer <credential>`, or `token=` in
/// its query for clients (browsers' WebSockets) that cannot set headers.
fn presented<B>(request: &http::Request<B>) -> Option<String> {
	if let Some(value) = request.headers().get(http::header::AUTHORIZATION).and_then(|v| v.to_str().ok()) {
		return Some(value.strip_prefix("Bearer ").unwrap_or(value).to_string());
	}
	request
		.uri()
		.query()
		.and_then(|query| query.split('&').find_map(|pair| pair.strip_prefix("token=")))
		.map(|token| token.to_string())
}

/// The gate's settings from Substrate's `--rpc-*` flags: the same addresses (the
/// `--rpc-port` on 127.0.0.1 unless `--rpc-external` or `--rpc-addr` says otherwise) and limits.
pub fn config_from(rpc: &sc_service::config::RpcConfiguration, public_calls_per_second: NonZeroU32) -> GateConfig {
	let listen = match &rpc.addr {
		Some(endpoints) => endpoints.iter().map(|e| (e.listen_addr, e.is_optional)).collect(),
		None => vec![(SocketAddr::from(([127, 0, 0, 1], rpc.port)), false)],
	};
	GateConfig {
		listen,
		max_connections: rpc.max_connections,
		max_request_mb: rpc.max_request_size,
		max_response_mb: rpc.max_response_size,
		max_subscriptions_per_connection: rpc.max_subs_per_conn,
		message_buffer_capacity: rpc.message_buffer_capacity,
		batch: rpc.batch_config,
		public_calls_per_second,
	}
}

/// Leaves Substrate's own server on a random loopback port that accepts no connection: the
/// gate serves the addresses instead.
pub fn shut_substrate_server(rpc: &mut sc_service::config::RpcConfiguration) {
	rpc.addr = Some(vec![sc_rpc_server::RpcEndpoint {
		listen_addr: SocketAddr::from(([127, 0, 0, 1], 0)),
		batch_config: rpc.batch_config,
		max_connections: 0,
		max_payload_in_mb: 1,
		max_payload_out_mb: 1,
		max_subscriptions_per_connection: 0,
		max_buffer_capacity_per_connection: 1,
		rate_limit: None,
		rate_limit_trust_proxy_headers: false,
		rate_limit_whitelisted_ips: Vec::new(),
		cors: None,
		rpc_methods: sc_rpc_server::RpcMethods::Safe,
		is_optional: false,
		retry_random_port: true,
	}]);
}

/// Starts the gate on every address of `config`; it serves until the handle is dropped.
pub fn start(
	config: GateConfig,
	mut module: jsonrpsee::RpcModule<()>,
	cookie: Cookie,
	directory: Arc<dyn Directory>,
	tokio_handle: tokio::runtime::Handle,
) -> Result<(ServerHandle, Vec<SocketAddr>), Box<dyn std::error::Error + Send + Sync>> {
	const MIB: u32 = 1024 * 1024;
	// Substrate's server adds `rpc_methods` itself; the gate serves the module, so it does.
	let mut names: Vec<&'static str> = module.method_names().chain(["rpc_methods"]).collect();
	names.sort();
	module.register_method("rpc_methods", move |_, _, _| serde_json::json!({ "methods": names }))?;
	let methods: Methods = module.into();
	let (stop_handle, server_handle) = stop_channel();
	let genesis = directory.genesis();
	let burst = config.public_calls_per_second.saturating_mul(NonZeroU32::new(2).expect("2 is not zero; qed"));
	let quota = Quota::per_second(config.public_calls_per_second).allow_burst(burst);
	let mut addresses = Vec::new();
	for (address, optional) in &config.listen {
		// Bound here, so that a port in use stops the node at start.
		let listener = match std::net::TcpListener::bind(address) {
			Ok(listener) => listener,
			Err(e) if *optional => {
				log::debug!(target: "rpc-gate", "not serving on optional address {address}: {e}");
				continue;
			},
			Err(e) => return Err(format!("cannot listen on {address}: {e}").into()),
		};
		listener.set_nonblocking(true)?;
		let local = listener.local_addr()?;
		addresses.push(local);
		log::info!(target: "rpc-gate", "JSON-RPC gate listening on {local}");
		let service_builder = jsonrpsee::server::Server::builder()
			.max_request_body_size(config.max_request_mb.saturating_mul(MIB))
			.max_response_body_size(config.max_response_mb.saturating_mul(MIB))
			.max_connections(config.max_connections)
			.max_subscriptions_per_connection(config.max_subscriptions_per_connection)
			.set_message_buffer_capacity(config.message_buffer_capacity)
			.set_batch_request_config(config.batch)
			.enable_ws_ping(
				PingConfig::new()
					.ping_interval(Duration::from_secs(30))
					.inactive_limit(Duration::from_secs(60))
					.max_failures(3),
			)
			.set_http_middleware(tower::ServiceBuilder::new().layer(sc_rpc_server::NodeHealthProxyLayer))
			.set_id_provider(jsonrpsee::server::RandomStringIdProvider::new(16))
			.custom_tokio_runtime(tokio_handle.clone())
			.to_service_builder();
		let (methods, stop_handle, cookie, directory) =
			(methods.clone(), stop_handle.clone(), cookie.clone(), directory.clone());
		tokio_handle.spawn(async move {
			let listener = match tokio::net::TcpListener::from_std(listener) {
				Ok(listener) => listener,
				Err(e) => {
					log::error!(target: "rpc-gate", "cannot serve on {local}: {e}");
					return;
				},
			};
			loop {
				let (socket, peer) = tokio::select! {
					accepted = listener.accept() => match accepted {
						Ok(accepted) => accepted,
						Err(e) => {
							log::debug!(target: "rpc-gate", "failed to accept a connection: {e}");
							continue;
						},
					},
					_ = stop_handle.clone().shutdown() => break,
				};
				let (methods, per_request_stop, cookie, directory, service_builder) =
					(methods.clone(), stop_handle.clone(), cookie.clone(), directory.clone(), service_builder.clone());
				// One limit per TCP connection (an HTTP keep-alive connection or a WebSocket); the
				// closure below runs per HTTP request, or once for a WebSocket's upgrade.
				let limiter = Arc::new(RateLimiter::direct(quota));
				let service = tower::service_fn(move |request: http::Request<hyper::body::Incoming>| {
					let credential = Credential::read(presented(&request).as_deref(), &cookie, &genesis);
					if let Credential::Refused(why) = &credential {
						log::info!(target: "rpc-gate", "refused the credential of {peer}: {why}");
					}
					let limiter = limiter.clone();
					let connection =
						Arc::new(Connection { credential, directory: directory.clone(), limiter, cached: Mutex::new(None), peer });
					let middleware =
						RpcServiceBuilder::new().layer_fn(move |inner| Gate { inner, connection: connection.clone() });
					let mut service =
						service_builder.clone().set_rpc_middleware(middleware).build(methods.clone(), per_request_stop.clone());
					async move { tower::Service::call(&mut service, request).await }
				});
				tokio::spawn(serve_with_graceful_shutdown(socket, service, stop_handle.clone().shutdown()));
			}
		});
	}
	Ok((server_handle, addresses))
}
