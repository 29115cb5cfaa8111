"""The words of the domain: what partners type, mapped onto what the knowledge base says.

Phrases are written plainly; ``text.Analyzer`` normalises both sides the same way, so
"Hospitals" here matches "hospital" in a question. A phrase maps to one or more *concepts*
(tokens starting with "@"). Entries and questions are analysed with the same tables, so a
long form and its abbreviation become the same token wherever they appear.
"""

from __future__ import annotations

# The tables read best with a few aliases to a line.
# fmt: off

# Sector concepts: everything people call a sector, its subsectors and its abbreviations.
SECTOR_ALIASES: dict[str, tuple[str, ...]] = {
    "chemical": (
        "chemical", "chemicals", "chemical sector", "chemical plant", "chemical facility",
        "chemical manufacturer", "chem", "pharmaceutical", "pharma", "fertilizer",
        "agricultural chemicals", "specialty chemicals", "hazmat", "hazardous chemicals",
        "pesticide", "pesticides", "herbicide", "herbicides", "cleaning products",
        "household products", "consumer products", "paint", "coatings", "plastics", "resins",
        "industrial gases", "chlorine", "ammonia", "anhydrous ammonia", "ag chem",
        "ag chemicals", "agrochemical", "agrochemicals", "pill", "pills", "capsules",
        "generic drugs", "generic drug",
        "drug manufacturer", "drug manufacturers", "drugmaker", "drugmakers",
        # Storage of chemicals, which the sector covers with their making.
        "chemical tank farm", "chem tank farm", "chemical terminal", "chemical storage",
    ),
    "commercial-facilities": (
        "commercial facilities", "commercial facility", "hotel", "hotels", "lodging", "motel",
        "casino", "casinos", "gaming", "stadium", "stadiums", "arena", "sports league",
        "mall", "malls", "shopping center", "shopping mall", "shopping malls", "retail", "retailer", "retail store",
        "department store", "convenience store", "big box store", "real estate",
        # A company's campus is offices, not a school's.
        "corporate campus", "corporate office", "corporate offices", "office park",
        # A store that sells hardware, not the IT sector's hardware.
        "hardware store", "hardware stores", "hardware chain", "home improvement store",
        "office building", "theater", "theme park", "amusement park", "concert", "public assembly",
        "office buildings", "office tower", "office towers", "property management",
        "property manager",
        "movie theater", "movie theaters", "cinema", "cinemas", "nightclub", "zoo", "aquarium",
        "ice rink", "ice rinks", "skating rink", "ice arena",
        "water park", "golf course", "apartment building",
        "apartment tower", "apartment towers", "apartment complex", "apartment complexes",
        "outdoor events", "festival", "entertainment", "media", "convention center", "museum",
        "fairground", "fairgrounds", "county fair", "state fair", "ballpark", "ballparks",
        "minor league", "sports venue", "sports venues",
        "cfs", "cf", "cf sector",
    ),
    "communications": (
        "communications", "communication", "telecom", "telecommunications", "telco",
        "broadcast", "broadcasting", "cable", "satellite", "wireless", "wireline", "isp",
        "internet service provider", "phone company", "cell tower", "radio", "tv station",
        "wireless carrier", "wireless carriers", "cell carrier", "phone carrier",
        "mobile carrier", "telecom carrier", "comms", "fiber", "fiber optic", "fibre",
        "broadband", "backhaul", "tower site", "tower sites", "cell towers", "tower company",
        "tower companies",
    ),
    "critical-manufacturing": (
        "critical manufacturing", "manufacturing", "manufacturer", "factory", "factories",
        "primary metals", "steel", "aluminum", "machinery", "electrical equipment",
        "transportation equipment", "auto maker", "automaker", "vehicle manufacturer",
        "aerospace manufacturing", "crit manufacturing",
        # What the sources name as its segments and their products.
        "transformer", "transformers", "switchgear", "circuit breaker", "circuit breakers",
        "switchboard", "switchboards", "electrical components", "appliances",
        "appliance maker", "rail car", "rail cars", "railcar", "railcars", "auto parts",
        "car parts", "smelter", "aluminum smelter", "steel mill", "foundry", "heavy machinery",
        "electric arc furnace", "arc furnace", "blast furnace",
        "heavy equipment", "industrial pumps", "valves", "jet engine", "jet engines",
        "aircraft engines", "industrial robots", "power transformer", "power transformers",
        "turbine parts", "turbine components", "turbine blades", "engine parts",
        "parts for turbines", "pump parts", "parts for pumps",
        "gearbox", "gearboxes", "castings", "steel castings", "forgings", "bearings",
        # Machinery and transportation equipment as their makers name them.
        "farm equipment", "farm machinery", "agricultural machinery", "irrigation pumps",
        "irrigation equipment", "center pivot", "center pivots", "tank car", "tank cars",
        "fire apparatus",
    ),
    "dams": (
        "dams", "dam", "dams sector", "levee", "levees", "navigation lock", "locks",
        "hydropower", "hydroelectric", "hydro", "reservoir", "hurricane barrier", "tailings",
        "impoundment", "dam safety", "flood control",
    ),
    "defense-industrial-base": (
        "defense industrial base", "dib", "defense contractor", "defense contractors",
        "military contractor", "military contractors", "defense industry", "defence",
        "defense", "weapons systems", "prime contractor", "subcontractor", "dod supplier",
        "ammunition", "munitions", "shipyard", "navy ships", "military vehicles",
        "military aircraft", "military equipment", "military hardware", "military parts",
        "navy contractor", "navy contractors", "dod contractor", "dod contractors",
        "defense supplier", "defense suppliers", "goco", "gogo", "missile", "missiles",
        "sub to a prime", "to a prime", "for a prime", "sub to a sub",
        "defense prime", "defense primes",
        # The big defense primes, for whom a shop machines parts.
        "lockheed", "lockheed martin", "raytheon", "northrop", "northrop grumman",
        "l3harris", "huntington ingalls",
        # Work for the armed services ("an Army vehicle program").
        "army", "navy", "air force", "us army", "us navy",
    ),
    "emergency-services": (
        "emergency services", "emergency service", "ess", "first responder",
        "first responders", "police", "law enforcement", "sheriff", "fire department",
        "firefighter", "firefighters", "fire and rescue", "fire service", "ems", "ambulance",
        "paramedic", "paramedics", "emergency medical services", "911", "911 center",
        "psap", "dispatch", "emergency management", "swat", "bomb squad", "fusion center",
        "public works",
        "dispatch center", "911 dispatch", "fire station", "fire stations", "firehouse", "sheriffs office", "search and rescue",
        "rescue squad", "call taker", "call takers", "telecommunicator", "telecommunicators",
        "dispatcher", "dispatchers", "emergency manager", "emergency managers",
        "911 call center", "911 call centers", "emergency call center", "emergency call centers",
        "fire district", "fire districts", "police department", "police departments",
        "fire chief", "fire chiefs", "fire captain", "fire dept", "fire rescue",
    ),
    "energy": (
        "energy", "energy sector", "electricity", "electric", "power grid", "electric grid",
        "grid", "power plant", "power plants", "power company", "electric utility", "power side",
        "utility company", "oil", "natural gas", "refinery", "oil and gas", "ceser",
        "petroleum", "petroleum refinery", "propane", "coal", "lng", "wind farm", "wind farms",
        "wind turbine", "wind turbines", "wind power", "wind energy", "solar", "solar farm",
        "solar farms", "solar power", "solar energy", "substation", "substations",
        "transmission line", "transmission lines", "power line", "power lines",
        "compressor station", "ethanol", "biofuel", "biofuels", "ev charging",
        "gas utility", "gas utilities", "gas company", "gas companies",
        "tank farm", "tank farms", "fuel terminal", "fuel terminals",
        "power co op", "power coop", "power cooperative", "electric co op", "electric coop",
        "electric cooperative", "power utility", "power supplier",
    ),
    "financial-services": (
        "financial services", "financial", "finance", "bank", "banks", "banking",
        "credit union", "credit unions", "insurance", "insurer", "insurers", "investment",
        "broker", "brokerage", "payments", "fintech", "lender", "lending", "wall street",
        "banking and finance", "fin services", "finserv",
        "stock exchange", "credit card", "credit cards", "card processor", "payment processor",
        "payment processing", "trading firm", "asset manager", "hedge fund",
        "mortgage",
    ),
    "food-and-agriculture": (
        "food and agriculture", "food", "agriculture", "agricultural", "farm", "farms",
        "farming", "farmer", "ranch", "livestock", "restaurant", "restaurants",
        "food processing", "food manufacturer", "grocery", "meat packing", "food safety",
        "ag", "food and ag",
        "cold storage", "refrigerated warehouse", "refrigerated storage", "grain elevator", "grain",
        "meat", "bottling", "soft drink", "soft drinks",
        "beverage", "beverages", "brewery", "winery", "dairy", "meat processing",
        "slaughterhouse", "poultry", "supermarket", "cannery", "bakery", "feedlot", "feedyard",
        "seafood",
        "beef", "pork", "meatpacking", "beef processing", "meat plant",
        "fish processing", "fishery", "fisheries",
    ),
    "government-facilities": (
        "government facilities", "government facility", "government services and facilities",
        "government building", "government buildings", "federal building", "courthouse",
        "federal office building", "federal office buildings", "gsa lease", "gsa leased",
        "courthouses", "city hall", "school", "schools", "education facilities", "university",
        "universities", "campus", "k-12", "national monuments", "monuments", "icons",
        "election infrastructure", "elections", "election", "polling place", "embassy",
        "fps", "federal protective service", "gsa",
        "school district", "school districts", "public library", "jail", "prison", "dmv",
        "town hall", "state capitol",
    ),
    "healthcare-and-public-health": (
        "healthcare and public health", "healthcare", "health care", "public health",
        "health", "hospital", "hospitals", "clinic", "clinics", "medical", "medical center",
        "health system", "nursing home", "pharmacy", "hph", "doctors", "physicians",
        "health department",
        "blood bank", "blood banks", "dialysis", "urgent care", "hospice", "mental health",
        "surgery center", "surgery centers", "surgical center",
    ),
    "information-technology": (
        "information technology", "the it sector", "it services", "tech",
        "technology", "software",
        "hardware", "cloud", "data center", "internet", "tech company",
        "software company", "saas", "software as a service", "cloud provider", "cloud providers",
        "hosting provider", "managed service provider", "managed service providers",
        "managed services provider", "managed services", "msp", "managed it",
        # The IT Sector-Specific Plan's critical functions include domain name resolution.
        "dns", "domain name", "domain names", "domain registrar", "domain name registrar",
    ),
    "nuclear": (
        "nuclear", "nuclear reactors materials and waste", "nuclear reactor",
        "nuclear reactors", "nuclear power", "nuclear power plant", "nuclear plant",
        "radioactive", "radiological", "nuclear waste", "nuclear materials", "reactor",
        "nuke plant", "nuke plants",
        "fuel cycle", "research reactor", "nrc",
        "uranium", "uranium enrichment", "enrichment plant", "fuel fabrication", "spent fuel",
        # The sector covers the transport of nuclear waste, not the Transportation Sector.
        "spent fuel shipping", "spent fuel shipments", "spent fuel transport",
        "nuclear waste transport", "nuclear waste transportation", "nuclear waste shipments",
    ),
    "transportation-systems": (
        "transportation systems", "transportation", "transport", "transit", "aviation",
        "airport", "airports", "airline", "airlines", "highway", "trucking", "truck", "trucks",
        "haul", "hauls", "hauling", "hauler", "haulers",
        "parcel delivery", "package delivery", "courier service", "courier company",
        "motor carrier",
        "maritime", "port", "ports", "shipping", "railroad", "railroads", "rail",
        "container port", "container terminal", "port terminal", "marine terminal", "seaport",
        "freight railroad", "bridge", "bridges", "tunnel", "tunnels", "toll road", "air cargo",
        "freight rail", "passenger rail", "mass transit", "subway", "bus", "pipeline",
        "barge", "barges", "barge line", "towboat", "towboats", "tugboat", "tugboats", "ferry",
        "ferries",
        # A railroad's class is its size, no course.
        "class i railroad", "class i railroads", "class i freight railroad", "class 1 railroad",
        "pipelines", "postal", "tsa", "coast guard", "uscg", "dot",
    ),
    "water-and-wastewater": (
        "water and wastewater", "water and wastewater systems", "water", "wastewater",
        "drinking water", "water utility", "water utilities", "water treatment",
        "water system", "sewer", "sewage", "sewage treatment", "epa", "waterworks",
        "water treatment plant", "wastewater plant", "sewage plant", "water plant",
        "treatment plant", "wastewater treatment", "wws",
        "water tower", "pump station", "pumping station", "lift station", "water district",
        "stormwater", "desalination",
    ),
}

