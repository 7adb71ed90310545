
from . import crm_contract_request_cancel
from . import crm_contract_request_wizard
