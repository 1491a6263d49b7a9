#!/usr/bin/env bash
# One short, bounded GPU session for the engine: what a lent GPU machine (no network, its own
# JAX) should run, in order of importance, each step under its own time limit.
#
#   scripts/gpu_check.sh [OUTDIR]        (OUTDIR default: $OUT, else ./out/gpu)
#
# Needs the paper's oracle at shared/reference/paper_semantics.py inside the checkout (git
# ignores shared/; copy ../shared/reference there first) for the oracle columns and tests.
# Writes bench.txt, tiles (float64 .npy, compare with a CPU run: docs/engine.md), the profile,
# the optimized HLO of the paper kernel and the engine tests' log to OUTDIR.
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:-${OUT:-out/gpu}}
mkdir -p "$out"
export PYTHONPATH=$PWD/server${PYTHONPATH:+:$PYTHONPATH} PYTHONUNBUFFERED=1
py=python3

echo "== machine"
nvidia-smi -L 2>&1 | head -2
$py -c 'import jax, numpy; print("jax", jax.__version__, "numpy", numpy.__version__, jax.devices())'

echo "== bench (GPU tile = 256x256 paper tanh, 1000 steps)"
timeout 240 $py -m trainscape.cli.main bench --size 64 --chunks "${CHUNKS:-4096,65536}" 2>&1 |
  tee "$out/bench.txt"

echo "== CLI tiles, timed end to end (process start and compile included)"
for spec in "tanh-quick 0 0 0" "tanh 0 0 0 --steps 1000"; do
  name=$(echo "$spec" | tr ' ' '_' | tr -d '-')
  TIMEFORMAT="tile $spec: %R s"
  time timeout 120 $py -m trainscape.cli.main tile $spec -o "$out/$name.npy"
done

echo "== profile of one paper chunk (200 steps) + its optimized HLO"
TRAINSCAPE_JAX_CACHE= XLA_FLAGS="--xla_dump_to=/tmp/hlo --xla_dump_hlo_as_text" \
  timeout 90 $py scripts/profile_kernel.py tanh --steps 200 --top 20 2>&1 | tee "$out/profile.txt"
(cd /tmp/hlo 2>/dev/null && ls | grep -E 'jit_run.*after_optimizations\.txt$' | head -4 |
  tar czf "$out/hlo.tgz" -T -) || true

echo "== engine tests on this backend"
timeout 150 $py -m pytest tests/compute -q -p no:cacheprovider --durations=8 2>&1 |
  tee "$out/tests.txt" | tail -25
