// Trainyard's report page: draws tables and SVG charts from the JSON data embedded in
// the page. Deliberately dependency-free and offline. User text reaches the screen only
// through textContent (never innerHTML), so names and descriptions are always text.
"use strict";

const DATA = JSON.parse(document.getElementById("report-data").textContent);
const RUNS = DATA.runs;
const BY_ID = new Map(RUNS.map(run => [run.id, run]));
const PALETTE = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777"];
const SVG_NS = "http://www.w3.org/2000/svg";

const state = {
  sortKey: "test_accuracy",
  sortDescending: true,
  filter: "",
  differencesOnly: true,
  selected: new Set(),
  detail: null,
};

// ---- small helpers -------------------------------------------------------------------

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "className") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) {
    if (child === undefined || child === null) continue;
    node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
  return node;
}

function svg(tag, attributes, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === undefined || child === null) continue;
    node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
  return node;
}

function titled(node, text) {
  node.appendChild(svg("title", {}, text));
  return node;
}

function fixed(value, digits) {
  return value === null || value === undefined || Number.isNaN(value) ? "–" : Number(value).toFixed(digits);
}

function show(value) {
  if (value === undefined) return "–";
  if (value === null) return "null";
  if (typeof value === "number") return readable(value);
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

// The twin of results/Numbers.java (a browser test holds them equal): the shortest digits
// that give the number back, plain from 1e-4 up to 1e16, else as 2.045e-05, as Python prints.
function readable(value) {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  if (value === 0) return "0";
  const sign = value < 0 ? "-" : "";
  const [mantissa, power] = Math.abs(value).toExponential().split("e");
  const exponent = Number(power);
  if (exponent < -4 || exponent >= 16) {
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String(Math.abs(exponent)).padStart(2, "0");
  }
  const digits = mantissa.replace(".", "");
  if (exponent < 0) return sign + "0." + "0".repeat(-exponent - 1) + digits;
  if (digits.length <= exponent + 1) return sign + digits + "0".repeat(exponent + 1 - digits.length);
  return sign + digits.slice(0, exponent + 1) + "." + digits.slice(exponent + 1);
}

function mean(values) {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function deviation(values) {
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) * (v - m), 0) / Math.max(1, values.length - 1));
}

function completed(run) {
  return run.status === "completed" && run.test_accuracy !== null && run.test_accuracy !== undefined;
}

function colorOf(id) {
  const ids = [...state.selected];
  return PALETTE[Math.max(0, ids.indexOf(id)) % PALETTE.length];
}

/** Nice tick values covering [low, high]. */
function ticks(low, high, count) {
  if (!(high > low)) return [low];
  const raw = (high - low) / count;
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map(f => f * magnitude).find(s => s >= raw) || raw;
  const values = [];
  for (let v = Math.ceil(low / step) * step; v <= high + step * 1e-9; v += step) values.push(Number(v.toPrecision(12)));
  return values;
}

function scale(domainLow, domainHigh, rangeLow, rangeHigh) {
  const span = domainHigh - domainLow || 1;
  return value => rangeLow + (value - domainLow) / span * (rangeHigh - rangeLow);
}

// ---- header --------------------------------------------------------------------------

function renderHeader() {
  const header = document.getElementById("header");
  const experiments = [...new Set(RUNS.map(run => run.experiment))];
  const machine = DATA.machine;
  header.append(
    el("h1", {}, "Trainyard report: " + DATA.title),
    el("p", {}, `${RUNS.length} run${RUNS.length === 1 ? "" : "s"} of ${experiments.length} experiment${experiments.length === 1 ? "" : "s"}: ${experiments.join(", ")}`),
    el("p", {}, "Generated " + DATA.generated_at),
    machine ? el("p", {}, `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.java}, ${machine.vector_bits}-bit vectors`) : null,
  );
}

// ---- runs table ----------------------------------------------------------------------

function parameterKeys() {
  const keys = new Set();
  RUNS.forEach(run => Object.keys(run.parameters).forEach(key => keys.add(key)));
  return [...keys].sort();
}

const ALL_KEYS = parameterKeys();
const VARYING_KEYS = ALL_KEYS.filter(key => new Set(RUNS.map(run => show(run.parameters[key]))).size > 1);
/** The most common value of each key: a cell is highlighted where its run departs from it. */
const USUAL = Object.fromEntries(VARYING_KEYS.map(key => {
  const counts = new Map();
  RUNS.forEach(run => counts.set(show(run.parameters[key]), (counts.get(show(run.parameters[key])) || 0) + 1));
  return [key, [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0]];
}));
const BEST = RUNS.filter(completed).reduce((best, run) => (!best || run.test_accuracy > best.test_accuracy ? run : best), null);
const FASTEST = RUNS.filter(completed).reduce((best, run) => (!best || run.train_seconds < best.train_seconds ? run : best), null);

