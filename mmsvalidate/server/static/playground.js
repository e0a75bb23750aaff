// mmsvalidate playground: plain script, no framework, nothing loaded from elsewhere.
// Every string from a request or an answer goes into the page as text (textContent, text nodes), never as
// markup: the page's Content-Security-Policy requires Trusted Types and allows none, so it could not.
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const text = $("request");
  const formChoice = $("form");
  const gutter = $("gutter");
  const bars = $("bars");
  const numbers = $("numbers");
  const profile = $("profile");
  const panel = $("explanation");
  const TARGETS = ["xml", "query", "json"];
  const FORM_NAMES = { xml: "the XML body", query: "the query form", json: "JSON" };
  const SWITCHES = ["enforce-campaign-check", "require-operator-id", "query-gaps-are-slides", "week-and-ordinal-dates"];
  const state = {
    bytes: null, // an opened file's bytes, sent as they are until the text is edited
    timer: 0,
    seq: 0,
    controller: null,
    maxBytes: null,
    lines: 0,
    findings: [],
    form: null, // the form the request was read in
    row: null, // the finding last moved to
    opener: null, // the button that opened the explanation
  };

  // An element with text and attributes; children are elements or strings (text nodes).
  function el(tag, attributes, ...children) {
    const made = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === "text") made.textContent = value;
      else if (name === "class") made.className = value;
      else made.setAttribute(name, value);
    }
    made.append(...children);
    return made;
  }

  function say(message, problem) {
    const status = $("status");
    status.textContent = message;
    status.classList.toggle("problem", Boolean(problem));
  }

  function metrics() {
    const style = getComputedStyle(text);
    return { line: parseFloat(style.lineHeight), top: parseFloat(style.paddingTop) };
  }

  function renderNumbers() {
    let lines = 1;
    for (let at = text.value.indexOf("\n"); at !== -1; at = text.value.indexOf("\n", at + 1)) lines += 1;
    if (lines === state.lines) return;
    state.lines = lines;
    const shown = [];
    for (let n = 1; n <= lines; n += 1) shown.push(n);
    numbers.textContent = shown.join("\n");
  }

  function sync() {
    const shift = "translateY(" + -text.scrollTop + "px)";
    gutter.style.transform = shift;
    bars.style.transform = shift;
  }

  // One mark in the gutter and one bar behind the text for each line with findings: the worst severity shows.
  function renderMarks() {
    for (const old of gutter.querySelectorAll(".mark")) old.remove();
    bars.replaceChildren();
    const worst = new Map();
    for (const finding of state.findings) {
      if (finding.line == null) continue;
      if (worst.get(finding.line) !== "error") worst.set(finding.line, finding.severity);
    }
    const { line, top } = metrics();
    for (const [number, severity] of worst) {
      const y = top + (number - 1) * line + "px";
      const mark = el("span", { class: "mark " + severity, "data-line": number, text: severity === "error" ? "✖" : "▲" });
      mark.style.top = y;
      gutter.append(mark);
      const bar = el("div", { class: "bar " + severity, "data-line": number });
      bar.style.top = y;
      bars.append(bar);
    }
    sync();
  }

  function offsetOf(value, line, column) {
    let start = 0;
    for (let n = 1; n < line; n += 1) {
      const next = value.indexOf("\n", start);
      if (next === -1) return value.length;
      start = next + 1;
    }
    const end = value.indexOf("\n", start);
    return Math.min(start + Math.max(column - 1, 0), end === -1 ? value.length : end);
  }

  // Move the caret to a finding's line and column, and scroll its line into view.
  function goTo(finding, row) {
    if (finding.line == null) return;
    const offset = offsetOf(text.value, finding.line, finding.column || 1);
    text.focus();
    text.setSelectionRange(offset, offset);
    const { line, top } = metrics();
    const y = top + (finding.line - 1) * line;
    if (y < text.scrollTop || y + line > text.scrollTop + text.clientHeight) {
      text.scrollTop = Math.max(0, y - text.clientHeight / 3);
    }
    sync();
    for (const old of document.querySelectorAll(".current")) old.classList.remove("current");
    for (const bar of bars.querySelectorAll('[data-line="' + finding.line + '"]')) bar.classList.add("current");
    row.classList.add("current");
    state.row = row;
    say("Line " + finding.line + ", column " + (finding.column || 1) + ": " + finding.code + " " + finding.message);
  }

  function params() {
    const query = new URLSearchParams({ form: formChoice.value });
    for (const field of profile.elements) {
      if (!field.name || field.value.trim() === "") continue;
      if (!field.checkValidity()) {
        throw new Error(field.labels[0].textContent.trim() + ": " + field.validationMessage);
      }
      if (field.tagName === "TEXTAREA") {
        for (const entry of field.value.split("\n")) if (entry.trim()) query.append(field.name, entry.trim());
      } else {
        query.append(field.name, field.value.trim());
      }
    }
    return query;
  }

  function schedule(delay) {
    clearTimeout(state.timer);
    state.timer = setTimeout(check, delay);
  }

  async function check() {
    clearTimeout(state.timer);
    const body = state.bytes || text.value;
    const size = state.bytes ? state.bytes.length : new TextEncoder().encode(text.value).length;
    if (state.maxBytes !== null && size > state.maxBytes) {
      say("The request is " + size + " bytes, over the service's limit of " + state.maxBytes + ": not checked.", true);
      return;
    }
    let query;
    try {
      query = params();
    } catch (error) {
      say(error.message, true);
      return;
    }
    if (state.controller) state.controller.abort();
    const controller = (state.controller = new AbortController());
    const seq = (state.seq += 1);
    document.body.dataset.state = "checking";
    say("Checking…");
    let answer;
    try {
      const response = await fetch("/v1/playground?" + query, {
        method: "POST",
        body: body,
        headers: { "Content-Type": state.bytes ? "application/octet-stream" : "text/plain; charset=utf-8" },
        signal: controller.signal,
        cache: "no-store",
      });
      if (!response.ok) throw new Error("The service answered " + response.status + ": " + (await response.text()).trim());
      answer = await response.json();
    } catch (error) {
      if (error.name === "AbortError") return;
      if (seq === state.seq) {
        say(error.message, true);
        document.body.dataset.state = "failed";
      }
      return;
    }
    if (seq !== state.seq) return;
    show(answer);
    document.body.dataset.checks = String(seq);
    document.body.dataset.state = "done";
  }

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  function show(answer) {
    state.findings = answer.findings;
    state.form = answer.form;
    state.row = null;
    const errors = answer.findings.filter((f) => f.severity === "error").length;
    const warnings = answer.findings.length - errors;
    const read = answer.form ? "Read as " + FORM_NAMES[answer.form] : "Not read as any form";
    const outcome = answer.findings.length ? plural(errors, "error") + " and " + plural(warnings, "warning") : "no findings";
    const first = answer.first_error ? "; the API would answer " + answer.first_error : "";
    $("summary").textContent = read + ": " + outcome + first + ".";
    say("Checked: " + outcome + ".");
    const rows = answer.findings.map(findingRow);
    $("findings-body").replaceChildren(...rows);
    $("findings").hidden = rows.length === 0;
    $("response").textContent = answer.response;
    showConversions(answer);
    renderMarks();
  }

  function findingRow(finding) {
    const row = el("tr", { class: finding.severity });
    const icon = el("span", { "aria-hidden": "true", text: finding.severity === "error" ? "✖ " : "▲ " });
    let code = finding.code;
    if (finding.line != null) {
      code = el("button", { type: "button", class: "go" }, finding.code,
        el("span", { class: "visually-hidden", text: " go to line " + finding.line }));
      code.addEventListener("click", () => goTo(finding, row));
    }
    const explainButton = el("button", { type: "button", class: "explain" }, "Explain",
      el("span", { class: "visually-hidden", text: " " + finding.code }));
    explainButton.addEventListener("click", () => explain(finding.code, explainButton));
    row.append(
      el("td", {}, icon, finding.severity),
      el("td", {}, code),
      el("td", { class: "text", text: finding.message }),
      el("td", { class: "text", text: finding.detail == null ? "" : finding.detail }),
      el("td", { text: finding.line == null ? "" : String(finding.line) }),
      el("td", { text: finding.column == null ? "" : String(finding.column) }),
      el("td", {}, explainButton),
    );
    row.addEventListener("click", (event) => {
      if (!event.target.closest("button")) goTo(finding, row);
    });
    return row;
  }

  function showConversions(answer) {
    const reason = $("not-converted");
    reason.hidden = answer.conversions !== null;
    reason.textContent = answer.conversions === null ? "Not converted: " + answer.not_converted : "";
    for (const target of TARGETS) {
      const converted = answer.conversions && answer.conversions[target];
      $("conversion-" + target).hidden = !converted || target === answer.form;
      if (!converted) continue;
      const refused = converted.refused.map((r) => "line " + r.line + ", column " + r.column + ": " + r.message);
      $("as-" + target).textContent = converted.text === null ? "Not converted:\n" + refused.join("\n") : converted.text;
      $("use-" + target).disabled = converted.text === null;
      $("dropped-" + target).replaceChildren(
        ...converted.dropped.map((d) => el("li", {
          text: (d.line == null ? "" : "line " + d.line + ": ") + "not carried over: " + d.what,
        })),
      );
    }
  }

  async function explain(code, opener) {
    const query = new URLSearchParams({ code: code });
    if (TARGETS.includes(state.form)) query.set("form", state.form);
    let doc;
    try {
      const response = await fetch("/v1/explain?" + query, { cache: "no-store" });
      if (!response.ok) throw new Error("The service answered " + response.status + ": " + (await response.text()).trim());
      doc = await response.json();
    } catch (error) {
      say(error.message, true);
      return;
    }
    $("explanation-heading").textContent = doc.code + ": " + doc.text;
    const origin = doc.vendor ? "the API's own code" : "a code of mmsvalidate's own";
    const parts = [
      el("p", { text: "Severity: " + doc.severity + "; " + origin + "." }),
      el("p", { text: doc.offline ? "Offline check: " + doc.checks : doc.checks }),
    ];
    const example = doc.example;
    if (example) {
      parts.push(el("p", { text: example.note }));
      const entries = Object.entries(example.profile);
      if (entries.length) {
        parts.push(el("p", { text: "With this profile (in mmsvalidate.toml or [tool.mmsvalidate]):" }));
        parts.push(el("pre", { tabindex: "0", text: entries.map(([k, v]) => k + " = " + JSON.stringify(v)).join("\n") }));
      }
      parts.push(el("h4", { text: "Fails (" + example.form + " form):" }));
      parts.push(el("pre", { tabindex: "0", class: "failing", text: example.failing }));
      parts.push(el("h4", { text: "Fixed:" }));
      parts.push(el("pre", { tabindex: "0", class: "fixed", text: example.fixed }));
    }
    $("explanation-body").replaceChildren(...parts);
    panel.hidden = false;
    state.opener = opener;
    panel.focus();
  }

  function closeExplanation() {
    panel.hidden = true;
    if (state.opener && state.opener.isConnected) state.opener.focus();
  }

  async function open(file) {
    if (state.maxBytes !== null && file.size > state.maxBytes) {
      say(file.name + " is " + file.size + " bytes, over the service's limit of " + state.maxBytes + ": not opened.", true);
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    text.value = new TextDecoder("utf-8").decode(bytes);
    state.bytes = bytes;
    renderNumbers();
    text.scrollTop = 0;
    sync();
    say("Opened " + file.name + ".");
    check();
  }

  async function settings() {
    try {
      const response = await fetch("/v1/playground", { cache: "no-store" });
      if (!response.ok) return;
      const found = await response.json();
      state.maxBytes = found.max_request_bytes;
      for (const [name, value] of Object.entries(found.profile)) {
        const field = profile.elements.namedItem(name);
        if (!field) continue;
        if (SWITCHES.includes(name)) {
          field.replaceChildren(
            el("option", { value: "", text: "The service's: " + (value ? "on" : "off") }),
            el("option", { value: "true", text: "On" }),
            el("option", { value: "false", text: "Off" }),
          );
        } else if (Array.isArray(value)) {
          field.placeholder = value.length ? value.join("\n") : "The service's: none";
        } else {
          field.placeholder = value === null ? "The service's: no limit" : String(value);
        }
      }
    } catch (error) {
      say("The service's settings could not be read: " + error.message, true);
    }
  }

  text.addEventListener("input", () => {
    state.bytes = null;
    renderNumbers();
    sync();
    schedule(350);
  });
  text.addEventListener("scroll", sync);
  text.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      check();
    } else if (event.key === "Escape" && state.row && state.row.isConnected) {
      const back = state.row.querySelector("button");
      if (back) back.focus();
    }
  });
  $("check").addEventListener("click", check);
  formChoice.addEventListener("change", () => check());
  $("file").addEventListener("change", (event) => {
    if (event.target.files.length) open(event.target.files[0]);
  });
  const editor = $("editor");
  editor.addEventListener("dragover", (event) => {
    if (event.dataTransfer && Array.from(event.dataTransfer.types).includes("Files")) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
    }
  });
  editor.addEventListener("drop", (event) => {
    if (event.dataTransfer && event.dataTransfer.files.length) {
      event.preventDefault();
      open(event.dataTransfer.files[0]);
    }
  });
  profile.addEventListener("submit", (event) => event.preventDefault());
  profile.addEventListener("change", () => schedule(0));
  profile.addEventListener("reset", () => schedule(0));
  $("explanation-close").addEventListener("click", closeExplanation);
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeExplanation();
  });
  for (const target of TARGETS) {
    $("use-" + target).addEventListener("click", () => {
      text.value = $("as-" + target).textContent;
      state.bytes = null;
      renderNumbers();
      text.scrollTop = 0;
      text.focus();
      check();
    });
  }
  window.addEventListener("resize", renderMarks);

  renderNumbers();
  document.body.dataset.state = "idle";
  settings();
})();
