# Side-by-side benchmark: stock Odoo 18 (crm, sale_management, sale_crm)
# against the same plus crm_agency_sales, run by `make bench-compare`
# (scripts/agency.sh) inside `odoo shell`. Both databases are opened in this
# one process (one registry each), filled with the same generated data, and
# every operation runs alternately in each, as a salesperson, outside the
# agency's process (stock Sales team, stock stages). Each measurement is
# rolled back, so all runs see the same data. Prints one table per size and
# writes them to $BENCH_OUT (bench/results.md).
# pylint: disable=print-used
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
            "tz": "UTC",
        })
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
        self.pipeline_domain = [("type", "=", "opportunity"), ("user_id", "=", self.user_id)]

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


def run_size(sides, size):
    for side in sides:
        count = fill(side.cr, size, side.user_id, side.product_id)
        side.prepare()
        print("  %s: %d generated leads" % (side.name, count), flush=True)
    results = {(op, side.name): [] for op, _label in OPERATIONS for side in sides}
    for rep in range(REPEAT + 1):  # the first round warms the caches
        order = sides if rep % 2 == 0 else sides[::-1]
        for op, _label in OPERATIONS:
            for side in order:
                measured = side.measure(op)
                if rep:
                    results[(op, side.name)].append(measured)
    stock, addon = sides
    lines = [
        "### %s leads (median of %d runs, as a salesperson, stock Sales team and stages)" % (
            "{:,}".format(size), REPEAT),
        "",
        "| operation | stock ms | addon ms | ratio | stock queries | addon queries |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for op, label in OPERATIONS:
        row = []
        for side in (stock, addon):
            values = results[(op, side.name)]
            row.append((statistics.median(v[0] for v in values) * 1000,
                        statistics.median(v[1] for v in values)))
        ratio = row[1][0] / row[0][0] if row[0][0] else float("nan")
        lines.append("| %s | %.1f | %.1f | %.2f | %d | %d |" % (
            label, row[0][0], row[1][0], ratio, row[0][1], row[1][1]))
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
    os.makedirs(os.path.dirname(OUT) or ".", exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as handle:
        handle.write("\n".join(out) + "\n")
    print("Written to %s" % OUT)
    for side in sides:
        side.cr.close()


main()
