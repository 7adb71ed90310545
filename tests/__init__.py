from . import test_assessment
from . import test_create_quotation
