"""What the shipped cues of checklist v2 promise a drafter, sentence by sentence: phrases the document uses for
the thing itself light a question up, and the ways documents say they do not do it, or leave it as it was, do
not."""

from __future__ import annotations

import functools

import pytest

from hia_rules import load_checklist, shipped_checklists
from hia_rules.drafting.suggest import Draft, Suggestion, suggest
from hia_rules.drafting.suggestion import Confidence
from hia_rules.model import Checklist


@functools.cache
def v2() -> Checklist:
    path = next(p for p in shipped_checklists() if p.name == "hiap-screening-v2.yaml")
    return load_checklist(path).checklist


def answer(result: Draft, question_id: str) -> object:
    found: Suggestion | None = next((s for s in result.suggestions if s.question_id == question_id), None)
    return None if found is None else found.answer


def chosen(result: Draft, question_id: str) -> list[str]:
    """The choices suggested for a MULTI_CHOICE question (none: an empty list)."""
    value = answer(result, question_id)
    return list(value) if isinstance(value, (list, tuple)) else []


def drafted(*lines: str) -> Draft:
    """The suggestions for a document of these lines."""
    return suggest(v2(), "\n".join(lines))


def project(title: str, *lines: str) -> Draft:
    return suggest(v2(), "\n".join((title, "项目建议书", "建设地点：长桥街道。", "项目总投资2680万元。", *lines)))


POLICY = (
    "××区老年人优待政策调整方案",
    "各镇人民政府，各街道办事处，区各委办局：",
    "现将本方案印发给你们，请认真贯彻执行。",
)


