//! The rule registry. Each rule is a small pure function over the [`Document`] model, one rule per
//! file, grouped by family. Rules depend only on `document`, `template` and `finding`.

pub mod content;
pub mod files;
pub mod requirements;
pub mod rollout;
pub mod structure;

use crate::document::{Document, Span};
use crate::finding::{Applicability, Edit, Finding, Fix, Related, RuleMeta, Severity};
use crate::template::Template;

/// What a rule sees.
pub struct Ctx<'a> {
    pub doc: &'a Document,
    pub template: &'a Template,
}

/// A per-document rule.
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub fix: Option<Applicability>,
    pub check: fn(&Ctx, &mut Out),
}

/// Collects one rule's findings for one document.
pub struct Out<'a> {
    rule: &'a Rule,
    doc: &'a Document,
    pub findings: Vec<Finding>,
}

impl<'a> Out<'a> {
    pub fn new(rule: &'a Rule, doc: &'a Document) -> Out<'a> {
        Out {
            rule,
            doc,
            findings: Vec::new(),
        }
    }

    /// Report a finding at `span` with the rule's default severity.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> FindingBuilder<'_> {
        let location = self.doc.location(span);
        self.findings.push(Finding {
            code: self.rule.code,
            rule: self.rule.name,
            severity: self.rule.severity,
            path: self.doc.path.clone(),
            location,
            message: message.into(),
            help: None,
            related: Vec::new(),
            fix: None,
            anchor: String::new(),
        });
        FindingBuilder {
            doc: self.doc,
            finding: self.findings.last_mut().expect("just pushed"),
        }
    }
}

/// Adds the optional parts of a finding.
pub struct FindingBuilder<'o> {
    doc: &'o Document,
    finding: &'o mut Finding,
}

impl FindingBuilder<'_> {
    pub fn help(self, help: impl Into<String>) -> Self {
        self.finding.help = Some(help.into());
        self
    }
    pub fn severity(self, s: Severity) -> Self {
        self.finding.severity = s;
        self
    }
    /// A location-independent identity: section and ID (for SARIF fingerprints).
    pub fn anchor(self, a: impl Into<String>) -> Self {
        self.finding.anchor = a.into();
        self
    }
    pub fn related(self, span: Span, message: impl Into<String>) -> Self {
        let location = self.doc.location(span);
        self.finding.related.push(Related {
            path: self.doc.path.clone(),
            location,
            message: message.into(),
        });
        self
    }
    /// Attach a fix made of `(span, replacement)` edits.
    pub fn fix(
        self,
        applicability: Applicability,
        description: impl Into<String>,
        edits: Vec<(Span, String)>,
    ) -> Self {
        let edits = edits
            .into_iter()
            .map(|(span, content)| Edit {
                location: self.doc.location(span),
                content,
            })
            .collect();
        self.finding.fix = Some(Fix {
            applicability,
            description: description.into(),
            edits,
        });
        self
    }
}

impl Rule {
    pub fn run(&self, ctx: &Ctx) -> Vec<Finding> {
        let mut out = Out::new(self, ctx.doc);
        (self.check)(ctx, &mut out);
        out.findings
    }

    pub fn meta(&self) -> RuleMeta {
        RuleMeta {
            code: self.code,
            name: self.name,
            severity: self.severity,
            summary: self.summary,
            fix: self.fix,
            page: page(self.code),
        }
    }
}

