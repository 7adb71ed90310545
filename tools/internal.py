# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Context marks that only the server's own code can set.

The request context is written by the client: any RPC call may send any
context key with any JSON value. A step of the process that must write a
protected field (the approval decision, a contract's state...) therefore
marks its environment with a Python object that no JSON value can be equal
to or identical with::

    records.with_context(**internal_context("agency_approval_flow")).write(vals)

and the guard asks ``is_internal(self.env, "agency_approval_flow")``. A
client sending ``{"agency_approval_flow": true}`` gets the rule.
"""


class _InternalMark:
    """The value of an internal context key; compared by identity."""

    __slots__ = ()

    def __repr__(self):
        return "<internal>"

    def __bool__(self):
        return True


INTERNAL = _InternalMark()


def internal_context(*keys):
    """A context dict that marks each of ``keys`` as set by the server."""
    return {key: INTERNAL for key in keys}


def is_internal(env, key):
    """True when ``key`` was set in ``env``'s context by ``internal_context``
    (never by a client: JSON cannot carry this object)."""
    return env.context.get(key) is INTERNAL


def module_uninstalling(env):
    """True only while this addon is really being uninstalled.

    Odoo skips the ``@api.ondelete(at_uninstall=False)`` guards when the
    context carries ``_force_unlink``, which any client can send; so the
    addon's guards run at uninstall too (``at_uninstall=True``) and step
    aside only when the module's own state says it is being removed."""
    from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG  # pylint: disable=import-outside-toplevel

    if not env.context.get(MODULE_UNINSTALL_FLAG):
        return False
    env.cr.execute("SELECT state FROM ir_module_module WHERE name = 'crm_agency_sales'")
    row = env.cr.fetchone()
    return bool(row) and row[0] == "to remove"
