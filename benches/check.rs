//! Criterion benches: the work per document — parse only (comrak with the same options), parse
//! into the document model, and parse + every rule — on the repository's valid fixtures.
//! Run: `cargo bench --bench check`. Whole-run timings over generated corpora: `bench/run.sh`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use prd_lint::check::{check_text, Plan, Selection};
use prd_lint::config::Config;
use prd_lint::template::Template;
use std::hint::black_box;
use std::path::PathBuf;

fn docs() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = std::fs::read_dir("fixtures/valid")
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "md").then(|| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
        })
        .collect();
    v.sort();
    v
}

fn bench(c: &mut Criterion) {
    let docs = docs();
    let bytes: usize = docs.iter().map(|d| d.1.len()).sum();
    let t = Template::torus();
    let cfg = Config::defaults(PathBuf::from("."));
    let plan = Plan::new(Selection::default());
    let mut g = c.benchmark_group("per-fixture-set");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("comrak-parse-only", |b| {
        let opts = prd_lint::document::comrak_options();
        b.iter(|| {
            for (_, text) in &docs {
                let arena = comrak::Arena::new();
                let root = comrak::parse_document(&arena, text, &opts);
                black_box(root.descendants().count());
            }
        })
    });
    g.bench_function("document-model", |b| {
        b.iter(|| {
            for (name, text) in &docs {
                black_box(prd_lint::document::parse(name, None, text.clone(), &t));
            }
        })
    });
    g.bench_function("parse-and-all-rules", |b| {
        b.iter(|| {
            for (name, text) in &docs {
                black_box(check_text(&cfg, &plan, name, None, text.clone()));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
