"""GB 32100-2015 credit codes and GB 11643 ID numbers: published valid codes, and any single
changed character makes a valid code invalid."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docvalidator.checks.applicant.checkdigits import (
    CREDIT_ALPHABET,
    credit_code_check_char,
    credit_code_error,
    credit_code_valid,
    id_check_char,
    id_number_error,
    id_number_valid,
)

# codes printed on published business licences (Huawei, Alibaba China, Tencent Shenzhen, ...)
PUBLISHED_CREDIT_CODES = ["914403001922038216", "91330100716105852F", "9144030071526726XG",
                          "91110000600037341L"]
# the examples printed in GB 11643-1999 itself
PUBLISHED_IDS = ["11010519491231002X", "440524188001010014"]


@pytest.mark.parametrize("code", PUBLISHED_CREDIT_CODES)
def test_published_credit_codes_are_valid(code):
    assert credit_code_valid(code)
    assert credit_code_valid(code.lower())


@pytest.mark.parametrize("number", PUBLISHED_IDS)
def test_published_id_numbers_are_valid(number):
    assert id_number_valid(number)


@pytest.mark.parametrize(("code", "why"), [
    ("91310115MA1HK7Q326", "校验码应为 5"),
    ("91310115MA1HK7Q3O5", "O"),
    ("91310115MA1HK7Q32", "长度为 17 位"),
])
def test_credit_code_errors_say_what_is_wrong(code, why):
    assert why in credit_code_error(code)


@pytest.mark.parametrize(("number", "why"), [
    ("310115198005122315", "校验码应为 4"),
    ("310115198013322314", "不是有效日期"),
    ("31011519800512231", "长度为 17 位"),
    ("31011519800512231Y", "末位"),
])
def test_id_number_errors_say_what_is_wrong(number, why):
    assert why in id_number_error(number)


credit_bodies = st.text(alphabet=CREDIT_ALPHABET, min_size=17, max_size=17)


@given(credit_bodies, st.integers(0, 17), st.integers(1, 30))
def test_changing_any_one_character_of_a_valid_credit_code_makes_it_invalid(body, pos, shift):
    code = body + credit_code_check_char(body)
    assert credit_code_valid(code)
    i = CREDIT_ALPHABET.index(code[pos])
    changed = code[:pos] + CREDIT_ALPHABET[(i + shift) % 31] + code[pos + 1:]
    assert not credit_code_valid(changed)


@st.composite
def id_numbers(draw):
    area = draw(st.sampled_from("123456789")) + draw(st.text("0123456789", min_size=5, max_size=5))
    birth = draw(st.dates(min_value=dt.date(1900, 1, 1),
                          max_value=dt.date(2020, 12, 31)))
    seq = draw(st.text("0123456789", min_size=3, max_size=3))
    body = area + birth.strftime("%Y%m%d") + seq
    return body + id_check_char(body)


@given(id_numbers(), st.integers(0, 17), st.integers(1, 10))
def test_changing_any_one_character_of_a_valid_id_number_makes_it_invalid(number, pos, shift):
    assert id_number_valid(number)
    chars = "0123456789X" if pos == 17 else "0123456789"
    i = chars.index(number[pos])
    changed = number[:pos] + chars[(i + shift % (len(chars) - 1) + 1) % len(chars)] + number[pos + 1:]
    assert not id_number_valid(changed)
