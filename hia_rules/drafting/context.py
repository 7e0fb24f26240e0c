"""Sentences that are not the proposal saying what it does, whatever cue they hold.

A document says more than what it proposes. Several kinds of sentence name a thing without the proposal doing it,
and none of them gives evidence for a question about what the proposal does (`matching.Document.aside`):

- Background: the situation the proposal responds to. Government documents put it in sections titled 背景,
  现状, 存在问题, 项目由来, 建设必要性, and a plan's 发展基础, 面临形势, 发展成就 (`BACKGROUND_TITLES`), and a
  sentence anywhere reads as the current state when it says so (现状, 目前, 近年来, 原有, …投诉较多, 排水不畅:
  `STATE_WORDS`) without an action of the proposal (将, 拟, 新建, 改造, 设置, 推进 …: `ACTION_WORDS`). In a
  background section a sentence with an action word still counts: a necessity section often says what the
  project will do.
  Background gives neither YES nor NO evidence: "目前尚无污水管网" is not the proposal declining sewerage.
  A question about the proposal's setting (its site and neighbours, which are described as they are now)
  says so with `setting: true` in its cues, and background counts for it.
- Scope lists: a sentence that is nothing but an enumeration of short items, closing on 等 (…体育场馆等场所；)
  or after a lead announcing a scope (下列场所禁止吸烟：), lists where a rule applies; one member of the list is
  not the proposal adding that place. A lead announcing what is built (主要建设内容：) makes no scope list.
- Tables of neighbours: a row under a header naming 方位, 距离 or 敏感目标 is the site's setting (background).
- Standing remits and referrals: "X部门依法负责…的监督管理" states who is in charge of a field, and
  "涉及房屋征收的，按照…规定执行" sends a case to other rules: neither is an action on it. A list or a remit
  gives no NO evidence either.

- Prohibited acts: the items of a list led by a prohibition (禁止任何单位和个人从事下列行为：（一）拆除…；) are what
  the document forbids, not what the proposal does: each item stands under the lead's negator
  (`prohibited_items`, used by `matching.Document.negator`), so a cue in it reads as negated.
- Definitions: "本细则所称既有建筑改造利用工程，是指…包括…改造为…体育健身等用途的工程" says what a word of the
  document means (`DEFINITION`), not what is done.
- Alternatives: a feasibility study weighs options it does not take (场址二距居民区不足800米; 干塘清淤…易产生恶臭);
  a sentence in a section titled as a comparison (选址比选, 方案比选, 比选情况: `COMPARISON`) or naming one is
  about the options, except the one that states the outcome (经比选，推荐…: `COMPARISON_OUTCOMES`). The chosen
  option is described again where the document says what it builds. This holds for questions about the
  setting too: the distances of a site not chosen are not the proposal's.
- Recommendations to others: a sentence that opens with 建议 (建议甪直镇人民政府结合本工程，同步推进…) asks another
  body to act; the document does not do it.
- Open determinations: a sentence that leaves a finding to a later study (将在安全预评价阶段…辨识, 本报告暂不作结论,
  是否位于…需进一步核实) says neither yes nor no (`OPEN`): it is aside for every question, setting or not.

Headings: `Sentence.heading` is the label in force (（一）); the section's title is the text of the sentence that
starts with that label, up to its first ，：。 — so "（一）用地现状" opens a current-state section, and
"（二）房屋本体：屋面防水层老化" a section titled 房屋本体. A section lasts until the next heading of the same or an
outer level (`text.heading_level`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hia_rules.drafting.text import Sentence, heading_level, straddles

BACKGROUND_TITLES = (
    *("背景", "现状", "存在问题", "存在的问题", "主要问题", "由来", "必要性", "问题突出", "短板"),
    # a plan's review of the period before it and its reading of the situation (发展基础, 面临形势, 发展成就)
    *("发展基础", "工作基础", "现实基础", "面临形势", "面临的形势", "形势分析", "发展环境", "发展成就"),
    *("主要成就", "取得的成就", "工作成效", "发展成效", "主要成效", "回顾"),
)
STATE_WORDS = (
    *("现状", "目前", "当前", "现有", "原有", "近年来", "长期以来", "多年来", "历史上", "尚未", "仍有"),
    *("投诉较多", "反映强烈", "不畅", "老化", "破损", "年久失修", "隐患突出", "问题突出", "较为突出", "存在…问题"),
    *("存在…隐患", "存在…风险", "较多", "严重", "不足"),
    # a survey's or monitoring's findings are how things are now (据2026年6月调查，…高峰小时机动车流量约1,150辆)
    *("据…调查", "调查显示", "调查表明", "调查发现", "检查发现", "监测显示", "监测表明", "监测结果"),
    # what the site is among (地块周边以居住用地和公园绿地为主)
    "周边以…为主",
)
ACTION_WORDS = (
    *("将", "拟", "计划", "本项目", "项目建成", "建成后", "实施后", "新建", "建设", "实施", "改造", "设置", "推进"),
    *("增设", "配建", "配置", "完善", "提升", "开展", "改为", "调整为", "纳入", "应当", "必须", "鼓励", "支持"),
    *("落实", "组织", "采用", "采取", "改建", "扩建", "迁建", "拆除", "取消", "关停", "整治", "规划", "修复"),
    # what a project does to the site as it finds it (现状乔木约900株，…其余伐除; 现状宅基地…予以征收)
    *("伐除", "移栽", "征收", "回填", "搬迁"),
)
# In a background section only these say the sentence is the proposal's own: the verbs of ACTION_WORDS also
# describe what was done before (地面排水采用明沟, 尚未纳入收集处理).
PROPOSAL_WORDS = ("将", "拟", "计划", "本项目", "项目建成", "建成后", "实施后", "项目实施", "通过本")
# A lead that announces where a rule applies, so the list items after it are scopes.
SCOPE_LEADS = ("下列", "以下", "场所", "范围", "适用于")
# A conditional referral (涉及房屋征收的，按照…规定执行) sends a case to other rules: the document does not do it.
REMIT = (
    # a penalty for breaking the document's own rules enforces them: it does not do what it names
    # (违反本通告规定露天烧烤食品的，由城市管理部门…责令改正，没收烧烤工具…，并处…罚款)
    "违反本…罚款",
    "违反本…责令改正",
    "的，按照…执行",
    "的，依照…执行",
    "的，按照…规定办理",
    "的，依照…规定办理",
    "不另作规定",
    "依法负责",
    "依照职责",
    "按照职责",
    "按照各自职责",
    "依照各自职责",
    "职责范围内",
    "综合监督管理",
    # a matter left to other rules (…仍按照爱国卫生工作的有关规定执行, 依照…有关规定执行)
    "按照…有关规定执行",
    "依照…有关规定执行",
    "另有规定的，从其规定",
    # …or to another instrument or body's plan (依照《××市控制吸烟条例》的规定执行, 按照区民政局有关规划执行)
    "依照《…执行",
    "按照《…执行",
    "有关规划执行",
    # …or to the plan of its own field (托育服务设施建设按照区托育服务专项规划执行, 按照区全民健身实施计划安排)
    "专项规划执行",
    "按照…计划安排",
)
# What the document says is not part of it: done already by others, or left to another project, works or plan
# (不属于本工程内容, 另行编制专项规划，不纳入本规划).
_OWN = ("项目", "工程", "规划", "方案", "次", "期")
NOT_OURS = (
    *(f"不{verb}本{own}" for verb in ("纳入", "属于", "在", "列入", "包含在") for own in _OWN),
    *(f"本{own}不{verb}" for own in _OWN for verb in ("含", "包括")),
    *("另行立项", "另行实施", "另行建设", "另行编制", "另行部署", "另行组织", "另行投资", "另行招标", "不再重复部署"),
    # (…纳入城镇老旧小区改造专项安排，本规划不重复部署; 草案未将其纳入调整范围)
    *("不重复部署", "未将其纳入", "不纳入…调整范围", "未纳入…调整范围", "不纳入本…计划", "不纳入本…行动"),
    # done before the proposal (已由…完成; 地块内原有农户68户，已于2025年由…完成征收搬迁)
    *("已由…完成", "已于…完成"),
    # a rule already in force that the document keeps (继续执行城区农贸市场禁止活禽交易的规定)
    *("继续执行…规定", "继续执行…政策", "继续实行…规定", "继续实行…政策"),
    # …or keeps as it is, or says it does not build (现有的…养老服务…设施，应当予以保留; 本方案不另行新建社区服务设施)
    *("予以保留", "不另行新建"),
    # what the document leaves as it was (…居家养老服务补贴等其他优待政策不受本方案影响，按原规定执行; 配套服务不受本次
    # 租金调整影响; 按原渠道和原标准执行)
    *(f"不受本{own}…影响" for own in _OWN),
    "按原规定执行",
    "按原渠道…执行",
    "按原标准执行",
    # (…设置的临时疏导点和夜市，不在本通告禁止范围之内，继续按照原有规定管理; 不适用本办法)
    "不在本…范围",
    "按照原有规定",
    "不适用本",
)
DEFINITION = (
    "所称…是指",
    # a term set off by a comma and defined (人员密集场所，是指公众聚集场所…)
    "，是指",
    "本办法所称",
    "本规定所称",
    "本细则所称",
    "本条例所称",
    "本意见所称",
    "本方案所称",
    "本规划所称",
)
COMPARISON = (
    *("比选", "候选场址", "备选场址", "方案比较"),
    # an option said to be turned down (…距城北居住区仅约280米…，未采用; 因此不予推荐)
    *("未采用", "未予采用", "不予推荐", "不推荐", "不予采纳", "予以否决"),
)
COMPARISON_OUTCOMES = ("经比选", "经综合比选", "经综合比较", "综合比较", "经方案比选", "经比较")
# …also when the study says it recommends (可研建议县交通运输局…, 本报告建议…): another body's decision
RECOMMENDATIONS = (
    *("建议", "另建议", "可研建议", "报告建议", "本报告建议", "评估建议", "本评估建议", "评估组建议", "环评建议"),
    *("评价建议", "设计建议", "本研究建议"),
)
# A sentence that lists where or to whom a rule applies, inline (整治范围为…各类餐饮服务单位，包括餐馆、小吃店、
# 烧烤店、单位食堂…): its items are scopes, not things the document does.
INLINE_SCOPE = ("范围为", "范围包括", "对象包括", "对象为", "适用于")
INLINE_SCOPE_ITEMS = 3
# A lead announcing acts (下列行为, 下列情形), not places: its items are what is done, so no scope list.
ACT_LEADS = ("行为", "情形")
# Negators that forbid (a rule), as against those that state a fact (不涉及, 无); the first of these in a lead
# (禁止…下列行为：) is its list items' negator.
PROHIBITIONS = ("禁止", "严禁", "不得")
LIST_LEADS = ("下列", "以下")
# A finding left open or to a later stage: neither yes nor no.
OPEN = (
    *("暂不作结论", "暂不作出结论", "暂不下结论", "尚无定论", "进一步核实", "进一步确认", "另行论证", "待…确定后"),
    *("是否…待", "是否…需", "是否…有待", "将在…阶段…辨识", "将在…阶段…评价", "将在…阶段…确定", "将在…阶段…论证"),
    # (…是否会在场界外产生异味及其影响范围，须在环境影响评价阶段进一步论证)
    *("须在…阶段…论证", "需在…阶段…论证", "待…阶段…论证", "阶段进一步论证"),
)
# A scope list: items of at most this many characters, at least this many of them, and nothing but the list.
LIST_ITEM_CHARACTERS = 12
LIST_ITEMS = 3
_LABEL_END = re.compile(r"[，,：:。；;！？]")
_LIST_BREAKS = re.compile(r"[，,：:]")


def has_phrase(text: str, words: Sequence[str]) -> bool:
    """Whether `text` holds one of `words` (a word in parts, 是否…需, holds its parts in order)."""
    return _has(text, words)


def _has(text: str, words: Sequence[str]) -> bool:
    for word in words:
        if "…" in word:
            head, tail = word.split("…", 1)
            at = text.find(head)
            if at != -1 and text.find(tail, at + len(head)) != -1:
                return True
        elif len(word) == 2:
            # a pair across two words is not the word (目前 in 项目|前期)
            at = text.find(word)
            while at != -1:
                if not straddles(text, at):
                    return True
                at = text.find(word, at + 1)
        elif word in text:
            return True
    return False


def section_titles(found: Sequence[Sentence]) -> tuple[str | None, ...]:
    """For each sentence, its own title when it opens a section (the text after its heading label up to its
    first ，：。), else None."""
    titles: list[str | None] = []
    for sentence in found:
        label = sentence.heading
        if label is None or not sentence.text.startswith(label):
            titles.append(None)
            continue
        body = sentence.text[len(label) :].lstrip()
        cut = _LABEL_END.search(body)
        titles.append(body[: cut.start()] if cut else body)
    return tuple(titles)


def in_sections_titled(found: Sequence[Sentence], titles: Sequence[str]) -> tuple[bool, ...]:
    """Whether each sentence is in a section (at any level) whose title holds one of `titles`."""
    stack: list[tuple[int, bool]] = []
    flags: list[bool] = []
    for sentence, title in zip(found, section_titles(found), strict=True):
        if title is not None and sentence.heading is not None:
            level = heading_level(sentence.heading)
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, _has(title, titles)))
        flags.append(any(titled for _level, titled in stack))
    return tuple(flags)


# A section title is a heading label and a few words, nothing more (六、征地拆迁; （三）运营期噪声).
TITLE_CHARACTERS = 16


def is_title(sentence: Sentence) -> bool:
    """Whether the sentence is only a section's title: it names a topic, and says nothing about it."""
    label = sentence.heading
    if label is None or not sentence.text.startswith(label):
        return False
    body = _body(sentence).rstrip("。")
    return 0 < len(body) <= TITLE_CHARACTERS and not _LABEL_END.search(body)


