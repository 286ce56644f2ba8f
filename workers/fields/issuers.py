"""Who issued a document: the organisation named by wording, by a course platform's name, or by a letterhead.

An issuer decides provenance as much as a signature does, and real certificates surround it with
organisations that did not issue them: accreditors ("PMI® Registered Education Provider"), partners and
sponsors in a strip of logos, the recipient's own school, a signatory's job title. So the surest sign
wins: wording that names the issuer, then an e-mail's sender, then a platform named in the text, and only
then the first organisation-like line, which must end with the kind of body it is unless a strong word
("University", "GmbH") makes it plain.
"""

from __future__ import annotations

import re

from workers.fields import sieve
from workers.fields.issuer_words import (
    BODY_KINDS,
    CONNECTOR,
    GENERIC,
    KNOWN_ISSUERS,
    NOT_ISSUER_LINE,
    ROLE_WORDS,
    STRONG_ORG,
    TRAILING_CONNECTORS,
)
from workers.fields.memory import per_document
from workers.fields.names import ORG_WORDS, UPPER, Found, clean_name, same_person
from workers.fields.officers import officer_body
from workers.fields.parties import HEADING, email_sender

_HEADER_LINE = sieve.compile(r"^(?:from|to|cc|subject|sent|date|re)\s*:", re.I)
_QUOTE_CHARS = re.compile(r"[“”\"]")
_KNOWN_CANON = [(name, sieve.canon(name)) for name in KNOWN_ISSUERS]  # each name as a text's canon holds it

_ISSUER_CUES = sieve.compile(
    r"(?:\b(?:issued|presented|offered|provided|awarded|conducted|hosted|delivered|organi[sz]ed|authori[sz]ed|developed"
    r"|certified|granted)\s*by\s*(?:the\s+)?|\b(?:attribu[ée]e?|d[ée]livr[ée]e?|organis[ée]e?)\s+par\s+(?:l[ae']\s*)?"
    r"|\b(?:emitido|oferecido|ministrado|promovido|realizado|otorgado|expedido|organizado)\s+(?:por|pel[oa])\s+(?:el\s+|la\s+|o\s+|a\s+)?"
    r"|\b(?:ausgestellt|veranstaltet|durchgef[üu]hrt)\s+(?:von|durch)\s+(?:der\s+|dem\s+|die\s+)?|\bon\s+behalf\s+of\s+(?:the\s+)?"
    # an internship or a job letter names the employer: "working as an intern with CodeClause", "worked at X as"
    r"|\b(?:intern(?:ship)?|working|worked|employed)\s+(?:as\s+an?\s+intern\s+)?(?:with|at)\s+(?=[A-Z])|(?:^|\n)\s*(?:provider|course\s+provider"
    r"|training\s+provider|sponsor|issuer|issuing\s+(?:organi[sz]ation|body|authority)|organi[sz]ation|institution|school"
    r"|company|employer|host|awarding\s+body|organi[sz]er|organi[sz]ing\s+(?:body|institution)"
    r"|organisme(?:\s+de\s+formation)?|institui[çc][ãa]o|entidad|veranstalter|anbieter)\s*:\s*)", re.I)

# A part of a body rather than the body: a department, a faculty, a school within a university.
_UNIT = sieve.compile(r"\b(?:department|dept|faculty|division|school\s+of|programme\s+of|program\s+of|centre\s+for"
                      r"|center\s+for|d[ée]partement|departamento|fachbereich|fakult[äa]t|lehrstuhl)\b", re.I)

# "Commission Nationale de l'Informatique et des Libertés": an elided article joins its word.
_ORG_TOKEN = rf"(?:[{UPPER}0-9][\w&'’.\-]*|[ldLD]['’][{UPPER}][\w&'’.\-]*|{CONNECTOR}(?![\w.]))"
_ORG_RUN = re.compile(rf"{_ORG_TOKEN}(?: {_ORG_TOKEN})*(?:,?\s+(?:Inc|Ltd|LLC|GmbH|S\.A|Ltda|e\.K|e\.V)\.?)?"
                      # "(ANSSI)", "(REPS India)", "… - Enap" at the end
                      r"(?:\s+\(\s*[A-Z][A-Za-z]{1,9}(?:\s[A-Z][A-Za-z]{1,9}){0,2}\s*\)|\s+[-–]\s+[A-Z][A-Za-z]{1,9}(?=\s*(?:$|[,.;)])))?")


