from . import res_company
from . import res_config_settings
from . import mail_activity_plan_template
from . import crm_stage
from . import crm_lead
from . import sale_order
from . import sale_order_line
from . import ir_actions_report
