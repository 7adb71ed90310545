# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command

from .common import AgencyCommon


class AssessmentCommon(AgencyCommon):
    """Services, a tariff price list and assessment templates (the demo data
    is not loaded in the test database)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.product_seo = Product.create({"name": "SEO test", "type": "service", "list_price": 1200.0})
        cls.product_smm = Product.create({"name": "Social test", "type": "service", "list_price": 900.0})
        cls.product_web = Product.create({"name": "Website test", "type": "service", "list_price": 4500.0})
        cls.tariff = cls.env["product.pricelist"].create({
            "name": "Tariff test",
            "item_ids": [
                Command.create({
                    "applied_on": "0_product_variant", "product_id": cls.product_seo.id,
                    "compute_price": "fixed", "fixed_price": 1100.0,
                }),
                Command.create({
                    "applied_on": "0_product_variant", "product_id": cls.product_seo.id,
                    "min_quantity": 6, "compute_price": "fixed", "fixed_price": 950.0,
                }),
                Command.create({
                    "applied_on": "0_product_variant", "product_id": cls.product_web.id,
                    "compute_price": "fixed", "fixed_price": 4000.0,
                }),
            ],
        })
        cls.company.agency_tariff_pricelist_id = cls.tariff

        Template = cls.env["crm.assessment.template"]
        cls.tmpl_knowledge = Template.create({
            "name": "Knowledge test",
            "kind": "knowledge",
            "question_ids": [
                Command.create({"sequence": 1, "name": "What is special about the business?",
                                "answer_type": "text", "required": True}),
                Command.create({"sequence": 2, "name": "Is this the decision maker?",
                                "answer_type": "bool", "required": True}),
                Command.create({"sequence": 3, "name": "Monthly budget", "answer_type": "choice",
                                "choice_ids": [Command.create({"name": "Small"}),
                                               Command.create({"name": "Large"})]}),
            ],
        })
        cls.tmpl_needs = Template.create({
            "name": "Needs test",
            "kind": "needs",
            "product_id": cls.product_seo.id,
            "question_ids": [
                Command.create({"sequence": 1, "name": "Website address", "answer_type": "text"}),
                Command.create({"sequence": 2, "name": "Number of months of SEO",
                                "answer_type": "number", "required": True,
                                "product_id": cls.product_seo.id}),
                Command.create({"sequence": 3, "name": "Design a website?", "answer_type": "bool",
                                "product_id": cls.product_web.id}),
                Command.create({"sequence": 4, "name": "Months of social media",
                                "answer_type": "number", "product_id": cls.product_smm.id}),
                Command.create({"sequence": 5, "name": "Target market", "answer_type": "choice",
                                "required": True,
                                "choice_ids": [Command.create({"name": "Local"}),
                                               Command.create({"name": "National"})]}),
            ],
        })

    @classmethod
    def _create_lead(cls, user=None, step="new", **values):
        # the fixture creates the lead without gates: later writes enforce them
        lead = super()._create_lead(user=user, step=step, **values)
        return lead.with_env(cls.env)

    def assertRaisesMsg(self, exception, text):
        """assertRaises (savepoint and cache cleared on failure, unlike
        assertRaisesRegex) and the message contains ``text``."""
        return _RaisesMsg(self, exception, text)

    @classmethod
    def _create_form(cls, lead, template, user=None):
        Form = cls.env["crm.needs.assessment"]
        if user:
            Form = Form.with_user(user)
        return Form.create({"lead_id": lead.id, "template_id": template.id})

    @staticmethod
    def _answer(form, question_name):
        return form.answer_ids.filtered(lambda a: a.question_id.name == question_name)

    @classmethod
    def _fill_needs(cls, form, months=3.0, website="yes", smm=0.0):
        cls._answer(form, "Number of months of SEO").value_number = months
        cls._answer(form, "Design a website?").value_bool = website
        cls._answer(form, "Months of social media").value_number = smm
        market = cls._answer(form, "Target market")
        market.choice_id = market.question_id.choice_ids[0]

    def _done_form(self, lead, template, user=None):
        """A form of ``template`` on ``lead``, filled in and marked done by
        ``user`` (the salesperson by default)."""
        user = user or self.user_sales
        form = self._create_form(lead, template, user=user)
        if template.kind == "needs":
            self._fill_needs(form)
        else:
            self._answer(form, "What is special about the business?").value_text = "Organic cosmetics"
            self._answer(form, "Is this the decision maker?").value_bool = "yes"
        form.with_user(user).action_done()
        return form


class _RaisesMsg:
    def __init__(self, case, exception, text):
        self.case, self.text = case, text
        self.manager = case.assertRaises(exception)

    def __enter__(self):
        self.context = self.manager.__enter__()
        return self.context

    def __exit__(self, *exc_info):
        suppress = self.manager.__exit__(*exc_info)
        self.case.assertIn(self.text, str(self.context.exception))
        return suppress
