"""A project's own base page model, swapped in with Wagtail 8's ``WAGTAIL_PAGE_MODEL``.

Used only by ``tests/test_swapped_page.py``, which migrates and checks a project with
``tests.swapped_page.settings`` in a subprocess (the swap is fixed when Django starts).
"""
