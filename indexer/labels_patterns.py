"""The stated-job patterns and word lists that labels_occupation reads phrases with."""

from __future__ import annotations

import re

# Words after "as a" that describe the AI's role, not the participant's ("use it as a partner").
AI_ROLES = {"partner", "assistant", "collaborator", "tutor", "coach", "editor", "teacher",
             "researcher", "intern", "consultant", "creative", "specialist", "tester", "trainer",
             "co-founder", "cofounder", "clerk", "sales", "software", "it", "proofreader",
             "virtual assistant", "personal assistant", "research assistant", "writer"}
AI_SUBJECT = re.compile(
    r"\b(?:it|ai|claude|chatgpt|gpt|them|llms?|models?|tools?|gemini|copilot|that|this)\b[^.?!]{0,25}$"
    r"|\b(?:use|using|used|treat|treating|see|view|think of|thinking of)\b[^.?!]{0,25}$",
    re.I,
)
# "whereas I, as an English teacher, …": the speaker in the role, whatever AI word came before.
# "One use case for me, as a resident astronomer, …": the appositive after "me" is the speaker's too.
# "until I started as a professor": a verb of taking up a job between the speaker and "as" does the same.
SPEAKER_AS = re.compile(r"\b(?:for|to)\s+me\s*,\s*$|\b(?:I|we)(?:\s*,|(?:\s+\w+)?\s+(?:started|began|joined|work|worked|working|serve|served|"
                         r"serving|was\s+hired|got\s+hired|am\s+employed|was\s+employed|trained|qualified))?\s*$")
# "I am self-employed as a consultant", "I work freelance as an editor": the speaker's own trade, so the
# title counts even where the same word could name the AI's role ("use it as a consultant").
SELF_EMPLOYED_AS = re.compile(r"\b(?:I|we)(?:['’]m|\s+am|\s+was|\s+work|\s+worked|\s+working)?\s+"
                              r"(?:self[- ]employed|freelance|freelancing)\s*$", re.I)
_FILLER = r"(?:(?:currently|now|also|actually|basically|just|only|primarily|mainly|mostly|still|" \
          r"really|technically|essentially|a\s+full[- ]time|working)\s+)*"
