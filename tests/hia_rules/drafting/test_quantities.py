"""Numbers with units found in a document and normalised: money, distances, areas, households, people,
capacities, dates and durations; and the numbers that are not quantities."""

from __future__ import annotations

import pytest

from hia_rules.drafting.quantities import Quantity, QuantityKind, quantities
from hia_rules.drafting.text import sentences

K = QuantityKind


def read(text: str) -> tuple[Quantity, ...]:
    found_sentences = sentences(text)
    found = quantities(text, found_sentences)
    by_number = {s.number: s for s in found_sentences}
    for q in found:
        # the offset invariant, and the quantity lies inside its sentence
        assert text[q.start : q.end] == q.text
        sentence = by_number[q.sentence]
        assert sentence.start <= q.start < q.end <= sentence.end
        assert (q.iso is not None) == (q.kind is K.DATE)
        assert (q.value is None) == (q.kind is K.DATE)
    assert [q.start for q in found] == sorted(q.start for q in found)
    return found


def only(text: str) -> Quantity:
    found = read(text)
    assert len(found) == 1, found
    return found[0]


def summary(text: str) -> list[tuple[str, float | str | None, str]]:
    return [(q.kind.value, q.iso if q.kind is K.DATE else q.value, q.text) for q in read(text)]


@pytest.mark.parametrize(
    ("text", "value", "printed"),
    [
        ("本项目总投资3000万元，资金来源为区级财政。", 30_000_000, "3000万元"),
        ("其中政府投资1.5亿元。", 150_000_000, "1.5亿元"),
        ("项目总投资约2.3亿元。", 230_000_000, "约2.3亿元"),
        ("项目估算总投资三千万元。", 30_000_000, "三千万元"),
        ("总投资一点五亿元，全部由区财政承担。", 150_000_000, "一点五亿元"),
        ("安排专项资金500万元用于控烟宣传。", 5_000_000, "500万元"),
        ("工程费用12,345,678元。", 12_345_678, "12,345,678元"),
        ("每户一次性发放搬迁补助8000元。", 8000, "8000元"),
        ("概算投资1200余万元。", 12_000_000, "1200余万元"),
        ("总投资3亿多元。", 300_000_000, "3亿多元"),
        ("项目总投资3千万元。", 30_000_000, "3千万元"),
        ("年度预算850千元。", 850_000, "850千元"),
        ("总投资一亿两千万元。", 120_000_000, "一亿两千万元"),
        ("总投资三百多万元。", 3_000_000, "三百多万元"),
        ("合同金额¥3,000,000。", 3_000_000, "¥3,000,000"),
        ("总投资３０００万元。", 30_000_000, "３０００万元"),
    ],
)
def test_money_in_yuan(text: str, value: float, printed: str) -> None:
    q = only(text)
    assert (q.kind, q.value, q.text) == (K.MONEY_YUAN, value, printed)


@pytest.mark.parametrize(
    ("text", "kind", "value", "printed"),
    [
        ("项目总投资两亿，由区财政承担。", K.MONEY_YUAN, 200_000_000, "两亿"),
        ("本工程总投资约2.3亿。", K.MONEY_YUAN, 230_000_000, "约2.3亿"),
        ("区财政安排资金3000万用于改造。", K.MONEY_YUAN, 30_000_000, "3000万"),
        ("服务人口约3万，覆盖3个社区。", K.PEOPLE, 30_000, "约3万"),
        ("街道常住人口12.5万。", K.PEOPLE, 125_000, "12.5万"),
    ],
)
def test_a_number_with_wan_or_yi_and_no_unit_is_read_from_the_words_before_it(
    text: str, kind: QuantityKind, value: float, printed: str
) -> None:
    q = only(text)
    assert (q.kind, q.value, q.text) == (kind, value, printed)


@pytest.mark.parametrize(
    "text",
    [
        "全区共有各类市场主体12万。",  # no word saying what it counts
        "项目总投资3000万美元。",  # not yuan
        "种植乔木3万株。",
        "新增停车泊位2万个。",
        "进口额达5亿港元。",
    ],
)
def test_a_bare_number_nobody_says_is_money_or_people_is_not_a_quantity(text: str) -> None:
    assert read(text) == ()