function columns() {
  const keys = state.differencesOnly ? VARYING_KEYS : ALL_KEYS;
  return [
    { key: "select", label: "", sortable: false },
    { key: "id", label: "Run", value: run => run.id },
    { key: "description", label: "Description", value: run => run.description },
    ...keys.map(key => ({ key: "parameter:" + key, label: key, value: run => run.parameters[key], parameter: key })),
    { key: "test_accuracy", label: "Test acc.", value: run => run.test_accuracy, number: true, digits: 4 },
    { key: "test_loss", label: "Test loss", value: run => run.test_loss, number: true, digits: 4 },
    { key: "train_seconds", label: "Train s", value: run => run.train_seconds, number: true, digits: 2 },
    { key: "seconds_per_epoch", label: "s/epoch", value: run => run.seconds_per_epoch, number: true, digits: 3 },
    { key: "params", label: "Params", value: run => run.params, number: true, digits: 0 },
    { key: "best_val_accuracy", label: "Best val acc. (epoch)", value: run => run.best_val_accuracy, number: true, digits: 4,
      text: run => run.best_val_accuracy === null ? "–" : `${fixed(run.best_val_accuracy, 4)} (${run.best_epoch})` },
    { key: "last_val_accuracy", label: "Last val acc.", value: run => run.last_val_accuracy, number: true, digits: 4 },
    { key: "last_val_loss", label: "Last val loss", value: run => run.last_val_loss, number: true, digits: 4 },
    { key: "status", label: "Status", value: run => run.status, text: statusText },
  ];
}

function statusText(run) {
  if (run.status === "diverged") return `diverged (epoch ${run.diverged_at_epoch})`;
  if (run.status === "failed") return "failed: " + (run.message || "");
  return run.stopped_epoch ? `${run.status} (stopped early, epoch ${run.stopped_epoch})` : run.status;
}

function compare(a, b) {
  const missingA = a === null || a === undefined, missingB = b === null || b === undefined;
  if (missingA || missingB) return missingA === missingB ? 0 : missingA ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return show(a).localeCompare(show(b), undefined, { numeric: true });
}

function visibleRuns() {
  const needle = state.filter.trim().toLowerCase();
  const column = columns().find(c => c.key === state.sortKey) || columns().find(c => c.key === "test_accuracy");
  const rows = RUNS.filter(run => !needle || [run.id, run.description, run.status, run.message || "",
    ...Object.entries(run.parameters).map(([k, v]) => k + "=" + show(v))].join(" ").toLowerCase().includes(needle));
  rows.sort((a, b) => {
    const order = compare(column.value(a), column.value(b));
    const missing = column.value(a) === null || column.value(a) === undefined || column.value(b) === null || column.value(b) === undefined;
    return missing ? order : state.sortDescending ? -order : order;
  });
  return rows;
}

function renderRuns() {
  const table = document.getElementById("runs");
  table.replaceChildren();
  const cols = columns();
  const head = el("tr");
  for (const column of cols) {
    const classes = [column.number ? "number" : "", column.key === state.sortKey ? (state.sortDescending ? "sorted-descending" : "sorted-ascending") : ""];
    head.appendChild(el("th", {
      className: classes.join(" ").trim() || null, "data-key": column.key, scope: "col",
      onclick: column.sortable === false ? null : () => {
        state.sortDescending = state.sortKey === column.key ? !state.sortDescending : !!column.number;
        state.sortKey = column.key;
        renderRuns();
      },
    }, column.label));
  }
  table.appendChild(el("thead", {}, head));
  const body = el("tbody");
  const rows = visibleRuns();
  for (const run of rows) {
    const row = el("tr", { "data-run": run.id, className: state.detail === run.id ? "detail" : null,
      onclick: event => { if (event.target.tagName !== "INPUT") showDetail(run.id); } });
    for (const column of cols) {
      if (column.key === "select") {
        row.appendChild(el("td", {}, el("input", { type: "checkbox", "aria-label": "compare " + run.id, checked: state.selected.has(run.id),
          onchange: event => { event.target.checked ? state.selected.add(run.id) : state.selected.delete(run.id); renderCurves(); saveView(); } })));
        continue;
      }
      const value = column.value(run);
      const text = column.text ? column.text(run) : column.number ? (column.digits === 0 ? (value ?? "–").toLocaleString() : fixed(value, column.digits)) : show(value);
      const cell = el("td", { className: [column.number ? "number" : "", column.parameter && VARYING_KEYS.includes(column.parameter) && show(value) !== USUAL[column.parameter] ? "varies" : "",
        column.key === "description" ? "description" : "", column.key === "status" ? "status-" + run.status : ""].join(" ").trim() || null,
        title: column.key === "description" ? run.description : null }, text);
      if (column.key === "id") {
        if (BEST && run.id === BEST.id) cell.appendChild(el("span", { className: "badge best", title: "best test accuracy" }, "best"));
        if (FASTEST && run.id === FASTEST.id) cell.appendChild(el("span", { className: "badge fastest", title: "fastest to train" }, "fastest"));
      }
      row.appendChild(cell);
    }
    body.appendChild(row);
  }
  table.appendChild(body);
  document.getElementById("row-count").textContent = `${rows.length} of ${RUNS.length} runs shown`;
  if (document.body.hasAttribute("data-ready")) saveView();
  const constant = ALL_KEYS.filter(key => !VARYING_KEYS.includes(key));
  document.getElementById("same-for-all").textContent = RUNS.length < 2 ? "" :
    "Same for all: " + (constant.length ? constant.map(key => key + "=" + show(RUNS[0].parameters[key])).join(", ") : "nothing");
}

