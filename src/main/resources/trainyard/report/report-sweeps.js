// Per sweep: which settings mattered, slice plots, the optimisation history, parallel coordinates and per-value figures.
// ---- sweeps --------------------------------------------------------------------------

function accuracyColor(value, low, high) {
  const t = high > low ? (value - low) / (high - low) : 1;
  const hue = 10 + t * 110; // red (worst) to green (best)
  return `hsl(${hue.toFixed(0)}, 70%, 45%)`;
}

const IMPORTANCE_METRICS = { test_accuracy: "test accuracy", best_val_accuracy: "best val_accuracy", test_rmse: "test RMSE", train_seconds: "train time" };

/** "Which settings mattered": each swept key's share of the PED-ANOVA importance, computed when the report was written. */
function importancePanel(sweep) {
  const panel = el("div", { className: "importance", "data-sweep": sweep.experiment });
  const metrics = [...Object.keys(IMPORTANCE_METRICS), "first_rung"].filter(metric => sweep.importance[metric]);
  const select = el("select", { "aria-label": "metric" }, ...metrics.map(metric => el("option", { value: metric }, metricLabel(sweep, metric))));
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
    note.textContent = `Over ${result.trials} ${select.value === "first_rung" ? "" : "completed "}trials. A bar is the setting's share of the importance: how much more the best 10% of ` +
      `trials by ${metricLabel(sweep, select.value)} crowd into part of its range than all trials do (PED-ANOVA, Watanabe et al., IJCAI 2023). ` +
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

/** A metric's name for people; a halving sweep's first-rung figure says which figure and after how many epochs. */
function metricLabel(sweep, metric) {
  return metric === "first_rung" ? sweep.first_rung_label : IMPORTANCE_METRICS[metric];
}

/** The same, short enough for a chart's axis. */
function axisLabel(sweep, metric) {
  return metric === "first_rung" ? sweep.sweep.halving.metric + " (rung 1)" : IMPORTANCE_METRICS[metric];
}

/** The space a random or TPE search draws from (the same syntax), or {}. */
function searchSpace(sweep) {
  return (sweep.sweep.random && sweep.sweep.random.space) || (sweep.sweep.tpe && sweep.sweep.tpe.space) || {};
}

/** Optuna's slice plots (the metric against each swept setting, a dot per trial) and the optimisation history. */
function drawSlices(sweep, metric, container) {
  const lowerIsBetter = metric === "train_seconds" || (metric === "first_rung" && sweep.sweep.halving.metric.endsWith("loss"));
  // The first rung's figure exists for pruned trials too: every trial got there.
  const trials = sweep.trials.map((trial, index) => ({ trial, index, run: BY_ID.get(sweep.experiment + "/" + trial.run_id) }))
    .filter(entry => entry.run && (metric === "first_rung" || completed(entry.run)) && Number.isFinite(entry.run[metric]));
  container.replaceChildren();
  if (!trials.length) return;
  const figures = trials.map(entry => entry.run[metric]);
  const low = minOf(figures), high = maxOf(figures);
  const width = 240, height = 180, box = { left: 52, right: width - 10, top: 10, bottom: height - 34 };
  const y = scale(low, high === low ? low + 1e-9 : high, box.bottom, box.top);
  const format = t => metric === "train_seconds" ? t.toFixed(1) : t.toFixed(3);
  const chart = (label, xTicks, x, xFormat, points, kind) => {
    const node = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `${metricLabel(sweep, metric)} against ${label}`,
      "data-slice": label, class: kind });
    axes(node, x, y, xTicks, ticks(low, high, 4), box, label, axisLabel(sweep, metric), xFormat, format);
    for (const point of points) {
      node.appendChild(titled(svg("circle", { cx: point.x, cy: y(point.figure), r: 3, class: "slice-dot" + (point.kind ? " " + point.kind : ""),
        fill: point.kind === "random-start" ? "#9aa3ad" : "#3b7dd8" }), point.title));
    }
    return node;
  };
  const logarithmic = key => Boolean(searchSpace(sweep)[key] && searchSpace(sweep)[key].log_uniform);
  for (const parameter of sweep.importance[metric] ? sweep.importance[metric].parameters : []) {
    const key = parameter.key;
    const values = trials.map(entry => entry.trial.values[key]);
    let x, xTicks, xFormat;
    if (values.every(v => typeof v === "number")) {
      const f = logarithmic(key) ? Math.log10 : v => v;
      const lo = minOf(values.map(f)), hi = maxOf(values.map(f));
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
  // The optimisation history: every trial in the sweep's order, and the best so far; in a TPE sweep the random starts are grey.
  const historyX = scale(1, Math.max(2, sweep.trials.length), box.left + 6, box.right - 6);
  const kind = entry => entry.trial.proposed_by ? (entry.trial.proposed_by === "TPE" ? "proposed" : "random-start") : null;
  const history = chart("trial", ticks(1, Math.max(2, sweep.trials.length), 4).filter(Number.isInteger), historyX, t => String(t),
    trials.map(entry => ({ x: historyX(entry.index + 1), figure: entry.run[metric], kind: kind(entry),
      title: `trial ${entry.index + 1}${entry.trial.proposed_by ? " (" + entry.trial.proposed_by + ")" : ""}: ${format(entry.run[metric])}` })), "history");
  if (sweep.sweep.tpe) {
    history.appendChild(svg("circle", { cx: box.left + 10, cy: box.top + 6, r: 3, fill: "#9aa3ad" }));
    history.appendChild(svg("text", { x: box.left + 16, y: box.top + 10, class: "legend" }, "random start"));
    history.appendChild(svg("circle", { cx: box.left + 96, cy: box.top + 6, r: 3, fill: "#3b7dd8" }));
    history.appendChild(svg("text", { x: box.left + 102, y: box.top + 10, class: "legend" }, "TPE"));
  }
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

/**
 * Successive halving's rungs: how many trials reached each, how many went on, and the best
 * figure there by the metric that ranked them (sweep.json's decisions, then the last rung).
 */
function rungTable(sweep) {
  const halving = sweep.sweep.halving, metric = halving.metric, lower = metric.endsWith("loss");
  const decisions = sweep.decisions || [];
  const brackets = new Set(decisions.map(d => d.bracket)).size > 1;
  const rows = decisions.map(decision => {
    const figures = decision.figures.filter(f => f[metric] !== null && f[metric] !== undefined);
    const best = figures.reduce((a, f) => (!a || (lower ? f[metric] < a[metric] : f[metric] > a[metric]) ? f : a), null);
    return { bracket: decision.bracket, rung: decision.rung, epochs: decision.epochs, trials: decision.figures.length,
      kept: decision.promoted.length, best: best && best[metric], bestRun: best && best.run_id };
  });
  // The last rung of each bracket decides nothing: its trials train to max_epochs and finish.
  const lastByBracket = new Map();
  decisions.forEach(d => lastByBracket.set(d.bracket, d));
  for (const [bracket, last] of lastByBracket) {
    const finals = last.promoted.map(id => BY_ID.get(sweep.experiment + "/" + id)).filter(run => run && run.status === "completed");
    if (!finals.length) continue;
    const figure = run => run.curves[metric] && run.curves[metric].length ? run.curves[metric][run.curves[metric].length - 1] : null;
    const best = finals.reduce((a, run) => (!a || (lower ? figure(run) < figure(a) : figure(run) > figure(a)) ? run : a), null);
    rows.push({ bracket, rung: last.rung + 1, epochs: halving.max_epochs, trials: last.promoted.length, kept: null,
      best: figure(best), bestRun: best.run_id });
  }
  const head = el("tr", {}, ...[brackets ? "Bracket" : null, "Rung", "Epochs", "Trials", "Kept", "Best " + metric, "Best run"]
    .filter(Boolean).map(label => el("th", { scope: "col" }, label)));
  const body = rows.map(row => el("tr", {}, ...[brackets ? String(row.bracket) : null, String(row.rung), String(row.epochs), String(row.trials),
    row.kept === null ? "finished" : String(row.kept), row.best === null || row.best === undefined ? "–" : fixed(row.best, 4), row.bestRun || "–"]
    .filter(value => value !== null).map(value => el("td", {}, value))));
  const pruned = sweep.trials.filter(trial => trial.status === "pruned").length;
  return el("div", { className: "rungs" },
    el("p", { className: "hint" }, `Successive halving: each rung keeps the best 1/${halving.reduction_factor} by ${metric}; `
      + `${pruned} trial${pruned === 1 ? "" : "s"} pruned (greyed in the runs table).`),
    el("table", { className: "rung-table" }, el("thead", {}, head), el("tbody", {}, ...body)),
    rungCurves(sweep, decisions));
}

/** Every trial's ranking figure epoch by epoch, up to where it stopped; epochs on a log scale, so the rungs are evenly spaced. */
function rungCurves(sweep, decisions) {
  const metric = sweep.sweep.halving.metric, maxEpochs = sweep.sweep.halving.max_epochs;
  const runs = sweep.trials.map(trial => BY_ID.get(sweep.experiment + "/" + trial.run_id))
    .filter(run => run && run.curves[metric] && run.curves[metric].some(Number.isFinite));
  if (!runs.length) return el("p", { className: "hint" }, "No trial has finished an epoch yet.");
  // The axis spans the trials that went on and the better half at the first epoch; the worse
  // half would flatten the rest against one edge, so they are drawn on that edge instead.
  const lower = metric.endsWith("loss");
  const firsts = runs.map(run => run.curves[metric][0]).filter(Number.isFinite).sort((a, b) => a - b);
  const median = firsts[Math.floor(firsts.length / 2)];
  const kept = runs.filter(run => run.curves[metric].length > 1).flatMap(run => run.curves[metric].filter(Number.isFinite));
  const values = runs.flatMap(run => run.curves[metric].filter(Number.isFinite));
  const low = lower ? minOf(values) : Math.min(median, minOf(kept));
  const high = lower ? Math.max(median, maxOf(kept)) : maxOf(values);
  const width = 720, height = 300, box = { left: 64, right: width - 20, top: 12, bottom: height - 44 };
  const x = epoch => scale(0, Math.log(Math.max(2, maxEpochs)), box.left, box.right)(Math.log(epoch));
  const yInside = scale(low, high === low ? low + 1e-9 : high, box.bottom, box.top);
  const y = figure => Math.max(box.top, Math.min(box.bottom, yInside(figure)));
  const rungEpochs = [...new Set([...decisions.map(d => d.epochs), maxEpochs])].sort((a, b) => a - b);
  const chart = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", class: "rung-curves",
    "aria-label": `${metric} of every trial by epoch, up to where it stopped` });
  axes(chart, x, y, rungEpochs, ticks(low, high, 5).filter(t => t >= low && t <= high), box,
    "epoch (log scale; the rungs are the grid lines; the worst trials sit on the edge)", metric, String, t => t.toFixed(3));
  for (const run of runs) {
    const points = run.curves[metric].map((figure, i) => Number.isFinite(figure) ? `${x(i + 1)},${y(figure)}` : null).filter(Boolean);
    const finished = run.status === "completed";
    const line = points.length > 1 ? svg("polyline", { points: points.join(" "), fill: "none", class: "trial-curve " + run.status,
      stroke: finished ? "#2563eb" : "#9aa3ad", "stroke-width": finished ? 2.5 : 1.2 })
      : svg("circle", { cx: points[0].split(",")[0], cy: points[0].split(",")[1], r: 2.5, class: "trial-curve " + run.status,
        fill: finished ? "#2563eb" : "#9aa3ad" });
    chart.appendChild(titled(line, `${run.id}: ${run.status} after ${run.curves[metric].length} epoch${run.curves[metric].length === 1 ? "" : "s"}`));
  }
  return chart;
}

