# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One clear next action: the header buttons each role sees, and the one
highlighted, at each step of the process.

The form is read as the web client reads it: ``get_views`` as the role's
user (buttons of other groups are already removed), then each header
button's ``invisible`` expression is evaluated with the record's values as
that user reads them. An unknown name in an expression fails the test."""
from lxml import etree

from odoo import Command, fields
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from ..tools.internal import internal_context
from .assessment_common import AssessmentCommon
from .contract_common import ContractCommon

PRIMARY_CLASSES = {"btn-primary", "oe_highlight"}


def _eval_value(record, fname):
    value = record[fname]
    field = record._fields[fname]
    if field.type == "many2one":
        return value.id
    if field.type in ("one2many", "many2many"):
        return value.ids
    if field.type in ("date", "datetime") and value:
        return fields.Datetime.to_string(value) if field.type == "datetime" else str(value)
    return value


class HeaderMixin:

    def _header(self, record, user):
        """Visible header buttons of ``record``'s form for ``user``, in the
        arch's order (the phone's dropdown order): list of (label, name,
        highlighted)."""
        record = record.with_user(user)
        view = record.get_views([(False, "form")])["views"]["form"]
        arch = etree.fromstring(view["arch"])
        header = arch.find(".//header")
        models = record.get_views([(False, "form")])["models"]
        values = {fname: _eval_value(record, fname) for fname in models[record._name]["fields"]}
        values.update({"context": {}, "uid": user.id, "id": record.id})
        visible = []
        for button in header.iter("button"):
            expr = button.get("invisible") or "False"
            if safe_eval(expr, dict(values)):
                continue
            classes = set((button.get("class") or "").split())
            visible.append((button.get("string"), button.get("name"), bool(classes & PRIMARY_CLASSES)))
        return visible

    def assertHeader(self, record, user, highlighted, visible=(), hidden=()):
        header = self._header(record, user)
        labels = [label for label, _name, _primary in header]
        self.assertEqual(
            [label for label, _name, primary in header if primary], highlighted,
            "highlighted buttons of %s for %s (visible: %s)" % (record, user.login, labels),
        )
        self.assertEqual(len(labels), len(set(labels)), "a button shows twice: %s" % labels)
        for label in visible:
            self.assertIn(label, labels, "%s for %s" % (record, user.login))
        for label in hidden:
            self.assertNotIn(label, labels, "%s for %s" % (record, user.login))
        if highlighted:
            self.assertEqual(labels[0], highlighted[0], "the expected action comes first: %s" % labels)
        return labels


@tagged("post_install", "-at_install", "agency_logic")
class TestUxButtonsLead(HeaderMixin, AssessmentCommon):

    def test_cold_new_lead_knowledge_form_first(self):
        lead = self._create_lead(contact_origin="cold", email_from="a@example.com")
        self.assertEqual(lead.agency_next_action, "knowledge")
        self.assertHeader(
            lead, self.user_sales, ["Customer Knowledge Form"],
            visible=["New Quotation", "Lost"],
            # a cold lead's documents wait for the knowledge form (server refuses)
            hidden=["Send Documents", "WhatsApp", "Telegram", "Won", "Quotation from Assessment"],
        )

    def test_warm_new_lead_send_documents_then_channels(self):
        lead = self._create_lead(contact_origin="warm", email_from="a@example.com")
        labels = self.assertHeader(
            lead, self.user_sales, ["Send Documents"],
            visible=["Customer Knowledge Form", "WhatsApp", "Telegram", "New Quotation"],
        )
        # the channels stand beside the email button
        index = labels.index("Send Documents")
        self.assertEqual(labels[index + 1:index + 3], ["WhatsApp", "Telegram"])

    def test_knowledge_done_send_documents(self):
        lead = self._create_lead(contact_origin="cold", email_from="a@example.com")
        form = self._create_form(lead, self.tmpl_knowledge, user=self.user_sales)
        self._answer(form, "What is special about the business?").value_text = "Bakery"
        self._answer(form, "Is this the decision maker?").value_bool = "yes"
        form.with_user(self.user_sales).action_done()
        lead.invalidate_recordset()
        self.assertTrue(lead.knowledge_done)
        self.assertHeader(lead, self.user_sales, ["Send Documents"], hidden=["Customer Knowledge Form"])

    def test_docs_sent_needs_assessment(self):
        lead = self._create_lead(step="docs_sent", contact_origin="warm")
        self.assertHeader(lead, self.user_sales, ["Needs Assessment"], visible=["Send Documents"])

    def test_assessment_done_quotation_from_assessment(self):
        lead = self._create_lead(step="assessment", contact_origin="warm")
        self.assertHeader(lead, self.user_sales, ["Needs Assessment"],
                          hidden=["Quotation from Assessment"])
        form = self._create_form(lead, self.tmpl_needs, user=self.user_sales)
        self._fill_needs(form)
        form.with_user(self.user_sales).action_done()
        lead.invalidate_recordset()
        self.assertHeader(lead, self.user_sales, ["Quotation from Assessment"],
                          visible=["Needs Assessment", "New Quotation"])
        # a quotation made: its next action is on the quotation
        lead.with_user(self.user_sales).action_create_quotation()
        lead.invalidate_recordset()
        self.assertEqual(lead.process_step, "quotation")
        self.assertHeader(lead, self.user_sales, [], visible=["Quotation from Assessment"])

    def test_stock_lead_untouched(self):
        """A lead outside the agency process keeps Odoo's header."""
        team = self.env["crm.team"].create({"name": "Stock team"})
        lead = self.env["crm.lead"].create({
            "name": "Stock deal", "type": "opportunity", "team_id": team.id,
            "user_id": self.user_sales.id, "partner_id": self.customer.id,
        })
        self.assertFalse(lead.process_step)
        self.assertFalse(lead.agency_next_action)
        labels = self.assertHeader(lead, self.user_sales, ["New Quotation"], visible=["Won", "Lost"],
                                   hidden=["Send Documents", "Contract Request", "Needs Assessment"])
        self.assertEqual(labels.count("New Quotation"), 1)

    def test_finance_sees_no_lead_action(self):
        lead = self._create_lead(contact_origin="warm", email_from="a@example.com")
        self.assertHeader(lead, self.user_finance, [], hidden=["Send Documents", "New Quotation", "Won", "Lost"])


