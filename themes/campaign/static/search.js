// Search, on the search page alone: the form, and results from the site's Pagefind index
// in the page's language (Pagefind picks the index by <html lang>). The page works
// without this file: it then offers the archive, the topics and the people, and shows no
// form.
//
// Every label comes from the page, in its language. Results are made as text and <mark>
// elements, never as HTML: an excerpt is read into an inert document first. Nothing is
// fetched but the site's own bundle.
"use strict";

const form = document.getElementById("search");
if (form) start(form);

function start(form) {
  const input = form.querySelector("input[type=search]");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const labels = form.dataset;
  document.getElementById("search-no-script").hidden = true;
  document.getElementById("search-browse-label").hidden = false;
  form.hidden = false;

  let loading = null;
  const pagefind = () =>
    (loading ??= import(labels.bundle).then(async (p) => {
      await p.options({ excerptLength: 30 });
      await p.init();
      return p;
    }));

  // Only the newest query's results are shown, however the searches finish.
  let latest = 0;
  async function run(query) {
    const mine = ++latest;
    const words = query.trim();
    if (!words) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    status.textContent = labels.searching;
    let found;
    try {
      const p = await pagefind();
      const search = await p.search(words);
      found = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
    } catch (error) {
      loading = null;
      if (mine === latest) {
        list.replaceChildren();
        status.textContent = labels.failed;
      }
      console.warn("search:", error);
      return;
    }
    if (mine !== latest) return;
    list.replaceChildren(...found.map(result));
    status.textContent = (found.length ? labels.results : labels.none).replace("{query}", words);
  }

  // A search is an address that can be shared: /search/?q=court.
  const asked = new URLSearchParams(window.location.search).get("q");
  if (asked) {
    input.value = asked;
    run(asked);
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(window.location.href);
    url.searchParams.set("q", input.value.trim());
    window.history.replaceState(null, "", url);
    run(input.value);
  });
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), 250);
  });
}

/// One result: its title as a link, its date (or a person's role) and its excerpt.
function result(item) {
  const li = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = item.url;
  link.textContent = item.meta.title || item.url;
  heading.append(link);
  li.append(heading);
  const detail = item.meta.date || item.meta.role;
  if (detail) {
    const p = document.createElement("p");
    p.className = "meta";
    p.textContent = detail;
    li.append(p);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "excerpt";
  excerpt.append(...marked(item.excerpt || ""));
  li.append(excerpt);
  return li;
}

/// The text of an excerpt, with the words found in <mark>. DOMParser's document runs no
/// script and loads nothing; only its text is kept.
function marked(html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  return [...doc.body.childNodes].map((node) => {
    if (node.nodeName !== "MARK") return document.createTextNode(node.textContent);
    const mark = document.createElement("mark");
    mark.textContent = node.textContent;
    return mark;
  });
}
