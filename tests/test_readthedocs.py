"""Reproduce the Read the Docs build: a fresh venv, the config's install steps, then Sphinx."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import ROOT

CONFIG = ROOT / ".readthedocs.yaml"
# uv, installed into .venv by the Makefile's bootstrap.
UV = str(Path(sys.executable).with_name("uv"))


def _config() -> dict[str, Any]:
    data = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


class TestReadTheDocsConfig:
    """Tests for the shape of ``.readthedocs.yaml``."""

    def test_version_and_sphinx(self) -> None:
        """Version 2, Sphinx from docs/conf.py, and warnings fail the build."""
        config = _config()
        assert config["version"] == 2
        assert config["sphinx"]["configuration"] == "docs/conf.py"
        assert config["sphinx"]["fail_on_warning"] is True

    def test_python_and_os(self) -> None:
        """Python 3.12 on a current Ubuntu image."""
        build = _config()["build"]
        assert build["tools"]["python"] == "3.12"
        assert build["os"] in {"ubuntu-24.04", "ubuntu-lts-latest"}

    def test_installs_from_the_lock(self) -> None:
        """The first install step is the committed docs lock, and it pins every package."""
        steps = _config()["python"]["install"]
        lock = ROOT / steps[0]["requirements"]
        assert lock.is_file()
        pins = [
            line.split(";")[0].strip()
            for line in lock.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith((" ", "#"))
        ]
        assert pins, "the docs lock is empty"
        assert all("==" in pin for pin in pins), pins


@pytest.mark.slow
def test_read_the_docs_build(tmp_path: Path) -> None:
    """The install steps from .readthedocs.yaml in a fresh venv, then RTD's exact Sphinx command."""
    env_dir = tmp_path / "rtd-venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = str(env_dir / "bin" / "python")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHONPATH"))}
    env["PATH"] = f"{env_dir / 'bin'}{os.pathsep}{env['PATH']}"
    env["READTHEDOCS"] = "True"
    env["READTHEDOCS_CANONICAL_URL"] = "https://pzhao-portfolio.readthedocs.io/en/latest/"

    def run(*cmd: str, cwd: Path = ROOT) -> None:
        proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
        assert proc.returncode == 0, (
            f"{' '.join(cmd)}\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
        )

    for step in _config()["python"]["install"]:
        if "requirements" in step:
            # The lock pins every package, so uv (the Makefile's installer, with its cache)
            # installs exactly what Read the Docs' pip would, in seconds instead of a minute.
            run(UV, "pip", "install", "-q", "--python", python, "-r", step["requirements"])
        else:
            extras = ",".join(step.get("extra_requirements", []))
            target = step["path"] + (f"[{extras}]" if extras else "")
            run(python, "-m", "pip", "install", "-q", target)
    out = tmp_path / "out"
    run(
        python,
        "-m",
        "sphinx",
        "-T",
        "-W",
        "--keep-going",
        "-b",
        "html",
        "-d",
        "_build/doctrees",
        "-D",
        "language=en",
        str(ROOT / "docs"),
        str(out / "html"),
        cwd=out.parent,
    )
    assert (out / "html" / "index.html").is_file()
