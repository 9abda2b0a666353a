"""Tracked links and what they measure: minting links, the public redirect (lookup and click),
bot detection, visitor privacy, conversions and their attribution."""
