#!/usr/bin/env python3
"""Time from saving a release to the reload event reaching an open page, with
`pressroom serve` running on a generated corpus:

    cargo run --release --example gen_corpus -- --releases 1000 --out /tmp/corpus
    cargo run --release -- serve --root /tmp/corpus --port 1196 &
    python3 bench/serve_latency.py /tmp/corpus 1196
"""
import http.client
import statistics
import sys
import time

site, port = sys.argv[1], int(sys.argv[2])
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 15
path = f"{site}/content/releases/release-00500.md"
original = open(path, encoding="utf-8").read()

conn = http.client.HTTPConnection("127.0.0.1", port)
conn.request("GET", "/__pressroom/events")
response = conn.getresponse()


def lines():
    buffer = b""
    while True:
        chunk = response.read1(4096)
        if not chunk:
            return
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            yield line.decode()


events = lines()
for line in events:  # the greeting ("ok" or "problem")
    if line.startswith("data:"):
        break

times = []
try:
    for run in range(runs):
        with open(path, "w", encoding="utf-8") as f:
            f.write(original + f"\nEdit {run}.\n")
        start = time.perf_counter()
        for line in events:
            if line.startswith("data: reload"):
                break
        times.append((time.perf_counter() - start) * 1000)
        time.sleep(0.2)
finally:
    with open(path, "w", encoding="utf-8") as f:
        f.write(original)
print(f"save to reload event: median {statistics.median(times):.1f} ms "
      f"(min {min(times):.1f}, max {max(times):.1f}), {len(times)} runs")
