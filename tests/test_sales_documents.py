# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import re
from unittest.mock import patch
from urllib.parse import parse_qs, urlsplit

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged, users
from odoo.tools import html2plaintext

from ..tools.internal import internal_context
from .common import AgencyCommon

DOC_NAMES = ["catalogue.pdf", "portfolio.pdf", "resume.pdf"]


class SalesDocumentsCommon(AgencyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env.ref("crm_agency_sales.mail_template_agency_sales_documents")
        cls.company.agency_sales_doc_template_id = cls.template
        cls.user_sales.partner_id.function = "Senior Sales Expert"
        # as uploaded in the settings (many2many_binary): linked to no record
        cls.documents = cls.env["ir.attachment"].create([
            {
                "name": name,
                "datas": base64.b64encode(content),
                "res_model": "res.config.settings",
                "res_id": 0,
            }
            for name, content in (
                ("resume.pdf", b"%PDF-1.4 resume"),
                ("catalogue.pdf", b"%PDF-1.4 catalogue"),
                ("portfolio.pdf", b"%PDF-1.4 portfolio"),
            )
        ])
        settings = cls.env["res.config.settings"].create({
            "agency_sales_doc_attachment_ids": [(6, 0, cls.documents.ids)],
        })
        settings.execute()

    def _warm_lead(self, **values):
        vals = {"contact_origin": "warm"}
        vals.update(values)
        return self._create_lead(**vals)

    def _snapshot(self, lead):
        return (
            lead.sales_docs_sent_on, lead.sales_docs_channel, lead.stage_id, len(lead.message_ids)
        )

    def _composer_form(self, lead, user=None):
        """The email composer as ``action_send_sales_documents`` opens it."""
        user = user or self.user_sales
        action = lead.with_user(user).action_send_sales_documents()
        self.assertEqual(action["res_model"], "mail.compose.message")
        composer = self.env["mail.compose.message"].with_user(user)
        return Form(composer.with_context(**action["context"]))


@tagged("post_install", "-at_install", "agency_logic")
class TestSalesDocuments(SalesDocumentsCommon):
    def test_settings_documents_belong_to_company(self):
        """Files uploaded in the settings are stored on the company and every
        salesperson of the company can read them."""
        self.assertEqual(self.company.agency_sales_doc_attachment_ids, self.documents)
        self.assertEqual(set(self.documents.mapped("res_model")), {"res.company"})
        self.assertEqual(set(self.documents.mapped("res_id")), {self.company.id})
        as_sales = self.documents.with_user(self.user_sales)
        self.assertEqual(as_sales.mapped("name"), ["resume.pdf", "catalogue.pdf", "portfolio.pdf"])
        self.assertTrue(all(as_sales.mapped("datas")))
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.agency_sales_doc_attachment_ids, self.documents)
        self.assertEqual(settings.agency_sales_doc_template_id, self.template)

    def test_send_by_email(self):
        lead = self._warm_lead()
        composer_form = self._composer_form(lead)
        self.assertEqual(composer_form.template_id, self.template)
        self.assertEqual(
            composer_form.subject, "%s: our résumé, catalogue and portfolio" % self.company.name
        )
        self.assertIn("Sara Salesperson", composer_form.body)
        self.assertIn("Senior Sales Expert", composer_form.body)
        # a company is greeted by its name, not as "Ms./Mr."
        self.assertIn("Dear Setareh Cosmetics team,", composer_form.body)
        self.assertNotIn("Ms./Mr.", composer_form.body)
        composer = composer_form.save()
        self.assertEqual(sorted(composer.attachment_ids.mapped("name")), DOC_NAMES)
        # copies: the company's originals stay the company's
        self.assertFalse(composer.attachment_ids & self.documents)
        self.assertIn(self.customer, composer.partner_ids)
        # nothing is recorded before the email is actually sent
        self.assertFalse(lead.sales_docs_sent_on)
        composer.action_send_mail()

        self.assertTrue(lead.sales_docs_sent_on)
        self.assertEqual(lead.sales_docs_channel, "email")
        self.assertEqual(lead.stage_id, self.stages["docs_sent"])
        email = lead.message_ids.filtered(lambda m: m.subject == composer.subject)
        self.assertEqual(len(email), 1)
        self.assertEqual(sorted(email.attachment_ids.mapped("name")), DOC_NAMES)
        self.assertEqual(set(email.attachment_ids.mapped("res_model")), {"crm.lead"})
        self.assertEqual(set(email.attachment_ids.mapped("res_id")), {lead.id})
        self.assertIn(self.customer, email.partner_ids)
        note = lead.message_ids.filtered(lambda m: "Sales documents sent by Email" in m.body)
        self.assertEqual(len(note), 1)
        self.assertTrue(note.subtype_id.internal)
        self.assertEqual(set(self.documents.mapped("res_model")), {"res.company"})
        # the docs_sent stage's entry plan ran, without the composer's defaults
        activities = lead.activity_ids
        self.assertTrue(activities)
        self.assertFalse(activities.attachment_ids)

    def test_send_by_email_lead_without_customer(self):
        """A lead with only an email address: the composer addresses it."""
        lead = self._warm_lead(
            partner_id=False, contact_name="Nima Rahimi", email_from="nima@example.com"
        )
        composer_form = self._composer_form(lead)
        self.assertIn("Dear Ms./Mr.", composer_form.body)
        self.assertIn("Nima Rahimi", composer_form.body)
        composer = composer_form.save()
        self.assertEqual(composer.partner_ids.mapped("email"), ["nima@example.com"])
        composer.action_send_mail()
        self.assertEqual(lead.sales_docs_channel, "email")
        self.assertEqual(lead.stage_id, self.stages["docs_sent"])

    def test_email_log_note_does_not_count(self):
        """A log note posted from the composer is not a send."""
        lead = self._warm_lead()
        action = lead.with_user(self.user_sales).action_send_sales_documents()
        self.env["crm.lead"].browse(lead.id).with_user(self.user_sales).with_context(
            **action["context"]
        ).message_post(body="internal remark", subtype_xmlid="mail.mt_note")
        self.assertFalse(lead.sales_docs_sent_on)
        self.assertEqual(lead.stage_id, self.stages["new"])

    def test_send_by_email_without_email(self):
        partner = self.env["res.partner"].create({"name": "No Mail Ltd", "mobile": "+989121111111"})
        lead = self._warm_lead(partner_id=partner.id)
        self.assertFalse(lead.email_from)
        before = self._snapshot(lead)
        attachments_before = self.env["ir.attachment"].search_count([])
        with self.assertRaisesRegex(
            UserError, "has no email address: add one to send the sales documents by email"
        ):
            lead.with_user(self.user_sales).action_send_sales_documents()
        self.assertEqual(self._snapshot(lead), before)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments_before)

    @users("agency_sales")
    def test_cold_lead_without_knowledge_form_refused(self):
        """The real prerequisites hook: a cold lead needs a done
        customer-knowledge form before its documents go out."""
        lead = self._create_lead(contact_origin="cold")
        before = self._snapshot(lead)
        for method in (
            "action_send_sales_documents",
            "action_send_sales_documents_whatsapp",
            "action_send_sales_documents_telegram",
        ):
            with self.assertRaisesRegex(UserError, "customer-knowledge form"):
                getattr(lead.with_env(self.env), method)()
        self.assertEqual(self._snapshot(lead), before)

    def test_prerequisites_hook_refuses(self):
        lead = self._warm_lead()
        before = self._snapshot(lead)
        with patch.object(
            type(self.env["crm.lead"]), "_agency_sales_docs_prerequisites",
            return_value=["the moon is not full"],
        ):
            with self.assertRaisesRegex(UserError, "cannot be sent yet(.|\n)*the moon is not full"):
                lead.action_send_sales_documents()
            with self.assertRaisesRegex(UserError, "the moon is not full"):
                lead.action_send_sales_documents_whatsapp()
        self.assertEqual(self._snapshot(lead), before)

    @users("agency_sales")
    def test_whatsapp(self):
        lead = self._warm_lead()
        action = lead.with_env(self.env).action_send_sales_documents_whatsapp()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["target"], "new")
        url = urlsplit(action["url"])
        self.assertEqual((url.scheme, url.netloc, url.path), ("https", "wa.me", "/989121234567"))
        text = parse_qs(url.query)["text"][0]
        self.assertIn("Dear Setareh Cosmetics team,\n", text)
        self.assertIn("Sara Salesperson", text)
        self.assertIn(self.company.name, text)
        self.assertNotIn("<p", text)
        # the documents travel as download links of copies kept on the lead
        shared = lead.message_ids.filtered(lambda m: "Sales documents sent by WhatsApp" in m.body)
        self.assertEqual(len(shared), 1)
        self.assertIn("+989121234567", shared.body)
        self.assertEqual(sorted(shared.attachment_ids.mapped("name")), DOC_NAMES)
        for attachment in shared.attachment_ids:
            self.assertEqual((attachment.res_model, attachment.res_id), ("crm.lead", lead.id))
            self.assertIn(
                "/web/content/%s?access_token=%s&download=true"
                % (attachment.id, attachment.access_token),
                text,
            )
        self.assertFalse(any(self.documents.mapped("access_token")))
        self.assertEqual(lead.sales_docs_channel, "whatsapp")
        self.assertTrue(lead.sales_docs_sent_on)
        self.assertEqual(lead.stage_id, self.stages["docs_sent"])

    def test_telegram(self):
        lead = self._warm_lead(mobile="0912 123 4567", country_id=self.env.ref("base.ir").id)
        action = lead.with_user(self.user_sales).action_send_sales_documents_telegram()
        url = urlsplit(action["url"])
        self.assertEqual((url.scheme, url.netloc, url.path), ("https", "t.me", "/share/url"))
        query = parse_qs(url.query)
        self.assertTrue(query["url"][0].startswith("http"))
        self.assertIn("Sara Salesperson", query["text"][0])
        self.assertIn("/web/content/", query["text"][0])
        note = lead.message_ids.filtered(lambda m: "Sales documents sent by Telegram" in m.body)
        self.assertEqual(len(note), 1)
        # national number normalised with the country code
        self.assertIn("+989121234567", note.body)
        self.assertEqual(lead.sales_docs_channel, "telegram")
        self.assertEqual(lead.stage_id, self.stages["docs_sent"])

    def test_no_mobile(self):
        partner = self.env["res.partner"].create(
            {"name": "No Mobile Ltd", "email": "a@b.example.com"}
        )
        lead = self._warm_lead(partner_id=partner.id, mobile=False)
        before = self._snapshot(lead)
        for method in (
            "action_send_sales_documents_whatsapp", "action_send_sales_documents_telegram"
        ):
            with self.assertRaisesRegex(UserError, "has no mobile number"):
                getattr(lead.with_user(self.user_sales), method)()
        lead.mobile = "12"
        before = self._snapshot(lead)
        with self.assertRaisesRegex(UserError, "is not a valid international number"):
            lead.with_user(self.user_sales).action_send_sales_documents_whatsapp()
        self.assertEqual(self._snapshot(lead), before)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "crm.lead"), ("res_id", "=", lead.id)]
            )
        )

    @users("agency_sales")
    def test_later_step_not_moved_back(self):
        lead = self._warm_lead(step="assessment")
        lead.with_env(self.env).action_send_sales_documents_whatsapp()
        self.assertTrue(lead.sales_docs_sent_on)
        self.assertEqual(lead.stage_id, self.stages["assessment"])

    @users("agency_sales")
    def test_qualify_moves_and_launches_stage(self):
        lead = self._warm_lead(step="qualify")
        lead.with_env(self.env).action_send_sales_documents_telegram()
        self.assertEqual(lead.stage_id, self.stages["docs_sent"])

    @users("agency_sales2")
    def test_other_salesperson_denied(self):
        lead = self._warm_lead()
        with self.assertRaises(AccessError):
            lead.with_env(self.env).action_send_sales_documents_whatsapp()
        self.assertFalse(lead.sales_docs_sent_on)

    @users("agency_manager")
    def test_manager_sends_for_team(self):
        lead = self._warm_lead()
        lead.with_env(self.env).action_send_sales_documents_whatsapp()
        self.assertEqual(lead.sales_docs_channel, "whatsapp")

    def test_no_documents_configured(self):
        self.company.agency_sales_doc_attachment_ids = False
        lead = self._warm_lead()
        action = lead.with_user(self.user_sales).action_send_sales_documents_whatsapp()
        self.assertNotIn("web%2Fcontent", action["url"])
        composer = self._composer_form(lead).save()
        self.assertFalse(composer.attachment_ids)


