#!/usr/bin/env bash
# prd-lint benchmark: prd-lint vs a comrak parse-only pass vs rumdl / markdownlint-cli2 (MD043 only)
# over generated corpora of Torus PRDs. See bench/README.md.
#
#   bash bench/run.sh            # 10,000 and 1,000 PRDs + a single file (15–30 minutes)
#   bash bench/run.sh --quick    # 1,000 and 200 PRDs, fewer runs (smoke test, ~3 minutes)
#
# Environment overrides: BENCH_SEED (default 42), BENCH_DEFECT_RATE (0.03), BENCH_RUNS (runs of the
# fast tools), BENCH_SLOW_RUNS (runs of markdownlint-cli2 over a corpus), BENCH_SKIP_INSTALL=1 (never
# install anything), BENCH_SKIP_MARKDOWNLINT=1, BENCH_SKIP_RUMDL=1.
#
# Writes everything under bench/out/ (gitignored): corpus-N/ (generated PRDs, reused when generated
# with the same seed, count, defect rate and generator source), single/, hf-*.json (hyperfine),
# facts.tsv, env.tsv, run.log and results.md (the table, also printed at the end).

set -uo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
OUT="$BENCH/out"
export CARGO_TARGET_DIR="$BENCH/target"

QUICK=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $arg (try --help)" >&2; exit 2 ;;
  esac
done

SEED="${BENCH_SEED:-42}"
DEFECT_RATE="${BENCH_DEFECT_RATE:-0.03}"
if [ "$QUICK" = 1 ]; then
  BIG=1000; SMALL=200
  RUNS="${BENCH_RUNS:-5}"; WARMUP=1
  SLOW_RUNS_BIG="${BENCH_SLOW_RUNS:-2}"; SLOW_RUNS_SMALL="${BENCH_SLOW_RUNS:-2}"
  SINGLE_RUNS=15; SINGLE_WARMUP=3
else
  BIG=10000; SMALL=1000
  RUNS="${BENCH_RUNS:-10}"; WARMUP=2
  SLOW_RUNS_BIG="${BENCH_SLOW_RUNS:-2}"; SLOW_RUNS_SMALL="${BENCH_SLOW_RUNS:-3}"
  SINGLE_RUNS=40; SINGLE_WARMUP=5
fi

mkdir -p "$OUT"
LOG="$OUT/run.log"
: > "$LOG"
FACTS="$OUT/facts.tsv"
ENVF="$OUT/env.tsv"
: > "$FACTS"
: > "$ENVF"
rm -f "$OUT"/hf-*.json "$OUT"/prd-lint-*.txt "$OUT/results.md"

