"""Demo content for the association the portal is modelled on: the Yueyang Cross-border
E-commerce Association in Hunan, with news of its members' industrial belts.

Text is written for the demo; the organisations are real, the people and numbers of contact
are invented. Paragraphs starting with "## " are headings, "> " quotes.
"""

SITE = {
    "name": "岳阳市跨境电商协会",
    "name_en": "Yueyang Cross-border E-commerce Association",
    "short_name": "岳阳跨境电商协会",
    "tagline": "联结湘北产业带，服务出海企业",
    "tagline_en": "Connecting northern Hunan's industrial belts with the world's markets",
    "address": "湖南省岳阳市岳阳楼区巴陵中路 88 号 跨境电商产业园 3 楼",
    "address_en": "3/F, Cross-border E-commerce Park, 88 Baling Middle Road, Yueyanglou District, "
    "Yueyang, Hunan",
    "phone": "0730-8866 2026",
    "email": "secretariat@example.com",
    "wechat_account": "岳阳跨境电商协会",
    "icp_licence": "湘ICP备2025012345号-1（演示）",
    "footer_note": "<p>协会由在岳阳及在外创业的跨境电商企业自愿组成，是非营利性社会团体。"
    "本网站为 Alliance Portal 演示站点，联系方式均为虚构。</p>",
    "footer_note_en": "<p>A non-profit body formed by cross-border sellers from Yueyang, at home "
    "and elsewhere. This is an Alliance Portal demo site; all contact details are invented.</p>",
}

HOME = {
    "title": "岳阳跨境电商，从产业带走向世界",
    "title_en": "From Yueyang's industrial belts to the world",
    "intro": "我们把在深圳、广州、上海、杭州打拼的岳阳籍跨境电商人，和家乡的茶叶、钓具、"
    "食品与电子产业带连在一起：一起出海，一起回乡。",
    "intro_en": "We bring together the Yueyang people who built cross-border businesses in "
    "Shenzhen, Guangzhou, Shanghai and Hangzhou and the tea, fishing tackle, food and "
    "electronics makers back home: going overseas together, and coming home together.",
    "highlights": [
        ("149", "会员企业", "member companies"),
        ("8", "城市秘书处", "city secretariats"),
        ("10", "专业委员会", "committees"),
        ("120+", "出口国家和地区", "export countries and regions"),
        ("700+", "年度大会席位", "conference seats"),
    ],
    "body": [
        "## 协会在做什么",
        "会员企业里，一半以上年交易额过亿元，十分之一超过十亿元。协会为会员对接政策、渠道与人才："
        "出口退税线上申报、海外仓备案、平台招商、跨境人才培训，都有专门的委员会和秘书处跟进。",
        "我们也为年轻一代搭台：跨境创二代成长营帮助刚接班的年轻人、海归和平台运营出身的创业者，"
        "在同行身边快速成长。",
    ],
    "body_en": [
        "## What the association does",
        "More than half of our member companies trade over 100 million CNY a year, one in ten "
        "over a billion. We connect members with policy, channels and people: online export tax "
        "rebates, overseas warehouse filing, platform programmes and cross-border training each "
        "have a committee and a secretariat behind them.",
        "We also make room for the next generation: the Cross-border Second-Generation Growth "
        "Camp helps young successors, returnees and former platform operators grow among peers.",
    ],
}

