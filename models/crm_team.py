# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    agency_own_stages_only = fields.Boolean(
        string="Show only this team's stages",
        help="The team's pipeline shows only the stages of this team (plus "
        "any stage that still holds one of its leads), not the stages shared "
        "by every team; a new lead of the team starts at the team's own "
        "first stage (its \"New lead\" process step). Other teams keep "
        "Odoo's behaviour.",
    )
