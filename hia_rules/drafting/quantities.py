"""Numbers with units in a document, normalised: money, distances, areas, households, people, capacities, dates
and durations.

Normalisation (values are floats in the kind's unit; DATE has `iso` instead):
- money → yuan: 元, 千元, 万元, 亿元, 千万元/百万元, ¥/￥; "3000万元" → 30,000,000; "一点五亿元" → 150,000,000. A
  number with 万/亿 and no unit ("总投资两亿") is money when the words before it say so (投资, 资金, 经费 …), people
  when they speak of people (人口, 居民 …), and nothing otherwise. Rates are not totals: "500元/平方米" is skipped.
- distance → metres: 米, m; 公里, 千米, km ×1000. Speeds and densities are skipped (米/秒, 每小时80公里,
  每平方公里6.8公里).
- area → m²: 平方米, 平米, ㎡, m², m2; 公顷, hm² ×10,000; 亩 ×10,000/15 (≈666.67); 平方公里, 平方千米, km² ×1,000,000.
- households: 户. People: 人, 名, 万人; 人次 (visits, not people) is PEOPLE with "（人次）" at the end of its
  qualifier.
- capacity → t/d: 吨/日, 吨/天, 吨每日, t/d; 吨/年, t/a and 万吨/年 ÷365. Plain 吨 counts only when the words before
  it say per day (日处理, 每日, 日均 …) or per year (年处理, 每年 …); otherwise it is a mass and skipped.
- dates → iso: 2025年3月1日 → "2025-03-01", 2025年3月 → "2025-03", 2025年 → "2025", 2025-03-01, 2025/3/1, 2025.3,
  二〇二五年三月十五日; 2025年底/初/末/上半年/下半年 → "2025". A year range 2025—2027年 is one DATE at its start.
  A month and day without a year (3月15日) is not a date here.
- durations → days: 天, 日, 工作日 ×1; 周, 星期, 个星期 ×7; 个月 ×30; 年 ×365 (a four-digit year is a date).
Numbers: Arabic with decimals and thousands separators (1,200 / 1，200), full-width digits, Chinese numerals
(三千万, 一点五, 两, 二十五) with 万/亿/千/百万/千万 multipliers; 余/多 after the number ("1200余户" → 1200) are kept in
the text and ignored in the value; 约/大约/近/逾 right before the number are part of the text ("约180米").
Ranges ("150～200米", "150-200米", "1.5至2亿元", "150米～200米") keep the text as printed; the value is the lower
bound for distances (nearer is the conservative reading) and the upper bound otherwise (more money, households
or days is the conservative reading, and the checklist asks for the upper estimate of households).

Not quantities: an ordinal (第3条, 第三年), a number glued to Latin letters (GB 3095-2012, PM2.5, 5G, V2.0), a
version (2023版, 2023年版), a percentage, phone numbers, document numbers (〔2024〕12号), a single Chinese numeral in
a set phrase (统一, 一户一策, 百年一遇, 一元化, 用地四周) and a single Chinese numeral before 元, 米, 人, 亩 or 公里.

`qualifier` is up to 12 characters just before the quantity in its sentence (before the colon of a "label：value"),
cut after the last punctuation mark and after any quantity before it, as printed ("项目总投资", "距最近的学校").
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from hia_rules.drafting.text import Sentence


class QuantityKind(StrEnum):
    MONEY_YUAN = "MONEY_YUAN"
    DISTANCE_M = "DISTANCE_M"
    AREA_M2 = "AREA_M2"
    HOUSEHOLDS = "HOUSEHOLDS"
    PEOPLE = "PEOPLE"
    CAPACITY_T_PER_DAY = "CAPACITY_T_PER_DAY"
    DATE = "DATE"
    DURATION_DAYS = "DURATION_DAYS"
    # vehicle movements as printed (车次, 辆次), per whatever period the sentence says (日均, 高峰小时)
    VEHICLE_TRIPS = "VEHICLE_TRIPS"


@dataclass(frozen=True)
class Quantity:
    """A number with a unit found in the document, normalised to its kind's unit."""

    kind: QuantityKind
    value: float | None  # yuan, metres, m², households, people, t/d, days, vehicle trips; None for DATE
    iso: str | None  # DATE only: "2025-03" / "2025-03-01" / "2025"
    text: str  # as printed: "3000万元", "1.5亿元", "约180米", "三十亩"
    start: int  # offsets in the document text
    end: int
    sentence: int  # Sentence.number it is in
    qualifier: str | None  # the words just before it that say what it is: "总投资", "距最近的学校" …


