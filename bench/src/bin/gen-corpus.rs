//! `gen-corpus --out DIR --count N [--seed S] [--defect-rate 0.03]`
//!
//! Writes N synthetic but realistic Torus PRDs to `DIR/docs/features/<slug>/prd.md` (8–20 KB each),
//! following the template of `shared/seed` and `shared/spec/template.md` exactly, with varied text.
//! A `--defect-rate` fraction of them get exactly one defect (see `Defect`). Some spec packs also get
//! a small `fdd.md` and/or `plan.md`. Output is fully determined by (count, seed, defect-rate).
//!
//! Besides the documents it writes `DIR/manifest.tsv` (slug, bytes, defect) and `DIR/.gen-stamp`
//! (the parameters, so scripts can reuse a corpus generated with the same ones).

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// ---------------------------------------------------------------------------------------------
// PRNG: SplitMix64 (small, fast, good enough for text, and stable forever — no crate versions).

#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) as u128 * n as u128 >> 53) as usize
    }
    /// Uniform in lo..=hi.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }
    fn pick<'a, T: ?Sized>(&mut self, xs: &[&'a T]) -> &'a T {
        xs[self.below(xs.len())]
    }
    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Word banks.

const NAME_PREFIX: &[&str] = &[
    "Bulk", "Adaptive", "Scheduled", "Instructor", "Author", "Student", "Section", "Course", "Inline",
    "Granular", "Unified", "Guided", "Batch", "Live", "Tenant-Scoped", "Auditable", "Configurable",
    "Collaborative", "Accessible", "Offline", "Smart", "Self-Service", "Multi-Section", "Cross-Project",
];
const NAME_CORE: &[&str] = &[
    "Deadline", "Gradebook", "Roster", "Revision", "Objective", "Page", "Activity", "Hint", "Feedback",
    "Survey", "Attempt", "Certificate", "Discussion", "Media", "Bibliography", "Analytics", "Dashboard",
    "Notification", "Enrollment", "Publication", "Rubric", "Glossary", "Assessment", "Progress",
    "Scoring", "Content", "Curriculum", "Syllabus",
];
const NAME_TAIL: &[&str] = &[
    "Extensions", "Export", "Sync", "History", "Mapping", "Preview", "Insights", "Review Queue",
    "Scheduler", "Overrides", "Templates", "Reports", "Alerts", "Editor", "Import", "Tracking",
    "Digest", "Panel", "Controls", "Snapshots", "Search", "Annotations", "Recommendations", "Audit Trail",
];
const ROLES: &[&str] = &[
    "Instructor", "Author", "Student", "System Admin", "Content Admin", "Account Admin",
    "Teaching Assistant", "Section Owner", "Institution Admin", "Course Designer",
];
const ROLE_PL: &[&str] = &[
    "instructors", "authors", "students", "system admins", "content admins", "teaching assistants",
    "course designers", "institution admins", "section owners", "support engineers",
];
const VERBS: &[&str] = &[
    "review", "configure", "export", "bulk-edit", "preview", "schedule", "audit", "compare", "filter",
    "approve", "reorder", "archive", "search", "annotate", "publish", "restore",
];
const PLACES: &[&str] = &[
    "from the section overview", "in the authoring workspace", "on the instructor dashboard",
    "inside the gradebook", "from the course builder", "in the admin panel",
    "from the student course home", "in the page editor", "from the LTI launch landing page",
    "in the curriculum view", "from the project settings page", "in the insights tab",
];
const PAINS: &[&str] = &[
    "exporting CSV files and editing them by hand", "filing a support ticket",
    "opening each page one at a time", "asking an admin to run a console script",
    "switching between three different screens", "waiting for the nightly batch job",
    "copying values between browser tabs", "re-publishing the whole project",
    "reading raw database rows", "guessing from incomplete activity logs",
];
const CONTEXTS: &[&str] = &[
    "Oli.Delivery.Sections", "Oli.Resources", "Oli.Publishing", "Oli.GenAI", "Oli.Delivery.Attempts",
    "Oli.Analytics.Summary", "Oli.Authoring.Editing", "Oli.Accounts", "Oli.Institutions", "Oli.Lti",
    "Oli.Delivery.Settings", "Oli.Delivery.Paywall", "Oli.Features", "Oli.Auditing",
];
const OWNERS: &[&str] = &[
    "Backend", "Frontend", "Platform", "Data", "Design", "QA", "Authoring team", "Delivery team",
    "Analytics team", "Infra",
];
const ADJ: &[&str] = &[
    "consistent", "predictable", "auditable", "fast", "accessible", "reversible", "explicit",
    "tenant-safe", "observable", "deterministic", "idempotent", "paginated",
];
const TIMESPANS: &[&str] = &[
    "one sprint", "two sprints", "three weeks", "one week", "four weeks", "ten business days",
];
const SCREEN_KINDS: &[&str] = &[
    "list view", "detail drawer", "empty state", "bulk action modal", "confirmation dialog",
    "error banner", "loading skeleton", "read-only view", "settings panel", "summary card",
    "filter bar", "history timeline",
];
const LINK_KINDS: &[&str] = &["Epic", "Issue", "Design file", "Related FDD", "Support ticket"];

// ---------------------------------------------------------------------------------------------
// Defects: each defective document gets exactly one.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Defect {
    None,
    TitleDash,
    SectionTitleTypo,
    SectionMissing,
    SectionOrder,
    Placeholder,
    DuplicateFr,
    FrPriority,
    UnknownFrInAc,
    UncoveredFr,
    AcNoThen,
    MissingStage,
    MissingTelemetry,
    MissingKillSwitch,
    MissingWcag,
    MissingP95,
    MissingDodItem,
    InlineHtml,
    MissingLabel,
    ImageMissing,
}

const DEFECTS: &[Defect] = &[
    Defect::TitleDash,
    Defect::SectionTitleTypo,
    Defect::SectionMissing,
    Defect::SectionOrder,
    Defect::Placeholder,
    Defect::DuplicateFr,
    Defect::FrPriority,
    Defect::UnknownFrInAc,
    Defect::UncoveredFr,
    Defect::AcNoThen,
    Defect::MissingStage,
    Defect::MissingTelemetry,
    Defect::MissingKillSwitch,
    Defect::MissingWcag,
    Defect::MissingP95,
    Defect::MissingDodItem,
    Defect::InlineHtml,
    Defect::MissingLabel,
    Defect::ImageMissing,
];

impl Defect {
    fn name(self) -> &'static str {
        match self {
            Defect::None => "none",
            Defect::TitleDash => "title-dash",
            Defect::SectionTitleTypo => "section-title-typo",
            Defect::SectionMissing => "section-missing",
            Defect::SectionOrder => "section-order",
            Defect::Placeholder => "placeholder",
            Defect::DuplicateFr => "fr-id-duplicate",
            Defect::FrPriority => "fr-priority",
            Defect::UnknownFrInAc => "ac-unknown-fr",
            Defect::UncoveredFr => "fr-uncovered",
            Defect::AcNoThen => "ac-gwt",
            Defect::MissingStage => "rollout-stage-missing",
            Defect::MissingTelemetry => "rollout-telemetry",
            Defect::MissingKillSwitch => "kill-switch",
            Defect::MissingWcag => "wcag",
            Defect::MissingP95 => "perf-targets",
            Defect::MissingDodItem => "dod-checklist",
            Defect::InlineHtml => "html",
            Defect::MissingLabel => "label-missing",
            Defect::ImageMissing => "image-missing",
        }
    }
}

const SECTION_TITLES: [&str; 17] = [
    "Overview",
    "Background & Problem Statement",
    "Goals & Non-Goals",
    "Users & Use Cases",
    "UX / UI Requirements",
    "Functional Requirements",
    "Acceptance Criteria",
    "Non-Functional Requirements",
    "Data Model & APIs",
    "Integrations & Platform Considerations",
    "Feature Flagging, Rollout & Migration",
    "Analytics & Success Metrics",
    "Risks & Mitigations",
    "Open Questions & Assumptions",
    "Timeline & Milestones",
    "QA Plan",
    "Definition of Done",
];