_ARTICLE = r"(?:an?|the|one\s+of\s+the)\s+"
# (regex, strength, kind). Strength reflects how surely the phrase names the speaker's own job.
INTRO: tuple[tuple[re.Pattern[str], float, str], ...] = tuple(
    (re.compile(p, re.I), s, k)
    for p, s, k in (
        (rf"\b(?:I['’]?m|I\s+am)\s+{_FILLER}{_ARTICLE}", 1.0, "title"),
        (rf"\bI\s+{_FILLER}work(?:ed)?\s+as\s+(?:{_ARTICLE})?", 1.0, "title"),
        # "who I am personal assistant to", "I'm lead engineer": a title with no article; only a
        # listed person title that opens the phrase counts ("I'm marketing my shop" is no job).
        (rf"\b(?:I['’]m|I\s+am)\s+{_FILLER}(?!(?:an?|the|one|not|so|very|really|sure|going|getting|trying)\b)",
         0.8, "bare"),
        # "my day to day role is that of a Senior Finance Manager": the same statement, said at length.
        (rf"\b(?:my|our)\s+(?:main\s+|primary\s+|current\s+|day[- ]to[- ]day\s+|day\s+|full[- ]time\s+)?"
         rf"(?:job|role|position|title|profession|occupation|career)\s+(?:is|as)\s+(?:that\s+of\s+)?(?!in\s)"
         rf"(?:{_ARTICLE})?",
         1.0, "title"),
        (rf"\bI(?:['’]ve|\s+have)\s+been\s+{_ARTICLE}", 0.9, "title"),
        (rf"\bI\s+{_FILLER}(?:teach|lecture)\s+(?:in\s+|at\s+)?", 0.85, "teach"),
        (rf"\bI\s+{_FILLER}tutor\b", 0.85, "tutor"),
        # "I do … the day to day management of a swim school": running a business, told as a task.
        (r"\b(?:the\s+)?(?:day[- ]to[- ]day\s+|overall\s+|general\s+)?(?:management|running)\s+of\s+"
         r"(?:an?\s+|the\s+|our\s+|my\s+)", 0.7, "runs"),
        (rf"\b(?:I|we)\s+{_FILLER}(?:run|own|founded|co-founded|started|manage)\s+(?:{_ARTICLE}|my\s+own\s+|my\s+|our\s+)",
         0.8, "owner"),
        (rf"\bI\s+{_FILLER}(?:oversee|manage|lead|head|supervise|direct|coordinate)\s+(?:{_ARTICLE}|our\s+|my\s+)?",
         0.7, "manage"),
        # Not the idioms "as a result", "as a whole", "as a rule", "as a way to" …, nor the second
        # "as" of "as well as the legality behind pharmacists" or "such as the".
        (rf"(?<!\bwell\s)(?<!\bsuch\s)\bas\s+{_ARTICLE}(?!(?:result|whole|rule|matter|way|means|tool|bonus|side|reference|guide|first|last|"
         rf"backup|team|company|business|family|group|example|aside|alternative|exercise|option|starting|base|"
         rf"general|consequence|precaution|favou?r|treat|reminder|start|sort|kind|sounding|second|final)\b)", 0.75, "as"),
        (rf"\bas\s+(?:someone|a\s+person|somebody)\s+(?:who\s+works\s+)?(?:in|within)\s+(?:{_ARTICLE})?", 0.7, "domain"),
        (r"\bI(?:['’]ve|\s+have)\s+(?:been\s+)?(?:worked|working|been)\s+in\s+(?:the\s+)?", 0.6, "domain"),
        (rf"\bI\s+{_FILLER}(?:work|worked)\s+(?:in|within)\s+(?:the\s+)?", 0.6, "domain"),
        (r"\b(?:my|our)\s+(?:job|work|career)\s+is\s+in\s+(?:the\s+)?", 0.6, "domain"),
        (rf"\bI(?:['’]m|\s+am)\s+{_FILLER}working\s+(?:in|within)\s+(?:the\s+)?", 0.6, "domain"),
        # "my civil engineering tasks", "my photography business": the field named as whose work it is.
        (r"\bmy\s+(?=(?:[\w/&-]+\s+){1,3}?(?:tasks|work|business|practice|duties|projects|clients)\b)", 0.45,
         "mywork"),
        # "I'm in transcription", "I'm in sales": only a known domain word follows (hand titles only).
        (rf"\bI(?:['’]m|\s+am)\s+{_FILLER}in\s+(?:the\s+)?(?!(?:a|an|my|charge|touch|favou?r|need|love|school|"
         rf"two|driver(?:['’]?s)?|the\s+driver(?:['’]?s)?)\b)", 0.55, "in"),
        # "I'm also in a management position": the rank says manager even with no title.
        (r"\bI(?:['’]m|\s+am)\s+(?:\w+\s+)?in\s+(?:a|the)\s+(?=(?:senior\s+)?(?:management|managerial|leadership|"
         r"supervisory)\s+(?:position|role)\b)", 0.8, "rank"),
        (r"\b(?:my|our)\s+(?:fellow|other)\s+", 0.45, "fellow"),
        (r"\b(?:fellow|other)\s+(?=\w+s\b)", 0.35, "fellow"),
    )
)
# Literal substrings one of which each INTRO pattern needs; skipping the regex otherwise keeps it fast.
INTRO_KEYS = (("i'm", "i’m", "i am", "im "), ("work",), ("i'm", "i’m", "i am"), ("job", "role", "position", "title", "profession",
               "occupation", "career"), ("been",), ("teach", "lectur"), ("tutor",), ("management of", "running of"),
               ("run", "own", "found", "start",
               "manage"), ("oversee", "manage", "lead", "head", "supervise", "direct", "coordinate"),
               ("as a", "as the", "as one"), ("as someone", "as a person", "as somebody"), ("been in", "ve worked in",
               "ve been working in", "ave worked in"), ("work",), ("is in",), ("working in", "working within"),
               ("my ",), ("i'm", "i’m", "i am", "im "),
               ("management", "managerial", "leadership", "supervisory"), ("fellow", "other"),
               ("fellow", "other"))
NOT_JOB_START = {"collaborative", "big", "huge", "firm", "strong", "true", "little", "bit", "lot", "fan",
                  "believer", "fairly", "pretty", "very", "tad", "person", "human", "part", "member",
                  # Judgements of skill ("I am a good writer") describe ability, not the job held.
                  "good", "great", "decent", "bad", "poor", "quick", "fast", "slow", "natural", "avid",
                  "heavy", "light", "casual", "frequent", "regular", "competent", "confident", "ok", "okay",
                  "average", "mediocre", "terrible", "awful", "excellent", "better", "worse", "solid", "capable",
                  "staunch", "lone", "final"}
