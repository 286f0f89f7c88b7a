//! The README documents every rule from its page (run `python3 scripts/readme-rules.py` after
//! editing a page) and opens with the two commands.

#[test]
fn readme_carries_every_rule_page() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    for m in prd_lint::rules::all_meta() {
        assert!(!m.page.is_empty(), "{} has no page", m.code);
        assert!(
            m.page.contains("## Bad") && m.page.contains("## Good"),
            "{} lacks examples",
            m.code
        );
        let heading = format!("### {} {}", m.code, m.name);
        assert!(readme.contains(&heading), "README lacks {heading}");
        // The page body (headings demoted by two levels) appears verbatim.
        let body: String = m
            .page
            .lines()
            .map(|l| {
                if l.starts_with('#') {
                    format!("##{l}")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            readme.contains(body.trim()),
            "README's section for {} is out of date",
            m.code
        );
    }
}

#[test]
fn readme_opens_with_the_two_commands() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let first_block = readme.split("```sh").nth(1).unwrap();
    assert!(first_block.contains("cargo run --release -- check"));
    assert!(first_block.contains("cargo test"));
}
