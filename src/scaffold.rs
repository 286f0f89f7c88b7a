//! `prd-lint new <slug>`: scaffold a PRD (and with `--pack`, `fdd.md` and `plan.md`) that passes
//! every structural rule, with a `TBD` placeholder at each place the author must write.

use crate::template::Template;
use std::path::{Component, Path, PathBuf};

#[derive(Debug, Clone)]
pub struct NewOptions {
    pub slug: String,
    pub title: Option<String>,
    pub flag: Option<String>,
    pub pack: bool,
    pub force: bool,
}

/// Check a slug: the template's slug pattern, and nothing that could leave `docs/features/`.
pub fn validate_slug(t: &Template, slug: &str) -> Result<(), String> {
    let p = Path::new(slug);
    let plain =
        p.components().count() == 1 && matches!(p.components().next(), Some(Component::Normal(_)));
    if slug.is_empty() || !plain || slug.contains(['/', '\\', '\0']) || !t.slug.is_match(slug) {
        return Err(format!(
            "invalid feature slug `{}`: use lowercase letters, digits, `_` and `-`, starting with a letter (e.g. `bulk-deadline-extensions`)",
            crate::finding::sanitize(slug)
        ));
    }
    Ok(())
}

/// `bulk-deadline_extensions` → `Bulk Deadline Extensions`.
pub fn title_from_slug(slug: &str) -> String {
    slug.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `bulk-deadline-extensions` → `bulk_deadline_extensions` (a scoped flag is an Elixir atom).
pub fn flag_from_slug(slug: &str) -> String {
    slug.replace('-', "_")
}

/// The PRD text for a template.
pub fn prd_text(t: &Template, title: &str, flag: &str) -> String {
    let mut s = format!("# {title}{}\n", t.file.title_suffix);
    for (i, sec) in t.sections().iter().enumerate() {
        s.push_str(&format!("\n## {}. {}\n\n", sec.number, sec.title));
        s.push_str(&t.section_skeleton(i, title, flag));
    }
    s
}

/// An `fdd.md` skeleton following the seed's architect role.
pub fn fdd_text(title: &str, flag: &str) -> String {
    let sections = [
        "Data Model",
        "APIs",
        "LiveView Flows",
        "Permissions",
        "Feature Flags",
        "Observability",
        "Rollout",
    ];
    let mut s = format!("# {title} — FDD\n");
    for (i, h) in sections.iter().enumerate() {
        let body = if *h == "Feature Flags" {
            format!("`{flag}`: TBD")
        } else {
            "TBD".to_string()
        };
        s.push_str(&format!("\n## {}. {h}\n\n{body}\n", i + 1));
    }
    s
}

/// A `plan.md` skeleton following the seed's plan role.
pub fn plan_text(title: &str) -> String {
    let sections = [
        "Milestones",
        "Tasks",
        "Estimates",
        "Owners",
        "Risks",
        "QA & Rollout Plan",
    ];
    let mut s = format!("# {title} — Delivery Plan\n");
    for (i, h) in sections.iter().enumerate() {
        s.push_str(&format!("\n## {}. {h}\n\nTBD\n", i + 1));
    }
    s
}

/// Write the scaffold under `root/docs/features/<slug>/`. Returns the files written.
pub fn create(t: &Template, root: &Path, o: &NewOptions) -> Result<Vec<PathBuf>, String> {
    validate_slug(t, &o.slug)?;
    let title = o.title.clone().unwrap_or_else(|| title_from_slug(&o.slug));
    if title.trim().is_empty() || title.contains(['\n', '\r']) {
        return Err("the title must be one non-empty line".into());
    }
    let flag = o.flag.clone().unwrap_or_else(|| flag_from_slug(&o.slug));
    if !t.flag_patterns.iter().any(|p| p.is_match(&flag)) {
        return Err(format!(
            "invalid flag name `{}`: use snake_case (`bulk_deadline_extensions`) or kebab-case",
            crate::finding::sanitize(&flag)
        ));
    }
    let dir = root.join("docs").join("features").join(&o.slug);
    let mut files = vec![(dir.join("prd.md"), prd_text(t, title.trim(), &flag))];
    if o.pack {
        files.push((dir.join("fdd.md"), fdd_text(title.trim(), &flag)));
        files.push((dir.join("plan.md"), plan_text(title.trim())));
    }
    if !o.force {
        if let Some((p, _)) = files.iter().find(|(p, _)| p.exists()) {
            return Err(format!(
                "{} already exists; use --force to overwrite it",
                p.display()
            ));
        }
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    // The folder must still be inside the project (no symlinked `docs/` leading elsewhere).
    let canon_root = std::fs::canonicalize(root).map_err(|e| e.to_string())?;
    let canon_dir = std::fs::canonicalize(&dir).map_err(|e| e.to_string())?;
    if !canon_dir.starts_with(&canon_root) {
        return Err(format!(
            "{} resolves outside the project root ({}); refusing to write",
            dir.display(),
            canon_root.display()
        ));
    }
    let mut written = Vec::new();
    for (p, text) in files {
        std::fs::write(&p, text).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
        written.push(p);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        let t = Template::torus();
        for ok in ["bulk-extensions", "a1_b", "x"] {
            assert!(validate_slug(&t, ok).is_ok(), "{ok}");
        }
        for bad in [
            "", "..", "../x", "/abs", "a/b", "Upper", "1abc", "a b", "a\\b", "-x",
        ] {
            assert!(validate_slug(&t, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_from_slug() {
        assert_eq!(
            title_from_slug("bulk-deadline_extensions"),
            "Bulk Deadline Extensions"
        );
        assert_eq!(
            flag_from_slug("bulk-deadline-extensions"),
            "bulk_deadline_extensions"
        );
    }
}