/// Labels that `Defect::MissingLabel` may drop: (section number, label).
const DROPPABLE_LABELS: &[(usize, &str)] = &[
    (1, "Links"),
    (2, "Why now"),
    (3, "Non-Goals"),
    (4, "Use Cases / Scenarios"),
    (5, "Internationalization"),
    (5, "Navigation & Entry Points"),
    (8, "Reliability"),
    (8, "Compliance"),
    (9, "Context Boundaries"),
    (10, "Caching/Perf"),
    (10, "LTI 1.3"),
    (11, "Environments"),
    (12, "Event Spec"),
    (14, "Assumptions"),
    (16, "Manual"),
];

// ---------------------------------------------------------------------------------------------
// One feature and its document.

struct Feature {
    name: String,
    /// Lowercase noun phrase, e.g. "deadline extensions".
    object: String,
    slug: String,
    flag: String,
    table: String,
    module: String,
    event_prefix: String,
    context: &'static str,
    roles: Vec<&'static str>,
}

struct Doc<'a> {
    rng: Rng,
    f: &'a Feature,
    defect: Defect,
    /// For Defect::MissingLabel: the label to leave out.
    drop_label: Option<(usize, &'static str)>,
    /// Number of FRs.
    frs: usize,
    /// Scale factor for list lengths.
    scale: f64,
    has_fdd: bool,
}

fn snake(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

fn camel(s: &str) -> String {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            let first = cs.next().unwrap().to_ascii_uppercase();
            std::iter::once(first).chain(cs).collect::<String>()
        })
        .collect()
}

impl<'a> Doc<'a> {
    // -- small helpers ------------------------------------------------------------------------

    fn n(&mut self, base: usize) -> usize {
        let v = (base as f64 * self.scale).round() as usize;
        let jitter = self.rng.below(2);
        (v + jitter).max(1)
    }

