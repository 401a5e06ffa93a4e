#!/usr/bin/env bash
# PDF benchmark: what typesetting a PDF of every release in every language costs a build.
# On a generated corpus of N releases in 4 languages (4 × N PDFs), the median wall time,
# CPU time and peak memory of a build into an empty folder:
#   - with no PDF in the cache (every PDF typeset),
#   - with every PDF in the cache (none typeset),
#   - and, when BASELINE is set to another pressroom binary (one without PDFs), of that
#     binary on the same corpus: the difference is what the PDFs cost.
#
#   bench/pdfs.sh 1000                      (default: 1000)
#   BASELINE=/tmp/old/pressroom bench/pdfs.sh 1000
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
cargo build --release --quiet --bins --examples
bin=target/release/pressroom
work=/tmp/pressroom-bench
mkdir -p "$work"
site="$work/site-$n"; out="$work/pdf-out-$n"
[ -d "$site" ] || cargo run --release --quiet --example gen_corpus -- --releases "$n" --out "$site" >/dev/null

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
measure() {
  local file=$1; shift
  rm -rf "$out" "$work/.pdf-out-$n".*
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >/dev/null
  awk '{printf "%s %.2f %.0f\n", $1, $2 + $3, $4 / 1024}' "$work/time.txt" >> "$file"
}
report() {
  printf "%s s | %s s | %s MB" \
    "$(cut -d' ' -f1 "$1" | median)" "$(cut -d' ' -f2 "$1" | median)" "$(cut -d' ' -f3 "$1" | median)"
}

rm -f "$work"/pdf-cold "$work"/pdf-warm "$work"/pdf-base
for run in 1 2 3; do
  rm -rf "$site/.pressroom-cache/pdfs"
  measure "$work/pdf-cold" "$bin" build --root "$site" --output "$out"
done
for run in 1 2 3; do
  measure "$work/pdf-warm" "$bin" build --root "$site" --output "$out"
done
pdfs=$(find "$out" -name '*.pdf' | wc -l)
bytes=$(find "$out" -name '*.pdf' -printf '%s\n' | awk '{s+=$1} END {print s}')
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). $pdfs PDFs, $((bytes / pdfs)) bytes each on average."
echo
echo "| N=$n, build into an empty folder | median wall | median CPU | median peak memory |"
echo "|---|---|---|---|"
echo "| every PDF typeset (none cached) | $(report "$work/pdf-cold") |"
echo "| every PDF from the cache | $(report "$work/pdf-warm") |"
if [ -n "${BASELINE:-}" ]; then
  for run in 1 2 3; do
    measure "$work/pdf-base" "$BASELINE" build --root "$site" --output "$out"
  done
  echo "| baseline: $BASELINE | $(report "$work/pdf-base") |"
fi
rm -rf "$out" "$work/.pdf-out-$n".*
