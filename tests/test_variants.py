"""The variant list covers every answer of every choice prompt."""

import pytest

from tests import services
from tests.variants import ALL_OFF, DEFAULTS, VARIANTS, choices_not_covered


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


def test_each_parallel_worker_gets_its_own_redis_database():
    workers = ["main"] + [f"gw{number}" for number in range(1, services.REDIS_DATABASES)]
    databases = {services.redis_db_of_worker(worker) for worker in workers}
    assert len(databases) == services.REDIS_DATABASES


def test_a_worker_beyond_the_redis_databases_is_refused():
    with pytest.raises(ValueError, match="no Redis database of its own"):
        services.redis_db_of_worker(f"gw{services.REDIS_DATABASES}")