function renderProblems() {
  const failed = RUNS.filter(run => run.status === "failed" || run.status === "diverged");
  const box = document.getElementById("problems");
  box.replaceChildren();
  if (!failed.length) return;
  box.append(el("h3", {}, "Failed and diverged runs"),
    el("ul", { className: "problems" }, ...failed.map(run => el("li", {}, run.id + ": " + statusText(run)))));
}

// ---- seed groups ---------------------------------------------------------------------

function groups() {
  return DATA.seed_groups.map(group => {
    const members = group.members.map(id => BY_ID.get(id)).filter(Boolean);
    const done = members.filter(completed);
    return { members, done };
  }).filter(group => group.done.length > 1);
}

function renderGroups() {
  const list = groups();
  if (!list.length) return;
  document.getElementById("groups-section").hidden = false;
  const table = document.getElementById("groups");
  table.append(el("thead", {}, el("tr", {}, ...["Runs", "Seeds", "Test acc. mean ± sd", "Test loss mean ± sd", "Train s mean ± sd"]
    .map(label => el("th", {}, label)))));
  const body = el("tbody");
  for (const group of list) {
    const accuracy = group.done.map(run => run.test_accuracy);
    const loss = group.done.map(run => run.test_loss);
    const time = group.done.map(run => run.train_seconds);
    body.appendChild(el("tr", {},
      el("td", {}, group.members.map(run => run.id).join(", ")),
      el("td", {}, group.members.map(run => show(run.parameters["training.seed"])).join(", ")),
      el("td", { className: "number" }, `${fixed(mean(accuracy), 4)} ± ${fixed(deviation(accuracy), 4)}`),
      el("td", { className: "number" }, `${fixed(mean(loss), 4)} ± ${fixed(deviation(loss), 4)}`),
      el("td", { className: "number" }, `${fixed(mean(time), 2)} ± ${fixed(deviation(time), 2)}`)));
  }
  table.appendChild(body);
}

// ---- scatter: accuracy versus time ---------------------------------------------------

function paretoFront(runs) {
  const sorted = [...runs].sort((a, b) => a.train_seconds - b.train_seconds || b.test_accuracy - a.test_accuracy);
  const front = [];
  let best = -Infinity;
  for (const run of sorted) {
    if (run.test_accuracy > best) { front.push(run); best = run.test_accuracy; }
  }
  return front;
}

function axes(group, x, y, xTicks, yTicks, box, xLabel, yLabel, xFormat, yFormat) {
  const grid = svg("g", { class: "grid" });
  const axis = svg("g", { class: "axis" });
  for (const t of xTicks) {
    grid.appendChild(svg("line", { x1: x(t), x2: x(t), y1: box.top, y2: box.bottom }));
    axis.appendChild(svg("text", { x: x(t), y: box.bottom + 14, "text-anchor": "middle" }, xFormat(t)));
  }
  for (const t of yTicks) {
    grid.appendChild(svg("line", { x1: box.left, x2: box.right, y1: y(t), y2: y(t) }));
    axis.appendChild(svg("text", { x: box.left - 6, y: y(t) + 4, "text-anchor": "end" }, yFormat(t)));
  }
  axis.appendChild(svg("line", { x1: box.left, x2: box.right, y1: box.bottom, y2: box.bottom }));
  axis.appendChild(svg("line", { x1: box.left, x2: box.left, y1: box.top, y2: box.bottom }));
  axis.appendChild(svg("text", { x: (box.left + box.right) / 2, y: box.bottom + 32, "text-anchor": "middle" }, xLabel));
  axis.appendChild(svg("text", { x: 14, y: (box.top + box.bottom) / 2, "text-anchor": "middle",
    transform: `rotate(-90 14 ${(box.top + box.bottom) / 2})` }, yLabel));
  group.append(grid, axis);
}