/// Metadata of rules that are not per-document functions (cross-file, file-level, suppression).
pub struct MetaOnly {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

pub const FLAG_CONFLICT: MetaOnly = MetaOnly {
    code: "PRD047",
    name: "flag-conflict",
    severity: Severity::Error,
    summary: "Two PRDs in the run declare the same feature flag",
};
pub const UNREADABLE: MetaOnly = MetaOnly {
    code: "PRD090",
    name: "unreadable",
    severity: Severity::Error,
    summary: "The file is not valid UTF-8, is binary, too large, or cannot be read",
};
pub const UNUSED_SUPPRESSION: MetaOnly = MetaOnly {
    code: "PRD099",
    name: "unused-suppression",
    severity: Severity::Warning,
    summary: "A prd-lint-disable directive suppresses nothing",
};

impl MetaOnly {
    pub fn meta(&self) -> RuleMeta {
        RuleMeta {
            code: self.code,
            name: self.name,
            severity: self.severity,
            summary: self.summary,
            fix: None,
            page: page(self.code),
        }
    }
}

/// Every per-document rule, in code order.
pub fn document_rules() -> &'static [&'static Rule] {
    static RULES: &[&Rule] = &[
        &structure::title::RULE,
        &structure::section_missing::RULE,
        &structure::section_order::RULE,
        &structure::section_numbering::RULE,
        &structure::section_title::RULE,
        &structure::section_duplicate::RULE,
        &structure::section_unknown::RULE,
        &structure::section_empty::RULE,
        &structure::heading_level::RULE,
        &structure::label_missing::RULE,
        &requirements::fr_table_missing::RULE,
        &requirements::fr_id_format::RULE,
        &requirements::fr_id_duplicate::RULE,
        &requirements::fr_id_gap::RULE,
        &requirements::fr_priority::RULE,
        &requirements::fr_field_empty::RULE,
        &requirements::ac_missing::RULE,
        &requirements::ac_id_format::RULE,
        &requirements::ac_id_duplicate::RULE,
        &requirements::ac_no_fr::RULE,
        &requirements::ac_unknown_fr::RULE,
        &requirements::ac_gwt::RULE,
        &requirements::fr_uncovered::RULE,
        &requirements::dangling_ref::RULE,
        &rollout::flag_missing::RULE,
        &rollout::flag_name::RULE,
        &rollout::stage_missing::RULE,
        &rollout::stage_order::RULE,
        &rollout::rollout_criteria::RULE,
        &rollout::rollout_telemetry::RULE,
        &rollout::kill_switch::RULE,
        &rollout::exemption_reason::RULE,
        &content::placeholder::RULE,
        &content::html::RULE,
        &content::image_missing::RULE,
        &content::link_missing::RULE,
        &content::perf_targets::RULE,
        &content::wcag::RULE,
        &content::permissions_matrix::RULE,
        &content::dod_checklist::RULE,
        &files::pack_incomplete::RULE,
        &files::slug::RULE,
    ];
    RULES
}

/// The metadata of [`document_rules`], in the same order, made once (a page is looked up by code).
pub fn document_metas() -> &'static [RuleMeta] {
    static METAS: std::sync::OnceLock<Vec<RuleMeta>> = std::sync::OnceLock::new();
    METAS.get_or_init(|| document_rules().iter().map(|r| r.meta()).collect())
}

/// Metadata of every rule, in code order.
pub fn all_meta() -> Vec<RuleMeta> {
    let mut v: Vec<RuleMeta> = document_metas().to_vec();
    v.push(FLAG_CONFLICT.meta());
    v.push(UNREADABLE.meta());
    v.push(UNUSED_SUPPRESSION.meta());
    v.sort_by_key(|m| m.code);
    v
}

/// Find a rule by code (`PRD034`, case-insensitive) or name (`ac-unknown-fr`).
pub fn lookup(key: &str) -> Option<RuleMeta> {
    let k = key.trim();
    all_meta()
        .into_iter()
        .find(|m| m.code.eq_ignore_ascii_case(k) || m.name == k)
}

/// The closest rule code or name to a misspelt key, for "did you mean".
pub fn suggest(key: &str) -> Option<&'static str> {
    let mut best: Option<(f64, &'static str)> = None;
    for m in all_meta() {
        for cand in [m.code, m.name] {
            let s = strsim::jaro_winkler(&key.to_lowercase(), &cand.to_lowercase());
            if s > 0.8 && best.is_none_or(|b| s > b.0) {
                best = Some((s, cand));
            }
        }
    }
    best.map(|b| b.1)
}

/// The rule's documentation page (embedded from `rules/pages/`).
pub fn page(code: &str) -> &'static str {
    pages::PAGES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, p)| *p)
        .unwrap_or("")
}

