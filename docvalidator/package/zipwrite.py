"""Write a folder as a zip the way Windows' "Send to > Compressed folder" does on a Chinese
system: GBK names without the UTF-8 flag. Some portals expect exactly that, and the tests
build such zips with it."""

from __future__ import annotations

import os
import zipfile


class _GbkZipInfo(zipfile.ZipInfo):
    """A ZipInfo whose name is stored as GBK bytes without the UTF-8 flag (as Windows does)."""

    __slots__ = ()

    def _encodeFilenameFlags(self):  # type: ignore[override]
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


FIXED_DATE = (2024, 1, 1, 0, 0, 0)


def write_gbk_zip(folder: str | os.PathLike, zip_path: str | os.PathLike,
                  wrap_folder: str | None = None) -> None:  # fmt: skip
    """Zip `folder` the way Windows' "Send to > Compressed folder" does on a Chinese system:
    GBK names without the UTF-8 flag, folder entries, DOS attributes, deflate.
    `wrap_folder` puts everything inside one top folder of that name."""
    write_zip(folder, zip_path, gbk=True, wrap_folder=wrap_folder)


def write_zip(folder: str | os.PathLike, zip_path: str | os.PathLike, *, gbk: bool = False,
              wrap_folder: str | None = None) -> None:
    """Zip `folder`, byte-for-byte deterministic: entries sorted, timestamps fixed at
    2024-01-01. Names in UTF-8 with the UTF-8 flag, or with `gbk` as Windows writes them (see
    `write_gbk_zip`). A zip written inside `folder` is not put into itself."""
    folder = os.path.abspath(os.fspath(folder))
    zip_abs = os.path.abspath(os.fspath(zip_path))
    prefix = (wrap_folder.strip("/") + "/") if wrap_folder else ""

    def add(zf: zipfile.ZipFile, arcname: str, data: bytes | None) -> None:
        if not gbk:
            if data is not None:  # no folder entries: unzip tools make the folders
                info = zipfile.ZipInfo(arcname, date_time=FIXED_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                info.flag_bits |= 0x800
                zf.writestr(info, data)
            return
        info = _GbkZipInfo(arcname, date_time=FIXED_DATE)
        info.create_system = 0  # MS-DOS
        info.create_version = info.extract_version = 20
        if data is None:
            info.external_attr = 0x10  # directory
            info.compress_type = zipfile.ZIP_STORED
            zf.writestr(info, b"")
        else:
            info.external_attr = 0x20  # archive
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)

    with zipfile.ZipFile(zip_abs, "w") as zf:
        if prefix:
            add(zf, prefix, None)
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            rel_dir = os.path.relpath(dirpath, folder)
            rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/") + "/"
            for d in dirnames:
                add(zf, prefix + rel_dir + d + "/", None)
            for fname in sorted(filenames):
                full = os.path.join(dirpath, fname)
                if os.path.abspath(full) == zip_abs:
                    continue
                with open(full, "rb") as f:
                    add(zf, prefix + rel_dir + fname, f.read())
