"""Decimal strings: bounded at the parse (no big-number work on huge exponents), exact after."""

from __future__ import annotations

import time
from decimal import Decimal
from fractions import Fraction

import pytest

from trainscape.experiments import Experiment, ExperimentError, resolve
from trainscape.experiments.decimals import (
    MAX_CHARS,
    MAX_PLACES,
    DecimalError,
    decimal_string,
    fraction_string,
    parse_decimal,
    parse_log10,
)
from trainscape.tiles import max_zoom, pixel_log10


@pytest.mark.parametrize(
    "text", ["1e-9999999", "1e-1000000", "1e-3000000", "-1e999999999", "1" * (MAX_CHARS + 1)]
)
def test_huge_decimals_are_refused_at_once(text):
    t = time.perf_counter()
    with pytest.raises(DecimalError) as info:
        parse_decimal(text)
    assert time.perf_counter() - t < 0.05
    assert "allowed" in str(info.value) and str(MAX_PLACES) in str(info.value)


@pytest.mark.parametrize(
    "text,canonical",
    [
        ("1.50", "1.5"),
        ("100", "100"),
        ("-0.0", "0"),
        ("0e-99999999", "0"),
        ("+2.5", "2.5"),
        ("1E+16", "10000000000000000"),
        ("1.000e-128", "0." + "0" * 127 + "1"),
        (
            "0.1234567890123456789012345678901234567890123",
            "0.1234567890123456789012345678901234567890123",
        ),
    ],
)
def test_accepted_decimals_are_kept_exactly(text, canonical):
    assert decimal_string(parse_decimal(text)) == canonical
    assert Fraction(canonical) == Fraction(Decimal(text))


def test_every_pixel_centre_prints_exactly_and_parses_back():
    e = Experiment(x0="-3.1234567890123456789012345678901234567890123456789", x1="6")
    z = max_zoom(e)
    for px in (0, 12345, 256 * 2**z - 1):
        u, _ = pixel_log10(e, z, px, 0)
        text = fraction_string(u)
        assert Fraction(text) == u, "exact, not rounded to 28 or 40 digits"
        assert len(text) <= MAX_CHARS and Fraction(parse_decimal(text)) == u


def test_non_terminating_fractions_are_given_to_the_requested_digits():
    assert fraction_string(Fraction(1, 3), 10) == "0.3333333333"


def test_plane_bounds_are_exact_not_rounded_to_28_digits():
    long = "-1.0000000000000000000000000000000001"
    assert Experiment(x0=long).x0 == long
    assert Experiment(x0=long).content_id != Experiment(x0="-1").content_id
    assert Experiment(x0="-3.0", x1=6).content_id == resolve("tanh").content_id


@pytest.mark.parametrize("value", ["1e-9999999", "1e-65", "1" * 200])
def test_unrepresentable_plane_bounds_are_refused_not_changed(value):
    with pytest.raises(ExperimentError) as info:
        Experiment(x0=value)
    assert info.value.field == "x0" and "allowed" in info.value.message


def test_the_minimum_span_is_checked_exactly():
    with pytest.raises(ExperimentError):  # 28-digit arithmetic rounded this span up to 1e-6
        Experiment(x0="0", x1="0.00000099999999999999999999999999999")


@pytest.mark.parametrize(
    "text",
    ["1_0", " 1", "1 ", "\t1", "1\n", ".5", "5.", "1e", "+-1", "0x10", "1,5", "", "١", "1e1_0"],
)
def test_only_plain_decimal_strings_are_accepted(text):
    with pytest.raises(DecimalError) as info:
        parse_decimal(text)
    message = str(info.value)
    assert "is not a decimal number" in message and "no spaces or underscores" in message


@pytest.mark.parametrize("text", ["NaN", "-Infinity", "inf", "sNaN"])
def test_specials_are_refused_as_not_finite(text):
    with pytest.raises(DecimalError, match="must be finite"):
        parse_decimal(text)


def test_log10_coordinates_outside_the_plane_are_refused_by_name():
    assert parse_log10("x", "-1.50", "-3", "6") == Fraction(-3, 2)
    with pytest.raises(DecimalError) as info:
        parse_log10("--x", "6.000001", "-3", "6")
    assert str(info.value) == "--x: must lie in the plane's log10 range [-3, 6]"
    with pytest.raises(DecimalError, match=r"^y: '1_0' is not a decimal number"):
        parse_log10("y", "1_0", "-3", "6")
