from . import test_quotation_approval
