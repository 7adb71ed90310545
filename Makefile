# crm_agency_sales — Odoo 18.0 addon. Odoo is found through $ODOO_BIN, else
# `odoo` on PATH; PostgreSQL must be installed (it is started if it is down).
.PHONY: demo test bench bench-compare load lint help

help:
	@echo "make demo   - create/update the demo database and serve Odoo on http://localhost:8069"
	@echo "make test   - fresh database, install with tests, run every test; ends with 'N passed, N failed'"
	@echo "make bench  - performance benchmark of the main operations"
	@echo "make bench-compare - stock Odoo against the addon, same data (BENCH_SIZES=1000,10000[,50000])"
	@echo "make load   - concurrent JSON-RPC load run on a fresh database (LOAD_CLIENTS, LOAD_SECONDS)"
	@echo "make lint   - pylint-odoo (OCA set) and the OCA's pre-commit checks (oca-checks-odoo-module, oca-checks-po)"

demo:
	@bash scripts/agency.sh demo

test:
	@bash scripts/agency.sh test

bench:
	@bash scripts/agency.sh bench

bench-compare:
	@bash scripts/agency.sh bench-compare

load:
	@bash scripts/agency.sh load

lint:
	@bash scripts/lint.sh
