"""pytest plugins that run inside a rendered project's own suite, not in the harness."""
