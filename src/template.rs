//! The PRD template as data: the built-in `torus` preset (`rules/torus.toml`, embedded in the
//! binary) or a team's own file of the same shape.

use regex::Regex;
use serde::Deserialize;

/// The built-in preset's source text.
pub const TORUS_PRESET: &str = include_str!("../rules/torus.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TemplateFile {
    pub name: String,
    pub title_suffix: String,
    #[serde(default)]
    pub title_suffix_near_misses: Vec<String>,
    #[serde(default)]
    pub include: Vec<String>,
    pub slug_pattern: String,
    pub roles: Roles,
    pub sections: Vec<SectionSpec>,
    pub ids: IdSpec,
    pub requirements: RequirementsSpec,
    pub flags: FlagSpec,
    pub rollout: RolloutSpec,
    pub placeholders: PlaceholderSpec,
    pub content: ContentSpec,
    pub done: DoneSpec,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Roles {
    pub overview: u32,
    pub ux: u32,
    pub requirements: u32,
    pub acceptance: u32,
    pub nfr: u32,
    pub data: u32,
    pub rollout: u32,
    pub open_questions: u32,
    pub done: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SectionSpec {
    pub number: u32,
    pub title: String,
    /// Other exact titles the template accepts (`Acceptance Criteria (Testable)`).
    #[serde(default)]
    pub also: Vec<String>,
    #[serde(default)]
    pub labels: Vec<LabelSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LabelSpec {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IdSpec {
    pub fr_prefix: String,
    pub ac_prefix: String,
    pub min_digits: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RequirementsSpec {
    pub columns: Vec<String>,
    pub priorities: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FlagSpec {
    pub patterns: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RolloutSpec {
    pub exemption_label: String,
    pub exemption_phrases: Vec<String>,
    pub kill_switch_terms: Vec<String>,
    pub stages: Vec<StageSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StageSpec {
    pub name: String,
    pub terms: Vec<String>,
    #[serde(default)]
    pub bare: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PlaceholderSpec {
    pub words: Vec<String>,
    #[serde(default)]
    pub allow_in_sections: Vec<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ContentSpec {
    pub wcag_pattern: String,
    pub not_applicable: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DoneSpec {
    pub items: Vec<String>,
    pub flag_item: Option<String>,
}

/// The rollout stage terms, ASCII-case-insensitively, in one pass over a line.
#[derive(Debug, Clone)]
pub struct StageTerms {
    /// Per pattern, in template order (stage by stage, its terms then its bare terms): the stage
    /// index, whether the term is bare, and the term.
    pub pats: Vec<(usize, bool, String)>,
    /// Per pattern: its first four bytes lowercased (as [`lower4`] reads them) with the mask of
    /// those it has, and its bytes past them lowercased.
    heads: Vec<(u32, u32, Vec<u8>)>,
    /// Per byte, 1 + the index in `starting` of the patterns that start with it (either ASCII
    /// case), or 0.
    first: [u8; 256],
    /// Groups of patterns sharing a first byte: the head and mask of their common prefix (four
    /// bytes at most) and the patterns (indices into `pats`), in pattern order.
    starting: Vec<(u32, u32, Vec<usize>)>,
}

/// Four bytes of `b` from `p` on (past its end, 0xFF) as a little-endian word, ASCII letters
/// lowercased; a byte not ASCII stays one (and so equals no ASCII byte).
fn lower4(b: &[u8], p: usize) -> u32 {
    let x = match b.get(p..p + 4) {
        Some(w) => u32::from_le_bytes([w[0], w[1], w[2], w[3]]),
        None => {
            let mut w = [0xFFu8; 4];
            for (k, &c) in b.iter().skip(p).take(4).enumerate() {
                w[k] = c;
            }
            u32::from_le_bytes(w)
        }
    };
    let y = x & 0x7F7F_7F7F;
    // As in `ascii_lowercase8`: below 0x80, plus 0x3F reaches 0x80 iff at least `A`, plus 0x25
    // iff past `Z`; no carry into the next byte.
    let from_a = y + 0x3F3F_3F3F;
    let past_z = y + 0x2525_2525;
    x | ((from_a & !past_z & 0x8080_8080) >> 2)
}

/// The head and mask of a lowercased ASCII pattern: its first four bytes at most.
fn head4(l: &[u8]) -> (u32, u32) {
    let n = l.len().min(4);
    let mut w = [0u8; 4];
    w[..n].copy_from_slice(&l[..n]);
    let mut m = [0u8; 4];
    m[..n].fill(0xFF);
    (u32::from_le_bytes(w), u32::from_le_bytes(m))
}

impl StageTerms {
    fn new(rs: &RolloutSpec) -> Option<StageTerms> {
        let pats: Vec<(usize, bool, String)> = rs
            .stages
            .iter()
            .enumerate()
            .flat_map(|(si, st)| {
                let terms = st.terms.iter().map(move |t| (si, false, t.clone()));
                terms.chain(st.bare.iter().map(move |t| (si, true, t.clone())))
            })
            .collect();
        if pats.iter().any(|(_, _, t)| t.is_empty() || !t.is_ascii()) {
            return None;
        }
        let lower: Vec<Vec<u8>> = pats
            .iter()
            .map(|(_, _, t)| t.as_bytes().to_ascii_lowercase())
            .collect();
        let mut first = [0u8; 256];
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for (pi, l) in lower.iter().enumerate() {
            let b = l[0];
            if first[usize::from(b)] == 0 {
                groups.push(Vec::new());
                let g = u8::try_from(groups.len()).ok()?;
                first[usize::from(b)] = g;
                first[usize::from(b.to_ascii_uppercase())] = g;
            }
            groups[usize::from(first[usize::from(b)] - 1)].push(pi);
        }
        let starting = groups
            .into_iter()
            .map(|g| {
                let l0 = &lower[g[0]];
                let common = g.iter().fold(l0.len(), |n, &pi| {
                    n.min(
                        l0.iter()
                            .zip(&lower[pi])
                            .take_while(|(a, b)| a == b)
                            .count(),
                    )
                });
                let (h, m) = head4(&l0[..common]);
                (h, m, g)
            })
            .collect();
        let heads = lower
            .iter()
            .map(|l| {
                let (h, m) = head4(l);
                (h, m, l.get(4..).unwrap_or_default().to_vec())
            })
            .collect();
        Some(StageTerms {
            pats,
            heads,
            first,
            starting,
        })
    }

    /// Every occurrence of a pattern in `text` (ASCII case ignored, overlapping ones too) that
    /// starts at or after `start`, as (start, end, pattern), by start then pattern order.
    pub fn occurrences(&self, text: &str, start: usize, out: &mut Vec<(usize, usize, usize)>) {
        let b = text.as_bytes();
        let first = &self.first;
        let mut p = start;
        loop {
            while p < b.len() && first[usize::from(b[p])] == 0 {
                p += 1;
            }
            if p >= b.len() {
                break;
            }
            self.occurrences_at(b, p, out);
            p += 1;
        }
    }

    /// The occurrences starting at `p` (where a pattern's first byte is), into `out`.
    #[inline]
    fn occurrences_at(&self, b: &[u8], p: usize, out: &mut Vec<(usize, usize, usize)>) {
        let g = self.first[usize::from(b[p])];
        let (gh, gm, pis) = &self.starting[usize::from(g - 1)];
        let x = lower4(b, p);
        if x & gm != *gh {
            return;
        }
        for &pi in pis {
            let (h, m, tail) = &self.heads[pi];
            if x & m != *h {
                continue;
            }
            let e = p + 4 + tail.len();
            let tail_ok = tail.is_empty()
                || b.get(p + 4..e).is_some_and(|t| {
                    t.iter()
                        .zip(tail)
                        .all(|(&t, &l)| t.to_ascii_lowercase() == l)
                });
            if tail_ok {
                out.push((p, p + self.pats[pi].2.len(), pi));
            }
        }
    }
}

/// How often a byte turns up in Markdown PRD prose, per 10,000 bytes (letters by case; counted on
/// a corpus of PRDs). Only picks anchors: a wrong guess costs time, never a match.
fn byte_frequency(b: u8) -> u32 {
    const LOWER: [u32; 26] = [
        497, 87, 270, 279, 949, 123, 141, 229, 544, 8, 46, 275, 119, 562, 490, 159, 14, 464, 537,
        688, 218, 89, 99, 32, 98, 3,
    ];
    const UPPER: [u32; 26] = [
        42, 5, 23, 20, 12, 26, 13, 1, 23, 1, 2, 14, 15, 15, 13, 29, 6, 33, 28, 20, 6, 6, 4, 1, 5, 1,
    ];
    match b {
        b'a'..=b'z' => LOWER[usize::from(b - b'a')],
        b'A'..=b'Z' => UPPER[usize::from(b - b'A')],
        b'0'..=b'9' => 20,
        b' ' => 1500,
        b'\n' => 180,
        b'.' | b'-' => 120,
        b',' | b':' | b'|' => 60,
        0x80.. => 5,
        _ => 10,
    }
}

/// Needles found through one rare byte of each (its anchor): one `memchr` pass over the
/// haystack per three anchor bytes, each hit checked against the needles it anchors. Much
/// cheaper than a search per needle, or than a regex that has no literal prefilter, when the
/// anchors are rare.
#[derive(Debug, Clone, Default)]
pub struct AnchoredNeedles {
    needles: Vec<Needle>,
    /// Each byte to search for (both ASCII cases of a case-ignoring anchor), with the needles it
    /// anchors.
    anchors: Vec<(u8, Vec<usize>)>,
    /// The fewest bytes a hit compares: a shorter haystack holds none.
    min_check: usize,
}

#[derive(Debug, Clone)]
struct Needle {
    bytes: Vec<u8>,
    /// The anchor's offset in `bytes`.
    anchor: usize,
    /// ASCII case is ignored.
    ci: bool,
    /// How many leading bytes a hit must match: the whole needle, or a prefix.
    check: usize,
}

impl AnchoredNeedles {
    /// Add a needle whose anchor may be any of its first `anchorable` bytes, and whose hits
    /// compare its first `check(anchor)` bytes (at least up to the anchor).
    fn push(&mut self, bytes: &[u8], ci: bool, anchorable: usize, check: impl Fn(usize) -> usize) {
        let cases = |b: u8| {
            if ci && b.is_ascii_alphabetic() {
                [b.to_ascii_lowercase(), b.to_ascii_uppercase()]
            } else {
                [b, b]
            }
        };
        let cost = |b: u8| {
            let [lo, up] = cases(b);
            byte_frequency(lo) + if up == lo { 0 } else { byte_frequency(up) }
        };
        let Some(anchor) = (0..anchorable.min(bytes.len())).min_by_key(|&i| cost(bytes[i])) else {
            return;
        };
        let id = self.needles.len();
        let check = check(anchor).clamp(anchor + 1, bytes.len());
        self.min_check = if id == 0 {
            check
        } else {
            self.min_check.min(check)
        };
        self.needles.push(Needle {
            bytes: bytes.to_vec(),
            anchor,
            ci,
            check,
        });
        let [lo, up] = cases(bytes[anchor]);
        for b in if lo == up { vec![lo] } else { vec![lo, up] } {
            match self.anchors.iter_mut().find(|(x, _)| *x == b) {
                Some((_, ids)) => ids.push(id),
                None => self.anchors.push((b, vec![id])),
            }
        }
    }

    /// ASCII needles, found anywhere with ASCII case ignored (as the rollout facts' `contains_ci`
    /// finds them); the others (not ASCII, or empty) are returned for the caller.
    pub fn ascii_ci(needles: &[String]) -> (AnchoredNeedles, Vec<String>) {
        let mut a = AnchoredNeedles::default();
        let mut others = Vec::new();
        for n in needles {
            if n.is_ascii() && !n.is_empty() {
                a.push(n.as_bytes(), true, n.len(), |_| n.len());
            } else {
                others.push(n.clone());
            }
        }
        (a, others)
    }

    /// Calls `hit(anchor position)` for each anchor hit in `hay` whose needle's checked bytes
    /// match there, anchor byte by anchor byte (each in order); stops when `hit` says so.
    fn each_hit(&self, hay: &[u8], mut hit: impl FnMut(usize) -> bool) {
        if hay.len() < self.min_check {
            return;
        }
        let check = |ids: &[usize], j: usize| {
            ids.iter().any(|&id| {
                let n = &self.needles[id];
                let Some(s) = j.checked_sub(n.anchor) else {
                    return false;
                };
                let Some(h) = hay.get(s..s + n.check) else {
                    return false;
                };
                let w = &n.bytes[..n.check];
                if n.ci {
                    h.iter().zip(w).all(|(a, b)| a.eq_ignore_ascii_case(b))
                } else {
                    h == w
                }
            })
        };
        for group in self.anchors.chunks(3) {
            let ids = |b: u8| match group {
                [(a, x), ..] if *a == b => x,
                [_, (a, x), ..] if *a == b => x,
                [.., (_, x)] => x,
                [] => unreachable!("chunks are not empty"),
            };
            let mut on = |j: usize| !(check(ids(hay[j]), j) && hit(j));
            let go = match *group {
                [(a, _)] => memchr::memchr_iter(a, hay).all(&mut on),
                [(a, _), (b, _)] => memchr::memchr2_iter(a, b, hay).all(&mut on),
                [(a, _), (b, _), (c, _)] => memchr::memchr3_iter(a, b, c, hay).all(&mut on),
                _ => true,
            };
            if !go {
                return;
            }
        }
    }

    /// Does `hay` hold one of the needles?
    pub fn any_in(&self, hay: &str) -> bool {
        let mut found = false;
        self.each_hit(hay.as_bytes(), |_| {
            found = true;
            false
        });
        found
    }
}

/// Rollout phrases searched on every line of §11, each set in one pass.
#[derive(Debug, Clone)]
pub struct RolloutNeedles {
    pub exemption: AnchoredNeedles,
    /// Exemption phrases that are not ASCII (searched one by one).
    pub exemption_others: Vec<String>,
    pub kill_switch: AnchoredNeedles,
    pub kill_switch_others: Vec<String>,
}

/// A template ready for checking: the file's data plus compiled patterns and normalised titles.
#[derive(Debug, Clone)]
pub struct Template {
    pub file: TemplateFile,
    pub slug: Regex,
    pub flag_patterns: Vec<Regex>,
    pub wcag: Regex,
    /// Every placeholder word in one pattern (all-caps words match case-sensitively, others
    /// ignore case; words with letters or digits match whole words only).
    pub placeholder: Regex,
    /// Every rollout stage term, found in one pass per line, when they are all ASCII (else
    /// `None`, and terms are searched one by one).
    pub stage_terms: Option<StageTerms>,
    /// Literals that every match of the placeholder pattern holds one of, for a fast search
    /// of a whole file (`None`: search with the pattern).
    pub placeholder_literals: Option<aho_corasick::packed::Searcher>,
    pub rollout_needles: RolloutNeedles,
    /// Normalised label names and aliases: `label_keys[section][label]`.
    pub label_keys: Vec<Vec<Vec<String>>>,
    /// The first words of each label's keys: `label_key_starts[section][label]`. A label can
    /// only be on a line whose first word (lowercased) is one of its own.
    pub label_key_starts: Vec<Vec<Vec<String>>>,
    /// Normalised titles per section (canonical first, then `also`).
    pub section_keys: Vec<Vec<String>>,
    /// The Definition-of-Done items, each normalised (`normalize_title`), in order.
    pub done_keys: Vec<String>,
}

impl Template {
    pub fn torus() -> Template {
        Template::from_toml(TORUS_PRESET).expect("the built-in torus preset is valid")
    }

    /// Parse and compile a template file. Errors are plain strings; `config` turns them into
    /// reports with spans.
    pub fn from_toml(text: &str) -> Result<Template, TemplateError> {
        let file: TemplateFile = toml::from_str(text).map_err(|e| TemplateError {
            message: e.message().to_string(),
            span: e.span(),
        })?;
        Template::compile(file)
    }

    pub fn compile(file: TemplateFile) -> Result<Template, TemplateError> {
        let re = |p: &str, what: &str| {
            Regex::new(p).map_err(|e| TemplateError {
                message: format!("invalid {what} pattern `{p}`: {e}"),
                span: None,
            })
        };
        let slug = re(&file.slug_pattern, "slug")?;
        let flag_patterns = file
            .flags
            .patterns
            .iter()
            .map(|p| re(p, "flag"))
            .collect::<Result<Vec<_>, _>>()?;
        let wcag = re(&file.content.wcag_pattern, "WCAG")?;
        let placeholder = re(
            &placeholder_pattern(&file.placeholders.words),
            "placeholder",
        )?;
        if file.sections.is_empty() {
            return Err(TemplateError {
                message: "a template needs at least one section".into(),
                span: None,
            });
        }
        let section_keys = file
            .sections
            .iter()
            .map(|s| {
                std::iter::once(&s.title)
                    .chain(s.also.iter())
                    .map(|t| normalize_title(t))
                    .collect()
            })
            .collect();
        let label_keys: Vec<Vec<Vec<String>>> = file
            .sections
            .iter()
            .map(|s| {
                s.labels
                    .iter()
                    .map(|l| {
                        std::iter::once(&l.name)
                            .chain(l.aliases.iter())
                            .map(|n| normalize_label(n))
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let label_key_starts = label_keys
            .iter()
            .map(|labels| {
                labels
                    .iter()
                    .map(|keys| {
                        let mut w: Vec<String> =
                            keys.iter().map(|k| first_word(k).to_string()).collect();
                        w.dedup();
                        w
                    })
                    .collect()
            })
            .collect();
        let stage_terms = StageTerms::new(&file.rollout);
        let placeholder_literals = placeholder_literals(&file.placeholders.words);
        let (exemption, exemption_others) =
            AnchoredNeedles::ascii_ci(&file.rollout.exemption_phrases);
        let (kill_switch, kill_switch_others) =
            AnchoredNeedles::ascii_ci(&file.rollout.kill_switch_terms);
        let done_keys = file.done.items.iter().map(|i| normalize_title(i)).collect();
        Ok(Template {
            stage_terms,
            placeholder_literals,
            rollout_needles: RolloutNeedles {
                exemption,
                exemption_others,
                kill_switch,
                kill_switch_others,
            },
            label_keys,
            label_key_starts,
            file,
            slug,
            flag_patterns,
            wcag,
            placeholder,
            section_keys,
            done_keys,
        })
    }

    pub fn sections(&self) -> &[SectionSpec] {
        &self.file.sections
    }

    /// The index (into `sections()`) of the section with this number.
    pub fn index_of_number(&self, number: u32) -> Option<usize> {
        self.file.sections.iter().position(|s| s.number == number)
    }

    /// The skeleton a new or inserted section gets: its labels, table or list, with a `TBD` at
    /// each place the author must write (and nothing any other rule would report).
    pub fn section_skeleton(&self, idx: usize, title: &str, flag: &str) -> String {
        let t = self;
        let r = &t.file.roles;
        let sec = &t.sections()[idx];
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
        body
    }

    pub fn canonical_heading(&self, idx: usize) -> String {
        let s = &self.file.sections[idx];
        format!("{}. {}", s.number, s.title)
    }
}

/// An all-caps placeholder word (`TBD`), matched as written.
fn placeholder_word_is_upper(w: &str) -> bool {
    w.chars().any(char::is_alphabetic)
        && w.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// Literals such that every match of `placeholder_pattern(words)` holds one: an all-caps word
/// itself; for a case-ignoring word, every ASCII-case spelling of up to three of its bytes
/// (taken where its matches hold them at fixed offsets: before the first character whose case
/// folds are not all ASCII, `k` or `s`, or that is not ASCII). `None` when a word has no such
/// bytes, or the literals do not make a fast searcher.
fn placeholder_literals(words: &[String]) -> Option<aho_corasick::packed::Searcher> {
    let mut lits: Vec<Vec<u8>> = Vec::new();
    for w in words.iter().filter(|w| !w.is_empty()) {
        if placeholder_word_is_upper(w) {
            lits.push(w.as_bytes().to_vec());
            continue;
        }
        let plain = w
            .bytes()
            .take_while(|b| b.is_ascii() && !matches!(b, b'k' | b'K' | b's' | b'S'))
            .count();
        if plain == 0 {
            return None;
        }
        let len = plain.min(3);
        let cost = |win: &[u8]| -> u64 {
            win.iter()
                .map(|&b| {
                    let (lo, up) = (b.to_ascii_lowercase(), b.to_ascii_uppercase());
                    u64::from(byte_frequency(lo) + if lo == up { 0 } else { byte_frequency(up) })
                })
                .product()
        };
        let win = w.as_bytes()[..plain]
            .windows(len)
            .min_by_key(|win| cost(win))
            .expect("plain >= len >= 1");
        let mut spellings: Vec<Vec<u8>> = vec![Vec::new()];
        for &b in win {
            let (lo, up) = (b.to_ascii_lowercase(), b.to_ascii_uppercase());
            let both = [lo, up];
            let cases = &both[..if lo == up { 1 } else { 2 }];
            spellings = spellings
                .iter()
                .flat_map(|s| {
                    cases.iter().map(move |&c| {
                        let mut s = s.clone();
                        s.push(c);
                        s
                    })
                })
                .collect();
        }
        lits.extend(spellings);
    }
    aho_corasick::packed::Config::new()
        .builder()
        .extend(&lits)
        .build()
}

/// One alternation for all placeholder words (`TBD|TODO|(?i:lorem ipsum)|\?\?\?`): all-caps
/// words match case-sensitively, others ignore case. Whole-word checks are the caller's (the
/// regex crate's fast engines do not do Unicode word boundaries).
fn placeholder_pattern(words: &[String]) -> String {
    let mut ws: Vec<&String> = words.iter().filter(|w| !w.is_empty()).collect();
    ws.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let alts: Vec<String> = ws
        .iter()
        .map(|w| {
            let lit = regex::escape(w);
            if placeholder_word_is_upper(w) {
                lit
            } else {
                format!("(?i:{lit})")
            }
        })
        .collect();
    if alts.is_empty() {
        // Matches nothing.
        return r"[^\s\S]".to_string();
    }
    alts.join("|")
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub message: String,
    pub span: Option<std::ops::Range<usize>>,
}

/// `char::is_whitespace` on an ASCII byte: also the vertical tab, unlike
/// `u8::is_ascii_whitespace`.
fn ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r')
}

/// Byte classes for [`first_word`]: ASCII whitespace, and the bytes that end a first word
/// (whitespace, `:`, `?`, `/`, `&`, `(` and any non-ASCII byte).
const WS: u8 = 1;
const WORD_END: u8 = 2;
const BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if matches!(c, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r') {
            t[b] = WS | WORD_END;
        } else if c >= 0x80 || matches!(c, b':' | b'?' | b'/' | b'&' | b'(') {
            t[b] = WORD_END;
        }
        b += 1;
    }
    t
};

/// The first word of a line or key, as a cheap filter before normalising a line.
pub fn first_word(s: &str) -> &str {
    // ASCII up to the word's end (the common case): on bytes, one table look-up a byte.
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && BYTE_CLASS[b[i] as usize] & WS != 0 {
        i += 1;
    }
    let start = i;
    while i < b.len() && BYTE_CLASS[b[i] as usize] & WORD_END == 0 {
        i += 1;
    }
    if i == b.len() || b[i] < 0x80 {
        return &s[start..i];
    }
    s.trim_start()
        .split(|c: char| c.is_whitespace() || matches!(c, ':' | '?' | '/' | '&' | '('))
        .next()
        .unwrap_or("")
}

/// The punctuation a title or label may end with and still be the same title.
pub const TRAILING_PUNCTUATION: [char; 6] = ['.', ':', ';', ',', '!', '?'];

fn trailing_punctuation(b: u8) -> bool {
    matches!(b, b'.' | b':' | b';' | b',' | b'!' | b'?')
}

/// Normalise a title or label for comparison: lowercase, `and` → `&`, no spaces around `/` and
/// `&`, collapsed whitespace, no [`TRAILING_PUNCTUATION`].
pub fn normalize_title(s: &str) -> String {
    normalize_ascii(s.as_bytes()).unwrap_or_else(|| normalize_general(s))
}

fn normalize_general(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let words = s.split_whitespace();
    let mut prev_joiner = false;
    let mut first = true;
    for w in words {
        let w = if w.eq_ignore_ascii_case("and") {
            "&"
        } else {
            w
        };
        let joiner = w == "/" || w == "&" || w.starts_with(['/', '&']);
        if !first && !prev_joiner && !joiner {
            out.push(' ');
        }
        for c in w.chars() {
            out.extend(c.to_lowercase());
        }
        first = false;
        prev_joiner = w.ends_with(['/', '&']);
    }
    while out.ends_with(TRAILING_PUNCTUATION) {
        out.pop();
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

/// A byte of a word lowercased, or 0: whitespace, a non-ASCII byte (or NUL).
const WORD_LOWER: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 1;
    while b < 0x80 {
        if BYTE_CLASS[b] & WS == 0 {
            t[b] = (b as u8).to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// [`normalize_title`] for ASCII text (`None` at the first non-ASCII byte), on bytes, in one
/// pass that lowercases as it copies: whitespace runs become one space, except next to a `/`
/// or `&` joiner. The output is never longer than the input.
fn normalize_ascii(s: &[u8]) -> Option<String> {
    let mut out = vec![0u8; s.len()];
    let mut n = 0;
    let mut prev_joiner = true;
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        if b >= 0x80 {
            return None;
        }
        if ws(b) {
            i += 1;
            continue;
        }
        // A word: `s[i..]` up to the next whitespace. Where its separating space goes, if any.
        let before = n;
        if !prev_joiner && !matches!(b, b'/' | b'&') {
            out[n] = b' ';
            n += 1;
        }
        let start = n;
        while i < s.len() {
            let l = WORD_LOWER[s[i] as usize];
            if l == 0 {
                let b = s[i];
                if b >= 0x80 {
                    return None;
                }
                if ws(b) {
                    break;
                }
                // A NUL byte: itself lowercased.
            }
            out[n] = l;
            n += 1;
            i += 1;
        }
        if &out[start..n] == b"and" {
            // `and` → `&`, a joiner: no space before it either.
            n = before;
            out[n] = b'&';
            n += 1;
            prev_joiner = true;
        } else {
            prev_joiner = matches!(out[n - 1], b'/' | b'&');
        }
    }
    while n > 0 && trailing_punctuation(out[n - 1]) {
        n -= 1;
    }
    while n > 0 && out[n - 1] == b' ' {
        n -= 1;
    }
    out.truncate(n);
    // Only ASCII bytes were copied.
    String::from_utf8(out).ok()
}

/// Like [`normalize_title`], and also drops a trailing `(…)` qualifier (for labels).
pub fn normalize_label(s: &str) -> String {
    let mut n = normalize_title(s);
    if n.ends_with(')') {
        if let Some(open) = n.rfind('(') {
            if open > 0 {
                let kept = n[..open].trim_end().len();
                n.truncate(kept);
            }
        }
    }
    n
}

/// A label as written, when its [`normalize_label`] form can be read off its bytes without
/// making it: ASCII; spaces the only whitespace, never two in a row nor leading; no word `and`.
/// Its normal form is then `core` lowercased, less each space next to a `/` or `&` — `core`
/// being the text without its trailing spaces, [`TRAILING_PUNCTUATION`] and spaces again and,
/// after them, a trailing `(…)` qualifier. Most labels as written are such (`Security & Privacy`,
/// `GenAI (if applicable)`), and are compared with keys without being normalised.
#[derive(Debug, Clone, Copy)]
pub struct PlainLabel<'a> {
    core: &'a [u8],
    /// The byte length of the normal form.
    len: usize,
}

/// Eight ASCII bytes lowercased at once: each byte in `A..=Z` gains 0x20.
fn ascii_lowercase8(x: u64) -> u64 {
    const ONES: u64 = u64::MAX / 255;
    // A byte below 0x80 plus 0x3F reaches 0x80 iff it is at least `A`; plus 0x25 iff it is
    // past `Z` (no carry into the next byte either way).
    let from_a = x.wrapping_add(ONES * 0x3F);
    let past_z = x.wrapping_add(ONES * 0x25);
    x | ((from_a & !past_z & (ONES * 0x80)) >> 2)
}

/// A space (in a [`PlainLabel`]'s core, so with bytes other than spaces either side of it)
/// that normalising drops: one next to a `/` or `&` joiner.
fn dropped_space(core: &[u8], i: usize) -> bool {
    matches!(core[i - 1], b'/' | b'&') || matches!(core[i + 1], b'/' | b'&')
}

impl<'a> PlainLabel<'a> {
    /// `None`: normalise `s` to know its normal form.
    pub fn new(s: &'a str) -> Option<PlainLabel<'a>> {
        let s = s.as_bytes();
        if s.first() == Some(&b' ') {
            return None;
        }
        // The whole text: ASCII, single spaces, no word `and`; and the spaces that normalising
        // drops, over the whole text (those past the core are taken back below).
        let and_at =
            |from: usize, to: usize| to - from == 3 && s[from..to].eq_ignore_ascii_case(b"and");
        let mut word = 0;
        let mut dropped = 0;
        for (i, &b) in s.iter().enumerate() {
            if b > b' ' && b < 0x80 {
                continue;
            }
            if b == b' ' {
                let prev = s[i - 1];
                if prev == b' ' || and_at(word, i) {
                    return None;
                }
                if matches!(prev, b'/' | b'&') || matches!(s.get(i + 1), Some(b'/' | b'&')) {
                    dropped += 1;
                }
                word = i + 1;
            } else if b >= 0x80 || ws(b) {
                return None;
            }
        }
        if and_at(word, s.len()) {
            return None;
        }
        let Some(&last) = s.last() else {
            return Some(PlainLabel { core: s, len: 0 });
        };
        if last != b')' && last != b' ' && !trailing_punctuation(last) {
            // The common case: the core is the whole text.
            return Some(PlainLabel {
                core: s,
                len: s.len() - dropped,
            });
        }
        // Trailing spaces (no part of the normal form), punctuation, then spaces; then a `(…)`
        // qualifier not at the start, and the spaces before it.
        let mut end = s.len();
        while end > 0 && s[end - 1] == b' ' {
            end -= 1;
        }
        while end > 0 && trailing_punctuation(s[end - 1]) {
            end -= 1;
        }
        while end > 0 && s[end - 1] == b' ' {
            end -= 1;
        }
        if end > 0 && s[end - 1] == b')' {
            if let Some(open) = s[..end].iter().rposition(|&b| b == b'(') {
                if open > 0 {
                    end = open;
                    while s[end - 1] == b' ' {
                        end -= 1;
                    }
                }
            }
        }
        let past_core = (end..s.len())
            .filter(|&i| {
                s[i] == b' '
                    && (matches!(s[i - 1], b'/' | b'&')
                        || matches!(s.get(i + 1), Some(b'/' | b'&')))
            })
            .count();
        Some(PlainLabel {
            core: &s[..end],
            len: end - (dropped - past_core),
        })
    }

    /// `normalize_label(s) == key`.
    pub fn is(&self, key: &str) -> bool {
        let key = key.as_bytes();
        if key.len() != self.len {
            return false;
        }
        if self.len == self.core.len() {
            // No space dropped: the core lowercased, eight bytes at a time.
            let mut keys = key.chunks_exact(8);
            let mut cores = self.core.chunks_exact(8);
            for (k, c) in keys.by_ref().zip(cores.by_ref()) {
                let k = u64::from_le_bytes(k.try_into().expect("eight bytes"));
                let c = u64::from_le_bytes(c.try_into().expect("eight bytes"));
                if k != ascii_lowercase8(c) {
                    return false;
                }
            }
            return keys
                .remainder()
                .iter()
                .zip(cores.remainder())
                .all(|(&k, &c)| k == c.to_ascii_lowercase());
        }
        let mut j = 0;
        for (i, &b) in self.core.iter().enumerate() {
            if b == b' ' && dropped_space(self.core, i) {
                continue;
            }
            if key[j] != b.to_ascii_lowercase() {
                return false;
            }
            j += 1;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preset_loads_with_seventeen_sections() {
        let t = Template::torus();
        assert_eq!(t.sections().len(), 17);
        assert_eq!(t.canonical_heading(4), "5. UX / UI Requirements");
    }

    #[test]
    fn ascii_fast_path_matches_the_general_one() {
        let slow = normalize_general;
        for s in [
            "UX / UI  Requirements.",
            "Risks and Mitigations:",
            "a/ b &c  AND d",
            " trailing ?! ",
            "x\x0Bvertical\ttab",
            "/lead & / trail/",
            "and",
            "",
            "...",
        ] {
            assert_eq!(normalize_title(s), slow(s), "{s:?}");
        }
    }

    /// [`first_word`] as a plain split on whitespace and the label separators.
    fn first_word_by_split(s: &str) -> &str {
        s.trim_start()
            .split(|c: char| c.is_whitespace() || matches!(c, ':' | '?' | '/' | '&' | '('))
            .next()
            .unwrap_or("")
    }

    proptest::proptest! {
        #[test]
        fn first_word_fast_path_agrees(picks in proptest::collection::vec(0..13usize, 0..12)) {
            const P: [&str; 13] =
                ["Goals", " ", "\t", ":", "/", "&", "(", "é", "\u{A0}", "\u{2003}", "x", "\n", "?"];
            let s: String = picks.iter().map(|&i| P[i]).collect();
            proptest::prop_assert_eq!(first_word(&s), first_word_by_split(&s), "{:?}", s);
        }

        #[test]
        fn first_word_agrees_on_odd_bytes(picks in proptest::collection::vec(0..16usize, 0..12)) {
            const P: [&str; 16] = [
                "Go", " ", "\x0B", "\x0C", "\r", "\x01", ")", "é", "\u{2028}", "ς", "-", "\u{85}",
                "(", "&", "Σ", "\u{1680}",
            ];
            let s: String = picks.iter().map(|&i| P[i]).collect();
            proptest::prop_assert_eq!(first_word(&s), first_word_by_split(&s), "{:?}", s);
        }

        /// The one-pass ASCII normaliser against the general one, on any text (it hands text
        /// with a non-ASCII byte anywhere to the general one).
        #[test]
        fn normalize_title_agrees_with_the_general_one(
            picks in proptest::collection::vec(0..25usize, 0..24)
        ) {
            const P: [&str; 25] = [
                "\0",
                "and", "AND", "aNd", " ", "  ", "\t", "\x0B", "\r\n", "/", "&", "x", "Goals",
                ".", "?", "!", ";", ",", ":", "(", ")", "é", "\u{A0}", "Σ", "\x01",
            ];
            let s: String = picks.iter().map(|&i| P[i]).collect();
            proptest::prop_assert_eq!(normalize_title(&s), normalize_general(&s), "{:?}", s);
        }

        #[test]
        fn eight_bytes_lowercase_as_one(bytes in proptest::array::uniform8(0u8..0x80)) {
            let x = u64::from_le_bytes(bytes);
            let one_by_one = u64::from_le_bytes(bytes.map(|b| b.to_ascii_lowercase()));
            proptest::prop_assert_eq!(ascii_lowercase8(x), one_by_one, "{:?}", bytes);
        }

        /// A label's normal form read off its bytes is the normal form; and comparing it with a
        /// key is comparing the normal form with the key.
        #[test]
        fn plain_label_is_its_normal_form(
            a in proptest::collection::vec(0..26usize, 0..16),
            b in proptest::collection::vec(0..26usize, 0..16),
        ) {
            const P: [&str; 26] = [
                "and", "AND", "sand", " ", "  ", "\t", "/", "&", "x", "Goals", "Y", ".", "?", ":",
                "!", "(", ")", "(if applicable)", "é", "Σ", "\u{A0}", "\x0B", "\x01", " / ",
                " & ", "-",
            ];
            let s: String = a.iter().map(|&i| P[i]).collect();
            let t: String = b.iter().map(|&i| P[i]).collect();
            let norm = normalize_label(&s);
            if let Some(p) = PlainLabel::new(&s) {
                proptest::prop_assert!(p.is(&norm), "{:?} is not {:?}", s, norm);
                let key = normalize_label(&t);
                proptest::prop_assert_eq!(p.is(&key), norm == key, "{:?} / {:?}", s, t);
                proptest::prop_assert_eq!(p.is(&t), norm == t, "{:?} / {:?}", s, t);
            }
        }

        #[test]
        fn ascii_fast_path_agrees_on_any_ascii(
            picks in proptest::collection::vec(0..14usize, 0..20)
        ) {
            const P: [&str; 14] =
                ["and", "AND", "And", " ", "  ", "\t", "\x0B", "/", "&", "x", "Goals", ".", "?", "sand"];
            let s: String = picks.iter().map(|&i| P[i]).collect();
            proptest::prop_assert_eq!(normalize_title(&s), normalize_general(&s), "{:?}", s);
        }
    }

    #[test]
    fn plain_labels_are_read_off_their_bytes() {
        for (s, norm) in [
            ("Security & Privacy", "security&privacy"),
            ("Primary Users / Roles", "primary users/roles"),
            ("GenAI (if applicable)", "genai"),
            ("Rollout Plan:", "rollout plan"),
            ("Goals .", "goals"),
            ("Why now", "why now"),
            ("A/ B &C", "a/b&c"),
            ("Scope (v2) ", "scope"),
            ("(x)", "(x)"),
            ("Sand", "sand"),
            ("Implementation Details", "implementation details"),
            (
                "Non-Functional REQUIREMENTS [v2]",
                "non-functional requirements [v2]",
            ),
            ("", ""),
        ] {
            assert_eq!(normalize_label(s), norm, "{s:?}");
            let p = PlainLabel::new(s).unwrap_or_else(|| panic!("{s:?} is plain"));
            assert!(p.is(norm), "{s:?}");
            assert!(!p.is(&format!("{norm}x")), "{s:?}");
        }
        // Normalised to know: `and`, other whitespace, double or leading spaces, non-ASCII.
        for s in [
            "Goals and Non-Goals",
            "a\tb",
            "a  b",
            " a",
            "Café",
            "a\u{A0}b",
            "AND",
        ] {
            assert!(PlainLabel::new(s).is_none(), "{s:?}");
        }
    }

    #[test]
    fn normalisation_ignores_case_spacing_and_and() {
        assert_eq!(normalize_title("UX/UI Requirements"), "ux/ui requirements");
        assert_eq!(
            normalize_title("UX / UI  requirements."),
            "ux/ui requirements"
        );
        assert_eq!(
            normalize_title("Goals and Non-Goals"),
            normalize_title("Goals & Non-Goals")
        );
        assert_eq!(
            normalize_label("GenAI (if applicable)"),
            normalize_label("genai")
        );
    }
}