function renderSweeps() {
  const sweeps = DATA.sweeps.filter(sweep => sweep.sweep && sweep.trials && sweep.trials.length);
  if (!sweeps.length) return;
  document.getElementById("sweeps-section").hidden = false;
  const container = document.getElementById("sweeps");
  container.replaceChildren();
  for (const sweep of sweeps) {
    const keys = [...Object.keys(sweep.sweep.grid || {}), ...Object.keys(searchSpace(sweep))];
    const trials = sweep.trials.map(trial => ({ trial, run: BY_ID.get(sweep.experiment + "/" + trial.run_id) }))
      .filter(entry => entry.run && completed(entry.run) && shown(entry.run));
    const origin = sweep.command_line ? ` (command line: -m ${sweep.command_line.join(" ")})` : "";
    const tpe = sweep.sweep.tpe ? ` (TPE: ${sweep.sweep.tpe.startup_trials} random then model-guided, batches of ${sweep.sweep.tpe.batch},`
      + ` learning from ${sweep.sweep.tpe.metric})` : "";
    container.appendChild(el("h3", {}, `${sweep.experiment}${origin}: ${sweep.trials.length} trials${tpe} over ${keys.join(", ")}`));
    if (sweep.sweep.halving) container.appendChild(rungTable(sweep));
    if (sweep.importance) container.appendChild(importancePanel(sweep));
    if (!trials.length || !keys.length) {
      const hidden = sweep.trials.some(trial => { const run = BY_ID.get(sweep.experiment + "/" + trial.run_id); return run && completed(run) && !shown(run); });
      container.appendChild(el("p", { className: "hint" }, hidden ? "No completed trial the table shows." : "No completed trials yet."));
      continue;
    }
    const accuracies = trials.map(entry => entry.run.test_accuracy);
    const low = minOf(accuracies), high = maxOf(accuracies);
    const width = Math.max(520, 160 * (keys.length + 1)), height = 320, top = 28, bottom = height - 28;
    const axisX = i => 60 + i * (width - 120) / keys.length;
    const positions = keys.map(key => {
      const values = trials.map(entry => entry.trial.values[key]);
      const numeric = values.every(v => typeof v === "number");
      if (numeric) {
        const min = minOf(values), max = maxOf(values);
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
          el("td", { className: "number" }, fixed(mean(list), 4)), el("td", { className: "number" }, fixed(maxOf(list), 4))));
      }
    }
    table.appendChild(body);
    container.appendChild(el("div", { className: "table-wrap" }, table));
  }
}
