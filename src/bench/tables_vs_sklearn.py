#!/usr/bin/env python3
"""Trainyard against scikit-learn's MLPClassifier and MLPRegressor on the Seattle weather table, side by side.

Both sides get the same rows: this script splits data/seattle-weather.csv once (stratified,
20% test, scikit-learn's train_test_split with random_state 1) into two CSV files, hands
them to Trainyard as `test: PATH` and to scikit-learn as arrays, with the same four numeric
features standardised on the training part. Both networks are MLPClassifier's default
(100 relu units, Adam, batch 200; L2 1e-4 for scikit-learn), except that
experiments/weather.yaml takes Adam's rate 0.003 for 400 epochs where scikit-learn's 0.001
for 200 stops short of converging; scikit-learn is also run to convergence (2000
iterations) so that it gets its best. Each side runs five seeds; the medians are compared. The regression
(experiments/weather_temp.yaml: temp_max from temp_min, precipitation and wind) is run the
same way against MLPRegressor, its target standardised on both sides, compared by test RMSE.

Run from the repository's root after `make data` (Debian: apt-get install python3-sklearn):
    python3 src/bench/tables_vs_sklearn.py [key=value ...]   (overrides for Trainyard's side)
A benchmark, not a test: it needs scikit-learn, which the tests never do.
"""
import csv
import json
import pathlib
import statistics
import subprocess
import sys
import tempfile

try:
    import numpy as np
    from sklearn.model_selection import train_test_split
    from sklearn.neural_network import MLPClassifier
    from sklearn.preprocessing import StandardScaler
except ImportError:
    sys.exit("tables_vs_sklearn: scikit-learn is not installed (Debian: apt-get install python3-sklearn)")

FEATURES = ["precipitation", "temp_max", "temp_min", "wind"]
TARGET = "weather"
SEEDS = [1, 2, 3, 4, 5]
ROOT = pathlib.Path(__file__).resolve().parents[2]


