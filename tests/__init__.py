from . import test_assessment
from . import test_create_quotation
from . import test_sales_documents
