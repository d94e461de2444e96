//! Desks in a real browser: `medtrust serve` processes and a headless Chromium driven over
//! WebDriver (Debian's `chromium` and `chromium-driver`, which `scripts/install-deps.sh`
//! installs). Everything listens on 127.0.0.1 and is killed when dropped.

use std::{
	io::{BufRead, BufReader},
	os::unix::process::CommandExt,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::Duration,
};

use anyhow::{bail, Context, Result};
use fantoccini::{Client, ClientBuilder, Locator};

use crate::{cli_binary, free_port};

/// A child process in its own process group, killed with its children when dropped.
struct Group(Child);

impl Drop for Group {
	fn drop(&mut self) {
		// SAFETY: killpg only sends a signal to the group this child leads.
		unsafe { libc::killpg(self.0.id() as libc::pid_t, libc::SIGKILL) };
		let _ = self.0.wait();
	}
}

/// A `medtrust serve` process.
pub struct Desk {
	_process: Group,
	/// `http://127.0.0.1:PORT`.
	pub url: String,
}

impl Desk {
	/// Starts a desk with `args` (e.g. `["--key", "//Eve"]`, then `serve` options after
	/// `--`): waits for the line that says where it listens.
	pub fn start(node_url: &str, global: &[&str], serve: &[&str]) -> Result<Self> {
		let port = free_port()?;
		let mut command = Command::new(cli_binary()?);
		command.arg("--url").arg(node_url).args(global).arg("serve");
		if !serve.contains(&"--listen") {
			command.arg("--port").arg(port.to_string());
		}
		command.args(serve).stdout(Stdio::piped()).stderr(Stdio::inherit()).process_group(0);
		let mut child = command.spawn().context("starting medtrust serve")?;
		let stdout = child.stdout.take().context("the desk's stdout")?;
		let process = Group(child);
		let (sender, receiver) = std::sync::mpsc::channel();
		std::thread::spawn(move || {
			let mut lines = BufReader::new(stdout).lines();
			if let Some(Ok(line)) = lines.next() {
				let _ = sender.send(line);
			}
			// Keep reading, so the desk never blocks on a full pipe.
			for _ in lines {}
		});
		let line = receiver.recv_timeout(Duration::from_secs(60)).context("the desk did not start within 60 s")?;
		let url = line
			.split_whitespace()
			.find(|w| w.starts_with("http://"))
			.with_context(|| format!("the desk's first line names no address: {line}"))?
			.trim_end_matches('/')
			.to_string();
		Ok(Desk { _process: process, url })
	}

	/// The URL of a page.
	pub fn page(&self, path: &str) -> String {
		format!("{}{path}", self.url)
	}
}

/// A headless Chromium behind chromedriver.
pub struct Browser {
	_driver: Group,
	_profile: tempfile::TempDir,
	pub client: Client,
	screenshots: PathBuf,
}

impl Browser {
	pub async fn start() -> Result<Self> {
		let port = free_port()?;
		let driver = Command::new("chromedriver")
			.arg(format!("--port={port}"))
			.arg("--allowed-ips=127.0.0.1")
			.stdout(Stdio::null())
			.stderr(Stdio::null())
			.process_group(0)
			.spawn()
			.context("starting chromedriver (scripts/install-deps.sh installs chromium-driver)")?;
		let driver = Group(driver);
		let profile = tempfile::tempdir()?;
		let capabilities = serde_json::json!({
			"goog:chromeOptions": {
				"binary": "/usr/bin/chromium",
				"args": [
					"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-quic", "--no-first-run", "--disable-background-networking",
					"--disable-component-update", "--disable-sync", "--window-size=1280,1000",
					format!("--user-data-dir={}", profile.path().display()),
				],
			}
		});
		let capabilities = capabilities.as_object().expect("an object; qed").clone();
		let url = format!("http://127.0.0.1:{port}");
		let mut last = None;
		for _ in 0..100 {
			let connector = hyper_util::client::legacy::connect::HttpConnector::new();
			match ClientBuilder::new(connector).capabilities(capabilities.clone()).connect(&url).await {
				Ok(client) => {
					let screenshots = screenshot_dir()?;
					return Ok(Browser { _driver: driver, _profile: profile, client, screenshots });
				},
				Err(e) => last = Some(e),
			}
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
		bail!("chromedriver did not start a session: {last:?}")
	}

	/// Saves a screenshot of the page as `<name>.png` in the screenshots folder.
	pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
		let png = self.client.screenshot().await?;
		let path = self.screenshots.join(format!("{name}.png"));
		std::fs::write(&path, png)?;
		println!("screenshot: {}", path.display());
		Ok(path)
	}

