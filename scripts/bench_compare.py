# Side-by-side benchmark: stock Odoo 18 (crm, sale_management, sale_crm)
# against the same plus crm_agency_sales, run by `make bench-compare`
# (scripts/agency.sh) inside `odoo shell`. Both databases are opened in this
# one process (one registry each), filled with the same generated data, and
# every operation runs alternately in each, as a salesperson: outside the
# agency's process (stock Sales team, stock stages), then inside it (the
# agency's team and stages against stock twins of the same shape). Then the
# addon's own operations, each as its role, in the addon database only.
# Each measurement is rolled back, so all runs see the same data. Prints
# three tables per size and writes them to $BENCH_OUT (bench/results.md).
# pylint: disable=print-used
import base64
import datetime
import os
import statistics
import time

from lxml import etree

import odoo
from odoo import Command, SUPERUSER_ID, api
from odoo.modules.registry import Registry

STOCK_DB = os.environ["BENCH_STOCK_DB"]
ADDON_DB = os.environ["BENCH_ADDON_DB"]
SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "1000,10000").split(",") if size]
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
OUT = os.environ.get("BENCH_OUT", "bench/results.md")
LOGIN = "bench_salesperson"
BATCH = 1000


def sudo_env(cr):
    return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True,
                                              "mail_create_nosubscribe": True, "mail_notrack": True})


def setup(cr):
    """The salesperson, a product and the counters of generated records."""
    env = sudo_env(cr)
    user = env["res.users"].search([("login", "=", LOGIN)])
    if not user:
        user = env["res.users"].create({
            "name": "Bench Salesperson", "login": LOGIN, "password": LOGIN,
            "groups_id": [Command.link(env.ref("sales_team.group_sale_salesman_all_leads").id)],
            "tz": "UTC", "email": "salesperson@bench.example",
        })
    if not user.email:  # the entry activities it assigns to others notify them from its address
        user.email = "salesperson@bench.example"
    product = env["product.product"].search([("default_code", "=", "BENCH")], limit=1)
    if not product:
        product = env["product.product"].create({
            "name": "Bench service", "default_code": "BENCH", "type": "service", "list_price": 100,
        })
    cr.commit()
    return user.id, product.id