    fn role(&mut self) -> &'static str {
        let i = self.rng.below(self.f.roles.len());
        self.f.roles[i]
    }

    fn fr_ref(&mut self) -> String {
        format!("FR-{:03}", self.rng.range(1, self.frs))
    }

    fn ms(&mut self) -> usize {
        self.rng.range(4, 90) * 10
    }

    fn dropped(&self, sec: usize, label: &str) -> bool {
        self.defect == Defect::MissingLabel && self.drop_label == Some((sec, label))
    }

    /// Expand `$TOKENS` in a template with random draws.
    fn fill(&mut self, t: &str) -> String {
        let mut out = String::with_capacity(t.len() + 64);
        let mut rest = t;
        while let Some(i) = rest.find('$') {
            out.push_str(&rest[..i]);
            let tail = &rest[i + 1..];
            let end = tail
                .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit()))
                .unwrap_or(tail.len());
            let tok = &tail[..end];
            let rep: String = match tok {
                "OBJ" => self.f.object.clone(),
                "NAME" => self.f.name.clone(),
                "ROLE" => self.role().to_string(),
                "ROLES" => self.rng.pick(ROLE_PL).to_string(),
                "VERB" => self.rng.pick(VERBS).to_string(),
                "PLACE" => self.rng.pick(PLACES).to_string(),
                "PAIN" => self.rng.pick(PAINS).to_string(),
                "CTX" => self.rng.pick(CONTEXTS).to_string(),
                "MYCTX" => self.f.context.to_string(),
                "MOD" => self.f.module.clone(),
                "FLAG" => self.f.flag.clone(),
                "TABLE" => self.f.table.clone(),
                "EVT" => self.f.event_prefix.clone(),
                "ADJ" => self.rng.pick(ADJ).to_string(),
                "SPAN" => self.rng.pick(TIMESPANS).to_string(),
                "SCREEN" => self.rng.pick(SCREEN_KINDS).to_string(),
                "N" => self.rng.range(2, 40).to_string(),
                "D" => self.rng.range(2, 14).to_string(),
                "K" => (self.rng.range(1, 50) * 1000).to_string(),
                "MS" => self.ms().to_string(),
                "PCT" => self.rng.range(2, 40).to_string(),
                "FR" => self.fr_ref(),
                _ => format!("${tok}"),
            };
            out.push_str(&rep);
            rest = &tail[end..];
        }
        out.push_str(rest);
        if t.starts_with('$') {
            if let Some(c) = out.chars().next() {
                if c.is_ascii_lowercase() {
                    out.replace_range(..1, &c.to_ascii_uppercase().to_string());
                }
            }
        }
        out
    }

    /// Like `many`, with the count scaled from `base` by the document's size factor.
    fn many_n(&mut self, ts: &[&str], base: usize) -> Vec<String> {
        let n = self.n(base);
        self.many(ts, n)
    }

    fn pick_fill(&mut self, ts: &[&str]) -> String {
        let t = self.rng.pick(ts);
        self.fill(t)
    }

    /// `n` distinct sentences drawn from `ts` (repeats allowed only when n > ts.len()).
    fn many(&mut self, ts: &[&str], n: usize) -> Vec<String> {
        let mut idx: Vec<usize> = (0..ts.len()).collect();
        self.rng.shuffle(&mut idx);
        (0..n).map(|i| self.fill(ts[idx[i % idx.len()]])).collect()
    }

    /// A label with its content, in one of the accepted shapes: `Label: text` paragraph,
    /// `- Label:` list item with nested items, or `- **Label:** text`.
    fn label(&mut self, out: &mut String, sec: usize, label: &str, items: Vec<String>) {
        if self.dropped(sec, label) {
            return;
        }
        let shape = self.rng.below(10);
        if items.len() == 1 || (shape < 3 && items.len() <= 3) {
            // Paragraph form, sentences joined.
            let _ = writeln!(out, "{label}: {}\n", items.join(" "));
        } else if shape < 8 {
            let _ = writeln!(out, "- {label}:");
            for it in &items {
                let _ = writeln!(out, "  - {it}");
            }
            out.push('\n');
        } else {
            let _ = writeln!(out, "- **{label}:** {}", items[0]);
            for it in &items[1..] {
                let _ = writeln!(out, "  - {it}");
            }
            out.push('\n');
        }
    }

    // -- sections -----------------------------------------------------------------------------

    fn s1(&mut self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "Feature Name: {}\n", self.f.name);
        let summary = vec![
            self.pick_fill(&[
                "Give $ROLES a single place to $VERB $OBJ $PLACE, replacing today's workflow of $PAIN.",
                "Add $OBJ to Torus so that $ROLES can $VERB them $PLACE with $ADJ results.",
                "This feature lets $ROLES $VERB $OBJ directly $PLACE instead of $PAIN.",
            ]),
            self.pick_fill(&[
                "The capability is scoped per section, respects LTI roles, and ships behind a feature flag with a staged rollout.",
                "It reuses existing $CTX boundaries, adds one table, and keeps every change $ADJ and audited.",
                "Changes are tenant-scoped, visible in AppSignal, and reversible from the flag console.",
            ]),
        ];
        let _ = writeln!(s, "Summary: {}\n", summary.join(" "));
        if !self.dropped(1, "Links") {
            let n = self.rng.range(1, 3);
            let _ = writeln!(s, "Links:");
            let mut kinds: Vec<&str> = LINK_KINDS.to_vec();
            self.rng.shuffle(&mut kinds);
            for k in kinds.iter().take(n) {
                let num = self.rng.range(1000, 6999);
                let _ = writeln!(
                    s,
                    "- {k}: [#{num}](https://github.com/Simon-Initiative/oli-torus/issues/{num})"
                );
            }
            if self.has_fdd {
                let _ = writeln!(s, "- Functional design: [fdd.md](fdd.md)");
            }
            s.push('\n');
        }
        s
    }

    fn s2(&mut self) -> String {
        let mut s = String::new();
        let n = self.n(3);
        let items = self.many(
            &[
                "Today $ROLES cannot $VERB $OBJ $PLACE; the only path is $PAIN.",
                "Existing $MYCTX functions load every record eagerly, so pages with more than $K rows time out.",
                "There is no audit trail when $OBJ change, which makes support escalations slow to resolve.",
                "The current UI mixes authoring and delivery concepts, confusing $ROLES during term setup.",
                "Changes made in one section silently leak into copies created from the same product.",
                "Bulk operations are not transactional; a failure halfway leaves $OBJ partially applied.",
                "Keyboard users cannot reach the relevant controls, and screen readers announce them without labels.",
                "Analytics for $OBJ are computed nightly, so $ROLES act on data that is up to a day old.",
                "The workaround of $PAIN takes roughly $N minutes per section each term.",
                "Instructors in large sections report that the current flow breaks when more than $K learners are enrolled, because the page renders every row at once.",
                "The data behind $OBJ lives in two places, so reports disagree depending on which screen a user opened first.",
                "Nothing tells $ROLES that a change failed; errors surface only in server logs that support has to search by hand.",
                "Permissions are checked in the template rather than in $MYCTX, so a crafted request can reach actions the UI hides.",
                "Remixed sections copy $OBJ at creation time and never pick up later fixes from the source section.",
            ],
            n,
        );
        self.label(&mut s, 2, "Current behavior / limitations", items);
        let n = self.n(2);
        let items = self.many(
            &[
                "$ROLES are affected directly: they perform this task every term.",
                "Students are affected indirectly through delayed feedback and inconsistent $OBJ.",
                "Admins are affected by the support load that the current workaround generates.",
                "Authors are affected when delivery-side changes diverge from the published project.",
                "Institution admins need confidence that data stays inside their tenant.",
            ],
            n,
        );
        let lbl = if self.rng.chance(0.5) { "Who is affected" } else { "Affected users/roles" };
        if !self.dropped(2, "Who is affected") {
            self.label(&mut s, 2, lbl, items);
        }
        let n = self.n(2);
        let items = self.many(
            &[
                "Partner institutions asked for $OBJ before the next term starts.",
                "The $CTX refactor that landed last quarter makes this change cheap now.",
                "Support tickets about $OBJ grew by $PCT% over the last two terms.",
                "It unblocks the analytics roadmap, which depends on reliable $OBJ data.",
                "Accessibility audits flagged the current flow, and remediation is due this year.",
                "The fall term starts in $D weeks and the largest partner has $K students waiting on this workflow.",
                "The platform team is already touching $MYCTX for an unrelated migration, so sharing the change window lowers risk.",
            ],
            n,
        );
        self.label(&mut s, 2, "Why now", items);
        s
    }

    fn s3(&mut self) -> String {
        let mut s = String::new();
        let n = self.n(4);
        let items = self.many(
            &[
                "$ROLES can $VERB $OBJ $PLACE in under $N clicks.",
                "Reduce support tickets about $OBJ by $PCT% within one term of full rollout.",
                "Every change to $OBJ is recorded with actor, section and timestamp.",
                "Pages listing $OBJ render within $MS ms at p95 for sections with $K enrolled students.",
                "The flow is fully usable with keyboard only and with a screen reader.",
                "Bulk actions on up to $K records complete without blocking the LiveView process.",
                "Existing sections keep their current behaviour until the flag is enabled for them.",
                "Instructors see the effect of a change in the student view without republishing.",
                "Telemetry makes adoption and error rates visible per institution.",
                "Support can answer \"who changed this and when\" from the admin panel without engineering help.",
                "No regression in page load time for students: p95 stays within $PCT% of today's baseline.",
                "Adoption by at least $PCT% of active sections within two months of reaching every section.",
            ],
            n,
        );
        self.label(&mut s, 3, "Goals", items);
        let n = self.n(2);
        let items = self.many(
            &[
                "Changing how $OBJ are authored in the project; this PRD covers delivery only.",
                "A public REST API for $OBJ; internal contexts are enough for now.",
                "Migrating historical data older than two terms.",
                "Mobile-specific layouts beyond the existing responsive breakpoints.",
                "Cross-institution sharing of $OBJ.",
                "Replacing the gradebook export format.",
                "Notifications by email or SMS; in-app notices only.",
                "Changes to LMS grade passback beyond what the existing AGS integration already does.",
                "Per-student customisation of the layout.",
            ],
            n,
        );
        self.label(&mut s, 3, "Non-Goals", items);
        s
    }

    fn s4(&mut self) -> String {
        let mut s = String::new();
        let roles: Vec<String> = {
            let k = self.f.roles.len().min(self.n(3));
            (0..k)
                .map(|i| {
                    let r = self.f.roles[i];
                    let what = self.pick_fill(&[
                        "primary user; performs the task $PLACE.",
                        "reviews the outcome and can undo changes.",
                        "sees the result in delivery but cannot change it.",
                        "configures defaults for the institution.",
                        "needs read-only access for support.",
                    ]);
                    format!("{r}: {what}")
                })
                .collect()
        };
        self.label(&mut s, 4, "Primary Users / Roles", roles);
        let n = self.n(3);
        let items = self.many(
            &[
                "An instructor opens the course $PLACE, selects several students, and uses the new action to $VERB their $OBJ in one step; the change is visible to students on their next page load.",
                "An author previews how $OBJ will appear to learners before publishing, switches between two revisions, and confirms nothing changed for sections still on the old publication.",
                "A teaching assistant with limited permissions tries to $VERB $OBJ and is shown a clear message explaining which role is required.",
                "An admin investigates a support ticket by filtering $OBJ by section and date and exporting the result for the institution.",
                "A student using a screen reader navigates to the affected page and hears every new control announced with its state.",
                "During a busy deadline week, $K students load pages that read $OBJ while instructors edit them; reads stay fast and no update is lost.",
                "An LTI launch from the LMS lands the instructor directly on the relevant view with the section already selected.",
                "A course designer sets institution-wide defaults for $OBJ at the start of the term; new sections created from the product inherit them, while existing sections keep their own values until an instructor opts in.",
                "A support engineer receives a ticket saying that $OBJ disappeared for one learner, opens the audit trail for the section, finds the change, the actor and the time, and restores the previous state in two clicks.",
            ],
            n,
        );
        let lbl = if self.rng.chance(0.6) { "Use Cases / Scenarios" } else { "Use Cases" };
        if !self.dropped(4, "Use Cases / Scenarios") {
            self.label(&mut s, 4, lbl, items);
        }
        s
    }

    fn s5(&mut self) -> String {
        let mut s = String::new();
        let n = self.n(4);
        let mut kinds: Vec<&str> = SCREEN_KINDS.to_vec();
        self.rng.shuffle(&mut kinds);
        let items: Vec<String> = kinds
            .iter()
            .cycle()
            .take(n)
            .map(|k| {
                let d = self.pick_fill(&[
                    "shows $OBJ with sorting, filtering and pagination ($N per page).",
                    "explains what will change and requires an explicit confirmation.",
                    "appears when nothing has been configured yet and links to the help article.",
                    "lists failures per row so the user can retry only those.",
                    "keeps focus on the triggering control and announces progress politely.",
                    "is shown to roles without edit rights; controls are hidden, not disabled.",
                ]);
                let mut c = k.chars();
                let k = c.next().unwrap().to_uppercase().chain(c).collect::<String>();
                format!("{k}: {d}")
            })
            .collect();
        self.label(&mut s, 5, "Key Screens/States", items);
        let n = self.n(2);
        let items = self.many(
            &[
                "Entry point $PLACE, next to the existing section actions.",
                "A context action on each row of the students table.",
                "Deep link from the notification email, scoped to the section.",
                "A new item in the left navigation under Manage, visible only when the flag is on.",
                "Breadcrumbs lead back to the originating page after completion.",
            ],
            n,
        );
        self.label(&mut s, 5, "Navigation & Entry Points", items);
        let mut a11y = self.many_n(
            &[
                "Every flow is keyboard-only operable with a visible focus indicator.",
                "Screen readers announce row counts, selection state and async results through a polite live region.",
                "Focus moves to the dialog heading on open and returns to the trigger on close.",
                "Colour is never the only signal; status chips carry text and icons with alt text.",
                "Text and controls meet a contrast ratio of at least 4.5:1.",
            ],
            2,
        );
        if self.defect != Defect::MissingWcag {
            let wcag = self.pick_fill(&[
                "All new UI meets WCAG 2.1 AA.",
                "Conforms to WCAG 2.1 AA, verified with axe and a manual screen-reader pass.",
                "WCAG 2.1 AA is the bar for every state listed above.",
            ]);
            a11y.insert(0, wcag);
        }
        self.label(&mut s, 5, "Accessibility", a11y);
        let n = self.n(2);
        let items = self.many(
            &[
                "All strings are externalized through gettext.",
                "Layouts use logical CSS properties so RTL languages render correctly.",
                "Dates and numbers use the user's locale and the section's timezone.",
                "Pluralisation uses ngettext; no string concatenation for sentences.",
            ],
            n,
        );
        self.label(&mut s, 5, "Internationalization", items);
        if self.defect == Defect::ImageMissing {
            let _ = writeln!(s, "Screenshots/Mocks: ![Mock of the {} list view](mock-list.png)\n", self.f.object);
        } else {
            let v = self.pick_fill(&[
                "None yet; design will attach Figma frames to the epic.",
                "See the design file linked in section 1.",
                "Not applicable: the change reuses existing components.",
            ]);
            let _ = writeln!(s, "Screenshots/Mocks: {v}\n");
        }
        s
    }

    fn fr_descs(&mut self, n: usize) -> Vec<String> {
        self.many(FR_TEMPLATES, n)
    }
}

