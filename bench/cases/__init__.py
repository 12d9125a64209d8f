"""One module per case; each has TITLE and ``run(bench) -> list[Result]``."""
