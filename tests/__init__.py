from . import test_stage_process
from . import test_partner_identity
from . import test_lead_identity
from . import test_assessment
from . import test_create_quotation
from . import test_sales_documents