AGENT = re.compile(r"(?:[a-z]{3}(?:er|or|ist|ian|eer)|smith|wright)$")
NOT_JOB_HEAD = {"user", "fan", "lover", "learner", "beginner", "adopter", "perfectionist", "optimist",
                 "pessimist", "believer", "supporter", "follower", "advocate", "introvert", "extrovert",
                 "procrastinator", "thinker", "reader", "person", "member", "customer", "consumer", "other",
                 "father", "mother", "parent", "daughter", "brother", "sister", "together", "better", "matter",
                 "major", "minor", "junior", "senior", "veteran", "newcomer", "outsider", "realist", "skeptic",
                 "sceptic", "enthusiast", "hobbyist", "human", "stickler", "worrier", "visual", "amateur",
                 "decision-maker", "trailblazer", "pioneer", "go-getter", "self-starter", "multitasker",
                 "evangelist", "champion", "cheerleader", "proponent", "critic", "fanatic"}
TRAILING = re.compile(r"(?:\s+(?:primarily|mainly|currently|now|myself|too|also|full[- ]time|part[- ]time|"
                       r"by trade|by profession|professionally))+$")
PERSON = re.compile(r"(?:er|or|ist|ian|ant|ent|eer|ect|ive|man|woman|person|worker|professional|"
                     r"owner|founder|lead|head|chef|nurse|tutor|coach|agent|aide|clerk)s?$")
# Domain words in the title tables ("architecture", "finance", "logistics", "education") name a field;
# after a loose "as the" they are a thing, not the speaker's job.
DOMAIN_NOUN = re.compile(r"(?:ure|ics|ance|ment|tion|ology|ogy)$")
UNIT = re.compile(r"\b(?:team|teams|department|operations|program|programme|project|projects|staff|office|"
                   r"unit|division|group|store|restaurant|lab|research|portfolio|grants?|accounts|sales|marketing|"
                   r"clinic|site|branch|warehouse|crew|volunteers|employees|people|services)\b")
BUSINESS = re.compile(
    r"\b(?:business|company|agency|shop|store|practice|firm|studio|startup|bakery|restaurant|"
    r"farm|clinic|consultancy|brand|nonprofit|non-profit|charity|salon|gym|daycare|school|food\s+truck|cafe|café|"
    r"coffee\s+shop|boutique|hotel|ranch|vineyard|winery|brewery|cidery|kennel|franchise)\b", re.I
)
STOP = re.compile(
    r"[.,;:!?()\[\]\"“”\n]|\s(?:rather\s+than|instead\s+of|not\s+an?|involving|including|such\s+as|who|that|which|"
    r"where|when|because|so|but|"
    r"and\s+I|and\s+we|and\s+my|and\s+the|and\s+they|and\s+it|"
    r"with|using|from|by|to|since|for|at|in|on|of|i|it|we|and\s+have|and\s+am|if|as|or\s+so)\s",
    re.I,
)
EXTEND = re.compile(
    r"\s(?:in|of|at|for)\s+(?:an?\s+|the\s+)?((?:[\w'’-]+\s+){0,4}?(?:[\w'’-]+))(?=[.,;:!?\n]|\s(?:and|where|who|that|so|but)\b|$)",
    re.I,
)
ORG = re.compile(r"\b(?:lab|laboratory|university|company|school|hospital|firm|agency|startup|"
                  r"nonprofit|organization|organisation|institute|college|clinic|district)\b", re.I)

WORD = re.compile(r"[\w'’-]+")
NEGATED_INTRO = re.compile(r"(?:\bnot|n['’]t|\bnever)\s+(?:\w+\s+){0,2}$", re.I)
# "the role that I work in that utilizes AI is tutoring": a clause, not the domain worked in.
CLAUSE_START = {"that", "which", "who", "where", "what", "when", "this", "these", "those", "there"}
TASK_WORDS = {"admin", "administrative", "administration", "writing", "email", "research", "data", "office",
               "coding", "programming", "marketing", "social media", "content", "communications", "sales",
               "design", "editing", "translation", "customer service", "teaching", "management", "it"}
HYPOTHETICAL = re.compile(r"\b(?:as\s+if|as\s+though|like|pretend(?:ing)?|imagine|if)\s+$", re.I)
ADJUNCT = re.compile(r"\s+(?:work|tasks?|duties|side|stuff|related|aspects?|responsibilities)\b", re.I)
TRAIT = re.compile(r"\s+(?:person|people|type|kind of person|sort of person)\b", re.I)