# The aliases above that name a sector itself; the others name what it is made of ("reactor",
# "firefighter", "bank"). A question that names only such a thing and asks nothing of a sector
# ("how does a nuclear reactor work") is about the thing, not the sector.
SECTOR_NAMES: dict[str, tuple[str, ...]] = {
    "chemical": ("chemical", "chemicals", "chemical sector", "chem"),
    "commercial-facilities": (
        "commercial facilities", "commercial facility", "cfs", "cf", "cf sector",
    ),
    "communications": (
        "communications", "communication", "comms", "telecom", "telecommunications",
    ),
    "critical-manufacturing": ("critical manufacturing", "crit manufacturing", "manufacturing"),
    "dams": ("dams", "dam", "dams sector"),
    "defense-industrial-base": (
        "defense industrial base", "dib", "defense industry", "defense", "defence",
    ),
    "emergency-services": ("emergency services", "emergency service", "ess"),
    "energy": ("energy", "energy sector"),
    "financial-services": ("financial services", "financial", "finance", "banking and finance"),
    "food-and-agriculture": ("food and agriculture", "food and ag", "agriculture", "ag"),
    "government-facilities": (
        "government facilities", "government facility", "government services and facilities",
    ),
    "healthcare-and-public-health": (
        "healthcare and public health", "healthcare", "health care", "public health", "hph",
    ),
    "information-technology": ("information technology", "the it sector", "tech", "technology"),
    "nuclear": ("nuclear", "nuclear reactors materials and waste"),
    "transportation-systems": (
        "transportation systems", "transportation", "transport", "tsa", "coast guard", "uscg",
    ),
    "water-and-wastewater": (
        "water and wastewater", "water and wastewater systems", "water", "wastewater", "wws",
    ),
}

