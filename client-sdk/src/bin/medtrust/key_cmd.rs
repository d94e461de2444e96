//! `medtrust key …`: signing keys kept in files, never on the command line.

use std::{io::Write, path::PathBuf, process::ExitCode};

use clap::Subcommand;
use medtrust_client::Ed25519Signer;
use rand::RngCore;

use crate::context::{Context, Failure};

#[derive(Subcommand)]
pub enum KeyCommand {
	/// Makes a new ed25519 signing key in a file only you can read (mode 600) and prints its
	/// account, for the council's motion that admits or adds it. Works offline.
	Generate {
		/// The file to create (never overwritten).
		#[arg(long)]
		out: PathBuf,
	},
	/// Prints the account and public key of --key-file (or a dev --key). Works offline.
	Inspect,
	/// Reads a desk user's password from standard input and prints the users-file line for
	/// `medtrust serve --users` (an Argon2id hash). Works offline.
	HashPassword {
		/// The desk user's name.
		user: String,
	},
}

#[derive(serde::Serialize)]
struct KeyInfo {
	account: String,
	public_key: String,
	#[serde(skip_serializing_if = "Option::is_none")]
	file: Option<String>,
}

fn info(signer: &Ed25519Signer, file: Option<&PathBuf>) -> KeyInfo {
	KeyInfo {
		account: signer.account_id().to_string(),
		public_key: format!("0x{}", hex::encode(signer.public_key())),
		file: file.map(|f| f.display().to_string()),
	}
}

pub fn run(ctx: &Context, command: KeyCommand) -> Result<ExitCode, Failure> {
	if let KeyCommand::HashPassword { user } = &command {
		if user.is_empty() || user.contains(':') {
			return Err(Failure::Usage("a desk user's name is not empty and has no ':'".into()));
		}
		let mut password = zeroize::Zeroizing::new(String::new());
		std::io::stdin().read_line(&mut password).map_err(|e| Failure::Error(format!("standard input: {e}")))?;
		let password = password.trim_end_matches(['\r', '\n']);
		if password.len() < 8 {
			return Err(Failure::Error("a desk password has at least 8 characters".into()));
		}
		let hash = crate::serve::hash_password(password)?;
		ctx.print(&serde_json::json!({ "user": user, "hash": hash }), || format!("{user}:{hash}\n"))?;
		return Ok(ExitCode::SUCCESS);
	}
	let key = match &command {
		KeyCommand::Generate { out } => {
			let mut seed = zeroize::Zeroizing::new([0u8; 32]);
			rand::rngs::OsRng.fill_bytes(&mut seed[..]);
			let text = zeroize::Zeroizing::new(format!("0x{}\n", hex::encode(&seed[..])));
			let mut options = std::fs::OpenOptions::new();
			options.write(true).create_new(true);
			#[cfg(unix)]
			std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
			let mut file = options.open(out).map_err(|e| Failure::Error(format!("{}: {e}", out.display())))?;
			file.write_all(text.as_bytes()).map_err(|e| Failure::Error(format!("{}: {e}", out.display())))?;
			info(&Ed25519Signer::from_seed(&seed), Some(out))
		},
		KeyCommand::Inspect => info(&ctx.signer()?, ctx.args.key_file.as_ref()),
		KeyCommand::HashPassword { .. } => unreachable!("answered above; qed"),
	};
	ctx.print(&key, || {
		let mut text = String::new();
		if let Some(file) = &key.file {
			text += &format!("key file:    {file} (mode 600: keep it so, and back it up)\n");
		}
		text + &format!("account:     {}\npublic key:  {}\n", key.account, key.public_key)
	})?;
	Ok(ExitCode::SUCCESS)
}