_DEPARTMENT_TAIL = sieve.compile(
    r"(?:^|,?\s+)(?:(?:Human\s+Resources?|HR|Training(?:\s+(?:and|&)\s+Development)?|Learning(?:\s+(?:and|&)\s+Development)?"
    r"|L&D|People(?:\s+Operations)?|Personnel|Talent\s+Development)(?:\s+(?:Department|Dept\.?|Division|Office|Team))?"
    r"|(?:Department|Dept\.?)(?:\s+of\s+(?:Human\s+Resources?|Training|Personnel))?)$", re.I)


def _meaningful(phrase: str, kinds: frozenset[str] = frozenset()) -> bool:
    """An organisation's name has a word of its own besides the kind of body it is ("University", and
    any of `kinds`); its abbreviation in brackets is no such word ("Foundation (REPS India)" is a fragment)."""
    return any(not ORG_WORDS.fullmatch(t) and len(t) > 1 and (word := t.casefold().strip(".,")) not in GENERIC
               and word not in kinds for t in re.sub(r"\([^)]*\)", " ", phrase).split())


# A sentence's end inside a run of capitalised words: a full stop after a word (not "St." nor "Comp.") and a
# word that opens a sentence.
_SENTENCE_START = re.compile(r"(?<=[a-zà-ÿ]{3})\.\s+(?=(?:The|This|These|We|It|He|She|His|Her|Our|In|On|At|For|As"
                             r"|Le|La|Les|El|Los|Der|Die|Das|Il|Elle|Nous)\b)")


# What `org_phrase` trims from a run of capitalised words, compiled once: it runs for every line that may
# name an organisation.
_LEADING_CONNECTORS = re.compile(rf"^(?:{CONNECTOR}\s+)+")
_BEFORE_A_YEAR = sieve.compile(r"^.*\b(?:19|20)\d{2}\s+(?:(?:the|la|el|le|die|der|a|o)\s+)?(?=[A-ZÀ-Þ])")
_TRAILING_NUMBER = re.compile(rf"(?:\s+{CONNECTOR})?\s+\d{{1,3}}$")
_ARTICLE = re.compile(r"^(?:(?:The|For|On\s+behalf\s+of|Por|Pour|Für|Le|La|Les|O|A|Der|Die|Das|El|Los)\s+|L')"
                      r"(?=[A-ZÀ-Þ])")
_TEAM = sieve.compile(r"(?:\s+(?:Learning|Training|Education|Webinar|Events?|Support|Customer))?"
                      r"\s+(?:Team|Staff|Office|Desk)$")
_JOB_AT = sieve.compile(r"^.*\b(?:Developer|Engineer|Intern|Trainee|Analyst|Designer|Consultant|Associate|Assistant)"
                        r"\s+(?:at|with)\s+(?=[A-ZÀ-Þ])")
_OWNER = sieve.compile(r"(.+?)['’]s\s+\S")


@per_document
def org_phrase(text: str) -> str | None:
    """The organisation named in a line: the run of capitalised words around an organisation word."""
    best: str | None = None
    for m in _ORG_RUN.finditer(text):
        phrase = m.group(0).strip(" ,")
        phrase = _LEADING_CONNECTORS.sub("", phrase)
        phrase = TRAILING_CONNECTORS.sub("", phrase)
        # Words that run into the name across a sentence's end or from a date before it: "On 1 January 2007
        # the University of Otago", "Shanghai Jiao Tong University. The", "Instituto de Geofísica del 13".
        phrase = _BEFORE_A_YEAR.sub("", phrase)
        phrase = next((part for part in _SENTENCE_START.split(phrase) if ORG_WORDS.search(part)),
                      phrase)
        phrase = _TRAILING_NUMBER.sub("", phrase)
        # an article before the name ("The", "O", "L'"), never a name's own first letter ("ORACLE", "ANNA")
        phrase = _ARTICLE.sub("", phrase)
        phrase = _TEAM.sub("", phrase)
        # "as a Mern Stack Developer at Digiverse Technologies": the job is not part of the employer's name
        phrase = _JOB_AT.sub("", phrase)
        # "Ministry of Education's Innovation Cell": a part of a body, named by the body that owns it
        owner = _OWNER.match(phrase)
        owned = bool(owner and len(owner.group(1).split()) >= 2 and STRONG_ORG.search(owner.group(1)))
        if owner and owned:
            phrase = owner.group(1)
        trimmed = _DEPARTMENT_TAIL.sub("", phrase)
        if trimmed != phrase:
            # An employer's HR or training department writes for the employer: the issuer is the employer,
            # and a department alone ("Training Department") names nobody.
            if not trimmed.strip() or not _meaningful(trimmed):
                continue
            phrase = trimmed
        content = [t for t in phrase.split() if not re.fullmatch(CONNECTOR, t)]
        if not ORG_WORDS.search(phrase) or HEADING.match(phrase) or len(content) > 9 \
                or ROLE_WORDS.search(phrase) or not (owned or _meaningful(phrase)):
            continue
        if best is None or (STRONG_ORG.search(phrase) and not STRONG_ORG.search(best)):
            best = phrase
    romance = _ROMANCE_ORG.search(text)
    if romance and (best is None or re.sub(r"^[ldLD]['’]", "", best) in romance.group("name").split()[:1]):
        return " ".join(romance.group("name").split())
    return best.rstrip(".,") if best else None