const FR_TEMPLATES: &[&str] = &[
            "The system shall let $ROLES $VERB $OBJ $PLACE.",
            "Only users with the $ROLE role in the section may create or change $OBJ; others receive a 403 and an audit entry.",
            "Changes to $OBJ are saved in a single transaction and broadcast to open LiveViews within $N seconds.",
            "The list of $OBJ is paginated server-side with $N items per page and stable sort order.",
            "Every change records actor, section, previous value and new value in the audit log.",
            "Bulk actions accept up to $K records and report per-row failures without aborting the batch.",
            "The feature is hidden everywhere when the feature flag is off for the section.",
            "Students see updated $OBJ on their next page load without republishing the project.",
            "Admins can export $OBJ for a section as CSV, limited to their institution.",
            "The view shows an empty state with guidance when no $OBJ exist.",
            "Deleting $OBJ is soft: records are retained for $N days and can be restored by an admin.",
            "Values are validated server-side and errors are shown inline next to the offending field.",
            "Telemetry events are emitted for create, update, delete and failure paths.",
            "The feature honours LTI role mappings from the launch context.",
            "The $SCREEN lists $OBJ with filters for status, date range and section, and remembers the last filter per user.",
            "A confirmation step summarises the number of affected students before any bulk change is applied.",
            "Undo is available for $D minutes after a change and restores the previous values exactly.",
            "The $ROLE can preview the learner view of $OBJ before saving.",
            "Changes respect section-level overrides and never modify the published project revision.",
            "Conflicting concurrent edits are detected with optimistic locking and reported to the second editor.",
            "All new controls are reachable by keyboard and expose accessible names and states.",
            "The system records a `$EVT.updated` event with section and project identifiers for every change.",
            "Long-running operations run in an Oban job and report progress to the LiveView.",
            "Data is scoped to the current institution; queries for other tenants return no rows.",
            "Instructors receive an in-app notification when a background operation on $OBJ completes or fails.",
            "Existing sections keep their current behaviour until the flag is enabled for them.",
];

impl<'a> Doc<'a> {

    fn s6(&mut self) -> String {
        let mut s = String::new();
        let intro = self.pick_fill(&[
            "Each requirement is testable and owned by one team.",
            "Priorities follow the Torus convention: P0 blocks release, P1 is expected, P2 is nice to have.",
            "Requirements below cover the first release; later phases are listed under milestones.",
        ]);
        let _ = writeln!(s, "{intro}\n");
        let _ = writeln!(s, "| ID | Description | Priority | Owner |");
        let _ = writeln!(s, "|---|---|---|---|");
        let bad_row = if self.defect == Defect::DuplicateFr { self.frs } else { self.rng.range(1, self.frs) };
        let descs = self.fr_descs(self.frs + 1);
        for i in 1..=self.frs {
            let d = &descs[i - 1];
            let mut p = self.rng.pick(&["P0", "P0", "P1", "P1", "P2"]);
            if self.defect == Defect::FrPriority && i == bad_row {
                p = self.rng.pick(&["P3", "p1", "High"]);
            }
            let o = self.rng.pick(OWNERS);
            let _ = writeln!(s, "| FR-{i:03} | {d} | {p} | {o} |");
        }
        if self.defect == Defect::DuplicateFr {
            let d = &descs[self.frs];
            let _ = writeln!(s, "| FR-{bad_row:03} | {d} | P1 | Backend |");
        }
        s.push('\n');
        s
    }

    fn s7(&mut self) -> String {
        let mut s = String::new();
        // Build links: every FR covered, some ACs link two FRs.
        let mut links: Vec<Vec<usize>> = Vec::new();
        for fr in 1..=self.frs {
            let k = if self.rng.chance(0.35) { 2 } else { 1 };
            for _ in 0..k {
                let mut l = vec![fr];
                if self.rng.chance(0.25) && self.frs > 1 {
                    let other = self.rng.range(1, self.frs);
                    if other != fr {
                        l.push(other);
                        l.sort();
                    }
                }
                links.push(l);
            }
        }
        if self.defect == Defect::UncoveredFr {
            let gone = self.rng.range(1, self.frs);
            for l in links.iter_mut() {
                l.retain(|&x| x != gone);
            }
            links.retain(|l| !l.is_empty());
        }
        let unknown_at = self.rng.below(links.len());
        let no_then_at = self.rng.below(links.len());
        for (i, l) in links.iter().enumerate() {
            let mut ids: Vec<String> = l.iter().map(|x| format!("FR-{x:03}")).collect();
            if self.defect == Defect::UnknownFrInAc && i == unknown_at {
                ids.push(format!("FR-{:03}", self.frs + self.rng.range(5, 80)));
            }
            let given = self.pick_fill(&[
                "a $ROLE in a section with the flag enabled",
                "a section with $K enrolled students and existing $OBJ",
                "the feature flag is disabled for the section",
                "a user without the $ROLE role",
                "an open LiveView session showing $OBJ",
                "a bulk selection of $N students",
                "a keyboard-only user on the $SCREEN",
                "a project published to two sections",
            ]);
            let when = self.pick_fill(&[
                "they $VERB $OBJ $PLACE",
                "they submit the form with an invalid value",
                "another user changes the same record",
                "the request reaches the server",
                "they open the $SCREEN",
                "the background job processes the batch",
                "they press Escape",
            ]);
            let then = self.pick_fill(&[
                "the change is persisted and visible to students on the next page load",
                "a 403 is returned and an audit entry is written",
                "an inline error names the field and nothing is saved",
                "the view updates within $N seconds without a full reload",
                "the $OBJ list shows the new state and focus returns to the trigger",
                "the telemetry event `$EVT.updated` is emitted once",
                "per-row failures are listed and successful rows are kept",
                "no entry point to $OBJ is rendered",
            ]);
            let then_part = if self.defect == Defect::AcNoThen && i == no_then_at {
                String::new()
            } else {
                format!(" then {then}.")
            };
            let id = format!("AC-{:03}", i + 1);
            let fr = ids.join(", ");
            match self.rng.below(10) {
                0..=6 => {
                    let _ = writeln!(s, "- {id} ({fr}) — Given {given}, when {when},{then_part}");
                }
                7 | 8 => {
                    let _ = writeln!(s, "- {id} ({fr}) — Given {given}");
                    let _ = writeln!(s, "  When {when}");
                    if !then_part.is_empty() {
                        let _ = writeln!(s, "  Then {then}.");
                    }
                }
                _ => {
                    let _ = writeln!(s, "- **{id} ({fr})** — Given {given}, when {when},{then_part}");
                }
            }
        }
        s.push('\n');
        s
    }

