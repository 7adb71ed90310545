# Load run of `make load` (scripts/agency.sh): concurrent JSON-RPC clients
# against an Odoo with --workers=2 on loopback, bounded in time and requests.
# Three phases, chosen by LOAD_PHASE:
#   setup  (inside `odoo shell`): company settings, one salesperson per client,
#          a manager, a finance officer, shared leads in negotiation with a
#          sent quotation; writes the ids to LOAD_STATE (JSON).
#   run    (plain python3): LOAD_CLIENTS threads for LOAD_SECONDS, each logged
#          in as its own salesperson, doing a mix of calls; prints throughput,
#          p50/p95/p99 per kind of call, refusals and errors.
#   check  (inside `odoo shell`): the data after the run.
# pylint: disable=print-used
import json
import os
import random
import statistics
import threading
import time
import urllib.request

PHASE = os.environ.get("LOAD_PHASE", "run")
STATE = os.environ.get("LOAD_STATE", "/tmp/agency_load_state.json")
CLIENTS = int(os.environ.get("LOAD_CLIENTS", "20"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "20000"))
URL = "http://127.0.0.1:%s/jsonrpc" % os.environ.get("LOAD_PORT", "8069")
SHARED_LEADS = int(os.environ.get("LOAD_SHARED_LEADS", "4"))
REFUSALS = ("odoo.exceptions.UserError", "odoo.exceptions.ValidationError", "odoo.exceptions.AccessError")


def setup(env):  # noqa: C901
    from odoo import Command
    from odoo.addons.crm_agency_sales.tools.internal import internal_context

    company = env.ref("base.main_company")
    company.write({"agency_enforce_stage_gates": True, "agency_approval_mode": "never"})
    group = env.ref("sales_team.group_sale_salesman_all_leads")

    def user(login, groups):
        found = env["res.users"].search([("login", "=", login)])
        return found or env["res.users"].create({
            "name": login.replace("_", " ").title(), "login": login, "password": login,
            "email": "%s@load.example" % login, "groups_id": [Command.set(groups)],
        })

    sales = [user("load_sales_%02d" % i, [group.id]) for i in range(CLIENTS)]
    manager = user("load_manager", [env.ref("sales_team.group_sale_manager").id])
    finance = user("load_finance", [env.ref("crm_agency_sales.group_agency_finance").id, group.id])
    team = env.ref("crm_agency_sales.crm_team_agency")
    team.sudo().member_ids = [Command.link(u.id) for u in sales]
    stages = {s.process_step: s.id for s in env["crm.stage"].search([("team_id", "=", team.id)])}
    product = env["product.product"].create({"name": "Load SEO", "type": "service", "list_price": 1000})
    customer = env["res.partner"].create({"name": "Load customer", "is_company": True,
                                          "email": "load@customer.example"})
    shared = []
    for i in range(SHARED_LEADS):
        lead = env["crm.lead"].with_context(**internal_context("agency_skip_stage_gates")).create({
            "name": "Load shared %d" % i, "type": "opportunity", "team_id": team.id,
            "user_id": sales[i % len(sales)].id, "partner_id": customer.id, "stage_id": stages["negotiation"],
        })
        order = env["sale.order"].create({
            "partner_id": customer.id, "opportunity_id": lead.id, "user_id": lead.user_id.id,
            "team_id": team.id, "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1})],
        })
        order.write({"state": "sent"})
        shared.append({"lead": lead.id, "order": order.id})
    env.cr.commit()  # pylint: disable=invalid-commit (setup of a load run, outside the addon)
    state = {
        "sales": [u.login for u in sales], "manager": manager.login, "finance": finance.login,
        "team": team.id, "stages": stages, "shared": shared, "customer": customer.id,
        "reason": env.ref("crm_agency_sales.objection_reason_timing").id,
        "limit": company.agency_objection_attempt_limit,
    }
    with open(STATE, "w", encoding="utf-8") as handle:
        json.dump(state, handle)
    print("Setup: %d salespeople, %d shared leads" % (len(sales), len(shared)))


