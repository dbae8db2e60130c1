from __future__ import annotations

from dtf_gui.qt.widgets.param_form import format_value, parse_value


def test_text_round_trip_for_sizes_and_sequences():
    assert parse_value("224") == 224
    assert parse_value("224, 224") == [224, 224]
    assert parse_value("[0.5, 0.25, 1]") == [0.5, 0.25, 1]
    assert parse_value("12,") == [12]
    assert parse_value("  ") is None
    assert parse_value("abc") == "abc"        # left for the schema to reject with its message
    for v in (224, [224, 160], [0.485, 0.456, 0.406], 0.5):
        assert parse_value(format_value(v)) == v
