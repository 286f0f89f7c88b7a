//! comrak → document model, in one iterative pass over the tree (no recursion, so deeply nested
//! input cannot blow the stack).

use super::lines::{ceil_char_boundary, floor_char_boundary};
use super::*;
use crate::finding::Location;
use comrak::arena_tree::NodeEdge;
use comrak::nodes::{ListType, NodeValue, Sourcepos};
use comrak::{parse_document, Arena, Options};
use smallvec::SmallVec;

/// The comrak options every parse uses (GFM tables, task lists, strikethrough, autolinks, and a
/// `---` YAML front matter block at the very top, which is metadata, not a heading).
pub fn comrak_options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.tasklist = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o.extension.front_matter_delimiter = Some("---".to_owned());
    o
}

/// HTML element names: an inline "tag" that is none of these (`<Feature Name>`, `<name>`) is a
/// template token, not HTML.
const HTML_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "bdi",
    "bdo",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "link",
    "main",
    "map",
    "mark",
    "meta",
    "meter",
    "nav",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "picture",
    "pre",
    "progress",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "script",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

struct Builder<'s> {
    src: &'s str,
    index: LineIndex,
    blocks: Vec<Block>,
    tables: Vec<Table>,
    links: Vec<LinkRef>,
    html: Vec<Html>,
    directives: Vec<Directive>,
    /// Open list items (block indices), innermost last.
    items: Vec<usize>,
    /// The block currently collecting inline text.
    collecting: Option<usize>,
    /// Whether the open item still waits for its first paragraph.
    item_wants_para: bool,
    /// Paragraph nodes merged into their item (skip their End edge).
    merged_para_depth: usize,
    table: Option<usize>,
    row: usize,
    col: usize,
}

impl<'s> Builder<'s> {
    fn offset(&self, lc: comrak::nodes::LineColumn) -> usize {
        if lc.line == 0 {
            return 0;
        }
        let start = self.index.line_start(lc.line);
        floor_char_boundary(
            self.src,
            (start + lc.column.saturating_sub(1)).min(self.src.len()),
        )
    }

    fn span(&self, sp: Sourcepos) -> Span {
        let s = self.offset(sp.start);
        let e = if sp.end.line == 0 {
            s
        } else {
            let start = self.index.line_start(sp.end.line);
            ceil_char_boundary(self.src, (start + sp.end.column).min(self.src.len()))
        };
        s..e.max(s)
    }

    fn push_block(&mut self, kind: BlockKind, span: Span) -> usize {
        let i = self.blocks.len();
        self.blocks.push(Block {
            kind,
            lines: SmallVec::new(),
            span,
            parent: self.items.last().copied(),
            end: i + 1,
            section: None,
        });
        i
    }

    fn line_mut(&mut self) -> Option<&mut Line> {
        let b = self.collecting?;
        let block = &mut self.blocks[b];
        if block.lines.is_empty() {
            block.lines.push(new_line(&block.span));
        }
        block.lines.last_mut()
    }

    /// Append `text` (from `src_start`) to the collecting block's current line; a code span
    /// also records its range and its source span (`code`).
    fn push_piece(&mut self, text: &str, src_start: usize, exact: bool, code: Option<Span>) {
        if let Some(line) = self.line_mut() {
            let start = line.text.len();
            line.segs.push(Seg {
                text_start: start,
                len: text.len(),
                src_start,
                exact,
            });
            line.text.push_str(text);
            if let Some(span) = code {
                line.code.push(start..start + text.len());
                line.code_src.push(span);
            }
        }
    }

    fn push_text(&mut self, text: &str, src_start: usize, exact: bool) {
        self.push_piece(text, src_start, exact, None);
    }

    fn new_line(&mut self) {
        if let Some(b) = self.collecting {
            let block = &mut self.blocks[b];
            block.lines.push(new_line(&block.span));
        }
    }
}

/// An empty line sized for its text, so that building it rarely reallocates: at most the
/// block's source length (lines are short; the cap keeps a long paragraph's lines small).
fn new_line(block_span: &Span) -> Line {
    Line {
        text: String::with_capacity(block_span.len().min(160)),
        segs: SmallVec::new(),
        ..Line::default()
    }
}

