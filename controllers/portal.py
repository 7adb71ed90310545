# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.sale.controllers import portal as sale_portal
from odoo.addons.sale_management.controllers import portal as sale_management_portal


def _agency_blocked_order(controller, order_id, access_token):
    """The quotation (sudo) when it may not be shown to the customer yet,
    else None (access errors are left to the standard routes)."""
    try:
        order_sudo = controller._document_check_access("sale.order", order_id, access_token=access_token)
    except (AccessError, MissingError):
        return None
    return order_sudo._agency_approval_blocking() or None


class CustomerPortal(sale_management_portal.CustomerPortal):
    """The customer may not view, sign or pay a quotation that awaits the
    approval of a sales manager (signing is refused by
    ``sale.order._has_to_be_signed`` and paying by ``_has_to_be_paid``), nor
    change its lines or add its options (``_can_be_edited_on_portal`` of
    the order and of its lines, ``sale.order.option.add_option_to_order``)."""

    def _prepare_quotations_domain(self, partner):
        # the customer's list of quotations leaves out those awaiting approval
        return super()._prepare_quotations_domain(partner) + [
            ("approval_state", "not in", ("draft", "to_approve", "rejected")),
        ]

    @http.route()
    def portal_order_page(self, order_id, report_type=None, access_token=None, message=False,
                          download=False, downpayment=None, **kw):
        order_sudo = _agency_blocked_order(self, order_id, access_token)
        if order_sudo:
            return request.render(
                "crm_agency_sales.sale_order_portal_not_approved",
                {
                    "order_name": order_sudo.name,
                    "company_name": order_sudo.company_id.name,
                    "res_company": order_sudo.company_id,
                },
                status=403,
            )
        return super().portal_order_page(
            order_id, report_type=report_type, access_token=access_token, message=message,
            download=download, downpayment=downpayment, **kw
        )

    @http.route()
    def portal_quote_option_update(self, order_id, line_id, access_token=None, **kwargs):
        # Only the lines of a quotation needing no approval are editable
        # (sale.order.line._can_be_edited_on_portal); a change that brings it
        # above the approval threshold is refused and rolled back, so the
        # customer is not locked out of it.
        was_blocked = _agency_blocked_order(self, order_id, access_token)
        res = super().portal_quote_option_update(order_id, line_id, access_token=access_token, **kwargs)
        if not was_blocked and _agency_blocked_order(self, order_id, access_token):
            raise UserError(
                request.env._("With this change the quotation would need an approval: ask your salesperson.")
            )
        return res


class PaymentPortal(sale_portal.PaymentPortal):

    @http.route()
    def portal_order_transaction(self, order_id, access_token, **kwargs):
        if _agency_blocked_order(self, order_id, access_token):
            raise ValidationError(request.env._("This quotation awaits approval and cannot be paid yet."))
        return super().portal_order_transaction(order_id, access_token, **kwargs)
