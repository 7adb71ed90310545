# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io
from collections import defaultdict
from datetime import datetime

import jdatetime
import pytz
import xlsxwriter

from odoo import api, fields, models

# Identity data of the People and companies sheet: the fields of the
# "Identity Data" export preset (data/ir_exports_data.xml).
PARTNER_IDENTITY_FIELDS = [
    "name", "is_company", "national_id", "company_national_id", "economic_code",
    "company_registry", "registration_date", "legal_form", "birthdate", "gender",
    "marital_status", "phone", "mobile", "fax", "email", "website", "street", "city",
    "zip", "country_id", "industry_id", "employee_count", "annual_turnover", "category_id",
]


class CrmAgencyWorkbookExport(models.TransientModel):
    """The manager's Excel workbook (xlsxwriter): sheets Pipeline,
    Objections, Contracts, Sales plans and People and companies, for the leads the user
    chose (the selected records of a list) or for the filters of the wizard.

    Everything is read as the user (record rules and field groups apply, no
    sudo), in a fixed number of batched reads whatever the number of leads.
    """

    _name = "crm.agency.workbook.export"
    _description = "Sales Process Workbook"

    date_from = fields.Date(string="Leads Created From")
    date_to = fields.Date(string="Leads Created Until")
    team_id = fields.Many2one("crm.team", string="Sales Team")
    user_id = fields.Many2one("res.users", string="Salesperson")
    contact_origin = fields.Selection([("cold", "Cold"), ("warm", "Warm")])
    include_lost = fields.Boolean(string="Include Lost Leads")
    lead_ids = fields.Many2many(
        "crm.lead", string="Leads",
        help="Export these leads only (the selected records of a list); "
        "otherwise the filters above decide.",
    )
    file_data = fields.Binary(string="Workbook", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    @api.model
    def action_export_leads(self, leads):
        """Server action of the lead list: the workbook of the selected
        leads, downloaded at once."""
        return self.create({"lead_ids": [fields.Command.set(leads.ids)]}).action_generate()

    def action_generate(self):
        self.ensure_one()
        leads = self._get_leads()
        content = self._build_workbook(leads)
        self.write({
            "file_data": base64.b64encode(content),
            "file_name": "sales_process_%s.xlsx" % fields.Date.context_today(self),
        })
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s/%s/file_data/%s?download=true" % (self._name, self.id, self.file_name),
            "target": "self",
        }

    # ------------------------------------------------------------
    # DATA
    # ------------------------------------------------------------

    def _lead_domain(self):
        domain = []
        if self.date_from:
            domain.append(("create_date", ">=", fields.Datetime.to_datetime(self.date_from)))
        if self.date_to:
            domain.append(("create_date", "<", fields.Datetime.add(fields.Datetime.to_datetime(self.date_to), days=1)))
        if self.team_id:
            domain.append(("team_id", "=", self.team_id.id))
        if self.user_id:
            domain.append(("user_id", "=", self.user_id.id))
        if self.contact_origin:
            domain.append(("contact_origin", "=", self.contact_origin))
        return domain

    def _get_leads(self):
        # as the user: the leads they may not read are left out (record
        # rules filter the many2many and the search alike)
        selected = self.with_context(active_test=False).lead_ids
        if selected:
            # the selected records of a list, lost ones included
            return selected.with_context(active_test=False).search([("id", "in", selected.ids)], order="id")
        Lead = self.env["crm.lead"].with_context(active_test=not self.include_lost)
        return Lead.search(self._lead_domain(), order="id")

    def _labels(self, model, fname):
        field = self.env[model]._fields[fname]
        return dict(field._description_selection(self.env))

    def _collect(self, leads):
        """Every value of the workbook, read in batches."""
        lead_fields = [
            "file_number", "name", "partner_id", "partner_name", "contact_name",
            "contact_origin", "user_id", "team_id", "stage_id", "process_step", "date_last_stage_update", "create_date",
            "expected_revenue", "active",
        ]
        lead_rows = leads.read(lead_fields)
        ids = leads.ids
        assessed = {
            lead.id: count for lead, count in self.env["crm.needs.assessment"]._read_group(
                [("lead_id", "in", ids), ("state", "=", "done")], ["lead_id"], ["__count"]
            )
        }
        objection_rows = self.env["crm.objection"].search_read(
            [("lead_id", "in", ids)],
            ["date", "lead_id", "order_id", "kind", "reason_id", "attempt", "handled_by",
             "outcome", "user_id", "description", "closed_on"],
            order="date, id",
        )
        objections = defaultdict(int)
        for row in objection_rows:
            objections[row["lead_id"][0]] += 1
        quotations = {}
        for row in self.env["sale.order"].search_read(
            [("opportunity_id", "in", ids), ("state", "!=", "cancel")],
            ["opportunity_id", "name", "amount_total", "currency_id", "approval_state", "state"],
            order="id desc",
        ):
            quotations.setdefault(row["opportunity_id"][0], row)
        contract_rows = self.env["crm.contract.request"].search_read(
            [("lead_id", "in", ids)],
            ["name", "contract_number", "partner_id", "lead_id", "user_id", "state", "amount",
             "currency_id", "submitted_on", "drafted_by_id", "drafting_end_on", "signed_on",
             "archived_on", "execution_started_on"],
            order="id",
        )
        contracts = {}
        for row in contract_rows:
            contracts[row["lead_id"][0]] = row  # the last request of the lead
        partner_ids = {row["partner_id"][0] for row in lead_rows if row["partner_id"]}
        partner_ids |= {row["partner_id"][0] for row in contract_rows if row["partner_id"]}
        Partner = self.env["res.partner"]
        # identity fields the user may read (field groups apply)
        readable = Partner.fields_get(PARTNER_IDENTITY_FIELDS, attributes=["string", "type"])
        partner_fields = [fname for fname in PARTNER_IDENTITY_FIELDS if fname in readable]
        partners = Partner.search([("id", "in", list(partner_ids))], order="name, id")
        partner_rows = partners.read(partner_fields)
        categories = {}
        if "category_id" in partner_fields:
            category_ids = {cid for row in partner_rows for cid in row["category_id"]}
            categories = {
                cat.id: cat.display_name
                for cat in self.env["res.partner.category"].browse(list(category_ids))
            }
        return {
            "leads": lead_rows,
            "assessed": assessed,
            "objections": objections,
            "objection_rows": objection_rows,
            "quotations": quotations,
            "contracts": contracts,
            "contract_rows": contract_rows,
            "partner_fields": [(fname, readable[fname]) for fname in partner_fields],
            "partners": partner_rows,
            "categories": categories,
            "file_numbers": {row["id"]: row["file_number"] for row in lead_rows},
        }

    # ------------------------------------------------------------
    # WORKBOOK
    # ------------------------------------------------------------

    def _is_persian(self):
        return (self.env.lang or self.env.user.lang or "").startswith("fa")

    def _build_workbook(self, leads):
        data = self._collect(leads)
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True, "remove_timezone": True})
        persian = self._is_persian()
        fmt = {
            "header": workbook.add_format({
                "bold": True, "bg_color": "#714B67", "font_color": "#FFFFFF",
                "border": 1, "text_wrap": True, "valign": "vcenter",
            }),
            "text": workbook.add_format({}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
            "money": workbook.add_format({"num_format": "#,##0.00"}),
            "days": workbook.add_format({"num_format": "0.0"}),
            "int": workbook.add_format({"num_format": "0"}),
        }
        tz = pytz.timezone(self.env.user.tz or "UTC")
        context = {"workbook": workbook, "fmt": fmt, "persian": persian, "tz": tz}
        self._sheet_pipeline(context, data)
        self._sheet_objections(context, data)
        self._sheet_contracts(context, data)
        self._sheet_targets(context)
        self._sheet_partners(context, data)
        workbook.close()
        return output.getvalue()

    def _local(self, context, value):
        """A UTC datetime of the database in the user's time zone, naive."""
        if isinstance(value, datetime):
            return pytz.utc.localize(value).astimezone(context["tz"]).replace(tzinfo=None)
        return value

    @staticmethod
    def _jalali(value):
        if not value:
            return ""
        if isinstance(value, datetime):
            value = value.date()
        return jdatetime.date.fromgregorian(date=value).strftime("%Y/%m/%d")

    def _write_sheet(self, context, name, columns, rows):
        """``columns``: list of (header, kind, width), kind one of text,
        date, datetime, money, days, int, bool; a date or datetime column is
        followed by its Jalali column for Persian users. ``rows``: lists of
        values in the order of ``columns``."""
        sheet = context["workbook"].add_worksheet(name[:31])
        fmt = context["fmt"]
        persian = context["persian"]
        if persian:
            sheet.right_to_left()
        layout = []
        for header, kind, width in columns:
            layout.append((header, kind, width, False))
            if persian and kind in ("date", "datetime"):
                layout.append((self.env._("%(column)s (Jalali)", column=header), "text", 12, True))
        sheet.set_row(0, 30)
        for col, (header, kind, width, _jalali) in enumerate(layout):
            sheet.write_string(0, col, header, fmt["header"])
            sheet.set_column(col, col, width, fmt.get(kind) if kind in ("date", "datetime") else None)
        yes, no = self.env._("Yes"), self.env._("No")
        for row_index, values in enumerate(rows, start=1):
            col = 0
            for (_header, kind, _width), value in zip(columns, values):
                if kind in ("date", "datetime"):
                    value = self._local(context, value) if value else None
                    if value:
                        sheet.write_datetime(row_index, col, value if isinstance(value, datetime)
                                             else datetime.combine(value, datetime.min.time()), fmt[kind])
                    col += 1
                    if persian:
                        sheet.write_string(row_index, col, self._jalali(value))
                        col += 1
                    continue
                if kind == "bool":
                    sheet.write_string(row_index, col, yes if value else no)
                elif kind in ("money", "days", "int"):
                    if value is not None and value is not False:
                        sheet.write_number(row_index, col, value, fmt[kind])
                elif value:
                    sheet.write_string(row_index, col, str(value))
                col += 1
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(rows), 1), len(layout) - 1)
        # printed: landscape, one page wide, the header row on every page
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(0)
        return sheet

    @staticmethod
    def _name_of(value):
        return value[1] if value else ""

    def _sheet_pipeline(self, context, data):
        origins = self._labels("crm.lead", "contact_origin")
        steps = self._labels("crm.lead", "process_step")
        approvals = self._labels("sale.order", "approval_state")
        contract_states = self._labels("crm.contract.request", "state")
        now = fields.Datetime.now()
        columns = [
            (self.env._("File Number"), "text", 14),
            (self.env._("Opportunity"), "text", 30),
            (self.env._("Customer"), "text", 28),
            (self.env._("Contact Origin"), "text", 22),
            (self.env._("Salesperson"), "text", 20),
            (self.env._("Sales Team"), "text", 18),
            (self.env._("Stage"), "text", 18),
            (self.env._("Process Step"), "text", 22),
            (self.env._("Days in Step"), "days", 10),
            (self.env._("Created On"), "date", 12),
            (self.env._("Expected Revenue"), "money", 16),
            (self.env._("Assessment Done"), "bool", 12),
            (self.env._("Quotation"), "text", 14),
            (self.env._("Quotation Amount"), "money", 16),
            (self.env._("Currency"), "text", 8),
            (self.env._("Approval"), "text", 14),
            (self.env._("Objections"), "int", 10),
            (self.env._("Contract State"), "text", 20),
            (self.env._("Lost"), "bool", 8),
        ]
        rows = []
        for lead in data["leads"]:
            quotation = data["quotations"].get(lead["id"]) or {}
            contract = data["contracts"].get(lead["id"]) or {}
            since = lead["date_last_stage_update"] or lead["create_date"]
            rows.append([
                lead["file_number"] or "",
                lead["name"],
                self._name_of(lead["partner_id"]) or lead["partner_name"] or lead["contact_name"] or "",
                origins.get(lead["contact_origin"], ""),
                self._name_of(lead["user_id"]),
                self._name_of(lead["team_id"]),
                self._name_of(lead["stage_id"]),
                steps.get(lead["process_step"], ""),
                round((now - since).total_seconds() / 86400, 1) if since else None,
                lead["create_date"],
                lead["expected_revenue"],
                bool(data["assessed"].get(lead["id"])),
                quotation.get("name", ""),
                quotation.get("amount_total"),
                self._name_of(quotation.get("currency_id")),
                approvals.get(quotation.get("approval_state"), ""),
                data["objections"].get(lead["id"], 0),
                contract_states.get(contract.get("state"), ""),
                not lead["active"],
            ])
        self._write_sheet(context, self.env._("Pipeline"), columns, rows)

    def _sheet_objections(self, context, data):
        kinds = self._labels("crm.objection", "kind")
        handled = self._labels("crm.objection", "handled_by")
        outcomes = self._labels("crm.objection", "outcome")
        columns = [
            (self.env._("Date"), "datetime", 16),
            (self.env._("File Number"), "text", 14),
            (self.env._("Opportunity"), "text", 30),
            (self.env._("Quotation"), "text", 14),
            (self.env._("Kind"), "text", 10),
            (self.env._("Reason"), "text", 22),
            (self.env._("Attempt"), "int", 8),
            (self.env._("Handled By"), "text", 14),
            (self.env._("Outcome"), "text", 12),
            (self.env._("Salesperson"), "text", 20),
            (self.env._("Closed On"), "datetime", 16),
            (self.env._("Description"), "text", 40),
        ]
        rows = [[
            row["date"],
            data["file_numbers"].get(row["lead_id"][0], ""),
            self._name_of(row["lead_id"]),
            self._name_of(row["order_id"]),
            kinds.get(row["kind"], ""),
            self._name_of(row["reason_id"]),
            row["attempt"],
            handled.get(row["handled_by"], ""),
            outcomes.get(row["outcome"], ""),
            self._name_of(row["user_id"]),
            row["closed_on"],
            row["description"] or "",
        ] for row in data["objection_rows"]]
        self._write_sheet(context, self.env._("Objections"), columns, rows)

    def _sheet_contracts(self, context, data):
        states = self._labels("crm.contract.request", "state")
        columns = [
            (self.env._("Reference"), "text", 14),
            (self.env._("Contract Number"), "text", 16),
            (self.env._("File Number"), "text", 14),
            (self.env._("Customer"), "text", 28),
            (self.env._("Salesperson"), "text", 20),
            (self.env._("Status"), "text", 18),
            (self.env._("Amount"), "money", 16),
            (self.env._("Currency"), "text", 8),
            (self.env._("Submitted On"), "datetime", 16),
            (self.env._("Finance Officer"), "text", 20),
            (self.env._("Drafted On"), "datetime", 16),
            (self.env._("Signed On"), "datetime", 16),
            (self.env._("Archived On"), "datetime", 16),
            (self.env._("Execution Started On"), "datetime", 16),
        ]
        rows = [[
            row["name"],
            row["contract_number"] or "",
            data["file_numbers"].get(row["lead_id"][0], ""),
            self._name_of(row["partner_id"]),
            self._name_of(row["user_id"]),
            states.get(row["state"], ""),
            row["amount"],
            self._name_of(row["currency_id"]),
            row["submitted_on"],
            self._name_of(row["drafted_by_id"]),
            row["drafting_end_on"],
            row["signed_on"],
            row["archived_on"],
            row["execution_started_on"],
        ] for row in data["contract_rows"]]
        self._write_sheet(context, self.env._("Contracts"), columns, rows)

    def _target_domain(self):
        domain = []
        if not self.with_context(active_test=False).lead_ids:
            if self.user_id:
                domain.append(("user_id", "=", self.user_id.id))
            if self.team_id:
                domain.append(("team_id", "=", self.team_id.id))
            if self.date_from:
                domain.append(("date_to", ">=", self.date_from))
            if self.date_to:
                domain.append(("date_from", "<=", self.date_to))
        return domain

    def _sheet_targets(self, context):
        """The sales plans the user may read (their own lines for a
        salesperson), filtered like the leads, with their actual sales."""
        targets = self.env["crm.sales.target"].search(self._target_domain())
        customer_types = self._labels("crm.sales.target", "customer_type")
        columns = [
            (self.env._("From"), "date", 12),
            (self.env._("To"), "date", 12),
            (self.env._("Salesperson"), "text", 20),
            (self.env._("Sales Team"), "text", 18),
            (self.env._("Product Category"), "text", 18),
            (self.env._("Customer Type"), "text", 16),
            (self.env._("Region"), "text", 16),
            (self.env._("Target"), "money", 16),
            (self.env._("Actual"), "money", 16),
            (self.env._("Achievement (%)"), "days", 12),
        ]
        rows = [[
            row["date_from"],
            row["date_to"],
            self._name_of(row["user_id"]),
            self._name_of(row["team_id"]),
            self._name_of(row["product_categ_id"]),
            customer_types.get(row["customer_type"], ""),
            self._name_of(row["state_id"]),
            row["target_amount"],
            row["actual_amount"],
            row["achievement"],
        ] for row in targets.read([
            "date_from", "date_to", "user_id", "team_id", "product_categ_id", "customer_type",
            "state_id", "target_amount", "actual_amount", "achievement",
        ])]
        self._write_sheet(context, self.env._("Sales plans"), columns, rows)

    def _sheet_partners(self, context, data):
        kinds = {"date": "date", "datetime": "datetime", "boolean": "bool", "integer": "int",
                 "float": "money", "monetary": "money"}
        columns = []
        selections = {}
        for fname, description in data["partner_fields"]:
            columns.append((description["string"], kinds.get(description["type"], "text"), 16))
            if description["type"] == "selection":
                selections[fname] = self._labels("res.partner", fname)
        rows = []
        for partner in data["partners"]:
            values = []
            for fname, description in data["partner_fields"]:
                value = partner[fname]
                if description["type"] == "many2one":
                    value = self._name_of(value)
                elif description["type"] == "many2many":
                    value = ", ".join(data["categories"].get(cid, "") for cid in value)
                elif description["type"] == "selection":
                    value = selections[fname].get(value, "")
                elif description["type"] in ("char", "text") and not value:
                    value = ""
                values.append(value)
            rows.append(values)
        self._write_sheet(context, self.env._("People and companies"), columns, rows)