ABOUT = {
    "slug": "about",
    "title": "关于协会",
    "title_en": "About the association",
    "intro": "岳阳市跨境电商协会是由岳阳本地及在外发展的跨境电商企业、产业带工厂和服务机构"
    "自愿组成的行业组织。",
    "intro_en": "The Yueyang Cross-border E-commerce Association is a voluntary body of "
    "cross-border sellers, industrial-belt factories and service firms from Yueyang, at home "
    "and away.",
    "body": [
        "## 协会简介",
        "协会于 2025 年底在岳阳成立，成立三个月便发展会员企业 149 家，货物销往 120 多个国家和地区。"
        "会员覆盖品牌出海、平台运营、物流、海外仓、财税、法律、供应链和数据服务等完整的跨境链条。",
        "协会在深圳、广州、东莞、佛山、上海、杭州、长沙和岳阳设立八个城市秘书处，"
        "服务在外打拼的岳阳籍企业家，也欢迎他们把团队和工厂带回家乡。",
        "## 领导班子",
        "协会设会长一名、副会长若干名、理事若干名，由会员大会选举产生，任期三年。"
        "会长单位与副会长单位均为年交易额过亿元的会员企业；秘书长由专职人员担任，"
        "负责秘书处的日常工作。",
        "## 章程要点",
        "一、协会宗旨：团结岳阳跨境电商企业，促进产业带与国际市场对接，维护会员合法权益。",
        "二、会员：承认章程、自愿申请、经审核批准的企业可成为会员企业，享有选举权、"
        "参加活动和获得服务的权利，履行遵守章程、按时缴纳会费的义务。",
        "三、组织机构：会员大会为最高权力机构；理事会在大会闭会期间执行决议；"
        "各专业委员会和城市秘书处在理事会领导下开展工作。",
        "四、隐私：会员的联系方式由会员本人决定公开范围，协会不向第三方出售或提供会员信息。",
    ],
    "body_en": [
        "## Who we are",
        "Founded in Yueyang at the end of 2025, the association had 149 member companies three "
        "months later, shipping to more than 120 countries and regions. Members cover the whole "
        "cross-border chain: brands, platform operations, logistics, overseas warehousing, "
        "finance and tax, legal services, supply chain and data.",
        "Eight city secretariats, in Shenzhen, Guangzhou, Dongguan, Foshan, Shanghai, Hangzhou, "
        "Changsha and Yueyang, serve Yueyang entrepreneurs wherever they work and welcome those "
        "who bring teams and factories home.",
        "## Leadership",
        "The association has a president, vice presidents and council members elected by the "
        "general assembly for three years. The president's and vice presidents' companies each "
        "trade over 100 million CNY a year; a full-time secretary general runs the secretariat.",
        "## The charter in brief",
        "1. Purpose: unite Yueyang's cross-border sellers, connect industrial belts with "
        "international markets and defend members' lawful interests.",
        "2. Membership: companies that accept the charter, apply and are approved become "
        "members, with the right to vote, take part and be served, and the duty to keep the "
        "charter and pay their dues.",
        "3. Bodies: the general assembly decides; the council acts between assemblies; the "
        "committees and city secretariats work under the council.",
        "4. Privacy: each member decides who sees their contact details; the association never "
        "sells or passes on members' information.",
    ],
}

JOIN = {
    "slug": "join",
    "title": "入会指南",
    "title_en": "How to join",
    "intro": "从事跨境电商或为跨境电商提供服务的企业，均可申请加入协会。",
    "intro_en": "Any company that sells cross-border or serves those who do may apply.",
    "body": [
        "## 申请步骤",
        "1. 在本网站注册账号并验证邮箱；2. 填写入会申请，选择所属城市秘书处；"
        "3. 秘书处在五个工作日内审核并与您联系；4. 审核通过后即可在“我的”页面维护企业资料。",
        "## 会员权益",
        "参加会员交流会、读书会和工厂参访；在年度大会上优先申请展位；"
        "在会员名录中展示企业与产品；报名跨境创二代成长营。",
    ],
    "body_en": [
        "## Steps",
        "1. Create an account on this site and verify your e-mail; 2. fill in the membership "
        "application and choose your city secretariat; 3. the secretariat reviews it within five "
        "working days and contacts you; 4. once approved, keep your company profile up to date "
        "from your account page.",
        "## What members get",
        "Member meetups, reading clubs and factory visits; priority for booths at the annual "
        "conference; a listing of your company and products in the member directory; places in "
        "the Second-Generation Growth Camp.",
    ],
}

PRIVACY = {
    "slug": "privacy",
    "title": "隐私政策",
    "title_en": "Privacy policy",
    "intro": "协会如何收集、使用和公开会员的信息。",
    "intro_en": "How the association collects, uses and shows members' information.",
    "body": [
        "## 我们收集什么",
        "入会申请中的企业信息和申请人的联系方式；会员在网站上维护的企业资料和个人资料；"
        "活动报名和培训记录。",
        "## 谁能看到",
        "企业名称、行业、所在地和主营产品在会员名录中公开。电话、邮箱、微信号和地址由会员自己"
        "逐项选择公开范围：所有人、仅会员，或隐藏（仅本企业人员和秘书处可见）。",
        "## 我们不做什么",
        "协会不向任何第三方出售或提供会员信息。会员可随时修改或隐藏自己的信息，"
        "或联系秘书处删除账号。",
    ],
    "body_en": [
        "## What we collect",
        "The company details and the applicant's contacts in a membership application; the "
        "company and personal profiles members keep on this site; event registrations and "
        "training records.",
        "## Who sees it",
        "Company names, industries, places and main products are public in the member "
        "directory. Each phone number, e-mail, WeChat ID and address is shown as its owner "
        "chooses: to everyone, to members only, or hidden (then only the company's own people and "
        "the secretariat see it).",
        "## What we never do",
        "The association never sells or passes on members' information. Members can change or "
        "hide their details at any time, or ask the secretariat to delete their account.",
    ],
}

