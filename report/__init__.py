from . import contract_report