function renderScatter() {
  const container = document.getElementById("scatter");
  container.replaceChildren();
  const runs = RUNS.filter(completed);
  if (!runs.length) { container.appendChild(el("p", { className: "hint" }, "No completed runs yet.")); return; }
  const width = 720, height = 380, box = { left: 64, right: width - 20, top: 16, bottom: height - 44 };
  const times = runs.map(run => run.train_seconds), accuracies = runs.map(run => run.test_accuracy);
  const xMax = Math.max(...times) * 1.05 || 1;
  let yLow = Math.min(...accuracies), yHigh = Math.max(...accuracies);
  const pad = Math.max((yHigh - yLow) * 0.08, 0.002);
  yLow = Math.max(0, yLow - pad); yHigh = Math.min(1, yHigh + pad);
  const x = scale(0, xMax, box.left, box.right), y = scale(yLow, yHigh, box.bottom, box.top);
  const chart = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "test accuracy against training seconds" });
  axes(chart, x, y, ticks(0, xMax, 8), ticks(yLow, yHigh, 6), box, "training time (s)", "test accuracy", t => String(t), t => t.toFixed(3));
  const front = paretoFront(runs);
  chart.appendChild(svg("polyline", { class: "front", points: front.map(run => `${x(run.train_seconds)},${y(run.test_accuracy)}`).join(" ") }));
  for (const group of groups()) {
    const mt = mean(group.done.map(r => r.train_seconds)), ma = mean(group.done.map(r => r.test_accuracy));
    const st = deviation(group.done.map(r => r.train_seconds)), sa = deviation(group.done.map(r => r.test_accuracy));
    chart.appendChild(titled(svg("g", { class: "spread" },
      svg("line", { x1: x(mt - st), x2: x(mt + st), y1: y(ma), y2: y(ma), stroke: "currentColor" }),
      svg("line", { x1: x(mt), x2: x(mt), y1: y(Math.max(yLow, ma - sa)), y2: y(Math.min(yHigh, ma + sa)), stroke: "currentColor" })),
      `${group.members.length} seeds: accuracy ${fixed(ma, 4)} ± ${fixed(sa, 4)}, ${fixed(mt, 2)} ± ${fixed(st, 2)} s`));
  }
  for (const run of runs) {
    const onFront = front.includes(run);
    const dot = titled(svg("circle", { class: "dot", cx: x(run.train_seconds), cy: y(run.test_accuracy), r: onFront ? 6 : 4.5,
      fill: onFront ? "var(--good)" : "var(--accent)", "data-run": run.id }),
      `${run.id}${run.description ? " — " + run.description : ""}\ntest accuracy ${fixed(run.test_accuracy, 4)}, ${fixed(run.train_seconds, 2)} s`);
    dot.addEventListener("click", () => showDetail(run.id));
    chart.appendChild(dot);
  }
  // Label the front's runs: to the right of the dot, or to its left near the right edge,
  // skipping a label that would overlap any label already placed.
  const labelWidth = 90, labelHeight = 14, placed = [];
  for (const run of front) {
    const dx = x(run.train_seconds), dy = y(run.test_accuracy) - 6;
    const toLeft = dx + 8 + labelWidth > box.right;
    const left = toLeft ? dx - 8 - labelWidth : dx + 8;
    if (placed.some(other => Math.abs(left - other.left) < labelWidth && Math.abs(dy - other.y) < labelHeight)) continue;
    chart.appendChild(svg("text", { x: toLeft ? dx - 8 : dx + 8, y: dy, class: "front-label", "text-anchor": toLeft ? "end" : "start" }, run.run_id));
    placed.push({ left, y: dy });
  }
  container.appendChild(chart);
}

// ---- learning curves -----------------------------------------------------------------

function renderCurves() {
  const container = document.getElementById("curves");
  container.replaceChildren();
  const runs = [...state.selected].map(id => BY_ID.get(id)).filter(run => run && run.curves.loss.length);
  if (!runs.length) { container.appendChild(el("p", { className: "hint" }, "No run with a history is selected.")); return; }
  // The learning rate gets its own chart once a selected run recorded it (results before it was recorded have none).
  const rated = runs.some(run => (run.curves.learning_rate || []).some(v => v !== null));
  for (const metric of rated ? ["loss", "accuracy", "learning_rate"] : ["loss", "accuracy"]) {
    const seriesOf = metric === "learning_rate" ? [metric] : [metric, "val_" + metric];
    const width = 460, height = 300, box = { left: 56, right: width - 16, top: 16, bottom: height - 44 };
    const epochs = Math.max(...runs.map(run => run.curves.loss.length));
    const values = runs.flatMap(run => seriesOf.flatMap(series => run.curves[series] || [])).filter(v => v !== null && Number.isFinite(v));
    let low = Math.min(...values), high = Math.max(...values);
    const pad = (high - low) * 0.06 || 0.01;
    low -= pad; high += pad;
    const x = scale(1, Math.max(2, epochs), box.left, box.right), y = scale(low, high, box.bottom, box.top);
    const chart = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": metric + " per epoch", "data-metric": metric });
    axes(chart, x, y, ticks(1, Math.max(2, epochs), Math.min(10, epochs)).filter(t => Number.isInteger(t)), ticks(low, high, 6), box,
      "epoch", metric, t => String(t), t => metric === "learning_rate" ? t.toPrecision(2) : t.toFixed(3));
    for (const run of runs) {
      for (const series of seriesOf) {
        if (!run.curves[series]) continue;
        const points = run.curves[series].map((v, i) => v === null || !Number.isFinite(v) ? null : `${x(i + 1)},${y(v)}`).filter(Boolean);
        if (!points.length) continue;
        chart.appendChild(titled(svg("polyline", { points: points.join(" "), fill: "none", stroke: colorOf(run.id), "stroke-width": 2,
          "stroke-dasharray": series.startsWith("val_") ? "6 4" : null, class: "curve", "data-run": run.id }), `${run.id} ${series}`));
        run.curves[series].forEach((v, i) => {
          if (v !== null && Number.isFinite(v)) {
            chart.appendChild(titled(svg("circle", { cx: x(i + 1), cy: y(v), r: 2.5, fill: colorOf(run.id) }),
              `${run.id} ${series}, epoch ${i + 1}: ${metric === "learning_rate" ? v.toPrecision(4) : v.toFixed(4)}`));
          }
        });
      }
    }
    const figure = el("div", {}, chart);
    figure.appendChild(el("div", { className: "legend" }, ...runs.map(run => el("span", {},
      el("span", { className: "swatch", style: `background:${colorOf(run.id)}` }), run.id))));
    container.appendChild(figure);
  }
}

