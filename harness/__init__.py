"""The template's test harness: variants and the trees they render, baking, the shared
virtualenvs, the real services and each variant's share of them, the served stack and the
faults injected into it, containers, claims, the declared steps and the run's report.

Imported by the tests (tests/) and the benchmarks (bench/); it holds no tests itself.
"""
