"""Benchmarks of the template: the rendered API (bench/run) and the variant matrix
(bench/matrix). Scripts, not tests: they measure and report, they never gate a build."""
