# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Check the demo data tells the whole story (run by `make test`'s life
cycle after the install with demo data):

    odoo shell -d <db> --no-http < scripts/check_demo.py

Prints nothing when the demo is coherent; otherwise logs each problem as an
ERROR and exits with a non-zero code. Read-only: the shell rolls back.

- every state of a contract request, each with what its steps leave
  (contract number and PDF, signing meeting, signed scan and checklist,
  legal archive record, who did each step);
- every process step has a lead of the agency's team, and each lead has the
  data of its step and of the steps before it (the stage gates pass);
- the "Next step" banner of each lead belongs to its step;
- objections (price and other, one at the last allowed attempt), a future
  follow-up, customers speaking Persian and Russian, a Persian salesperson.
"""
# pylint: disable=undefined-variable
# (``env`` is given by ``odoo shell``)
import base64
import logging

from odoo import fields

_logger = logging.getLogger("crm_agency_sales.check_demo")

env = env(context=dict(env.context, lang="en_US"))  # noqa: F821
problems = []


def problem(message, *args):
    problems.append(message % args if args else message)


STATES = ("draft", "submitted", "drafted", "sent", "signing", "signed", "archived", "in_execution")
RANK = {state: index for index, state in enumerate(STATES)}

# -- contract requests ------------------------------------------------------
requests = env["crm.contract.request"].search([("state", "!=", "cancelled")])
for state in STATES:
    if not requests.filtered(lambda r, s=state: r.state == s):
        problem("No contract request is %s.", state)
for request in requests:
    rank = RANK[request.state]
    name = "%s (%s, %s)" % (request.name, request.partner_id.name, request.state)
    if rank >= RANK["submitted"] and not (request.submitted_by_id and request.submitted_on):
        problem("%s: who submitted it and when is not recorded.", name)
    if rank >= RANK["drafted"]:
        attachment = request.contract_attachment_id
        if not request.contract_number or not request.drafted_by_id:
            problem("%s: no contract number or drafter.", name)
        if not attachment or not base64.b64decode(attachment.datas or b"").startswith(b"%PDF"):
            problem("%s: the drafted contract has no PDF attached.", name)
    if rank >= RANK["sent"] and not request.sent_on:
        problem("%s: the sending to the customer is not recorded.", name)
    if rank >= RANK["signing"]:
        event = request.signing_event_id
        if not event or event.res_model != request._name or event.res_id != request.id:
            problem("%s: no signing meeting linked to the request.", name)
    if rank >= RANK["signed"]:
        if request.signing_event_id.start and request.signed_on and request.signing_event_id.start > request.signed_on:
            problem("%s: signed before its signing meeting.", name)
        if request._sign_problems():
            problem("%s: %s", name, " ".join(request._sign_problems()))
        if request.order_id.state != "sale":
            problem("%s: its quotation is not confirmed by the signing.", name)
    if rank >= RANK["archived"]:
        archive = request.legal_archive_id
        if not archive or not archive.attachment_ids or archive.contract_number != request.contract_number:
            problem("%s: no legal archive record with the signed scan.", name)
    if rank >= RANK["in_execution"] and not request.execution_started_by_id:
        problem("%s: who referred it to execution is not recorded.", name)
archives = env["legal.archive"].search([])
if not archives:
    problem("No legal archive entry.")
for archive in archives:
    if archive.request_id.state not in ("archived", "in_execution"):
        problem("Legal archive %s: its request is %s.", archive.name, archive.request_id.state)

# -- leads: every step, its gates and its banner ----------------------------
team = env.ref("crm_agency_sales.crm_team_agency")
leads = env["crm.lead"].search([("team_id", "=", team.id)])
steps = [key for key, _label in env["crm.lead"]._fields["process_step"].selection]
for step in steps:
    if not leads.filtered(lambda lead, s=step: lead.process_step == s):
        problem("No lead of the agency's team is at the step %s.", step)

# the gates a lead passed on its way to each step
CHAIN = ["docs_sent", "assessment", "quotation", "negotiation", "contract", "won"]
GATES_BEFORE = {step: CHAIN[: CHAIN.index(step) + 1] for step in CHAIN}
GATES_BEFORE.update({"new": [], "qualify": [], "future": CHAIN[: CHAIN.index("negotiation") + 1]})
# the start of the banners each step may show (English)
EARLY = ("Call the customer", "Send the sales documents", "Book the needs-assessment meeting")
QUOTE = ("Request management's approval", "Management reviews", "Revise the quotation", "Send the quotation")
NEGO = ("Close the open objection", "Follow up the quotation")
CONTRACT = (
    "Fill the contract request", "Complete the contract request", "Finance drafts", "Send the contract",
    "Book the signing meeting", "Sign the contract",
)
SIGNED = ("Finance receives the paper copy", "Project control refers", "The contract ", "The deal is won")
BANNERS = {
    "new": EARLY, "qualify": EARLY, "docs_sent": EARLY,
    "assessment": EARLY + ("Create the quotation",),
    "quotation": QUOTE, "negotiation": NEGO, "contract": CONTRACT, "won": SIGNED,
    "future": ("Re-contact the customer",),
}
today = fields.Date.context_today(env["crm.lead"])
for lead in leads:
    step = lead.process_step
    if not step:
        problem("%s: its stage has no process step.", lead.name)
        continue
    for gate in GATES_BEFORE[step]:
        missing = lead._agency_gate_missing(gate)
        if missing:
            problem("%s (%s): the %s gate fails: %s", lead.name, step, gate, "; ".join(missing))
    banner = lead.agency_next_step or ""
    if not banner.startswith(BANNERS[step]):
        problem("%s (%s): the next-step banner does not belong to the step: %s", lead.name, step, banner)
    if step in ("negotiation", "contract", "won", "future") and not lead.order_ids.filtered(
        lambda order: order.state in ("sent", "sale")
    ):
        problem("%s (%s): no sent quotation.", lead.name, step)
    if step == "future" and not (lead.followup_date and lead.followup_date > today):
        problem("%s: a future follow-up without a follow-up date to come.", lead.name)
    if step == "won" and not lead.stage_id.is_won:
        problem("%s: at the won step in a stage that is not won.", lead.name)

# -- objections, languages, users ------------------------------------------
objections = env["crm.objection"].search([("lead_id", "in", leads.ids)])
for kind in ("price", "other"):
    if not objections.filtered(lambda o, k=kind: o.kind == k):
        problem("No %s objection.", kind)
if not objections.filtered(
    lambda o: o.kind == "other" and o.outcome == "open"
    and o.attempt == o.lead_id._agency_objection_attempt_limit()
):
    problem("No objection open at its last allowed attempt.")
if not objections.filtered(lambda o: o.outcome == "resolved"):
    problem("No resolved objection.")
for lang in ("fa_IR", "ru_RU"):
    if not leads.filtered(lambda lead, code=lang: lead.partner_id.lang == code):
        problem("No customer speaking %s.", lang)
    if not requests.filtered(lambda r, code=lang: r.partner_id.lang == code and r.contract_attachment_id):
        problem("No contract drafted for a customer speaking %s.", lang)
salesmen = env.ref("sales_team.group_sale_salesman").users
if not salesmen.filtered(lambda user: user.lang == "fa_IR" and user in team.member_ids):
    problem("No Persian-speaking salesperson in the agency's team.")

if problems:
    for message in problems:
        _logger.error("demo check: %s", message)
    raise SystemExit("The demo data are not coherent (%s problems)." % len(problems))
