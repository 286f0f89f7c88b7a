//! `prd-lint.toml`: discovery, parsing and validation. Errors are miette reports that point into
//! the file, with a "did you mean" where one is close.

use crate::finding::Severity;
use crate::template::{StageSpec, Template};
use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use thiserror::Error;
use toml::Spanned;

pub const CONFIG_FILE: &str = "prd-lint.toml";
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(prd_lint::config))]
pub struct ConfigError {
    pub message: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    include: Option<Vec<String>>,
    exclude: Option<Vec<String>>,
    template: Option<Spanned<String>>,
    rules: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    overrides: Option<Vec<RawOverride>>,
    flags: Option<RawFlags>,
    placeholders: Option<RawPlaceholders>,
    rollout: Option<RawRollout>,
    max_file_size: Option<Spanned<u64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    files: Spanned<Vec<String>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFlags {
    pattern: Option<Spanned<OneOrMany>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPlaceholders {
    words: Option<Vec<String>>,
    allow_in_sections: Option<Vec<u32>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRollout {
    stages: Option<Vec<StageSpec>>,
    exemption_phrases: Option<Vec<String>>,
}

/// How config validation resolves rule keys (`PRD034`, `ac-unknown-fr`) without this module
/// depending on the rule registry above it: the caller passes the registry's lookups.
#[derive(Clone, Copy)]
pub struct RuleNames<'a> {
    /// A rule's code for a code or name, if it exists.
    pub lookup: &'a dyn Fn(&str) -> Option<&'static str>,
    /// The closest code or name to a misspelt key.
    pub suggest: &'a dyn Fn(&str) -> Option<&'static str>,
}

/// Per-path severity overrides.
#[derive(Debug, Clone)]
pub struct Override {
    pub files: globset::GlobSet,
    pub rules: BTreeMap<&'static str, Severity>,
}

/// The resolved settings of a run.
#[derive(Debug, Clone)]
pub struct Config {
    /// The project root: paths are reported relative to it.
    pub root: PathBuf,
    /// The config file that was loaded, if any.
    pub file: Option<PathBuf>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub template: Template,
    /// Severity per rule code, from `[rules]`.
    pub severities: BTreeMap<&'static str, Severity>,
    pub overrides: Vec<Override>,
    pub max_file_size: u64,
}

impl Config {
    /// Built-in defaults with `root` as the project root.
    pub fn defaults(root: PathBuf) -> Config {
        let template = Template::torus();
        Config {
            root,
            file: None,
            include: template.file.include.clone(),
            exclude: Vec::new(),
            template,
            severities: BTreeMap::new(),
            overrides: Vec::new(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }

    /// The effective severity of a rule for a path (None: the rule's default).
    pub fn severity_for(&self, code: &str, path: &str) -> Option<Severity> {
        let mut s = self.severities.get(code).copied();
        for o in &self.overrides {
            if o.files.is_match(path) {
                if let Some(v) = o.rules.get(code) {
                    s = Some(*v);
                }
            }
        }
        s
    }

    /// Load `file` (relative paths in it are relative to its folder).
    pub fn load(file: &Path, root: PathBuf, names: RuleNames) -> Result<Config, Box<ConfigError>> {
        let text = std::fs::read_to_string(file).map_err(|e| {
            Box::new(ConfigError {
                message: format!("cannot read config file {}: {e}", file.display()),
                src: NamedSource::new(file.display().to_string(), String::new()),
                span: None,
                label: String::new(),
                help: None,
            })
        })?;
        Config::from_str(&text, file, root, names)
    }

    pub fn from_str(
        text: &str,
        file: &Path,
        root: PathBuf,
        names: RuleNames,
    ) -> Result<Config, Box<ConfigError>> {
        let name = file.display().to_string();
        let err = |message: String,
                   span: Option<std::ops::Range<usize>>,
                   label: &str,
                   help: Option<String>| {
            Box::new(ConfigError {
                message,
                src: NamedSource::new(name.clone(), text.to_string()),
                span: span.map(|r| SourceSpan::from(r.start..r.end.max(r.start))),
                label: label.to_string(),
                help,
            })
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let msg = e.message().to_string();
            let help = did_you_mean_field(&msg);
            err(
                format!("invalid {CONFIG_FILE}: {}", first_line(&msg)),
                e.span(),
                "here",
                help,
            )
        })?;
        let mut cfg = Config::defaults(root);
        cfg.file = Some(file.to_path_buf());
        let base = file.parent().unwrap_or(Path::new("."));

        if let Some(t) = &raw.template {
            let v = t.get_ref();
            if v != "torus" {
                let path = base.join(v);
                let ttext = std::fs::read_to_string(&path).map_err(|e| {
                    err(
                        format!("cannot read template `{v}`: {e}"),
                        Some(t.span()),
                        "this template",
                        Some("use `template = \"torus\"` for the built-in preset, or a path relative to prd-lint.toml".into()),
                    )
                })?;
                cfg.template = Template::from_toml(&ttext).map_err(|te| {
                    Box::new(ConfigError {
                        message: format!("invalid template file: {}", first_line(&te.message)),
                        src: NamedSource::new(path.display().to_string(), ttext.clone()),
                        span: te
                            .span
                            .map(|r| SourceSpan::from(r.start..r.end.max(r.start))),
                        label: "here".into(),
                        help: did_you_mean_field(&te.message),
                    })
                })?;
                cfg.include = cfg.template.file.include.clone();
            }
        }
        if let Some(i) = raw.include {
            cfg.include = i;
        }
        if let Some(x) = raw.exclude {
            cfg.exclude = x;
        }
        for g in cfg.include.iter().chain(cfg.exclude.iter()) {
            if let Err(e) = globset::Glob::new(g) {
                let at = text.find(g.as_str()).map(|s| s..s + g.len());
                return Err(err(
                    format!("invalid glob `{g}`: {e}"),
                    at,
                    "this glob",
                    None,
                ));
            }
        }
        if let Some(m) = raw.max_file_size {
            cfg.max_file_size = *m.get_ref();
            if cfg.max_file_size == 0 {
                return Err(err(
                    "`max-file-size` must be a positive number of bytes".into(),
                    Some(m.span()),
                    "here",
                    None,
                ));
            }
        }
        let sev_map = |map: &BTreeMap<Spanned<String>, Spanned<String>>| -> Result<BTreeMap<&'static str, Severity>, Box<ConfigError>> {
            let mut out = BTreeMap::new();
            for (k, v) in map {
                let Some(meta) = (names.lookup)(k.get_ref()) else {
                    let help = (names.suggest)(k.get_ref())
                        .map(|s| format!("did you mean `{s}`?"))
                        .or_else(|| Some("run `prd-lint rule --all` to list rule codes and names".into()));
                    return Err(err(
                        format!("unknown rule `{}` in {CONFIG_FILE}", k.get_ref()),
                        Some(k.span()),
                        "no rule has this code or name",
                        help,
                    ));
                };
                let Some(sev) = Severity::parse(v.get_ref()) else {
                    let help = ["error", "warning", "info", "off"]
                        .iter()
                        .find(|c| strsim::jaro_winkler(c, v.get_ref()) > 0.7)
                        .map(|c| format!("did you mean `\"{c}\"`?"))
                        .or_else(|| Some("severity is one of \"error\", \"warning\", \"info\", \"off\"".into()));
                    return Err(err(
                        format!("invalid severity `{}` for rule `{}`", v.get_ref(), k.get_ref()),
                        Some(v.span()),
                        "expected \"error\", \"warning\", \"info\" or \"off\"",
                        help,
                    ));
                };
                out.insert(meta, sev);
            }
            Ok(out)
        };
        if let Some(r) = &raw.rules {
            cfg.severities = sev_map(r)?;
        }
        for o in raw.overrides.iter().flatten() {
            let mut b = globset::GlobSetBuilder::new();
            for g in o.files.get_ref() {
                let glob = globset::Glob::new(g).map_err(|e| {
                    err(
                        format!("invalid glob `{g}`: {e}"),
                        Some(o.files.span()),
                        "in this list",
                        None,
                    )
                })?;
                b.add(glob);
            }
            let files = b.build().map_err(|e| {
                err(
                    format!("invalid globs: {e}"),
                    Some(o.files.span()),
                    "here",
                    None,
                )
            })?;
            cfg.overrides.push(Override {
                files,
                rules: sev_map(&o.rules)?,
            });
        }
        if let Some(f) = raw.flags {
            if let Some(p) = f.pattern {
                let span = p.span();
                let pats = match p.into_inner() {
                    OneOrMany::One(s) => vec![s],
                    OneOrMany::Many(v) => v,
                };
                cfg.template.file.flags.patterns = pats;
                cfg.template = Template::compile(cfg.template.file.clone())
                    .map_err(|e| err(e.message, Some(span), "this pattern", None))?;
            }
        }
        if let Some(p) = raw.placeholders {
            if let Some(w) = p.words {
                cfg.template.file.placeholders.words = w;
                cfg.template = Template::compile(cfg.template.file.clone())
                    .map_err(|e| err(e.message, None, "here", None))?;
            }
            if let Some(a) = p.allow_in_sections {
                cfg.template.file.placeholders.allow_in_sections = a;
            }
        }
        if let Some(r) = raw.rollout {
            if let Some(s) = r.stages {
                cfg.template.file.rollout.stages = s;
            }
            if let Some(e) = r.exemption_phrases {
                cfg.template.file.rollout.exemption_phrases = e;
            }
        }
        Ok(cfg)
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s).trim()
}

/// From serde's "unknown field `x`, expected one of `a`, `b`" build "did you mean `a`?".
fn did_you_mean_field(msg: &str) -> Option<String> {
    let rest = msg.strip_prefix("unknown field `")?;
    let (name, rest) = rest.split_once('`')?;
    let candidates: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    let best = candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(name, c), *c))
        .filter(|(s, _)| *s > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, c)) => Some(format!("did you mean `{c}`?")),
        None if !candidates.is_empty() => Some(format!(
            "expected one of {}",
            candidates
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        None => None,
    }
}

