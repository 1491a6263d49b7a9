"""The fused Pallas kernel (GPU) against the XLA kernel, run on CPU in Pallas' interpret mode,
and lowered for CUDA (Triton) without a GPU, so an unsupported operation fails here, not on a
user's GPU."""

from __future__ import annotations

import numpy as np
import pytest

from trainscape.compute.backend import init
from trainscape.compute.kernel import make_chunk_fn
from trainscape.compute.problem import make_problem
from trainscape.experiments import PRESETS
from trainscape.tiles.geometry import tile_values

init()
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

from trainscape.compute import fused  # noqa: E402

SUPPORTED = ["tanh", "relu", "linear", "tanh-single-point", "init-offset", "init-offset-once"]


def _both(e, hp):
    p = make_problem(e)
    ref = make_chunk_fn(e, p)(jnp.asarray(hp))
    got = make_chunk_fn(e, p, fused=True, interpret=True)(jnp.asarray(hp))
    return [np.asarray(a) for a in ref], [np.asarray(a) for a in got]


@pytest.mark.parametrize("preset", SUPPORTED)
def test_fused_matches_xla_kernel(preset):
    e = PRESETS[preset].experiment.replace(steps=40)
    assert fused.supports(e)
    hp = tile_values(e, 0, 0, 0, 16)
    (ref_losses, ref, _, _), (losses, got, _, _) = _both(e, hp)
    assert np.mean(np.sign(got) == np.sign(ref)) >= 0.98
    ok = np.isfinite(ref) & (ref != 0) & (np.sign(got) == np.sign(ref))
    assert np.median(np.abs(got - ref)[ok] / np.abs(ref)[ok]) < 1e-12
    # the first step's loss is the same forward pass on the same weights
    np.testing.assert_allclose(losses[:, 0], ref_losses[:, 0], rtol=1e-12)


def test_fused_early_exit_is_exact():
    """A run whose weights went NaN stops, and its remaining losses are NaN, as in XLA."""
    e = PRESETS["tanh"].experiment.replace(steps=60)
    hp = np.array([[1e-3, 1e-3], [1e6, 1e6], [1e3, 1e-2]])
    (ref_losses, *_), (losses, *_) = _both(e, hp)
    assert np.isnan(losses[1, -1]) and np.all(np.isfinite(losses[0]))
    np.testing.assert_array_equal(np.isnan(losses), np.isnan(ref_losses))


def test_fused_pixel_does_not_depend_on_its_chunk():
    e = PRESETS["tanh"].experiment.replace(steps=30)
    p = make_problem(e)
    fn = make_chunk_fn(e, p, fused=True, interpret=True)
    hp = tile_values(e, 0, 0, 0, 16)[:8]
    whole = np.asarray(fn(jnp.asarray(hp))[1])
    for i in (0, 5):
        alone = np.asarray(fn(jnp.asarray(np.repeat(hp[i : i + 1], 8, axis=0)))[1])
        assert alone[0] == whole[i]


@pytest.mark.parametrize(
    "change", [{"batch": 16}, {"depth": 3}, {"width": 8}], ids=["minibatch", "deep", "narrow"]
)
def test_unsupported_experiments_use_xla(change):
    e = PRESETS["tanh"].experiment.replace(**change)
    assert not fused.supports(e)


@pytest.mark.parametrize("preset", SUPPORTED)
def test_fused_kernel_lowers_for_cuda(preset):
    """Pallas' Triton lowering accepts the kernel (float64 dots, tanh, loops) for every preset
    it is used for; compiling to PTX needs the GPU and is checked by scripts/gpu_check.sh."""
    e = PRESETS[preset].experiment.replace(steps=50)
    losses = jax.jit(fused.make_losses_fn(e, make_problem(e)))
    disabled = [jax.export.DisabledSafetyCheck.custom_call("__gpu$xla.gpu.triton")]
    exported = jax.export.export(losses, platforms=["cuda"], disabled_checks=disabled)(
        jax.ShapeDtypeStruct((32, 2), jnp.float64)
    )
    assert "__gpu$xla.gpu.triton" in exported.mlir_module()
