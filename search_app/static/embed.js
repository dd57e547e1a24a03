/* The /embed page: the snippet builder (updates the snippet and the live preview) and Copy buttons.
   Without JavaScript the builder is a plain GET form that the server answers with the snippet. */
(function () {
  "use strict";
  const form = document.getElementById("builder");
  const code = document.getElementById("snippet");
  const preview = document.getElementById("preview");
  const status = document.getElementById("copied");
  if (!form || !code) return;

  const DEFAULT_LIMIT = "5";
  const NAMES = ["placeholder", "career", "location", "kind", "limit"];
  const escapeAttr = (s) =>
    s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

  function choices() {
    const data = new FormData(form);
    const out = [];
    for (const name of NAMES) {
      let value = String(data.get(name) || "").trim();
      if (name === "limit") {
        const n = parseInt(value, 10);
        value = n >= 1 ? String(Math.min(n, 20)) : DEFAULT_LIMIT;
        if (value === DEFAULT_LIMIT) value = "";
      }
      out.push([name, value]);
    }
    return out;
  }

  function update() {
    const chosen = choices();
    const attrs = chosen
      .filter(([, v]) => v)
      .map(([k, v]) => " " + k + '="' + escapeAttr(v) + '"')
      .join("");
    code.textContent =
      '<script src="' + escapeAttr(code.dataset.script) + '" async></script>\n' +
      "<course-search" + attrs + "></course-search>";
    if (preview) {
      for (const [name, value] of chosen) {
        if (value) preview.setAttribute(name, value);
        else preview.removeAttribute(name);
      }
    }
    const params = new URLSearchParams(chosen.filter(([, v]) => v));
    const query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    update();
  });

  async function copy(button) {
    const source = document.getElementById(button.dataset.copy);
    const text = source ? source.textContent : "";
    let done = false;
    try {
      await navigator.clipboard.writeText(text);
      done = true;
    } catch (e) {
      const range = document.createRange();
      range.selectNodeContents(source);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
    if (status) {
      status.textContent = done ? "Copied to the clipboard." : "Selected: press Ctrl+C (⌘C) to copy.";
    }
  }

  for (const button of document.querySelectorAll("button.copy[data-copy]")) {
    button.hidden = false;
    button.addEventListener("click", () => copy(button));
  }
})();
