//! PRD052 `image-missing`: Local images point at files that exist.

use super::local_target;
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD052",
    name: "image-missing",
    severity: Severity::Error,
    summary: "Local images point at files that exist",
    fix: None,
    check,
};

fn check(ctx: &Ctx, out: &mut Out) {
    let doc = ctx.doc;
    for l in doc.links.iter().filter(|l| l.image) {
        let Some((path, shown)) = local_target(doc, &l.url) else {
            continue;
        };
        if path.exists() {
            continue;
        }
        out.report(
            l.span.clone(),
            format!("expected the image file `{shown}` next to the PRD, found no such file"),
        )
        .help("add the image to the PRD's folder or fix the path (it is resolved relative to the PRD)")
        .anchor(format!("image/{shown}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_in(dir: &std::path::Path, src: &str) -> Vec<(usize, usize, String)> {
        crate::rules::run_rule_at(&RULE, "prd.md", Some(dir), src)
    }

    #[test]
    fn missing_local_images_fire() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("images")).unwrap();
        std::fs::write(dir.path().join("images/a b.png"), b"x").unwrap();
        let src = "# A — PRD\n\nShot: ![ok](images/a%20b.png?raw=1) ![gone](images/gone.png#x)\n\n![web](https://x.org/a.png) ![data](data:image/png;base64,AAA)\n";
        assert_eq!(
            run_in(dir.path(), src),
            vec![(
                3,
                37,
                "expected the image file `images/gone.png` next to the PRD, found no such file"
                    .into()
            )]
        );
        // stdin: no folder, nothing to check.
        assert!(crate::rules::run_rule(&RULE, "![gone](gone.png)\n").is_empty());
    }
}
