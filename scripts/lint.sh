#!/usr/bin/env bash
# `make lint`: pylint-odoo (the OCA's set, .pylintrc) and the OCA's pre-commit
# checks (oca-checks-odoo-module on the manifest, XML and CSV files;
# oca-checks-po on i18n/). Fails on the first checker that reports anything.
#
# The checkers are taken from .venv/ at the repository root when it holds
# them (the pinned versions CI installs), else from PATH and python3:
#   python3 -m venv .venv && .venv/bin/pip install -r .ci/lint-requirements.txt
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODULE=crm_agency_sales

PYTHON=python3
if [ -x "$ROOT/.venv/bin/oca-checks-odoo-module" ]; then
    PATH="$ROOT/.venv/bin:$PATH"
    PYTHON="$ROOT/.venv/bin/python"
fi
for cmd in oca-checks-odoo-module oca-checks-po; do
    command -v "$cmd" >/dev/null 2>&1 || {
        echo "error: '$cmd' was not found. Install the linters with:" >&2
        echo "  python3 -m venv .venv && .venv/bin/pip install -r .ci/lint-requirements.txt" >&2
        exit 1
    }
done
"$PYTHON" -c "import pylint_odoo" 2>/dev/null || {
    echo "error: pylint-odoo is not installed for $PYTHON (see .ci/lint-requirements.txt)" >&2
    exit 1
}

echo "== pylint-odoo"
(cd "$ROOT/.." && "$PYTHON" -m pylint --rcfile="$ROOT/.pylintrc" "$(basename "$ROOT")")

# oca-checks-odoo-module looks for the manifest below the top of the git
# repository, and this repository IS the addon: check a copy of it placed as
# <tmp>/crm_agency_sales inside a directory that stands for a repository.
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/.git" "$WORK/$MODULE"
cp "$ROOT/.oca_hooks.cfg" "$WORK/"
tar -C "$ROOT" --exclude=./.git --exclude=./.venv --exclude='__pycache__' -cf - . | tar -C "$WORK/$MODULE" -xf -

echo "== oca-checks-odoo-module"
(cd "$WORK" && oca-checks-odoo-module "$MODULE")
echo "== oca-checks-po"
(cd "$WORK" && oca-checks-po "$MODULE"/i18n/*.po "$MODULE"/i18n/*.pot)
echo "lint: clean"
