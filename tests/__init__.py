from . import test_contract_wizard
from . import test_contract_request
from . import test_contract_tour
