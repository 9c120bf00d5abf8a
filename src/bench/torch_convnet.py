"""The same-machine peer for mnist_convnet in `make bench`: Keras's simple MNIST convnet
(experiments/mnist_convnet.yaml) written in plain PyTorch, as its tutorial reader would:
Conv2d(1, 32, 3), ReLU, MaxPool2d(2), Conv2d(32, 64, 3), ReLU, MaxPool2d(2), Flatten,
Dropout(0.5), Linear(1600, 10); Adam at 1e-3, batch 128, on the first 54,000 training
images (the file's validation split of 0.1 holds out the last 6,000), pixels converted to
float32 once before training, shuffled each epoch. Times each epoch's training steps,
without data loading. Needs numpy and torch; run from the project's root after `make data`:

    python3 src/bench/torch_convnet.py --threads 1 --epochs 2

It prints one JSON line: torch's version, the threads, and the seconds of each epoch.
"""
import argparse
import json
import time

import numpy as np


def idx(path):
    with open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()

    import torch
    from torch import nn

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    images = idx("data/mnist/train-images-idx3-ubyte")[:54000]
    labels = idx("data/mnist/train-labels-idx1-ubyte")[:54000]
    x = torch.from_numpy(images.astype(np.float32) / 255.0).reshape(-1, 1, 28, 28)
    y = torch.from_numpy(labels.astype(np.int64))
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_function = nn.CrossEntropyLoss()
    seconds = []
    for _ in range(args.epochs):
        order = torch.randperm(len(x))
        model.train()
        start = time.perf_counter()
        for first in range(0, len(x), 128):
            batch = order[first:first + 128]
            optimizer.zero_grad()
            loss = loss_function(model(x[batch]), y[batch])
            loss.backward()
            optimizer.step()
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"torch": torch.__version__, "threads": args.threads, "epoch_seconds": seconds}))


if __name__ == "__main__":
    main()
