"""Blank paper is cut out before text detection (imaging.ocr.trim_plan), never a pixel of ink."""

from __future__ import annotations

import numpy as np
import pytest

from docvalidator.imaging import ocr


def _page() -> np.ndarray:
    """An A4 page at 150 dpi: a faint header, two blocks of 'text' far apart, a page number."""
    page = np.full((1754, 1241, 3), 255, np.uint8)
    page[80:100, 150:500] = 200  # light grey header
    page[300:340, 180:1060] = 20
    page[360:400, 180:900] = 20
    page[900:940, 700:1080] = 20
    page[1680:1690, 600:640] = 230  # a pale page number
    return page


def _stack(page: np.ndarray, plan) -> np.ndarray:
    x0, x1, bands = plan
    return np.concatenate([page[a:b, x0:x1] for a, b in bands])


def test_trim_keeps_every_ink_pixel_faint_ones_included():
    page = _page()
    plan = ocr.trim_plan(page)
    assert plan is not None
    stacked = _stack(page, plan)
    assert stacked.size < 0.5 * page.size  # the margins and blank runs are gone
    dark = (page < 250).any(axis=2).sum()
    assert (stacked < 250).any(axis=2).sum() == dark


def test_trim_leaves_blank_paper_around_each_band():
    page = _page()
    x0, x1, bands = ocr.trim_plan(page)
    for a, b in bands:
        assert (page[a:a + 16, x0:x1] == 255).all() or a == 0
        assert (page[b - 16:b, x0:x1] == 255).all() or b == page.shape[0]


def test_a_row_of_the_stacked_bands_maps_back_to_its_page_row():
    page = _page()
    _x0, _x1, bands = ocr.trim_plan(page)
    top = 0
    for a, b in bands:
        assert ocr._source_y(bands, top) == pytest.approx(a)
        assert ocr._source_y(bands, top + (b - a) - 1) == pytest.approx(b - 1)
        top += b - a


@pytest.mark.parametrize("fill", ["full", "blank", "tinted"])
def test_no_trim_where_it_would_not_pay(fill):
    page = np.full((1754, 1241, 3), 255, np.uint8)
    if fill == "full":
        for y in range(40, 1700, 60):
            page[y:y + 30, 40:1200] = 0  # lines of print over the whole page
    elif fill == "tinted":
        page[:] = 235  # grey paper and nothing on it: no ink, nothing to cut
    assert ocr.trim_plan(page) is None


def test_tinted_paper_is_paper_not_ink():
    page = np.full((1754, 1241, 3), 236, np.uint8)
    page[300:340, 180:1060] = 20
    x0, x1, bands = ocr.trim_plan(page)
    assert len(bands) == 1 and x1 - x0 < 1000 and bands[0][1] - bands[0][0] < 200