# A YES question's distractor beside the thing itself, both in a project proposal: (question, the sentence that
# must not light it up and its project's name, the sentence that must).
CONTRASTS = {
    "a type of building put after 非 is not that building": (
        "housing.demolition",
        ("宝带小区综合整治工程", "拆除小区内违章搭建126处（均为非住宅的棚屋、围墙）。"),
        ("宝带小区综合整治工程", "拆除小区内危旧住宅3幢，居民42户货币补偿安置。"),
    ),
    "traffic a study finds hardly matters is not more traffic": (
        "air.traffic_increase",
        ("城南档案馆新建工程", "预测日均进出机动车约180车次，对周边道路交通影响较小。"),
        ("越溪餐厨垃圾处理厂新建工程", "运营期餐厨垃圾运输车辆日均约60车次，经越溪大道进出。"),
    ),
    "no objection received is no public concern": (
        "social.public_concern",
        ("郭巷路人行天桥拆除及平面过街改造工程", "公示期间及问卷中未收到明确反对意见。"),
        ("郭巷路人行天桥拆除及平面过街改造工程", "公示期间收到居民联名反对意见，要求保留天桥。"),
    ),
    "a deodorising stack is the odour's, not industrial emissions": (
        "air.industrial_emissions",
        ("长桥垃圾压缩转运站新建工程", "臭气经收集后采用生物滤池除臭工艺处理后由15米高排气筒排放。"),
        ("胥口热源厂新建工程", "新建燃气锅炉3台，烟气经45米高排气筒排放。"),
    ),
    "two characters across two words (提供|餐饮) are not the word they spell (供餐)": (
        "food.group_catering",
        ("东山民宿集聚区公共配套工程", "建成民宿集聚区公共配套，实现提供餐饮服务的民宿明厨亮灶全覆盖。"),
        ("香山街道长者食堂新建工程", "新建长者食堂一处，日供餐约300份。"),
    ),
    "trucks kept off a school's roads do not pass it; trucks kept out of its hours do": (
        "transport.heavy_vehicles",
        ("城南档案馆新建工程", "渣土车运输路线避开城南实验小学周边道路。"),
        ("木渎站前广场改造工程", "渣土车经金山路外运，途经香溪小学门前路段，须避开上下学时段。"),
    ),
    "a handful of trucks a day is no clear increase of traffic": (
        "air.traffic_increase",
        ("东山污水处理厂提标扩建工程", "脱水污泥由密闭车辆外运处置，约2车次/日，经东山大道进出。"),
        ("东山污水处理厂提标扩建工程", "脱水污泥及栅渣由密闭车辆外运处置，约60车次/日，经东山大道进出。"),
    ),
    "a large canteen the project builds vents its fumes where it stands (集中食堂, the question's own example)": (
        "air.cooking_fumes",
        ("胥江九年一贯制学校新建工程", "项目不设食堂，学生午餐由中央厨房配送。"),
        ("胥江九年一贯制学校新建工程", "食堂油烟经高效油烟净化装置处理后引至食堂屋面排放，排放口距最近住宅约55米。"),
    ),
    "lanes kept open while works take part of a road are no wider road": (
        "transport.road_speed_capacity",
        ("宝丰路地下综合管廊工程", "施工期间占用宝丰路南侧非机动车道和部分机动车道，保留双向两车道通行。"),
        ("城北大道快速化改造工程", "城北大道由双向四车道拓宽为双向六车道。"),
    ),
    "a wall against seepage into the ground water is no barrier between neighbours": (
        "social.community_severance",
        ("浦庄填埋场封场工程", "截渗墙将堆体与周边地下水阻隔，设监测井长期跟踪监测。"),
        ("城北大道快速化改造工程", "高架桥墩和隔离护栏将沿线两侧社区割裂，居民往来需绕行约1公里。"),
    ),
    "a biofilter's stack is the odour's, not industrial emissions": (
        "air.industrial_emissions",
        ("浦庄填埋场封场工程", "调节池废气经负压收集、生物滤池处理后由15米排气筒排放。"),
        ("胥口热源厂新建工程", "新建燃气锅炉3台，烟气经45米高排气筒排放。"),
    ),
    "a traffic study that finds little traffic is no increase of it": (
        "air.traffic_increase",
        ("青湖通用机场工程", "机场进出交通量较小，预测2035年高峰小时进出机动车约80辆。"),
        ("越溪餐厨垃圾处理厂新建工程", "运营期餐厨垃圾运输车辆日均约60车次，经越溪大道进出。"),
    ),
    "an effect left to the impact assessment to establish is not yet a yes": (
        "air.odour",
        ("县危险化学品公共仓储中心项目", "无组织挥发是否会在场界外产生异味，须在环境影响评价阶段进一步论证。"),
        ("长桥垃圾压缩转运站新建工程", "卸料和压缩过程产生臭气，经除臭设施处理后排放。"),
    ),
    "a negator opening one item of a list negates that item only (颗粒物、非甲烷总烃、臭气浓度)": (
        "air.odour",
        ("胥口沥青搅拌站项目", "厂界无组织废气监测因子为颗粒物、沥青烟、非甲烷总烃。"),
        ("胥口沥青搅拌站项目", "厂界无组织废气监测因子为颗粒物、非甲烷总烃、臭气浓度。"),
    ),
    "what a study recommends another body do is not what the project does": (
        "transport.road_speed_capacity",
        ("青湖通用机场工程", "可研建议县交通运输局适时将进场道路拓宽为双向四车道。"),
        ("青湖通用机场工程", "新建进场道路1.2公里，双向四车道。"),
    ),
    "earth lorries through a village pass homes; on the site's own roads they do not": (
        "transport.heavy_vehicles",
        ("青湖通用机场工程", "土方车由园区内部道路进场。"),
        ("青湖通用机场工程", "场道工程需外购填方土约18万立方米，土方车经县道X205进场，途经河东村。"),
    ),
    "land others cleared before, put to a new use, is no demolition": (
        "housing.demolition",
        ("城南公共停车场建设工程", "停车场利用拆迁腾退地块建设，现状为空地。"),
        ("宝带小区综合整治工程", "拆除小区内危旧住宅3幢，居民42户货币补偿安置。"),
    ),
    "ponds among the land a project takes are breeding sites gone, not made": (
        "water.vector_breeding",
        ("临湖省道改线工程", "项目永久占地约680亩，其中耕地约512亩、坑塘水面约48亩。"),
        ("张桥郊野湿地公园工程", "湿地建成后静水面增加，夏季易孳生蚊虫。"),
    ),
    "a farm's cold room for dead animals is no cold-chain food store": (
        "food.live_animal_market",
        ("青石镇生猪养殖场建设项目", "病死猪委托县病死畜禽无害化处理中心统一收集处理，场内设冷库暂存。"),
        ("甪直冷链物流园工程", "新建低温冷库3.6万吨，用于冻品和冷鲜肉储运。"),
    ),
    "earth dug, in either word order, raises dust; works with none do not": (
        "air.construction_dust",
        ("甪直包装印刷厂技改项目", "施工期仅进行设备安装，不涉及土建施工。"),
        ("金庭增压泵站工程", "施工期开挖土方约4.1万立方米，采取围挡、洒水和分段施工措施。"),
    ),
    "vehicles washed after unloading are no more traffic": (
        "air.traffic_increase",
        ("病死畜禽无害化处理中心项目", "运输车辆卸料后立即清洗消毒，人员经更衣消毒通道进出生产区。"),
        ("越溪餐厨垃圾处理厂新建工程", "运营期餐厨垃圾运输车辆日均约60车次，经越溪大道进出。"),
    ),
    "the quiet hours works are put in are not more traffic": (
        "air.traffic_increase",
        ("横泾220千伏输变电工程", "跨越横泾大道的放线作业需在交通流量较小的夜间进行。"),
        ("越溪餐厨垃圾处理厂新建工程", "运营期餐厨垃圾运输车辆日均约60车次，经越溪大道进出。"),
    ),
    "high-bay racking is no elevated road": (
        "transport.road_speed_capacity",
        ("甪直冷链物流园工程", "低温冷库局部5层高架，建筑面积24600平方米。"),
        ("城北大道快速化改造工程", "新建高架快速路6.8公里，双向6车道。"),
    ),
    "ponds filled in are breeding sites gone": (
        "water.vector_breeding",
        ("甪直城东集中居住区工程", "坑塘填埋约0.47公顷。"),
        ("张桥郊野湿地公园工程", "湿地建成后静水面增加，夏季易孳生蚊虫。"),
    ),
    "a site chosen away from a hazard area is not in one": (
        "emergency.natural_hazard",
        ("胥口加压泵站工程", "泵站选址已避开地质灾害易发区。"),
        ("乌石坞宕口消纳场工程", "场地位于地质灾害易发区，北侧山体存在崩塌隐患。"),
    ),
    "excavation and breaking out are noisy works, unless the document has none": (
        "noise.construction_noise",
        ("甪直包装印刷厂技改项目", "施工期仅进行设备安装，不涉及土建施工、土方开挖和建筑拆除。"),
        ("太湖街道社区卫生服务中心新建工程", "施工期基坑开挖土方约1.1万立方米，外运约0.8万立方米。"),
    ),
}