@pytest.mark.parametrize(
    ("text", "value", "printed", "qualifier"),
    [
        ("项目用地边界距最近的学校约180米。", 180, "约180米", "项目用地边界距最近的学校"),
        ("厂界距最近居民住宅1.2公里。", 1200, "1.2公里", "厂界距最近居民住宅"),
        ("距离卫生院0.5km，交通便利。", 500, "0.5km", "距离卫生院"),
        ("转运站距幼儿园350 m。", 350, "350 m", "转运站距幼儿园"),
        ("距离最近的养老院1.5千米。", 1500, "1.5千米", "距离最近的养老院"),
        ("与城市主干道相距２００米。", 200, "２００米", "与城市主干道相距"),
        ("距学校五百米范围内不得设置。", 500, "五百米", "距学校"),
        ("周边3KM范围内无医院。", 3000, "3KM", "周边"),
        ("拟建道路距学校近200米。", 200, "近200米", "拟建道路距学校"),
        ("与最近的学校距离150～200米。", 150, "150～200米", "与最近的学校距离"),
        ("与最近的学校距离150-200米。", 150, "150-200米", "与最近的学校距离"),
        ("与最近的学校距离150米至200米。", 150, "150米至200米", "与最近的学校距离"),
        ("道路红线宽度24米。", 24, "24米", "道路红线宽度"),
    ],
)
def test_distances_in_metres(text: str, value: float, printed: str, qualifier: str) -> None:
    q = only(text)
    assert (q.kind, q.value, q.text, q.qualifier) == (K.DISTANCE_M, value, printed, qualifier)


@pytest.mark.parametrize(
    ("text", "value", "printed"),
    [
        ("运营期专用运输车辆约12车次/日。", 12, "约12车次"),
        ("日均进出车辆约1.2万辆次。", 12000, "约1.2万辆次"),
        ("污泥外运每日约3～4车次。", 4, "约3～4车次"),
    ],
)
def test_vehicle_trips_are_counted_as_printed_per_the_period_said(text: str, value: float, printed: str) -> None:
    q = only(text)
    assert (q.kind, q.value, q.text) == (K.VEHICLE_TRIPS, value, printed)


def test_a_height_or_width_in_metres_is_a_size_not_a_distance() -> None:
    assert [q.text for q in read("设置3米高隔声墙后，最近居民处噪声达标。")] == []
    assert [q.text for q in read("人行道4米宽。")] == []


def test_the_word_zuijin_is_not_an_approximation() -> None:
    q = only("距离最近200米处为学校。")
    assert (q.text, q.qualifier) == ("200米", "距离最近")


@pytest.mark.parametrize(
    ("text", "value", "printed"),
    [
        ("项目用地面积30亩。", 20_000, "30亩"),
        ("占地约三十亩。", 20_000, "约三十亩"),
        ("规划用地2公顷。", 20_000, "2公顷"),
        ("总建筑面积12,500平方米。", 12_500, "12,500平方米"),
        ("新增绿地1.2万㎡。", 12_000, "1.2万㎡"),
        ("控制区面积3平方公里。", 3_000_000, "3平方公里"),
        ("建设用地800m2。", 800, "800m2"),
        ("建筑面积650m²。", 650, "650m²"),
        ("改造面积约5000平米。", 5000, "约5000平米"),
        ("湿地面积2.5平方千米。", 2_500_000, "2.5平方千米"),
        ("总用地1.5hm2。", 15_000, "1.5hm2"),
        ("建筑面积3.5万平方米。", 35_000, "3.5万平方米"),
    ],
)
def test_areas_in_square_metres(text: str, value: float, printed: str) -> None:
    q = only(text)
    assert (q.kind, q.text) == (K.AREA_M2, printed)
    assert q.value == pytest.approx(value)


def test_one_mu_is_a_fifteenth_of_a_hectare() -> None:
    assert only("占地1亩。").value == pytest.approx(666.67, abs=0.01)


