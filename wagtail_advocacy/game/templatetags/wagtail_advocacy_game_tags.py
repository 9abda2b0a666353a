"""Template filters of the game: money and points as the rules say them."""

from django import template

from ..rewards import money_text
from ..rules import points_count

register = template.Library()


@register.filter
def money(amount, currency):
    """``{{ amount|money:currency }}``: ``rewards.money_text``, "12.50 EUR"."""
    return money_text(amount, currency)


@register.filter
def points(count):
    """``{{ balance|points }}``: ``rules.points_count``, "1 point", "20 points"."""
    return points_count(count)