@pytest.mark.parametrize("case", CONTRASTS, ids=str)
def test_a_distractor_does_not_light_up_what_the_thing_itself_does(case: str) -> None:
    question, distractor, itself = CONTRASTS[case]
    assert answer(project(*distractor), question) != "YES"
    assert answer(project(*itself), question) == "YES"


def test_what_a_measure_leaves_as_it_was_is_no_evidence_of_a_change() -> None:
    left = drafted(
        *POLICY,
        "一、65至69周岁老年人乘坐公交车改为半价。",
        "二、居家养老服务补贴等其他优待政策不受本方案影响，按原规定执行。",
    )
    assert answer(left, "services.elder_care") != "YES"
    this_time = drafted(
        *POLICY,
        "一、城乡居民基础养老金每人每月提高30元。",
        "二、居家养老服务补贴等按原渠道和原标准执行，不受本次调整影响。",
    )
    assert answer(this_time, "services.elder_care") != "YES"


def test_sports_rooms_and_fitness_equipment_open_to_the_public_are_sports_facilities() -> None:
    rooms = project("胥口图书馆及文化馆新建工程", "全民健身活动室约600平方米，设乒乓球和健身器材区，向群众开放。")
    assert answer(rooms, "lifestyle.sports_facilities") == "YES"


def test_trees_felled_are_green_space_lost() -> None:
    felled = project("友翔路下穿隧道工程", "沿线行道树中约220株长势较差，予以伐除。")
    assert answer(felled, "noise.green_space_loss") == "YES"
    # the site as the project finds it, and what the project does to it, in one sentence
    site = project("胥江九年一贯制学校新建工程", "地块中部现状乔木约900株，除保留的32株香樟外，其余伐除。")
    assert answer(site, "noise.green_space_loss") == "YES"
    # the site as it is, and nothing done to it
    kept = project("胥江九年一贯制学校新建工程", "地块中部现状为苗木林地，乔木约900株。")
    assert answer(kept, "noise.green_space_loss") != "YES"


def test_a_works_own_pest_control_while_it_lasts_is_no_sanitation_improvement() -> None:
    site = project("龙山河清淤工程", "排泥场设置围堰和截水沟，施工期定期喷洒灭蚊蝇药物，完工后及时复垦。")
    assert "PEST_CONTROL" not in chosen(site, "hygiene.improvements")
    market = project("渔洋农贸市场改造工程", "市场摊位区设置灭蝇灯，委托专业公司每月开展灭鼠、灭蝇、灭蟑工作。")
    assert "PEST_CONTROL" in chosen(market, "hygiene.improvements")


def test_a_rule_on_the_hours_of_noisy_works_says_there_are_noisy_works() -> None:
    limited = project("城南体育公园新建工程", "施工期间严禁夜间施工，土方采用围挡覆盖。")
    assert answer(limited, "noise.construction_noise") == "YES"


