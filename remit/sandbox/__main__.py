"""The worker's entry point: python -m remit.sandbox CONFIG (remit.sandbox.worker)."""

import json
import sys

from remit.sandbox.worker import serve

serve(json.loads(sys.argv[1]))
