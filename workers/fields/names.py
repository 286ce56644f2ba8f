"""A person's name: how one is written (in any Latin script, with initials, particles and honorifics),
what is never one, and when two are the same person.

The readers of recipients, signers and authors (workers/fields/parties.py, workers/fields/authors.py) and the checks
share these, so that a name means the same thing wherever it is read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from workers.fields import sieve
from workers.fields.memory import per_document

HONORIFIC = (r"(?:(?i:(?:mrs?|ms|miss|mx|m)\.?(?:/(?:mrs?|ms|miss|mx|m)\.?)+"
              r"\s*:?\s*)"  # a form's "Ms./Mr.", "Mr./Mrs./M:"
              r"|(?i:mr|ms|mrs|miss|mx|dr|professor|professeur|profesora?|prof|mme|mlle|m|sr|sra|srta|herr|frau|dra|eng|ing|shri|smt|kum|madame"
              r"|monsieur|mademoiselle|se[ñn]ora?|senhora?|dona|don|herrn)\.?\s+)")
# Names are written in any Latin script ("Nguyễn Vũ Thành Danh", "Élodie"): the capitals of all of them.
UPPER = "A-ZÀ-ÖØ-Þ\u0100-\u017F\u1E00-\u1EFF"
LOWER = "a-zß-öø-ÿ\u0100-\u017F\u1E00-\u1EFF"
# A given name's initial may be glued to the next name by its point ("J.BERLIN IMMANUEL SANTHOSH").
NAME_TOKEN = rf"(?:[{UPPER}]\.)?[{UPPER}][{UPPER}{LOWER}'’\-]+"
PARTICLE = r"(?:de|da|do|dos|das|del|della|di|du|van|von|der|den|la|le|bin|ibn|e)"
INITIAL = rf"[{UPPER}](?:\.|(?![{UPPER}{LOWER}'’\-/]))"  # not "S/O" (son of)
NAME = (rf"(?:{HONORIFIC}){{0,2}}(?P<name>{NAME_TOKEN}(?:\s+{INITIAL})*(?:\s+(?:{PARTICLE}\s+)?{NAME_TOKEN}"
         rf"(?:\s+{INITIAL})*){{1,4}}(?:,?\s+(?:Jr|Sr|II|III|IV)\.?)?"
         # a given name with the family's initial after it, as South Indian names are written ("KUGAN K",
         # "DIPIN.A")
         rf"|{NAME_TOKEN}(?:[ \t]+(?!I\b(?!\.)){INITIAL}){{1,2}}(?![\w'’\-])"
         rf"|[{UPPER}][{UPPER}{LOWER}'’\-]{{2,}}\.[{UPPER}](?![\w'’\-.]))")
INVERTED = rf"(?P<last>{NAME_TOKEN}),\s*(?P<first>{NAME_TOKEN}(?:\s+[{UPPER}]\.?)?)"

# Words that never appear in a person's name but often follow the phrases that introduce one.
NOT_NAME_WORDS = {
    "the", "has", "have", "for", "and", "of", "in", "on", "at", "to", "with", "course", "certificate",
    "completion", "completed", "successfully", "attended", "training", "program", "programme", "workshop",
    "seminar", "webinar", "hours", "contact", "date", "this", "that", "is", "was", "our", "your", "their",
    "his", "her", "employee", "student", "participant", "department", "company", "hereby", "awarded",
    "presented", "whom", "it", "may", "concern", "continuing", "education", "credit", "units", "team",
    "registrar", "office", "records", "transcript", "learning", "all", "requirements", "by",
    # degrees and years of study, which a class list or a faculty record prints where names stand
    "b.tech", "m.tech", "b.sc", "m.sc", "b.com", "m.com", "b.e", "m.e", "mba", "bba", "mca", "bca", "phd", "ph.d",
    # what stands before a letter as a name stands before an initial ("Class X", "Grade A", "Section B")
    "class", "grade", "section", "level", "semester", "year", "part", "unit", "candidate", "form", "group",
    "participants", "everyone", "you",
}
ORG_WORDS = sieve.compile(
    r"\b(?:university|college|institute|institution|academy|association|society|school|center|centre|council"
    r"|foundation|corporation|corp|inc|llc|ltd|gmbh|company|co|group|systems|technologies|technology"
    r"|industries|manufacturing|solutions|services|department|dept|agency|board|federation|consortium"
    r"|partners|labs?|laboratories|works|aerospace|engineering|hospital|league|guild|alliance|network"
    r"|learning|training|education|academy|seminars?|conferences?|organization|organisation|union|limited|pvt|private"
    r"|ministry|bank|club|laboratory|university|universidade|universidad|universit[ée]|universit[äa]t|hochschule"
    r"|faculdade|facultad|escola|escuela|[ée]cole|instituto|institut|funda[çc][ãa]o|fundaci[óo]n|servicio|servi[çc]o"
    r"|minist[ée]rio|ministerio|minist[èe]re|laborat[óo]rio|laboratorio|centro|zentrum|akademie|academia|sistema"
    r"|organisation|organiza[çc][ãa]o|organizaci[óo]n|departamento|sociedade|sociedad|soci[ée]t[ée]|gesellschaft"
    r"|ltda|s\.a|sas|sarl|e\.k|ag|ug|direction|direc[çc][ãa]o|direcci[óo]n|agence|ag[êe]ncia|commission|comiss[ãa]o"
    r"|comisi[óo]n|division|army|navy|cell|bureau|authority|autorit[ée]|llp|plc|s\.r\.l|srl|s\.p\.a"
    # the words a company's name ends with: "Future Core Innovations", "Bright Path Ventures"
    r"|innovations?|ventures|consulting|consultancy|consultants|enterprises?|infotech|softwares|studios?|analytics)\b\.?",
    re.I)
# Words that mark a line as something other than a person's name, in the languages the pipeline reads.
NOT_NAME_LINE = sieve.compile(
    r"\b(?:certificate|certificado|certificat|zertifikat|diploma|attestation|constancia|declara[çc][ãa]o"
    r"|bescheinigung|completion|conclus[ãa]o|participa[çc][ãa]o|participation|achievement|appreciation|merit"
    r"|excellence|recognition|attendance|course|curso|cours|kurs|fundamentals|introduction|principles|advanced"
    r"|management|development|engineering|programming|data|python|java|design|analysis|security|network\w*"
    r"|systems|marketing|business|professional"
    r"|signature|assinatura|firma|unterschrift|director|directeur|diretor|manager|ceo|founder|coordinator"
    r"|president|presidente|instructor|registrar|secretary|head|dean|chair|officer|vitae|about|support|contest"
    # a post, which a résumé or a signature prints where a holder's name stands ("Associate Professor")
    r"|professor|professeur|profesora?|lecturer|assistant|asistente|assistente|developer|desarrollador"
    r"|desenvolvedora?|d[ée]veloppeur|entwickler|engineer|ingeniero|ing[ée]nieur|engenheir[oa]|analyst|analista"
    r"|researcher|consultant|specialist|especialista|sp[ée]cialiste|intern|trainee|estagi[áa]ri[oa]|salary"
    r"|associate|asociad[oa]|associ[ée]e?|adjunct|adjunt[oa]"
    r"|statement|personal|purpose|motivation|cover|letter|lettre|anschreiben|madame|monsieur|nacional|nationale"
    r"|aprendizaje|foundations?|skills?|fundamentos|introdu[çc][ãa]o|introducci[óo]n|software|web|cloud|computing"
    r"|intelligence|machine|cyber\w*|agile|methodolog\w*|technolog\w*|pruebas|gest[ãa]o|gesti[óo]n"
    r"|digital|innovators?|basic|summer|winter|winner|national|international|youth|drive|life|award|team"
    r"|comp[ée]tences?|competenc\w*|acquises?|acquired|outcomes|objectives|objectifs|kompetenzen|habilidades)\b",
    re.I)  # organisation words are not listed: clean_name refuses anything ORG_WORDS matches first


@dataclass(frozen=True)
class Found:
    """A name and the span of text it came from."""

    value: str
    span: tuple[int, int]


@per_document
def clean_name(raw: str) -> str | None:
    """A person's name in reading order and title case, or None if the text is not a name."""
    raw = raw.strip(" ,;:")
    if raw.endswith(".") and not re.search(r"\b[A-Z]\.$|\b(?:Jr|Sr)\.$", raw):
        raw = raw[:-1]
    inverted = re.fullmatch(INVERTED, raw)
    if inverted:
        raw = f"{inverted['first']} {inverted['last']}"
    tokens = raw.split()
    # "A.Annapurna": an initial glued to the name by its point is a word of the name of its own.
    words = len(tokens) + sum(bool(re.fullmatch(rf"[{UPPER}]\.[{UPPER}][{UPPER}{LOWER}'’\-]{{2,}}", t)) for t in tokens)
    if not 2 <= words <= 6 or re.fullmatch(r"[IVX]{2,}", tokens[0]):  # not "II B.Tech" ("V S Ramesh" is a name)
        return None
    if any(t.lower().strip(".,") in NOT_NAME_WORDS for t in tokens) or ORG_WORDS.search(raw):
        return None
    if len(tokens) >= 3 and tokens[0].isupper() and len(tokens[0]) > 2 and not raw.isupper() \
            and all(not t.isupper() for t in tokens[1:]):
        tokens = tokens[1:] + [tokens[0].capitalize()]  # "KOUWAYE Kodjo Florent": the surname first, in capitals
        raw = " ".join(tokens)
    if raw.isupper():
        raw = " ".join(capitalised(t) for t in tokens)
    # A form of address is no word of the name: "Professor Ann Lee" is a name, "Associate Professor" none.
    if NOT_NAME_LINE.search(re.sub(rf"^(?:{HONORIFIC})+", "", raw)):
        return None
    return raw