/// Find the project root and config file: walk up from `start` to the nearest `prd-lint.toml`,
/// else the git root, else `start`.
pub fn discover(start: &Path) -> (PathBuf, Option<PathBuf>) {
    for dir in start.ancestors() {
        let f = dir.join(CONFIG_FILE);
        if f.is_file() {
            return (dir.to_path_buf(), Some(f));
        }
    }
    for dir in start.ancestors() {
        if dir.join(".git").exists() {
            return (dir.to_path_buf(), None);
        }
    }
    (start.to_path_buf(), None)
}

/// The commented default configuration `prd-lint init` writes.
pub const INIT_TEMPLATE: &str = include_str!("../rules/prd-lint.init.toml");

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Config, Box<ConfigError>> {
        // A stand-in registry: this module must not depend on `rules`.
        let lookup = |k: &str| match k {
            "PRD050" | "placeholder" => Some("PRD050"),
            "PRD070" | "pack-incomplete" => Some("PRD070"),
            _ => None,
        };
        let suggest = |k: &str| (k == "placholder").then_some("placeholder");
        let names = RuleNames {
            lookup: &lookup,
            suggest: &suggest,
        };
        Config::from_str(text, Path::new("prd-lint.toml"), PathBuf::from("."), names)
    }

    #[test]
    fn unknown_key_points_at_it_with_did_you_mean() {
        let e = load("inclde = [\"a\"]\n").unwrap_err();
        assert!(
            e.message.contains("unknown field `inclde`"),
            "{}",
            e.message
        );
        assert_eq!(e.help.as_deref(), Some("did you mean `include`?"));
        assert_eq!(e.span.unwrap().offset(), 0);
    }

    #[test]
    fn rules_and_overrides() {
        let c = load("[rules]\nplaceholder = \"warning\"\nPRD070 = \"error\"\n\n[[overrides]]\nfiles = [\"docs/features/legacy/**\"]\nrules = { PRD050 = \"off\" }\n").unwrap();
        assert_eq!(
            c.severity_for("PRD050", "docs/features/x/prd.md"),
            Some(Severity::Warning)
        );
        assert_eq!(
            c.severity_for("PRD050", "docs/features/legacy/prd.md"),
            Some(Severity::Off)
        );
        assert_eq!(c.severity_for("PRD070", "a"), Some(Severity::Error));
    }

    #[test]
    fn bad_rule_and_severity() {
        let e = load("[rules]\nplacholder = \"off\"\n").unwrap_err();
        assert_eq!(e.message, "unknown rule `placholder` in prd-lint.toml");
        assert_eq!(e.help.as_deref(), Some("did you mean `placeholder`?"));
        let e = load("[rules]\nPRD050 = \"warn1ng\"\n").unwrap_err();
        assert_eq!(e.message, "invalid severity `warn1ng` for rule `PRD050`");
        assert_eq!(e.help.as_deref(), Some("did you mean `\"warning\"`?"));
    }

    #[test]
    fn init_template_is_accepted() {
        let c = load(INIT_TEMPLATE).unwrap();
        assert_eq!(c.include, vec!["docs/features/*/prd.md".to_string()]);
    }
}
