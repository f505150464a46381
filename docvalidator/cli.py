"""Command line. The only module that exits: 0 clean, 1 findings at or above --fail-on,
2 usage/schema/input error (one line, no traceback), 3 internal error."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from docvalidator import __version__, codes
from docvalidator.batch.command import batch
from docvalidator.config import FAIL_ON, Settings, load_settings, parse_params
from docvalidator.errors import DocValidatorError, UsageError
from docvalidator.progress import progress_bar
from docvalidator.report import FORMATS


def _renderers():
    from docvalidator.report import REPORTER_BY_NAME

    return REPORTER_BY_NAME


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docvalidator")
def cli() -> None:
    """Pre-review (形式审查) of telecom licence application packages before upload."""


@cli.command()
@click.argument("path", type=click.Path(exists=False))
@click.option("--schema", "schema", metavar="ID|FILE", help="Application type: a built-in id or a schema file.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report here instead of stdout.")
@click.option("--fail-on", type=click.Choice(list(FAIL_ON)), default=None,
              help="Exit 1 when a finding is at or above this severity [default: error].")
@click.option("--select", multiple=True, metavar="CODES", help="Only these codes, names, groups or prefixes (DV4).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these codes, names, groups or prefixes.")
@click.option("--ocr/--no-ocr", default=None, help="OCR scanned pages a rule needs [default: on].")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Cores to use: N worker processes with one OCR thread each; 1 runs in this "
                   "process [default: every core].")
@click.option("--cache/--no-cache", default=None, help="Use the inspection cache [default: on].")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="A .docvalidator.toml or pyproject.toml.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Override a schema parameter.")
@click.option("--evidence-dir", "evidence_dir", type=click.Path(file_okay=False),
              help="Write a picture of each seal/photo finding's page with its box drawn here.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Check date for expiry rules [default: today].")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), default=None,
              help="Suppress the findings this baseline file accepts (see docs/baseline.md).")
@click.option("--write-baseline", "write_baseline_file", type=click.Path(dir_okay=False), default=None,
              help="Record the current findings as a baseline file (each needs a reason).")
@click.option("--stats", is_flag=True, help="Print how many files were inspected or cached (stderr).")
def check(path, schema, fmt, output, fail_on, select, ignore, ocr, jobs, cache, config_file, params,
          evidence_dir, as_of, baseline_file, write_baseline_file, stats):
    """Check the package at PATH (a folder or a .zip)."""
    from docvalidator.engine import run

    settings: Settings = load_settings(config_file).merged(
        schema=schema, fail_on=fail_on, select=tuple(select), ignore=tuple(ignore), ocr=ocr,
        jobs=jobs, cache=cache, parameters=parse_params(params) or None,
        as_of=as_of.date() if isinstance(as_of, dt.datetime) else None, evidence_dir=evidence_dir,
    )
    settings.enabled_codes()  # unknown selectors fail before any work
    renderers = _renderers()
    if fmt not in renderers:
        raise UsageError(f"--format {fmt}: not available in this version")
    if baseline_file and write_baseline_file:
        raise UsageError("--baseline and --write-baseline: give one of them")
    waivers = None
    if baseline_file:
        from docvalidator.baseline import load_baseline

        waivers = load_baseline(baseline_file)
    from docvalidator.engine import RunStats

    counters = RunStats()
    progress = progress_bar()
    try:
        report = run(path, settings, progress=progress, stats=counters, baseline=waivers,
                     thumbnails=fmt == "html")
    finally:
        if progress is not None:
            progress.close()
    if stats:
        extra = "".join(f", {k} {v}" for k, v in sorted(counters.extra.items()))
        click.echo(f"inspected {counters.inspected} files, {counters.cached} from cache{extra}",
                   err=True)
    if write_baseline_file:
        from docvalidator.baseline import write_baseline

        n = write_baseline(write_baseline_file, report.findings, report.files)
        click.echo(f"docvalidator: wrote {n} waivers to {write_baseline_file} "
                   "(give each a reason)", err=True)
    if report.waivers is not None:
        _echo_waivers(report.waivers, baseline_file)
    _emit(report, fmt, output)
    return 0 if report.passed(settings.fail_severity) else 1


@cli.command()
@click.argument("path", type=click.Path(exists=False))
@click.option("--output", "-o", "output", required=True, type=click.Path(),
              help="The fixed package: a new folder (or, with --zip, a new .zip file).")
@click.option("--schema", "schema", metavar="ID|FILE", help="Application type: a built-in id or a schema file.")
@click.option("--zip", "as_zip", is_flag=True, help="Write a zip (UTF-8 flagged names) instead of a folder.")
@click.option("--gbk", is_flag=True, help="With --zip: GBK names, as Windows writes them.")
@click.option("--names", type=click.Choice(["keep", "canonical"]), default="keep", show_default=True,
              help="canonical: the schema's numbered names (01-营业执照副本.pdf), parts merged.")
@click.option("--ocr-layer", is_flag=True, help="Add an invisible OCR text layer to image-only scans.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Format of the fixed copy's report (with the fix log).")
@click.option("--report", "report_file", type=click.Path(dir_okay=False), help="Write that report here.")
@click.option("--fail-on", type=click.Choice(list(FAIL_ON)), default=None,
              help="Exit 1 when a finding of the fixed copy is at or above this severity.")
@click.option("--ocr/--no-ocr", default=None, help="OCR: checks and the legibility proof [default: on].")
@click.option("--cache/--no-cache", default=None, help="Use the inspection cache [default: on].")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="A .docvalidator.toml or pyproject.toml.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Override a schema parameter.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Check date for expiry rules [default: today].")
def fix(path, output, schema, as_zip, gbk, names, ocr_layer, fmt, report_file, fail_on, ocr, cache,
        config_file, params, as_of):
    """Write an upload-ready copy of the package at PATH; print the check of the copy."""
    from docvalidator.fix import FixOptions, fix_package

    settings: Settings = load_settings(config_file).merged(
        schema=schema, fail_on=fail_on, ocr=ocr, cache=cache, parameters=parse_params(params) or None,
        as_of=as_of.date() if isinstance(as_of, dt.datetime) else None)
    options = FixOptions(output=output, as_zip=as_zip, gbk=gbk, names=names, ocr_layer=ocr_layer)
    progress = progress_bar()
    try:
        report = fix_package(path, settings, options, progress=progress, thumbnails=fmt == "html")
    finally:
        if progress is not None:
            progress.close()
    _emit(report, fmt, report_file)
    return 0 if report.passed(settings.fail_severity) else 1


def _emit(report, fmt: str, output: str | None) -> None:
    """The report in `fmt`: to the terminal (text), stdout, or the file `output`."""
    if fmt == "text" and output is None:
        from rich.console import Console

        from docvalidator.report.text import write

        write(report, Console(highlight=False, soft_wrap=True))
        return
    content = _renderers()[fmt](report)
    if output:
        Path(output).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    elif isinstance(content, bytes):
        raise UsageError(f"--format {fmt} is binary: give --output FILE")
    else:
        click.echo(content, nl=False)


def _echo_waivers(waivers: dict, baseline_file: str) -> None:
    """Expired and unused waivers on stderr, one line each (like ruff's RUF100)."""
    for kind, label in (("expired", "expired"), ("unused", "unused (matches no finding)")):
        for w in waivers[kind]:
            where = " ".join(str(x) for x in (w.get("material"), w.get("file"),
                                               f"p.{w['page']}" if w.get("page") else None) if x)
            extra = f" (expires {w['expires']})" if kind == "expired" else ""
            click.echo(f"docvalidator: {baseline_file}: {label} waiver {w['code']} {where}{extra}", err=True)


@cli.command()
@click.argument("files", nargs=-1, type=click.Path())
@click.option("--fail-on", type=click.Choice(list(FAIL_ON)), default=None,
              help="Exit 1 when a finding is at or above this severity [default: error].")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="A .docvalidator.toml or pyproject.toml.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Check date for expiry rules [default: today].")
