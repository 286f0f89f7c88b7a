//! Command-line interface: `prd-lint [check] [PATH…]`, `rule`, `init`.

use crate::check::{self, Input, Job, Selection};
use crate::config::{self, Config};
use crate::discover::{self, Target};
use crate::finding::Severity;
use crate::fix::FixMode;
use crate::render::{self, OutputFormat, RenderOptions};
use crate::rules;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Parser)]
#[command(
    name = "prd-lint",
    version,
    about = "Lint Product Requirements Documents against the Torus PRD template",
    long_about = "Lint Product Requirements Documents against the Torus PRD template.\n\n`prd-lint` alone is `prd-lint check`: it checks every docs/features/*/prd.md under the project root.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check PRDs (the default command).
    Check(CheckArgs),
    /// Explain a rule, or list every rule with --all.
    Rule(RuleArgs),
    /// Write a commented prd-lint.toml with the defaults.
    Init(InitArgs),
    /// Scaffold docs/features/<slug>/prd.md (with --pack also fdd.md and plan.md).
    New(NewArgs),
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The feature slug: lowercase letters, digits, `_` and `-`, starting with a letter.
    pub slug: String,
    /// The feature name for the title (default: from the slug).
    #[arg(long)]
    pub title: Option<String>,
    /// The feature flag name (default: the slug in snake_case).
    #[arg(long)]
    pub flag: Option<String>,
    /// Also write fdd.md and plan.md skeletons.
    #[arg(long)]
    pub pack: bool,
    /// Overwrite existing files.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args, Default)]
pub struct CheckArgs {
    /// Files or folders to check (default: the include globs under the project root); `-` reads stdin.
    pub paths: Vec<PathBuf>,
    /// Output format [default: full on a terminal, concise otherwise].
    #[arg(long, value_enum, env = "PRD_LINT_OUTPUT_FORMAT")]
    pub output_format: Option<OutputFormat>,
    /// Write the output to FILE instead of stdout.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// When to use colour (honours NO_COLOR).
    #[arg(long, value_enum, default_value = "auto")]
    pub color: Option<ColorChoice>,
    /// Print findings only, no summary line.
    #[arg(short, long)]
    pub quiet: bool,
    /// Print a count per rule instead of each finding.
    #[arg(long)]
    pub statistics: bool,
    /// Only these rules (codes, code prefixes or names; comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub select: Vec<String>,
    /// Skip these rules (codes, code prefixes or names; comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub ignore: Vec<String>,
    /// Use this config file instead of discovering prd-lint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any prd-lint.toml; use the built-in defaults.
    #[arg(long)]
    pub no_config: bool,
    /// Exit 0 even when there are errors.
    #[arg(long)]
    pub exit_zero: bool,
    /// Exit 1 when there are more than N warnings.
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,
    /// The path reported for text read from stdin (`-`).
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<String>,
    /// Apply safe fixes in place (then report what is left).
    #[arg(long)]
    pub fix: bool,
    /// Also apply unsafe fixes (with --fix or --diff).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the unified diff of what --fix would change and write nothing (exit 1 if anything would change).
    #[arg(long)]
    pub diff: bool,
    /// List the fixes that were applied.
    #[arg(long)]
    pub show_fixes: bool,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// A rule code (PRD034) or name (ac-unknown-fr).
    #[arg(required_unless_present = "all")]
    pub rule: Option<String>,
    /// List every rule.
    #[arg(long)]
    pub all: bool,
    /// `full` (default) prints Markdown; `json` prints the rule metadata.
    #[arg(long, value_enum)]
    pub output_format: Option<OutputFormat>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Overwrite an existing prd-lint.toml.
    #[arg(long)]
    pub force: bool,
}

/// A failure that ends the run with exit code 2.
pub enum Fatal {
    Message(String),
    Config(Box<config::ConfigError>),
}

impl From<String> for Fatal {
    fn from(s: String) -> Fatal {
        Fatal::Message(s)
    }
}

/// Run the CLI and return the process exit code.
pub fn run(cli: Cli) -> i32 {
    let result = match cli.command {
        Some(Command::Check(args)) => run_check(args),
        Some(Command::Rule(args)) => run_rule(args),
        Some(Command::Init(args)) => run_init(args),
        Some(Command::New(args)) => run_new(args),
        None => run_check(cli.check),
    };
    match result {
        Ok(code) => code,
        Err(Fatal::Message(m)) => {
            eprintln!("prd-lint: error: {}", crate::finding::sanitize(&m));
            2
        }
        Err(Fatal::Config(e)) => {
            let handler = miette::GraphicalReportHandler::new_themed(if use_color(None, true) {
                miette::GraphicalTheme::unicode()
            } else {
                miette::GraphicalTheme::unicode_nocolor()
            });
            let mut s = String::new();
            if handler.render_report(&mut s, e.as_ref()).is_err() {
                s = format!("{}\n", e.message);
            }
            eprint!("{s}");
            2
        }
    }
}