# Topic concepts: what a question asks about a sector or a thing ("covers": what belongs to it).
TOPIC_ALIASES: dict[str, tuple[str, ...]] = {
    "lead": (
        "srma", "ssa", "sector risk management agency", "sector specific agency",
        "risk management agency", "risk management lead",
        "sector-specific agency", "lead agency", "who leads", "leads", "lead", "in charge",
        "responsible agency", "which agency", "what agency", "federal agency", "agency",
        "oversees", "oversee", "responsible for", "sector lead", "coordinating agency",
        "federal lead", "fed agency", "who runs", "point agency", "led", "who led",
        "leader", "leaders",
    ),
    "contact": (
        "contact", "contacts", "email", "e-mail", "email address", "phone", "phone number",
        "number", "call", "reach", "get in touch", "hotline", "address", "inbox", "mailbox",
        "who do i talk to", "talk to", "poc", "pocs", "point of contact", "points of contact",
        "contact point", "contact points", "in touch with",
        "who do i ask", "who should i ask", "who can i ask", "where do i ask", "write to",
        "send questions", "where do i send", "where should i send", "who do i send",
        "who should i send", "who can i send", "where do we send", "who do we send",
        "who should we send",
        "who do i bug", "who should i bug", "who can i bug", "who do i ping", "who should i ping",
        "who do i chase", "who do i hassle",
        # An address that bounced asks for one that works.
        "bounce", "bounced", "bounces", "bouncing", "undeliverable",
    ),
    "training": (
        "training", "trainings", "train", "course", "courses", "class", "classes",
        "webinar", "webinars", "workshop", "workshops", "curriculum", "certificate",
        "certification", "exercise", "exercises", "independent study", "fema is",
        # A course code's prefix alone ("OBP AWR list"): the courses it numbers.
        "awr",
    ),
    "resource": ("resource", "resources", "tool", "tools", "toolkit", "program", "programs"),
    "report": ("report", "reporting", "incident report", "report an incident"),
    "covers": (
        "cover", "covers", "covered", "part of", "fall under", "falls under", "fall into",
        "falls into", "belong to", "belongs to", "belong in", "included in", "included", "include",
        "includes", "count as", "counts as", "counted as", "counted in", "count in", "counts in",
        "make us", "makes us", "considered", "count", "counts", "same sector as",
        "classified as", "classified", "in scope", "fit under", "fits under", "fit into", "fits into", "fit in",
        "fits in", "put us in", "puts us in", "put us under",
        "puts us under", "lumped in", "lumped under", "grouped under", "grouped with",
        "are we in", "are we under", "am i in", "would we be in", "would we be under",
        # A sector's subsectors are what it covers.
        "subsector", "subsectors", "segments",
        # Where an office sits in an organisation: what it is part of.
        "sit in", "sits in", "sit under", "sits under", "sit within", "sits within",
        # "Which sector is a refinery in" asks what a sector covers (text.normalise marks the
        # singular as typed: "what sectors are there" asks for the list).
        "whichsector",
        # "is fire/ems one of the 16 sectors?" asks whether it is a sector: what one covers.
        "one of the 16 sectors", "one of the sixteen sectors",
        "one of the critical infrastructure sectors", "one of the ci sectors",
    ),
    "share": (
        "share", "sharing", "forward", "pass along", "pass on", "pass it on", "pass it to",
        "pass it along", "pass this along", "pass that along",
        "pass to", "distribute",
        "disseminate", "redistribute", "repost", "reshare", "circulate", "send along",
        # Telling someone what a document says is sharing it.
        "tell him", "tell her", "tell them", "tell my", "tell our", "tell others", "tell anyone",
        "tell people", "tell someone", "discuss it with", "show it to",
        # Briefing someone on a document or posting it somewhere is sharing it too.
        "brief my", "brief our", "brief the", "brief them", "brief him", "brief her",
        "post it", "put it in", "put it on", "paste it", "loop in", "posted on", "posted to",
        "post on", "post to", "be posted",
        "fill him in", "fill her in", "fill them in", "fill in my", "fill in our",
    ),
}