@click.option("--schema", "schema", metavar="ID|FILE", help="Application type, if no manifest names one.")
def hook(files, fail_on, config_file, as_of, schema):
    """Pre-commit hook: check each package (nearest folder with docvalidator.yaml) of FILES once."""
    from rich.console import Console

    from docvalidator.engine import run
    from docvalidator.hook import package_roots
    from docvalidator.report.text import write

    settings: Settings = load_settings(config_file).merged(
        fail_on=fail_on, schema=schema, as_of=as_of.date() if isinstance(as_of, dt.datetime) else None)
    console = Console(highlight=False, soft_wrap=True)
    rc = 0
    cwd = Path.cwd().resolve()
    for root in package_roots(files, cwd):
        shown = root.relative_to(cwd).as_posix() if root != cwd else "."
        report = run(root, settings)
        if not report.passed(settings.fail_severity):
            click.echo(f"== {shown}")
            write(report, console)
            rc = 1
    return rc


@cli.command()
@click.argument("report", type=click.Path(dir_okay=False))
@click.argument("path", type=click.Path())
def verify(report, path):
    """Re-hash the package at PATH: which files changed since the JSON REPORT (exit 1 if any)."""
    from docvalidator.verify import verify as drift_of

    drift = drift_of(report, path)
    for label, paths in (("changed", drift.changed), ("added", drift.added), ("removed", drift.removed)):
        for p in paths:
            click.echo(f"{label}: {p}")
    if drift.identical:
        click.echo("identical: every file is as checked in the report")
        return 0
    return 1