# French, Portuguese and Spanish bodies capitalise only their first word: "l'Agence nationale de la
# sécurité des systèmes d'information (ANSSI)", "Escola nacional de administração pública".
_ROMANCE_ORG = sieve.compile(
    r"(?:\b[ldLD]['’])?(?P<name>(?:Agence|Commission|[ÉE]cole|Universit[ée]|Institut|Centre|Direction|Minist[èe]re|Office"
    r"|Organisation|Organiza[çc][ãa]o|Organizaci[óo]n|F[ée]d[ée]ration|Federa[çc][ãa]o|Federaci[óo]n|Association|Associa[çc][ãa]o"
    r"|Asociaci[óo]n"
    r"|Conseil|Chambre|Escola|Universidade|Universidad|Instituto|Funda[çc][ãa]o|Fundaci[óo]n|Servi[çc]o|Servicio"
    r"|Secretaria|Ag[êe]ncia|Agencia|Comiss[ãa]o|Comisi[óo]n)\b"
    r"(?:[ \t]*\n?[ \t]*(?:[dl]['’][\w\-]+|[a-zà-ÿ][\w\-]*)){2,10}"
    # a proper name after its article ends it: "… internationale de la Francophonie"
    r"(?:(?:(?<=\sla)|(?<=\sle)|(?<=\sdu)|(?<=\sdes)|(?<=\sde)|(?<=\sda)|(?<=\sdo)|(?<=\sdel))[ \t]+[A-ZÀ-Þ][\w\-]+)?"
    r"(?:\s*\([A-Z]{2,10}\))?)")


# "A Escola Nacional de Administração Pública - Enap certifica que", "L'Organisation ... atteste que".
_CERTIFIES = sieve.compile(
    r"\b(?:certifica|certificam|atesta|atteste|certifie|bescheinigt|best[äa]tigt|otorga|hereby\s+certifies|certifies"
    r"|confirms|hace\s+constar|hacen\s+constar|acredita)\b", re.I)
# "mantida pela SOCIEDADE …": the body that keeps a university, named beside it, is not the issuer.
_MAINTAINER = sieve.compile(r"\b(?:mantid[ao]\s+pel[ao]|maintained\s+by|operated\s+by|a\s+subsidiary\s+of)"
                            r"\s+[^,\n]*", re.I)


def _found(text: str, phrase: str, after: int = 0) -> Found:
    start = text.find(phrase, after)
    return Found(phrase, (start, start + len(phrase)))


def _line_at(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start: len(text) if end == -1 else end]


_AFFILIATION_LEAD = sieve.compile(r"(?:a\s+)?(?:student\s+)?(?:of|from|at|de|da|do|du|des|von|der)")


def find_issuer(text: str, recipient: str | None) -> Found | None:
    """The organisation that issued the document, from the surest sign to the weakest.

    Wording that names it ("issued by", "authorized by", "ministrado por", "X certifica que"), an
    e-mail's sender, a course platform named in the text, then the first organisation-like line
    (a letterhead). Lines that name accreditors, partners or the recipient's own school never count.
    Of two bodies named together, the first is the issuer (`_first_body`).
    """
    found = _named_issuer(text, recipient)
    return _first_body(text, found) if found else None


