"""Analysis layers over the engine: what the papers measure, made live.

Submodules (`dimension`, `video`, `window`) are imported explicitly, so importing the package
itself starts no JAX backend. Details: docs/analysis.md, opening paragraph.
"""
