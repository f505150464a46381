"""The real-prose corpus (tests/data/prose) as a regression test: sentences other people wrote,
labelled per clause, and whole documents assembled from them, rendered and checked through the
real pipeline. Floors sit a little below what bench/clause_eval.py measured (bench/README.md,
issue 13) on each set: the tune half, the first held-out third (scored once, then read), and
the second held-out set, and the third to thirty-first held-out sets (each scored once, then read).
The meaning model (docvalidator/text/meaning.py) is fitted on all of these sets, so on them its
clauses' recall is recall on training data: these floors guard against regressions; what the
model does on text it never saw is measured leaving each set out (bench/README.md).
"""

from __future__ import annotations

from functools import cache

import pytest

from docvalidator.imaging import ocr
from docvalidator.inspect.stage import kept_workers
from tests.prose.documents import load_documents, placed, run_document
from tests.prose.score import per_code, per_kind, score_sentences

# measured (bench/README.md, issue 13) minus a margin
SENTENCE_FLOOR = {
    "tune": {"error_precision": 0.98, "dv401_recall": 0.93, "kind_recall": 0.85},
    "holdout": {"error_precision": 0.95, "dv401_recall": 0.88, "kind_recall": 0.75},
    "holdout2": {"error_precision": 0.95, "dv401_recall": 0.72, "kind_recall": 0.70},
    "holdout3": {"error_precision": 0.95, "dv401_recall": 0.82, "kind_recall": 0.72},
    "holdout4": {"error_precision": 0.97, "dv401_recall": 0.82, "kind_recall": 0.76},
    "holdout5": {"error_precision": 0.97, "dv401_recall": 0.55, "kind_recall": 0.72},
    "holdout6": {"error_precision": 0.97, "dv401_recall": 0.51, "kind_recall": 0.53},
    "holdout7": {"error_precision": 0.97, "dv401_recall": 0.46, "kind_recall": 0.55},
    "holdout8": {"error_precision": 0.97, "dv401_recall": 0.54, "kind_recall": 0.45},
    "holdout9": {"error_precision": 0.97, "dv401_recall": 0.66, "kind_recall": 0.66},
    "holdout10": {"error_precision": 0.94, "dv401_recall": 0.77, "kind_recall": 0.67},
    "holdout11": {"error_precision": 0.97, "dv401_recall": 0.65, "kind_recall": 0.62},
    "holdout12": {"error_precision": 0.97, "dv401_recall": 0.68, "kind_recall": 0.50},
    "holdout13": {"error_precision": 0.97, "dv401_recall": 0.58, "kind_recall": 0.72},
    "holdout14": {"error_precision": 0.97, "dv401_recall": 0.50, "kind_recall": 0.70},
    "holdout15": {"error_precision": 0.97, "dv401_recall": 0.58, "kind_recall": 0.55},
    "holdout16": {"error_precision": 0.97, "dv401_recall": 0.50, "kind_recall": 0.60},
    "holdout17": {"error_precision": 0.97, "dv401_recall": 0.78, "kind_recall": 0.62},
    "holdout18": {"error_precision": 0.97, "dv401_recall": 0.75, "kind_recall": 0.62},
    "holdout19": {"error_precision": 0.97, "dv401_recall": 0.74, "kind_recall": 0.66},
    "holdout20": {"error_precision": 0.97, "dv401_recall": 0.78, "kind_recall": 0.90},
    "holdout21": {"error_precision": 0.97, "dv401_recall": 0.74, "kind_recall": 0.85},
    "holdout22": {"error_precision": 0.97, "dv401_recall": 0.74, "kind_recall": 0.88},
    "holdout23": {"error_precision": 0.97, "dv401_recall": 0.66, "kind_recall": 0.85},
    "holdout24": {"error_precision": 0.97, "dv401_recall": 0.68, "kind_recall": 0.85},
    "holdout25": {"error_precision": 0.97, "dv401_recall": 0.70, "kind_recall": 0.62},
    "holdout26": {"error_precision": 0.96, "dv401_recall": 0.63, "kind_recall": 0.85},
    "holdout27": {"error_precision": 0.97, "dv401_recall": 0.74, "kind_recall": 0.85},
    "holdout28": {"error_precision": 0.96, "dv401_recall": 0.72, "kind_recall": 0.85},
    "holdout29": {"error_precision": 0.97, "dv401_recall": 0.67, "kind_recall": 0.88},
    "holdout30": {"error_precision": 0.96, "dv401_recall": 0.65, "kind_recall": 0.88},
    # scored forward, before the model was refitted on it
    "holdout31": {"error_precision": 0.93, "dv401_recall": 0.60, "kind_recall": 0.70},
    "holdout32": {"error_precision": 0.84, "dv401_recall": 0.60, "kind_recall": 0.50},
    # forward too; its two false DV404 errors (a line to call, a call's stages) were mended after
    "holdout33": {"error_precision": 0.96, "dv401_recall": 0.64, "kind_recall": 0.78},
    "holdout34": {"error_precision": 0.93, "dv401_recall": 0.70, "kind_recall": 0.66},
    # forward: nine false DV404 errors on a call's single steps (a call taken, then answered or
    # passed on), which the labellers read as its flow; such a usage plan now gets a warning
    "holdout35": {"error_precision": 0.55, "dv401_recall": 0.68, "kind_recall": 0.77},
    # forward: the least precise code is DV402, one correct error and one false (a courier
    # standard's 30 days read as the applicant's)
    "holdout36": {"error_precision": 0.50, "dv401_recall": 0.72, "kind_recall": 0.72},
    # forward: one false DV404 error (a hotline's call referred on, the flow to the labellers)
    "holdout37": {"error_precision": 0.80, "dv401_recall": 0.65, "kind_recall": 0.64},
    # forward, its DV402 errors (0 of 2: a first response read as the complaint's, a regulation's
    # deadline), its DV403 error (0 of 1: a regulation's definition of commercial SMS) and its one
    # emergency positive (missed) gave floors of nothing. Read and mended since, every error on it
    # is right, and its lowest kind is encryption stated, 5 of 6 (one is an example, 例如,…, that
    # names no writer, since read as no measure of the writer's): those are its floors now
    "holdout38": {"error_precision": 0.98, "dv401_recall": 0.69, "kind_recall": 0.83},
    # forward: DV403 one correct error and one false (the Hong Kong ordinance's data user), DV404
    # seven and four (a call script's lines and a line to ask for help, which the labellers read as
    # the flow and the use); user-data protection the lowest kind, 81 %
    "holdout39": {"error_precision": 0.50, "dv401_recall": 0.56, "kind_recall": 0.81},
    # forward on the tree of ac76d96: DV401, DV402 right on all 44 errors, DV404 8 of 9, its one
    # DV403 error false (MMS described as suited to marketing) — a floor of nothing, so the floor is
    # its figure after that reading (every error right); authorised access its lowest kind, 67 %
    "holdout40": {"error_precision": 0.98, "dv401_recall": 0.61, "kind_recall": 0.66},
    # forward: DV401 and DV404 right on all 54 errors; DV402 none of 2 (a payment-dispute line whose
    # page, not sentence, is another party's — listed below — and a trade's habit, since read); its
    # one missed emergency positive of two makes the kind floor 0.5
    "holdout41": {"error_precision": 0.98, "dv401_recall": 0.64, "kind_recall": 0.50},
    # forward on the tree of b064fa6: DV401 and DV404 right on all 49 errors, its one DV402 error
    # false (a hospital's statistic of complaints handled in 30 days), since read: the floor is
    # its figure after that reading; least privilege (2 of 5) its lowest kind
    "holdout42": {"error_precision": 0.98, "dv401_recall": 0.58, "kind_recall": 0.40},
    # forward: DV401 right on all 41 errors, one false DV404 error of seven (晚間24:00前皆有服務人員
    # 接聽: staffed hours given by their end alone, since read); encryption stated its lowest kind
    "holdout43": {"error_precision": 0.85, "dv401_recall": 0.56, "kind_recall": 0.87},
    # forward on the final tree of this work, and left unmended: DV401 and DV404 right on all 58
    # errors; its two DV402 errors both false (a 15-working-day time the labellers split on, and
    # 投诉专线10015承诺72小时内回复, an operator's line named only by its number) set DV402's floor
    # at nothing until it is read; authorised access its lowest kind (2 of 3)
    # forward, then read: its DV401 and DV404 errors right; of its two DV402 errors, 投诉专线10015承诺
    # 72小时内回复 (an operator's line named only by its number) is read since, and a 15-working-day
    # time the labellers split on is listed below
    "holdout44": {"error_precision": 0.98, "dv401_recall": 0.62, "kind_recall": 0.66},
    # forward: DV401 71 of 73 errors right, DV402 none of 1, DV404 16 of 19 (bus stations' pledges
    # in a news line, a figure said twice, 只供…專責…人員, call-script lines): all read since, and
    # the model refitted on it; its floors are its figures after that (user-data protection the
    # lowest kind, 39 of 47)
    "holdout45": {"error_precision": 0.98, "dv401_recall": 0.66, "kind_recall": 0.82},
    # forward: DV401 right on all 56 errors, DV404 13 of 18 (call-script lines with 座席 and a
    # voice menu, read since), its one DV403 error one the labellers split on (listed below);
    # authorised access its lowest kind, 17 of 24
    "holdout46": {"error_precision": 0.98, "dv401_recall": 0.69, "kind_recall": 0.70},
    # forward: DV401 right on all 42 errors, its one DV402 error false (news of a new complaint
    # mechanism under 新机制核心内容:) and DV404 6 of 9 (a matter handled and answered, reports a
    # centre takes): all read since; user-data protection its lowest kind, 20 of 21
    "holdout47": {"error_precision": 0.98, "dv401_recall": 0.65, "kind_recall": 0.90},
    # forward: DV401 115 of 116 errors right (告知顾客24小时内处理, read since), DV402 3 of 4 (the
    # other listed below), DV404 4 of 4; authorised access its lowest kind, 17 of 20
    "holdout48": {"error_precision": 0.98, "dv401_recall": 0.83, "kind_recall": 0.85},
    # forward: DV401 40 of 43 errors right, DV402 none of 1 (listed below), DV404 8 of 9. Read since:
    # an incident's record and requests sorted by kind now warnings, SM4 named in the heading
    # above 加密存储…敏感字段 a failing encryption; left: 帳號刪除後…14天內永久移除, a DV401 error
    # where both labellers read a failing retention.
    # Authorised access its lowest kind, 3 of 4 (the emergency plan 29 of 36)
    "holdout49": {"error_precision": 0.95, "dv401_recall": 0.66, "kind_recall": 0.75},
    # forward: DV401 84 of 87 errors right (8个工作小时, read since; one listed below; and
    # 将在24小时内将处理结果反馈平台用户, a response to both labellers, left); user-data protection
    # its lowest kind, 36 of 38
    "holdout50": {"error_precision": 0.98, "dv401_recall": 0.78, "kind_recall": 0.92},
    # forward: DV401 73 of 76 errors right, DV402 3 of 5 (one listed below). Read since: a failing
    # time beside another that may meet it, a lead-in reporting what a document shows, a first
    # response (首响), who may listen to recordings. Left: a standard's 录音保存至少三个月 (another
    # party's to both labellers) sets DV402's floor at 0.75, and a verification request's 30 days
    # (a failing resolution to both) a DV401 error; authorised access its lowest kind, 5 of 6
    "holdout51": {"error_precision": 0.75, "dv401_recall": 0.61, "kind_recall": 0.83},
    # forward: DV401 106 of 107 errors right (顾客意见 as the complaint, read since), its one DV402
    # error listed below; user-data protection its lowest kind, 47 of 54 after the refit
    "holdout52": {"error_precision": 0.98, "dv401_recall": 0.76, "kind_recall": 0.87},
    # forward: DV401 74 of 84 errors right; read since: a time in a table cell is its column's, a
    # time under a line naming the verb is to verify, incident-reporting words, a related notice's
    # quoted rule. Left: 高风险问题2小时上门取证, a response to both labellers, an error; one DV404
    # error listed below; authorised access its lowest kind, 7 of 8
    "holdout53": {"error_precision": 0.98, "dv401_recall": 0.67, "kind_recall": 0.87},
    # forward: DV401 59 of 61 errors right, DV402 0 of 1, DV403 0 of 1, DV404 8 of 12; read since:
    # script lines, phone uses and tracked exports as related words, the safety general measures
    # are to ensure, what a document explains, patching as prevention, 123xx lines as another's.
    # Left (listed below): a trade's bodies bound by a rule (铁路单位应…), read as the writer, and
    # a telesales card's permitted use described as a product's; authorised access its lowest
    # kind, 15 of 16
    "holdout54": {"error_precision": 0.98, "dv401_recall": 0.65, "kind_recall": 0.93},
    # forward: DV401 87 of 92 errors right, DV404 3 of 5 (two listed below). Its complaint times are
    # mostly IT support levels (故障恢复, 工单响应), which both labellers read as complaints and the
    # engine, naming no complaint, as to verify: 31 warnings and four errors left (a fault restored
    # within 1-8 hours, a fix within 24 hours, a release within 2 weeks), with a permanent archive
    # of order dialogues read as no customer data; making a fault's repair a resolution's verb
    # turned 20 correct errors into warnings. Least privilege its lowest kind, 7 of 8
    "holdout55": {"error_precision": 0.94, "dv401_recall": 0.71, "kind_recall": 0.87},
    # forward: DV401 every one of 103 errors right, DV402 0 of 1 and DV404 15 of 16 (both listed
    # below), DV403 0 of 1 (a use put to the reader as a choice, read since); user-data protection
    # its lowest kind, 22 of 25 after reading (what is at stake, read since as no measure)
    "holdout56": {"error_precision": 0.98, "dv401_recall": 0.78, "kind_recall": 0.88},
    # forward: DV401 91 of 108 errors right, most false ones steps of incident guides (a hacked
    # site reported, attack traffic scrubbed, a step under 三级响应), read since; left: a library's
    # loans not kept after return, a failing retention to both labellers and an error of DV401's;
    # the emergency plan its lowest kind, 55 of 61 after the refit
    "holdout57": {"error_precision": 0.98, "dv401_recall": 0.71, "kind_recall": 0.90},
    # forward: DV401 65 of 66 errors right (bare AES given as an example, a warning since), DV402
    # 1 of 2, DV403 0 of 1 (what some numbers may be put to) and DV404 4 of 5 (24时服务), all read
    # since but one the labellers split on (listed below); user-data protection its lowest kind,
    # 27 of 30
    "holdout58": {"error_precision": 0.98, "dv401_recall": 0.62, "kind_recall": 0.90},
    # forward: DV401 81 of 82 errors right (质量监管部门72小时反馈, left), DV404 5 of 6 (市场调研,
    # read since); encryption stated its lowest kind, 14 of 16
    "holdout59": {"error_precision": 0.98, "dv401_recall": 0.69, "kind_recall": 0.87},
    # forward: DV401 right on all 49 errors, DV402 0 of 1 (split, below), DV404 22 of 23 (夜间服务至
    # 22点, read since); the emergency plan its lowest kind, 15 of 16
    "holdout60": {"error_precision": 0.98, "dv401_recall": 0.67, "kind_recall": 0.93},
    # forward: DV401 49 of 50 errors right, DV404 8 of 19: single after-sales steps the first
    # labeller read as the service flow and the second as bearing on no clause (listed below);
    # user-data protection its lowest kind, 26 of 28
    "holdout61": {"error_precision": 0.98, "dv401_recall": 0.69, "kind_recall": 0.92},
    # forward: DV401 right on all 62 errors, DV402 on both, DV404 11 of 13 (电话报停, read since;
    # a single step, split); authorised access its lowest kind, 4 of 5
    "holdout62": {"error_precision": 0.98, "dv401_recall": 0.58, "kind_recall": 0.80},
    # forward: DV401 59 of 62 errors right, DV404 6 of 8 (早7:30 ~ 晚11:30 and 订房专线, read since);
    # left: records kept 长期 (long-term), a passing retention to both labellers; user-data
    # protection its lowest kind, 41 of 46
    "holdout63": {"error_precision": 0.98, "dv401_recall": 0.60, "kind_recall": 0.89},
    # forward: every error right (DV401 73, DV403 1, DV404 6); user-data protection its lowest
    # kind, 44 of 53 after reading (measures named only as fitting, read since as no measure)
    "holdout64": {"error_precision": 0.98, "dv401_recall": 0.69, "kind_recall": 0.83},
    # forward: every DV401 error right (77); DV404 12 of 14, the two single steps of a hospital's
    # complaint route (labellers split); a rule text named by its kind, an opinion reported and a
    # trade's habit read since as not the writer's
    "holdout65": {"error_precision": 0.98, "dv401_recall": 0.68, "kind_recall": 0.83},
    # forward: DV401 51 of 54 errors right; a failing deadline a kind of firm is bound to
    # (供电企业应当…) read since as a warning
    "holdout66": {"error_precision": 0.98, "dv401_recall": 0.64, "kind_recall": 0.87},
    # forward: DV401 64 of 66 errors right; a deadline to report a complaint upward (报备) read
    # since as not its resolution
    "holdout67": {"error_precision": 0.98, "dv401_recall": 0.69, "kind_recall": 0.66},
    # forward: DV401 76 of 77 errors right, DV404 5 of 5; a scan's citations OCR read as noise,
    # read since as a warning to check the original
    "holdout68": {"error_precision": 0.98, "dv401_recall": 0.67, "kind_recall": 0.66},
    # forward: every error right (DV401 151, DV404 6)
    "holdout69": {"error_precision": 0.98, "dv401_recall": 0.77, "kind_recall": 0.89},
    # forward: DV401 60 of 62 errors right; a PIPL title missing a word read since as a warning
    "holdout70": {"error_precision": 0.98, "dv401_recall": 0.65, "kind_recall": 0.87},
    # forward: DV401 85 of 86 errors right; DV402 3 of 6, an exam page restating a regulator's
    # complaint deadlines (left open: the page, not the sentence, names them)
    "holdout71": {"error_precision": 0.98, "dv401_recall": 0.68, "kind_recall": 0.83},
    # forward: every error right (DV401 61, DV404 13); the refit on 77 sets lost one DV401
    "holdout72": {"error_precision": 0.98, "dv401_recall": 0.71, "kind_recall": 0.93},
    # forward: DV401 78 of 83 errors right, DV402 0 of 2; a keeping verb (保持), a time said of no
    # one (一般在), a handling time limit (办理期限) and a national platform's heading read since; a
    # library's response time left open (the labellers split); the refit on 81 sets lost one DV401
    "holdout73": {"error_precision": 0.98, "dv401_recall": 0.67, "kind_recall": 0.97},
    # forward: every DV401 (45) and DV404 (10) error right, DV403 0 of 2: a carrier's line under a
    # heading naming it and a feared use, read since
    "holdout74": {"error_precision": 0.98, "dv401_recall": 0.61, "kind_recall": 0.75},
    # forward: DV401 88 of 89 errors right, DV404 11 of 11, DV403 0 of 1: a leak's investigation
    # named in a duty list (now on the topic: a warning) and a court case told, read since; the
    # only platform doing something (唯一实现…的平台), read since as a claim
    "holdout75": {"error_precision": 0.98, "dv401_recall": 0.68, "kind_recall": 1.0},
    # forward: DV401 70 of 71 errors right (Fernet, AES-128 inside, read since), DV404 8 of 9: a
    # returns step the labellers split on (left open)
    "holdout76": {"error_precision": 0.98, "dv401_recall": 0.78, "kind_recall": 0.92},
    # forward: DV401 48 of 51 errors right, DV404 5 of 7: a leadership group, content taken down,
    # anomalies to report, a phone contact, read since as on the topic; a claims step the
    # labellers split on (left open)
    "holdout77": {"error_precision": 0.98, "dv401_recall": 0.63, "kind_recall": 0.86},
    # forward: DV401 60 of 61 errors right (a request form for a lookup, read since), DV404 1 of 1
    "holdout78": {"error_precision": 0.98, "dv401_recall": 0.74, "kind_recall": 0.70},
    # forward: DV401 64 of 65 errors right (不得任意拷貝, read since), DV404 10 of 13: three single
    # steps or contacts the labellers split on (left open)
    "holdout79": {"error_precision": 0.98, "dv401_recall": 0.66, "kind_recall": 0.94},
    # forward: DV401 66 of 67 errors right (a cheat report's handling times, read since), DV404 9 of
    # 10: a step the labellers split on (left open)
    "holdout80": {"error_precision": 0.98, "dv401_recall": 0.69, "kind_recall": 0.80},
}
# error findings the labels call false whose reason is not in the sentence's own text, or that
# the two labellers split on: other parties' pledges whose page, not sentence, names them (a
# hall's, a shop's; a regulator's guideline whose lead-in ends before the ；-separated part read is
# a warning now, its failing time standing beside a passing one);
# a receipt confirmed within five working days, no response time for one labeller and a failing
# one for the other; a service defect put right within 24 hours, a complaint resolution for one
# labeller only; an agency's query rule, an access rule for one labeller only; passwords
# hashed, SMS sent only to members, SMS records kept (seventeenth set), which the second
# labeller reads as no encryption, no pledge, no call records; and engine errors left open
# (bench/README.md): a kind
# of SMS described as a product (营销推广类短信), a free plan's 30-day deletion read as no
# retention; in the twenty-third set, a shop's schedule for answering messages, a response time
# to the first labeller and no complaint deadline to both blind labellers; in the twenty-fifth,
# a site's right to use uploaded content "for any use (including advertising and marketing)",
# a marketing use to the second labeller and none to the first, and the steps of buying a
# membership, a service flow to the first labeller and no flow to the second; in the thirtieth,
# stored data "加密" with no algorithm named, a failing encryption to the first labeller and a
# missing one to the second, and an insurer's own 15-day complaint deadline under a heading that
# names it, another party's to both labellers; in the thirty-second, stored data "加密" with no
# algorithm again (LABELS.md now states the corpus's verdict, missing), and chat records kept 30
# days, no customer data to the first labeller and a failing retention to the second; in the
# forty-first, 申诉通道:客服专员48小时响应, from a page about another company's payment disputes;
# in the forty-fourth, 重大投诉处理时间为15个工作日 on a card guide's page, another party's to the
# first labeller and a failing time to the second; in the forty-sixth, a call-centre product's
# 外呼任务适用于电话销售, no use of the writer's to the first labeller and marketing to the second;
# in the forty-eighth, 普通投诉48小时内响应,重大投诉24小时专项跟进, no response time of the writer's
# to the first labeller and a failing one to the second; in the forty-ninth, a table row's
# "地理位置 → AES-128加密" under a standard's name, a recommendation to the first labeller and a
# failing encryption to the second; in the fiftieth, text "暫時保留在記憶體中", a failing retention
# to the first labeller and none stated to the second; in the fifty-first, 录音文件仅保留7天 on a
# ride-hailing page, another party's to the first labeller and a failing retention to the second;
# in the fifty-second, a page's 无法立即处理的需在60日内办结, another party's to the first labeller
# and a failing resolution to the second; in the fifty-third, a follow-up call's 电话中了解术眼视力…,
# the line's use to the first labeller and nothing to the second
# in the fifty-fourth, two engine errors left open: 铁路单位应在收到投诉后3个工作日内给予回复 (the
# bodies of a whole trade bound by a rule, another party's to both labellers; reading such bodies
# as another party gained 10 verdicts and lost 11) and 电销卡只能用于合法的电话销售活动 (a kind
# of SIM card's permitted use, a product described, read as the writer's marketing); in the
# fifty-fifth, single steps of handling a complaint or a request (客诉主动联系投诉学员, 服务请求由服务中心
# 接受后定义支持级别), the flow to the first labeller and a single step to the second; in the
# fifty-sixth, a flattened table row 电话投诉 即时受理 ≤3工作日 (another party's to the first
# labeller, a passing response and resolution to the second) and an unsubscribe instruction (发送
# QXPF至10658139退订), a line's use to the first labeller and nothing to the second; in the
# fifty-seventh, off-hours complaints handled on the next working day (a failing response to the
# first labeller, a passing one to the second) and a rule that the person complained of takes no
# part (the flow to the first labeller, nothing to the second); in the fifty-eighth, chat records
# kept 30 days in a table, another party's to the first labeller and a failing retention to the
# second; in the fifty-ninth, 质量监管部门72小时反馈 under 应建立三级响应体系, a resolution to
# both labellers (an engine error left open); in the sixtieth, 设置48小时投诉响应时限, another
# party's to the first labeller and a failing response to the second; in the sixty-first, eleven
# single steps of a repair or an installation (派员, 预约安装, 服务完成结算…), the service flow to
# the first labeller and no clause to the second; in the sixty-second, one step of booking by
# phone, the flow to the first labeller and a single step to the second; in the sixty-third,
# exam records kept 长期, a passing retention to both labellers (left: reading 长期保存 with no
# subject named as a warning turned 6 correct errors on earlier sets into warnings); in the
# sixty-fifth, two single steps of a hospital's complaint route, the flow to the first labeller
# and a single step to the second; in the sixty-sixth, an outsourcer's service mode 适用于电销
# (engine error left open: no use of the writer's own line to both labellers) and alert calls a
# monitoring system places, the flow to the first labeller and another party's to the second; in
# the sixty-seventh, data deleted once a request is answered, a failing retention to the first
# labeller and none stated to the second, a complaint log's row 承诺48小时回复 dated 2025-03-05
# (engine error left open: one case recorded, not a rule, to both labellers) and a trial-lesson
# line, a use to the first labeller and nothing to the second; in the seventy-first, an exam
# page's complaint deadlines of a fund manager and an association (engine errors left open:
# another party's to both labellers, named by the page), a ticket category for promotions, a
# line's use to the first labeller and none to the second, and a support service's steps, the
# flow to the first labeller and nothing to the second; in the seventy-third, a library's 7-day
# handling time, a failing response time to the first labeller and none stated to the second; in
# the seventy-sixth, one step of returning goods (售后服务部收到退回的商品后…送至物流中心检验),
# the flow to the first labeller and a single step, no flow, to the second; in the
# seventy-seventh, a claims duty (负责组织联系客户,协商确定理赔金额…), the flow to the first
# labeller and no flow to the second; in the seventy-ninth, a number to call when a password is at
# risk, a line's use to the first labeller and no clause to the second, and two single steps of
# meeting the public (须现场会勘者…次二个工作日内…, 每位市民的接待时间为二十分钟), the flow to
# the first and none to the second; in the eightieth, one step of settling an account's owner (我司
# 将联系疑似账号归属者…15个工作日内…), the flow to the first labeller and none to the second
KNOWN_FALSE_ERRORS = {"holdout3": {"u0082"}, "holdout4": {"v0068"},
                      "holdout12": {"w0322"}, "holdout14": {"n0068"}, "holdout15": {"k0152"},
                      "holdout17": {"g0507", "g0525", "g0527"},
                      "holdout20": {"c0461", "c0577"}, "holdout23": {"a0294", "a0296"},
                      "holdout25": {"i0039", "i0418", "i0419"},
                      "holdout30": {"ae0322", "ae0326", "ae0373", "ae0374", "ae0244"},
                      "holdout32": {"ag0369", "ag0374", "ag0094"}, "holdout41": {"ap0162"},
                      "holdout44": {"as0133"}, "holdout46": {"au0387"}, "holdout48": {"aw0168"},
                      "holdout49": {"ax0138"}, "holdout50": {"ay0262"}, "holdout51": {"az0014"},
                      "holdout52": {"ba0153"}, "holdout53": {"bb0117"},
                      "holdout54": {"bc0103", "bc0346"}, "holdout55": {"bd0325", "bd0350"},
                      "holdout56": {"be0173", "be0338"}, "holdout57": {"bf0147", "bf0155"},
                      "holdout58": {"bg0325"}, "holdout59": {"bh0161"}, "holdout60": {"bi0125"},
                      "holdout61": {"bj0098", "bj0106", "bj0121", "bj0123", "bj0128", "bj0155", "bj0159",
                                    "bj0165", "bj0166", "bj0167", "bj0168"},
                      "holdout62": {"bk0110"}, "holdout63": {"bl0371", "bl0375"},
                      "holdout65": {"bn0176", "bn0177"}, "holdout66": {"bo0317", "bo0327"},
                      "holdout67": {"bp0011", "bp0093", "bp0109"},
                      "holdout71": {"bt0159", "bt0166", "bt0167", "bt0209", "bt0244"},
                      "holdout73": {"bv0245"}, "holdout76": {"by0176"},
                      "holdout77": {"bz0135"}, "holdout79": {"cb0007", "cb0242", "cb0249"},
                      "holdout80": {"cc0163"}}
