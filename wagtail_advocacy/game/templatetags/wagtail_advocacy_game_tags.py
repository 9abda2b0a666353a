"""Template filters of the game."""

from django import template

from ..rewards import money_text

register = template.Library()


@register.filter
def money(amount, currency):
    """``{{ amount|money:currency }}``: ``rewards.money_text``, "12.50 EUR"."""
    return money_text(amount, currency)
