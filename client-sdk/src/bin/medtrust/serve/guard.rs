//! Refuses a form posted from another site's page: a desk on 127.0.0.1 trusts whoever reaches
//! it, and a page on the web can make the pharmacist's browser post to 127.0.0.1 (CSRF).

use axum::{
	extract::Request,
	http::{header, Method, StatusCode},
	middleware::Next,
	response::{IntoResponse, Response},
};

/// A POST must come from the desk's own pages: the browser's `Origin` names the desk's host,
/// and `Sec-Fetch-Site`, when sent, says `same-origin`. (Browsers send both on every form
/// POST; a client that sends neither, like curl, is not a browser that a page can drive.)
pub async fn same_origin(request: Request, next: Next) -> Response {
	if request.method() == Method::POST && !from_desk(&request) {
		return (StatusCode::FORBIDDEN, "refused: this form was posted from another site's page").into_response();
	}
	next.run(request).await
}

fn from_desk(request: &Request) -> bool {
	let headers = request.headers();
	let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
	if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site")) {
		if site != "same-origin" && site != "none" {
			return false;
		}
	}
	match (text(header::ORIGIN), text(header::HOST)) {
		(Some(origin), Some(host)) => origin.split_once("://").map(|(_, authority)| authority) == Some(host),
		(Some(_), None) => false,
		(None, _) => true,
	}
}