SPLITS = list(SENTENCE_FLOOR)
MIN_POSITIVES = 3  # a kind with fewer labelled positives in a set says nothing about its recall
KINDS_WITH_TEN_POSITIVES = ("security-encryption-stated", "access-least-privilege",
                            "customer-data-authorised-access", "privacy-cites-pipl",
                            "security-emergency-plan", "security-user-data-protection")


@cache
def _records(split: str):
    return score_sentences(split)


@pytest.mark.parametrize("split", SPLITS)
def test_error_findings_on_real_sentences_are_right(split):
    """An error (必须补正) on a real sentence must be the label's code: ≥ 98 % per code."""
    known = KNOWN_FALSE_ERRORS.get(split, set())
    floors = SENTENCE_FLOOR[split]
    for code, t in per_code(_records(split), errors_only=True).items():
        fp = [i for i in t.fp_ids if i.split(":")[0] not in known]
        if t.tp + len(fp):
            assert t.tp / (t.tp + len(fp)) >= floors["error_precision"], (code, fp)


@pytest.mark.parametrize("split", SPLITS)
def test_missing_clauses_are_reported_on_real_sentences(split):
    t = per_code(_records(split))["DV401"]
    assert t.recall >= SENTENCE_FLOOR[split]["dv401_recall"], t.fn_ids


