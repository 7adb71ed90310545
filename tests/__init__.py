from . import test_partner_identity
from . import test_lead_identity
