"""Settings: `[tool.docvalidator]` in pyproject.toml or `.docvalidator.toml`, then the command line.

Options are type-checked before anything runs; an unknown key is an error naming file and key.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from docvalidator import codes
from docvalidator.codes import Severity
from docvalidator.errors import UsageError

FAIL_ON = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO, "never": None}


@dataclass(frozen=True)
class Settings:
    schema: str | None = None
    fail_on: str = "error"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    ocr: bool = True
    jobs: int | None = None  # None: one per core
    cache: bool = True
    cache_dir: str | None = None  # None: DOCVALIDATOR_CACHE_DIR, else the user cache dir
    parameters: dict[str, Any] = field(default_factory=dict)
    as_of: dt.date | None = None
    timeout: float = 60.0  # seconds per file inspection
    memory_mb: int = 2048  # address space an inspection worker may add to what it starts with
    evidence_dir: str | None = None
    seat_detector: dict[str, Any] | None = None  # optional ONNX model, see checks/photos/seat_model.py
    config_file: str | None = None

    @property
    def fail_severity(self) -> Severity | None:
        return FAIL_ON[self.fail_on]

    @property
    def check_date(self) -> dt.date:
        return self.as_of or dt.date.today()

    @property
    def job_count(self) -> int:
        return self.jobs if self.jobs and self.jobs > 0 else (os.cpu_count() or 1)

    def enabled_codes(self) -> frozenset[str]:
        """The codes left after --select and --ignore (codes, names, groups or prefixes)."""
        chosen = set(codes.CODES) if not self.select else _expand(self.select, "select")
        return frozenset(chosen - _expand(self.ignore, "ignore"))

    def merged(self, **cli: Any) -> Settings:
        """The command line's values over the file's (None means: not given)."""
        given = {k: v for k, v in cli.items() if v is not None and v != ()}
        if "parameters" in given:
            given["parameters"] = {**self.parameters, **given["parameters"]}
        return replace(self, **given)


def parse_params(values: tuple[str, ...]) -> dict[str, Any]:
    """--param NAME=VALUE options (values read as YAML scalars)."""
    import yaml

    out = {}
    for v in values:
        if "=" not in v:
            raise UsageError(f"--param: expected NAME=VALUE, got {v!r}")
        k, _, raw = v.partition("=")
        out[k.strip()] = yaml.safe_load(raw) if raw.strip() else None
    return out


def _expand(selectors: tuple[str, ...], option: str) -> set[str]:
    out: set[str] = set()
    for raw in selectors:
        for s in raw.split(","):
            if not s.strip():
                continue
            try:
                out |= codes.resolve_selector(s)
            except KeyError:
                raise UsageError(f"--{option}: unknown code, name or group {s.strip()!r} "
                                 "(see docvalidator explain)") from None
    return out


# key in the file → (Settings field, expected python types, description of what is expected)
_KEYS: dict[str, tuple[str, tuple[type, ...], str]] = {
    "schema": ("schema", (str,), "a schema id or path"),
    "fail-on": ("fail_on", (str,), "one of error, warning, info, never"),
    "select": ("select", (list,), "a list of codes, names or groups"),
    "ignore": ("ignore", (list,), "a list of codes, names or groups"),
    "ocr": ("ocr", (bool,), "true or false"),
    "jobs": ("jobs", (int,), "a whole number"),
    "cache": ("cache", (bool,), "true or false"),
    "cache-dir": ("cache_dir", (str,), "a folder for the cache (shared by batch workers)"),
    "parameters": ("parameters", (dict,), "a table of schema parameters"),
    "timeout": ("timeout", (int, float), "seconds"),
    "memory-mb": ("memory_mb", (int,), "megabytes"),
    "evidence-dir": ("evidence_dir", (str,), "a folder for evidence thumbnails (outside the package)"),
    "seat-detector": ("seat_detector", (dict,), "a table: model, classes, parts[, input-size, score]"),
}


def _from_table(table: dict[str, Any], file: str) -> Settings:
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _KEYS:
            raise UsageError(f"{file}: [tool.docvalidator] unknown key {key!r} "
                             f"(expected one of {', '.join(sorted(_KEYS))})")
        name, types, expected = _KEYS[key]
        if isinstance(value, bool) and bool not in types:
            raise UsageError(f"{file}: {key}: expected {expected}, got {value!r}")
        if not isinstance(value, types):
            raise UsageError(f"{file}: {key}: expected {expected}, got {value!r}")
        if key == "fail-on" and value not in FAIL_ON:
            raise UsageError(f"{file}: {key}: expected {expected}, got {value!r}")
        values[name] = tuple(value) if isinstance(value, list) else value
    model = (values.get("seat_detector") or {}).get("model")
    if model is not None:
        if not isinstance(model, str):
            raise UsageError(f"{file}: seat-detector.model: expected a path, got {model!r}")
        path = Path(model)
        if not path.is_absolute():  # relative to the configuration file
            values["seat_detector"] = {**values["seat_detector"],
                                       "model": str(Path(file).resolve().parent / path)}
    return Settings(config_file=file, **values)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"{path}: cannot read the configuration ({e})") from None
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"{path}: invalid TOML ({e})") from None


def load_settings(config_file: str | None = None, start: str | os.PathLike | None = None) -> Settings:
    """Read the configuration: the given file, else the nearest `.docvalidator.toml` or
    `pyproject.toml` with a `[tool.docvalidator]` table from `start` (the cwd) upwards."""
    if config_file:
        path = Path(config_file)
        if not path.is_file():
            raise UsageError(f"--config: no such file: {config_file}")
        doc = _read_toml(path)
        table = doc.get("tool", {}).get("docvalidator", doc) if path.name == "pyproject.toml" else doc
        table = table.get("tool", {}).get("docvalidator", table) if "tool" in table else table
        return _from_table(table, str(path))
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        dot = folder / ".docvalidator.toml"
        if dot.is_file():
            doc = _read_toml(dot)
            return _from_table(doc.get("tool", {}).get("docvalidator", doc), str(dot))
        py = folder / "pyproject.toml"
        if py.is_file():
            table = _read_toml(py).get("tool", {}).get("docvalidator")
            if table is not None:
                return _from_table(table, str(py))
    return Settings()