    fn s8(&mut self) -> String {
        let mut s = String::new();
        let p50 = self.rng.range(5, 30) * 10;
        let p95 = p50 * self.rng.range(2, 5);
        let mut perf = vec![if self.defect == Defect::MissingP95 {
            format!("Page loads showing {} stay fast for large sections.", self.f.object)
        } else {
            match self.rng.below(3) {
                0 => format!("Server response for the main view: p50 ≤ {p50} ms, p95 ≤ {p95} ms at 300 concurrent users."),
                1 => format!("Targets: p50 under {p50}ms and p95 under {p95}ms for reads; writes p95 under {} ms.", p95 * 2),
                _ => format!("LiveView event round-trip p50 {p50} ms / p95 {p95} ms, measured in AppSignal."),
            }
        }];
        perf.extend(self.many_n(
            &[
                "Throughput of $K updates per minute across the cluster without queue growth.",
                "Expected concurrency: $K learners reading $OBJ during deadline peaks.",
                "Lists stream in pages of $N rows; no query loads a whole section into memory.",
                "No N+1 queries: each view issues a bounded number of queries, asserted in tests.",
                "Bulk updates of $K rows finish within $N seconds in a background job, with progress reported every second.",
                "Memory per LiveView process stays under $N MB with the largest expected section.",
            ],
            2,
        ));
        self.label(&mut s, 8, "Performance & Scale", perf);
        let items = self.many_n(
            &[
                "Error budget: 99.9% of requests succeed over 30 days.",
                "Background jobs retry $N times with exponential backoff, then surface a visible failure.",
                "If the cache is unavailable the view falls back to Postgres with a degraded banner.",
                "Timeouts of $N seconds on external calls; failures never block the page render.",
                "Writes are idempotent, keyed by request ID, so retries cannot double-apply.",
                "A partial failure in a bulk operation leaves successful rows committed and lists the failed ones for retry.",
                "Node restarts during a job resume from the last committed batch instead of starting over.",
            ],
            2,
        );
        self.label(&mut s, 8, "Reliability", items);
        let items = self.many_n(
            &[
                "Authorization checks run server-side in $MYCTX for every event, using Torus and LTI roles.",
                "No new PII is stored; user IDs only, and exports exclude email addresses.",
                "FERPA-adjacent data stays within the institution; cross-tenant reads are rejected.",
                "Rate limit of $N bulk operations per user per minute.",
                "All inputs are validated with Ecto changesets; no raw SQL fragments from user input.",
                "CSRF protection and LiveView session checks apply to every new event handler.",
                "Access from a different institution's LTI launch is rejected and logged as a security event.",
            ],
            2,
        );
        self.label(&mut s, 8, "Security & Privacy", items);
        let items = self.many_n(
            &[
                "Accessibility conformance is verified before each rollout stage.",
                "Audit log entries are retained for $N months, following the data retention policy.",
                "Deletion requests remove personal data from exports within $N days.",
                "Change history is immutable and queryable by admins.",
            ],
            2,
        );
        self.label(&mut s, 8, "Compliance", items);
        let items = self.many_n(
            &[
                "Telemetry events `[:oli, :$EVT, :update]` with duration and result metadata.",
                "AppSignal dashboard \"$NAME\" with p50/p95 latency, error rate and throughput.",
                "Alert when the error rate exceeds $PCT% for 10 minutes.",
                "Structured logs include section_id and request_id, never names or emails.",
                "Traces span the LiveView event, the context call and the database query.",
            ],
            3,
        );
        self.label(&mut s, 8, "Observability", items);
        s
    }

    fn s9(&mut self) -> String {
        let mut s = String::new();
        let t = self.f.table.clone();
        let items = vec![format!(
            "New table `{t}` with a unique index on (section_id, resource_id) and a foreign key to sections; sketch below."
        )];
        self.label(&mut s, 9, "Ecto Schemas & Migrations", items);
        if !self.dropped(9, "Ecto Schemas & Migrations") {
            let cols = self.rng.range(3, 7);
            let _ = writeln!(s, "```elixir");
            let _ = writeln!(s, "def change do");
            let _ = writeln!(s, "  create table(:{t}) do");
            let _ = writeln!(s, "    add :section_id, references(:sections, on_delete: :delete_all), null: false");
            let _ = writeln!(s, "    add :resource_id, references(:resources), null: false");
            let pool = [
                ":status, :string, default: \"pending\"",
                ":value, :map, default: %{}",
                ":updated_by_id, references(:users)",
                ":effective_at, :utc_datetime",
                ":position, :integer",
                ":notes, :text",
                ":revision_id, references(:revisions)",
                ":score, :float",
            ];
            for c in pool.iter().take(cols) {
                let _ = writeln!(s, "    add {c}");
            }
            let _ = writeln!(s, "    timestamps(type: :utc_datetime)");
            let _ = writeln!(s, "  end\n");
            let _ = writeln!(s, "  create unique_index(:{t}, [:section_id, :resource_id])");
            let _ = writeln!(s, "end");
            let _ = writeln!(s, "```\n");
        }
        let items = self.many_n(
            &[
                "`$MOD` is a new module owned by $MYCTX.",
                "$CTX gains read-only helpers; it does not write to the new table.",
                "`OliWeb` LiveViews call the context only; no Repo calls from the web layer.",
                "Oli.Auditing receives new event types for create and delete.",
                "Oli.Features registers the new flag.",
            ],
            3,
        );
        self.label(&mut s, 9, "Context Boundaries", items);
        let m = self.f.module.clone();
        let obj = snake(&self.f.object);
        let apis = vec![
            format!("`{m}.list_{obj}(section, opts)` returns a paginated page of records."),
            format!("`{m}.apply_{obj}(section, actor, changes)` returns `{{:ok, result}}` or `{{:error, changeset}}`."),
            self.pick_fill(&[
                "LiveView events `select`, `apply` and `undo` with assigns `selected_ids` and `page`.",
                "No REST or GraphQL changes; CSV export uses the existing download controller.",
                "A JSON shape of `{id, section_id, status, updated_at}` for the export endpoint.",
            ]),
        ];
        self.label(&mut s, 9, "APIs / Contracts", apis);
        let _ = writeln!(s, "Permissions Matrix:\n");
        let headers = self.rng.pick(&[
            "| Role | View | Edit | Export |",
            "| Role | Can view | Can change | Can export |",
        ]);
        let _ = writeln!(s, "{headers}\n|---|---|---|---|");
        let mut roles: Vec<&str> = ROLES.to_vec();
        self.rng.shuffle(&mut roles);
        let n = self.rng.range(3, 6);
        for r in roles.iter().take(n) {
            let (a, b, c) = match *r {
                "Student" => ("Own records only", "No", "No"),
                "Teaching Assistant" => ("Yes", if self.rng.chance(0.5) { "Yes" } else { "No" }, "No"),
                "Instructor" | "Section Owner" => ("Yes", "Yes", "Yes"),
                "Author" | "Course Designer" => ("Preview only", "No", "No"),
                "System Admin" => ("Yes", "Yes", "Yes"),
                _ => ("Yes", if self.rng.chance(0.5) { "Yes" } else { "No" }, "Institution only"),
            };
            let _ = writeln!(s, "| {r} | {a} | {b} | {c} |");
        }
        s.push('\n');
        s
    }

