# Benchmark of the addon's main operations, run inside `odoo shell` by
# `make bench` (scripts/agency.sh). Prints a table: wall time, SQL queries and
# peak Python memory per operation. Everything is rolled back at the end.
# pylint: disable=print-used
import time
import tracemalloc

import odoo
from odoo.addons.crm_agency_sales.tools.internal import internal_context

N_LEADS = 300
N_ANSWERS = 30


def measure(label, func, per=None):
    cr = env.cr  # noqa: F821 (env is given by odoo shell)
    env.invalidate_all()  # noqa: F821
    queries_before = odoo.sql_db.sql_counter
    tracemalloc.start()
    start = time.perf_counter()
    func()
    env.flush_all()  # noqa: F821
    elapsed = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    queries = odoo.sql_db.sql_counter - queries_before
    unit = ""
    if per:
        unit = "  (%.1f ms, %.1f queries per item)" % (elapsed * 1000 / per, queries / per)
    print("%-58s %8.0f ms %7d queries %8.1f MiB%s" % (label, elapsed * 1000, queries, peak / 2**20, unit))
    cr.flush()


def main():
    team = env.ref("crm_agency_sales.crm_team_agency")  # noqa: F821
    stages = {
        s.process_step: s for s in env["crm.stage"].search([("team_id", "=", team.id)])  # noqa: F821
    }
    user = env.ref("base.user_admin")  # noqa: F821
    Lead = env["crm.lead"].with_user(user).with_context(tracking_disable=False)  # noqa: F821
    leads = Lead.browse()

    def create_leads():
        nonlocal leads
        leads = Lead.create([
            {"name": "Bench lead %s" % i, "team_id": team.id, "user_id": user.id,
             "stage_id": stages["new"].id, "contact_origin": "cold" if i % 2 else "warm"}
            for i in range(N_LEADS)
        ])

    stock_team = env["crm.team"].create({"name": "Bench stock team"})  # noqa: F821

    def create_stock_leads():
        Lead.create([
            {"name": "Bench stock lead %s" % i, "team_id": stock_team.id, "user_id": user.id}
            for i in range(N_LEADS)
        ])

    measure("baseline: create %d leads in a team outside the process" % N_LEADS, create_stock_leads, N_LEADS)
    measure("create %d leads (file numbers, entry activities)" % N_LEADS, create_leads, N_LEADS)
    measure("move %d leads new -> qualify (gate + entry plan)" % N_LEADS,
            lambda: leads.write({"stage_id": stages["qualify"].id}), N_LEADS)
    measure("read pipeline list of %d leads" % N_LEADS,
            lambda: leads.read(["file_number", "stage_id", "process_step", "agency_next_step"]), N_LEADS)

    if "crm.needs.assessment" in env and hasattr(Lead, "action_create_quotation"):  # noqa: F821
        product = env["product.product"].create({"name": "Bench service", "type": "service", "list_price": 10})  # noqa: F821
        template = env["crm.assessment.template"].create({  # noqa: F821
            "name": "Bench needs", "kind": "needs",
            "question_ids": [(0, 0, {"name": "Q%s" % i, "answer_type": "number", "product_id": product.id})
                             for i in range(N_ANSWERS)],
        })
        partner = env["res.partner"].create({"name": "Bench customer"})  # noqa: F821
        lead = Lead.with_context(**internal_context("agency_skip_stage_gates")).create({
            "name": "Bench quotation", "team_id": team.id, "partner_id": partner.id,
            "stage_id": stages["assessment"].id,
        })
        form = env["crm.needs.assessment"].create({"lead_id": lead.id, "template_id": template.id})  # noqa: F821
        for answer in form.answer_ids:
            answer.value_number = 2
        form.action_done()
        measure("action_create_quotation (%d answered product questions)" % N_ANSWERS,
                lead.action_create_quotation, N_ANSWERS)

    if "crm.agency.workbook.export" in env:  # noqa: F821
        n_workbook = 10000
        customers = env["res.partner"].create([  # noqa: F821
            {"name": "Bench workbook customer %s" % i} for i in range(n_workbook // 10)
        ])
        reason = env["crm.objection.reason"].search([], limit=1)  # noqa: F821
        # created in SQL-sized batches without the stage automations
        workbook_leads = Lead.with_context(tracking_disable=True, mail_create_nolog=True).create([
            {"name": "Bench workbook lead %s" % i, "team_id": team.id, "user_id": user.id,
             "partner_id": customers[i % len(customers)].id, "expected_revenue": 1000 + i,
             "stage_id": stages["qualify"].id}
            for i in range(n_workbook)
        ])
        if reason:
            env["crm.objection"].with_context(tracking_disable=True).create([  # noqa: F821
                {"lead_id": lead.id, "kind": "price", "reason_id": reason.id}
                for lead in workbook_leads[:1000]
            ])
        wizard = env["crm.agency.workbook.export"].with_user(user).create({"team_id": team.id})  # noqa: F821
        env.flush_all()  # noqa: F821
        measure("Excel workbook of %d leads (goal < 30 s)" % n_workbook, wizard.action_generate, n_workbook)
        measure("funnel pivot (read_group by step) over %d leads" % n_workbook,
                lambda: env["crm.agency.funnel.report"].with_user(user).read_group(  # noqa: F821
                    [], ["__count", "expected_revenue:sum", "conversion_rate:avg"], ["step"]))

    env.cr.rollback()  # noqa: F821


main()
