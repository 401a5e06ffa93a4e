#!/usr/bin/env bash
# Build benchmark: median wall time, CPU time and peak memory of `pressroom build` on
# generated corpora, for a fresh build into an empty folder, a second build (the output
# published, its spare generation new), a rebuild after one release was edited, and a
# rebuild with nothing changed; and the disk's floor for the same tree.
#
#   bench/build.sh 1000 10000 20000    (default: 100 1000)
#   PRESSROOM=/tmp/old/pressroom bench/build.sh 1000    (another binary, e.g. a baseline)
#
# Corpora go to /tmp/pressroom-bench/N; results are printed as Markdown tables, the second
# giving the size of the search index in each language.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then sizes=("$@"); else sizes=(100 1000); fi
cargo build --release --quiet --bins --examples
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
bin=${PRESSROOM:-$target/release/pressroom}
work=/tmp/pressroom-bench
mkdir -p "$work"

# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# measure FILE COMMAND...: runs the command, appending "wall cpu peak_mb" to FILE
measure() {
  local file=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >/dev/null
  awk '{printf "%s %.2f %.0f\n", $1, $2 + $3, $4 / 1024}' "$work/time.txt" >> "$file"
}

report() {
  local file=$1
  printf "%s s | %s s | %s MB" \
    "$(cut -d' ' -f1 "$file" | median)" "$(cut -d' ' -f2 "$file" | median)" "$(cut -d' ' -f3 "$file" | median)"
}

# size_kb PATTERN...: the size of the matching files, in KB
size_kb() { du -cb "$@" 2>/dev/null | tail -n 1 | awk '{printf "%.0f", $1 / 1024}'; }
indexes=()

echo "| N | case | median wall | median CPU | median peak memory |"
echo "|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  site="$work/site-$n"; out="$work/out-$n"
  [ -d "$site" ] || "$target"/release/examples/gen_corpus --releases "$n" --out "$site" >/dev/null
  rm -f "$work"/fresh "$work"/second "$work"/edit "$work"/noop
  for run in 1 2 3; do
    rm -rf "$out" "$work/.out-$n".*
    measure "$work/fresh" "$bin" build --root "$site" --output "$out"
  done
  # The published folder stands; its spare generation is made anew, file by file.
  for run in 1 2 3; do
    rm -rf "$work/.out-$n.spare"
    measure "$work/second" "$bin" build --root "$site" --output "$out"
  done
  if [ -d "$out/pagefind" ]; then
    for lang in $(ls "$out/pagefind" | sed -n 's/^pagefind\.\([a-z-]*\)_.*\.pf_meta$/\1/p'); do
      p="$out/pagefind"
      indexes+=("| $n | $lang | $(ls "$p"/fragment/"$lang"_* | wc -l) | $(size_kb "$p"/pagefind."$lang"_* "$p"/index/"$lang"_*) KB | $(size_kb "$p"/fragment/"$lang"_*) KB | $(size_kb "$p"/wasm."$lang".pagefind) KB |")
    done
  fi
  "$bin" build --root "$site" --output "$out" >/dev/null   # both generations exist now
  release="$site/content/releases/release-$(printf %05d $((n / 2))).md"
  cp "$release" "$work/release.bak"
  for run in 1 2 3 4 5; do
    echo "Edit $run." >> "$release"
    measure "$work/edit" "$bin" build --root "$site" --output "$out"
  done
  cp "$work/release.bak" "$release"
  "$bin" build --root "$site" --output "$out" >/dev/null
  "$bin" build --root "$site" --output "$out" >/dev/null
  for run in 1 2 3 4 5; do
    measure "$work/noop" "$bin" build --root "$site" --output "$out"
  done
  floors=()
  for run in 1 2 3; do
    floors+=("$("$target"/release/examples/disk_floor --like "$out" --out "$work/floor" | awk '{print $(NF-1)}')")
  done
  echo "| $n | fresh build, empty folder | $(report "$work/fresh") |"
  echo "| $n | second build, spare generation new | $(report "$work/second") |"
  echo "| $n | rebuild, one release edited | $(report "$work/edit") |"
  echo "| $n | rebuild, nothing changed | $(report "$work/noop") |"
  echo "| $n | disk floor (plain writes of the same tree) | $(printf '%s\n' "${floors[@]}" | median) s | | |"
  rm -rf "$work/floor"
done
if [ ${#indexes[@]} -gt 0 ]; then
  echo
  echo "| N | search index | records | word index | excerpts (fragments) | stemmer |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${indexes[@]}"
fi
echo
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