# Long forms that mean an abbreviation: both are folded into the abbreviation.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "scc": (
        "sector coordinating council", "sector coordinating councils",
        # The industry's own council, asked for by who sits on it.
        "council of companies", "council for companies", "council of businesses",
        "council for businesses", "council of private companies", "council of industry",
    ),
    # The leaders of the SCCs are their chairs, not who leads a sector.
    "scc chair": ("scc leader", "scc leaders"),
    "gcc": ("government coordinating council", "government coordinating councils"),
    # What becomes of what one asks the bot: "what do you do with my questions?".
    "privacy": ("do with my questions", "do with my messages", "do with our questions"),
    # The feedback buttons under each answer, by what they say.
    "feedback": (
        "click not helpful", "clicked not helpful", "clicking not helpful", "press not helpful",
        "not helpful button", "helpful button", "helpful buttons", "thumbs down", "thumbsdown",
    ),
    "cipac": ("critical infrastructure partnership advisory council",),
    "bombing prevention": ("bomb prevention",),
    # An IP address is no address to write to.
    "ipv4": ("ip address", "ip addresses", "ipv4 address", "ipv4 addresses"),
    "cscc": ("cross sector council", "cross-sector council", "cic sc", "cic-sc"),
    "ci": ("critical infrastructure", "infrastructure critical"),
    "fsl": (
        "federal senior leadership council", "fslc",
        # The council of federal agencies alone ("just", an intensifier, is read as nothing).
        "federal only", "only federal agencies", "only for federal agencies",
        "council for the federal agencies", "council for federal agencies",
        "council of federal agencies", "federal agencies only", "one thats federal agencies",
        "federal agency only", "council thats federal agencies", "council that is federal agencies",
        "federal agencies themselves", "the federal agencies use",
    ),
    "slttgcc": (
        "state local tribal and territorial government coordinating council",
        "sltt gcc", "sltt council",
    ),
    "rc3": ("regional consortium coordinating council", "regional consortium"),
    # Taken from anywhere, however said.
    "online": ("virtual", "virtually", "web based", "web-based"),
    "rcpgp": ("regional catastrophic preparedness grant program",),
    "tlp": ("traffic light protocol",),
    "psa": ("protective security advisor", "protective security advisors"),
    "ics": (
        "industrial control system", "industrial control systems", "scada", "ot", "plc", "plcs",
        "programmable logic controller", "programmable logic controllers",
    ),
    # A name that contains another abbreviation is one term: ICS-CERT is not ICS plus CERT.
    "icscert": ("ics cert",),
    "uscert": ("us cert",),
    # Social media is not the Media subsector.
    "socialmedia": (
        "social media", "twitter", "facebook", "linkedin", "instagram", "tiktok", "reddit",
        "bluesky", "mastodon", "youtube",
    ),
    # A standard's name is one term too: a question about NERC CIP names one thing, not two.
    "nerccip": ("nerc cip",),
    "nistcsf": ("nist csf", "nist cybersecurity framework"),
    "cset": ("cyber security evaluation tool", "cybersecurity evaluation tool"),
    "crr": ("cyber resilience review",),
    "ais": ("automated indicator sharing",),
    "pcii": ("protected critical infrastructure information",),
    "nicc": ("national infrastructure coordinating center",),
    "rrap": ("regional resiliency assessment program",),
    "irpf": ("infrastructure resilience planning framework",),
    "nipp": ("national infrastructure protection plan",),
    "ssp": (
        "sector specific plan", "sector-specific plan", "sector specific plans",
        "sector plan",
    ),
    "ivp": ("infrastructure visualization platform",),
    "hsin": ("homeland security information network",),
    "dhs": ("department of homeland security", "homeland security", "dept of homeland security"),
    "hifld": ("homeland infrastructure foundation level data",),
    "obp": ("office for bombing prevention", "bombing prevention office"),
    "nccic": ("national cybersecurity and communications integration center",),
    "niac": ("national infrastructure advisory council",),
    "nstac": ("national security telecommunications advisory committee",),
    "cisa": ("cybersecurity and infrastructure security agency",),
    "nppd": ("national protection and programs directorate",),
    # Partners talk to the office's bot: "your division" is SOPD.
    "sopd": (
        "sector outreach and programs division", "your division", "this division", "your office",
        "this office", "your team", "this team", "you guys", "yall", "you all",
    ),
    "sid": (
        "student id", "student identification number", "fema sid", "student number",
        "student id number", "sid number", "fema sid number", "fema student id number",
    ),
    "fedvte": ("federal virtual training environment",),
    "emi": ("emergency management institute",),
    "nsm22": ("national security memorandum 22", "nsm"),
    "ppd21": ("presidential policy directive 21",),
    "cyber hygiene": ("cyhy", "vulnerability scanning", "vuln scanning"),
    "active shooter": ("active threat", "mass shooting", "shooter"),
    # Someone watching a site before an attack, as staff see it happen.
    "surveillance": (
        "casing", "cased", "scoping out", "photographing", "taking pictures", "taking photos",
        "taking pics", "filming",
    ),
    "detection": ("spotting", "recognizing", "recognising"),
    "ssaemo": (
        "ssa emo", "sector specific agency executive management office",
        "ssa executive management office", "executive management office",
    ),
    # "COOP" is continuity of operations; "co-op" is a cooperative.
    "cooperative": ("co op",),
    "rename": (
        "renamed", "name change", "name changed", "changed the name", "new name", "old name",
        "name is changing", "name changing", "name will change", "getting renamed",
        "being renamed", "turn into", "turned into",
        "formerly", "used to be called", "now called", "called now", "still exist",
        "called before", "always called", "originally called", "previously called",
        "terminology", "right term", "correct term", "proper term", "still a thing",
        "still exists", "still around", "exist anymore", "exists anymore", "no longer exists",
        "what became of", "who is that now", "what is that now",
        "who is it now", "what is it now", "what is it called now", "who handles that now",
        "became", "turned into", "used to be", "now instead of", "used to call",
        "use to call", "they call it", "did they call", "do they call", "what do we call",
        "what do you call",
        # Whether it is no more.
        "is it gone", "is that gone",
        # The SSA's new name: "when did SSA change to SRMA", "when did the term change".
        "change to srma", "changed to srma", "switch to srma", "switched to srma",
        "term change", "term changed",
        # An office folded into another: "was it merged into something?".
        "merged into", "merged with", "folded into", "absorbed into", "absorbed by",
    ),
    # When something began: "created", "established" and "founded" ask the same.
    "founded": (
        "created", "established", "formed", "stood up", "creation", "founding", "inception",
    ),
    # How long something takes or lasts, asked or said ("how long", "45 minutes", "2-hour").
    "duration": (
        "how long", "hour", "hours", "minute", "minutes", "how much time", "year long",
        "yearlong", "month long", "week long", "day long",
    ),
    "weekly": ("every week", "each week", "once a week"),
    "daily": ("every day", "each day", "once a day"),
    "versus": (
        "vs", "difference between", "differences between", "diff between", "same as", "same thing",
        "different from", "compared to", "compared with",
        # Said after the two sides ("SRMA vs SSA, what's the diff"); not "what is the
        # difference between", which the knowledge base's own questions say.
        "whats the diff", "whats the difference", "whats the differences", "whats the diff between",
        "whats the difference between", "whats the differences between",
        "different things", "different thing", "two different", "the same thing or",
    ),
    "dm": (
        "direct message", "private message", "message directly", "message it directly",
        "message the bot directly",
    ),
    "mention": ("tag", "at mention", "at-mention"),
    # Whether a submission says who sent it: what "anonymized" answers.
    "anonymized": (
        "anonymous", "anonymously", "anonymised", "attributed", "attribution", "attribute",
        "traced back to us", "traced back to me",
    ),
    # Shared only inside one's own organization: what TLP:AMBER+STRICT allows.
    "internal": (
        "inside our organization", "inside my organization", "inside our own organization",
        "inside my own organization", "within our organization", "within my organization",
        "inside our company", "inside my company", "within our company", "inside the company",
        "within our own organization", "within my own organization", "in house", "in-house",
    ),
    # Joining a service is done by writing to it: asking how is asking whom to reach.
    "signup": (
        "sign up", "sign-up", "signing up", "signed up", "enroll", "enrol", "enrolling",
        "enrollment", "onboard", "onboarding", "onboarded", "get onboarded",
        # "how do we join AIS", not whether it is free to join.
        "how do i join", "how do we join", "how to join", "how can i join", "how can we join",
    ),
    # Shared but kept from the public: what TLP:GREEN allows (not "public", TLP:CLEAR's).
    "notpublic": ("not public", "not publicly", "not the public", "not to the public"),
    # "just dump the list", "dump all the courses": a list asked for.
    "list": ("dump",),
    # A law by any of its names: "which statutory provision renamed the SSAs".
    "law": ("statute", "statutes", "statutory provision", "statutory", "legislation"),
    # Whether something is required is answered by an entry that says it is voluntary.
    "voluntary": (
        "voluntarily", "mandatory", "required", "mandated", "obligated", "compulsory", "optional",
    ),
    # What a service costs and whether it is free are one question.
    "free": (
        "cost", "costs", "price", "fee", "fees", "free of charge", "no cost", "charge for",
        # Having no budget asks for something free, not for a budget.
        "no budget", "zero budget", "tiny budget", "limited budget", "low budget",
        "shoestring budget", "no cyber budget", "no money",
    ),
    # Every sector at once: the list of the 16 sectors.
    "allsector": (
        "every sector", "each sector", "all the sectors", "all 16 sectors",
        "all sixteen sectors", "every ci sector", "all ci sectors", "all of the sectors",
    ),
    # Something that should have come and did not: a certificate, an email, an account.
    "missing": (
        "never showed up", "never got", "never received", "never came", "never arrived",
        "didnt get", "did not get", "didnt receive", "did not receive", "havent received",
        "have not received", "havent gotten", "still waiting for", "no certificate yet",
        "not received", "need proof", "proof of completion", "need a copy", "copy of my",
        "a new copy", "lost my", "need a transcript", "need my transcript",
        "doesnt show", "does not show", "isnt showing",
        "not showing", "doesnt show up", "not showing up",
    ),
    # The card's buttons, named as the card shows them.
    "didyoumean": ("did you mean",),
    "ip": ("office of infrastructure protection", "infrastructure protection office"),
    # Number words as digits ("ten domains" is "10 domains"); "one" is too often a pronoun.
    "2": ("two",), "3": ("three",), "4": ("four",), "5": ("five",), "6": ("six",),
    "7": ("seven",), "8": ("eight",), "9": ("nine",), "10": ("ten",), "11": ("eleven",),
    "12": ("twelve",), "13": ("thirteen",), "14": ("fourteen",), "15": ("fifteen",),
    "16": ("sixteen",), "17": ("seventeen",), "18": ("eighteen",), "19": ("nineteen",),
    "20": ("twenty",),
    # A TLP label is one term, so "TLP:GREEN" is not half of "TLP:RED".
    # A colour a document is marked with is its label: "send it out as amber".
    "tlpclear": (
        "tlp clear", "tlp white", "as clear", "as white", "marked clear", "marked white",
        "labeled clear", "labelled clear", "traffic light protocol clear",
        "traffic light protocol white",
    ),
    "tlpgreen": (
        "tlp green", "as green", "marked green", "labeled green", "labelled green",
        "traffic light protocol green",
    ),
    "tlpamber": (
        "tlp amber", "as amber", "marked amber", "labeled amber", "labelled amber",
        "traffic light protocol amber",
    ),
    "tlpamberstrict": (
        "tlp amber strict", "tlp amberstrict", "amber strict", "amberstrict",
        "traffic light protocol amber strict", "as amber strict", "marked amber strict",
        "labeled amber strict", "labelled amber strict",
    ),
    "tlpred": (
        "tlp red", "as red", "marked red", "labeled red", "labelled red",
        "traffic light protocol red",
    ),
    "partnerbot": (
        "what do you know", "what can you do", "what can you answer", "what can i ask",
        "things do you know", "how do i use you", "this bot", "the bot",
        # "You" is the bot when a partner talks to it, asks it or messages it.
        "ask you", "talk to you", "talk to the bot", "talk to partnerbot", "message you",
        "dm you", "chat with you", "what can you help with", "what can you help me with",
        "how can you help",
    ),
}