/// Parse `source` (without a BOM) into a [`Document`].
pub fn parse(path: &str, dir: Option<PathBuf>, source: String, template: &Template) -> Document {
    let arena = Arena::new();
    let options = comrak_options();
    let root = parse_document(&arena, &source, &options);
    let index = LineIndex::new(&source);
    // At most about one block per line, plus one per table cell (each cell has a `|` next to
    // it): sized once, so the block list is never copied to grow.
    let max_blocks = index.line_count() + memchr::memchr_iter(b'|', source.as_bytes()).count() + 8;
    let mut b = Builder {
        src: &source,
        index,
        blocks: Vec::with_capacity(max_blocks),
        tables: Vec::new(),
        links: Vec::new(),
        html: Vec::new(),
        directives: Vec::new(),
        items: Vec::new(),
        collecting: None,
        item_wants_para: false,
        merged_para_depth: 0,
        table: None,
        row: 0,
        col: 0,
    };

    for edge in root.traverse() {
        match edge {
            NodeEdge::Start(node) => {
                let data = node.data();
                let sp = data.sourcepos;
                match &data.value {
                    NodeValue::Heading(h) => {
                        b.item_wants_para = false;
                        let span = b.span(sp);
                        let i = b.push_block(BlockKind::Heading { level: h.level }, span);
                        b.collecting = Some(i);
                    }
                    NodeValue::Paragraph => {
                        let in_cell_or_merged = b.item_wants_para
                            && node
                                .parent()
                                .and_then(|p| p.first_child())
                                .map(|c| c as *const _)
                                == Some(node as *const _);
                        if in_cell_or_merged {
                            // The item's own first paragraph: its lines become the item's.
                            b.item_wants_para = false;
                            b.merged_para_depth += 1;
                            let item = *b.items.last().expect("item open");
                            b.collecting = Some(item);
                        } else {
                            b.item_wants_para = false;
                            let span = b.span(sp);
                            let i = b.push_block(BlockKind::Paragraph, span);
                            b.collecting = Some(i);
                        }
                    }
                    NodeValue::Item(list) => {
                        let ordered = list.list_type == ListType::Ordered;
                        let span = b.span(sp);
                        let depth = b.items.len();
                        let i = b.push_block(
                            BlockKind::Item {
                                ordered,
                                task: None,
                                depth,
                            },
                            span,
                        );
                        b.items.push(i);
                        b.item_wants_para = true;
                    }
                    NodeValue::TaskItem(t) => {
                        let ordered = node
                            .parent()
                            .map(|p| {
                                matches!(&p.data().value, NodeValue::List(l) if l.list_type == ListType::Ordered)
                            })
                            .unwrap_or(false);
                        let span = b.span(sp);
                        let depth = b.items.len();
                        let i = b.push_block(
                            BlockKind::Item {
                                ordered,
                                task: Some(t.symbol.is_some()),
                                depth,
                            },
                            span,
                        );
                        b.items.push(i);
                        b.item_wants_para = true;
                    }
                    NodeValue::Table(_) => {
                        b.item_wants_para = false;
                        let span = b.span(sp);
                        b.tables.push(Table {
                            rows: Vec::new(),
                            span,
                            section: None,
                        });
                        b.table = Some(b.tables.len() - 1);
                        b.row = 0;
                    }
                    NodeValue::TableRow(_) => {
                        if let Some(t) = b.table {
                            b.tables[t].rows.push(Vec::new());
                            b.row = b.tables[t].rows.len() - 1;
                            b.col = 0;
                        }
                    }
                    NodeValue::TableCell => {
                        if let Some(t) = b.table {
                            let span = b.span(sp);
                            let line = new_line(&span);
                            let i = b.push_block(
                                BlockKind::TableCell {
                                    table: t,
                                    row: b.row,
                                    col: b.col,
                                },
                                span,
                            );
                            b.tables[t].rows[b.row].push(i);
                            b.col += 1;
                            b.collecting = Some(i);
                            b.blocks[i].lines.push(line);
                        }
                    }
                    NodeValue::CodeBlock(c) => {
                        b.item_wants_para = false;
                        let span = b.span(sp);
                        let has_text = c.literal.chars().any(char::is_alphanumeric);
                        b.push_block(BlockKind::CodeBlock { has_text }, span);
                    }
                    NodeValue::HtmlBlock(h) => {
                        b.item_wants_para = false;
                        let span = b.span(sp);
                        b.push_block(BlockKind::HtmlBlock, span.clone());
                        record_html(&mut b, &h.literal, span);
                    }
                    NodeValue::ThematicBreak | NodeValue::BlockQuote | NodeValue::List(_) => {
                        b.item_wants_para = false;
                    }
                    NodeValue::Text(t) => {
                        let span = b.span(sp);
                        let exact = sp.start.line != 0
                            && b.src
                                .get(span.clone())
                                .map(|s| s == t.as_ref())
                                .unwrap_or(false);
                        let start = if sp.start.line == 0 {
                            // Synthetic text (no position): map to the line's last position.
                            b.line_mut()
                                .and_then(|l| {
                                    l.segs
                                        .last()
                                        .map(|s| s.src_start + if s.exact { s.len } else { 0 })
                                })
                                .unwrap_or(0)
                        } else {
                            span.start
                        };
                        b.push_text(t, start, exact);
                    }
                    NodeValue::Code(c) => {
                        let span = b.span(sp);
                        let literal = c.literal.as_str();
                        // Map the literal to the source after the opening backticks when verbatim.
                        let inner = span.start + c.num_backticks;
                        let exact = b.src.get(inner..inner + literal.len()) == Some(literal);
                        let src_start = if exact { inner } else { span.start };
                        b.push_piece(literal, src_start, exact, Some(span));
                    }
                    NodeValue::HtmlInline(lit) => {
                        let span = b.span(sp);
                        if is_template_token(lit) {
                            let exact = b.src.get(span.clone()) == Some(lit.as_str());
                            b.push_text(lit, span.start, exact);
                        } else {
                            record_html(&mut b, lit, span);
                        }
                    }
                    NodeValue::SoftBreak | NodeValue::LineBreak => b.new_line(),
                    NodeValue::Link(l) => {
                        let span = b.span(sp);
                        // `[text](url)` starts with its bracket; an autolink is its address.
                        let autolink = b.src.get(span.clone()).is_some_and(|s| !s.starts_with('['));
                        b.links.push(LinkRef {
                            url: l.url.clone(),
                            span,
                            image: false,
                            autolink,
                            section: None,
                        });
                    }
                    NodeValue::Image(l) => {
                        let span = b.span(sp);
                        b.links.push(LinkRef {
                            url: l.url.clone(),
                            span,
                            image: true,
                            autolink: false,
                            section: None,
                        });
                    }
                    _ => {}
                }
            }
            NodeEdge::End(node) => {
                let data = node.data();
                match &data.value {
                    NodeValue::Heading(_) | NodeValue::TableCell => b.collecting = None,
                    NodeValue::Paragraph => {
                        if b.merged_para_depth > 0
                            && b.collecting
                                .is_some_and(|c| matches!(b.blocks[c].kind, BlockKind::Item { .. }))
                        {
                            b.merged_para_depth -= 1;
                        }
                        b.collecting = None;
                    }
                    NodeValue::Item(_) | NodeValue::TaskItem(_) => {
                        if let Some(i) = b.items.pop() {
                            b.blocks[i].end = b.blocks.len();
                        }
                        b.item_wants_para = false;
                    }
                    NodeValue::Table(_) => b.table = None,
                    _ => {}
                }
            }
        }
    }

    // Drop empty trailing lines produced by breaks at the end of a paragraph.
    for block in &mut b.blocks {
        while block.lines.len() > 1 && block.lines.last().is_some_and(|l| l.text.is_empty()) {
            block.lines.pop();
        }
    }

    let Builder {
        index,
        mut blocks,
        mut tables,
        mut links,
        mut html,
        directives,
        ..
    } = b;

    let (sections, h1s) = sections::build_sections(&mut blocks, template);
    // Assign sections to tables, links and HTML by position.
    let section_of = |off: usize| -> Option<usize> {
        let mut found = None;
        for (i, s) in sections.iter().enumerate() {
            if blocks[s.heading].span.start <= off {
                found = Some(i);
            } else {
                break;
            }
        }
        found
    };
    for t in &mut tables {
        t.section = section_of(t.span.start);
    }
    for l in &mut links {
        l.section = section_of(l.span.start);
    }
    for h in &mut html {
        h.section = section_of(h.span.start);
    }

    let mut doc = Document {
        path: path.to_string(),
        dir,
        source,
        index,
        blocks,
        tables,
        sections,
        links,
        html,
        directives,
        h1s,
        facts: facts::Facts::default(),
    };
    doc.facts = facts::Facts::extract(&doc, template);
    doc
}

