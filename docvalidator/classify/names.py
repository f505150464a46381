"""What a file or folder name says, once the noise is gone.

`fold` is the one spelling every comparison uses: full-width folded (NFKC), Traditional turned
Simplified (OpenCC), lower case, separators collapsed, and the separators between Chinese
characters dropped, so `營業執照 副本`, `营业执照副本` and `营业执照_副本` read the same while
`yyzz_fuben` keeps its token boundary. `normalize_name` strips numbering and annotations for
display; `meaningless` tells a scanner's or a chat app's name (Scan_0007, 微信图片_2026…,
新建 DOCX 文档) from one that names something.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from docvalidator.text.normalize import to_simplified

_SEP = re.compile(r"[\s_\-–—‐‑·•.．]+")
# a separator kept only between two ASCII letters or digits (a token boundary)
_GAP = re.compile(r"_(?![a-z0-9])|(?<![a-z0-9])_")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    s = to_simplified(unicodedata.normalize("NFKC", text)).lower()
    s = _SEP.sub("_", s)
    return _GAP.sub("", s)


# "01-", "1_", "附件3 ", "附件三：", "第2项", "（1）", "No.3 ", "3.", "【11】", "e–" …
_PREFIX = re.compile(
    r"^\s*(?:(?:附件|附|材料|第|no\.?|item)?\s*[\(（\[【]?\s*[0-9一二三四五六七八九十]{1,3}\s*[\)）\]】]?"
    r"\s*(?:项|号)?|[a-z])\s*[-_.、．:：\s–—]+",
    re.IGNORECASE,
)
_BRACKETED_NUMBER = re.compile(r"^\s*[\(（\[【]\s*[0-9]{1,3}\s*[\)）\]】]\s*")
# bracketed annotations that say how the copy was made, not what it is
_NOTE_WORDS = ("盖章", "签字", "签章", "扫描", "复印件", "最终", "终稿", "定稿", "终版", "修订", "新版", "已盖章",
               "彩色", "原件", "合并", "汇总", "旧版", "新", "改", "final", "scan", "signed", "sealed", "copy")
_BRACKETED = re.compile(r"[\(（\[【]([^\)）\]】]{0,20})[\)）\]】]")
_VERSION = re.compile(r"[-_\s]*(?:v\d+(?:\.\d+)*|\d{8}|副本\d+|\(\d\)|（\d）)$", re.IGNORECASE)


def normalize_name(stem: str) -> str:
    """The part of a file or folder name that says what the document is (for display)."""
    s = unicodedata.normalize("NFKC", stem).strip()
    for _ in range(2):
        s = _BRACKETED_NUMBER.sub("", s, count=1)
        s = _PREFIX.sub("", s, count=1)
    s = _BRACKETED.sub(lambda m: "" if any(w in m.group(1).lower() for w in _NOTE_WORDS)
                       or re.fullmatch(r"[\d.\-年月日 ]*", m.group(1)) else m.group(0), s)
    s = _VERSION.sub("", s)
    return s.strip(" -_.")


# what scanners, phones, chat apps and office suites call a file: nothing about its content
_NOISE_WORDS = (
    "camscanner", "scanner", "scan", "img", "image", "dsc", "dcim", "photo", "pic", "mmexport",
    "screenshot", "wechat", "wx", "doc", "docx", "pdf", "untitled", "file", "new", "page",
    "扫描全能王", "全能扫描王", "扫描王", "微信图片", "微信", "屏幕截图", "截图", "截屏", "新建文件夹",
    "新建", "文件夹", "文档", "文件", "扫描件", "扫描", "资料", "附件", "材料", "终版", "最终版",
    "盖章版", "已盖章", "签字盖章", "盖章", "副本", "彩色", "未命名", "图片", "照片", "word", "excel",
)
_NOISE = re.compile("|".join(sorted(map(re.escape, _NOISE_WORDS), key=len, reverse=True)))
_DATEISH = re.compile(r"\d{4}[年._-]?\d{1,2}[月._-]?\d{0,2}日?|\d+")


def meaningless(stem: str) -> bool:
    """The name says nothing about the document: only a device's or an app's words, numbers
    and dates are left (Scan_0007, 全能扫描王 2026-10-20 10.15, 新建 DOCX 文档 (3), IMG_2041)."""
    s = fold(stem)
    s = _DATEISH.sub("", s)
    s = _NOISE.sub("", s)
    return not re.sub(r"[_()（）\[\]【】版号项第]", "", s)


_COMPANY = re.compile(r"[\u3400-\u9fff]{2,30}?(?:有限责任公司|股份有限公司|有限公司|集团公司|集团)")
# where a Chinese company's name usually starts: its province or city
_PLACES = ("北京", "上海", "天津", "重庆", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
           "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "四川", "贵州", "云南",
           "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆", "深圳", "广州", "杭州", "南京", "苏州", "武汉", "成都",
           "西安", "厦门", "青岛", "宁波", "大连", "长沙", "郑州", "济南", "合肥", "福州", "无锡", "东莞", "珠海",
           "香港", "澳门", "台湾")
_PLACE = re.compile("|".join(_PLACES) + r"|[\u3400-\u9fff]{2}(?:省|市)")


def company_spans(folded: str) -> list[tuple[int, int]]:
    """Where a company's name (…有限公司) sits in a folded name: words inside it are part of
    the name (上海网络安全科技有限公司), not a material. It starts at the last place name
    before 有限公司 (已设立分公司营业执照副本北京智联呼通科技有限公司), else where the run of
    Chinese characters starts."""
    out = []
    for m in _COMPANY.finditer(folded):
        places = [p.start() for p in _PLACE.finditer(folded, m.start(), m.end())]
        out.append((places[-1] if places else m.start(), m.end()))
    return out


# what joins the names of several materials in one file name; a bracket only qualifies the
# name before it (营业执照（分公司）) unless it says what else the file holds (（含…）)
_JOIN = re.compile(r"[、，,;；+&/]|及|和|与|以及|含|包括")


def segment_of(folded: str, start: int, end: int) -> str:
    """The piece of a combined name that holds [start, end): between the joins around it."""
    cuts = [0, len(folded)]
    for m in _JOIN.finditer(folded):
        cuts += [m.start(), m.end()]
    left = max((c for c in cuts if c <= start), default=0)
    right = min((c for c in cuts if c >= end), default=len(folded))
    return folded[left:right]