@tagged("post_install", "-at_install", "agency_logic")
class TestSalesDocumentsTranslations(SalesDocumentsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("fa_IR", "ru_RU"):
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms(
            ["crm_agency_sales"], ["fa_IR", "ru_RU"], overwrite=True
        )

    def _lead_in(self, lang):
        partner = self.env["res.partner"].create({
            "name": "Shirin Ahmadi",
            "email": "shirin@example.com",
            "mobile": "+989351234567",
            "lang": lang,
        })
        return self._warm_lead(partner_id=partner.id)

    def test_persian(self):
        lead = self._lead_in("fa_IR")
        body = self.template._render_field("body_html", lead.ids, compute_lang=True)[lead.id]
        self.assertIn("سرکار خانم / جناب آقا", body)
        self.assertIn("احتراما به پیوست رزومه %s به همراه کاتالوگ" % self.company.name, body)
        self.assertIn("Sara Salesperson", body)
        self.assertIn("Senior Sales Expert", body)  # the job title, when set
        self.assertNotIn("Dear", body)
        subject = self.template._render_field("subject", lead.ids, compute_lang=True)[lead.id]
        self.assertEqual(subject, "%s: رزومه، کاتالوگ و نمونه کارها" % self.company.name)
        # the composer and the share links speak the customer's language
        composer_form = self._composer_form(lead)
        self.assertIn("با سلام و ادب و احترام", composer_form.body)
        url = lead.with_user(self.user_sales).action_send_sales_documents_whatsapp()["url"]
        text = parse_qs(urlsplit(url).query)["text"][0]
        self.assertIn("هدف ما رشد و ارتقاء کسب و کار شماست", text)

    def test_persian_signature_ends_with_title_and_company(self):
        self.user_sales.partner_id.function = False
        lead = self._lead_in("fa_IR")
        body = self.template._render_field("body_html", lead.ids, compute_lang=True)[lead.id]
        text = " ".join(html2plaintext(body).split())
        # the message's closing: thanks, the salesperson's name, "sales expert" + company
        self.assertRegex(
            text, r"با تشکر \*?Sara Salesperson\*? کارشناس فروش %s$" % re.escape(self.company.name)
        )

    def test_russian(self):
        lead = self._lead_in("ru_RU")
        body = self.template._render_field("body_html", lead.ids, compute_lang=True)[lead.id]
        self.assertIn("Уважаемая госпожа / Уважаемый господин", body)
        self.assertIn("Направляем вам резюме %s" % self.company.name, body)
        self.assertIn("С благодарностью", body)
        subject = self.template._render_field("subject", lead.ids, compute_lang=True)[lead.id]
        self.assertEqual(subject, "%s: резюме, каталог и портфолио" % self.company.name)

    def test_english_default(self):
        lead = self._lead_in("en_US")
        body = self.template._render_field("body_html", lead.ids, compute_lang=True)[lead.id]
        self.assertIn("Dear Ms./Mr.", body)
        self.assertIn("Shirin Ahmadi", body)


@tagged("post_install", "-at_install", "agency_tour")
class TestSalesDocumentsTour(HttpCase):
    def test_sales_documents_tour(self):
        env = self.env
        team = env.ref("crm_agency_sales.crm_team_agency")
        user = env["res.users"].create({
            "name": "Tour Salesperson",
            "login": "agency_tour_sales",
            "password": "agency_tour_sales",
            "email": "tour.sales@example.com",
            "groups_id": [(6, 0, [env.ref("sales_team.group_sale_salesman").id])],
        })
        team.member_ids = [(4, user.id)]
        partner = env["res.partner"].create(
            {"name": "Tour Customer", "email": "tour.customer@example.com"}
        )
        stage = env["crm.stage"].search(
            [("process_step", "=", "new"), ("team_id", "=", team.id)], limit=1
        )
        lead = env["crm.lead"].with_context(**internal_context("agency_skip_stage_gates")).create({
            "name": "Tour opportunity",
            "type": "opportunity",
            "team_id": team.id,
            "user_id": user.id,
            "partner_id": partner.id,
            "contact_origin": "warm",
            "stage_id": stage.id,
        })
        self.start_tour(
            "/odoo/action-crm.crm_lead_action_pipeline/%s" % lead.id,
            "agency_sales_documents_tour",
            login="agency_tour_sales",
        )
        self.assertEqual(lead.sales_docs_channel, "email")
        self.assertTrue(lead.sales_docs_sent_on)
        self.assertEqual(lead.process_step, "docs_sent")