# Words of a topic that also say which kind of it is meant: a webinar is training, and not
# every course is a webinar. Read as the topic and as the word itself.
TOPIC_WORDS_KEPT: frozenset[str] = frozenset(
    """
    webinar webinars workshop workshops certificate certification exercise exercises phone
    hotline email e-mail
    """.split()
)

# Informal spellings and shorthands of single words, read as the word ("govt", "mfg", "svcs").
WORD_FORMS: dict[str, str] = {
    "gov": "government", "govt": "government", "mfg": "manufacturing", "manuf": "manufacturing",
    "svc": "service", "svcs": "services", "dept": "department", "depts": "departments",
    "nuke": "nuclear", "nukes": "nuclear", "vuln": "vulnerability", "vulns": "vulnerabilities",
    "mgmt": "management", "natl": "national", "ids": "id", "telecoms": "telecom",
    "infra": "infrastructure", "org": "organization", "orgs": "organizations", "reqs": "requirements",
    "info": "information", "locally": "local", "fin": "financial",
    # Scanning, however said; IP addresses, not the Office of Infrastructure Protection.
    "scan": "scanning", "scans": "scanning", "scanned": "scanning", "ips": "ipv4", "approx": "approximately", "sry": "sorry", "pls": "please", "tho": "though", "u": "you", "ur": "your",
    "r": "are", "q": "question", "qs": "questions", "b4": "before", "w": "with", "n": "and", "thru": "through",
    "ppl": "people",
    # Slips on small words, too short for the spelling corrector.
    "wat": "what", "wut": "what", "whta": "what", "waht": "what", "teh": "the", "hte": "the",
    # No entry speaks of a dose: "dose" is "does" mistyped.
    "dose": "does",
    # A federal holiday by its name is a holiday, which no entry keeps.
    "juneteenth": "holiday", "thanksgiving": "holiday", "christmas": "holiday",
    "nowadays": "now",
    # "Who ran it" is who runs it.
    "ran": "run",
    # "re:" is "about"; "gimme", give me.
    "re": "about", "gimme": "give", "fwd": "forward", "fw": "forward", "res": "resources",
    "sketchy": "suspicious", "doc": "document", "docs": "documents", "read": "find",
    "bldg": "building", "bldgs": "buildings", "fed": "federal", "rm": "room",
    "conf": "conference", "cmd": "command", "cmds": "commands", "thurs": "thursday",
    "thur": "thursday", "weds": "wednesday",
    # "our PLC techs" are technicians, not the IT sector.
    "techs": "technicians",
}

# Phrases that say two things at once, as the terms they stand for: what "you" lead or ran
# are the office's sectors.
TWOFOLD: dict[str, tuple[str, ...]] = {
    # A phishing email is a message received, not an address asked for.
    "phishing email": ("phishing", "message"), "phishing emails": ("phishing", "message"),
    "you lead": ("sopd", "@lead"), "you led": ("sopd", "@lead"), "you run": ("sopd", "@lead"),
    "you ran": ("sopd", "@lead"),
    **{
        f"{office} {verb}": ("sopd", "@lead")
        for office in (
            "your office", "this office", "your division", "you guys", "the office behind you",
            "the office behind this bot",
        )
        for verb in ("lead", "leads", "led", "run", "runs", "ran")
    },
}

