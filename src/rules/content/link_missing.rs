//! PRD053 `link-missing`: Relative links point at files that exist.

use super::local_target;
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD053",
    name: "link-missing",
    severity: Severity::Warning,
    summary: "Relative links point at files that exist",
    fix: None,
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let doc = ctx.doc;
    for l in doc.links.iter().filter(|l| !l.image) {
        let Some((path, shown)) = local_target(doc, &l.url) else {
            continue;
        };
        if path.exists() {
            continue;
        }
        out.report(
            l.span.clone(),
            format!("expected the link target `{shown}` to exist relative to the PRD, found no such file"),
        )
        .help("fix the relative path, or link to the file's URL")
        .anchor(format!("link/{shown}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_in(dir: &std::path::Path, src: &str) -> Vec<(usize, usize, String)> {
        crate::rules::run_rule_at(&RULE, "prd.md", Some(dir), src)
    }

    #[test]
    fn missing_relative_targets_fire() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("fdd.md"), b"x").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let src = "# A — PRD\n\n## 1. Overview\nSee [fdd](fdd.md#design), [dir](sub/), [plan](./plan.md), [top](#1-overview), [web](https://x.org), [mail](mailto:a@b.c), <https://x.org/y>, [abs](/docs/x.md).\n";
        assert_eq!(
            run_in(dir.path(), src),
            vec![(
                4,
                40,
                "expected the link target `./plan.md` to exist relative to the PRD, found no such file".into()
            )]
        );
        assert!(crate::rules::run_rule(&RULE, "[plan](plan.md)\n").is_empty());
    }
}
