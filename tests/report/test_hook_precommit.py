"""The `.pre-commit-hooks.yaml` hook, run by the real pre-commit framework on a git repository
of documents. pre-commit pip-installs this project (at the worktree's HEAD) into its own env;
without a package index that fails and the test skips."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from docvalidator.hook import package_roots
from tests.report.builders import make_package, pdf_bytes, write_schema

PROJECT = Path(__file__).resolve().parents[2]
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def test_changed_files_map_to_their_package_roots_once_and_outside_files_are_ignored(tmp_path):
    a = make_package(tmp_path / "客户A")
    b = make_package(tmp_path / "客户B")
    (a / "制度").mkdir()
    (a / "制度" / "x.pdf").write_bytes(b"%PDF")
    (tmp_path / "README.md").write_text("x", encoding="utf-8")
    files = ["客户A/01 营业执照.jpg", "客户A/制度/x.pdf", "客户B/docvalidator.yaml", "README.md", "gone.pdf"]
    assert package_roots(files, tmp_path) == [a.resolve(), b.resolve()]
    assert package_roots([str(tmp_path.parent / "elsewhere.pdf")], tmp_path) == []


def _git(repo: Path, *args: str, env) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def hook_env(tmp_path_factory):
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT, capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip("the project is not a git checkout")
    listed = subprocess.run(["git", "cat-file", "-e", "HEAD:.pre-commit-hooks.yaml"], cwd=PROJECT)
    if listed.returncode != 0:
        pytest.skip("HEAD has no .pre-commit-hooks.yaml yet")
    home = tmp_path_factory.mktemp("pre-commit-home")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.invalid", "GIT_CONFIG_GLOBAL": os.devnull,
           "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1"}
    return env, head.stdout.strip()


def _repo(tmp_path: Path, env, rev: str) -> Path:
    repo = tmp_path / "documents"
    repo.mkdir()
    _git(repo, "init", "-q", env=env)
    write_schema(repo)
    pkg = make_package(repo / "申请材料")
    manifest = pkg / "docvalidator.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("schema: test-b24", "schema: test-b24.yaml"),
                        encoding="utf-8")  # a schema path is relative to where the hook runs: the repo root
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {PROJECT.as_posix()}\n    rev: {rev}\n    hooks:\n      - id: docvalidator\n",
        encoding="utf-8")
    return repo


def test_precommit_blocks_a_commit_with_findings_and_passes_once_fixed(tmp_path, hook_env):
    env, rev = hook_env
    repo = _repo(tmp_path, env, rev)
    subprocess.run([*PRE_COMMIT, "install"], cwd=repo, env=env, check=True, capture_output=True)
    setup = subprocess.run([*PRE_COMMIT, "install-hooks"], cwd=repo, env=env, capture_output=True,
                           text=True, timeout=900)
    if setup.returncode != 0:
        pytest.skip("pre-commit could not create the hook's environment (offline?): "
                    + (setup.stdout + setup.stderr).strip().splitlines()[-1][:200])

    _git(repo, "add", "-A", env=env)
    blocked = _git(repo, "commit", "-m", "材料初稿", env=env)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "docvalidator" in output and "Failed" in output
    assert "缺少必交材料“客户数据安全保护制度”" in output and "DV104" in output

    pkg = repo / "申请材料"
    (pkg / "01 营业执照.jpg").unlink()
    (pkg / "01 营业执照.pdf").write_bytes(pdf_bytes(["营业执照"]))
    (pkg / "客户数据安全保护制度.pdf").write_bytes(pdf_bytes(["客户数据安全保护制度"]))
    (pkg / "会议纪要.pdf").unlink()
    _git(repo, "add", "-A", env=env)
    passed = _git(repo, "commit", "-m", "补正材料", env=env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout + passed.stderr


def test_precommit_ignores_commits_that_touch_no_package(tmp_path, hook_env):
    env, rev = hook_env
    repo = _repo(tmp_path, env, rev)
    _git(repo, "add", ".pre-commit-config.yaml", "test-b24.yaml", env=env)
    run = subprocess.run([*PRE_COMMIT, "run"], cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    if "could not" in run.stdout.lower() or "CalledProcessError" in run.stdout + run.stderr:
        pytest.skip("pre-commit could not create the hook's environment (offline?)")
    assert run.returncode == 0, run.stdout + run.stderr
