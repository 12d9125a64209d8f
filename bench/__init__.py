"""The benchmark suite (``make bench``): budgets of issue 8 measured on the large demo data.

Every figure is the median of several runs and is also given as a ratio to a *floor* measured in
the same run on the same machine (the bare cost of the same work without the app around it), so
a slow machine shows as a slow floor rather than as a failed budget.
"""
