"""Copy the top-level schemas/ into the package at build time, so an installed
jobspec carries the same JSON schemas as the repository."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithSchemas(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "jobspec" / "_schemas"
        target.mkdir(parents=True, exist_ok=True)
        for schema in sorted(Path(__file__).parent.joinpath("schemas").glob("*.json")):
            shutil.copy2(schema, target / schema.name)


setup(cmdclass={"build_py": BuildWithSchemas})