def test_project_types_follow_the_checklists_own_definitions() -> None:
    # 垃圾、污水、粪便或危险废物处理设施 is WASTE_SANITATION; 城乡供水、排水 is WATER_SUPPLY_DRAINAGE
    works = project("甪直污水处理厂三期扩建工程", "新建污水处理规模3.0万吨/日。")
    assert answer(works, "scope.project_type") == "WASTE_SANITATION"
    pumps = project("塘南污水提升泵站及配套压力管工程", "压力管经南湖路接入城南污水处理厂进厂干管。")
    assert answer(pumps, "scope.project_type") == "WATER_SUPPLY_DRAINAGE"
    # a facility no named type covers is OTHER, whatever roads it mentions
    funeral = project("横泾殡仪馆扩建工程", "扩建告别厅3个，进场道路拓宽为双向两车道。")
    assert answer(funeral, "scope.project_type") == "OTHER"
    # homes that the displaced move to are not what an airport or a port builds; a port is a transport hub
    resettled = "沿线住宅38户需实施搬迁，安置于镇集中安置小区，安置房现房供应。"
    airport = project("青湖通用机场工程", "新建跑道800米及航站楼1800平方米。", resettled)
    assert answer(airport, "scope.project_type") == "OTHER"
    port = project("甪直港区吴淞江作业区工程", "新建1000吨级泊位6个。", resettled)
    assert answer(port, "scope.project_type") == "ROAD_TRANSPORT"
    estate = project("澄东集中居住区建设项目", "建设6层电梯住宅安置房520套，总建筑面积约6.9万平方米。")
    assert answer(estate, "scope.project_type") == "URBAN_RENEWAL_HOUSING"
    # what serves a project (its waste compaction station, a school building it converts, farm roads it takes)
    # is not what it is
    market = project("吴中区农副产品批发市场迁建项目", "建设交易大厅3栋及冷库1座。", "配套市场垃圾收集压缩站1座。")
    assert answer(market, "scope.project_type") == "PUBLIC_SERVICE_FACILITY"
    care = project("吴中区残疾人托养中心建设项目", "设寄宿托养床位150张。", "其中改造原教学楼4200平方米。")
    assert answer(care, "scope.project_type") == "PUBLIC_SERVICE_FACILITY"
    service_area = project(
        "柳湾服务区改扩建工程",
        "高速公路服务区南北两区各扩建停车位120个。",
        "北区扩建将占用村民往来农田的机耕路约300米。",
    )
    assert answer(service_area, "scope.project_type") == "ROAD_TRANSPORT"
    sorting = project(
        "横泾街道可回收物分拣中心新建工程", "新建分拣车间及打包车间。", "污泥送区生活垃圾焚烧发电厂处置。"
    )
    assert answer(sorting, "scope.project_type") == "WASTE_SANITATION"


def test_a_delivery_round_is_not_waste_collection() -> None:
    rounds = suggest(v2(), "\n".join((*POLICY, "对偏远自然村实行定时定点投递，实现快递进村。")))
    assert "WASTE_COLLECTION" not in chosen(rounds, "hygiene.improvements")
    bins = suggest(v2(), "\n".join((*POLICY, "小区生活垃圾实行定时定点投放，新建分类投放点8处。")))
    assert "WASTE_COLLECTION" in chosen(bins, "hygiene.improvements")


def test_pest_control_of_a_facilitys_own_breeding_grounds_is_no_sanitation_improvement() -> None:
    own = project("王庄蛋鸡养殖场新建工程", "粪污暂存间和鸡舍周边易孳生蚊蝇，须落实每日清粪、定期灭蝇。")
    assert "PEST_CONTROL" not in chosen(own, "hygiene.improvements")
    public = suggest(v2(), "\n".join((*POLICY, "每年春秋两季对老旧小区集中开展灭鼠、灭蟑、灭蚊、灭蝇工作。")))
    assert "PEST_CONTROL" in chosen(public, "hygiene.improvements")


def test_a_buildings_own_separate_sewers_are_no_sewerage_improvement() -> None:
    own = project("胥江医院门急诊楼新建工程", "院区排水实行雨污分流。")
    assert "SEWERAGE" not in chosen(own, "hygiene.improvements")
    works = project("香溪片区雨污分流改造工程", "对片区内32个小区实施雨污分流改造，消除雨污混接点126处。")
    assert "SEWERAGE" in chosen(works, "hygiene.improvements")


def test_rebuilding_a_levee_is_not_demolishing_homes() -> None:
    levee = project("南塘河综合整治工程", "拆除重建坍塌、倾斜驳岸1.2公里。")
    assert answer(levee, "housing.demolition") != "YES"


