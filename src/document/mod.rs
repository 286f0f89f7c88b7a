//! The document model: one parse of a PRD into sections, blocks, text lines, tables, links and
//! directives, each with byte spans into the source, plus the facts rules share (labels, FR rows,
//! acceptance criteria, rollout). Rules read this model; none of them re-parses the text.

mod build;
pub mod facts;
mod lines;
mod sections;

pub use build::{comrak_options, parse};
pub use lines::{
    ceil_char_boundary, digits_end, floor_char_boundary, is_word_byte, next_digit,
    skip_ascii_space, starts_with_ascii_ci, word_ends_at, LineIndex, FOLDED_LETTERS,
};
pub use sections::{match_heading, HeadingMatch, SectionMatch};

use crate::finding::{Location, Position};
use crate::template::Template;
use smallvec::SmallVec;
use std::ops::Range;
use std::path::PathBuf;

pub type Span = Range<usize>;

/// A piece of a [`Line`]'s text and where it came from in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seg {
    /// Offset in `Line::text`.
    pub text_start: usize,
    pub len: usize,
    /// Byte offset in the source of `text_start`.
    pub src_start: usize,
    /// True when the text is the source verbatim (so offsets inside map one to one).
    pub exact: bool,
}

/// One logical line of inline text: a heading's text, a line of a paragraph (split at soft and
/// hard breaks), or a table cell. Emphasis markers are gone, code spans are kept as their
/// literal (their ranges are in `code`), link text is kept.
#[derive(Debug, Clone, Default)]
pub struct Line {
    pub text: String,
    /// Most lines are one or two pieces: kept inline, without an allocation.
    pub segs: SmallVec<[Seg; 2]>,
    /// Ranges of `text` that are code spans (with the backticks' source span in `code_src`).
    pub code: Vec<Range<usize>>,
    pub code_src: Vec<Span>,
}

impl Line {
    /// Map an offset in `text` to a byte offset in the source.
    pub fn src_offset(&self, text_off: usize) -> usize {
        let mut best = None;
        for s in &self.segs {
            if s.text_start <= text_off {
                best = Some(s);
            } else {
                break;
            }
        }
        match best {
            Some(s) if s.exact => s.src_start + (text_off - s.text_start).min(s.len),
            Some(s) => s.src_start,
            None => self.segs.first().map(|s| s.src_start).unwrap_or(0),
        }
    }

    /// The source span of a range of `text`.
    pub fn src_span(&self, r: Range<usize>) -> Span {
        let start = self.src_offset(r.start);
        let end = if r.end > r.start {
            self.src_offset(r.end - 1) + 1
        } else {
            start
        };
        // Multi-byte characters: extend the end to a char boundary is done by LineIndex callers.
        start..end.max(start)
    }

    /// The source span of the whole line.
    pub fn span(&self) -> Span {
        self.src_span(0..self.text.len())
    }

    /// The source span this line's text is a verbatim copy of, when it is one: every piece
    /// exact and each starting where the previous one ends (no markup, escapes or entities in
    /// between). Lets a rule search the source once instead of every line.
    pub fn verbatim_span(&self) -> Option<Span> {
        let first = self.segs.first()?;
        let mut end = first.src_start;
        for s in &self.segs {
            if !s.exact || s.src_start != end {
                return None;
            }
            end += s.len;
        }
        (end - first.src_start == self.text.len()).then_some(first.src_start..end)
    }

    /// Can a search of this line's text find something, given `founds`: for each search, the
    /// sorted, non-overlapping spans of the same search over the whole source
    /// ([`Document::source_matches`])? A verbatim line can only if one of them overlaps it (a
    /// match inside it is either among them or overlapped by an earlier one that is); any other
    /// line always can. So can a line with a word character right outside it in the source
    /// (`_FR-1_`), where a `\b` can hold in the line and not in the source.
    pub fn may_match(&self, founds: &[&[Span]], source: &str) -> bool {
        let Some(span) = self.verbatim_span() else {
            return true;
        };
        let word = |i: Option<&u8>| i.is_some_and(|&b| is_word_byte(b));
        let src = source.as_bytes();
        if word(span.start.checked_sub(1).and_then(|i| src.get(i))) || word(src.get(span.end)) {
            return true;
        }
        founds.iter().any(|found| {
            let i = found.partition_point(|c| c.end <= span.start);
            found.get(i).is_some_and(|c| c.start < span.end)
        })
    }