fn use_color(choice: Option<ColorChoice>, stderr: bool) -> bool {
    match choice.unwrap_or(ColorChoice::Auto) {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let tty = if stderr {
                std::io::stderr().is_terminal()
            } else {
                std::io::stdout().is_terminal()
            };
            tty && !no_color
        }
    }
}

/// The rule registry's lookups, for validating `[rules]` keys in prd-lint.toml.
fn rule_names() -> config::RuleNames<'static> {
    static LOOKUP: fn(&str) -> Option<&'static str> = |k| rules::lookup(k).map(|m| m.code);
    static SUGGEST: fn(&str) -> Option<&'static str> = rules::suggest;
    config::RuleNames {
        lookup: &LOOKUP,
        suggest: &SUGGEST,
    }
}

fn load_config(args: &CheckArgs) -> Result<Config, Fatal> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    if args.no_config {
        let (root, _) = config::discover(&cwd);
        return Ok(Config::defaults(root));
    }
    if let Some(file) = &args.config {
        if !file.is_file() {
            return Err(format!("config file {} does not exist", file.display()).into());
        }
        let root = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| cwd.clone());
        let root = std::fs::canonicalize(&root).unwrap_or(root);
        return Config::load(file, root, rule_names()).map_err(Fatal::Config);
    }
    let (root, file) = config::discover(&cwd);
    match file {
        Some(f) => Config::load(&f, root, rule_names()).map_err(Fatal::Config),
        None => Ok(Config::defaults(root)),
    }
}

fn run_check(args: CheckArgs) -> Result<i32, Fatal> {
    check::validate_keys(&args.select)?;
    check::validate_keys(&args.ignore)?;
    let cfg = load_config(&args)?;
    let include = discover::globset(&cfg.include).map_err(|e| e.0)?;
    let exclude = discover::globset(&cfg.exclude).map_err(|e| e.0)?;

    let mut jobs = Vec::new();
    let mut targets: Vec<Target> = Vec::new();
    if args.paths.is_empty() {
        targets = discover::walk(&cfg.root, &cfg.root, &include, &exclude);
    }
    for p in &args.paths {
        if p.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::stdin()
                .take(cfg.max_file_size + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read stdin: {e}"))?;
            let text = if bytes.len() as u64 > cfg.max_file_size {
                Input::Unreadable(format!(
                    "stdin is over the limit of {} bytes (`max-file-size`)",
                    cfg.max_file_size
                ))
            } else {
                check::decode(bytes)
            };
            let display = args.stdin_filename.clone().unwrap_or_else(|| "-".into());
            jobs.push(Job::Stdin { display, text });
            continue;
        }
        let meta = std::fs::metadata(p)
            .map_err(|e| format!("{}: no such file or folder ({e})", p.display()))?;
        let abs = if p.is_absolute() {
            p.clone()
        } else {
            std::env::current_dir()
                .map(|c| c.join(p))
                .unwrap_or(p.clone())
        };
        if meta.is_dir() {
            targets.extend(discover::walk(&cfg.root, &abs, &include, &exclude));
        } else {
            targets.push(Target {
                display: discover::display_path(&cfg.root, &abs),
                path: abs,
            });
        }
    }
    targets.sort();
    targets.dedup_by(|a, b| a.path == b.path);
    jobs.extend(targets.into_iter().map(Job::File));

    let selection = Selection {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
    };
    let fixing = (args.fix || args.diff).then_some(check::FixRun {
        mode: FixMode {
            unsafe_fixes: args.unsafe_fixes,
        },
        diff: args.diff,
    });
    let to_terminal = args.output_file.is_none() && std::io::stdout().is_terminal();
    let format = args.output_format.unwrap_or(if to_terminal {
        OutputFormat::Full
    } else {
        OutputFormat::Concise
    });
    let keep = check::Keep {
        sources: format == OutputFormat::Full && !args.statistics,
        coverage: format == OutputFormat::Github,
    };
    let output = check::run_with(&cfg, selection, jobs, fixing, keep);
    for e in &output.write_errors {
        eprintln!("prd-lint: error: {}", crate::finding::sanitize(e));
    }
    if args.diff {
        let mut out = std::io::stdout().lock();
        let mut n = 0;
        for d in &output.diffs {
            let _ = write!(out, "{}", crate::finding::sanitize_lines(d));
        }
        for (_, a) in &output.applied {
            n += a.len();
        }
        if !args.quiet {
            eprintln!(
                "{} in {} file{}",
                if n == 1 {
                    "Would fix 1 problem".to_string()
                } else {
                    format!("Would fix {n} problems")
                },
                output.diffs.len(),
                if output.diffs.len() == 1 { "" } else { "s" }
            );
        }
        return Ok(if output.diffs.is_empty() { 0 } else { 1 });
    }
    let report = output
        .report
        .unwrap_or_else(|| check::run(&cfg, Selection::default(), vec![]));
    if args.show_fixes && !output.applied.is_empty() {
        let mut err = std::io::stderr().lock();
        let total: usize = output.applied.iter().map(|(_, a)| a.len()).sum();
        let _ = writeln!(
            err,
            "Fixed {total} problem{}:",
            if total == 1 { "" } else { "s" }
        );
        for (path, applied) in &output.applied {
            for a in applied {
                let _ = writeln!(
                    err,
                    "  {}: {} {}",
                    crate::finding::sanitize(path),
                    a.code,
                    crate::finding::sanitize(&a.description)
                );
            }
        }
    }

    let opts = RenderOptions {
        color: args.output_file.is_none() && use_color(args.color, false),
        quiet: args.quiet,
        statistics: args.statistics,
        version: VERSION,
    };
    let mut buf = Vec::new();
    render::render(format, &report, &opts, &mut buf)
        .map_err(|e| format!("cannot render the report: {e}"))?;
    match &args.output_file {
        Some(f) => {
            std::fs::write(f, &buf).map_err(|e| format!("cannot write {}: {e}", f.display()))?
        }
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = out.write_all(&buf).and_then(|_| out.flush());
        }
    }
    if format == OutputFormat::Github {
        if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
            if let Err(e) = render::github::append_step_summary(&report, Path::new(&path)) {
                eprintln!("prd-lint: warning: cannot write the step summary: {e}");
            }
        }
    }

    let s = report.summary();
    if args.exit_zero {
        return Ok(0);
    }
    if s.errors > 0 {
        return Ok(1);
    }
    if args.max_warnings.is_some_and(|m| s.warnings > m) {
        eprintln!(
            "prd-lint: {} warnings, more than --max-warnings {}",
            s.warnings,
            args.max_warnings.unwrap_or(0)
        );
        return Ok(1);
    }
    Ok(0)
}

