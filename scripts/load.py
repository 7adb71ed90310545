# Load run of `make load` (scripts/agency.sh): concurrent JSON-RPC clients
# against an Odoo with --workers=2 on loopback, bounded in time and requests.
# Three phases, chosen by LOAD_PHASE:
#   setup  (inside `odoo shell`): company settings (gates enforced, every
#          quotation approved), assessment templates, one salesperson (and
#          one customer) per client, a manager, a finance officer, and the
#          shared leads in negotiation with an approved, sent quotation and
#          limit-1 failed objections (the next failure is the last one);
#          writes the ids to LOAD_STATE (JSON).
#   run    (plain python3): LOAD_CLIENTS salesperson threads, each logged in
#          as its own user, LOAD_MANAGERS manager threads and LOAD_FINANCE
#          finance threads for LOAD_SECONDS (at most LOAD_MAX_REQUESTS calls,
#          each with a timeout of LOAD_CALL_TIMEOUT seconds), every call an
#          `execute_kw` over /jsonrpc as the user; prints throughput,
#          p50/p95/p99 per kind of call, refusals and errors, and writes the
#          counts to LOAD_RESULTS for the check. Exit 1 on any error.
#   check  (inside `odoo shell`): the data after the run; exit 1 on any
#          problem.
# A refusal (UserError, ValidationError, AccessError) where two clients race
# (the same lead's last attempt, the same quotation's approval, the same
# contract request) is counted apart; a refusal of a step that no other
# client can interfere with, or anything else, is an error.
# pylint: disable=print-used
import json
import os
import random
import re
import statistics
import sys
import threading
import time
import urllib.request
from datetime import date, timedelta

PHASE = os.environ.get("LOAD_PHASE", "run")
STATE = os.environ.get("LOAD_STATE", "/tmp/agency_load_state.json")
RESULTS = os.environ.get("LOAD_RESULTS", "/tmp/agency_load_results.json")
SERVER_LOG = os.environ.get("LOAD_SERVER_LOG", "")
CLIENTS = int(os.environ.get("LOAD_CLIENTS", "20"))
MANAGERS = int(os.environ.get("LOAD_MANAGERS", "2"))
# one finance client: drafting renders the contract PDF, whose wkhtmltopdf
# fetches its style sheets from the same two workers (two renders at once,
# or a render and a request waiting on its locks, would hold both)
FINANCE = int(os.environ.get("LOAD_FINANCE", "1"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "20000"))
CALL_TIMEOUT = float(os.environ.get("LOAD_CALL_TIMEOUT", "120"))
URL = "http://127.0.0.1:%s/jsonrpc" % os.environ.get("LOAD_PORT", "8069")
# the shared lead the salespeople's objections race on changes every
# SHARED_PERIOD seconds: several clients on the same lead's last attempt
SHARED_PERIOD = float(os.environ.get("LOAD_SHARED_PERIOD", "2"))
SHARED_LEADS = int(os.environ.get("LOAD_SHARED_LEADS", "0")) or int(SECONDS / SHARED_PERIOD) + 2
REFUSALS = ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError", "odoo.exceptions.AccessError")
NATIONAL_CODE = "0084575948"
COMPANY_ID = "10380284790"
MOBILE = "+989121234567"


# ----------------------------------------------------------------------
# setup (odoo shell)
# ----------------------------------------------------------------------