def without_label(text: str, label: str | None) -> str:
    """`text` (a sentence, or its opening) without the heading label it starts with."""
    if label is not None and text.startswith(label):
        text = text[len(label) :]
    return text.strip()


def _body(sentence: Sentence) -> str:
    """The sentence without its heading label."""
    return without_label(sentence.text, sentence.heading)


# A line of at least this many cells (separated by ｜, | or a tab) is a table row.
TABLE_CELLS = 3
_CELL_BREAKS = ("｜", "|", "\t")


def _cells(sentence: Sentence) -> int:
    return 1 + sum(sentence.text.count(mark) for mark in _CELL_BREAKS)


def table_headers(found: Sequence[Sentence]) -> tuple[int | None, ...]:
    """For each sentence that is a table row (not the header itself), the index of its table's header: the first
    row of the block of consecutive rows it belongs to. None for every other sentence."""
    headers: list[int | None] = []
    first: int | None = None
    for index, sentence in enumerate(found):
        if _cells(sentence) < TABLE_CELLS:
            first = None
            headers.append(None)
        elif first is None:
            first = index
            headers.append(None)
        else:
            headers.append(first)
    return tuple(headers)


def _enumeration(sentence: Sentence) -> bool:
    """Whether the sentence is nothing but an enumeration of short items (its heading label aside)."""
    body = sentence.text
    if sentence.heading is not None and body.startswith(sentence.heading):
        body = body[len(sentence.heading) :]
    body = body.strip().rstrip("。；;")
    if _LIST_BREAKS.search(body):
        return False
    items = body.split("、")
    return len(items) >= LIST_ITEMS and all(len(item) <= LIST_ITEM_CHARACTERS for item in items[:-1])