@cli.group()
def cache() -> None:
    """The inspection cache (user cache dir; DOCVALIDATOR_CACHE_DIR overrides)."""


@cache.command("info")
def cache_info_cmd():
    """Where the cache is, how many entries, how big."""
    from docvalidator.inspect.cache import cache_info

    root, entries, size = cache_info()
    click.echo(f"dir: {root}")
    click.echo(f"entries: {entries}")
    click.echo(f"size: {size / 1024 / 1024:.1f} MB ({size} bytes)")
    return 0


@cache.command("clear")
def cache_clear_cmd():
    """Delete every cached inspection."""
    from docvalidator.inspect.cache import cache_dir, clear_cache

    removed = clear_cache()
    click.echo(f"removed {removed} entries from {cache_dir()}")
    return 0


@cli.group()
def schemas() -> None:
    """List, show and validate schemas."""


@schemas.command("list")
def schemas_list():
    """The built-in application types."""
    from docvalidator.schema import builtin_ids, load_schema

    for sid in builtin_ids():
        s = load_schema(sid)
        click.echo(f"{sid:<22} {s.title_zh}  ({s.title_en})")
    return 0


@schemas.command("show")
@click.argument("ref")
def schemas_show(ref):
    """The materials with their requirement levels and sources, the parameters with the seed's
    value and any stricter secondary value, and the clauses of a schema (id or file)."""
    from docvalidator.schema import load_schema
    from docvalidator.schema.show import materials_and_parameters

    s = load_schema(ref)
    for line in materials_and_parameters(s):
        click.echo(line)
    if s.clauses:
        click.echo("\n条款:")
        for c in s.clauses:
            click.echo(f"  {c.id:<36} {c.name} → {', '.join(c.materials)}")
    if s.forbidden:
        click.echo("\n禁用语:")
        for f in s.forbidden:
            click.echo(f"  {f.id:<36} {'、'.join(f.terms)} → {', '.join(f.materials)}")
    return 0


