# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    agency_enforce_stage_gates = fields.Boolean(
        string="Enforce Stage Gates",
        help="Refuse to move a lead into a process stage whose prerequisites "
        "are missing (e.g. a quotation stage without a completed needs "
        "assessment).",
    )
    agency_sales_doc_attachment_ids = fields.Many2many(
        "ir.attachment",
        "res_company_agency_sales_doc_attachment_rel",
        "company_id",
        "attachment_id",
        string="Sales Documents",
        help="The agency's résumé, catalogue and portfolio: attached to the "
        "sales documents sent to a lead by email, linked in the WhatsApp and "
        "Telegram messages.",
    )
    agency_sales_doc_template_id = fields.Many2one(
        "mail.template",
        string="Sales Documents Message",
        domain=[("model", "=", "crm.lead")],
        default=lambda self: self.env.ref(
            "crm_agency_sales.mail_template_agency_sales_documents", raise_if_not_found=False
        ),
        help="Covering message of the sales documents, for email, WhatsApp and Telegram.",
    )
    agency_tariff_pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Tariff Price List",
        help="Price list of the quotations created from needs assessments, "
        "unless the lead has its own.",
    )

    agency_prepayment_required = fields.Boolean(
        string="Prepayment Before Execution",
        help="Project control refers a signed contract to execution only after "
        "the invoice of its prepayment line is paid.",
    )
    agency_notify_contract_sent = fields.Boolean(
        string="Notify: Contract Sent for Reading",
        help="Email the customer when the contract is recorded as sent without "
        "the contract's own email (handed over in person or marked as sent).",
    )
    agency_notify_signing = fields.Boolean(
        string="Notify: Signing Meeting Booked",
        help="Email the customer the date of the signing meeting when it is booked.",
    )
    agency_notify_prepayment_invoice = fields.Boolean(
        string="Notify: Prepayment Invoice",
        help="Email the customer when the invoice of a prepayment line is posted.",
    )
    agency_notify_delivered = fields.Boolean(
        string="Notify: Work Delivered",
        help="Email the customer when project control records the delivery.",
    )
    agency_notify_final_invoice = fields.Boolean(
        string="Notify: Final Invoice",
        help="Email the customer when the invoice of a later (non-prepayment) "
        "payment line is posted.",
    )
    agency_notify_closed = fields.Boolean(
        string="Notify: Thank You at the Close",
        help="Email the customer a thank-you when the deal is closed (always sent "
        "when a satisfaction questionnaire goes with it).",
    )
    agency_closing_survey_id = fields.Many2one(
        "survey.survey",
        string="Closing Satisfaction Survey",
        default=lambda self: self.env.ref(
            "crm_agency_sales.survey_agency_satisfaction", raise_if_not_found=False
        ),
        help="Questionnaire sent to the customer when a deal is closed, with "
        "the thank-you message. Empty: no questionnaire.",
    )
    agency_review_url = fields.Char(
        string="Review Page",
        help="Where a satisfied customer leaves a review (e.g. your Google "
        "Business page): the link is in the thank-you message at the close.",
    )
    agency_finance_reminder_days = fields.Integer(
        string="Finance Reminder Delay (working days)",
        default=2,
        help="Remind finance of a contract request still waiting to be drafted "
        "after this many working days (the company's working schedule).",
    )

    agency_approval_mode = fields.Selection(
        [
            ("never", "Never"),
            ("always", "Always"),
            ("amount", "Above an Amount"),
        ],
        string="Quotation Approval",
        default="never",
        required=True,
        help="Never: quotations need no approval. Always: every quotation "
        "must be approved by a sales manager before it is sent, printed, "
        "shown on the portal or confirmed. Above an Amount: only quotations "
        "whose total is strictly greater than the threshold need it.",
    )
    agency_approval_amount = fields.Monetary(
        string="Approval Threshold",
        currency_field="currency_id",
        help="Quotations whose total (in the company currency) is strictly "
        "greater than this amount need the approval of a sales manager.",
    )
    agency_confirm_by_contract = fields.Boolean(
        string="Confirm Agency Quotations by Signing the Contract",
        help="A quotation of the agency's process (its opportunity is at a "
        "process step, or its sales team has process stages) is not confirmed "
        "directly: signing its contract request confirms it.",
    )
    agency_objection_attempt_limit = fields.Integer(
        string="Objection Attempt Limit",
        default=3,
        help="Failed attempts to overcome a non-price objection after which "
        "the lead moves to the future follow-ups.",
    )
    agency_followup_delay_days = fields.Integer(
        string="Future Follow-up Delay (days)",
        default=90,
        help="Days after the last failed attempt when the customer is "
        "contacted again.",
    )

    # ------------------------------------------------------------
    # SALES DOCUMENTS
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._agency_own_sales_doc_attachments()
        return companies

    def write(self, vals):
        res = super().write(vals)
        if "agency_sales_doc_attachment_ids" in vals:
            self._agency_own_sales_doc_attachments()
        return res

    def _agency_own_sales_doc_attachments(self):
        """Link the sales documents uploaded in the settings to their company.
        Uploaded there, they belong to no record, and only their uploader can
        read such attachments; linked to the company, every user of the
        company can (ir.attachment checks the access to the linked record)."""
        for company in self:
            orphans = company.agency_sales_doc_attachment_ids.filtered(
                lambda att: not att.res_id or att.res_model in (False, "res.config.settings")
            )
            # sudo: writing res_model/res_id requires write access to
            # res.company; this only binds the company's own documents to it.
            orphans.sudo().write({"res_model": "res.company", "res_id": company.id})

