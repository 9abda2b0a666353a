"""Small charts drawn as inline SVG: the geometry, computed here, drawn by templates.

No JavaScript charting library and no CDN: a sparkline or a bar chart is a few dozen SVG
coordinates, and computing them server-side keeps the dashboard and the "my impact" page
working without scripts. Every chart gets a text alternative from its caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


def _scale(values) -> tuple[list[float], float]:
    numbers = [float(value or 0) for value in values]
    return numbers, max(numbers, default=0) or 1.0


@dataclass(frozen=True)
class Sparkline:
    """A line through ``values`` in a ``width`` × ``height`` box; SVG y grows downwards."""

    points: str
    width: int
    height: int
    last_x: float
    last_y: float


def sparkline(values, width: int = 120, height: int = 32, padding: int = 3) -> Sparkline:
    """The polyline of ``values`` (oldest first), scaled so the highest touches the top."""
    numbers, highest = _scale(values)
    if not numbers:
        numbers = [0.0]
    step = (width - 2 * padding) / max(len(numbers) - 1, 1)
    usable = height - 2 * padding
    coordinates = [
        (padding + index * step, padding + usable - value / highest * usable)
        for index, value in enumerate(numbers)
    ]
    return Sparkline(
        points=" ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates),
        width=width,
        height=height,
        last_x=round(coordinates[-1][0], 1),
        last_y=round(coordinates[-1][1], 1),
    )


@dataclass(frozen=True)
class Bar:
    """One bar of a bar chart, with the value and label it stands for (for its tooltip)."""

    x: float
    y: float
    width: float
    height: float
    value: int | Decimal
    label: str


def bars(values, labels, width: int = 540, height: int = 120, gap: float = 1.0) -> list[Bar]:
    """One bar per value, side by side, the highest reaching the top of the box."""
    numbers, highest = _scale(values)
    slot = width / max(len(numbers), 1)
    return [
        Bar(
            x=round(index * slot, 2),
            y=round(height - number / highest * height, 2),
            width=round(max(slot - gap, 1), 2),
            height=round(number / highest * height, 2),
            value=value,
            label=label,
        )
        for index, (number, value, label) in enumerate(zip(numbers, values, labels, strict=True))
    ]


def describe_series(values) -> dict:
    """What a text alternative says about a series: lowest, highest, first, last and total."""
    values = list(values) or [0]
    return {
        "lowest": min(values),
        "highest": max(values),
        "first": values[0],
        "last": values[-1],
        "total": sum(values),
    }