say() { printf '\n==> %s\n' "$*" | tee -a "$LOG"; }
warn() { printf 'run.sh: %s\n' "$*" | tee -a "$LOG" >&2; }
fact() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$FACTS"; }
envline() { printf '%s\t%s\n' "$1" "$2" >> "$ENVF"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'; }

apt_updated=0
apt_install() {
  [ "${BENCH_SKIP_INSTALL:-0}" = 1 ] && return 1
  command -v apt-get >/dev/null 2>&1 || return 1
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo -n"
  if [ "$apt_updated" = 0 ]; then
    $sudo apt-get update -qq >>"$LOG" 2>&1 || true
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >>"$LOG" 2>&1
}

# ---------------------------------------------------------------------------------------------
say "Tools"

if ! command -v hyperfine >/dev/null 2>&1; then
  echo "hyperfine missing: installing it with apt-get" | tee -a "$LOG"
  apt_install hyperfine || true
fi
if ! command -v hyperfine >/dev/null 2>&1; then
  warn "hyperfine is required and could not be installed (apt-get install hyperfine); giving up"
  exit 1
fi
echo "hyperfine: $(hyperfine --version)" | tee -a "$LOG"

TIME_BIN=/usr/bin/time
if ! [ -x "$TIME_BIN" ] || ! "$TIME_BIN" -v true >/dev/null 2>&1; then
  echo "/usr/bin/time missing: installing package time" | tee -a "$LOG"
  apt_install time || true
fi
if ! [ -x "$TIME_BIN" ] || ! "$TIME_BIN" -v true >/dev/null 2>&1; then
  warn "GNU time not available: peak memory will not be measured"
  TIME_BIN=""
fi

# rumdl (PyPI).
RUMDL=""
find_rumdl() {
  # Prefer the real binary to a pyenv/asdf shim: a shim is a shell script that adds ~50 ms per run.
  RUMDL=""
  if command -v python3 >/dev/null 2>&1; then
    local d
    for d in "$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))' 2>/dev/null)" \
             "$(python3 -m site --user-base 2>/dev/null)/bin"; do
      if [ -n "$d" ] && [ -x "$d/rumdl" ]; then RUMDL="$d/rumdl"; break; fi
    done
  fi
  [ -n "$RUMDL" ] || RUMDL="$(command -v rumdl 2>/dev/null || true)"
}
if [ "${BENCH_SKIP_RUMDL:-0}" != 1 ]; then
  find_rumdl
  if [ -z "$RUMDL" ] && [ "${BENCH_SKIP_INSTALL:-0}" != 1 ]; then
    echo "rumdl missing: pip install rumdl" | tee -a "$LOG"
    if command -v python3 >/dev/null 2>&1; then
      python3 -m pip install --quiet rumdl >>"$LOG" 2>&1 \
        || python3 -m pip install --quiet --user rumdl >>"$LOG" 2>&1 || true
      command -v pyenv >/dev/null 2>&1 && pyenv rehash >/dev/null 2>&1
      hash -r
      find_rumdl
    fi
  fi
  if [ -n "$RUMDL" ] && "$RUMDL" --version >/dev/null 2>&1; then
    echo "rumdl: $("$RUMDL" --version)" | tee -a "$LOG"
  else
    RUMDL=""
    warn "rumdl is not available (pip install rumdl failed): skipping the rumdl comparison"
  fi
fi

# markdownlint-cli2 (npm, pinned in bench/package.json, installed into bench/node_modules).
MDL=""
if [ "${BENCH_SKIP_MARKDOWNLINT:-0}" != 1 ]; then
  MDL_BIN="$BENCH/node_modules/.bin/markdownlint-cli2"
  if ! [ -x "$MDL_BIN" ] && [ "${BENCH_SKIP_INSTALL:-0}" != 1 ]; then
    if command -v npm >/dev/null 2>&1; then
      echo "markdownlint-cli2 missing: npm install in bench/" | tee -a "$LOG"
      if [ -f "$BENCH/package-lock.json" ]; then
        (cd "$BENCH" && npm ci --no-audit --no-fund >>"$LOG" 2>&1) \
          || (cd "$BENCH" && npm install --no-audit --no-fund >>"$LOG" 2>&1) || true
      else
        (cd "$BENCH" && npm install --no-audit --no-fund >>"$LOG" 2>&1) || true
      fi
    fi
  fi
  # (--help exits 2: look at what it prints, not at its status.)
  if [ -x "$MDL_BIN" ] && [[ "$("$MDL_BIN" --help 2>&1)" == markdownlint-cli2\ v* ]]; then
    MDL="$MDL_BIN"
    echo "markdownlint-cli2: $("$MDL" --help 2>/dev/null | head -1)" | tee -a "$LOG"
  else
    warn "markdownlint-cli2 is not available (npm install in bench/ failed, or node is missing/too old): skipping it"
  fi
fi

# ---------------------------------------------------------------------------------------------
say "Build (CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"

if ! (cd "$BENCH" && cargo build --release --quiet 2>&1 | tee -a "$LOG"; exit "${PIPESTATUS[0]}"); then
  warn "the bench crate (gen-corpus, parse-only) failed to build; giving up"
  exit 1
fi
GEN="$CARGO_TARGET_DIR/release/gen-corpus"
PARSE="$CARGO_TARGET_DIR/release/parse-only"
# The same pass with glibc malloc: for comparison only (prd-lint and `parse-only` use mimalloc).
PARSE_SYS="$CARGO_TARGET_DIR/release/parse-only-sysalloc"

PRDLINT=""
if (cd "$ROOT" && cargo build --release --quiet --bin prd-lint 2>&1 | tail -n 40 | tee -a "$LOG"; exit "${PIPESTATUS[0]}"); then
  PRDLINT="$CARGO_TARGET_DIR/release/prd-lint"
  echo "prd-lint: built $PRDLINT" | tee -a "$LOG"
else
  warn "prd-lint FAILED to build (cargo build --release in $ROOT; errors above and in $LOG); measuring the others only"
  fact build prd-lint note "prd-lint did not build at the time of this run; only the other tools were measured"
fi

# ---------------------------------------------------------------------------------------------
say "Corpora (seed $SEED, defect rate $DEFECT_RATE)"

GEN_SRC_SUM="$(cat "$BENCH/src/bin/gen-corpus.rs" "$BENCH/Cargo.toml" | sha256sum | cut -c1-16)"
ensure_corpus() {  # N -> prints nothing, leaves $OUT/corpus-N
  local n="$1" dir="$OUT/corpus-$1"
  local want="count=$n seed=$SEED defect-rate=$DEFECT_RATE src=$GEN_SRC_SUM"
  if [ -f "$dir/.bench-stamp" ] && [ "$(cat "$dir/.bench-stamp")" = "$want" ]; then
    echo "corpus-$n: reusing $dir" | tee -a "$LOG"
  else
    rm -rf "$dir"
    "$GEN" --out "$dir" --count "$n" --seed "$SEED" --defect-rate "$DEFECT_RATE" | tee -a "$LOG" || return 1
    echo "$want" > "$dir/.bench-stamp"
  fi
}
ensure_corpus "$BIG" || { warn "gen-corpus failed"; exit 1; }
ensure_corpus "$SMALL" || { warn "gen-corpus failed"; exit 1; }
for n in "$BIG" "$SMALL"; do
  fact "$n" corpus bytes "$(awk -F'\t' 'NR>1 {s+=$2} END {print s+0}' "$OUT/corpus-$n/manifest.tsv")"
  fact "$n" corpus defective "$(awk -F'\t' 'NR>1 && $3!="none"' "$OUT/corpus-$n/manifest.tsv" | wc -l)"
done

# The single file: the compliant PRD of median size in the small corpus, alone in its own tree.
SINGLE_SLUG="$(awk -F'\t' 'NR>1 && $3=="none" {print $2"\t"$1}' "$OUT/corpus-$SMALL/manifest.tsv" | sort -n \
  | awk -F'\t' '{a[NR]=$2} END {print a[int((NR+1)/2)]}')"
SINGLE_DIR="$OUT/single"
SINGLE_REL="docs/features/$SINGLE_SLUG/prd.md"
rm -rf "$SINGLE_DIR"
mkdir -p "$SINGLE_DIR/docs/features/$SINGLE_SLUG"
cp "$OUT/corpus-$SMALL/$SINGLE_REL" "$SINGLE_DIR/$SINGLE_REL"
fact single corpus bytes "$(wc -c < "$SINGLE_DIR/$SINGLE_REL")"
echo "single file: $SINGLE_REL ($(wc -c < "$SINGLE_DIR/$SINGLE_REL") bytes)" | tee -a "$LOG"

# ---------------------------------------------------------------------------------------------
# Command lines (run with the corpus directory as the current directory; hyperfine -N, no shell).
PRDLINT_ARGS="check --no-config --output-format concise --exit-zero --quiet"
# The same run with one trivial rule (the title check): what reading, parsing, building the document
# model and the facts every rule shares cost on their own (they are built whatever is selected).
ONE_RULE_ARGS="$PRDLINT_ARGS --select PRD001"
ONE_RULE="prd-lint, one rule (PRD001)"
RUMDL_ARGS="check --config $BENCH/rumdl.toml --no-cache --include docs/features/*/prd.md"
MDL_ARGS="--config $BENCH/.markdownlint-cli2.jsonc"

# Count what each tool saw and found, once per corpus (not timed), and measure peak RSS.
rss_of() {  # command... -> prints max RSS in KB
  [ -n "$TIME_BIN" ] || return 0
  "$TIME_BIN" -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}'
}