def fill(cr, target, user_id, product_id):
    """Generate leads up to ``target`` (ORM batches, no tracking): one partner
    per two leads, a quarter of the leads to the salesperson, half of them
    opportunities spread over the stock stages, a quotation per ten leads, an
    activity per five leads."""
    env = sudo_env(cr)
    Lead = env["crm.lead"]
    team = env.ref("sales_team.team_sales_department")
    stages = [env.ref("crm.stage_lead%d" % i).id for i in (1, 2, 3)]
    admin = env.ref("base.user_admin").id
    todo = env.ref("mail.mail_activity_data_todo").id
    model_id = env["ir.model"]._get_id("crm.lead")
    done = Lead.search_count([("name", "=like", "Bench %")])
    while done < target:
        size = min(BATCH, target - done)
        partners = env["res.partner"].create([
            {"name": "Bench customer %d" % (done + i), "email": "c%d@bench.example" % (done + i)}
            for i in range(0, size, 2)
        ])
        leads = Lead.create([{
            "name": "Bench %d" % (done + i),
            "partner_id": partners[i // 2].id,
            "team_id": team.id,
            "user_id": user_id if (done + i) % 8 < 2 else admin,
            "type": "opportunity" if (done + i) % 2 == 0 else "lead",
            "stage_id": stages[(done + i) % 3],
            "expected_revenue": 1000 * ((done + i) % 7),
        } for i in range(size)])
        env["sale.order"].create([{
            "partner_id": lead.partner_id.id, "opportunity_id": lead.id, "team_id": team.id,
            "user_id": lead.user_id.id,
            "order_line": [Command.create({"product_id": product_id, "product_uom_qty": 2})],
        } for lead in leads[::10]])
        env["mail.activity"].create([{
            "res_model_id": model_id, "res_id": lead.id, "activity_type_id": todo,
            "user_id": lead.user_id.id, "summary": "Call back",
        } for lead in leads[::5]])
        cr.commit()
        env.invalidate_all()
        done += size
    return done


def spec_from_arch(model, arch_node, views_fields=None):
    """The field specification the web client builds from a view's arch
    (simplified: relational fields read their display name; inline x2many
    sub-views give their own fields)."""
    spec = {}

    def walk(node):
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if child.tag == "field":
                name = child.get("name")
                field = model._fields.get(name)
                if not field:
                    continue
                sub = {}
                if field.type == "many2one":
                    sub = {"fields": {"display_name": {}}}
                elif field.type in ("one2many", "many2many"):
                    subviews = [c for c in child if isinstance(c.tag, str) and c.tag in ("list", "kanban")]
                    if subviews:
                        sub = {"fields": spec_from_arch(model.env[field.comodel_name], subviews[0]),
                               "limit": 40}
                    else:
                        sub = {"fields": {"display_name": {}}}
                spec.setdefault(name, sub)
                continue
            walk(child)

    walk(arch_node)
    return spec


def view_specs(env):
    Lead = env["crm.lead"]
    views = Lead.get_views([(False, "kanban"), (False, "list"), (False, "form")], {})["views"]
    specs = {}
    for kind in ("kanban", "list", "form"):
        specs[kind] = spec_from_arch(Lead, etree.fromstring(views[kind]["arch"]))
    specs["form"]["display_name"] = {}
    return specs


class Side:
    """One database: its cursor, the salesperson's environment, the records
    each operation works on."""

    def __init__(self, dbname):
        self.name = dbname
        self.registry = Registry(dbname)
        self.cr = self.registry.cursor()
        self.user_id, self.product_id = setup(self.cr)
        if is_addon(sudo_env(self.cr)):
            self.roles, self.agency_product_id, self.template_id = setup_addon(self.cr, self.user_id)

    def prepare(self):
        su = sudo_env(self.cr)
        su.invalidate_all()
        self.env = api.Environment(self.cr, self.user_id, {"lang": "en_US", "tz": "UTC"})
        self.team = su.ref("sales_team.team_sales_department").id
        self.stage1 = su.ref("crm.stage_lead1").id
        self.stage2 = su.ref("crm.stage_lead2").id
        mine = [("user_id", "=", self.user_id), ("name", "=like", "Bench %")]
        self.opportunity = su["crm.lead"].search(mine + [("type", "=", "opportunity")], limit=1, order="id").id
        self.lead = su["crm.lead"].search(mine + [("type", "=", "lead")], limit=1, order="id").id
        self.to_move = su["crm.lead"].search([("stage_id", "!=", self.stage2), ("name", "=like", "Bench %")],
                                             limit=1000, order="id").ids
        self.partner = su["res.partner"].search([("name", "=like", "Bench customer %")], limit=1).id
        self.specs = view_specs(self.env)
        self.pipeline_domain = [("type", "=", "opportunity"), ("user_id", "=", self.user_id),
                                ("team_id", "=", self.team)]

    def prepare_process(self, twins=None):
        """The records of the operations inside the process. The addon side
        chooses them (``twins`` is None) and returns their names; the stock
        side takes the leads of the same names."""
        su = sudo_env(self.cr)
        self.addon = is_addon(su)
        Lead = su["crm.lead"]
        if self.addon:
            self.p_team, stage_of = process_stages(su)
            self.p_from, self.p_to = stage_of["new"], stage_of["qualify"]
            self.p_to_move = Lead.search([("stage_id", "=", self.p_from), ("name", "=like", "Proc %")],
                                         limit=1000, order="id").ids
            self.p_lead = Lead.search([("process_step", "=", "new"), ("type", "=", "lead"),
                                       ("user_id", "=", self.user_id)], limit=1, order="id").id
            self.p_opportunity = Lead.search([("process_step", "=", "negotiation"),
                                              ("user_id", "=", self.user_id)], limit=1, order="id").id
            names = {"move": Lead.browse(self.p_to_move).mapped("name"),
                     "lead": Lead.browse(self.p_lead).name, "opportunity": Lead.browse(self.p_opportunity).name}
            self.prepare_addon_ops(su)
            return names
        self.p_team = twins_team(su)
        self.p_from, self.p_to = self.stage1, self.stage2
        by_name = dict(Lead.search([("name", "in", twins["move"] + [twins["lead"], twins["opportunity"]])])
                       .mapped(lambda lead: (lead.name, lead.id)))
        self.p_to_move = sorted(by_name[name] for name in twins["move"])
        self.p_lead, self.p_opportunity = by_name[twins["lead"]], by_name[twins["opportunity"]]
        return twins

    def prepare_addon_ops(self, su):
        self.roles = {login: su["res.users"].search([("login", "=", login)]).id for login, _n, _g in ROLE_USERS}
        mine = [("user_id", "=", self.user_id), ("name", "=like", "Proc %")]
        self.a_assessed = su["crm.lead"].search(mine + [("process_step", "=", "assessment")], limit=1).id
        self.a_draft = su["crm.contract.request"].search(
            [("state", "=", "draft"), ("user_id", "=", self.user_id)], limit=1, order="id").id
        self.all_leads = su["crm.lead"].search([], limit=10000, order="id").ids

    def as_user(self, login_or_id):
        uid = self.roles[login_or_id] if isinstance(login_or_id, str) else login_or_id
        return api.Environment(self.cr, uid, {"lang": "en_US", "tz": "UTC"})

    # --- inside the process (as the salesperson) ---
    def op_p_create_1(self):
        vals = {"name": "New deal", "partner_id": self.partner, "team_id": self.p_team,
                "user_id": self.user_id, "type": "opportunity"}
        if self.addon:
            vals["stage_id"] = self.p_from
        self.env["crm.lead"].create(vals)

    def op_p_create_200(self):
        vals = {"partner_id": self.partner, "team_id": self.p_team, "user_id": self.user_id,
                "type": "opportunity"}
        if self.addon:
            vals["stage_id"] = self.p_from
        self.env["crm.lead"].create([dict(vals, name="New deal %d" % i) for i in range(200)])

    def op_p_stage_1(self):
        self.env["crm.lead"].browse(self.p_to_move[:1]).write({"stage_id": self.p_to})

    def op_p_stage_n(self):
        self.env["crm.lead"].browse(self.p_to_move).write({"stage_id": self.p_to})

    def _kanban(self, drop_columns=0):
        Lead = self.env["crm.lead"].with_context(default_type="opportunity", default_team_id=self.p_team)
        domain = [("type", "=", "opportunity"), ("team_id", "=", self.p_team)]
        groups = Lead.web_read_group(domain, ["expected_revenue:sum"], ["stage_id"], orderby="", lazy=True)
        Lead.read_progress_bar(domain, "stage_id", {
            "field": "activity_state", "colors": {"planned": "success", "today": "warning", "overdue": "danger"}})
        columns = [group for group in groups["groups"] if not group.get("__fold")]
        self.columns = len(columns)
        for group in columns[:len(columns) - drop_columns]:
            Lead.web_search_read(group["__domain"], self.specs["kanban"], limit=40)

    def op_p_kanban(self):
        self._kanban()

    def op_p_kanban_less(self):
        self._kanban(drop_columns=1)

    def op_p_list(self):
        domain = [("team_id", "=", self.p_team)]
        self.env["crm.lead"].web_search_read(domain, self.specs["list"], limit=80, count_limit=10001)

    def op_p_list_2(self):
        domain = [("team_id", "=", self.p_team)]
        self.env["crm.lead"].web_search_read(domain, self.specs["list"], limit=80, count_limit=10001)
        self.env.invalidate_all()
        self.env["crm.lead"].web_search_read(domain, self.specs["list"], offset=80, limit=80,
                                             count_limit=10001)

    def op_p_form(self):
        self.env["crm.lead"].browse(self.p_opportunity).web_read(self.specs["form"])

    def op_p_convert(self):
        wizard = self.env["crm.lead2opportunity.partner"].with_context(
            active_model="crm.lead", active_id=self.p_lead, active_ids=[self.p_lead],
        ).create({"name": "convert", "action": "exist", "partner_id": self.partner, "lead_id": self.p_lead})
        wizard.action_apply()

    def op_p_quotation(self):
        self.order = self.env["sale.order"].create({
            "partner_id": self.partner, "opportunity_id": self.p_opportunity,
            "order_line": [Command.create({"product_id": self.product_id, "product_uom_qty": 3})],
        })

    def op_p_confirm(self):
        self.op_p_quotation()
        self.env.flush_all()
        self.mark = odoo.sql_db.sql_counter, time.perf_counter()
        self.order.action_confirm()

    # --- the addon's own operations, each as its role ---
    def op_a_quotation(self):
        self.env["crm.lead"].browse(self.a_assessed).action_create_quotation()

    REQUEST_STEPS = [
        ("submit", None, "action_submit"),
        ("drafted", "bench_finance", "action_drafted"),
        ("sent", None, "action_mark_sent"),
        ("signing", None, "action_book_signing"),
        ("signed", None, "action_sign"),
        ("archived", "bench_finance", "action_register_legal_archive"),
        ("in_execution", "bench_project", "action_start_execution"),
    ]

    def _request_step(self, target):
        for name, role, method in self.REQUEST_STEPS:
            env = self.as_user(role) if role else self.env
            request = env["crm.contract.request"].browse(self.a_draft)
            if name == "signed":
                attachment = self.env["ir.attachment"].create({
                    "name": "signed.pdf", "datas": base64.b64encode(b"%PDF-1.4 signed"),
                    "res_model": "crm.contract.request", "res_id": request.id})
                request.write({"signed_attachment_ids": [Command.link(attachment.id)],
                               "check_pages_signed": True, "check_pages_stamped": True,
                               "check_authorized_signatories": True})
            if name == target:
                self.env.flush_all()
                self.mark = odoo.sql_db.sql_counter, time.perf_counter()
            getattr(request, method)()
            if name == target:
                return

    def _pdf(self, long=False):
        request = self.as_user("bench_finance")["crm.contract.request"].browse(self.a_draft)
        if long:
            sudo_env(self.cr)["crm.contract.request"].browse(self.a_draft).write({
                "terms": "".join("<p>Article %d. %s</p>" % (i, "The parties agree on the terms. " * 12)
                                 for i in range(150)),
                "payment_line_ids": [Command.create({"label": "Instalment %d" % i, "percent": 1,
                                                     "due_date": datetime.date.today()})
                                     for i in range(100)],
            })
            self.env.flush_all()
            self.mark = odoo.sql_db.sql_counter, time.perf_counter()
        report = request.env.ref("crm_agency_sales.action_report_contract")
        content, _kind = request.env["ir.actions.report"]._render_qweb_pdf(report, request.ids)
        self.pdf_pages = content.count(b"/Type /Page") - content.count(b"/Type /Pages")

    def op_a_pdf_1(self):
        self._pdf()

    def op_a_pdf_20(self):
        self._pdf(long=True)

    def op_a_workbook(self):
        env = self.as_user("bench_manager")
        env["crm.agency.workbook.export"].action_export_leads(env["crm.lead"].browse(self.all_leads))

    def op_a_cron_followups(self):
        sudo_env(self.cr)["crm.lead"]._cron_agency_future_followups()

    def op_a_cron_finance(self):
        sudo_env(self.cr)["crm.contract.request"]._cron_finance_waiting_reminder()

    def op_a_cron_payment(self):
        sudo_env(self.cr)["crm.contract.request"]._cron_payment_due_reminder()

    def op_a_cron_complaints(self):
        sudo_env(self.cr)["crm.complaint"]._cron_escalate_overdue()

    # --- operations (as the salesperson) ---
    def op_create_1(self):
        self.env["crm.lead"].create({"name": "New deal", "partner_id": self.partner, "team_id": self.team,
                                     "user_id": self.user_id, "type": "opportunity"})

    def op_create_200(self):
        self.env["crm.lead"].create([{"name": "New deal %d" % i, "partner_id": self.partner,
                                      "team_id": self.team, "user_id": self.user_id, "type": "opportunity"}
                                     for i in range(200)])

    def op_stage_1(self):
        self.env["crm.lead"].browse(self.to_move[:1]).write({"stage_id": self.stage2})

    def op_stage_1000(self):
        self.env["crm.lead"].browse(self.to_move).write({"stage_id": self.stage2})

    def op_kanban(self):
        Lead = self.env["crm.lead"].with_context(default_type="opportunity")
        groups = Lead.web_read_group(self.pipeline_domain, ["expected_revenue:sum"], ["stage_id"],
                                     orderby="", lazy=True)
        Lead.read_progress_bar(self.pipeline_domain, "stage_id", {
            "field": "activity_state", "colors": {"planned": "success", "today": "warning", "overdue": "danger"}})
        for group in groups["groups"]:
            if group.get("__fold"):
                continue
            Lead.web_search_read(group["__domain"], self.specs["kanban"], limit=40)

    def op_list(self):
        self.env["crm.lead"].web_search_read(self.pipeline_domain, self.specs["list"], limit=80,
                                             count_limit=10001)

    def op_form(self):
        self.env["crm.lead"].browse(self.opportunity).web_read(self.specs["form"])

    def op_convert(self):
        wizard = self.env["crm.lead2opportunity.partner"].with_context(
            active_model="crm.lead", active_id=self.lead, active_ids=[self.lead],
        ).create({"name": "convert", "action": "exist", "partner_id": self.partner, "lead_id": self.lead})
        wizard.action_apply()

    def op_quotation(self):
        self.order = self.env["sale.order"].create({
            "partner_id": self.partner, "opportunity_id": self.opportunity,
            "order_line": [Command.create({"product_id": self.product_id, "product_uom_qty": 3})],
        })

    def op_confirm(self):
        self.op_quotation()
        self.env.flush_all()
        self.mark = odoo.sql_db.sql_counter, time.perf_counter()
        self.order.action_confirm()

    def measure(self, op):
        """(seconds, queries) of one operation, then rolled back."""
        self.env.invalidate_all()
        self.mark = None
        queries = odoo.sql_db.sql_counter
        start = time.perf_counter()
        getattr(self, op)()
        self.env.flush_all()
        end = time.perf_counter()
        if self.mark:  # the operation measured its own part only
            queries, start = self.mark
        result = end - start, odoo.sql_db.sql_counter - queries
        self.cr.rollback()
        self.env.invalidate_all()
        return result



# ---------------------------------------------------------------------------
# Inside the agency's process
# ---------------------------------------------------------------------------
# One process lead per PROCESS_RATIO generated leads. In the addon database
# they are in the agency's team and stages (by process step), spread over
# the steps (half of them new), created with the gates on and their stages'
# entry activities, with done needs assessments from the assessment step on,
# quotations (approved from the negotiation step on), objections, contract
# requests (submitted, signed with payment lines) and complaints. In the
# stock database the same number of leads of the same shape (a team of their own in the stock
# stages, a quotation where the addon's lead has one) carry exactly the
# activities of their addon twin: the tables compare code, not data.
PROCESS_RATIO = 4
PROCESS_STEPS_MIX = ["new"] * 8 + ["qualify", "docs_sent", "assessment", "quotation",
                                   "negotiation", "contract", "won", "future"]
ROLE_USERS = [
    # login, name, group (addon database only)
    ("bench_manager", "Bench Manager", "sales_team.group_sale_manager"),
    ("bench_finance", "Bench Finance", "crm_agency_sales.group_agency_finance"),
    ("bench_project", "Bench Project", "crm_agency_sales.group_agency_project_control"),
]
NATIONAL_CODE = "0084575948"
COMPANY_ID = "10380284790"
IBAN = "IR940170000000110810500001"


def is_addon(env):
    return "crm.contract.request" in env


def setup_addon(cr, user_id):
    """The agency's roles, the salesperson in the agency's team, the gates
    on, approvals above an amount, a 30-question needs template."""
    env = sudo_env(cr)
    users = {}
    for login, name, group in ROLE_USERS:
        user = env["res.users"].search([("login", "=", login)])
        if not user:
            user = env["res.users"].create({
                "name": name, "login": login, "password": login, "tz": "UTC",
                "email": "%s@bench.example" % login,
                "groups_id": [Command.link(env.ref(group).id)],
            })
        users[login] = user.id
    team = env.ref("crm_agency_sales.crm_team_agency")
    team.write({"user_id": users["bench_manager"], "member_ids": [Command.link(user_id)]})
    env.company.write({"agency_enforce_stage_gates": True, "agency_approval_mode": "amount",
                       "agency_approval_amount": 10000})
    product = env["product.product"].search([("default_code", "=", "BENCHQ")], limit=1)
    if not product:
        product = env["product.product"].create({
            "name": "Bench agency service", "default_code": "BENCHQ", "type": "service",
            "list_price": 1000, "invoice_policy": "order",
        })
    template = env["crm.assessment.template"].search([("name", "=", "Bench needs 30")], limit=1)
    if not template:
        template = env["crm.assessment.template"].create({
            "name": "Bench needs 30", "kind": "needs", "product_id": product.id,
            "question_ids": [Command.create({"sequence": i, "name": "Bench question %d" % i,
                                             "answer_type": "number", "product_id": product.id})
                             for i in range(30)],
        })
    cr.commit()
    return users, product.id, template.id


def process_stages(env):
    team = env.ref("crm_agency_sales.crm_team_agency")
    stages = env["crm.stage"].search([("team_id", "=", team.id), ("process_step", "!=", False)],
                                     order="sequence, id")
    by_step = {}
    for stage in stages:
        by_step.setdefault(stage.process_step, stage.id)
    return team.id, by_step


def fill_process_addon(cr, target, user_id, users, product_id, template_id):
    """Agency leads ("Proc %d") up to ``target``, see PROCESS_RATIO."""
    from odoo.addons.crm_agency_sales.tools.internal import internal_context  # noqa: PLC0415
    env = sudo_env(cr)
    env = env(context=dict(env.context, **internal_context("agency_skip_stage_gates")))
    Lead = env["crm.lead"]
    team_id, stage_of = process_stages(env)
    admin = env.ref("base.user_admin").id
    today = datetime.date.today()
    category = env["crm.complaint.category"].search([], limit=1)
    done = Lead.with_context(active_test=False).search_count([("name", "=like", "Proc %")])
    while done < target:
        size = min(BATCH // 2, target - done)
        partners = env["res.partner"].create([
            {"name": "Proc customer %d" % (done + i), "email": "p%d@bench.example" % (done + i),
             "is_company": True, "street": "12 Vali-Asr Ave", "city": "Tehran",
             "company_registry": "R%d" % (done + i)}
            for i in range(size)
        ])
        vals_list = []
        for i in range(size):
            n = done + i
            step = PROCESS_STEPS_MIX[n % len(PROCESS_STEPS_MIX)]
            vals_list.append({
                "name": "Proc %d" % n, "partner_id": partners[i].id, "team_id": team_id,
                "user_id": user_id if (n // len(PROCESS_STEPS_MIX)) % 2 == 0 else admin,
                "type": "lead" if (step == "new" and n % 3 == 0) else "opportunity",
                "stage_id": stage_of[step], "contact_origin": "warm" if n % 2 else "cold",
                "expected_revenue": 1000 * (n % 7),
                "followup_date": (today - datetime.timedelta(days=n % 5)) if step == "future" else False,
            })
        leads = Lead.create(vals_list)
        steps = {lead.id: PROCESS_STEPS_MIX[(done + i) % len(PROCESS_STEPS_MIX)]
                 for i, lead in enumerate(leads)}
        later = ("assessment", "quotation", "negotiation", "contract", "won")
        forms = env["crm.needs.assessment"].create([
            {"lead_id": lead.id, "template_id": template_id} for lead in leads if steps[lead.id] in later])
        forms.answer_ids.write({"value_number": 2})
        forms.write({"state": "done"})
        quoted = leads.filtered(lambda lead: steps[lead.id] in later[1:])
        orders = env["sale.order"].create([{
            "partner_id": lead.partner_id.id, "opportunity_id": lead.id, "team_id": team_id,
            "user_id": lead.user_id.id,
            "order_line": [Command.create({"product_id": product_id, "product_uom_qty": 12})],
        } for lead in quoted])
        env.flush_all()
        approved = orders.filtered(lambda o: steps[o.opportunity_id.id] != "quotation")
        if approved:
            cr.execute("UPDATE sale_order SET approval_decision = 'approved', approval_state = 'approved', "
                       "state = 'sent' WHERE id IN %s", [tuple(approved.ids)])
            accepted = approved.filtered(lambda o: steps[o.opportunity_id.id] in ("contract", "won"))
            if accepted:
                cr.execute("UPDATE sale_order SET customer_decision = 'accepted' WHERE id IN %s",
                           [tuple(accepted.ids)])
        env.invalidate_all()
        reason = env["crm.objection.reason"].search([], limit=1)
        env["crm.objection"].create([{
            "lead_id": o.opportunity_id.id, "order_id": o.id, "kind": "price", "reason_id": reason.id,
        } for o in orders if steps[o.opportunity_id.id] == "negotiation"])
        # contract requests: drafts (contract step, one in two), submitted a
        # week ago (the other half: finance's reminder) and signed with a
        # payment line due (won step)
        for order in orders.filtered(lambda o: steps[o.opportunity_id.id] in ("contract", "won")):
            request = env["crm.contract.request"]._new_from_order(order)
            request.write({
                "legal_name": order.partner_id.name, "company_national_id": COMPANY_ID,
                "registration_number": "R%d" % order.id, "bank_iban": IBAN, "phone": "+982188776655",
                "date_start": today, "date_end": today + datetime.timedelta(days=180),
                "signatory_ids": [Command.create({"name": "Reza Rahimi", "position": "CEO",
                                                  "national_id": NATIONAL_CODE})],
            })
            for index, line in enumerate(request.payment_line_ids):
                line.due_date = today + datetime.timedelta(days=30 * index - 3)
        env.flush_all()
        requests = env["crm.contract.request"].search([("lead_id", "in", leads.ids)])
        submitted = requests.filtered(lambda r: steps[r.lead_id.id] == "contract")[1::2]
        signed = requests.filtered(lambda r: steps[r.lead_id.id] == "won")
        if submitted:
            cr.execute("UPDATE crm_contract_request SET state = 'submitted', submitted_on = now() - interval "
                       "'7 days', submitted_by_id = user_id WHERE id IN %s", [tuple(submitted.ids)])
        if signed:
            cr.execute("UPDATE crm_contract_request SET state = 'signed', submitted_on = now() - interval "
                       "'20 days', signed_on = now() - interval '10 days', contract_number = 'BC/' || id "
                       "WHERE id IN %s", [tuple(signed.ids)])
        # complaints: one per 20 leads, half of them overdue
        if category:
            complaints = env["crm.complaint"].create([{
                "partner_id": lead.partner_id.id, "category_id": category.id,
                "description": "Bench complaint", "user_id": lead.user_id.id, "team_id": team_id,
            } for lead in leads[::20]])
            env.flush_all()
            overdue = complaints[::2]
            if overdue:
                cr.execute("UPDATE crm_complaint SET deadline = now() - interval '2 days' WHERE id IN %s",
                           [tuple(overdue.ids)])
        cr.commit()
        env.invalidate_all()
        done += size
    return done


def twins_team(env):
    """The stock database's team of the process's twins (stock stages, apart
    from the Sales team whose leads the outside-the-process table reads)."""
    team = env["crm.team"].search([("name", "=", "Bench process twins")], limit=1)
    if not team:
        team = env["crm.team"].create({"name": "Bench process twins"})
        env.cr.commit()
    return team.id


def fill_process_stock(cr, target, user_id, product_id, addon_cr):
    """Stock leads ("Proc %d") up to ``target``, each the twin of the addon's
    lead of the same name: a team of their own in the stock stages, a quotation when the
    addon's lead has one, and the same number of activities."""
    env = sudo_env(cr)
    Lead = env["crm.lead"]
    team = twins_team(env)
    stages = [env.ref("crm.stage_lead%d" % i).id for i in (1, 2, 3)]
    won = env.ref("crm.stage_lead4").id
    admin = env.ref("base.user_admin").id
    todo = env.ref("mail.mail_activity_data_todo").id
    model_id = env["ir.model"]._get_id("crm.lead")
    done = Lead.with_context(active_test=False).search_count([("name", "=like", "Proc %")])
    while done < target:
        size = min(BATCH // 2, target - done)
        names = ["Proc %d" % (done + i) for i in range(size)]
        addon_cr.execute("""
            SELECT l.name, l.type, l.process_step, (SELECT count(*) FROM mail_activity a
                                     WHERE a.res_model = 'crm.lead' AND a.res_id = l.id),
                   (SELECT count(*) FROM sale_order o WHERE o.opportunity_id = l.id)
              FROM crm_lead l WHERE l.name IN %s""", [tuple(names)])
        shape = {name: (kind, acts, orders, step) for name, kind, step, acts, orders in addon_cr.fetchall()}
        partners = env["res.partner"].create([
            {"name": "Proc customer %d" % (done + i), "email": "p%d@bench.example" % (done + i),
             "is_company": True} for i in range(size)])
        leads = Lead.create([{
            "name": name, "partner_id": partners[i].id, "team_id": team,
            "user_id": user_id if ((done + i) // len(PROCESS_STEPS_MIX)) % 2 == 0 else admin,
            "type": shape.get(name, ("opportunity",))[0],
            "stage_id": {"new": stages[0], "won": won}.get(shape.get(name, (0, 0, 0, 0))[3], stages[(done + i) % 3]),
            "expected_revenue": 1000 * ((done + i) % 7),
        } for i, name in enumerate(names)])
        env["sale.order"].create([{
            "partner_id": lead.partner_id.id, "opportunity_id": lead.id, "team_id": team,
            "user_id": lead.user_id.id,
            "order_line": [Command.create({"product_id": product_id, "product_uom_qty": 12})],
        } for lead in leads if shape.get(lead.name, (0, 0, 0))[2]])
        env["mail.activity"].create([{
            "res_model_id": model_id, "res_id": lead.id, "activity_type_id": todo,
            "user_id": lead.user_id.id, "summary": "Step task %d" % k,
        } for lead in leads for k in range(shape.get(lead.name, (0, 0))[1])])
        cr.commit()
        env.invalidate_all()
        done += size
    return done

OPERATIONS = [
    ("op_create_1", "create 1 lead"),
    ("op_create_200", "create 200 leads (one call)"),
    ("op_stage_1", "stage change, 1 lead"),
    ("op_stage_1000", "stage change, 1,000 leads"),
    ("op_kanban", "pipeline kanban, first load"),
    ("op_list", "list, first page"),
    ("op_form", "lead form web_read"),
    ("op_convert", "convert lead to opportunity"),
    ("op_quotation", "create quotation"),
    ("op_confirm", "confirm quotation"),
]


for _step, _role, _method in Side.REQUEST_STEPS:
    setattr(Side, "op_a_req_%s" % _step, lambda self, step=_step: self._request_step(step))

PROCESS_OPERATIONS = [
    ("op_p_create_1", "create 1 lead (new step: file number, gate, entry activities)"),
    ("op_p_create_200", "create 200 leads (one call)"),
    ("op_p_stage_1", "stage change new -> qualify, 1 lead (gate met, entry plan)"),
    ("op_p_stage_n", "stage change new -> qualify, %(moved)s leads"),
    ("op_p_kanban", "pipeline kanban, first load (%(columns)s columns)"),
    ("op_p_kanban_less", "pipeline kanban, one column less"),
    ("op_p_list", "list, first page (80)"),
    ("op_p_list_2", "list, two pages (80 + 80)"),
    ("op_p_form", "lead form web_read (negotiation: quotation, objection)"),
    ("op_p_convert", "convert lead to opportunity"),
    ("op_p_quotation", "create quotation"),
    ("op_p_confirm", "confirm quotation"),
]

ADDON_OPERATIONS = [
    ("op_a_quotation", "quotation from a 30-answer assessment (salesperson)"),
    ("op_a_req_submit", "contract request: submit (salesperson)"),
    ("op_a_req_drafted", "contract request: drafted, PDF attached (finance)"),
    ("op_a_req_sent", "contract request: sent to the customer (salesperson)"),
    ("op_a_req_signing", "contract request: signing meeting booked (salesperson)"),
    ("op_a_req_signed", "contract request: signed, order confirmed (salesperson)"),
    ("op_a_req_archived", "contract request: legal archive (finance)"),
    ("op_a_req_in_execution", "contract request: start execution (project control)"),
    ("op_a_pdf_1", "contract PDF, %(pdf_1)s page(s) (finance)"),
    ("op_a_pdf_20", "contract PDF, %(pdf_20)s pages: 100 payment lines, 150 articles (finance)"),
    ("op_a_workbook", "Excel workbook of %(workbook)s leads (sales manager)"),
    ("op_a_cron_followups", "daily job: future follow-ups due (%(due_followups)s leads)"),
    ("op_a_cron_finance", "daily job: finance reminders (%(waiting)s requests waiting)"),
    ("op_a_cron_payment", "daily job: payment reminders (%(due_lines)s lines due)"),
    ("op_a_cron_complaints", "daily job: overdue complaints (%(overdue)s complaints)"),
]


def medians(results, key):
    values = results[key]
    return (statistics.median(v[0] for v in values) * 1000, statistics.median(v[1] for v in values))


def compare_table(title, operations, results, stock, addon, labels):
    lines = [title, "",
             "| operation | stock ms | addon ms | ratio | stock queries | addon queries |",
             "|---|---:|---:|---:|---:|---:|"]
    for op, label in operations:
        row = [medians(results, (op, side.name)) for side in (stock, addon)]
        ratio = row[1][0] / row[0][0] if row[0][0] else float("nan")
        lines.append("| %s | %.1f | %.1f | %.2f | %d | %d |" % (
            label % labels, row[0][0], row[1][0], ratio, row[0][1], row[1][1]))
    lines.append("")
    return lines


def addon_counts(side):
    su = sudo_env(side.cr)
    today = datetime.date.today()
    return {
        "due_followups": su["crm.lead"].search_count([("process_step", "=", "future"),
                                                      ("followup_date", "<=", today)]),
        "waiting": su["crm.contract.request"].search_count([("state", "=", "submitted")]),
        "due_lines": su["crm.contract.payment.line"].search_count([
            ("due_date", "<=", today), ("request_id.state", "in", ("signed", "archived", "in_execution",
                                                                   "delivered"))]),
        "overdue": su["crm.complaint"].search_count([("state", "in", ("new", "in_progress")),
                                                     ("escalated", "=", False),
                                                     ("deadline", "<", datetime.datetime.now())]),
        "workbook": "{:,}".format(len(side.all_leads)),
    }


def run_size(sides, size):
    stock, addon = sides
    for side in sides:
        count = fill(side.cr, size, side.user_id, side.product_id)
        print("  %s: %d generated leads outside the process" % (side.name, count), flush=True)
    process = fill_process_addon(addon.cr, size // PROCESS_RATIO, addon.user_id, addon.roles,
                                 addon.agency_product_id, addon.template_id)
    fill_process_stock(stock.cr, size // PROCESS_RATIO, stock.user_id, stock.product_id, addon.cr)
    print("  both: %d leads of the process's shape" % process, flush=True)
    for side in sides:
        side.prepare()
    stock.prepare_process(addon.prepare_process())
    operations = OPERATIONS + PROCESS_OPERATIONS
    results = {(op, side.name): [] for op, _label in operations + ADDON_OPERATIONS for side in sides}
    labels = {}
    for rep in range(REPEAT + 1):  # the first round warms the caches
        order = sides if rep % 2 == 0 else sides[::-1]
        for op, _label in operations:
            for side in order:
                measured = side.measure(op)
                if rep:
                    results[(op, side.name)].append(measured)
        for op, _label in ADDON_OPERATIONS:
            measured = addon.measure(op)
            if op in ("op_a_pdf_1", "op_a_pdf_20"):
                labels[op[5:]] = addon.pdf_pages
            if rep:
                results[(op, addon.name)].append(measured)
        print("  round %d done" % rep, flush=True)
    labels.update(addon_counts(addon), moved="{:,}".format(len(addon.p_to_move)), columns=addon.columns)
    total = "{:,}".format(size + size // PROCESS_RATIO)
    lines = compare_table(
        "### %s leads: outside the agency's process (median of %d runs, as a salesperson, stock Sales "
        "team and stages)" % ("{:,}".format(size), REPEAT), OPERATIONS, results, stock, addon, labels)
    lines += compare_table(
        "### %s leads: inside the agency's process (%s more leads in the agency's team and stages, gates "
        "on; stock: the same leads in a team of their own in the stock stages, same activities per lead)" % (
            total, "{:,}".format(size // PROCESS_RATIO)), PROCESS_OPERATIONS, results, stock, addon, labels)
    per_column = [medians(results, (op, side.name))[1] for side in (stock, addon)
                  for op in ("op_p_kanban", "op_p_kanban_less")]
    per_page = [medians(results, (op, side.name))[1] for side in (stock, addon)
                for op in ("op_p_list", "op_p_list_2")]
    lines += [
        "Kanban: %d query(ies) per column in stock, %d with the addon (%d columns: %d / %d queries). "
        "List: %d queries per page of 80 in stock, %d with the addon." % (
            per_column[0] - per_column[1], per_column[2] - per_column[3], labels["columns"],
            per_column[0], per_column[2], per_page[1] - per_page[0], per_page[3] - per_page[2]), ""]
    lines += ["### %s leads: the addon's own operations (median of %d runs, each as its role; daily jobs "
              "as the cron's superuser)" % (total, REPEAT), "",
              "| operation | ms | queries |", "|---|---:|---:|"]
    for op, label in ADDON_OPERATIONS:
        ms, queries = medians(results, (op, addon.name))
        lines.append("| %s | %.1f | %d |" % (label % labels, ms, queries))
    lines.append("")
    return lines


def main():
    sides = [Side(STOCK_DB), Side(ADDON_DB)]
    out = ["# make bench-compare: stock Odoo 18 against crm_agency_sales", "",
           "Stock: crm, sale_management, sale_crm. Addon: the same plus crm_agency_sales. "
           "Both without demo data, same generated data.", ""]
    for size in SIZES:
        print("Filling to %d leads and measuring..." % size, flush=True)
        lines = run_size(sides, size)
        print("\n".join(lines), flush=True)
        out += lines
        # written after each size: a long run leaves the sizes it measured
        os.makedirs(os.path.dirname(OUT) or ".", exist_ok=True)
        with open(OUT, "w", encoding="utf-8") as handle:
            handle.write("\n".join(out) + "\n")
        print("Written to %s" % OUT)
    for side in sides:
        side.cr.close()


main()
