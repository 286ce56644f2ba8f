"""Words that certificates, letters and transcripts use about themselves, one list per language.

A heading ("CERTIFICADO DE PARTICIPAÇÃO", "Teilnahmebescheinigung", "of Completion") is made of these
words and little else; a course's title rarely is. The title chooser reads the share of a candidate's
words found here, so a heading in a language no rule was written for is still known as one.
"""

from __future__ import annotations

import re

from workers.fields import sieve

_BY_LANGUAGE = {
    "en": "certificate certification certify certifies certified hereby this that is to of the a an and for in on at"
          " by with completion complete completed successfully participation attendance achievement appreciation"
          " recognition excellence merit award awarded presented given granted proudly has have been who course"
          " training program programme diploma letter record transcript statement official verified verify issued"
          " date name signature director president chairman coordinator head dear sir madam whom concern",
    "fr": "certificat attestation attestons atteste certifie certifions de du des la le les l un une et pour à au aux"
          " en par réussite participation suivi formation diplôme délivré délivrée présente ce cette qui que a été",
    "de": "zertifikat bescheinigung teilnahmebescheinigung teilnahmezertifikat urkunde teilnahme bestätigung hiermit"
          " bestätigen wird bescheinigt dass der die das des dem den und für an am im in zum zur von mit hat"
          " erfolgreich abgeschlossen teilgenommen",
    "pt": "certificado certificamos certifica declaração declaramos conclusão participação que o a os as de do da dos"
          " das e em no na para por com curso concluiu participou realizado realizada",
    "es": "certificado constancia diploma certifica certificamos hace constar que el la los las de del y en por para"
          " con participación finalización aprovechamiento asistencia otorga otorgado otorgada reconocimiento curso",
    "it": "attestato certificato di partecipazione frequenza si attesta che il lo la i gli le del della e per con"
          " corso",
}
DOCUMENT_WORDS = frozenset(word for words in _BY_LANGUAGE.values() for word in words.split())
_WORD = re.compile(r"[^\W\d_]+")


def document_word_share(value: str) -> float:
    """The share of a text's words that a document uses about itself (0 for a text with no words)."""
    words = _WORD.findall(value.casefold())
    return sum(w in DOCUMENT_WORDS for w in words) / len(words) if words else 0.0


# A résumé's section headings, one list per language read ("Berufserfahrung", "SOBRE MÍ"). A CV is told by
# them, and none of them is its author's name however large it is set.
CV_SECTIONS = {
    "en": r"(?:professional\s+|work\s+|working\s+)?experience|work\s+history|employment(?:\s+history)?|education"
          r"|(?:technical\s+|key\s+|core\s+)?(?:skills|competencies)|projects|summary|(?:professional\s+)?profile"
          r"|objective|about\s+me|languages|hobbies|interests|references|(?:key\s+)?achievements|certifications"
          r"|contact|personal\s+(?:details|information)|curriculum\s+vitae|r[ée]sum[ée]|responsibilit(?:y|ies)",
    "fr": r"exp[ée]riences?(?:\s+professionnelles?)?|formation|comp[ée]tences|langues|centres\s+d.int[ée]r[êe]t"
          r"|profil|[ée]tudes|coordonn[ée]es",
    "de": r"berufserfahrung|praxiserfahrung|ausbildung|studium|(?:weitere\s+)?kenntnisse|sprachkenntnisse"
          r"|angaben\s+zur\s+person|pers[öo]nliche\s+daten|lebenslauf|profil|zusammenfassung|f[äa]higkeiten"
          r"|[üu]ber\s+mich",
    "pt": r"experi[êe]ncias?(?:\s+profissionais?)?|educa[çc][ãa]o|forma[çc][ãa]o(?:\s+acad[êe]mica)?|habilidades"
          r"|l[íi]nguas|idiomas|curr[íi]culo|compet[êe]ncias|sobre\s+mim|contato|dados\s+pessoais",
    "es": r"experiencia(?:\s+laboral|\s+profesional)?|educaci[óo]n|formaci[óo]n(?:\s+acad[ée]mica)?|habilidades"
          r"|idiomas|competencias(?:\s+laborales)?|sobre\s+m[íi]|estudios(?:\s+acad[ée]micos)?|contacto"
          r"|datos\s+personales|hoja\s+de\s+vida",
}
CV_HEADINGS = sieve.compile(
    r"(?:^|(?<=\S {3}))[\s\d.\-–)]*(?:" + "|".join(CV_SECTIONS.values()) + r")\b\s*:?", re.I | re.M)
_CV_SECTION = sieve.compile(r"(?:" + "|".join(CV_SECTIONS.values()) + r")", re.I)


def is_cv_section(value: str) -> bool:
    """Whether a text is a résumé's section heading and nothing more ("Work Experience", "Sobre Mim")."""
    return _CV_SECTION.fullmatch(value.strip(" :.-–\n")) is not None