mdl_probe() {  # label target: one untimed markdownlint-cli2 run recording what it saw and found
  local label="$1" target="$2" out
  out="$("$MDL" $MDL_ARGS "$target" 2>&1)"
  fact "$label" "markdownlint-cli2 MD043" files "$(printf '%s\n' "$out" | sed -n 's|^Linting: \([0-9]*\) file.*|\1|p')"
  fact "$label" "markdownlint-cli2 MD043" findings "$(printf '%s\n' "$out" | sed -n 's|^Summary: \([0-9]*\) error.*|\1|p')"
  echo "markdownlint-cli2: $(printf '%s\n' "$out" | grep -E '^(Linting|Summary)' | tr '\n' ' ')" | tee -a "$LOG"
}

# probe LABEL DIR TARGET RUMDL_TARGET: untimed runs in DIR recording files seen, findings and peak RSS.
# (A subshell: it changes directory and disables globbing, since the arguments hold literal globs.)
probe() (
  set -f
  local label="$1" dir="$2" target="$3" rt="$4" out rc
  cd "$dir" || exit 1
  if [ -n "$PRDLINT" ]; then
    out="$("$PRDLINT" check --no-config --output-format json --exit-zero "$target" 2>/dev/null)"; rc=$?
    local files="?"
    if [ "$rc" = 0 ] && [ -n "$out" ]; then
      files="$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("files_checked","?"))' 2>/dev/null || echo '?')"
    fi
    fact "$label" prd-lint files "$files"
    "$PRDLINT" $PRDLINT_ARGS "$target" >/dev/null 2>&1; rc=$?
    if [ "$rc" != 0 ]; then
      warn "prd-lint exited $rc on $label (with --exit-zero): its timings are of a failing run"
      fact "$label" prd-lint note "exit $rc"
    fi
    "$PRDLINT" check --no-config --output-format concise --exit-zero "$target" > "$OUT/prd-lint-$label.txt" 2>/dev/null
    fact "$label" prd-lint findings "$(grep -c ': PRD[0-9]' "$OUT/prd-lint-$label.txt")"
    fact "$label" prd-lint rss_kb "$(rss_of "$PRDLINT" $PRDLINT_ARGS "$target")"
    fact "$label" "$ONE_RULE" files "$files"
    fact "$label" "$ONE_RULE" findings "$("$PRDLINT" $ONE_RULE_ARGS "$target" 2>/dev/null | grep -c ': PRD[0-9]')"
    fact "$label" "$ONE_RULE" rss_kb "$(rss_of "$PRDLINT" $ONE_RULE_ARGS "$target")"
  fi
  out="$("$PARSE" --threads 2 "$target" 2>&1)"
  fact "$label" "parse-only (2 threads)" files "$(printf '%s' "$out" | awk '{print $2}')"
  fact "$label" "parse-only (2 threads)" findings "–"
  fact "$label" "parse-only (2 threads)" rss_kb "$(rss_of "$PARSE" --threads 2 "$target")"
  fact "$label" "parse-only (1 thread)" files "$(printf '%s' "$out" | awk '{print $2}')"
  fact "$label" "parse-only (1 thread)" findings "–"
  fact "$label" "parse-only (1 thread)" rss_kb "$(rss_of "$PARSE" --threads 1 "$target")"
  fact "$label" "parse-only, system malloc (2 threads)" files "$(printf '%s' "$out" | awk '{print $2}')"
  fact "$label" "parse-only, system malloc (2 threads)" findings "–"
  fact "$label" "parse-only, system malloc (2 threads)" rss_kb "$(rss_of "$PARSE_SYS" --threads 2 "$target")"
  echo "parse-only: $out" | tee -a "$LOG"
  if [ -n "$RUMDL" ]; then
    out="$("$RUMDL" $RUMDL_ARGS "$rt" 2>&1 | tail -n 1)"
    echo "rumdl: $out" | tee -a "$LOG"
    fact "$label" "rumdl MD043" files "$(printf '%s' "$out" | sed -n 's|.* in [0-9]*/\([0-9]*\) files.*|\1|p; s|.*found in \([0-9]*\) files*.*|\1|p; s|.* issues* in \([0-9]*\) files*.*|\1|p' | head -1)"
    fact "$label" "rumdl MD043" findings "$(printf '%s' "$out" | sed -n 's|.*Found \([0-9]*\) issue.*|\1|p; s|.*No issues found.*|0|p' | head -1)"
    fact "$label" "rumdl MD043" rss_kb "$(rss_of "$RUMDL" $RUMDL_ARGS "$rt")"
  fi
)

