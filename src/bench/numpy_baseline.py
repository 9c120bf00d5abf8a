"""Same-machine baselines for `make bench`: relu_adam as a tutorial reader writes it in
numpy (float32, batch 100, Keras's Adam), OpenBLAS's sgemm on the first layer's
products, and, if PyTorch is installed, the same model in plain torch.nn. Optional:
needs numpy (and torch for the last part); run from the project's root after `make data`:

    OPENBLAS_NUM_THREADS=1 python3 src/bench/numpy_baseline.py
    OPENBLAS_NUM_THREADS=2 python3 src/bench/numpy_baseline.py

`make bench` runs it as `python3 src/bench/numpy_baseline.py --epochs-json N`: only the
numpy relu_adam, N epochs, and one JSON line with the seconds of each; and, without
--quick, as `--wide-json N`: the 784-1024-1024-10 relu network with SGD momentum at batch
128 (mnist_dropout's products, without its dropout), N epochs, and a 1024x1024x1024
product's GFLOP/s, on OPENBLAS_NUM_THREADS threads.
"""
import json
import os
import sys
import time

import numpy as np


def idx(path):
    with open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def gflops(a, b, transpose_left=False, repeats=200):
    run = (lambda: a.T @ b) if transpose_left else (lambda: a @ b)
    for _ in range(20):
        run()
    rows, inner = (a.shape[1], a.shape[0]) if transpose_left else a.shape
    best = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeats):
            run()
        best.append((time.perf_counter() - start) / repeats)
    return 2.0 * rows * inner * b.shape[1] / sorted(best)[2] / 1e9


def blas():
    """Which BLAS numpy runs and the kernel it chose (threadpoolctl, when installed), in one line."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown (threadpoolctl not installed)"
    pools = [p for p in threadpool_info() if p.get("user_api") == "blas"]
    return "; ".join(f"{p.get('internal_api')} {p.get('version')} {p.get('architecture')}, {p.get('num_threads')} threads"
                     for p in pools) or "none found"


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--epochs-json":
        seconds = numpy_epochs(np.random.default_rng(1), int(sys.argv[2]))
        print(json.dumps({"numpy": np.__version__, "blas": blas(), "epoch_seconds": seconds}))
        return
    if len(sys.argv) == 3 and sys.argv[1] == "--wide-json":
        rng = np.random.default_rng(1)
        square = rng.random((1024, 1024), dtype=np.float32)
        product = gflops(square, square, repeats=20)
        seconds = wide_epochs(rng, int(sys.argv[2]))
        print(json.dumps({"numpy": np.__version__, "blas": blas(), "epoch_seconds": seconds, "square_gflops": product}))
        return
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "(OpenBLAS default)")
    rng = np.random.default_rng(1)
    x = rng.random((100, 784), dtype=np.float32)
    w = rng.random((784, 200), dtype=np.float32)
    dy = rng.random((100, 200), dtype=np.float32)
    print(f"OpenBLAS threads: {threads}")
    print(f"X·W   (100x784)·(784x200): {gflops(x, w):6.1f} GFLOP/s")
    print(f"Xᵀ·dY (784x100)·(100x200): {gflops(x, dy, transpose_left=True):6.1f} GFLOP/s")
    report("numpy relu_adam", numpy_epochs(rng, 5))
    torch_epochs(rng)


def mnist():
    images = idx("data/mnist/train-images-idx3-ubyte").reshape(60000, 784)
    labels = idx("data/mnist/train-labels-idx1-ubyte")
    return images, labels


def softmax_delta(logits, targets):
    """The gradient of the batch's mean softmax cross-entropy with respect to the logits (overwrites them)."""
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    return (p - targets) / len(targets)


