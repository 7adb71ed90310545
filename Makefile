# crm_agency_sales — Odoo 18.0 addon. Odoo is found through $ODOO_BIN, else
# `odoo` on PATH; PostgreSQL must be installed (it is started if it is down).
.PHONY: demo test bench lint help

help:
	@echo "make demo   - create/update the demo database and serve Odoo on http://localhost:8069"
	@echo "make test   - fresh database, install with tests, run every test; ends with 'N passed, N failed'"
	@echo "make bench  - performance benchmark of the main operations"
	@echo "make lint   - pylint-odoo (OCA set) on the addon"

demo:
	@bash scripts/agency.sh demo

test:
	@bash scripts/agency.sh test

bench:
	@bash scripts/agency.sh bench

lint:
	@cd .. && python3 -m pylint --rcfile=$(CURDIR)/.pylintrc $(notdir $(CURDIR))
