//! PRD051 `html`: Plain Markdown: no raw HTML outside code.
//!
//! Every raw HTML block or inline tag outside code is a finding, one per element (a closing tag
//! that closes a reported opening tag is not reported again). `prd-lint` directive comments
//! never reach this rule (the model takes them out); any other comment is reported too: it is
//! HTML the template asks authors to avoid, it often hides left-over template instructions, and
//! a misspelt directive (`<!-- prd-lint disable … -->`) would otherwise fail silently.

use super::section_tag;
use crate::document::BlockKind;
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};
use std::collections::{HashMap, HashSet};

pub const RULE: Rule = Rule {
    code: "PRD051",
    name: "html",
    severity: Severity::Error,
    summary: "Plain Markdown: no raw HTML outside code",
    fix: None,
    check,
};

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

fn tag_name(s: &str) -> String {
    s.trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase()
}

fn shorten(s: &str) -> String {
    let first = s.trim().lines().next().unwrap_or("").trim();
    if first.chars().count() > 60 {
        format!("{}…", first.chars().take(60).collect::<String>())
    } else {
        first.to_string()
    }
}

fn check(ctx: &Ctx, out: &mut Out) {
    let doc = ctx.doc;
    let mut open: HashMap<String, usize> = HashMap::new();
    let block_starts: HashSet<usize> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::HtmlBlock)
        .map(|b| b.span.start)
        .collect();
    for h in &doc.html {
        let lit = h.literal.trim();
        let shown = shorten(lit);
        let tag = section_tag(ctx, h.section);
        if lit.starts_with("<!--") {
            let body = lit.trim_start_matches("<!--").trim_start();
            let misspelt = body.to_ascii_lowercase().starts_with("prd-lint")
                || body.to_ascii_lowercase().starts_with("prdlint");
            let help = if misspelt {
                "this looks like a misspelt directive: write `<!-- prd-lint-disable-next-line RULE -->`, `<!-- prd-lint-disable RULE -->`, `<!-- prd-lint-enable RULE -->` or `<!-- prd-lint-disable-file RULE -->`"
            } else {
                "remove the comment or turn it into visible text; only `prd-lint-…` directive comments are allowed"
            };
            out.report(
                h.span.clone(),
                format!("expected plain Markdown, found an HTML comment `{shown}`"),
            )
            .help(help)
            .anchor(format!("html/{tag}/comment"));
            continue;
        }
        let name = tag_name(lit);
        let closing = lit.starts_with("</");
        let is_block = block_starts.contains(&h.span.start);
        if closing && !is_block {
            if let Some(n) = open.get_mut(&name).filter(|n| **n > 0) {
                *n -= 1;
                continue;
            }
        } else if !closing && !is_block && !VOID.contains(&name.as_str()) && !lit.ends_with("/>") {
            *open.entry(name.clone()).or_default() += 1;
        }
        let what = if is_block {
            "an HTML block"
        } else {
            "inline HTML"
        };
        out.report(
            h.span.clone(),
            format!("expected plain Markdown, found {what} `{shown}`"),
        )
        .help("use Markdown instead (emphasis, lists, tables, `![alt](file.png)` images); put literal markup in a code span or block")
        .anchor(format!("html/{tag}/{name}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    #[test]
    fn inline_block_and_comment() {
        let src = "# A — PRD\n\n## 1. Overview\nSee <span>this</span> and a<br>b.\n\n<details>\n<summary>x</summary>\n</details>\n\n<!-- note -->\n";
        assert_eq!(
            run_rule(&RULE, src),
            vec![
                (
                    4,
                    5,
                    "expected plain Markdown, found inline HTML `<span>`".into()
                ),
                (
                    4,
                    28,
                    "expected plain Markdown, found inline HTML `<br>`".into()
                ),
                (
                    6,
                    1,
                    "expected plain Markdown, found an HTML block `<details>`".into()
                ),
                (
                    10,
                    1,
                    "expected plain Markdown, found an HTML comment `<!-- note -->`".into()
                ),
            ]
        );
    }

    #[test]
    fn code_directives_and_tokens_are_not_html() {
        for src in [
            "# A — PRD\n\n## 1. Overview\n<!-- prd-lint-disable-next-line PRD050 -->\nTBD `<b>` here\n",
            "# A — PRD\n\n```html\n<div>x</div>\n```\n",
            "# <Feature Name> — PRD\n\nHello <name>.\n",
        ] {
            assert!(run_rule(&RULE, src).is_empty(), "{src}");
        }
    }
}
