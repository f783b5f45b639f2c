"""The variant list covers every answer of every choice prompt, and maps to its trees."""

import re

import pytest

from harness import services, steps, trees
from harness.rendering import bake
from harness.reporting import VariantReport
from harness.variants import (
    ALL_OFF,
    CHOICE_PROMPTS,
    DEFAULTS,
    VARIANTS,
    choices_not_covered,
    select,
)


def test_every_choice_of_every_prompt_is_baked():
    assert choices_not_covered(VARIANTS) == []


def test_variant_ids_are_unique():
    ids = [variant.id for variant in VARIANTS]
    assert len(ids) == len(set(ids))


def test_variants_include_defaults_and_all_off():
    answers = [variant.answers for variant in VARIANTS]
    assert DEFAULTS in answers
    assert {**DEFAULTS, **ALL_OFF} in answers


def test_no_two_variants_render_the_same_answers():
    distinct = {tuple(sorted(variant.answers.items())) for variant in VARIANTS}
    assert len(distinct) == len(VARIANTS)


def test_each_unit_of_each_variant_has_services_of_its_own():
    units = {step.unit for step in steps.STEPS}
    own = [services.for_variant(variant, unit=unit) for variant in VARIANTS for unit in units]
    assert all(len(f"{each.name}_tmpl") <= 63 for each in own)
    assert len({each.name for each in own}) == len(own)
    prefixes = [each.redis_prefix for each in own]
    assert len(set(prefixes)) == len(prefixes)
    # No variant's keys match another's pattern (use_celery=n is a prefix of
    # use_celery=n+celery_broker=rabbitmq, but not with the separator).
    overlapping = [(a, b) for a in prefixes for b in prefixes if a != b and b.startswith(a)]
    assert overlapping == []


def test_tearing_down_a_variant_deletes_its_redis_keys_only():
    import redis

    services.require_service("redis")
    # Names of no variant: this run's variants may be running next to this test.
    mine, other = (
        services.VariantServices(name=f"tpl_{services.RUN_ID}_keys_{name}", broker=None)
        for name in ("mine", "mine_too_long")
    )
    with redis.Redis.from_url(mine.redis_url) as client:
        for own in (mine, other):
            client.mset({f"{own.redis_prefix}{number}": "1" for number in range(1200)})
        try:
            mine.tear_down()
            assert mine.redis_keys() == []
            assert len(other.redis_keys()) == 1200
        finally:
            other.tear_down()


def test_every_candidate_maps_to_one_tree_represented_by_its_first_candidate():
    mapped = [variant for tree in trees.trees() for variant in tree.variants]
    assert sorted(v.id for v in mapped) == sorted(v.id for v in VARIANTS)
    for tree in trees.trees():
        first = min(tree.variants, key=VARIANTS.index)
        assert tree.representative == first


def test_license_choices_share_the_default_tree():
    default = trees.tree_of(VARIANTS[0])
    for license_id in CHOICE_PROMPTS["open_source_license"][1:]:
        variant = select([f"open_source_license={license_id}"])[0]
        assert trees.tree_of(variant) == default


def test_a_broker_without_celery_renders_the_tree_without_celery():
    without_celery, with_rabbitmq = select(["use_celery=n", "use_celery=n+celery_broker=rabbitmq"])
    assert trees.tree_of(with_rabbitmq) == trees.tree_of(without_celery)
    assert trees.represents_its_tree(without_celery)
    assert not trees.represents_its_tree(with_rabbitmq)


@pytest.fixture(scope="module")
def default_tree(tmp_path_factory, _cookiecutter_config_file):
    result = bake(VARIANTS[0], tmp_path_factory.mktemp("tree"), _cookiecutter_config_file)
    assert result.exit_code == 0, result.exception
    return result.project_path