@pytest.mark.parametrize(
    ("text", "value", "printed", "qualifier"),
    [
        ("需搬迁安置居民120户。", 120, "120户", "需搬迁安置居民"),
        ("涉及搬迁1200余户。", 1200, "1200余户", "涉及搬迁"),
        ("共安置1，200户。", 1200, "1，200户", "共安置"),
        ("共安置1,200户。", 1200, "1,200户", "共安置"),
        ("预计拆迁两百户左右。", 200, "两百户", "预计拆迁"),
        ("征收房屋涉及100～150户。", 150, "100～150户", "征收房屋涉及"),
        ("涉及5户农户。", 5, "5户", "涉及"),
        ("本次征收两户。", 2, "两户", "本次征收"),
    ],
)
def test_households(text: str, value: float, printed: str, qualifier: str) -> None:
    q = only(text)
    assert (q.kind, q.value, q.text, q.qualifier) == (K.HOUSEHOLDS, value, printed, qualifier)


@pytest.mark.parametrize(
    ("text", "value", "printed", "qualifier"),
    [
        ("惠及居民约3万人。", 30_000, "约3万人", "惠及居民"),
        ("街道常住人口12.5万人。", 125_000, "12.5万人", "街道常住人口"),
        ("可容纳学生1200人。", 1200, "1200人", "可容纳学生"),
        ("新增医护人员120名。", 120, "120名", "新增医护人员"),
        ("培训社区骨干三百余人。", 300, "三百余人", "培训社区骨干"),
        ("年接待游客50万人次。", 500_000, "50万人次", "年接待游客（人次）"),
    ],
)
def test_people(text: str, value: float, printed: str, qualifier: str) -> None:
    q = only(text)
    assert (q.kind, q.value, q.text, q.qualifier) == (K.PEOPLE, value, printed, qualifier)


@pytest.mark.parametrize(
    ("text", "value", "printed"),
    [
        ("设计处理规模800吨/日。", 800, "800吨/日"),
        ("污水处理能力2000吨/天。", 2000, "2000吨/天"),
        ("转运能力300 t/d。", 300, "300 t/d"),
        ("处理能力500吨每日。", 500, "500吨每日"),
        ("日处理生活垃圾500吨。", 500, "500吨"),
        ("餐厨垃圾日均收运量120吨。", 120, "120吨"),
        ("焚烧规模36.5万吨/年。", 1000, "36.5万吨/年"),
        ("年处理量18.25万吨。", 500, "18.25万吨"),
        ("规模2万吨/年。", 54.794521, "2万吨/年"),
    ],
)
def test_capacities_in_tonnes_per_day(text: str, value: float, printed: str) -> None:
    q = only(text)
    assert (q.kind, q.text) == (K.CAPACITY_T_PER_DAY, printed)
    assert q.value == pytest.approx(value)


@pytest.mark.parametrize(
    "text",
    [
        "储存危险废物不超过5吨。",  # a mass, not a rate
        "货车载重10吨以上禁止通行。",
        "处理费每吨80元/吨。",
    ],
)
def test_tonnes_that_are_not_a_rate_are_not_a_capacity(text: str) -> None:
    assert [q for q in read(text) if q.kind is K.CAPACITY_T_PER_DAY] == []


@pytest.mark.parametrize(
    ("text", "iso", "printed"),
    [
        ("本办法自2025年3月1日起施行。", "2025-03-01", "2025年3月1日"),
        ("项目计划于2025年3月开工。", "2025-03", "2025年3月"),
        ("发布日期：2025-03-01。", "2025-03-01", "2025-03-01"),
        ("印发时间2025/3/1。", "2025-03-01", "2025/3/1"),
        ("计划2025.3开工。", "2025-03", "2025.3"),
        ("计划2025.03.15竣工。", "2025-03-15", "2025.03.15"),
        ("吴中区人民政府办公室　二〇二五年三月十五日", "2025-03-15", "二〇二五年三月十五日"),
        ("二〇二四年十二月", "2024-12", "二〇二四年十二月"),
        ("实施期限为2025—2027年。", "2025", "2025—2027年"),
        ("自２０２５年４月１日起执行。", "2025-04-01", "２０２５年４月１日"),
        ("于2025年12月31号前完成。", "2025-12-31", "2025年12月31号"),
        ("2025年度工作计划。", "2025", "2025年"),
        ("2025年底前完成全部改造。", "2025", "2025年底"),
        ("力争2026年上半年建成。", "2026", "2026年上半年"),
    ],
)
def test_dates(text: str, iso: str, printed: str) -> None:
    q = only(text)
    assert (q.kind, q.iso, q.value, q.text) == (K.DATE, iso, None, printed)


