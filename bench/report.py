#!/usr/bin/env python3
"""Build the Markdown results table of bench/run.sh.

usage: report.py OUT_DIR

Reads OUT_DIR/hf-*.json (hyperfine --export-json, one file per corpus and group), OUT_DIR/facts.tsv
(lines `corpus<TAB>tool<TAB>key<TAB>value`: files, findings, rss_kb, note) and OUT_DIR/env.tsv
(`key<TAB>value`), prints the report and writes OUT_DIR/results.md.
"""
import glob
import json
import os
import re
import sys

ONE_RULE = "prd-lint, one rule (PRD001)"
TOOLS = [
    "prd-lint",
    ONE_RULE,
    "parse-only (2 threads)",
    "parse-only (1 thread)",
    "parse-only, system malloc (2 threads)",
    "rumdl MD043",
    "markdownlint-cli2 MD043",
]
BASE = "parse-only (2 threads)"
BASE1 = "parse-only (1 thread)"


def fmt_time(s):
    if s is None:
        return "–"
    if s < 1.0:
        return f"{s * 1000:.1f} ms"
    return f"{s:.2f} s"


def fmt_rss(kb):
    if kb in (None, ""):
        return "–"
    kb = int(kb)
    return f"{kb / 1024:.1f} MiB"


def main():
    out = sys.argv[1]
    runs = {}  # corpus -> tool -> hyperfine result
    order = []
    for path in sorted(glob.glob(os.path.join(out, "hf-*.json"))):
        corpus = os.path.basename(path)[3:-5].rsplit("-", 1)[0]
        with open(path) as fh:
            data = json.load(fh)
        for r in data.get("results", []):
            runs.setdefault(corpus, {})[r["command"]] = r
        if corpus not in order:
            order.append(corpus)
    facts = {}
    fpath = os.path.join(out, "facts.tsv")
    if os.path.exists(fpath):
        with open(fpath) as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if len(parts) == 4:
                    corpus, tool, key, value = parts
                    facts.setdefault(corpus, {}).setdefault(tool, {})[key] = value
                    if corpus not in order:
                        order.append(corpus)
    env = []
    epath = os.path.join(out, "env.tsv")
    if os.path.exists(epath):
        with open(epath) as fh:
            env = [l.rstrip("\n").split("\t", 1) for l in fh if "\t" in l]

    def key(c):
        # Largest corpus first, the single file last.
        if c == "single":
            return (1, 0)
        try:
            return (0, -int(c))
        except ValueError:
            return (0, 0)

    order = [c for c in order if c == "single" or c.isdigit()]
    order.sort(key=key)
    lines = ["# prd-lint benchmark results", ""]
    for k, v in env:
        if k == "title":
            lines.append(v)
            lines.append("")
    lines.append(
        "Whole-process wall time measured by hyperfine (mean ± σ over the runs, min–max), "
        "peak RSS by `/usr/bin/time -v`. Ratios are against the comrak parse-only pass over the "
        "same files."
    )
    lines.append("")
    summary = []
    for corpus in order:
        label = "single file (pre-commit case)" if corpus == "single" else f"{int(corpus):,} PRDs"
        byte_note = facts.get(corpus, {}).get("corpus", {}).get("bytes")
        if byte_note:
            b = int(byte_note)
            label += f" ({b / 1e6:.1f} MB)" if b >= 1e6 else f" ({b / 1e3:.1f} KB)"
        lines.append(f"## {label}")
        lines.append("")
        lines.append(
            "| tool | mean ± σ | min – max | runs | files | findings | peak RSS | × parse-only 2t | × parse-only 1t |"
        )
        lines.append("|---|---|---|---|---|---|---|---|---|")
        res = runs.get(corpus, {})
        base = res.get(BASE, {}).get("mean")
        base1 = res.get(BASE1, {}).get("mean")
        for tool in TOOLS:
            r = res.get(tool)
            f = facts.get(corpus, {}).get(tool, {})
            if r is None and not f:
                if tool == "prd-lint" and "build" in facts:
                    lines.append("| prd-lint | did not build: not measured | | | | | | | |")
                continue
            if r is None:
                note = f.get("note", "not measured")
                lines.append(f"| {tool} | {note} | | | | | | | |")
                continue
            mean, sd = r["mean"], r.get("stddev") or 0.0
            ratio = f"{mean / base:.2f}" if base else "–"
            ratio1 = f"{mean / base1:.2f}" if base1 else "–"
            lines.append(
                f"| {tool} | {fmt_time(mean)} ± {fmt_time(sd)} | {fmt_time(r['min'])} – {fmt_time(r['max'])} "
                f"| {len(r.get('times', []))} | {f.get('files', '?')} | {f.get('findings', '?')} "
                f"| {fmt_rss(f.get('rss_kb'))} | {ratio} | {ratio1} |"
            )
        lines.append("")
        pl = res.get("prd-lint")
        if pl and base and corpus != "single":
            summary.append(
                (corpus, f"prd-lint / parse-only (2 threads) over {int(corpus):,} PRDs: "
                 f"**{pl['mean'] / base:.2f}×** ({fmt_time(pl['mean'])} vs {fmt_time(base)})")
            )
        if pl and corpus == "single":
            summary.append(("single", f"prd-lint on one file: **{fmt_time(pl['mean'])}** wall (target < 5 ms: "
                            f"{'met' if pl['mean'] < 0.005 else 'NOT met'})"))
    # Targets.
    lines.append("## Targets")
    lines.append("")
    if not any(t == "prd-lint" for c in runs.values() for t in c):
        note = facts.get("build", {}).get("prd-lint", {}).get("note", "prd-lint was not measured")
        lines.append(f"- {note}")
    big = [c for c in order if c != "single"]
    for corpus, text in summary:
        if big and corpus == big[0]:
            ratio = runs[corpus]["prd-lint"]["mean"] / runs[corpus][BASE]["mean"]
            text += f" — target ≤ 1.25×: {'met' if ratio <= 1.25 else 'NOT met'}"
        lines.append(f"- {text}")
    # The share of the gap that no rule causes: the model and shared facts with one trivial rule.
    for corpus in big[:1]:
        one, base = runs[corpus].get(ONE_RULE), runs[corpus].get(BASE)
        if one and base:
            lines.append(
                f"- {ONE_RULE} over {int(corpus):,} PRDs: **{one['mean'] / base['mean']:.2f}×** "
                f"({fmt_time(one['mean'])}): reading, parsing, the document model and the facts every "
                "rule shares, with no other rule"
            )
    rss = [(c, facts.get(c, {}).get("prd-lint", {}).get("rss_kb")) for c in big]
    rss = [(c, int(v)) for c, v in rss if v]
    if len(rss) >= 2:
        (c1, r1), (c2, r2) = rss[0], rss[-1]
        lines.append(
            f"- prd-lint peak RSS: {fmt_rss(r1)} for {int(c1):,} PRDs, {fmt_rss(r2)} for {int(c2):,} PRDs "
            f"(×{r1 / r2:.2f} for ×{int(c1) / int(c2):.0f} the files; should stay near 1×)"
        )
    elif rss:
        lines.append(f"- prd-lint peak RSS: {fmt_rss(rss[0][1])} for {int(rss[0][0]):,} PRDs")
    # What prd-lint reported on the corpora (from the concise output of the probe run).
    for corpus in big:
        txt = os.path.join(out, f"prd-lint-{corpus}.txt")
        man = os.path.join(out, f"corpus-{corpus}", "manifest.tsv")
        if not (os.path.exists(txt) and os.path.exists(man)):
            continue
        defect = {}
        with open(man) as fh:
            next(fh)
            for l in fh:
                p = l.rstrip("\n").split("\t")
                defect[p[0]] = p[2]
        flagged = {}
        with open(txt) as fh:
            for l in fh:
                m = re.search(r"docs/features/([^/]+)/prd\.md:\d+:\d+: (PRD\d+)", l)
                if m:
                    flagged.setdefault(m.group(1), set()).add(m.group(2))
        bad = [s for s, d in defect.items() if d != "none"]
        good = [s for s, d in defect.items() if d == "none"]
        missed = {}
        for s in bad:
            if s not in flagged:
                missed[defect[s]] = missed.get(defect[s], 0) + 1
        noisy = [s for s in good if s in flagged]
        codes = {}
        for s in noisy:
            for c in flagged[s]:
                codes[c] = codes.get(c, 0) + 1
        line = (f"- prd-lint on {int(corpus):,} PRDs: flagged {len(bad) - sum(missed.values())} of the {len(bad)} "
                f"documents with a seeded defect; {len(noisy)} of the {len(good)} defect-free documents had findings")
        if codes:
            line += " (" + ", ".join(f"{c}×{n}" for c, n in sorted(codes.items())) + ")"
        lines.append(line)
        if missed:
            lines.append("  - seeded defects not reported: " + ", ".join(f"{d} ×{n}" for d, n in sorted(missed.items())))
    lines.append("")
    lines.append("## Environment")
    lines.append("")
    for k, v in env:
        if k != "title":
            lines.append(f"- {k}: {v}")
    text = "\n".join(lines).rstrip() + "\n"
    with open(os.path.join(out, "results.md"), "w") as fh:
        fh.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
