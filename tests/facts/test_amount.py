import pytest

from docvalidator.checks.applicant.amount import parse_amount, parse_cn_integer


@pytest.mark.parametrize(("text", "value"), [
    ("壹仟万", 10_000_000), ("一千万", 10_000_000), ("壹佰伍拾万", 1_500_000), ("十二", 12),
    ("壹亿贰仟万", 120_000_000), ("一百零五", 105), ("贰拾万零叁佰", 200_300), ("两千", 2000),
    ("壹拾万", 100_000),
])
def test_chinese_integers(text, value):
    assert parse_cn_integer(text) == value


@pytest.mark.parametrize(("text", "wan"), [
    ("人民币壹仟万元整", 1000), ("1000万元", 1000), ("10,000,000元", 1000), ("1000万人民币", 1000),
    ("1.5亿元", 15000), ("壹佰万元整（认缴）", 100), ("人民币 500 万元", 500), ("伍拾万元", 50),
    ("一千万元", 1000), ("贰佰万", 200),
])
def test_amounts_in_wan(text, wan):
    assert parse_amount(text).wan == wan


def test_foreign_currency_is_named():
    assert parse_amount("100万美元").currency == "USD"


@pytest.mark.parametrize("text", ["股东合计持股", "1000", "万元", ""])
def test_not_an_amount(text):
    assert parse_amount(text) is None