@per_document
def name_key(name: str) -> tuple[str, str]:
    """First and last name, case-folded, ignoring honorifics, middle initials and suffixes."""
    name = re.sub(rf"^{HONORIFIC}", "", name.strip(), flags=re.I)
    inverted = re.fullmatch(INVERTED, name)
    if inverted:
        name = f"{inverted['first']} {inverted['last']}"
    # Accents folded: OCR reads "Nguyễn" as "Nguyén" and "Tschöpe" as "Tschope"; both are the same person.
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    tokens = [t.strip(".,").casefold() for t in folded.split()]
    tokens = [t for t in tokens if len(t) > 1 and t not in {"jr", "sr", "ii", "iii", "iv"}]
    if not tokens:
        return ("", "")
    return (tokens[0], tokens[-1])


@per_document
def same_person(a: str | None, b: str | None) -> bool:
    """Whether two names are the same person by first and last name (OCR-level differences aside)."""
    if not a or not b:
        return False
    ka, kb = name_key(a), name_key(b)
    return ka == kb or (ka[1] == kb[1] and (ka[0].startswith(kb[0]) or kb[0].startswith(ka[0])))


def one_word_name(word: str) -> str | None:
    """A name printed as one word ("HARSH"), as it is written; None for a word no name is."""
    if word.casefold() in NOT_NAME_WORDS or NOT_NAME_LINE.search(word) or ORG_WORDS.search(word):
        return None
    return capitalised(word) if word.isupper() else word


