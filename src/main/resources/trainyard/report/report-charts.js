// Test accuracy against training time with its Pareto front, and the learning curves of the ticked runs.
// ---- scatter: accuracy versus time ---------------------------------------------------

/** The runs no other run beats on both figure and time, fastest first. */
function paretoFront(runs, figure) {
  const scoreOf = run => (figure.lowerIsBetter ? -run[figure.key] : run[figure.key]);
  const sorted = [...runs].sort((a, b) => a.train_seconds - b.train_seconds || scoreOf(b) - scoreOf(a));
  const front = [];
  let best = -Infinity;
  for (const run of sorted) {
    if (scoreOf(run) > best) { front.push(run); best = scoreOf(run); }
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

/** Whether the table shows a run (every run before the table is first drawn). */
function shown(run) {
  return !state.visible || state.visible.has(run.id);
}

/**
 * One chart per dataset (and task: a table's classifications and regressions apart), of the
 * completed runs the table shows: accuracies of different datasets share no axis.
 */
function renderScatter() {
  const container = document.getElementById("scatter");
  container.replaceChildren();
  if (FIGURE.lowerIsBetter) {
    document.getElementById("scatter-title").textContent = "Test RMSE versus training time";
    document.getElementById("scatter-hint").textContent = "One chart per dataset, of the runs the table shows; one dot per run; the line joins"
      + " the runs no other run beats on both error and time (the Pareto front). Hover a dot for its run.";
  }
  const charts = new Map();
  for (const run of RUNS) {
    if (run.status !== "completed" || !shown(run)) continue;
    const figure = run.test_accuracy !== null && run.test_accuracy !== undefined ? { key: "test_accuracy", label: "test accuracy", lowerIsBetter: false }
      : run.test_rmse !== null && run.test_rmse !== undefined ? { key: "test_rmse", label: "test RMSE", lowerIsBetter: true } : null;
    if (!figure) continue;
    const name = (run.dataset || "unknown dataset") + (figure.lowerIsBetter ? " (regression)" : "");
    if (!charts.has(name)) charts.set(name, { figure, runs: [] });
    charts.get(name).runs.push(run);
  }
  if (!charts.size) { container.appendChild(el("p", { className: "hint" }, "No completed runs shown.")); return; }
  for (const [name, chart] of charts) {
    const figure = el("figure", { className: "dataset-chart", "data-dataset": name });
    figure.appendChild(el("figcaption", {}, `${name}: ${chart.runs.length} run${chart.runs.length === 1 ? "" : "s"}`));
    figure.appendChild(scatterOf(chart.runs, chart.figure));
    container.appendChild(figure);
  }
}

function scatterOf(runs, figure) {
  const width = 720, height = 380, box = { left: 64, right: width - 20, top: 16, bottom: height - 44 };
  const times = runs.map(run => run.train_seconds), values = runs.map(run => run[figure.key]);
  const xMax = maxOf(times) * 1.05 || 1;
  let yLow = minOf(values), yHigh = maxOf(values);
  const pad = Math.max((yHigh - yLow) * 0.08, 0.002);
  yLow = Math.max(0, yLow - pad); yHigh = figure.lowerIsBetter ? yHigh + pad : Math.min(1, yHigh + pad);
  const x = scale(0, xMax, box.left, box.right), y = scale(yLow, yHigh, box.bottom, box.top);
  const chart = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": figure.label + " against training seconds" });
  axes(chart, x, y, ticks(0, xMax, 8), ticks(yLow, yHigh, 6), box, "training time (s)", figure.label, t => String(t), t => t.toFixed(3));
  const front = paretoFront(runs, figure);
  chart.appendChild(svg("polyline", { class: "front", points: front.map(run => `${x(run.train_seconds)},${y(run[figure.key])}`).join(" ") }));
  for (const group of groups()) {
    const done = group.done.filter(run => runs.includes(run));
    if (done.length < 2) continue;
    const mt = mean(done.map(r => r.train_seconds)), ma = mean(done.map(r => r[figure.key]));
    const st = deviation(done.map(r => r.train_seconds)), sa = deviation(done.map(r => r[figure.key]));
    chart.appendChild(titled(svg("g", { class: "spread" },
      svg("line", { x1: x(mt - st), x2: x(mt + st), y1: y(ma), y2: y(ma), stroke: "currentColor" }),
      svg("line", { x1: x(mt), x2: x(mt), y1: y(Math.max(yLow, ma - sa)), y2: y(Math.min(yHigh, ma + sa)), stroke: "currentColor" })),
      `${done.length} seeds: ${figure.label} ${fixed(ma, 4)} ± ${fixed(sa, 4)}, ${fixed(mt, 2)} ± ${fixed(st, 2)} s`));
  }
  for (const run of runs) {
    const onFront = front.includes(run);
    const dot = titled(svg("circle", { class: "dot", cx: x(run.train_seconds), cy: y(run[figure.key]), r: onFront ? 6 : 4.5,
      fill: onFront ? "var(--good)" : "var(--accent)", "data-run": run.id }),
      `${run.label} (${run.id})${run.description ? " — " + run.description : ""}\n${figure.label} ${fixed(run[figure.key], 4)}, ${fixed(run.train_seconds, 2)} s`);
    dot.addEventListener("click", () => showDetail(run.id));
    chart.appendChild(dot);
  }
  // Label the front's runs: to the right of the dot, or to its left near the right edge,
  // skipping a label that would overlap any label already placed. A long label is cut to fit.
  const labelWidth = 90, labelHeight = 14, placed = [];
  for (const run of front) {
    const dx = x(run.train_seconds), dy = y(run[figure.key]) - 6;
    const toLeft = dx + 8 + labelWidth > box.right;
    const left = toLeft ? dx - 8 - labelWidth : dx + 8;
    if (placed.some(other => Math.abs(left - other.left) < labelWidth && Math.abs(dy - other.y) < labelHeight)) continue;
    const text = run.label.length > 14 ? run.label.slice(0, 13) + "…" : run.label;
    chart.appendChild(titled(svg("text", { x: toLeft ? dx - 8 : dx + 8, y: dy, class: "front-label", "text-anchor": toLeft ? "end" : "start" }, text), run.label));
    placed.push({ left, y: dy });
  }
  return chart;
}

// ---- learning curves -----------------------------------------------------------------

function renderCurves() {
  const container = document.getElementById("curves");
  container.replaceChildren();
  const runs = [...state.selected].map(id => BY_ID.get(id)).filter(run => run && run.curves.loss.length && shown(run));
  if (!runs.length) { container.appendChild(el("p", { className: "hint" }, "No run with a history is ticked and shown.")); return; }
  // The learning rate gets its own chart once a selected run recorded it (results before it was recorded have none).
  const rated = runs.some(run => (run.curves.learning_rate || []).some(v => v !== null));
  // A regression's error is drawn as rmse, in its target's units; a classification's as accuracy.
  const figure = runs.some(run => run.curves.rmse) ? "rmse" : "accuracy";
  for (const metric of rated ? ["loss", figure, "learning_rate"] : ["loss", figure]) {
    const seriesOf = metric === "learning_rate" ? [metric] : [metric, "val_" + metric];
    const width = 460, height = 300, box = { left: 56, right: width - 16, top: 16, bottom: height - 44 };
    const epochs = maxOf(runs.map(run => run.curves.loss.length));
    const values = runs.flatMap(run => seriesOf.flatMap(series => run.curves[series] || [])).filter(v => v !== null && Number.isFinite(v));
    let low = minOf(values), high = maxOf(values);
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
          "stroke-dasharray": series.startsWith("val_") ? "6 4" : null, class: "curve", "data-run": run.id }), `${run.label} ${series}`));
        run.curves[series].forEach((v, i) => {
          if (v !== null && Number.isFinite(v)) {
            chart.appendChild(titled(svg("circle", { cx: x(i + 1), cy: y(v), r: 2.5, fill: colorOf(run.id) }),
              `${run.label} ${series}, epoch ${i + 1}: ${metric === "learning_rate" ? v.toPrecision(4) : v.toFixed(4)}`));
          }
        });
      }
    }
    const figure = el("div", {}, chart);
    figure.appendChild(el("div", { className: "legend" }, ...runs.map(run => el("span", {},
      el("span", { className: "swatch", style: `background:${colorOf(run.id)}` }), run.label))));
    container.appendChild(figure);
  }
}
