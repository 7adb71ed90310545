# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.models import parse_read_group_spec
from odoo.tools import SQL


class CrmAgencyMedianMixin(models.AbstractModel):
    """Adds the ``median`` aggregate to read_group (pivot and graph views):
    a field declared with ``aggregator="median"`` is aggregated with
    PostgreSQL's ``percentile_cont(0.5)``, which ignores NULL values as AVG
    does."""

    _name = "crm.agency.median.mixin"
    _description = "Median aggregate for reports"

    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec != "__count":
            fname, property_name, func = parse_read_group_spec(aggregate_spec)
            if func == "median" and not property_name and fname in self._fields:
                sql_field = self._field_to_sql(self._table, fname, query)
                return SQL("percentile_cont(0.5) WITHIN GROUP (ORDER BY %s)", sql_field)
        return super()._read_group_select(aggregate_spec, query)
