# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Drive the addon's rules through Odoo's real JSON-RPC endpoint.

The web client is one client among others: a rule must hold when a user
calls the server directly, with whatever arguments and context they choose.
``AgencyRpcMixin`` calls ``/jsonrpc`` (the ``object`` service, as XML-RPC
and JSON-RPC clients do) with a user's login and password, and
``assertRpcRefused`` checks that a call is refused with the expected
exception class and that the records it aimed at are unchanged afterwards.

Test methods named ``test_rpc_*`` are counted by ``make test`` as RPC rule
cases.
"""
import json

from odoo.tests import HttpCase


class RpcError(Exception):
    """An error answered by the server: ``name`` is the exception's class
    (``odoo.exceptions.UserError``...), ``message`` its text."""

    def __init__(self, name, message, debug=""):
        super().__init__("%s: %s" % (name, message))
        self.name = name
        self.message = message
        self.debug = debug


def test_password(user):
    """The password ``new_test_user`` gives a user (login padded to 8)."""
    return user.login + "x" * (8 - len(user.login))


class AgencyRpcMixin(HttpCase):
    """Mix in before an ``AgencyCommon`` based class:
    ``class TestX(AgencyRpcMixin, ContractCommon)``."""

    def rpc(self, user, model, method, *args, context=None, **kwargs):
        """Call ``model.method(*args, **kwargs)`` as ``user`` over
        ``/jsonrpc``; return the result or raise ``RpcError``."""
        if context is not None:
            kwargs["context"] = context
        self.env.flush_all()
        payload = json.dumps({
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [
                    self.env.cr.dbname, user.id, test_password(user),
                    model, method, list(args), kwargs,
                ],
            },
        }, default=str).encode()
        response = self.url_open(
            "/jsonrpc", data=payload, headers={"Content-Type": "application/json"}, timeout=120,
        )
        response.raise_for_status()
        answer = response.json()
        # the server may have changed what the test's environment cached
        self.env.invalidate_all()
        if "error" in answer:
            data = answer["error"].get("data") or {}
            raise RpcError(
                data.get("name", "unknown"),
                data.get("message", answer["error"].get("message", "")),
                data.get("debug", ""),
            )
        return answer.get("result")

    def snapshot(self, records, fnames=None):
        """What the superuser reads of ``records`` (all stored fields by
        default), to compare before and after a refused call."""
        records = records.sudo()
        records.invalidate_recordset()
        if fnames is None:
            fnames = [
                name for name, field in records._fields.items()
                if field.store and name not in ("write_date", "__last_update")
                and not name.startswith(("message_", "activity_"))
            ]
        return records.read(fnames)

    def assertRpcRefused(self, user, model, method, *args, records=None, fnames=None,
                         error="UserError", message=None, context=None, **kwargs):
        """Assert that the call is refused with ``error`` (the class name:
        ``UserError``, ``AccessError``, ``ValidationError``...; a tuple for
        any of several), that its message contains ``message`` when given,
        and that ``records`` read the same afterwards. Returns the error."""
        before = self.snapshot(records, fnames) if records is not None else None
        with self.assertRaises(RpcError) as caught:
            self.rpc(user, model, method, *args, context=context, **kwargs)
        exc = caught.exception
        expected = error if isinstance(error, tuple) else (error,)
        self.assertIn(
            exc.name.rsplit(".", 1)[-1], expected,
            "%s.%s refused with %s instead of %s:\n%s" % (
                model, method, exc.name, "/".join(expected), exc.debug[-3000:]),
        )
        if message:
            self.assertIn(message, exc.message)
        if records is not None:
            self.assertEqual(
                self.snapshot(records, fnames), before,
                "%s.%s was refused but changed the data" % (model, method),
            )
        return exc