K = QuantityKind
# unit as normalised → (kind, factor to the kind's unit)
_UNITS: dict[str, tuple[QuantityKind, float]] = {
    "元": (K.MONEY_YUAN, 1),
    **dict.fromkeys(("米", "m"), (K.DISTANCE_M, 1)),
    **dict.fromkeys(("公里", "千米", "km"), (K.DISTANCE_M, 1000)),
    **dict.fromkeys(("平方米", "平米", "㎡", "m²", "m2"), (K.AREA_M2, 1)),
    **dict.fromkeys(("公顷", "hm²", "hm2"), (K.AREA_M2, 10000)),
    "亩": (K.AREA_M2, 10_000 / 15),
    **dict.fromkeys(("平方公里", "平方千米", "km²", "km2", "k㎡"), (K.AREA_M2, 1000000)),
    "户": (K.HOUSEHOLDS, 1),
    **dict.fromkeys(("车次", "辆次"), (K.VEHICLE_TRIPS, 1)),
    **dict.fromkeys(("人", "名", "人次"), (K.PEOPLE, 1)),
    **dict.fromkeys(("吨/日", "吨/天", "吨每日", "吨每天", "吨/d", "t/d"), (K.CAPACITY_T_PER_DAY, 1)),
    **dict.fromkeys(("吨/年", "吨每年", "t/a"), (K.CAPACITY_T_PER_DAY, 1 / 365)),
    "吨": (K.CAPACITY_T_PER_DAY, 1),  # per day or per year only from the words before it
    **dict.fromkeys(("天", "日", "工作日", "个工作日"), (K.DURATION_DAYS, 1)),
    **dict.fromkeys(("周", "星期", "个星期"), (K.DURATION_DAYS, 7)),
    "个月": (K.DURATION_DAYS, 30),
    "年": (K.DURATION_DAYS, 365),
}
_MULTIPLIERS = {"千万": 10**7, "百万": 10**6, "万": 10**4, "亿": 10**8, "千": 10**3}

# Full-width digits, letters and signs → ASCII, one character for one, so offsets do not move.
_NARROW = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)}, **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}}
    | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
    | {"．": ".", "－": "-", "／": "/", "％": "%", "＄": "$"}
)
_WIDE = re.compile("[０-９Ａ-Ｚａ-ｚ．－／％＄]")