NEWS_INDEX = {
    "slug": "news",
    "title": "新闻动态",
    "title_en": "News",
    "intro": "协会活动、会员故事与政策解读。",
    "intro_en": "Association events, member stories and policy notes.",
}

# (slug, date, colour of the generated cover, tags, zh title, en title, zh intro, en intro,
#  zh body, en body)
NEWS = [
    {
        "slug": "second-industry-conference",
        "date": "2026-02-12",
        "colour": (168, 35, 42),
        "tags": ["年度大会", "产业带"],
        "title": "第二届岳阳市跨境电商产业发展大会在湖畔举行",
        "title_en": "Second Yueyang Cross-border E-commerce Industry Conference held by the lake",
        "intro": "春节前夕，七百多位跨境电商人齐聚湖畔酒店，六十多个产业带展位沿长廊一字排开。",
        "intro_en": "Days before the Spring Festival, more than 700 sellers filled a lakeside "
        "hotel, with over sixty industrial-belt booths along its corridor.",
        "body": [
            "2 月 12 日，第二届岳阳市跨境电商产业发展大会在南湖畔的酒店举行。主会场七百余个座位座无虚席，"
            "不少从深圳、广州赶回家过年的会员企业家专程到场。",
            "## 一个展位，一条产业带",
            "大会走廊上布置了六十多个展位，每个展位代表一条本地产业带：君山银针、平江辣条、汨罗钓具、"
            "临湘浮标，以及电子与智能家居企业。来自平台和物流企业的嘉宾一边品茶，一边和工厂老板谈合作。",
            "> 我们要让在外的岳阳人看到，家乡的产品完全可以直接卖到全世界。",
            "大会上，协会向首期跨境创二代成长营学员颁发了结业证书，并发布了八个城市秘书处的负责人名单。",
        ],
        "body_en": [
            "On 12 February the second Yueyang Cross-border E-commerce Industry Development "
            "Conference filled all 700-plus seats of a lakeside hotel's hall; many members came "
            "straight from Shenzhen and Guangzhou on their way home for the holiday.",
            "## One booth, one industrial belt",
            "More than sixty booths lined the corridor, each standing for a local industrial "
            "belt: Junshan Yinzhen tea, Pingjiang spicy gluten strips, Miluo fishing tackle, "
            "Linxiang fishing floats, and electronics and smart-home makers. Platform and "
            "logistics guests talked business with factory owners over tea.",
            "> We want Yueyang people working elsewhere to see that goods from home can sell "
            "straight to the whole world.",
            "The conference presented certificates to the first cohort of the Growth Camp and "
            "named the heads of the eight city secretariats.",
        ],
    },
    {
        "slug": "149-member-companies",
        "date": "2026-01-20",
        "colour": (11, 58, 110),
        "tags": ["协会动态"],
        "title": "成立三个月，协会会员企业达到 149 家",
        "title_en": "Three months on, the association counts 149 member companies",
        "intro": "一半以上的会员企业年交易额过亿元，十分之一超过十亿元。",
        "intro_en": "More than half trade over 100 million CNY a year; one in ten over a billion.",
        "body": [
            "截至 1 月中旬，协会共接纳会员企业 149 家。其中年交易额超过 1 亿元的企业占一半以上，"
            "超过 10 亿元的约占十分之一，产品销往 120 多个国家和地区。",
            "会员既有在深圳、杭州做品牌出海的岳阳籍企业，也有本地的茶叶、食品、钓具工厂，"
            "以及物流、海外仓、财税和法律服务机构，形成了完整的跨境链条。",
            "秘书处提醒新会员：审核通过后，请尽快登录网站完善企业资料，并设置联系方式的公开范围。",
        ],
        "body_en": [
            "By mid-January the association had admitted 149 member companies. More than half "
            "trade over 100 million CNY a year, about one in ten over a billion, and their goods "
            "reach more than 120 countries and regions.",
            "Members range from Yueyang-born brand builders in Shenzhen and Hangzhou to local "
            "tea, food and fishing tackle factories, with logistics, overseas warehousing, tax and "
            "legal firms completing the chain.",
            "New members: once approved, please sign in, complete your company profile and choose "
            "who may see your contact details.",
        ],
    },
    {
        "slug": "eight-secretariats",
        "date": "2026-01-08",
        "colour": (29, 107, 58),
        "tags": ["秘书处", "协会动态"],
        "title": "八个城市秘书处全面运转，服务在外岳阳企业家",
        "title_en": "Eight city secretariats now serve Yueyang entrepreneurs across China",
        "intro": "深圳、广州、东莞、佛山、上海、杭州、长沙、岳阳，哪里有岳阳跨境人，哪里就有秘书处。",
        "intro_en": "Shenzhen, Guangzhou, Dongguan, Foshan, Shanghai, Hangzhou, Changsha and "
        "Yueyang: wherever Yueyang sellers work, a secretariat is near.",
        "body": [
            "协会在深圳、广州、东莞、佛山、上海、杭州、长沙和岳阳设立的八个秘书处已全部挂牌。"
            "每个秘书处负责联系所在城市的会员企业，组织交流活动，收集会员诉求。",
            "粤港澳大湾区的四个秘书处还承担一项特别任务：邀请在湾区发展的岳阳籍企业家回乡考察，"
            "把团队、仓库和工厂带回岳阳。",
        ],
        "body_en": [
            "All eight secretariats, in Shenzhen, Guangzhou, Dongguan, Foshan, Shanghai, "
            "Hangzhou, Changsha and Yueyang, are open. Each keeps in touch with the members in "
            "its city, organises meetups and gathers members' needs.",
            "The four in the Greater Bay Area have one more job: inviting Yueyang entrepreneurs "
            "there to visit home and bring teams, warehouses and factories back.",
        ],
    },
    {
        "slug": "growth-camp-first-cohort",
        "date": "2026-02-13",
        "colour": (201, 154, 46),
        "tags": ["成长营", "人才培训"],
        "title": "跨境创二代成长营首期学员结业",
        "title_en": "First cohort graduates from the Second-Generation Growth Camp",
        "intro": "二十多位年轻人走上大会舞台：有海归，有深圳平台运营出身的创业者，也有接手父辈工厂的二代。",
        "intro_en": "Twenty-odd young people took the conference stage: returnees, former "
        "platform operators from Shenzhen and heirs taking over their parents' factories.",
        "body": [
            "岳阳跨境创二代成长营首期学员在年度大会上集体亮相。学员们用三个月时间完成了平台运营、"
            "品牌出海、海外仓与合规等课程，并走进会员工厂实地学习。",
            "结业学员可在网站“我的”页面下载结业证书，证书上的二维码可供任何人在线查验真伪。",
            "第二期成长营即将开放报名，市里的人才培训政策将对学员给予补贴。",
        ],
        "body_en": [
            "The first cohort of the Growth Camp appeared together at the annual conference. "
            "Over three months they studied platform operations, brand building abroad, overseas "
            "warehousing and compliance, and learnt on site in members' factories.",
            "Graduates download their certificate from their account page; the QR code on it "
            "lets anyone verify it online.",
            "Applications for the second cohort open soon; the city's talent training policy "
            "subsidises trainees.",
        ],
    },
    {
        "slug": "policy-export-tax-rebates",
        "date": "2026-03-05",
        "colour": (85, 97, 112),
        "tags": ["政策解读"],
        "title": "政策解读：出口退税线上办，小卖家所得税怎么算",
        "title_en": "Policy notes: online export tax rebates and simplified income tax for small sellers",
        "intro": "财税委员会整理了会员最关心的三项政策：线上退税、简易征收和海外仓快速审批。",
        "intro_en": "The finance and tax committee summarises the three policies members ask "
        "about most: online rebates, simplified income tax and fast overseas warehouse approval.",
        "body": [
            "## 出口退税线上申报",
            "出口退税已可全程在线申报，资料齐全的企业最快数个工作日即可到账。财税委员会建议企业"
            "按月整理报关单和发票，避免季度末集中申报。",
            "## 跨境小卖家所得税",
            "符合条件的小型跨境卖家可适用简易办法核定征收企业所得税，减少核算负担。"
            "具体条件以税务机关公布为准，会员可预约委员会的一对一咨询。",
            "## 海外仓快速审批",
            "企业申请海外仓备案的流程进一步简化，物流与海外仓委员会可协助准备材料。",
        ],
        "body_en": [
            "## Online export tax rebates",
            "Export rebates can now be filed entirely online; with complete papers, money can "
            "arrive within days. The committee advises filing customs declarations and invoices "
            "monthly rather than all at quarter end.",
            "## Income tax for small cross-border sellers",
            "Qualifying small sellers may have their corporate income tax assessed by a "
            "simplified method, with far less bookkeeping. The tax office's published conditions "
            "apply; members can book a one-to-one session with the committee.",
            "## Fast overseas warehouse approval",
            "Filing an overseas warehouse is simpler than before; the logistics and overseas "
            "warehousing committee helps prepare the papers.",
        ],
    },
    {
        "slug": "miluo-fishing-tackle",
        "date": "2026-04-18",
        "colour": (22, 110, 140),
        "tags": ["产业带", "会员故事"],
        "title": "走进汨罗钓具产业带：一根钓竿卖向一百多个国家",
        "title_en": "Inside Miluo's fishing tackle belt: rods for more than a hundred countries",
        "intro": "从汨罗的钓具厂到临湘的浮标作坊，协会组织会员走访了两条“钓鱼”产业带。",
        "intro_en": "From Miluo's tackle plants to Linxiang's float workshops, members visited "
        "two angling industrial belts.",
        "body": [
            "汨罗钓具和临湘浮标是岳阳最具代表性的出口产业带之一。走访中，工厂负责人介绍，"
            "过去产品主要通过外贸订单出口，如今越来越多的工厂在亚马逊、TikTok Shop 上开设自营店铺。",
            "运营委员会的会员现场分享了短视频选品和多语种直播的经验，不少工厂当场约定了后续合作。",
        ],
        "body_en": [
            "Miluo fishing tackle and Linxiang fishing floats are among Yueyang's best known "
            "export belts. Plant managers told visitors that goods once left only through trade "
            "orders; now more and more factories run their own stores on Amazon and TikTok Shop.",
            "Members of the operations committee shared how they pick products with short videos "
            "and sell in livestreams in several languages; several partnerships were agreed on "
            "the spot.",
        ],
    },
    {
        "slug": "zhaoxu-society-visit",
        "date": "2026-05-23",
        "colour": (120, 60, 140),
        "tags": ["交流活动", "读书会"],
        "title": "友会交流：走进醴陵朝旭学社的读书会",
        "title_en": "Visiting the Zhaoxu Society's reading club in Liling",
        "intro": "醴陵三十多位青年企业家坚持十多年共读一本书、互访工厂，协会会员前去取经。",
        "intro_en": "For more than a decade some thirty young Liling business owners have read "
        "together and visited each other's factories; our members went to learn how.",
        "body": [
            "朝旭学社成立于 2013 年，成员多为醴陵陶瓷世家的第三、四代传人，被称为“瓷三代”“瓷四代”。"
            "他们定期共读一本书，讨论一个管理话题，再走进一家成员的工厂。",
            "这次交流中，学社成员介绍了酒瓶、电瓷、礼品瓷的出口经验，以及生物质燃料窑炉的尝试。"
            "协会计划借鉴学社的方式，在各秘书处推广会员读书会。",
        ],
        "body_en": [
            "Founded in 2013, the Zhaoxu Society gathers young owners who are often the third or "
            "fourth generation of Liling's porcelain families. They read a book together, discuss "
            "one management question, then visit a member's factory.",
            "They told our members about exporting wine bottles, electrical porcelain and gift "
            "porcelain, and about trying biomass-fuelled kilns. The association plans reading "
            "clubs like theirs in every secretariat.",
        ],
    },
]

