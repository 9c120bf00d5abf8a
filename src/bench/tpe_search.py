#!/usr/bin/env python3
"""TPE against random search and against Optuna's TPESampler, on experiments/sweep_tpe.yaml.

For each seed: Trainyard's TPE sweep (the file as it is, with sweep.tpe.seed set), a
random search of as many trials over the same space and seed, and Optuna's TPESampler on
the same space and trial budget, each of whose trials is one `./trainyard run` of the same
file with the sweep turned off and the trial's values set on the command line. The figure
is each search's best last-epoch val_accuracy. Optuna comes from Debian's python3-optuna
(or any optuna on the PATH's python3); it runs multivariate, as Optuna 5 does by default.

    python3 src/bench/tpe_search.py [--seeds 5] [--out /tmp/tpe-search] [--experiment experiments/sweep_tpe.yaml]

Trainyard's own searches resume: run it again with the same --out to finish an interrupted
comparison (Optuna's trials resume too, each trial's run being found in its results).
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TRAINYARD = os.path.join(ROOT, "trainyard")


def run(arguments):
    """`./trainyard ARGUMENTS`; its output, or the failure's last lines and exit."""
    done = subprocess.run([TRAINYARD] + arguments, cwd=ROOT, capture_output=True, text=True)
    if done.returncode not in (0, 1):  # 1: a trial failed or diverged, which the search counts as a bad figure
        sys.exit(f"trainyard {' '.join(arguments)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return done.stdout


def last_val_accuracy(result_file):
    with open(result_file) as f:
        history = json.load(f).get("history") or []
    figure = history[-1].get("val_accuracy") if history else None
    return float("nan") if figure is None else figure


def best_of_sweep(folder, name):
    with open(os.path.join(folder, name, "sweep.json")) as f:
        trials = json.load(f)["trials"]
    figures = [last_val_accuracy(os.path.join(folder, name, t["run_id"], "result.json")) for t in trials]
    return max(f for f in figures if f == f), len(trials)


def optuna_search(experiment, space, trials, seed, folder):
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)

    def objective(trial):
        overrides = ["sweep=null"]
        for key, distribution in space.items():
            (kind, arguments), = distribution.items()
            if kind == "log_uniform":
                value = trial.suggest_float(key, arguments[0], arguments[1], log=True)
            elif kind == "uniform":
                value = trial.suggest_float(key, arguments[0], arguments[1])
            elif kind == "int_uniform":
                value = trial.suggest_int(key, arguments[0], arguments[1])
            else:
                value = trial.suggest_categorical(key, arguments)
            overrides.append(f"{key}={value!r}" if isinstance(value, float) else f"{key}={value}")
        output = run(["run", experiment, "--results", folder] + overrides)
        result = re.search(r"^Result: (.*result\.json)$", output, re.MULTILINE).group(1)
        figure = last_val_accuracy(result)
        return figure if figure == figure else 0.0

    sampler = optuna.samplers.TPESampler(seed=seed, multivariate=True, n_startup_trials=10)
    study = optuna.create_study(direction="maximize", sampler=sampler)
    study.optimize(objective, n_trials=trials)
    return study.best_value, optuna.__version__


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--out", default="/tmp/tpe-search")
    parser.add_argument("--experiment", default="experiments/sweep_tpe.yaml")
    parser.add_argument("--no-optuna", action="store_true")
    options = parser.parse_args()
    with open(os.path.join(ROOT, options.experiment)) as f:
        spec = yaml.safe_load(f)
    tpe = spec["sweep"]["tpe"]
    name, trials, space = spec["name"], tpe["trials"], tpe["space"]
    rows = []
    for seed in range(1, options.seeds + 1):
        folder = os.path.join(options.out, f"tpe-{seed}")
        run(["run", options.experiment, "--results", folder, f"sweep.tpe.seed={seed}"])
        ours, count = best_of_sweep(folder, name)
        folder = os.path.join(options.out, f"random-{seed}")
        random_search = json.dumps({"trials": trials, "seed": seed, "space": space})
        run(["run", options.experiment, "--results", folder, "sweep.tpe=null", f"sweep.random={random_search}"])
        random_best, _ = best_of_sweep(folder, name)
        optuna_best, version = (float("nan"), "-") if options.no_optuna else optuna_search(
            options.experiment, space, trials, seed, os.path.join(options.out, f"optuna-{seed}"))
        rows.append((seed, ours, random_best, optuna_best))
        print(f"seed {seed}: {count} trials; best val_accuracy: Trainyard TPE {ours:.4f}, random search {random_best:.4f}, "
              f"Optuna {version} TPE {optuna_best:.4f}", flush=True)
    wins = sum(1 for _, ours, random_best, _ in rows if ours > random_best)
    print(f"Trainyard's TPE beat random search in {wins} of {len(rows)} seeds; medians: TPE {statistics.median(r[1] for r in rows):.4f}, "
          f"random {statistics.median(r[2] for r in rows):.4f}, Optuna {statistics.median(r[3] for r in rows):.4f}")


if __name__ == "__main__":
    main()