    fn s10(&mut self) -> String {
        let mut s = String::new();
        let items = self.many_n(
            &[
                "No change to the launch flow; roles from the LTI claims map to the permissions matrix above.",
                "Deep-linking is unaffected; content items keep their current shape.",
                "Instructor launches land on the section view; learner launches never expose the new controls.",
                "Context roles are re-read on each launch so LMS role changes apply immediately.",
            ],
            2,
        );
        self.label(&mut s, 10, "LTI 1.3", items);
        let items = if self.rng.chance(0.5) {
            vec!["Not applicable: no model calls in this feature.".to_string()]
        } else {
            self.many_n(
                &[
                    "Suggestions use the section's registered_models via completions_service_configs with a fallback model.",
                    "Dialogue.Server is not involved; calls are one-shot completions with a 10 second timeout.",
                    "Prompts are redacted of names and emails before routing.",
                    "Per-section cost controls cap usage at $K tokens per day.",
                ],
                2,
            )
        };
        self.label(&mut s, 10, "GenAI (if applicable)", items);
        let items = self.many_n(
            &[
                "Reads go through SectionResourceDepot; writes invalidate the section's entry.",
                "No new cache; queries use the new composite index.",
                "Results are cached per section for $N seconds and invalidated on change.",
                "Pagination and preloading prevent N+1 queries on the list view.",
            ],
            2,
        );
        self.label(&mut s, 10, "Caching/Perf", items);
        let items = self.many_n(
            &[
                "Every query is scoped by section_id, and section ownership is checked against the institution.",
                "Configuration is per-section, with an institution-level default.",
                "Exports and dashboards never aggregate across institutions.",
                "Project-level settings stay authoring-only; delivery changes do not leak back.",
            ],
            2,
        );
        self.label(&mut s, 10, "Multi-Tenancy", items);
        s
    }

    fn s11(&mut self) -> String {
        let mut s = String::new();
        let flag = self.f.flag.clone();
        let flag_text = self.pick_fill(&[
            "default off, scoped per section, managed in Oli.Features.",
            "off by default; scope is section, with institution overrides for pilots.",
            "a scoped feature flag (section scope), default disabled in every environment.",
        ]);
        let _ = writeln!(s, "Flagging: `{flag}` — {flag_text}\n");
        let items = vec![self.pick_fill(&[
            "Enabled by default in dev; enabled in staging for QA; off in prod until the first stage starts.",
            "Dev and staging enable the flag for every section; prod follows the stages below.",
        ])];
        self.label(&mut s, 11, "Environments", items);
        let no_rb = self.defect == Defect::MissingKillSwitch;
        let dm = if no_rb {
            format!("Forward: create `{}`; no backfill is needed. Reverse: drop the table.", self.f.table)
        } else {
            self.pick_fill(&[
                "Forward: create `$TABLE` and its index; no backfill. Rollback: drop the table; no other data changes.",
                "Forward: additive migration only; a one-off task backfills existing sections in batches of $K. Rollback: the down migration drops the new columns.",
            ])
        };
        self.label(&mut s, 11, "Data Migrations", vec![dm]);
        let _ = writeln!(s, "Rollout Plan:\n");
        // (stage, cohorts, criteria): each stage a list item with its gating rule.
        let stages: [(&str, &[&str], &[&str]); 4] = [
            (
                "internal-only",
                &["(Torus staff and QA sections)", "(internal staff accounts)", "(staff sandbox institution)"],
                &[
                    "promote after $D days with no P1 incidents and an error rate below 0.5%.",
                    "exit criteria: every AC verified in production and p95 within target.",
                    "gate: the on-call engineer signs off after a $D-day soak.",
                ],
            ),
            (
                "5%",
                &["of sections", "of sections, random per institution", "cohort of sections"],
                &[
                    "promote when the error rate stays below 1% for a week.",
                    "gate: no alert fired for $D days and adoption above $PCT%.",
                    "progress once support reports no new ticket category for $D days.",
                ],
            ),
            (
                "50%",
                &["of sections", "cohort", "of active sections"],
                &[
                    "promote when p95 latency stays within target and support tickets do not increase.",
                    "gate: $D days stable, error budget intact, no accessibility regressions reported.",
                    "progress after a week with the adoption counter growing and zero data-integrity alerts.",
                ],
            ),
            (
                "100%",
                &["of sections", "(general availability)", "(all institutions)"],
                &[
                    "requires sign-off from product and support; the flag is removed next release.",
                    "the flag stays in place for one more term before removal.",
                    "entered after $D days at the previous stage with every health metric green.",
                ],
            ),
        ];
        let style = self.rng.below(3);
        for (i, (name, cohorts, crit)) in stages.iter().enumerate() {
            if self.defect == Defect::MissingStage && i == 2 {
                continue;
            }
            let co = self.rng.pick(cohorts);
            let c = self.pick_fill(crit);
            let _ = match style {
                0 => writeln!(s, "- {name} {co}: {c}"),
                1 => writeln!(s, "- Stage {} — {name} {co}: {c}", i + 1),
                _ => writeln!(s, "- **{name}** {co} — {c}"),
            };
        }
        if !no_rb {
            let ks = self.pick_fill(&[
                "Kill-switch: turning `$FLAG` off hides every entry point within one minute; data written so far is kept and ignored.",
                "Rollback: disable the flag for the affected cohort; no deploy is needed and existing records stay valid.",
                "Kill switch: support can disable the flag per section or globally from the admin panel.",
            ]);
            let _ = writeln!(s, "- {ks}");
        }
        s.push('\n');
        if self.defect != Defect::MissingTelemetry {
            let items = self.many_n(
                &[
                    "Adoption counter `$EVT.used` per section and institution.",
                    "Health: error rate and p95 latency of the main view from AppSignal.",
                    "Support tickets tagged with the feature name per week.",
                    "Count of failed bulk operations per 1,000 requests.",
                ],
                2,
            );
            self.label(&mut s, 11, "Telemetry for Rollout", items);
        }
        s
    }

    fn s12(&mut self) -> String {
        let mut s = String::new();
        let items = self.many_n(
            &[
                "North star: share of active sections using $OBJ at least once per week ($PCT% target by end of term).",
                "Median time to complete the task drops from $N minutes to under one minute.",
                "Support tickets about $OBJ fall by $PCT%.",
                "Zero cross-tenant access incidents.",
            ],
            2,
        );
        self.label(&mut s, 12, "North Star / KPIs", items);
        if !self.dropped(12, "Event Spec") {
            let _ = writeln!(s, "Event Spec:\n");
            let _ = writeln!(s, "| Event | Properties | PII |\n|---|---|---|");
            for ev in ["viewed", "updated", "failed"].iter().take(self.rng.range(2, 3)) {
                let _ = writeln!(
                    s,
                    "| `{}.{ev}` | user_id, section_id, project_id, count | None beyond IDs |",
                    self.f.event_prefix
                );
            }
            s.push('\n');
        }
        s
    }

    fn s13(&mut self) -> String {
        let mut s = String::new();
        let n = self.n(3);
        let items = self.many(
            &[
                "Technical: large sections make the list slow. Mitigation: server-side pagination and the new index, verified by a load test.",
                "Product: $ROLES may not discover the entry point. Mitigation: in-app announcement and a help article.",
                "Legal: exports could include PII. Mitigation: IDs only, reviewed with the privacy office.",
                "Operational: a bad change applies to many students at once. Mitigation: confirmation step, audit trail and undo for $N minutes.",
                "Technical: concurrent edits overwrite each other. Mitigation: optimistic locking with a clear conflict message.",
                "Operational: the backfill competes with peak traffic. Mitigation: run it in batches overnight.",
                "Product: instructors may expect the change to apply to copied sections too. Mitigation: explicit copy in the confirmation step and a help article.",
                "Technical: the new index slows writes on a hot table. Mitigation: create it concurrently and measure insert latency in staging first.",
                "Legal: audit data may be requested in a records request. Mitigation: retention policy documented and export available to admins.",
            ],
            n,
        );
        for it in items {
            let _ = writeln!(s, "- {it}");
        }
        s.push('\n');
        s
    }

