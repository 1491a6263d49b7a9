"""Analysis layers over the engine: what the papers measure, made live.

* `dimension` — box-counting dimension of the sign-change boundary (pure numpy).
* `lyapunov` — finite-time maximal Lyapunov exponent per pixel (the `lyapunov` tile layer).
* `video` — zoom videos between two views (MP4 / GIF).
* `window` — exact log10 windows: parsing, bookmarks, tiles, permalinks.

Submodules are imported explicitly (`from trainscape.analysis.lyapunov import ...`); importing
the package itself starts no JAX backend.
"""