def _scope_item(sentence: Sentence) -> bool:
    """A labelled list item without a clause break: （二）妇幼保健机构、儿童医院；"""
    label = sentence.heading
    if label is None or not sentence.text.startswith(label):
        return False
    body = sentence.text[len(label) :].strip().rstrip("。；;")
    return 0 < len(body) <= LIST_ITEM_CHARACTERS * 3 and not _LIST_BREAKS.search(body)


def scope_lists(found: Sequence[Sentence]) -> tuple[bool, ...]:
    """Whether each sentence is an item of a list of scopes: an enumeration that either closes on 等 (…体育场馆等
    公共场所) or follows a lead that announces a scope (下列场所…禁止吸烟：), directly or after other items — and
    that does no action itself. A lead that announces what is built (主要建设内容：) does not make a scope list."""
    flags: list[bool] = []
    lead = False  # the list items since the last sentence ending in ： belong to a scope lead
    for sentence in found:
        text = sentence.text
        enumeration = _enumeration(sentence) and not _has(text, ACTION_WORDS)
        # Under a scope lead a labelled item of a few places is a scope even with fewer than three of them.
        item = lead and _scope_item(sentence) and not _has(text, ACTION_WORDS)
        flags.append(item or (enumeration and (lead or "等" in text.rsplit("、", 1)[-1])))
        enumeration = enumeration or item
        if text.endswith(("：", ":")):
            lead = _has(text, SCOPE_LEADS) and not _has(text, ACTION_WORDS) and not _has(text, ACT_LEADS)
        elif not enumeration:
            lead = False
    return tuple(flags)


