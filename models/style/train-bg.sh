#!/usr/bin/env bash
# Start (or resume) a long style-training run in the background so that it outlives the shell:
#   models/style/train-bg.sh <run-name> [train.py args...]     e.g. models/style/train-bg.sh cin10
# Low priority (nice 10) because the 2 cores are shared; passive OpenMP waiting so idle worker
# threads do not spin against other people's jobs. Output is appended to runs/<run>/train.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
run="${1:?usage: models/style/train-bg.sh <run-name> [args...]}"; shift
if pgrep -f "train.train --run ${run}( |\$)" >/dev/null; then
  echo "a training process for run ${run} is already running:"; pgrep -af "train.train --run ${run}( |\$)"; exit 1
fi
mkdir -p "models/style/runs/${run}"
PYTHONPATH=models/style OMP_WAIT_POLICY=PASSIVE setsid nohup nice -n 10 /usr/bin/python3 -m train.train --run "${run}" "$@" \
  >> "models/style/runs/${run}/train.log" 2>&1 < /dev/null &
echo "started PID $! ; log models/style/runs/${run}/train.log ; stop with: kill -TERM $! (checkpoints first)"