fn is_template_token(lit: &str) -> bool {
    let Some(inner) = lit.strip_prefix('<').and_then(|s| s.strip_suffix('>')) else {
        return false;
    };
    if inner.starts_with('/') || inner.starts_with('!') || inner.starts_with('?') {
        return false;
    }
    if inner.contains(['=', '"', '\'', '<', '>', '\n']) {
        return false;
    }
    let name: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    !name.is_empty() && !HTML_ELEMENTS.contains(&name.to_ascii_lowercase().as_str())
}

fn record_html(b: &mut Builder<'_>, literal: &str, span: Span) {
    let trimmed = literal.trim();
    if let Some(body) = trimmed
        .strip_prefix("<!--")
        .and_then(|s| s.strip_suffix("-->"))
        .map(str::trim)
    {
        if let Some(d) = parse_directive(body) {
            // A block may hold several comments; only a lone directive comment is a directive.
            let end_line = b.index.line_of(span.end.saturating_sub(1).max(span.start));
            let mut d = d;
            d.span = span.clone();
            d.end_line = end_line;
            d.location = b.index.location(b.src, span.clone());
            b.directives.push(d);
            return;
        }
    }
    b.html.push(Html {
        literal: literal.to_string(),
        span,
        section: None,
    });
}

fn parse_directive(body: &str) -> Option<Directive> {
    let rest = body.strip_prefix("prd-lint-")?;
    let (kind, rest) = if let Some(r) = rest.strip_prefix("disable-next-line") {
        (DirectiveKind::DisableNextLine, r)
    } else if let Some(r) = rest.strip_prefix("disable-file") {
        (DirectiveKind::DisableFile, r)
    } else if let Some(r) = rest.strip_prefix("disable") {
        (DirectiveKind::Disable, r)
    } else if let Some(r) = rest.strip_prefix("enable") {
        (DirectiveKind::Enable, r)
    } else {
        return None;
    };
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let rules = rest
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    Some(Directive {
        location: Location::default(),
        kind,
        rules,
        span: 0..0,
        end_line: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(src: &str) -> Document {
        parse("prd.md", None, src.to_string(), &Template::torus())
    }

    #[test]
    fn list_item_takes_its_first_paragraph_lines() {
        let d = doc("- **Goals:** one\n  two\n  - nested `code` here\n");
        let items: Vec<&Block> = d
            .blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Item { .. }))
            .collect();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].lines[0].text, "Goals: one");
        assert_eq!(items[0].lines[1].text, "two");
        assert_eq!(items[1].lines[0].text, "nested code here");
        assert_eq!(items[1].parent, Some(0));
        assert_eq!(items[0].end, 2);
        let l = &items[1].lines[0];
        let code = l.code[0].clone();
        assert_eq!(&d.source[l.src_span(code)], "code");
    }

    #[test]
    fn template_tokens_are_text_and_tags_are_html() {
        let d = doc("# <Feature Name> — PRD\n\nSee <span>x</span>.\n");
        assert_eq!(d.blocks[0].lines[0].text, "<Feature Name> — PRD");
        assert_eq!(d.html.len(), 2);
    }

    #[test]
    fn directives_are_not_html() {
        let d = doc("<!-- prd-lint-disable-next-line PRD050, placeholder -->\nTBD\n");
        assert!(d.html.is_empty());
        assert_eq!(d.directives.len(), 1);
        assert_eq!(d.directives[0].kind, DirectiveKind::DisableNextLine);
        assert_eq!(d.directives[0].rules, vec!["PRD050", "placeholder"]);
        assert_eq!(d.directives[0].end_line, 1);
    }

    #[test]
    fn front_matter_is_metadata_not_a_heading() {
        let d = doc("---\ntitle: A\nstatus: draft\n---\n\n# A — PRD\n");
        assert_eq!(d.blocks.len(), 1);
        assert_eq!(d.blocks[0].lines[0].text, "A — PRD");
        assert_eq!(d.location(d.blocks[0].span.clone()).start.line, 6);
    }

    #[test]
    fn text_maps_back_to_source() {
        let d = doc("Para with **bold TBD** word\n");
        let l = &d.blocks[0].lines[0];
        let at = l.text.find("TBD").unwrap();
        let span = l.src_span(at..at + 3);
        assert_eq!(&d.source[span], "TBD");
    }
}
