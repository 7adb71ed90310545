# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Each role opens what its menus show, as the web client does it.

The web client asks the server for a view (``get_views``, as that user:
fields the user may not see are already removed from the architecture),
builds the specification of the fields the view shows (with the sub-views
of its one2many/many2many fields) and reads it with ``web_read`` (a form) or
``web_search_read`` (a list or kanban). Both calls go through JSON-RPC as the
role's user, on a lead that has tags, objections, quotations, activities and
a contract request, so that every related record a form shows is read too.
"""
from lxml import etree

from odoo import Command
from odoo.tests import tagged

from .contract_common import ContractCommon
from .rpc_common import AgencyRpcMixin

def _own_fields(node):
    """The <field> nodes of a view, not those of its fields' sub-views."""
    for child in node:
        if not isinstance(child.tag, str) or child.tag == "groupby":
            continue
        if child.tag == "field":
            yield child
        else:
            yield from _own_fields(child)


@tagged("post_install", "-at_install", "agency_rpc")
class TestRoleForms(AgencyRpcMixin, ContractCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tags = cls.env["crm.tag"].create([{"name": "VIP", "color": 3}, {"name": "Cosmetics"}])
        cls.campaign = cls.env["utm.campaign"].create({"name": "Spring fair"})
        cls.lead.write({
            "tag_ids": [Command.set(cls.tags.ids)],
            "campaign_id": cls.campaign.id,
            "source_id": cls.env["utm.source"].create({"name": "Fair booth"}).id,
            "medium_id": cls.env.ref("utm.utm_medium_email").id,
            "email_from": "info@setareh.example.com",
        })
        cls.order.write({"tag_ids": [Command.set(cls.tags.ids)], "campaign_id": cls.campaign.id})
        cls.order_2 = cls._create_order(cls.lead, qty=5)
        # the customer answers a sent quotation
        (cls.order | cls.order_2).action_quotation_sent()
        cls.objection = cls.env["crm.objection"].create({
            "lead_id": cls.lead.id,
            "order_id": cls.order_2.id,
            "kind": "price",
            "reason_id": cls.env["crm.objection.reason"].search([("kind", "in", ("price", "both"))], limit=1).id,
            "description": "Too expensive",
        })
        cls.objection.action_resolve()
        cls.order.action_customer_accept()
        cls.lead.activity_schedule(
            "mail.mail_activity_data_call", summary="Call the customer", user_id=cls.user_sales.id,
        )

    def setUp(self):
        super().setUp()
        self.request = self._create_request()
        self.request.activity_schedule(
            "mail.mail_activity_data_todo", summary="Check the contract", user_id=self.user_finance.id,
        )

    # helpers ---------------------------------------------------------

    def _spec(self, node, model, models):
        """The web client's specification of the fields of ``node``."""
        fields_info = models[model]["fields"]
        spec = {}
        for field_node in _own_fields(node):
            fname = field_node.get("name")
            info = fields_info.get(fname)
            if not info:
                continue
            # as the web client's getFieldsSpec: a visible many2one reads its
            # display name, an x2many the fields of its sub-view (or of its
            # tags widget); an invisible field without sub-view its ids only
            entry = {}
            invisible = field_node.get("invisible") in ("1", "True", "true")
            if info["type"] == "many2one" and not invisible:
                entry = {"fields": {"display_name": {}}}
            elif info["type"] in ("one2many", "many2many"):
                subviews = {child.tag: child for child in field_node if child.tag in ("list", "kanban")}
                subview = subviews.get("list") if subviews.get("list") is not None else subviews.get("kanban")
                if subview is not None:
                    entry = {"fields": dict(self._spec(subview, info["relation"], models), display_name={})}
                elif field_node.get("widget") in ("many2many_tags", "many2many_tags_avatar"):
                    entry = {"fields": {"display_name": {}}}
            spec.setdefault(fname, {}).update(entry)
        return spec

    def _view_spec(self, user, model, view_type, view_id=False):
        result = self.rpc(user, model, "get_views", [[view_id, view_type]])
        arch = etree.fromstring(result["views"][view_type]["arch"])
        return self._spec(arch, model, result["models"])

    def _open_form(self, user, records, view_id=False):
        """Read ``records`` as ``user`` with the spec of their form view."""
        spec = self._view_spec(user, records._name, "form", view_id)
        self.assertTrue(spec)
        values = self.rpc(user, records._name, "web_read", records.ids, specification=spec)
        self.assertEqual([value["id"] for value in values], records.ids)
        return values

    def _open_list(self, user, model, view_type, domain, count):
        spec = self._view_spec(user, model, view_type)
        answer = self.rpc(user, model, "web_search_read", domain=domain, specification=spec, limit=80)
        self.assertEqual(answer["length"], count)
        return answer

    # finance ---------------------------------------------------------

    def test_finance_opens_contract_requests(self):
        for view_type in ("list", "kanban"):
            self._open_list(self.user_finance, "crm.contract.request", view_type,
                            [("id", "=", self.request.id)], 1)
        self._open_form(self.user_finance, self.request)

    def test_finance_opens_lead_form(self):
        values = self._open_form(self.user_finance, self.lead)[0]
        self.assertEqual(len(values["tag_ids"]), 2)
        self.assertEqual(len(values["objection_ids"]), 1)
        self.assertEqual(len(values["order_ids"]), 2)

    def test_finance_opens_quotation_form(self):
        self._open_form(self.user_finance, self.order | self.order_2)

    def test_finance_opens_objections(self):
        self._open_list(self.user_finance, "crm.objection", "list", [("lead_id", "=", self.lead.id)], 1)
        self._open_form(self.user_finance, self.objection)

    def test_finance_opens_customer_form(self):
        self._open_form(self.user_finance, self.customer)

    # project control --------------------------------------------------

    def test_project_opens_contract_requests(self):
        for view_type in ("list", "kanban"):
            self._open_list(self.user_project, "crm.contract.request", view_type,
                            [("id", "=", self.request.id)], 1)
        self._open_form(self.user_project, self.request)

    def test_project_opens_lead_form(self):
        values = self._open_form(self.user_project, self.lead)[0]
        self.assertEqual(len(values["tag_ids"]), 2)
        self.assertEqual(len(values["objection_ids"]), 1)

    def test_project_opens_quotation_form(self):
        self._open_form(self.user_project, self.order | self.order_2)

    def test_project_opens_objections(self):
        self._open_list(self.user_project, "crm.objection", "list", [("lead_id", "=", self.lead.id)], 1)
        self._open_form(self.user_project, self.objection)

    def test_project_opens_customer_form(self):
        self._open_form(self.user_project, self.customer)

    # sales and managers still do ------------------------------------

    def test_salesperson_and_manager_open_lead_form(self):
        for user in (self.user_sales, self.user_manager):
            self._open_form(user, self.lead)
            self._open_form(user, self.order)
            self._open_form(user, self.request)

    # buttons a role may not use are not shown to it -------------------

    def test_lead_form_hides_sales_buttons_from_other_roles(self):
        sales_only = {
            "action_send_sales_documents", "action_send_sales_documents_whatsapp",
            "action_send_sales_documents_telegram", "action_new_knowledge_form",
            "action_new_needs_assessment", "action_create_quotation",
            "action_agency_record_objection", "action_open_contract_request_wizard",
            "action_set_won_rainbowman", "action_sale_quotations_new",
        }
        for user in (self.user_finance, self.user_project):
            result = self.rpc(user, "crm.lead", "get_views", [[False, "form"]])
            arch = etree.fromstring(result["views"]["form"]["arch"])
            shown = {button.get("name") for button in arch.iter("button")}
            self.assertFalse(shown & sales_only, "%s sees %s" % (user.name, shown & sales_only))
        result = self.rpc(self.user_sales, "crm.lead", "get_views", [[False, "form"]])
        arch = etree.fromstring(result["views"]["form"]["arch"])
        shown = {button.get("name") for button in arch.iter("button")}
        self.assertLessEqual(sales_only, shown)

    def test_objection_form_hides_actions_from_other_roles(self):
        actions = {"action_resolve", "action_fail", "action_escalate", "action_revise_quotation"}
        for user in (self.user_finance, self.user_project, self.user_sales):
            result = self.rpc(user, "crm.objection", "get_views", [[False, "form"]])
            arch = etree.fromstring(result["views"]["form"]["arch"])
            shown = {button.get("name") for button in arch.iter("button")}
            if user == self.user_sales:
                self.assertLessEqual(actions, shown)
            else:
                self.assertFalse(shown & actions, "%s sees %s" % (user.name, shown & actions))
