#!/usr/bin/env bash
# Pictures and share cards benchmark: the build of a generated corpus of N releases (four
# languages, three statements each) with one photo per release (2000 x 1250 JPEG, each
# with its own bytes), cold (no cache: every picture encoded and every card drawn), warm
# (the cache of an earlier build, a new output folder), and a rebuild after one release
# was edited. Prints wall time, CPU time and peak memory.
#
#   bench/pictures.sh 1000      (default: 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
cargo build --release --quiet --bins --examples
bin=$PWD/target/release/pressroom
work=/tmp/pressroom-bench/pictures-$n
site=$work/site
rm -rf "$work" && mkdir -p "$work"
cargo run --release --quiet --example gen_corpus -- --releases "$n" --out "$site" >/dev/null
mkdir -p "$site/media"
for f in "$site"/content/releases/release-?????.md; do
  name=$(basename "$f" .md)
  # The same pixels, other bytes after the end of the picture: each is its own original.
  { cat media/candles.jpg; printf '%s' "$name"; } > "$site/media/$name.jpg"
  sed -i "0,/^tags:/s//image:\n  src: $name.jpg\n  alt: Candles\n  credit: Bench\ntags:/" "$f"
done

run() { # label, then the build's arguments
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$bin" build --root "$site" "$@" >/dev/null
  awk -v l="$label" '{printf "| %s | %s s | %.1f s | %.0f MB |\n", l, $1, $2 + $3, $4 / 1024}' "$work/time.txt"
}

echo "N=$n, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| build | wall | CPU | peak memory |"
echo "|---|---|---|---|"
# Each output folder is gone before the next: a build of this corpus is about 3 GB, with
# its spare generation as much again.
run "cold: no cache, empty folder" --output "$work/out-1"
rm -rf "$work/out-1" "$work/.out-1".*
run "warm: cache kept, empty folder" --output "$work/out-2"
rm -rf "$work/out-2" "$work/.out-2".*
run "warm again" --output "$work/out-3"
echo "Edit." >> "$site/content/releases/release-$(printf %05d $((n / 2))).md"
run "rebuild after one edit" --output "$work/out-3"
du -sh "$site/.pressroom-cache" "$work/out-3/media" | awk '{printf "%s %s\n", $2, $1}'
