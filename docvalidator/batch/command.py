"""`docvalidator batch ROOT`: the command line (registered by docvalidator.cli)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import Any

import click

from docvalidator.config import FAIL_ON, load_settings, parse_params
from docvalidator.errors import UsageError
from docvalidator.report import FORMATS


def _formats(values: tuple[str, ...]) -> tuple[str, ...]:
    chosen: list[str] = []
    for raw in values or ("json,html",):
        for f in raw.split(","):
            f = f.strip().lower()
            if f and f not in FORMATS:
                raise UsageError(f"--format {f}: expected some of {', '.join(FORMATS)}")
            if f and f not in chosen:
                chosen.append(f)
    return tuple(chosen)


@click.command()
@click.argument("root", type=click.Path())
@click.option("--output", "-o", "out", type=click.Path(file_okay=False), default="docvalidator-batch",
              show_default=True, help="Folder for the reports and summary.{json,csv,html}.")
@click.option("--workers", "-w", type=click.IntRange(min=1), default=None,
              help="Worker processes of the local cluster [default: cores].")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Use this Dask scheduler (tcp://host:8786) instead of a local cluster.")
@click.option("--format", "formats", multiple=True, metavar="FORMATS",
              help=f"Per-package reports, comma-separated: {', '.join(FORMATS)} [default: json,html].")
@click.option("--schema", "schema", metavar="ID|FILE", help="Application type, for packages whose manifest names none.")
@click.option("--fail-on", type=click.Choice(list(FAIL_ON)), default=None,
              help="A package exits 1 with a finding at or above this severity [default: error].")
@click.option("--select", multiple=True, metavar="CODES", help="Only these codes, names, groups or prefixes (DV4).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these codes, names, groups or prefixes.")
@click.option("--ocr/--no-ocr", default=None, help="OCR scanned pages a rule needs [default: on].")
@click.option("--cache/--no-cache", default=None, help="Use the cache [default: on].")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
              help="Cache folder; give one that every worker sees at the same path [default: DOCVALIDATOR_CACHE_DIR or the user cache dir].")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="A .docvalidator.toml or pyproject.toml.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Override a schema parameter.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Check date for expiry rules [default: today].")
def batch(root, out, workers, scheduler, formats, schema, fail_on, select, ignore, ocr, cache,
          cache_dir, config_file, params, as_of):
    """Check every package under ROOT (folders with docvalidator.yaml, and .zip files) on a
    Dask cluster; exit with the worst package's exit code."""
    from docvalidator.batch.runner import Batch, run_batch

    settings = load_settings(config_file).merged(
        schema=schema, fail_on=fail_on, select=tuple(select), ignore=tuple(ignore), ocr=ocr,
        cache=cache, parameters=parse_params(params) or None,
        cache_dir=os.path.abspath(cache_dir) if cache_dir else None,
        as_of=as_of.date() if isinstance(as_of, dt.datetime) else None)
    settings.enabled_codes()  # unknown selectors fail before any work
    if settings.cache_dir is None and os.environ.get("DOCVALIDATOR_CACHE_DIR"):
        # the workers of a local cluster inherit it; a remote cluster is told explicitly
        settings = settings.merged(cache_dir=os.path.abspath(os.environ["DOCVALIDATOR_CACHE_DIR"]))
    job = Batch(root=root, out=out, settings=settings, formats=_formats(formats),
                scheduler=scheduler, workers=workers)
    bar = _Bar() if sys.stderr.isatty() and not os.environ.get("CI") else None
    try:
        return run_batch(job, echo=bar.log if bar else lambda s: click.echo(s, err=True), bar=bar)
    finally:
        if bar is not None:
            bar.close()


class _Bar:
    """Two bars on stderr: packages finished, and pages OCR'd (of those known so far)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self.progress = Progress(TextColumn("{task.description:<12}"), BarColumn(),
                                 MofNCompleteColumn(), console=Console(stderr=True))
        self.seen: dict[str, tuple[int, int]] = {}
        self.finished_pages = 0
        self.packages: Any = None
        self.pages_task: Any = None

    def start(self, total: int) -> None:
        self.progress.start()
        self.packages = self.progress.add_task("packages", total=total)
        self.pages_task = self.progress.add_task("pages OCR'd", total=None)

    def pages(self, name: str, done: int, total: int) -> None:
        self.seen[name] = (done, total)
        self._pages()

    def package_done(self, r: dict[str, Any]) -> None:
        done, _total = self.seen.pop(r["package"], (r.get("pages_ocr") or 0, 0))
        self.finished_pages += done
        self.progress.advance(self.packages)
        self._pages()

    def _pages(self) -> None:
        done = self.finished_pages + sum(d for d, _t in self.seen.values())
        total = self.finished_pages + sum(t for _d, t in self.seen.values())
        self.progress.update(self.pages_task, completed=done, total=max(total, done) or None)

    def log(self, line: str) -> None:
        self.progress.console.print(line, markup=False, highlight=False)

    def close(self) -> None:
        self.progress.stop()
