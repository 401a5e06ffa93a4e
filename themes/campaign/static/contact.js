// The interview-request form, made better where scripts run. The page works without
// this file: the form then has the browser compose the email itself.
//
// With it:
// - a link from a release or a person page fills in what the request is about
//   (`?regarding=<release title>`) or selects the person (`?person=<slug>`);
// - when the form composes an email (site.toml has no `form_action`), the email reads as
//   labelled lines ("Media outlet: …") under a subject naming the person or the release,
//   and the page shows the message to copy, for readers whose browser opens no email
//   program.
//
// Every text comes from the page, in its language; nothing is sent anywhere but to the
// press office's address, and only when the reader sends it.
"use strict";

(function () {
  const form = document.getElementById("request");
  if (!form) return;
  const params = new URLSearchParams(window.location.search);

  const person = form.querySelector("#f-person");
  const wanted = params.get("person");
  if (person && wanted) {
    for (const option of person.options) {
      if (option.dataset.slug === wanted) option.selected = true;
    }
  }
  const regarding = form.querySelector("#f-regarding");
  const about = params.get("regarding");
  if (regarding && about) {
    regarding.value = about.slice(0, regarding.maxLength > 0 ? regarding.maxLength : 300);
  }

  const to = form.dataset.to;
  if (!to) return;
  const composed = document.getElementById("composed");
  const colon = form.dataset.colon || ": ";

  // The label a reader sees, without the mark of a required field.
  function label(control) {
    const element = form.querySelector('label[for="' + control.id + '"]');
    if (!element) return control.name;
    const copy = element.cloneNode(true);
    for (const mark of copy.querySelectorAll(".req")) mark.remove();
    return copy.textContent.trim();
  }

  // "Label: value", or "Label? value" after a question.
  function line(name, value) {
    return /[?؟]$/.test(name) ? name + " " + value : name + colon + value;
  }

  function compose() {
    const lines = [];
    let message = "";
    for (const control of form.querySelectorAll("input, select, textarea")) {
      if (!control.name || control.type === "submit") continue;
      if ((control.type === "checkbox" || control.type === "radio") && !control.checked) continue;
      const value = control.value.trim();
      if (!value) continue;
      const shown =
        control.tagName === "SELECT" ? control.options[control.selectedIndex].text : value;
      if (control.tagName === "TEXTAREA") {
        message = label(control) + colon.trimEnd() + "\n" + shown;
      } else {
        lines.push(line(label(control), shown));
      }
    }
    if (message) lines.push("", message);
    const subjectOf = (person && person.value) || (regarding && regarding.value.trim());
    // A function, so that `$&` and the like in a title are text, not patterns.
    const subject = subjectOf
      ? form.dataset.subjectAbout.replace("{about}", () => subjectOf)
      : form.dataset.subject;
    return { subject: subject, body: lines.join("\n") };
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    // Spaces alone pass the browser's check of a required field; not this one.
    for (const control of form.querySelectorAll("[required]")) {
      if (!control.value.trim()) {
        control.value = "";
        form.reportValidity();
        return;
      }
    }
    const email = compose();
    // RFC 6068: line breaks in a mailto body are written %0D%0A.
    const href =
      "mailto:" +
      to +
      "?subject=" +
      encodeURIComponent(email.subject) +
      "&body=" +
      encodeURIComponent(email.body.replace(/\n/g, "\r\n"));
    if (composed) {
      composed.querySelector("#composed-open").href = href;
      composed.querySelector("#composed-text").textContent =
        email.subject + "\n\n" + email.body;
      composed.hidden = false;
      composed.focus();
    }
    window.location.href = href;
  });
})();
