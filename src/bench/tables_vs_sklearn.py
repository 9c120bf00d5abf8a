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


def read_rows():
    with open(ROOT / "data" / "seattle-weather.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def trainyard_figures(experiment_file, name, train_rows, test_rows, figure):
    """Writes the split as two CSV files, runs the shipped experiment on them once per seed, returns each seed's figure."""
    work = pathlib.Path(tempfile.mkdtemp(prefix="trainyard-tables-"))
    for file_name, part in (("train.csv", train_rows), ("test.csv", test_rows)):
        with open(work / file_name, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(train_rows[0].keys()))
            writer.writeheader()
            writer.writerows(part)
    experiment = (ROOT / "experiments" / experiment_file).read_text(encoding="utf-8")
    experiment = experiment.replace("train: data/seattle-weather.csv", f"train: {work / 'train.csv'}")
    experiment = experiment.replace("test: {split: 0.2, seed: 1}", f"test: {work / 'test.csv'}")
    bench = name + "_bench"
    (work / (bench + ".yaml")).write_text(experiment.replace(f"name: {name}", f"name: {bench}"), encoding="utf-8")
    by_seed = {}
    for seed in SEEDS:  # sys.argv[1:]: key=value overrides for Trainyard's side, to try variants
        subprocess.run([str(ROOT / "trainyard"), "run", str(work / (bench + ".yaml")), f"training.seed={seed}", *sys.argv[1:],
                        "--results", str(work / "results")], check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    for result in (work / "results" / bench).glob("*/result.json"):
        stored = json.loads(result.read_text())
        by_seed[stored["config"]["training"]["seed"]] = figure(stored["test"])
    return [by_seed[seed] for seed in SEEDS]


def main():
    table = ROOT / "data" / "seattle-weather.csv"
    if not table.exists():
        sys.exit("tables_vs_sklearn: data/seattle-weather.csv is missing; run `make data` first")
    rows = read_rows()
    train_rows, test_rows = train_test_split(rows, test_size=0.2, stratify=[r[TARGET] for r in rows], random_state=1)
    ours = trainyard_figures("weather.yaml", "weather", train_rows, test_rows, lambda test: test["accuracy"])

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
    rows = read_rows()
    train_rows, test_rows = train_test_split(rows, test_size=0.2, random_state=1)
    ours = trainyard_figures("weather_temp.yaml", "weather_temp", train_rows, test_rows, lambda test: test["rmse"])

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
