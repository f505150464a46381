"""Encryption clauses: the algorithm and key length a material states for stored data.

AES-256 counts only where the applicant states it for stored data (the comma clause, else the
sentence, else its headings say 存储/静态/数据库…): not for transmission only (TLS, SRTP,
通话中实时加密), not a vendor's or another party's, not an example "（如AES-256）". A weaker
algorithm stated for storage fails (AES-128, DES, RC4, 3DES — certain; SM4 alone, "AES" without
its key length, another cipher or scheme such as ChaCha20, Blowfish or Fernet (AES-128 inside) —
a warning to verify); "加密存储" with no method is boilerplate, and so is a hash called encryption
("sha256加密": a digest, which no key reverses): a warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from docvalidator.schema.model import Clause
from docvalidator.text.scope import in_example, is_negated, speaker
from docvalidator.text.sentences import Sentence, clause_spans, span_of
from docvalidator.text.terms import has_any, words
from docvalidator.text.verdict import FAILED, MISSING, PASSED, Verdict, missing

_AES_BITS = [re.compile(p, re.IGNORECASE) for p in (
    r"AES[-\s]?(?P<bits>\d{3})",
    r"(?P<bits>\d{3})\s*(?:位|bit|bits|比特)\s*(?:的)?\s*(?:密钥\s*(?:长度)?\s*(?:的)?)?\s*AES",
    r"AES\s*(?:加密)?\s*(?:算法)?\s*[(（]?\s*(?:密钥\s*(?:长度)?\s*(?:为)?)?\s*(?P<bits>\d{3})\s*(?:位|bit)",
)]
_AES_BARE = re.compile(r"(?<![A-Za-z])AES(?![A-Za-z])", re.IGNORECASE)
_WEAK = re.compile(r"(?<![A-Za-z0-9])(?P<alg>3DES|TDES|TripleDES|DES|RC4|MD5|SHA-?1|SM4|Base64|RSA|"
                   r"X?ChaCha20(?:-Poly1305)?|Salsa20|Blowfish|Twofish|Camellia|ZUC|SM1|Fernet|"
                   r"明文)(?![A-Za-z0-9])", re.IGNORECASE)
_STORAGE = re.compile(r"存储|储存|存放|静态|落盘|数据库|备份|磁盘|硬盘|归档|保存")
_FILES = re.compile(r"文件|数据表|字段")
_TRANSIT = re.compile(r"传输|TLS|SSL|SRTP|HTTPS|VPN|通道|隧道|链路|通话中|实时加密|语音流", re.IGNORECASE)
_HASH = re.compile(r"SHA-?(?:2|224|256|384|512)|bcrypt|PBKDF2|哈希|散列", re.IGNORECASE)
_CIPHER_HINT = re.compile(r"AES|加密|DES|RC4|SM4|明文|算法", re.IGNORECASE)


def _scope(text: str, pos: int, context: tuple[str, ...]) -> str | None:
    """"storage" or "transit": what the encryption at `pos` protects, read from its comma
    clause, else its sentence, else its headings."""
    cs, ce = span_of(clause_spans(text), pos)
    own = text[cs:ce]
    if _STORAGE.search(own):  # "传输和存储均采用AES-256": storage is covered
        return "storage"
    if _TRANSIT.search(own):
        return "transit"
    if _FILES.search(own):  # "文件加密 | AES-256标准"
        return "storage"
    for part in (text, *reversed(context)):
        store, transit = _STORAGE.search(part), _TRANSIT.search(part)
        if store and not transit:
            return "storage"
        if transit and not store:
            return "transit"
        if store and transit:
            return None  # both named: which one the algorithm is for is unclear
    return None


def evaluate_encryption(clause: Clause, sentences: Sequence[Sentence]) -> Verdict:
    spec = clause.encryption or {}
    algorithm = str(spec.get("algorithm", "AES")).upper()
    min_bits = int(spec.get("min_bits", 256))
    want = f"{algorithm}-{min_bits}"
    weak: Verdict | None = None
    unsure: Verdict | None = None
    mention: tuple[Sentence, str | None, str] | None = None
    boilerplate: Verdict | None = None
    own_objects = words(clause).objects
    for s in sentences:
        text = s.text
        if not _CIPHER_HINT.search(text):
            continue
        about = has_any(text, own_objects) or any(has_any(c, own_objects) for c in s.context)
        for pattern in _AES_BITS:
            for m in pattern.finditer(text):
                bits, value = int(m.group("bits")), m.group(0).strip()
                who = speaker(s, m.end(), hedges=False)
                scope = _scope(text, m.start(), s.context)
                if is_negated(text, m.start(), s.lead):
                    continue
                if who or in_example(text, m.start()):
                    mention = mention or (s, value, f"写有 {value}，但属{who or '举例'}")
                elif bits >= min_bits:
                    if scope == "storage" or (scope is None and about):
                        return Verdict(clause.id, PASSED, s, value, f"写明 {value}")
                    mention = mention or (s, value, f"写有 {value}，但" + (
                        "只用于传输加密" if scope == "transit" else "未说明用于存储的客户数据"))
                elif weak is None and scope != "transit":
                    weak = Verdict(clause.id, FAILED, s, value, f"写的是“{value}”，要求 {want}",
                                   certain=scope == "storage" or about)
        for m in _WEAK.finditer(text):
            if weak is None and not is_negated(text, m.start(), s.lead) and ("加密" in text or "算法" in text) \
                    and not speaker(s, m.end(), hedges=False) and _scope(text, m.start(), s.context) != "transit":
                weak = Verdict(clause.id, FAILED, s, m.group("alg"), f"写的是“{m.group('alg')}”，要求 {want}",
                               certain=False)
        # the algorithm named only in the heading above (国密SM4/SM3 over 加密存储:身份证号…): a
        # weaker one, perhaps the one meant, a warning
        if weak is None and "加密" in text and not _WEAK.search(text) and not _AES_BARE.search(text) \
                and s.context and (m := _WEAK.search(s.context[-1])) and m.group("alg") != "明文" \
                and not speaker(s, hedges=False) and _scope(text, text.find("加密"), s.context) != "transit":
            weak = Verdict(clause.id, FAILED, s, m.group("alg"),
                           f"标题写的是“{m.group('alg')}”，要求 {want}，请核实", certain=False)
        if unsure is None and (m := _AES_BARE.search(text)):
            if not (who := speaker(s, hedges=False)):
                unsure = Verdict(clause.id, FAILED, s, "AES", f"只写了 AES，未写明密钥长度（要求 {want}），请核实",
                                 certain=False)
            else:  # AES named by another party or as an example, as AES-256 would be: a mention
                mention = mention or (s, m.group().strip(), f"写有 AES，但属{who}")
        digest = _HASH.search(text) if boilerplate is None and "加密" in text else None
        if boilerplate is None and "加密" in text and (not len(own_objects) or about or digest) \
                and not is_negated(text, text.find("加密"), s.lead):
            boilerplate = Verdict(clause.id, MISSING, s, digest.group() if digest else None,
                                  f"写的是哈希“{digest.group()}”，不是加密（要求 {want}）" if digest
                                  else f"只写了“加密”，未写明加密方式（要求 {want}）", boilerplate=True, certain=False)
    if weak is not None and weak.certain:
        return weak
    if mention is not None:
        return missing(clause.id, want, mention)
    return weak or unsure or boilerplate or Verdict(clause.id, MISSING, None, None,
                                                    f"未找到加密条款（要求 {want}）")
