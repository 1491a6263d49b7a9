"""Points and pixels: refusals speak of what was sent (pixels, plain decimal strings, ids)."""

from __future__ import annotations

import pytest

E = "/api/experiments/tanh-quick@5"


@pytest.mark.parametrize(
    "url,detail",
    [
        (f"{E}/pixels/2/1024/250", "px=1024 is out of range; at zoom 2 allowed 0..1023"),
        (f"{E}/pixels/2/0/1024", "py=1024 is out of range; at zoom 2 allowed 0..1023"),
        (f"{E}/pixels/0/256/0", "px=256 is out of range; at zoom 0 allowed 0..255"),
        (f"{E}/pixels/49/0/0", "zoom 49 is out of range; allowed 0..48 for this experiment"),
    ],
)
def test_pixels_outside_the_plane_are_404_in_pixels(client, url, detail):
    r = client.get(url)
    assert r.status_code == 404, r.text
    assert r.json()["detail"] == detail


def test_the_last_pixel_of_a_zoom_is_a_run(client):
    r = client.get(f"{E}/pixels/2/1023/1023")
    assert r.status_code == 200, r.text
    assert len(r.json()["losses"]) == 5


@pytest.mark.parametrize("x", ["1_0", "%201", "1%20", ".5", "1.", "0x1", "%EF%BC%91"])
def test_points_take_plain_decimal_strings_only(client, x):
    r = client.get(f"{E}/point?x={x}&y=1")
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert detail.startswith("x: ") and "is not a decimal number" in detail
    assert "no spaces or underscores" in detail


def test_a_point_outside_the_plane_names_the_plane(client):
    r = client.get(f"{E}/point?x=1&y=6.5")
    assert r.status_code == 422
    assert r.json()["detail"] == "y: must lie in the plane's log10 range [-3, 6]"


def test_step_counts_with_leading_zeros_are_refused(client):
    for url in ("/api/experiments/tanh@05", f"{E.replace('@5', '@05')}/point?x=1&y=1"):
        r = client.get(url)
        assert r.status_code == 422, r.text
        assert "write tanh" in r.json()["detail"] and "@5" in r.json()["detail"]
