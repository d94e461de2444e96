//! Desk users signing in, when the desk listens beyond 127.0.0.1.
//!
//! The users file holds one `name:PHC` line per user, the PHC string an Argon2id hash
//! (`medtrust key hash-password`). A signed-in browser holds a random session id in an
//! HttpOnly, SameSite=Strict cookie; sessions live in memory for 12 hours.

use std::{
	collections::HashMap,
	path::Path,
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};

use argon2::{password_hash::PasswordHash, Argon2, PasswordVerifier};
use axum::{
	extract::{Request, State},
	http::header,
	middleware::Next,
	response::{IntoResponse, Redirect, Response},
	Form,
};
use maud::html;
use rand::RngCore;

use super::{html::layout_bare, Desk};
use crate::context::Failure;

const COOKIE: &str = "medtrust_desk";
const SESSION_LIFETIME: Duration = Duration::from_secs(12 * 3600);
/// At most this many live sessions; the oldest goes first.
const MAX_SESSIONS: usize = 1_000;

/// The desk's users and their password hashes.
pub struct Users {
	hashes: HashMap<String, String>,
}

impl Users {
	pub fn read(path: &Path) -> Result<Self, Failure> {
		let shown = path.display();
		let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: {e}"))?;
		let mut hashes = HashMap::new();
		for (number, line) in text.lines().enumerate() {
			let line = line.trim();
			if line.is_empty() || line.starts_with('#') {
				continue;
			}
			let (name, hash) = line
				.split_once(':')
				.ok_or_else(|| format!("{shown}:{}: expected name:$argon2id$…", number + 1))?;
			PasswordHash::new(hash).map_err(|e| format!("{shown}:{}: not a password hash ({e})", number + 1))?;
			hashes.insert(name.to_string(), hash.to_string());
		}
		if hashes.is_empty() {
			return Err(format!("{shown}: no users").into());
		}
		Ok(Users { hashes })
	}

	fn check(&self, name: &str, password: &str) -> bool {
		let Some(hash) = self.hashes.get(name) else {
			// Spend the same work for an unknown name, so the answer's time does not tell.
			let _ = Argon2::default().verify_password(password.as_bytes(), &dummy_hash());
			return false;
		};
		let hash = PasswordHash::new(hash).expect("checked when the file was read; qed");
		Argon2::default().verify_password(password.as_bytes(), &hash).is_ok()
	}
}

fn dummy_hash() -> PasswordHash<'static> {
	PasswordHash::new("$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3I3FSpMr8B5SEpKyT5sdCzQUgbyuA0dGd8ccIjsMXB8")
		.expect("a constant PHC string; qed")
}

/// The Argon2id hash of a password, as the users file holds it.
pub fn hash_password(password: &str) -> Result<String, String> {
	use argon2::password_hash::{PasswordHasher, SaltString};
	let salt = SaltString::generate(&mut rand::rngs::OsRng);
	Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
}

/// Signed-in sessions: id → (user, when it began).
#[derive(Default)]
pub struct Sessions(Mutex<HashMap<String, (String, Instant)>>);

impl Sessions {
	fn open(&self, user: &str) -> String {
		let mut id = [0u8; 32];
		rand::rngs::OsRng.fill_bytes(&mut id);
		let id = hex::encode(id);
		let mut sessions = self.0.lock().expect("no request panics holding the lock; qed");
		sessions.retain(|_, (_, began)| began.elapsed() < SESSION_LIFETIME);
		if sessions.len() >= MAX_SESSIONS {
			if let Some(oldest) = sessions.iter().min_by_key(|(_, (_, began))| *began).map(|(k, _)| k.clone()) {
				sessions.remove(&oldest);
			}
		}
		sessions.insert(id.clone(), (user.to_string(), Instant::now()));
		id
	}

	fn user(&self, id: &str) -> Option<String> {
		let sessions = self.0.lock().expect("no request panics holding the lock; qed");
		sessions.get(id).filter(|(_, began)| began.elapsed() < SESSION_LIFETIME).map(|(user, _)| user.clone())
	}

	fn close(&self, id: &str) {
		self.0.lock().expect("no request panics holding the lock; qed").remove(id);
	}
}

fn session_id(request_headers: &axum::http::HeaderMap) -> Option<String> {
	let cookies = request_headers.get(header::COOKIE)?.to_str().ok()?;
	cookies.split(';').filter_map(|c| c.trim().split_once('=')).find(|(name, _)| *name == COOKIE).map(|(_, v)| v.to_string())
}

/// The signed-in desk user, if sign-in is on.
pub fn user_of(desk: &Desk, headers: &axum::http::HeaderMap) -> Option<String> {
	desk.users.as_ref()?;
	session_id(headers).and_then(|id| desk.sessions.user(&id))
}

/// Sends a browser with no session to the sign-in page, when sign-in is on.
pub async fn require_signin(State(desk): State<Arc<Desk>>, request: Request, next: Next) -> Response {
	if desk.users.is_none() || request.uri().path() == "/signin" || user_of(&desk, request.headers()).is_some() {
		return next.run(request).await;
	}
	Redirect::to("/signin").into_response()
}

pub async fn signin_form(State(desk): State<Arc<Desk>>) -> maud::Markup {
	signin_page(&desk, None)
}

fn signin_page(desk: &Desk, message: Option<&str>) -> maud::Markup {
	layout_bare(
		desk,
		"Sign in",
		html! {
			h1 { "Sign in to the desk of " (desk.organization.name) }
			@if let Some(message) = message { p.error role="alert" { (message) } }
			form method="post" action="/signin" {
				label { "User " input name="user" autofocus autocomplete="username"; }
				label { "Password " input name="password" type="password" autocomplete="current-password"; }
				button { "Sign in" }
			}
		},
	)
}

#[derive(serde::Deserialize)]
pub struct SignIn {
	user: String,
	password: String,
}

pub async fn signin(State(desk): State<Arc<Desk>>, Form(form): Form<SignIn>) -> Response {
	if desk.users.is_none() {
		return Redirect::to("/").into_response();
	}
	// Argon2 is deliberately slow: off the async threads.
	let (name, password) = (form.user.clone(), form.password);
	let desk_for_check = desk.clone();
	let ok = tokio::task::spawn_blocking(move || {
		desk_for_check.users.as_ref().is_some_and(|users| users.check(&name, &password))
	})
	.await
	.unwrap_or(false);
	if !ok {
		eprintln!("desk: failed sign-in for {:?}", form.user);
		return signin_page(&desk, Some("Wrong user or password.")).into_response();
	}
	let id = desk.sessions.open(&form.user);
	eprintln!("desk: {} signed in", form.user);
	let cookie = format!("{COOKIE}={id}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}", SESSION_LIFETIME.as_secs());
	([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response()
}

pub async fn signout(State(desk): State<Arc<Desk>>, headers: axum::http::HeaderMap) -> Response {
	if let Some(id) = session_id(&headers) {
		desk.sessions.close(&id);
	}
	let cookie = format!("{COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
	([(header::SET_COOKIE, cookie)], Redirect::to("/signin")).into_response()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_password_checks_against_its_hash_and_nothing_else() {
		assert!(dummy_hash().salt.is_some());
		let hash = hash_password("correct horse").expect("hashes");
		let users = Users { hashes: HashMap::from([("pharmacist".to_string(), hash)]) };
		assert!(users.check("pharmacist", "correct horse"));
		assert!(!users.check("pharmacist", "correct horse "));
		assert!(!users.check("someone", "correct horse"));
	}
}