time_corpus() {  # label dir target rumdl-target mdl-target
  local label="$1" dir="$2" target="$3" rt="$4" mt="$5"
  local cmds=()
  [ -n "$PRDLINT" ] && cmds+=(-n "prd-lint" "$PRDLINT $PRDLINT_ARGS $target")
  [ -n "$PRDLINT" ] && cmds+=(-n "$ONE_RULE" "$PRDLINT $ONE_RULE_ARGS $target")
  cmds+=(-n "parse-only (2 threads)" "$PARSE --threads 2 $target")
  cmds+=(-n "parse-only (1 thread)" "$PARSE --threads 1 $target")
  cmds+=(-n "parse-only, system malloc (2 threads)" "$PARSE_SYS --threads 2 $target")
  [ -n "$RUMDL" ] && cmds+=(-n "rumdl MD043" "$RUMDL $RUMDL_ARGS $rt")
  local runs="$RUNS" warmup="$WARMUP" slow_runs="$SLOW_RUNS_SMALL"
  [ "$label" = "$BIG" ] && slow_runs="$SLOW_RUNS_BIG"
  if [ "$label" = single ]; then
    runs="$SINGLE_RUNS"; warmup="$SINGLE_WARMUP"
    # markdownlint-cli2 takes ~0.2-0.5 s on one file: it can run with the others.
    if [ -n "$MDL" ]; then
      (set -f; cd "$dir" && mdl_probe "$label" "$mt")
      cmds+=(-n "markdownlint-cli2 MD043" "$MDL $MDL_ARGS $mt")
    fi
  fi
  say "Timing $label (runs $runs, warmup $warmup, load average $(loadavg))"
  (cd "$dir" && hyperfine -N -i --style basic --warmup "$warmup" --runs "$runs" \
      --export-json "$OUT/hf-$label-fast.json" "${cmds[@]}" 2>&1 | tee -a "$LOG")
  if [ -n "$MDL" ] && [ "$label" != single ]; then
    # markdownlint-cli2 takes minutes over 10,000 files: its warm-up run is the untimed probe run
    # just before hyperfine (same command, it records files seen and findings), not a second one.
    say "Timing markdownlint-cli2 on $label (runs $slow_runs, 1 untimed warm-up run, load average $(loadavg))"
    (set -f; cd "$dir" && mdl_probe "$label" "$mt")
    (cd "$dir" && hyperfine -N -i --style basic --warmup 0 --runs "$slow_runs" \
        --export-json "$OUT/hf-$label-slow.json" \
        -n "markdownlint-cli2 MD043" "$MDL $MDL_ARGS $mt" 2>&1 | tee -a "$LOG")
  fi
}

