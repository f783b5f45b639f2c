"""The candidate variants the template tests bake.

Every variant differs from the defaults (the first choice of each prompt) by a few
answers: all features off, each non-default choice alone, and the pairs of prompts
that interact. Every candidate is baked; harness/trees.py finds which of them render the
same code, and only one variant per distinct tree runs end to end.
`python -m harness.variants` prints the mapping; `--json` lists the ids that run end to end
(the CI matrix reads it).
"""

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parent.parent
PROMPTS = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text())
# Yes/no prompts (booleans in cookiecutter.json) are two-choice prompts, their default first.
CHOICE_PROMPTS = {
    name: [value, not value] if isinstance(value, bool) else value
    for name, value in PROMPTS.items()
    if isinstance(value, (list, bool))
}
DEFAULTS = {name: choices[0] for name, choices in CHOICE_PROMPTS.items()}


@dataclass(frozen=True)
class Variant:
    id: str
    overrides: dict = field(default_factory=dict, hash=False)

    @property
    def answers(self):
        """The value of every choice prompt in this variant."""
        return {**DEFAULTS, **self.overrides}

    def enabled(self, prompt):
        return self.answers[prompt] is True

    @property
    def uses_celery(self):
        return self.enabled("use_celery")

    @property
    def broker(self):
        return self.answers["celery_broker"] if self.uses_celery else None

    @property
    def python_version(self):
        return self.answers["python_version"]


ALL_OFF = {
    "use_celery": False,
    "use_opentelemetry": False,
    "use_docker": False,
    "use_api_docs": False,
    "ci_provider": "none",
}

# Prompt pairs whose combinations change the rendered code beyond each prompt alone.
INTERACTING_PAIRS = [
    {"use_celery": False, "celery_broker": "rabbitmq"},
    {"use_celery": False, "use_opentelemetry": True},
    {"use_opentelemetry": False, "celery_broker": "rabbitmq"},
    {"use_docker": True, "use_celery": False},
    {"use_docker": True, "celery_broker": "rabbitmq"},
    {"use_docker": False, "use_celery": True},
    {"python_version": "3.13", "celery_broker": "rabbitmq"},
    {"deploy": "kubernetes", "use_celery": False},
]


def answer_text(value):
    """An answer as typed on the command line: yes/no answers as y or n."""
    if isinstance(value, bool):
        return "y" if value else "n"
    return value


def _variant_id(overrides):
    if not overrides:
        return "default"
    return "+".join(f"{name}={answer_text(value)}" for name, value in overrides.items())


def _build_variants():
    candidates = [{}, ALL_OFF]
    for name, choices in CHOICE_PROMPTS.items():
        candidates.extend({name: choice} for choice in choices[1:])
    candidates.extend(INTERACTING_PAIRS)

    variants, seen = [], set()
    for overrides in candidates:
        # Drop answers equal to the default, so that equivalent variants are baked once.
        overrides = {k: v for k, v in overrides.items() if v != DEFAULTS[k]}
        key = tuple(sorted(overrides.items()))
        if key in seen:
            continue
        seen.add(key)
        variant_id = "all-off" if overrides == ALL_OFF else _variant_id(overrides)
        variants.append(Variant(variant_id, overrides))
    return variants


VARIANTS = _build_variants()


def choices_not_covered(covering):
    """Every `prompt=choice` that none of the `covering` variants answers."""
    covered = {answer for variant in covering for answer in variant.answers.items()}
    return [
        f"{prompt}={answer_text(choice)}"
        for prompt, choices in CHOICE_PROMPTS.items()
        for choice in choices
        if (prompt, choice) not in covered
    ]


def select(ids):
    """The variants named in `ids` (all of them when `ids` is empty)."""
    if not ids:
        return VARIANTS
    by_id = {variant.id: variant for variant in VARIANTS}
    unknown = [variant_id for variant_id in ids if variant_id not in by_id]
    if unknown:
        raise ValueError(f"unknown variant ids: {', '.join(unknown)}")
    return [by_id[variant_id] for variant_id in ids]


def id_in_nodeid(nodeid):
    """The id of the variant a test node id is parametrized with, or None."""
    if not nodeid.endswith("]") or "[" not in nodeid:
        return None
    params = nodeid[: -len("]")].split("[", 1)[1]
    # Another parameter may be joined to the variant id with "-": the longest id wins.
    matches = [
        variant.id
        for variant in VARIANTS
        if params == variant.id
        or params.startswith(f"{variant.id}-")
        or params.endswith(f"-{variant.id}")
    ]
    return max(matches, key=len, default=None)


def main():
    from harness import trees  # it bakes the variants listed here

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--json", action="store_true", help="print the ids that run end to end as a JSON list"
    )
    args = parser.parse_args()
    if args.json:
        print(json.dumps([variant.id for variant in trees.end_to_end_variants()]))
        return
    for tree in trees.trees():
        print(f"tree {tree.digest}: {tree.representative.id} runs it end to end")
        for variant in tree.variants[1:]:
            print(f"  {variant.id}: render checks only")


if __name__ == "__main__":
    main()