    fn s14(&mut self) -> String {
        let mut s = String::new();
        let items = self.many_n(
            &[
                "Instructors already have the permissions needed through their LTI role.",
                "The existing audit log can hold the new event types without schema changes.",
                "Sections have at most $K enrolled students.",
                "Design reuses existing table and modal components.",
                "The Oban queue used for bulk work has spare capacity during term start.",
                "Roles from the LMS are kept in sync by the existing launch flow; no extra roster sync is needed.",
            ],
            2,
        );
        self.label(&mut s, 14, "Assumptions", items);
        let items = self.many_n(
            &[
                "Should teaching assistants be allowed to $VERB $OBJ? Needs a decision from product before FR-001 is final.",
                "What is the retention period for change history? Legal to confirm.",
                "Do we need per-institution opt-out beyond the flag? Support to advise.",
                "Is the CSV export needed in the first stage or can it follow?",
                "Should institutions be able to lock $OBJ so instructors cannot change them? Needs input from partner admins.",
                "How long should undo stay available after a bulk change? UX research to recommend a value.",
            ],
            2,
        );
        self.label(&mut s, 14, "Open Questions", items);
        s
    }

    fn s15(&mut self) -> String {
        let mut s = String::new();
        let n = self.n(3);
        for i in 1..=n {
            let what = self.pick_fill(&[
                "schema, context functions and authorization ($SPAN, Backend).",
                "LiveView screens and accessibility pass ($SPAN, Frontend).",
                "telemetry, dashboards and alerts ($SPAN, Platform).",
                "QA, load test and staged rollout ($SPAN, QA).",
                "export and analytics events ($SPAN, Data).",
            ]);
            let _ = writeln!(s, "- Phase {i}: {what}");
        }
        let _ = writeln!(s, "\nDependencies: the {} changes must merge before phase 2.", self.f.context);
        s
    }

    fn s16(&mut self) -> String {
        let mut s = String::new();
        let fr1 = self.fr_ref();
        let fr2 = self.fr_ref();
        let mut items = self.many_n(
            &[
                "Unit tests for context functions, including authorization failures.",
                "Property tests for validation of bulk inputs.",
                "LiveView tests for each key screen and state.",
                "Migration tests: up, down and up again on a copy of staging data.",
                "Integration tests across LTI launch and section views.",
                "Authorization tests for every role in the permissions matrix, including cross-tenant attempts.",
                "Telemetry tests asserting that each event is emitted once with the documented metadata.",
            ],
            3,
        );
        items.push(format!("Every acceptance criterion is automated; {fr1} and {fr2} have end-to-end tests."));
        self.label(&mut s, 16, "Automated", items);
        let items = self.many_n(
            &[
                "Exploratory pass on the instructor flow with realistic data.",
                "Screen reader checks with VoiceOver and NVDA; keyboard-only pass.",
                "Regression pass on gradebook and section overview.",
                "RTL layout spot check.",
                "Bulk change on a staging copy of the largest partner section, verified against the audit log.",
            ],
            2,
        );
        self.label(&mut s, 16, "Manual", items);
        let items = self.many_n(
            &[
                "Load test with $K simulated learners to confirm the p95 target.",
                "Query plans reviewed for the new index paths.",
                "Soak test of the bulk job for one hour in staging.",
            ],
            1,
        );
        self.label(&mut s, 16, "Load/Perf", items);
        s
    }

    fn s17(&mut self) -> String {
        let mut s = String::new();
        let mut items = vec![
            "Docs updated".to_string(),
            "Feature flag wired & default configured".to_string(),
            "Telemetry & alerts live".to_string(),
            "Migrations & rollback tested".to_string(),
            "Accessibility checks passed".to_string(),
        ];
        if self.defect == Defect::MissingDodItem {
            let i = self.rng.below(items.len());
            items.remove(i);
        }
        let extra = [
            "QA sign-off recorded",
            "Runbook for rollback published",
            "Dashboards reviewed by on-call",
            "All FRs mapped to ACs",
        ];
        let k = self.rng.below(3);
        for e in extra.iter().take(k) {
            items.push(e.to_string());
        }
        for it in items {
            let x = if self.rng.chance(0.15) { "x" } else { " " };
            let _ = writeln!(s, "- [{x}] {it}");
        }
        s
    }

    // -- whole document -----------------------------------------------------------------------

    fn render(&mut self) -> String {
        let bodies: Vec<String> = vec![
            self.s1(),
            self.s2(),
            self.s3(),
            self.s4(),
            self.s5(),
            self.s6(),
            self.s7(),
            self.s8(),
            self.s9(),
            self.s10(),
            self.s11(),
            self.s12(),
            self.s13(),
            self.s14(),
            self.s15(),
            self.s16(),
            self.s17(),
        ];
        let mut titles: Vec<String> = SECTION_TITLES.iter().map(|t| t.to_string()).collect();
        if self.rng.chance(0.5) {
            titles[6] = "Acceptance Criteria (Testable)".into();
        }
        if self.rng.chance(0.5) {
            titles[14] = "Timeline & Milestones (Draft)".into();
        }
        let mut order: Vec<usize> = (0..17).collect();
        match self.defect {
            Defect::SectionTitleTypo => {
                let i = self.rng.below(17);
                titles[i] = typo(&mut self.rng, &titles[i]);
            }
            Defect::SectionOrder => {
                let i = self.rng.range(11, 14);
                order.swap(i, i + 1);
            }
            Defect::SectionMissing => {
                let i = *self.rng.pick(&[&1usize, &2, &3, &9, &11, &12, &14, &15]);
                order.retain(|&x| x != i);
            }
            _ => {}
        }
        let dash = if self.defect == Defect::TitleDash { "-" } else { "—" };
        let mut out = String::with_capacity(20_000);
        let _ = writeln!(out, "# {} {dash} PRD\n", self.f.name);
        if self.rng.chance(0.3) {
            let _ = writeln!(
                out,
                "Status: {} · Last updated: 2025-{:02}-{:02}\n",
                self.rng.pick(&["Draft", "In review", "Approved"]),
                self.rng.range(1, 12),
                self.rng.range(1, 28)
            );
        }
        let html_at = self.rng.range(1, 15);
        let tbd_at = *self.rng.pick(&[&1usize, &2, &3, &4, &7, &9, &12, &15]);
        for &i in &order {
            let _ = writeln!(out, "## {}. {}\n", i + 1, titles[i]);
            let mut body = bodies[i].clone();
            if self.defect == Defect::InlineHtml && i == html_at {
                body = inject_after_first_sentence(&body, " See the notes below.<br>");
            }
            if self.defect == Defect::Placeholder && i == tbd_at {
                body = inject_after_first_sentence(&body, " Exact limits are TBD.");
            }
            out.push_str(body.trim_end());
            out.push_str("\n\n");
        }
        while out.ends_with("\n\n") {
            out.pop();
        }
        out
    }
}

/// Insert `what` after the first '.' that ends a sentence in a prose line (not a table, heading
/// or code line).
fn inject_after_first_sentence(body: &str, what: &str) -> String {
    let mut out = String::with_capacity(body.len() + what.len());
    let mut done = false;
    let mut in_code = false;
    for line in body.split_inclusive('\n') {
        if line.starts_with("```") {
            in_code = !in_code;
        }
        if !done && !in_code && !line.starts_with('|') && !line.starts_with('#') {
            if let Some(p) = line.find(". ").or_else(|| line.trim_end().ends_with('.').then(|| line.trim_end().len() - 1)) {
                out.push_str(&line[..=p]);
                out.push_str(what);
                out.push_str(&line[p + 1..]);
                done = true;
                continue;
            }
        }
        out.push_str(line);
    }
    out
}

/// A one-letter typo in the longest word of a title (drop or swap a letter).
fn typo(rng: &mut Rng, title: &str) -> String {
    let words: Vec<&str> = title.split(' ').collect();
    let (wi, w) = words
        .iter()
        .enumerate()
        .max_by_key(|(_, w)| w.len())
        .map(|(i, w)| (i, *w))
        .unwrap();
    let chars: Vec<char> = w.chars().collect();
    let mut c = chars.clone();
    if chars.len() >= 4 {
        let p = rng.range(1, chars.len() - 2);
        if rng.chance(0.5) {
            c.remove(p);
        } else {
            c.swap(p, p + 1);
        }
    }
    let neww: String = c.into_iter().collect();
    let mut ws: Vec<String> = words.iter().map(|s| s.to_string()).collect();
    ws[wi] = neww;
    ws.join(" ")
}