def prohibited_items(found: Sequence[Sentence]) -> tuple[str | None, ...]:
    """For each sentence: the negator of the prohibition lead (禁止…下列行为：) whose labelled list item it is, else
    None. The items run from the sentence after the lead while each starts with a label of the first item's level."""
    flags: list[str | None] = []
    negator: str | None = None
    level: int | None = None
    for sentence in found:
        label = sentence.heading
        labelled = label is not None and sentence.text.startswith(label)
        if negator is not None and labelled and label is not None and level in (None, heading_level(label)):
            level = heading_level(label)
            flags.append(negator)
            continue
        flags.append(None)
        negator, level = None, None
        text = sentence.text
        if text.endswith(("：", ":")) and _has(text, LIST_LEADS):
            negator = next((word for word in PROHIBITIONS if word in text), None)
    return tuple(flags)


# The header of a table of the site's neighbours (环境保护目标, 敏感点): they are where the site is, not what it does.
RECEPTOR_HEADERS = ("方位", "距离", "敏感目标", "保护目标", "敏感点")
BACKGROUND = "background"
OPEN_KIND = "open"
SCOPE_LIST = "scope list"
REMIT_KIND = "remit"
DEFINITION_KIND = "definition"
ALTERNATIVE = "alternative"
RECOMMENDATION = "recommendation"


