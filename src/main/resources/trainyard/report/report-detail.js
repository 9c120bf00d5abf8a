// The selected run's confusion matrix and mistakes, the downloads, the view kept in the link, and start().
// ---- the selected run: confusion matrix and confident mistakes -----------------------

function showDetail(id) {
  state.detail = id;
  if (document.body.hasAttribute("data-ready")) saveView();
  for (const row of document.querySelectorAll("#runs tbody tr[data-run]")) row.classList.toggle("detail", row.getAttribute("data-run") === id);
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
  const names = run.class_names && run.class_names.length === matrix.length ? run.class_names : matrix.map((_, i) => String(i));
  const largest = Math.max(1, maxOf(matrix.flatMap((row, i) => row.filter((_, j) => j !== i))));
  const diagonalLargest = Math.max(1, maxOf(matrix.map((row, i) => row[i])));
  const table = el("table", { className: "confusion" });
  table.appendChild(el("thead", {}, el("tr", {}, el("th", {}, "true \\ predicted"), ...names.map(name => el("th", {}, name)))));
  const body = el("tbody");
  matrix.forEach((row, i) => {
    body.appendChild(el("tr", {}, el("th", {}, names[i]), ...row.map((count, j) => {
      const share = i === j ? count / diagonalLargest : count / largest;
      const colour = i === j ? `rgba(22, 163, 74, ${(0.15 + 0.6 * share).toFixed(2)})` : `rgba(220, 38, 38, ${(0.85 * share).toFixed(2)})`;
      return el("td", { style: count ? `background:${colour}` : null, title: `true ${names[i]}, predicted ${names[j]}: ${count}` }, count);
    })));
  });
  table.appendChild(body);
  detail.append(el("h3", {}, "Confusion matrix on the test set"), table);
  detail.append(el("h3", {}, "Per class on the test set"), perClassTable(matrix, names));
  if (run.mistakes && run.mistakes.length) {
    detail.appendChild(el("h3", {}, "The test examples it got wrong most confidently"));
    const gallery = el("div", { className: "gallery" });
    for (const mistake of run.mistakes) {
      const [rows, cols] = mistake.shape.length >= 2 ? mistake.shape : [1, mistake.shape[0]];
      const canvas = el("canvas", { width: cols, height: rows, "data-index": mistake.index });
      const bytes = atob(DATA.images[mistake.image]);
      const context = canvas.getContext("2d");
      const image = context.createImageData(cols, rows);
      for (let p = 0; p < rows * cols; p++) {
        const v = bytes.charCodeAt(p);
        image.data[4 * p] = image.data[4 * p + 1] = image.data[4 * p + 2] = v;
        image.data[4 * p + 3] = 255;
      }
      context.putImageData(image, 0, 0);
      gallery.appendChild(el("figure", {}, canvas,
        el("figcaption", {}, `#${mistake.index}: true ${names[mistake.label] ?? mistake.label} → ${names[mistake.predicted] ?? mistake.predicted} (${fixed(mistake.probability, 3)})`)));
    }
    detail.appendChild(gallery);
  }
}

/** Each class's examples, recall (the share of its examples found) and precision (the share of its predictions right). */
function perClassTable(matrix, names) {
  const table = el("table", { className: "per-class" });
  table.appendChild(el("thead", {}, el("tr", {}, ...["class", "examples", "recall", "precision"].map(h => el("th", {}, h)))));
  const body = el("tbody");
  matrix.forEach((row, i) => {
    let examples = 0, predicted = 0;
    for (let j = 0; j < row.length; j++) { examples += row[j]; predicted += matrix[j][i]; }
    body.appendChild(el("tr", { "data-class": names[i] }, el("th", {}, names[i]), el("td", {}, examples),
      el("td", {}, examples ? fixed(row[i] / examples, 4) : "–"), el("td", {}, predicted ? fixed(row[i] / predicted, 4) : "–")));
  });
  table.appendChild(body);
  return table;
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
  if (!state.showPruned) view.set("pruned", "0");
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
  state.showPruned = view.get("pruned") !== "0";
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
  TIMINGS.start_called = Math.round(performance.now());
  renderHeader();
  const ranked = RUNS.filter(completed).sort((a, b) => score(b) - score(a));
  if (!restoreView()) ranked.slice(0, 3).forEach(run => state.selected.add(run.id));
  const filter = document.getElementById("filter");
  filter.value = state.filter;
  document.getElementById("differences-only").checked = state.differencesOnly;
  filter.addEventListener("input", event => { state.filter = event.target.value; renderRuns(); });
  document.getElementById("differences-only").addEventListener("change", event => { state.differencesOnly = event.target.checked; renderRuns(); });
  document.getElementById("show-pruned").checked = state.showPruned;
  document.getElementById("show-pruned").parentElement.hidden = !RUNS.some(run => run.status === "pruned");
  document.getElementById("show-pruned").addEventListener("change", event => { state.showPruned = event.target.checked; renderRuns(); });
  document.getElementById("download-csv").addEventListener("click", () => download("runs.csv", "text/csv", tableAsCsv()));
  document.getElementById("download-json").addEventListener("click", () => download("runs.json", "application/json", tableAsJson()));
  timed("table", renderRuns);
  renderLegend();
  renderProblems();
  timed("groups", renderGroups);
  timed("scatter", renderScatter);
  timed("curves", renderCurves);
  timed("sweeps", renderSweeps);
  timed("detail", () => {
    if (state.detail) showDetail(state.detail);
    else if (ranked.length) showDetail(ranked[0].id);
    else if (RUNS.length) showDetail(RUNS[0].id);
  });
  saveView();
  TIMINGS.ready = Math.round(performance.now());
  document.body.setAttribute("data-timings", JSON.stringify(TIMINGS));
  document.body.setAttribute("data-ready", "true");
}

start();