    pub fn in_code(&self, off: usize) -> bool {
        self.code.iter().any(|r| r.contains(&off))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Heading {
        level: u8,
    },
    Paragraph,
    /// A list item; its lines are those of its first paragraph (if it starts with one).
    Item {
        ordered: bool,
        /// `Some(checked)` for a task-list item.
        task: Option<bool>,
        depth: usize,
    },
    TableCell {
        table: usize,
        row: usize,
        col: usize,
    },
    CodeBlock {
        /// Its content (fences and info string aside) has a letter or digit.
        has_text: bool,
    },
    HtmlBlock,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    /// Most blocks (headings, cells, items) have one line: kept inline.
    pub lines: SmallVec<[Line; 1]>,
    /// Source span of the whole block.
    pub span: Span,
    /// The innermost list item this block is inside of (an index into `Document::blocks`).
    pub parent: Option<usize>,
    /// For items: one past the last block nested inside it.
    pub end: usize,
    /// The section (index into `Document::sections`) this block belongs to.
    pub section: Option<usize>,
}

impl Block {
    pub fn is_heading(&self) -> bool {
        matches!(self.kind, BlockKind::Heading { .. })
    }
    pub fn heading_level(&self) -> Option<u8> {
        match self.kind {
            BlockKind::Heading { level } => Some(level),
            _ => None,
        }
    }
    pub fn first_line(&self) -> Option<&Line> {
        self.lines.first()
    }
    pub fn text(&self) -> String {
        let mut s = String::new();
        for (i, l) in self.lines.iter().enumerate() {
            if i > 0 {
                s.push('\n');
            }
            s.push_str(&l.text);
        }
        s
    }
}

#[derive(Debug, Clone)]
pub struct Table {
    /// Cells as block indices: `rows[0]` is the header row.
    pub rows: Vec<Vec<usize>>,
    pub span: Span,
    pub section: Option<usize>,
}

/// A heading that starts a section of the document: every H1/H2, and deeper headings that are
/// clearly a template section written at the wrong level.
#[derive(Debug, Clone)]
pub struct Section {
    /// The heading block.
    pub heading: usize,
    pub level: u8,
    /// Content blocks: `heading + 1 .. end`.
    pub end: usize,
    pub matched: SectionMatch,
}

impl Section {
    pub fn blocks(&self) -> Range<usize> {
        self.heading + 1..self.end
    }
    /// The template section index, if this heading was identified as one.
    pub fn spec(&self) -> Option<usize> {
        self.matched.spec()
    }
}

#[derive(Debug, Clone)]
pub struct LinkRef {
    pub url: String,
    pub span: Span,
    pub image: bool,
    /// A bare or `<…>` autolink: its text is its address (`https://…`), not prose.
    pub autolink: bool,
    pub section: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Html {
    pub literal: String,
    pub span: Span,
    pub section: Option<usize>,
}

/// A `<!-- prd-lint-… -->` directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// Rule codes or names; empty means every rule.
    pub rules: Vec<String>,
    pub span: Span,
    /// 1-based line of the comment's last line.
    pub end_line: usize,
    /// Where the comment is, for reporting it (PRD099).
    pub location: Location,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    DisableNextLine,
    Disable,
    Enable,
    DisableFile,
}

/// A parsed PRD.
#[derive(Debug)]
pub struct Document {
    /// Path relative to the project root, `/`-separated.
    pub path: String,
    /// Folder the PRD lives in, for resolving relative links (None for stdin).
    pub dir: Option<PathBuf>,
    pub source: String,
    pub index: LineIndex,
    pub blocks: Vec<Block>,
    pub tables: Vec<Table>,
    pub sections: Vec<Section>,
    pub links: Vec<LinkRef>,
    pub html: Vec<Html>,
    pub directives: Vec<Directive>,
    /// Indices of H1 heading blocks.
    pub h1s: Vec<usize>,
    pub facts: facts::Facts,
}

impl Document {
    pub fn location(&self, span: Span) -> Location {
        self.index.location(&self.source, span)
    }

    /// The spans of `re`'s matches over the whole source, in order: one search of the file that
    /// lets a per-line search skip lines ([`Line::may_match`]).
    pub fn source_matches(&self, re: &regex::Regex) -> Vec<Span> {
        re.find_iter(&self.source).map(|m| m.range()).collect()
    }

    pub fn position(&self, offset: usize) -> Position {
        self.index.position(&self.source, offset)
    }

