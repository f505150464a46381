"""The meaning model (text.meaning): what it may decide, what stays with the rules, and that
the shipped weights are what the labelled corpus trains."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from docvalidator.schema import load_schema
from docvalidator.text import linear, meaning
from docvalidator.text.clauses import Vocabulary, evaluate
from docvalidator.text.sentences import sentences

ROOT = Path(__file__).resolve().parent.parent
UDP = "security-user-data-protection"


def _read(text: str, clause_id: str = UDP):
    schema = load_schema("b24-national")
    clause = next(c for c in schema.clauses if c.id == clause_id)
    return evaluate(clause, sentences([("policy.pdf", 1, text)]), None, Vocabulary.of(schema.clauses),
                    clause.match)


class _Fixed:
    """A model that reads every sentence as equally likely to state the clause."""

    def __init__(self, p: float):
        self.p = p

    def probabilities(self, clause_id, sentences):
        return np.full(len(sentences), self.p)


@pytest.fixture
def reads_as(monkeypatch):
    def use(p: float | None):
        monkeypatch.setattr(meaning, "model", lambda: None if p is None else _Fixed(p))
    return use


# a sentence no word list of the clause holds, and nothing the rules would call related
PLAIN = "坐席在下班前清理桌面上的便签。"


def test_a_sentence_read_as_stating_the_clause_passes_it(reads_as):
    reads_as(0.9)
    v = _read(PLAIN)
    assert v.verdict == "passed" and v.sentence.text == PLAIN and "语义" in v.detail


def test_another_partys_sentence_is_not_passed_by_meaning(reads_as):
    reads_as(0.9)
    assert _read("某运营商的坐席在下班前清理桌面上的便签。").verdict == "missing"


def test_a_heading_an_aim_or_an_attitude_is_not_passed_by_meaning(reads_as):
    reads_as(0.9)
    assert _read("第三章 坐席管理\n\n").verdict == "missing"
    assert _read("为规范坐席管理，特制定本办法。").verdict == "missing"
    assert _read("我们非常重视坐席的工作环境。").verdict == "missing"


def test_a_close_reading_makes_the_missing_clause_a_warning_quoting_it(reads_as):
    reads_as(0.3)
    v = _read(PLAIN)
    assert v.verdict == "missing" and not v.certain and PLAIN[:10] in v.detail


def test_an_unrelated_reading_leaves_the_missing_clause_certain(reads_as):
    reads_as(0.05)
    v = _read(PLAIN)
    assert v.verdict == "missing" and v.certain


def test_without_the_model_the_rules_alone_decide(reads_as):
    reads_as(None)
    assert _read(PLAIN).verdict == "missing"
    assert _read("我们对客户信息严格保密。").verdict == "passed"


def test_the_shipped_model_reads_a_pledge_in_plain_words():
    """Written here, in no list and in no corpus sentence: no phone number handed to advertisers."""
    assert _read("我们不会把您的手机号码交给任何广告商。").verdict == "passed"
    assert _read("本公司客服热线的号码为4008001234。").verdict == "missing"


def test_the_shipped_model_is_what_the_labelled_corpus_trains(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import train_meaning
    finally:
        sys.path.remove(str(ROOT / "bench"))
    fresh = train_meaning.train(set())
    with np.load(meaning.MODEL) as shipped:
        assert list(shipped["clauses"]) == list(fresh["clauses"])
        assert np.array_equal(shipped["keys"], fresh["keys"])
        # (a weight stored one byte-step apart is a rounding at the edge: no more)
        assert np.abs(shipped["weights"].astype(int) - fresh["weights"]).max() <= 1
        assert np.allclose(shipped["top"], fresh["top"], atol=1e-4)
        assert np.allclose(shipped["bias"], fresh["bias"], atol=1e-3)
    assert {c.id for c in load_schema("b24-national").clauses if c.meaning} <= set(fresh["clauses"])


def test_sentences_read_together_score_as_each_read_alone():
    m = meaning.model().loaded()
    read = [("我们不会把您的手机号码交给任何广告商。", "第三章 信息保护"), ("坐席在下班前清理桌面。", ""),
            ("", "标题"), ("发生故障时立即切换至备用线路，并逐级报告。", "应急"), ("客户信息客户信息", "")]
    together = m.probabilities(UDP, read)
    k = m.clauses.index(UDP)
    for (text, ctx), p in zip(read, together, strict=True):
        grams = linear.keys(text, ctx)
        rows = np.searchsorted(m.keys, grams[np.isin(grams, m.keys)])
        alone = 1 / (1 + np.exp(-(m.weights[rows, k].sum() + m.bias[k])))
        assert abs(p - alone) < 1e-5


def _uses(text: str):
    from docvalidator.text.clauses import find_forbidden

    schema = load_schema("number-95-shanghai")
    f = next(f for f in schema.forbidden if f.id == "marketing-purpose")
    return find_forbidden(f, sentences([("plan.pdf", 1, text)]), f.allow)


def test_a_use_read_by_meaning_is_a_warning_that_quotes_the_sentence(reads_as):
    reads_as(0.9)
    hits = _uses("我们会向会员推送新品资讯。")
    assert [(h.by_meaning, h.certain, h.sentence.text) for h in hits] == [(True, False, "我们会向会员推送新品资讯。")]


def test_a_refused_use_or_another_partys_is_not_read_as_a_use(reads_as):
    reads_as(0.9)
    assert _uses("我们不会向会员推送新品资讯。") == []
    assert _uses("未经您同意，我们不向您推送新品资讯。") == []
    assert _uses("某运营商向会员推送新品资讯。") == []
    assert _uses("本号码非营销用途。") == []  # the item's own word denied by 非
    assert _uses("市场营销部负责宣传资料。") == []  # the item's word only as a department's name


def test_uses_named_after_the_term_or_held_from_time_to_time_are_read_and_improper_uses_listed_are_not(reads_as):
    reads_as(None)
    assert [h.term for h in _uses("我们所收集的个人资料可作市场推销之用。")] == ["推销"]
    assert [h.term for h in _uses("我们可将不时所持有的客户电话号码用作直接促销。")] == ["直接促销"]  # 不时 denies nothing
    lead = sentences([("plan.pdf", 1, "短信内容如果涉及以下不正当用途，我们将停止使用权限：\n推广营销用途")])
    from docvalidator.text.clauses import find_forbidden

    f = next(f for f in load_schema("number-95-shanghai").forbidden if f.id == "marketing-purpose")
    assert find_forbidden(f, lead, f.allow) == []


def test_a_use_its_words_name_is_read_by_the_rules_not_by_meaning(reads_as):
    reads_as(0.9)
    hits = _uses("本码号主要用于产品营销。")
    assert [(h.term, h.by_meaning, h.certain) for h in hits] == [("营销", False, True)]


def test_the_shipped_model_reads_a_recommendation_by_sms_as_marketing():
    """Written here: recommending products by SMS states no marketing word as a purpose (推荐…产品
    is a related word, read by the rules only after 用于 and the like)."""
    hits = _uses("我们会通过短信向您推荐您可能感兴趣的产品和服务。")
    assert [(h.by_meaning, h.certain) for h in hits] == [(True, False)]
    assert _uses("本码号用于售后报修和账单查询。") == []


class _Store(dict):
    def put(self, key, value):
        self[key] = value


def test_a_reading_kept_in_the_runs_store_is_not_read_again_and_another_model_reads_anew(
        tmp_path, monkeypatch):
    """A warm run takes the model's readings from its cache and never loads the model; the
    readings are keyed by the model file's digest, so a refitted model reads afresh."""
    rows = [("我们不会把您的手机号码交给任何广告商。", "第三章 信息保护"), ("坐席在下班前清理桌面。", "")]
    store = _Store()
    with meaning.remembering(store):
        first = meaning.StoredModel(meaning.MODEL).probabilities(UDP, rows)
        warm = meaning.StoredModel(meaning.MODEL)
        monkeypatch.setattr(warm, "loaded", lambda: pytest.fail("the model was loaded"))
        assert warm.probabilities(UDP, rows) == first and len(store) == 1
        other = tmp_path / "other.npz"
        other.write_bytes(meaning.MODEL.read_bytes() + b"\0")  # same weights, another file
        assert meaning.StoredModel(other).probabilities(UDP, rows) == first and len(store) == 2
    assert first == meaning.model().loaded().probabilities(UDP, rows).tolist()
