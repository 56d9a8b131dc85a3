//! The command line, as clap derive types. No flag takes a secret as its value: argv is visible
//! in `ps` and in shell history, so secrets come from the environment, stdin or a prompt.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// The JSON field names and exit statuses, shown by `vva --help` (and kept in the README).
const AFTER_HELP: &str = "\
Credentials (never on the command line; exactly one source may be set):
  session id     from the variable named by --session-id-env (default VAULT_SESSION_ID)
  access token   from the variable named by --access-token-env (default VAULT_ACCESS_TOKEN)
  --username     password from VAULT_PASSWORD, --password-stdin, or a no-echo prompt
                 on a terminal; a session vva logs in to is logged out at the end

JSON (--json): stdout holds exactly one JSON document. Stable field names:
  token          {id, name, user_id, status, active, expiry, last_used}
                 (times: RFC 3339 UTC, or null)
  token create   {id, user, sandbox, name, expiry, file, token, warnings}
                 (token only without --out)
  token list     {tokens: [token…]}; token show: token
  revoke rows    {rows: [{id, outcome, errors: [{type, message}]}], complete}
                 outcome: revoked | failed | unknown | not_sent
  token rotate   {id, user, name, expiry, file, revoke: revoke rows, complete}
  token orphans  {orphans: [token…], revoke: revoke rows or null}
  whoami         {id, username, first_name, last_name, email, timezone, locale,
                  security_profile, license_type, active, credential}
  keep-alive, logout  {ok: true}
  versions       {versions: [{version, url, possibly_beta}]}
  bulk rotate    {ok, failed, skipped, unknown, not_run, stopped, delayed, waited_ms,
                  dry_run, rows: [{line, user_id, name, outcome, token_id, file,
                  revoked, error: {code, message}}]}
                 outcome: ok | failed | skipped | unknown | not_run
  bulk --dry-run {dry_run, rows: [{line, user_id, name, outcome, expiry, revoke}]}
                 outcome: would_create | would_skip | would_finish_revoke |
                 would_recover_then_create | would_refuse_existing_file
  errors         {error: {code, message, hint, outcome_unknown, execution_id,
                  vault_errors: [{type, message}]}}

Exit status:
  0  success
  1  error
  2  usage (bad arguments or input, no credential, a refused revoke or overwrite)
  3  outcome unknown: a token may exist; run `vva token orphans`
     (bulk: rerun the same command with the same journal)
  4  partial failure, in bulk or in revoke";

/// vva: manage Veeva Vault API access tokens from a shell or a CI job.
#[derive(Debug, Parser)]
#[command(name = "vva", version, after_long_help = AFTER_HELP, after_help = "Run `vva --help` for credentials, JSON fields and exit statuses.")]
pub struct Cli {
    /// Machine output: one JSON document on stdout (field names in `vva --help`).
    #[arg(long, global = true)]
    pub json: bool,

    #[command(flatten)]
    pub connection: Connection,

    #[command(subcommand)]
    pub command: Command,
}

/// Where Vault is and how to authenticate. Every value here is public; secrets are named, not given.
#[derive(Debug, Args)]
#[command(next_help_heading = "Connection (every command)")]
pub struct Connection {
    /// The Vault's DNS name, e.g. myvault.veevavault.com.
    #[arg(long = "vault", value_name = "DNS", env = "VAULT_DNS", global = true, hide_env_values = true)]
    pub vault_dns: Option<String>,

    /// Connect here instead of https://DNS (a mock or a proxy); http:// only on loopback.
    #[arg(long, value_name = "URL", env = "VAULT_BASE_URL", global = true, hide_env_values = true)]
    pub base_url: Option<String>,

    /// The environment variable that holds a session id.
    #[arg(long, value_name = "NAME", default_value = "VAULT_SESSION_ID", global = true)]
    pub session_id_env: String,

    /// The environment variable that holds an API access token.
    #[arg(long, value_name = "NAME", default_value = "VAULT_ACCESS_TOKEN", global = true)]
    pub access_token_env: String,

    /// Log in as this user (password from VAULT_PASSWORD, --password-stdin or a prompt).
    #[arg(long, value_name = "USER", env = "VAULT_USERNAME", global = true, hide_env_values = true)]
    pub username: Option<String>,

    /// Read the password from the first line of stdin.
    #[arg(long, global = true)]
    pub password_stdin: bool,

    /// The API version (default v26.2; token calls need v26.2 or later).
    #[arg(long, value_name = "vMAJOR.MINOR", env = "VAULT_API_VERSION", global = true, hide_env_values = true)]
    pub api_version: Option<String>,