// ---- sweeps --------------------------------------------------------------------------

function accuracyColor(value, low, high) {
  const t = high > low ? (value - low) / (high - low) : 1;
  const hue = 10 + t * 110; // red (worst) to green (best)
  return `hsl(${hue.toFixed(0)}, 70%, 45%)`;
}

const IMPORTANCE_METRICS = { test_accuracy: "test accuracy", best_val_accuracy: "best val_accuracy", train_seconds: "train time" };

/** "Which settings mattered": each swept key's share of the PED-ANOVA importance, computed when the report was written. */
function importancePanel(sweep) {
  const panel = el("div", { className: "importance", "data-sweep": sweep.experiment });
  const metrics = Object.keys(IMPORTANCE_METRICS).filter(metric => sweep.importance[metric]);
  const select = el("select", { "aria-label": "metric" }, ...metrics.map(metric => el("option", { value: metric }, IMPORTANCE_METRICS[metric])));
  const bars = el("div", { className: "bars" });
  const note = el("p", { className: "hint" });
  const draw = () => {
    const result = sweep.importance[select.value];
    bars.replaceChildren(...result.parameters.map(parameter => el("div", { className: "bar-row", "data-key": parameter.key },
      el("span", { className: "bar-key" }, parameter.key),
      el("span", { className: "bar-track" }, el("span", { className: "bar", style: `width:${(100 * parameter.share).toFixed(1)}%` })),
      el("span", { className: "bar-value" }, `${(100 * parameter.share).toFixed(0)}%`),
      el("span", { className: "bar-sign", title: "sign of the rank correlation with the metric" },
        parameter.correlation === null ? "" : parameter.correlation > 0 ? "↑ higher is more" : parameter.correlation < 0 ? "↓ higher is less" : "–"))));
    note.textContent = `Over ${result.trials} completed trials. A bar is the setting's share of the importance: how much more the best 10% of ` +
      `trials by ${IMPORTANCE_METRICS[select.value]} crowd into part of its range than all trials do (PED-ANOVA, Watanabe et al., IJCAI 2023). ` +
      "The arrow says whether larger values of a numeric setting went with more or less of the metric.";
  };
  const charts = el("div", { className: "charts slices" });
  const redraw = () => { draw(); drawSlices(sweep, select.value, charts); };
  select.addEventListener("change", redraw);
  panel.appendChild(el("h4", {}, "Which settings mattered for ", select));
  panel.appendChild(bars);
  panel.appendChild(note);
  panel.appendChild(charts);
  redraw();
  return panel;
}