def test_space_given_back_to_walkers_is_no_loss_of_it() -> None:
    cleared = suggest(v2(), "\n".join((*POLICY, "清理长期占用人行道的“僵尸车”，拓宽学校门前人行道。")))
    assert answer(cleared, "transport.walking_cycling_loss") != "YES"
    taken = project("东吴南路拓宽改造工程", "道路拓宽后取消东侧非机动车道，压缩人行道宽度至1.5米。")
    assert answer(taken, "transport.walking_cycling_loss") == "YES"


def test_a_school_guarding_itself_from_a_roads_noise_makes_no_noise() -> None:
    guarded = project(
        "郭巷初级中学扩建工程", "新建教学楼退让道路红线55米，临路一侧采用隔声窗，降低尹中南路交通噪声对教室的影响。"
    )
    assert answer(guarded, "noise.operational_noise") != "YES"


REGULATION = ("××市电梯安全条例（草案）", "第一条　为了加强电梯安全管理，制定本条例。")


def test_a_definition_and_a_referral_to_another_instrument_do_nothing() -> None:
    defined = suggest(v2(), "\n".join((*REGULATION, "（二）人员密集场所，是指学校的教学楼、食堂和集体宿舍等。")))
    assert answer(defined, "emergency.population_influx") != "YES"
    referred = suggest(v2(), "\n".join((*REGULATION, "电梯轿厢内禁止吸烟的管理，依照《××市控制吸烟条例》的规定执行。")))
    assert answer(referred, "lifestyle.tobacco_control") != "YES"
    own = suggest(v2(), "\n".join((*REGULATION, "第十条　电梯轿厢内禁止吸烟，电梯使用单位应当设置禁烟标识。")))
    assert answer(own, "lifestyle.tobacco_control") == "YES"


def test_a_row_of_a_table_of_neighbours_is_the_setting_not_what_the_project_provides() -> None:
    table = project(
        "城南妇幼保健院迁建工程",
        "表1　周边环境敏感目标",
        "名称｜性质｜方位｜距离",
        "城南街道养老服务中心｜养老机构｜北｜800米",
        "城南实验小学｜学校｜东｜450米",
    )
    assert answer(table, "services.elder_care") != "YES"
    assert answer(table, "site.distance_to_elder_care_m") == 800


def test_the_more_specific_type_word_decides_where_one_holds_another() -> None:
    # 再生水厂 (a sewage plant's reuse works) holds 水厂 (a waterworks): the longer word is the project
    reuse = project("横泾再生水厂新建工程", "新建再生水厂一座，规模2万立方米/日，出水用于河道补水。")
    typed = next(s for s in reuse.suggestions if s.question_id == "scope.project_type")
    # not a tie settled by the order of the choices: the waterworks gets no vote
    assert (typed.answer, typed.confidence) != ("WASTE_SANITATION", Confidence.LOW)
    assert typed.answer == "WASTE_SANITATION"
    # a former works named in the title is where the homes go, not what is built
    homes = project("长桥街道原精细化工厂地块住宅开发项目", "建设住宅1150套，其中保障性租赁住房220套。")
    assert answer(homes, "scope.project_type") == "URBAN_RENEWAL_HOUSING"


def issued(title: str, *lines: str) -> Draft:
    """A document issued by a township as a plan: the notice, then the plan itself."""
    notice = (
        "木渎镇人民政府文件",
        f"木渎镇人民政府关于印发《{title}》的通知",
        "镇各部门、各单位，各村（社区）：",
        f"现将《{title}》印发给你们，请认真贯彻执行。",
        title,
    )
    return suggest(v2(), "\n".join((*notice, *lines)))


def test_a_plan_for_building_one_thing_is_a_project_however_it_is_issued() -> None:
    works = issued(
        "木渎实验中学体育场馆向社会开放改造工程实施方案",
        "一、改造内容：改造体育馆建筑面积约3200平方米，新建独立出入口。",
        "二、实施安排：2026年7月至8月暑期施工。",
        "三、资金：总投资680万元，由镇财政安排。",
    )
    assert works.kind is not None
    assert works.kind.answer == "PROJECT"
    # a park has no floor area: its total area is its size
    park = issued(
        "越溪街道张桥郊野湿地公园建设实施方案",
        "一、项目位于张桥村，规划总面积约46公顷。",
        "二、项目总投资9860万元。",
        "三、栈道桩基和土方机械作业安排在昼间，不进行夜间施工。",
    )
    assert park.kind is not None
    assert park.kind.answer == "PROJECT"
    # a programme's plan funds works but states no one building's size: a policy
    programme = issued(
        "木渎镇2026年农村人居环境整治工作实施方案",
        "一、重点任务：完成12个村的生活污水治理和道路施工。",
        "二、资金保障：镇财政安排专项资金，总投资约2400万元。",
    )
    assert programme.kind is not None
    assert programme.kind.answer == "POLICY"


