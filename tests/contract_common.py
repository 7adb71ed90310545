# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
from datetime import date

from odoo import Command

from .common import AgencyCommon

VALID_NATIONAL_CODE = "0084575948"
VALID_COMPANY_ID = "10380284790"
VALID_IBAN = "IR940170000000110810500001"


class ContractCommon(AgencyCommon):
    """An accepted quotation of the customer on a lead, and helpers to make
    its contract request (wizard, then the draft request's form)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write({
            "street": "12 Vali-Asr Ave",
            "city": "Tehran",
            "company_registry": "123456",
            "phone": "+982188776655",
        })
        cls.product = cls.env["product.product"].create({
            "name": "Website design",
            "type": "service",
            "list_price": 1000.0,
            "invoice_policy": "order",
            "taxes_id": [Command.clear()],
        })
        cls.lead = cls._create_lead(step="contract")
        cls.order = cls._create_order(cls.lead)

    @classmethod
    def _create_order(cls, lead, user=None, qty=10):
        return cls.env["sale.order"].create({
            "partner_id": (lead.partner_id or cls.customer).id,
            "user_id": (user or cls.user_sales).id,
            "team_id": cls.team.id,
            "opportunity_id": lead.id,
            "order_line": [Command.create({
                "product_id": cls.product.id,
                "product_uom_qty": qty,
                "price_unit": 1000.0,
                "tax_id": [Command.clear()],
            })],
        })

    def _wizard_form_values(self):
        """Values completing a request pre-filled from the customer (a company),
        as the salesperson types them in its form."""
        return {
            "legal_name": "Setareh Cosmetics Co.",
            "company_national_id": VALID_COMPANY_ID,
            "bank_iban": VALID_IBAN,
            "subject": "Website design and hosting",
            "date_start": date(2027, 1, 1),
            "date_end": date(2027, 6, 30),
            "signatory_ids": [Command.create({
                "name": "Reza Rahimi", "position": "CEO", "national_id": VALID_NATIONAL_CODE,
            })],
        }

    def _new_wizard(self, user=None, order=None):
        """The contract-request wizard opened from ``order``."""
        order = order or self.order
        return self.env["crm.contract.request.wizard"].with_user(user or self.user_sales).with_context(
            default_order_id=order.id, default_lead_id=order.opportunity_id.id,
        ).create({})

    def _new_draft(self, user=None, order=None, **values):
        """The draft request the wizard makes from ``order``, then ``values``
        written by the salesperson as in the request's form."""
        user = user or self.user_sales
        action = self._new_wizard(user=user, order=order).action_confirm()
        request = self.env["crm.contract.request"].browse(action["res_id"])
        if values:
            request.with_user(user).write(values)
        return request

    def _create_request(self, user=None, order=None, **values):
        """A complete draft request of ``order`` (ready to submit)."""
        vals = self._wizard_form_values()
        vals.update(values)
        return self._new_draft(user=user, order=order, **vals)

    # the request's workflow ------------------------------------------

    def _as(self, user, request=None):
        """``request`` (the test's ``self.request`` by default) as ``user``."""
        return (request or self.request).with_user(user)

    def _signed_scan(self, request, user=None):
        """A scan of the signed contract, attached to ``request`` by ``user``
        (the salesperson by default)."""
        return self.env["ir.attachment"].with_user(user or self.user_sales).create({
            "name": "signed.pdf",
            "datas": base64.b64encode(b"%PDF-1.4 signed"),
            "res_model": "crm.contract.request",
            "res_id": request.id,
        })

    def _ready_to_sign(self, request, user=None):
        """The salesperson attaches the signed scan and ticks the checklist,
        in one save of the form."""
        user = user or self.user_sales
        request.with_user(user).write({
            "signed_attachment_ids": [Command.link(self._signed_scan(request, user).id)],
            "check_pages_signed": True,
            "check_pages_stamped": True,
            "check_authorized_signatories": True,
        })

    def _bring_to(self, state, request=None):
        """Walk ``request`` (``self.request`` by default) through its
        workflow, each step by its role, up to ``state``."""
        request = request or self.request
        steps = [
            ("submitted", self.user_sales, "action_submit"),
            ("drafted", self.user_finance, "action_drafted"),
            ("sent", self.user_sales, "action_mark_sent"),
            ("signing", self.user_sales, "action_book_signing"),
        ]
        for target, user, method in steps:
            getattr(self._as(user, request), method)()
            if target == state:
                return request
        self._ready_to_sign(request)
        self._as(self.user_sales, request).action_sign()
        if state == "signed":
            return request
        self._archive(request)
        return request

    def _archive(self, request):
        """Finance archives the signed contract."""
        self._as(self.user_finance, request).action_register_legal_archive()
