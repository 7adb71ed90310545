from . import iran_id
