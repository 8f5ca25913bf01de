"""An overdue line is a board line built faster: the two must keep one shape."""

from __future__ import annotations

from projections.board import BoardItem
from projections.overdue_rows import OverdueItem


def test_an_overdue_line_has_exactly_a_board_lines_fields_in_order() -> None:
    assert OverdueItem._fields == tuple(BoardItem.model_fields)