def setup(env):  # noqa: C901
    from odoo import Command
    from odoo.addons.crm_agency_sales.tools.internal import internal_context

    company = env.ref("base.main_company")
    company.write({"agency_enforce_stage_gates": True, "agency_approval_mode": "always",
                   "agency_objection_attempt_limit": 3})
    # wkhtmltopdf fetches the report's style sheets from the load server
    env["ir.config_parameter"].set_param("report.url", "http://127.0.0.1:%s" % os.environ["LOAD_PORT"])
    group = env.ref("sales_team.group_sale_salesman_all_leads")

    keys = {}

    def user(login, groups):
        # no password, an API key: how an RPC integration logs in, and its
        # check costs 6,000 hashing rounds, not a password's 600,000 (which
        # each worker would pay once per user, seconds of CPU at the start)
        found = env["res.users"].search([("login", "=", login)]) or env["res.users"].create({
            "name": login.replace("_", " ").title(), "login": login,
            "email": "%s@load.example" % login, "groups_id": [Command.set(groups)],
        })
        keys[login] = env["res.users.apikeys"].with_user(found).sudo()._generate("rpc", "load run", None)
        return found

    sales = [user("load_sales_%02d" % i, [group.id]) for i in range(CLIENTS)]
    manager = user("load_manager", [env.ref("sales_team.group_sale_manager").id])
    finance = user("load_finance", [env.ref("crm_agency_sales.group_agency_finance").id, group.id])
    team = env.ref("crm_agency_sales.crm_team_agency")
    team.sudo().write({"user_id": manager.id, "member_ids": [Command.link(u.id) for u in sales]})
    stages = {s.process_step: s.id for s in env["crm.stage"].search([("team_id", "=", team.id)])}
    Product = env["product.product"]
    seo = Product.create({"name": "Load SEO", "type": "service", "list_price": 1000})
    web = Product.create({"name": "Load website", "type": "service", "list_price": 4000})
    Template = env["crm.assessment.template"]
    knowledge = Template.create({"name": "Load knowledge", "kind": "knowledge", "question_ids": [
        Command.create({"sequence": 1, "name": "What is special about the business?",
                        "answer_type": "text", "required": True}),
        Command.create({"sequence": 2, "name": "Is this the decision maker?", "answer_type": "bool",
                        "required": True}),
    ]})
    needs = Template.create({"name": "Load needs", "kind": "needs", "product_id": seo.id, "question_ids": [
        Command.create({"sequence": 1, "name": "Website address", "answer_type": "text"}),
        Command.create({"sequence": 2, "name": "Months of SEO", "answer_type": "number", "required": True,
                        "product_id": seo.id}),
        Command.create({"sequence": 3, "name": "Design a website?", "answer_type": "bool",
                        "product_id": web.id}),
        Command.create({"sequence": 4, "name": "Target market", "answer_type": "choice", "required": True,
                        "choice_ids": [Command.create({"name": "Local"}), Command.create({"name": "National"})]}),
    ]})

    def customer(name):
        return env["res.partner"].create({
            "name": name, "is_company": True, "email": "info@%s.example" % name.lower().replace(" ", "-"),
            "mobile": MOBILE, "phone": "+982188776655", "street": "12 Vali-Asr Ave", "city": "Tehran",
            "company_registry": "123456", "company_national_id": COMPANY_ID,
        })

    customers = [customer("Load customer %02d" % i) for i in range(CLIENTS)]
    shared_customer = customer("Load shared customer")
    reason = env.ref("crm_agency_sales.objection_reason_timing")
    limit = company.agency_objection_attempt_limit
    shared = []
    for i in range(SHARED_LEADS):
        owner = sales[i % len(sales)]
        lead = env["crm.lead"].with_context(**internal_context("agency_skip_stage_gates")).create({
            "name": "Load shared %d" % i, "type": "opportunity", "team_id": team.id,
            "user_id": owner.id, "partner_id": shared_customer.id, "stage_id": stages["negotiation"],
        })
        order = env["sale.order"].create({
            "partner_id": shared_customer.id, "opportunity_id": lead.id, "user_id": owner.id,
            "team_id": team.id, "order_line": [Command.create({"product_id": seo.id, "product_uom_qty": 1})],
        })
        order.with_user(owner).action_request_approval()
        order.with_user(manager).action_approve()
        order.with_user(owner).action_quotation_sent()
        # the attempts before the last one, failed
        for _attempt in range(limit - 1):
            objection = env["crm.objection"].with_user(owner).create({
                "lead_id": lead.id, "order_id": order.id, "kind": "other", "reason_id": reason.id,
                "description": "Setup attempt",
            })
            objection.with_user(owner).action_fail()
        assert lead.objection_attempts == limit - 1 and lead.process_step == "negotiation", lead.name
        shared.append({"lead": lead.id, "order": order.id})
    # each salesperson also has a deal in negotiation (a pipeline has deals
    # at every step): the customer's decision, the contract request and its
    # drafting run from the first seconds, next to the deals walked from new
    deals = {}
    for owner, partner in zip(sales, customers):
        lead = env["crm.lead"].with_context(**internal_context("agency_skip_stage_gates")).create({
            "name": "Load deal %s" % owner.login, "type": "opportunity", "team_id": team.id,
            "user_id": owner.id, "partner_id": partner.id, "stage_id": stages["negotiation"],
        })
        order = env["sale.order"].create({
            "partner_id": partner.id, "opportunity_id": lead.id, "user_id": owner.id, "team_id": team.id,
            "order_line": [Command.create({"product_id": seo.id, "product_uom_qty": 6})],
        })
        order.with_user(owner).action_request_approval()
        order.with_user(manager).action_approve()
        order.with_user(owner).action_quotation_sent()
        deals[owner.login] = {"lead": lead.id, "order": order.id, "origin": "warm", "step": "negotiation"}
    env.cr.commit()  # pylint: disable=invalid-commit (setup of a load run, outside the addon)
    state = {
        "sales": [u.login for u in sales], "manager": manager.login, "finance": finance.login,
        "team": team.id, "stages": stages, "shared": shared,
        "customers": [c.id for c in customers], "reason": reason.id, "limit": limit,
        "knowledge": knowledge.id, "needs": needs.id, "keys": keys, "deals": deals,
    }
    with open(STATE, "w", encoding="utf-8") as handle:
        json.dump(state, handle)
    print("Setup: %d salespeople, a manager, finance; %d shared leads at attempt %d of %d" % (
        len(sales), len(shared), limit - 1, limit))


# ----------------------------------------------------------------------
# run (plain python3)
# ----------------------------------------------------------------------