def main():
    table = ROOT / "data" / "seattle-weather.csv"
    if not table.exists():
        sys.exit("tables_vs_sklearn: data/seattle-weather.csv is missing; run `make data` first")
    with open(table, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    train_rows, test_rows = train_test_split(rows, test_size=0.2, stratify=[r[TARGET] for r in rows], random_state=1)
    work = pathlib.Path(tempfile.mkdtemp(prefix="trainyard-tables-"))
    for name, part in (("train.csv", train_rows), ("test.csv", test_rows)):
        with open(work / name, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
            writer.writeheader()
            writer.writerows(part)

    experiment = (ROOT / "experiments" / "weather.yaml").read_text(encoding="utf-8")
    experiment = experiment.replace("train: data/seattle-weather.csv", f"train: {work / 'train.csv'}")
    experiment = experiment.replace("test: {split: 0.2, seed: 1}", f"test: {work / 'test.csv'}")
    (work / "weather_bench.yaml").write_text(experiment.replace("name: weather", "name: weather_bench"), encoding="utf-8")
    overrides = sys.argv[1:]  # key=value overrides for Trainyard's side, to try variants
    accuracy_by_seed = {}
    for seed in SEEDS:
        subprocess.run([str(ROOT / "trainyard"), "run", str(work / "weather_bench.yaml"), f"training.seed={seed}", *overrides,
                        "--results", str(work / "results")], check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    for result in (work / "results" / "weather_bench").glob("*/result.json"):
        stored = json.loads(result.read_text())
        accuracy_by_seed[stored["config"]["training"]["seed"]] = stored["test"]["accuracy"]
    ours = [accuracy_by_seed[seed] for seed in SEEDS]

    def arrays(part):
        return (np.array([[float(r[c]) for c in FEATURES] for r in part]), np.array([r[TARGET] for r in part]))

    x_train, y_train = arrays(train_rows)
    x_test, y_test = arrays(test_rows)
    scaler = StandardScaler().fit(x_train)
    import warnings
    from sklearn.exceptions import ConvergenceWarning
    warnings.filterwarnings("ignore", category=ConvergenceWarning)

    def sklearn(max_iter):
        scores = []
        for seed in SEEDS:
            model = MLPClassifier(hidden_layer_sizes=(100,), max_iter=max_iter, random_state=seed)
            model.fit(scaler.transform(x_train), y_train)
            scores.append(model.score(scaler.transform(x_test), y_test))
        return scores

    theirs = sklearn(200)        # the default: stops at 200 epochs, usually before it converges
    converged = sklearn(2000)    # given time to converge (its own tolerance stops it)

    print(f"Seattle weather, {len(train_rows)} training and {len(test_rows)} test rows, features {', '.join(FEATURES)}")
    print("seed  trainyard  sklearn(200 it.)  sklearn(2000 it.)")
    for seed, a, b, c in zip(SEEDS, ours, theirs, converged):
        print(f"{seed:>4}  {a:.4f}     {b:.4f}            {c:.4f}")
    print(f"median  {statistics.median(ours):.4f}   {statistics.median(theirs):.4f}            {statistics.median(converged):.4f}")


def regression():
    """experiments/weather_temp.yaml against MLPRegressor: the day's high from its low, rain and wind."""
    from sklearn.compose import TransformedTargetRegressor
    from sklearn.metrics import mean_squared_error
    from sklearn.neural_network import MLPRegressor

    features, target = ["temp_min", "precipitation", "wind"], "temp_max"
    with open(ROOT / "data" / "seattle-weather.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    train_rows, test_rows = train_test_split(rows, test_size=0.2, random_state=1)
    work = pathlib.Path(tempfile.mkdtemp(prefix="trainyard-regression-"))
    for name, part in (("train.csv", train_rows), ("test.csv", test_rows)):
        with open(work / name, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
            writer.writeheader()
            writer.writerows(part)
    experiment = (ROOT / "experiments" / "weather_temp.yaml").read_text(encoding="utf-8")
    experiment = experiment.replace("train: data/seattle-weather.csv", f"train: {work / 'train.csv'}")
    experiment = experiment.replace("test: {split: 0.2, seed: 1}", f"test: {work / 'test.csv'}")
    (work / "temp_bench.yaml").write_text(experiment.replace("name: weather_temp", "name: temp_bench"), encoding="utf-8")
    rmse_by_seed = {}
    for seed in SEEDS:
        subprocess.run([str(ROOT / "trainyard"), "run", str(work / "temp_bench.yaml"), f"training.seed={seed}", *sys.argv[1:],
                        "--results", str(work / "results")], check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    for result in (work / "results" / "temp_bench").glob("*/result.json"):
        stored = json.loads(result.read_text())
        rmse_by_seed[stored["config"]["training"]["seed"]] = stored["test"]["rmse"]
    ours = [rmse_by_seed[seed] for seed in SEEDS]

    def arrays(part):
        return np.array([[float(r[c]) for c in features] for r in part]), np.array([float(r[target]) for r in part])

    x_train, y_train = arrays(train_rows)
    x_test, y_test = arrays(test_rows)
    scaler = StandardScaler().fit(x_train)

    def sklearn(max_iter):
        scores = []
        for seed in SEEDS:
            # The target standardised as Trainyard does by default (target_scaling: standard).
            model = TransformedTargetRegressor(MLPRegressor(hidden_layer_sizes=(100,), max_iter=max_iter, random_state=seed),
                                               transformer=StandardScaler())
            model.fit(scaler.transform(x_train), y_train)
            scores.append(mean_squared_error(y_test, model.predict(scaler.transform(x_test))) ** 0.5)
        return scores

    theirs, converged = sklearn(200), sklearn(2000)
    print(f"\nSeattle temp_max (degrees C), {len(train_rows)} training and {len(test_rows)} test rows, features {', '.join(features)}")
    print("test RMSE: seed  trainyard  sklearn(200 it.)  sklearn(2000 it.)")
    for seed, a, b, c in zip(SEEDS, ours, theirs, converged):
        print(f"{seed:>15}  {a:.4f}     {b:.4f}            {c:.4f}")
    print(f"median           {statistics.median(ours):.4f}     {statistics.median(theirs):.4f}            {statistics.median(converged):.4f}")


if __name__ == "__main__":
    main()
    regression()