def numpy_epochs(rng, epochs):
    """relu_adam as a tutorial reader writes it: float32 data converted once, batch 100, Keras's Adam; seconds per epoch."""
    images, labels = mnist()
    # Converted to float32 once, before training, as a fair numpy program does (not per batch).
    inputs = images.astype(np.float32) / 255.0
    targets = np.eye(10, dtype=np.float32)[labels]
    limit1, limit2 = np.sqrt(6 / (784 + 200)), np.sqrt(6 / (200 + 10))
    params = [rng.uniform(-limit1, limit1, (784, 200)).astype(np.float32), np.zeros(200, np.float32),
              rng.uniform(-limit2, limit2, (200, 10)).astype(np.float32), np.zeros(10, np.float32)]
    moments = [[np.zeros_like(p), np.zeros_like(p)] for p in params]
    lr, beta1, beta2, eps, step = 0.001, 0.9, 0.999, 1e-7, 0
    seconds = []
    for epoch in range(epochs):
        start = time.perf_counter()
        order = rng.permutation(60000)
        for first in range(0, 60000, 100):
            rows = order[first:first + 100]
            xb = inputs[rows]
            yb = targets[rows]
            h = np.maximum(xb @ params[0] + params[1], 0)
            dz = softmax_delta(h @ params[2] + params[3], yb)
            dh = (dz @ params[2].T) * (h > 0)
            grads = [xb.T @ dh, dh.sum(axis=0), h.T @ dz, dz.sum(axis=0)]
            step += 1
            size = lr * np.sqrt(1 - beta2 ** step) / (1 - beta1 ** step)
            for param, grad, (m, v) in zip(params, grads, moments):
                m += (grad - m) * (1 - beta1)
                v += (grad * grad - v) * (1 - beta2)
                param -= size * m / (np.sqrt(v) + eps)
        seconds.append(time.perf_counter() - start)
    return seconds


def wide_epochs(rng, epochs):
    """784-1024-1024-10 relu, softmax cross-entropy, SGD with momentum 0.9 (Keras's rule), batch 128; seconds per epoch."""
    images, labels = mnist()
    inputs = images.astype(np.float32) / 255.0  # converted once, before training
    targets = np.eye(10, dtype=np.float32)[labels]
    sizes = [784, 1024, 1024, 10]
    params = []
    for fan_in, fan_out in zip(sizes, sizes[1:]):
        limit = np.sqrt(6 / (fan_in + fan_out))
        params += [rng.uniform(-limit, limit, (fan_in, fan_out)).astype(np.float32), np.zeros(fan_out, np.float32)]
    velocities = [np.zeros_like(p) for p in params]
    lr, momentum = np.float32(0.01), np.float32(0.9)
    seconds = []
    for epoch in range(epochs):
        start = time.perf_counter()
        order = rng.permutation(60000)
        for first in range(0, 60000, 128):
            rows = order[first:first + 128]
            xb = inputs[rows]
            h1 = np.maximum(xb @ params[0] + params[1], 0)
            h2 = np.maximum(h1 @ params[2] + params[3], 0)
            dz = softmax_delta(h2 @ params[4] + params[5], targets[rows])
            dh2 = (dz @ params[4].T) * (h2 > 0)
            dh1 = (dh2 @ params[2].T) * (h1 > 0)
            grads = [xb.T @ dh1, dh1.sum(axis=0), h1.T @ dh2, dh2.sum(axis=0), h2.T @ dz, dz.sum(axis=0)]
            for param, grad, velocity in zip(params, grads, velocities):
                velocity *= momentum
                velocity -= lr * grad
                param += velocity
        seconds.append(time.perf_counter() - start)
    return seconds


def report(what, seconds):
    print(f"{what} epochs (s): " + " ".join(f"{s:.3f}" for s in seconds)
          + f"; median of 2..5: {sorted(seconds[1:])[2]:.3f} s")


def torch_epochs(rng):
    try:
        import torch
    except ImportError:
        print("PyTorch: not installed, skipped")
        return
    images, labels = mnist()
    threads = int(os.environ.get("OPENBLAS_NUM_THREADS", "0") or 0)
    if threads > 0:
        torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = torch.nn.Sequential(torch.nn.Linear(784, 200), torch.nn.ReLU(), torch.nn.Linear(200, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001, eps=1e-7)
    loss_of = torch.nn.CrossEntropyLoss()
    x_all = torch.from_numpy(images.astype(np.float32) / 255.0)
    y_all = torch.from_numpy(labels.astype(np.int64))
    seconds = []
    for epoch in range(5):
        start = time.perf_counter()
        order = torch.from_numpy(rng.permutation(60000))
        for first in range(0, 60000, 100):
            rows = order[first:first + 100]
            optimizer.zero_grad()
            loss = loss_of(model(x_all[rows]), y_all[rows])
            loss.backward()
            optimizer.step()
        seconds.append(time.perf_counter() - start)
    report(f"PyTorch {torch.__version__} relu_adam ({torch.get_num_threads()} threads)", seconds)


if __name__ == "__main__":
    main()