def test_what_a_project_removes_refuses_or_does_not_emit_is_said_no_to() -> None:
    removed = project("吴山街美食街区提升改造工程", "液化石油气钢瓶由街道组织全部回收，不再使用瓶装燃气。")
    assert answer(removed, "emergency.hazardous_chemicals") != "YES"
    clean = project("特殊教育学校迁建工程", "本项目为教育设施，运营期无工业废气排放。")
    assert answer(clean, "air.industrial_emissions") != "YES"
    refused = project("木渎体育场馆开放改造工程", "场馆不承接参加人数1000人以上的大型活动和商业演出。")
    assert answer(refused, "emergency.mass_gathering") != "YES"


def test_two_characters_across_two_words_do_not_make_a_sentence_the_current_state() -> None:
    # 目前 in 项目|前期 is no "now": the meeting held while the project was prepared is consultation done
    held = project("长桥医院感染楼改造工程", "项目前期，医院会同长桥街道在宝带新村召开了居民座谈会。")
    assert answer(held, "equity.consulted") == "YES"


def test_questionnaires_counted_back_are_consultation_but_departments_asked_are_not() -> None:
    surveyed = project("郭巷路人行天桥拆除工程", "街道在尹山花园和农贸市场发放问卷320份，回收301份，支持的约86%。")
    assert answer(surveyed, "equity.consulted") == "YES"
    departments = project(
        "甪直职业培训基地新建工程", "项目已征求甪直镇人民政府、区人力资源和社会保障局和合作企业的意见。"
    )
    assert answer(departments, "equity.consulted") != "YES"


def test_the_protection_workers_are_given_names_their_exposure() -> None:
    masks = project("临湖秸秆收储中心新建工程", "粉碎车间配置除尘设备，作业人员应当佩戴防尘口罩。")
    assert answer(masks, "work.occupational_hazards") == "YES"
    builders = project("临湖秸秆收储中心新建工程", "施工单位应当为现场作业人员配备防尘口罩。")
    assert answer(builders, "work.occupational_hazards") != "YES"


def test_knowledge_of_a_named_health_risk_spread_is_health_education() -> None:
    taught = suggest(v2(), "\n".join((*POLICY, "一、开展燃气安全宣传，普及一氧化碳中毒防范知识。")))
    assert answer(taught, "lifestyle.health_education") == "YES"


def test_waterlogging_spots_removed_are_flood_protection() -> None:
    removed = project("香溪路拓宽改造工程", "通过本次改造，消除现状3处积水点。")
    assert answer(removed, "emergency.flood_protection") == "YES"


def test_a_path_cut_between_neighbours_is_severance_and_a_valve_that_cuts_off_gas_is_not() -> None:
    cut = project("郭巷车辆段工程", "车辆段建成后，穿越段址的姜庄路将被截断，居民往来尹山湖方向需经东方大道绕行。")
    assert answer(cut, "social.community_severance") == "YES"
    valve = project("浦庄加气站新建工程", "储罐设置压力、液位监测和紧急切断系统。")
    assert answer(valve, "social.community_severance") != "YES"


def test_a_waste_fill_site_is_a_waste_facility_whatever_roads_it_widens() -> None:
    site = project("乌石坞宕口建筑垃圾消纳场工程", "施工内容为进场道路拓宽及管理区建设。")
    assert answer(site, "scope.project_type") == "WASTE_SANITATION"


def test_trucks_kept_off_a_named_schools_road_do_not_pass_it() -> None:
    kept_off = project("县中医院门诊楼扩建工程", "土方外运车辆经人民路西行，不经过县实验小学所在的文昌路。")
    assert answer(kept_off, "transport.heavy_vehicles") != "YES"


def test_what_a_plan_leaves_to_another_plan_is_not_its_own_measure() -> None:
    left = drafted(
        "吴中区“十五五”养老服务体系建设规划",
        "规划期限为2026—2030年。",
        "一、托育服务设施建设按照区托育服务专项规划执行。",
        "二、住宅小区的无障碍设施建设纳入城镇老旧小区改造专项安排，本规划不重复部署。",
    )
    assert answer(left, "services.maternal_child") != "YES"
    assert answer(left, "housing.improves") != "YES"


def test_bottled_gas_replaced_by_piped_gas_is_no_chemical_handled() -> None:
    replaced = drafted(
        *POLICY,
        "一、目前仍在使用瓶装液化石油气的3所学校食堂，应当于2026年12月31日前完成“瓶改管”或者“瓶改电”。",
    )
    assert answer(replaced, "emergency.hazardous_chemicals") != "YES"


