"""Sharing a kit: the networks and their share intents, the words of a share and their rules,
recording a share, and the link previews the networks show."""
