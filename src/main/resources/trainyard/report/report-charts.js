// Test accuracy against training time with its Pareto front, and the learning curves of the ticked runs.
// ---- scatter: accuracy versus time ---------------------------------------------------

function paretoFront(runs) {
  const sorted = [...runs].sort((a, b) => a.train_seconds - b.train_seconds || score(b) - score(a));
  const front = [];
  let best = -Infinity;
  for (const run of sorted) {
    if (score(run) > best) { front.push(run); best = score(run); }
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
  if (FIGURE.lowerIsBetter) {
    document.getElementById("scatter-title").textContent = "Test RMSE versus training time";
    document.getElementById("scatter-hint").textContent = "One dot per run; the line joins the runs no other run beats on both error and time"
      + " (the Pareto front). Hover a dot for its run.";
  }
  if (!runs.length) { container.appendChild(el("p", { className: "hint" }, "No completed runs yet.")); return; }
  const width = 720, height = 380, box = { left: 64, right: width - 20, top: 16, bottom: height - 44 };
  const times = runs.map(run => run.train_seconds), accuracies = runs.map(run => run[FIGURE.key]);
  const xMax = maxOf(times) * 1.05 || 1;
  let yLow = minOf(accuracies), yHigh = maxOf(accuracies);
  const pad = Math.max((yHigh - yLow) * 0.08, 0.002);
  yLow = Math.max(0, yLow - pad); yHigh = FIGURE.lowerIsBetter ? yHigh + pad : Math.min(1, yHigh + pad);
  const x = scale(0, xMax, box.left, box.right), y = scale(yLow, yHigh, box.bottom, box.top);
  const chart = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": FIGURE.label + " against training seconds" });
  axes(chart, x, y, ticks(0, xMax, 8), ticks(yLow, yHigh, 6), box, "training time (s)", FIGURE.label, t => String(t), t => t.toFixed(3));
  const front = paretoFront(runs);
  chart.appendChild(svg("polyline", { class: "front", points: front.map(run => `${x(run.train_seconds)},${y(run[FIGURE.key])}`).join(" ") }));
  for (const group of groups()) {
    const mt = mean(group.done.map(r => r.train_seconds)), ma = mean(group.done.map(r => r[FIGURE.key]));
    const st = deviation(group.done.map(r => r.train_seconds)), sa = deviation(group.done.map(r => r[FIGURE.key]));
    chart.appendChild(titled(svg("g", { class: "spread" },
      svg("line", { x1: x(mt - st), x2: x(mt + st), y1: y(ma), y2: y(ma), stroke: "currentColor" }),
      svg("line", { x1: x(mt), x2: x(mt), y1: y(Math.max(yLow, ma - sa)), y2: y(Math.min(yHigh, ma + sa)), stroke: "currentColor" })),
      `${group.members.length} seeds: ${FIGURE.label} ${fixed(ma, 4)} ± ${fixed(sa, 4)}, ${fixed(mt, 2)} ± ${fixed(st, 2)} s`));
  }
  for (const run of runs) {
    const onFront = front.includes(run);
    const dot = titled(svg("circle", { class: "dot", cx: x(run.train_seconds), cy: y(run[FIGURE.key]), r: onFront ? 6 : 4.5,
      fill: onFront ? "var(--good)" : "var(--accent)", "data-run": run.id }),
      `${run.id}${run.description ? " — " + run.description : ""}\n${FIGURE.label} ${fixed(run[FIGURE.key], 4)}, ${fixed(run.train_seconds, 2)} s`);
    dot.addEventListener("click", () => showDetail(run.id));
    chart.appendChild(dot);
  }
  // Label the front's runs: to the right of the dot, or to its left near the right edge,
  // skipping a label that would overlap any label already placed.
  const labelWidth = 90, labelHeight = 14, placed = [];
  for (const run of front) {
    const dx = x(run.train_seconds), dy = y(run[FIGURE.key]) - 6;
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