class Stats:
    """Times, refusals and errors per kind of call (thread-safe)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.kinds = {}
        self.budget = MAX_REQUESTS
        self.anomalies = []

    def record(self, kind, elapsed, outcome, message=""):
        with self.lock:
            self.budget -= 1
            entry = self.kinds.setdefault(kind, {"times": [], "refused": 0, "refusals": {}, "errors": []})
            entry["times"].append(elapsed)
            if outcome == "refused":
                entry["refused"] += 1
                key = re.sub(r"\d+", "#", message)[:110]
                entry["refusals"][key] = entry["refusals"].get(key, 0) + 1
            elif outcome == "error":
                entry["errors"].append(message)

    def anomaly(self, message):
        with self.lock:
            self.anomalies.append(message)


class Refused(Exception):
    """A refusal (UserError, ValidationError, AccessError) of the server."""


class Client(threading.Thread):
    """A user's JSON-RPC client: ``execute`` times each call and sorts its
    outcome; ``race=True`` marks a call that another client may legitimately
    beat (its refusal is counted apart, not as an error)."""

    def __init__(self, login, state, stats, start, deadline):
        super().__init__(daemon=True)
        self.login, self.state, self.stats = login, state, stats
        self.start_time, self.deadline = start, deadline
        self.uid = None
        self.key = state["keys"][login]

    @staticmethod
    def call(service, method, *args):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1,
                           "params": {"service": service, "method": method, "args": list(args)}}).encode()
        request = urllib.request.Request(URL, body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=CALL_TIMEOUT) as response:
            return json.loads(response.read())

    def login_user(self):
        self.uid = self.call("common", "login", os.environ["LOAD_DB"], self.login, self.key)["result"]
        if not self.uid:
            raise RuntimeError("cannot log in as %s" % self.login)

    def execute(self, kind, model, method, *args, race=False, **kwargs):
        """The result of the call, or raise Refused (a race's refusal). An
        error, or a refusal where no race is expected, is recorded and
        raises Refused too, so that the caller's flow stops."""
        start = time.perf_counter()
        try:
            reply = self.call("object", "execute_kw", os.environ["LOAD_DB"], self.uid, self.key,
                              model, method, list(args), kwargs)
        except Exception as error:  # pylint: disable=broad-except (counted as an error of the run)
            reply = {"error": {"data": {"name": type(error).__name__, "message": str(error)}}}
        elapsed = time.perf_counter() - start
        if "error" not in reply:
            self.stats.record(kind, elapsed, "ok")
            return reply.get("result")  # absent when the method returns None
        data = reply["error"].get("data") or {}
        name, message = data.get("name"), str(data.get("message"))
        if name in REFUSALS and race:
            self.stats.record(kind, elapsed, "refused", message)
        else:
            label = "unexpected refusal" if name in REFUSALS else name
            self.stats.record(kind, elapsed, "error", "%s (%s): %s" % (label, self.login, message[:300]))
        raise Refused(message)

    def running(self):
        return time.time() < self.deadline and self.stats.budget > 0

    def run(self):
        try:
            self.login_user()
        except Exception as error:  # pylint: disable=broad-except (an error of the run)
            self.stats.record("login", 0.0, "error", "%s: %s" % (self.login, error))
            return
        while self.running():
            try:
                self.step()
            except Refused:
                pass
            except Exception as error:  # pylint: disable=broad-except (a reply the driver did not expect)
                self.stats.record("driver", 0.0, "error", "%s (%s): %r" % (type(error).__name__, self.login, error))

    def step(self):
        raise NotImplementedError

    def read_one(self, kind, model, rid, fnames):
        return self.execute(kind, model, "read", [rid], fnames)[0]

    def expect_step(self, deal, step):
        """The lead reached ``step`` (the process moved it on the event)."""
        lead = self.read_one("read lead", "crm.lead", deal["lead"], ["process_step"])
        if lead["process_step"] != step:
            self.stats.anomaly("lead %s at %s, expected %s after %s" % (
                deal["lead"], lead["process_step"], step, deal["step"]))
        deal["step"] = step


class SalesClient(Client):
    """A salesperson: walks own deals through the process, lists the
    pipeline, and records objections on the shared lead of the moment."""

    def __init__(self, *args, customer=None):
        super().__init__(*args)
        self.customer = customer
        self.deals = [dict(self.state["deals"][self.login])] if self.login in self.state.get("deals", {}) else []

    def step(self):
        ops = [(self.op_deal, 8), (self.op_create, 1), (self.op_list, 1), (self.op_object_race, 2),
               (self.op_gate_probe, 0.2)]
        random.choices([op for op, _w in ops], [w for _op, w in ops])[0]()

    # pipeline -------------------------------------------------------

    def op_create(self):
        origin = random.choice(["cold", "warm"])
        lead_id = self.execute("create lead", "crm.lead", "create", {
            "name": "Load lead %s" % self.login, "type": "opportunity", "team_id": self.state["team"],
            "partner_id": self.customer, "stage_id": self.state["stages"]["new"], "contact_origin": origin,
        })
        self.deals.append({"lead": lead_id, "origin": origin, "step": "new"})

    def op_list(self):
        self.execute("list first page", "crm.lead", "web_search_read", [("team_id", "=", self.state["team"])],
                     {"file_number": {}, "name": {}, "stage_id": {"fields": {"display_name": {}}},
                      "process_step": {}, "user_id": {"fields": {"display_name": {}}}},
                     limit=80, count_limit=10001)

    def op_gate_probe(self):
        """A move the gates must refuse: a lead before its quotation into
        the contract stage. Its success is an error of the run."""
        early = [deal for deal in self.deals if deal["step"] in ("new", "qualify", "docs_sent")]
        if not early:
            return
        deal = random.choice(early)
        try:
            self.execute("move stage (gate refuses)", "crm.lead", "write", [deal["lead"]],
                         {"stage_id": self.state["stages"]["contract"]}, race=True)
        except Refused:
            return
        self.stats.anomaly("lead %s moved into the contract stage without its gate" % deal["lead"])

    def op_deal(self):
        """One step forward on one of the client's deals."""
        active = [deal for deal in self.deals if deal["step"] != "finished"]
        if len(active) < 2 and (not active or random.random() < 0.2):
            return self.op_create()
        deal = random.choice(active)
        getattr(self, "deal_%s" % deal["step"])(deal)
        return None

    def fill_form(self, deal, template, kind):
        form = self.execute("assessment create", "crm.needs.assessment", "create",
                            {"lead_id": deal["lead"], "template_id": template})
        answers = self.execute("assessment read", "crm.needs.assessment.answer", "search_read",
                               [("assessment_id", "=", form)], ["question_label", "answer_type", "product_id"])
        commands = []
        for answer in answers:
            vals = {}
            if answer["answer_type"] == "text":
                vals["value_text"] = "Load answer"
            elif answer["answer_type"] == "bool":
                vals["value_bool"] = random.choice(["yes", "no"])
            elif answer["answer_type"] == "number":
                vals["value_number"] = random.randint(1, 12)
            elif answer["answer_type"] == "choice":
                choices = self.execute("assessment read", "crm.assessment.choice", "search",
                                       [("question_id.template_id", "=", template)], limit=1)
                vals["choice_id"] = choices[0]
            commands.append([1, answer["id"], vals])
        self.execute("assessment answers", "crm.needs.assessment", "write", [form], {"answer_ids": commands})
        self.execute("assessment done", "crm.needs.assessment", "action_done", [form])
        return form

    def deal_new(self, deal):
        if deal["origin"] == "cold":
            self.fill_form(deal, self.state["knowledge"], "knowledge")
        else:
            self.execute("move stage", "crm.lead", "write", [deal["lead"]],
                         {"stage_id": self.state["stages"]["qualify"]})
        self.expect_step(deal, "qualify")

    def deal_qualify(self, deal):
        self.execute("send sales documents", "crm.lead", "action_send_sales_documents_whatsapp", [deal["lead"]])
        self.expect_step(deal, "docs_sent")

    def deal_docs_sent(self, deal):
        self.fill_form(deal, self.state["needs"], "needs")
        self.expect_step(deal, "assessment")

    def deal_assessment(self, deal):
        action = self.execute("create quotation", "crm.lead", "action_create_quotation", [deal["lead"]])
        deal["order"] = action["res_id"]
        self.expect_step(deal, "quotation")
        deal["step"] = "to_request"

    def deal_to_request(self, deal):
        # the manager may be deciding on it at this moment (a withdrawn request)
        self.execute("request approval", "sale.order", "action_request_approval", [deal["order"]], race=True)
        deal["step"] = "to_approve"

    def deal_to_approve(self, deal):
        order = self.read_one("read quotation", "sale.order", deal["order"], ["approval_state"])
        state = order["approval_state"]
        if state == "approved":
            self.execute("mark quotation sent", "sale.order", "action_quotation_sent", [deal["order"]], race=True)
            self.expect_step(deal, "negotiation")
        elif state == "rejected" or (state == "to_approve" and random.random() < 0.15):
            # cut the price as management asked (or while it decides: the
            # request is withdrawn), then ask again
            self.edit_price(deal)
            deal["step"] = "to_request"
        elif state == "draft":
            deal["step"] = "to_request"

    def edit_price(self, deal):
        lines = self.execute("read quotation", "sale.order.line", "search_read",
                             [("order_id", "=", deal["order"])], ["price_unit"], limit=1)
        self.execute("edit quotation line", "sale.order", "write", [deal["order"]], {
            "order_line": [[1, lines[0]["id"], {"price_unit": round(lines[0]["price_unit"] * 0.9, 2)}]],
        }, race=True)

    def deal_negotiation(self, deal):
        if random.random() < 0.3 and not deal.get("objected"):
            self.own_objection(deal)
            return
        self.execute("customer accepts", "sale.order", "action_customer_accept", [deal["order"]])
        self.expect_step(deal, "contract")

    def own_objection(self, deal):
        context = {"default_lead_id": deal["lead"], "default_order_id": deal["order"]}
        wizard = self.execute("objection wizard", "crm.objection.register", "create", {
            "kind": "other", "reason_id": self.state["reason"], "description": "Budget later",
        }, context=context)
        self.execute("record objection", "crm.objection.register", "action_confirm", [wizard], context=context)
        objection = self.execute("search objection", "crm.objection", "search",
                                 [("lead_id", "=", deal["lead"]), ("outcome", "=", "open")], limit=1)
        self.execute("resolve objection", "crm.objection", "action_resolve", objection)
        deal["objected"] = True

    def deal_contract(self, deal):
        # a double click: two requests of the same quotation at once; the
        # server keeps one (one open request per quotation)
        results = []

        def open_request():
            context = {"default_order_id": deal["order"], "default_lead_id": deal["lead"]}
            try:
                wizard = self.execute("contract wizard", "crm.contract.request.wizard", "create", {},
                                      context=context, race=True)
                action = self.execute("contract request", "crm.contract.request.wizard", "action_confirm",
                                      [wizard], context=context, race=True)
                results.append(action["res_id"])
            except Refused:
                pass

        twins = [threading.Thread(target=open_request) for _index in range(2 if random.random() < 0.3 else 1)]
        for twin in twins:
            twin.start()
        for twin in twins:
            twin.join(CALL_TIMEOUT * 2 + 10)
        if not results:
            return
        if len(set(results)) > 1:
            self.stats.anomaly("quotation %s: two contract requests %s" % (deal["order"], sorted(set(results))))
        request = results[0]
        today = date.today()
        self.execute("contract request fill", "crm.contract.request", "write", [request], {
            "date_start": str(today + timedelta(days=7)), "date_end": str(today + timedelta(days=187)),
            "signatory_ids": [[0, 0, {"name": "Reza Rahimi", "position": "CEO", "national_id": NATIONAL_CODE}]],
        })
        self.execute("contract request submit", "crm.contract.request", "action_submit", [request])
        deal["request"] = request
        deal["step"] = "submitted"

    def deal_submitted(self, deal):
        request = self.read_one("read contract request", "crm.contract.request", deal["request"], ["state"])
        if request["state"] == "drafted":
            deal["step"] = "finished"

    # the shared lead's last attempt -----------------------------------

    def op_object_race(self):
        """Several clients at once on the current shared lead's last attempt:
        record the objection, then fail it (or resolve it). One recording
        and one closing win; the failure of the last attempt moves the lead
        to the future follow-ups once."""
        index = int((time.time() - self.start_time) / SHARED_PERIOD) % len(self.state["shared"])
        shared = self.state["shared"][index]
        context = {"default_lead_id": shared["lead"], "default_order_id": shared["order"]}
        wizard = self.execute("objection wizard", "crm.objection.register", "create", {
            "kind": "other", "reason_id": self.state["reason"], "description": "Not now (%s)" % self.login,
        }, context=context)
        try:
            self.execute("record last attempt", "crm.objection.register", "action_confirm", [wizard],
                         context=context, race=True)
        except Refused:
            pass
        objection = self.execute("search objection", "crm.objection", "search",
                                 [("lead_id", "=", shared["lead"]), ("outcome", "=", "open")], limit=1)
        if objection:
            if random.random() < 0.2:
                self.execute("resolve last attempt", "crm.objection", "action_resolve", objection, race=True)
            else:
                self.execute("fail last attempt", "crm.objection", "action_fail", objection, race=True)


class ManagerClient(Client):
    """A sales manager: approves (or rejects with a reason) the quotations
    awaiting approval; the other manager client races on the same ones."""

    def step(self):
        orders = self.execute("manager search", "sale.order", "search_read",
                              [("approval_state", "=", "to_approve"), ("team_id", "=", self.state["team"])],
                              ["amount_total"], order="id", limit=5)
        if not orders:
            time.sleep(0.2)
            return
        order = orders[0] if random.random() < 0.7 else random.choice(orders)
        if random.random() < 0.8:
            self.execute("approve", "sale.order", "action_approve", [order["id"]], race=True)
        else:
            wizard = self.execute("reject wizard", "sale.order.reject", "create", {
                "order_ids": [[6, 0, [order["id"]]]], "reason": "Cut the price by 10%",
            })
            self.execute("reject", "sale.order.reject", "action_reject", [wizard], race=True)


class FinanceClient(Client):
    """Finance: takes the submitted contract requests into drafting and
    drafts them (contract number, document); the other finance client
    races on the same ones."""

    def step(self):
        requests = self.execute("finance search", "crm.contract.request", "search",
                                [("state", "=", "submitted")], order="id", limit=5)
        if not requests:
            time.sleep(0.3)
            return
        request = requests[0] if random.random() < 0.7 else random.choice(requests)
        self.execute("start drafting", "crm.contract.request", "action_start_drafting", [request], race=True)
        self.execute("contract drafted", "crm.contract.request", "action_drafted", [request], race=True)


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(share * (len(values) - 1))))]


