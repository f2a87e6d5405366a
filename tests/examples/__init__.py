"""The examples harness: every fenced block in docs/ runs, is validated, or is marked not-run.

It implements the rules of CONTRIBUTING.md ("Code examples: tabs, and every example is tested")
on top of Sybil: `lexers` finds fences, not-run markers and tab titles; `page_parser` turns
them into Sybil regions (runnable blocks, or problems); the evaluators run them
(`python_blocks`, `redis_transcripts`, `redis_conf`, `manifests`, `component_configs`);
`runner` keeps each page's examples in order and in one namespace; `site_stats` counts tabs and
manifests for tests/test_content_rules.py. tests/test_examples.py makes every region a pytest
item named `docs/<file>.md:<line>`. See README.md.
"""
