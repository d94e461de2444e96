//! `medtrust council …`: the consortium council's motions, which admit, suspend and reinstate
//! organisations, change their roles, choose validators and keep the node allow-list.

use std::{path::PathBuf, process::ExitCode, str::FromStr};

use clap::Subcommand;
use medtrust_client::{
	governance::{calls, Motion},
	AccountId32, MedtrustClient, H256,
};
use medtrust_primitives::{Role, Roles};

use crate::context::{Context, Failure};

#[derive(Subcommand)]
pub enum CouncilCommand {
	/// Proposes a motion (council members); prints its hash, index and length for the votes
	/// and the close.
	Propose {
		#[command(subcommand)]
		motion: MotionArgs,
		/// The ayes it needs (default: two thirds of the council, as the organisations'
		/// admin origin requires).
		#[arg(long, global = true)]
		threshold: Option<u32>,
	},
	/// Votes on an open motion, by its index (council members).
	Vote {
		/// The motion's index (`council propose` prints it, `council motions` lists it).
		index: u32,
		/// Vote against (the default is for).
		#[arg(long)]
		nay: bool,
	},
	/// Closes a decided motion, by its index (anyone): a passed one is executed.
	Close { index: u32 },
	/// The motions before the council, with their votes.
	Motions,
	/// The council's members.
	Members,
}

#[derive(Subcommand)]
pub enum MotionArgs {
	/// Admits an organisation described in a JSON file (see client-sdk/examples/organization.json).
	Admit { file: PathBuf },
	/// Suspends an organisation: its transactions are refused before the pool.
	Suspend { id: u32 },
	/// Reinstates a suspended organisation.
	Reinstate { id: u32 },
	/// Sets an organisation's roles (repeat --role).
	SetRoles {
		id: u32,
		#[arg(long = "role", required = true)]
		roles: Vec<String>,
	},
	/// Makes an account eligible to validate, from the next session.
	AddValidator { account: String },
	/// Ends an account's validating, from the next session.
	RemoveValidator { account: String },
	/// Allows a node (`12D3KooW…`, as `medtrust-node key inspect-node-key` prints it) to connect.
	AllowNode {
		peer_id: String,
		/// The account that owns the node.
		#[arg(long)]
		owner: String,
	},
	/// Removes a node from the allow-list.
	RemoveNode { peer_id: String },
}

/// An organisation to admit, as a file describes it.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Admission {
	name: String,
	#[serde(default)]
	credit_code: Option<String>,
	#[serde(default)]
	gln: Option<String>,
	roles: Vec<String>,
	accounts: Vec<String>,
}

fn err(e: impl std::fmt::Display) -> String {
	e.to_string()
}

fn account(text: &str) -> Result<AccountId32, Failure> {
	AccountId32::from_str(text.trim()).map_err(|_| Failure::Usage(format!("not an account (SS58): {text}")))
}

fn roles(names: &[String]) -> Result<Roles, Failure> {
	let roles: Vec<Role> = names
		.iter()
		.map(|n| Role::from_name(n.trim()).ok_or_else(|| Failure::Usage(format!("no role is called {n}"))))
		.collect::<Result<_, _>>()?;
	Ok(Roles::of(&roles))
}

/// The open motion with this index: its hash and its call's length, which votes and the close
/// name.
async fn open_motion(client: &MedtrustClient, index: u32) -> Result<Motion, Failure> {
	let open = client.open_motions().await.map_err(err)?;
	let motion = open.iter().find(|m| m.index == index).ok_or_else(|| format!("no open motion has index {index}"))?;
	let hash = H256::from_str(&motion.hash).map_err(|_| format!("the motion's hash {} does not read", motion.hash))?;
	Ok(Motion { hash, index, length: motion.length })
}

