from . import test_quotation_approval
from . import test_objection
from . import test_objection_race
from . import test_lead_refusal