mod pages {
    macro_rules! pages {
        ($($code:literal),* $(,)?) => {
            pub static PAGES: &[(&str, &str)] = &[
                $(($code, include_str!(concat!("../../rules/pages/", $code, ".md")))),*
            ];
        };
    }
    pages!(
        "PRD001", "PRD002", "PRD003", "PRD004", "PRD005", "PRD006", "PRD007", "PRD008", "PRD009",
        "PRD010", "PRD020", "PRD021", "PRD022", "PRD023", "PRD024", "PRD025", "PRD030", "PRD031",
        "PRD032", "PRD033", "PRD034", "PRD035", "PRD036", "PRD037", "PRD040", "PRD041", "PRD042",
        "PRD043", "PRD044", "PRD045", "PRD046", "PRD047", "PRD048", "PRD050", "PRD051", "PRD052",
        "PRD053", "PRD060", "PRD061", "PRD062", "PRD063", "PRD070", "PRD071", "PRD090", "PRD099",
    );
}

/// Test helper: run one rule over a source text and return `(line, column, message)` triples.
#[cfg(test)]
pub fn run_rule(rule: &Rule, source: &str) -> Vec<(usize, usize, String)> {
    run_rule_at(rule, "docs/features/x/prd.md", None, source)
}

/// Test helper: like [`run_rule`], for a PRD at `path` in folder `dir` (for file-system rules).
#[cfg(test)]
pub fn run_rule_at(
    rule: &Rule,
    path: &str,
    dir: Option<&std::path::Path>,
    source: &str,
) -> Vec<(usize, usize, String)> {
    let t = Template::torus();
    let doc = crate::document::parse(path, dir.map(|d| d.to_path_buf()), source.to_string(), &t);
    let ctx = Ctx {
        doc: &doc,
        template: &t,
    };
    rule.run(&ctx)
        .into_iter()
        .map(|f| (f.location.start.line, f.location.start.column, f.message))
        .collect()
}

#[cfg(test)]
mod page_examples {
    use super::*;

    /// The first fenced `markdown` block after `heading` in a rule page.
    fn example(page: &str, heading: &str) -> Option<String> {
        let after = page.split(heading).nth(1)?;
        let body = after.split("```markdown\n").nth(1)?;
        Some(body.split("\n```").next()?.to_string() + "\n")
    }

    /// An excerpt placed in its sections, as in a PRD: a title, then §6 before its first
    /// table row, §7 before its first criterion, or §11 for the rollout rules.
    fn in_prd(code: &str, ex: &str) -> String {
        if ex.starts_with("# ") {
            return ex.to_string();
        }
        let mut out = String::from("# A — PRD\n\n");
        if !ex.starts_with("## ") {
            let (mut fr, mut ac) = (false, false);
            if code.starts_with("PRD04") {
                out.push_str("## 11. Feature Flagging, Rollout & Migration\n");
            }
            for line in ex.lines() {
                let t = line.trim_start().trim_start_matches(['-', '*', '#', ' ']);
                if !fr && !ac && line.starts_with('|') {
                    out.push_str("## 6. Functional Requirements\n");
                    fr = true;
                }
                if !ac && t.trim_start_matches("**").starts_with("AC-") {
                    out.push_str("\n## 7. Acceptance Criteria\n");
                    ac = true;
                }
                out.push_str(line);
                out.push('\n');
            }
            return out;
        }
        out + ex
    }

    #[test]
    fn each_page_bad_example_fires_its_rule_and_the_good_one_does_not() {
        // Rules about files and folders: their examples are paths, or need the files.
        const ON_DISK: &[&str] = &["PRD052", "PRD053", "PRD070", "PRD071"];
        let mut wrong = Vec::new();
        for rule in document_rules() {
            if ON_DISK.contains(&rule.code) {
                continue;
            }
            let page = page(rule.code);
            if let Some(bad) = example(page, "## Bad").map(|e| in_prd(rule.code, &e)) {
                if run_rule(rule, &bad).is_empty() {
                    wrong.push(format!("{}: the bad example gives no finding", rule.code));
                }
            }
            // PRD002's good example shows three sections of the outline, not a whole PRD.
            let good = example(page, "## Good").filter(|_| rule.code != "PRD002");
            if let Some(good) = good.map(|e| in_prd(rule.code, &e)) {
                let got = run_rule(rule, &good);
                if !got.is_empty() {
                    wrong.push(format!("{}: the good example gives {got:?}", rule.code));
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
