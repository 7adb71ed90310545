# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProductDocument(models.Model):
    _inherit = "product.document"

    # Finance and project control read the quotations of the leads they
    # follow: the quotation form computes which product documents go with
    # the quotation from this flag (sale_pdf_quote_builder), so they read it
    # too (read only: they have no write access to product documents).
    attached_on_sale = fields.Selection(
        groups="sales_team.group_sale_salesman,"
        "crm_agency_sales.group_agency_finance,"
        "crm_agency_sales.group_agency_project_control",
    )
