"""The game of wagtail-advocacy: points, challenges, badges, rewards and leaderboards.

An optional sub-app: add ``"wagtail_advocacy.game"`` to ``INSTALLED_APPS`` after
``"wagtail_advocacy"`` to offer it. It listens to the core's domain signals
(``wagtail_advocacy.signals``); the core never imports it, so an organisation whose works
council declines the game leaves it out and everything else works the same.
"""