for n in "$BIG" "$SMALL"; do
  say "Probing corpus-$n (files seen, findings, peak RSS)"
  probe "$n" "$OUT/corpus-$n" . .
done
say "Probing the single file"
probe single "$SINGLE_DIR" "$SINGLE_REL" "$SINGLE_REL"

LOAD_BEFORE="$(loadavg)"
time_corpus "$BIG" "$OUT/corpus-$BIG" . . "docs/features/*/prd.md"
time_corpus "$SMALL" "$OUT/corpus-$SMALL" . . "docs/features/*/prd.md"
time_corpus single "$SINGLE_DIR" "$SINGLE_REL" "$SINGLE_REL" "$SINGLE_REL"
LOAD_AFTER="$(loadavg)"

# ---------------------------------------------------------------------------------------------
mode="full"; [ "$QUICK" = 1 ] && mode="quick"
envline title "Command: \`bash bench/run.sh$([ "$QUICK" = 1 ] && echo ' --quick')\` ($mode mode), $(date -u '+%Y-%m-%d %H:%M UTC')."
envline "machine" "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
envline "load average before / after timing" "$LOAD_BEFORE / $LOAD_AFTER (the machine is shared: a load above 0.5 inflates every number)"
envline "corpus" "gen-corpus --seed $SEED --defect-rate $DEFECT_RATE; single file: $SINGLE_REL"
envline "rustc" "$(rustc --version 2>/dev/null)"
envline "hyperfine" "$(hyperfine --version 2>/dev/null)"
[ -n "$RUMDL" ] && envline "rumdl" "$("$RUMDL" --version 2>/dev/null) (\`$RUMDL $RUMDL_ARGS .\`)"
[ -n "$MDL" ] && envline "markdownlint-cli2" "$("$MDL" --help 2>/dev/null | head -1) on node $(node --version 2>/dev/null) (\`markdownlint-cli2 $MDL_ARGS 'docs/features/*/prd.md'\`)"
[ -n "$PRDLINT" ] && envline "prd-lint" "\`prd-lint $PRDLINT_ARGS .\` (release build of $ROOT)"
envline "parse-only" "comrak 0.59 (table, tasklist, strikethrough, autolink, front matter), ignore walk + rayon, \`parse-only --threads N .\`"

say "Results ($OUT/results.md)"
python3 "$BENCH/report.py" "$OUT"
