// The search page's enhancements. The page works without them: every control is a link or a form.
// - career facts open on wide screens, unless a question's answer is shown (one line on a phone);
// - "Filters" opens the facets as a drawer on a phone (without JS it jumps to them);
// - a box finds a city in a long location facet;
// - the search box suggests careers, places and titles (WAI-ARIA combobox).
(function () {
  "use strict";
  const wide = window.matchMedia("(min-width: 601px)");

  function openFacts() {
    // a question's answer already stands above the card: keep the results near the top
    if (!wide.matches || document.querySelector(".intent-answer")) return;
    for (const card of document.querySelectorAll("details.career-card")) card.open = true;
  }

  function drawer() {
    const toggle = document.querySelector(".filters-toggle");
    const facets = document.getElementById("filters");
    if (!toggle || !facets) return;
    const close = () => {
      facets.classList.remove("drawer");
      document.body.classList.remove("drawer-open");
      toggle.setAttribute("aria-expanded", "false");
    };
    toggle.setAttribute("aria-expanded", "false");
    toggle.addEventListener("click", (e) => {
      if (wide.matches) return;
      e.preventDefault();
      facets.classList.add("drawer");
      document.body.classList.add("drawer-open");
      toggle.setAttribute("aria-expanded", "true");
      const head = document.getElementById("filters-h");
      head.tabIndex = -1;
      head.focus();
    });
    const back = facets.querySelector(".to-results");
    if (back)
      back.addEventListener("click", (e) => {
        if (!facets.classList.contains("drawer")) return;
        e.preventDefault();
        close();
        toggle.focus();
      });
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && facets.classList.contains("drawer")) {
        close();
        toggle.focus();
      }
    });
  }

  function findCity() {
    const box = document.querySelector(".facet-find");
    if (!box) return;
    box.hidden = false;
    const input = box.querySelector("input");
    const facet = box.closest(".facet");
    input.addEventListener("input", () => {
      const text = input.value.trim().toLowerCase();
      for (const more of facet.querySelectorAll("details.more")) more.open = Boolean(text);
      for (const state of facet.querySelectorAll("li.state")) {
        let any = false;
        for (const li of state.querySelectorAll("li")) {
          const hit = !text || li.textContent.toLowerCase().includes(text);
          li.hidden = !hit;
          any = any || hit;
        }
        const own = state.querySelector(":scope > a").textContent.toLowerCase().includes(text);
        state.hidden = Boolean(text) && !any && !own;
      }
    });
  }

  const TYPES = { career: "Career", location: "Place", title: "Title" };

  function typeahead() {
    const input = document.getElementById("q");
    if (!input || !window.fetch) return;
    const list = document.createElement("ul");
    list.className = "typeahead";
    list.id = "q-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    input.parentNode.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    let items = [];
    let active = -1;
    let seq = 0;
    let timer = 0;

    const show = (open) => {
      list.hidden = !open || !items.length;
      input.setAttribute("aria-expanded", String(!list.hidden));
      if (list.hidden) activate(-1);
    };
    const activate = (i) => {
      if (items[active]) items[active].node.setAttribute("aria-selected", "false");
      active = i;
      if (items[i]) {
        items[i].node.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", items[i].node.id);
      } else input.removeAttribute("aria-activedescendant");
    };
    const choose = (s) => {
      if (s.type === "title" && s.id) {
        location.assign("/doc/" + s.id.split("/").map(encodeURIComponent).join("/"));
        return;
      }
      const params = new URLSearchParams();
      // a place means nearby (25 miles), as when it is typed into the search
      const name = s.type === "career" ? "career" : s.value === "Online" ? "location" : "near";
      params.set(name, s.value);
      location.assign("/search?" + params + "#results");
    };
    const render = (suggestions) => {
      list.textContent = "";
      items = [];
      active = -1;
      for (const s of suggestions.slice(0, 8)) {
        if (!s || !TYPES[s.type] || !s.value) continue;
        const node = document.createElement("li");
        node.id = "q-s" + items.length;
        node.setAttribute("role", "option");
        node.setAttribute("aria-selected", "false");
        const name = document.createElement("span");
        name.textContent = String(s.value);
        const type = document.createElement("span");
        type.className = "type";
        type.textContent = TYPES[s.type];
        node.append(name, type);
        node.addEventListener("mousedown", (e) => e.preventDefault());
        node.addEventListener("click", () => choose(s));
        list.appendChild(node);
        items.push({ node, s });
      }
      show(document.activeElement === input);
    };
    const fetchSuggestions = async () => {
      const q = input.value.trim();
      const mine = ++seq;
      if (q.length < 2) {
        render([]);
        return;
      }
      try {
        const response = await fetch("/api/v1/suggest?" + new URLSearchParams({ q }));
        if (!response.ok) throw new Error(String(response.status));
        const data = await response.json();
        if (mine === seq) render(Array.isArray(data.suggestions) ? data.suggestions : []);
      } catch (e) {
        if (mine === seq) render([]);
      }
    };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", (e) => {
      const n = items.length;
      if ((e.key === "ArrowDown" || e.key === "ArrowUp") && n) {
        e.preventDefault();
        show(true);
        const step = e.key === "ArrowDown" ? 1 : -1;
        activate(((active + 1 + step + n + 1) % (n + 1)) - 1);
      } else if (e.key === "Enter" && !list.hidden && items[active]) {
        e.preventDefault();
        choose(items[active].s);
      } else if (e.key === "Escape" && !list.hidden) {
        e.preventDefault();
        show(false);
      }
    });
    input.addEventListener("blur", () => show(false));
  }

  function start() {
    openFacts();
    wide.addEventListener("change", openFacts);
    drawer();
    findCity();
    typeahead();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
