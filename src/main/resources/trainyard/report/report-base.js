// Trainyard's report page: draws tables and SVG charts from the JSON data embedded in
// the page. Deliberately dependency-free and offline. User text reaches the screen only
// through textContent (never innerHTML), so names and descriptions are always text.
"use strict";

/** Milliseconds each step of drawing the page took, kept on the body as data-timings for the benchmark. */
const TIMINGS = { script_start: Math.round(performance.now()) };
function timed(name, step) {
  const start = performance.now();
  const result = step();
  TIMINGS[name] = Math.round(performance.now() - start);
  return result;
}
const DATA = timed("parse", () => JSON.parse(document.getElementById("report-data").textContent));
const RUNS = DATA.runs;
/** Whether any run is a regression (its figures are test_rmse and test_mae, in its target's units). */
const REGRESSIONS = RUNS.some(run => run.test_rmse !== undefined && run.test_rmse !== null);
/**
 * The figure runs are ranked and charted by: test accuracy, or test RMSE (lower is better) in
 * a report whose runs are all regressions.
 */
const FIGURE = REGRESSIONS && !RUNS.some(run => run.test_accuracy !== undefined && run.test_accuracy !== null)
  ? { key: "test_rmse", label: "test RMSE", lowerIsBetter: true } : { key: "test_accuracy", label: "test accuracy", lowerIsBetter: false };
/**
 * The figure the best run is chosen by: the last epoch's val_accuracy when every completed
 * classification run has one (choosing on the test set would make its figure optimistic),
 * else FIGURE. The test figures stay in the table beside it.
 */
const RANKING = FIGURE.key === "test_accuracy" && RUNS.some(run => run.status === "completed")
    && RUNS.filter(run => run.status === "completed").every(run => run.last_val_accuracy !== null && run.last_val_accuracy !== undefined)
  ? { key: "last_val_accuracy", label: "val_accuracy", lowerIsBetter: false } : FIGURE;
const BY_ID = new Map(RUNS.map(run => [run.id, run]));
const PALETTE = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777"];
const SVG_NS = "http://www.w3.org/2000/svg";

const state = {
  sortKey: RANKING.key,
  sortDescending: !RANKING.lowerIsBetter,
  filter: "",
  differencesOnly: true,
  showPruned: true,
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

/**
 * The smallest and largest of a list, by a loop: Math.min(...values) passes every value as an
 * argument and overflows the stack past about 100,000 (a 65,000-epoch history, say).
 */
function minOf(values) {
  let least = Infinity;
  for (const value of values) if (value < least) least = value;
  return least;
}

function maxOf(values) {
  let most = -Infinity;
  for (const value of values) if (value > most) most = value;
  return most;
}

function completed(run) {
  return run.status === "completed" && run[FIGURE.key] !== null && run[FIGURE.key] !== undefined;
}

/** Higher is better: the run's FIGURE, negated when lower is better. */
function score(run) {
  return FIGURE.lowerIsBetter ? -run[FIGURE.key] : run[FIGURE.key];
}

/**
 * A run's readable label: its run_name (with {key} replaced by the run's value of that key),
 * else its experiment and the values that tell it from the other runs of that experiment.
 */
function labelOf(run, varying) {
  if (run.run_name) {
    return run.run_name.replace(/\{([^{}]+)\}/g, (whole, key) => key in run.parameters ? show(run.parameters[key]) : whole);
  }
  const values = (varying.get(run.experiment) || []).map(key => key.slice(key.indexOf(".") + 1) + "=" + show(run.parameters[key]));
  return values.length ? run.experiment + " " + values.join(" ") : run.experiment;
}

(function labelRuns() {
  const varying = new Map();
  for (const experiment of new Set(RUNS.map(run => run.experiment))) {
    const members = RUNS.filter(run => run.experiment === experiment);
    const keys = new Set(members.flatMap(run => Object.keys(run.parameters)));
    varying.set(experiment, [...keys].sort().filter(key => new Set(members.map(run => show(run.parameters[key]))).size > 1));
  }
  RUNS.forEach(run => { run.label = labelOf(run, varying); });
})();

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