    /// Also trust the CA certificates in this PEM file.
    #[arg(long, value_name = "FILE", env = "VAULT_CA_FILE", global = true, hide_env_values = true)]
    pub ca_file: Option<PathBuf>,

    /// Deadline for each call, in seconds (default 60).
    #[arg(long, value_name = "SECS", global = true)]
    pub timeout: Option<u64>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create, list, show, revoke, rotate API access tokens, and find orphans.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Many users at once.
    #[command(subcommand)]
    Bulk(BulkCommand),
    /// Who the credential belongs to.
    Whoami,
    /// Keep the session alive.
    KeepAlive,
    /// End the session.
    Logout,
    /// The API versions the Vault offers.
    Versions,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token. The token goes to --out (mode 0600) or to stdout, nowhere else.
    Create(CreateArgs),
    /// List tokens (active ones unless --all).
    List(ListArgs),
    /// Show one token's metadata.
    Show {
        /// The token record id.
        id: String,
    },
    /// Revoke tokens by id (asks on a terminal; needs --yes otherwise).
    Revoke {
        /// Token record ids.
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
        /// Do not ask.
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Create a new token, save it to --out, then revoke the old ones.
    Rotate(RotateArgs),
    /// Active, never-used tokens of a user with a name: what a lost create may have left.
    Orphans {
        /// The user id, or `me`.
        #[arg(long, value_name = "ID")]
        user: String,
        /// The exact token name.
        #[arg(long)]
        name: String,
        /// Revoke what is found (asks on a terminal; needs --yes otherwise).
        #[arg(long)]
        revoke: bool,
        /// Do not ask.
        #[arg(long, short = 'y')]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// For this user id, or `me`.
    #[arg(long, value_name = "ID", required_unless_present = "sandbox", conflicts_with = "sandbox")]
    pub user: Option<String>,
    /// For the authenticated user in this sandbox.
    #[arg(long, value_name = "NAME")]
    pub sandbox: Option<String>,
    #[command(flatten)]
    pub token: NewToken,
    /// Write the token to this new file (mode 0600, atomic) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace an existing --out file.
    #[arg(long)]
    pub force: bool,
}

/// The name and expiry of a token to create.
#[derive(Debug, Args)]
pub struct NewToken {
    /// The token name (name__v). Give each token a name of its own, e.g. with a date.
    #[arg(long)]
    pub name: String,
    /// 2026-12-31T12:00:00Z, 2026-12-31 (Vault's end of day in the user's zone), 90d, 12h, or never.
    #[arg(long, value_name = "WHEN", default_value = "never")]
    pub expires: String,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Whose tokens: a user id, or `me`.
    #[arg(long, value_name = "ID", default_value = "me")]
    pub user: String,
    /// Only tokens with exactly this name.
    #[arg(long)]
    pub name: Option<String>,
    /// Also inactive (expired) tokens.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct RotateArgs {
    /// The user id, or `me`.
    #[arg(long, value_name = "ID")]
    pub user: String,
    #[command(flatten)]
    pub token: NewToken,
    /// Old token ids to revoke once the new token is saved.
    #[arg(long, value_name = "ID", num_args = 1.., required = true)]
    pub revoke: Vec<String>,
    /// Write the new token to this new file (mode 0600, atomic) before anything is revoked.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Replace an existing --out file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum BulkCommand {
    /// Rotate a token per CSV row (user_id,name[,expires][,revoke_ids]), resumable.
    Rotate(BulkArgs),
}

#[derive(Debug, Args)]
pub struct BulkArgs {
    /// The rows: user_id,name[,expires][,revoke_ids]; ids separated by spaces or `;`; a
    /// header line is allowed.
    #[arg(long, value_name = "FILE")]
    pub csv: PathBuf,
    /// Tokens go to DIR/<user_id>.token (mode 0600).
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
    /// The journal that makes a rerun resume (default DIR/journal.jsonl).
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,
    /// Calls of the burst budget left for others (default 10% of X-VaultAPI-BurstLimit).
    #[arg(long, value_name = "N")]
    pub min_remaining: Option<u64>,
    /// Length of Vault's burst window in seconds (Vault: 300).
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub burst_window: u64,
    /// Expiry for rows that give none (same forms as token create --expires).
    #[arg(long, value_name = "WHEN", default_value = "never")]
    pub expires: String,
    /// Replace token files that a row of no earlier run wrote.
    #[arg(long)]
    pub force: bool,
    /// Check the CSV and the journal, and show what would be done; send nothing.
    #[arg(long)]
    pub dry_run: bool,
}
