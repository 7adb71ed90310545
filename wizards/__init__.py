
from . import crm_contract_request_cancel
from . import crm_contract_request_mark_sent
from . import crm_contract_request_wizard
from . import sale_order_reject
from . import crm_objection_register
from . import crm_lead_lost
from . import crm_agency_workbook_export
from . import crm_complaint_reject
from . import crm_complaint_resolve
from . import crm_contract_request_amend
from . import crm_contract_request_amendment_refuse
