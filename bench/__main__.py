"""``python -m bench``: run the suite and write bench/results.json and bench/RESULTS.md."""

from __future__ import annotations

import sys

from bench.runner import main

sys.exit(main())
