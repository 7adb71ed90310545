from . import test_stage_process
from . import test_partner_identity
from . import test_lead_identity