@schemas.command("validate")
@click.argument("file")
def schemas_validate(file):
    """Validate a schema file against the meta-schema (extends resolved)."""
    from docvalidator.schema import validate_file

    s = validate_file(file)
    click.echo(f"{file}: valid schema {s.id!r} with {len(s.materials)} materials")
    return 0


@cli.command()
@click.argument("code")
def explain(code):
    """Print the documentation of a finding code (DV402) or name (clause-missing)."""
    c = codes.CODES.get(code.upper()) or codes.BY_NAME.get(code.lower())
    if c is None:
        raise UsageError(f"unknown code {code!r} (codes: {', '.join(codes.CODES)})")
    from docvalidator.checks import code_docs

    click.echo(f"{c.code} {c.name} — {c.summary}")
    click.echo(f"group: {c.group} ({codes.GROUPS[c.group]}); default severity: {c.severity.value} ({c.severity.label_zh})")
    click.echo("")
    click.echo(code_docs().get(c.code, ""))
    click.echo("")
    click.echo(f"Requirement: {c.requirement}")
    click.echo(f"Fix: {c.fix}")
    return 0


@cli.command()
@click.option("--schema", "schema_id", required=True, metavar="ID", help="The application type.")
@click.argument("directory", type=click.Path(file_okay=False))
def init(schema_id, directory):
    """Scaffold an empty package: numbered folders per material and a manifest."""
    from docvalidator.scaffold import scaffold

    created = scaffold(schema_id, directory)
    click.echo(f"created {directory} with {created} material folders and docvalidator.yaml")
    return 0


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; off loopback, --token is required.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="0: any free port.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the browser.")
@click.option("--token", envvar="DOCVALIDATOR_TOKEN", default=None, help="Require this token (header or cookie) [env: DOCVALIDATOR_TOKEN].")
@click.option("--keep-minutes", type=click.FloatRange(min=0), default=60, show_default=True, help="Remove a finished job's files after this long.")
@click.option("--max-upload-mb", type=click.IntRange(min=1), default=500, show_default=True)
@click.option("--max-files", type=click.IntRange(min=1), default=2000, show_default=True, help="Files in a folder upload or members in a zip.")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Checks at a time [default: cores].")
@click.option("--ocr/--no-ocr", default=None, help="OCR default for uploads (a request may say ocr=false).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="A .docvalidator.toml or pyproject.toml.")
@click.option("--work-dir", type=click.Path(file_okay=False), default=None, help="Where job folders go [default: system temp].")
def serve(host, port, open_browser, token, keep_minutes, max_upload_mb, max_files, workers, ocr, config_file, work_dir):
    """A local web page and API for checking packages (see README: docvalidator serve)."""
    from docvalidator.serve import ServeConfig, run_server

    settings = load_settings(config_file).merged(ocr=ocr)
    config = ServeConfig(host=host, port=port, token=token or None, keep_minutes=keep_minutes,
                         max_upload_mb=max_upload_mb, max_files=max_files, work_dir=work_dir,
                         settings=settings, **({"workers": workers} if workers else {}))
    run_server(config, open_browser=open_browser)
    return 0


cli.add_command(batch)


def run_cli(argv: list[str] | None = None) -> int:
    debug = bool(os.environ.get("DOCVALIDATOR_DEBUG"))
    try:
        rv = cli.main(args=argv, prog_name="docvalidator", standalone_mode=False)
        return rv if isinstance(rv, int) else 0
    except click.exceptions.Exit as e:
        return e.exit_code
    except click.ClickException as e:
        e.show()
        return 2
    except click.exceptions.Abort:
        click.echo("docvalidator: aborted", err=True)
        return 2
    except DocValidatorError as e:
        click.echo(f"docvalidator: error: {e}", err=True)
        return e.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as e:
        if debug:
            raise
        click.echo(f"docvalidator: internal error: {type(e).__name__}: {e} "
                   "(set DOCVALIDATOR_DEBUG=1 for the traceback)", err=True)
        return 3


def main() -> None:
    sys.exit(run_cli())