def _first_body(text: str, found: Found) -> Found:
    """"UNIVERSITY OF LEEDS AND INSTITUTE OF CODING", "organised by the EIT Digital Summer School and KTH
    Royal Institute of Technology": two bodies named together, each a whole name of its own; the first is
    the issuer. A body whose own name has an "and" keeps it: what follows the last "and" is no body
    ("University of Science and Technology"), or one that names only its kind ("Virginia Polytechnic
    Institute and State University", "… Medical College and Research Institute", "Ontario College of
    Art and Design University")."""
    joins = list(re.finditer(r"\s+(?:and|AND|And)\s+", found.value))
    if not joins:
        return found
    first, second = found.value[:joins[-1].start()], found.value[joins[-1].end():]
    if _meaningful(second, BODY_KINDS) and org_phrase(second) == second and STRONG_ORG.search(second) \
            and org_phrase(first) == first and _meaningful(first):
        return _found_across(text, first, found.span[0])
    return found


def _named_issuer(text: str, recipient: str | None) -> Found | None:
    for m in _ISSUER_CUES.finditer(text):
        rest = text[m.end():].split("\n")
        if not rest[0].strip() and len(rest) > 1:  # "ATTRIBUÉ PAR" on its own line, the name below it
            rest = rest[1:]
        line = re.split(r"\s+(?:and\s+offered|offered|through|and\s+(?:is|has)|on\s+\w+\s+\d)\b|\s{3,}",
                        rest[0])[0]
        line += _continued(line, rest[1] if len(rest) > 1 else "")
        phrase = org_phrase(line)
        if phrase is None:
            phrase = _leading_capitalised(line)
            if phrase and clean_name(phrase) == phrase:
                continue  # "Issued by / Sarvesh Madhu Agrawal / Founder & CEO": the signatory, not the body
        parent = org_phrase(rest[1]) if phrase and _UNIT.search(line) and len(rest) > 1 \
            and not NOT_ISSUER_LINE.search(rest[1]) else None  # not "In collaboration with …"
        if parent and STRONG_ORG.search(parent):
            # "Organised by / Computer Science and Engineering Department / Thapar Institute of …": the
            # body the department belongs to issued it.
            phrase = parent
        if phrase and not _meaningful(phrase):
            continue  # "organized by the Department of": a fragment names nobody
        if phrase and not same_person(phrase, recipient) and not ROLE_WORDS.search(phrase):
            return _found_across(text, phrase, m.end())
    sender = email_sender(text)
    sender_org = org_phrase(sender) if sender else None
    if sender_org and not same_person(sender_org, recipient):
        return _found(text, sender_org)
    for m in _CERTIFIES.finditer(text):
        begin = text.rfind("\n", 0, max(0, m.start() - 160)) + 1  # whole lines, never half a word
        before = _MAINTAINER.sub(lambda k: " " * len(k.group(0)), text[begin:m.start()])
        # A name broken before its last word ("Emtech Institute & Santander Open / Academy") is read whole;
        # both changes keep every offset, so the phrase is found where it stands.
        before = re.sub(rf"\n(?=[^\S\n]*[{UPPER}]\S*[^\S\n]*\n)", " ", before)
        phrase = org_phrase(before.split("\n")[-1]) or org_phrase(before)
        if phrase and not same_person(phrase, recipient):
            start = begin + before.find(phrase)
            return Found(phrase, (start, start + len(phrase)))
    # A text holds a name case-insensitively only if its canon holds the name's (workers/fields/sieve.py):
    # most names are absent, and one look at the text's canon is cheaper than a scan of the text for each.
    in_canon = sieve.canon(text)
    for name, name_canon in _KNOWN_CANON:
        if name_canon not in in_canon:
            continue
        # "HUAWEI TALENT" too, but not a web address ("futurelearn.com")
        for m in re.finditer(rf"(?<![\w./]){re.escape(name)}(?![\w]|\.[a-z]{{2,}})", text, re.I):
            if any(a[:1].isupper() and b[:1].islower() for a, b in zip(name.split(), m.group(0).split())):
                continue  # "a great learning experience" names no platform ("HUAWEI Talent", "FreeCodeCamp" do)
            if not NOT_ISSUER_LINE.search(_line_at(text, m.start())):
                return Found(name, m.span())
    candidates: list[Found] = _stacked(text, recipient)
    pos = 0
    before = ""
    for line in text.split("\n"):
        stripped = line.strip()
        # "awarded to / NAME / of / CST DEPARTMENT OF … INSTITUTE": the holder's own school, not the issuer
        affiliation = _AFFILIATION_LEAD.fullmatch(before)
        if stripped and not affiliation and not _HEADER_LINE.match(stripped) and not _QUOTE_CHARS.search(stripped) \
                and not NOT_ISSUER_LINE.search(stripped):
            phrase = org_phrase(line)
            if phrase and not same_person(phrase, recipient):
                candidates.append(_found(text, phrase, pos))
        pos += len(line) + 1
        before = stripped.lower() if stripped else before
    candidates.sort(key=lambda c: c.span[0])
    strong = [c for c in candidates if STRONG_ORG.search(c.value)]
    # Without a strong word, a name ends with the kind of body it is ("Pacific Automation Learning
    # Center", "SSC-Services GmbH"); "Information Technology Management" is a subject, not a body.
    weak = [c for c in candidates if ORG_WORDS.fullmatch(c.value.split()[-1].rstrip(".,"))]
    chosen = (strong or weak)[0] if strong or weak else None
    if chosen is None:
        owner = _site_owner(text, recipient) or officer_body(text, recipient)
        return _spelled_out(text, owner) if owner else None
    return _full_form(_without_speck(text, chosen), strong)