class Client(threading.Thread):
    def __init__(self, login, state, stats, lock, deadline, budget):
        super().__init__(daemon=True)
        self.login, self.state, self.stats, self.lock = login, state, stats, lock
        self.deadline, self.budget = deadline, budget
        self.uid = None
        self.own_leads = []

    def call(self, service, method, *args):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1,
                           "params": {"service": service, "method": method, "args": list(args)}}).encode()
        request = urllib.request.Request(URL, body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read())

    def execute(self, kind, model, method, *args, **kwargs):
        start = time.perf_counter()
        try:
            reply = self.call("object", "execute_kw", os.environ["LOAD_DB"], self.uid, self.login,
                              model, method, list(args), kwargs)
        except Exception as error:  # pylint: disable=broad-except (counted as an error of the run)
            reply = {"error": {"data": {"name": type(error).__name__, "message": str(error)}}}
        elapsed = time.perf_counter() - start
        with self.lock:
            self.budget[0] -= 1
            entry = self.stats.setdefault(kind, {"times": [], "refused": 0, "errors": []})
            entry["times"].append(elapsed)
            if "error" in reply:
                data = reply["error"].get("data", {})
                if data.get("name") in REFUSALS:
                    entry["refused"] += 1
                else:
                    entry["errors"].append("%s: %s" % (data.get("name"), str(data.get("message"))[:200]))
                return None
        return reply["result"]

    def run(self):
        self.uid = self.call("common", "login", os.environ["LOAD_DB"], self.login, self.login)["result"]
        state = self.state
        ops = [(self.op_create, 3), (self.op_move, 2), (self.op_list, 2), (self.op_object, 3)]
        weights = [w for _op, w in ops]
        while time.time() < self.deadline and self.budget[0] > 0:
            random.choices([op for op, _w in ops], weights)[0](state)

    def op_create(self, state):
        lead_id = self.execute("create lead", "crm.lead", "create", {
            "name": "Load lead %s" % self.login, "type": "opportunity", "team_id": state["team"],
            "partner_id": state["customer"], "stage_id": state["stages"]["new"], "contact_origin": "warm",
        })
        if lead_id:
            self.own_leads.append(lead_id)

    def op_move(self, state):
        if not self.own_leads:
            return self.op_create(state)
        self.execute("move stage", "crm.lead", "write", [random.choice(self.own_leads)],
                     {"stage_id": state["stages"]["qualify"]})

    def op_list(self, state):
        self.execute("list first page", "crm.lead", "web_search_read", [("team_id", "=", state["team"])],
                     {"file_number": {}, "name": {}, "stage_id": {"fields": {"display_name": {}}},
                      "process_step": {}, "user_id": {"fields": {"display_name": {}}}},
                     limit=80, count_limit=10001)

    def op_object(self, state):
        shared = random.choice(state["shared"])
        context = {"default_lead_id": shared["lead"], "default_order_id": shared["order"]}
        wizard = self.execute("objection wizard", "crm.objection.register", "create", {
            "kind": "other", "reason_id": state["reason"], "description": "Not now (%s)" % self.login,
        }, context=context)
        if not wizard:
            return
        if self.execute("record objection", "crm.objection.register", "action_confirm", [wizard],
                        context=context) is None:
            return
        objection = self.execute("search objection", "crm.objection", "search",
                                 [("lead_id", "=", shared["lead"]), ("outcome", "=", "open")], limit=1)
        if objection:
            self.execute("fail objection", "crm.objection", "action_fail", objection)


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(share * (len(values) - 1))))]


def run():
    with open(STATE, encoding="utf-8") as handle:
        state = json.load(handle)
    stats, lock = {}, threading.Lock()
    # warm-up, not measured: each worker loads the registry on its first call
    warm = Client(state["sales"][0], state, {}, lock, 0, [MAX_REQUESTS])
    warm.uid = warm.call("common", "login", os.environ["LOAD_DB"], warm.login, warm.login)["result"]
    for _index in range(6):
        warm.op_list(state)
    budget = [MAX_REQUESTS]
    start = time.time()
    deadline = start + SECONDS
    clients = [Client(login, state, stats, lock, deadline, budget) for login in state["sales"][:CLIENTS]]
    for client in clients:
        client.start()
    for client in clients:
        client.join(SECONDS + 180)
    elapsed = time.time() - start
    total = sum(len(entry["times"]) for entry in stats.values())
    print("Load run: %d clients, %.0f s, %d calls, %.1f calls/s" % (len(clients), elapsed, total, total / elapsed))
    print("| call | count | p50 ms | p95 ms | p99 ms | refused | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    errors = []
    for kind, entry in sorted(stats.items()):
        times = entry["times"]
        print("| %s | %d | %.0f | %.0f | %.0f | %d | %d |" % (
            kind, len(times), statistics.median(times) * 1000, percentile(times, 0.95) * 1000,
            percentile(times, 0.99) * 1000, entry["refused"], len(entry["errors"])))
        errors += entry["errors"]
    for error in sorted(set(errors))[:20]:
        print("  error: %s" % error)
    return 1 if errors else 0


def check(env):
    import re

    with open(STATE, encoding="utf-8") as handle:
        state = json.load(handle)
    problems = []
    leads = env["crm.lead"].with_context(active_test=False).search([])
    numbers = [lead.file_number for lead in leads if lead.file_number]
    if len(numbers) != len(set(numbers)):
        problems.append("file numbers used twice: %d" % (len(numbers) - len(set(numbers))))
    ints = sorted(int(re.sub(r"\D", "", n.rsplit("/", 1)[-1]) or 0) for n in numbers)
    skipped = (ints[-1] - ints[0] + 1 - len(ints)) if ints else 0
    print("Leads: %d, file numbers %s..%s, skipped: %d" % (len(numbers), ints[:1], ints[-1:], skipped))
    if skipped:
        problems.append("%d file numbers skipped (a rolled-back transaction, e.g. a retry, draws a number)" % skipped)
    requests = env["crm.contract.request"].search([]) if "crm.contract.request" in env else []
    names = [r.name for r in requests if r.name]
    if len(names) != len(set(names)):
        problems.append("contract numbers used twice")
    followup = env.ref("crm_agency_sales.mail_activity_type_future_followup")
    for shared in state["shared"]:
        lead = env["crm.lead"].browse(shared["lead"])
        objections = lead.objection_ids.filtered(lambda o: o.kind == "other")
        attempts = sorted(objections.mapped("attempt"))
        if attempts != list(range(1, len(attempts) + 1)):
            problems.append("%s: attempts %s (each counted once, no gap)" % (lead.name, attempts))
        if len(objections) > state["limit"]:
            problems.append("%s: %d attempts beyond the limit %d" % (lead.name, len(objections), state["limit"]))
        moves = env["mail.activity"].search_count([
            ("res_model", "=", "crm.lead"), ("res_id", "=", lead.id), ("activity_type_id", "=", followup.id)])
        if moves > 1:
            problems.append("%s: moved to the future follow-ups %d times" % (lead.name, moves))
        print("%s: %d attempts %s, step %s, follow-up activities %d" % (
            lead.name, len(objections), attempts, lead.process_step, moves))
    print("Data check: %s" % ("OK" if not problems else "; ".join(problems)))


if PHASE == "setup":
    setup(env)  # noqa: F821 (env is given by odoo shell)
elif PHASE == "check":
    check(env)  # noqa: F821
else:
    raise SystemExit(run())