def test_an_impossible_date_is_not_a_date() -> None:
    assert [q for q in read("于2025年2月30日开工。") if q.kind is K.DATE] == []


@pytest.mark.parametrize(
    ("text", "days", "printed"),
    [
        ("项目建设期18个月。", 540, "18个月"),
        ("施工期2年。", 730, "2年"),
        ("公示期不少于90天。", 90, "90天"),
        ("应当在30日内作出决定。", 30, "30日"),
        ("整改期限3周。", 21, "3周"),
        ("10个工作日内办结。", 10, "10个工作日"),
        ("运营期1.5年。", 547.5, "1.5年"),
        ("建设期三年。", 1095, "三年"),
        ("施工工期为两个星期。", 14, "两个星期"),
        ("试运行期3-6个月。", 180, "3-6个月"),
        ("建设周期二十四个月。", 720, "二十四个月"),
    ],
)
def test_durations_in_days(text: str, days: float, printed: str) -> None:
    q = only(text)
    assert (q.kind, q.value, q.text) == (K.DURATION_DAYS, days, printed)


def test_a_date_is_not_money_nor_a_duration() -> None:
    # given
    text = "2025年3月1日前完成，2025年安排资金3000万元，工期2年。"

    # when
    found = summary(text)

    # then
    assert found == [
        ("DATE", "2025-03-01", "2025年3月1日"),
        ("DATE", "2025", "2025年"),
        ("MONEY_YUAN", 30_000_000, "3000万元"),
        ("DURATION_DAYS", 730, "2年"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "依据本办法第3条的规定。",
        "根据第十二条第三款执行。",
        "执行《环境空气质量标准》（GB 3095-2012）二级标准。",
        "按照GB/T 50378-2019评价。",
        "参照HJ 2.2-2018导则。",
        "执行《吴中区控烟工作方案（2023版）》。",
        "咨询电话：0512-65251234。",
        "联系人手机13812345678。",
        "建设5G基站。",
        "PM2.5年均浓度下降。",
        "绿化覆盖率提高30%。",
        "覆盖率达到３０％以上。",
        "苏府办〔2024〕12号。",
        "推进“十四五”规划实施。",
        "实行统一规划、统一管理。",
        "实行一户一策。",
        "按百年一遇标准设防。",
        "打破城乡二元结构。",
        "进一步加强管理。",
        "沿G312国道布置。",
        "建设第三年起开始运营。",
        "3月15日至20日开展宣传。",
        "补助标准为500元/平方米。",
        "车速不超过30公里/小时。",
        "每千人口床位数达到6张。",
        "为户籍人口提供服务。",
        "全体人民共同参与。",
        "不含3年级以下学生。",
        "建成一米线。",
        "落实一人一档。",
        "二〇二五年版标准。",
        "2023年版目录。",
        "90年代建成的小区。",
        "每年的3月15日。",
        "在用地四周设置绿化隔离带。",
        "设计速度每小时80公里。",
        "学校周边道路限速每小时30公里。",
        "路网密度达到每平方公里6.8公里。",
        "时速60公里以下。",
    ],
)
def test_numbers_that_are_not_quantities(text: str) -> None:
    assert read(text) == ()


def test_each_quantity_is_numbered_by_its_sentence() -> None:
    # given
    text = "项目概况\n总投资3000万元。距学校约180米；涉及搬迁120户。\n建设期18个月。"

    # when
    found = read(text)

    # then
    assert [(q.text, q.sentence) for q in found] == [
        ("3000万元", 2),
        ("约180米", 3),
        ("120户", 4),
        ("18个月", 5),
    ]


