"""Figures: the daily roll-up of events into aggregates, the KPIs read from them, the
reports' filters and the charts that draw them."""
