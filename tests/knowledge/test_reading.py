"""Reading messages as the bot reads them: tables of (what the user says, what the reading is).

Expectations are written like the question sets': an entry id, a list of acceptable ids, None
(no entry), {"reply": kind}, {"browse": kind, "sector": slug or [slugs]}, {"answers": [...]}.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.reading_sets import right
from knowledge.answers import Context, Reading
from knowledge.index import load_index
from knowledge.matcher import Matcher
from knowledge.reading import describe, next_context, read

_MATCHER = Matcher(load_index())


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return _MATCHER


def _describe(reading: Reading) -> str:
    if reading.kind == "browse" and reading.browse is not None:
        return f"browse {reading.browse.kind} {reading.browse.sectors}"
    if reading.kind != "question":
        return f"{reading.kind} {reading.talk or ''}"
    return " + ".join(p.result.best.entry.id if p.result.best else "none" for p in reading.parts)


def _check(matcher: Matcher, said: str, expected, context: Context | None = None) -> Reading:
    reading = read(said, matcher, context)
    assert right(expected, reading), f"{said!r} was read as {_describe(reading)}"
    return reading


SMALLTALK = {"reply": "smalltalk"}


@pytest.mark.parametrize(
    ("said", "talk"),
    [
        ("hi", "greeting"),
        ("hello there", "greeting"),
        ("ok thx anyway", "thanks"),
        ("thanks!! super helpful 🙏", "thanks"),
        ("Good morning partnerbot! Hope you're having a good day :sunny:", "greeting"),
        ("good morning", "greeting"),
        ("hey partnerbot, how are you?", "greeting"),
        ("thanks!", "thanks"),
        ("thank you so much :pray:", "thanks"),
        ("great, thanks a bunch! :raised_hands:", "thanks"),
        ("cheers, have a good weekend!", "thanks"),
        ("cheers, that did it :+1:", "thanks"),
        ("good morning partnerbot, how are you today?", "greeting"),
        ("lol ok that's what I thought, ty", "thanks"),
        ("sorry my english is not so good, thank you for your patience with me", "thanks"),
        ("that worked, thanks", "thanks"),
        ("bye", "bye"),
        ("ok nvm", "bye"),
        ("ok cool 👍", "greeting"),
        ("lol you're pretty smart for a bot", "greeting"),
        # Taking an answer in is thanks in other words.
        ("thanks, that's what I needed", "thanks"),
        ("ok will use the form. ty :+1:", "thanks"),
        ("makes sense", "thanks"),
        ("😀🔥🚒", "empty"),
        ("\x1b[A", "empty"),
        ("", "empty"),
        ("<@U024BE7LH>", "empty"),
        # Only what a forwarded mail brings along.
        ("---------- Forwarded message ---------", "empty"),
        ("Sent from my iPhone", "empty"),
        ("good morning! hope everyone had a nice weekend", "greeting"),
        ("thx, that helped a lot :+1:", "thanks"),
        ("is anyone there?", "greeting"),
        ("test", "greeting"),
        ("I have a quick question", "greeting"),
        ("thanks my friend", "thanks"),
        ("neat, thx", "thanks"),
        ("thanks, that's all for now", "thanks"),
        ("thanks, that's all I needed", "thanks"),
        ("thanks, that's all for today", "thanks"),
        ("that's all we need for now", "thanks"),
        # Saying what one has done already asks nothing.
        ("ok we already called 911 and building security, thanks", "thanks"),
        ("ok submitted via the form, thanks :+1:", "thanks"),
        ("heading out :v:", "bye"),
        ("oops sorry", "greeting"),
        ("fair enough, thanks", "thanks"),
        ("thanks, all set", "thanks"),
        ("thx <@U05ABCD99> fyi", "thanks"),
        # A full stop inside a word ends no clause.
        ("ok i'll look on cisa.gov, thanks", "thanks"),
        # Saying the answer was enough, or thanking for the time it took.
        ("thank you so much, that clears it up", "thanks"),
        ("appreciate your patience with me", "thanks"),
        ("God bless, thanks", "thanks"),
        ("bye, thanks for the help today", "thanks"),
        # Saying who one is asks nothing.
        ("hi im the new intern 👋", "greeting"),
        ("good morning partnerbot, first day here! :tada:", "greeting"),
        ("hi, I'm Sam, new here", "greeting"),
        ("Hi there, I'm the facility manager at a 300-bed hospital", "greeting"),
        ("ty!! that's exactly what I needed for the memo", "thanks"),
        ("oh nice. hey btw how's your day going", "greeting"),
        ("great thank you!! she'll be thrilled", "thanks"),
        ("ok thanks, i'll pass that along", "thanks"),
        ("thank you, this was really helpful", "thanks"),
        # Thanks for help given before, with the story of how it went, asks nothing.
        (
            "Just wanted to say thanks. I asked about TLP and the scanning here last week and my "
            "board meeting went great. Really appreciate it :raised_hands:",
            "thanks",
        ),
        ("so 3 sites, 3 different agencies. love it 🙃 thanks", "thanks"),
        # Thanks in other words, or closed with a sign-off; and a message sent to the wrong place.
        ("you're a lifesaver, ty 🙏", "thanks"),
        ("gracias, very useful :pray:", "thanks"),
        (
            "Thanks so much, that's exactly what I needed for the board packet. Appreciate it "
            ":pray:",
            "thanks",
        ),
        ("perfect, that's exactly what i needed 🙏 have a good weekend", "thanks"),
        ("lol sorry wrong chat", "bye"),
        # Must keep: an acknowledgement that ends in a word of courtesy ("it", "good").
        ("cheers, that did it :+1:", "thanks"),
        ("sorry my english is not so good, thank you for your patience with me", "thanks"),
        # Saying the answer missed asks for the question again, not for an answer.
        ("that wasn't helpful", "missed"),
        ("thats not what I asked", "missed"),
        ("Wrong answer.", "missed"),
        ("useless :(", "missed"),
        ("nope, that's not it", "missed"),
        ("your last answer was wrong, try again", "missed"),
        ("ok thanks, that clears everything up", "thanks"),
        ("thx, my director appreciates it", "thanks"),
    ],
)
def test_small_talk_gets_a_friendly_reply_never_a_gap(matcher: Matcher, said: str, talk: str):
    reading = _check(matcher, said, SMALLTALK)
    assert reading.talk == talk
    assert not reading.gap


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("not helpful, who leads dams?", "sector-dams"),
        ("your last answer was not helpful, who leads dams?", "sector-dams"),
        ("that was wrong. what is CIPAC?", "body-cipac"),
        # What the feedback buttons do is a question of what the bot stores.
        ("if I click Not helpful, does anyone on your team see it?", "bot-privacy"),
        ("does anybody read the thumbs down feedback?", "bot-privacy"),
        ("no, I meant the workshop one", "training-active-shooter-workshops"),
        ("is NCCIC the wrong place to report a cyber incident?", "contact-nccic-cyber-incidents"),
    ],
)
def test_a_complaint_with_a_question_is_the_question(matcher: Matcher, said: str, expected):
    reading = read(said, matcher)
    assert reading.kind == "question"
    assert reading.result.best is not None and reading.result.best.entry.id == expected


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("help", {"reply": "help"}),
        ("fine. what can you actually help with", {"reply": "help"}),
        # A longer message whose only question is how to use the bot.
        (
            "Hi, first time here. A coworker added me to this workspace and said to ask the bot. "
            "I'm not sure what you're for — what sort of questions do you handle?",
            {"reply": "help"},
        ),
        # "put me in touch with" asks whom to reach.
        ("put me in touch with the dams team", "contact-dams-sector"),
        ("help me please", {"reply": "help"}),
        ("what can you do", {"reply": "help"}),
        # Typed on a phone: "u", "kinda", a shouted "HELP", what the bot is for asked first.
        ("what kinda stuff do u answer", {"reply": "help"}),
        ("HELP what is this thing", {"reply": "help"}),
        ("is this bot just for cyber or what can i ask u", {"reply": "help"}),
        ("help, what is the SLTTGCC", "body-slttgcc"),
        # The bot named first; the first day said first; the topics it covers.
        ("@partnerbot what kinds of questions can I ask you?", {"reply": "help"}),
        ("hello! first day using this. what is partnerbot for?", {"reply": "help"}),
        ("what topics do you cover", {"reply": "help"}),
        ("hi! new to the team. what can you do?", {"reply": "help"}),
        ("I'm new to the team, what can you do?", {"reply": "help"}),
        (
            "hi, I'm new here (started this week at a port authority) — what sort of things can "
            "you help me with?",
            {"reply": "help"},
        ),
        ("capabilities?", {"reply": "help"}),
        ("first time here — what do you answer?", {"reply": "help"}),
        # An apology for one's English before a question asks it.
        ("sorry for my bad english, who leads dams?", "sector-dams"),
        ("what can you do for me exactly? new here", {"reply": "help"}),
        # After being turned down: what it can do instead.
        ("what CAN you help with then", {"reply": "help"}),
        ("what else can you help with", {"reply": "help"}),
        ("how do I use this", {"reply": "help"}),
        ("hey partnerbot what can you do?", {"reply": "help"}),
        ("ha ok. what can you do?", {"reply": "help"}),
        # An apology opens it as a greeting does.
        ("sry what can you do?", {"reply": "help"}),
        ("im new, what is this bot for?", {"reply": "help"}),
        ("what sorts of questions can I ask you?", {"reply": "help"}),
        ("what kind of stuff can you help me with?", {"reply": "help"}),
        ("what is this bot for", {"reply": "help"}),
        ("what are you? what is this bot for", {"reply": "help"}),
        ("Hello, what things you are able to help me with?", {"reply": "help"}),
        ("new here, how does this bot work", {"reply": "help"}),
        ("ok how do I use you exactly, first time trying this bot", {"reply": "help"}),
        (
            "Hey there, first time using this thing — a coworker in <#C0452KQ|infra-security> "
            "said you could help. What kinds of questions can I ask you?",
            {"reply": "help"},
        ),
        ("hi, new here. what kinds of things can this bot help with?", {"reply": "help"}),
        ("new here - what is this bot for and what kind of stuff can I ask it?", {"reply": "help"}),
        ("how do i even use u", {"reply": "help"}),
        ("what else can you do", {"reply": "help"}),
        # The slash command's help typed as a message.
        ("/ci help", {"reply": "help"}),
        (
            "Hi partnerbot, I'm new at the state office and was told to use you. How do I use "
            "you? What do I type?",
            {"reply": "help"},
        ),
        (
            'Hi! Someone added me to this workspace and said to "ask partnerbot". What kind of '
            "stuff can you help me with?",
            {"reply": "help"},
        ),
        (
            "Hi, first time using this - how does this thing work? what should I ask you?",
            {"reply": "help"},
        ),
        (
            "What kinds of questions can you answer? Just trying to figure out if this is worth "
            "pinning in our channel :pushpin:",
            {"reply": "help"},
        ),
        # A question about options is no call for help.
        (
            "we want to assess our cyber resilience without a technical audit. options?",
            "resource-crr",
        ),
        ("help. who leads dams?", "sector-dams"),
        # Asking what the bot is asks for the help, and beside a question asks nothing of it.
        ("are you a person or a bot? what kind of things can I ask you?", {"reply": "help"}),
        ("r u a real person", {"reply": "help"}),
        ("are you a bot or a person? who leads dams", "sector-dams"),
        ("what can you do? who leads dams", "sector-dams"),
        # "and now?" asks again; only "for now" signs off.
        ("and now?", None),
        # A greeting or thanks around a question is context.
        ("hi, who leads dams?", "sector-dams"),
        ("thanks! also who leads the water sector?", "sector-water-and-wastewater"),
        ("thanks for your help", SMALLTALK),
        # ... but not when a question follows it, with or without its mark.
        ("ok I'll email them. what's the NICC number", "contact-nicc"),
        ("we will use it for our exercise, is there a template", None),
        # The bot's own manual is still a question.
        ("how do i talk to partnerbot", "bot-how-to-ask"),
        # Asked indirectly.
        ("Dear bot, I am new. Please tell what you can help me with.", {"reply": "help"}),
        (
            "hi, first time using this bot. how does it work, do i just type a question?",
            {"reply": "help"},
        ),
        (
            "good morning! day 5 as the new emergency manager for lake county. what kinds of "
            "things can you help me with?",
            {"reply": "help"},
        ),
        ("please tell me what you can do", {"reply": "help"}),
        (
            "is this bot only for cyber stuff or can I ask about physical security too? not sure "
            "what it covers",
            {"reply": "help"},
        ),
        (
            "what can this bot actually do? I run a grain elevator and I'm not sure any of this is "
            "for me",
            {"reply": "help"},
        ),
        # What it knows, asked before asking anything, after saying who asks.
        ("what does partnerbot know about", {"reply": "help"}),
        (
            "hello bot, a colleague said you're the thing to ask about federal CI partnership "
            "stuff. I'm a utility person, we do electric and gas. before I start typing questions, "
            "what do you actually know about / what can you do?",
            {"reply": "help"},
        ),
        # ... said lost or new, or with what the bot is for asked after it.
        ("i'm lost, what kinds of questions can u answer", {"reply": "help"}),
        ("im lost, how does this thing work", {"reply": "help"}),
        ("new here, what kind of stuff do you know / how does this work", {"reply": "help"}),
        ("what can you do? is this only for sector questions?", {"reply": "help"}),
        # ... after saying where one works and that one does not know what the bot is.
        (
            "Hi! Just got added to this workspace by our state's CI coordinator. I work at a "
            "mid-size hospital in emergency management. I'm not totally sure what you are or "
            "what I can ask. What kinds of things can you help me with?",
            {"reply": "help"},
        ),
    ],
)
def test_help_and_courtesy(matcher: Matcher, said: str, expected):
    _check(matcher, said, expected)


@pytest.mark.parametrize(
    "said",
    [
        "DM me the attendee list",
        "book a room for thursday",
        "reset my password",
        "can you email me the plan",
        "sign me up for the course",
        "please register me for IS-907",
        "can you sign up all 40 of my guards for the in-person workshop",
        "can you have our PSA call me tomorrow",
        "can you turn amber on for <#C04OPS123|ops>",
        "please submit this phishing email to CISA on my behalf, screenshot attached",
        "send me the NIPP 2013 pdf",
        "can you call our PSA and set up a site visit for next Tuesday?",
        "can you pull the levee layer for my county and DM it to me",
        "can you go ahead and register me and two coworkers for the next workshop?",
        "schedule a meeting with my PSA for next week",
        "remind me tomorrow to take the ICS course",
        "could you forward this to the dams team",
        "can you file a report for me",
        # Adverbs between the ask and the verb, and the bot asked to reach someone for us.
        "can you just book a scan for us next monday",
        "could you quickly register us for the webinar",
        "can you call them for me, our SCADA is acting weird",
        "call the NICC for me and tell them the substation is down",
        # Done on someone's behalf, after "ok just"; "mine" and "everything" are objects too.
        "submit our PCII form for us",
        "just post it in <#C0123|water-ops> for me",
        "can you delete everything I asked",
        "send the GCC agenda to my whole team",
        # Opened with an acknowledgement; "one" and "them" are objects too.
        "cool, can you email them for me and cc my boss",
        "great, schedule one for next month",
        "add my colleague to the HSIN-CI portal",
        "send me a copy of my IS-907 certificate",
        "send me the PDF of the dams sector specific plan",
        # A file named by what it holds; a number of people is whom to sign up.
        "can you send me the substation shapefiles for Harris County?",
        "can you register 3 of us for the march session",
        # Something emailed on the asker's behalf to someone else.
        "Hey partnerbot, I finished IS-907 and IS-906 last week. Could you email both "
        "certificates to my supervisor <@U04XYZ9A1> so she can add them to my training file? "
        "Thanks!",
        # Reaching someone and having them do something.
        "call our PSA and have him come out to the plant next week",
        # Asking for help first only opens the request.
        "Can you help me out with something? please book our county a Regional Resiliency "
        "Assessment for next spring and let me know the dates.",
        "can you sign up my 12 managers for one",
        "can you just email it to me",
        "can you sign all 40 of them up for it? I'll send you the roster",
        "can you DM me the whole TLP chart as a pdf",
        "call the NICC and tell them our substation is down",
        "can you just email them and sign us up? our domain is example-water.org",
        # A request after a statement, with no mark between.
        "Our payroll server just got encrypted :rotating_light: can you file the incident report "
        "with CISA for us? I'm swamped dealing with the outage.",
        "sign our utility up for cyber hygiene scanning, our IP range is 203.0.113.0/24",
        "we got hit with ransomware, file the incident report with CISA for us",
        # Putting the asker through to someone.
        "can you call them and patch me through",
        "can you connect me with our PSA",
        # A channel or a TLP label named in a request made "for me" leaves it a request.
        "can you delete that message from the channel for me",
        "<@U07PBOT01> can you post it for me as TLP:GREEN to the energy channels",
        "fill out the report for me, here's what happened: • historian server encrypted around "
        "2am • HMI still up",
        "can you export everything I've asked as a CSV",
        # What is to be sent may have a number in its name.
        "email the NIPP 2013 pdf to my boss at jdoe@example-county.gov",
        "can you email my IS-907 certificate to my supervisor <@U05KLM442>",
        # Reaching someone to find something out, a file sent as a PDF, a file attached, a
        # case opened.
        "can you call them and check whether our submission got validated",
        "can you send me the playbook as a PDF",
        "can you just attach the dams layer here as a shapefile",
        "<@U07PBOT01> can you open a case with CISA so someone calls us back today",
        # One's own record looked up: the bot holds none.
        "i also forgot my SID, can you look it up for me",
        # Someone made to call the asker, something started for them.
        "can you have one call me this week",
        "could you start an RRAP for our region",
        # Reaching several for the asker, a message sent, a record pulled, "do it for me".
        "ok can you email both of them and cc me",
        "can you just send the request email for both sites? I'm slammed",
        "can you pull his transcript? name is Dale Ortiz",
        "just do it for me for #ops-hydro and #ops-water",
        "can you sign up three of my guards for the first one",
        "just set it up for us pls, channel is #security-ops",
        "pls email the chem sector team and tell them our facility address changed",
        "can you email her the RRAP final report for our region",
        "can you email them and cc my chief",
        "book conf rm B 2pm",
        # TLP named, and no label: the request is still a request.
        "Hey <@U0ABC123>, this thread has exactly what my boss needs re: the TLP rules for our "
        "info sharing SOP. Can you email the whole thread to her? She's not on Slack.",
        "could you reactivate my HSIN account? it lapsed over the summer",
        "great, can you draft the paragraph for our plan and paste it into my doc?",
    ],
)
def test_requests_to_do_things_are_turned_down_not_answered_with_a_card(
    matcher: Matcher, said: str
):
    reading = _check(matcher, said, {"reply": "cannot"})
    assert not reading.gap


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        # Asking for a number or how to do something is a question, not a request.
        ("call the nicc", "contact-nicc"),
        ("forward this TLP:RED note to my team?", "tlp-red"),
        ("I got a TLP:RED note from our ISAC. Can you forward it to my team?", "tlp-red"),
        # Filling someone in on a briefing is sharing it.
        (
            "Got a TLP:RED briefing from the fusion center this morning.\nMy deputy wasn't on "
            "the call. Am I allowed to fill him in?",
            "tlp-red",
        ),
        ("set up a daily digest for the water sector in this channel", "bot-subscriptions"),
        ("can you find the dams contact for me", "contact-dams-sector"),
        ("how do we start an RRAP", "resource-rrap"),
        ("can you recommend a course on the NIPP for me", "training-is-860"),
        ("how do I pull my transcript from FEMA", "contact-fema-independent-study"),
        ("how do I send the request email to the dams team", "contact-dams-sector"),
    ],
)
def test_what_looks_like_a_request_but_asks(matcher: Matcher, said: str, expected):
    _check(matcher, said, expected)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (":wave: hi! who's the srma for chemical plants :factory:", "sector-chemical"),
        ("<@U024BE7LH|partnerbot> which agency is the SRMA for hospitals :hospital:",
         "sector-healthcare-and-public-health"),
        ("SRMA for banks &amp; credit unions?", "sector-financial-services"),
        ("\x1b[Awho leads the dams sector", "sector-dams"),
        ("saw this in <#C0123ABC|dams-partners>: who do we email for dams data?",
         "contact-dams-sector"),
        ("is <https://www.cisa.gov/ais|AIS> free to join?", "resource-ais"),
        # A channel named is a channel: "alerts into <#C..|ops-floor>" asks of subscribing.
        ("how do I get water sector alerts into <#C0OPS1234|ops-floor>?", "bot-subscriptions"),
    ],
)  # fmt: skip
def test_markup_is_read_not_matched(matcher: Matcher, said: str, expected):
    _check(matcher, said, expected)
    # The matcher alone reads it too, for every surface that calls it directly.
    assert matcher.match(said).best.entry.id == expected


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("who leads energy and is there ICS training?",
         {"answers": ["sector-energy", ["training-ics-101-201", "training-ics-301"]]}),
        ("who leads dams? also who do I email for dams data",
         {"answers": ["sector-dams", "contact-dams-sector"]}),
        ("• who leads dams\n• who leads energy", {"answers": ["sector-dams", "sector-energy"]}),
        # Asking more of what was found, when that finds nothing: what was found.
        ("where can I find the dams sector-specific plan, and is it current?",
         "resource-sector-specific-plans"),
        # The names first, then what they are.
        ("AWR-911 and AWR-348 — what are they",
         {"answers": ["training-awr-911", "training-awr-348"]}),
        # What a word for a kind of answer means is a question of its own.
        ("what replaced PPD-21 and what is an SRMA responsible for",
         {"answers": ["faq-ppd21-nsm22", "faq-srma-role"]}),
        # "and something on ..." after a question asks for more, not why.
        ("any course on EOC basics? and something on general workplace security awareness for "
         "the front desk", {"answers": ["training-is-2200", "training-is-906"]}),
        # A topic asked of the sector just answered is a question of its own.
        ("who is the SRMA for the water sector and do they have any training?",
         {"answers": ["sector-water-and-wastewater"]}),
        # Up to three questions.
        ("who leads energy? and who leads dams? and who leads water? and who leads chemical?",
         {"answers": ["sector-energy", "sector-dams", "sector-water-and-wastewater"]}),
        # A piece that points back at the one before it is not a question of its own.
        ("whats a PSA and how do i find mine", "resource-psa"),
        ("what does the RRAP do? and how long does one take?", "resource-rrap"),
        # Taking part in something is no question of what a sector covers, whatever sectors the
        # message names around it.
        ("Our town and the next two over were asked to be part of an RRAP along the bay (the "
         "port, the power plant, a dam). How long does one take and what do we get?",
         "resource-rrap"),
        ("what office was your team part of before CISA existed?", "office-sopd"),
        # A statement of what a question asks whom to contact about is no question of its own.
        ("Our council has questions about the CIPAC charter renewal from last year.\nWho is named "
         "as the contact in the Federal Register notice?", "contact-cipac"),
        # A short account asked for is what the thing is.
        ("can you give me the basics on SOPD", "office-sopd"),
        ("give me an overview of SOPD", "office-sopd"),
        ("my director wants a one-pager on what SOPD is", "office-sopd"),
        ("give me an overview of TLP", "tlp-overview"),
        ("my GM wants a rundown of what a sector risk management agency is responsible for",
         "faq-srma-role"),
        # ... and when it is needed by.
        ("my boss needs a 1-pager on what CIPAC is before our mtg thurs, can you give me the "
         "basics?", "body-cipac"),
        # A regional resilience study is the RRAP by another name.
        ("our county wants a regional resilience study of how the port and the grid depend on "
         "each other. can CISA help with that?", "resource-rrap"),
        # "IP's" is the office's, not IP addresses ("IPs").
        ("was communications one of IP's six?", "office-six-sectors"),
        # One question, though it says "and".
        ("is fire and rescue part of emergency services", "sector-emergency-services"),
        ("food and agriculture lead agency", "sector-food-and-agriculture"),
        ("who leads oil and gas", "sector-energy"),
        # Numbered questions on one line.
        ("1) what's an SCC 2) what's a GCC", {"answers": ["body-scc", "body-gcc"]}),
        ("Q1: what is HIFLD? Q2: what is the IVP?",
         {"answers": ["resource-hifld", "resource-ivp"]}),
        # A contact asked after something answered is a question of its own, about it.
        ("what is the NICC and what's their phone number",
         {"answers": ["resource-nicc", "contact-nicc"]}),
        # Others of the kind just asked about, told by what they are.
        ("what's the ICS 301 course, and are there intro ones I should take first?",
         {"answers": ["training-ics-301", "training-ics-101-201"]}),
        # How to send an alert, asked after what a label means: the card on sharing one.
        ("what does TLP:RED mean and how do I send a red alert through the bot?",
         {"answers": ["tlp-red", "bot-sharing-alerts"]}),
        ("who can see a TLP:RED alert, and how do i actually send one thru the bot",
         {"answers": ["tlp-red", "bot-sharing-alerts"]}),
        # What one does, asked after another question, is a question of its own.
        ("which 6 sectors did SOPD lead and what does an SRMA do?",
         {"answers": ["office-six-sectors", "faq-srma-role"]}),
        # Sentences around the question that name nothing the knowledge base holds are why
        # it is asked, not what; one that names a sector or a topic is part of it.
        ("we're drafting our annual report for the board — who do I contact at the NIPP office?",
         "contact-nipp"),
        ("is there a free CISA tool to self-assess our cyber posture? we're a small co-op",
         "resource-cset"),
        ("we run a hydro plant. who is our SRMA?", "sector-dams"),
        # Sharing through the bot is sharing an alert, whatever the TLP entries say of it.
        ("how do i share an alert through the bot, and what does TLP:AMBER+STRICT mean",
         {"answers": ["bot-sharing-alerts", "tlp-amber-strict"]}),
        # A line that says who asks, and questions that each name what they ask about.
        ("Fire chief here, small volunteer dept in rural Georgia :fire_engine:\nIs there an "
         "active shooter guide written for the emergency services sector? And is there an "
         "online active shooter course my guys can take on their own time?\nChief R. Dawson",
         {"answers": ["resource-ess-active-shooter-guide", "training-is-907"]}),
        # ... but "our sector" needs the sentence that says which.
        ("Hello! I'm the new IT/OT manager at a rural electric cooperative (about 30k meters, a "
         "little generation of our own). Trying to get my bearings on the federal side of "
         "things\nWhich agency actually takes the lead for our sector?", "sector-energy"),
        # A message that finds nothing with its statements: its questions alone, when each
        # says what it asks ...
        ("We think someone phished our AP clerk and is in our email :scream: How do I report "
         "this to CISA?", "contact-report-incident"),
        ("our SCADA vendor says a foreign group is going after small water utilities. where "
         "do I report it if we see something weird", "contact-report-incident"),
        # ... not when the question asks of what the statements say.
        ("Our GC is looking at SAFETY Act designation for our access-control product line. Is "
         "there a fee to file the application, or is it free? Couldn't find it anywhere.", None),
        # Two sectors named without a choice between them ask nothing of either: passing a
        # quoted AMBER bulletin "along" is sharing it.
        ("> TLP:AMBER - Regional Fusion Center Bulletin 24-117\ngot this from the fusion center "
         "this morning. can i pass it along to our county water utility?", "tlp-amber"),
        # A step of a quoted plan is no numbered question; "our IT dept" is no IT Sector.
        ("our IR runbook (last updated 2017 lol) says:\n> Step 4: notify NCCIC at "
         "1-888-282-0870 / nccic@hq.dhs.gov\nis that still valid?",
         "contact-nccic-cyber-incidents"),
        ("received this this morning:\n```\nSubject: [TLP:AMBER] Indicators associated with "
         "ongoing campaign targeting OT vendors\nFrom: <redacted>\n```\nam I allowed to forward "
         "it to the rest of our IT dept?", "tlp-amber"),
        # "who's" opens a question without its mark.
        ("i do security for a casino hotel w/ a 3,000 seat event center bolted on the side. "
         "who's our federal sector lead", "sector-commercial-facilities"),
        # "+" and "&" join questions too.
        ("which sector are schools in + who do I call about threats at a federal building",
         {"answers": ["sector-government-facilities", "contact-federal-facility-threats"]}),
        # Several sectors named, each asked who leads it.
        ("who leads dams, energy and water?",
         {"answers": ["sector-dams", "sector-energy", "sector-water-and-wastewater"]}),
        # What two things are, asked at once, when each is named; "oil and gas" stays one.
        ("what are the SLTTGCC and the RC3? sitting in a briefing",
         {"answers": ["body-slttgcc", "body-rc3"]}),
        ("what's the FSLC and the SLTTGCC?", {"answers": ["body-fslc", "body-slttgcc"]}),
        ("what is oil and gas", "sector-energy"),
        # More asked of what the first defined, answered by another entry.
        ("what is sopd and which sectors did it lead",
         {"answers": ["office-sopd", "office-six-sectors"]}),
        ("what's CSET and where do I download it", "resource-cset"),
        ("what's an SCC, what's a GCC, and where do they actually meet up (CIPAC?)",
         {"answers": ["body-scc", "body-gcc"]}),
        ("What's CSET, and separately, what's the CRR? trying to pick one for our small utility",
         {"answers": ["resource-cset", "resource-crr"]}),
        # "and IS-921" names a course, it asks no new question.
        ("what are IS-860, IS-913 and IS-921? trying to pick one for my team",
         {"answers": ["training-is-860", "training-is-913", "training-is-921"]}),
        # Asked to explain three, one of them named in a contact's title too.
        ("can someone explain CIPAC, the FSLC and the CSCC? all these acronyms :exploding_head:",
         {"answers": ["body-cipac", "body-fslc", "body-cscc"]}),
        # Lines under a heading each ask for what they name; a heading saying who asks is no
        # question.
        ("<@U07PBOT01> two things for our mall's security team:\n• the Commercial Facilities "
         "team email\n• what's IS-907",
         {"answers": ["contact-commercial-facilities-team", "training-is-907"]}),
        ("quick one from the 911 center :rotating_light:\n• what is IS-907\n• what's the ESS "
         "active shooter guide\nthx",
         {"answers": ["training-is-907", "resource-ess-active-shooter-guide"]}),
        # "explain each one", "what are they": each name the sentence before says, not who
        # said them.
        ("sorry if this is basic — my supervisor keeps saying SCC, GCC and CIPAC in meetings. "
         "can you explain each one?", {"answers": ["body-scc", "body-gcc", "body-cipac"]}),
        ("we keep hearing RRAP and IVP from our PSA. what are they?",
         {"answers": ["resource-rrap", "resource-ivp"]}),
        # An aside saying what is not meant is left out.
        ("what's a PSA (not public service announcement lol) and what do they do",
         "resource-psa"),
        # Three questions in a row, the first two each naming their own subject; three of one
        # subject ("what is that office, what does it do, and ...") stay one.
        ("who leads nuclear, what's the ICS 301 course, and where do I get HIFLD data?",
         {"answers": ["sector-nuclear", "training-ics-301", ["contact-hifld", "resource-hifld"]]}),
        ("I'm a new liaison and keep hearing \"SOPD\" in meetings.\nWhat is that office, what does "
         "it do, and is it the one behind this bot?", "office-sopd"),
        # What a heading says the questions under it are about is what they ask of.
        ("two q's about FEMA IS courses:\n- do I need a student ID for the IS-860.c exam?\n- "
         "where do I get my old transcripts from?",
         {"answers": ["training-fema-student-id", "contact-fema-independent-study"]}),
        # Terse requests set side by side, each naming what it asks.
        ("chemical SRMA + chemical working group email",
         {"answers": ["sector-chemical", "contact-chemical-working-group"]}),
        ("CSET download | RRAP length", {"answers": ["resource-cset", "resource-rrap"]}),
        ("FSLC / SLTTGCC", {"answers": ["body-fslc", "body-slttgcc"]}),
        # Joined by "and", when each says what it is about and what of it is asked.
        ("NICC number and HSIN CI email pls", {"answers": ["contact-nicc", "contact-hsin-ci"]}),
        ("HIFLD email and the NIPP email pls", {"answers": ["contact-hifld", "contact-nipp"]}),
        ("ICS training and exercises for water", "training-ics-301"),
        # ... but not a list of things, nor a clause after the request.
        ("training for commercial facilities: malls, arenas, hotels",
         {"browse": "training", "sector": "commercial-facilities"}),
        ("looking for ICS cybersecurity training, I heard INL does a week-long hands-on thing?",
         "training-ics-301"),
        # The sector of each thing a sentence lists, asked of them all.
        ("@partnerbot our university has a small research reactor, an academic medical center "
         "and a 60k seat football stadium. which CI sectors do those three land in?",
         {"answers": ["sector-nuclear", "sector-healthcare-and-public-health",
                      "sector-commercial-facilities"]}),
        ("we own a water plant, a hydro dam and a natural gas pipeline. which sectors are those "
         "in?", {"answers": ["sector-water-and-wastewater", "sector-dams",
                             "sector-transportation-systems"]}),
        ("our county runs a 911 center and a courthouse. what sectors would each be?",
         {"answers": ["sector-emergency-services", "sector-government-facilities"]}),
        # Items numbered inside a line.
        ("Forwarding from our CISO: (1) what is AIS exactly and (2) where do we report a "
         "phishing campaign to CISA?", {"answers": ["resource-ais", "contact-report-incident"]}),
        # "and whether" starts another question.
        ("Please confirm the NICC phone number and whether the PCII office phone still works",
         {"answers": [["contact-nicc", "resource-nicc"], "contact-pcii"]}),
        ("What's CSET and separately, how do we sign up for the free vuln scanning?",
         {"answers": ["resource-cset", "contact-cyber-hygiene-signup"]}),
        # "and who for the water side?": the question before, asked of another sector.
        ("muni utility doing power + water. who's the SRMA for the power side and who for the "
         "water side?", {"answers": ["sector-energy", "sector-water-and-wastewater"]}),
        # Typed fast: "whos" opens a question after "+"; "what r they" after the names.
        ("what is SCC + whos in a GCC :pray:", {"answers": ["body-scc", "body-gcc"]}),
        ("awr-334 and awr-911 what r they", {"answers": ["training-awr-334", "training-awr-911"]}),
        # Two terse requests joined by "and", each asking something of an entry it names.
        ("IRPF steps and ssp guidance doc",
         {"answers": ["resource-irpf", "resource-ssp-guidance"]}),
    ],
)  # fmt: skip
def test_several_questions_in_one_message(matcher: Matcher, said: str, expected):
    _check(matcher, said, expected)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("SCC vs GCC", {"answers": ["body-scc", "body-gcc"]}),
        ("SCC and GCC difference", {"answers": ["body-scc", "body-gcc"]}),
        ("difference between a PSA and the RRAP", {"answers": ["resource-psa", "resource-rrap"]}),
        # One side names the other and more: the narrower one's entry says how it differs.
        ("TLP:AMBER vs TLP:AMBER+STRICT", "tlp-amber-strict"),
        ("amber vs amber+strict - whats the actual difference in who I can share with",
         "tlp-amber-strict"),
        # Two names of one thing, and "what's the diff" said after them.
        ("dumb q: SRMA vs SSA, what's the diff", "faq-srma-role"),
        ("ICS 301 vs 101, which should our operators take first?",
         {"answers": ["training-ics-301", "training-ics-101-201"]}),
        # "X or Y, which ...": both side by side, or the one the words fit.
        ("IS-860 or IS-913, which should I do first as a brand new SCC member?",
         {"answers": ["training-is-860", "training-is-913"]}),
        ("IS-860 or IS-913, which should I do first?",
         {"answers": ["training-is-860", "training-is-913"]}),
        ("AWR-940 or PER-346, which is the surveillance detection one for bombing prevention?",
         "training-per-346"),
        # One entry answers for both sides.
        ("RC3 vs RCPGP", "body-rc3"),
        ("PPD-21 vs NSM-22", "faq-ppd21-nsm22"),
        ("is the CIC-SC the same as the cross-sector council", "body-cscc"),
        # "X or Y?" asks which one.
        ("is it DHS or DOE for energy?", "sector-energy"),
        ("usda or fda for food?", "sector-food-and-agriculture"),
        # "X: this sector or that?" asks which sector X is in: the one X belongs to.
        ("navigation locks on the river - dams or transportation?", "sector-dams"),
        ("county public works department: emergency services or government facilities?",
         "sector-emergency-services"),
        ("we build power transformers, are we energy or critical manufacturing",
         "sector-critical-manufacturing"),
        # ... the thing said in a sentence of its own before the choice.
        ("I run ops at a county 911 center (PSAP) and we're updating our continuity plan. Are "
         "we considered part of the *Emergency Services* Sector or *Communications*?",
         "sector-emergency-services"),
        # Two set side by side, then which one fits: the one the question's words find.
        ("NICC vs NCCIC — which one do I contact for a cyber incident",
         "contact-nccic-cyber-incidents"),
        ("and RC3 vs SLTTGCC, which one is the regional partnerships one", "body-rc3"),
        # "different things" compares: two names of one thing are its card.
        ("are SSA and SRMA different things?", "faq-srma-role"),
        # Whether the two names said before are one: their comparison.
        ("our old plan says SSA everywhere, the new template says SRMA. is there any "
         "difference?", "faq-srma-role"),
        ("the binder lists IS-860 and IS-913 for new staff. do they differ much?",
         {"answers": ["training-is-860", "training-is-913"]}),
        # Of a course no entry covers beside the one the bot lists: the bot's, which says what
        # it is.
        ("is ICS 200 (incident command) the same thing as the ICS 201 you have?",
         "training-ics-101-201"),
        # When the SSA took its new name: the law that renamed it, not the directive.
        ("when did SSA change to SRMA and under which law?", "faq-srma-role"),
        ("When did the term change to Sector Risk Management Agency?", "faq-srma-role"),
        # "did the job change" asks of the role, no job to apply for.
        ("SSA vs SRMA — same thing renamed, or did the job change? when was the switch",
         "faq-srma-role"),
        # Two programs named as a choice, at the start: both.
        ("CRR or CSET for a small water system w/ one part-time IT person? which one is less "
         "painful", {"answers": ["resource-crr", "resource-cset"]}),
        ("AWR-940 or PER-346 for our security guards?",
         {"answers": ["training-awr-940", "training-per-346"]}),
        # ... two agencies are a question of who leads.
        ("DHS or DOE for energy?", "sector-energy"),
        # One of the courses a message lists, told by what it is.
        ("course list from our training plan:\n`IS-860.c`\n`IS-913.a`\n`IS-2200`\nwhich one "
         "is the one about EOCs?", "training-is-2200"),
        ("our notes list AWR-334, AWR-335, AWR-348, AWR-911. which one is the graphic novel "
         "style one?", "training-awr-911"),
        # ... which a comparison of two is not: both.
        ("what's the difference between IS-860 and IS-913? which is for owners/operators?",
         {"answers": ["training-is-860", "training-is-913"]}),
        # A comparison asked on a line of its own after another question: each is asked.
        ("Two Qs for the exec summary:\n• who's the SRMA for *financial services*?\n• what's "
         "the difference between an SCC and a GCC?",
         {"answers": ["sector-financial-services", ["body-scc", "body-gcc"]]}),
    ],
)  # fmt: skip
def test_comparisons(matcher: Matcher, said: str, expected):
    _check(matcher, said, expected)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("what training is there for energy?", {"browse": "training", "sector": "energy"}),
        ("ok list all 16 for me", {"browse": "sectors", "sector": None}),
        ("what training do you have overall, all sectors", {"browse": "training", "sector": None}),
        ("all the public contact points you've got for IT sector",
         {"browse": "contacts", "sector": "information-technology"}),
        # A channel after the question is where it is posted, not what it asks ("ops" is no
        # operations center).
        ("who can I contact about emergency services stuff <#C02ESSOPS|ess-ops>",
         {"browse": "contacts", "sector": "emergency-services"}),
        ("any training for water utilities?",
         {"browse": "training", "sector": "water-and-wastewater"}),
        ("resources for dams owners", {"browse": "resources", "sector": "dams"}),
        ("res for hospitals", {"browse": "resources", "sector": "healthcare-and-public-health"}),
        # "for folks like us": the list for the sector the statement before says is ours.
        ("I run security for a casino and a hotel next to it. what training do you have for "
         "folks like us?", {"browse": "training", "sector": "commercial-facilities"}),
        ("I manage security for a chain of hotels and two outdoor shopping centers.\nWe're "
         "building a training calendar for next year and I'd like to see what's on offer.\n"
         "Could you give me the list of courses relevant to facilities like ours?",
         {"browse": "training", "sector": "commercial-facilities"}),
        # Every sector asked for as a list, beside an introduction naming a sector weakly.
        ("Hi! New intern at the state emergency management agency :wave: My supervisor wants "
         "a one-pager with all the critical infrastructure sectors on it. Can you list them for "
         "me?", {"browse": "sectors", "sector": None}),
        # "just list the contacts" after asking for one: the sector's list.
        ("who can I reach out to for chemical sector stuff? just list the contacts",
         {"browse": "contacts", "sector": "chemical"}),
        # Contacts "about dams stuff": any of the sector's, its list.
        ("who can I reach out to about dams stuff", {"browse": "contacts", "sector": "dams"}),
        ("points of contact for the dams sector?", {"browse": "contacts", "sector": "dams"}),
        ("who should I reach out to for emergency services sector things?",
         {"browse": "contacts", "sector": "emergency-services"}),
        ("who can I talk to about the chemical sector?",
         {"browse": "contacts", "sector": "chemical"}),
        # Contacts asked for as a list, with a word entries hold: the sector's list.
        ("Who are the public contacts you have for healthcare and public health? Looking for "
         "anything we can reach out to.",
         {"browse": "contacts", "sector": "healthcare-and-public-health"}),
        # Whether courses "make sense" for someone says nothing of which.
        ("what courses do you have that would make sense for staff at chemical plants?",
         {"browse": "training", "sector": "chemical"}),
        # "just browsing" asks for nothing in particular (not the entry on browsing).
        ("what programs and resources do you have? just browsing",
         {"browse": "resources", "sector": None}),
        # "I'd" is no ID; what the list is for ("so I can plan ...") is no part of it.
        ("I'd like a list of training that's relevant to dams people so I can plan my first "
         "year", {"browse": "training", "sector": "dams"}),
        # A sector named by what it is made of; no one resource holds more than "resources".
        ("resources for stadiums and arenas pls",
         {"browse": "resources", "sector": "commercial-facilities"}),
        # Whom the list is for, even where one course of the sector would match.
        ("training for commercial facilities people?",
         {"browse": "training", "sector": "commercial-facilities"}),
        # "The ... side" is the sector itself.
        ("any training for the commercial facilities side?",
         {"browse": "training", "sector": "commercial-facilities"}),
        ("resources for the government facilities side",
         {"browse": "resources", "sector": "government-facilities"}),
        ("show me contacts for water", {"browse": "contacts", "sector": "water-and-wastewater"}),
        ("show me training for dams and water",
         {"browse": "training", "sector": ["dams", "water-and-wastewater"]}),
        ("what courses do you have", {"browse": "training"}),
        ("list the sectors", {"browse": "sectors"}),
        ("what sectors are there", {"browse": "sectors"}),
        ("can you give me the full list of the sectors with who leads each",
         {"browse": "sectors"}),
        ("how many sectors are there total and who leads each", {"browse": "sectors"}),
        # How many sectors there are, however it is put, is the list.
        ("how many critical infrastructure sectors are there now, still 16 after the new memo?",
         {"browse": "sectors"}),
        ("Hi there — prepping a slide for a city council briefing. How many critical "
         "infrastructure sectors are there officially right now? I've seen 16 in some places "
         "and 18 in an old deck from a vendor.", {"browse": "sectors"}),
        # Asked for in a question that says all it asks, the list leaves the sentences around
        # it out, even one that names a sector.
        ("Hi there, I'm putting together an orientation deck for new staff at our state "
         "homeland security office. Can you give me a rundown of all 16 sectors and which agency "
         "leads each one? I'd like to put it in a table.", {"browse": "sectors"}),
        # A sector named by what it is made of, with one word of its own that finds no course.
        ("any training you'd recommend for hospital security folks",
         {"browse": "training", "sector": "healthcare-and-public-health"}),
        # Kinds of things asked for one after another: the list.
        ("anything for nuclear plant folks? resources, plans, tools",
         {"browse": "resources", "sector": "nuclear"}),
        # A sentence after the question that only asks to see everything: the list.
        ("who can I contact about chemical sector stuff? show me whatever you've got",
         {"browse": "contacts", "sector": "chemical"}),
        # Politeness and "points of contact" ask for the same list.
        ("Kindly list the available points of contact for the Chemical Sector.",
         {"browse": "contacts", "sector": "chemical"}),
        # "re:" is "about", "gimme" give me; "IT" asked for at the end is the sector.
        ("who can I contact re: energy sector stuff", {"browse": "contacts", "sector": "energy"}),
        ("gimme every contact you've got", {"browse": "contacts"}),
        # Public ones are any a partner may see: the list.
        ("all public contacts pls", {"browse": "contacts", "sector": None}),
        ("what contacts do you have for IT",
         {"browse": "contacts", "sector": "information-technology"}),
        # Asked for as a list, with a word of its own: the list.
        ("could you show me the list of training available for nuclear sector people?",
         {"browse": "training", "sector": "nuclear"}),
        # A contact asked of a sector with its own contact entry: that entry.
        ("contact for the dams sector", "contact-dams-sector"),
        # The agency asked what it has, "in general": the whole list.
        ("what programs and tools does cisa offer in general? just want to browse",
         {"browse": "resources", "sector": None}),
        ("what programs does cisa have", {"browse": "resources", "sector": None}),
        # A topic with a subject of its own is a question.
        ("is there ICS training?", ["training-ics-101-201", "training-ics-301"]),
        ("what training does cisa offer on ICS security", "training-ics-101-201"),
        # What we do, said after the request in its sector's words, says no more of it.
        ("any training for dam operators, we run two hydro dams",
         {"browse": "training", "sector": "dams"}),
        # Who asks, said before the request, names no sector: the whole list.
        ("@partnerbot new resilience planner for a mid-size city. show me all the resources "
         "you've got", {"browse": "resources", "sector": None}),
        ("we run two hydro dams. show me the training", {"browse": "training", "sector": "dams"}),
        # Who asks, new in a job, before a list asked of the sector the job is in.
        ("@partnerbot new admin for our fire chief, can you list the contacts you have for "
         "emergency services", {"browse": "contacts", "sector": "emergency-services"}),
        # ... but not before a course asked for by what it is about, which is no sector's.
        ("new security manager at a water utility, just started. is there an intro course on "
         "the national infrastructure protection plan?", "training-is-860"),
        ("new risk manager at a water authority, first week. any intro course on the national "
         "infrastructure protection plan?", "training-is-860"),
        # Every course or contact "across all sectors" is the list of those, not of sectors.
        ("can you show me the full list of training you know about? All sectors please.",
         {"browse": "training", "sector": None}),
        ("poc list (all sectors)", {"browse": "contacts", "sector": None}),
        # A list asked for "for me" is asked of the bot, not for it to act.
        ("Could you just list the 16 sectors for me with their lead agencies?",
         {"browse": "sectors", "sector": None}),
        # The sector told by what it is made of, which a course names only as whom it is for.
        ("training for shopping mall security staff?",
         {"browse": "training", "sector": "commercial-facilities"}),
        ("what training options are there for our arena and concert venue staff",
         {"browse": "training", "sector": "commercial-facilities"}),
        # Must keep: a course asked by what it is about, or pointed at.
        ("active shooter training for mall staff", "training-is-907"),
        ("AWR-911 - is that a course for 911 dispatchers?", "training-awr-911"),
        # ... whatever field the one asking studies or works in.
        ("Hello, student here writing a paper for my emergency management degree. Could you "
         "just list the 16 sectors for me with their lead agencies?",
         {"browse": "sectors", "sector": None}),
        ("Treasury / EPA / HHS — which sectors does each lead",
         {"browse": "sectors", "sector": None}),
        # A list "dumped", or asked for while driving.
        ("all training, any sector. just dump the list", {"browse": "training", "sector": None}),
        ("driving, list contacts for dams", {"browse": "contacts", "sector": "dams"}),
        # Must keep: the lead of our sector is ours, however "sectors" is spelt.
        ("We are a four-hospital health system. Our new CISO asked me which federal agency is our "
         "sector's lead.", "sector-healthcare-and-public-health"),
    ],
)  # fmt: skip
def test_browsing_in_plain_words(matcher: Matcher, said: str, expected):
    _check(matcher, said, expected)


@pytest.mark.parametrize(
    ("said", "led_by", "sectors"),
    [
        ("which sectors does CISA lead", "CISA", 8),
        ("which of the 16 sectors does CISA itself lead?", "CISA", 8),
        # "these days" is when it is asked of, not days.
        ("which sectors does CISA lead these days", "CISA", 8),
        ("which sectors does CISA lead nowadays", "CISA", 8),
        # Healthcare and Public Health, and Food and Agriculture with USDA.
        ("which sectors are led by HHS", "HHS", 2),
        ("which sectors does DHS lead", "DHS", 10),
        # Asked as not led, or led by two, the list of all with their leads.
        ("which ones does DHS not lead", None, 16),
        ("which ones are co-led by two agencies?", None, 16),
        ("and which sectors have two agencies sharing the lead?", None, 16),
    ],
)  # fmt: skip
def test_the_sectors_an_agency_leads_are_listed(matcher: Matcher, said, led_by, sectors):
    browse = read(said, matcher).browse
    assert browse.kind == "sectors" and browse.led_by == led_by
    assert len(browse.entries) == sectors
    assert led_by is None or all(led_by in entry.lead_agency for entry in browse.entries)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        # An agency that leads one sector: its card, not a list of one.
        ("which sectors does treasury lead", "sector-financial-services"),
        ("which sectors does the coast guard lead", "sector-transportation-systems"),
        # Who led them once is the office's history.
        ("which sectors did IP lead", "office-six-sectors"),
        ("which other sectors does the office behind you lead besides chemical?",
         "office-six-sectors"),
    ],
)  # fmt: skip
def test_an_agency_with_one_sector_or_a_past_lead_is_answered_by_its_entry(
    matcher: Matcher, said, expected
):
    _check(matcher, said, expected)


def test_a_question_and_a_list_in_one_message(matcher: Matcher):
    reading = read("who is the SRMA for the water sector and do they have any training?", matcher)
    assert [part.result.best.entry.id for part in reading.answers] == [
        "sector-water-and-wastewater"
    ]
    assert reading.browse.kind == "training"
    assert reading.browse.sectors == ("water-and-wastewater",)


def test_a_list_is_what_the_browse_command_shows(matcher: Matcher):
    reading = read("what training is there for energy?", matcher)
    training = [e for e in matcher.index.entries if e.kind == "training"]
    own = [e for e in training if e.sector == "energy"]
    assert list(reading.browse.entries) == (own or [e for e in training if e.sector is None])
    assert reading.browse.specific is bool(own)
    sectors = read("list the sectors", matcher).browse.entries
    assert len(sectors) == 16 and all(e.kind == "sector" for e in sectors)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("/ci resources water", {"browse": "resources", "sector": "water-and-wastewater"}),
        ("/ci ask who leads dams?", "sector-dams"),
        ("/ci help", {"reply": "help"}),
        # A command acting on a channel is explained, not done from a message.
        ("/ci subscribe energy", "bot-subscriptions"),
        # ... and so is a command named, then asked about.
        ("/ci ask — does the whole channel see it", "bot-how-to-ask"),
    ],
)
def test_a_command_typed_as_a_message_is_read_as_the_command_would(
    matcher: Matcher, typed: str, expected
):
    _check(matcher, typed, expected)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("we make transformers and switchgear, which sector are we",
         "sector-critical-manufacturing"),
        ("I run a 911 dispatch center - which sector?", "sector-emergency-services"),
        ("our container port terminal, what sector is that", "sector-transportation-systems"),
        ("cold storage warehouse for frozen food, which sector", "sector-food-and-agriculture"),
        ("we operate a data center, what CI sector", "sector-information-technology"),
        ("solar farm operator, what sector are we under", "sector-energy"),
        ("blood bank, which sector", "sector-healthcare-and-public-health"),
        ("we build rail cars, which sector", "sector-critical-manufacturing"),
        ("uranium enrichment plant, which sector", "sector-nuclear"),
        ("shipyard building navy ships, which sector", "sector-defense-industrial-base"),
        # Where a thing falls or lands.
        ("county emergency mgmt here. we have a 911 dispatch center, the county courthouse and "
         "the county water utility. where does the 911 center fall?", "sector-emergency-services"),
        ("where do blood banks land?", "sector-healthcare-and-public-health"),
        # Terse: the thing alone asks where it belongs.
        ("levees", "sector-dams"),
        ("primary metals", "sector-critical-manufacturing"),
        ("psaps?", "sector-emergency-services"),
        ("pharma?", "sector-chemical"),
        ("lodging subsector?", "sector-commercial-facilities"),
        # Asking something else about the thing is not asking where it belongs.
        ("how does a nuclear reactor work", None),
        # Of two things named together, the last is the thing, the first says whose.
        ("a university research reactor, which sector", "sector-nuclear"),
        # ... with a word between that is no name ("TRIGA").
        ("I manage security for a university TRIGA reactor. Who is our sector risk management "
         "agency?", "sector-nuclear"),
        # ... and of a thing "at" or "in" a place, the thing; not one's line of work.
        ("We operate a research reactor at a university. Which sector is that?",
         "sector-nuclear"),
        ("I'm new in emergency management at a mid-size hospital. Who's our sector's SRMA?",
         "sector-healthcare-and-public-health"),
        ("we run a deep water port terminal, which sector", "sector-transportation-systems"),
        ("a fertilizer manufacturing plant, which sector", "sector-chemical"),
        # "<thing>. sector?" asks the same.
        ("steel mill. sector?", "sector-critical-manufacturing"),
        # What one's organisation does, said alone, asks which sector that is.
        ("our company makes steel castings and forgings for heavy equipment OEMs",
         "sector-critical-manufacturing"),
        ("we run a spent fuel storage site (ISFSI) at a decommissioned plant", "sector-nuclear"),
        # Shorthands written out.
        ("crit mfg subsectors", "sector-critical-manufacturing"),
        ("gov facilities sector lead", "sector-government-facilities"),
        ("SSA for nuke plants", "sector-nuclear"),
        # The sentence before a question that names nothing is its subject all the same.
        ("we make generic pills and capsules. which sector are we in?", "sector-chemical"),
        ("our levee board in Mississippi: are we in the dams sector?", "sector-dams"),
        # Whether something "counts" is what a sector covers; "not a dam owner" rules out
        # nothing the question asks.
        ("do levees count btw? we're a levee district not a dam owner", "sector-dams"),
        ("restaurants, same sector as farms?", "sector-food-and-agriculture"),
        # "are we" and a sector's name asks whether the sector covers us.
        ("county public works - are we emergency services??", "sector-emergency-services"),
        # How big it is says nothing of which sector.
        ("we operate a 200 mile natural gas transmission pipeline - energy sector or "
         "transportation?", ["sector-energy", "sector-transportation-systems"]),
        # What an owner has is the thing asked about.
        ("our college runs a small test reactor; which sector is that in?", "sector-nuclear"),
        # A choice between two sectors: IT set beside another is the sector, not "it".
        ("does the internet fall under comms or IT", "sector-information-technology"),
        ("we're a SaaS provider, are we IT sector or comms?", "sector-information-technology"),
        # The Nuclear Sector covers the transport of nuclear waste.
        ("spent fuel shipping, is that nuclear or transportation", "sector-nuclear"),
        # A railroad's class is its size, not a course.
        ("I'm a new risk analyst at a Class I freight railroad and my manager asked me to work "
         "out which agencies lead our sector. I've seen TSA, DOT and the Coast Guard all "
         "mentioned in different docs. Which is it?",
         "sector-transportation-systems"),
        # Parts for the military are the defense industrial base.
        ("we make wiring harnesses for military aircraft. what sector are we?",
         "sector-defense-industrial-base"),
        # "Can you confirm?" after a question said as a statement asks it.
        ("Good morning. I'm the director of a county 911 center (consolidated PSAP, 14 "
         "consoles).\nOur state CIO asked which critical infrastructure sector we belong to and "
         "which federal agency leads it. Can you confirm?\n— Marcus T., Director",
         "sector-emergency-services"),
        ("Following up on the thread in <#C04TRANS|transport-partners>: the question came up "
         "whether *TSA alone* is the lead for transportation or whether DOT is in there too. "
         "Can the bot settle it?", "sector-transportation-systems"),
        # A question pointing back after one asking of our sector leaves it ours.
        ('I just started as the security coordinator for a county that owns three earthen dams '
         'and a levee system along the river.\nMy predecessor left a binder that says "SSA = '
         'DHS IP", which I assume is way out of date.\nWho actually leads our sector at the '
         'federal level now, and is that role regulatory or voluntary?', "sector-dams"),
        # Who we are and what we were asked to find out, in one sentence; the workplace up to
        # a mark, not the job or the past after it.
        ("Good morning! I'm new as emergency prep coordinator at a 300-bed hospital and my boss "
         "asked me to figure out where we fit in the national CI picture.",
         "sector-healthcare-and-public-health"),
        # A job "for a" workplace says where one works, as "at a" does.
        ("I am the new emergency coordinator for a regional grocery distribution company (12 "
         "warehouses, mostly cold storage, about 300 trucks on the road). During my onboarding "
         "brief someone said we count as \"critical infrastructure\" and that there's a federal "
         "agency that coordinates our sector.\n\nWhich federal department is our sector risk "
         "management agency?", "sector-food-and-agriculture"),
        ("I'm new in this role at a mid-size hospital (emergency management coordinator) and my "
         "boss asked me to find out which federal agency leads our sector, and whether that's "
         "CISA. Can you help?", "sector-healthcare-and-public-health"),
        ("Hi :wave: I'm the new security manager at an integrated steel mill in northwest "
         "Indiana, came over from the Army. Which CI sector are we in?",
         "sector-critical-manufacturing"),
        # ... and a question after it that names its own subject does not need ours.
        ("for our water treatment plant: who's the lead fed agency, and is there a free "
         "vulnerability scan we can sign up for?",
         {"answers": ["sector-water-and-wastewater",
                      ["resource-cyber-hygiene", "contact-cyber-hygiene-signup"]]}),
        # Who asked us to ask (a fusion center, a grant form) says no sector of ours.
        ("We own about 400 cell towers across three states and lease space to the big "
         "carriers. Our state fusion center asked what CI sector we're in and honestly I don't "
         "know. Which one is it?", "sector-communications"),
        ("I'm the safety coordinator for a public school district with 22 buildings. A state "
         "grant form asks which critical infrastructure sector our schools belong to. What "
         "should I put?", "sector-government-facilities"),
        # ... and the question it asked is the message's, when the message asks no other.
        ("Hi there,\n\nWe're a *credit union* with 14 branches, an ATM network and a small "
         "card-processing shop. Our new board chair asked which critical infrastructure sector "
         "we're in and which federal agency leads it.\n\nThanks!", "sector-financial-services"),
        # "our federal lead" is the lead of the sector said before; "Any pointers?" pleads.
        ("we operate a refinery on the gulf coast - which sector are we and who's our federal "
         "lead", "sector-energy"),
        # Who asked us to ask (an insurer) says no sector of ours.
        ("We operate a grain elevator and a feed mill in western Kansas. Our insurance carrier "
         "asked whether we're considered critical infrastructure.\nWhich CI sector are we in?",
         "sector-food-and-agriculture"),
        # A managed service provider is IT, whoever its clients are.
        ("We're a managed service provider: cloud hosting, help desk and backups for about 60 "
         "small towns and school districts.\nA client's auditor asked which critical "
         "infrastructure sector *we* are in (not our clients). Which one would that be, and who "
         "leads it?", "sector-information-technology"),
        # A guess at one's own sector, by name, against what one makes or runs: the sector it
        # belongs to, whose card says who leads it.
        ("we manufacture large power transformers + switchgear for utilities. so we're energy "
         "sector and DOE is our lead?", "sector-critical-manufacturing"),
        ("our levee district maintains ~30 miles of levees along the river. water and "
         "wastewater sector?", "sector-dams"),
        ("private ambulance co. here. our SRMA is HHS right, since EMS is healthcare?",
         "sector-emergency-services"),
        # What we are, named before a closing "which sector?", is no guess to correct.
        ("Chemical plant with a cogen unit - we make our own steam and power and sell the "
         "surplus to the grid. Which sector?", "sector-chemical"),
        # What the guess says of itself ("freight rail mode") is no thing one makes.
        ("we build freight railcars and locomotives - so transportation systems (freight rail "
         "mode)?", "sector-critical-manufacturing"),
        # ... but whether it is in another sector too is that sector's question.
        ("we're the electric coop serving a big defense contractor plant — does that make *us* "
         "part of the DIB?", "sector-defense-industrial-base"),
        # "sector's" is "sector is", not the list of sectors.
        ("We run a bunch of cell towers and some fiber backhaul in rural Montana. Which "
         "sector's that?", "sector-communications"),
        # "... or something else?" names no other choice; a sub to a prime on missile parts.
        ("we own a levee district along the river, is that a dams thing or something else",
         "sector-dams"),
        ("we're a sub to a prime that builds missile guidance parts. sector?",
         "sector-defense-industrial-base"),
        ("we're a sub to a sub for lockheed, we machine parts. which sector is that",
         "sector-defense-industrial-base"),
        ("our firm builds avionics subsystems under contract to a prime for the Air Force",
         "sector-defense-industrial-base"),
        # A tank farm stores fuel: energy, not a farm.
        ("we run a fuel tank farm at the port, which CI sector is that", "sector-energy"),
        # A store that sells hardware is retail, not the IT sector.
        ("we run a regional hardware store chain, which CI sector is that",
         "sector-commercial-facilities"),
        # Whether a thing is one of the sectors is what its sector covers, not the list.
        ("is fire/ems one of the 16 sectors?", "sector-emergency-services"),
        ("are dams one of the 16 sectors?", "sector-dams"),
        # Whom we sell to and what we haul are not what we are; "are we even critical
        # infrastructure?" asks which sector.
        ("family dairy, 900 cows, we bottle on the farm and sell to schools and a few grocers. "
         "are we even 'critical infrastructure'?", "sector-food-and-agriculture"),
        ("@partnerbot short line railroad here, about 120 miles of track, we interchange with "
         "two Class Is and haul mostly grain and frac sand. who's our lead agency these days?",
         "sector-transportation-systems"),
        ("We're a grain elevator + feed mill outfit in western Kansas, 3 locations. Is that "
         "critical infrastructure at all, and if so which bucket?", "sector-food-and-agriculture"),
        ("I'm the safety manager at an amusement park (coasters, water park, ~2M visitors a "
         "season). Which of the 16 sectors are we?", "sector-commercial-facilities"),
        ("barge line on the upper Mississippi - towboats, fleeting areas, a couple of "
         "terminals. what sector", "sector-transportation-systems"),
        ("Electric arc furnace steel mill, we make rebar and merchant bar. Which sector?",
         "sector-critical-manufacturing"),
        ("we manage a portfolio of 9 office towers downtown. property management, not owners. "
         "sector?", "sector-commercial-facilities"),
        # Who says something of us is not what we are.
        ("We own 40 restaurants across three states (casual dining). My insurance broker keeps "
         "saying we're critical infrastructure - which sector would that be?",
         "sector-food-and-agriculture"),
        # Those we deal with are not what we are.
        ("ethanol plant - what sector are we and what is CSET? our insurer mentioned it for "
         "our DCS", {"answers": ["sector-energy", "resource-cset"]}),
        # Government-leased offices are the sector's own buildings.
        ("new building manager at a federal office building (GSA lease). what sector are we?",
         "sector-government-facilities"),
        # A thing at a place is ours, not the place, as a workplace is, not a job.
        ("chemical distribution terminal at a port: ~60 bulk tanks, rail and truck loading, "
         "some marine transfer. which sector", "sector-chemical"),
        # The thing a closing "what sector is the X?" names, whatever is said of others.
        ("shopping mall owner. the refinery across the highway is energy I assume, but what "
         "sector is the mall?", "sector-commercial-facilities"),
        # Nor those we buy from and rely on.
        ("County 911 center here, we rely 100% on the telco's lines and the state radio "
         "network. which sector are we?", "sector-emergency-services"),
        ("hey so we're a gas fired power plant and our whole water supply comes from the "
         "city's reclaimed water. who's our lead agency", "sector-energy"),
        ("small water utility buying chlorine from a distributor - who's our lead agency? also "
         "how do we sign up for cyber hygiene scanning?",
         {"answers": ["sector-water-and-wastewater", "contact-cyber-hygiene-signup"]}),
        # ... unless the question is about them.
        ("Quick one. We're the rural electric co-op that supplies power to an Army ammunition "
         "plant down the road. My GM is convinced that makes us part of the Defense Industrial "
         "Base. Is he right?", "sector-defense-industrial-base"),
        # The IT Sector-Specific Plan counts domain name resolution among its functions.
        ("what's the DNS/domain registrar world fall under? we're a mid-size registrar and got "
         "asked by a partner", "sector-information-technology"),
        ("hey all :wave: new here, I run physical security for a small chain of outpatient "
         "surgery centers (6 sites across OH and KY). our compliance lead keeps saying we need "
         "to 'engage our SRMA' but nobody can tell me who that even is for us lol. who is it?",
         "sector-healthcare-and-public-health"),
        # Of several sectors said as often, the first is ours: what we are, make or run comes
        # before whom we serve, what we buy and what stands next door.
        ("we repackage chlorine into 150 lb cylinders and ton containers and sell mostly to "
         "municipal water utilities. are we water sector or chemical?", "sector-chemical"),
        ("we machine valve bodies and pump internals for nuclear power plants (safety "
         "related, NQA-1 shop). what sector is that", "sector-critical-manufacturing"),
        ("payment processor, most of our merchants are gas stations and truck stops. who's our "
         "SRMA", "sector-financial-services"),
        ("regional airport, we have our own ARFF station and a fuel farm. sector?",
         "sector-transportation-systems"),
        ("we're a community bank and most of our branches are inside grocery stores. sector?",
         "sector-financial-services"),
        ("nursing home chain, backup generators on propane delivered by a local distributor. "
         "who leads our sector", "sector-healthcare-and-public-health"),
        # ... said first as a sector's name, for the sentence that says what we run.
        ("We operate a casino resort: 2,000 rooms, our own water treatment plant and a small "
         "gas-fired power plant on site. Which sector is the resort itself in?",
         "sector-commercial-facilities"),
        ("Steel minimill.\nWe buy scrap, have our own rail spur and a big substation from the "
         "utility. Which sector?", "sector-critical-manufacturing"),
        ("wastewater plant that also produces biogas and runs engines to make power for the "
         "grid. which sector", "sector-water-and-wastewater"),
        ("feedyard, 30k head, we buy corn from the ethanol plant down the road. lead agency?",
         "sector-food-and-agriculture"),
        # ... not one's line of work, nor a sector named as who leads another.
        ("small town public works clerk. we run the water plant and the sewer lagoons. which "
         "sector + who leads it?", "sector-water-and-wastewater"),
        ("Hello! I'm new in the emergency management role at a 300-bed community hospital.\nMy "
         "boss asked me to figure out which federal agency is our sector's lead. Is it CISA or "
         "HHS?", "sector-healthcare-and-public-health"),
        # Of a choice, one of those named ("pump stations" are the water sector's too).
        ("we operate a 200 mile crude oil pipeline w/ 3 pump stations. energy sector or "
         "transportation sector??", ["sector-energy", "sector-transportation-systems"]),
        # What we haul is the load, not what we are, even when the question names its sector.
        ("We haul frozen food for 3 grocery chains, about 60 reefer units. Are we food and ag "
         "or transportation?", "sector-transportation-systems"),
        ("trucking co hauling hazmat (acids, caustic) for chemical plants. are we chemical "
         "sector?", "sector-transportation-systems"),
        ("short line railroad, we haul mostly grain and frac sand. who's our lead agency?",
         "sector-transportation-systems"),
        ("parcel delivery company, a lot of what we move is pharma and lab specimens for "
         "hospitals. which sector are we", "sector-transportation-systems"),
        # Asked inside a statement and thanked for in advance: a question, not thanks.
        ("we run a bunch of cell towers and a small fiber backbone.\nOur new GM asked me which "
         "critical infrastructure sector we fall under. thanks in advance :pray:",
         "sector-communications"),
        # Whom we make things for, or serve, does not make us theirs, even when the question
        # names their sector ...
        ("We build fire apparatus (pumpers, aerials) for fire departments. Does that make us "
         "emergency services sector?", "sector-critical-manufacturing"),
        ("ag lending credit union, all our members are farmers and ranchers. does that put us "
         "in food & ag?", "sector-financial-services"),
        ("We manufacture large power transformers and switchgear for utilities.\nDoes that put "
         "us in the *energy* sector or somewhere else?", "sector-critical-manufacturing"),
        # ... except for the military, whose contractors are its industrial base.
        ("we machine brackets for an Army vehicle program. does that make us DIB?",
         "sector-defense-industrial-base"),
        # A choice asks which of the two, not whether what was said is the one named.
        ("We're a specialty chemical plant. We have our own industrial wastewater pretreatment "
         "before we discharge to the city POTW.\nDoes that make us water sector too, or are we "
         "just chemical?", "sector-chemical"),
        # What stands beside us says where we are, not what we are.
        ("we manage a 40 story apartment tower right next to the main rail yard downtown. "
         "which CI sector is that", "sector-commercial-facilities"),
        ("who's the srma for an apartment complex near the rail yard",
         "sector-commercial-facilities"),
        # What a shop sells says which sector, not the shop.
        ("whos our lead agncy? we're a fertilizer retailer - we store anhydrous ammonia and "
         "ammonium nitrate and sell to farmers in 3 counties", "sector-chemical"),
        # Chemicals stored are the chemical sector's, as chemicals made are.
        ("chem tank farm srma pls", "sector-chemical"),
        # Machinery and transportation equipment, as their makers name them.
        ("we build irrigation pumps and center pivots for farms - food and ag or "
         "manufacturing?", "sector-critical-manufacturing"),
        ("we make fire apparatus and tank cars. which sector?", "sector-critical-manufacturing"),
        # Must keep: a state's fusion center is in a sector, though its contacts are the state's.
        ("we're the Texas fusion center, which sector are we in?", "sector-emergency-services"),
        ("we manage hotels near the convention center, which sector are we?",
         "sector-commercial-facilities"),
        ("we're a tower company. which sector are we in?", "sector-communications"),
        # What "that" points at is what we have, not where the one asking works.
        ("I'm the new radiation safety officer at a state university. We have a 1 MW TRIGA "
         "research reactor in the engineering building. Which critical infrastructure sector is "
         "that?", "sector-nuclear"),
        # "Is there a sector for us" asks which sector we are in.
        ("small machine shop, we're a sub on some army contracts. is there a critical "
         "infrastructure sector for us?", "sector-defense-industrial-base"),
        ("is there a sector for our company? we run a bus line", "sector-transportation-systems"),
        # Turbine parts are machinery (Critical Manufacturing), whoever buys them.
        ("our shop makes turbine blades for gas-fired power plants. what sector are we?",
         "sector-critical-manufacturing"),
        # Sectors others claim, asked which is right: the one of what the asker runs.
        ("We run an interstate natural gas pipeline. Half my colleagues say we're in the Energy "
         "sector and the other half say Transportation. Which one is it?",
         "sector-transportation-systems"),
        ("burger restaurant chain, ~40 locations. I assumed *commercial facilities* (retail) but "
         "a coworker says we're in a different sector. which is it?",
         "sector-food-and-agriculture"),
        # The business named first is what the sector is asked of, not what it also has.
        ("cattle ranch w/ a solar array on the barns, we sell power back to the grid. are we "
         "energy sector now?", "sector-food-and-agriculture"),
        ("water district with a small hydro turbine on our pipeline that sells power. which "
         "sector is the district", "sector-water-and-wastewater"),
        ("msp that runs IT for ~30 small wastewater utilities. does that make us water sector?",
         "sector-information-technology"),
        ("MSP here, we manage IT for a dozen clinics. which sector is an MSP in?",
         "sector-information-technology"),
        ("our firm builds switchgear and circuit breakers, we sell mostly to electric co-ops. "
         "does that make us energy sector?", "sector-critical-manufacturing"),
        # Must keep: what the clerk's town runs; a thing asked of by name; the site one powers.
        ("town public works clerk. we run the water plant and the sewer lagoons. which sector?",
         "sector-water-and-wastewater"),
        ("county public works: we run the landfill and the wastewater plant. which sector for "
         "the wastewater plant?", "sector-water-and-wastewater"),
        ("we're the electric co-op that powers a big army depot. does that put us in the DIB?",
         "sector-defense-industrial-base"),
        # Must keep: what we make, beside what we do not run.
        ("we build medium voltage switchgear and pad mount transformers that utilities buy. we "
         "dont run any grid ourselves. what sector does that put us in?",
         "sector-critical-manufacturing"),
        # A chemical the sources' sector stores, and parts for machinery, by what they are;
        # a business named before what it has is that business.
        ("we keep a big anhydrous ammonia tank for the cold storage rooms. what CI sector "
         "covers that?", "sector-chemical"),
        ("our shop machines pump parts for utilities. what sector are we?",
         "sector-critical-manufacturing"),
        ("ice rink with an ammonia refrigeration plant. what sector?",
         "sector-commercial-facilities"),
        # What is known of one thing, then "but what about" another: that other's sector.
        ("our county owns the airport, so I get that the terminal is transportation, but what "
         "about the fire station on the airfield?", "sector-emergency-services"),
        ("the campus is government facilities, I know. but what about the research reactor?",
         "sector-nuclear"),
    ],
)  # fmt: skip
def test_which_sector_is_my_business_in(matcher: Matcher, said: str, expected):
    _check(matcher, said, expected)


@pytest.mark.parametrize(
    ("said", "cards"),
    [
        # The lead asked second is the lead of the sector found first, which its card gives:
        # not a second card on what a lead agency is.
        ("We run a regional poultry processing plant. Which sector are we in and who's the "
         "lead agency?", ["sector-food-and-agriculture"]),
        ("our company makes transformers and switchgear. which CI sector is that and who's "
         "the federal lead?", ["sector-critical-manufacturing"]),
        ("small town water treatment plant plus the sewer plant - which sector + who's the "
         "federal lead", ["sector-water-and-wastewater"]),
        # A second question naming no sector asks of the first one's, not of another sector
        # whose card uses the same words.
        ("how many dams are there in the US, and what share is privately owned",
         ["sector-dams"]),
    ],
)  # fmt: skip
def test_no_card_answers_what_was_not_asked(matcher: Matcher, said: str, cards: list[str]):
    reading = read(said, matcher)
    assert [part.result.best.entry.id for part in reading.answers] == cards, _describe(reading)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        # Who may sit on a GCC is the GCC's card, whichever governments it names: the GCC
        # gathers federal and SLTT agencies alike.
        ("can state and tribal agencies be on a GCC or is it feds only", "body-gcc"),
        ("can a state agency sit on a GCC?", "body-gcc"),
        # Must keep: the council of those governments, asked of by what it is.
        ("is there a council for tribal governments", "body-slttgcc"),
        ("what is the SLTTGCC", "body-slttgcc"),
    ],
)
def test_a_council_asked_by_name_is_that_council(matcher: Matcher, said: str, expected):
    _check(matcher, said, expected)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        # An introduction that names nothing is who asks, not what.
        ("new here, what does this office do?", "office-sopd"),
        # "what is it?" after a sentence that names an entry asks about that entry.
        ("I keep seeing 'HSIN-CI' in our EOC binder. what is it?", "resource-hsin-ci"),
        # Two sectors named, each one's contact.
        (
            "what's the dams data email and the ESS team email?",
            {"answers": ["contact-dams-sector", "contact-emergency-services-team"]},
        ),
        # Why it is asked, after a comma; an apology for asking.
        ("whats IS-860 about, my supervisor put it on my IDP", "training-is-860"),
        # A call where something was heard asks for no phone number.
        ("<@U02HJK9QX> mentioned HSIN-CI on the regional call today. what is it exactly?",
         "resource-hsin-ci"),
        ("what is PPD-21, my director keeps citing it", "faq-ppd21-nsm22"),
        # "whatever happened to" asks as "what happened to" does.
        ("and whatever happened to TLP white, I still see it on old stuff", "tlp-clear"),
        # ... and after a request for a list, what it is for.
        ("<@U07PBOT01> list the sectors pls, making slides :bar_chart:",
         {"browse": "sectors", "sector": None}),
        # "can someone explain ..." is a question too, so the clause after it is why it is asked.
        ("can someone explain what CIPAC actually is, my director keeps mentioning it in staff "
         "mtgs", "body-cipac"),
        # Of many lines, the one saying what kind of thing is wanted, with room for it; a
        # corporate campus is offices, not a school.
        ("I'm the new facility security officer at a corporate campus (about 1,200 staff).\n"
         "HR wants every employee to do some kind of general security awareness training this "
         "quarter.\nNot active shooter specific, just the basics. Online and free would be "
         "ideal.\nAnything you'd recommend?", "training-is-906"),
        # A label naming a course before a question pointing at it: what it asks about.
        ("AWR-911 - is that a course for 911 dispatchers?", "training-awr-911"),
        # Whether a course, by its code, is the one described: what that course is says.
        ("is IS-906 the active shooter one?", "training-is-906"),
        ("is AWR-334 one of the OBP courses?", "training-awr-334"),
        # ... said first, then checked: what the course is says whether it is.
        ("IS-907 is that full-day in-person active shooter class, right? need to book the room",
         "training-is-907"),
        ("IS-907 is the in-person active shooter workshop, right?", "training-is-907"),
        ("is AWR-348 the suspicious behaviors course?", "training-awr-348"),
        # A code half remembered is a course told by what the message says of it.
        ("the course about responding to suspicious packages and behaviors, AWR-33-something?",
         "training-awr-335"),
        ("IS-92-something, 'implementing critical infrastructure security' - how long is it?",
         "training-is-921"),
        # A course's number without its prefix is the one course with that number.
        ("913 course whos it for", "training-is-913"),
        ("is the 2200 class online", "training-is-2200"),
        # How to send out an alert, whatever the alert is about; not when the message asks of
        # something it names first.
        ("<@U07PBOT01> I have a suspicious drone report from last night I want to share w the "
         "other dam owners in here, how do I post it as an alert", "bot-sharing-alerts"),
        ("how do i share an alert w the water and dams channels", "bot-sharing-alerts"),
        ("how do I share a suspicious activity alert with the other partners on here",
         "bot-sharing-alerts"),
        ("can we share a warning about a phishing email with the other water utilities in here?",
         "bot-sharing-alerts"),
        ("hey how do i actually post an alert so the water folks see it? new to this :sweat_smile:",
         "bot-sharing-alerts"),
        ("tlp red meaning + how do i send an alert as red", "tlp-red"),
        # Having no budget asks for something free, not what a budget is.
        ("Our water authority GM wants an outside look at our cyber posture but there is zero "
         "budget this year.\nSomeone at the state conference mentioned a free desktop tool from "
         "CISA you run yourself that checks against NIST CSF and covers OT/ICS as well as IT.\n"
         "What's it called?", "resource-cset"),
        # What a question sets aside ("besides power plants") is read out as "not" is.
        ("what does the nuclear sector cover besides power plants? do radioactive sources at "
         "hospitals count", "sector-nuclear"),
        # Where one worked before says nothing of what is asked.
        ("at my old job everything was marked TLP:WHITE, is that still a thing or did it "
         "change?", "tlp-clear"),
        # The label that was renamed is answered by the label it became.
        ("what happened to TLP:WHITE? our templates still use it", "tlp-clear"),
        # What a mark sets off as not meant is read out ("not the agency").
        ("no i meant the council that coordinates the private side, not the agency",
         "body-scc"),
        # The one ruled out ("not the principles one") is read out; the one named stays.
        ("bombing prevention course on surveillance detection - the PER one, not the "
         "principles one", "training-per-346"),
        # For whom, of what was asked: no question of the sector it names.
        ("Which course covers bomb-making materials awareness? I want our hotel managers to "
         "take it.", {"answers": ["training-awr-911"]}),
        ("what is the traffic light protocol, new to infosharing", "tlp-overview"),
        # ... or what happened, after a comma; an emoji before a question word ends a sentence.
        ("what does `TLP:AMBER` mean exactly, got a bulletin marked that this morning",
         "tlp-amber"),
        ("what's a PSA anyway, everything keeps telling me to ask mine", "resource-psa"),
        ("fertilizer and pesticide maker here :seedling: what sector do we fall under",
         "sector-chemical"),
        # When, not what: "before the holidays" asks nothing about holidays.
        ("We manage a regional shopping mall. Management wants everyone to complete an active "
         "shooter awareness course online before the holidays. Which course is that?",
         "training-is-907"),
        ("sorry if basic — what does an SRMA actually do?", "faq-srma-role"),
        ("which sectors did SOPD cover", "office-six-sectors"),
        # Why a sector was not one of the office's: the six, and who led the others.
        ("why isn't transportation one of SOPD's six sectors?", "office-six-sectors"),
        ("why weren't comms and IT among the office's sectors if DHS led them?",
         "office-six-sectors"),
        ("why does your office cover dams and nuclear but not transportation or comms?",
         "office-six-sectors"),
        ("who's the SRMA for IT, and why wasn't it one of SOPD's sectors?",
         {"answers": ["sector-information-technology", "office-six-sectors"]}),
        # "IT and" a second question: the sector, before the pronoun "it" of the second.
        ("who leads the SRMA work for IT and was it one of the six IP sectors?",
         {"answers": ["sector-information-technology", "office-six-sectors"]}),
        # "a sector" is any sector, none of them asked of.
        ("what does the SRMA do for a sector?", "faq-srma-role"),
        # A signature under the question, and a heading over the questions.
        ("is there a FEMA course on the NIPP?\nThanks in advance,\nRosa Delgado\n"
         "Plant Security Manager", "training-is-860"),
        ("what's an RRAP?\n— Jordan, Port Authority Security", "resource-rrap"),
        # A forwarded mail's banner, headers and phone sign-off; its subject says what of.
        ("---------- Forwarded message ---------\nFrom: Dana Ruiz <druiz@countywater.org>\n"
         "Date: Tue, Mar 4, 2025 at 8:12 AM\nSubject: Fwd: federal lead?\n\nCan someone "
         "confirm which federal agency is the sector lead for us? We run the treatment plant "
         "and the sewer side.\n\nSent from my iPhone", "sector-water-and-wastewater"),
        ("---------- Forwarded message ---------\nFrom: IT Help <no-reply@example.co>\n"
         "Subject: Your mailbox will be suspended\n\nClick here to verify your account "
         "within 24 hours...\n\n^^ half our staff got this. where do i report phishing?",
         ["contact-report-incident", "contact-nccic-cyber-incidents"]),
        ("Forwarded message:\n> From: facilities@county.example.gov\n> Subject: RE: RRAP\n"
         "> Our region was nominated for one. What is that?", "resource-rrap"),
        ("Two things for a dam safety briefing I'm prepping:\n1. who's the lead federal "
         "agency for the dams sector?\n2. is there an email for requesting dams sector data?",
         {"answers": ["sector-dams", "contact-dams-sector"]}),
        ("Two TLP questions from our SOC:\n• who can we share `TLP:AMBER` stuff with?\n"
         "• and can a TLP:RED report ever be posted in a channel?",
         {"answers": ["tlp-amber", "tlp-red"]}),
        # Questions that say all they ask need nothing around them.
        ("I'm the training officer for a combination fire department. What training do you "
         "have for emergency services folks? would love to see the full list",
         {"browse": "training", "sector": "emergency-services"}),
        ("I'm putting together a resource list for our hospital's emergency management "
         "committee. What resources do you have for healthcare?",
         {"browse": "resources", "sector": "healthcare-and-public-health"}),
        ("I'm new in facility security at a hospital system and my predecessor left a note "
         "saying \"call the PSA for an assessment\". How do I find out who our PSA is?",
         "resource-psa"),
        # ... but a question that needs them keeps them.
        ("we're a regional airline, ~400 staff. who is the lead agency for us, and does TSA "
         "also regulate us?", "sector-transportation-systems"),
        ("training options for government facilities / schools?",
         {"browse": "training", "sector": "government-facilities"}),
        # The office asked for its list, not asked about.
        ("what training do you guys have for dams folks?",
         {"browse": "training", "sector": "dams"}),
        # Questions after a colon, and after an emoji that ends a sentence.
        ("our PSA mentioned two things on the call: what's an IVP, and what's an RRAP?",
         {"answers": ["resource-ivp", "resource-rrap"]}),
        ("Hi! 🤓 What is NIAC, and who chairs a Government Coordinating Council?",
         {"answers": ["body-advisory-committees", "body-gcc"]}),
        # What a question after a colon asks of is no heading.
        ("independent oil refinery on the gulf coast: which sector", "sector-energy"),
        # A few words after a question say more of it; more lines than questions: the
        # questions.
        ("is there a free course on the NIPP? ideally online", "training-is-860"),
        ("I coordinate training for ~200 staff at a water + electric utility:\n• field ops\n"
         "• control room\n• admin\nwhat courses do you have?", {"browse": "training"}),
        # The label told by who may read it: those who were in the room.
        ("we took notes at a closed-door session and only the people in the room should read "
         "them. which TLP label is that?", "tlp-red"),
        # Whom a labelled message is passed on to says nothing of what is asked: what the label
        # allows (must keep: a water utility as the recipient).
        ("We got an alert marked TLP:AMBER from the fusion center this morning.\nCan I forward it "
         "to the managed service provider who runs our SOC? They are a contractor, technically.",
         "tlp-amber"),
        ("> TLP:AMBER - Regional Bulletin 25-031\ngot this today. can i pass it along to our "
         "county water utility?", "tlp-amber"),
        # ... and of the lines beside them, the one that names an entry (must keep: an MSSP is
        # an IT business, and what the label names is what is asked of).
        ("> TLP:AMBER+STRICT\nThat is the label on an advisory our SOC manager received. We use "
         "an outside MSSP that monitors our network.\nCan I forward it to them, or is that only "
         "OK with plain AMBER? What is the actual difference?",
         {"answers": ["tlp-amber-strict", "tlp-amber"]}),
        # Why it is asked, after the question; an introduction before "can you".
        ("<@U07PBOT01> what was CISA called before it was CISA? reading a 2016 doc that says "
         "NPPD/IP everywhere", "faq-cisa-history"),
        ("Hello! New here :slightly_smiling_face: Can you explain what SOPD is?", "office-sopd"),
        # Who asks is no office-holder asked about: "I'm the new security director".
        ("Hey, I'm the new security director at a big stadium. I was told our local PSA can help "
         "with assessments. What exactly do Protective Security Advisors do and how do I find "
         "ours?", "resource-psa"),
        # "in here" is where, not who asks.
        ("any courses in here for dam operators?", {"browse": "training", "sector": "dams"}),
        # A sector's list when no one entry answers its courses.
        ("whta training is there for nuclear plant security staff?",
         {"browse": "training", "sector": "nuclear"}),
        ("stadium ops here. can our security team get alerts for our sector in slack?",
         "bot-subscriptions"),
        ("we cast steel and build turbine housings for the big OEMs. does that make us critical "
         "manufacturing?", "sector-critical-manufacturing"),
        ("where do I send questions about the national infrastructure protection plan",
         "contact-nipp"),
        ("Our compliance lead wants everyone on the team to complete IS-860 before Q4. What "
         "does it cover?", "training-is-860"),
        ("remind me, what standards does CSET check against?", "resource-cset"),
        # What a question points at, when the sentences before it name it; each thing listed.
        ("Hi! Our PSA brought up two things in our last meeting that I didn't want to admit I "
         "didn't know :sweat_smile:\n• RRAP\n• IVP\nWhat are they?",
         {"answers": ["resource-rrap", "resource-ivp"]}),
        ("hi! :wave: just started at a regional office doing partnership stuff and everyone "
         "keeps saying SRMA. what does that even mean", "faq-srma-role"),
        # Who leads "us": the sentence that names the sector says which.
        ("Our rural co-op owns about 60 tower sites plus the fiber backhaul to them. Which "
         "federal agency is the risk management lead for us?", "sector-communications"),
        ("Good afternoon,\nI manage plant security at a beef processing facility in Nebraska "
         "(roughly 1,200 employees across two shifts). Corporate asked me to figure out where we "
         "sit in the federal critical infrastructure picture — what sector are we and who's the "
         "lead agency on the federal side?\nThanks in advance,\nRosa Delgado\nPlant Security "
         "Manager", "sector-food-and-agriculture"),
        # One list, asked twice.
        ("what courses do you have for commercial facilities? malls, arenas, that kind of thing",
         {"browse": "training", "sector": "commercial-facilities"}),
        # What the thing asked about is, said again after it.
        ("what is TLP, the traffic light thing on the bulletins", "tlp-overview"),
        # A line asking for any help at all asks nothing of its own.
        ("I started as the security coordinator for a county that has a couple of levees and an "
         "old hydro dam on the river.\nMy director wants to know which federal agency is the lead "
         "for that kind of infrastructure.\nAlso, is it that agency that actually regulates our "
         "dam, or someone else? Can someone point me in the right direction?", "sector-dams"),
        # A sentence naming the asker's sector is not what a question naming an entry asks of.
        ("Going through an old binder at our dam in Oregon. It says to call the Office for "
         "Bombing Prevention, under IP.\nWhat is OBP part of these days?",
         ["resource-office-for-bombing-prevention", "faq-cisa-history"]),
        # A statement that finds an entry answers no question about a program no entry keeps.
        ("We're a small DIB supplier and the prime just sent us a flowdown clause.\nCan you "
         "explain what CMMC Level 2 actually requires?", None),
        # Sharing an alert with a sector's channels is sharing, not subscribing.
        ("how do I share an alert with the water sector channels? got a phishing sample from "
         "one of our plants", "bot-sharing-alerts"),
        # "Is that OK under TLP?" asks of the label the sentence before it names.
        ("Our comms lead wants to post a TLP:GREEN bulletin on our public website. Is that "
         "allowed under TLP?", "tlp-green"),
        # A channel "cleared" for amber is one cleared to get it: subscribing, staff only.
        ("how does a channel get cleared for amber alerts?", "bot-subscriptions"),
        # A name and a way to reach it say all the question asks: the sentence before is why.
        ("Found a 2012 CIPAC notice in our shared drive that says to send questions to a DHS "
         "email. Is there still an address for CIPAC questions, and does anyone monitor it?",
         "contact-cipac"),
        # A statement that finds an entry only weakly, beside a question that finds its own,
        # is no question.
        ("Hi partnerbot! :wave: First week at the partnership office and still learning the "
         "alphabet soup :sweat_smile:\nWhat exactly is SOPD and what does it do?\nthanks!\n"
         "Jordan (new GS-12, Stakeholder Engagement)", {"answers": ["office-sopd"]}),
        ('New federal employee, day 3 :sweat_smile: everyone keeps saying "SRMA" in meetings.\n'
         "What is an SRMA and what is it actually supposed to do?",
         {"answers": ["faq-srma-role"]}),
        # The office written by its name is named; an introduction before it is who asks.
        ("I'm brand new at CISA (week 2 :sweat_smile:). What exactly was SOPD?", "office-sopd"),
        # The office's old name, however it is written out.
        ("what was the SSA Executive Management Office? it's on an old org chart",
         "office-sopd"),
        ("<@U07PBOT01> how do I share an alert with the water channels? we saw some odd "
         "scanning on our SCADA vpn", "bot-sharing-alerts"),
        # What a question points at, though more is asked of it in the same sentence.
        ('Hi! Our regional PSA offered to do an "IVP" for our stadium ahead of a big event next '
         "season. What is that exactly, and what do we end up getting out of it? Our GM wants to "
         "know before saying yes.", "resource-ivp"),
        # ", what is that" after a statement naming an entry asks what that entry is.
        ("someone from <#C04SECOPS|security-team> mentioned getting an RRAP done for our "
         "county, what is that", "resource-rrap"),
        # The name in quotes, not another said around it.
        ('I see an "SSA EMO" box on an old IP org chart. What was that?', "office-sopd"),
        # The name pointed at is the whole abbreviation, however many words.
        ("someone on the regional call brought up the 'SSA EMO'. what was that and where did it "
         "go?", "office-sopd"),
        # The year one did a course in says nothing of what is asked ...
        ("I need my IS-906 certificate from 2018 for a job application, who do I contact?",
         "contact-fema-independent-study"),
        # ... nor having taken it.
        ("I took IS-860 and need the certificate for my personnel file, who do I contact?",
         "contact-fema-independent-study"),
        # ... nor the job one took it for.
        ("took IS-906 for my hospital security job years ago, lost the cert. who do I ask for a "
         "copy?", "contact-fema-independent-study"),
        # What the office was part of then is its history, not what a sector covers.
        ("what was this office part of before CISA existed?", "office-sopd"),
        # "do that" points at something to do, not at a name said before ("CISA").
        ("We got a phishing email made to look like it came from our CEO and two people clicked "
         "the link.\nIT has it contained, but our cyber insurer says we should also report it to "
         "CISA.\nWhat's the right way to do that?",
         ["contact-report-incident", "contact-nccic-cyber-incidents"]),
        # "that" after a contact of no sector is that contact, not the sector of the asker.
        ("I'm the facilities & safety director for a large church with a school attached. "
         "Someone at a county meeting mentioned a faith-based community on HSIN.\nWho do I "
         "contact to get into that?", "contact-hsin-ci"),
        # An email received is a message, not an address asked for; "fwd" is forward.
        ("got an email marked *TLP:AMBER+STRICT* from our ISAC. can I fwd it to our MSP?",
         "tlp-amber-strict"),
        # A short label says what the question after it asks of.
        ("NIPP question: who do I email?", "contact-nipp"),
        # "different q" leaves the subject; "side of things" says which part, not what.
        ("ok different q, who leads the hurricane barriers side of things", "sector-dams"),
        # A job application is why a course was taken, not a job asked about.
        ("I finished IS-907 a couple of years ago for a job application and now I can't find "
         "the certificate anywhere. Who do I contact to get a copy?",
         "contact-fema-independent-study"),
        # A budget said in a statement is why we ask, not a budget asked.
        ("We're a county IT shop with a tiny budget. Is there a free self-assessment tool that "
         "checks us against NIST CSF and gives prioritized recommendations?", "resource-cset"),
        # A question naming again what the statements are about needs nothing of them.
        ("I'm going to be our utility's liaison at the county EOC during storms. Is there a "
         "course that explains how EOCs actually run? Never set foot in one.", "training-is-2200"),
        # "... office here." says who asks.
        ("State homeland security advisor's office here. New legislators keep asking what an "
         'SRMA actually does, beyond being "the lead".\nWhat does an SRMA do day to day?',
         "faq-srma-role"),
        # Kept inside one's own organization ("org") is what AMBER+STRICT allows.
        ("which TLP do i pick so it stays inside my own org only", "tlp-amber-strict"),
        # "What is it, and how would we ...": what the first question asks of the name said
        # before, when the whole finds nothing.
        ("We host about 40 events a year at our arena and our PSA mentioned something called "
         "the Infrastructure Visualization Platform. What is it, and how would we go about "
         "getting one done for our venue?", "resource-ivp"),
        # A question that finds nothing and asks only of what entries hold says again what the
        # one beside it, answered surely, asks.
        ("Our state office is revising its CI protection plan to line up with the National "
         "Infrastructure Protection Plan. Who do we email with NIPP questions? Is there a "
         "program mailbox somewhere?", "contact-nipp"),
        # "which our chairman keeps mentioning" says who mentions it, and asks nothing.
        ("New to the partnership world, I just took over as our association's CI liaison. Can "
         "you explain what CIPAC is? And also the CSCC, which our chairman keeps mentioning?",
         {"answers": ["body-cipac", "body-cscc"]}),
        # Questions read alone, the second of what the first found.
        ('Hi! I started at CISA two weeks ago and keep running into "SOPD" in old documents and '
         "on this bot's about page. What was SOPD and what did it do? Just trying to get "
         "oriented, thanks :slightly_smiling_face:", "office-sopd"),
        # A sentence naming only what the question asks, and finding nothing alone, is why.
        ('I keep seeing "SRMA" in every deck but nobody has explained it to me. What does a '
         "Sector Risk Management Agency actually do, in practical terms?", "faq-srma-role"),
        # An example that finds nothing of its own says no more of the question; one that
        # does, says which.
        ("and how do I share an alert myself, like something we saw at our plant",
         "bot-sharing-alerts"),
        ("is there an intro on how attackers plan, like the attack cycle thing?",
         "training-awr-334"),
        # Who keeps citing it, or keeps saying so (their mention read out), is no subject.
        ("what's the PPD-21 thing everyone keeps citing", "faq-ppd21-nsm22"),
        ("ok what's an SCC then, <@U02KLMN88> keeps saying we should join ours", "body-scc"),
        # "since it's all phones and radios": why the question names a sector it names.
        ("I supervise a consolidated 911 center serving four towns.\nAre PSAPs part of "
         "emergency services, or of communications since it's all phones and radios?",
         "sector-emergency-services"),
        # "Any idea?" after a question said as a statement; of a job and a workplace, the
        # workplace says whose sector.
        ("Hi! :wave: I just started in emergency management at a mid-size hospital in Ohio.\n"
         "My director asked me to find out which federal agency is the SRMA for us. Any idea?",
         "sector-healthcare-and-public-health"),
        # Once a sentence says which sector is ours, one naming none says only why we ask.
        ("I just took over as security coordinator for a regional hydro operator (3 earthen "
         "dams + a navigation lock on the river). My predecessor left me a binder full of "
         "hq.dhs.gov email addresses and I have no idea what's still valid.\nFirst thing: who "
         "is actually our federal lead agency now?", "sector-dams"),
        # What a briefing is on ("on how ...") is no question the statement asks.
        ("Context: I'm putting together a briefing for our state homeland security advisor on "
         "how the federal side is organized.\nQuick one — which six sectors did the old Sector "
         "Outreach and Programs Division lead?", "office-six-sectors"),
        # What someone thinks is what they believe, not what is asked about.
        ("our board thinks an SRMA is a regulator that can fine us. what does an SRMA actually "
         "do?", "faq-srma-role"),
        # A question that says nothing of what it asks, after one naming the entry both find.
        ("I'm digitizing our old continuity binders and they keep referring to a *Banking and "
         "Finance* sector.\nIs that the same thing as today's Financial Services sector? When "
         "did the name change?", "sector-financial-services"),
        # What a thing is, named by the thing and its contact's title alike: the who-asks line
        # before it says nothing of it.
        ("SOC lead at a regional bank. what's AIS exactly?", "resource-ais"),
        # A bracket ending the message that says what the answer is for, naming nothing asked;
        # one that names the sector stays.
        ("SRMA responsibilities, short version pls (for a board brief)", "faq-srma-role"),
        # Courtesy before a request for a list.
        ("cool. list the contacts for emergency services",
         {"browse": "contacts", "sector": "emergency-services"}),
        ("training list (for our water plant operators)",
         {"browse": "training", "sector": "water-and-wastewater"}),
        # What something quoted before is, asked briefly; what one word quoted means.
        ("my director said to 'skim the NIPP' before Monday. what is it, briefly?",
         "resource-nipp-2013"),
        ("what is the national infrastructure protection plan in one line", "resource-nipp-2013"),
        # Whom it is for, said of the asker in words naming nothing asked; but a list for
        # "folks like us" is one for the sector said.
        ("what does an SRMA actually do for an owner like us", "faq-srma-role"),
        # Who asks is no question of the law; the law asked of an entry that speaks of it.
        ("Our legal team is reviewing every Slack app before we approve it.\nWhat does "
         "partnerbot keep about the questions people ask it, and for how long?", "bot-privacy"),
        # What becomes of what one asks is a question of what the bot stores.
        ("what do you do with my questions?", "bot-privacy"),
        ("what does partnerbot do with my messages after I send them?", "bot-privacy"),
        ("is information we submit as PCII legally protected from FOIA?", "resource-pcii"),
        # "which sectors those are" asks of the sectors said before, not for every sector.
        ("a 2016 conference brief says their division \"led six sectors\". My boss asked me "
         "which six those were. Can you tell me which sectors those are?", "office-six-sectors"),
        # A label's colour in capitals, asked of in a message about TLP.
        ("the slide deck from yesterday's briefing was marked TLP:RED on every page and my boss "
         "wants me to email it to her. What does RED actually allow?", "tlp-red"),
        ("members keep forwarding our TLP:GREEN bulletins wrong. What does GREEN allow? and "
         "what does AMBER allow?", {"answers": ["tlp-green", "tlp-amber"]}),
        # What a word means, asked among statements that say why.
        ("at a council work session I kept saying 'our SRMA' and afterwards a member asked me "
         "what one actually does. I gave a weak answer. What does a Sector Risk Management "
         "Agency do, in plain English? I'd like to send her a follow-up.", "faq-srma-role"),
        # ... and what a role does is asked of anyone, whatever sector the asker names.
        ("what does an SRMA actually do for a company like ours (tank car builder)?",
         "faq-srma-role"),
        ("what does an SRMA do for a water utility like us?", "faq-srma-role"),
        # Which sector is ours, said just after the question asked of us.
        ("hey, who's the SRMA for us? we're a municipal water utility, ~40k connections",
         "sector-water-and-wastewater"),
        ("Hi! two things\n1. what's an SRMA\n2. which one is ours? we're a water utility",
         {"answers": ["faq-srma-role", "sector-water-and-wastewater"]}),
        # Where the thing asked about is seen says nothing of what is asked.
        ("saw an infragard chapter page that says DHS is the SSA for energy. thats wrong right?",
         "sector-energy"),
        ("what does TLP mean in these alerts", "tlp-overview"),
        ("I run security for a casino and a hotel next to it. what training do you have for "
         "folks like us?", {"browse": "training", "sector": "commercial-facilities"}),
        ("What's the phone number and email for the PCII Program Office, and what is PCII in one "
         "sentence?", {"answers": ["contact-pcii", "resource-pcii"]}),
        ("an old memo says 'SSA for the Dams Sector'. what was an SSA?", "faq-srma-role"),
        # The office named by its full name is named, whatever a quoted line before says.
        ("> CIPAC Designated Federal Officer, Sector Outreach and Programs Division, Office of "
         "Infrastructure Protection\nfrom a 2014 notice. what was the Sector Outreach and "
         "Programs Division?", "office-sopd"),
        # Whether a way to reach what the story names still works: its contact now.
        ("The old security director left a binder with NICC 202-282-9201 written on the front "
         "cover. Is that number still valid?", "contact-nicc"),
        ("Our old SOP binder lists nipp@dhs.gov for plan questions, from way back. is that "
         "email still good?", "contact-nipp"),
        # Who leads ours, asked with the directives that say when.
        ("@partnerbot DIB sector - did the lead agency change at all going from PPD-21 to "
         "NSM-22?", "sector-defense-industrial-base"),
        ("hospital emergency manager. in our 2013 plan HHS is the SSA for us. still the lead "
         "after NSM-22?", "sector-healthcare-and-public-health"),
        # Whether what the story names still is, asked of it by its name.
        ("we ran CSET back in like 2014. is it still around and still free?", "resource-cset"),
        ("Our 2019 incident SOP references TLP:WHITE. Is that label still used?", "tlp-clear"),
        ('I\'m reading a 2015 after-action report that refers to the "Office of Infrastructure '
         'Protection" over and over.\nDoes that office still exist under that name?',
         "faq-cisa-history"),
        # When we ask, said first, names nothing asked.
        ("before I use this, what do you store about me?", "bot-privacy"),
        # A line saying one's job, naming the sector the question names too.
        ("<@U07PBOT01> sheriff's office training coordinator. heard there's an ESS active "
         "shooter guide?", "resource-ess-active-shooter-guide"),
        # "by what?" ends the sentence before it, which it asks of.
        ("county commissioner again lol. our state briefing said PPD-21 was replaced. by what?",
         "faq-ppd21-nsm22"),
        # A directive says when a sector's lead is asked of.
        ("Is EPA still the lead for water under NSM-22 or did CISA take that over?",
         "sector-water-and-wastewater"),
        # Who asked, before the question, and a claim someone made, to be checked.
        ("my boss asked me what a Sector Coordinating Council actually is, we got invited to "
         "join one", "body-scc"),
        ("my boss asked me who is the SRMA for IT. she thinks it's NIST",
         "sector-information-technology"),
        ("someone on our morning call said TSA runs pipeline security, true?",
         "sector-transportation-systems"),
        ("my colleague swears CIPAC was set up in 2006, can you confirm?", "body-cipac"),
        # ... or what was heard, asked about.
        ("my inbox keeps saying SSA and SRMA, same thing?", "faq-srma-role"),
        ("saw a deck that says TSA runs pipeline security. thats wrong right?",
         "sector-transportation-systems"),
        # ... said after the sentences that say who asks.
        ("pipeline security guy here. our 2010 plan says TSA is the SSA for transportation. "
         "still right?", "sector-transportation-systems"),
        # What the question is said to be about, after what the message quotes.
        ('Email says "per the Chemical, Dams and Nuclear SRMAs..." - my question is only about '
         "nuclear. is CISA really the SRMA there?", "sector-nuclear"),
        # A question quoted from a mail the message says it forwards.
        ("> From: Regional Ops Lead\n> Can someone confirm who the federal lead is for our dams "
         "now that PPD-21 is gone?\n\nforwarding from my inbox. who is it?", "sector-dams"),
        # A certificate of an IS course, by its code: EMI's Independent Study office.
        ("I forgot my IS-907 cert, where do I get a copy? took it in like 2019",
         "contact-fema-independent-study"),
        # "now that ..." says when it is asked.
        ("@partnerbot chem distributor here, who leads our sector now that cfats lapsed",
         "sector-chemical"),
        # Who asked the question a message relays, before or after it.
        ("@partnerbot our board chair asked me to find out where we request federal dams "
         "sector data (inundation stuff etc)", "contact-dams-sector"),
        ("and what does the NICC actually do, he asked", "resource-nicc"),
        # The thing someone wants, opening a message.
        ("@partnerbot boss wants a list of all the training you know about. everything",
         {"browse": "training", "sector": None}),
        # An apology in brackets says nothing asked.
        ("my boss asked me what SOPD is (new guy, sorry)", "office-sopd"),
        # A question sentence naming its entry says all it asks, though a piece of it ("who
        # maintains the standard?") says less: the sector of who asks is no part of it.
        ("I'm writing a one-page cheat sheet for our SOC analysts at a healthcare system. What "
         "are the current TLP labels and who maintains the standard?", "tlp-overview"),
        # A thing brought in by what it is, then pointed at: the one entry it is.
        ("I'm a tribal emergency manager. At a FEMA Region 6 meeting someone mentioned there's a "
         "council specifically for state, local, tribal and territorial governments in the CI "
         "partnership, and suggested I look into it. What is that council and who sits on it?",
         "body-slttgcc"),
        # Where what is reported was found: the report goes to one place.
        ("where do I report a vulnerability I found in a vendor's PLC firmware",
         "contact-report-incident"),
        # Must keep: one brought in by its name is asked of by it.
        ("Someone recommended IS-860 for our new analysts. What is that course exactly?",
         "training-is-860"),
        # A program no entry covers, said only as where a label was seen, in its own sentence
        # or before the comma of the question.
        ("we got an NTAS bulletin, what does TLP:AMBER mean?", "tlp-amber"),
        ("Got a KEV alert this morning. What does TLP:AMBER mean?", "tlp-amber"),
        # What the thing asked for should not be about is left out.
        ("need one free online course for all staff. it shouldn't be about active shooters, "
         "just general security awareness at work", "training-is-906"),
        # How it is asked to be said does not hide what is asked.
        ("I'm drafting notes for our utility commissioners on federal partners. In plain "
         "language, what does a sector risk management agency actually do?", "faq-srma-role"),
    ],
)  # fmt: skip
def test_what_a_message_says_around_its_question(matcher: Matcher, said: str, expected):
    _check(matcher, said, expected)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("ice cert still a thing or did it get rolled into sister", "faq-cisa-history"),
        ("what does pee see eye eye protect us from. like FOIA?", "resource-pcii"),
        ("awr nine forty is that online or in person", "training-awr-940"),
        ("is DHS on every gee see see or just the ones sister leads as SRMA", "body-gcc"),
        ("whats see set and is the CRR something different or same thing",
         {"answers": ["resource-cset", "resource-crr"]}),
        ("how many members does hissin CI have", "resource-hsin-ci"),
        ("who leads the eye tee sector question mark", "sector-information-technology"),
        ("NSM twenty two what changed period", "faq-ppd21-nsm22"),
        ("what is the S L T T G C C", "body-slttgcc"),
        ("is nine oh seven how long\nand do i need a student id for it",
         {"answers": ["training-is-907", "training-fema-student-id"]}),
        ("what is PC II\nand whats the office phone",
         {"answers": ["resource-pcii", "contact-pcii"]}),
        ("is sip pack exempt from FACA", "body-cipac"),
        ("got a TLP read briefing this am can i brief my boss who wasnt there", "tlp-red"),
        ("what happened to the office of infrastructure protection is it gone",
         "faq-cisa-history"),
    ],
)  # fmt: skip
def test_a_dictated_message_is_read_as_if_typed(matcher: Matcher, said: str, expected):
    _check(matcher, said, expected)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        # A name taken back is replaced by the one meant, however the correction is said.
        ("who's the SRMA for energy - sorry, I mean for the nuclear sector", "sector-nuclear"),
        ("tell me about CSET... no wait, the CRR I mean", "resource-crr"),
        ("Who is SRMA for DIB — sorry, for critical manufacturing I mean. we make steel",
         "sector-critical-manufacturing"),
        ("what's TLP:AMBER... actually no, I mean AMBER+STRICT, what does strict add",
         "tlp-amber-strict"),
        # "I mean" alone says more of the same question, and after a question it takes nothing
        # back.
        ("who leads the chemical sector, I mean who is its SRMA", "sector-chemical"),
        ("who leads chemical? sorry if this is a dumb question, I mean it", "sector-chemical"),
        # A whole question taken back leaves the one after it.
        ("who leads energy? edit: never mind that, who leads dams?", "sector-dams"),
        ("what's CSET? scratch that - what does the CRR look at?", "resource-crr"),
        ("we built our grid model from scratch. who leads energy? and dams?",
         {"answers": ["sector-energy", "sector-dams"]}),
    ],
)  # fmt: skip
def test_a_name_taken_back_is_replaced_by_the_one_meant(matcher: Matcher, said: str, expected):
    _check(matcher, said, expected)


@pytest.mark.parametrize(
    "said",
    [
        # Another program the knowledge base does not cover: an honest "I don't know", not
        # the card whose words come closest.
        "how does our county get a .gov domain",
        # What no entry keeps, then a question about it: "it" is the TWIC renewal.
        "TWIC card renewal — how long does it take these days?",
        "Does CISA do free penetration testing / Risk and Vulnerability Assessments (RVA)? We "
        "already get the weekly scans. If so, how long is the waitlist right now?",
        "what does NFPA 3000 require for active shooter / hostile event programs",
        # The weather, on the way to a meeting the knowledge base does know.
        "weather in DC thursday? flying in for the SCC meeting",
        # Another identification number than the FEMA Student ID.
        "what's the tax ID number for CISA",
        # Contacts the knowledge base does not keep, though a sector and "list" are named.
        "list all the water utilities in Texas with their contacts",
        # A statement naming a course, then a question about something no entry holds.
        "I got approved to attend the ICS 301 course at INL next quarter :tada:\nFor my travel "
        "voucher I need the current federal per diem rate for Idaho Falls.\nDoes anyone know "
        "what lodging and M&IE come to?",
        # More lines than questions: the question is read, not the lines before it alone.
        "*Question re: CIPAC*\n• we're a trade association that just joined our sector's SCC\n"
        "• we'd like to bring our outside counsel to the next CIPAC plenary\nwhat's CIPAC's annual "
        "budget, and do they reimburse travel for SCC members?",
        # Where someone the knowledge base names as of a date is now.
        "is Linda Solheim still at CISA? what is she doing now?",
        # Other programs and rules asked of beside what the bot does know.
        "we're a DIB sub building parts for a prime. what's the DFARS 7012 incident reporting "
        "window, 72 hours?",
        "our county EOC uses IS-2200 for onboarding. what software do most EOCs use, WebEOC?",
        "I took IS-860.c last week. Does it count toward PE continuing education hours?",
        "does the government travel card cover Uber rides to the airport",
        "does anyone have the zoom link for thursday's Dams SCC meeting?",
        # Other agencies' rules and exercises.
        "what's the OSHA PSM threshold quantity for chlorine",
        "when is the next national cyber exercise",
        # A holiday by its name.
        "is the federal office closed on juneteenth?",
        # An HR question; the privacy entry's days and years are no answer.
        "how many days of PTO do I get in my first year as a contractor here",
        # Clearances, animal disease and CISA's numbered regions are kept by no entry.
        "Our 911 center director keeps getting invited to classified briefings at the fusion "
        "center but doesn't have a clearance.\nHow do we get her a Secret clearance?",
        "which USDA office do poultry farms report suspected avian flu to?",
        "which states are in CISA Region 7?",
        # Asking an agency for its records; costs reimbursed; whether staff are armed.
        "how do I file a FOIA request with CISA?",
        "Our hospital wants to run a full-scale active shooter drill this fall. Can FEMA "
        "reimburse the overtime costs, and what form do we use?",
        "do PSAs carry firearms? are they considered law enforcement?",
        # A regulation's section, or its exact words, that no entry quotes.
        "what does 6 CFR 29.8 say about who PCII can be disclosed to? need the actual reg text",
        "what does the PCII rule say word for word about disclosure to state agencies",
        # An executive order by a number no entry gives.
        "what is Executive Order 14028 and does it apply to contractors",
        # Who sits on a body now; whether a course meets another agency's rule; a course's
        # languages; what makes an event an NSSE.
        "who are the members of the CISA Cybersecurity Advisory Committee right now?",
        "does completing IS-907 satisfy OSHA workplace violence training requirements?",
        "is OBP training offered in spanish",
        "what are the criteria for getting an event designated an NSSE?",
        # Programs no entry covers: TSA PreCheck, controlled unclassified information,
        # SchoolSafety.gov.
        "how much is tsa precheck renewal, flying to the CIPAC thing",
        "is TLP:AMBER the same as CUI? can i keep amber stuff on my personal laptop",
        "does SchoolSafety.gov have a K-12 threat assessment guide",
        # Whether a regulatory program lapsed or was reauthorized is news no entry keeps.
        "did congress ever reauthorize CFATS or is it still lapsed",
        # Who holds a seat, or took one over, is no entry's to say.
        "who took over as SOPD director after Linda Solheim",
        "which tribe is the tribal member on the SLTTGCC",
        "who's the director of SOPD right now?",
        "Who's the chair of the Energy SCC right now?",
        "who chairs the Energy SCC this yr",
        "who runs the division today?",
        "who was the first CISA director",
        "whats the name of the person who runs CESER right now",
        "can we be sued if we don't report a breach to CISA?",
        # A version, of an entry that gives none.
        "what's the latest CSET version number and what changed in it",
        # A release still to come is news no entry keeps.
        "when is IRPF 2.0 coming out? our MPO wants to wait for it before starting",
        "when's the updated Dams Sector-Specific Plan coming out? the 2015 one is ancient",
        "when is FEMA releasing IS-860.d?",
        # Another agency's contact, which no entry of the office gives.
        "what's DOE's 24/7 line for reporting grid emergencies?",
        "epa 24/7 line number",
        "phone number for our TSA federal security director? airport ops here",
        "who do i call at the FAA about drones flying over our stadium during games",
        # A label naming a program no entry covers says what the question after it asks of.
        "CIRCIA final rule — when does it actually take effect?",
        "CIRCIA question: is it final that covered entities have 72 hours to report a "
        "substantial cyber incident and 24 hours for ransom payments? Our GC wants the citation.",
        # What a standard says, of an entry that only mentions it (CSET checks against it).
        "what does RG 5.71 actually require for cyber?",
        # What a tool runs on, or a server's address, is no entry's to say.
        "does CSET run on a mac or is it windows only",
        "what's the TAXII server URL and port for AIS? our TIP vendor needs it",
        # The statements read with the question find an entry the question does not ask of.
        "Just moved to the Kansas City area to run security for a grain cooperative.\nCould "
        "you give me the name and cell number of the Protective Security Advisor who covers "
        "western Missouri? I want to set up a site visit.",
        # One's own insurance is no question of the financial services sector.
        "will a CSET assessment lower our cyber insurance premium?",
        "does our insurance policy cover a ransom payment",
        # What a fiscal year's budget chose is news no entry keeps.
        "which regions got selected for RRAP projects in FY2025?",
        # A person's own number is no entry's to give.
        "Whats Amy Campbell's personal cell? the office number goes to voicemail",
        "what's Amy Campbell's cell number, the office line goes to voicemail",
        # InfraGard is the FBI's, a program no entry covers.
        "infragard membership how do i join",
        "InfraGard — how do I join? it's the FBI partnership I think",
        # Slack's own settings are Slack's help to give.
        "how do I change the notification sound Slack makes for DMs",
        "How do I mute #partnerbot-alerts on my phone without leaving it",
        # A person's name asked for.
        "who chairs the chemical working group, name pls",
        "who is the SCC chair for energy, name please",
        "Who's the PCII program manager, by name?",
        # How to set up a product, and penalties: facts no entry keeps.
        "How do I configure our Splunk TAXII modular input to pull the AIS feed?",
        "what datum / projection are the HIFLD layers delivered in?",
        # A count the entry does not give: a year is no count ("a 2012 DHS page").
        "how many pages is NIPP 2013",
        "how do I build a slack workflow that cross-posts to 3 channels at once",
        "any openings on the Dams sector team at CISA? GS-13ish, would love to move over",
        "How do I change my Slack notification settings so the digest doesn't ping me at 6am",
        "how much $ is in RCPGP this year",
        # Whether the law allows or requires something, of an entry that speaks of no law.
        "Does OSHA legally require us to have a written active shooter plan for our mall?",
        "is TLP:AMBER legally binding? could we get sued for forwarding it?",
        "Does Cal/OSHA require active shooter training for our retail employees?",
        "our clinics got hit with ransomware over the weekend and the insurer's breach coach "
        "floated paying. Is paying the ransom legal in this situation?",
        # ... nor does a sector's card that speaks of regulators, not of the law asked.
        "Does Texas require private dam owners to have an EAP? trying to figure out if its state "
        "law or just TCEQ guidance",
        # Other agencies' loans and building standards, asked by owners who say their sector.
        "small business owner here, we make industrial fasteners (I think that's critical "
        "manufacturing?). Our plant got flooded last month. Is there an SBA disaster loan we "
        "qualify for, and what's the interest rate right now?",
        "We're building a new elementary school and the architect says we need a storm shelter. "
        "What are the FEMA P-361 design requirements for the safe room?",
        # Being signed out of a site or app is its own help desk's.
        "slack keeps logging me out 😩",
        "the ICS 201 virtual course portal keeps logging me out after 10 min, any fix??",
        # The security levels of federal facilities, another committee's standard.
        "how does FPS decide the facility security level for a leased federal office?",
        "what are the GSA lease security reqs for a level III bldg",
        # Another agency's office, whose number no contact gives.
        "what's the phone for the FBI field office in Omaha? need to report a threat to one of "
        "our substations",
        # Where to stay, what to wear and what to bring to a course: the traveller's to find.
        "any recommendations for a hotel near INL in Idaho Falls with a gov rate? heading to the "
        "301 in june :airplane:",
        "hotel near INL for the 301 class",
        "where do I park at CISA HQ for the SCC meeting",
        # How to ask an agency for its records: the PCII entry says only what FOIA cannot reach.
        "FOIA request to CISA — how",
        "how do I appeal a denied FOIA request to DHS? it's been 40 days",
        "Heading out to Idaho Falls for the 301 class next month. What's the GSA per diem rate "
        "there for lodging and meals?",
        "is there a dress code for the ICS 301?",
        "can I bring my own laptop to the ICS 301 or do they provide machines?",
        # Other programs of CISA's and DHS's that no entry covers.
        "is CISA's protective DNS service free for small water utilities?",
        "does CISA have tabletop exercise packages (CTEPs) we can run for our school board?",
        "is there a current NTAS bulletin in effect? our venue's security plan has us change "
        "posture when there is",
        "how does DOE's C2M2 compare to the CRR? which should a small muni utility use",
        # A state's own fusion center, whose contacts the state keeps.
        "Ohio fusion center phone",
        "contact info for the Nevada fusion center? need to pass along a tip",
        "where's the fusion center for Colorado and who do I call there",
        "whats our state fusion center's number",
        # A count for a year, which no entry keeps.
        "how many active shooter incidents did the FBI count in 2022",
        # A phone app, or a tool a service feeds, that no entry speaks of.
        "is there a HSIN-CI app for android?",
        "can I pipe our cyber hygiene reports into Splunk?",
        # Where a service's scans come from, which its card does not say.
        "which IP range do the cyber hygiene scans come from? need to tell our MSP",
        # FEMA's Incident Command System courses, not the control systems ones.
        "our volunteer fire company needs ICS-100, the incident command intro. where do they "
        "take it?",
    ],
)
def test_what_no_entry_keeps_is_a_gap(matcher: Matcher, said: str):
    assert read(said, matcher).gap


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        # The entry gives a number of what is counted, in whatever form or with a slip.
        ("how many trade associations sit on the chemical SCC", "body-scc"),
        ("how many tribes sit on the SLTTGCC", "body-slttgcc"),
        ("how many public drinking water sytems are there in the country",
         "sector-water-and-wastewater"),
        ("how many completions has the active shooter online course had", "training-is-907"),
        # Counted by what the sector is made of: the sector gives the count.
        ("how many drinking water systems are there roughly", "sector-water-and-wastewater"),
        # Not given by the entry that best fits, but by one near it: that one.
        ("how many CISA regions are there", "body-slttgcc"),
        # When one came out is its history.
        ("when did the IRPF come out", "resource-irpf"),
        ("what's the latest IRPF version", "resource-irpf"),
        # A count the entry gives of another sector's ("15 trade associations ... on the
        # Chemical SCC").
        ("how many trade associations sit on the Energy SCC?", None),
        ("how many trade associations sit on the chemical SCC", "body-scc"),
        # What a document named in an entry's title says is that entry's to answer.
        ("what does NSM-22 say about SRMAs", "faq-ppd21-nsm22"),
        # "How long" of an entry that gives no time, nor says where to find it.
        ("how long does PCII validation usually take once we submit through eSubmissions?",
         None),
        ("what about IS-921, how long is that one", "training-is-921"),
        # A number the entry gives of other things is no answer.
        ("roughly how many hospitals are there in the US?", None),
        ("how many members does the Communications SCC have right now and who chairs it?", None),
        # What it costs, of an entry that gives no price and does not say it is free.
        ("does an RRAP cost the participating companies anything?", None),
        ("do we have to pay anything for an RRAP?", None),
        ("how much RCPGP money is available in FY25", None),
        ("does ICS 301 cost anything", "training-ics-301"),
        ("is CSET free", "resource-cset"),
        # Which they are, of an entry that counts them without naming them.
        ("which 7 states are on the SLTTGCC right now", None),
        ("what are the 7 core tenets of the NIPP, need them listed for a slide", None),
        ("list the 6 critical IT functions from the IT SSP", None),
        ("can you list NIPP 2013's 7 core tenets? :pray:", None),
        # Named where they are counted, or in an entry whose title counts them.
        ("what are the 5 steps of the risk management framework", "resource-nipp-2013"),
        ("what are the 5 steps of the IRPF", "resource-irpf"),
        ("which 6 sectors did SOPD lead", "office-six-sectors"),
        ("what are the 16 sectors", "faq-sixteen-sectors"),
        # How often, or a phone number, of an entry that gives none.
        ("how often does NRC inspect research and test reactors", None),
        ("when does the FSLC meet", None),
        ("phone number for the ESS team? email's not getting a reply", None),
        ("how often are sector-specific plans updated", "resource-sector-specific-plans"),
        ("how often do digests go out", "bot-subscriptions"),
        ("what's the NICC phone number", "contact-nicc"),
        # A certificate at the end, of a course entry that speaks of none.
        ("need a free online primer on the CI sectors for new hires. do they get a certificate "
         "at the end?", None),
        # A cell number, of an entry that gives none.
        ("I'm the new security manager at a chemical distribution site outside Omaha. What's the "
         "name and cell number of the Protective Security Advisor who covers eastern Nebraska?",
         None),
        # How soon or how many hours, office hours, whether a line is staffed around the clock,
        # or an email address, of entries that say none of it.
        ("how soon after signing up do we get the first cyber hygiene report", None),
        ("how many hours is the FedVTE critical infrastructure course", None),
        ("how many days is the ICS 301", "training-ics-301"),
        ("what are the FEMA Independent Study office's hours", None),
        ("is the 1-877 federal facility threat line staffed 24/7?", None),
        # Whether there is room, of an entry that speaks of no seats.
        ("is the March 301 session at INL already full? two of our OT guys want in", None),
        ("what's the seat cap for one of the 2-hour active shooter webinars?", None),
        ("is the NICC a 24/7 watch?", ["resource-nicc", "contact-nicc"]),
        ("is there an email address for the NICC watch", None),
        ("is there an email address for the ESS team", "contact-emergency-services-team"),
        # Who directs an office, of an entry that speaks of no director; the head of a sector
        # is its lead.
        ("who is the director of the Office for Bombing Prevention", None),
        ("who is the director of SOPD", "office-sopd"),
        ("who's the head of the dams sector", "sector-dams"),
        # Who chairs a council, of an entry that says who chairs it.
        ("who chairs the CSCC", None),
        ("who chairs a GCC?", "body-gcc"),
        # When a course or a workshop runs next, of entries that give no dates.
        ("when is the next 301 class at INL", None),
        ("dates for the ICS 301 classes in Idaho Falls this fall? need to pick one", None),
        ("When's the next in-person active shooter workshop in Phoenix? :calendar:", None),
        ("any idea when the next ICS 301 in Idaho Falls runs? need to plan travel", None),
        ("when does the CISA Cybersecurity Advisory Committee meet next? we want to attend", None),
        ("does ICS 301 cost anything", "training-ics-301"),
        # A version number, of entries that give none of those asked; one given answers.
        ("does AIS use STIX 2.1 or 1.x", None),
        ("what changed between NIST CSF 1.1 and 2.0? our last CSET assessment used 1.1", None),
        ("does cisa still use tlp 1.0 or did they go to 2.0", "tlp-overview"),
        # Which page of a document, of entries that give no page numbers.
        ("what page of NIPP 2013 defines resilience? need it for a citation", None),
        ("which page of the Chemical SSP covers cyber? need to cite it", None),
        ("what is NIPP 2013", "resource-nipp-2013"),
        # An executive order's number, of an entry that names the order but not its number.
        ("what's the EO number for the chemical facility safety and security executive order",
         None),
        ("email for the chemical facility safety and security working group?",
         "contact-chemical-working-group"),
        # When a thing came out or is due, of an entry that gives no date near where it names
        # it; when the entry's own subject came out, of an entry that gives a year.
        ("when did the IRPF playbook come out", None),
        ("what year did TLP 1.0 come out", None),
        ("when is the first National Risk Management Plan under NSM-22 due", None),
        ("when was NSM-22 signed", "faq-ppd21-nsm22"),
        ("when was the SLTTGCC formed", "body-slttgcc"),
        ("when was TLP 2.0 published", "tlp-overview"),
        ("when did the ESS active shooter guide come out",
         "resource-ess-active-shooter-guide"),
        # A fax number, or when something expires, of entries that give neither; a renewal is
        # no end date, but answers when it was renewed.
        ("what's the fax number for the PCII office", None),
        ("when does the current CIPAC charter expire", None),
        ("when was the CIPAC charter last renewed", "body-cipac"),
        # An email address, of an entry that gives none and says nowhere to write.
        ("what's Linda Solheim's email these days", None),
        # Whether CFATS still holds: the Chemical card only says it is apart from the SRMA.
        ("is CFATS still in effect? I heard congress let it lapse in 2023", None),
        ("is CFATS the same as the chemical sector SRMA", "sector-chemical"),
        # Whether an office is hiring, a tax deduction or a shutdown: no entry keeps them; a
        # course for new hires is a course all the same.
        ("are PSAs hiring? how do I apply to become one", None),
        ("can my company deduct the travel for the INL class on our taxes", None),
        ("is there a government shutdown this week? will CISA folks still answer", None),
        ("workplace security awareness course for all new hires - is there one?",
         "training-is-906"),
        ("whats the email to report malware to cisa", "contact-report-incident"),
        # ... and a contact of the office that names the other agency gives it.
        ("who do I call about a threat at a federal building, is it FPS?",
         "contact-federal-facility-threats"),
        ("sketchy guy in fed bldg lobby, number to report?", "contact-federal-facility-threats"),
        ("phone number to report a cyber incident", "contact-nccic-cyber-incidents"),
        # What an abbreviation stands for, of an entry that spells it out or never does.
        ("what did NPPD stand for?", "faq-cisa-history"),
        ("what does TLP stand for", "tlp-overview"),
        ("what does HIFLD stand for? it's on our data request form", None),
        ("what does STIX stand for", None),
    ],
)  # fmt: skip
def test_counts_lengths_schedules_prices_are_answered_by_an_entry_that_gives_them(
    matcher: Matcher, said: str, expected
):
    _check(matcher, said, expected)


def test_are_we_asks_of_a_sector_only_when_its_name_follows(matcher: Matcher):
    # Sharing AMBER "with our water utility partners" asks nothing of the Water Sector.
    reading = read("are we supposed to share amber with our water utility partners?", matcher)
    assert "sector-water-and-wastewater" not in [p.result.best.entry.id for p in reading.answers]


def test_of_two_sectors_answered_the_one_an_agency_leads_is_its_own(matcher: Matcher):
    context = next_context(None, read("who leads dams and who leads energy", matcher))
    reading = read("which of the two is CISA's", matcher, context)
    assert [p.result.best.entry.id for p in reading.parts if p.result.best] == ["sector-dams"]


def test_the_other_co_lead_of_a_sector_is_no_list_of_sectors(matcher: Matcher):
    context = next_context(None, read("who leads the government facilities sector", matcher))
    other = read("what about the other co-lead, the non-DHS one", matcher, context)
    assert other.kind != "browse"


def test_a_list_of_sectors_is_no_compound(matcher: Matcher):
    # "water container terminal" is a terminal; "water, dams, hospitals" three sectors.
    assert matcher.index.sectors_in("water Dams hosptials") == [
        "water-and-wastewater",
        "dams",
        "healthcare-and-public-health",
    ]
    assert matcher.index.sectors_in("a deep water container terminal") == ["transportation-systems"]
    # A mark sets a workplace apart from the job after it: both are said.
    assert matcher.index.sectors_in("a hospital emergency management office") == [
        "emergency-services"
    ]
    assert matcher.index.sectors_in("a hospital (emergency management coordinator)") == [
        "healthcare-and-public-health",
        "emergency-services",
    ]


# Conversations: each turn read with the context the turns before it left.
CONVERSATIONS = [
    # A resource asked by its name with a sector is that resource, not the sector's card.
    [
        ("@partnerbot which agency is SRMA for the IT sector", "sector-information-technology"),
        ("is there a sector plan for IT", "resource-sector-specific-plans"),
        ("is that still current? 2016 seems old", "resource-sector-specific-plans"),
    ],
    [
        ("hey, new at the county 911 center. my supervisor wants me to find out who our sector "
         "lead is at the federal level", "sector-emergency-services"),
        ("he asked for the email for the ESS team at CISA", "contact-emergency-services-team"),
        ("also he wants the active shooter guide they made for emergency services",
         "resource-ess-active-shooter-guide"),
    ],
    # A subject several courses teach, none well enough alone, is the list of them; then one.
    [
        ("we run security at a minor league ballpark and want bombing prevention training for "
         "the ushers. what's out there?", "resource-office-for-bombing-prevention"),
        ("which one covers surveillance detection", ["training-awr-940", "training-per-346"]),
    ],
    # ... and so is a subject several courses match as well as each other.
    [
        ("any bombing prevention training for our arena staff?",
         "resource-office-for-bombing-prevention"),
        ("which of those is the basic awareness one?", "training-awr-348"),
    ],
    # Courses asked for in the plural by someone whose workplace one course names: the list.
    [
        ("security director at a big convention center here. what bombing prevention courses "
         "are there for us?", "resource-office-for-bombing-prevention"),
        ("which one covers surveillance detection", ["training-awr-940", "training-per-346"]),
    ],
    [
        ("I manage security at an outlet mall. which bombing prevention classes do you know of?",
         "resource-office-for-bombing-prevention"),
    ],
    # Two names compared after another answer: their card, not the last answer again.
    [
        ("what's AWR-348?", "training-awr-348"),
        ("SSA vs SRMA, same thing?", "faq-srma-role"),
        ("I keep seeing SSA and SRMA used interchangeably. Is there a difference?",
         "faq-srma-role"),
    ],
    # What any lead agency is or does, after the one of a sector: the role, not that sector.
    [
        ("who leads the water sector?", "sector-water-and-wastewater"),
        ("and what is an SRMA anyway?", "faq-srma-role"),
    ],
    [
        ("who leads the energy sector?", "sector-energy"),
        ("my boss wants a one-liner on what a sector risk management agency does",
         "faq-srma-role"),
    ],
    # "every OBP course" after one of them: the list, not that course again.
    [
        ("is there a course on suspicious packages for our front gate staff?",
         "training-awr-335"),
        ("where can I see every OBP course in one place",
         "resource-office-for-bombing-prevention"),
    ],
    # ... but a course asked of the office by name is one of its courses.
    [("which OBP course teaches surveillance detection?", "training-awr-940")],
    # Whom the label just answered is passed on to is no question of their sector.
    [
        ("We got an alert marked TLP:AMBER from the fusion center this morning.", "tlp-amber"),
        ("Can I forward it to the managed service provider who runs our SOC?", "tlp-amber"),
    ],
    # Saying the last answer missed, then what was meant, rules the last answer out.
    [
        ("is there online active shooter training?", "training-is-907"),
        ("that's wrong, I meant the in-person one", "training-active-shooter-workshops"),
    ],
    # Which things the last answer's subject did is the entry that lists them.
    [
        ("who runs this bot?", "office-sopd"),
        ("so which sectors did the office lead back then", "office-six-sectors"),
    ],
    # Who chairs it now is a person's name.
    [
        ("is there a council that deals w issues that span sectors", "body-cscc"),
        ("who chairs it rn", None),
    ],
    # What the bot keeps of what one types.
    [
        ("does CISA lead the comms sector or is it FCC", "sector-communications"),
        ("unrelated but do u keep what i type", "bot-privacy"),
    ],
    # A "doc" is a document.
    [
        ("is there an intro course on the NIPP", "training-is-860"),
        ("ok and the NIPP doc itself?", "resource-nipp-2013"),
    ],
    # Something "sketchy" is something suspicious.
    [
        ("county courthouse security mgr here. are courthouses in the gov facilities sector?",
         "sector-government-facilities"),
        ("if someone's acting sketchy near the federal bldg next door who do i call",
         "contact-federal-facility-threats"),
    ],
    # "like the ESS one" says what the thing asked is like: another sector's.
    [
        ("different question — we run a hotel chain. what sector is that?",
         "sector-commercial-facilities"),
        ("do they have an email address like the ESS one", "contact-commercial-facilities-team"),
    ],
    # "and X?" after which sector something is in asks which sector X is in, whatever else its
    # words find.
    [
        ("we manage a shopping mall in suburban atlanta, which sector is that",
         "sector-commercial-facilities"),
        ("and the federal courthouse across the street from us?",
         "sector-government-facilities"),
    ],
    # "is X in there too?" asks whether the sector talked about covers X, not the contact
    # answered last.
    [
        ("are fusion centers part of the emergency services sector? and is there an email for "
         "the ESS team", {"answers": ["sector-emergency-services",
                                      "contact-emergency-services-team"]}),
        ("is public works in there too?", "sector-emergency-services"),
    ],
    # A follow-up asks of the last answer only what it says: no price, no time.
    [
        ("what is the IVP", "resource-ivp"),
        ("how much does it cost", None),
    ],
    [
        ("HR wants a general security awareness course for all staff, not sector specific. "
         "suggestions?", "training-is-906"),
        ("how long is it", None),
    ],
    # A place in the last answer's list: the entry on that line.
    [
        ("<@U07PBOT01> our mall security team wants bombing prevention training. what does OBP "
         "offer?", "resource-office-for-bombing-prevention"),
        ("the second one you mentioned, what does it cover?", "training-awr-335"),
    ],
    [
        ("which six sectors did your office lead?", "office-six-sectors"),
        ("the last one on that list, is the NRC its SRMA?", "sector-nuclear"),
    ],
    # ... or in the list the last answer was picked from; asked nothing more, that entry.
    [
        ("which six sectors did SOPD lead?", "office-six-sectors"),
        ("the second one you listed - what does it cover?", "sector-commercial-facilities"),
        ("what about the last one", "sector-nuclear"),
    ],
    [
        ("does CISA offer any bombing prevention training?",
         "resource-office-for-bombing-prevention"),
        ("the last one on that list, what is it?", "training-awr-911"),
        ("graphic novel style lol ok. the fourth one?", "training-awr-940"),
    ],
    [
        ("can you explain the TLP colors? I just joined an ISAO and everything is labeled",
         "tlp-overview"),
        ("the second one you mentioned, can I forward that to a vendor we work with?",
         "tlp-green"),
    ],
    # "which of those ..." after one course: of the courses, the one its title says.
    [
        ("does cisa have any bombing prevention / IED awareness training?",
         ["resource-office-for-bombing-prevention", "training-awr-348"]),
        ("which of those is about surveillance", ["training-awr-940", "training-per-346"]),
    ],
    # The council of federal agencies alone is the FSLC.
    [
        ("what's the CSCC? I saw it written as CIC-SC on a CISA page", "body-cscc"),
        ("is there a federal-only equivalent", "body-fslc"),
    ],
    [("is there a council just for the federal agencies", "body-fslc")],
    # A FEMA SID number is the student ID, not a phone number.
    [
        ("county EM here :wave: what's IS-2200 about?", "training-is-2200"),
        ("do I need one of those FEMA SID numbers for it",
         ["training-is-2200", "training-fema-student-id"]),
    ],
    [
        ("is the IT sector organized by assets like the others",
         "sector-information-technology"),
        ("what are the six functions", None),  # counted, never named
    ],
    [
        ("And SOPD, what was that?", "office-sopd"),
        ("who runs it now?", None),  # who heads the office today: no entry keeps it
    ],
    [
        ("and for state and local governments is there a council", "body-slttgcc"),
        ("which states are on it right now?", None),  # who sits on it now
    ],
    # A phishing email received is a message to share, not an address asked for.
    [
        ("how do I share a phishing email we got as an alert to the other utilities",
         "bot-sharing-alerts"),
        ("does it go out right away?", "bot-sharing-alerts"),
    ],
    # Whether a submission is attributed is whether it is anonymized.
    [
        ("we'd like to share threat indicators with the gov automatically, machine to machine. "
         "what's that program", "resource-ais"),
        ("who do i email to onboard", ["contact-ais-onboarding", "resource-ais"]),
        ("is what we submit attributed to us?", "resource-ais"),
    ],
    # "besides" says what else, not what.
    [
        ("what's in the dams sector besides dams? levees?", "sector-dams"),
        ("how many are privately owned", "sector-dams"),
    ],
    # "something on partnership too?" after a course: a course on that, not the last one.
    [
        ("onboarding 3 interns who know nothing about the CI sectors. any free intro course "
         "online?", "training-fedvte-critical-infrastructure"),
        ("something on partnership too? they'll be staffing SCC meetings", "training-is-913"),
        ("who's it aimed at", "training-is-913"),
    ],
    # "general ones" after a sector's list: the list for all sectors.
    [
        ("any resources for hospitals?",
         {"browse": "resources", "sector": "healthcare-and-public-health"}),
        ("and general ones, not sector specific", {"browse": "resources", "sector": None}),
    ],
    [
        ("What training do you have for the chemical sector?",
         {"browse": "training", "sector": "chemical"}),
        ("what about for all sectors", {"browse": "training", "sector": None}),
    ],
    # A sector named with "sector" after a list: that sector's list, not its history.
    [
        ("any training for dams", {"browse": "training", "sector": "dams"}),
        ("and for the healthcare sector?",
         {"browse": "training", "sector": "healthcare-and-public-health"}),
    ],
    # A wrong sector set right: what was asked last, of the sector meant.
    [
        ("who leads HPH", "sector-healthcare-and-public-health"),
        ("sorry, meant emergency services. we're a combined fire/EMS department",
         "sector-emergency-services"),
    ],
    [
        ("any training for food and ag", {"browse": "training", "sector": "food-and-agriculture"}),
        ("wrong sector — we're the wastewater treatment side of the processing plant",
         {"browse": "training", "sector": "water-and-wastewater"}),
    ],
    # "Same for" another place after a service every sector gets: that service again; after
    # a sector's list, that place's list.
    [
        ("@partnerbot game day security — can CISA send someone to do an assessment of our "
         "stadium?", "resource-psa"),
        ("same for the hospital?", "resource-psa"),
    ],
    [
        ("any resources for dams?", {"browse": "resources", "sector": "dams"}),
        ("same for the hospital?",
         {"browse": "resources", "sector": "healthcare-and-public-health"}),
    ],
    # A hedge says how sure the asker is, not what is asked.
    [
        ("@partnerbot who leads the IT sector", "sector-information-technology"),
        ("actually we're a telecom carrier, so communications I guess", "sector-communications"),
    ],
    # "all sectors" alone, with no list before it, is the list of the sixteen.
    [
        ("what about for all sectors", {"browse": "sectors", "sector": None}),
    ],
    # "fin" is financial; "turn into" asks of a rename.
    [
        ("who leads banking", "sector-financial-services"),
        ("what was fin services called before ppd-21", "sector-financial-services"),
    ],
    [
        ("What does an SRMA actually do?", "faq-srma-role"),
        ("and when did SSA turn into SRMA", ["faq-srma-role", "faq-cisa-history"]),
    ],
    # "the name is changing" asks of the sector's name.
    [
        ("county clerk here - is election infrastructure its own sector?",
         "sector-government-facilities"),
        ("I heard the name is changing?", "sector-government-facilities"),
    ],
    # "what should I use instead" after an old address: the contact given says what else.
    [
        ("found SOPDExecSec@hq.dhs.gov in a 2016 doc, does that still work?",
         "contact-sopd-front-office"),
        ("what should i use instead", ["contact-sopd-front-office", "resource-psa"]),
    ],
    # "who ran it?" after an office is who headed it; who runs it now is no entry's to say.
    [
        ("so what's SOPD then", "office-sopd"),
        ("who ran it?", "office-sopd"),
        ("who's running it now though", None),
    ],
    # "next time" says when, not what.
    [
        ("what training do you have", {"browse": "training", "sector": None}),
        ("how do i browse that myself next time", "bot-browse"),
    ],
    # "for our campus" says whose the one pointed at would be, not a sector asked of.
    [
        ("what is the IVP", "resource-ivp"),
        ("how do we request one for our campus", "resource-ivp"),
    ],
    # "these days" says when, it points at nothing; "of CISA" says whose director.
    [
        ("how many trade assocs are on the chem SCC", "body-scc"),
        ("what's the CFATS Tier 1 inspection frequency these days?", None),
    ],
    [
        ("and what was SOPD?", "office-sopd"),
        ("who's the director of CISA today?", None),
    ],
    # "that" after the ESS guide is the guide, not the sector its short name also names.
    [
        ("is there an active shooter guide specific to ESS", "resource-ess-active-shooter-guide"),
        ("when did that come out", "resource-ess-active-shooter-guide"),
    ],
    # "the email you gave bounced": the contact of what was just answered.
    [
        ("how do I get on HSIN-CI?", "resource-hsin-ci"),
        ("the email you gave bounced. now what", ["contact-hsin-ci", "resource-hsin-ci"]),
    ],
    # "which one ..." after the entry listing an office's courses: one of those courses.
    [
        ("what bombing prevention courses does cisa offer?",
         "resource-office-for-bombing-prevention"),
        ("which one covers surveillance detection", ["training-awr-940", "training-per-346"]),
    ],
    # "are hotels even in CF?" asks what the sector covers, not the contact asked before.
    [
        ("is there an email for the commercial facilities sector team? we have questions about "
         "the active shooter materials for our hotels", "contact-commercial-facilities-team"),
        ("are hotels even in CF? what are the subsectors", "sector-commercial-facilities"),
    ],
    # A course's number alone after an answer naming courses by code: that course.
    [
        ("I finished IS-860 years ago but lost the certificate and my new employer wants "
         "proof. who do i contact?", "contact-fema-independent-study"),
        ("is there a newer version of 860 now?", "training-is-860"),
        ("what's 913 about, my boss says it's good for county folks", "training-is-913"),
    ],
    # A course missing from one's transcript: the office that keeps transcripts.
    [
        ("passed it last month but my transcript doesn't show 860. who do I contact",
         "contact-fema-independent-study"),
    ],
    # The graphic novel, said as a comic book.
    [
        ("we want bombing prevention training for our event staff, what does CISA offer?",
         ["resource-office-for-bombing-prevention", "training-per-346", "training-awr-348"]),
        ("and the one that's done like a comic book?", "training-awr-911"),
    ],
    # Back to an earlier answer told by what it is: the rest is asked of it.
    [
        ("county EM here. we're standing up a new EOC and need staff trained on the basics of "
         "how an EOC runs. is there a course?", "training-is-2200"),
        ("also who leads the emergency services sector and is there an email for that sector "
         "team", {"answers": ["sector-emergency-services", "contact-emergency-services-team"]}),
        ("ok back to the EOC course, do my people need a FEMA SID for it",
         ["training-is-2200", "training-fema-student-id"]),
        ("where do they get one", "training-fema-student-id"),
    ],
    # Continuing-education credit for a course is no fact the course's entry keeps.
    [
        ("something basic on bombing prevention for our dispatchers", "training-awr-348"),
        ("do you know if our state POST gives CE credit for those", None),
    ],
    # "the sector" is the one talked about; what "they used to call" it asks its old name.
    [
        ("for the new risk committee deck: who's the SRMA for banks and credit unions?",
         "sector-financial-services"),
        ("what did they used to call the sector before ppd-21", "sector-financial-services"),
    ],
    # Whether a post goes out at once, asked after a label's answer: the sharing entry says.
    [
        ("how do i share an alert with the other water utilities in this workspace",
         "bot-sharing-alerts"),
        ("if I pick red who gets it", "tlp-red"),
        ("does my post go out right away or does someone check it?", "bot-sharing-alerts"),
    ],
    # The program that assesses a region, said in plain words after a framework.
    [
        ("does CISA have a framework for building infrastructure resilience into our "
         "long-range transportation plan?", "resource-irpf"),
        ("is there also a program where cisa comes in and assesses a whole region",
         "resource-rrap"),
    ],
    # "It" after an answer of no sector is that answer, not the sector talked about before.
    [
        ("we run a poultry processing plant. which sector are we in?",
         "sector-food-and-agriculture"),
        ("What is SOPD?", "office-sopd"),
        ("which sectors did it lead", "office-six-sectors"),
    ],
    # Whether it is so, of what the last answer says.
    [
        ("is CFATS the same thing as CISA being the chemical SRMA?", "sector-chemical"),
        ("is that role regulatory?", "sector-chemical"),
    ],
    # A policy said as the time asked of ("now that NSM-22 is out"), not what is asked.
    [
        ("who leads the financial services sector?", "sector-financial-services"),
        ("And is Treasury still the lead now that NSM-22 is out?", "sector-financial-services"),
    ],
    # Another of its kind told by what it is, as "version" as well as "one".
    [
        ("what's IS-907 about", "training-is-907"),
        ("is there a live version of that course", "training-active-shooter-workshops"),
    ],
    # "They", asked what joins them, after two answers: the two together.
    [
        ("what is a sector coordinating council?", "body-scc"),
        ("is that the same as the GCC?", "body-gcc"),
        ("and where do they actually work together?", "body-cipac"),
    ],
    # A channel's clearance for AMBER, after the label: how a channel is cleared.
    [
        ("what does TLP:AMBER mean", "tlp-amber"),
        ("ok so how does a channel get cleared for amber, can anyone do it?",
         "bot-subscriptions"),
    ],
    # A question the last answer holds nothing of, asked of an earlier one that holds it.
    [
        ("What is SOPD?", "office-sopd"),
        ("which sectors did it lead", "office-six-sectors"),
        ("who was the director back then", "office-sopd"),
    ],
    # "the current set" after the plans: the plans' year, which their card gives.
    [
        ("where can I get our sector-specific plan", "resource-sector-specific-plans"),
        ("and what year is the current set from", "resource-sector-specific-plans"),
    ],
    # "the plans" after an answer naming the sector-specific plans (and NIPP 2013's one plan):
    # the plans it names.
    [
        ("what does an SRMA actually do?", "faq-srma-role"),
        ("where are the plans?", "resource-sector-specific-plans"),
    ],
    # "one of those" after a label's answer: an alert of that label.
    [
        ("what's TLP:GREEN", "tlp-green"),
        ("can one of those go in our team channel in slack?", "tlp-green"),
    ],
    # A course the last answer mentions by its code, asked for as "a FEMA course".
    [
        ("who do I send NIPP questions to", "contact-nipp"),
        ("it mentioned a FEMA course, which one?", "training-is-860"),
    ],
    # What follows how to share an alert asks of sharing it.
    [
        ("how do I share a suspicious activity alert with the other partners on here",
         "bot-sharing-alerts"),
        ("does it go out right away?", "bot-sharing-alerts"),
    ],
    # When, after an answer that gives no date but names the one that does.
    [
        ("what's TLP:WHITE again? a vendor sent us a doc marked that", "tlp-clear"),
        ("when did it change", "tlp-overview"),
    ],
    # A contact asked for by what the last answer holds: that answer's own contact.
    [
        ("when was CIPAC set up? is it under FACA?", "body-cipac"),
        ("who's the contact for the charter renewal", "contact-cipac"),
    ],
    [
        ("who leads the dams sector?", "sector-dams"),
        ("and for water?", "sector-water-and-wastewater"),
        ("any training for that?", {"browse": "training", "sector": "water-and-wastewater"}),
        ("thanks!", SMALLTALK),
    ],
    [
        ("any training for water utilities?",
         {"browse": "training", "sector": "water-and-wastewater"}),
        ("and for dams?", {"browse": "training", "sector": "dams"}),
    ],
    [
        ("<@U07PBOT01> is NRC the SRMA for nuclear?", "sector-nuclear"),
        ("does it cover research reactors at universities", "sector-nuclear"),
    ],
    # Whether the sector talked about covers things another sector has too.
    [
        ("is NRC the SRMA for nuclear?", "sector-nuclear"),
        ("does it cover research reactors or just power plants", "sector-nuclear"),
    ],
    [
        ("training?", {"browse": "training", "sector": None}),
        # Whose list, said with a word that says little ("people") and an apology.
        ("sorry, I mean for chemical plant people", {"browse": "training", "sector": "chemical"}),
    ],
    [
        ("how do I contact the dams people", "contact-dams-sector"),
        # No contact entry of its own: the contacts list, not the Energy lead card.
        ("what about energy?", {"browse": "contacts", "sector": "energy"}),
    ],
    [
        ("who is the SSA for chemical?", "sector-chemical"),
        ("same for dams", "sector-dams"),
        ("who do I contact there?", "contact-dams-sector"),
        ("and resources?", {"browse": "resources", "sector": "dams"}),
    ],
    [
        ("what is a PSA", "resource-psa"),
        ("how do I find mine?", "resource-psa"),
        # A full question on its own is not changed by the context.
        ("what is CIPAC?", "body-cipac"),
    ],
    [
        ("who leads communications", "sector-communications"),
        # "IT" in capitals in a short message is the sector, not the pronoun.
        ("and IT?", "sector-information-technology"),
    ],
    [
        ("who leads dams", "sector-dams"),
        # Requests and small talk leave the context as it was.
        ("book a room for thursday", {"reply": "cannot"}),
        ("what about energy?", "sector-energy"),
    ],
    [
        ("which sector is a hotel in?", "sector-commercial-facilities"),
        ("who leads it?", "sector-commercial-facilities"),
        ("any contact for them?", "contact-commercial-facilities-team"),
    ],
    # A follow-up that points back, or is too short to name its subject, asks it of the last
    # answer: its contact, its cost, how long it takes.
    [
        ("what's AIS", "resource-ais"),
        ("how do I sign up for it", "contact-ais-onboarding"),
        ("is it free?", "resource-ais"),
    ],
    [
        ("what's cyber hygiene scanning", "resource-cyber-hygiene"),
        ("how do we enroll", "contact-cyber-hygiene-signup"),
    ],
    [
        ("what is IS-907", "training-is-907"),
        ("how long does it take", "training-is-907"),
    ],
    [
        ("who leads the transportation sector", "sector-transportation-systems"),
        ("what are its subsectors", "sector-transportation-systems"),
    ],
    [
        ("what's the NICC", "resource-nicc"),
        ("phone?", "contact-nicc"),
        # ... unless it names its own subject.
        ("and what is HIFLD", "resource-hifld"),
    ],
    [
        ("what is CSET", "resource-cset"),
        ("who runs the NICC", ["resource-nicc", "contact-nicc"]),
    ],
    [
        ("what is the CRR", "resource-crr"),
        # A topic asked of the last answer is answered by an entry of that kind, or not at all.
        ("is there training on it?", None),
    ],
    # A name that says when ("under PPD-21") is no subject of its own.
    [
        ("who leads the energy sector", "sector-energy"),
        ("was it the same agency under PPD-21?", "sector-energy"),
    ],
    # A correction keeps what was asked; a message with nothing of its own asks again.
    [
        ("who leads nuclear", "sector-nuclear"),
        ("no sorry, I meant dams", "sector-dams"),
    ],
    [
        ("is the NRC the srma for nuclear", "sector-nuclear"),
        ("then who is?", "sector-nuclear"),
    ],
    # A message that says it leaves the subject is read without it.
    [
        ("who leads the energy sector", "sector-energy"),
        ("unrelated: how do I get a FEMA SID?", "training-fema-student-id"),
        ("email?", ["contact-fema-independent-study", "training-fema-student-id"]),
    ],
    # What a message says it is not about is left out.
    [
        ("which sector are pipelines in?", "sector-transportation-systems"),
        ("so not energy? who is the SRMA then", "sector-transportation-systems"),
    ],
    # "IT" in capitals asked whether it is a sector apart is the IT sector.
    [
        ("we run cell towers and some fiber backhaul, which CI sector is that?",
         "sector-communications"),
        ("is IT the same sector or a separate one", "sector-information-technology"),
    ],
    # Every contact is the whole list, whatever sector was talked about.
    [
        ("who leads the DIB sector", "sector-defense-industrial-base"),
        ("ok also show me every contact you've got", {"browse": "contacts", "sector": None}),
    ],
    # Things said to be a sector ask whether it covers them, not for its resources.
    [
        ("someone mentioned getting an IVP done for our stadium, what is that", "resource-ivp"),
        ("stadiums are commercial facilities right", "sector-commercial-facilities"),
    ],
    # "SRMA now instead of SSA" asks why the name changed.
    [
        ("did NSM-22 replace PPD-21? when?", "faq-ppd21-nsm22"),
        ("and why is it SRMA now instead of SSA", "faq-srma-role"),
    ],
    # "that sector" is the sector talked about.
    [
        ("we're a subcontractor making wiring harnesses for military aircraft. what sector "
         "are we?",
         "sector-defense-industrial-base"),
        ("does the power utility that feeds our plant count in that sector too",
         "sector-defense-industrial-base"),
    ],
    # A program no entry covers, asked after the entry that names its rule.
    [
        ("the chemical working group address, what is it", "contact-chemical-working-group"),
        ("when's our CFATS top-screen due", None),
    ],
    # The sectors an office "covered" are those it led, whenever asked.
    [
        ("what was SOPD?", "office-sopd"),
        ("which sectors did it cover back then", "office-six-sectors"),
    ],
    # ... unless the message has just called another by its name.
    [
        ("we make gas turbines for power plants. what sector are we", "sector-energy"),
        ("ok critical manufacturing. training for that sector?",
         {"browse": "training", "sector": "critical-manufacturing"}),
        ("just contacts", {"browse": "contacts", "sector": "critical-manufacturing"}),
    ],
    # Trucks are transportation: the follow-up asks who leads that sector.
    [
        ("we run a meat packing plant. who leads our sector?", "sector-food-and-agriculture"),
        ("and for the trucks that move our product?", "sector-transportation-systems"),
    ],
    # A colour after TLP's own answer is a label too.
    [
        ("what's TLP", "tlp-overview"),
        ("and what does GREEN allow", "tlp-green"),
    ],
    # Turned down, "who do I ask then" is whom the answer says to ask.
    [
        ("any live active shooter workshops?", "training-active-shooter-workshops"),
        ("can you book us a workshop in october", {"reply": "cannot"}),
        ("ok who do i ask then", "training-active-shooter-workshops"),
    ],
    # "clear" said of a channel is the verb, not TLP:CLEAR.
    [
        ("will AMBER alerts post in our slack connect channel?", "tlp-amber"),
        ("who can clear a channel for amber", ["bot-subscriptions", "tlp-amber"]),
    ],
    # An ID for a FEMA course's test is the FEMA Student ID.
    [
        ("our compliance lead wants everyone to complete IS-860. what does it cover?",
         "training-is-860"),
        ("do i need some kind of ID to take the test?", "training-fema-student-id"),
    ],
    # A correction, with which one said again after it.
    [
        ("what does TLP amber mean exactly", "tlp-amber"),
        ("sorry I meant amber+strict, the one our ISAC keeps using", "tlp-amber-strict"),
    ],
    # A grant, asked of the sector talked about, whose card never mentions one: a gap.
    [
        ("we run a wastewater plant, which federal agency is our lead?",
         "sector-water-and-wastewater"),
        ("is there an EPA grant for cybersecurity upgrades we could apply for", None),
    ],
    # A choice between the last two answers, by what one of them is.
    [
        ("whats the diff between an SCC and a GCC", {"answers": ["body-scc", "body-gcc"]}),
        ("which of those two is the industry side", "body-scc"),
    ],
    [
        ("what does TLP:AMBER mean exactly", "tlp-amber"),
        ("and amber+strict?", "tlp-amber-strict"),
        ("so which of those two is narrower", "tlp-amber-strict"),
        # A colour after a TLP label is that label: never posted in a channel is RED's card.
        ("and a red alert, would that ever get posted in a channel?", "tlp-red"),
    ],
    # Whether a thing is in a sector, answered by that sector's card: what follows asks of
    # the sector the thing is in.
    [
        ("do gas pipelines fall under energy?", "sector-energy"),
        ("ok so who's the SRMA for them then", "sector-transportation-systems"),
    ],
    [
        ("who leads energy?", "sector-energy"),
        ("and our gas pipelines, are those counted under energy too", "sector-energy"),
        ("so who leads that one then", "sector-transportation-systems"),
    ],
    [
        ("we're a subcontractor making parts for army vehicles, what sector are we",
         "sector-defense-industrial-base"),
        ("does the power company that serves our plant count as DIB as well?",
         "sector-defense-industrial-base"),
        ("who leads the sector it's in then", "sector-energy"),
    ],
    # A colour after a TLP label, a number after a course: the label, the course.
    [
        ("what does TLP:AMBER mean", "tlp-amber"),
        ("red?", "tlp-red"),
    ],
    [
        ("what is the NIPP", "resource-nipp-2013"),
        ("is there a course on it?", "training-is-860"),
        ("and 913?", "training-is-913"),
    ],
    # "and one on X?" after a course asks for a course on X.
    [
        ("any online course on the NIPP?", "training-is-860"),
        ("and one on active shooters?", "training-is-907"),
    ],
    # Pointing back at the last answer, answered by it when it fits.
    [
        ("what's the dams sector contact", "contact-dams-sector"),
        ("is that address still good?", "contact-dams-sector"),
    ],
    # "who are the SRMAs" in a conversation about a sector.
    [
        ("which sector are airports in?", "sector-transportation-systems"),
        ("who are the SRMAs", "sector-transportation-systems"),
    ],
    [
        ("who leads nuclear", "sector-nuclear"),
        ("was it one of the sectors your office ran?", "office-six-sectors"),
    ],
    # A place of the sector the conversation is about: its list.
    [
        ("who leads the healthcare sector", "sector-healthcare-and-public-health"),
        ("any training for hospitals?",
         {"browse": "training", "sector": "healthcare-and-public-health"}),
    ],
    # How to reach what was just answered, asked in words of its own.
    [
        ("if we share our vulnerability assessment with cisa can a reporter FOIA it?",
         "resource-pcii"),
        ("ok and the phone number for the program office", "contact-pcii"),
    ],
    [
        ("do I need some kind of student number for the exam?", "training-fema-student-id"),
    ],
    # Whom a course is for, said as those sent to it: not what it is about.
    [
        ("is there a course on active shooter stuff i can send my front desk ppl to",
         ["training-active-shooter-workshops", "training-is-907"]),
    ],
    # Another of the kind just answered, on something else.
    [
        ("is there a workplace security awareness course for our front desk staff?",
         "training-is-906"),
        ("and one on EOCs?", "training-is-2200"),
    ],
    # "Roughly" changes nothing; a fact no entry keeps is not the conversation's topic.
    [
        ("how many dams are there in the US, roughly?", "sector-dams"),
        ("who regulates most of them", "sector-dams"),
        ("and what's hoover dam's storage capacity", None),
    ],
    [
        ("what can you do?", {"reply": "help"}),
        ("show me the 16 sectors", {"browse": "sectors", "sector": None}),
    ],
    [
        ("sry typing on phone - whos srma for commercial facilities",
         "sector-commercial-facilities"),
        ("n any resources?", {"browse": "resources", "sector": "commercial-facilities"}),
        ("what about the same for emergency svcs",
         {"browse": "resources", "sector": "emergency-services"}),
    ],
]  # fmt: skip


# Earlier answers pointed at by their place, or asked whether they still hold.
EARLIER_ANSWERS = [
    [
        ("who leads the emergency services sector?", "sector-emergency-services"),
        ("what about dams?", "sector-dams"),
        ("go back to the first one — is there a team email for it?",
         "contact-emergency-services-team"),
    ],
    [
        ("what's the ESS team email and the dams data email?",
         {"answers": ["contact-emergency-services-team", "contact-dams-sector"]}),
        ("are both still current?",
         {"answers": ["contact-emergency-services-team", "contact-dams-sector"]}),
        ("and who leads those two sectors?",
         {"answers": ["sector-emergency-services", "sector-dams"]}),
    ],
    [
        ("who leads nuclear and who leads DIB?",
         {"answers": ["sector-nuclear", "sector-defense-industrial-base"]}),
        ("which of those two did your office lead?", "office-six-sectors"),
    ],
    # A choice between two alike that neither fits better: both, side by side.
    [
        ("water plant manager. what's the difference between the CRR and CSET",
         {"answers": ["resource-crr", "resource-cset"]}),
        ("which of the two is quicker for a 3 person team",
         {"answers": ["resource-crr", "resource-cset"]}),
    ],
    [
        ("our operators need ICS security training. what's the hands-on one out in Idaho?",
         "training-ics-301"),
        ("is there something more intro level for folks who've never done cyber",
         "training-ics-101-201"),
        ("which of those two is quicker to get through",
         {"answers": ["training-ics-301", "training-ics-101-201"]}),
    ],
    [
        ("what's an SCC", "body-scc"),
        ("and the government side of that?", "body-gcc"),
        ("where do the two of them actually coordinate", "body-cipac"),
    ],
    [
        ("who leads water?", "sector-water-and-wastewater"),
        ("and energy?", "sector-energy"),
        ("ok and the other one, who do I contact?",
         {"browse": "contacts", "sector": "water-and-wastewater"}),
    ],
    [
        ("what's the dams data email?", "contact-dams-sector"),
        ("is that still current?", "contact-dams-sector"),
        ("still valid?", "contact-dams-sector"),
    ],
    # How a sector's lead stood before, asked of the sector just answered: its own entry says.
    [
        ("who is the SRMA for enrgy", "sector-energy"),
        ("and before NSM-22?", "sector-energy"),
        ("was it always them?", "sector-energy"),
    ],
    [
        ("our plant makes transformers and switchgear, who leads our sector?",
         "sector-critical-manufacturing"),
        ("when did it become a sector", "sector-critical-manufacturing"),
    ],
    # An agency named in a conversation about who leads: the sector it leads.
    [
        ("which sector does EPA lead", "sector-water-and-wastewater"),
        ("and treasury?", "sector-financial-services"),
    ],
    # What a sector covers, asked shortly of the sector talked about.
    [
        ("we're a regional bank — is Treasury our SRMA?", "sector-financial-services"),
        ("what are the segments", "sector-financial-services"),
    ],
    # A course's number in a longer follow-up, when that course exists.
    [
        ("what's IS-860 about", "training-is-860"),
        ("is there a 3rd one in that series, 921 or something?", "training-is-921"),
    ],
    # One told by what it is: another on the same subject, or the one just answered.
    [
        ("any live training on active shooter", "training-active-shooter-workshops"),
        ("what about the online one?", "training-is-907"),
        # "live" picks one by what it is, not whether the course is still live.
        ("and the live one?", "training-active-shooter-workshops"),
    ],
    [
        ("what's IS-907", "training-is-907"),
        ("and for the in person one how do I find an upcoming date",
         "training-active-shooter-workshops"),
    ],
    # "in the first place" says nothing of what is asked.
    [
        ("what's the difference between the SCC and the GCC", ["body-scc", "body-gcc"]),
        ("what is cipac for in the first place", "body-cipac"),
    ],
    # One told by what it is, the last answer ruled out: another of the kind answered.
    [
        ("is there active shooter training for our mall security staff", "training-is-907"),
        ("not that one, the in-person one", "training-active-shooter-workshops"),
    ],
    [
        ("what's IS-906 about", "training-is-906"),
        ("no, the EOC one", "training-is-2200"),
    ],
    # Two things compared ("the same thing as", "X and Y, same thing?") point at neither.
    [
        ("is there active shooter training for our mall security staff", "training-is-907"),
        ("not that one, the in-person one", "training-active-shooter-workshops"),
        ("is SSA the same thing as SRMA?", "faq-srma-role"),
        ("my inbox keeps saying SSA and SRMA, same thing?", "faq-srma-role"),
    ],
    [
        ("how do i get a security assessment of my facility", "resource-psa"),
        ("not a single site, the regional one", "resource-rrap"),
    ],
    [
        ("any live active shooter training for our responders? not just the online course",
         "training-active-shooter-workshops"),
        # How long the sessions are is the workshops' card, not the online course's.
        ("how long are those", "training-active-shooter-workshops"),
    ],
    [
        ("ICS 301 at INL in Idaho Falls — is there tuition?", "training-ics-301"),
        ("is there an online one? can't get travel approved", "training-ics-101-201"),
    ],
    [
        ("our volunteer fire dept wants active shooter prep — what's out there?",
         "resource-ess-active-shooter-guide"),
        ("the workshop one, how long is it", "training-active-shooter-workshops"),
    ],
    [
        ("is there hands-on ICS security training?", "training-ics-301"),
        ("the 5 day one — cost?", "training-ics-301"),
    ],
    # What the last answer itself says: how long, how many lessons, still that number?
    [
        ("ICS 301 at INL in Idaho Falls — is there tuition?", "training-ics-301"),
        ("how long is it", "training-ics-301"),
    ],
    [
        ("whats the 24/7 number for the NICC", "contact-nicc"),
        ("is it still 202-282-9201?", "contact-nicc"),
    ],
    [
        ("what does SRMA mean", "faq-srma-role"),
        ("what was it called before?", "faq-srma-role"),
        # ... but a question naming what it is about asks about that.
        ("and what replaced PPD-21?", "faq-ppd21-nsm22"),
    ],
    # ... and never a question of its own the last answer says nothing of.
    [
        ("who leads transportation?", "sector-transportation-systems"),
        ("what's the weather in Chicago", None),
    ],
    # A course's number after a course without one.
    [
        ("is there a free online course on the sectors?",
         "training-fedvte-critical-infrastructure"),
        ("and what about the partnership one, 913?", "training-is-913"),
    ],
    [
        ("📡 we run fiber + a bunch of cell towers, which sector?", "sector-communications"),
        ("who was the lead before CISA existed?", "sector-communications"),
    ],
    [
        ("Hi - we operate a mid-size earthen dam + 2 levees for the county. who's the lead "
         "agency?", "sector-dams"),
        ("who do I email for data requests", "contact-dams-sector"),
        ("thats an hq.dhs.gov address, is it still good?", "contact-dams-sector"),
    ],
    # Since when the sector talked about is one; what a sector named was called.
    [
        ("our plant makes transformers and switchgear, who leads our sector?",
         "sector-critical-manufacturing"),
        ("was that one of the six the office ran?", "office-six-sectors"),
        ("when did it become a sector", "sector-critical-manufacturing"),
    ],
    [
        ("did nsm-22 keep the 16 sectors? or did they merge some",
         ["faq-ppd21-nsm22", "faq-sixteen-sectors"]),
        ("what's government facilities called under it", "sector-government-facilities"),
    ],
    # Whether a sector's lead moved is its history, which the sector's entry tells.
    [("is CISA still the lead for dams after NSM-22 or did that move", "sector-dams")],
    # A list asked again of another sector, in words of its own.
    [
        ("what courses do you have?", {"browse": "training"}),
        ("anything specific to energy", {"browse": "training", "sector": "energy"}),
    ],
    [
        ("what was CISA called before it was CISA?", "faq-cisa-history"),
        ("ok and whats PPD-21, it's in every old doc too", "faq-ppd21-nsm22"),
    ],
    # Not what the last answer says: another entry named, a phone number it does not give.
    [
        ("when did NPPD become CISA?", "faq-cisa-history"),
        ("and PPD-21, is that still a thing?", "faq-ppd21-nsm22"),
    ],
    [
        ("we just got hit with ransomware on our billing servers. How do I report it to CISA?",
         "contact-report-incident"),
        ("is there still a phone number for that?", "contact-nccic-cyber-incidents"),
    ],
    # Whom the last answer is for.
    [
        ("general workplace security awareness course for front desk staff + volunteers?",
         "training-is-906"),
        ("is it hospital specific", "training-is-906"),
    ],
    # A word's meaning is asked of the word, whatever it points at.
    [
        ("can our security team get alerts for our sector in slack?", "bot-subscriptions"),
        ("what does AMBER mean on those", "tlp-amber"),
    ],
    # One answer so far: "the first" names something of its own, read as it is.
    [
        ("who leads dams?", "sector-dams"),
        ("what was the first sector-specific plan?", "resource-sector-specific-plans"),
    ],
    # "The other one" an answer names: the one other entry of its kind the answer names.
    [
        ("whats AWR-940? our stadium security lead wants surveillance detection training",
         "training-awr-940"),
        ("and the other one it mentions?", "training-per-346"),
    ],
    [
        ("what is AWR-940?", "training-awr-940"),
        ("what's the other course it mentions", "training-per-346"),
    ],
    # ... also when earlier answers could be "the other one".
    [
        ("who leads the emergency services sector?", "sector-emergency-services"),
        ("what about dams?", "sector-dams"),
        ("whats AWR-940?", "training-awr-940"),
        ("and the other one it mentions?", "training-per-346"),
    ],
    # "Something online" after a workshop: another, told by what it is.
    [
        ("can CISA come run an in-person active shooter workshop at our hotel?",
         "training-active-shooter-workshops"),
        ("and is there something online staff can do on their own?", "training-is-907"),
    ],
    # Whom to ask to arrange what was just answered: that answer again, which says whom.
    [
        ("any active shooter workshops for our volunteers?",
         "training-active-shooter-workshops"),
        ("who do I contact to get one scheduled", "training-active-shooter-workshops"),
    ],
    [
        ("what's an RRAP?", "resource-rrap"),
        ("who would we talk to about getting one for our county", "resource-rrap"),
    ],
    [
        ("we manage a shopping mall, do you have live active shooter sessions?",
         "training-active-shooter-workshops"),
        ("who do I contact to set one up?", "training-active-shooter-workshops"),
    ],
    [
        ("what's the RRAP", "resource-rrap"),
        ("who do i talk to to get one started", "resource-rrap"),
    ],
    # ... but whom to ask about something else is asked of that.
    [
        ("any active shooter workshops for our volunteers?",
         "training-active-shooter-workshops"),
        ("who do I contact to get an HSIN-CI account set up", "contact-hsin-ci"),
    ],
    # "back in the day" says when, not what.
    [
        ("which sectors did SOPD lead back in the day?", "office-six-sectors"),
    ],
    # What was answered, called by its kind alone ("the program office").
    [
        ("what's PCII and does it keep our vulnerability info out of FOIA requests?",
         "resource-pcii"),
        ("is there a contact for the program office", "contact-pcii"),
        ("how do we actually submit stuff to it", "resource-pcii"),
        # The way to reach it says nothing of what it is.
        ("is there a phone number for the program office", "contact-pcii"),
    ],
    [
        ("what protection does PCII give us if we share our vulnerability assessment with DHS",
         "resource-pcii"),
        # A contact asked for is the kind wanted, though "program" names resources too.
        ("who's the program office contact", "contact-pcii"),
        ("is that still current?", "contact-pcii"),
    ],
    # The bot's own features, asked in the words of a Slack channel.
    [
        ("how do I get water sector alerts posted in <#C06QW12AB|ops-water>?",
         "bot-subscriptions"),
        ("just the daily digest, no alerts?", "bot-subscriptions"),
    ],
    # Another agency's program, asked after a sector: no entry keeps it.
    [
        ("banks - who's the lead agency?", "sector-financial-services"),
        ("whats the FDIC insurance limit per account these days", None),
    ],
    [
        ("who's the SRMA for water utilities", "sector-water-and-wastewater"),
        ("when is our AWIA risk and resilience assessment due?", None),
    ],
    [
        ("food and ag lead agency?", "sector-food-and-agriculture"),
        ("where do I download USDA's Food Defense Plan Builder", None),
    ],
    # Who holds an office now is a fact no entry keeps, even about the office just answered.
    [
        ("What is SOPD exactly?", "office-sopd"),
        ("who's the director now", None),
    ],
    [
        ("is there an email for your front office", "contact-sopd-front-office"),
        ("who's the director there now?", None),
    ],
    # "IT companies" in a follow-up are the IT Sector's, not "it".
    [
        ("we run a bunch of cell towers and a couple fiber huts out in the county, which sector "
         "does that fall under?", "sector-communications"),
        ("and IT companies, is that the same agency leading?", "sector-information-technology"),
    ],
    # Who sits on a body now is a fact no entry keeps, even about the body just answered.
    [
        ("what does the CISA cybersecurity advisory committee do vs NSTAC",
         "body-advisory-committees"),
        ("who's on it right now", None),
    ],
    # What a thing is, after talk of contacts: the thing, not its contact.
    [
        ("whats the 24/7 number for the NICC", "contact-nicc"),
        ("and what is HSIN-CI, do our fusion center partners need it", "resource-hsin-ci"),
    ],
    # The office behind a course its answer names, and the other courses it lists.
    [
        ("any training on surveillance detection for campus police?", "training-awr-940"),
        ("who offers those", "resource-office-for-bombing-prevention"),
        ("what other courses do they have", "resource-office-for-bombing-prevention"),
    ],
    [
        ("we run a regional hardware store chain. any training on bomb-making materials "
         "awareness for cashiers?", "training-awr-911"),
        # "who runs these courses" asks who is behind them, not who leads the sector.
        ("who runs these courses", "resource-office-for-bombing-prevention"),
    ],
    # Courses asked for in the plural: the entry that lists them, not one of them.
    [
        ("what bombing prevention courses does OBP have? :bomb: for our mall security staff",
         "resource-office-for-bombing-prevention"),
        ("where can I see all of OBP's courses in one place",
         "resource-office-for-bombing-prevention"),
    ],
    [
        ("what training do you have for dams folks?", {"browse": "training", "sector": "dams"}),
        # "everything" asks for the whole list, not for a subject.
        ("what about just everything, all the courses", {"browse": "training", "sector": None}),
    ],
    [
        ("reading an old 2015 doc that mentions NPPD and the Office of Infrastructure "
         "Protection. what happened to those?", "faq-cisa-history"),
        # Only "when", of an answer that gives a year: that answer again.
        ("when exactly?", "faq-cisa-history"),
    ],
    [
        ("our emergency plan still cites PPD-21 as the current policy — that's still right, "
         "isn't it?", "faq-ppd21-nsm22"),
        ("when was the new one signed", "faq-ppd21-nsm22"),
    ],
    [
        ("<@U07PBOT01> for a university research reactor, which sector and who's the lead? is "
         "it NRC?", "sector-nuclear"),
        ("was nuclear one of the six SOPD sectors", ["sector-nuclear", "office-six-sectors"]),
        # The rest of a list one longer: the entry that lists them, not an earlier answer.
        ("what were the other five", "office-six-sectors"),
    ],
    [
        ("<@U07PBOT01> quick one - is the NRC the SRMA for nuclear?", "sector-nuclear"),
        ("was that one of the six sectors sopd ran?", "office-six-sectors"),
        ("what are the other five", "office-six-sectors"),
    ],
    [
        ("what bombing prevention courses does OBP have", "resource-office-for-bombing-prevention"),
        ("tell me about AWR-940", "training-awr-940"),
        # The other one the last answer names, told by its title: not the answer before it.
        ("what about the other surveillance one", "training-per-346"),
    ],
    [
        ("which six sectors did SOPD lead", "office-six-sectors"),
        # Why it leaves out sectors it names: the answer that says why.
        ("and why not comms and IT if those are cisa too?? she will def ask that",
         "office-six-sectors"),
    ],
    [
        ("<@U07PBOT01> who is the lead agency for water and wastewater",
         "sector-water-and-wastewater"),
        # "or did that change" asks the same again: whether it always was.
        ("was it always EPA or did that change w/ NSM-22?", "sector-water-and-wastewater"),
    ],
    [
        ("ok, who leads the government facilities sector", "sector-government-facilities"),
        # What a policy the answer names did to it: that answer again.
        ("did NSM-22 rename it?", "sector-government-facilities"),
    ],
    [
        ("is there a program that protects vulnerability info we share with DHS from FOIA?",
         "resource-pcii"),
        # A way to reach, asked alone after a question: how to reach what it asks about.
        ("who runs the program office? phone #?", {"answers": ["contact-pcii"]}),
    ],
    [
        ("quick one — DHS is the SRMA for energy, correct?", "sector-energy"),
        # Which office of an agency the answer names: the answer, which names it.
        ("which office inside DOE does the day to day", "sector-energy"),
    ],
    [
        ("state dam safety office here :wave: who's the SRMA for dams these days?",
         "sector-dams"),
        # "who do we send ... to" asks for a contact, of the sector talked about.
        ("who do we send data requests to", "contact-dams-sector"),
    ],
    [
        ("we run a regional transit system (buses + light rail). who's our SRMA?",
         "sector-transportation-systems"),
        ("which parts of DHS exactly", "sector-transportation-systems"),
    ],
    [
        ("anyone know about the 301 ICS course at INL?", "training-ics-301"),
        # Who ran it at first: what the answer says of it.
        ("who ran it originally", "training-ics-301"),
    ],
    [
        ("what about the council of SCC leaders that handles cross-sector stuff", "body-cscc"),
        # The council of federal agencies only, however said.
        ("and the federal-agencies-only one?", "body-fslc"),
    ],
    # Where to read a thing is where to find it; "the online course about it", its course.
    [
        ("where can i read the nipp", "resource-nipp-2013"),
        ("not the plan, the online course about it", "training-is-860"),
    ],
    [
        ("what's the GCC", "body-gcc"),
        ("and the council thats just federal agencies, whats it called", "body-fslc"),
    ],
    [
        ("list the sectors", {"browse": "sectors"}),
        # "Which ones" after the list: the sectors CISA leads.
        ("which ones does CISA lead", {"browse": "sectors"}),
        ("which of those does treasury lead", "sector-financial-services"),
        # A curly apostrophe too.
        ("which of those are CISA\u2019s", {"browse": "sectors"}),
    ],
    [
        ("what's the difference between an SCC and a GCC?",
         {"answers": ["body-scc", "body-gcc"]}),
        # "the government one" of the two answered is the one so titled, not another.
        ("and who chairs the government one", "body-gcc"),
        ("where do the two actually sit down and plan together? some council?", "body-cipac"),
    ],
    [
        # The sector the asker says they are in is "my sector" later on.
        ("any ICS security training from CISA? I'm a controls engineer at a water treatment "
         "plant", "training-ics-101-201"),
        ("can you register me for the next session", {"reply": "cannot"}),
        ("np. who's the lead agency for my sector anyway", "sector-water-and-wastewater"),
    ],
    [
        # Turned down, a request still says what the conversation is about.
        ("ok can you register me for IS-907", {"reply": "cannot"}),
        ("fine, where do I take it then?", "training-is-907"),
    ],
    [
        ("who's the lead agency for food and ag", "sector-food-and-agriculture"),
        ("whats the USDA hotline number for reporting a sick cow :cow:", None),
        # The contact asked before is not what "same sector as" asks.
        ("ok np. restaurants, same sector as farms?", "sector-food-and-agriculture"),
    ],
    [
        ("which CI sector is a hospital in?", "sector-healthcare-and-public-health"),
        # Training recommended "for us": for the sector talked about.
        ("any training you'd recommend for us?",
         {"browse": "training", "sector": "healthcare-and-public-health"}),
        # What a lead does "for us" is what any lead does.
        ("what does the lead agency actually do for us", "faq-srma-role"),
    ],
    [
        ("we run a small drinking water utility. who's our lead agency?",
         "sector-water-and-wastewater"),
        # A power co-op is an electric utility.
        ("and for the power co-op that feeds our pumps?", "sector-energy"),
    ],
    [
        ("what's SOPD? I keep seeing it in old DHS docs", "office-sopd"),
        # "They" are the office just answered: the sectors it led, not the list of all.
        ("which sectors did they lead", "office-six-sectors"),
    ],
    [
        ("is there a bombing prevention awareness course?", "training-awr-348"),
    ],
    # What training there is on a subject: the list of courses on it, when it comes about as
    # close as one course and holds more of the question.
    [
        ("what bombing prevention training does CISA have 💣🚫",
         "resource-office-for-bombing-prevention"),
    ],
    # A course asked for by what it teaches, not by its code or title; "ideally hands-on"
    # says what it is, not whom it is for.
    [
        ("<@U07PBOT01> any ICS security training for my OT engineers? ideally hands-on",
         "training-ics-301"),
    ],
    [
        ("standing up our EOC for hurricane season (see <#C04EOC123|eoc-staffing>), is there a "
         "course for new EOC staff", "training-is-2200"),
    ],
    [
        ("course about how attackers plan, the different stages", "training-awr-334"),
    ],
]  # fmt: skip


@pytest.mark.parametrize("turns", CONVERSATIONS + EARLIER_ANSWERS, ids=lambda turns: turns[0][0])
def test_follow_ups_resolve_against_the_conversation(matcher: Matcher, turns):
    context = Context()
    for said, expected in turns:
        reading = _check(matcher, said, expected, context)
        context = next_context(context, reading)


@pytest.mark.parametrize(
    "said",
    ["we run a bunch of cell towers", "I'm new and want to know which sector we're in",
     "I'm the new security manager at a stadium, my boss wants training"],
)  # fmt: skip
def test_what_one_runs_or_wants_is_no_introduction(matcher: Matcher, said: str):
    assert read(said, matcher).kind == "question"


def test_an_introduction_says_the_sector_the_next_question_asks_of(matcher: Matcher):
    said = "hey all, im the new emergency manager at a county hospital"
    introduced = next_context(None, read(said, matcher))
    assert introduced.sector == "healthcare-and-public-health"
    _check(matcher, "who leads us", "sector-healthcare-and-public-health", introduced)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        # "coordinator" says who asks, not the entry on sector coordination.
        ("Hello, I just started as security coordinator at a regional hospital system in Iowa.\n"
         "My boss asked me which federal agency is our sector lead - who is it?",
         "sector-healthcare-and-public-health"),
        # Must keep: a job said beside a question of another entry, and said alone.
        ("GIS analyst at a county emergency management agency :world_map: we want HIFLD layers "
         "that aren't in the open data. Who do I send a data request to?", "contact-hifld"),
        ("I'm the emergency planning coordinator at a university research reactor. Which "
         "federal agency leads our sector?", "sector-nuclear"),
    ],
)  # fmt: skip
def test_the_askers_job_is_not_what_is_asked(matcher: Matcher, said: str, expected):
    _check(matcher, said, expected)


def test_a_plea_ending_a_question_asks_nothing_of_its_own(matcher: Matcher):
    said = (
        "My director asked me to find out which federal agency is our sector risk management "
        "agency for our hospital and what that even means. Can you help?"
    )
    answered = [part.result.best.entry.id for part in read(said, matcher).answers]
    assert "sector-healthcare-and-public-health" in answered
    assert "bot-how-to-ask" not in answered


def test_other_courses_in_the_plural_are_not_the_one_other_course_an_answer_names(
    matcher: Matcher,
):
    context = next_context(None, read("what is AWR-940?", matcher))
    reading = read("what other courses do they have", matcher, context)
    assert [part.result.best.entry.id for part in reading.answers] != ["training-per-346"]


def test_next_context_keeps_sector_topic_and_entry(matcher: Matcher):
    reading = read("how do I contact the dams people", matcher)
    assert next_context(None, reading) == Context("dams", "contact", "contact-dams-sector")
    listed = read("what training is there for energy?", matcher)
    assert next_context(None, listed) == Context("energy", "training", None)
    before = Context("dams", "lead", "sector-dams")
    assert next_context(before, read("thanks!", matcher)) == before


def test_the_context_keeps_the_entries_answered_before_the_last(matcher: Matcher):
    context = Context()
    for said in ("who leads dams?", "and water?", "and energy?", "and nuclear?"):
        context = next_context(context, read(said, matcher, context))
    assert context.entry_id == "sector-nuclear"
    assert context.earlier == ("sector-water-and-wastewater", "sector-energy")
    # Answered again, an entry moves to the end; a list starts the history afresh.
    context = next_context(context, read("what about water?", matcher, context))
    assert context.recent == ("sector-energy", "sector-nuclear", "sector-water-and-wastewater")
    listed = next_context(context, read("what training is there for energy?", matcher, context))
    assert listed.recent == ()


def test_a_new_subject_leaves_the_conversation_behind(matcher: Matcher):
    before = Context("energy", "lead", "sector-energy")
    reading = read("different topic: what is a PSA?", matcher, before)
    assert reading.fresh
    # The sector and topic are left behind; the answer before stays reachable by its place.
    assert next_context(before, reading) == Context(
        None, "resource", "resource-psa", ("sector-energy",)
    )


def test_things_said_to_be_a_sector_ask_whether_it_covers_them(matcher: Matcher):
    context = next_context(None, read("what is an IVP? we run a stadium", matcher))
    reading = read("stadiums are commercial facilities right", matcher, context)
    assert reading.kind == "question"
    assert reading.result.best.entry.id == "sector-commercial-facilities"


def test_after_a_new_subject_the_first_answer_is_still_the_first(matcher: Matcher):
    context = Context()
    for said in (
        "whats the NICC?",
        "phone number?",
        "different thing, how do I request HIFLD data",
    ):
        context = next_context(context, read(said, matcher, context))
    reading = read("go back to the first one, is it staffed 24/7?", matcher, context)
    assert [part.result.best.entry.id for part in reading.parts] == ["resource-nicc"]


def test_reading_keeps_the_match_result_for_code_written_for_the_matcher(matcher: Matcher):
    reading = read("who leads the dams sector?", matcher)
    assert reading.result.best.entry.id == "sector-dams"
    assert reading.answered and not reading.gap
    assert not read("hi", matcher).result.answered
    unknown = read("best energy drink for the gym", matcher)
    assert unknown.gap and not unknown.result.answered


def test_describe_adds_what_the_json_of_ask_needs_beyond_the_first_match(matcher: Matcher):
    assert describe(read("thanks!", matcher)) == {
        "kind": "smalltalk",
        "reply": "smalltalk",
        "talk": "thanks",
        "answers": [],
        "browse": None,
    }
    both = describe(read("SCC vs GCC", matcher))
    assert [a["id"] for a in both["answers"]] == ["body-scc", "body-gcc"]
    listed = describe(read("show me contacts for dams", matcher))["browse"]
    assert listed == {
        "kind": "contacts",
        "sectors": ["dams"],
        "ids": ["contact-dams-sector"],
        "specific": True,
        "led_by": None,
    }
    assert describe(read("which sectors are led by HHS", matcher))["browse"]["led_by"] == "HHS"


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=80))
def test_any_text_is_read_without_error(text: str):
    # A module-level matcher: hypothesis runs this many times, with no function fixture.
    reading = read(text, _MATCHER, Context("dams", "lead", "sector-dams"))
    assert reading.kind in {"question", "browse", "smalltalk", "help", "cannot"}
    next_context(Context(), reading)


def test_a_follow_up_about_an_entry_retired_since_it_was_answered_is_read_without_it(
    matcher: Matcher,
):
    gone = Context(None, "contact", "contact-retired-since")
    reading = read("is there still a phone number for that?", matcher, gone)
    assert reading.kind == "question"
