# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager


class ComplaintPortal(CustomerPortal):
    """The customer lists and reads their complaints (/my/complaints) and
    files one on one of their own confirmed orders
    (/my/orders/<id>/complaint). Filing needs a logged-in customer who may
    read the order: an order's access token alone is not enough."""

    _complaints_per_page = 20

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            Complaint = request.env["crm.complaint"]
            values["complaint_count"] = Complaint.search_count([]) if Complaint.has_access("read") else 0
        return values

    @http.route(["/my/complaints", "/my/complaints/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_complaints(self, page=1, **kw):
        Complaint = request.env["crm.complaint"]
        if not Complaint.has_access("read"):
            return request.redirect("/my")
        count = Complaint.search_count([])
        pager = portal_pager(
            url="/my/complaints", total=count, page=page, step=self._complaints_per_page,
        )
        complaints = Complaint.search([], limit=self._complaints_per_page, offset=pager["offset"])
        request.session["my_complaints_history"] = complaints.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update({
            "complaints": complaints,
            "page_name": "complaint",
            "pager": pager,
            "default_url": "/my/complaints",
        })
        return request.render("crm_agency_sales.portal_my_complaints", values)

    @http.route(["/my/complaints/<int:complaint_id>"], type="http", auth="public", website=True)
    def portal_my_complaint(self, complaint_id, access_token=None, **kw):
        try:
            complaint_sudo = self._document_check_access("crm.complaint", complaint_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            complaint_sudo, access_token,
            {"complaint": complaint_sudo, "page_name": "complaint", "sent": kw.get("sent")},
            "my_complaints_history", False,
        )
        return request.render("crm_agency_sales.portal_my_complaint", values)

    @http.route(["/my/orders/<int:order_id>/complaint"], type="http", auth="user", website=True,
                methods=["GET", "POST"])
    def portal_order_complaint(self, order_id, **post):
        order = request.env["sale.order"].browse(order_id)
        try:
            # the customer's own order: read access as themselves, no token
            order.check_access("read")
            order_sudo = order.sudo().exists()
        except (AccessError, MissingError):
            order_sudo = False
        customer = request.env.user.partner_id.commercial_partner_id
        if not order_sudo or order_sudo.partner_id.commercial_partner_id != customer:
            return request.redirect("/my")
        if order_sudo.state != "sale":
            return request.redirect(order_sudo.get_portal_url())
        # sudo: categories are offered by the order's company, whatever the
        # companies of the portal user
        categories = request.env["crm.complaint.category"].sudo().search(
            [("company_id", "in", (False, order_sudo.company_id.id))]
        )
        values = self._prepare_portal_layout_values()
        values.update({
            "sale_order": order_sudo,
            "categories": categories,
            "page_name": "complaint",
            "error": False,
            "description": post.get("description", ""),
            "category_id": post.get("category_id"),
        })
        if request.httprequest.method == "POST":
            description = (post.get("description") or "").strip()
            try:
                category = categories.filtered(lambda c: c.id == int(post.get("category_id") or 0))
            except ValueError:
                category = categories.browse()
            if not description or not category:
                values["error"] = request.env._("Choose a category and describe your complaint.")
                return request.render("crm_agency_sales.portal_complaint_form", values, status=400)
            # sudo: the customer may not create complaints in the back office;
            # this route checked that the order is theirs and builds every
            # value itself (state, expert, company come from the order)
            complaint = request.env["crm.complaint"].sudo().create({
                "partner_id": order_sudo.partner_id.id,
                "order_id": order_sudo.id,
                "company_id": order_sudo.company_id.id,
                "channel": "portal",
                "category_id": category.id,
                "description": description,
                "user_id": (order_sudo.user_id or order_sudo.team_id.user_id).id,
            })
            return request.redirect("/my/complaints/%s?sent=1" % complaint.id)
        return request.render("crm_agency_sales.portal_complaint_form", values)
