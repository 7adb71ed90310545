from . import contract_report
from . import agency_report_common
from . import crm_agency_funnel_report
from . import crm_agency_contract_turnaround_report
from . import crm_agency_approval_report
from . import crm_sales_target_report
from . import crm_agency_followup_report
from . import contract_report_amendment