    /// The first section identified as template section `spec`.
    pub fn section_for(&self, spec: usize) -> Option<&Section> {
        self.sections.iter().find(|s| s.spec() == Some(spec))
    }

    /// The first section identified as the template section numbered `number`.
    pub fn section_numbered(&self, t: &Template, number: u32) -> Option<&Section> {
        t.index_of_number(number).and_then(|i| self.section_for(i))
    }

    /// Whether `span` lies inside a URL written out as text: a bare or `<…>` autolink, whose
    /// text is its address (`https://…/docs/TODO.md`, `…/browse/FR-1234`). A `[text](url)`
    /// link's text is prose and is not one.
    pub fn in_bare_url(&self, span: &Span) -> bool {
        self.links
            .iter()
            .any(|l| l.autolink && l.span.start <= span.start && span.end <= l.span.end)
    }

    /// Heading line span of a section (for pointing findings at it).
    pub fn heading_span(&self, s: &Section) -> Span {
        let b = &self.blocks[s.heading];
        self.index
            .line_span(&self.source, self.index.line_of(b.span.start))
    }

    pub fn heading_text(&self, s: &Section) -> String {
        self.blocks[s.heading]
            .first_line()
            .map(|l| l.text.clone())
            .unwrap_or_default()
    }

    /// Blocks of a section's content.
    pub fn section_blocks(&self, s: &Section) -> &[Block] {
        &self.blocks[s.blocks()]
    }

    /// The span of a line of the source (1-based), without its line ending.
    pub fn line_span(&self, line: usize) -> Span {
        self.index.line_span(&self.source, line)
    }

    pub fn last_line_span(&self) -> Span {
        let mut n = self.index.line_count().max(1);
        if n > 1 && self.source.ends_with('\n') {
            n -= 1;
        }
        self.line_span(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Pieces that stress the verbatim test: emphasis splitting a word, `_` emphasis next to an
    /// ID, entities, escapes, code spans, links, table cells, list items.
    const PIECES: &[&str] = &[
        "TBD",
        "T**BD**",
        "TB*D*",
        "_FR-001_",
        "FR-1",
        "fr_2",
        "AC-003b",
        "&amp;",
        "&#84;BD",
        "\\*",
        "`TBD`",
        "[AC-1](x)",
        "lorem",
        " ipsum",
        "Lorem Ipsum",
        "x",
        "_",
        "*",
        "**",
        " ",
        "\n",
        "\n\n",
        "\n- ",
        "\n| a | ",
        " | ",
        "\n|---|---|\n",
        "???",
        "?",
        "<b>",
        "ſ",
        "é",
        "1",
        ":",
    ];

    fn doc(src: &str) -> Document {
        build::parse("prd.md", None, src.to_string(), &Template::torus())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Skipping a line by `may_match` never hides a match of the per-line search.
        #[test]
        fn may_match_never_skips_a_line_with_a_match(
            picks in proptest::collection::vec(0..PIECES.len(), 1..40)
        ) {
            let src: String = picks.iter().map(|&i| PIECES[i]).collect();
            let d = doc(&src);
            let t = Template::torus();
            let res = [
                t.placeholder.clone(),
                regex::Regex::new(r"(?i)(?-u:\b)(?:FR[-_]?[0-9]+|AC[-_]?[0-9]+[a-z]?)(?-u:\b)").unwrap(),
            ];
            for re in &res {
                let found = d.source_matches(re);
                for b in &d.blocks {
                    for l in &b.lines {
                        if re.is_match(&l.text) {
                            prop_assert!(l.may_match(&[&found], &d.source), "{:?} in {:?}", l.text, src);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn verbatim_lines_and_the_rest() {
        let d = doc("Plain TBD line\n\nT**BD** split\n\n_FR-001_\n");
        let lines: Vec<&Line> = d.blocks.iter().flat_map(|b| &b.lines).collect();
        assert_eq!(lines[0].verbatim_span(), Some(0..14));
        assert_eq!(lines[1].verbatim_span(), None);
        let t = Template::torus();
        let found = d.source_matches(&t.placeholder);
        assert!(lines[0].may_match(&[&found], &d.source));
        // Split by emphasis: not verbatim, so always searched.
        assert!(lines[1].may_match(&[&found], &d.source));
        // `_` emphasis: verbatim, but a word character borders it in the source.
        assert_eq!(lines[2].text, "FR-001");
        assert!(lines[2].may_match(&[], &d.source));
    }
}
