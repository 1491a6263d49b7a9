"""docker-compose.yml, checked without a Docker engine: its settings exist, each GPU worker has a
GPU of its own, and the worker's health check (run here for real) tells a live worker from none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml
from tests.conftest import wait_until

from trainscape.cli.settings_help import ENGINE
from trainscape.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def _gpus(service: dict) -> list[dict]:
    return service.get("deploy", {}).get("resources", {}).get("reservations", {}).get("devices", [])


def test_every_trainscape_variable_in_the_compose_file_is_a_setting():
    known = {f"TRAINSCAPE_{name.upper()}" for name in Settings.model_fields} | set(ENGINE)
    for name, service in SERVICES.items():
        env = service.get("environment", {})
        unknown = {k for k in env if k.startswith("TRAINSCAPE_")} - known
        assert not unknown, f"{name}: {unknown}"


def test_each_gpu_worker_is_pinned_to_a_gpu_of_its_own():
    pinned: list[str] = []
    for name, service in SERVICES.items():
        for device in _gpus(service):
            assert "count" not in device, f"{name}: count would give replicas the same GPU"
            if "worker" in name:
                pinned += device["device_ids"]
    assert pinned and len(pinned) == len(set(pinned)), pinned


def test_the_worker_health_check_is_healthy_only_while_a_worker_beats(procs, redis_url):
    test = SERVICES["worker"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    env = {**os.environ, "TRAINSCAPE_REDIS_URL": redis_url}

    def healthy() -> bool:
        run = subprocess.run([sys.executable, "-c", test[3]], env=env, capture_output=True)
        return run.returncode == 0

    assert not healthy()  # no worker yet
    worker = procs("worker", redis_url=redis_url)
    wait_until(healthy, 60, "the worker's heartbeat")
    worker.kill()
    wait_until(lambda: not healthy(), 20, "the heartbeat to expire")