_AR = r"\d{1,3}(?:[,，]\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?"
_CN = r"[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?"
_NUM = rf"(?:(?<![\d.A-Za-z])(?:{_AR})|{_CN})"
_MULT = r"千万|百万|万|亿|千"
_UNIT = "|".join(
    re.escape(u) for u in sorted(set(_UNITS) - {"m", "km", "m2", "km2", "hm2", "t/d", "t/a"}, key=len, reverse=True)
)
_QUANTITY = re.compile(
    # The lookahead is only for speed: every match starts with one of these.
    r"(?=[\d零〇一二两三四五六七八九十百千万亿约大逾近¥￥])"
    rf"(?:(?P<approx>大约|约|逾|(?<![最附临接靠就邻将])近)?"
    rf"(?P<low>{_NUM})(?:(?P<mult1>{_MULT})?[ \u3000]?[-~～—–至到][ \u3000]?(?P<high>{_NUM}))?"
    rf"(?:余|多)?(?P<mult>{_MULT})?(?:余|多)?[ \u3000]?"
    rf"(?P<unit>{_UNIT}|(?i:km²|km2|k㎡|hm²|hm2|km|t/d|t/a)(?![A-Za-z0-9])|m[²2](?![A-Za-z0-9])|m(?![A-Za-z0-9²³]))?"
    r"|[¥￥][ \u3000]?(?P<yen>" + _AR + rf")(?P<yen_mult>{_MULT})?元?)"
)
_DATE = re.compile(
    r"(?=[\d〇零一二三四五六七八九])(?:"  # the lookahead is only for speed
    r"(?<![\d.A-Za-z])(?P<y>(?:19|20)\d{2})(?:[ \u3000]?[-~～—–至到][ \u3000]?(?:19|20)\d{2})?[ \u3000]?年(?!版|级|代)"
    r"(?:[ \u3000]?(?P<m>1[0-2]|0?[1-9])[ \u3000]?月(?:[ \u3000]?(?P<d>3[01]|[12]\d|0?[1-9])[ \u3000]?[日号])?"
    r"|底|初|末|上半年|下半年)?"
    r"|(?P<cy>[〇零一二三四五六七八九]{4})年(?!版|级|代)(?:(?P<cm>十[一二]?|[一二三四五六七八九])月"
    r"(?:(?P<cd>三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])日)?)?"
    r"|(?<![\d.A-Za-z])(?P<iy>(?:19|20)\d{2})(?P<s>[-/.])(?P<im>1[0-2]|0?[1-9])"
    r"(?:(?P=s)(?P<id>3[01]|[12]\d|0?[1-9]))?(?![\d.]))"
)
# Spans where nothing is a quantity: standards and codes (GB 3095-2012, HJ 2.2-2018, PM2.5, G312), phone numbers,
# document numbers.
_NOT_QUANTITY = re.compile(
    r"(?=[A-Z01电传热手联〔\[［【(（])(?:"  # the lookahead is only for speed
    r"(?<![A-Za-z])[A-Z]{1,5}(?:/T)?[ \u3000]?\d+(?:\.\d+)*(?:[ \u3000]?[-—–][ \u3000]?\d{2,4})?"
    r"|(?<!\d)0\d{2,3}[-—][ \u3000]?\d{7,8}(?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)"
    r"|(?:电话|传真|热线|手机|联系方式)[:：]?[ \u3000]?[\d\-— ]{5,}"
    r"|[〔\[［【(（][ \u3000]?(?:19|20)\d{2}[ \u3000]?[〕\]］】)）][ \u3000]?\d+[ \u3000]?号)"
)

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10**4, "亿": 10**8}
_CN_NUMERALS = set(_CN_DIGIT) | set(_CN_SMALL) | set(_CN_BIG)
# Before a Chinese numeral these make a word of it, not a count: 第一, 统一, 单一, 唯一, 同一, 每一, 进一步 …
_WORD_BEFORE = set("第每统单唯同之逐进其某任另这那哪") | _CN_NUMERALS
# A single Chinese numeral before these is a set phrase far more often than a count (一元化, 一米线, 一人一档).
_NOT_AFTER_SINGLE = {"元", "米", "人", "亩", "公里", "千米", "平方米"}
_SET_PHRASES = {"四周"}  # 用地四周: on all sides
# Glued after the unit, these make it another word: 人民, 户籍, 周边, 年级, 天然气, 名称 …
_NOT_AFTER_UNIT = {
    "人": "民大工造行为",
    "名": "称单录义额片字词列",
    "户": "籍口外型主内",
    "周": "岁年边围末",
    "天": "然津",
    "年": "级代龄版",
    "米": "每高宽深厚",  # 3米高隔声墙, 4米宽: a size, not a distance
    "元": "每",
}
_PER_DAY = ("日处理", "日均", "每日", "每天", "日产", "日供", "日排", "日收", "日转运", "日处置", "日用")
_PER_YEAR = ("年处理", "年均", "每年", "年产", "年排", "年收", "年转运", "年处置", "年用", "年供")
_MONEY_WORDS = ("投资", "资金", "经费", "预算", "造价", "补助", "补贴", "拨付", "出资", "融资", "费用", "估算", "概算")
_PEOPLE_WORDS = ("人口", "居民", "人数", "群众", "游客", "人员", "学生")
_MEASURE_WORDS = set("美港欧日韩澳英加台辆株棵套只头张个件吨米平立方亩户人名次元")  # 3万美元, 3万辆: not bare money
_PUNCTUATION = set("，。、；：！？,.;:!?（）()【】[]《》“”‘’\"'「」『』—…·/～~+＋=＝")
# A distance said after these is a speed or a density: 设计速度每小时80公里, 路网密度每平方公里6.8公里.
_NOT_A_DISTANCE = re.compile(r"(?:每小时|每秒|时速|速度|限速|每平方公里|每平方千米)[为达约不超过至到]{0,3}$")
_QUALIFIER_CHARS = 12


class _Found(NamedTuple):
    start: int  # in the sentence
    end: int
    kind: QuantityKind | None  # None: a span that is not a quantity
    low: float | None
    high: float | None
    iso: str | None
    hint: str  # "tonnes": plain 吨; "bare": 两亿 without a unit; "visits": 人次; "" otherwise


def quantities(text: str, sentences: Sequence[Sentence]) -> tuple[Quantity, ...]:
    """The quantities in `text`, sentence by sentence, in document order."""
    narrow = text.translate(_NARROW) if _WIDE.search(text) else text
    found: list[Quantity] = []
    for sentence in sentences:
        found.extend(_in_sentence(text, narrow[sentence.start : sentence.end], sentence))
    return tuple(found)