def _spelled_out(text: str, found: Found) -> Found:
    """An abbreviation's full name where the document prints it: "NYCLD" is "NATIONAL YOUTH COMPUTER
    LITERACY DRIVE" when those words stand together in the text, their initials spelling it."""
    letters = found.value
    if not (letters.isalpha() and letters.isupper() and 3 <= len(letters) <= 8):
        return found
    token = rf"[{UPPER}][\w'’\-]*"
    run = rf"{token}(?:\s(?:{CONNECTOR}\s)*{token}){{{len(letters) - 1}}}"
    for m in re.finditer(rf"(?<![\w])(?=(?P<phrase>{run})(?![\w]))", text):
        phrase = m["phrase"]
        initials = "".join(w[0] for w in phrase.split() if not re.fullmatch(CONNECTOR, w))
        if initials.upper() == letters and not NOT_ISSUER_LINE.search(_line_at(text, m.start())):
            return Found(phrase, (m.start(), m.start() + len(phrase)))
    return found


def _full_form(chosen: Found, others: list[Found]) -> Found:
    """The longest form of the chosen name that the document prints: a letterhead's "Leibniz Universität
    Hannover" is "Gottfried Wilhelm Leibniz Universität Hannover" in the text that speaks for it."""
    words = chosen.value.casefold().split()
    best = chosen
    for other in others:
        printed = other.value.split()
        longer = [w.casefold() for w in printed]
        for i in range(len(longer) - len(words) + 1):
            extra = printed[:i] + printed[i + len(words):]
            # only whole names around it: not a speck ("GER"), a year or a preposition ("2025 at")
            if longer[i:i + len(words)] == words and extra and len(printed) > len(best.value.split()) \
                    and all(re.fullmatch(r"[A-ZÀ-Þ][a-zß-ÿ]{3,}", w) for w in extra):
                best = other
    return best


def _stacked(text: str, recipient: str | None) -> list[Found]:
    """A name set as a wordmark, one word per line ("Leibniz / Universität / Hannover"), read as one
    line: two to four lines of a single capitalised word each, one of them a strong word for a body."""
    found: list[Found] = []
    for m in re.finditer(rf"(?m)^[^\S\n]*[{UPPER}][\w'’\-]+[^\S\n]*"
                         rf"(?:\n[^\S\n]*[{UPPER}][\w'’\-]+[^\S\n]*){{1,3}}$", text):
        words = m.group(0).split()
        while words and (ROLE_WORDS.fullmatch(words[0]) or NOT_ISSUER_LINE.search(words[0])):
            words.pop(0)  # "Director / Harvard / University": a signatory's role above the name
        phrase = " ".join(words)
        if len(words) >= 2 and STRONG_ORG.search(phrase) and _meaningful(phrase) \
                and not same_person(phrase, recipient) and not HEADING.match(phrase) \
                and not ROLE_WORDS.search(phrase) and not NOT_ISSUER_LINE.search(phrase):
            start = m.start() + m.group(0).find(words[0])
            found.append(Found(phrase, (start, m.end())))
    return found


