"""DV601–DV606: venue photos firing and staying silent; bombs and giant images do not crash."""

import io
import struct
import zlib

import pytest
from PIL import Image

from fixtures._photos import make_venue_photo
from fixtures.generate import make_photo_pdf
from tests.helpers import check_json
from tests.vision.photo_synth import blurred, exposed, held_out_logo, jpeg, recompressed_copy, venue
from tests.vision.pkg import write_package

SITE = {"site_check": True}


def _run(tmp_path, photos: dict[str, bytes], select="DV6", **kw):
    root = write_package(tmp_path / "pkg", {f"场地照片/{k}": v for k, v in photos.items()},
                         facts=SITE, **kw)
    r = check_json(root, "--select", select)
    assert "Traceback" not in r.err
    return r.json()["findings"]


def _codes(findings):
    return sorted(f["code"] for f in findings)


@pytest.fixture(scope="module")
def room():
    return venue(6, 41, logo=held_out_logo(), size=(1600, 900))


def _png_bomb(side: int = 20000) -> bytes:
    """A 1-bit PNG declaring side×side pixels: 50 MB of zeros deflated to ~50 KB."""
    raw = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * (side // 8)
    body = b"".join(raw.compress(row) for _ in range(side)) + raw.flush()

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def _jpeg_claiming(w: int, h: int) -> bytes:
    """A small JPEG whose frame header claims w×h pixels."""
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 120, 120)).save(buf, "JPEG")
    data = bytearray(buf.getvalue())
    i = data.index(b"\xff\xc0")
    data[i + 5:i + 9] = struct.pack(">HH", h, w)
    return bytes(data)


def test_decompression_bomb_and_20000px_image_give_dv601_not_a_crash(tmp_path):
    found = _run(tmp_path, {"bomb.png": _png_bomb(), "huge.jpg": _jpeg_claiming(20000, 20000)},
                 select="DV601,DV901")
    assert _codes(found) == ["DV601", "DV601"]
    assert all(f["evidence"]["error"].startswith("bomb") for f in found)


def test_small_or_undecodable_photo_gives_dv601_and_a_good_one_does_not(tmp_path, room):
    small = room.resize((800, 450))
    found = _run(tmp_path, {"a.jpg": jpeg(room), "b.jpg": jpeg(small),
                            "c.jpg": jpeg(room)[:4000]}, select="DV601")
    assert sorted(f["file"].rsplit("/", 1)[-1] for f in found) == ["b.jpg", "c.jpg"]


def test_blurred_and_dark_photos_give_dv602(tmp_path, room):
    found = _run(tmp_path, {"sharp.jpg": jpeg(room), "blur.jpg": jpeg(blurred(room, 3.0)),
                            "dark.jpg": jpeg(exposed(room, 0.25)),
                            "bright.jpg": jpeg(exposed(room, 1.6, 60))}, select="DV602")
    got = {f["file"].rsplit("/", 1)[-1]: f["evidence"]["problems"] for f in found}
    assert got == {"blur.jpg": ["blur"], "dark.jpg": ["dark"], "bright.jpg": ["bright"]}


def test_resized_recompressed_copy_is_a_duplicate_and_another_room_is_not(tmp_path, room):
    other = venue(6, 42, size=(1600, 900))
    found = _run(tmp_path, {"a.jpg": jpeg(room), "b.jpg": jpeg(recompressed_copy(room, 0.8, 60)),
                            "c.jpg": jpeg(other)}, select="DV605")
    (f,) = found
    assert f["file"].endswith("b.jpg") and f["evidence"]["duplicate_of"].endswith("a.jpg")


def test_edited_or_old_photo_gives_dv606(tmp_path, room):
    found = _run(tmp_path, {"ok.jpg": jpeg(room, when="2026:11:01 10:00:00"),
                            "ps.jpg": jpeg(room, software="Adobe Photoshop 25.0 (Windows)"),
                            "old.jpg": jpeg(room, when="2024:01:05 10:00:00")}, select="DV606")
    got = sorted((f["file"].rsplit("/", 1)[-1], sorted(f["evidence"])) for f in found)
    assert got == [("old.jpg", ["age_days", "captured", "max_age_days"]),
                   ("ps.jpg", ["editor", "software"])]


def test_logo_found_by_feature_matching_or_dv604(tmp_path, room):
    logo = io.BytesIO()
    held_out_logo().save(logo, "PNG")
    assert _run(tmp_path / "a", {"a.jpg": jpeg(room)}, select="DV604", logo=logo.getvalue()) == []
    (f,) = _run(tmp_path / "b", {"a.jpg": jpeg(venue(6, 43, size=(1600, 900)))}, select="DV604",
                logo=logo.getvalue())
    assert f["evidence"]["looked_for"] == "logo"


def _photo_pdf(seats: int, seed: int) -> bytes:
    img = make_venue_photo(seats=seats, seed=seed, layout=seed % 3, size=(1280, 960))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return make_photo_pdf(buf.getvalue(), "坐席区实景", None)


def test_dv603_counts_seats_across_photos_without_counting_duplicates(tmp_path):
    one = _photo_pdf(3, 5)
    root = write_package(tmp_path / "few", {"场地照片/坐席01.pdf": one, "场地照片/坐席02.pdf": one},
                         schema="number-95-shanghai")
    (f,) = [f for f in check_json(root, "--select", "DV603").json()["findings"]]
    assert f["evidence"]["seats_seen"] == 3 and f["evidence"]["min_seats"] == 5
    root = write_package(tmp_path / "enough", {"场地照片/坐席01.pdf": one,
                                                "场地照片/坐席02.pdf": _photo_pdf(3, 6)},
                         schema="number-95-shanghai")
    assert check_json(root, "--select", "DV603").json()["findings"] == []


def _package_without_manifest(root, photo: bytes):
    from tests.vision.pkg import APPLICANT, licence_page

    assert APPLICANT
    root.mkdir(parents=True)
    (root / "02-营业执照.pdf").write_bytes(licence_page(with_applicant_seal=True))
    (root / "场地照片").mkdir()
    (root / "场地照片" / "坐席区.jpg").write_bytes(photo)
    return root


def test_dv604_without_a_manifest_looks_for_the_name_the_licence_gives(tmp_path):
    """No docvalidator.yaml: the applicant's name comes from the business licence (OCR'd), and
    photos that show neither it nor a logo are reported."""
    from tests.vision.pkg import APPLICANT

    bare = _package_without_manifest(tmp_path / "bare", jpeg(venue(6, 44, size=(1600, 900))))
    r = check_json(bare, "--schema", "b24-national", "--select", "DV604")
    (f,) = r.json()["findings"]
    assert f["evidence"]["looked_for"] == "name" and APPLICANT in f["message"]
    named = _package_without_manifest(
        tmp_path / "named", jpeg(venue(6, 44, size=(1600, 900), company=APPLICANT)))
    assert check_json(named, "--schema", "b24-national", "--select", "DV604").json()["findings"] == []
