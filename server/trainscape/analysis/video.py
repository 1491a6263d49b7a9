"""Zoom videos: from a start view to an end view, as MP4 (imageio-ffmpeg) or GIF (Pillow).

Windows are nested and zoom geometrically; every frame is a downsampled crop of one exact
keyframe per octave, so the zoom is smooth, never upsampled, and costs one computed image per
octave (from the engine or any cache). Details: docs/analysis.md, "Zoom videos".
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
from PIL import Image
from tqdm import tqdm

from trainscape.analysis.window import Window, WindowError
from trainscape.render.paper import paper_rgb

#: keyframes(window, width, height, progress) -> float measure (height, width); progress(n) is
#: called with the number of pixels done (or None).
Keyframes = Callable[[Window, int, int, Callable[[int], None] | None], np.ndarray]
FORMATS = (".mp4", ".gif")
MIN_SIZE, MAX_SIZE = 16, 2048  # frame side, pixels
MAX_SECONDS = 3600


def _inside(inner: Window, outer: Window) -> bool:
    return (
        outer[0] <= inner[0]
        and inner[1] <= outer[1]
        and outer[2] <= inner[2]
        and inner[3] <= outer[3]
    )


@dataclass(frozen=True)
class ZoomPath:
    """Nested windows from `outer` down to `inner`; `zoom_out` plays them backwards."""

    outer: Window
    inner: Window
    zoom_out: bool = False

    @classmethod
    def between(cls, start: Window, end: Window) -> ZoomPath:
        if _inside(end, start):
            return cls(start, end)
        if _inside(start, end):
            return cls(end, start, zoom_out=True)
        raise WindowError(
            "the end view must lie inside the start view (zoom in) or contain it (zoom out)"
        )

    @property
    def axis(self) -> int:
        """0 (x) or 2 (y): the axis whose span shrinks most."""
        rx = (self.outer[1] - self.outer[0]) / (self.inner[1] - self.inner[0])
        ry = (self.outer[3] - self.outer[2]) / (self.inner[3] - self.inner[2])
        return 0 if rx >= ry else 2

    @property
    def levels(self) -> float:
        """Zoom depth in octaves (factors of two)."""
        a = self.axis
        return math.log2((self.outer[a + 1] - self.outer[a]) / (self.inner[a + 1] - self.inner[a]))

    def window(self, scale: Fraction) -> Window:
        """The window whose span along `axis` is `scale` times the outer one (exact)."""
        a = self.axis
        so, si = self.outer[a + 1] - self.outer[a], self.inner[a + 1] - self.inner[a]
        s = (so * scale - si) / (so - si) if so != si else Fraction(0)
        s = min(max(s, Fraction(0)), Fraction(1))
        w = tuple(e + s * (o - e) for o, e in zip(self.outer, self.inner))
        return (w[0], w[1], w[2], w[3])

    def depths(self, frames: int) -> list[float]:
        """Zoom depth of each frame, in playing order."""
        n = self.levels
        taus = [n * i / (frames - 1) if frames > 1 else 0.0 for i in range(frames)]
        return taus[::-1] if self.zoom_out else taus


def crop_box(view: Window, key: Window, width: int, height: int) -> tuple[float, ...]:
    """(left, top, right, bottom) of `view` in the pixels of a keyframe over `key`."""
    kx, ky = key[1] - key[0], key[3] - key[2]
    return (
        float((view[0] - key[0]) / kx * width),
        float((key[3] - view[3]) / ky * height),
        float((view[1] - key[0]) / kx * width),
        float((key[3] - view[2]) / ky * height),
    )


def render_frame(measure_HxW: np.ndarray, box: tuple[float, ...], size: int) -> np.ndarray:
    """uint8 (size, size, 3) frame: the box of a keyframe, equalised over it, resampled."""
    h, w = measure_HxW.shape
    l0, t0 = max(0, math.floor(box[0])), max(0, math.floor(box[1]))
    r0, b0 = min(w, math.ceil(box[2])), min(h, math.ceil(box[3]))
    rgb = paper_rgb(measure_HxW[t0:b0, l0:r0])
    local = (box[0] - l0, box[1] - t0, box[2] - l0, box[3] - t0)
    img = Image.fromarray(rgb).resize((size, size), Image.Resampling.LANCZOS, box=local)
    return np.asarray(img)


def frames(
    path: ZoomPath,
    count: int,
    size: int,
    keyframes: Keyframes,
    supersample: int = 2,
    progress: bool = False,
) -> Iterator[np.ndarray]:
    """Yield `count` uint8 RGB frames (size, size, 3) along the path."""
    depths = path.depths(count)
    keys: dict[int, tuple[Window, np.ndarray]] = {}
    ks = size * supersample
    n_keys = math.floor(path.levels) + 1
    key_bar = tqdm(total=n_keys * ks * ks, unit="px", disable=not progress, desc="keyframes")
    bar = tqdm(total=len(depths), unit="frame", disable=not progress, desc="frames")
    for tau in depths:
        k = min(math.floor(tau), n_keys - 1)
        if k not in keys:
            kw = path.window(Fraction(1, 2**k))
            keys = {k: (kw, keyframes(kw, ks, ks, key_bar.update))}  # one held at a time
        kw, m = keys[k]
        view = path.window(Fraction(2.0**-tau))
        yield render_frame(m, crop_box(view, kw, ks, ks), size)
        bar.update(1)
    bar.close()
    key_bar.close()


def write_video(out: Path, frames_iter: Iterator[np.ndarray], fps: float) -> int:
    """Write frames to `out` (.mp4 or .gif by suffix); returns the number of frames."""
    suffix = out.suffix.lower()
    if suffix == ".gif":
        images = [Image.fromarray(f) for f in frames_iter]
        images[0].save(
            out,
            save_all=True,
            append_images=images[1:],
            loop=0,
            duration=max(10, round(1000 / fps)),
            optimize=False,
        )
        return len(images)
    if suffix != ".mp4":
        raise WindowError(f"output must end in {' or '.join(FORMATS)}, got {out.name!r}")
    try:
        import imageio.v2 as imageio
    except ImportError:
        raise WindowError(
            "MP4 needs imageio[ffmpeg] (pip install 'trainscape[video]'); or write a .gif"
        ) from None
    n = 0
    with warnings.catch_warnings():  # ffmpeg is spawned with fork+exec: no Python in the child
        warnings.filterwarnings("ignore", message="os.fork", category=RuntimeWarning)
        with imageio.get_writer(
            out, fps=fps, codec="libx264", quality=8, pixelformat="yuv420p", macro_block_size=1
        ) as writer:
            for f in frames_iter:
                writer.append_data(f)  # type: ignore[attr-defined]  # imageio's v2 writer
                n += 1
    return n


def zoom_video(
    out: Path,
    start: Window,
    end: Window,
    keyframes: Keyframes,
    *,
    size: int = 256,
    fps: float = 24,
    seconds: float = 10,
    supersample: int = 2,
    progress: bool = False,
) -> int:
    """Render and write a zoom video; returns the number of frames written."""
    if not MIN_SIZE <= size <= MAX_SIZE or size % 2:
        raise WindowError(f"size must be an even number of pixels in [{MIN_SIZE}, {MAX_SIZE}]")
    if not 0 < fps <= 120 or not 0 < seconds <= MAX_SECONDS:
        raise WindowError(f"fps must be in (0, 120] and seconds in (0, {MAX_SECONDS}]")
    count = max(1, round(fps * seconds))
    path = ZoomPath.between(start, end)
    return write_video(out, frames(path, count, size, keyframes, supersample, progress), fps)