def test_spoil_carried_past_a_school_is_heavy_traffic_past_it() -> None:
    spoil = project("胥口图书馆新建工程", "渣土运输车辆经胥香路进出，途经胥口中心小学北门。")
    assert answer(spoil, "transport.heavy_vehicles") == "YES"


def test_waterside_walks_and_footways_repaired_are_better_walking() -> None:
    walk = project("山塘历史街区更新工程", "利用腾退空间建设沿香溪滨水步道约900米，向公众开放。")
    assert answer(walk, "transport.active_travel") == "YES"
    repaired = project("背街小巷整治工程", "修复破损人行道约3.5公里。")
    assert answer(repaired, "transport.active_travel") == "YES"


def test_green_the_proposal_opens_to_the_public_is_green_space_gained() -> None:
    opened = project("城南档案馆新建工程", "室外沿河设置开放式滨河绿地约4800平方米，向市民开放。")
    assert answer(opened, "noise.green_space_gain") == "YES"
    closed = project("塘南污水提升泵站工程", "泵站周边恢复绿化，因设备检修需要设置围栏，绿地不对公众开放。")
    assert answer(closed, "noise.green_space_gain") != "YES"


def test_raw_sewage_discharges_ended_are_sewerage_but_fish_pond_tailwater_is_not() -> None:
    ended = project("青峰水库扩容工程", "新建截污管网11.4公里，将三个村直排入库支流的生活污水接入镇污水处理厂处理。")
    assert "SEWERAGE" in chosen(ended, "hygiene.improvements")
    ponds = project("张桥湿地公园工程", "鱼塘退养后，养殖尾水直排越来溪问题随之消除。")
    assert "SEWERAGE" not in chosen(ponds, "hygiene.improvements")


def test_the_title_of_an_instrument_a_document_cites_says_nothing_of_its_own_type() -> None:
    notice = drafted(
        "关于进一步加强全区中小学校食堂和校外供餐管理的通知",
        "各镇人民政府，各街道办事处，区各委办局：",
        "为深入贯彻《学校食品安全与营养健康管理规定》，现就加强学校食堂管理有关事项通知如下：",
        "一、学校食堂每餐实行校领导陪餐。",
        "请认真贯彻执行。",
    )
    assert notice.kind is not None
    assert notice.kind.answer == "POLICY"
    assert notice.policy_type is None or notice.policy_type.answer != "NORMATIVE_DOCUMENT"
    own = drafted(
        "区政府办公室关于印发《吴中区建筑垃圾运输处置管理办法》的通知",
        "现将《吴中区建筑垃圾运输处置管理办法》印发给你们，请认真贯彻执行。",
        "第一条　为了加强建筑垃圾管理，制定本办法。",
    )
    assert own.policy_type is not None
    assert own.policy_type.answer == "NORMATIVE_DOCUMENT"


def notice(title: str, *lines: str) -> Draft:
    """A district government's 通告: a policy."""
    head = ("苏州市吴中区人民政府", title, "吴政通〔2026〕4号")
    return suggest(v2(), "\n".join((*head, *lines, "特此通告。", "本通告自发布之日起施行。")))


def test_a_ban_and_its_penalty_say_nothing_is_added() -> None:
    ban = notice(
        "关于禁止在城区主要道路两侧露天烧烤和占道经营的通告",
        "为加强城市市容环境管理，防治露天烧烤油烟污染，维护道路通行秩序，根据有关法律法规，现将有关事项通告如下：",
        "一、城区主要道路两侧禁止占道经营。",
        "二、已设置的临时疏导点和夜市，不在本通告禁止范围之内，继续按照原有规定管理。",
        "三、违反本通告规定露天烧烤食品的，由城市管理部门责令改正，没收烧烤工具，并处罚款。",
    )
    assert answer(ban, "air.cooking_fumes") != "YES"
    assert answer(ban, "food.unhealthy_food") != "YES"


def test_what_a_rule_says_it_does_not_apply_to_is_not_its_measure() -> None:
    lifts = drafted(
        "吴中区既有住宅加装电梯实施办法",
        "各镇人民政府，各街道办事处，区各委办局：",
        "第一条　为改善老年人居住条件，制定本办法。",
        "第二条　列入房屋征收范围或者已鉴定为危险房屋的住宅，不适用本办法。",
        "本办法自2027年1月1日起施行，有效期5年。",
    )
    assert answer(lifts, "housing.demolition") != "YES"


def test_works_done_alongside_a_renovation_programme_do_not_renovate_homes() -> None:
    paths = suggest(
        v2(), "\n".join((*POLICY, "一、结合口袋体育公园和老旧小区改造，在中心城区建设社区健身步道约30公里。"))
    )
    assert answer(paths, "housing.improves") != "YES"