def capitalised(token: str) -> str:
    """A name's word printed in capitals, as it is written: an initial glued by its point and the name
    after an apostrophe keep their capitals ("J.Berlin", "O'Brien"); a hyphenated name keeps one
    ("MEI-HUA" is "Mei-hua", as its romanisation writes it)."""
    return re.sub(r"(?<=[.'’])[^\W\d_]", lambda m: m.group(0).upper(), token.capitalize())


_NAME_PART = r"(?:[A-ZÀ-Ý][a-zà-ÿ'’\-]+(?:-[A-ZÀ-Ý][a-zà-ÿ'’]+)*|[A-ZÀ-Ý]\.?|[A-ZÀ-Ý'’\-]{2,})"  # "Pierre-Yves"
_PERSONLIKE = re.compile(rf"{_NAME_PART}(?:\s+(?:{_NAME_PART}|de|da|do|dos|van|von|der|del|la)){{1,4}}")


# What a course or its proof is called in English, which no person's name holds ("Google Ads Search
# Certification"). Not the other languages' words: "Dass", "Della", "Corso" are surnames too, and a heading
# in capitals ("ATTESTATO DI PARTECIPAZIONE") must stay name-shaped to stay out of the titles.
_NO_NAME_WORDS = frozenset("certification certificate course training program programme diploma workshop seminar "
                           "webinar bootcamp".split())


@per_document
def looks_like_name(value: str) -> bool:
    """Whether a candidate is shaped like a person's name (`_NO_NAME_WORDS` says what none holds)."""
    tokens = value.split()
    return 2 <= len(tokens) <= 4 and all(t[:1].isupper() for t in tokens) and clean_name(value) is not None \
        and not any(ch.isdigit() for ch in value) and len(value) <= 40 and _PERSONLIKE.fullmatch(value) is not None \
        and not any(t.casefold().strip(".,:;") in _NO_NAME_WORDS for t in tokens)
