//! PRD071 `slug`: The feature folder name is a valid feature slug.

use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD071",
    name: "slug",
    severity: Severity::Warning,
    summary: "The feature folder name is a valid feature slug",
    fix: None,
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let doc = ctx.doc;
    let mut parts: Vec<&str> = doc.path.split('/').collect();
    parts.pop();
    let Some(slug) = parts.last() else { return };
    if slug.is_empty() || *slug == "." || ctx.template.slug.is_match(slug) {
        return;
    }
    out.report(
        doc.line_span(1),
        format!(
            "expected a feature slug (lowercase letters, digits, `_` and `-`, starting with a letter), found the folder `{slug}`"
        ),
    )
    .help(format!(
        "rename the folder, e.g. `{}`",
        suggest(slug)
    ))
    .anchor("slug");
}

fn suggest(slug: &str) -> String {
    let mut s: String = slug
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    while s.starts_with(|c: char| !c.is_ascii_lowercase()) && !s.is_empty() {
        s.remove(0);
    }
    if s.is_empty() {
        "my-feature".into()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse;
    use crate::rules::Ctx;
    use crate::template::Template;

    fn run(path: &str) -> Vec<String> {
        let t = Template::torus();
        let doc = parse(path, None, "# A — PRD\n".into(), &t);
        RULE.run(&Ctx {
            doc: &doc,
            template: &t,
        })
        .into_iter()
        .map(|f| f.message)
        .collect()
    }

    #[test]
    fn valid_and_invalid_slugs() {
        assert!(run("docs/features/bulk_deadline-extensions2/prd.md").is_empty());
        assert_eq!(
            run("docs/features/Bulk Deadlines/prd.md"),
            vec!["expected a feature slug (lowercase letters, digits, `_` and `-`, starting with a letter), found the folder `Bulk Deadlines`"]
        );
        assert_eq!(run("docs/features/2fa/prd.md").len(), 1);
    }
}