# Names of programs, rules, documents and offices the knowledge base does not cover, each read
# as one term: its words ("national", "framework", "risk management") are not the entries'.
# A question about one of the programs is not answered by an entry that never mentions it.
OTHER_PROGRAMS: dict[str, tuple[str, ...]] = {
    "nrf": ("national response framework",),
    # DHS's chemical security regulation: the Chemical card only says it is apart from the SRMA.
    "cfats": ("cfat", "chemical facility anti terrorism standards"),
    "nims": ("national incident management system",),
    # FEMA's Incident Command System courses, not the control systems ones ("ICS 101").
    "incidentcommand": (
        "incident command system", "incident command", "ics 100", "ics 200", "ics 300",
        "ics 400", "ics 700", "ics 800",
    ),
    "npg": ("national preparedness goal",),
    "cpg": (
        "cross sector cybersecurity performance goals", "cybersecurity performance goals",
        "performance goals", "cpgs",
    ),
    "rmp": ("risk management program", "risk management plan rule", "rmp rule"),
    "safetyact": ("safety act",),
    "securitydirective": ("security directive", "security directives"),
    "staffordact": ("stafford act",),
    "perdiem": ("per diem",),
    # Where to stay, what to wear and what to bring to a course away from home.
    "lodging": (
        "hotel recommendation", "hotel recommendations", "recommend a hotel", "where to stay",
        "place to stay", "gov rate", "government rate", "hotel block", "hotel rate",
        "hotel rates", "per diem", "fee for the hotel", "hotel near inl", "hotel out at",
        "hotels in idaho falls",
    ),
    "whattobring": (
        "dress code", "dress codes", "what to wear", "bring my laptop", "bring my own laptop",
        "bring a laptop", "bring my personal laptop", "bring our laptops", "bring our own laptops",
    ),
    "fsisac": ("fs isac",), "msisac": ("ms isac",), "eisac": ("e isac",),
    "nctc": ("national counterterrorism center",),
    "nrcoperationscenter": ("nrc operations center", "nrc ops center"),
    "wsd": ("water security division",),
    "tria": ("terrorism risk insurance act", "terrorism risk insurance"),
    "publicserviceannouncement": ("public service announcement", "public service announcements"),
    "securityclearance": ("security clearance", "security clearances"),
    "disasterassistance": (
        "disaster assistance", "disaster relief", "individual assistance", "public assistance",
        "disaster loan", "disaster loans", "sba loan", "sba loans", "sba disaster loan",
    ),
    # FEMA's and the ICC's safe room and storm shelter standards.
    "saferoom": (
        "safe room", "safe rooms", "storm shelter", "storm shelters", "fema p-361", "p-361",
        "icc 500",
    ),
    "nfip": ("national flood insurance program", "flood insurance"),
    "hsgp": ("homeland security grant program", "homeland security grant", "homeland security grants"),
    "circia": ("cyber incident reporting for critical infrastructure act", "incident reporting law"),
    "kev": ("known exploited vulnerabilities", "known exploited vulnerability"),
    # CISA's and DHS's other programs and ratings, which no entry covers.
    "protectivedns": ("protective dns", "pdns"),
    "ctep": ("ctep", "cteps", "tabletop exercise package", "tabletop exercise packages"),
    "ntas": ("ntas", "national terrorism advisory system"),
    "c2m2": ("c2m2", "cybersecurity capability maturity model"),
    # Calling emergency services is no question about the sector's contact.
    "call911": ("call 911", "dial 911", "calling 911"),
    # CISA's numbered regions and their offices.
    "cisaregion": tuple(f"region {n}" for n in range(1, 11)),
    "cmmc": ("cybersecurity maturity model certification",),
    # The Interagency Security Committee's levels for federal facilities, which no entry keeps.
    "facilitysecuritylevel": (
        "facility security level", "facility security levels", "interagency security committee",
        "isc standard", "level iii", "level iv", "level v",
    ),
    # A person's own number, which no entry gives (an office's line is its contact's).
    "personalnumber": (
        "cell number", "cell phone number", "personal cell", "personal number", "mobile number",
        "home number", "personal phone", "personal email", "direct cell",
    ),
    # The FBI's partnership with the private sector.
    "infragard": ("infra gard", "fbi infragard"),
    # A post open to applicants ("any openings on the Dams sector team?"), which no entry keeps.
    "vacancy": ("any openings", "job openings", "job opening", "open positions"),
    # Slack's own settings, which Slack's help answers, not partnerbot.
    "slacksettings": (
        "notification sound", "notification sounds", "notification settings", "dark mode",
        "slack workflow", "slack workflows", "workflow builder",
    ),
    # Being signed out of a site or app ("slack keeps logging me out"): its own help desk's.
    "signedout": ("logging me out", "logs me out", "logged me out", "signing me out"),
    "fdic": ("federal deposit insurance corporation", "deposit insurance"),
    "hipaa": ("health insurance portability and accountability act",),
    "nle": ("national level exercise", "national level exercises"),
    "stopthebleed": ("stop the bleed",),
    "seesomethingsaysomething": (
        "if you see something say something", "see something say something",
    ),
    "travelvoucher": (
        "travel voucher", "travel vouchers", "travel reimbursement", "travel card",
        "government travel card",
    ),
    "speakerrequest": ("speaker request", "request a speaker", "cisa speaker", "guest speaker"),
    "awia": ("americas water infrastructure act", "water infrastructure act"),
    "fooddefenseplanbuilder": ("food defense plan builder", "fdpb"),
    "dotgov": ("gov domain", "gov domains", "government domain", "dotgov", "dot gov"),
    "twic": ("transportation worker identification credential", "twic card", "twic cards"),
    "precheck": ("tsa precheck", "pre check", "global entry"),
    "cui": ("controlled unclassified information",),
    "schoolsafety": ("school safety gov", "schoolsafety gov"),
    "rva": ("risk and vulnerability assessment", "risk and vulnerability assessments"),
    "nfpa": ("nfpa 3000", "national fire protection association"),
    "psm": ("process safety management", "osha psm"),
    "cyberstorm": ("cyber storm", "national cyber exercise", "national cyber exercises"),
    "dfars": ("dfars", "dfars 7012", "defense federal acquisition regulation supplement"),
    "webeoc": ("webeoc", "web eoc"),
    "continuingeducation": (
        "continuing education", "ceu", "ceus", "pdh", "pdhs", "cpe credits", "pe hours",
        "ce credit", "ce credits", "ce hours",
    ),
    "clearance": (
        "security clearance", "security clearances", "secret clearance", "top secret clearance",
        "clearance", "clearances", "ts sci",
    ),
    "avianflu": ("avian flu", "bird flu", "avian influenza", "hpai"),
    # One's own insurance (a premium, what a policy covers or requires), not the insurers of
    # the financial services sector.
    "insurancepolicy": (
        "insurance premium", "insurance premiums", "cyber insurance", "insurance cover",
        "insurance coverage", "insurance policy", "insurance policies", "insurance company make",
        "insurance requirement", "insurance requirements",
    ),
    # Asking for an agency's records: the PCII entry says only what FOIA cannot reach.
    "foiarequest": (
        "file a foia request", "file a foia", "submit a foia request", "make a foia request",
        "filing a foia request", "foia request with", "foia a copy", "foia request to",
        "foia request how", "appeal a denied foia", "denied foia request", "foia appeal",
    ),
    # CFATS's own tool and its first screen, which no entry covers.
    "csat": ("chemical security assessment tool", "top screen", "top-screen", "topscreen"),
    # Where to park at an office or a meeting.
    "wheretopark": ("where do i park", "where to park", "where can i park"),
    # Other identification numbers than the FEMA Student ID.
    "otherid": (
        "tax id", "tax id number", "ein", "employer identification number", "uei",
        "uei number", "unique entity id", "duns", "duns number",
    ),
}

# The states, as a message names them ("the Ohio fusion center").
US_STATES = (
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut",
    "delaware", "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas",
    "kentucky", "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota",
    "mississippi", "missouri", "montana", "nebraska", "nevada", "new hampshire", "new jersey",
    "new mexico", "new york", "north carolina", "north dakota", "ohio", "oklahoma", "oregon",
    "pennsylvania", "rhode island", "south carolina", "south dakota", "tennessee", "texas",
    "utah", "vermont", "virginia", "washington", "west virginia", "wisconsin", "wyoming",
)

# Other things a message may name besides its question, each read as one term.
OTHER_TERMS: dict[str, tuple[str, ...]] = {
    # What someone's job is, not a job to apply for ("did the job change?").
    "role": ("the job of", "their job", "its job", "job description", "job change", "job changed"),
    # A report one writes is a document, not reporting an incident.
    "documentreport": (
        "annual report", "annual reports", "quarterly report", "final report", "status report",
        "progress report", "board report",
    ),
    "fieldoffice": ("field office", "field offices"),
    # FEMA's numbered regions, where a meeting was held, are not CISA's regional offices.
    "femaregion": tuple(f"fema region {n}" for n in range(1, 11)),
    # A document's exact words, which no entry quotes.
    "verbatim": ("word for word", "verbatim", "exact wording", "exact words"),
    # An email received is a message, not an address asked for.
    "message": (
        "got an email", "received an email", "an email marked", "email marked", "emails marked",
        "email came in", "email from our", "the email says", "the email said",
    ),
    # An agency's watch officer is no council's Designated Federal Officer.
    "dutyofficer": ("duty officer", "duty officers", "watch officer", "on call officer"),
    # Who holds an office today: people the knowledge base names only as of a date
    # (text.normalise also reads "the current SOPD director" so).
    "incumbent": (
        "who replaced", "successor", "doing now", "still at cisa", "still with cisa",
        "still work there", "still works there", "took over as", "took over from",
        "taken over as", "which tribe", "running it now", "runs it now", "leading it now",
        "leads it now", "heading it now", "in charge now", "in charge of it now",
        # Before "who runs", which asks who leads: "who runs it now?" after an office.
        "who runs it now", "who runs that now", "who runs it today", "who runs it these days",
    ),
    # Where a service's scans come from, which no entry gives.
    "scanneraddress": (
        "source ip", "source ips", "source ip addresses", "source addresses", "scanner ips",
        "scanning ips", "ip range", "ip ranges",
    ),
    # The Army Corps of Engineers runs dams; it is no defense contractor.
    "usace": ("army corps", "army corps of engineers", "corps of engineers", "us army corps"),
}
OTHER_NAMES: dict[str, tuple[str, ...]] = {**OTHER_PROGRAMS, **OTHER_TERMS}