/** Optuna's slice plots (the metric against each swept setting, a dot per trial) and the optimisation history. */
function drawSlices(sweep, metric, container) {
  const lowerIsBetter = metric === "train_seconds";
  const trials = sweep.trials.map((trial, index) => ({ trial, index, run: BY_ID.get(sweep.experiment + "/" + trial.run_id) }))
    .filter(entry => entry.run && completed(entry.run) && Number.isFinite(entry.run[metric]));
  container.replaceChildren();
  if (!trials.length) return;
  const figures = trials.map(entry => entry.run[metric]);
  const low = Math.min(...figures), high = Math.max(...figures);
  const width = 240, height = 180, box = { left: 52, right: width - 10, top: 10, bottom: height - 34 };
  const y = scale(low, high === low ? low + 1e-9 : high, box.bottom, box.top);
  const format = t => metric === "train_seconds" ? t.toFixed(1) : t.toFixed(3);
  const chart = (label, xTicks, x, xFormat, points, kind) => {
    const node = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `${IMPORTANCE_METRICS[metric]} against ${label}`,
      "data-slice": label, class: kind });
    axes(node, x, y, xTicks, ticks(low, high, 4), box, label, IMPORTANCE_METRICS[metric], xFormat, format);
    node.appendChild(svg("text", { x: (box.left + box.right) / 2, y: height - 4, "text-anchor": "middle", class: "axis-label" }, label));
    for (const point of points) {
      node.appendChild(titled(svg("circle", { cx: point.x, cy: y(point.figure), r: 3, class: "slice-dot", fill: "#3b7dd8" }), point.title));
    }
    return node;
  };
  const logarithmic = key => Boolean(sweep.sweep.random && sweep.sweep.random.space && sweep.sweep.random.space[key]
    && sweep.sweep.random.space[key].log_uniform);
  for (const parameter of sweep.importance[metric] ? sweep.importance[metric].parameters : []) {
    const key = parameter.key;
    const values = trials.map(entry => entry.trial.values[key]);
    let x, xTicks, xFormat;
    if (values.every(v => typeof v === "number")) {
      const f = logarithmic(key) ? Math.log10 : v => v;
      const lo = Math.min(...values.map(f)), hi = Math.max(...values.map(f));
      x = v => scale(lo, hi === lo ? lo + 1 : hi, box.left + 6, box.right - 6)(f(v));
      xTicks = logarithmic(key) ? ticks(lo, hi, 3).filter(Number.isInteger).map(t => Math.pow(10, t)) : ticks(lo, hi, 3);
      xFormat = t => show(Number(t.toPrecision(3)));
    } else {
      const categories = [...new Set(values.map(show))];
      x = v => scale(0, Math.max(1, categories.length - 1), box.left + 20, box.right - 20)(categories.indexOf(show(v)));
      xTicks = values.filter((v, i) => values.findIndex(w => show(w) === show(v)) === i);
      xFormat = show;
    }
    container.appendChild(chart(key, xTicks, x, xFormat, trials.map(entry => ({ x: x(entry.trial.values[key]), figure: entry.run[metric],
      title: `${entry.run.id}: ${key} = ${show(entry.trial.values[key])}, ${format(entry.run[metric])}` })), "slice"));
  }
  // The optimisation history: every trial in the sweep's order, and the best so far.
  const historyX = scale(1, Math.max(2, sweep.trials.length), box.left + 6, box.right - 6);
  const history = chart("trial", ticks(1, Math.max(2, sweep.trials.length), 4).filter(Number.isInteger), historyX, t => String(t),
    trials.map(entry => ({ x: historyX(entry.index + 1), figure: entry.run[metric], title: `trial ${entry.index + 1}: ${format(entry.run[metric])}` })), "history");
  let best = null;
  const steps = [];
  for (const entry of trials) {
    const figure = entry.run[metric];
    if (best === null || (lowerIsBetter ? figure < best : figure > best)) best = figure;
    steps.push(`${historyX(entry.index + 1)},${y(best)}`);
  }
  history.appendChild(svg("polyline", { points: steps.join(" "), fill: "none", stroke: "#d8573b", "stroke-width": 2, class: "best-so-far" }));
  container.appendChild(history);
}