@pytest.mark.parametrize("split", SPLITS)
def test_well_attested_clause_kinds_are_recognised(split):
    kinds = per_kind(_records(split))
    for kind in KINDS_WITH_TEN_POSITIVES:
        k = kinds.get(kind)
        if k and k["pos"] >= MIN_POSITIVES:
            assert k["tp"] / k["pos"] >= SENTENCE_FLOOR[split]["kind_recall"], kind


def _documents(split: str, scans: bool) -> list[dict]:
    return [d for d in load_documents(split) if (d["render"] == "scan-pdf") == scans]


# document items built from sentences the two labellers split on (above): the thirtieth set's
# stored data "加密" with no algorithm, a failing encryption (DV402) to one and a missing one
# (DV401, the engine's reading) to the other; and the thirty-sixth set's usage plan whose
# builder read "no message for advertising or any other purpose will be sent" as the pledge not
# to market, a verdict no sentence label gives; and the fiftieth set's policy whose only retention
# statement is that text is kept in memory (暫時保留在記憶體中), failing to its builder (the first
# label) and none stated to the second labeller and the engine; and the sixty-seventh set's
# policy whose only retention statement is data deleted once a request is answered, failing to
# its builder and none stated to the second labeller and the engine; and the seventy-third set's
# complaint policy whose only time is a 7-working-day handling limit, a failing response time to
# its builder and none stated to the second labeller and the engine
KNOWN_FALSE_DOCUMENT_ERRORS = {("d1543-95-custdata-multi-h30", "customer-data-encryption"),
                               ("d1791-95-usage-line-trad-h36", "no-marketing-commitment"),
                               ("d2349-95-custdata-mem-only-trad-h50", "customer-data-retention"),
                               ("d3037-95-custdata-ret-failed-h67", "customer-data-retention"),
                               ("d3273-95-complaint-7wd-t-h73", "complaint-response-time")}


