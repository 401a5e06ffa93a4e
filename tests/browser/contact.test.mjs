// Interview requests from where a journalist starts: a person's or a release's page
// links to the contact page, which (with JavaScript) fills in whom or what the request
// is about and composes a readable email; without JavaScript the form still works.
import assert from "node:assert/strict";
import { writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
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

/// The email the page composed: its subject and body, read from the link it shows.
async function composedEmail(page) {
  await page.locator("#composed").waitFor({ state: "visible" });
  const href = await page.locator("#composed-open").getAttribute("href");
  const url = new URL(href);
  assert.equal(url.protocol, "mailto:");
  assert.equal(url.pathname, "press@example.org");
  return {
    subject: url.searchParams.get("subject"),
    body: url.searchParams.get("body"),
    shown: await page.locator("#composed-text").textContent(),
  };
}

async function fillRequired(page, message) {
  await page.fill("#f-name", "Jane Doe");
  await page.fill("#f-outlet", "The Daily Example");
  await page.fill("#f-email", "jane@daily.example");
  await page.fill("#f-message", message);
}

test("a person's page asks for that person, in a readable email", async () => {
  const context = await browser.newContext();
  const { page, problems } = await watchedPage(context, site.base);
  await page.goto(`${site.base}/people/laila-kiki/`);
  await Promise.all([
    page.waitForURL(/\/contact\/\?person=laila-kiki$/),
    page.click(".interview-box a.button"),
  ]);
  assert.equal(await page.inputValue("#f-person"), "Laila Kiki");

  // The browser's own checks come first: a request without a name composes nothing.
  await page.click("form.request button[type=submit]");
  assert.equal(await page.locator("#composed").isHidden(), true);

  await fillRequired(page, "Could we speak on Friday?");
  await page.fill("#f-deadline", "Friday 17:00");
  await page.click("form.request button[type=submit]");
  const email = await composedEmail(page);
  assert.equal(email.subject, "Interview request: Laila Kiki");
  const lines = email.body.split("\r\n");
  for (const line of [
    "Your name: Jane Doe",
    "Media outlet: The Daily Example",
    "Email: jane@daily.example",
    "Deadline: Friday 17:00",
    "Person: Laila Kiki",
    "Interview language: English",
    "Your request:",
    "Could we speak on Friday?",
  ]) {
    assert.ok(lines.includes(line), `${line} in:\n${email.body}`);
  }
  assert.ok(!email.body.includes("="), email.body);
  // Nothing was chosen for whom to interview: the email does not say a legal expert.
  assert.ok(!email.body.includes("Who would you like"), email.body);
  assert.equal(await page.evaluate(() => document.activeElement.id), "composed");
  assert.ok(email.shown.startsWith("Interview request: Laila Kiki\n\n"), email.shown);
  assert.ok(email.shown.includes("Media outlet: The Daily Example"), email.shown);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a release's page asks about that release, in Arabic too", async () => {
  const context = await browser.newContext();
  const { page, problems } = await watchedPage(context, site.base);
  for (const prefix of ["", "/ar"]) {
    await page.goto(`${site.base}${prefix}/releases/icj-torture-case/`);
    const title = (await page.locator("h1").textContent()).trim();
    await Promise.all([
      page.waitForURL(/\/contact\/\?regarding=/),
      page.click(".release-notes a.button"),
    ]);
    assert.equal(await page.inputValue("#f-regarding"), title);
    assert.equal(await page.inputValue("#f-person"), "");
    await fillRequired(page, "سؤال");
    await page.click("form.request button[type=submit]");
    const email = await composedEmail(page);
    const subject = prefix ? `طلب مقابلة: ${title}` : `Interview request: ${title}`;
    assert.equal(email.subject, subject);
    assert.ok(email.body.split("\r\n").includes(prefix ? "الوسيلة الإعلامية: The Daily Example" : "Media outlet: The Daily Example"), email.body);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("without JavaScript the form is the plain email form, nothing preselected", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const { page, problems } = await watchedPage(context, site.base);
  await page.goto(`${site.base}/contact/?person=laila-kiki`);
  const form = page.locator("form.request");
  assert.match(await form.getAttribute("action"), /^mailto:press@example\.org\?subject=/);
  assert.equal(await form.getAttribute("enctype"), "text/plain");
  assert.equal(await page.locator("#f-outlet").getAttribute("name"), "Media outlet");
  assert.equal(await page.inputValue("#f-person"), "");
  assert.equal(await page.locator("#composed").isHidden(), true);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a title that looks like mail headers or patterns stays the subject's text", async () => {
  const title = "Costs of $& and $' & bcc=x@evil.example? #1 100%";
  const hostile = await serveExample((root) => {
    const file = join(root, "content/releases/icj-torture-case.md");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace(/^title: .*$/m, () => `title: ${JSON.stringify(title)}`));
  });
  try {
    const context = await browser.newContext();
    const { page, problems } = await watchedPage(context, hostile.base);
    await page.goto(`${hostile.base}/releases/icj-torture-case/`);
    await Promise.all([
      page.waitForURL(/\/contact\/\?regarding=/),
      page.click(".release-notes a.button"),
    ]);
    assert.equal(await page.inputValue("#f-regarding"), title);
    await fillRequired(page, "Hello");
    await page.click("form.request button[type=submit]");
    const email = await composedEmail(page);
    assert.equal(email.subject, `Interview request: ${title}`);
    const href = await page.locator("#composed-open").getAttribute("href");
    assert.deepEqual([...new URL(href).searchParams.keys()], ["subject", "body"]);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    hostile.close();
  }
});

test("a form that posts to the press office's server is left to post", async () => {
  const server = await serveExample((root, base) => {
    const file = join(root, "site.toml");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace('form_action = ""', `form_action = "${base}/requests"`));
  });
  try {
    const context = await browser.newContext();
    const { page, problems } = await watchedPage(context, server.base);
    await page.goto(`${server.base}/contact/?person=laila-kiki`);
    assert.equal(await page.inputValue("#f-person"), "laila-kiki");
    await fillRequired(page, "Hello");
    await Promise.all([
      page.waitForURL(/\/requests$/),
      page.click("form.request button[type=submit]"),
    ]);
    assert.equal(server.posts.length, 1);
    const sent = new URLSearchParams(server.posts[0].body);
    assert.equal(sent.get("person"), "laila-kiki");
    assert.equal(sent.get("outlet"), "The Daily Example");
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    server.close();
  }
});

test("spaces alone do not make a required field", async () => {
  const context = await browser.newContext();
  const { page } = await watchedPage(context, site.base);
  await page.goto(`${site.base}/contact/`);
  await fillRequired(page, "Hello");
  await page.fill("#f-name", "   ");
  await page.click("form.request button[type=submit]");
  assert.equal(await page.locator("#composed").isHidden(), true);
  assert.equal(await page.inputValue("#f-name"), "");
  await context.close();
});
