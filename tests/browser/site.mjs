// The example site, built by pressroom into a temp folder and served on loopback, and a
// headless Chromium to read it with. Used by every browser test.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import { chromium } from "playwright-core";

const repo = resolve(import.meta.dirname, "../..");
const types = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/// Builds the example site for `http://127.0.0.1:<port>` and serves it there. `edit`,
/// if given, changes a copy of the site first: `edit(folder, base)`. Forms posted to the
/// server are kept in `posts`, as `{ path, body }`.
export async function serveExample(edit) {
  const dir = mkdtempSync(join(tmpdir(), "pressroom-browser-"));
  const out = join(dir, "public");
  const posts = [];
  const server = createServer((request, response) => {
    if (request.method === "POST") {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        posts.push({ path: request.url, body });
        response.writeHead(200, { "content-type": "text/plain" }).end("received");
      });
      return;
    }
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    let file = normalize(join(out, path));
    if (!file.startsWith(out)) {
      response.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      const body = readFileSync(file);
      response.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const base = `http://127.0.0.1:${server.address().port}`;
  const bin = process.env.PRESSROOM_BIN || join(repo, "target/debug/pressroom");
  let root = repo;
  if (edit) {
    root = join(dir, "site");
    for (const part of ["site.toml", "content", "media", "themes"]) {
      cpSync(join(repo, part), join(root, part), { recursive: true });
    }
    edit(root, base);
  }
  const build = spawnSync(bin, ["build", "--root", root, "--base-url", base, "--output", out], {
    encoding: "utf8",
  });
  if (build.status !== 0) {
    throw new Error(`pressroom build failed (${bin}):\n${build.stderr}`);
  }
  return {
    base,
    posts,
    close() {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/// Debian's Chromium, started as the machine allows it: no sandbox as root, and none of
/// the background connections this network refuses.
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/// A page that records what went wrong on it: script errors, CSP violations, and any
/// request to a host other than the site's own.
export async function watchedPage(context, base) {
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`script error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) {
      problems.push(`CSP: ${message.text()}`);
    }
  });
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (/^https?:$/.test(url.protocol) && url.origin !== base) {
      problems.push(`request to another host: ${request.url()}`);
    }
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return { page, problems };
}
