//! PRD062 `permissions-matrix`: §9 has a role × action permissions table.
//!
//! A table of §9 is a permissions matrix when its first column header names roles (`Role`,
//! `Roles`, `Actor`, `Persona`, `User type`) or at least half of its first-column cells name a
//! role (Instructor, Student, Author, Admin, …). A transposed matrix (actions down, roles
//! across: two or more role headers) is accepted too: it is still a role × action table.
//! `Permissions Matrix: N/A` with a reason is accepted (a label that does not apply).

use super::not_applicable;
use crate::document::{Document, Table};
use crate::finding::Severity;
use crate::rules::{Ctx, Out, Rule};

pub const RULE: Rule = Rule {
    code: "PRD062",
    name: "permissions-matrix",
    severity: Severity::Warning,
    summary: "§9 has a role × action permissions table",
    fix: None,
    check,
};

const LABEL: &str = "Permissions Matrix";

/// Role words (Torus, LTI and generic), matched as whole words, singular or plural.
const ROLES: &[&str] = &[
    "instructor",
    "student",
    "learner",
    "author",
    "admin",
    "administrator",
    "sysadmin",
    "superadmin",
    "superuser",
    "ta",
    "teaching assistant",
    "teachingassistant",
    "reviewer",
    "user",
    "guest",
    "platform",
    "tool",
    "owner",
    "collaborator",
    "editor",
    "viewer",
    "anonymous",
    "public",
    "staff",
    "member",
    "manager",
    "observer",
    "mentor",
    "grader",
    "operator",
    "support",
    "moderator",
    "designer",
    "developer",
    "contentdeveloper",
    "content developer",
    "teacher",
    "faculty",
    "learner",
    "system",
    "service",
    "unauthenticated",
    "authenticated",
    "everyone",
    "lms",
    "institution",
    "account",
    "role",
    "roles",
];

const ROLE_HEADERS: &[&str] = &[
    "role",
    "roles",
    "actor",
    "actors",
    "persona",
    "personas",
    "user type",
    "user role",
    "who",
];

fn names_role(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    ROLES.iter().any(|r| {
        let parts: Vec<&str> = r.split(' ').collect();
        words.windows(parts.len()).any(|w| {
            w.iter().zip(&parts).all(|(a, b)| {
                *a == *b || a.strip_suffix('s') == Some(b) || a.strip_suffix("es") == Some(b)
            })
        })
    })
}

fn cell_text(doc: &Document, bi: usize) -> String {
    doc.blocks[bi].text()
}

fn is_matrix(doc: &Document, table: &Table) -> bool {
    let Some(header) = table.rows.first() else {
        return false;
    };
    let head0 = header
        .first()
        .map(|&c| cell_text(doc, c))
        .unwrap_or_default();
    let h = head0.trim().to_lowercase();
    if ROLE_HEADERS.iter().any(|r| {
        h == *r
            || h.starts_with(&format!("{r} "))
            || h.starts_with(&format!("{r}/"))
            || h.starts_with(&format!("{r} /"))
            || h.starts_with(&format!("{r} \\"))
    }) {
        return true;
    }
    let firsts: Vec<String> = table.rows[1..]
        .iter()
        .filter_map(|r| r.first().map(|&c| cell_text(doc, c)))
        .filter(|t| !t.trim().is_empty())
        .collect();
    let roles = firsts.iter().filter(|t| names_role(t)).count();
    if roles > 0 && roles * 2 >= firsts.len() {
        return true;
    }
    // Transposed: roles across the header.
    header
        .iter()
        .skip(1)
        .filter(|&&c| names_role(&cell_text(doc, c)))
        .count()
        >= 2
}

fn check(ctx: &Ctx, out: &mut Out) {
    let doc = ctx.doc;
    let t = ctx.template;
    let number = t.file.roles.data;
    let Some(section) = doc.section_numbered(t, number) else {
        return;
    };
    let blocks = section.blocks();
    let tables: Vec<&Table> = doc
        .tables
        .iter()
        .filter(|tb| {
            tb.rows
                .first()
                .and_then(|r| r.first())
                .is_some_and(|c| blocks.contains(c))
        })
        .collect();
    if tables.iter().any(|tb| is_matrix(doc, tb)) {
        return;
    }
    let hit = doc.facts.label(t, number, LABEL);
    if let Some(h) = hit {
        let lines: Vec<String> = crate::document::facts::label_content(doc, h)
            .into_iter()
            .map(|(l, from)| l.text[from.min(l.text.len())..].to_string())
            .collect();
        if not_applicable(ctx, &lines) == Some(true) {
            return;
        }
    }
    let span = hit
        .map(|h| h.span.clone())
        .unwrap_or_else(|| doc.heading_span(section));
    let found = match tables.len() {
        0 => format!("found no table in §{number}"),
        1 => "found 1 table without roles in its first column".to_string(),
        n => format!("found {n} tables without roles in their first column"),
    };
    out.report(
        span,
        format!("expected a permissions matrix in §{number} (a table whose first column lists roles), {found}"),
    )
    .help("add a role × action table, e.g. `| Role | View | Edit |` with a row per role (Instructor, Student, Author, Admin)")
    .anchor(format!("§{number}/permissions-matrix"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run_rule;

    const H9: &str = "# A — PRD\n\n## 9. Data Model & APIs\n";

    #[test]
    fn missing_matrix() {
        assert_eq!(
            run_rule(&RULE, &format!("{H9}Permissions Matrix: same as today.\n")),
            vec![(4, 1, "expected a permissions matrix in §9 (a table whose first column lists roles), found no table in §9".into())]
        );
        assert_eq!(
            run_rule(&RULE, &format!("{H9}| Column | Type |\n|---|---|\n| id | int |\n| name | text |\n")),
            vec![(3, 1, "expected a permissions matrix in §9 (a table whose first column lists roles), found 1 table without roles in its first column".into())]
        );
    }

    #[test]
    fn accepted_matrices() {
        for body in [
            "Permissions Matrix:\n\n| Role | View | Edit |\n|---|---|---|\n| Instructor | Yes | Yes |\n| Student | Yes | No |\n",
            "| Who | Action |\n|---|---|\n| x | y |\n",
            "| | Can view | Can edit |\n|---|---|---|\n| Instructors | ✓ | ✓ |\n| Teaching Assistant | ✓ | |\n| System Admin | ✓ | ✓ |\n",
            "| Action | Instructor | Student |\n|---|---|---|\n| View | yes | yes |\n",
            "### Permissions Matrix\n\n| Role \\ Action | View |\n|---|---|\n| Author | yes |\n",
            "Permissions Matrix: N/A — background job with no user-facing actions.\n",
        ] {
            assert!(run_rule(&RULE, &format!("{H9}{body}")).is_empty(), "{body}");
        }
    }
}
