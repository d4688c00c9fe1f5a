#!/usr/bin/env bash
# Debian packages the test suite needs beyond npm: Chromium for the browser tests, and PyTorch for
# the training smoke tests (training code is Python on Debian's PyTorch, with OpenBLAS; see README).
# Idempotent: installs only what is missing. Needs root (or sudo).
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
/usr/bin/python3 -c 'import torch, torchvision' 2>/dev/null || need+=(python3-torch python3-torchvision)
/usr/bin/python3 -c 'import PIL, numpy' 2>/dev/null || need+=(python3-pil python3-numpy)
# Debian's torch otherwise falls back to the reference BLAS: Gram matrices ~20x slower.
dpkg -s libopenblas0-pthread >/dev/null 2>&1 || need+=(libopenblas0-pthread)
if [ ${#need[@]} -eq 0 ]; then
  echo "system-deps: chromium and python3-torch present"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "system-deps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