# An address with its scheme or "www.", or one printed bare with a path ("dicoding.com/certificates/…").
_SITE = re.compile(r"(?:https?://|\bwww\.)(?P<host>[a-z0-9.\-]+\.[a-z]{2,})"
                   r"|(?<![\w@.\-])(?P<bare>[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,})(?=/\w)", re.I)
# Sites that host or link what others issue: verification services, shorteners, social networks.
_HOSTS_OF_OTHERS = {"credly", "accredible", "certifier", "bit", "ude", "linkedin", "youtube", "facebook", "instagram",
                    "twitter", "google", "forms", "drive", "github", "gmail", "outlook", "yahoo", "wa", "t", "zoom"}


def _site_owner(text: str, recipient: str | None) -> Found | None:
    """The body whose web address the document prints, when its text names it too: "McGill ID" beside
    mcgill.ca, "Stormshield Network Administrator" beside www.stormshield.com. Asked only when nothing
    else names an issuer; a name that stands only in an address is no more than a logo."""
    for m in _SITE.finditer(text):
        if NOT_ISSUER_LINE.search(_line_at(text, m.start())):  # "Powered by TCPDF (www.tcpdf.org)"
            continue
        labels = (m["host"] or m["bare"]).lower().split(".")
        while len(labels) > 1 and len(labels[-1]) <= 3:  # ".com", ".gov.in", ".edu.co", ".ac.uk"
            labels.pop()
        name = labels[-1]
        if len(name) < 3 or name in _HOSTS_OF_OTHERS:
            continue
        for word in re.finditer(rf"(?<![\w./@-]){re.escape(name)}(?=[^\W\d_]?\b)", text, re.I):
            printed = word.group(0)
            if printed[:1].isupper() and not same_person(printed, recipient) \
                    and not NOT_ISSUER_LINE.search(_line_at(text, word.start())):
                return Found(printed, word.span())
    return None


def _continued(line: str, following: str) -> str:
    """The rest of a name that a cue's line breaks off: "organized by CONNECTEDCORE / TECHNOLOGY SOLUTIONS
    at DMI COLLEGE": the next line's opening words in capitals, up to the first word that is not, where
    the line ends in a word in capitals and those words end with the kind of body it is (not a name,
    not "THIS IS TO CERTIFY", not a heading)."""
    last = line.split()[-1] if line.split() else ""
    if not last.isupper() or not last.isalpha() or len(last) < 2:
        return ""
    words: list[str] = []
    for word in following.split()[:4]:
        if not (word.isupper() and word.strip(".,").isalpha()):
            break
        words.append(word.rstrip(".,"))
        if word.endswith((",", ".")):
            break
    while words and not ORG_WORDS.fullmatch(words[-1]):
        words.pop()
    if not words or HEADING.match(" ".join(words)):
        return ""
    return " " + " ".join(words)


def _found_across(text: str, phrase: str, after: int) -> Found:
    """Where a phrase stands in the text when its words may be broken over lines."""
    m = re.compile(r"\s+".join(re.escape(w) for w in phrase.split())).search(text, after)
    return Found(phrase, m.span()) if m else _found(text, phrase, after)


def _without_speck(text: str, found: Found) -> Found:
    """A letterhead's name in capitals with a speck that OCR read off its logo in front ("GER TAMILNADU
    ADVANCED … INSTITUTE"): when the document prints the name again without it, as a whole line or cell
    of its own (a signature caption), that is the name. A name in mixed case ("SRM Institute of …") or
    printed again only inside a sentence keeps its first word: it may be the name's own."""
    first, _, rest = found.value.partition(" ")
    if len(first) > 3 or len(rest.split()) < 3 or not found.value.isupper() or not _meaningful(rest):
        return found
    for m in re.finditer(rf"(?:^|\n|\s{{3}}){re.escape(rest)}(?=\s{{3}}|\n|$)", text):
        if m.start() != found.span[0] + len(first):
            start = found.span[0] + len(first) + 1
            return Found(rest, (start, start + len(rest)))
    return found


def _leading_capitalised(line: str) -> str | None:
    m = re.match(rf"\s*((?:[{UPPER}][\w&'’.\-]*)(?: (?:[{UPPER}][\w&'’.\-]*|of|for|and|the|&))*)", line)
    if not m:
        return None
    phrase = re.sub(r"(?:\s+(?:of|for|and|the|&))+$", "", m.group(1)).rstrip(".,")
    return phrase if phrase.split() and (len(phrase.split()) >= 2 or len(phrase) >= 3) else None
