//! The `medtrust` command line without a node: exit codes (0 ok, 1 error, 2 a negative answer,
//! 64 usage), JSON errors under `--json`, key files, and the commands that compute locally
//! and so must not connect (the URL here is a port nothing listens on).

use std::{os::unix::fs::PermissionsExt, process::Command};

use anyhow::{ensure, Result};
use medtrust_e2e::{cli_binary, free_port};

struct Run {
	code: i32,
	stdout: String,
	stderr: String,
}

fn medtrust(args: &[&str]) -> Result<Run> {
	// A port with nothing behind it: a command that connects fails with exit code 1.
	let nowhere = format!("ws://127.0.0.1:{}", free_port()?);
	let output = Command::new(cli_binary()?).arg("--url").arg(nowhere).args(args).env_remove("MEDTRUST_KEY").output()?;
	Ok(Run {
		code: output.status.code().unwrap_or(-1),
		stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
		stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
	})
}

#[test]
fn usage_errors_exit_64_and_are_json_under_json() -> Result<()> {
	let typo = medtrust(&["trace", "verfy", "x"])?;
	ensure!(typo.code == 64, "a typo is a usage error, not a negative answer: {}", typo.code);
	let json = medtrust(&["--json", "trace", "verify"])?;
	ensure!(json.code == 64, "{}", json.code);
	let error: serde_json::Value = serde_json::from_str(&json.stdout)?;
	ensure!(error["error"]["code"] == 64 && error["error"]["message"].as_str().is_some_and(|m| m.contains("SCAN")), "{error}");
	let help = medtrust(&["--help"])?;
	ensure!(help.code == 0 && help.stdout.contains("Exit codes") && help.stdout.contains("64  a usage error"), "{}", help.stdout);
	Ok(())
}

#[test]
fn errors_exit_1_and_are_json_under_json() -> Result<()> {
	let down = medtrust(&["org", "list"])?;
	ensure!(down.code == 1 && down.stderr.starts_with("medtrust: "), "{} {}", down.code, down.stderr);
	let json = medtrust(&["--json", "org", "list"])?;
	let error: serde_json::Value = serde_json::from_str(&json.stdout)?;
	ensure!(json.code == 1 && error["error"]["code"] == 1, "{} {error}", json.code);
	Ok(())
}

#[test]
fn keys_live_in_files_only_their_owner_reads() -> Result<()> {
	let dir = tempfile::tempdir()?;
	let file = dir.path().join("pharmacy.key");
	let path = file.to_str().expect("UTF-8");
	let generated = medtrust(&["--json", "key", "generate", "--out", path])?;
	ensure!(generated.code == 0, "{}", generated.stderr);
	let generated: serde_json::Value = serde_json::from_str(&generated.stdout)?;
	ensure!(std::fs::metadata(&file)?.permissions().mode() & 0o777 == 0o600, "the key file is its owner's alone");
	let again = medtrust(&["key", "generate", "--out", path])?;
	ensure!(again.code == 1 && again.stderr.contains("exists"), "a key file is never overwritten: {}", again.stderr);

	let inspected = medtrust(&["--json", "--key-file", path, "key", "inspect"])?;
	let inspected: serde_json::Value = serde_json::from_str(&inspected.stdout)?;
	ensure!(inspected["account"] == generated["account"] && inspected["public_key"] == generated["public_key"], "{inspected}");

	std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644))?;
	let readable = medtrust(&["--key-file", path, "key", "inspect"])?;
	ensure!(readable.code == 1 && readable.stderr.contains("readable by others"), "{}", readable.stderr);

	// A real secret on the command line is refused; development keys are accepted.
	let secret = medtrust(&["--key", "0x0101010101010101010101010101010101010101010101010101010101010101", "key", "inspect"])?;
	ensure!(secret.code == 64 && secret.stderr.contains("--key-file"), "{}", secret.stderr);
	let dev = medtrust(&["--key", "//Eve", "key", "inspect"])?;
	ensure!(dev.code == 0 && dev.stdout.contains("account:"), "{}", dev.stderr);
	Ok(())
}

#[test]
fn local_computations_do_not_connect() -> Result<()> {
	let dir = tempfile::tempdir()?;
	let key = dir.path().join("subject.key");
	std::fs::write(&key, "hospital 1 subject key, kept in its HSM")?;
	let key = key.to_str().expect("UTF-8");
	let subject = medtrust(&["consent", "subject-id", "--key-file", key, "110105198001010017"])?;
	ensure!(subject.code == 0 && subject.stdout.trim().trim_start_matches("0x").len() == 64, "{} {}", subject.code, subject.stderr);
	let invoice = medtrust(&["claim", "invoice-key", "--key-file", key, "144032209110", "00012345", "12440300455755541X"])?;
	ensure!(invoice.code == 0 && invoice.stdout.trim().trim_start_matches("0x").len() == 64, "{} {}", invoice.code, invoice.stderr);
	Ok(())
}