fn run_rule(args: RuleArgs) -> Result<i32, Fatal> {
    let json = matches!(args.output_format, Some(OutputFormat::Json));
    let mut out = std::io::stdout().lock();
    let metas = rules::all_meta();
    let sev = |s: Severity| match s {
        Severity::Off => "off (opt-in)",
        s => s.as_str(),
    };
    if args.all {
        if json {
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&metas).unwrap_or_default()
            );
        } else {
            for m in &metas {
                let fix = match m.fix {
                    Some(crate::finding::Applicability::Safe) => "safe fix",
                    Some(crate::finding::Applicability::Unsafe) => "unsafe fix",
                    None => "",
                };
                let _ = writeln!(
                    out,
                    "{}  {:<22} {:<13} {:<10} {}",
                    m.code,
                    m.name,
                    sev(m.severity),
                    fix,
                    m.summary
                );
            }
        }
        return Ok(0);
    }
    let key = args.rule.unwrap_or_default();
    let Some(m) = rules::lookup(&key) else {
        let hint = rules::suggest(&key)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_else(|| "; `prd-lint rule --all` lists them".into());
        return Err(format!("unknown rule `{key}`{hint}").into());
    };
    if json {
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&m).unwrap_or_default()
        );
    } else {
        let _ = write!(out, "{}", m.page);
    }
    Ok(0)
}

fn run_new(args: NewArgs) -> Result<i32, Fatal> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    let (root, file) = config::discover(&cwd);
    let cfg = match file {
        Some(f) => Config::load(&f, root, rule_names()).map_err(Fatal::Config)?,
        None => Config::defaults(root),
    };
    let opts = crate::scaffold::NewOptions {
        slug: args.slug,
        title: args.title,
        flag: args.flag,
        pack: args.pack,
        force: args.force,
    };
    let written = crate::scaffold::create(&cfg.template, &cfg.root, &opts)?;
    for p in written {
        eprintln!("wrote {}", discover::display_path(&cfg.root, &p));
    }
    eprintln!("next: fill in every TBD; `prd-lint` lists what is left to write");
    Ok(0)
}

fn run_init(args: InitArgs) -> Result<i32, Fatal> {
    let path = PathBuf::from(config::CONFIG_FILE);
    if path.exists() && !args.force {
        return Err(format!(
            "{} already exists; use --force to overwrite it",
            config::CONFIG_FILE
        )
        .into());
    }
    std::fs::write(&path, config::INIT_TEMPLATE)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!("wrote {}", config::CONFIG_FILE);
    Ok(0)
}
