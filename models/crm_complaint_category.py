# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# severity -> (category field holding its response time in hours, default hours)
SEVERITY_HOURS = {
    "low": ("response_hours_low", 120),
    "medium": ("response_hours_medium", 72),
    "high": ("response_hours_high", 24),
    "critical": ("response_hours_critical", 4),
}


class CrmComplaintCategory(models.Model):
    _name = "crm.complaint.category"
    _description = "Complaint Category"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to offer the category in every company.",
    )
    response_hours_low = fields.Integer(
        string="Response Time (Low, hours)",
        default=SEVERITY_HOURS["low"][1],
        help="Hours from the reception of a low-severity complaint to its response deadline.",
    )
    response_hours_medium = fields.Integer(
        string="Response Time (Medium, hours)",
        default=SEVERITY_HOURS["medium"][1],
        help="Hours from the reception of a medium-severity complaint to its response deadline.",
    )
    response_hours_high = fields.Integer(
        string="Response Time (High, hours)",
        default=SEVERITY_HOURS["high"][1],
        help="Hours from the reception of a high-severity complaint to its response deadline.",
    )
    response_hours_critical = fields.Integer(
        string="Response Time (Critical, hours)",
        default=SEVERITY_HOURS["critical"][1],
        help="Hours from the reception of a critical complaint to its response deadline.",
    )
    complaint_count = fields.Integer(compute="_compute_complaint_count", string="Complaints")

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_complaint_count(self):
        Complaint = self.env["crm.complaint"]
        counts = {}
        if Complaint.has_access("read"):
            counts = dict(Complaint._read_group([("category_id", "in", self.ids)], ["category_id"], ["__count"]))
        for category in self:
            category.complaint_count = counts.get(category, 0)

    @api.constrains(
        "response_hours_low", "response_hours_medium", "response_hours_high", "response_hours_critical"
    )
    def _check_response_hours(self):
        for category in self:
            if any(category[fname] <= 0 for fname, _default in SEVERITY_HOURS.values()):
                raise ValidationError(
                    self.env._(
                        "The response times of the complaint category %(name)s must be positive numbers of hours.",
                        name=category.name,
                    )
                )

    def _response_hours(self, severity):
        """Hours allowed to respond to a complaint of ``severity`` in this
        category (the default of the severity without a category)."""
        fname, default = SEVERITY_HOURS.get(severity or "medium", SEVERITY_HOURS["medium"])
        if not self:
            return default
        self.ensure_one()
        return self[fname] or default
