"""The OWASP API Security Top 10 (2023) modules: one module per item, each row of
docs/SECURITY.md §1 proven there or by the existing test its module names. Their fixtures
(``limited_app``, ...) are in tests/conftest.py, their helpers (link, comment, limit_of,
...) in tests/helpers.py."""