@tagged("post_install", "-at_install", "agency_logic")
class TestUxButtonsDeal(HeaderMixin, ContractCommon):

    def _sent(self, order):
        order.with_user(self.user_sales).action_quotation_sent()
        return order

    def test_lead_negotiation_accepted_contract_request(self):
        lead = self._create_lead(step="negotiation")
        order = self._sent(self._create_order(lead))
        self.assertHeader(lead, self.user_sales, [], hidden=["Won"])
        order.with_user(self.user_sales).action_customer_accept()
        lead.invalidate_recordset()
        self.assertEqual(lead.agency_next_action, "contract_request")
        self.assertHeader(lead, self.user_sales, ["Contract Request"], visible=["New Quotation"], hidden=["Won"])

    def test_lead_contract_request_made(self):
        self.assertEqual(self.lead.agency_next_action, "contract_request")
        self.assertHeader(self.lead, self.user_sales, ["Contract Request"])
        self._sent(self.order).with_user(self.user_sales).action_customer_accept()
        self._create_request()
        self.lead.invalidate_recordset()
        self.assertFalse(self.lead.agency_next_action)
        # the wizard would refuse a second request for the quotation
        self.assertTrue(self.lead.agency_contract_requested)
        self.assertHeader(self.lead, self.user_sales, [], hidden=["Contract Request", "Won"])

    def test_lead_smart_button_contract_requests_first(self):
        self._sent(self.order).with_user(self.user_sales).action_customer_accept()
        self._create_request()
        arch = etree.fromstring(self.lead.with_user(self.user_sales).get_views(
            [(False, "form")])["views"]["form"]["arch"])
        box = arch.find(".//div[@name='button_box']")
        first = [b for b in box if b.tag == "button"][0]
        self.assertEqual(first.get("name"), "action_view_contract_requests")

    def test_quotation_sent_customer_accepted_highlighted(self):
        self.company.agency_confirm_by_contract = False
        order = self._sent(self.order)
        self.assertTrue(order.agency_process_order)
        labels = self.assertHeader(order, self.user_sales, ["Customer Accepted"],
                                   visible=["Customer Objected", "Confirm"])
        self.assertEqual(labels.count("Confirm"), 1)
        self.company.agency_confirm_by_contract = True
        order.invalidate_recordset()
        self.assertHeader(order, self.user_sales, ["Customer Accepted"], hidden=["Confirm"])
        # accepted: the contract request comes next
        order.with_user(self.user_sales).action_customer_accept()
        self.assertHeader(order, self.user_sales, ["Contract Request"],
                          hidden=["Customer Accepted", "Confirm"])

    def test_quotation_approval_buttons(self):
        self.company.write({"agency_approval_mode": "always", "agency_approval_amount": 0.0})
        order = self._create_order(self.lead)
        self.assertEqual(order.approval_state, "draft")
        self.assertHeader(order, self.user_sales, ["Request Approval"],
                          hidden=["Send by Email", "Confirm", "Customer Accepted"])
        order.with_user(self.user_sales).action_request_approval()
        self.assertHeader(order, self.user_sales, [], hidden=["Approve", "Send by Email", "Confirm"])
        self.assertHeader(order, self.user_manager, ["Approve"], visible=["Reject"])
        order.with_user(self.user_manager).action_approve()
        self.assertHeader(order, self.user_sales, ["Send by Email"], hidden=["Request Approval"])
        self._sent(order)
        self.assertHeader(order, self.user_sales, ["Customer Accepted"])

    def test_quotation_outside_process_keeps_confirm(self):
        team = self.env["crm.team"].create({"name": "Stock team"})
        order = self.env["sale.order"].create({
            "partner_id": self.customer.id, "team_id": team.id, "user_id": self.user_sales.id,
            "order_line": [Command.create({"product_id": self.product.id, "price_unit": 10.0})],
        })
        self.assertFalse(order.agency_process_order)
        self.assertHeader(order, self.user_sales, ["Send by Email"], visible=["Confirm"])
        self._sent(order)
        self.assertHeader(order, self.user_sales, ["Confirm"], visible=["Customer Accepted"])

    # contract request ----------------------------------------------------

    def test_contract_request_buttons_per_state_and_role(self):
        request = self._create_request()
        self.assertHeader(request, self.user_sales, ["Submit to Finance"], visible=["Cancel Request"])
        # another salesperson of the team: the server refuses them
        self.assertHeader(request, self.user_manager, ["Submit to Finance"])
        self.assertHeader(request, self.user_finance, [], hidden=["Submit to Finance", "Cancel Request"])
        request.with_user(self.user_sales).action_submit()
        self.assertHeader(request, self.user_finance, ["Contract Drafted"], visible=["Start Drafting"])
        self.assertHeader(request, self.user_sales, [], visible=["Cancel Request"])
        request.with_user(self.user_finance).action_start_drafting()
        self.assertHeader(request, self.user_finance, ["Contract Drafted"], hidden=["Start Drafting"])
        request.with_user(self.user_finance).action_drafted()
        self.assertHeader(request, self.user_sales, ["Sent to Customer"])
        self.assertHeader(request, self.user_finance, [])
        request.with_user(self.user_sales).action_mark_sent()
        self.assertHeader(request, self.user_sales, ["Book Signing Meeting"])
        request.with_user(self.user_sales).action_book_signing()
        self.assertHeader(request, self.user_sales, ["Mark as Signed"])

    def test_contract_request_other_salesperson_sees_no_action(self):
        request = self._create_request()
        request.user_id = self.user_sales_2
        # the request's salesperson does the sales steps, not a colleague
        self.assertHeader(request, self.user_sales_2, ["Submit to Finance"])
        self.assertHeader(request, self.user_sales, [], hidden=["Submit to Finance", "Cancel Request"])

    def test_start_drafting_feedback(self):
        request = self._create_request()
        request.with_user(self.user_sales).action_submit()
        action = request.with_user(self.user_finance).action_start_drafting()
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn(request.name, action["params"]["message"])
        self.assertEqual(action["params"]["next"], {"type": "ir.actions.act_window_close"})
        self.assertTrue(request.drafting_start_on)
        self.assertIn("Finance started drafting", request.message_ids[0].body)
        arch = etree.fromstring(request.with_user(self.user_sales).get_views(
            [(False, "form")])["views"]["form"]["arch"])
        banner = arch.find(".//div[@name='agency_drafting']")
        self.assertIsNotNone(banner)
        self.assertEqual(banner.get("invisible"), "state != 'submitted' or not drafting_start_on")

    # forms say what they need ---------------------------------------------

    def _required_of(self, model, fnames, record_values):
        arch = etree.fromstring(self.env[model].with_user(self.user_sales).get_views(
            [(False, "form")])["views"]["form"]["arch"])
        result = {}
        for fname in fnames:
            node = arch.xpath("//field[@name='%s'][not(ancestor::list)]" % fname)[0]
            result[fname] = bool(safe_eval(node.get("required") or "False", dict(record_values)))
        return result

    def test_wizard_required_marks_match_validation(self):
        """The request's form (the salesperson fills the draft) marks what
        submitting it needs."""
        fnames = ["legal_name", "national_id", "company_national_id", "registration_number",
                  "signatory_ids", "street", "city", "phone", "mobile", "subject",
                  "date_start", "date_end", "amount", "payment_line_ids"]
        company = self._required_of("crm.contract.request", fnames, {
            "party_type": "company", "can_edit_data": True,
            "street": False, "city": False, "phone": False, "mobile": False,
        })
        self.assertEqual({f for f, r in company.items() if r}, {
            "legal_name", "company_national_id", "registration_number", "signatory_ids",
            "street", "city", "phone", "mobile", "subject", "date_start", "date_end",
            "amount", "payment_line_ids",
        })
        person = self._required_of("crm.contract.request", fnames, {
            "party_type": "person", "can_edit_data": True, "street": "12 Vali-Asr",
            "city": False, "phone": False, "mobile": "+98912",
        })
        self.assertEqual({f for f, r in person.items() if r}, {
            "legal_name", "national_id", "street", "mobile", "subject", "date_start",
            "date_end", "amount", "payment_line_ids",
        })
        # every field marked is one the server asks for: an empty draft lists them
        request = self.env["crm.contract.request"].with_user(self.user_sales).create({
            "partner_id": self.customer.id, "party_type": "person",
        })
        problems = "\n".join(request._data_problems())
        for text in ("legal name", "national code", "address", "phone", "subject",
                     "start date", "end date", "amount", "payment schedule"):
            self.assertIn(text, problems)
        # signatory and payment lines: their columns are marked too
        arch = etree.fromstring(self.env["crm.contract.request"].get_views(
            [(False, "form")])["views"]["form"]["arch"])
        for xpath in ("//field[@name='signatory_ids']//field[@name='name']",
                      "//field[@name='signatory_ids']//field[@name='position']",
                      "//field[@name='payment_line_ids']//field[@name='label']",
                      "//field[@name='payment_line_ids']//field[@name='due_date']"):
            self.assertEqual(arch.xpath(xpath)[0].get("required"), "1", xpath)

    def test_request_form_required_marks(self):
        fnames = ["legal_name", "national_id", "company_national_id", "registration_number",
                  "subject", "date_start", "date_end", "street", "city"]
        editable = self._required_of("crm.contract.request", fnames, {
            "party_type": "company", "can_edit_data": True, "street": False, "city": "Tehran",
        })
        self.assertEqual({f for f, r in editable.items() if r}, {
            "legal_name", "company_national_id", "registration_number", "subject",
            "date_start", "date_end", "city",
        })
        locked = self._required_of("crm.contract.request", fnames, {
            "party_type": "company", "can_edit_data": False, "street": False, "city": False,
        })
        self.assertFalse(any(locked.values()), "a read-only request blocks no save")
        # the web client's form: an incomplete request cannot be saved
        with self.assertRaises(AssertionError):
            with Form(self.env["crm.contract.request"].with_user(self.user_sales)) as form:
                form.partner_id = self.customer

    def test_party_type_follows_customer(self):
        bakery = self.env["res.partner"].create({"name": "Behnam Bakery", "is_company": True})
        baker = self.env["res.partner"].create({"name": "Ali Behnam", "parent_id": bakery.id})
        person = self.env["res.partner"].create({"name": "Sima Rad"})
        Wizard = self.env["crm.contract.request.wizard"].with_user(self.user_sales)
        for partner, expected in ((bakery, "company"), (baker, "company"), (person, "person")):
            lead = self._create_lead(step="contract", partner_id=partner.id)
            order = self._create_order(lead)
            request = self._new_draft(order=order)
            self.assertEqual(request.party_type, expected, partner.name)
            lead = self._create_lead(step="contract", partner_id=partner.id)
            order = self._create_order(lead)
            wizard_lead = Wizard.with_context(default_lead_id=lead.id).create({})
            self.assertEqual(wizard_lead.order_id, order)
            request = self.env["crm.contract.request"].browse(wizard_lead.action_confirm()["res_id"])
            self.assertEqual(request.party_type, expected, partner.name)
        # changing the customer in the request's form changes the party type
        form = Form(self._new_draft().with_user(self.user_sales))
        self.assertEqual(form.party_type, "company")
        form.partner_id = person
        self.assertEqual(form.party_type, "person")
        form.partner_id = bakery
        self.assertEqual(form.party_type, "company")
        # a request created without a party type takes the customer's
        request = self.env["crm.contract.request"].create({"partner_id": person.id})
        self.assertEqual(request.party_type, "person")
        request = self.env["crm.contract.request"].create({"partner_id": baker.id})
        self.assertEqual(request.party_type, "company")

    def test_company_greeting_in_covering_email(self):
        """The sales-documents email greets a company as a team."""
        bakery = self.env["res.partner"].create({
            "name": "Behnam Bakery", "is_company": True, "email": "bakery@example.com",
        })
        lead = self._create_lead(step="new", partner_id=bakery.id, contact_origin="warm",
                                 email_from="bakery@example.com")
        template = self.env.ref("crm_agency_sales.mail_template_agency_sales_documents")
        body = template._render_field("body_html", lead.ids)[lead.id]
        self.assertIn("Behnam Bakery team", body)
        self.assertNotIn("Ms./Mr. Behnam Bakery", body)


@tagged("post_install", "-at_install", "agency_tour")
class TestUxButtonsTour(HttpCase):

    def test_lead_header_tour(self):
        user = new_test_user(
            self.env, login="tour_buttons_sales", name="Bita Buttons",
            groups="sales_team.group_sale_salesman",
        )
        customer = self.env["res.partner"].create({
            "name": "Behnam Bakery", "is_company": True, "email": "bakery@example.com",
        })
        lead = self.env["crm.lead"].with_context(**internal_context("agency_skip_stage_gates")).create({
            "name": "Bakery website",
            "type": "opportunity",
            "user_id": user.id,
            "partner_id": customer.id,
            "email_from": "bakery@example.com",
            "contact_origin": "warm",
            "team_id": self.env.ref("crm_agency_sales.crm_team_agency").id,
            "stage_id": self.env.ref("crm_agency_sales.stage_agency_new").id,
        })
        self.assertEqual(lead.agency_next_action, "send_docs")
        self.start_tour(f"/odoo/crm/{lead.id}", "agency_lead_buttons_tour", login=user.login)
