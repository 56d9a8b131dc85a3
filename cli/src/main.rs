//! `vva`: Veeva Vault API access tokens from a shell, on the `veeva-vault-auth` core.
//!
//! It has no HTTP or Vault logic of its own: every call is the core's. What it adds is what a
//! command line needs: credentials that never pass through argv ([`connect`]), token files
//! written safely ([`secure_file`]), tables and JSON ([`output`]), exit statuses ([`exit`]),
//! and the resumable, burst-aware bulk rotation ([`bulk`], [`pacing`]).

mod args;
mod bulk;
mod commands;
mod connect;
mod exit;
mod expires;
mod output;
mod pacing;
mod secure_file;

use clap::Parser;

use args::{BulkCommand, Cli, Command, TokenCommand};
use commands::Ctx;
use exit::{Outcome, Status};

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print and succeed; every other parse error is a usage error.
            let _ = e.print();
            std::process::exit(if e.use_stderr() { Status::Usage.code() } else { Status::Success.code() });
        }
    };
    let json = cli.json;
    let status = match run(cli) {
        Ok(status) => status,
        Err(failure) => {
            eprintln!("{}", failure.to_text());
            if json {
                output::print_json(&failure.to_json());
            }
            failure.status
        }
    };
    std::process::exit(status.code());
}

fn run(cli: Cli) -> Outcome {
    if let Command::Bulk(BulkCommand::Rotate(args)) = &cli.command {
        return bulk::rotate(&cli.connection, cli.json, args);
    }
    let session = connect::connect(&cli.connection)?;
    let ctx = Ctx { json: cli.json, session };
    let outcome = match &cli.command {
        Command::Token(TokenCommand::Create(a)) => commands::token::create(&ctx, a),
        Command::Token(TokenCommand::List(a)) => commands::token::list(&ctx, a),
        Command::Token(TokenCommand::Show { id }) => commands::token::show(&ctx, id),
        Command::Token(TokenCommand::Revoke { ids, yes }) => commands::revoke::revoke(&ctx, ids, *yes),
        Command::Token(TokenCommand::Rotate(a)) => commands::revoke::rotate(&ctx, a),
        Command::Token(TokenCommand::Orphans { user, name, revoke, yes }) => commands::revoke::orphans(&ctx, user, name, *revoke, *yes),
        Command::Whoami => commands::session::whoami(&ctx),
        Command::KeepAlive => commands::session::keep_alive(&ctx),
        Command::Logout => commands::session::logout(&ctx),
        Command::Versions => commands::session::versions(&ctx),
        Command::Bulk(_) => Err(exit::Failure::usage("bulk commands are run above")),
    };
    ctx.session.finish();
    outcome
}