# Demo accounts: (e-mail, password, name, role). Roles: administrator, organiser, secretariat
# (an organiser scoped to one secretariat), member, trainee.
# Organisers and administrators sign in with a second factor (cms.mfa): the demo gives them an
# authenticator-app secret, printed by load_demo (`oathtool --totp -b SECRET` or any phone app).
DEMO_TOTP_SECRETS = {
    "administrator": "MFWGY2LBNZRWKLLEMVWW6LLBMRWWS3RB",
    "organiser": "MFWGY2LBNZRWKLLEMVWW6LLPOJTWC3TJ",
    "secretariat": "MFWGY2LBNZRWKLLEMVWW6LLTNBSW46TI",
}

ACCOUNTS = [
    ("admin@example.com", "demo-admin-2026", "周建国", "administrator"),
    ("organiser@example.com", "demo-organiser-2026", "刘芳", "organiser"),
    # An organiser of the Shenzhen secretariat only (members.demo gives the scope).
    ("shenzhen@example.com", "demo-shenzhen-2026", "黄志明", "secretariat"),
    ("member@example.com", "demo-member-2026", "李明", "member"),
    ("trainee@example.com", "demo-trainee-2026", "陈思雨", "trainee"),
]

MENU = [
    # (zh label, en label, page key or path)
    ("首页", "Home", "home"),
    ("关于协会", "About", "about"),
    ("新闻动态", "News", "news"),
    ("入会指南", "How to join", "join"),
]
FOOTER_LINKS = [
    ("关于协会", "About", "about"),
    ("入会指南", "How to join", "join"),
    ("新闻动态", "News", "news"),
    ("隐私政策", "Privacy", "privacy"),
]
