#!/usr/bin/env bash
# The Open Inference Protocol tests' server (KServe's Python model server, test/oip-server/README.md) in
# .venv-oip, made once from the pinned requirements (pip resolves nothing); `npm test` runs this first.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -x .venv-oip/bin/python ] && .venv-oip/bin/python -c 'import kserve, onnxruntime' >/dev/null 2>&1; then exit 0; fi
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  echo "The inference-server tests need Python 3 with venv (Debian: apt-get install -y python3-venv)." >&2
  exit 1
fi
echo "Making .venv-oip for the inference-server tests (once; about 1-3 minutes)…" >&2
rm -rf .venv-oip
python3 -m venv .venv-oip
.venv-oip/bin/pip install --quiet --disable-pip-version-check -r test/oip-server/requirements.txt
