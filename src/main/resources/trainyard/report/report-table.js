// The runs table (sort, filter, differences only) and the groups of runs that differ only in seed.
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
const ranked = run => (RANKING.lowerIsBetter ? -run[RANKING.key] : run[RANKING.key]);
const BEST = RUNS.filter(completed).filter(run => run[RANKING.key] !== null && run[RANKING.key] !== undefined)
  .reduce((best, run) => (!best || ranked(run) > ranked(best) ? run : best), null);
const FASTEST = RUNS.filter(completed).reduce((best, run) => (!best || run.train_seconds < best.train_seconds ? run : best), null);

/** The figures that decide come first (the ranking one, then the test figures and time); the settings after them. */
function columns() {
  const keys = state.differencesOnly ? VARYING_KEYS : ALL_KEYS;
  return [
    { key: "select", label: "", sortable: false },
    { key: "id", label: "Run", value: run => run.id, text: run => run.label },
    ...(RANKING !== FIGURE ? [{ key: "last_val_accuracy", label: "Last val acc.", value: run => run.last_val_accuracy, number: true, digits: 4 }] : []),
    ...(FIGURE.key === "test_accuracy" ? [{ key: "test_accuracy", label: "Test acc.", value: run => run.test_accuracy, number: true, digits: 4 }] : []),
    ...(REGRESSIONS ? [{ key: "test_rmse", label: "Test RMSE", value: run => run.test_rmse, number: true, digits: 4 },
      { key: "test_mae", label: "Test MAE", value: run => run.test_mae, number: true, digits: 4 }] : []),
    { key: "test_loss", label: "Test loss", value: run => run.test_loss, number: true, digits: 4 },
    { key: "train_seconds", label: "Train s", value: run => run.train_seconds, number: true, digits: 2 },
    { key: "status", label: "Status", value: run => run.status, text: statusText },
    ...keys.map(key => ({ key: "parameter:" + key, label: key, value: run => run.parameters[key], parameter: key })),
    { key: "dataset", label: "Dataset", value: run => run.dataset },
    { key: "layers", label: "Layers", value: run => run.layers },
    { key: "description", label: "Description", value: run => run.description },
    { key: "epochs_trained", label: "Epochs", value: run => run.epochs_trained, number: true, digits: 0 },
    { key: "seconds_per_epoch", label: "s/epoch", value: run => run.seconds_per_epoch, number: true, digits: 3 },
    { key: "params", label: "Params", value: run => run.params, number: true, digits: 0 },
    { key: "best_val_accuracy", label: "Best val acc. (epoch)", value: run => run.best_val_accuracy, number: true, digits: 4,
      text: run => run.best_val_accuracy === null ? "–" : `${fixed(run.best_val_accuracy, 4)} (${run.best_epoch})` },
    ...(RANKING === FIGURE ? [{ key: "last_val_accuracy", label: "Last val acc.", value: run => run.last_val_accuracy, number: true, digits: 4 }] : []),
    { key: "last_val_loss", label: "Last val loss", value: run => run.last_val_loss, number: true, digits: 4 },
  ];
}

/** What the table's colours and badges mean, in words. */
function renderLegend() {
  const swatch = className => el("span", { className: "legend-swatch " + className });
  const items = [
    el("span", {}, swatch("varies"), "a setting that differs from the most common value in its column"),
    el("span", {}, el("span", { className: "badge best" }, "best"), ` by ${RANKING.label}${RANKING === FIGURE ? "" : " (test figures beside it)"}`),
    el("span", {}, el("span", { className: "badge fastest" }, "fastest"), " to train"),
    el("span", { className: "status-diverged" }, "red status: failed or diverged"),
  ];
  if (RUNS.some(run => run.status === "pruned" || run.status === "paused")) items.push(el("span", { className: "pruned" }, "faded row: stopped early by halving"));
  document.getElementById("legend").replaceChildren(el("span", {}, "Legend:"), ...items);
}

function statusText(run) {
  if (run.status === "diverged") return `diverged (epoch ${run.diverged_at_epoch})`;
  if (run.status === "failed") return "failed: " + (run.message || "");
  if (run.status === "pruned" || run.status === "paused") return `${run.status} at rung ${run.rung} (epoch ${run.epochs_trained})`;
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
  const column = columns().find(c => c.key === state.sortKey) || columns().find(c => c.key === FIGURE.key);
  const rows = RUNS.filter(run => state.showPruned || run.status !== "pruned").filter(run => !needle || [run.id, run.label, run.dataset || "",
    run.description, run.layers || "", run.status, run.message || "",
    ...Object.entries(run.parameters).map(([k, v]) => k + "=" + show(v))].join(" ").toLowerCase().includes(needle));
  rows.sort((a, b) => {
    const order = compare(column.value(a), column.value(b));
    const missing = column.value(a) === null || column.value(a) === undefined || column.value(b) === null || column.value(b) === undefined;
    return missing ? order : state.sortDescending ? -order : order;
  });
  return rows;
}

/** Above this many rows the table draws only those near the scroll position (with spacers for the rest). */
const WINDOWED_ABOVE = 200;
const WINDOW_ROWS = 120;