def test_tree_digest_ignores_the_secrets_and_the_text_only_parts(default_tree):
    before = trees.tree_digest(default_tree)
    (default_tree / ".env").write_text("SECRET_KEY=another\n")
    (default_tree / "LICENSE").write_text("Another license.\n")
    pyproject = default_tree / "pyproject.toml"
    pyproject.write_text(re.sub(r'(?m)^license = ".*"$', 'license = "0BSD"', pyproject.read_text()))

    assert trees.tree_digest(default_tree) == before


def test_tree_digest_changes_with_code_and_with_a_comment(default_tree):
    before = trees.tree_digest(default_tree)
    with (default_tree / "manage.py").open("a") as manage:
        manage.write("# a comment is code as far as the digest goes\n")

    assert trees.tree_digest(default_tree) != before


def test_each_text_only_part_is_checked_at_render_level():
    # tests/test_render.py::test_text_only_parts_follow_the_answers checks exactly these.
    assert set(trees.TEXT_ONLY) == {"LICENSE", "pyproject.toml"}


class _FullRun:
    def getoption(self, name):
        return [] if name == "variant" else ""


def _report(variant, module, test, outcome="passed", longrepr=None):
    return pytest.TestReport(
        nodeid=f"tests/{module}.py::test_{test}[{variant.id}]",
        location=(f"tests/{module}.py", 0, test),
        keywords={},
        outcome=outcome,
        longrepr=longrepr,
        when="call",
        user_properties=[("variant", variant.id)],
    )


def _run_every_step(report, variant, *, schemathesis_outcome="passed", longrepr=None):
    for step in steps.STEPS:
        report.pytest_runtest_logreport(_report(variant, step.module, "one"))
    report.pytest_runtest_logreport(
        _report(variant, "test_live", "schemathesis", schemathesis_outcome, longrepr)
    )


def test_a_full_run_fails_unless_every_tree_ran_end_to_end_and_every_choice_rendered():
    report = VariantReport(_FullRun())
    for tree in trees.trees()[1:]:
        _run_every_step(report, tree.representative)

    problems = report.problems()

    default_tree = trees.trees()[0]
    assert f"trees never executed end to end: {default_tree.digest} (default)" in problems
    # The licenses other than the default's are rendered by the default's tree only.
    assert any("open_source_license=BSD-3-Clause" in problem for problem in problems)


def _run_with_schemathesis_skipped(reason):
    report = VariantReport(_FullRun())
    skipped = ("tests/test_live.py", 1, f"Skipped: {reason}")
    for variant in VARIANTS:
        if trees.represents_its_tree(variant):
            _run_every_step(report, variant, schemathesis_outcome="skipped", longrepr=skipped)
        else:
            report.pytest_runtest_logreport(_report(variant, "test_render", "bakes"))
    return report


def test_a_check_covered_by_an_equal_run_counts_as_run():
    report = _run_with_schemathesis_skipped("covered: same schema as x already fuzzed")

    assert report.problems() == []


def test_a_check_skipped_for_want_of_a_service_does_not_count():
    report = _run_with_schemathesis_skipped("rabbitmq is not reachable")

    assert len(report.problems()) == 1
    assert report.problems()[0].startswith("trees never executed end to end: ")
    assert report.trees_not_executed() == list(trees.trees())


def test_scale_out_figures_print_one_line_per_variant():
    report = VariantReport(_FullRun())
    for variant_id, figure in (("a", "x"), ("b", "z"), ("a", "y")):
        test = pytest.TestReport(
            nodeid=f"tests/test_scale_out.py::test_{figure}[{variant_id}]",
            location=("tests/test_scale_out.py", 0, figure),
            keywords={},
            outcome="passed",
            longrepr=None,
            when="call",
            user_properties=[("scale-out", (f"{variant_id} scale-out: 2 web", figure))],
        )
        report.pytest_runtest_logreport(test)

    assert report.scale_out_lines() == ["a scale-out: 2 web, x; y", "b scale-out: 2 web, z"]