def not_the_proposal(found: Sequence[Sentence]) -> tuple[str | None, ...]:
    """For each sentence: why it is no evidence of what the proposal does (`BACKGROUND`, `SCOPE_LIST`,
    `REMIT_KIND`, `DEFINITION_KIND`, `ALTERNATIVE`, `RECOMMENDATION`, `OPEN_KIND`), or None when it may be."""
    sections = in_sections_titled(found, BACKGROUND_TITLES)
    comparisons = in_sections_titled(found, COMPARISON)
    lists = scope_lists(found)
    headers = table_headers(found)
    reasons: list[str | None] = []
    for index, (sentence, in_section, compared, listed) in enumerate(
        zip(found, sections, comparisons, lists, strict=True)
    ):
        text = sentence.text
        body = _body(sentence)
        header = headers[index]
        if header is not None and _has(found[header].text, RECEPTOR_HEADERS):
            # a row of a table of neighbours (名称｜性质｜方位｜距离): the setting, described as it is
            reasons.append(BACKGROUND)
        elif _has(text, REMIT) or _has(text, NOT_OURS):
            reasons.append(REMIT_KIND)
        elif _has(text, DEFINITION):
            reasons.append(DEFINITION_KIND)
        elif (compared or _has(text, COMPARISON)) and not body.startswith(COMPARISON_OUTCOMES):
            reasons.append(ALTERNATIVE)
        elif body.startswith(RECOMMENDATIONS):
            reasons.append(RECOMMENDATION)
        elif _has(text, OPEN):
            reasons.append(OPEN_KIND)
        elif listed or (_has(text, INLINE_SCOPE) and text.count("、") >= INLINE_SCOPE_ITEMS - 1):
            reasons.append(SCOPE_LIST)
        elif (in_section and not _has(text, PROPOSAL_WORDS)) or (
            _has(text, STATE_WORDS) and not _has(text, ACTION_WORDS)
        ):
            reasons.append(BACKGROUND)
        else:
            reasons.append(None)
    return tuple(reasons)