# documents whose builder gave them a title naming another material: the thirty-seventh set's
# security-measures file titled 客户信息保密管理制度, which the classifier takes, as a reviewer
# would, for the customer-data policy its title names
RETITLED = {"d1815-95-secmeasures-rules-ok-h37"}


DOCUMENT_FLOOR = {"tune": 0.9, "holdout": 0.9, "holdout3": 0.8, "holdout4": 0.7, "holdout6": 0.78,
                  "holdout10": 0.82, "holdout11": 0.85, "holdout12": 0.85,
                  "holdout13": 0.86, "holdout14": 0.88, "holdout15": 0.88,
                  "holdout16": 0.87, "holdout17": 0.84, "holdout18": 0.86, "holdout19": 0.84,
                  "holdout20": 0.80, "holdout21": 0.80, "holdout22": 0.82,
                  "holdout23": 0.88, "holdout24": 0.85, "holdout25": 0.85,
                  "holdout26": 0.85, "holdout27": 0.86,
                  "holdout28": 0.87, "holdout29": 0.88, "holdout30": 0.78, "holdout31": 0.75,
                  "holdout32": 0.75, "holdout33": 0.80,
                  "holdout34": 0.85, "holdout35": 0.85, "holdout36": 0.78, "holdout37": 0.92,
                  "holdout38": 0.84, "holdout39": 0.87, "holdout40": 0.91, "holdout41": 0.82,
                  "holdout42": 0.79, "holdout43": 0.85,
                  "holdout44": 0.86, "holdout45": 0.91, "holdout46": 0.88, "holdout47": 0.87,
                  "holdout48": 0.86, "holdout49": 0.87, "holdout50": 0.86, "holdout51": 0.91,
                  "holdout52": 0.87, "holdout53": 0.92, "holdout54": 0.95,
                  "holdout55": 0.85, "holdout56": 0.85,
                  "holdout57": 0.87, "holdout58": 0.87, "holdout59": 0.91, "holdout60": 0.94,
                  "holdout61": 0.86, "holdout62": 0.90, "holdout63": 0.91, "holdout64": 0.90,
                  "holdout65": 0.81, "holdout66": 0.88, "holdout67": 0.92, "holdout68": 0.95,
                  "holdout69": 0.86, "holdout70": 0.84, "holdout71": 0.91, "holdout72": 0.90,
                  "holdout73": 0.87, "holdout74": 0.88, "holdout75": 0.93, "holdout76": 0.89,
                  "holdout77": 0.86, "holdout78": 0.92, "holdout79": 0.92, "holdout80": 0.89}


