"""Invented demo data for the ``load_demo`` command.

Everything here is made up for demonstration: company names, addresses, phone
numbers, people and biographies are fictional (any resemblance to a real
company is unintended). Industrial belts and place names follow public press
reports on Yueyang's cross-border e-commerce belts. The module holds plain Python
literals only, so the demo loader can pick from it deterministically.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------
# Industries (产业带 and service sectors)
# ---------------------------------------------------------------------------

INDUSTRIES = [
    {"slug": "ceramics", "name": "陶瓷", "name_en": "Ceramics"},
    {"slug": "fishing-tackle", "name": "钓具与浮标", "name_en": "Fishing tackle and floats"},
    {"slug": "tea", "name": "茶叶", "name_en": "Tea"},
    {"slug": "food", "name": "休闲食品", "name_en": "Snacks and packaged food"},
    {"slug": "luggage", "name": "箱包", "name_en": "Luggage and bags"},
    {"slug": "electronics", "name": "消费电子", "name_en": "Consumer electronics"},
    {"slug": "smart-home", "name": "智能家居", "name_en": "Smart home"},
    {"slug": "fireworks", "name": "烟花爆竹", "name_en": "Fireworks"},
    {"slug": "glass", "name": "玻璃制品", "name_en": "Glassware"},
    {"slug": "polymer-materials", "name": "高分子材料", "name_en": "Polymer materials"},
    {"slug": "agri-products", "name": "特色农产品", "name_en": "Agricultural products"},
    {"slug": "logistics", "name": "物流与海外仓", "name_en": "Logistics and overseas warehousing"},
    {
        "slug": "ecommerce-services",
        "name": "跨境电商服务",
        "name_en": "Cross-border e-commerce services",
    },
]

# ---------------------------------------------------------------------------
# Export markets (ISO 3166-1 alpha-2)
# ---------------------------------------------------------------------------

MARKETS = [
    {"code": "US", "name": "美国", "name_en": "United States"},
    {"code": "GB", "name": "英国", "name_en": "United Kingdom"},
    {"code": "DE", "name": "德国", "name_en": "Germany"},
    {"code": "FR", "name": "法国", "name_en": "France"},
    {"code": "IT", "name": "意大利", "name_en": "Italy"},
    {"code": "ES", "name": "西班牙", "name_en": "Spain"},
    {"code": "NL", "name": "荷兰", "name_en": "Netherlands"},
    {"code": "PL", "name": "波兰", "name_en": "Poland"},
    {"code": "JP", "name": "日本", "name_en": "Japan"},
    {"code": "KR", "name": "韩国", "name_en": "South Korea"},
    {"code": "AU", "name": "澳大利亚", "name_en": "Australia"},
    {"code": "CA", "name": "加拿大", "name_en": "Canada"},
    {"code": "MX", "name": "墨西哥", "name_en": "Mexico"},
    {"code": "BR", "name": "巴西", "name_en": "Brazil"},
    {"code": "CL", "name": "智利", "name_en": "Chile"},
    {"code": "RU", "name": "俄罗斯", "name_en": "Russia"},
    {"code": "KZ", "name": "哈萨克斯坦", "name_en": "Kazakhstan"},
    {"code": "UZ", "name": "乌兹别克斯坦", "name_en": "Uzbekistan"},
    {"code": "TR", "name": "土耳其", "name_en": "Türkiye"},
    {"code": "SA", "name": "沙特阿拉伯", "name_en": "Saudi Arabia"},
    {"code": "AE", "name": "阿联酋", "name_en": "United Arab Emirates"},
    {"code": "EG", "name": "埃及", "name_en": "Egypt"},
    {"code": "NG", "name": "尼日利亚", "name_en": "Nigeria"},
    {"code": "ZA", "name": "南非", "name_en": "South Africa"},
    {"code": "TH", "name": "泰国", "name_en": "Thailand"},
    {"code": "VN", "name": "越南", "name_en": "Vietnam"},
    {"code": "MY", "name": "马来西亚", "name_en": "Malaysia"},
    {"code": "ID", "name": "印度尼西亚", "name_en": "Indonesia"},
    {"code": "PH", "name": "菲律宾", "name_en": "Philippines"},
    {"code": "SG", "name": "新加坡", "name_en": "Singapore"},
    {"code": "IN", "name": "印度", "name_en": "India"},
]

# ---------------------------------------------------------------------------
# Sales platforms
# ---------------------------------------------------------------------------

PLATFORMS = [
    {"slug": "amazon", "name": "亚马逊", "name_en": "Amazon"},
    {"slug": "tiktok-shop", "name": "TikTok Shop", "name_en": "TikTok Shop"},
    {"slug": "alibaba", "name": "阿里巴巴国际站", "name_en": "Alibaba.com"},
    {"slug": "aliexpress", "name": "速卖通", "name_en": "AliExpress"},
    {"slug": "shopee", "name": "虾皮", "name_en": "Shopee"},
    {"slug": "temu", "name": "Temu", "name_en": "Temu"},
    {"slug": "shein", "name": "SHEIN", "name_en": "SHEIN"},
    {"slug": "lazada", "name": "来赞达", "name_en": "Lazada"},
    {"slug": "ebay", "name": "易贝", "name_en": "eBay"},
    {"slug": "walmart", "name": "沃尔玛", "name_en": "Walmart"},
    {"slug": "ozon", "name": "Ozon", "name_en": "Ozon"},
    {"slug": "mercado-libre", "name": "美客多", "name_en": "Mercado Libre"},
    {"slug": "own-site", "name": "独立站", "name_en": "Own online store"},
]

# ---------------------------------------------------------------------------
# Secretariats (秘书处), one per city, in the association's order
# ---------------------------------------------------------------------------

SECRETARIATS = [
    {
        "slug": "shenzhen",
        "city": "深圳",
        "city_en": "Shenzhen",
        "title": "深圳秘书处",
        "title_en": "Shenzhen Secretariat",
        "address": "深圳市南山区粤海街道科苑南路88号湘商大厦12楼",
        "address_en": (
            "12/F, Xiangshang Building, 88 Keyuan South Road, Yuehai Subdistrict, "
            "Nanshan District, Shenzhen"
        ),
        "phone": "0755-86217430",
        "email": "shenzhen@example.com",
        "intro": (
            "联系在深圳做跨境电商的岳阳籍卖家和运营团队，牵线大卖家资源；"
            "同时动员有意返乡的会员，把团队和工厂搬回岳阳发展。"
        ),
        "intro_en": (
            "Keeps in touch with Yueyang sellers and operations teams working in Shenzhen, "
            "connects them with large sellers, and encourages members who are ready to "
            "move their teams and factories back to Yueyang."
        ),
    },
    {
        "slug": "guangzhou",
        "city": "广州",
        "city_en": "Guangzhou",
        "title": "广州秘书处",
        "title_en": "Guangzhou Secretariat",
        "address": "广州市天河区天河北路233号湖湘商务中心1506室",
        "address_en": (
            "Room 1506, Huxiang Business Centre, 233 Tianhe North Road, Tianhe District, Guangzhou"
        ),
        "phone": "020-38825716",
        "email": "guangzhou@example.com",
        "intro": (
            "服务在广州经营外贸和供应链的湘籍企业，组织会员逛展会、走市场，"
            "并为考虑回岳阳设厂的企业对接用地和政策。"
        ),
        "intro_en": (
            "Serves Hunan-born trading and supply chain firms in Guangzhou, takes members "
            "to trade fairs and wholesale markets, and helps those weighing a new plant in "
            "Yueyang with land and policy contacts."
        ),
    },
    {
        "slug": "dongguan",
        "city": "东莞",
        "city_en": "Dongguan",
        "title": "东莞秘书处",
        "title_en": "Dongguan Secretariat",
        "address": "东莞市南城街道鸿福路106号岳商会馆8楼",
        "address_en": "8/F, Yueshang Hall, 106 Hongfu Road, Nancheng Subdistrict, Dongguan",
        "phone": "0769-22836158",
        "email": "dongguan@example.com",
        "intro": (
            "面向在东莞从事电子、箱包和家居制造的会员，帮助梳理产能转移计划，"
            "让返乡建厂的企业少走弯路。"
        ),
        "intro_en": (
            "Works with members who manufacture electronics, bags and homeware in Dongguan, "
            "helping them plan capacity moves so that factories coming home to Yueyang "
            "avoid costly detours."
        ),
    },
    {
        "slug": "foshan",
        "city": "佛山",
        "city_en": "Foshan",
        "title": "佛山秘书处",
        "title_en": "Foshan Secretariat",
        "address": "佛山市南海区桂城街道南海大道北75号湘佛大厦9楼",
        "address_en": (
            "9/F, Xiangfo Building, 75 Nanhai Avenue North, Guicheng Subdistrict, "
            "Nanhai District, Foshan"
        ),
        "phone": "0757-86392047",
        "email": "foshan@example.com",
        "intro": (
            "联络佛山家电、家居和陶瓷行业的会员，组织工厂互访，"
            "协助有意愿的企业把生产线和运营团队迁回岳阳。"
        ),
        "intro_en": (
            "Links members in Foshan's appliance, furniture and ceramics trades, arranges "
            "factory visits, and supports companies that want to move production lines "
            "and operations teams back to Yueyang."
        ),
    },
    {
        "slug": "shanghai",
        "city": "上海",
        "city_en": "Shanghai",
        "title": "上海秘书处",
        "title_en": "Shanghai Secretariat",
        "address": "上海市长宁区仙霞路318号湘申大厦2103室",
        "address_en": "Room 2103, Xiangshen Tower, 318 Xianxia Road, Changning District, Shanghai",
        "phone": "021-62758193",
        "email": "shanghai@example.com",
        "intro": (
            "对接上海的品牌咨询、投融资和涉外法律资源，"
            "为准备做品牌出海的会员引荐投资机构和合规顾问。"
        ),
        "intro_en": (
            "Draws on Shanghai's brand consultancies, investors and international law firms, "
            "introducing members who are building global brands to funders and compliance "
            "advisers."
        ),
    },
    {
        "slug": "hangzhou",
        "city": "杭州",
        "city_en": "Hangzhou",
        "title": "杭州秘书处",
        "title_en": "Hangzhou Secretariat",
        "address": "杭州市滨江区江南大道588号跨境电商园B座7楼",
        "address_en": (
            "7/F, Block B, Cross-border E-commerce Park, 588 Jiangnan Avenue, "
            "Binjiang District, Hangzhou"
        ),
        "phone": "0571-87653920",
        "email": "hangzhou@example.com",
        "intro": (
            "借助杭州的平台和直播电商氛围，带会员学习独立站、直播和数据化运营，并联系平台招商团队。"
        ),
        "intro_en": (
            "Uses Hangzhou's platform and livestreaming scene to teach members about own "
            "web stores, live selling and data-driven operations, and puts them in touch "
            "with platform recruitment teams."
        ),
    },
    {
        "slug": "changsha",
        "city": "长沙",
        "city_en": "Changsha",
        "title": "长沙秘书处",
        "title_en": "Changsha Secretariat",
        "address": "长沙市岳麓区麓谷大道627号湘江跨境服务中心5楼",
        "address_en": (
            "5/F, Xiangjiang Cross-border Service Centre, 627 Lugu Avenue, Yuelu District, Changsha"
        ),
        "phone": "0731-88914265",
        "email": "changsha@example.com",
        "intro": (
            "与省级主管部门和高校保持沟通，帮会员申报扶持政策、招聘人才，并承担成长营的部分课程。"
        ),
        "intro_en": (
            "Stays in contact with provincial authorities and universities, helps members "
            "apply for support schemes and recruit staff, and hosts part of the growth "
            "camp's coursework."
        ),
    },
    {
        "slug": "yueyang",
        "city": "岳阳",
        "city_en": "Yueyang",
        "title": "岳阳秘书处",
        "title_en": "Yueyang Secretariat",
        "address": "岳阳市岳阳楼区南湖大道216号跨境电商服务中心3楼",
        "address_en": (
            "3/F, Cross-border E-commerce Service Centre, 216 Nanhu Avenue, "
            "Yueyanglou District, Yueyang"
        ),
        "phone": "0730-8261547",
        "email": "yueyang@example.com",
        "intro": (
            "协会总部所在地，负责会员入会、年度产业大会、成长营和各专业委员会的日常协调，"
            "也是返乡企业落地的第一站。"
        ),
        "intro_en": (
            "The association's home base: it handles membership, the annual industry "
            "conference, the growth camp and day-to-day work of the committees, and is "
            "the first stop for companies returning home."
        ),
    },
]

# ---------------------------------------------------------------------------
# Professional committees (专业委员会)
# ---------------------------------------------------------------------------

COMMITTEES = [
    {
        "slug": "brand",
        "title": "品牌出海专业委员会",
        "title_en": "Brand Globalisation Committee",
        "remit": (
            "帮助会员从贴牌代工走向自有品牌，交流商标布局、包装设计和海外社媒推广经验。"
            "定期邀请品牌顾问点评会员产品，组织产业带联合品牌推介。"
        ),
        "remit_en": (
            "Helps members move from contract manufacturing to brands of their own, sharing "
            "experience with trademarks, packaging and overseas social media. Brand advisers "
            "review members' products regularly, and the committee runs joint showcases for "
            "each industrial belt."
        ),
        "industries": [
            "ceramics",
            "tea",
            "food",
            "fishing-tackle",
            "electronics",
            "smart-home",
            "luggage",
        ],
    },
    {
        "slug": "operations",
        "title": "店铺运营专业委员会",
        "title_en": "Store Operations Committee",
        "remit": (
            "围绕亚马逊、TikTok Shop、速卖通等平台，交流选品、广告投放和直播带货的实操方法。"
            "通过案例复盘帮助新入场的工厂少踩坑。"
        ),
        "remit_en": (
            "Swaps hands-on know-how for Amazon, TikTok Shop, AliExpress and other "
            "platforms: product selection, advertising and live selling. Case reviews help "
            "factories that are new to online retail avoid common mistakes."
        ),
        "industries": [
            "ecommerce-services",
            "electronics",
            "smart-home",
            "luggage",
            "fishing-tackle",
            "food",
        ],
    },
    {
        "slug": "logistics",
        "title": "跨境物流专业委员会",
        "title_en": "Cross-border Logistics Committee",
        "remit": (
            "整合海运、空运、中欧班列和城陵矶港的运力资源，为会员争取更稳定的舱位和运价。"
            "对带电产品、烟花等特殊货物提供合规运输指引。"
        ),
        "remit_en": (
            "Pools ocean, air, China-Europe rail and Chenglingji port capacity so that "
            "members get steadier space and rates. Gives compliant shipping guidance for "
            "special cargo such as battery-powered goods and fireworks."
        ),
        "industries": ["logistics", "fishing-tackle", "electronics", "fireworks", "food"],
    },
    {
        "slug": "overseas-warehousing",
        "title": "海外仓专业委员会",
        "title_en": "Overseas Warehousing Committee",
        "remit": (
            "推动会员共建共享海外仓，交流备货、一件代发和退货处理的经验。"
            "跟踪海外仓快速审批等政策，协助企业完成申报。"
        ),
        "remit_en": (
            "Encourages members to build and share overseas warehouses and compares notes "
            "on stocking, single-order fulfilment and returns. Tracks policies such as fast "
            "approval of overseas warehouses and helps companies file for them."
        ),
        "industries": ["logistics", "smart-home", "electronics", "luggage", "ceramics"],
    },
    {
        "slug": "finance",
        "title": "跨境金融专业委员会",
        "title_en": "Cross-border Finance Committee",
        "remit": (
            "为会员对接跨境收款、结汇和供应链融资服务，讲解汇率避险的基本做法。"
            "协助成长型企业与银行、投资机构建立联系。"
        ),
        "remit_en": (
            "Connects members with cross-border payment collection, currency settlement "
            "and supply chain finance, and explains basic currency hedging. Introduces "
            "growing companies to banks and investors."
        ),
        "industries": ["ecommerce-services", "logistics"],
    },
    {
        "slug": "tax",
        "title": "财税合规专业委员会",
        "title_en": "Tax Compliance Committee",
        "remit": (
            "解读出口退税线上申报、小规模跨境卖家简易征收等政策，"
            "帮助会员理顺国内外账务。同时跟进欧洲增值税等海外税务要求。"
        ),
        "remit_en": (
            "Explains online export tax rebate filing, simplified income tax for small "
            "cross-border sellers and related rules, helping members keep their books in "
            "order at home and abroad. Also follows overseas requirements such as European "
            "VAT."
        ),
        "industries": ["ecommerce-services"],
    },
    {
        "slug": "legal",
        "title": "法律与知识产权专业委员会",
        "title_en": "Legal and Intellectual Property Committee",
        "remit": (
            "为会员提供商标注册、专利检索和侵权应诉方面的咨询，"
            "协助处理平台封店、账户冻结等纠纷，并定期举办合规讲座。"
        ),
        "remit_en": (
            "Advises members on trademark registration, patent searches and infringement "
            "claims, helps with disputes such as store suspensions and frozen accounts, and "
            "holds regular compliance talks."
        ),
        "industries": ["ecommerce-services"],
    },
    {
        "slug": "supply-chain",
        "title": "供应链专业委员会",
        "title_en": "Supply Chain Committee",
        "remit": (
            "把本地工厂和跨境卖家连接起来，推动小单快反、柔性生产和集中采购。"
            "组织会员互访工厂，促成产业带内部的配套合作。"
        ),
        "remit_en": (
            "Connects local factories with cross-border sellers and promotes small-batch, "
            "quick-turnaround production and joint purchasing. Organises factory visits "
            "between members and brokers partnerships within each industrial belt."
        ),
        "industries": [
            "ceramics",
            "glass",
            "polymer-materials",
            "fireworks",
            "fishing-tackle",
            "food",
            "agri-products",
            "logistics",
        ],
    },
    {
        "slug": "data",
        "title": "数据与数字化专业委员会",
        "title_en": "Data and Digitalisation Committee",
        "remit": (
            "分享选品分析、广告数据和ERP系统的使用经验，帮助会员用数据做决策。"
            "定期发布本地产业带的出口数据简报。"
        ),
        "remit_en": (
            "Shares experience with product research, advertising data and ERP systems so "
            "that members can make decisions based on data. Publishes regular export "
            "briefings for the local industrial belts."
        ),
        "industries": ["ecommerce-services", "electronics", "smart-home"],
    },
    {
        "slug": "training",
        "title": "人才培训专业委员会",
        "title_en": "Talent and Training Committee",
        "remit": (
            "负责跨境创二代成长营的课程设计和导师安排，联合高校开展运营、直播和外语培训。"
            "帮助会员企业招到、留住年轻人才。"
        ),
        "remit_en": (
            "Designs the courses and assigns the mentors for the second-generation growth "
            "camp, and runs operations, livestreaming and language training with local "
            "universities. Helps member companies hire and keep young talent."
        ),
        "industries": ["ecommerce-services", "tea", "agri-products", "food"],
    },
]

# ---------------------------------------------------------------------------
# Where member companies are registered; weight = relative frequency
# ---------------------------------------------------------------------------

CITIES = [
    {"name": "岳阳楼区", "name_en": "Yueyanglou District", "weight": 12},
    {"name": "云溪区", "name_en": "Yunxi District", "weight": 4},
    {"name": "君山区", "name_en": "Junshan District", "weight": 5},
    {"name": "岳阳县", "name_en": "Yueyang County", "weight": 6},
    {"name": "华容县", "name_en": "Huarong County", "weight": 5},
    {"name": "湘阴县", "name_en": "Xiangyin County", "weight": 6},
    {"name": "平江县", "name_en": "Pingjiang County", "weight": 8},
    {"name": "汨罗市", "name_en": "Miluo", "weight": 8},
    {"name": "临湘市", "name_en": "Linxiang", "weight": 7},
    {"name": "醴陵市", "name_en": "Liling", "weight": 4},
    {"name": "株洲", "name_en": "Zhuzhou", "weight": 2},
    {"name": "攸县", "name_en": "Youxian County", "weight": 1},
    {"name": "茶陵县", "name_en": "Chaling County", "weight": 1},
    {"name": "炎陵县", "name_en": "Yanling County", "weight": 1},
    {"name": "长沙", "name_en": "Changsha", "weight": 4},
    {"name": "深圳", "name_en": "Shenzhen", "weight": 4},
    {"name": "广州", "name_en": "Guangzhou", "weight": 3},
    {"name": "东莞", "name_en": "Dongguan", "weight": 3},
    {"name": "佛山", "name_en": "Foshan", "weight": 2},
    {"name": "上海", "name_en": "Shanghai", "weight": 2},
    {"name": "杭州", "name_en": "Hangzhou", "weight": 2},
    {"name": "义乌", "name_en": "Yiwu", "weight": 2},
]

# ---------------------------------------------------------------------------
# Invented company names per industry: (zh, en)
# ---------------------------------------------------------------------------

ORGANISATION_NAMES = {
    "ceramics": [
        ("醴陵朝瓷日用陶瓷有限公司", "Liling Chaoci Household Ceramics Co., Ltd."),
        ("醴陵釉下五彩瓷业有限公司", "Liling Underglaze Polychrome Porcelain Co., Ltd."),
        ("醴陵窑火礼品瓷有限公司", "Liling Yaohuo Gift Porcelain Co., Ltd."),
        ("醴陵瓷谷酒瓶有限公司", "Liling Cigu Wine Bottle Co., Ltd."),
        ("醴陵恒安电瓷电器有限公司", "Liling Heng'an Electrical Porcelain Co., Ltd."),
        ("醴陵渌江陶瓷有限公司", "Liling Lujiang Ceramics Co., Ltd."),
        ("醴陵青岚餐具有限公司", "Liling Qinglan Tableware Co., Ltd."),
        ("醴陵三代窑陶瓷科技有限公司", "Liling Sandaiyao Ceramic Technology Co., Ltd."),
        ("株洲晨釉陶瓷有限公司", "Zhuzhou Chenyou Ceramics Co., Ltd."),
        ("醴陵瓷源生物质窑炉科技有限公司", "Liling Ciyuan Biomass Kiln Technology Co., Ltd."),
        ("醴陵白鹭湾瓷业有限公司", "Liling Bailuwan Porcelain Co., Ltd."),
        ("醴陵景和茶器有限公司", "Liling Jinghe Teaware Co., Ltd."),
        ("岳阳洞庭窑陶艺有限公司", "Yueyang Dongtingyao Pottery Co., Ltd."),
        ("醴陵瑞丰绝缘子有限公司", "Liling Ruifeng Insulator Co., Ltd."),
        ("醴陵湘瓷国际贸易有限公司", "Liling Xiangci International Trading Co., Ltd."),
    ],
    "fishing-tackle": [
        ("汨罗屈子钓具有限公司", "Miluo Quzi Fishing Tackle Co., Ltd."),
        ("汨罗江畔渔具有限公司", "Miluo Jiangpan Fishing Gear Co., Ltd."),
        ("汨罗碳韵钓竿有限公司", "Miluo Tanyun Fishing Rod Co., Ltd."),
        ("汨罗龙舟渔具科技有限公司", "Miluo Longzhou Fishing Gear Technology Co., Ltd."),
        ("汨罗长乐钓具有限公司", "Miluo Changle Fishing Tackle Co., Ltd."),
        ("汨罗新市渔线有限公司", "Miluo Xinshi Fishing Line Co., Ltd."),
        ("汨罗远航钓箱有限公司", "Miluo Yuanhang Tackle Box Co., Ltd."),
        ("汨罗金钩钓具有限公司", "Miluo Jingou Fishing Tackle Co., Ltd."),
        ("汨罗路亚饵料有限公司", "Miluo Luya Lure Co., Ltd."),
        ("临湘漂星浮标有限公司", "Linxiang Piaoxing Fishing Float Co., Ltd."),
        ("临湘芦苇浮漂有限公司", "Linxiang Luwei Float Co., Ltd."),
        ("临湘黄盖湖浮标有限公司", "Linxiang Huanggaihu Float Co., Ltd."),
        ("临湘孔雀羽浮漂工艺有限公司", "Linxiang Peacock Quill Float Crafts Co., Ltd."),
        ("临湘夜光漂科技有限公司", "Linxiang Glow Float Technology Co., Ltd."),
        ("临湘长安渔具有限公司", "Linxiang Chang'an Fishing Gear Co., Ltd."),
        ("岳阳湖钓户外用品有限公司", "Yueyang Hudiao Outdoor Products Co., Ltd."),
        ("湘阴鹤龙湖渔具有限公司", "Xiangyin Helonghu Fishing Gear Co., Ltd."),
        ("华容钓友户外用品有限公司", "Huarong Diaoyou Outdoor Products Co., Ltd."),
    ],
    "tea": [
        ("岳阳君山银针茶业有限公司", "Yueyang Junshan Yinzhen Tea Co., Ltd."),
        ("君山岛黄茶有限公司", "Junshan Island Yellow Tea Co., Ltd."),
        ("岳阳洞庭春茶业有限公司", "Yueyang Dongtingchun Tea Co., Ltd."),
        ("岳阳北港毛尖茶业有限公司", "Yueyang Beigang Maojian Tea Co., Ltd."),
        ("岳阳巴陵黄茶出口有限公司", "Yueyang Baling Yellow Tea Export Co., Ltd."),
        ("岳阳鹿角茶园有限公司", "Yueyang Lujiao Tea Garden Co., Ltd."),
        ("平江幕阜山茶业有限公司", "Pingjiang Mufushan Tea Co., Ltd."),
        ("平江连云山生态茶业有限公司", "Pingjiang Lianyunshan Eco Tea Co., Ltd."),
        ("临湘药姑山茶业有限公司", "Linxiang Yaogushan Tea Co., Ltd."),
        ("临湘青砖茶厂有限公司", "Linxiang Qingzhuan Brick Tea Co., Ltd."),
        ("临湘羊楼司茶业有限公司", "Linxiang Yanglousi Tea Co., Ltd."),
        ("湘阴洋沙湖茶业有限公司", "Xiangyin Yangshahu Tea Co., Ltd."),
        ("岳阳县筻口茶业有限公司", "Yueyang County Gangkou Tea Co., Ltd."),
        ("华容团湖茶业有限公司", "Huarong Tuanhu Tea Co., Ltd."),
        ("汨罗玉池山茶业有限公司", "Miluo Yuchishan Tea Co., Ltd."),
        ("茶陵云阳山茶业有限公司", "Chaling Yunyangshan Tea Co., Ltd."),
        ("茶陵湘赣边茶叶有限公司", "Chaling Xiangganbian Tea Co., Ltd."),
        ("长沙湘茶出海贸易有限公司", "Changsha Xiangcha Global Trading Co., Ltd."),
    ],
    "food": [
        ("平江香辣坊食品有限公司", "Pingjiang Xianglafang Food Co., Ltd."),
        ("平江辣味江湖食品有限公司", "Pingjiang Laweijianghu Food Co., Ltd."),
        ("平江面筋小镇食品有限公司", "Pingjiang Mianjin Town Food Co., Ltd."),
        ("平江汨水食品有限公司", "Pingjiang Mishui Food Co., Ltd."),
        ("平江乡味辣条食品有限公司", "Pingjiang Xiangwei Spicy Strips Co., Ltd."),
        ("平江童年味道食品有限公司", "Pingjiang Tongnian Weidao Food Co., Ltd."),
        ("平江天岳休闲食品有限公司", "Pingjiang Tianyue Snack Food Co., Ltd."),
        ("岳阳洞庭鱼味食品有限公司", "Yueyang Dongting Yuwei Food Co., Ltd."),
        ("岳阳巴陵米粉食品有限公司", "Yueyang Baling Rice Noodle Co., Ltd."),
        ("岳阳县麻塘食品有限公司", "Yueyang County Matang Food Co., Ltd."),
        ("华容芥菜食品有限公司", "Huarong Mustard Greens Food Co., Ltd."),
        ("华容团洲酱菜食品有限公司", "Huarong Tuanzhou Pickles Co., Ltd."),
        ("攸县香干食品有限公司", "Youxian Dried Tofu Food Co., Ltd."),
        ("攸县网岭豆制品有限公司", "Youxian Wangling Soy Products Co., Ltd."),
        ("湘阴樟树港辣椒食品有限公司", "Xiangyin Zhangshugang Chili Food Co., Ltd."),
        ("汨罗粽香食品有限公司", "Miluo Zongxiang Food Co., Ltd."),
        ("临湘酱香食品有限公司", "Linxiang Jiangxiang Food Co., Ltd."),
        ("长沙湘味出海食品有限公司", "Changsha Xiangwei Chuhai Food Co., Ltd."),
    ],
    "luggage": [
        ("岳阳远行箱包有限公司", "Yueyang Yuanxing Luggage Co., Ltd."),
        ("平江旅人箱包有限公司", "Pingjiang Lüren Bags Co., Ltd."),
        ("湘阴轻途箱包制品有限公司", "Xiangyin Qingtu Bag Products Co., Ltd."),
        ("汨罗行者背包有限公司", "Miluo Xingzhe Backpack Co., Ltd."),
        ("东莞湘岳箱包有限公司", "Dongguan Xiangyue Luggage Co., Ltd."),
        ("广州白云湘商皮具有限公司", "Guangzhou Baiyun Xiangshang Leather Goods Co., Ltd."),
        ("义乌洞庭箱包贸易有限公司", "Yiwu Dongting Bags Trading Co., Ltd."),
        ("临湘城南箱包有限公司", "Linxiang Chengnan Luggage Co., Ltd."),
        ("岳阳县拉杆箱制造有限公司", "Yueyang County Trolley Case Manufacturing Co., Ltd."),
        ("华容织梦手袋有限公司", "Huarong Zhimeng Handbag Co., Ltd."),
    ],
    "electronics": [
        ("岳阳巴陵电子科技有限公司", "Yueyang Baling Electronic Technology Co., Ltd."),
        ("岳阳湖光数码科技有限公司", "Yueyang Huguang Digital Technology Co., Ltd."),
        ("岳阳云溪储能电源有限公司", "Yueyang Yunxi Energy Storage Co., Ltd."),
        ("岳阳通联线材有限公司", "Yueyang Tonglian Cable Co., Ltd."),
        ("岳阳城陵矶电子贸易有限公司", "Yueyang Chenglingji Electronics Trading Co., Ltd."),
        ("汨罗光点电子有限公司", "Miluo Guangdian Electronics Co., Ltd."),
        ("临湘快充电子科技有限公司", "Linxiang Kuaichong Electronic Technology Co., Ltd."),
        ("湘阴听潮耳机有限公司", "Xiangyin Tingchao Earphone Co., Ltd."),
        ("平江星辰电子有限公司", "Pingjiang Xingchen Electronics Co., Ltd."),
        ("华容明亮照明电器有限公司", "Huarong Mingliang Lighting Co., Ltd."),
        ("深圳湘岳电子有限公司", "Shenzhen Xiangyue Electronics Co., Ltd."),
        ("深圳洞庭声学科技有限公司", "Shenzhen Dongting Acoustics Technology Co., Ltd."),
        ("深圳芯湘源电子科技有限公司", "Shenzhen Xinxiangyuan Electronic Technology Co., Ltd."),
        ("深圳南湖移动电源有限公司", "Shenzhen Nanhu Power Bank Co., Ltd."),
        ("东莞岳华电子有限公司", "Dongguan Yuehua Electronics Co., Ltd."),
        ("东莞洞庭电声有限公司", "Dongguan Dongting Electroacoustic Co., Ltd."),
        ("广州湘芯智能电子有限公司", "Guangzhou Xiangxin Smart Electronics Co., Ltd."),
        ("长沙麓谷光电科技有限公司", "Changsha Lugu Optoelectronics Co., Ltd."),
    ],
    "smart-home": [
        ("岳阳智湖家居科技有限公司", "Yueyang Zhihu Home Technology Co., Ltd."),
        ("岳阳安居智能门锁有限公司", "Yueyang Anju Smart Lock Co., Ltd."),
        ("岳阳宠趣智能用品有限公司", "Yueyang Chongqu Smart Pet Products Co., Ltd."),
        ("岳阳县暖居电器有限公司", "Yueyang County Nuanju Electric Appliance Co., Ltd."),
        ("汨罗净界空气净化科技有限公司", "Miluo Jingjie Air Purification Technology Co., Ltd."),
        ("湘阴智扫机器人有限公司", "Xiangyin Zhisao Robotics Co., Ltd."),
        ("临湘光影智能照明有限公司", "Linxiang Guangying Smart Lighting Co., Ltd."),
        ("深圳巴陵智能家居有限公司", "Shenzhen Baling Smart Home Co., Ltd."),
        ("东莞湘居智能科技有限公司", "Dongguan Xiangju Smart Technology Co., Ltd."),
        ("佛山岳美家电有限公司", "Foshan Yuemei Home Appliance Co., Ltd."),
        ("佛山顺湘小家电有限公司", "Foshan Shunxiang Small Appliances Co., Ltd."),
        ("杭州洞庭智联科技有限公司", "Hangzhou Dongting Zhilian Technology Co., Ltd."),
    ],
    "fireworks": [
        ("醴陵星火烟花有限公司", "Liling Xinghuo Fireworks Co., Ltd."),
        ("醴陵彩云烟花爆竹有限公司", "Liling Caiyun Fireworks and Firecrackers Co., Ltd."),
        ("醴陵节庆焰火制造有限公司", "Liling Jieqing Pyrotechnics Manufacturing Co., Ltd."),
        ("醴陵花炮出口贸易有限公司", "Liling Huapao Export Trading Co., Ltd."),
        ("醴陵夜空礼花有限公司", "Liling Yekong Display Shells Co., Ltd."),
        ("平江喜庆烟花有限公司", "Pingjiang Xiqing Fireworks Co., Ltd."),
    ],
    "glass": [
        ("醴陵晶瑞玻璃制品有限公司", "Liling Jingrui Glass Products Co., Ltd."),
        ("醴陵清透玻璃器皿有限公司", "Liling Qingtou Glassware Co., Ltd."),
        ("醴陵琉光玻璃瓶有限公司", "Liling Liuguang Glass Bottle Co., Ltd."),
        ("醴陵玉壶玻璃有限公司", "Liling Yuhu Glass Co., Ltd."),
        ("株洲湘晶玻璃科技有限公司", "Zhuzhou Xiangjing Glass Technology Co., Ltd."),
        ("岳阳澄湖玻璃工艺品有限公司", "Yueyang Chenghu Glass Crafts Co., Ltd."),
    ],
    "polymer-materials": [
        ("攸县恒聚高分子材料有限公司", "Youxian Hengju Polymer Materials Co., Ltd."),
        ("攸县湘聚塑胶有限公司", "Youxian Xiangju Plastics Co., Ltd."),
        ("攸县绿源可降解材料有限公司", "Youxian Lüyuan Biodegradable Materials Co., Ltd."),
        ("株洲柔韧硅胶制品有限公司", "Zhuzhou Rouren Silicone Products Co., Ltd."),
        ("岳阳云溪新材料科技有限公司", "Yueyang Yunxi New Materials Technology Co., Ltd."),
        ("岳阳松阳湖改性塑料有限公司", "Yueyang Songyanghu Modified Plastics Co., Ltd."),
    ],
    "agri-products": [
        ("炎陵黄桃产业有限公司", "Yanling Yellow Peach Industry Co., Ltd."),
        ("炎陵神农谷黄桃有限公司", "Yanling Shennonggu Yellow Peach Co., Ltd."),
        ("攀枝花阳光芒果有限公司", "Panzhihua Yangguang Mango Co., Ltd."),
        ("攀枝花金沙江芒果产业有限公司", "Panzhihua Jinshajiang Mango Industry Co., Ltd."),
        ("华容团湖莲业有限公司", "Huarong Tuanhu Lotus Co., Ltd."),
        ("岳阳东洞庭水产有限公司", "Yueyang East Dongting Aquatic Products Co., Ltd."),
        ("君山芦笋农业有限公司", "Junshan Asparagus Agriculture Co., Ltd."),
        ("湘阴藠头农产品有限公司", "Xiangyin Jiaotou Shallot Products Co., Ltd."),
        ("平江山茶油有限公司", "Pingjiang Camellia Oil Co., Ltd."),
        ("临湘竹笋农业开发有限公司", "Linxiang Bamboo Shoot Agricultural Development Co., Ltd."),
        ("茶陵大蒜农产品有限公司", "Chaling Garlic Agricultural Products Co., Ltd."),
        ("岳阳县新墙河柑橘有限公司", "Yueyang County Xinqianghe Citrus Co., Ltd."),
    ],
    "logistics": [
        ("岳阳城陵矶港通供应链有限公司", "Yueyang Chenglingji Gangtong Supply Chain Co., Ltd."),
        ("岳阳江湖联运物流有限公司", "Yueyang Jianghu Intermodal Logistics Co., Ltd."),
        ("岳阳湘欧班列货运代理有限公司", "Yueyang Xiang-Ou Rail Freight Forwarding Co., Ltd."),
        ("岳阳远洋海外仓管理有限公司", "Yueyang Yuanyang Overseas Warehouse Management Co., Ltd."),
        ("岳阳快邮小包物流有限公司", "Yueyang Kuaiyou Parcel Logistics Co., Ltd."),
        ("岳阳中欧专线物流有限公司", "Yueyang China-Europe Express Line Logistics Co., Ltd."),
        ("岳阳危品通运输服务有限公司", "Yueyang Weipintong Dangerous Goods Transport Co., Ltd."),
        ("长沙湘港空运物流有限公司", "Changsha Xianggang Air Freight Co., Ltd."),
        (
            "深圳岳通国际货运代理有限公司",
            "Shenzhen Yuetong International Freight Forwarding Co., Ltd.",
        ),
        ("深圳前湾跨境仓储有限公司", "Shenzhen Qianwan Cross-border Warehousing Co., Ltd."),
        ("广州洞庭跨境物流有限公司", "Guangzhou Dongting Cross-border Logistics Co., Ltd."),
        ("东莞湘运海外仓有限公司", "Dongguan Xiangyun Overseas Warehouse Co., Ltd."),
        ("佛山湘粤冷链物流有限公司", "Foshan Xiangyue Cold Chain Logistics Co., Ltd."),
        ("上海巴陵供应链管理有限公司", "Shanghai Baling Supply Chain Management Co., Ltd."),
        ("杭州湘湖海外仓服务有限公司", "Hangzhou Xianghu Overseas Warehouse Services Co., Ltd."),
        ("义乌岳商国际物流有限公司", "Yiwu Yueshang International Logistics Co., Ltd."),
    ],
    "ecommerce-services": [
        ("岳阳跨境通电子商务服务有限公司", "Yueyang Kuajingtong E-commerce Services Co., Ltd."),
        ("岳阳出海帮代运营有限公司", "Yueyang Chuhaibang Store Operations Co., Ltd."),
        ("岳阳巴陵财税咨询有限公司", "Yueyang Baling Tax and Accounting Consulting Co., Ltd."),
        ("岳阳退易税务服务有限公司", "Yueyang Tuiyi Tax Services Co., Ltd."),
        ("岳阳合规通企业管理咨询有限公司", "Yueyang Heguitong Compliance Consulting Co., Ltd."),
        ("岳阳湖畔数据科技有限公司", "Yueyang Hupan Data Technology Co., Ltd."),
        ("岳阳洞庭直播电商基地有限公司", "Yueyang Dongting Livestream E-commerce Base Co., Ltd."),
        ("岳阳视觉工坊设计有限公司", "Yueyang Shijue Gongfang Design Co., Ltd."),
        ("岳阳南湖独立站科技有限公司", "Yueyang Nanhu Web Store Technology Co., Ltd."),
        ("岳阳云仓软件科技有限公司", "Yueyang Yuncang Software Technology Co., Ltd."),
        ("长沙岳麓知识产权代理有限公司", "Changsha Yuelu Intellectual Property Agency Co., Ltd."),
        (
            "长沙湘才跨境人才服务有限公司",
            "Changsha Xiangcai Cross-border Talent Services Co., Ltd.",
        ),
        ("深圳湘籍跨境品牌策划有限公司", "Shenzhen Xiangji Cross-border Brand Planning Co., Ltd."),
        ("深圳湘商跨境培训有限公司", "Shenzhen Xiangshang Cross-border Training Co., Ltd."),
        (
            "广州湘语多语种直播服务有限公司",
            "Guangzhou Xiangyu Multilingual Livestream Services Co., Ltd.",
        ),
        (
            "东莞湘企供应链金融服务有限公司",
            "Dongguan Xiangqi Supply Chain Finance Services Co., Ltd.",
        ),
        ("上海岳申商务咨询有限公司", "Shanghai Yueshen Business Consulting Co., Ltd."),
        (
            "杭州湘杭跨境支付服务有限公司",
            "Hangzhou Xianghang Cross-border Payment Services Co., Ltd.",
        ),
    ],
}

# ---------------------------------------------------------------------------
# Main products per industry: (zh, en)
# ---------------------------------------------------------------------------

PRODUCTS = {
    "ceramics": [
        ("日用瓷餐具", "household porcelain tableware"),
        ("釉下五彩礼品瓷", "underglaze polychrome gift porcelain"),
        ("陶瓷酒瓶", "ceramic liquor bottles"),
        ("电瓷绝缘子", "electrical porcelain insulators"),
        ("陶瓷茶具", "ceramic tea sets"),
        ("骨瓷马克杯", "bone china mugs"),
        ("陶瓷花瓶摆件", "ceramic vases and ornaments"),
        ("酒店用瓷", "hotel porcelain"),
    ],
    "fishing-tackle": [
        ("碳素钓竿", "carbon fishing rods"),
        ("纳米浮标", "nano fishing floats"),
        ("孔雀羽浮漂", "peacock quill floats"),
        ("夜光电子漂", "LED night floats"),
        ("渔线轮", "fishing reels"),
        ("尼龙渔线", "nylon fishing line"),
        ("路亚假饵", "fishing lures"),
        ("钓箱钓椅", "tackle boxes and fishing chairs"),
        ("鱼护抄网", "keep nets and landing nets"),
    ],
    "tea": [
        ("君山银针黄茶", "Junshan Yinzhen yellow tea"),
        ("北港毛尖", "Beigang Maojian tea"),
        ("青砖茶", "compressed brick tea"),
        ("高山绿茶", "high-mountain green tea"),
        ("工夫红茶", "Gongfu black tea"),
        ("袋泡茶", "tea bags"),
        ("茶叶礼盒", "tea gift boxes"),
        ("速溶茶粉", "instant tea powder"),
    ],
    "food": [
        ("辣条", "spicy gluten strips"),
        ("麻辣豆干", "spicy dried tofu"),
        ("攸县香干", "Youxian smoked dried tofu"),
        ("香辣小鱼干", "spicy dried fish snacks"),
        ("剁辣椒", "chopped chili sauce"),
        ("速食米粉", "instant rice noodles"),
        ("华容芥菜", "Huarong pickled mustard greens"),
        ("魔芋零食", "konjac snacks"),
        ("真空粽子", "vacuum-packed zongzi"),
    ],
    "luggage": [
        ("拉杆箱", "trolley suitcases"),
        ("双肩背包", "backpacks"),
        ("女士手袋", "handbags"),
        ("旅行收纳袋", "travel organisers"),
        ("电脑包", "laptop bags"),
        ("户外防水包", "waterproof outdoor bags"),
        ("儿童书包", "children's school bags"),
    ],
    "electronics": [
        ("蓝牙耳机", "Bluetooth earphones"),
        ("移动电源", "power banks"),
        ("户外储能电源", "portable power stations"),
        ("数据线与充电器", "cables and chargers"),
        ("蓝牙音箱", "Bluetooth speakers"),
        ("LED照明", "LED lighting"),
        ("智能手表", "smartwatches"),
        ("电脑周边", "computer accessories"),
    ],
    "smart-home": [
        ("智能门锁", "smart door locks"),
        ("扫地机器人", "robot vacuums"),
        ("空气净化器", "air purifiers"),
        ("智能插座", "smart plugs"),
        ("智能宠物喂食器", "smart pet feeders"),
        ("智能灯具", "smart lighting"),
        ("家用监控摄像头", "home security cameras"),
        ("小厨电", "small kitchen appliances"),
    ],
    "fireworks": [
        ("礼花弹", "display shells"),
        ("组合烟花", "cake fireworks"),
        ("手持烟花棒", "sparklers"),
        ("婚庆冷焰火", "cold-spark wedding fountains"),
        ("鞭炮", "firecrackers"),
        ("舞台焰火", "stage pyrotechnics"),
    ],
    "glass": [
        ("玻璃酒瓶", "glass liquor bottles"),
        ("玻璃杯具", "drinking glasses"),
        ("玻璃茶具", "glass tea sets"),
        ("香水瓶", "perfume bottles"),
        ("玻璃储物罐", "glass storage jars"),
        ("玻璃工艺品", "glass crafts"),
    ],
    "polymer-materials": [
        ("改性塑料", "modified plastics"),
        ("硅胶制品", "silicone products"),
        ("可降解包装材料", "biodegradable packaging materials"),
        ("工程塑料粒子", "engineering plastic pellets"),
        ("橡胶密封件", "rubber seals"),
        ("高分子薄膜", "polymer films"),
    ],
    "agri-products": [
        ("炎陵黄桃", "Yanling yellow peaches"),
        ("黄桃罐头", "canned yellow peaches"),
        ("攀枝花芒果", "Panzhihua mangoes"),
        ("湘莲", "Hunan lotus seeds"),
        ("湘阴藠头", "Xiangyin pickled shallots"),
        ("山茶油", "camellia oil"),
        ("紫皮大蒜", "purple-skin garlic"),
        ("冷冻竹笋", "frozen bamboo shoots"),
        ("蜜橘", "mandarin oranges"),
    ],
    "logistics": [
        ("海运整柜与拼箱", "FCL and LCL ocean freight"),
        ("中欧班列运输", "China-Europe rail freight"),
        ("跨境空运小包", "cross-border air parcels"),
        ("FBA头程", "first-leg shipping to Amazon FBA"),
        ("海外仓一件代发", "overseas warehouse fulfilment"),
        ("退货换标", "returns handling and relabelling"),
        ("报关清关", "customs declaration and clearance"),
        ("危险品运输", "dangerous goods shipping"),
    ],
    "ecommerce-services": [
        ("店铺代运营", "store management services"),
        ("出口退税申报", "export tax rebate filing"),
        ("商标与专利注册", "trademark and patent registration"),
        ("跨境收款", "cross-border payment collection"),
        ("海外增值税合规", "overseas VAT compliance"),
        ("直播带货", "livestream selling"),
        ("数据分析工具", "data analytics tools"),
        ("跨境人才培训", "cross-border talent training"),
        ("产品摄影与视觉设计", "product photography and visual design"),
        ("独立站建站", "own web store building"),
    ],
}

# ---------------------------------------------------------------------------
# People (all invented)
# ---------------------------------------------------------------------------

PEOPLE_SURNAMES = [
    "王",
    "李",
    "张",
    "刘",
    "陈",
    "杨",
    "黄",
    "赵",
    "吴",
    "周",
    "徐",
    "孙",
    "马",
    "朱",
    "胡",
    "郭",
    "何",
    "高",
    "林",
    "罗",
    "郑",
    "梁",
    "谢",
    "宋",
    "唐",
    "许",
    "韩",
    "冯",
    "邓",
    "曹",
    "彭",
    "曾",
    "肖",
    "田",
    "袁",
    "潘",
    "蒋",
    "易",
    "喻",
    "欧阳",
]

PEOPLE_GIVEN = [
    "子豪",
    "浩然",
    "宇航",
    "俊杰",
    "思远",
    "梓涵",
    "欣怡",
    "雨桐",
    "佳怡",
    "诗琪",
    "晨曦",
    "一鸣",
    "嘉豪",
    "博文",
    "天宇",
    "志强",
    "海涛",
    "建华",
    "立新",
    "国栋",
    "晓东",
    "永刚",
    "红梅",
    "丽娟",
    "春燕",
    "文杰",
    "婷婷",
    "倩",
    "敏",
    "静",
    "磊",
    "涛",
    "勇",
    "鹏",
    "丹",
    "颖",
    "琳",
    "雪",
    "帆",
    "睿",
    "可欣",
    "若曦",
    "安琪",
    "梦瑶",
    "思琪",
    "雅婷",
    "慧敏",
    "文静",
    "晓燕",
    "玉洁",
    "建军",
    "卫东",
    "志刚",
    "湘涛",
    "湘君",
    "岳峰",
    "楚昊",
    "振华",
    "家乐",
    "明轩",
    "乐怡",
    "书瑶",
    "子墨",
    "奕辰",
    "俊熙",
    "沐阳",
    "少华",
    "海燕",
    "金凤",
    "卓然",
    "晓峰",
    "佳琪",
    "昊天",
    "婉清",
    "芷晴",
    "文博",
    "国庆",
    "红霞",
    "凯",
    "蕾",
]

TITLES = [
    ("董事长", "Chairman"),
    ("总经理", "General Manager"),
    ("副总经理", "Deputy General Manager"),
    ("创始人", "Founder"),
    ("联合创始人", "Co-founder"),
    ("厂长", "Factory Director"),
    ("运营总监", "Head of Operations"),
    ("电商总监", "Head of E-commerce"),
    ("海外市场总监", "Head of Overseas Markets"),
    ("品牌经理", "Brand Manager"),
    ("外贸经理", "Foreign Trade Manager"),
    ("供应链经理", "Supply Chain Manager"),
    ("财务总监", "Chief Financial Officer"),
    ("法务经理", "Legal Manager"),
    ("直播运营主管", "Livestream Operations Lead"),
    ("数据分析主管", "Data Analytics Lead"),
]

# ---------------------------------------------------------------------------
# Bio templates: (zh, en), each with a {company} placeholder
# ---------------------------------------------------------------------------

BIOS = [
    (
        "上世纪九十年代从摆摊做小买卖起步，白手起家创办{company}，"
        "亲历了从外贸订单到跨境零售的转变。",
        "Started out selling from a market stall in the 1990s and built {company} from "
        "nothing, seeing it move from bulk export orders to cross-border retail.",
    ),
    (
        "在车间做了十年技术员后创办{company}，如今带领团队把产品卖到几十个国家。",
        "Spent ten years as a shop-floor technician before founding {company}; the team "
        "now sells to customers in dozens of countries.",
    ),
    (
        "{company}的第二代掌门人，接手父母创办的工厂后，亲自开起了第一家亚马逊店铺。",
        "Second-generation head of {company}; after taking over the family factory, "
        "opened its first Amazon store in person.",
    ),
    (
        "醴陵瓷三代，在{company}的窑炉旁长大，正在试验用生物质燃料替代传统烧成方式。",
        "Third generation of a Liling porcelain family who grew up beside the kilns of "
        "{company} and is now trialling biomass-fuelled firing.",
    ),
    (
        "瓷四代，接手{company}后把家里的礼品瓷做成了面向海外买家的原创品牌。",
        "Fourth generation of a porcelain family; since taking over {company}, has "
        "turned its gift porcelain into an original brand for overseas buyers.",
    ),
    (
        "家里三代做钓具，在{company}从打包发货干起，现在负责速卖通和Ozon店铺。",
        "Third generation of a fishing tackle family; began at {company} packing "
        "parcels and now runs its AliExpress and Ozon stores.",
    ),
    (
        "在英国读完硕士后回到岳阳，加入{company}负责欧洲市场和品牌建设。",
        "Came back to Yueyang after a master's degree in the UK and joined {company} "
        "to lead its European market and brand work.",
    ),
    (
        "在澳大利亚学习市场营销，回国后为{company}搭建了独立站和海外社交媒体矩阵。",
        "Studied marketing in Australia and, once back in China, set up {company}'s "
        "own web store and overseas social media channels.",
    ),
    (
        "曾在深圳做了六年亚马逊运营，带着一支小团队回到家乡创办了{company}。",
        "Ran Amazon stores in Shenzhen for six years, then came home with a small "
        "team to found {company}.",
    ),
    (
        "在深圳一家大卖家负责过TikTok Shop直播业务，返乡后加入{company}主管运营。",
        "Led TikTok Shop livestreaming for a large seller in Shenzhen before returning "
        "home to head operations at {company}.",
    ),
    (
        "岳阳跨境创二代成长营首期学员，在{company}负责选品和数据分析。",
        "Trainee in the first cohort of the Yueyang cross-border second-generation "
        "growth camp; handles product selection and data analysis at {company}.",
    ),
    (
        "从事跨境物流十余年，创办{company}，帮助家乡企业把货稳稳当当送进海外仓。",
        "More than ten years in cross-border logistics; founded {company} to help "
        "hometown companies get their goods safely into overseas warehouses.",
    ),
    (
        "曾任电商平台招商经理，后来自主创业，{company}为本地工厂提供从开店到合规的一站式服务。",
        "A former platform account manager turned entrepreneur; {company} gives local "
        "factories one-stop support, from opening a store to staying compliant.",
    ),
]
