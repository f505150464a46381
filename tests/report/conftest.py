import shutil

import pytest

from tests.helpers import AS_OF, cli
from tests.report.builders import make_package, write_schema


@pytest.fixture
def package(tmp_path):
    """A small real package (DV104 on a photo, DV101, DV103) and its custom schema file."""
    return make_package(tmp_path / "申请材料"), write_schema(tmp_path)


def check(package, fmt: str, out, *extra: str):
    root, schema = package
    return cli("check", root, "--schema", schema, "--format", fmt, "--output", out,
               "--as-of", AS_OF, "--no-cache", *extra)


def need(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        pytest.skip(f"{program} is not installed (see .ci/apt-packages.txt)")
    return path