function renderSweeps() {
  const sweeps = DATA.sweeps.filter(sweep => sweep.sweep && sweep.trials && sweep.trials.length);
  if (!sweeps.length) return;
  document.getElementById("sweeps-section").hidden = false;
  const container = document.getElementById("sweeps");
  for (const sweep of sweeps) {
    const keys = [...Object.keys(sweep.sweep.grid || {}), ...Object.keys((sweep.sweep.random && sweep.sweep.random.space) || {})];
    const trials = sweep.trials.map(trial => ({ trial, run: BY_ID.get(sweep.experiment + "/" + trial.run_id) }))
      .filter(entry => entry.run && completed(entry.run));
    container.appendChild(el("h3", {}, `${sweep.experiment}: ${sweep.trials.length} trials over ${keys.join(", ")}`));
    if (!trials.length || !keys.length) { container.appendChild(el("p", { className: "hint" }, "No completed trials yet.")); continue; }
    if (sweep.importance) container.appendChild(importancePanel(sweep));
    const accuracies = trials.map(entry => entry.run.test_accuracy);
    const low = Math.min(...accuracies), high = Math.max(...accuracies);
    const width = Math.max(520, 160 * (keys.length + 1)), height = 320, top = 28, bottom = height - 28;
    const axisX = i => 60 + i * (width - 120) / keys.length;
    const positions = keys.map(key => {
      const values = trials.map(entry => entry.trial.values[key]);
      const numeric = values.every(v => typeof v === "number");
      if (numeric) {
        const min = Math.min(...values), max = Math.max(...values);
        const logarithmic = min > 0 && max / min > 20;
        const f = logarithmic ? Math.log10 : v => v;
        const s = scale(f(min), f(max) === f(min) ? f(min) + 1 : f(max), bottom, top);
        return { key, at: v => s(f(v)), labels: [...new Set(values)].sort((a, b) => a - b), numeric: true };
      }
      const categories = [...new Set(values.map(show))];
      const s = scale(0, Math.max(1, categories.length - 1), bottom, top);
      return { key, at: v => categories.length === 1 ? (top + bottom) / 2 : s(categories.indexOf(show(v))), labels: categories, numeric: false };
    });
    const accuracyAxis = scale(low, high === low ? low + 1e-9 : high, bottom, top);
    const chart = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "parallel coordinates of " + sweep.experiment });
    for (const entry of trials) {
      const points = positions.map((p, i) => `${axisX(i)},${p.at(entry.trial.values[p.key])}`);
      points.push(`${axisX(keys.length)},${accuracyAxis(entry.run.test_accuracy)}`);
      chart.appendChild(titled(svg("polyline", { points: points.join(" "), fill: "none", stroke: accuracyColor(entry.run.test_accuracy, low, high),
        "stroke-width": 2, opacity: 0.8, class: "trial-line" }), `${entry.run.id}: ${fixed(entry.run.test_accuracy, 4)}`));
    }
    positions.forEach((p, i) => {
      chart.appendChild(svg("line", { x1: axisX(i), x2: axisX(i), y1: top, y2: bottom, stroke: "currentColor", class: "axis" }));
      chart.appendChild(svg("text", { x: axisX(i), y: top - 10, "text-anchor": "middle" }, p.key));
      const shown = p.labels.length > 8 ? [p.labels[0], p.labels[p.labels.length - 1]] : p.labels;
      for (const label of shown) {
        chart.appendChild(svg("text", { x: axisX(i) - 6, y: p.at(p.numeric ? label : label) + 4, "text-anchor": "end" }, show(label)));
      }
    });
    chart.appendChild(svg("line", { x1: axisX(keys.length), x2: axisX(keys.length), y1: top, y2: bottom, stroke: "currentColor" }));
    chart.appendChild(svg("text", { x: axisX(keys.length), y: top - 10, "text-anchor": "middle" }, "test accuracy"));
    for (const t of [low, high]) {
      chart.appendChild(svg("text", { x: axisX(keys.length) + 6, y: accuracyAxis(t) + 4 }, t.toFixed(4)));
    }
    container.appendChild(el("div", { className: "chart" }, chart));
    // Per swept key: mean and best accuracy for each value.
    const table = el("table", { className: "per-value" });
    table.appendChild(el("thead", {}, el("tr", {}, ...["Key", "Value", "Trials", "Mean test acc.", "Best test acc."].map(h => el("th", {}, h)))));
    const body = el("tbody");
    for (const key of keys) {
      const byValue = new Map();
      const order = new Map();
      const numbers = trials.map(entry => entry.trial.values[key]);
      const distinct = [...new Set(numbers)];
      // A continuous key (random search) gets four ranges of about equal size instead of one row per draw.
      const bins = distinct.length > 8 && numbers.every(v => typeof v === "number")
        ? [0.25, 0.5, 0.75, 1].map(q => [...numbers].sort((a, b) => a - b)[Math.min(numbers.length - 1, Math.ceil(q * numbers.length) - 1)]) : null;
      for (const entry of trials) {
        const raw = entry.trial.values[key];
        let value = show(raw);
        if (bins) {
          const index = bins.findIndex(edge => raw <= edge);
          value = `${index === 0 ? "≤" : show(bins[index - 1]) + " –"} ${show(bins[index])}`;
          order.set(value, index);
        }
        if (!byValue.has(value)) byValue.set(value, []);
        byValue.get(value).push(entry.run.test_accuracy);
      }
      for (const [value, list] of [...byValue.entries()].sort((a, b) => bins ? order.get(a[0]) - order.get(b[0]) : compare(a[0], b[0]))) {
        body.appendChild(el("tr", {}, el("td", {}, key), el("td", {}, value), el("td", { className: "number" }, list.length),
          el("td", { className: "number" }, fixed(mean(list), 4)), el("td", { className: "number" }, fixed(Math.max(...list), 4))));
      }
    }
    table.appendChild(body);
    container.appendChild(el("div", { className: "table-wrap" }, table));
  }
}

// ---- the selected run: confusion matrix and confident mistakes -----------------------

function showDetail(id) {
  state.detail = id;
  if (document.body.hasAttribute("data-ready")) saveView();
  for (const row of document.querySelectorAll("#runs tbody tr")) row.classList.toggle("detail", row.getAttribute("data-run") === id);
  const run = BY_ID.get(id);
  const detail = document.getElementById("detail");
  detail.replaceChildren();
  document.getElementById("detail-title").textContent = "Selected run: " + id;
  if (run.description) detail.appendChild(el("p", {}, run.description));
  if (!run.confusion_matrix) {
    detail.appendChild(el("p", { className: "hint" }, run.status === "completed" ? "This run's result has no diagnostics." : statusText(run)));
    return;
  }
  const matrix = run.confusion_matrix;
  const largest = Math.max(1, ...matrix.flatMap((row, i) => row.filter((_, j) => j !== i)));
  const diagonalLargest = Math.max(1, ...matrix.map((row, i) => row[i]));
  const table = el("table", { className: "confusion" });
  table.appendChild(el("thead", {}, el("tr", {}, el("th", {}, "true \\ predicted"), ...matrix.map((_, j) => el("th", {}, j)))));
  const body = el("tbody");
  matrix.forEach((row, i) => {
    body.appendChild(el("tr", {}, el("th", {}, i), ...row.map((count, j) => {
      const share = i === j ? count / diagonalLargest : count / largest;
      const colour = i === j ? `rgba(22, 163, 74, ${(0.15 + 0.6 * share).toFixed(2)})` : `rgba(220, 38, 38, ${(0.85 * share).toFixed(2)})`;
      return el("td", { style: count ? `background:${colour}` : null, title: `true ${i}, predicted ${j}: ${count}` }, count);
    })));
  });
  table.appendChild(body);
  detail.append(el("h3", {}, "Confusion matrix on the test set"), table);
  if (run.mistakes && run.mistakes.length) {
    detail.appendChild(el("h3", {}, "The test digits it got wrong most confidently"));
    const gallery = el("div", { className: "gallery" });
    for (const mistake of run.mistakes) {
      const [rows, cols] = mistake.shape.length >= 2 ? mistake.shape : [1, mistake.shape[0]];
      const canvas = el("canvas", { width: cols, height: rows, "data-index": mistake.index });
      const bytes = atob(mistake.pixels);
      const context = canvas.getContext("2d");
      const image = context.createImageData(cols, rows);
      for (let p = 0; p < rows * cols; p++) {
        const v = bytes.charCodeAt(p);
        image.data[4 * p] = image.data[4 * p + 1] = image.data[4 * p + 2] = v;
        image.data[4 * p + 3] = 255;
      }
      context.putImageData(image, 0, 0);
      gallery.appendChild(el("figure", {}, canvas,
        el("figcaption", {}, `#${mistake.index}: true ${mistake.label} → ${mistake.predicted} (${fixed(mistake.probability, 3)})`)));
    }
    detail.appendChild(gallery);
  }
}