def test_qualifier_is_cut_at_punctuation_and_after_the_quantity_before_it() -> None:
    # given
    text = "本项目位于长桥街道，用地30亩总投资3000万元，（距离学校180米）"

    # when
    found = read(text)

    # then
    assert [(q.text, q.qualifier) for q in found] == [
        ("30亩", "用地"),
        ("3000万元", "总投资"),
        ("180米", "距离学校"),
    ]


def test_qualifier_is_at_most_twelve_characters_and_none_when_nothing_precedes() -> None:
    # given: a long clause without punctuation before the quantity, and a sentence that starts with one
    text = "本项目拟选址于吴中区长桥街道某地块的东南角处距最近学校约180米。300户。"

    # when
    found = read(text)

    # then: the last 12 characters, as printed (a word may be cut: the rule is by characters)
    assert [q.qualifier for q in found] == ["地块的东南角处距最近学校", None]


def test_qualifier_stops_after_a_span_that_is_not_a_quantity() -> None:
    q = only("执行GB 3095-2012规定的卫生防护距离100米。")
    assert (q.text, q.qualifier) == ("100米", "规定的卫生防护距离")


def test_quantities_of_given_sentences_only() -> None:
    # given: the caller passes a subset of the sentences
    text = "总投资3000万元。距学校180米。"
    second = sentences(text)[1:]

    # when
    found = quantities(text, second)

    # then
    assert [(q.text, q.sentence) for q in found] == [("180米", 2)]


def test_a_realistic_project_proposal() -> None:
    # given
    text = (
        "吴中区长桥街道生活垃圾转运站改造工程项目建议书\n"
        "一、项目概况\n"
        "（一）建设地点：长桥街道南湖路东侧，项目用地边界距最近的学校（新苑小学）约180米，距最近居民住宅60米。\n"
        "（二）建设规模：用地面积约5.2亩，总建筑面积1,800平方米，设计转运能力200吨/日。\n"
        "（三）投资估算：项目总投资约2.3亿元，其中政府投资1.5亿元。\n"
        "（四）建设工期：计划于2025年6月开工，建设期18个月。\n"
        "（五）征地拆迁：涉及搬迁居民12户，安置人口约40人。\n"
        "联系电话：0512-68888888\n"
    )

    # when
    found = summary(text)

    # then
    assert found == [
        ("DISTANCE_M", 180, "约180米"),
        ("DISTANCE_M", 60, "60米"),
        ("AREA_M2", pytest.approx(3466.67, abs=0.01), "约5.2亩"),
        ("AREA_M2", 1800, "1,800平方米"),
        ("CAPACITY_T_PER_DAY", 200, "200吨/日"),
        ("MONEY_YUAN", 230_000_000, "约2.3亿元"),
        ("MONEY_YUAN", 150_000_000, "1.5亿元"),
        ("DATE", "2025-06", "2025年6月"),
        ("DURATION_DAYS", 540, "18个月"),
        ("HOUSEHOLDS", 12, "12户"),
        ("PEOPLE", 40, "约40人"),
    ]


def test_a_long_document_keeps_every_offset() -> None:
    # given: a 200,000-character document (a structural guard; the timing is measured in bench/)
    paragraph = (
        "第十二条　项目总投资3000万元，距最近的学校约180米，涉及搬迁120户；"
        "建设期18个月，自2025年3月1日起实施。执行GB 3095-2012二级标准。\n"
    )
    text = paragraph * (200_000 // len(paragraph) + 1)

    # when
    found = read(text)

    # then
    assert len(text) > 200_000
    assert len(found) == 5 * text.count("第十二条")


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("（六）项目总投资：23600万元，其中门站工程8900万元。", "项目总投资"),
        ("与最近住宅距离： 约300米", "与最近住宅距离"),
    ],
)
def test_a_label_and_its_value_across_a_colon_are_one(text: str, qualifier: str) -> None:
    first = quantities(text, sentences(text))[0]
    assert first.qualifier == qualifier
