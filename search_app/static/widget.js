/* course-search widget. Embed:
 *   <script src="https://SEARCH-HOST/widget.js" async></script>
 *   <course-search placeholder="…" career="…" location="…" kind="program" limit="5"></course-search>
 * or, inline in an article, programs recommended for it (the reader picks a place):
 *   <course-search recommend for="https://…/article-url or /doc/id" limit="6"></course-search>
 *   <course-search recommend careers="Phlebotomy Technician,EKG Technician"></course-search>
 * No dependencies, no build step. API data reaches the DOM as text nodes only (never parsed as HTML),
 * and nothing here needs 'unsafe-inline' or 'unsafe-eval': the styles come from {origin}/static/widget.css.
 */
(function () {
  "use strict";
  if (!window.customElements || customElements.get("course-search")) return;

  // Where the script came from: the API and the stylesheet default to it.
  const isWidget = (src) => /\/widget\.js$/.test(new URL(src, location.href).pathname);
  let script = document.currentScript;
  if (!script || !script.src || !isWidget(script.src)) {
    script = [...document.querySelectorAll("script[src]")].reverse().find((s) => isWidget(s.src)) || script;
  }
  const SRC = new URL(script && script.src ? script.src : location.href, location.href);
  const BASE = isWidget(SRC.href) ? SRC.origin + SRC.pathname.slice(0, -"/widget.js".length) : SRC.origin;

  const LABEL = "Search careers and training programs";
  const KINDS = { program: "Program", article: "Career guide" };
  const FORMATS = { "in-person": "In person", online: "Online", hybrid: "Hybrid" };
  const TYPES = { career: "Career", location: "Location" };
  const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
  /** map[key] when the map itself has it: API strings never reach Object.prototype. */
  const own = (map, key) => (Object.prototype.hasOwnProperty.call(map, key) ? map[key] : "");

  /** Decode the HTML entities of escaped text, without an HTML parser. */
  function decode(text) {
    return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, name) => {
      if (name[0] !== "#") return own(ENTITIES, name) || whole;
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    });
  }

  const str = (v) => (v == null ? "" : String(v));

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  /** A snippet is escaped text with <mark> around matches: rebuilt as text nodes and <mark>s. */
  function snippet(into, html) {
    str(html).split(/<\/?mark>/).forEach((part, i) => {
      if (!part) return;
      const text = document.createTextNode(decode(part));
      if (i % 2) into.appendChild(el("mark")).appendChild(text);
      else into.appendChild(text);
    });
  }

  const money = (n) => "$" + Math.round(n).toLocaleString("en-US");
  const weeks = (n) => (n === 1 ? "1 week" : n + " weeks");
  /** A program's facts in the page's card order: cost · length · format · place (distance). */
  const facts = (r) => {
    const place = str(r.location);
    // under a mile is the reader's own town: the place says it, "0 mi" would not
    const miles = typeof r.distance_miles === "number" && r.distance_miles >= 1 ? " · " + r.distance_miles + " mi" : "";
    return [
      typeof r.cost_usd === "number" ? ["e", money(r.cost_usd)] : "",
      typeof r.duration_weeks === "number" ? ["e", weeks(r.duration_weeks)] : "",
      own(FORMATS, r.format) || str(r.format),
      place && place !== "Online" ? place + miles : "",
    ];
  };
  // the reader's place for recommendations, kept across pages and visits (not sent anywhere else)
  const NEAR = "course-search-near";
  const stored = () => {
    try {
      return localStorage.getItem(NEAR) || "";
    } catch (e) {
      return "";
    }
  };
  const store = (v) => {
    try {
      if (v) localStorage.setItem(NEAR, v);
      else localStorage.removeItem(NEAR);
    } catch (e) {
      /* storage off: the place lasts for this page only */
    }
  };

  class CourseSearch extends HTMLElement {
    static get observedAttributes() {
      return ["api", "placeholder", "career", "location", "kind", "limit", "for", "careers"];
    }

    constructor() {
      super();
      this._seq = 0; // request counter: only the newest answer is rendered
      this._opts = []; // [{node, act}]
      this._active = -1;
      this._chosen = {}; // filters picked from suggestions: {career, location}
      this._data = null;
    }

    connectedCallback() {
      if (this.shadowRoot) return;
      if (this.hasAttribute("recommend")) this._buildRec();
      else this._build();
    }

    disconnectedCallback() {
      clearTimeout(this._timer);
      this._seq++;
      if (this._ctrl) this._ctrl.abort();
    }

    attributeChangedCallback(name) {
      if (this._rec) {
        if (name !== "placeholder") this._load(1);
        return;
      }
      if (!this._input) return;
      if (name === "placeholder") {
        this._input.placeholder = this.getAttribute("placeholder") || LABEL;
        return;
      }
      if (name in TYPES && this.getAttribute(name)) delete this._chosen[name];
      this._chips();
      const open = !this._pop.hidden;
      this._reset();
      if (open) this._search();
    }

    /** The shadow root with our stylesheet, and the box that shows once it has loaded. */
    _shell(cls) {
      const root = this.attachShadow({ mode: "open" });
      const link = el("link");
      link.rel = "stylesheet";
      link.href = BASE + "/static/widget.css";
      const box = (this._box = el("div", cls));
      box.hidden = true; // until the stylesheet has loaded: no flash of unstyled content
      const reveal = () => (box.hidden = false);
      link.addEventListener("load", reveal);
      link.addEventListener("error", reveal);
      this._live = el("div", "vh");
      this._live.setAttribute("role", "status");
      const msg = (this._msg = el("div", "msg"));
      this._msgText = msg.appendChild(el("span"));
      const retry = (this._retry = msg.appendChild(el("button", "retry", "Retry")));
      retry.type = "button";
      root.append(link, box);
      return [root, box];
    }

    _build() {
      const [root, box] = this._shell("cs");

      const label = el("label", "vh", LABEL);
      label.htmlFor = "q";
      const bar = el("div", "bar");
      this._chipBox = el("div", "chips");
      const input = (this._input = el("input", "in"));
      input.id = "q";
      input.type = "search";
      input.autocomplete = "off";
      input.spellcheck = false;
      input.maxLength = 256;
      input.enterKeyHint = "search";
      input.placeholder = this.getAttribute("placeholder") || LABEL;
      for (const [k, v] of [
        ["role", "combobox"],
        ["aria-autocomplete", "list"],
        ["aria-expanded", "false"],
        ["aria-controls", "lb"],
        ["autocapitalize", "off"],
      ])
        input.setAttribute(k, v);
      const icon = el("span", "ic");
      icon.setAttribute("aria-hidden", "true");
      // on a phone the widget opens full screen; Cancel closes it
      const cancel = (this._cancel = el("button", "cancel", "Cancel"));
      cancel.type = "button";
      bar.append(icon, this._chipBox, input, cancel);
      // a press anywhere on the box (but a chip) focuses the input
      bar.addEventListener("mousedown", (e) => {
        if (e.target === input || e.target.closest(".chip, .cancel")) return;
        e.preventDefault();
        input.focus();
      });

      const pop = (this._pop = el("div", "pop"));
      pop.hidden = true;
      const list = (this._list = el("div", "lb"));
      list.id = "lb";
      list.setAttribute("role", "listbox");
      list.setAttribute("aria-label", "Suggestions and results");
      const msg = this._msg;
      const retry = this._retry;
      const all = (this._all = el("a", "all"));
      pop.append(list, msg, all);
      box.append(label, bar, pop, this._live);

      input.addEventListener("input", () => {
        clearTimeout(this._timer);
        this._timer = setTimeout(() => this._search(), 150);
      });
      input.addEventListener("keydown", (e) => this._key(e));
      const reopen = () => {
        if (!this._pop.hidden) return;
        if (this._data || this._failed) this._open(true);
        else if (this._input.value.trim() || this._hasChosen()) this._search();
      };
      input.addEventListener("focus", () => this._full(true));
      input.addEventListener("focus", reopen);
      cancel.addEventListener("click", () => {
        this._full(false);
        this._open(false);
        input.blur();
      });
      const vv = window.visualViewport;
      if (vv) for (const type of ["resize", "scroll"]) vv.addEventListener(type, () => this._fit());
      input.addEventListener("click", reopen);
      // Clicks inside the popup keep the focus in the input; options act on click.
      pop.addEventListener("mousedown", (e) => e.preventDefault());
      list.addEventListener("click", (e) => {
        const option = e.target.closest("[role=option]");
        if (option) this._opts[+option.id.slice(1)].act();
      });
      retry.addEventListener("click", () => {
        this._input.focus();
        this._search();
      });
      box.addEventListener("focusout", (e) => {
        if (!e.relatedTarget || !root.contains(e.relatedTarget)) {
          this._open(false);
          this._full(false);
        }
      });
    }

    /** Below 600 px the widget covers the visual viewport (what the keyboard leaves visible). */
    _full(on) {
      const full = on && matchMedia("(max-width: 599.98px)").matches;
      this._box.classList.toggle("full", full);
      this._fit();
    }

    /** The overlay's box follows the visual viewport: a rule of two numbers in a constructed
     * sheet of our shadow root (no style attributes, nothing from the API). */
    _fit() {
      const vv = window.visualViewport;
      const root = this.shadowRoot;
      if (!vv || !root || !window.CSSStyleSheet || !("adoptedStyleSheets" in root)) return;
      if (!this._sheet) root.adoptedStyleSheets = [(this._sheet = new CSSStyleSheet())];
      const full = this._box.classList.contains("full");
      this._sheet.replaceSync(full ? ".full{top:" + vv.offsetTop + "px;height:" + vv.height + "px}" : "");
    }

    _api() {
      const attr = (this.getAttribute("api") || "").trim();
      if (!attr) return BASE;
      try {
        const url = new URL(attr, location.href);
        return (url.origin + url.pathname).replace(/\/+$/, "");
      } catch (e) {
        return BASE;
      }
    }

    _filter(name) {
      const value = (this.getAttribute(name) || "").trim();
      if (name === "kind") return own(KINDS, value) ? value : "";
      return value || this._chosen[name] || "";
    }

    _hasChosen() {
      return Object.keys(this._chosen).length > 0;
    }

    _params(q) {
      const params = new URLSearchParams();
      if (q) params.set("q", q);
      for (const name of ["career", "location", "kind"]) {
        const value = this._filter(name);
        // a place chosen from the suggestions means nearby, as on the page (within 25 miles)
        const near = name === "location" && !this.getAttribute(name) && value !== "Online";
        if (value) params.set(near ? "near" : name, value);
      }
      return params;
    }

    _limit(d = 5) {
      const n = parseInt(this.getAttribute("limit") || "", 10);
      return n >= 1 ? Math.min(n, 20) : d;
    }

    // ---- recommend mode: program cards inline in the host's article, with a place picker

    _buildRec() {
      this._rec = true;
      const [, box] = this._shell("cs rec");
      box.setAttribute("role", "region");
      box.setAttribute("aria-labelledby", "rt");
      const head = el("h2", "rt", "Recommended programs");
      head.id = "rt";
      const near = el("p", "near");
      this._nearText = near.appendChild(el("span"));
      const change = (this._change = near.appendChild(el("button", "lnk")));
      change.type = "button";
      change.setAttribute("aria-controls", "pf");
      change.setAttribute("aria-expanded", "false");
      const form = (this._form = el("form", "pf"));
      form.id = "pf";
      form.hidden = true;
      const label = el("label", "", "City or ZIP code");
      label.htmlFor = "pi";
      const input = (this._place = el("input", "pi"));
      input.id = "pi";
      input.maxLength = 100;
      input.autocomplete = "postal-code";
      input.setAttribute("aria-describedby", "pm");
      const show = el("button", "retry", "Show programs");
      const anywhere = el("button", "lnk", "Anywhere");
      anywhere.type = "button";
      const hint = (this._hint = el("span", "hint"));
      hint.id = "pm";
      form.append(label, input, show, anywhere, hint);
      this._cards = el("ol", "cards");
      const more = (this._more = el("button", "more", "More recommendations"));
      more.type = "button";
      more.hidden = true;
      box.append(head, near, form, this._cards, this._msg, more, this._live);
      change.addEventListener("click", () => this._picker(form.hidden));
      form.addEventListener("submit", (e) => {
        e.preventDefault();
        this._load(1, input.value.trim());
      });
      anywhere.addEventListener("click", () => this._load(1, ""));
      more.addEventListener("click", () => this._load(this._page + 1));
      this._retry.addEventListener("click", () => this._load(this._page || 1));
      this._near = stored();
      this._load(1);
    }

    _picker(open) {
      this._form.hidden = !open;
      this._change.setAttribute("aria-expanded", String(open));
      if (open) {
        this._place.value = this._near;
        this._place.focus();
      }
    }

    /** A page of recommendations; ``want`` is a place the reader just chose ("" for anywhere). */
    async _load(page, want) {
      if (this._ctrl) this._ctrl.abort();
      const seq = ++this._seq;
      const ctrl = (this._ctrl = new AbortController());
      const near = want === undefined ? this._near : want;
      const doc = (this.getAttribute("for") || "").trim();
      const params = new URLSearchParams(doc ? { doc } : { careers: this.getAttribute("careers") || "" });
      if (near) params.set("near", near);
      params.set("page", String(page));
      params.set("per_page", String(this._limit(6)));
      this._box.classList.add("busy");
      try {
        const response = await fetch(this._api() + "/api/v1/recommend?" + params, { signal: ctrl.signal, credentials: "omit" });
        const data = await response.json().catch(() => ({}));
        if (seq !== this._seq) return;
        if (response.status === 400 && data.parameter === "near") {
          this._badPlace(near, want === undefined);
          return;
        }
        if (!response.ok) throw new Error("HTTP " + response.status);
        if (want !== undefined) {
          store((this._near = near));
          this._picker(false);
          this._change.focus();
        }
        this._showRec(data, page);
      } catch (e) {
        if (seq !== this._seq || e.name === "AbortError") return;
        this._say("Recommendations are not available right now.", true);
        this._live.textContent = "Recommendations failed. Retry?";
      } finally {
        if (seq === this._seq) this._box.classList.remove("busy");
      }
    }

    _badPlace(near, saved) {
      const text = "We could not find “" + near + "”. Try a city and state (Newark, NJ) or a ZIP code.";
      if (saved) {
        store((this._near = "")); // a remembered place the index no longer knows: forget it
        this._load(1);
        return;
      }
      this._hint.textContent = text;
      this._place.setAttribute("aria-invalid", "true");
      this._live.textContent = text;
    }

    _showRec(data, page) {
      const place = str(data.near && data.near.place);
      const programs = (Array.isArray(data.programs) ? data.programs : []).filter((r) => r && typeof r === "object");
      this._page = page;
      this._nearText.textContent = "Near: " + (place || "anywhere") + " · ";
      this._change.textContent = place ? "change" : "choose a place";
      this._hint.textContent = "";
      this._place.removeAttribute("aria-invalid");
      if (page === 1) this._cards.textContent = "";
      let first;
      for (const r of programs) {
        const card = this._cards.appendChild(el("li", "card"));
        card.appendChild(el("p", "k", str(r.career)));
        const href = this._href(r.url);
        const title = card.appendChild(el(href ? "a" : "span", "t", str(r.title)));
        if (href) title.href = href;
        first = first || title;
        const meta = card.appendChild(el("p", "m"));
        for (const part of facts(r)) {
          const [cls, text] = Array.isArray(part) ? part : ["", part];
          if (text) meta.append(el("span", cls, text), " ");
        }
        if (r.provider) card.appendChild(el("p", "p", str(r.provider)));
      }
      const notes = (Array.isArray(data.notes) ? data.notes : []).map(str);
      const count = this._cards.children.length;
      this._say(count ? notes.join(". ") : "No programs to recommend yet.", false);
      this._more.hidden = !data.more;
      this._live.textContent = count + " programs" + (place ? " near " + place : "");
      // "More recommendations" moves the keyboard to the first new card, not back to the top
      if (page > 1 && first && first.focus) first.focus();
    }

    _href(url) {
      try {
        const target = new URL(str(url), this._api() + "/");
        return /^https?:$/.test(target.protocol) ? target.href : "";
      } catch (e) {
        return "";
      }
    }

    async _search() {
      clearTimeout(this._timer);
      clearTimeout(this._busy);
      if (this._ctrl) this._ctrl.abort();
      const seq = ++this._seq;
      const q = this._input.value.trim();
      if (!q && !this._hasChosen()) {
        this._box.classList.remove("busy");
        this._reset();
        return;
      }
      const ctrl = (this._ctrl = new AbortController());
      const api = this._api();
      const get = async (path, params) => {
        const response = await fetch(api + path + "?" + params, { signal: ctrl.signal, credentials: "omit" });
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      };
      const params = this._params(q);
      params.set("per_page", String(this._limit()));
      params.set("src", "widget");
      this._busy = setTimeout(() => this._box.classList.add("busy"), 200);
      try {
        const [data, suggest] = await Promise.all([
          get("/api/v1/search", params),
          q ? get("/api/v1/suggest", new URLSearchParams({ q })).catch(() => null) : null,
        ]);
        if (seq !== this._seq) return;
        this._render(q, (suggest && suggest.suggestions) || [], data || {});
      } catch (e) {
        if (seq !== this._seq || e.name === "AbortError") return;
        this._fail();
      } finally {
        if (seq === this._seq) {
          clearTimeout(this._busy);
          this._box.classList.remove("busy");
        }
      }
    }

    _reset() {
      this._data = null;
      this._failed = false;
      this._opts = [];
      this._active = -1;
      this._list.textContent = "";
      this._open(false);
    }

    _option(cls, act) {
      const node = el("div", "opt " + cls);
      node.id = "o" + this._opts.length;
      node.setAttribute("role", "option");
      node.setAttribute("aria-selected", "false");
      this._opts.push({ node, act });
      return node;
    }

    _group(id, title) {
      const group = this._list.appendChild(el("div", "grp"));
      group.setAttribute("role", "group");
      group.setAttribute("aria-labelledby", id);
      const head = group.appendChild(el("div", "gh", title));
      head.id = id;
      head.setAttribute("aria-hidden", "true");
      return group;
    }

    _line(option, cls, parts) {
      const line = option.appendChild(el("span", cls));
      line.id = option.id + cls;
      // spans with spaces between them: lines break after a "·" (drawn by CSS), never before one
      for (const part of parts) {
        const [cls, text] = Array.isArray(part) ? part : [part.length > 20 ? "w" : "", part];
        if (text) line.append(el("span", cls, text), " ");
      }
      return line.id;
    }

    _render(q, suggestions, data) {
      this._reset();
      this._data = data;
      const results = (Array.isArray(data.results) ? data.results : []).filter((r) => r && typeof r === "object");
      // the page filters by the one career the words named: "See all" promises the page's count
      const named = (data.interpreted && data.interpreted.careers) || [];
      const facet = ((data.facets && data.facets.career) || []).find((f) => f && f.value === named[0]);
      const total = (named.length === 1 && !this._filter("career") && facet && Number(facet.count)) || Number(data.total) || 0;

      const offered = suggestions
        .filter((s) => s && own(TYPES, s.type) && s.value && !this._filter(s.type))
        .slice(0, 4);
      if (offered.length) {
        const group = this._group("gs", "Filter by");
        for (const s of offered) {
          const value = str(s.value);
          const option = group.appendChild(this._option("sug", () => this._choose(s.type, value)));
          // the counts are for the whole index: shown only when nothing narrows the search
          const count = Number(s.count) || 0;
          const counted = count && !this._params("").toString();
          const name = this._line(option, "t", [value]);
          const counts = counted && count + (count === 1 ? " result" : " results");
          const meta = this._line(option, "m", [TYPES[s.type], counts]);
          option.setAttribute("aria-labelledby", name + " " + meta);
        }
      }
      if (results.length) {
        const group = this._group("gr", "Results");
        results.forEach((r, i) => {
          const option = group.appendChild(this._option("res", () => this._clicked(r, i + 1)));
          const name = this._line(option, "t", [str(r.title)]);
          // the page's card order: cost · length · format · place (distance) · provider
          const meta = this._line(
            option,
            "m",
            r.kind === "program"
              ? [...facts(r), str(r.provider)]
              : [["k", own(KINDS, r.kind) || str(r.kind)], ...(Array.isArray(r.careers) ? r.careers : []).slice(0, 2).map(str)]
          );
          option.setAttribute("aria-labelledby", name + " " + meta);
          if (r.snippet) {
            const text = option.appendChild(el("span", "s"));
            text.id = option.id + "s";
            snippet(text, r.snippet);
            option.setAttribute("aria-describedby", text.id);
          }
        });
      }

      let message = "";
      if (!total) {
        const filtered = this._params("").toString() ? " or remove a filter" : "";
        message =
          (q ? "No results for “" + q + "”" : "No results") +
          (offered.length ? " yet: choose a suggestion or keep typing." : ". Try other words" + filtered + ".");
      }
      this._say(message, false);
      this._all.hidden = !total;
      this._all.href = this._allUrl();
      this._all.textContent = "See all " + total + (total === 1 ? " result" : " results");
      this._live.textContent =
        (offered.length ? offered.length + (offered.length === 1 ? " suggestion, " : " suggestions, ") : "") +
        (total ? total + (total === 1 ? " result" : " results") : "no results");
      if (this._input.matches(":focus")) this._open(true);
    }

    _say(text, retry) {
      this._msgText.textContent = text;
      this._msg.hidden = !text;
      this._retry.hidden = !retry;
    }

    _fail() {
      this._reset();
      this._failed = true;
      this._all.hidden = true;
      this._say("Search is not available right now.", true);
      this._live.textContent = "Search failed. Retry?";
      this._open(true);
    }

    _allUrl() {
      return this._api() + "/search?" + this._params(this._input.value.trim());
    }

    _open(show) {
      const hasList = show && this._opts.length > 0;
      this._pop.hidden = !show;
      this._list.hidden = !hasList;
      this._input.setAttribute("aria-expanded", String(hasList));
      if (!hasList) this._activate(-1);
    }

    _activate(i) {
      const old = this._opts[this._active];
      if (old) {
        old.node.setAttribute("aria-selected", "false");
      }
      this._active = i;
      const now = this._opts[i];
      if (now) {
        now.node.setAttribute("aria-selected", "true");
        this._input.setAttribute("aria-activedescendant", now.node.id);
        now.node.scrollIntoView({ block: "nearest" });
      } else {
        this._input.removeAttribute("aria-activedescendant");
      }
    }

    _key(e) {
      if (e.isComposing || e.altKey || e.ctrlKey || e.metaKey) return;
      const open = !this._list.hidden && !this._pop.hidden;
      const n = this._opts.length;
      switch (e.key) {
        case "ArrowDown":
        case "ArrowUp": {
          if (!n) return;
          e.preventDefault();
          if (!open) this._open(true);
          // Cycle through the options and back to the input (index -1).
          const step = e.key === "ArrowDown" ? 1 : -1;
          this._activate(((this._active + 1 + step + n + 1) % (n + 1)) - 1);
          break;
        }
        case "Enter":
          if (open && this._opts[this._active]) {
            e.preventDefault();
            this._opts[this._active].act();
          } else if (this._input.value.trim() || this._hasChosen()) {
            e.preventDefault();
            this._go(this._allUrl());
          }
          break;
        case "Escape":
          if (!this._pop.hidden) {
            e.preventDefault(); // keep the text: the first Escape only closes the popup
            this._open(false);
          }
          break;
      }
    }

    _choose(type, value) {
      this._chosen[type] = value;
      this._input.value = "";
      this._chips();
      this._search();
    }

    _chips() {
      const box = this._chipBox;
      box.textContent = "";
      for (const type of Object.keys(TYPES)) {
        const value = this._chosen[type];
        if (!value) continue;
        const chip = box.appendChild(el("button", "chip", value));
        chip.type = "button";
        chip.setAttribute("aria-label", "Remove filter " + TYPES[type] + ": " + value);
        chip.addEventListener("click", () => {
          delete this._chosen[type];
          this._chips();
          this._input.focus();
          this._search();
        });
      }
    }

    _clicked(r, pos) {
      // tell the query log which result was followed (no cookie, no identifier of the person)
      const id = this._data && this._data.search_id;
      if (id && typeof r.id === "string" && navigator.sendBeacon) {
        const body = new URLSearchParams({ search: String(id), doc: r.id, pos: String(pos), src: "widget" });
        navigator.sendBeacon(this._api() + "/api/v1/click", body);
      }
      this._go(str(r.url));
    }

    _go(url) {
      let target;
      try {
        target = new URL(url, this._api() + "/");
      } catch (e) {
        return;
      }
      if (target.protocol === "https:" || target.protocol === "http:") location.assign(target.href);
    }
  }

  customElements.define("course-search", CourseSearch);
})();