// ---- export and a view you can share ----------------------------------------------------

/** The table as shown (filter, sort, columns), as plain values: what the downloads hold. */
function tableAsShown() {
  const cols = columns().filter(column => column.key !== "select");
  return { cols, rows: visibleRuns().map(run => cols.map(column => { const v = column.value(run); return v === undefined ? null : v; })) };
}

/** One RFC 4180 CSV field; text that a spreadsheet would run as a formula (= + - @) is prefixed with ' (OWASP's advice). */
function csvCell(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  let text = typeof value === "object" ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

function tableAsCsv() {
  const { cols, rows } = tableAsShown();
  return [cols.map(column => csvCell(column.label || column.key)), ...rows.map(row => row.map(csvCell))].map(line => line.join(",")).join("\r\n") + "\r\n";
}

function tableAsJson() {
  const { cols, rows } = tableAsShown();
  return JSON.stringify(rows.map(row => Object.fromEntries(cols.map((column, i) => [column.parameter || column.key, row[i]]))), null, 2);
}

function download(name, type, text) {
  const link = el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.appendChild(link);
  link.click();
  link.remove();
}

/** The view in the URL's fragment: sort, filter, differences-only, ticked runs and the selected run. */
function saveView() {
  const view = new URLSearchParams();
  view.set("sort", state.sortKey);
  view.set("desc", state.sortDescending ? "1" : "0");
  if (state.filter) view.set("filter", state.filter);
  view.set("diff", state.differencesOnly ? "1" : "0");
  view.set("selected", [...state.selected].join(","));
  if (state.detail) view.set("run", state.detail);
  try {
    history.replaceState(null, "", "#" + view.toString());
  } catch (error) {
    // some browsers refuse to change a file: URL; the view is then simply not kept
  }
}

/** Restores a saved view; every part is checked against this report's runs and columns, and a malformed one is ignored. */
function restoreView() {
  let view;
  try {
    view = new URLSearchParams(decodeURIComponent(location.hash.slice(1)));
  } catch (error) {
    return false;
  }
  if (![...view.keys()].length) return false;
  if (view.get("diff") === "0" || view.get("diff") === "1") state.differencesOnly = view.get("diff") === "1";
  const sortKey = view.get("sort");
  if (sortKey && columns().some(column => column.key === sortKey && column.sortable !== false)) state.sortKey = sortKey;
  if (view.get("desc") === "0" || view.get("desc") === "1") state.sortDescending = view.get("desc") === "1";
  if (view.has("filter")) state.filter = view.get("filter").slice(0, 200);
  if (view.has("selected")) {
    state.selected = new Set(view.get("selected").split(",").filter(id => BY_ID.has(id)));
  }
  const detail = view.get("run");
  if (detail && BY_ID.has(detail)) state.detail = detail;
  return view.has("selected");
}

// ---- start ---------------------------------------------------------------------------

function start() {
  renderHeader();
  const ranked = RUNS.filter(completed).sort((a, b) => b.test_accuracy - a.test_accuracy);
  if (!restoreView()) ranked.slice(0, 3).forEach(run => state.selected.add(run.id));
  const filter = document.getElementById("filter");
  filter.value = state.filter;
  document.getElementById("differences-only").checked = state.differencesOnly;
  filter.addEventListener("input", event => { state.filter = event.target.value; renderRuns(); });
  document.getElementById("differences-only").addEventListener("change", event => { state.differencesOnly = event.target.checked; renderRuns(); });
  document.getElementById("download-csv").addEventListener("click", () => download("runs.csv", "text/csv", tableAsCsv()));
  document.getElementById("download-json").addEventListener("click", () => download("runs.json", "application/json", tableAsJson()));
  renderRuns();
  renderProblems();
  renderGroups();
  renderScatter();
  renderCurves();
  renderSweeps();
  if (state.detail) showDetail(state.detail);
  else if (ranked.length) showDetail(ranked[0].id);
  else if (RUNS.length) showDetail(RUNS[0].id);
  saveView();
  document.body.setAttribute("data-ready", "true");
}

start();
