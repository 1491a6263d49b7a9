"""Zoom videos: nested windows, keyframes one octave apart, files with the expected frames."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from PIL import Image

from trainscape.analysis.video import ZoomPath, crop_box, zoom_video
from trainscape.analysis.window import WindowError
from trainscape.compute import compute_window
from trainscape.experiments import resolve

F = Fraction
PLANE = (F(-3), F(6), F(-3), F(6))
DEEP = (F(0), F(9, 16), F(3), F(57, 16))  # 16x deeper


def stripes(window, width, height, progress=None):
    """A synthetic keyframe: converged left of log10 x = 1/3, diverged right of it."""
    xs = [
        float(window[0] + (window[1] - window[0]) * F(2 * j + 1, 2 * width)) for j in range(width)
    ]
    return np.tile(np.array(xs) - 1 / 3, (height, 1))


def test_path_windows_are_nested_and_reach_the_end():
    path = ZoomPath.between(PLANE, DEEP)
    assert path.levels == pytest.approx(4.0)
    assert path.window(F(1)) == PLANE and path.window(F(1, 16)) == DEEP
    outer = path.window(F(1))
    for tau in np.linspace(0, 4, 13):
        w = path.window(F(2.0**-tau))
        assert outer[0] <= w[0] < w[1] <= outer[1] and outer[2] <= w[2] < w[3] <= outer[3]
        outer = w


def test_each_frame_lies_in_its_keyframe_and_covers_at_least_half():
    path = ZoomPath.between(PLANE, DEEP)
    for tau in path.depths(25):
        k = min(int(tau), 4)
        left, top, right, bottom = crop_box(
            path.window(F(2.0**-tau)), path.window(F(1, 2**k)), 64, 64
        )
        assert -1e-9 <= left < right <= 64 + 1e-9 and -1e-9 <= top < bottom <= 64 + 1e-9
        assert right - left >= 32 - 1e-9 and bottom - top >= 32 - 1e-9


def test_zooming_out_plays_the_path_backwards():
    zin, zout = ZoomPath.between(PLANE, DEEP), ZoomPath.between(DEEP, PLANE)
    assert zout.zoom_out and zout.depths(5) == zin.depths(5)[::-1]


def test_views_that_do_not_nest_are_refused():
    with pytest.raises(WindowError, match="inside"):
        ZoomPath.between(DEEP, (F(4), F(5), F(4), F(5)))


def test_gif_has_the_expected_frames(tmp_path):
    out = tmp_path / "zoom.gif"
    n = zoom_video(out, PLANE, DEEP, stripes, size=32, fps=10, seconds=1.2)
    assert n == 12
    with Image.open(out) as im:
        assert im.n_frames == 12 and im.size == (32, 32)
        im.seek(0)
        first = np.asarray(im.convert("RGB"))
    assert first[:, 0, 2].mean() > first[:, 0, 0].mean(), "converged (left) is blue"
    assert first[:, -1, 0].mean() > first[:, -1, 2].mean(), "diverged (right) is red"


@pytest.mark.filterwarnings("ignore:os.fork:RuntimeWarning")  # ffmpeg: fork + exec
def test_mp4_from_the_engine_has_the_expected_frames(tmp_path):
    imageio = pytest.importorskip("imageio.v2", reason="MP4 needs imageio[ffmpeg]")
    e = resolve("tanh-quick@10")
    out = tmp_path / "zoom.mp4"
    n = zoom_video(
        out,
        PLANE,
        DEEP,
        lambda w, width, height, progress: compute_window(e, w, width, height, progress),
        size=32,
        fps=8,
        seconds=1,
        supersample=1,
    )
    assert n == 8
    with imageio.get_reader(out) as reader:
        assert reader.count_frames() == 8
        assert reader.get_data(0).shape == (32, 32, 3)


def test_bad_output_names_are_refused(tmp_path):
    with pytest.raises(WindowError, match="mp4"):
        zoom_video(tmp_path / "zoom.avi", PLANE, DEEP, stripes, size=32, fps=4, seconds=1)