# Facts the knowledge base keeps for no entry unless the entry says them: a budget, a deadline,
# how one is appointed, a ranking, an event's dates, whether something is required. A question
# asking one of an entry that never mentions it ("the PSA program's annual budget") is a gap.
UNKEPT_FACTS: frozenset[str] = frozenset(
    """
    budget budgets funding funded fiscal appropriation appropriations salary salaries deadline
    deadlines appoint appointed appointment nominate nominated nomination priority priorities
    prioritize prioritized ranking ranked summit summits symposium expo
    voluntary incumbent capacity chair chairman chairwoman chairperson holiday holidays liable
    liability lawsuit sue sued suing attorney job jobs career careers vacancy vacancies pto vacation grant
    grants weather forecast zoom webex verbatim lapse lapsed reauthorize reauthorized
    reauthorization criteria satisfy satisfies spanish translated translation reimburse
    reimbursed reimbursement overtime firearm firearms armed macos mac windows linux url urls
    hiring tax taxes deduct deductible deduction shutdown furlough furloughed mute muted unmute
    configure configured configuring configuration allowlist allowlisted whitelist whitelisted
    datum projection penalty penalties iphone ipad android splunk scanneraddress
    """.split()
)

# Federal agencies other than the office's own (CISA, DHS), as a pattern: their contacts are
# theirs to give ("DOE's 24/7 line", "who do I call at the FAA").
OTHER_AGENCIES = (
    r"(?:doe|hhs|epa|usda|fda|treasury|dod|dot|tsa|gsa|fps|nrc|osha|ferc|uscg|coast guard|"
    r"ncua|fema|faa|fbi|nuclear regulatory commission|department of energy)"
)

# Ways of asking that say nothing of what is asked: read as no words at all.
# What people who write in call their jobs: "county IT director here", "emergency coordinator
# for a grocery distributor".
JOB_TITLES: tuple[str, ...] = (
    "coordinator", "manager", "director", "officer", "analyst", "engineer", "chief",
    "specialist", "supervisor", "planner", "administrator", "clerk",
)

STOP_PHRASES: tuple[str, ...] = (
    "in plain english", "plain english", "in simple terms", "simple terms", "in laymans terms",
    "laymans terms", "in practical terms", "practical terms", "in plain terms", "plain terms",
    "in plain language", "plain language", "in a nutshell", "in the first place", "tldr",
    "tl dr", "eli5", "in one line", "in a line", "in one sentence", "in a sentence", "in a few words",
    "short version", "the short version",
    # Where a claim was read, not what is asked: "saw an infragard chapter page that says ...".
    "infragard page", "infragard chapter page", "infragard site", "infragard website",
    # Hedges: how sure the asker is, not what is asked ("so communications I guess").
    "i guess", "i suppose", "i assume", "i reckon", "i believe", "i think",
    "day to day", "something else",
    # Any sector, not one: "what does the SRMA actually do for a sector?".
    "for a sector", "for any sector", "for a given sector", "in a given sector",
    "back in the day",
    # When, not what: "... an online course before the holidays".
    "before the holidays", "after the holidays", "over the holidays", "during the holidays",
    "next time",
    # What else, not what: "what's in the dams sector besides dams?".
    "besides", "apart from", "other than",
    # Which part of something, not what: "who leads the hurricane barriers side of things".
    "side of things", "side of the house",
    "or something", "or what", "or not",
    # The same question again: "is that still a thing or did it change?".
    "or did it change", "or did that change", "or has it changed", "or has that changed",
    # Where one types from: "driving, list contacts for dams".
    "on my phone", "on phone", "on the phone",
    "from my phone", "on mobile", "typing on phone", "typing on my phone", "typing on mobile",
    "driving", "in the car",
    # Who is asking, not what: "hotel chain security director here".
    "security director", "director of security", "security manager", "security officer",
    "security lead", "head of security", "ciso", "cso", "safety manager", "facility manager",
    "facilities manager", "plant manager", "compliance officer", "risk manager",
    # "What share of the economy" asks how big, not about sharing; "the number of sectors" how
    # many, not a phone number.
    "share of", "percent of", "percentage of", "portion of", "number of", "numbers of",
    # When something happens, not what: "where do I report it if we see something weird".
    "if we see something", "if we see anything", "if we notice something",
    # An apology for one's English, or for asking, says nothing of the question.
    "my english", "my bad english", "my poor english", "my bearings", "our bearings", "if basic", "if this is basic",
    "if thats basic", "basic question", "dumb question", "stupid question", "silly question",
    "noob question", "newbie question",
    # Why one asks, not a job asked about: "I need to take IS-907 for my job".
    "for my job", "at my job", "in my job", "for my new job", "at my new job", "for our jobs",
    "at my old job", "at my last job", "at my previous job", "at my former job", "my old job",
    "my last job", "my previous job",
    "job application", "a job application",
    # A meeting where something was heard, not a phone call asked for.
    "on the call", "on a call", "on our call", "conference call", "regional call", "weekly call",
    "monthly call", "quarterly call",
    # Whether it fits, not what it is: "courses that would make sense for staff at chemical
    # plants".
    "make sense", "makes sense", "made sense", "would make sense",
    # Who keeps saying it, not what is asked: "what's the PPD-21 thing everyone keeps citing".
    "keeps citing", "keep citing", "keeps mentioning", "keep mentioning", "keeps bringing up",
    "keep bringing up",
    # A short account of a thing is what it is: "a one-pager on what SOPD is", "the basics on".
    "the basics on", "the basics of", "basics on", "basics of", "the basics", "an overview of",
    "a rundown on", "a one-pager on", "a one pager on", "a 1-pager on", "a 1 pager on",
    "a one-liner on", "a one liner on", "talking points", "a rundown of what", "a rundown of how",
    # When it is needed by: "before our meeting thursday".
    "before our meeting", "before the meeting", "before my meeting", "before our board meeting",
    "before our mtg", "before the mtg", "before my mtg",
)

# Labels of one family exclude each other: a question about TLP:CLEAR is not about TLP:GREEN.
LABEL_FAMILIES: dict[str, tuple[str, ...]] = {
    "tlp": ("tlpclear", "tlpgreen", "tlpamber", "tlpamberstrict", "tlpred"),
}

# Words that name the place or the business after a sector ("chemical plant", "hydro
# facility", "water utility", "chlorine manufacturing"): they belong to the sector's name, not
# to the question.
FACILITY_WORDS: frozenset[str] = frozenset(
    """
    plant facility site utility company operator provider station terminal manufacturing
    manufacturer maker yard
    """.split()
)

# Words that are never folded as plurals: "does" is not the plural of DOE.
NOT_PLURALS: frozenset[str] = frozenset(
    "does goes yes this has was gas bus ems ess cfs dhs ics news lens always perhaps saas".split()
)