	/// The page as PDF, as Chromium prints it, and its text (by poppler's `pdftotext`).
	pub async fn print_to_pdf(&self, name: &str) -> Result<String> {
		let pdf = self.client.print(Default::default()).await?;
		let path = self.screenshots.join(format!("{name}.pdf"));
		std::fs::write(&path, &pdf)?;
		println!("printed: {}", path.display());
		pdf_text(&path)
	}

	pub async fn goto(&self, url: &str) -> Result<()> {
		Ok(self.client.goto(url).await?)
	}

	/// The text of the first element `css` selects, waiting up to 30 s for it.
	pub async fn text(&self, css: &str) -> Result<String> {
		let element = self.wait_for(css).await?;
		Ok(element.text().await?)
	}

	pub async fn wait_for(&self, css: &str) -> Result<fantoccini::elements::Element> {
		self.client
			.wait()
			.at_most(Duration::from_secs(30))
			.for_element(Locator::Css(css))
			.await
			.with_context(|| format!("no element {css} within 30 s"))
	}

	/// The text of an element `css` selects once it contains `needle`, waiting up to 30 s.
	pub async fn wait_for_text(&self, css: &str, needle: &str) -> Result<String> {
		let mut seen = Vec::new();
		for _ in 0..150 {
			seen.clear();
			for element in self.client.find_all(Locator::Css(css)).await? {
				let text = element.text().await.unwrap_or_default();
				if text.contains(needle) {
					return Ok(text);
				}
				seen.push(text);
			}
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
		bail!("no {css} says {needle:?} within 30 s; seen {seen:?}")
	}

	/// The page's text once its verdict is `verdict` (as the RPC names it), waiting up to 30 s.
	pub async fn wait_for_verdict(&self, verdict: &str) -> Result<String> {
		let mut seen = None;
		for _ in 0..150 {
			if let Ok(element) = self.client.find(Locator::Css("#verdict")).await {
				seen = element.attr("data-verdict").await.ok().flatten();
				if seen.as_deref() == Some(verdict) {
					return self.text("main").await;
				}
			}
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
		let body = self.body_text().await.unwrap_or_default();
		bail!("the verdict is not {verdict} within 30 s (it is {seen:?}); the page says:\n{body}")
	}

	/// The page's whole text.
	pub async fn body_text(&self) -> Result<String> {
		self.text("body").await
	}

	/// Types into the element `css` selects, as a keyboard (or a keyboard-wedge scanner) would.
	pub async fn type_into(&self, css: &str, keys: &str) -> Result<()> {
		let element = self.wait_for(css).await?;
		Ok(element.send_keys(keys).await?)
	}

	/// Types `scan` into the element `css` selects as a keyboard-wedge scanner that sends
	/// ASCII 29 does: each GS as a key event carrying that character (through chromedriver's
	/// Chrome DevTools command, since no keyboard layout has the key WebDriver could press),
	/// the rest as keys.
	pub async fn type_scan(&self, css: &str, scan: &str) -> Result<()> {
		let element = self.wait_for(css).await?;
		for (i, part) in scan.split('\u{1d}').enumerate() {
			if i > 0 {
				for kind in ["keyDown", "keyUp"] {
					let params = serde_json::json!({ "type": kind, "text": "\u{1d}", "unmodifiedText": "\u{1d}", "key": "\u{1d}" });
					self.client.issue_cmd(Cdp { cmd: "Input.dispatchKeyEvent", params }).await?;
				}
			}
			if !part.is_empty() {
				element.send_keys(part).await?;
			}
		}
		Ok(())
	}

	pub async fn close(self) -> Result<()> {
		Ok(self.client.close().await?)
	}
}

/// `$CARGO_TARGET_DIR/desk-screenshots`, beside the binaries' folder.
fn screenshot_dir() -> Result<PathBuf> {
	let binaries = cli_binary()?;
	let dir = binaries
		.parent()
		.and_then(Path::parent)
		.context("the binaries' folder has a parent")?
		.join("desk-screenshots");
	std::fs::create_dir_all(&dir)?;
	Ok(dir)
}

fn pdf_text(path: &Path) -> Result<String> {
	let output = Command::new("pdftotext")
		.arg("-layout")
		.arg(path)
		.arg("-")
		.output()
		.context("running pdftotext (scripts/install-deps.sh installs poppler-utils)")?;
	if !output.status.success() {
		bail!("pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
	}
	Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// A Chrome DevTools Protocol command, through chromedriver's `goog/cdp/execute`.
#[derive(Debug)]
struct Cdp {
	cmd: &'static str,
	params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
	fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
		base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
	}

	fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
		(http::Method::POST, Some(serde_json::json!({ "cmd": self.cmd, "params": self.params }).to_string()))
	}
}