function renderRuns() {
  document.getElementById("ranked-by").textContent = RANKING === FIGURE
    ? `Ranked by ${FIGURE.label}${FIGURE.key === "test_accuracy" ? " (the runs have no validation)" : ""}.`
    : "Ranked by val_accuracy (the last epoch's), so that the best is not chosen on the test set; test figures beside it.";
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
  const rows = visibleRuns();
  const windowed = rows.length > WINDOWED_ABOVE;
  table.classList.toggle("windowed", windowed);
  table.style.width = "";
  if (windowed) table.appendChild(fixedColumns(table, cols, rows));
  table.appendChild(el("thead", {}, head));
  const body = el("tbody");
  table.appendChild(body);
  if (windowed) {
    drawWindow(table, body, cols, rows);
  } else {
    for (const run of rows) body.appendChild(rowOf(run, cols));
  }
  document.getElementById("row-count").textContent = `${rows.length} of ${RUNS.length} runs shown`;
  // The charts show the runs the table shows: drawn again when the filter changes which, not on a sort.
  const shownKey = state.filter + "|" + state.showPruned;
  const shownChanged = state.shownKey !== undefined && state.shownKey !== shownKey;
  state.shownKey = shownKey;
  state.visible = new Set(rows.map(run => run.id));
  if (document.body.hasAttribute("data-ready")) {
    saveView();
    if (shownChanged) {
      renderScatter();
      renderCurves();
      renderSweeps();
    }
  }
  const constant = ALL_KEYS.filter(key => !VARYING_KEYS.includes(key));
  document.getElementById("same-for-all").textContent = RUNS.length < 2 ? "" :
    "Same for all: " + (constant.length ? constant.map(key => key + "=" + show(RUNS[0].parameters[key])).join(", ") : "nothing");
}

function cellText(column, run) {
  const value = column.value(run);
  return column.text ? column.text(run) : column.number ? (column.digits === 0 ? (value ?? "–").toLocaleString() : fixed(value, column.digits)) : show(value);
}

function rowOf(run, cols) {
  const row = el("tr", { "data-run": run.id,
    className: [state.detail === run.id ? "detail" : "", run.status === "pruned" || run.status === "paused" ? "pruned" : ""].join(" ").trim() || null,
    onclick: event => { if (event.target.tagName !== "INPUT") showDetail(run.id); } });
  for (const column of cols) {
    if (column.key === "select") {
      row.appendChild(el("td", {}, el("input", { type: "checkbox", "aria-label": "compare " + run.id, checked: state.selected.has(run.id),
        onchange: event => { event.target.checked ? state.selected.add(run.id) : state.selected.delete(run.id); renderCurves(); saveView(); } })));
      continue;
    }
    const value = column.value(run);
    const cell = el("td", { className: [column.number ? "number" : "", column.parameter && VARYING_KEYS.includes(column.parameter) && show(value) !== USUAL[column.parameter] ? "varies" : "",
      column.key === "description" ? "description" : "", column.key === "status" ? "status-" + run.status : ""].join(" ").trim() || null,
      title: column.key === "description" ? run.description : null }, cellText(column, run));
    if (column.key === "id") {
      cell.title = run.id;
      if (BEST && run.id === BEST.id) cell.appendChild(el("span", { className: "badge best", title: "best " + RANKING.label + (RANKING === FIGURE ? "" : " (test figures beside it)") }, "best"));
      if (FASTEST && run.id === FASTEST.id) cell.appendChild(el("span", { className: "badge fastest", title: "fastest to train" }, "fastest"));
    }
    row.appendChild(cell);
  }
  return row;
}

/**
 * Column widths from the longest text of each column over every row, so that the table
 * keeps its shape whichever rows the window shows; a fixed layout also spares the browser
 * measuring thousands of cells.
 */
function fixedColumns(table, cols, rows) {
  const widths = cols.map(column => column.key === "select" ? 2 : Math.min(column.key === "description" ? 36 : 48,
    Math.max(column.label.length + 2, ...rows.map(run => cellText(column, run).length + (column.key === "id" ? 14 : 0)))));
  table.style.width = `calc(${widths.reduce((a, b) => a + b, 0) * 1.1}ch + ${cols.length * 17}px)`;
  return el("colgroup", {}, ...widths.map(width => el("col", { style: `width: calc(${width * 1.1}ch + 17px)` })));
}

/** Draws the rows near the scroll position between two spacers, and again whenever scrolling leaves them. */
function drawWindow(table, body, cols, rows) {
  const wrap = table.parentElement;
  let drawn = null;
  const draw = () => {
    const height = state.rowHeight || 28;
    const first = Math.max(0, Math.min(rows.length - WINDOW_ROWS, Math.floor(wrap.scrollTop / height) - WINDOW_ROWS / 3));
    const last = Math.min(rows.length, first + WINDOW_ROWS);
    if (drawn && drawn[0] === first) return;
    drawn = [first, last];
    const spacer = px => el("tr", { className: "spacer", "aria-hidden": "true" }, el("td", { colSpan: cols.length, style: `height: ${px}px` }));
    body.replaceChildren(spacer(first * height), ...rows.slice(first, last).map(run => rowOf(run, cols)), spacer((rows.length - last) * height));
    if (!state.rowHeight && body.children[1]) {
      state.rowHeight = body.children[1].getBoundingClientRect().height || 28;
      if (Math.abs(state.rowHeight - height) > 0.5) { drawn = null; draw(); }
    }
  };
  draw();
  let pending = false;
  wrap.onscroll = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; if (table.tBodies[0] === body) draw(); });
  };
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
  table.append(el("thead", {}, el("tr", {}, ...["Runs", "Seeds", (FIGURE.lowerIsBetter ? "Test RMSE" : "Test acc.") + " mean ± sd", "Test loss mean ± sd", "Train s mean ± sd"]
    .map(label => el("th", {}, label)))));
  const body = el("tbody");
  for (const group of list) {
    const accuracy = group.done.map(run => run[FIGURE.key]);
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
