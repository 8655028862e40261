// moroccous-data explorer: renders window.MOROCCOUS (written by `moroccous-data site`) with no network access.
// data.js holds the tables' descriptions and the timeline's events; rows/<table>.js hold each table's rows,
// loaded by the pages that need them (a <script> tag, the one way to read a file from file://).
"use strict";

(function () {
  const DATA = window.MOROCCOUS;
  DATA.rows = DATA.rows || {};
  const main = document.getElementById("main");
  const DAY = 86400000;
  // Every date a reader sees is said in words, written by the build (edtf.words): the page never parses EDTF.
  const dateText = (value) => DATA.dates[value] || value;
  const STEP_TABLES = new Set(Object.values(DATA.tables).filter((t) => t.steps).map((t) => t.steps.table));
  for (const deal of DATA.deals) for (const step of deal.steps) Object.assign(step, DATA.events[step.event]);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  const loading = {};
  function need(names) {
    return Promise.all(names.filter((n) => DATA.tables[n]).map((name) => {
      if (DATA.rows[name]) return Promise.resolve();
      if (!loading[name]) {
        loading[name] = new Promise((resolve, reject) => {
          const script = el("script", { src: `rows/${encodeURIComponent(name)}.js` });
          script.onload = resolve;
          script.onerror = () => reject(new Error(`rows/${name}.js could not be read`));
          document.head.append(script);
        });
      }
      return loading[name];
    }));
  }

  // "#/table/id": a route, which a checker must not take for a link to a spot on the page.
  function recordHref(table, id) {
    return `#/${table}/${encodeURIComponent(id)}`;
  }

  function show(title, ...content) {
    main.replaceChildren(el("h2", { text: title }), ...content);
    document.title = `${title} — moroccous-data`;
    main.dataset.shown = location.hash || "#timeline";
    main.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }

  // A description as the build split it: every second part is a literal, shown as code, never as markup.
  function rich(parts) {
    return el("span", {}, ...parts.map((part, i) => (i % 2 ? el("code", { text: part }) : part)));
  }

  function tableName(table) {
    return DATA.tables[table] ? DATA.tables[table].noun : table;
  }

  // Human text for a value: codes become words, country codes their names.
  function valueText(column, value) {
    if (value === null || value === undefined || value === "") return "";
    if (typeof value === "boolean") return value ? "yes" : "no";
    if (typeof value === "number") return column.type === "integer" && /usd|amount/.test(column.name)
      ? `$${value.toLocaleString("en")}` : value.toLocaleString("en");
    const text = String(value);
    if (column.kind && column.kind.startsWith("iso3")) return text.split("|").map((c) => DATA.countries[c] || c).join(", ");
    if (column.name === "program" && text !== "unspecified") return text.toUpperCase();
    if (column.kind === "enum") return text.replace(/_/g, " ");
    if (column.kind === "edtf" || column.kind === "date") return dateText(text);
    if (column.kind && column.kind.endsWith("_list")) return text.split("|").join(", ");
    return text;
  }

  function recordName(table, row) {
    if (!row) return "";
    return row.name || row.title || row.statement || row.subject || row.id || "";
  }

  function findRow(table, id) {
    const rows = DATA.rows[table];
    if (!rows) return null;
    if (!rows.byId) Object.defineProperty(rows, "byId", { value: new Map(rows.map((r) => [r.id, r])) });
    return rows.byId.get(id) || null;
  }

  function refLinks(column, value) {
    const span = el("span");
    String(value).split("|").forEach((ref, i) => {
      if (i) span.append(", ");
      span.append(el("a", { href: recordHref(column.ref, ref), text: recordName(column.ref, findRow(column.ref, ref)) || ref }));
    });
    return span;
  }

  // ---------------------------------------------------------------- timeline
  // Events only: a record dated by its source's "as of" is listed apart, never drawn on that date.
  // Inferred or general knowledge: no source in the dataset states the date.
  function inferred(e) { return e.basis === "inferred" || e.basis === "general_knowledge"; }

  function eventFlags(e) {
    if (!inferred(e)) return [];
    return [e.basis === "general_knowledge" ? "date from general knowledge" : "date inferred"];
  }

  function markClass(e) {
    return `mark ${e.shape}${e.uncertain ? " uncertain" : ""}${inferred(e) ? " inferred" : ""} k-${e.t}`;
  }

  function stageName(stage) { return stage.replace(/_/g, " "); }

  // What the chart draws: each event, except a deal's steps, which are drawn on their deal's track.
  function chartEvents() {
    return DATA.events.filter((e) => !STEP_TABLES.has(e.t)).concat(DATA.deals);
  }

  // The legend lists only what the chart draws: each shape, style and stage present, drawn with the chart's own classes.
  function legend(events) {
    const samples = [
      ["point", (e) => e.shape === "point", "a day"],
      ["span", (e) => e.shape === "span", "a period it lasted"],
      ["since", (e) => e.shape === "since", "since a date, still running when its source was written"],
      ["until", (e) => e.shape === "until", "until a date"],
      ["within", (e) => e.shape === "within", "one moment within a month, a year, or between two dates"],
      ["within-open", (e) => e.shape === "within-open", "one moment on or after a date"],
      ["within-before", (e) => e.shape === "within-before", "one moment on or before a date"],
      ["span inferred", inferred, "hatched: the date is inferred or from general knowledge, not stated by the source"],
      ["span uncertain", (e) => e.uncertain, "dotted, label ends in ?: the source is uncertain"],
    ];
    const list = el("ul", { class: "legend", "aria-label": "Shapes" });
    for (const [classes, drawn, text] of samples) {
      if (events.some(drawn)) list.append(el("li", {}, el("span", { class: `sample mark ${classes}`, "aria-hidden": "true" }), text));
    }
    const deals = events.filter((e) => e.steps);
    const stages = DATA.stages.filter((s) => deals.some((d) => d.steps.some((step) => step.stage === s)));
    const steps = stages.length ? el("ul", { class: "legend", "aria-label": "Stages of a deal" },
      el("li", {}, el("span", { class: `sample mark deal k-${deals[0].t}`, "aria-hidden": "true" }, el("span", { class: "line" })),
        `a ${tableName(deals[0].t)}, from its first step to its last, a mark per step:`),
      ...stages.map((s) => el("li", { class: `k-${deals[0].t}`, "data-stage": s },
        el("span", { class: `sample step stage-${s}`, "aria-hidden": "true" }), stageName(s))),
      deals.some((d) => d.steps.some((s) => !s.s || !s.e))
        ? el("li", {}, "← or →: the step is known only to lie on or before (after) that day") : null) : null;
    const kinds = [...new Set(events.map((e) => e.t))];
    const colours = el("ul", { class: "legend", "aria-label": "Colours" }, ...kinds.map((t) =>
      el("li", {}, el("span", { class: `sample mark span k-${t}`, "aria-hidden": "true" }), tableName(t))));
    // On a phone the key folds away, so that the chart starts on the first screen.
    return el("details", { class: "key", open: !window.matchMedia("(max-width: 40rem)").matches },
      el("summary", { text: "Key" }), list, steps, colours);
  }

  function stepAt(step) { return Date.parse(step.s || step.e); }
  function startOf(e) { return e.steps ? Math.min(...e.steps.map(stepAt)) : Date.parse(e.s || e.e); }
  function endOf(e) {
    if (e.steps) return Math.max(...e.steps.map((step) => Date.parse(step.e || step.s))) + DAY;
    if (e.e) return Date.parse(e.e) + DAY;
    return Date.parse(DATA.open_until || e.s) + DAY;
  }

  // The densest window of `length` ms: where most events start.
  function densest(events, length) {
    const starts = events.map(startOf).sort((a, b) => a - b);
    let best = 0, bestAt = starts[0] || Date.now(), j = 0;
    for (let i = 0; i < starts.length; i++) {
      while (starts[i] - starts[j] > length) j++;
      if (i - j + 1 > best) { best = i - j + 1; bestAt = starts[j]; }
    }
    return [bestAt - length * 0.05, bestAt + length * 0.95];
  }

  const TICKS = [[DAY, "day"], [7 * DAY, "week"], [30.44 * DAY, "month"], [91.3 * DAY, "quarter"],
    [365.25 * DAY, 1], [730.5 * DAY, 2], [1826 * DAY, 5], [3652.5 * DAY, 10], [7305 * DAY, 20], [18262 * DAY, 50]];

  function ticks(t0, t1, width) {
    const per = (t1 - t0) / width;
    const [step, unit] = TICKS.find(([ms]) => ms / per >= 90) || TICKS[TICKS.length - 1];
    const out = [];
    const first = new Date(t0);
    if (typeof unit === "number") {
      let year = Math.ceil(first.getUTCFullYear() / unit) * unit;
      for (; Date.UTC(year, 0, 1) <= t1; year += unit) out.push([Date.UTC(year, 0, 1), String(year)]);
    } else if (unit === "month" || unit === "quarter") {
      const every = unit === "month" ? 1 : 3;
      let y = first.getUTCFullYear(), m = Math.ceil(first.getUTCMonth() / every) * every;
      for (; Date.UTC(y, m, 1) <= t1; m += every) {
        const at = Date.UTC(y, m, 1), d = new Date(at);
        out.push([at, d.toLocaleString("en", { month: "short", timeZone: "UTC" }) + (d.getUTCMonth() === 0 ? ` ${d.getUTCFullYear()}` : "")]);
      }
    } else {
      for (let at = Math.ceil(t0 / step) * step; at <= t1; at += step) {
        out.push([at, new Date(at).toLocaleDateString("en", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" })]);
      }
    }
    return out;
  }

  // A day of the view, in words ("14 July 2018"): the view's own edges, not a record's date.
  function dayText(ms) {
    return new Date(ms).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  function timelineChart(events) {
    // Labels wrap rather than being cut: a label is given up to a few lines of a column, wider if it needs more.
    // Each event takes as many slots (a line of text) as its label has lines, plus one for its mark.
    const SLOT = 19;
    let LABEL_MAX = 260, LINES = 3;
    const measure = document.createElement("canvas").getContext("2d");
    measure.font = "14px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
    const widths = new Map();
    const wordWidth = (word) => {
      if (!widths.has(word)) widths.set(word, measure.measureText(word).width);
      return widths.get(word);
    };
    const space = measure.measureText(" ").width;
    // Greedy wrapping at spaces, as the browser wraps (it may break at more places, so never into more lines).
    function wrap(words, max) {
      let lines = 1, line = 0, widest = 0;
      for (const word of words) {
        const w = wordWidth(word);
        if (line && line + space + w > max) { widest = Math.max(widest, line); lines++; line = w; } else line += (line ? space : 0) + w;
      }
      return { lines, width: Math.ceil(Math.max(widest, line)) + 3 };
    }
    function fit(item) {
      const first = wrap(item.words, LABEL_MAX);
      if (first.lines <= LINES) return first;
      return wrap(item.words, Math.min(Math.ceil(wordWidth(item.text) / LINES) + 40, Math.max(LABEL_MAX, width() - 24)));
    }
    // In the order they are drawn, which Tab follows: a moment known only to lie on or before a day sits at that day.
    const items = events.map((e) => ({ e, start: startOf(e), end: endOf(e), text: e.label + (e.uncertain ? " ?" : ""),
      lines: 1, width: 0, slot: 0, x: 0, w: 0, left: 0, right: 0, node: null }))
      .sort((a, b) => a.start - b.start || a.end - b.end);
    for (const item of items) item.words = item.text.split(" ");
    const all = items.map((i) => i.start).concat(items.map((i) => i.end));
    const lo = Math.min(...all), hi = Math.max(...all);
    const pad = (hi - lo) * 0.03 || 365 * DAY;
    const limits = [lo - pad, hi + pad];

    const axis = el("div", { class: "axis", "aria-hidden": "true" });
    const track = el("div", { class: "track" });
    const viewport = el("div", { class: "viewport", tabindex: "0", role: "region",
      "aria-label": "Timeline chart. Arrow keys move earlier or later, plus and minus zoom, Home shows everything; Tab visits each event." },
      axis, track);
    const status = el("p", { class: "meta", "aria-live": "polite" });
    let t0 = 0, t1 = 1, laidScale = 0, laidFor = 0, origin = 0, shown = [], viewWidth = 0, refocusing = false;

    function width() { return viewWidth || (viewWidth = viewport.clientWidth || 800); }
    function scale() { return width() / (t1 - t0); }

    // Stack by pixel extent at this zoom: each event takes the lowest free slots where its mark and label lie. The
    // room reserved reaches a label's width left of the mark too, so that a label near the right edge can move there.
    function layout() {
      const k = scale();
      origin = t0;
      const narrow = width() < 600;
      [LABEL_MAX, LINES] = narrow ? [170, 4] : [260, 3];
      viewport.classList.toggle("narrow", narrow);
      // Open-ended bars go under the events, so the first rows are what happened in view.
      const long = (i) => (i.e.shape === "since" || i.e.shape === "until" ? 1 : 0);
      const order = items.slice().sort((a, b) => long(a) - long(b) || a.start - b.start || b.end - a.end);
      const ends = [];  // per slot, where the last event put in it ends
      let base = 0, section = 0;
      for (const item of order) {
        if (long(item) !== section) { section = 1; base = ends.length; }  // the open-ended bars start below every event
        if (laidFor !== width()) Object.assign(item, fit(item));
        const x = (item.start - origin) * k;
        const w = item.e.shape === "point" ? 12 : Math.max(12, (item.end - item.start) * k);
        const left = Math.min(x, x + w - item.width), right = Math.max(x + w, x + item.width);
        let slot = base;
        for (let j = slot; j < slot + item.lines + 1; j++) {
          if (ends[j] !== undefined && ends[j] > left) slot = j + 1;
        }
        for (let j = slot; j < slot + item.lines + 1; j++) ends[j] = right + 12;
        Object.assign(item, { slot, x, w, left, right, placed: false });
      }
      laidFor = width();
      track.style.height = `${ends.length * SLOT + 8}px`;
      laidScale = k;
    }

    function place(item) {
      if (!item.node) {
        const e = item.e;
        item.label = el("span", { class: "label", text: item.text });
        item.mark = e.steps
          ? el("span", { class: `mark deal k-${e.t}`, "aria-hidden": "true" }, el("span", { class: "line" }),
            ...e.steps.map(() => el("span", { class: "range" })), ...e.steps.map((s) => el("span", { class: `at${s.s ? "" : " before"}${s.e ? "" : " after"}` },
              el("span", { class: `step stage-${s.stage}` }))))
          : el("span", { class: markClass(e), "aria-hidden": "true" });
        const said = e.steps ? `: ${e.steps.map((s) => `${stageName(s.stage)} ${s.when}`).join("; ")}`
          : `, ${e.when}${eventFlags(e).length ? ` (${eventFlags(e).join(", ")})` : ""}`;
        item.node = el("a", { class: "item", href: recordHref(e.t, e.id), "data-record": `${e.t}/${e.id}` },
          item.mark, item.label, el("span", { class: "sr", text: `, ${tableName(e.t)}${said}` }));
        item.node.addEventListener("keydown", (event) => step(event, item));
      }
      if (!item.placed) {
        const style = item.node.style;
        style.left = `${item.left}px`;
        style.top = `${item.slot * SLOT}px`;
        style.width = `${item.right - item.left}px`;
        style.height = `${(item.lines + 1) * SLOT - 2}px`;
        item.mark.style.left = `${item.x - item.left}px`;
        item.mark.style.width = `${item.w}px`;
        item.label.style.width = `${item.width}px`;
        if (item.e.steps) {  // each step at its day; a step known only between two days shows that range dashed
          const k = laidScale, marks = item.mark.querySelectorAll(".at"), ranges = item.mark.querySelectorAll(".range");
          item.e.steps.forEach((s, n) => {
            marks[n].style.left = `${Math.min((stepAt(s) - item.start) * k, item.w - 12)}px`;
            const between = s.s && s.e && s.s !== s.e;
            ranges[n].hidden = !between;
            if (between) {
              ranges[n].style.left = `${(Date.parse(s.s) - item.start) * k}px`;
              ranges[n].style.width = `${(Date.parse(s.e) + DAY - Date.parse(s.s)) * k}px`;
            }
          });
        }
        item.at = undefined;
        item.placed = true;
      }
      return item.node;
    }

    // A label starts under its mark, moves left (into the room kept for it) as far as the view's right edge needs,
    // and is hidden rather than cut when its mark is out of view or too little of it is left to hold the label.
    function fitLabels() {
      const shift = (origin - t0) * laidScale, right = width() - shift - 4, left = 4 - shift;
      for (const item of shown) {
        const lo = Math.max(item.left, left), hi = Math.min(item.right - item.width, right - item.width);
        const seen = item.x + item.w > left - 4 && item.x < right + 4 && lo <= hi;
        const at = seen ? Math.min(Math.max(item.x, lo), hi) : null;
        if (at === item.at) continue;
        item.at = at;
        item.label.style.visibility = seen ? "" : "hidden";
        if (seen) item.label.style.left = `${at - item.left}px`;
      }
    }

    // Only the marks in view (and a screen either side) are in the page, so ten thousand cost what a hundred do.
    function render() {
      const span = t1 - t0, top = viewport.scrollTop, height = viewport.clientHeight || 600;
      const want = items.filter((i) => i.end >= t0 - span && i.start <= t1 + span
        && (i.slot + i.lines + 1) * SLOT >= top - height && i.slot * SLOT <= top + 2 * height);
      if (want.length !== shown.length || want.some((item, n) => shown[n] !== item)) {
        const focused = document.activeElement;
        track.replaceChildren(...want.map(place));
        if (focused && focused !== document.activeElement && track.contains(focused)) {
          refocusing = true;  // the mark was only moved: give its focus back without revealing it again
          focused.focus({ preventScroll: true });
          refocusing = false;
        }
        shown = want;
      }
      fitLabels();
    }

    function draw() {
      const k = scale();
      if (Math.abs(k - laidScale) > 1e-12 * k || laidFor !== width()) layout();
      track.style.transform = `translateX(${(origin - t0) * k}px)`;
      render();
      axis.replaceChildren(...ticks(t0, t1, width()).map(([at, text]) =>
        el("span", { class: "tick", style: `left:${(at - t0) * k}px`, text })));
      const inView = items.filter((i) => i.end >= t0 && i.start <= t1).length;
      status.textContent = `Showing ${dayText(t0)} to ${dayText(t1)}: ${inView} of ${items.length} events in view.`;
    }

    // Tab and Shift+Tab walk every event in date order, bringing each into view, drawn or not yet.
    function step(event, item) {
      if (event.key !== "Tab") return;
      const next = items[items.indexOf(item) + (event.shiftKey ? -1 : 1)];
      if (!next) return;
      event.preventDefault();
      reveal(next);
      place(next).focus({ preventScroll: true });
    }
    function reveal(item) {
      if (item.start > t1 || item.end < t0) {
        const span = t1 - t0;
        setView(item.start - span * 0.3, item.start + span * 0.7);
      }
      const top = item.slot * SLOT, height = viewport.clientHeight - 60;
      if (top < viewport.scrollTop || top > viewport.scrollTop + height) viewport.scrollTop = Math.max(0, top - height / 2);
      render();
    }
    // The view may reach past the last date by a mark's width; a label there moves left of its mark.
    function room() { return 1 - 24 / width(); }
    function fullSpan() { return (limits[1] - limits[0]) / room(); }
    function setView(a, b) {
      const span = Math.min(Math.max(b - a, 7 * DAY), fullSpan());
      const mid = (a + b) / 2, right = limits[1] + span * (1 - room());
      a = mid - span / 2; b = mid + span / 2;
      if (a < limits[0]) { b += limits[0] - a; a = limits[0]; }
      if (b > right) { a -= b - right; b = right; }
      t0 = a; t1 = b;
      draw();
    }
    function everything() { setView(limits[0], limits[0] + fullSpan()); }
    function zoom(factor, at) {
      const pivot = at === undefined ? (t0 + t1) / 2 : at;
      setView(pivot - (pivot - t0) * factor, pivot + (t1 - pivot) * factor);
    }
    function pan(fraction) {
      const shift = (t1 - t0) * fraction;
      setView(t0 + shift, t1 + shift);
    }
    function home() {
      const length = Math.max(2, 8 * width() / 1400) * 365.25 * DAY;
      const [a, b] = densest(events, length);
      setView(a, b);
    }
    function timeAt(clientX) {
      return t0 + (clientX - viewport.getBoundingClientRect().left) / scale();
    }

    track.addEventListener("focusin", (event) => {
      if (refocusing) return;
      const item = shown.find((i) => i.node === event.target);
      if (item) reveal(item);
      viewport.scrollLeft = 0;
    });
    let queued = false;
    viewport.addEventListener("scroll", () => {  // the browser's own focus scrolling is undone; rows coming into view are drawn
      viewport.scrollLeft = 0;
      if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; render(); }); }
    });
    window.addEventListener("resize", () => { viewWidth = 0; draw(); });

    viewport.addEventListener("wheel", (event) => {
      event.preventDefault();
      if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) {
        pan((event.deltaX || event.deltaY) / width());
      } else {
        zoom(Math.exp(event.deltaY * 0.0015), timeAt(event.clientX));
      }
    }, { passive: false });
    viewport.addEventListener("keydown", (event) => {
      if (event.target !== viewport) return;
      const keys = { ArrowLeft: () => pan(-0.2), ArrowRight: () => pan(0.2), "+": () => zoom(0.67), "=": () => zoom(0.67),
        "-": () => zoom(1.5), Home: everything, End: home };
      if (keys[event.key]) { event.preventDefault(); keys[event.key](); }
    });

    // Drag to pan; two fingers pinch to zoom.
    const pointers = new Map();
    let dragged = false, pinch = null;
    viewport.addEventListener("pointerdown", (event) => {
      pointers.set(event.pointerId, event.clientX);
      dragged = false;
      if (pointers.size === 2) {
        const [a, b] = [...pointers.values()];
        pinch = { distance: Math.abs(a - b) || 1, t0, t1, mid: timeAt((a + b) / 2) };
      }
    });
    viewport.addEventListener("pointermove", (event) => {
      if (!pointers.has(event.pointerId)) return;
      const last = pointers.get(event.pointerId);
      pointers.set(event.pointerId, event.clientX);
      if (pointers.size === 2 && pinch) {
        const [a, b] = [...pointers.values()];
        const factor = pinch.distance / (Math.abs(a - b) || 1);
        setView(pinch.mid - (pinch.mid - pinch.t0) * factor, pinch.mid + (pinch.t1 - pinch.mid) * factor);
        dragged = true;
      } else if (pointers.size === 1 && Math.abs(event.clientX - last) > 0) {
        if (Math.abs(event.clientX - last) > 2) dragged = true;
        pan((last - event.clientX) / width());
      }
    });
    const release = (event) => { pointers.delete(event.pointerId); if (pointers.size < 2) pinch = null; };
    viewport.addEventListener("pointerup", release);
    viewport.addEventListener("pointercancel", release);
    track.addEventListener("click", (event) => { if (dragged) { event.preventDefault(); dragged = false; } }, true);

    const button = (icon, text, action) => {
      const b = el("button", { type: "button" }, icon ? el("span", { "aria-hidden": "true", text: `${icon} ` }) : null, text);
      b.addEventListener("click", action);
      return b;
    };
    const controls = el("div", { class: "controls", role: "group", "aria-label": "Timeline controls" },
      button("◀", "Earlier", () => pan(-0.5)), button("▶", "Later", () => pan(0.5)),
      button("+", "Zoom in", () => zoom(0.5)), button("−", "Zoom out", () => zoom(2)),
      button("", "Busiest period", home), button("", "Everything", everything));

    const chart = el("section", { class: "chart", "aria-label": "Timeline chart" }, controls, viewport, status);
    return { chart, start: home };
  }

  function yearOf(e) {
    if (/^\d{3}X/.test(e.date)) return `${e.date.slice(0, 3)}0s`;
    return (e.s || e.e || "").slice(0, 4) || "undated start";
  }

  // Long lists are written 500 entries at a time, after the chart above them is drawn, so it answers first.
  function grouped(section, entries, heading, entry, later) {
    let key = null, list = null;
    const chunk = (from) => {
      const parts = [];
      for (const e of entries.slice(from, from + 500)) {
        const k = heading(e);
        if (k !== key) {
          key = k;
          list = el("ul");
          parts.push(el("h4", { text: k }), list);
        }
        list.append(entry(e));
      }
      section.append(...parts);
      if (from + 500 < entries.length) setTimeout(() => chunk(from + 500), 0);
    };
    if (later) requestAnimationFrame(() => setTimeout(() => chunk(0), 0));
    else chunk(0);
    return section;
  }

  function eventList(events, later) {
    const section = el("section", { class: "events", "aria-labelledby": "list-heading" },
      el("h3", { id: "list-heading", text: `Every event, by year (${events.length})` }));
    const byYear = events.slice().sort((a, b) => startOf(a) - startOf(b));  // "on or before B" goes in B's year
    return grouped(section, byYear, yearOf, (e) => el("li", {},
      el("span", { class: `sample ${markClass(e)}`, "aria-hidden": "true" }),
      el("a", { href: recordHref(e.t, e.id), text: e.label }), " ",
      el("span", { class: "meta" }, [tableName(e.t), e.when, ...eventFlags(e)].join(" · "), " · EDTF ", el("code", { text: e.date }))), later);
  }

  function asOfList(later) {
    const section = el("section", { class: "events", "aria-labelledby": "asof-heading" },
      el("h3", { id: "asof-heading", text: `Not on the timeline: dated only by their source (${DATA.as_of.length})` }),
      el("p", { class: "meta", text: "These records carry no date of their own; the date is when their source said so." }));
    const entries = DATA.as_of.slice().sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    return grouped(section, entries, (e) => e.when[0].toUpperCase() + e.when.slice(1), (e) => el("li", {},
      el("a", { href: recordHref(e.t, e.id), text: e.label }), " ", el("span", { class: "meta", text: tableName(e.t) })), later);
  }

  function timeline() {
    const drawn = chartEvents();
    const { chart, start } = timelineChart(drawn);
    const deals = DATA.deals.length ? `, a deal's steps on one track; ` : "; ";
    show(`Timeline: ${DATA.events.length} dated events`,
      el("p", { class: "meta" }, `Each event is labelled on the chart${deals}`, el("a", { href: "#list", text: "the list" }),
        " below gives every one with its date."),
      legend(drawn), chart, eventList(DATA.events, true), asOfList(true));
    start();
  }

  function listView() {
    show("List of events", el("p", {}, el("a", { href: "#timeline", text: "Back to the chart" })),
      eventList(DATA.events), asOfList());
  }

  // ---------------------------------------------------------------- tables
  function tablesIndex() {
    const list = el("ul", { class: "tables" });
    for (const [name, table] of Object.entries(DATA.tables)) {
      list.append(el("li", {}, el("a", { href: `#table/${name}`, text: name.replace(/_/g, " ") }),
        ` — ${table.rows.toLocaleString("en")} rows. `, rich(table.description)));
    }
    show("Tables", list);
  }

  function cellContent(name, table, column, row, first) {
    const value = row[column.name];
    if (first && table.key.length === 1) return el("a", { href: recordHref(name, value), text: String(value) });
    if (value === null || value === undefined || value === "") return "";
    if (column.ref && DATA.rows[column.ref]) return refLinks(column, value);
    if (name === "citations" && column.name === "record_id") return el("a", { href: recordHref(row.record_table, value), text: value });
    return valueText(column, value);
  }

  const PAGE = 100;

  async function tableView(name) {
    const table = DATA.tables[name];
    if (!table) return notFound();
    const refs = table.columns.filter((c) => c.ref).map((c) => c.ref);
    await need([name, ...refs]);
    const rows = DATA.rows[name];
    const columns = table.columns;
    const grouped = name === "citations";
    // The columns a table opens with, most telling first as the build ranks them, then the rest in the table's order.
    const ordered = columns.filter((c) => c.shown !== null).sort((a, b) => a.shown - b.shown)
      .concat(columns.filter((c) => c.shown === null));
    let visible = ordered.filter((c) => c.shown !== null);
    const said = (c, v) => (v === null ? "" : c.kind === "edtf" ? `${v} ${dateText(v)}` : String(v));
    const haystack = rows.map((r) => columns.map((c) => said(c, r[c.name])).join("\u0001").toLowerCase());
    let order = rows.map((_, i) => i);
    if (grouped) order.sort((a, b) => groupKey(rows[a]).localeCompare(groupKey(rows[b])) || roleRank(rows[a]) - roleRank(rows[b]));
    let sortColumn = null, ascending = true, limit = PAGE;

    const body = el("tbody");
    const count = el("span", { class: "meta", "aria-live": "polite" });
    const input = el("input", { type: "search", id: "filter", "aria-label": `Filter ${name}`, placeholder: "Filter rows…" });
    const more = el("button", { type: "button", class: "more" });
    const head = el("tr");
    const wrapper = el("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": `${name} rows` },
      el("table", {}, el("thead", {}, head), body));

    function groupKey(r) { return `${r.record_table}/${r.record_id}`; }
    function roleRank(r) { return r.role === "states" ? 0 : 1; }

    const summary = el("summary");
    function header() {
      summary.textContent = `Columns: ${visible.length} of ${columns.length} shown`;
      head.replaceChildren(...visible.map((c) => {
        const b = el("button", { type: "button", text: c.label });
        b.addEventListener("click", () => {
          ascending = sortColumn === c.name ? !ascending : true;
          sortColumn = c.name;
          const text = (i) => rows[i][c.name] === null || rows[i][c.name] === undefined ? "" : String(rows[i][c.name]);
          order.sort((a, b2) => text(a).localeCompare(text(b2), undefined, { numeric: true }) * (ascending ? 1 : -1));
          header();
          render();
        });
        return el("th", { scope: "col", "aria-sort": sortColumn === c.name ? (ascending ? "ascending" : "descending") : null }, b);
      }));
    }

    // Only the records a quote of a held text states: what CI checks offline, without the live pages.
    const quotedOnly = rows.length && "evidence" in rows[0]
      ? el("input", { type: "checkbox", id: "quoted-only" }) : null;

    function filtered() {
      const needle = input.value.trim().toLowerCase();
      const kept = quotedOnly && quotedOnly.checked ? order.filter((i) => rows[i].evidence === "quoted") : order;
      return needle ? kept.filter((i) => haystack[i].includes(needle)) : kept;
    }

    function render() {
      const shown = filtered();
      const out = [];
      let group = null;
      for (const i of shown.slice(0, limit)) {
        const r = rows[i];
        if (grouped && !sortColumn && groupKey(r) !== group) {
          group = groupKey(r);
          out.push(el("tr", { class: "group" }, el("th", { scope: "rowgroup", colspan: String(visible.length) },
            `${tableName(r.record_table)}: `, el("a", { href: recordHref(r.record_table, r.record_id), text: r.record_id }))));
        }
        out.push(el("tr", {}, ...visible.map((c) => el("td", {},
          el("div", { class: "clamp" }, cellContent(name, table, c, r, c.name === columns[0].name))))));
      }
      body.replaceChildren(...out);
      count.textContent = `${shown.length.toLocaleString("en")} of ${rows.length.toLocaleString("en")} rows`
        + (shown.length > limit ? `, first ${limit} shown` : "");
      more.hidden = shown.length <= limit;
      more.textContent = `Show all ${shown.length.toLocaleString("en")}`;
    }
    more.addEventListener("click", () => { limit = Infinity; render(); });

    const picker = el("fieldset", { class: "columns" }, el("legend", { text: "Columns" }),
      ...columns.map((c) => {
        const box = el("input", { type: "checkbox", id: `col-${c.name}`, checked: c.shown !== null });
        box.addEventListener("change", () => {
          visible = ordered.filter((x) => document.getElementById(`col-${x.name}`).checked);
          header();
          render();
        });
        return el("label", { for: `col-${c.name}` }, box, ` ${c.label}`);
      }));
    const details = el("details", {}, summary, picker);
    input.addEventListener("input", () => { limit = PAGE; render(); });
    if (quotedOnly) quotedOnly.addEventListener("change", () => { limit = PAGE; render(); });
    header();
    render();
    const onlyQuoted = quotedOnly
      ? el("label", { for: "quoted-only", class: "meta" }, quotedOnly, " only records a quote of a held text states") : null;
    show(name.replace(/_/g, " "), el("p", {}, rich(table.description)),
      el("div", { class: "filter" }, input, onlyQuoted, count, details), wrapper, more);
    // On a narrow screen the least telling columns give way, so that the key ones fit without scrolling sideways.
    while (visible.length > 2 && wrapper.scrollWidth > wrapper.clientWidth) {
      document.getElementById(`col-${visible.pop().name}`).checked = false;
      header();
      render();
    }
  }

  // ---------------------------------------------------------------- record
  function summary(name, record) {
    const event = DATA.events.find((e) => e.t === name && e.id === record.id)
      || DATA.as_of.find((e) => e.t === name && e.id === record.id);
    const label = event ? event.label : recordName(name, record);
    const kind = tableName(name);
    const parts = [`${/^[aeiou]/.test(kind) ? "An" : "A"} ${kind}: ${label}`];
    const deal = Boolean(DATA.tables[name].steps);
    if (deal && record.stage) parts.push(`${stageName(record.stage)} ${dateText(record.stage_date)}`);
    // A hedged number keeps its hedge: "over $167,000,000", not "$167,000,000"; a deal gives each of its figures.
    for (const column of DATA.tables[name].columns.filter((c) => c.name.endsWith("_qualifier"))) {
      const hedge = record[column.name], of = DATA.tables[name].columns.find((c) => c.name === column.name.replace(/_qualifier$/, "")
        || c.name === column.name.replace(/_qualifier$/, "_usd"));
      if (hedge && (deal || hedge !== "exact") && of && record[of.name] !== null) {
        const hedged = hedge === "exact" ? "" : `${hedge.replace(/_/g, " ")} `;
        parts.push(`${of.label.replace(/ USD$/, "").toLowerCase()}: ${hedged}${valueText(of, record[of.name])}`);
      }
    }
    if (event && DATA.events.includes(event)) parts.push(`dated ${[event.when, ...eventFlags(event)].join(", ")}`);
    else if (event) parts.push(`no date of its own; its source says it ${event.when}`);
    return `${parts.join(", ")}.`;
  }

  function quoteFigure(c) {
    const source = findRow("sources", c.source_id) || { title: c.source_id };
    if (!c.quote) return fingerprintFigure(c, source);
    const caption = el("figcaption", { class: "meta" },
      c.role ? el("strong", { text: c.role === "states" ? "States it: " : "Context: " }) : null,
      el("a", { href: recordHref("sources", c.source_id), text: source.title }),
      source.publisher ? `, ${source.publisher}` : "",
      source.date ? ` (${dateText(source.date)})` : "",
      source.url ? el("span", {}, " — ", el("a", { href: source.url, rel: "noopener", text: "original" })) : null,
      `. Characters ${c.quote_start}–${c.quote_end}.`, c.note ? ` ${c.note}` : "");
    return el("figure", { class: c.role === "context" ? "context" : "states" }, el("blockquote", { class: "quote", text: c.quote }), caption);
  }

  // A deal's steps in the order it went through them (the rows are built in deal, stage, date order), each with
  // its date, figures and the quotes that state it.
  function stagesSection(steps, id) {
    const meta = DATA.tables[steps.table];
    const column = (n) => meta.columns.find((c) => c.name === n);
    const rows = DATA.rows[steps.table].filter((r) => r[steps.column] === id);
    const figure = (r, number) => {
      if (r[number] === null || r[number] === undefined) return null;
      const hedge = r[number.replace(/_usd$/, "") + "_qualifier"];
      const text = valueText(column(number), r[number]);
      return hedge && hedge !== "exact" ? `${hedge.replace(/_/g, " ")} ${text}` : text;
    };
    const items = rows.map((r) => {
      const quantity = figure(r, "quantity"), value = figure(r, "value_usd");
      const money = value ? `${value} (${valueText(column("value_kind"), r.value_kind)}, ${valueText(column("value_scope"), r.value_scope)})` : null;
      const quotes = DATA.rows.citations.filter((c) => c.record_table === steps.table && c.record_id === r.id)
        .sort((a, b) => (a.role === "states" ? 0 : 1) - (b.role === "states" ? 0 : 1));
      return el("li", { class: "stage" },
        el("h4", {}, el("a", { href: recordHref(steps.table, r.id), text: valueText(column("stage"), r.stage) }), ` — ${dateText(r.date)}`),
        el("p", { class: "meta", text: [quantity ? `quantity: ${quantity}` : "no quantity given", money || "no value given",
          r.transmittal ? `transmittal ${r.transmittal}` : null].filter(Boolean).join("; ") }),
        ...quotes.map(quoteFigure));
    });
    return el("section", { "aria-labelledby": "stages" }, el("h3", { id: "stages", text: `Stages (${rows.length})` }),
      rows.length ? el("ol", { class: "stages" }, ...items) : el("p", { text: "No stage recorded." }));
  }

  // A page the repository does not hold: where its stating sentence is and the sentence's fingerprint, with the
  // page and its archived copy of the day it was read; the sentence itself is never copied here.
  function fingerprintFigure(c, source) {
    const archived = source.url && source.accessed
      ? `https://web.archive.org/web/${String(source.accessed).slice(0, 10).replace(/-/g, "")}/${source.url}` : null;
    return el("figure", { class: `fingerprint ${c.role === "context" ? "context" : "states"}` },
      el("p", { class: "locator" }, `The sentence at ${c.locator} of the page, not copied here.`),
      el("figcaption", { class: "meta" },
        c.role ? el("strong", { text: c.role === "states" ? "States it: " : "Context: " }) : null,
        el("a", { href: recordHref("sources", c.source_id), text: source.title }),
        source.date ? ` (${dateText(source.date)})` : "",
        source.url ? el("span", {}, " — ", el("a", { href: source.url, rel: "noopener", text: "page" })) : null,
        archived ? el("span", {}, " — ", el("a", { href: archived, rel: "noopener", text: "archived copy" })) : null,
        `. Fingerprint ${c.fingerprint}.`, c.note ? ` ${c.note}` : ""));
  }

  // Where a reader reports a wrong fact about this record: its prefilled form once the project has a public
  // repository; until then, which form to open there and what to give it.
  function reportSection(name, id) {
    const link = (DATA.report.links[name] || {})[id];
    const body = link
      ? el("p", {}, el("a", { href: link, rel: "noopener", text: "Report a wrong fact about this record" }),
        ` (table ${name}, record ${id}), with the source that says otherwise.`)
      : el("p", {}, "Open an issue in the project's repository with its “Wrong fact” form (", el("code", { text: DATA.report.form }),
        "), giving the table ", el("code", { text: name }), " and the record id ", el("code", { text: id }),
        ", what is wrong, and the source that says otherwise.");
    return el("section", { "aria-labelledby": "report" }, el("h3", { id: "report", text: "Report a wrong fact" }), body);
  }

  async function recordView(name, id) {
    await need(Object.keys(DATA.tables).filter((t) => t !== "timeline"));
    const table = DATA.tables[name];
    const record = findRow(name, id) || (DATA.rows[name] || []).find((r) => r[table.key[0]] === id);
    if (!record) return notFound();
    const citations = DATA.rows.citations.filter((c) => c.record_table === name && c.record_id === id)
      .sort((a, b) => (a.role === "states" ? 0 : 1) - (b.role === "states" ? 0 : 1));
    const fields = el("dl", { class: "record" });
    for (const column of table.columns) {
      const value = record[column.name];
      if (value === null || value === undefined || value === "") continue;
      fields.append(el("dt", { text: column.label }),
        el("dd", {}, column.ref && DATA.rows[column.ref] ? refLinks(column, value) : valueText(column, value),
          el("span", { class: "help" }, column.kind === "edtf" ? el("span", {}, "EDTF ", el("code", { text: value }), ". ") : null,
            rich(column.description))));
    }
    const linked = [];
    for (const [other, meta] of Object.entries(DATA.tables)) {
      if (other === "timeline" || !DATA.rows[other]) continue;
      for (const column of meta.columns.filter((c) => c.ref === name)) {
        const hits = DATA.rows[other].filter((r) => r[column.name] && String(r[column.name]).split("|").includes(id));
        if (hits.length && !(other === "citations" && name === "sources")) {
          linked.push(el("h4", { text: `${other.replace(/_/g, " ")} (${column.label.toLowerCase()})` }),
            el("ul", {}, ...hits.map((r) => el("li", {}, el("a", { href: recordHref(other, r.id), text: recordName(other, r) })))));
        }
      }
    }
    const notes = DATA.rows.source_notes.filter((n) => n.record_table === name && n.record_id === id);
    if (notes.length) {
      linked.push(el("h4", { text: "Source notes about this record" }),
        el("ul", {}, ...notes.map((n) => el("li", {}, el("a", { href: recordHref("source_notes", n.id), text: n.id }), ` (${n.kind.replace(/_/g, " ")})`))));
    }
    if (name === "sources") {
      const quoted = DATA.rows.citations.filter((c) => c.source_id === id);
      linked.push(el("h4", { text: `Records quoting this source (${quoted.length})` }),
        el("ul", {}, ...quoted.map((c) => el("li", {}, el("a", { href: recordHref(c.record_table, c.record_id), text: `${tableName(c.record_table)}: ${c.record_id}` })))));
    }
    if (name === "source_notes" && record.record_table && record.record_id) {
      linked.push(el("h4", { text: "About" }), el("p", {}, el("a", { href: recordHref(record.record_table, record.record_id), text: `${tableName(record.record_table)}: ${record.record_id}` })));
    }
    const title = (DATA.events.find((e) => e.t === name && e.id === id) || {}).label || recordName(name, record);
    const stages = table.steps ? stagesSection(table.steps, id) : null;
    show(title,
      el("p", { class: "summary", text: summary(name, record) }),
      el("p", { class: "meta" }, el("a", { href: `#table/${name}`, text: `All ${name.replace(/_/g, " ")}` })),
      el("section", { "aria-labelledby": "says-who" }, el("h3", { id: "says-who", text: citations.length ? `Says who? (${citations.length})` : "Says who?" }),
        ...(citations.length ? citations.map(quoteFigure) : [el("p", { text: name === "sources" ? "This is a source: the records below quote it." : "No citation." })])),
      stages,
      el("section", { "aria-labelledby": "details" }, el("h3", { id: "details", text: "Details" }), fields),
      linked.length ? el("section", { "aria-labelledby": "links" }, el("h3", { id: "links", text: "Linked records" }), ...linked) : null,
      reportSection(name, id));
  }

  // ---------------------------------------------------------------- downloads, dictionary
  function downloads() {
    const rows = DATA.downloads.map((d) => el("tr", {},
      el("td", {}, el("a", { href: d.path, text: d.path.replace(/^data\//, "") })),
      el("td", { text: `${d.bytes.toLocaleString("en")} bytes` }),
      el("td", {}, el("code", { text: d.sha256 }))));
    show("Downloads", el("p", { text: "Every table as CSV and Parquet, with its SHA-256, as shipped in this version." }),
      el("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": "Files" }, el("table", {},
        el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "File" }), el("th", { scope: "col", text: "Size" }), el("th", { scope: "col", text: "SHA-256" }))),
        el("tbody", {}, ...rows))));
  }

  function dictionary() {
    const sections = Object.entries(DATA.tables).map(([name, table]) => el("section", { "aria-labelledby": `dict-${name}` },
      el("h3", { id: `dict-${name}`, text: name.replace(/_/g, " ") }), el("p", {}, rich(table.description)),
      el("dl", { class: "dictionary" }, ...table.columns.flatMap((c) => [
        el("dt", {}, c.label, " ", el("code", { text: c.name })),
        el("dd", {}, rich(c.description),
          el("span", { class: "meta" }, ` ${c.type}${c.required ? "" : ", optional"}${c.unit ? `; unit: ${c.unit}` : ""}`
            + `${c.allowed ? `; one of: ${c.allowed}` : ""}${c.ref ? `; links to ${c.ref}` : ""}.`))]))));
    show("Data dictionary", ...sections);
  }

  function notFound() {
    show("Not found", el("p", {}, "No such page. ", el("a", { href: "#timeline", text: "Back to the timeline" })));
  }

  function route() {
    const hash = decodeURIComponent(location.hash.replace(/^#\/?/, "")) || "timeline";
    const [first, ...rest] = hash.split("/");
    document.querySelectorAll("nav a").forEach((a) => {
      if (a.getAttribute("href") === `#${first}` || (first === "table" && a.getAttribute("href") === "#tables")) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
    if (first === "timeline") return timeline();
    if (first === "list") return listView();
    if (first === "tables") return tablesIndex();
    if (first === "downloads") return downloads();
    if (first === "dictionary") return dictionary();
    if (first === "table") return tableView(rest.join("/"));
    if (DATA.tables[first] && rest.length) return recordView(first, rest.join("/"));
    return notFound();
  }

  document.getElementById("version").textContent = `version ${DATA.version}`;
  window.addEventListener("hashchange", route);
  route();
})();
