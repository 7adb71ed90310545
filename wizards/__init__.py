
from . import crm_contract_request_cancel