fn make_feature(rng: &mut Rng, slugs: &mut HashSet<String>, flags: &mut HashSet<String>) -> Feature {
    let pre = rng.pick(NAME_PREFIX);
    let core = rng.pick(NAME_CORE);
    let tail = rng.pick(NAME_TAIL);
    let name = format!("{pre} {core} {tail}");
    let object = format!("{} {}", core, tail).to_lowercase();
    let base = if rng.chance(0.6) {
        snake(&name).replace('_', "-")
    } else {
        snake(&name)
    };
    let sep = if base.contains('-') { '-' } else { '_' };
    let mut slug = base.clone();
    let mut k = 2;
    while !slugs.insert(slug.clone()) {
        slug = format!("{base}{sep}{k}");
        k += 1;
    }
    let fbase = snake(&slug);
    let mut flag = fbase.clone();
    let mut k = 2;
    while !flags.insert(flag.clone()) {
        flag = format!("{fbase}_{k}");
        k += 1;
    }
    let context = rng.pick(CONTEXTS);
    let module = format!("{}.{}", context, camel(&format!("{core} {tail}")));
    let table = format!("section_{}", snake(&object));
    let event_prefix = snake(&object);
    let mut roles: Vec<&'static str> = ROLES.to_vec();
    rng.shuffle(&mut roles);
    roles.truncate(rng.range(3, 6));
    Feature { name, object, slug, flag, table, module, event_prefix, context, roles }
}

fn fdd(f: &Feature, rng: &mut Rng) -> String {
    let mut s = format!("# {} — FDD\n\n## 1. Summary\n\nDesign for the {} feature; see prd.md for requirements.\n\n", f.name, f.object);
    let _ = writeln!(s, "## 2. Data Model\n\nTable `{}` owned by `{}`.\n", f.table, f.module);
    let _ = writeln!(s, "## 3. Flags\n\n`{}`, section scope, default off.\n", f.flag);
    let _ = writeln!(
        s,
        "## 4. Observability\n\nTelemetry prefix `[:oli, :{}]`; AppSignal dashboard with {} panels.",
        f.event_prefix,
        rng.range(2, 6)
    );
    s
}

fn plan(f: &Feature, rng: &mut Rng) -> String {
    let mut s = format!("# {} — Delivery Plan\n\n## Milestones\n\n", f.name);
    for i in 1..=rng.range(2, 5) {
        let _ = writeln!(s, "- M{i}: {} ({} days)", rng.pick(&["schema and context", "LiveView screens", "telemetry", "QA and rollout"]), rng.range(2, 10));
    }
    s.push_str("\n## Risks\n\n- Schedule depends on design review.\n");
    s
}

// ---------------------------------------------------------------------------------------------

struct Args {
    out: PathBuf,
    count: usize,
    seed: u64,
    defect_rate: f64,
}

fn parse_args() -> Result<Args, String> {
    let mut out = None;
    let mut count = None;
    let mut seed = 42u64;
    let mut defect_rate = 0.03f64;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let (key, inline) = match a.split_once('=') {
            Some((k, v)) if k.starts_with("--") => (k.to_string(), Some(v.to_string())),
            _ => (a.clone(), None),
        };
        let mut val = || inline.clone().or_else(|| it.next()).ok_or(format!("{key} needs a value"));
        match key.as_str() {
            "--out" | "-o" => out = Some(PathBuf::from(val()?)),
            "--count" | "-n" => count = Some(val()?.parse().map_err(|e| format!("--count: {e}"))?),
            "--seed" | "-s" => seed = val()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--defect-rate" => {
                defect_rate = val()?.parse().map_err(|e| format!("--defect-rate: {e}"))?;
                if !(0.0..=1.0).contains(&defect_rate) {
                    return Err("--defect-rate must be within 0..=1".into());
                }
            }
            "-h" | "--help" => {
                println!("usage: gen-corpus --out DIR --count N [--seed S] [--defect-rate 0.03]");
                std::process::exit(0);
            }
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    Ok(Args {
        out: out.ok_or("--out DIR is required")?,
        count: count.ok_or("--count N is required")?,
        seed,
        defect_rate,
    })
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen-corpus: {e}\nusage: gen-corpus --out DIR --count N [--seed S] [--defect-rate 0.03]");
            return ExitCode::from(2);
        }
    };
    let features_dir = args.out.join("docs").join("features");
    if features_dir.exists() {
        // Start clean so stale documents from an earlier, larger run cannot linger.
        if let Err(e) = std::fs::remove_dir_all(&features_dir) {
            eprintln!("gen-corpus: cannot clear {}: {e}", features_dir.display());
            return ExitCode::FAILURE;
        }
    }
    if let Err(e) = std::fs::create_dir_all(&features_dir) {
        eprintln!("gen-corpus: cannot create {}: {e}", features_dir.display());
        return ExitCode::FAILURE;
    }

    let mut master = Rng::new(args.seed);
    let mut slugs = HashSet::new();
    let mut flags = HashSet::new();
    let mut manifest = String::from("slug\tbytes\tdefect\tfdd\tplan\n");
    let (mut total, mut min, mut max, mut defective) = (0usize, usize::MAX, 0usize, 0usize);

    for _ in 0..args.count {
        let f = make_feature(&mut master, &mut slugs, &mut flags);
        let doc_seed = master.next_u64();
        let defect = if master.chance(args.defect_rate) {
            *DEFECTS.get(master.below(DEFECTS.len())).unwrap()
        } else {
            Defect::None
        };
        let mut rng = Rng::new(doc_seed);
        let has_fdd = rng.chance(0.4);
        let has_plan = rng.chance(0.3);
        let drop_label = Some(DROPPABLE_LABELS[rng.below(DROPPABLE_LABELS.len())]);
        let frs = rng.range(4, 12);
        let target = rng.range(8_600, 19_400) as f64;
        let mut scale = 1.0f64;
        let mut text = String::new();
        for _attempt in 0..12 {
            let mut d = Doc { rng: rng.clone(), f: &f, defect, drop_label, frs, scale, has_fdd };
            text = d.render();
            let len = text.len() as f64;
            if (8_192.0..=19_800.0).contains(&len) && (len - target).abs() / target < 0.08 {
                break;
            }
            scale = (scale * target / len).clamp(0.2, 8.0);
            rng.next_u64();
        }
        let dir = features_dir.join(&f.slug);
        if let Err(e) = std::fs::create_dir_all(&dir).and_then(|_| write(&dir.join("prd.md"), &text)) {
            eprintln!("gen-corpus: {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
        if has_fdd {
            let _ = write(&dir.join("fdd.md"), &fdd(&f, &mut rng));
        }
        if has_plan {
            let _ = write(&dir.join("plan.md"), &plan(&f, &mut rng));
        }
        total += text.len();
        min = min.min(text.len());
        max = max.max(text.len());
        if defect != Defect::None {
            defective += 1;
        }
        let _ = writeln!(manifest, "{}\t{}\t{}\t{}\t{}", f.slug, text.len(), defect.name(), has_fdd, has_plan);
    }
    let _ = write(&args.out.join("manifest.tsv"), &manifest);
    let stamp = format!(
        "count={} seed={} defect-rate={} generator={}\n",
        args.count,
        args.seed,
        args.defect_rate,
        env!("CARGO_PKG_VERSION")
    );
    let _ = write(&args.out.join(".gen-stamp"), &stamp);
    println!(
        "gen-corpus: {} PRDs in {} ({} bytes, min {} max {} avg {}), {} with a defect",
        args.count,
        features_dir.display(),
        total,
        if args.count == 0 { 0 } else { min },
        max,
        total / args.count.max(1),
        defective
    );
    ExitCode::SUCCESS
}
