"""What the benchmark loads into the rendered project: its settings and URLs, the query
counter, the seed data, the naive DRF build and the hand-written floor.

Everything here runs inside the rendered default project (package `order_api`), against
its models and database, so the three contenders serve identical data.
"""
