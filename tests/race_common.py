# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two real transactions at once, as in Odoo's own concurrency tests: the
data is committed (so that two cursors see it) by the test's ``setUp`` and
deleted by its clean-up; each side runs in its own thread and cursor."""
import threading

from odoo.modules.registry import Registry
from odoo.tests.common import BaseCase, get_db_name


class RaceCommon(BaseCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    def _run_at_once(self, target, envs):
        """Run ``target(env)`` for each of ``envs`` in its own thread (each
        env has its own cursor); close the cursors once every thread is
        done, and fail if one of them hangs."""
        threads = [threading.Thread(target=target, args=(env,)) for env in envs]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
        finally:
            for env in envs:
                if not any(thread.is_alive() for thread in threads):
                    env.cr.close()
        self.assertFalse(any(thread.is_alive() for thread in threads))
