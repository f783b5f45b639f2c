"""The variant list covers every answer of every choice prompt."""

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


def test_each_variant_gets_its_own_redis_database():
    databases = {services.for_variant(variant).redis_db for variant in VARIANTS}
    assert len(databases) == len(VARIANTS)
