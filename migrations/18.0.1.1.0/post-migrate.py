# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""18.0.1.1.0: the pipeline follows the process and its activities close
when their step is done. The stage plans are noupdate data: bring the three
lines that changed up to date where an admin has not edited them."""
from odoo import SUPERUSER_ID, api

# xml id of the plan line: (summary before, summary now, assignee now)
CHANGED_LINES = {
    "activity_plan_stage_qualify_line_1": (
        "Fill the customer-knowledge form", "Send the sales documents to the customer", None,
    ),
    "activity_plan_stage_quotation_line_1": (
        "Review and approve the quotation", "Get the quotation approved and send it to the customer",
        "salesperson",
    ),
}
# the Won stage's plan duplicated the signed contract request's own tasks
REMOVED_LINES = ("activity_plan_stage_won_line_1", "activity_plan_stage_won_line_2")


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, (before, now, responsible_type) in CHANGED_LINES.items():
        line = env.ref("crm_agency_sales.%s" % xmlid, raise_if_not_found=False)
        if line and line.summary == before:
            vals = {"summary": now}
            if responsible_type:
                vals["responsible_type"] = responsible_type
            line.write(vals)
    for xmlid in REMOVED_LINES:
        line = env.ref("crm_agency_sales.%s" % xmlid, raise_if_not_found=False)
        if line:
            line.unlink()