# Adverbs that only stress what they stand next to, or say how the answer is wanted, dropped
# before phrases are looked up: "what do you actually know" is "what do you know", "what is
# it, quickly?" is "what is it".
INTENSIFIERS: frozenset[str] = frozenset(
    "actually really exactly just even basically literally simply truly honestly quickly "
    "briefly".split()
)

# Words that end what a message says of whom something is for ("a course for our front desk
# staff and ..."): it asks something else after them.
AUDIENCE_ENDS: frozenset[str] = frozenset(
    "and or but who what how which where when is are do does can could should ideally "
    "preferably hopefully".split()
)

# Words that carry no meaning in a question ("who is the ... for ..."): ignored.
STOPWORDS: frozenset[str] = frozenset(
    """
    a about above after again all am an and any anyone anything are as at be been being it it
    but by can could did do does doing for from had has have having he her here hers him his
    how i i'd i'm im if in into is it's its itself just let lets me might more most my myself
    no nor not of off on once only or other our ours out over own please same she should so
    some such than that thats the their theirs them then there these they this those through
    to too under until up very was we were what whats when where which while who whos whom
    why will with would you your yours hi hello hey thanks thank thx pls plz ok okay yes yeah
    also really quick question wondering wonder know tell need needs want wanted looking look
    find get got give gave given us guys folks team all anybody someone somebody kind sort maybe
    somewhere anywhere
    actually basically currently right now today again something things thing stuff there's
    does anyone here can't cant dont don't isnt isn't am meaning mean means definition
    define explain stand stands acronym many much anyway sorry apologies dumb silly meant
    lol lmao haha fyi btw tbh imo iirc afaik bc cuz else one ones first
    ourselves yourselves themselves yourself himself herself without everyone everybody even
    though although actual monday tuesday wednesday thursday friday saturday sunday
    roughly approximately ballpark youve weve ive theyve whatever weird odd strange kindly
    """.split()
)

# Common words that are not stopwords but say little about the topic: counted lightly, so a long
# friendly message is not mistaken for an off-topic one. "versus" ("the same as", "difference
# between") is the shape of a question, not its topic.
FILLER: frozenset[str] = frozenset(
    """
    run running work working job company organization organisation org small mid size large big
    local state city county our we're trying try figure figuring out help helpful info
    information best good new latest current exactly like
    use using used way ways go going make sure able start started send sent produce produces
    producing production producer producers manufacture manufactures manufactured
    coordinate coordinating should would specific specifically particular general sector
    sectors which whom folks partner partners owner operator owners operators member members
    us usa u.s united states federal government gov department office official officially
    manage manager managing director head security secure protect protection happen happened
    whatever became versus operate operates operating few couple export exports import imports
    purpose purposes people staff employees personnel workforce crew crews
    recommend recommended recommendation recommendations suggest suggested suggestion
    suggestions think thinks thought believe believes overall took taken
    """.split()
)

# Words that make up greetings, thanks, sign-offs and acknowledgements, and nothing else:
# a message of these words only is small talk.
COURTESY: frozenset[str] = frozenset(
    """
    hi hii hiya hello helo hey heya howdy yo greetings morning afternoon evening night good
    gm thanks thank thanx thx ty tysm tks cheers much so very lot lots a ton appreciate
    appreciated appreciation awesome great nice cool perfect wonderful excellent amazing
    brilliant lovely sweet fantastic bye goodbye cya see you later ya soon take care have
    day weekend week all everyone everybody folks team there again ok okay k kk alright got
    it noted understood sounds yes yeah yep yup no nope nah sure fine lol haha hah how are
    is doing going things whats up sup well partnerbot bot buddy friend dear welcome np fyi
    problem cheerio ciao hola aloha and for the your help helping oh ah wow ha heh hehe neat
    hope hoping hopefully everyones had enjoy enjoyed happy friday monday holiday holidays
    that this helped helps worked works test testing ping anyone anybody someone here real
    person human i have question quick something can ask me my pleasure thats heading
    out off signing logging done gtg ttyl fair enough set anyway anyways youre having super
    helpful useful handy nvm nevermind never mind pretty really quite smart clever impressive
    bunch sorry sry oops apologies god bless blessings hows btw lifesaver gracias merci
    """.split()
)

# Courtesy words that make a message thanks rather than a greeting.
THANKS: frozenset[str] = frozenset(
    """
    thanks thank thanx thx ty tysm tks cheers appreciate appreciated gracias merci lifesaver
    """.split()
)

# Words that ask or say what is wanted: "I'm new and want to know which sector we're in" is no
# introduction alone.
WANTING: frozenset[str] = frozenset(
    """
    what who whom whose which where when why how whether if any anyone know wondering wonder
    looking trying need needs want wants wanted help question questions ask asking asked
    find figure curious tell confirm please
    """.split()
)

# Courtesy words that make a message a goodbye.
BYE: frozenset[str] = frozenset(
    """
    bye goodbye cya later soon care cheerio ciao night heading signing logging gtg ttyl
    nvm nevermind never
    """.split()
)

# Saying the last answer missed, and nothing more: "that wasn't helpful", "wrong answer",
# "that's not what I asked". Every word is one of these ...
MISSED: frozenset[str] = frozenset(
    """
    no nope nah hmm hm ugh um sorry but lol well ok okay that thats this it its your the last
    answer reply is was isnt wasnt didnt doesnt did does not totally completely so really very
    at all quite helpful help useful useless unhelpful right correct incorrect wrong bad what i
    asked meant wanted needed looking for me try again
    """.split()
)
# ... and one of these says it missed.
MISSING: frozenset[str] = frozenset(
    "not isnt wasnt didnt doesnt useless unhelpful wrong incorrect bad".split()
)

# Words that point back at what was said before ("who do I contact there?").
REFERRING: frozenset[str] = frozenset(
    """
    that there it its them they their this those these mine ours theirs one same he she him
    """.split()
)

# Asking whether what was just answered still holds ("is that email still good?", "are both
# still current?"): a question about the answer itself, with what may be said of it.
STILL_HOLDS: frozenset[str] = frozenset(
    """
    still current valid work works working accurate correct true active live monitored
    outdated stale old legit reliable dead bounce bounces bouncing date look looks seem seems
    """.split()
)
WHAT_AN_ANSWER_GIVES: frozenset[str] = frozenset(
    """
    email emails address addresses number numbers phone link links url page site website form
    inbox info information contact name good ok okay right up to hq dhs gov government cisa
    domain
    """.split()
)

# Asking how what was just answered stood before ("and before NSM-22?", "was it always them?",
# "when did it become a sector"): the entry says its history itself.
ITS_HISTORY: frozenset[str] = frozenset(
    """
    before after since under always originally previously prior earlier become became change
    rename called switch replaced still ppd21 nsm22 hspd 7 sector history historically same
    exist existed move moved shift shifted
    """.split()
)

# Words that ask of two things together, not of each ("where do the two of them coordinate?",
# "what's the difference between the two?").
JOINT: frozenset[str] = frozenset(
    """
    coordinate coordinates together meet meeting relate related relationship relation connect
    connected difference differences different differ compare comparison versus vs between
    overlap overlaps
    """.split()
)

# Words that ask for a list ("show me all the training"), not what it is a list of.
LISTING: frozenset[str] = frozenset(
    """
    list lists show display see view browse all every everything available offer offered
    offering have has there options catalog catalogue any some give get name names full
    complete whole other others table chart rundown option options pull
    """.split()
)
