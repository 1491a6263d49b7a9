"""The embedded experiment registry never drops an experiment it gave an id for."""

from __future__ import annotations

import asyncio

import pytest

from trainscape.cache.registry import MemoryRegistry, RegistryFull
from trainscape.experiments import Experiment


def _configs(n):
    return [Experiment(width=4, steps=s) for s in range(1, n + 1)]


@pytest.mark.parametrize("on_disk", [False, True])
def test_a_full_registry_refuses_new_experiments_and_keeps_the_old(tmp_path, on_disk):
    async def scenario():
        reg = MemoryRegistry(tmp_path / "e" if on_disk else None, limit=3)
        ids = [await reg.put(e) for e in _configs(3)]
        with pytest.raises(RegistryFull, match="limit of 3"):
            await reg.put(Experiment(width=5))
        assert await reg.put(_configs(3)[0]) == ids[0], "re-posting a stored config is fine"
        assert [await reg.get(i) for i in ids] == _configs(3)
        if on_disk:  # a restarted server counts what its directory holds
            again = MemoryRegistry(tmp_path / "e", limit=3)
            assert await again.get(ids[2]) == _configs(3)[2]
            with pytest.raises(RegistryFull):
                await again.put(Experiment(width=5))

    asyncio.run(scenario())