def _in_sentence(text: str, line: str, sentence: Sentence) -> list[Quantity]:
    candidates = [_Found(m.start(), m.end(), None, None, None, None, "") for m in _NOT_QUANTITY.finditer(line)]
    candidates += [d for m in _DATE.finditer(line) if (d := _date(m)) is not None]
    candidates += [q for m in _QUANTITY.finditer(line) if (q := _quantity(m, line)) is not None]
    # Leftmost first, then the longest; on a tie a non-quantity span, then a date.
    candidates.sort(key=lambda c: (c.start, c.start - c.end, c.kind is not None, c.kind is not K.DATE))
    kept: list[_Found] = []
    for c in candidates:
        if kept and c.start < kept[-1].end:
            continue
        if kept and kept[-1].kind is c.kind and c.kind not in (None, K.DATE) and _is_range_gap(line, kept[-1], c):
            c = kept.pop()._replace(end=c.end, high=c.low if c.high is None else c.high)  # 150米～200米
        kept.append(c)
    result: list[Quantity] = []
    previous_end = 0
    for c in kept:
        if c.kind is None:
            previous_end = c.end
            continue
        qualifier = _qualifier(line, text, sentence.start, previous_end, c.start)
        previous_end = c.end
        kind: QuantityKind | None = c.kind
        value = _value(c)
        if c.hint == "tonnes":  # plain 吨: per day or per year from the words before
            rate = _rate(qualifier or "")
            if rate is None:
                continue
            value = None if value is None else round(value * rate, 6)
        if c.hint == "bare":  # 两亿 without a unit: what the words before say
            kind = _bare_kind(qualifier or "")
            if kind is None:
                continue
        if kind is None or (kind is K.DISTANCE_M and _NOT_A_DISTANCE.search(qualifier or "")):
            continue
        if c.hint == "visits":
            qualifier = (qualifier or "") + "（人次）"
        start = sentence.start + c.start
        end = sentence.start + c.end
        iso = c.iso if kind is K.DATE else None
        result.append(Quantity(kind, value, iso, text[start:end], start, end, sentence.number, qualifier))
    return result


def _is_range_gap(line: str, first: _Found, second: _Found) -> bool:
    gap = line[first.end : second.start].strip(" \u3000")
    return len(gap) == 1 and gap in "-~～—–至到"


def _value(c: _Found) -> float | None:
    if c.kind is K.DATE or c.low is None:
        return None
    bound = c.low if c.kind is K.DISTANCE_M or c.high is None else c.high
    return round(bound, 6)  # 2.3 × 10⁸ is 229999999.99999997 in binary


def _rate(qualifier: str) -> float | None:
    if any(w in qualifier for w in _PER_DAY):
        return 1.0
    if any(w in qualifier for w in _PER_YEAR):
        return 1 / 365
    return None


def _bare_kind(qualifier: str) -> QuantityKind | None:
    if any(w in qualifier for w in _MONEY_WORDS):
        return K.MONEY_YUAN
    if any(w in qualifier for w in _PEOPLE_WORDS):
        return K.PEOPLE
    return None


_LABEL_COLONS = ("：", ":")


def _qualifier(line: str, text: str, offset: int, previous_end: int, start: int) -> str | None:
    # A label and its value ("项目总投资：23600万元") are one: the colon between them is no cut.
    end = start
    label = line[:start].rstrip(" \u3000")
    if label.endswith(_LABEL_COLONS):
        end = len(label) - 1
    low = max(previous_end, end - _QUALIFIER_CHARS)
    window = line[low:end]
    for i in range(len(window) - 1, -1, -1):
        if window[i] in _PUNCTUATION:
            low += i + 1
            break
    printed = text[offset + low : offset + end].strip()
    return printed or None


