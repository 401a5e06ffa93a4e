// Search on the search page of each language: a word typed in another form than the
// text's finds the release (Pagefind's stemmers), with no CSP violation; without
// JavaScript the page offers the archive, the topics and the people instead. Only the
// search page may run WebAssembly.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launch, serveExample, watchedPage } from "./site.mjs";

let site;
let browser;

before(async () => {
  site = await serveExample();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  site?.close();
});

/// The results the search page shows for `query`, once it shows them.
async function search(page, query) {
  await page.fill("#search-q", query);
  await page.press("#search-q", "Enter");
  // Typing searches too: wait for the search Enter made, which names the query.
  await page.waitForFunction(
    (q) => document.getElementById("search-status").textContent.includes(q),
    query,
  );
  await page.locator("#search-results li").first().waitFor();
  return page.locator("#search-results li").evaluateAll((items) =>
    items.map((li) => ({
      href: li.querySelector("h2 a").href,
      title: li.querySelector("h2 a").textContent,
      detail: li.querySelector(".meta")?.textContent ?? "",
      excerpt: li.querySelector(".excerpt").textContent,
      marked: [...li.querySelectorAll(".excerpt mark")].map((m) => m.textContent),
      html: li.innerHTML,
    })),
  );
}

for (const [prefix, query, title, date] of [
  // The text says "torture"; the query is a form it does not have.
  ["", "tortured", "Landmark torture case", "12 June 2023"],
  // The text has التعذيب and للتعذيب, never بالتعذيب ("with the torture").
  ["/ar", "بالتعذيب", "تعذيب", "حزيران"],
  // The text has "rechtszaak" (a lawsuit), never its plural.
  ["/nl", "rechtszaken", "martelzaak", "juni 2023"],
]) {
  test(`search in ${prefix || "/"} finds the release by "${query}"`, async () => {
    const context = await browser.newContext();
    const { page, problems } = await watchedPage(context, site.base);
    await page.goto(`${site.base}${prefix}/search/`);
    assert.equal(await page.locator("#search-no-script").isHidden(), true);
    const results = await search(page, query);
    const release = results.find((r) => r.href === `${site.base}${prefix}/releases/icj-torture-case/`);
    assert.ok(release, JSON.stringify(results, null, 1));
    assert.ok(release.title.includes(title), release.title);
    assert.ok(release.detail.includes(date), release.detail);
    assert.ok(release.marked.length > 0, release.html);
    // Text and marks only: nothing of the excerpt became markup of its own.
    assert.deepEqual(
      await page.locator("#search-results li .excerpt *").evaluateAll((all) => [...new Set(all.map((e) => e.localName))]),
      ["mark"],
    );
    assert.ok((await page.textContent("#search-status")).includes(query));
    // The address carries the search, to share or come back to.
    assert.equal(new URL(page.url()).searchParams.get("q"), query);
    await page.reload();
    await page.locator("#search-results li").first().waitFor();
    assert.equal(await page.inputValue("#search-q"), query);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("a word in no release finds nothing, and says so", async () => {
  const context = await browser.newContext();
  const { page, problems } = await watchedPage(context, site.base);
  await page.goto(`${site.base}/search/`);
  await page.fill("#search-q", "xylophonist");
  await page.press("#search-q", "Enter");
  await page.waitForFunction(() => document.querySelector("#search-status").textContent.includes("Nothing"));
  assert.equal(await page.locator("#search-results li").count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test("without JavaScript the search page offers the archive, topics and people, and no form", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const { page, problems } = await watchedPage(context, site.base);
  for (const prefix of ["", "/ar"]) {
    await page.goto(`${site.base}${prefix}/search/`);
    assert.equal(await page.locator("form.search").isHidden(), true);
    assert.equal(await page.locator("#search-no-script").isVisible(), true);
    const links = await page.locator(".search-browse a").evaluateAll((all) => all.map((a) => new URL(a.href).pathname));
    assert.deepEqual(links, [`${prefix}/archive/`, `${prefix}/tags/`, `${prefix}/people/`]);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("only the search page may run WebAssembly", async () => {
  const context = await browser.newContext();
  const { page } = await watchedPage(context, site.base);
  // The smallest module there is: the magic number and the version.
  const compiles = () =>
    WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(
      () => true,
      () => false,
    );
  await page.goto(`${site.base}/search/`);
  assert.equal(await page.evaluate(compiles), true);
  for (const path of ["/", "/releases/icj-torture-case/", "/ar/archive/", "/contact/"]) {
    await page.goto(`${site.base}${path}`);
    assert.equal(await page.evaluate(compiles), false, path);
  }
  await context.close();
});
