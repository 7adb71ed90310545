
from . import sale_order_reject_wizard
