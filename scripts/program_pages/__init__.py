"""The program-page generator behind ``scripts/render_programs.py``.

The flow, one module a step: ``facts`` reads the facts table, ``data`` loads the writing material
(``data/careers.toml``, ``data/phrases.toml``), ``prose`` composes each page's description,
``structured`` builds its schema.org JSON-LD, ``render`` fills the Jinja2 templates in
``templates/``, and ``write`` puts the pages on disk. ``model`` holds the dataclasses they share,
``text`` the small text helpers.
"""