def test_a_sports_hall_used_as_a_shelter_is_no_new_sports_facility() -> None:
    shelters = suggest(
        v2(), "\n".join((*POLICY, "一、全区设置避灾安置点46处，利用社区综合服务中心、体育馆和部分学校校舍。"))
    )
    assert answer(shelters, "lifestyle.sports_facilities") != "YES"


def test_ground_sealed_for_good_warms_the_site() -> None:
    sealed = project(
        "郭巷电池电芯厂项目", "项目建成后不透水面积约7.4公顷，场地转变为建筑和硬化地面，对局地地表温度有一定影响。"
    )
    assert answer(sealed, "noise.heat_island") == "YES"


def test_conditions_taken_out_of_a_benefit_cut_it_but_a_higher_share_above_the_threshold_does_not() -> None:
    cut = drafted(
        "关于调整城乡居民医保门诊慢性病待遇的通知",
        "各镇人民政府，各街道办事处，区各委办局：",
        "一、将慢性胃炎、颈椎病2个病种调出门诊慢性病保障范围。",
        "请认真贯彻执行。",
    )
    assert answer(cut, "services.insurance_cut") == "YES"
    raised = drafted(
        "关于调整城乡居民医保门诊慢性病待遇的通知",
        "各镇人民政府，各街道办事处，区各委办局：",
        "一、起付标准以上的门诊慢性病费用，基层定点医疗机构支付比例由65%提高到75%。",
        "请认真贯彻执行。",
    )
    assert answer(raised, "services.insurance_cut") != "YES"


def test_a_site_turned_down_gives_no_distance_of_the_site() -> None:
    chosen_site = project(
        "县危险化学品公共仓储中心项目",
        "推荐场址用地边界距最近居民住宅约650米。",
        "城北物流园场址交通便利，但距城北居住区仅约280米，且位于县城上风向，未采用。",
    )
    assert answer(chosen_site, "air.distance_to_homes_m") == 650


def test_a_rule_whose_duty_falls_on_a_builder_does_not_build_what_it_names() -> None:
    rule = drafted(
        "××市噪声污染防治条例（草案）",
        "第一条　为了防治噪声污染，保障公众健康，根据有关法律、行政法规，结合本市实际，制定本条例。",
        "第八条　新建、改建、扩建经过噪声敏感建筑物集中区域的城市快速路，建设单位应当落实声屏障等降噪措施。",
    )
    assert answer(rule, "transport.road_speed_capacity") != "YES"


def test_a_rule_kept_in_force_and_works_done_before_are_no_change() -> None:
    kept = drafted(
        "吴中区“十五五”城市更新规划",
        "改造提升农贸市场15家，继续执行城区农贸市场禁止活禽交易的规定。",
    )
    assert answer(kept, "food.live_poultry_trade_ended") != "YES"
    done = project(
        "郭巷新校区建设项目",
        "地块内原有农户68户，已于2025年由郭巷街道完成征收搬迁，本项目不涉及新的房屋征收。",
    )
    assert answer(done, "housing.households_relocated") != 68


def test_public_toilets_counted_in_a_list_of_what_is_built_are_toilet_works() -> None:
    built = project("太湖文化艺术中心建设工程", "广场东侧设独立式公共厕所1座（含第三卫生间），24小时开放。")
    assert "PUBLIC_TOILETS" in chosen(built, "water.toilet_works")


def test_services_kept_as_they_are_or_not_built_are_no_new_service() -> None:
    kept = drafted(
        "苏州市历史文化名镇名村保护条例（草案）",
        "第一条　为了加强历史文化名镇名村的保护，根据有关法律、行政法规，结合本市实际，制定本条例。",
        "第三十条　核心保护范围内现有的社区卫生服务、养老服务、农贸市场、学校等公共服务设施，应当予以保留。",
    )
    assert answer(kept, "services.elder_care") != "YES"
    not_built = drafted(
        *POLICY,
        "一、结合社区居家养老服务的日常活动，嵌入心理健康宣传，本方案不另行新建社区服务设施。",
    )
    assert answer(not_built, "services.elder_care") != "YES"


def test_a_nursing_room_in_a_station_is_no_maternal_health_service() -> None:
    station = drafted(*POLICY, "一、枢纽内设置无障碍通道、母婴室、爱心服务台和公共厕所。")
    assert answer(station, "services.maternal_child") != "YES"
    care = drafted(*POLICY, "一、每个街道建成1个普惠性托育中心，开展婴幼儿照护服务。")
    assert answer(care, "services.maternal_child") == "YES"
