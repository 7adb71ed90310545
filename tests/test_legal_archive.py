# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import datetime

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged, users

from ..tools.internal import internal_context
from .common import AgencyCommon


class LegalArchiveCommon(AgencyCommon):
    """A signed contract request (scan attached) ready to be archived."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

    @classmethod
    def _create_request(cls, company=None, user=None, state="signed", scans=1, **values):
        company = company or cls.company
        vals = {
            "partner_id": cls.customer.id,
            "user_id": (user or cls.user_sales).id,
            "company_id": company.id,
            "currency_id": company.currency_id.id,
            "party_type": "company",
            "legal_name": "Setareh Cosmetics PJS",
            "signatory_ids": [
                Command.create({"name": "Reza Karimi", "position": "CEO"}),
                Command.create({"name": "Nasrin Ahmadi", "position": "Board member"}),
            ],
            "amount": 1250000,
            "subject": "Digital marketing services for twelve months",
            "date_start": datetime.date(2026, 11, 25),
            "date_end": datetime.date(2027, 11, 24),
            "contract_date": datetime.date(2026, 11, 25),
        }
        vals.update(values)
        request = cls.env["crm.contract.request"].with_company(company).create(vals)
        scans_vals = [{
            "name": "signed-contract-%d.pdf" % index,
            "datas": base64.b64encode(b"%PDF-1.4 signed scan"),
            "res_model": "crm.contract.request",
            "res_id": request.id,
        } for index in range(scans)]
        attachments = cls.env["ir.attachment"].create(scans_vals)
        # the scans are attached before signing: a signed request's scans
        # cannot be replaced any more
        request.signed_attachment_ids = [Command.set(attachments.ids)]
        # Workflow fields are written by the transitions only: the fixture
        # jumps to the state under test.
        request._transition({
            "state": state,
            "contract_number": "CT/%s/%04d" % (company.id, request.id),
            "signed_on": fields.Datetime.now(),
        })
        return request


@tagged("post_install", "-at_install", "agency_logic")
class TestLegalArchive(LegalArchiveCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.request = cls._create_request()
        cls.request.with_user(cls.user_finance).action_register_legal_archive(physical_location="Cabinet A")
        cls.archive = cls.request.legal_archive_id

    # ------------------------------------------------------------
    # ARCHIVING
    # ------------------------------------------------------------

    def test_archive_by_finance(self):
        request, archive = self.request, self.archive
        self.assertEqual(request.state, "archived")
        self.assertTrue(archive.name.startswith("LA/"), archive.name)
        self.assertEqual(archive.request_id, request)
        self.assertEqual(archive.partner_id, self.customer)
        self.assertEqual(archive.contract_number, request.contract_number)
        self.assertEqual(archive.contract_date, datetime.date(2026, 11, 25))
        self.assertEqual(archive.amount, 1250000)
        self.assertEqual(archive.currency_id, self.company.currency_id)
        self.assertIn("Reza Karimi - CEO", archive.signatory_names)
        self.assertIn("Nasrin Ahmadi - Board member", archive.signatory_names)
        self.assertEqual(archive.attachment_ids, request.signed_attachment_ids)
        self.assertEqual(archive.physical_location, "Cabinet A")
        self.assertEqual(archive.archived_by_id, self.user_finance)
        self.assertTrue(archive.archived_on)
        self.assertEqual(request.archived_by_id, self.user_finance)
        self.assertEqual(archive.company_id, self.company)
        # the request's own attachments stay on the request
        self.assertEqual(set(archive.attachment_ids.mapped("res_model")), {"crm.contract.request"})

    def test_archive_refused_for_other_roles(self):
        request = self._create_request()
        for user in (self.user_sales, self.user_manager, self.user_project, self.user_admin):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                request.with_user(user).action_register_legal_archive()
        self.assertEqual(request.state, "signed")
        self.assertFalse(request.legal_archive_id)
        # nor directly through the model (RPC)
        for user in (self.user_sales, self.user_manager, self.user_project):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["legal.archive"].with_user(user).create({"request_id": request.id})
        self.assertFalse(self.env["legal.archive"].search([("request_id", "=", request.id)]))

    @users("agency_finance")
    def test_archive_needs_signed_request(self):
        request = self._create_request(state="signing")
        with self.assertRaises(UserError):
            request.with_env(self.env).action_register_legal_archive()
        with self.assertRaises(UserError):
            self.env["legal.archive"].create({"request_id": request.id})
        self.assertEqual(request.state, "signing")
        self.assertFalse(request.legal_archive_id)

    @users("agency_finance")
    def test_archive_needs_a_signed_document(self):
        request = self._create_request(scans=0)
        with self.assertRaisesRegex(UserError, "scan of the signed contract"):
            request.with_env(self.env).action_register_legal_archive()
        # the model itself refuses a record without documents (even made by
        # the server's archive step, past its own checks)
        with self.assertRaises(ValidationError):
            self.env["legal.archive"].with_context(
                **internal_context("agency_legal_archive")).create({"request_id": request.id})
        self.assertEqual(request.state, "signed")

    def test_archive_only_once(self):
        with self.assertRaises(UserError):
            self.request.with_user(self.user_finance).action_register_legal_archive()
        self.assertEqual(self.env["legal.archive"].search_count([("request_id", "=", self.request.id)]), 1)

    @users("agency_finance")
    def test_create_takes_contract_data_from_request(self):
        """A forged contract number or amount given to the archive step is
        ignored (a direct create over RPC is refused: test_rpc_contract)."""
        request = self._create_request()
        archive = self.env["legal.archive"].with_context(
            **internal_context("agency_legal_archive")).create({
            "request_id": request.id,
            "contract_number": "FORGED",
            "amount": 1.0,
            "legal_reference": "REG-1",
        })
        self.assertEqual(archive.contract_number, request.contract_number)
        self.assertEqual(archive.amount, 1250000)
        self.assertEqual(archive.legal_reference, "REG-1")

    # ------------------------------------------------------------
    # IMMUTABILITY
    # ------------------------------------------------------------

    def _frozen_values(self):
        other_partner = self.env["res.partner"].create({"name": "Someone Else"})
        other_scan = self.env["ir.attachment"].create({"name": "other.pdf", "raw": b"x"})
        return {
            "contract_number": "CHANGED",
            "contract_date": "2020-01-01",
            "amount": 1.0,
            "partner_id": other_partner.id,
            "signatory_names": "Nobody",
            "attachment_ids": [Command.link(other_scan.id)],
            "archived_by_id": self.user_manager.id,
            "company_id": self.company_2.id,
            "name": "LA/0000",
        }

    def test_immutable_for_every_role(self):
        snapshot = self.archive.read(list(self._frozen_values()))[0]
        users = {
            "finance": self.archive.with_user(self.user_finance),
            "manager": self.archive.with_user(self.user_manager),
            "salesperson": self.archive.with_user(self.user_sales),
            "project": self.archive.with_user(self.user_project),
            "admin": self.archive.with_user(self.user_admin),
            "superuser": self.archive.sudo(),
        }
        for role, archive in users.items():
            for field_name, value in self._frozen_values().items():
                with self.subTest(role=role, field=field_name), self.assertRaises(UserError):
                    archive.write({field_name: value})
        # the registration fields do not smuggle frozen ones
        with self.assertRaisesRegex(UserError, "Amount"):
            self.archive.with_user(self.user_finance).write({"physical_location": "B", "amount": 2})
        self.archive.invalidate_recordset()
        self.assertEqual(self.archive.read(list(self._frozen_values()))[0], snapshot)
        self.assertEqual(self.archive.physical_location, "Cabinet A")

    def test_unlink_refused_for_everyone(self):
        for archive in (
            self.archive.with_user(self.user_finance),
            self.archive.with_user(self.user_manager),
            self.archive.with_user(self.user_admin),
            self.archive.sudo(),
            self.archive,  # superuser environment
        ):
            with self.subTest(user=archive.env.user.login, su=archive.env.su), \
                    self.assertRaises(UserError):
                archive.unlink()
        # no access right allows it (an administrator included); past them,
        # the model refuses it: the superuser gets the explicit message
        for user in (self.user_finance, self.user_admin):
            with self.assertRaises(AccessError):
                self.archive.with_user(user).unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.archive.sudo().unlink()
        self.assertTrue(self.archive.exists())

    def test_signed_documents_protected(self):
        scan = self.archive.attachment_ids[0]
        for user in (self.user_sales, self.user_finance):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                scan.with_user(user).unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            scan.sudo().unlink()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            scan.sudo().write({"raw": b"another document"})
        self.assertTrue(scan.exists())
        self.assertEqual(scan.raw, b"%PDF-1.4 signed scan")
        # other attachments of the request are not concerned
        other = self.env["ir.attachment"].create({
            "name": "note.txt", "raw": b"note",
            "res_model": "crm.contract.request", "res_id": self.request.id,
        })
        other.write({"raw": b"changed"})
        other.unlink()
        self.assertFalse(other.exists())

    @users("agency_finance")
    def test_copy_refused(self):
        with self.assertRaises(UserError):
            self.archive.with_env(self.env).copy()

    @users("agency_finance")
    def test_registration_fields_by_finance(self):
        archive = self.archive.with_env(self.env)
        archive.write({
            "physical_location": "Cabinet B, shelf 2",
            "legal_reference": "REG-1405-0042",
            "legal_registration_date": "2026-12-01",
        })
        self.assertEqual(self.archive.physical_location, "Cabinet B, shelf 2")
        self.assertEqual(self.archive.legal_reference, "REG-1405-0042")
        self.assertEqual(self.archive.legal_registration_date, datetime.date(2026, 12, 1))
        self.assertTrue(archive.can_edit_registration)
        # the chatter stays usable
        archive.message_post(body="Paper copy moved")

    @users("agency_manager", "agency_sales", "agency_project", "admin")
    def test_registration_fields_refused_to_others(self):
        archive = self.archive.with_env(self.env)
        for field_name, value in (
            ("physical_location", "Elsewhere"),
            ("legal_reference", "REG-X"),
            ("legal_registration_date", "2026-12-02"),
        ):
            with self.subTest(field=field_name), self.assertRaises(AccessError):
                archive.write({field_name: value})
        self.assertFalse(archive.can_edit_registration)
        self.assertEqual(self.archive.physical_location, "Cabinet A")
        self.assertFalse(self.archive.legal_reference)
        self.assertFalse(self.archive.legal_registration_date)

    # ------------------------------------------------------------
    # ACCESS
    # ------------------------------------------------------------

    def test_read_access(self):
        for user in (self.user_finance, self.user_manager, self.user_project, self.user_sales,
                     self.user_admin):
            with self.subTest(user=user.login):
                self.assertEqual(self.archive.with_user(user).name, self.archive.name)
        # another salesperson does not see it; an employee has no access at all
        Archive = self.env["legal.archive"]
        self.assertFalse(Archive.with_user(self.user_sales_2).search([("id", "=", self.archive.id)]))
        with self.assertRaises(AccessError):
            Archive.with_user(self.user_employee).search([])

    def test_multi_company_isolation(self):
        request_c2 = self._create_request(company=self.company_2, user=self.user_sales_c2)
        finance_c2 = new_test_user(
            self.env, login="agency_finance_c2", groups="crm_agency_sales.group_agency_finance",
            company_id=self.company_2.id, company_ids=[Command.set(self.company_2.ids)],
        )
        request_c2.with_user(finance_c2).with_company(self.company_2).action_register_legal_archive()
        archive_c2 = request_c2.legal_archive_id
        self.assertEqual(archive_c2.company_id, self.company_2)
        Archive = self.env["legal.archive"]
        # company 1 users do not see the archive of company 2, and vice versa
        for user in (self.user_finance, self.user_manager, self.user_project):
            with self.subTest(user=user.login):
                self.assertEqual(Archive.with_user(user).search([]), self.archive)
                with self.assertRaises(AccessError):
                    archive_c2.with_user(user).read(["name"])
        self.assertEqual(Archive.with_user(finance_c2).search([]), archive_c2)
        self.assertEqual(Archive.with_user(self.user_sales_c2).search([]), archive_c2)
        with self.assertRaises(AccessError):
            self.archive.with_user(self.user_sales_c2).read(["name"])
        with self.assertRaises(AccessError):
            self.archive.with_user(finance_c2).write({"physical_location": "Elsewhere"})
        # each company numbers its archives with the shared sequence
        self.assertNotEqual(archive_c2.name, self.archive.name)
