from . import test_contract_wizard
from . import test_contract_request
from . import test_contract_tour
from . import test_legal_archive
from . import test_contract_report
