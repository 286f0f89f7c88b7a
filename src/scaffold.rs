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
    let r = &t.file.roles;
    let mut s = format!("# {title}{}\n", t.file.title_suffix);
    for sec in t.sections() {
        s.push_str(&format!("\n## {}. {}\n\n", sec.number, sec.title));
        let n = sec.number;
        let body = if n == r.requirements {
            format!(
                "| ID | Description | Priority | Owner |\n|---|---|---|---|\n| {}-001 | TBD | P0 | TBD |\n",
                t.file.ids.fr_prefix
            )
        } else if n == r.acceptance {
            format!(
                "- {}-001 ({}-001) — Given TBD, When TBD, Then TBD\n",
                t.file.ids.ac_prefix, t.file.ids.fr_prefix
            )
        } else if n == r.rollout {
            let stages: String = t
                .file
                .rollout
                .stages
                .iter()
                .map(|st| format!("- {}: TBD\n", st.name))
                .collect();
            format!(
                "Flagging: `{flag}` (default off; scope: TBD)\n\nEnvironments: TBD\n\nData Migrations: TBD\n\nRollout Plan:\n\n{stages}- Kill-switch: TBD\n\nTelemetry for Rollout: TBD\n"
            )
        } else if n == r.done {
            t.file
                .done
                .items
                .iter()
                .map(|i| format!("- [ ] {i}\n"))
                .collect()
        } else if n == r.open_questions {
            sec.labels
                .iter()
                .map(|l| format!("{}: None yet.\n\n", l.name))
                .collect::<String>()
                .trim_end()
                .to_string()
                + "\n"
        } else if sec.labels.is_empty() {
            "TBD\n".to_string()
        } else {
            let mut b = String::new();
            for l in &sec.labels {
                let content = if n == r.ux && l.name == "Accessibility" {
                    "WCAG 2.1 AA; TBD".to_string()
                } else if n == r.nfr && l.name == "Performance & Scale" {
                    "p50 ≤ 200 ms and p95 ≤ 800 ms (TBD: confirm targets)".to_string()
                } else if n == r.overview && l.name == "Feature Name" {
                    title.to_string()
                } else if n == r.data && l.name == "Permissions Matrix" {
                    "\n\n| Role | Action | Allowed |\n|---|---|---|\n| Instructor | TBD | Yes |\n| Student | TBD | No |\n| Admin | TBD | Yes |".to_string()
                } else {
                    "TBD".to_string()
                };
                b.push_str(&format!("{}: {content}\n\n", l.name));
            }
            b.trim_end().to_string() + "\n"
        };
        s.push_str(&body);
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