def run():
    with open(STATE, encoding="utf-8") as handle:
        state = json.load(handle)
    stats = Stats()
    # warm-up, not measured: each worker loads the registry on its first call
    warm = SalesClient(state["sales"][0], state, Stats(), time.time(), 0, customer=state["customers"][0])
    warm.login_user()
    for _index in range(6):
        warm.op_list()
    start = time.time()
    deadline = start + SECONDS
    clients = [SalesClient(login, state, stats, start, deadline, customer=state["customers"][index])
               for index, login in enumerate(state["sales"][:CLIENTS])]
    clients += [ManagerClient(state["manager"], state, stats, start, deadline) for _index in range(MANAGERS)]
    clients += [FinanceClient(state["finance"], state, stats, start, deadline) for _index in range(FINANCE)]
    for client in clients:
        client.start()
    for client in clients:
        client.join(max(deadline - time.time(), 0) + CALL_TIMEOUT * 3 + 30)
    hung = [client.login for client in clients if client.is_alive()]
    elapsed = time.time() - start
    kinds = stats.kinds
    total = sum(len(entry["times"]) for entry in kinds.values())
    print("Load run: %d salespeople, %d manager and %d finance clients, %.0f s, %d calls, %.1f calls/s" % (
        CLIENTS, MANAGERS, FINANCE, elapsed, total, total / elapsed))
    print("| call | count | p50 ms | p95 ms | p99 ms | refused | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    errors = []
    for kind, entry in sorted(kinds.items()):
        times = entry["times"]
        print("| %s | %d | %.0f | %.0f | %.0f | %d | %d |" % (
            kind, len(times), statistics.median(times) * 1000, percentile(times, 0.95) * 1000,
            percentile(times, 0.99) * 1000, entry["refused"], len(entry["errors"])))
        errors += entry["errors"]
    refused = sum(entry["refused"] for entry in kinds.values())
    print("Refusals (races lost, counted apart): %d" % refused)
    for kind, entry in sorted(kinds.items()):
        for message, count in sorted(entry["refusals"].items(), key=lambda item: -item[1])[:3]:
            print("  %s x%d: %s" % (kind, count, message.replace("\n", " ")))
    for error in sorted(set(errors))[:20]:
        print("  error: %s" % error.replace("\n", " "))
    for anomaly in stats.anomalies[:20]:
        print("  process anomaly: %s" % anomaly)
    if hung:
        print("  clients still running after the deadline: %s" % ", ".join(hung))
    print("Errors: %d, process anomalies: %d" % (len(errors), len(stats.anomalies)))
    with open(RESULTS, "w", encoding="utf-8") as handle:
        json.dump({kind: {"count": len(entry["times"]), "refused": entry["refused"],
                          "errors": len(entry["errors"])} for kind, entry in kinds.items()}, handle)
    return 1 if errors or stats.anomalies or hung or not total else 0


# ----------------------------------------------------------------------
# check (odoo shell)
# ----------------------------------------------------------------------

def server_log():
    """(retries, exhausted, unexplained error records) of the server's log.
    Odoo retries a request after a serialization failure, a deadlock or a
    lock not obtained (odoo.service.model.retrying, at most 5 tries), and
    odoo.sql_db logs each failed query as an ERROR "bad query": those are
    explained by the retry that follows; any other ERROR is a problem."""
    retries = exhausted = 0
    records, bad_queries = [], []
    if SERVER_LOG and os.path.exists(SERVER_LOG):
        with open(SERVER_LOG, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", line):
                    records.append(line)
                elif records:
                    records[-1] += line
    concurrency = ("could not serialize access", "deadlock detected", "could not obtain lock")
    unexplained, duplicates = [], []
    for record in records:
        if "tries left, try again in" in record:
            retries += 1
        elif "maximum number of tries reached" in record:
            exhausted += 1
        elif re.search(r" (ERROR|CRITICAL) ", record.splitlines()[0]):
            if "odoo.sql_db: bad query" in record and any(text in record for text in concurrency):
                bad_queries.append(record)
            elif "odoo.sql_db: bad query" in record and "crm_contract_request_order_active_uniq" in record:
                # two requests of a quotation at once: the index refuses the
                # second, which the model turns into a UserError (a race lost)
                duplicates.append(record)
            else:
                unexplained.append(record.strip()[:400])
    if len(bad_queries) > retries + exhausted:
        unexplained.append("%d failed queries (serialization) for %d retries" % (len(bad_queries), retries + exhausted))
    return retries, exhausted, unexplained, len(duplicates)


def sequence_skips(names):
    """Numbers missing between the first and the last of ``names``, per
    prefix (e.g. SF/2025/)."""
    by_prefix = {}
    for name in names:
        match = re.match(r"^(.*?)(\d+)$", name)
        if match:
            by_prefix.setdefault(match.group(1), []).append(int(match.group(2)))
    return sum(max(ints) - min(ints) + 1 - len(set(ints)) for ints in by_prefix.values())


def check(env):  # noqa: C901
    with open(STATE, encoding="utf-8") as handle:
        state = json.load(handle)
    results = {}
    if os.path.exists(RESULTS):
        with open(RESULTS, encoding="utf-8") as handle:
            results = json.load(handle)
    problems, notes = [], []
    retries, exhausted, unexplained, duplicates = server_log()
    print("Server log: %d serialization retries, %d exhausted, %d second contract requests refused by the "
          "index, %d unexplained error(s)" % (retries, exhausted, duplicates, len(unexplained)))
    if duplicates > results.get("contract request", {}).get("refused", 0):
        problems.append("%d contract requests refused by the index, more than the refusals the clients got"
                        % duplicates)
    if exhausted:
        problems.append("%d requests exhausted their serialization retries" % exhausted)
    problems += ["server log: %s" % record for record in unexplained]

    # numbers: never twice; skipped numbers are explained by rolled-back
    # transactions (standard sequences: PostgreSQL sequences, not gapless)
    def numbers(label, values, code, rolled_back):
        dup = len(values) - len(set(values))
        skipped = sequence_skips(values)
        implementation = env["ir.sequence"].search([("code", "=", code)], limit=1).implementation
        print("%s: %d, used twice: %d, skipped: %d (sequence %s; rolled-back transactions that may draw "
              "one: %d)" % (label, len(values), dup, skipped, implementation, rolled_back))
        if dup:
            problems.append("%s used twice: %d" % (label, dup))
        if skipped and implementation == "no_gap":
            problems.append("%s skipped in a gapless sequence: %d" % (label, skipped))
        elif skipped > rolled_back:
            problems.append("%s: %d skipped, more than the %d rolled-back transactions that draw one" % (
                label, skipped, rolled_back))
        elif skipped:
            notes.append("%d %s skipped by rolled-back transactions" % (skipped, label))

    def refused(*kinds):
        return sum(results.get(kind, {}).get("refused", 0) + results.get(kind, {}).get("errors", 0)
                   for kind in kinds)

    leads = env["crm.lead"].with_context(active_test=False).search([("team_id", "=", state["team"])])
    numbers("file numbers", [lead.file_number for lead in leads if lead.file_number], "crm.lead.file_number",
            refused("create lead") + retries)
    requests = env["crm.contract.request"].search([])
    numbers("contract request numbers", [r.name for r in requests if r.name and r.name != "/"],
            "crm.contract.request", refused("contract request") + retries)
    numbers("contract numbers", [r.contract_number for r in requests if r.contract_number],
            "crm.contract.number", refused("contract drafted") + retries)
    missing_number = leads.filtered(lambda lead: not lead.file_number)
    if missing_number:
        problems.append("%d leads without a file number" % len(missing_number))

    # objections: failed attempts 1..k once each, k <= limit; at the limit
    # the lead moved to the future follow-ups once
    limit = state["limit"]
    followup = env.ref("crm_agency_sales.mail_activity_type_future_followup")
    future_stage = state["stages"]["future"]
    stage_field = env["ir.model.fields"]._get("crm.lead", "stage_id")
    at_limit = 0
    for lead in leads.filtered(lambda lead: lead.objection_ids):
        others = lead.objection_ids.filtered(lambda o: o.kind == "other")
        failed = sorted(others.filtered(lambda o: o.outcome == "failed").mapped("attempt"))
        k = len(failed)
        if failed != list(range(1, k + 1)):
            problems.append("%s: failed attempts %s (each counted once, no gap)" % (lead.name, failed))
        if k > limit:
            problems.append("%s: %d failed attempts, beyond the limit %d" % (lead.name, k, limit))
        opened = others.filtered(lambda o: o.outcome == "open")
        if len(opened) > 1:
            problems.append("%s: %d open attempts at once" % (lead.name, len(opened)))
        wrong = others.filtered(lambda o, k=k: o.outcome != "failed" and not 1 <= o.attempt <= k + 1)
        if wrong:
            problems.append("%s: attempts %s numbered out of the sequence" % (lead.name, wrong.mapped("attempt")))
        activities = env["mail.activity"].search_count([
            ("res_model", "=", "crm.lead"), ("res_id", "=", lead.id), ("activity_type_id", "=", followup.id)])
        moves = env["mail.tracking.value"].search_count([
            ("field_id", "=", stage_field.id), ("new_value_integer", "=", future_stage),
            ("mail_message_id.model", "=", "crm.lead"), ("mail_message_id.res_id", "=", lead.id)])
        notes_moved = env["mail.message"].search_count([
            ("model", "=", "crm.lead"), ("res_id", "=", lead.id),
            ("body", "ilike", "moved to the future follow-ups")])
        expected = 1 if k >= limit else 0
        if k >= limit:
            at_limit += 1
            if lead.process_step != "future" or not lead.followup_date:
                problems.append("%s: %d failed attempts but at %s" % (lead.name, k, lead.process_step))
        if (activities, moves, notes_moved) != (expected, expected, expected):
            problems.append("%s: %d failed attempts; future follow-up activities %d, moves %d, notes %d "
                            "(expected %d each)" % (lead.name, k, activities, moves, notes_moved, expected))
    shared_ids = [shared["lead"] for shared in state["shared"]]
    print("Objections: %d leads with objections, %d shared leads, %d leads at the limit (moved once each)" % (
        len(leads.filtered("objection_ids")), len(shared_ids), at_limit))

    # approvals: an approved quotation was approved by a manager after the
    # request, and not changed since (a change withdraws the approval)
    managers = env.ref("sales_team.group_sale_manager").users
    orders = env["sale.order"].search([("team_id", "=", state["team"])])
    fields_model = env["ir.model.fields"]
    amount_field = fields_model._get("sale.order", "amount_total")
    approval_field = fields_model._get("sale.order", "approval_state")
    counts = {}
    setup_orders = {shared["order"] for shared in state["shared"]}
    setup_orders |= {deal["order"] for deal in state.get("deals", {}).values()}
    for order in orders:
        counts[order.approval_state] = counts.get(order.approval_state, 0) + 1
        if order.state in ("sent", "sale") and order.approval_state != "approved":
            problems.append("%s is %s without approval (%s)" % (order.name, order.state, order.approval_state))
        if order.customer_decision != "pending" and order.approval_state != "approved":
            problems.append("%s: customer %s on a quotation %s" % (
                order.name, order.customer_decision, order.approval_state))
        if order.approval_state == "rejected" and not (order.rejected_by_id in managers
                                                       and order.approval_reject_reason):
            problems.append("%s rejected without a manager or a reason" % order.name)
        if order.approval_state != "approved":
            continue
        if not (order.approval_decision == "approved" and order.approved_by_id in managers
                and order.approved_on and order.approval_requested_by_id and order.approval_requested_on
                and order.approval_requested_on <= order.approved_on):
            problems.append("%s approved without a manager's decision after a request" % order.name)
        values = env["mail.tracking.value"].search([
            ("field_id", "in", [amount_field.id, approval_field.id]),
            ("mail_message_id.model", "=", "sale.order"), ("mail_message_id.res_id", "=", order.id)],
        ).sorted(lambda value: value.mail_message_id.id)
        approved_at = max((value.mail_message_id.id for value in values
                           if value.field_id == approval_field and value.new_value_char == "Approved"), default=0)
        if not approved_at and order.id not in setup_orders:  # approved in the setup's shell: untracked
            problems.append("%s approved, but no approval in its history" % order.name)
        changed = [value for value in values
                   if value.field_id == amount_field and value.mail_message_id.id >= approved_at]
        if changed:
            problems.append("%s: amount changed from %s to %s after its approval, still approved" % (
                order.name, changed[0].old_value_float, changed[-1].new_value_float))
        if order.currency_id.compare_amounts(order.amount_total, sum(order.order_line.mapped("price_total"))):
            problems.append("%s: total %s is not the sum of its lines" % (order.name, order.amount_total))
    print("Quotations: %d (%s)" % (len(orders), ", ".join("%s %d" % item for item in sorted(counts.items()))))

    # contract requests: one open request per quotation, of an accepted,
    # approved quotation, with its amount; drafted ones by finance
    finance = env.ref("crm_agency_sales.group_agency_finance").users
    per_order = {}
    by_state = {}
    for request in requests:
        by_state[request.state] = by_state.get(request.state, 0) + 1
        if request.state != "cancelled" and request.order_id:
            per_order.setdefault(request.order_id, []).append(request.name)
        order = request.order_id
        if order and (order.customer_decision != "accepted" or order.approval_state != "approved"):
            problems.append("%s: its quotation %s is %s / %s" % (
                request.name, order.name, order.customer_decision, order.approval_state))
        if order and order.currency_id.compare_amounts(request.amount, order.amount_total):
            problems.append("%s: amount %s, its quotation %s" % (request.name, request.amount, order.amount_total))
        if request.state == "drafted" and not (request.contract_number and request.drafted_by_id in finance
                                               and request.contract_attachment_id):
            problems.append("%s drafted without a number, a finance officer or its document" % request.name)
    for order, names in per_order.items():
        if len(names) > 1:
            problems.append("%s has %d open contract requests: %s" % (order.name, len(names), ", ".join(names)))
    print("Contract requests: %d (%s)" % (len(requests), ", ".join("%s %d" % i for i in sorted(by_state.items()))))
    for note in notes:
        print("Note: %s" % note)
    print("Data check: %s" % ("OK" if not problems else "%d problem(s)" % len(problems)))
    for problem in problems[:40]:
        print("  problem: %s" % problem)
    return 1 if problems else 0


if PHASE == "setup":
    setup(env)  # noqa: F821 (env is given by odoo shell)
elif PHASE == "check":
    if check(env):  # noqa: F821
        sys.exit(1)
else:
    sys.exit(run())
