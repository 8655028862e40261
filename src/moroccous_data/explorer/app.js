// moroccous-data explorer: renders window.MOROCCOUS (written by `moroccous-data site`) with no network access.
"use strict";

(function () {
  const DATA = window.MOROCCOUS;
  const main = document.getElementById("main");
  const COLORS = ["#0b5394", "#b45f06", "#38761d", "#741b47", "#134f5c", "#7f6000", "#990000", "#351c75", "#595959"];

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child);
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    return node;
  }

  function recordLink(table, id, label) {
    return el("a", { href: `#${table}/${encodeURIComponent(id)}`, text: label || id });
  }

  function show(title, ...content) {
    main.replaceChildren(el("h2", { text: title }), ...content);
    document.title = `${title} — moroccous-data`;
    main.focus();
  }

  // Timeline: one lane per table; a day-precise record is a dot, anything coarser a span.
  function timeline() {
    const rows = DATA.timeline.filter((r) => r.date_start || r.date_end);
    const day = (text) => Date.parse(text + "T00:00:00Z");
    const starts = rows.map((r) => day(r.date_start || r.date_end));
    const ends = rows.map((r) => day(r.date_end || DATA.open_until));
    const lo = Math.min(...starts), hi = Math.max(...ends);
    const lanes = [...new Set(rows.map((r) => r.record_table))];
    const width = 1000, left = 120, lane = 34, height = lanes.length * lane + 40;
    const x = (t) => left + ((t - lo) / (hi - lo || 1)) * (width - left - 20);
    const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img",
      "aria-label": `Timeline of ${rows.length} dated records` });
    const firstYear = new Date(lo).getUTCFullYear(), lastYear = new Date(hi).getUTCFullYear();
    const step = Math.max(1, Math.ceil((lastYear - firstYear) / 12));
    for (let year = firstYear; year <= lastYear; year += step) {
      const at = x(Date.UTC(year, 0, 1));
      chart.append(svg("line", { x1: at, x2: at, y1: 20, y2: height - 20, stroke: "#e0e0e0" }));
      const label = svg("text", { x: at + 2, y: height - 5 });
      label.textContent = String(year);
      chart.append(label);
    }
    lanes.forEach((name, i) => {
      const label = svg("text", { x: 4, y: 30 + i * lane + 12 });
      label.textContent = name;
      chart.append(label);
    });
    rows.forEach((r, i) => {
      const laneIndex = lanes.indexOf(r.record_table);
      const y = 30 + laneIndex * lane + (i % 3) * 6;
      const color = COLORS[laneIndex % COLORS.length];
      const a = x(starts[i]), b = x(ends[i] + 86400000);
      const mark = r.date_precision === "day" && r.date_start === r.date_end
        ? svg("circle", { cx: a, cy: y + 6, r: 5, fill: color })
        : svg("rect", { x: a, y: y, width: Math.max(3, b - a), height: 10, fill: color, "fill-opacity": r.date_end ? 0.75 : 0.35 });
      mark.setAttribute("class", "mark");
      mark.setAttribute("tabindex", "0");
      mark.setAttribute("data-record", `${r.record_table}/${r.record_id}`);
      const tip = svg("title");
      tip.textContent = `${r.label} — ${r.date} (${r.date_precision}${r.date_end ? "" : ", open end"})`;
      mark.append(tip);
      const open = () => { location.hash = `#${r.record_table}/${encodeURIComponent(r.record_id)}`; };
      mark.addEventListener("click", open);
      mark.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
      chart.append(mark);
    });
    const legend = el("p", { class: "meta", text: "A dot is a record dated to the day; a bar spans every day its date allows "
      + "(a year-precision date covers the whole year); a faint bar has an open end, drawn to the latest date in the data. "
      + "Hover or focus a mark for its label; click or press Enter to open the record." });
    show(`Timeline (${rows.length} dated records)`, legend, el("div", { class: "scroll" }, chart));
  }

  function tablesIndex() {
    const list = el("ul");
    for (const [name, table] of Object.entries(DATA.tables)) {
      list.append(el("li", {}, el("a", { href: `#table/${name}`, text: name }), ` — ${table.rows.length} rows. ${table.description}`));
    }
    show("Tables", list);
  }

  function cellText(value) {
    return value === null || value === undefined ? "" : String(value);
  }

  function tableView(name) {
    const table = DATA.tables[name];
    if (!table) return notFound();
    const columns = table.columns.map((c) => c.name);
    let rows = table.rows.slice();
    let sortColumn = null, ascending = true;
    const body = el("tbody");
    const count = el("span", { class: "meta", "aria-live": "polite" });
    const input = el("input", { type: "search", id: "filter", "aria-label": `Filter ${name}`, placeholder: "Filter rows…" });
    function render() {
      const needle = input.value.trim().toLowerCase();
      const shown = rows.filter((r) => !needle || columns.some((c) => cellText(r[c]).toLowerCase().includes(needle)));
      body.replaceChildren(...shown.map((r) => {
        const key = table.key.map((k) => r[k]).join("/");
        return el("tr", {}, ...columns.map((c, i) => el("td", {},
          i === 0 && table.key.length === 1 ? recordLink(name, r[c]) : cellText(r[c]))));
      }));
      count.textContent = `${shown.length} of ${rows.length} rows`;
    }
    const header = el("tr", {}, ...columns.map((c) => {
      const button = el("button", { type: "button", text: c, title: table.columns.find((x) => x.name === c).description });
      button.addEventListener("click", () => {
        ascending = sortColumn === c ? !ascending : true;
        sortColumn = c;
        rows.sort((a, b) => cellText(a[c]).localeCompare(cellText(b[c]), undefined, { numeric: true }) * (ascending ? 1 : -1));
        render();
      });
      return el("th", { scope: "col" }, button);
    }));
    input.addEventListener("input", render);
    render();
    show(`${name}`, el("p", { text: table.description }),
      el("div", { class: "filter" }, input, count),
      el("div", { class: "scroll" }, el("table", {}, el("thead", {}, header), body)));
  }

  function recordView(name, id) {
    const table = DATA.tables[name];
    const record = table && table.rows.find((r) => r[table.key[0]] === id);
    if (!record) return notFound();
    const fields = el("dl", { class: "record" });
    for (const column of table.columns) {
      const value = record[column.name];
      if (value === null || value === undefined || value === "") continue;
      let shown = cellText(value);
      fields.append(el("dt", { text: column.name, title: column.description }));
      if (column.ref && DATA.tables[column.ref]) {
        const dd = el("dd");
        String(value).split("|").forEach((ref, i) => {
          if (i) dd.append(", ");
          const target = DATA.tables[column.ref].rows.find((r) => r.id === ref);
          dd.append(recordLink(column.ref, ref, target && target.name ? target.name : ref));
        });
        fields.append(dd);
      } else {
        fields.append(el("dd", { text: shown }));
      }
    }
    const quotes = (DATA.citations[`${name}/${id}`] || []).map((c) => {
      const source = DATA.sources[c.source_id];
      return el("figure", {},
        el("blockquote", { class: "quote", text: c.quote }),
        el("figcaption", { class: "meta", text: `${source.title}${source.publisher ? ", " + source.publisher : ""}`
          + `${source.date ? " (" + source.date + ")" : ""} — characters ${c.quote_start}–${c.quote_end}`
          + `${c.note ? ". " + c.note : ""}` }));
    });
    show(`${name}: ${record.name || record.statement || id}`,
      fields, el("h3", { text: `Citations (${quotes.length})` }), ...quotes);
  }

  function downloads() {
    const rows = DATA.downloads.map((d) => el("tr", {},
      el("td", {}, el("a", { href: d.path, text: d.path })),
      el("td", { text: `${d.bytes.toLocaleString("en")} bytes` }),
      el("td", {}, el("code", { text: d.sha256 }))));
    show("Downloads", el("p", { text: "Every table as CSV and Parquet, with its SHA-256, as shipped in this version." }),
      el("div", { class: "scroll" }, el("table", {},
        el("thead", {}, el("tr", {}, el("th", { text: "file" }), el("th", { text: "size" }), el("th", { text: "sha256" }))),
        el("tbody", {}, ...rows))));
  }

  function dictionary() {
    const sections = Object.entries(DATA.tables).map(([name, table]) => el("section", {},
      el("h3", { text: name }), el("p", { text: table.description }),
      el("div", { class: "scroll" }, el("table", {},
        el("thead", {}, el("tr", {}, ...["column", "type", "unit", "allowed values", "description"].map((h) => el("th", { text: h })))),
        el("tbody", {}, ...table.columns.map((c) => el("tr", {},
          el("td", {}, el("code", { text: c.name })), el("td", { text: c.type + (c.required ? "" : ", optional") }),
          el("td", { text: c.unit || "" }), el("td", { text: c.allowed || "" }), el("td", { text: c.description }))))))));
    show("Data dictionary", ...sections);
  }

  function notFound() {
    show("Not found", el("p", {}, "No such page. ", el("a", { href: "#timeline", text: "Back to the timeline" })));
  }

  function route() {
    const hash = decodeURIComponent(location.hash.slice(1)) || "timeline";
    const [first, ...rest] = hash.split("/");
    if (first === "timeline") return timeline();
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
