"""Every distinct tree is lint-clean and compiles, with the project's own ruff settings."""

from harness.processes import run


def test_ruff_clean(baked, venv):
    run([venv / "bin" / "ruff", "check", "--no-cache", "."], cwd=baked, env=None)
    run([venv / "bin" / "ruff", "format", "--check", "--no-cache", "."], cwd=baked, env=None)


def test_compiles(baked, venv):
    run([venv / "bin" / "python", "-m", "compileall", "-q", "."], cwd=baked, env=None)