pub async fn run(ctx: &Context, command: CouncilCommand) -> Result<ExitCode, Failure> {
	let client = ctx.client().await?;
	match command {
		CouncilCommand::Propose { motion, threshold } => {
			let threshold = match threshold {
				Some(t) => t,
				None => (client.council_members().await.map_err(err)?.len() as u32 * 2).div_ceil(3).max(1),
			};
			let proposed = propose(ctx, client, motion, threshold).await?;
			let shown = serde_json::json!({ "hash": format!("{:?}", proposed.hash), "index": proposed.index, "length": proposed.length, "threshold": threshold });
			ctx.print(&shown, || {
				format!(
					"motion {:?} (index {}, length {}) proposed; it needs {threshold} aye(s)\n",
					proposed.hash, proposed.index, proposed.length
				)
			})?;
		},
		CouncilCommand::Vote { index, nay } => {
			let motion = open_motion(client, index).await?;
			let included = client.vote_all(&[motion], !nay, &ctx.signer()?).await.map_err(err)?;
			let block = format!("{:?}", included[0].block_hash);
			ctx.print(&serde_json::json!({ "voted": if nay { "nay" } else { "aye" }, "block": block }), || {
				format!("voted {} (block {block})\n", if nay { "nay" } else { "aye" })
			})?;
		},
		CouncilCommand::Close { index } => {
			let motion = open_motion(client, index).await?;
			let included = client.close_all(&[motion], &ctx.signer()?).await.map_err(err)?;
			let block = format!("{:?}", included[0].block_hash);
			ctx.print(&serde_json::json!({ "executed": true, "block": block }), || format!("the motion passed and was executed (block {block})\n"))?;
		},
		CouncilCommand::Motions => {
			let motions = client.open_motions().await.map_err(err)?;
			ctx.print(&motions, || {
				let mut text = String::new();
				for m in &motions {
					text += &format!(
						"{} (index {}, length {}): {}; {} of {} aye(s), {} nay(s); may be closed after block {}\n",
						m.hash,
						m.index,
						m.length,
						m.call,
						m.ayes.len(),
						m.threshold,
						m.nays.len(),
						m.end
					);
				}
				text + &format!("{} open motion(s)\n", motions.len())
			})?;
		},
		CouncilCommand::Members => {
			let members: Vec<String> = client.council_members().await.map_err(err)?.iter().map(ToString::to_string).collect();
			ctx.print(&members, || members.iter().map(|m| format!("{m}\n")).collect())?;
		},
	}
	Ok(ExitCode::SUCCESS)
}

async fn propose(ctx: &Context, client: &MedtrustClient, motion: MotionArgs, threshold: u32) -> Result<Motion, Failure> {
	let signer = ctx.signer()?;
	let motions = match motion {
		MotionArgs::Admit { file } => {
			let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
			let a: Admission = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
			let accounts = a.accounts.iter().map(|t| account(t)).collect::<Result<Vec<_>, _>>()?;
			let call = calls::admit_organization_with(&a.name, a.credit_code.as_deref(), a.gln.as_deref(), roles(&a.roles)?, accounts);
			client.propose_all(&[call], threshold, &signer).await
		},
		MotionArgs::Suspend { id } => client.propose_all(&[calls::suspend_organization(id)], threshold, &signer).await,
		MotionArgs::Reinstate { id } => client.propose_all(&[calls::reinstate_organization(id)], threshold, &signer).await,
		MotionArgs::SetRoles { id, roles: names } =>
			client.propose_all(&[calls::set_roles(id, roles(&names)?)], threshold, &signer).await,
		MotionArgs::AddValidator { account: a } =>
			client.propose_all(&[calls::add_validator(account(&a)?)], threshold, &signer).await,
		MotionArgs::RemoveValidator { account: a } =>
			client.propose_all(&[calls::remove_validator(account(&a)?)], threshold, &signer).await,
		MotionArgs::AllowNode { peer_id, owner } =>
			client.propose_all(&[calls::allow_node(&peer_id, account(&owner)?).map_err(err)?], threshold, &signer).await,
		MotionArgs::RemoveNode { peer_id } =>
			client.propose_all(&[calls::remove_node(&peer_id).map_err(err)?], threshold, &signer).await,
	};
	Ok(motions.map_err(err)?.remove(0))
}
