"""The words an issuer is read by: what makes a phrase a body, what makes a line name one that did not
issue the document, and the platforms whose name in the text is the issuer (workers/fields/issuers.py reads
with them; workers/fields/titles.py keeps a platform's name out of a title)."""

from __future__ import annotations

import re

from workers.fields import sieve

# The small words inside a body's name ("Institute of Technology", "Universidade de São Paulo").
CONNECTOR = r"(?:of|for|and|the|&|de|da|do|dos|das|del|la|le|des|du|der|für|e|y|et|und|on|in|at)"
# Connectors a phrase ends on: they lead into the words after it, and are no part of the name.
TRAILING_CONNECTORS = re.compile(rf"(?:,?\s+{CONNECTOR})+$")

STRONG_ORG = sieve.compile(
    r"\b(?:university|college|institute|academy|association|society|corporation|corp|inc|llc|ltd|gmbh"
    r"|company|foundation|council|federation|consortium|alliance|guild|league|limited|ministry|universidade"
    r"|universidad|universit[ée]|universit[äa]t|hochschule|faculdade|facultad|escola|escuela|[ée]cole|instituto"
    r"|institut|funda[çc][ãa]o|fundaci[óo]n|minist[ée]rio|ministerio|laboratorio|laborat[óo]rio|akademie|academia"
    r"|ltda|e\.k|llp|pvt|plc|s\.r\.l|srl|s\.a\.s|s\.p\.a)\b", re.I)
# Organisations named beside the issuer that did not issue it: accreditors, partners, sponsors, logos' owners.
NOT_ISSUER_LINE = sieve.compile(
    r"\b(?:registered\s+education\s+provider|registered\s+mark|trademarks?|endorsed|accredit\w*|in\s+(?:collaboration"
    r"|association|partnership)\s+with|partners?|powered\s+by|sponsor\w*|recogni[sz]ed\s+by|approved\s+by|affiliated"
    r"|member\s+of|student\s+of|studying\s+(?:at|in)|enrolled|pursuing|of\s+the\s+(?:college|university)|nascid|n[ée]\(e\))\b"
    # the software's copyright in a footer: the vendor of the records system, not the school
    r"|©|\(c\)\s*\d{4}|\bcopyright\b|\ball\s+rights\s+reserved\b|\band\s+its\s+affiliates\b"
    # a list of what the course covered: "Die Inhalte des Seminars waren folgende:"
    r"|\binhalte\b|\bcontents?\s+of\b|\btopics\s+covered\b|\bcontenido\b|\bconte[úu]do"
    # a signature caption: "ASSINATURA DO ACADEMY", "Signature of the Director"
    r"|\b[a]?ssinatura\b|\bsignature\b|\bunterschrift\b|\bfirma\s+(?:del|de\s+la)\b"
    # the body that recognises the credits, in a course platform's accreditation block: "Certifying body:
    # ISACA - 3.25 CPEs", "Program: International Institute of Business Analysis (IIBA®) / Provider ID: …"
    r"|\bcertifying\s+body\b|^\s*program\s*:", re.I)
# Words that make a phrase a person's role or a form's furniture, not an organisation.
ROLE_WORDS = sieve.compile(
    r"\b(?:responsable|co-?founder|founder|coo|ceo|cto|director|directeur|diretor|directora?|manager|head|dean|chair"
    r"|registrar|coordinator|coordenador\w*|president\w*|secretary|secret[áa]ri[oa]|signature|assinatura|firma"
    r"|unterschrift|reitor|pr[óo]-reitor|rector|recteur)\b", re.I)
# Words that cannot name an organisation alone ("University", "Summer School", "Learning Path").
GENERIC = {"the", "of", "and", "for", "de", "da", "do", "dos", "das", "del", "la", "le", "des", "du", "der", "für",
           "e", "y", "et", "und", "&", "summer", "winter", "higher", "path", "open", "regional", "national", "general",
           "central", "international", "online", "digital", "professional", "technical", "management", "computer",
           "science", "data", "course", "courses", "program", "programme",
           # the parts of a school a transcript names beside the student ("Graduate Division", "Foundation Year")
           "graduate", "undergraduate", "division", "foundation", "year", "freshman", "major", "minor", "studies",
           "student", "students", "records", "registrar", "department", "faculty", "office", "semester", "term",
           "previous", "prior", "transfer", "advanced", "standing", "high", "secondary", "primary"}
# Course platforms and certifying bodies whose name, printed in the text, is the issuer of what they certify.
KNOWN_ISSUERS = ("LinkedIn Learning", "Coursera Project Network", "Coursera", "Udemy", "edX", "DataCamp",
                 "freeCodeCamp", "HackerRank", "Great Learning Academy", "Great Learning", "Simplilearn", "FutureLearn",
                 "Udacity", "Codecademy", "Pluralsight", "Skillsoft", "Alura", "Platzi", "OpenClassrooms", "Domestika",
                 "Kaggle", "Cisco Networking Academy", "IBM SkillsBuild", "Microsoft Learn", "AWS Skill Builder",
                 "Scrum Alliance", "Sololearn", "Lynda.com", "Infosec", "Big Data University", "MongoDB University",
                 "Google Cloud Skills Boost", "Salesforce Trailhead", "Red Hat", "Huawei Talent", "Oracle University")

# Words that say what kind of school or body a name is, not whose: "State University", "Research Institute".
BODY_KINDS = frozenset({
    "state", "research", "design", "art", "arts", "medical", "medicine", "technological", "polytechnic", "agricultural",
    "mechanical", "a&m", "engineering", "technology", "sciences", "applied", "advanced", "business", "law", "dental",
    "nursing", "teachers", "normal", "community", "public", "royal", "federal", "city", "county", "metropolitan",
    "polytechnical", "fine", "performing", "liberal"})
