//! `medtrust org …`: the consortium's directory.

use std::process::ExitCode;

use clap::Subcommand;
use medtrust_client::organizations::OrganizationInfo;

use crate::context::{Context, Failure};

#[derive(Subcommand)]
pub enum OrgCommand {
	/// Lists every organisation.
	List,
	/// Shows one organisation.
	Show {
		/// The organisation's id.
		id: u32,
	},
}

pub async fn run(ctx: &Context, command: OrgCommand) -> Result<ExitCode, Failure> {
	let client = ctx.client().await?;
	match command {
		OrgCommand::List => {
			let all = client.organizations().await.map_err(|e| e.to_string())?;
			ctx.print(&all, || {
				let mut text = format!("{:>4}  {:<9}  {:<24}  NAME\n", "ID", "STATUS", "ROLES");
				for org in &all {
					text += &format!("{:>4}  {:<9}  {:<24}  {}\n", org.id, org.status, org.roles.join(","), org.name);
				}
				text + &format!("{} organisation(s)\n", all.len())
			})?;
		},
		OrgCommand::Show { id } => {
			let org = client
				.organization(id)
				.await
				.map_err(|e| e.to_string())?
				.ok_or_else(|| format!("no organisation has id {id}"))?;
			ctx.print(&org, || describe(&org))?;
		},
	}
	Ok(ExitCode::SUCCESS)
}

fn describe(org: &OrganizationInfo) -> String {
	let mut text = format!("{} (organisation {})\n", org.name, org.id);
	text += &format!("  status:       {}\n", org.status);
	text += &format!("  roles:        {}\n", org.roles.join(", "));
	text += &format!("  credit code:  {}\n", org.credit_code.as_deref().unwrap_or("-"));
	text += &format!("  GLN:          {}\n", org.gln.as_deref().unwrap_or("-"));
	text += &format!("  admitted at:  block {}\n", org.admitted_at);
	text += "  accounts:\n";
	for account in &org.accounts {
		text += &format!("    {account}\n");
	}
	text
}