def _quantity(m: re.Match[str], line: str) -> _Found | None:
    if m.group("yen") is not None:
        amount = _arabic(m.group("yen")) * _MULTIPLIERS.get(m.group("yen_mult") or "", 1)
        return _Found(m.start(), m.end(), K.MONEY_YUAN, amount, None, None, "")
    unit, mult, mult1 = m.group("unit"), m.group("mult"), m.group("mult1")
    low_text, high_text = m.group("low"), m.group("high")
    end = m.end() if unit else len(line[: m.end()].rstrip(" \u3000"))
    before = line[m.start() - 1 : m.start()]
    after = line[end : end + 1]
    if before == "第" or (unit is None and mult is None and not low_text.endswith(("万", "亿"))):
        return None
    low, high = _number(low_text), _number(high_text) if high_text else None
    if low is None or (high_text and high is None):
        return None
    glued = line[m.start("low") - 1 : m.start("low")] in _WORD_BEFORE or after in _CN_DIGIT
    if low_text[0] in _CN_NUMERALS and glued:
        return None
    single = low_text[0] in _CN_NUMERALS and len(low_text) == 1 and not (mult or high_text)
    hint = ""
    if unit is None:  # 两亿, 3000万: money or people, from the words before it
        if mult not in (None, "万", "亿", "千万", "百万") or after in _MEASURE_WORDS:
            return None
        unit, hint = "元", "bare"
    else:
        unit = unit.lower()
        hint = {"吨": "tonnes", "人次": "visits"}.get(unit, "")
        per_period = _UNITS[unit][0] is K.VEHICLE_TRIPS  # 12车次/日 is a count per day
        if after and ((after == "/" and not per_period) or after in _NOT_AFTER_UNIT.get(unit, "")):
            return None  # 元/平方米, 米/秒, 人民, 户籍 …
        if (single and unit in _NOT_AFTER_SINGLE) or (unit in ("年", "周") and after == "一"):
            return None  # 一元化, 一米线; 百年一遇, 一年一度
        if line[m.start("low") : end] in _SET_PHRASES:
            return None
        if unit == "日" and before and before in "月至到-~～—–、和及号":
            return None  # 3月15日, 15日至20日: a day of the month
        if unit == "年" and low.is_integer() and 1000 <= low <= 2999:
            return None  # a year: _DATE reads it
    kind, factor = _UNITS[unit]
    low_value = low * factor * _MULTIPLIERS.get(mult1 or mult or "", 1)
    high_value = None if high is None else high * factor * _MULTIPLIERS.get(mult or "", 1)
    return _Found(m.start(), end, kind, low_value, high_value, None, hint)


def _date(m: re.Match[str]) -> _Found | None:
    if m.group("y"):
        year, month, day = int(m.group("y")), _int(m.group("m")), _int(m.group("d"))
    elif m.group("cy"):
        year = int("".join(str(_CN_DIGIT[c]) for c in m.group("cy")))
        month, day = _cn_small(m.group("cm")), _cn_small(m.group("cd"))
    else:
        year, month, day = int(m.group("iy")), _int(m.group("im")), _int(m.group("id"))
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        return None
    iso = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
    return _Found(m.start(), m.end(), K.DATE, None, None, iso, "")


def _int(digits: str | None) -> int | None:
    return int(digits) if digits else None


def _cn_small(numeral: str | None) -> int | None:
    value = _chinese(numeral) if numeral else None
    return None if value is None else int(value)


def _number(printed: str) -> float | None:
    return _arabic(printed) if printed[0].isdigit() else _chinese(printed)


def _arabic(printed: str) -> float:
    return float(printed.replace(",", "").replace("，", ""))


def _chinese(printed: str) -> float | None:
    """三千万 → 30000000, 一点五 → 1.5, 二十五 → 25, 一千零五 → 1005, 三千五 → 3500; None for 十四五 (not a number)."""
    whole, _, decimals = printed.partition("点")
    if not whole or (whole[0] not in _CN_DIGIT and whole[0] != "十"):
        return None
    total = section = small = 0  # done 亿 sections, the current 万 section, below 万
    digit: int | None = None
    last_unit, zero = 10**9, False
    for ch in whole:
        if ch in _CN_DIGIT:
            if digit is not None:
                return None  # two digits in a row: 十四五, 二〇二五
            if _CN_DIGIT[ch] == 0:
                zero = True  # 一千零五: the 五 is units, not hundreds
            else:
                digit = _CN_DIGIT[ch]
        elif ch in _CN_SMALL:
            unit = _CN_SMALL[ch]
            if unit >= last_unit or (digit is None and ch != "十"):
                return None
            small += (1 if digit is None else digit) * unit
            digit, last_unit, zero = None, unit, False
        else:
            n = small + (digit or 0)
            if n == 0 and section == 0:
                return None
            if ch == "万":
                section, small = n * 10**4, 0
            else:
                total, section, small = (total + section + n) * 10**8, 0, 0
            digit, last_unit, zero = None, _CN_BIG[ch], False
    if digit is not None and not zero and last_unit < 10**9 and last_unit > 10:
        digit *= last_unit // 10  # 三千五 = 3500, 一万五 = 15000
    value = float(total + section + small + (digit or 0))
    if decimals:
        if any(c not in _CN_DIGIT for c in decimals):
            return None
        value += int("".join(str(_CN_DIGIT[c]) for c in decimals)) / 10 ** len(decimals)
    return value
