"""Models of the game (points ledger, challenges, badges, rewards): none yet."""
