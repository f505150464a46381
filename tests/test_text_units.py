"""Normalisation, quantities, DOCX text walk, OCR reading order: the pure pieces."""

import io
import zipfile

import pytest

from docvalidator.imaging.ocr import Line, reading_order
from docvalidator.inspect.docx import inspect_docx
from docvalidator.text.normalize import normalize
from docvalidator.text.quantity import find_durations, parse_number, satisfies


@pytest.mark.parametrize("raw, want", [
    ("客戶資料採用AES—256加密", "客户资料采用AES-256加密"),
    ("ＡＥＳ－２５６", "AES-256"),
    ("AES-2S6", "AES-256"),
    ("AE5-256", "AES-256"),
    ("AES一256", "AES-256"),
    ("客 户 数 据", "客户数据"),
    ("5G网络", "5G网络"),
    ("第一条 客户数据采用AES-256加密存储，仅授权人员\n可访问。\n第二条 通话记录", "第一条客户数据采用AES-256加密存储,仅授权人员可访问。\n第二条通话记录"),
])
def test_normalize(raw, want):
    assert normalize(raw) == want


def test_a_chinese_line_that_wrapped_beside_wider_lines_of_english_words_is_joined():
    """Line fullness is measured in printed columns: a line of Chinese characters is as wide
    as a longer line that mixes English words, so a word broken at its end (加 / 密) is joined."""
    page = ("在 Microsoft 工程师访问任何 Exchange Online 或 SharePoint Online 系统或数据之前, 必须\n"
            "使用密码箱提交访问请求。\n"
            "无论客户配置如何, 存储在企业云服务中的客户数据都使用一种或多种形式的加\n"
            "密进行保护。\n"
            "第二条 通话记录")
    lines = normalize(page).split("\n")
    assert any("形式的加密进行保护" in ln for ln in lines)
    assert lines[-1] == "第二条通话记录"  # a new item still starts its own line


@pytest.mark.parametrize("token, value", [("24", 24), ("二十四", 24), ("贰拾肆", 24), ("两", 2),
                                          ("一百八十", 180), ("一八〇", 180), ("壹仟", 1000), ("十", 10),
                                          ("廿四", 24), ("卅", 30), ("廿", 20)])
def test_parse_number(token, value):
    assert parse_number(token) == value


@pytest.mark.parametrize("text, value, unit, comparator", [
    ("保存不少于6个月", 6, "month", ">="), ("24小时内", 24, "hour", "<="), ("半年", 0.5, "year", "="),
    ("一年半", 1.5, "year", "="), ("7个工作日以内", 7, "workday", "<="), ("至少30天", 30, "day", ">="),
    ("不超过二十四小时", 24, "hour", "<="), ("廿四小时内", 24, "hour", "<="), ("卅日内", 30, "day", "<="),
])
def test_find_durations(text, value, unit, comparator):
    (q,) = find_durations(text)
    assert (q.value, q.unit, q.comparator) == (value, unit, comparator)


def test_dates_and_frequencies_are_not_durations():
    assert find_durations("2024年6月30日起，每6个月备份一次，第3日") == []


def test_day_is_24_hours_only_when_the_schema_says_so():
    (q,) = find_durations("1天内响应")
    assert satisfies(q, "<=", 24, "hour") is None
    assert satisfies(q, "<=", 24, "hour", day_is_24h=True) is True


def _docx(body: str) -> bytes:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' \
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", f'<w:document {w}><w:body>{body}</w:body></w:document>')
        z.writestr("word/header1.xml", f'<w:hdr {w}><w:p><w:r><w:t>页眉公司名</w:t></w:r></w:p></w:hdr>')
    return buf.getvalue()


def test_docx_reaches_nested_tables_text_boxes_and_content_controls_once():
    body = (
        "<w:p><w:r><w:t>正文</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>嵌套表格</w:t></w:r></w:p>"
        "</w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>"
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>内容控件</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        "<w:p><w:r><w:t>锚点</w:t></w:r><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent>"
        "<w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent>"
        "</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    info, texts = inspect_docx(_docx(body))
    assert info.paragraphs == ["正文", "嵌套表格", "内容控件", "锚点", "文本框", "页眉公司名"]
    assert [t.number for t in texts] == [1, 2, 3, 4, 5, 6]


def test_reading_order_sorts_rows_then_columns():
    lines = [Line("右", (300, 10, 340, 30), 1), Line("第二行", (10, 50, 100, 70), 1),
             Line("左", (10, 12, 50, 31), 1)]
    assert reading_order(lines) == "左右\n第二行"


def test_edit_distance_counts_insertions_deletions_and_substitutions():
    from docvalidator.text.distance import edit_distance

    assert edit_distance("", "上海") == 2 and edit_distance("上海", "") == 2
    assert edit_distance("上海云声", "上海云声") == 0
    assert edit_distance("海云市", "上海云声") == 2  # one inserted, one substituted
    assert edit_distance("kitten", "sitting") == 3
