# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).


def uninstall_hook(env):
    """The legal archive goes with the module. Its records are never deleted
    otherwise, and they point to their contract requests with ``ondelete=
    "restrict"``: before the module's tables are dropped, Odoo deletes the
    records the module's XML ids name (demo data, imports with external ids),
    and an archived request among them would be refused, leaving its
    customer, quotation and users behind with errors in the log."""
    env.cr.execute("DELETE FROM legal_archive")