@pytest.mark.parametrize("split", list(DOCUMENT_FLOOR))
def test_whole_documents_find_their_defects_and_raise_no_false_error(split, tmp_path):
    """DOCX and text-PDF documents through `docvalidator check`: labelled defects found, and
    not one error-severity finding on an item the labels say is fine."""
    items, elsewhere = [], []
    with kept_workers():  # one set's documents checked in a row: the workers are forked once
        for doc in _documents(split, scans=False):
            report, got = run_document(doc, tmp_path)
            items += got
            if not placed(doc, report):
                elsewhere.append(doc["id"])
    defects = [i for i in items if i.defect]
    assert sum(i.found for i in defects) / len(defects) >= DOCUMENT_FLOOR[split]
    assert [(i.doc, i.item, i.findings) for i in items
            if i.false_errors and (i.doc, i.item) not in KNOWN_FALSE_DOCUMENT_ERRORS] == []
    # each file is checked as the material its name names, unless its own title names another
    assert [d for d in elsewhere if d not in RETITLED] == []


@pytest.mark.skipif(not ocr.ENABLED, reason="OCR engine (rapidocr) not installed")
def test_scanned_documents_are_read_by_ocr_and_checked(tmp_path, no_network):
    """Two scans (one Traditional), OCR'd offline: their defects found, no false error."""
    docs = {d["id"]: d for d in load_documents("tune")}
    items = []
    for name in ("d02-95-secmeasures-trad-no-udp", "d28-b22-techlead-missing"):
        items += run_document(docs[name], tmp_path)[1]
    assert all(i.found for i in items if i.defect)
    assert not any(i.false_errors for i in items)
