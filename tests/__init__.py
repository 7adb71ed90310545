from . import test_stage_process
