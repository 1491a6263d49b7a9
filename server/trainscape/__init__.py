"""trainscape: explore the fractal boundary of neural-network trainability like a web map."""

__version__ = "0.1.0"

#: Bumped whenever the kernel's numbers change; part of every cache key.
KERNEL_VERSION = "5"
