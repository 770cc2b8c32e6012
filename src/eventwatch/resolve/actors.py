"""Actor resolution: spaCy ``Doc`` -> ``list[ActorMention]`` against the knowledge base.

Mechanisms, in order of precedence when spans overlap (longest span first):

1. exact/normalised phrase matching of KB names, aliases, former names, abbreviations
   (case-sensitive), person names (-> the organisation the person acts for at the
   document date, ``how="person"``), over words keyed with ``name_key`` and indexed by
   their first word (no scan over the whole KB);
2. state names and capitals (Turkey, Ankara, the Kremlin) only in an actor role
   (not after locative prepositions, not as compound modifiers, not "border between");
3. demonym rules: "Turkish troops/warplanes/F16/military" -> the state's armed force,
   "Turkish government/intelligence/pressure/counterpart" -> the state, "Syrian refugees"
   -> Civilians (Syria); composites "joint Russian-Turkish patrols" -> Russian Military
   Police + Turkish Armed Forces, "Russian and Turkish military", "Russia-Turkey",
   "Syrian-Russian-Iranian alliance", "the government and Russian forces";
4. generic descriptors resolved against the document's focus country ("government
   forces", "the regime", "civilians", "local militias", "opposition factions", counted
   victims "killing nine people"), and "the army" -> the last armed force named; generic
   armed actors -> "Unidentified armed group (<country>)" in documents naming no group, or
   as agents with no group named close by ("came under attack from terrorist groups");
5. within-document coreference: context aliases (HTS's "the Commission", "the Russian
   center") only after the actor was named; "the group/movement/faction"; "the two
   organizations/factions" -> the last two groups; "the President" -> the last president
   named; he/she/it/they as subject when the previous clause's subject is an agreeing actor
   ("they" takes the whole coordination, or the names of an identifying copula: "The main
   factions are X and Y. They ..." -> X, Y);
   "the gunmen/militants" -> a group named close by; "armed factions ... these factions are X
   and Y" -> X, Y; "the joint patrol" -> the patrol forces named before; "the convoys" -> the
   forces of a patrol/convoy named in the previous three sentences; "the Turkish" ->
   the state's actor named close by;
6. fuzzy matching (rapidfuzz ``ratio`` on ``name_key``\\ s, same first letter, >= FUZZY_THRESHOLD,
   measured in tests/test_actors_fuzzy.py) for capitalised spans nothing else matched;
7. organisation-like spans left over -> ``ActorMention(actor_id=None, how="unknown")``;
8. descriptions are not participants: mentions of other actors inside a parenthesis or a
   descriptive appositive right after a named actor ("HTS (formerly the Syrian branch of
   al-Qaeda)", "the SDF, an affiliate of the PKK,") are dropped.

KB formats with ``members`` ("the Astana guarantors") give one composite mention per member;
collective civilians as agents of protest acts ("residents blocked the road") -> Protesters.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from anyascii import anyascii
from rapidfuzz import fuzz, process

from eventwatch.models import ActorMention, Document, Span
from eventwatch.nlp.pipeline import doc_text
from eventwatch.resolve._normalise import key_words, name_key, word_key
from eventwatch.resolve.kb import NON_STATE_GROUP_TYPES, Actor, KnowledgeBase

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

FORMULAIC_TYPES = frozenset({"state_armed_force", "police", "civilians", "protesters", "unidentified"})
FUZZY_THRESHOLD = 90.0  # lowest threshold with precision >= 0.95 on held-out variants (0.955, 245 hits); docs/kb.md

FORCE_NOUNS = frozenset(
    """soldiers soldier troops troop army armies military forces force warplanes warplane jets jet
    aircraft aircrafts planes plane helicopters helicopter drones drone f16 f-16 artillery servicemen
    serviceman convoy convoys patrol patrols units unit outposts outpost bases base posts navy
    airstrikes airstrike strikes strike bombardment shelling tanks vehicles personnel gunboats warships
    fighters militaries columns column contingent""".split()
)
FORCE_MODS = frozenset(
    """military reconnaissance air armed ground special occupation combat fighter war armored armoured
    naval joint""".split()
)
GOV_NOUNS = frozenset(
    """government authorities authority officials official president presidency ministry minister
    leadership intelligence diplomats diplomacy side parties party counterpart counterparts regime
    administration pressure support delegation envoy embassy ambassador messages message control
    escalation position demands demand proposal""".split()
)
CIVILIAN_NOUNS = frozenset("civilians people refugees population residents citizens displaced".split())
STOP_AFTER = frozenset("sources source analysts analyst experts expert observers observer media".split())
PATROL_NOUNS = frozenset({"patrol", "patrols"})
# "the convoys": military movements a joint patrol of the recent context may take up
CONVOY_NOUNS = frozenset("convoy convoys column columns".split())
CONVOY_MODS = frozenset("military armored armoured".split())
LOC_PREPS = frozenset(
    "in at near into inside across within throughout outside around towards toward through over".split()
)
PLACE_HEADS = frozenset(
    """border borders strip area areas road zone frontier region province part territory north south
    east west northwest northeast southwest southeast city countryside capital war sovereignty
    interior map inside outside""".split()
)
DIRECTIONS = frozenset(
    """north south east west northern southern eastern western northwest northwestern northeast
    northeastern southwest southwestern southeast southeastern central""".split()
)
MOTION_VERBS = frozenset(
    """go send travel move deploy transfer fly return flee arrive head come dispatch participate bring
    relocate evacuate cross enter smuggle ship export import deport escape""".split()
)
TOPIC_HEADS = frozenset(
    """agreement agreements talks conference resolution meeting summit deal deals policy report
    negotiations envoy statement position""".split()
)
# generic armed actors: "gunmen", "suspected militants", "armed groups" -> an antecedent group for
# definite descriptions, else "Unidentified armed group (<country where it happens>)"
ARMED_GENERIC = frozenset(
    """gunmen gunman militants militant jihadists jihadist terrorists insurgents assailants attackers
    bandits extremists""".split()
)
ARMED_GENERIC_GROUPS = frozenset("groups group factions faction men militias".split())
ARMED_GENERIC_MODS = frozenset("armed terrorist jihadist militant insurgent unidentified unknown local".split())
DEFINITE = frozenset(("the", "these", "those"))
# "the Turkish backed HTS": participles that make a demonym a modifier, not an elliptical NP
PARTICIPLE_MODS = frozenset("backed led supported sponsored funded controlled held run based made owned allied".split())
MILITARY_VERBS = frozenset(
    """shell bomb bombard strike attack shoot fire ambush raid storm invade capture seize recapture
    advance retreat withdraw deploy occupy besiege clash fight repel repulse counterattack intercept""".split()
)
# victims counted as patients of harm verbs ("killing nine people") -> Civilians (<country>)
VICTIM_PEOPLE = frozenset("people residents villagers passengers worshippers farmers students children women".split())
# collective civilian agents of protest acts -> Protesters (<country>) ("residents blocked the road")
PROTEST_SUBJECTS = frozenset(
    "population residents locals villagers inhabitants citizens people civilians crowds crowd".split()
)
QUANTITY_HEADS = frozenset("thousand thousands hundred hundreds dozen dozens scores number group crowd crowds".split())
PROTEST_VERBS = frozenset("protest demonstrate rally march riot picket boycott block barricade blockade chant".split())
PROTEST_NOUNS = frozenset(
    """protest demonstration rally march roadblock sit sit-in strike blockade barricade vigil
    boycott""".split()
)
HARM_VERBS = frozenset("kill injure wound hurt abduct kidnap massacre execute shoot displace maim".split())
PATROL_FORCE_TYPES = frozenset({"state_armed_force", "police", "military_unit"})
STATE_SIDE_TYPES = frozenset({"state", "state_armed_force", "police", "military_unit", "government_body"})
# definite descriptions that take up a close antecedent group ("the gunmen", "the militias")
ARMED_ANAPHORIC = frozenset("gunmen gunman attackers assailants men militias".split())
# heads after which "by"/"from" introduces the perpetrator ("attacks by gunmen", "fire from militants")
AGENT_HEADS = frozenset(
    """attack attacks assault raid ambush fire shelling strike threat threats pressure resistance
    violence bombardment come""".split()
)
JUNTA_WORDS = frozenset({"junta"})
GROUP_NOUNS = frozenset("group movement organization organisation faction militia network".split())
PLURAL_GROUP_NOUNS = frozenset("groups organizations organisations factions militias movements".split())
NUMBER_WORDS = {"two": 2, "three": 3, "both": 2}
PRONOUNS = {"he": "person", "she": "person", "it": "it", "they": "they"}

_GEO_FIRST = frozenset(
    "Tell Tal Khan Ain Jabal Jebel Kafr Kfar Maarat Maarrat Maaret Deir Ras Bab Jisr Wadi Mount Sheikh".split()
)
_GEO_LAST = frozenset(
    """Mountain Highway Road Airport Crossing Plain Valley Province Governorate Shield State Region District
    County Oblast Prefecture Division Hotel Camp""".split()
)
_GEO_SUFFIX = _GEO_LAST | frozenset("River Delta Basin Lake Sea Gulf Mountains Desert Valley Plateau".split())
_NAME = r"(?:[A-Z][a-z\u00c0-\u024f'\u2019-]+|al-[A-Z][a-z'\u2019-]+|bin|ibn|[A-Z]\.)"
_PERSON_NAME = rf"(?P<name>[A-Z][a-z\u00c0-\u024f'\u2019-]+(?: {_NAME}){{1,3}})"
_RANK = r"(?:(?:Col|Gen|Maj|Brig|Lt|Capt|Cpt|Sgt|Adm)\.?|Colonel|General|Major|Brigadier|Lieutenant|Captain|Commander|Admiral|Sheikh|Dr\.?)"
_MIN_FIELD = r"(?:Foreign|Defen[cs]e|Interior|Health|Information|Finance|Security|Justice|Home|Internal|Communications|Energy|Oil|Humanitarian|Education|Agriculture|Water|Trade|Economy|Planning|Culture|Youth)"
_TITLE = rf"(?:(?:Deputy |Prime |State |Junior )?(?:{_MIN_FIELD} (?:Affairs )?)?Minister|[Ss]pokes(?:man|woman|person)|[Cc]ommander|[Gg]overnor|[Mm]ayor|[Cc]ommissioner|[Cc]hief|[Ll]eader|[Pp]resident|[Pp]olice chief|[Aa]rmy chief|[Tt]errorist|[Mm]ilitant|[Ff]ighter|[Oo]perative|[Mm]ember)"
_TITLE_BEFORE = re.compile(
    rf"(?P<org>\b[A-Za-z][\w'\u2019-]*(?: [A-Z][\w'\u2019-]*)?\s+)?(?P<title>{_TITLE})(?:\s+{_RANK})?\s+{_PERSON_NAME}"
)
_TITLE_AFTER = re.compile(
    rf"{_PERSON_NAME},\s+(?:an?|the)?\s*(?P<title>(?:[\w-]+ ){{0,2}}(?:[Ss]pokes(?:man|woman|person)|[Cc]ommander|[Mm]inister|[Oo]fficial|[Ll]eader|[Cc]hief))\s+(?:for|of|with|in)\s+(?P<org>[^,.;]+)"
)
_MINISTRY = re.compile(rf"(?:{_MIN_FIELD} (?:Affairs )?Ministry|Ministry of (?:{_MIN_FIELD}|Foreign Affairs|Defen[cs]e))")
# a parenthesis or a descriptive appositive right after an actor: "X (formerly Y)",
# "X, an affiliate of Y,", "X – the Syrian branch of Y"
_DESCRIPTION = re.compile(
    r"(?P<paren>\s*\()|(?:,|\s+[\u2013\u2014-])\s+(?:formerly|previously|once|(?:an?|the) (?:former|one-time)"
    r"|(?:an?|the)(?: [\w-]+){0,2} (?:affiliate|offshoot|splinter group|successor|branch|wing|franchise|arm|proxy)"
    r"(?: of| to)?|linked to|affiliated (?:with|to)|(?:also )?known as|backed by)\b"
)
_WORD = re.compile(r"[^\s\-\u2010-\u2015/]+")
_LEAD = "\"'([{\u201c\u2018\u00ab*"
_TRAIL = "\"')]}.,;:!?\u201d\u2019\u00bb*"
_POSS = ("'s", "\u2019s", "s'", "s\u2019")


@dataclass(slots=True)
class _Word:
    start: int
    end: int
    text: str
    key: str
    brk_before: bool = False  # opening quote/bracket: a name cannot continue across it
    brk_after: bool = False  # trailing punctuation / possessive
    hyph_after: bool = False  # joined to the next word by a hyphen/dash (no space)
    lower: str = ""
    poss: bool = False  # a possessive 's was cut off ("People's" -> "People")


@dataclass(slots=True)
class _Cand:
    start: int  # word index
    end: int  # word index (exclusive)
    kind: str
    target: Any
    prio: int
    mentions: list[ActorMention] = field(default_factory=list)


def _words(text: str) -> list[_Word]:
    out: list[_Word] = []
    for m in _WORD.finditer(text):
        s, e = m.start(), m.end()
        brk_b = brk_a = False
        while s < e and text[s] in _LEAD:
            s += 1
            brk_b = True
        core = text[s:e]
        poss = False
        for p in _POSS:
            if core.endswith(p) and len(core) > len(p) + 1:
                e -= 1 if p.startswith("s") else 2
                brk_a = True
                poss = m.end() == e + (1 if p.startswith("s") else 2)
                break
        while e > s and text[e - 1] in _TRAIL:
            # keep the dot of abbreviations such as U.S.
            if text[e - 1] == "." and re.fullmatch(r"(?:[A-Z]\.){2,}", text[s:e]):
                brk_a = True
                break
            e -= 1
            brk_a = True
        if e <= s:
            continue
        if m.end() > e and not brk_a:
            brk_a = True
        t = text[s:e]
        low = anyascii(t).lower()
        w = _Word(s, e, t, name_key(t), brk_b, brk_a, lower=low, poss=poss)
        if "\n" in text[m.end() : m.end() + 3]:
            w.brk_after = True  # headings: a name does not continue onto the next line
        w.hyph_after = m.end() < len(text) and text[m.end()] in "-\u2010\u2011\u2012\u2013" and not brk_a
        out.append(w)
    return out


def _index(kb: KnowledgeBase) -> dict[str, Any]:
    idx = kb._cache.get("actors")
    if idx is not None:
        return idx
    phrases: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
    abbr: dict[str, str] = {}
    fuzzy: dict[tuple[str, int], list[tuple[str, str, str]]] = {}

    def add(name: str, kind: str, target: str, fz: bool = False) -> None:
        kw = key_words(name)
        if not kw:
            return
        lst = phrases.setdefault(kw[0], [])
        if (kw, kind, target) not in lst:
            lst.append((kw, kind, target))
        k = " ".join(kw)
        if fz and len(k) >= 8 and len(kw) >= 2:
            fuzzy.setdefault((k[0], len(kw)), []).append((k, kind, target))

    for a in kb.actors.values():
        kind = "state" if a.type == "state" else "actor"
        for n in a.all_names:
            # derived actors and state forces/police ("Malian Armed Forces" / "Malawian Armed
            # Forces", "Chadian Police") are formulaic near-duplicates: no fuzzy matching
            add(n, kind, a.id, fz=kind == "actor" and a.pack != "derived" and a.type not in FORMULAIC_TYPES)
        for n in a.local_aliases:
            add(n, "local", a.id)
        for n in a.abbr:
            abbr.setdefault(n, a.id)
        for n in a.capitals:
            add(n, "capital", a.id)
        for n in a.demonyms:
            add(n, "demonym", a.id)
        for n in a.context_aliases:
            add(n, "ctx", a.id)
    for p in kb.persons.values():
        for n in [p.name, *p.aliases]:
            add(n, "person", p.id, fz=True)
        last = key_words(p.name)[-1:] if key_words(p.name) else ()
        if last and len(last[0]) >= 4:
            add(p.name.split()[-1], "pctx", p.id)
    for lst in phrases.values():
        # longest first; among equal lengths prefer actors over states/demonyms
        order = {"actor": 0, "local": 0, "person": 1, "state": 2, "capital": 3, "demonym": 4, "ctx": 5, "pctx": 6}
        lst.sort(key=lambda x: (-len(x[0]), order.get(x[1], 9)))
    fuzzy_keys = {k: [x[0] for x in v] for k, v in fuzzy.items()}
    idx = {"phrases": phrases, "abbr": abbr, "fuzzy": fuzzy, "fuzzy_keys": fuzzy_keys}
    kb._cache["actors"] = idx
    return idx


_PLACE_DB: list[Any] = []


def _place_country(pid: str) -> str | None:
    """Country of a gazetteer place id (read-only lookup in the gazetteer's SQLite file;
    None when the gazetteer is not built)."""
    cache = _PLACE_CACHE
    if pid in cache:
        return cache[pid]
    if not _PLACE_DB:
        try:
            from eventwatch.resolve.gazetteer import DATA_PATH

            _PLACE_DB.append(sqlite3.connect(f"file:{DATA_PATH}?mode=ro", uri=True, check_same_thread=False)
                             if DATA_PATH.exists() else None)
        except (sqlite3.Error, OSError):  # pragma: no cover - gazetteer unavailable or unreadable
            _PLACE_DB.append(None)
    con = _PLACE_DB[0]
    cc = None
    if con is not None:
        try:
            row = con.execute("SELECT country, feature FROM places WHERE id = ?", (pid,)).fetchone()
            # continents/regions carry no country; a country's own name is counted by the KB
            cc = row[0] if row and row[1] not in ("country", "region", "continent") else None
        except sqlite3.Error:  # pragma: no cover
            cc = None
    if len(cache) < 100000:
        cache[pid] = cc
    return cc


def _ranked(scores: dict[str, float]) -> list[str]:
    """Keys by descending score, ties in insertion order (what ``Counter.most_common`` gives)."""
    return [k for k, _ in sorted(scores.items(), key=lambda kv: kv[1], reverse=True)]


_PLACE_CACHE: dict[str, str | None] = {}


def _is_place_name(name: str) -> bool:
    """Is ``name`` a gazetteer place name (read-only lookup; False without the gazetteer)?"""
    if not _PLACE_DB:
        _place_country("")
    con = _PLACE_DB[0]
    if con is None:
        return False
    try:
        from eventwatch.resolve.gazetteer import place_key

        return con.execute("SELECT 1 FROM names WHERE key = ? LIMIT 1", (place_key(name),)).fetchone() is not None
    except sqlite3.Error:  # pragma: no cover
        return False


def _place_countries(doc: Doc) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for e in doc.ents:
        eid = e.ent_id_ or ""
        if eid.startswith("place:"):
            cc = _place_country(eid[6:])
            if cc:
                out.append((cc, e.start_char))
    return out


class _Resolver:
    def __init__(self, doc: Doc, document: Document | None, kb: KnowledgeBase) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.kb = kb
        self.when: date | None = document.published if document is not None else None
        self.idx = _index(kb)
        self.words = _words(self.text)
        self.focus: str | None = None
        self.focus_rank: list[str] = []
        self._head_end = 0
        self._lead_end = 0
        self._loc: defaultdict[str, float] = defaultdict(float)
        self.where_rank: list[str] = []
        self._doc_groups = False
        self._focus_score = 0.0
        self._no_vote: set[tuple[int, int]] = set()
        self._tok_at: dict[int, int] = {t.idx: t.i for t in doc}
        self._chosen: list[_Cand] = []

    # ------------------------------------------------------------------ helpers
    def token(self, wi: int) -> Token | None:
        w = self.words[wi]
        i = self._tok_at.get(w.start)
        if i is None:
            sp = self.doc.char_span(w.start, w.end, alignment_mode="expand")
            if sp is None or not len(sp):
                return None
            return sp.root
        return self.doc[i]

    def span(self, a: int, b: int) -> Span:
        s, e = self.words[a].start, self.words[b - 1].end
        return Span(s, e, self.text[s:e])

    def mention(self, a: int, b: int, actor: Actor, how: str, conf: float = 1.0, person: str | None = None) -> ActorMention:
        return ActorMention(self.span(a, b), actor.id, self.kb.coding_name(actor.id), how, person, conf)

    def person_mention(self, a: int, b: int, pid: str, how: str = "person") -> ActorMention | None:
        p = self.kb.persons[pid]
        act = self.kb.person_actor(pid, self.when)
        if act is None:
            return None
        return ActorMention(self.span(a, b), act.id, self.kb.coding_name(act.id), how, p.name, 0.95 if how == "person" else 0.8)

    def forces_of(self, state: Actor, noun: str | None = None) -> Actor:
        fid = state.patrols if (noun in PATROL_NOUNS and state.patrols) else state.forces
        return self.kb.get(fid) if fid else state  # type: ignore[return-value]

    # ------------------------------------------------------------------ pass 1: phrases
    def match_phrases(self) -> list[_Cand]:
        phrases = self.idx["phrases"]
        abbr = self.idx["abbr"]
        words = self.words
        n = len(words)
        cands: list[_Cand] = []
        for i, w in enumerate(words):
            if w.text in abbr or w.text.rstrip(".") in abbr:
                aid = abbr.get(w.text) or abbr[w.text.rstrip(".")]
                cands.append(_Cand(i, i + 1, "actor", aid, 1))
            if not w.key:
                continue
            first = w.key.split(" ")[0]
            for kw, kind, target in phrases.get(first, ()):
                # match kw against the keys of words i.. (skipping empty-key words)
                j, pos, parts = i, 0, []
                ok = True
                while pos < len(kw):
                    if j >= n:
                        ok = False
                        break
                    wk = words[j].key
                    if j > i and words[j].brk_before:
                        ok = False
                        break
                    if not wk:
                        if j == i or words[j - 1].brk_after:
                            ok = False
                            break
                        j += 1
                        continue
                    wparts = wk.split(" ")
                    inner_poss = False
                    if tuple(kw[pos : pos + len(wparts)]) != tuple(wparts):
                        # "Tigray People's Liberation Front": the name's key has "peoples"
                        if words[j].poss and j > i and len(wparts) == 1 and pos < len(kw) - 1 and kw[pos] == wparts[0] + "s":
                            inner_poss = True
                        else:
                            ok = False
                            break
                    pos += len(wparts)
                    parts.append(j)
                    if pos < len(kw) and words[j].brk_after and not inner_poss:
                        ok = False
                        break
                    j += 1
                if ok and parts:
                    cands.append(_Cand(i, parts[-1] + 1, kind, target, 0))
        return cands

    # ------------------------------------------------------------------ roles
    def actor_role(self, wi: int, capital: bool = False) -> bool:
        """Is the state name / capital at word ``wi`` used as an actor (not a place)?"""
        tok = self.token(wi)
        if tok is None:
            return True
        w = self.words[wi]
        prev = self.words[wi - 1] if wi > 0 else None
        if prev is not None and prev.lower in DIRECTIONS:
            return False
        if prev is not None and self.text[prev.end : w.start].strip() == "," and prev.text[:1].isupper() and not w.brk_after:
            # "Idlib, Syria" (but not "Russia, Turkey and Iran ...")
            pass
        if prev is not None and prev.text.endswith(",") is False and self.text[prev.end:w.start] == ", ":
            ptok = self.token(wi - 1)
            if ptok is not None and ptok.ent_type_ in ("GPE", "LOC", "FAC") and ptok.dep_ != "conj":
                return False
        t = tok
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
        if t.dep_ in ("compound", "amod", "nmod") and t.head.i > t.i:
            return False
        if w.hyph_after:
            return False
        if t.dep_ == "pobj" or (t.dep_ in ("nmod", "appos") and t.head.dep_ == "pobj"):
            prep = t.head
            p = prep.lower_
            if p in LOC_PREPS:
                return False
            if p == "of":
                if capital:
                    return False
                if prep.head.lemma_.lower() in PLACE_HEADS:
                    return False
            if p == "between" and prep.head.lemma_.lower() in PLACE_HEADS:
                return False
            if p in ("from", "to"):
                v = prep.head
                while v.pos_ not in ("VERB", "AUX") and v.head.i != v.i and v.dep_ not in ("ROOT",):
                    v = v.head
                if v.lemma_.lower() in MOTION_VERBS:
                    return False
            if p in ("on", "about", "over", "regarding") and prep.head.lemma_.lower() in TOPIC_HEADS:
                return False
        # not "Libyan Tripoli"
        return prev is None or prev.brk_after or self.kb.demonym_state(prev.text) is None

    def metonymic_capital(self, wi: int) -> bool:
        """A capital is an actor only as an agent: subject ("Moscow demanded", "Ankara said"),
        possessor ("Ankara's demands"), agent/partner after by/with/between/against/on/from
        a non-motion verb, or conjoined with such ("Ankara and Moscow agreed")."""
        tok = self.token(wi)
        if tok is None:
            return True
        t = tok
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
        if t.dep_ in ("nsubj", "nsubjpass", "poss", "agent", "appos"):
            return True
        if self.words[wi].poss:
            return True
        if t.dep_ == "pobj" and t.head.lower_ in ("by", "with", "between", "against", "on", "from", "to", "and", "for"):
            return True
        return t.dep_ in ("dobj", "dative") and t.head.lemma_.lower() in (
            "urge", "accuse", "warn", "ask", "tell", "blame", "call", "pressure", "persuade", "convince", "support",
            "back", "criticize", "criticise", "condemn")

    # ------------------------------------------------------------------ demonyms
    def _dem_state(self, wi: int) -> Actor | None:
        """The state if word ``wi`` is a demonym, a state name or a capital."""
        w = self.words[wi]
        a = self.kb.demonym_state(w.text) if w.key else None
        if a is None:
            for kw, kind, target in self.idx["phrases"].get(w.key, ()):
                if len(kw) == 1 and kind in ("state", "demonym"):
                    return self.kb.get(target)
        return a

    def demonym_rules(self, cands: list[_Cand]) -> list[_Cand]:
        words = self.words
        n = len(words)
        out: list[_Cand] = []
        i = 0
        while i < n:
            st = self._dem_state(i) if words[i].key else None
            if st is None and words[i].lower in ("government", "regime") and i + 2 < n and words[i + 1].lower == "and":
                st2 = self._dem_state(i + 2)
                if st2 is not None and self.focus_state() is not None:
                    st = self.focus_state()
            if st is None:
                i += 1
                continue
            # collect a chain: DEM (-|and|,) DEM ...
            states = [st]
            j = i
            while j + 1 < n:
                if words[j].hyph_after and j + 1 < n and self._dem_state(j + 1):
                    j += 1
                    states.append(self._dem_state(j))  # type: ignore[arg-type]
                    continue
                if words[j + 1].lower in ("and", "&") and j + 2 < n and self._dem_state(j + 2) and words[j].lower != "between":
                    j += 2
                    states.append(self._dem_state(j))  # type: ignore[arg-type]
                    continue
                break
            states = list({s.id: s for s in states}.values())
            is_dem = [bool(self.kb.demonym_state(words[x].text)) for x in range(i, j + 1) if self._dem_state(x)]
            if len(states) > 1 and not any(is_dem) and not words[i].hyph_after:
                i = j + 1 if False else i + 1  # "Turkey and Russia": individual state mentions
                continue
            # head noun(s)
            k = j + 1
            if words[j].hyph_after and k < n and words[k].lower == "backed":
                i = k + 1
                continue
            if words[j].brk_after and not words[j].hyph_after:
                noun_words: list[str] = []
            else:
                noun_words = []
                while k < n and words[k].lower in ("joint",):
                    k += 1
                while k < n and (words[k].lower in FORCE_MODS or words[k].lower in FORCE_NOUNS or words[k].lower == "f"):
                    noun_words.append(words[k].lower)
                    if words[k].brk_after:
                        k += 1
                        break
                    k += 1
            force = [x for x in noun_words if x in FORCE_NOUNS or x == "f"]
            head = noun_words[-1] if noun_words else (words[j + 1].lower if j + 1 < n else "")
            end = k if noun_words else j + 1
            if k < n and words[k].lower in STOP_AFTER and noun_words:
                i = k + 1
                continue
            if noun_words and words[k - 1].lower == "f" and k < n and words[k].text.isdigit():
                end = k + 1
                force = ["f16"]
            targets: list[Actor] = []
            if force or (noun_words and noun_words[-1] in ("military",)):
                targets = [self.forces_of(s, head) for s in states]
            elif len(states) == 1 and words[j].lower.endswith("s") and self.kb.demonym_state(words[j].text) and words[j].text[:1].isupper() and words[j].lower not in ("swiss",):
                if self.kb.get(states[0].id) and words[j].key != name_key(states[0].name):
                    # "the Turks", "the Russians"; "the Russians shelled ..." -> their armed force
                    targets = [self.forces_of(states[0])] if self._military_agent(j) else states
            elif not words[j].brk_after and j + 1 < n and words[j + 1].lower in GOV_NOUNS:
                targets = states
                end = j + 2
            elif (
                not words[j].brk_after and j + 2 < n
                and words[j + 1].lower in ("foreign", "defense", "defence", "interior", "security")
                and words[j + 2].lower in ("ministry", "minister", "affairs", "council", "services")
            ):
                targets = states
                end = j + 3
            elif not words[j].brk_after and j + 1 < n and words[j + 1].lower in CIVILIAN_NOUNS and len(states) == 1:
                civ = self.kb.generic_actor("civilians", states[0].country)
                targets = [civ] if civ else []
                end = j + 2
            elif len(states) > 1:
                targets = states
                nt = self.token(j + 1) if j + 1 < n and not words[j].brk_after else None
                end = j + 2 if (nt is not None and nt.pos_ in ("NOUN", "PROPN") and nt.dep_ != "pobj") else j + 1
            if len(states) > 1 and words[i].lower not in ("government", "regime"):
                # states named by their name in a hyphen chain are fine ("Russia-Turkey")
                pass
            if not targets and len(states) == 1 and self._elliptical_demonym(i, j):
                out.append(_Cand(i - 1, j + 1, "ellipsis", states[0], 2))
                i = j + 1
                continue
            if targets:
                how = "composite" if len(targets) > 1 else "normalised"
                c = _Cand(i, end, "composite" if len(targets) > 1 else "dem", targets, 2)
                c.mentions = [self.mention(i, end, t, how, 0.9) for t in {t.id: t for t in targets}.values()]
                out.append(c)
                i = end
                continue
            i = j + 1
        return out

    def _members(self, c: _Cand, a: Actor) -> list[ActorMention]:
        """A composite diplomatic format ("the Astana guarantors", "the Normandy format")
        stands for its member states: one composite mention per KB ``members`` id."""
        members = [m for x in a.members if (m := self.kb.get(x)) is not None]
        return [self.mention(c.start, c.end, m, "composite", 0.9) for m in members]

    def _military_agent(self, wi: int) -> bool:
        """Is word ``wi`` (a nominal demonym) the subject of a military action ("the
        Russians shelled", "the Turks advanced")?  Such a people-noun denotes the troops."""
        tok = self.token(wi)
        if tok is None:
            return False
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in MILITARY_VERBS

    def _elliptical_demonym(self, i: int, j: int) -> bool:
        """"the Turkish countered ...", "the Russian said": a definite demonym adjective used
        as a noun phrase (no head noun; a finite verb or punctuation follows)."""
        w = self.words[j]
        if i != j or i == 0 or self.words[i - 1].lower != "the" or self.words[i - 1].brk_after:
            return False
        if w.hyph_after or w.lower.endswith("s") or self.kb.demonym_state(w.text) is None:
            return False
        if w.brk_after:
            return True
        tok = self.token(j + 1) if j + 1 < len(self.words) else None
        if tok is None or tok.pos_ not in ("VERB", "AUX") or self.words[j + 1].lower in PARTICIPLE_MODS:
            return False
        if tok.tag_ == "VBN":  # "the Turkish countered by ..." (mis-tagged), not "the Russian trained forces"
            after = tok.nbor(1) if tok.i + 1 < len(self.doc) else None
            return after is None or after.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM")
        return tok.tag_ in ("VBD", "VBZ", "VBP", "MD")

    # ------------------------------------------------------------------ focus country
    def _pos_weight(self, char: int) -> float:
        """Headline / dateline / first sentence count more for the focus country."""
        if char < self._head_end:
            return 3.0
        if char < self._lead_end:
            return 2.0
        return 1.0

    def compute_focus(self, cands: list[_Cand]) -> None:
        """Country the document is about: KB signals (states, capitals, demonyms, national
        actors; non-state armed groups x2) plus gazetteer places tagged by the entity ruler,
        weighted by position (headline x3, first sentence x2).  Names that are only local
        aliases somewhere ("al-Shabaab" in Cabo Delgado) do not vote."""
        t = self.text
        nl = t.find("\n")
        self._head_end = nl if 0 < nl < 200 else 0
        m = re.search(r"[.!?][\"\u201d']?\s", t[self._head_end + 1 :])
        self._lead_end = self._head_end + 1 + (m.end() if m else len(t))
        local_spans = {(c.start, c.end) for c in cands if c.kind == "local"}
        by_span: dict[tuple[int, int], set[str]] = {}
        for c in cands:
            if c.kind == "actor":
                by_span.setdefault((c.start, c.end), set()).add(c.target)
        # "Islamic State" names both the global group and national branches: no vote
        local_spans |= {sp for sp, ids in by_span.items() if len(ids) > 1}
        self._no_vote = local_spans
        cnt: defaultdict[str, float] = defaultdict(float)
        covered: set[int] = set()
        for c in cands:
            if c.kind in ("actor", "state", "demonym", "capital"):
                if (c.start, c.end) in local_spans or self._geo_name_part(c):
                    continue
                a = self.kb.get(c.target)
                if a is None or not a.country:
                    continue
                # non-state groups often operate across borders (JNIM, IS): they weigh in
                # compute_where, half a state name here
                w = 0.5 if a.type in NON_STATE_GROUP_TYPES else 1.0
                cnt[a.country] += w * self._pos_weight(self.words[c.start].start)
                covered.add(self.words[c.start].start)
        loc: defaultdict[str, float] = defaultdict(float)
        named = set(cnt)
        for cc, pos in _place_countries(self.doc):
            if pos not in covered:
                # the ruler's place id is only a hint ("Palma" -> Mallorca): a place in a
                # country the text never names counts half
                w = self._pos_weight(pos)
                cnt[cc] += w if cc in named else 0.5 * w
                loc[cc] += w if cc in named else 0.25 * w
        self.focus_rank = _ranked(cnt)
        self.focus = self.focus_rank[0] if self.focus_rank else None
        self._focus_score = cnt[self.focus] if self.focus else 0.0
        self._loc = loc

    def _geo_name_part(self, c: _Cand) -> bool:
        """A state name inside a geographic name ("Niger River", "Niger State", "Congo
        Basin"): no vote for the state."""
        if c.kind != "state" or c.end >= len(self.words) or self.words[c.end - 1].brk_after:
            return False
        return self.words[c.end].text in _GEO_SUFFIX

    def compute_where(self, prim: list[_Cand]) -> None:
        """Country where the reported events happen (for civilians, protesters, unidentified
        armed groups, rebels): gazetteer places, state names and capitals used as places
        ("in Syria", "province of Syria"), non-state armed groups (x2) and civilians."""
        loc = defaultdict(float, self._loc)
        for cc in self.focus_rank[:1]:
            loc[cc] += 1.0  # the focus country: weak evidence of location
        for c in prim:
            w = self._pos_weight(self.words[c.start].start)
            prev = self.words[c.start - 1].lower if c.start > 0 else ""
            if c.kind in ("state", "capital") and not c.mentions and (prev in LOC_PREPS or prev in DIRECTIONS or prev in ("of", "from")):
                a = self.kb.get(c.target)
                if a is not None and a.country:
                    loc[a.country] += 1.5 * w
            elif c.kind in ("actor", "local") and c.mentions and (c.start, c.end) not in self._no_vote:
                a = self.kb.get(c.mentions[0].actor_id or "")
                if a is not None and a.country and (a.type in NON_STATE_GROUP_TYPES or a.type == "civilians"):
                    loc[a.country] += 2.0 * w
        self.where_rank = _ranked(loc) or list(self.focus_rank)

    def generic(self, kind: str) -> Actor | None:
        """Generic descriptor target in the country where the events happen (else the focus)."""
        for cc in [*self.where_rank[:1], *self.focus_rank[:3]]:
            a = self.kb.generic_actor(kind, cc)
            if a is not None:
                return a
        return None

    def focus_state(self) -> Actor | None:
        return self.kb.state_of(self.focus)

    def focus_forces(self) -> Actor | None:
        fs = self.focus_state()
        return self.forces_of(fs) if fs is not None and fs.forces else None

    def focus_police(self) -> Actor | None:
        return self.kb.police_of(self.focus_state())

    # ------------------------------------------------------------------ descriptors
    def descriptors(self) -> list[_Cand]:
        words = self.words
        n = len(words)
        out: list[_Cand] = []
        fs = self.focus_state()

        def add(i: int, j: int, actor: Actor | None, how: str = "normalised", conf: float = 0.75) -> None:
            if actor is None:
                return
            c = _Cand(i, j, "desc", actor.id, 3)
            c.mentions = [self.mention(i, j, actor, how, conf)]
            out.append(c)

        for i, w in enumerate(words):
            lw = w.lower
            nxt = words[i + 1].lower if i + 1 < n and not w.brk_after else ""
            prv = words[i - 1].lower if i > 0 and not words[i - 1].brk_after else ""
            if lw in ("government", "regime", "pro-government", "federal", "junta", "security", "military") and nxt in ("forces", "troops", "soldiers", "army", "militias", "units", "aircraft", "warplanes", "personnel") and not self._named_before(i):
                if fs is not None and not (lw == "security" and prv in ("military", "joint", "international")):
                    add(i, i + 2, self.forces_of(fs))
            elif lw in JUNTA_WORDS and not self._named_before(i):
                s0 = i - 1 if prv in ("military", "ruling") else i
                s0 = s0 - 1 if s0 > 0 and words[s0 - 1].lower == "the" and not words[s0 - 1].brk_after else s0
                if self.focus_forces() is not None and nxt not in ("supporters", "leader", "leaders"):
                    out.append(_Cand(s0, i + 1, "army", "junta", 4))
            elif lw == "police" and prv not in ("military",) and not self._named_before(i) and self.focus_police() is not None:
                s0 = i - 1 if prv == "the" else i
                e0 = i + 2 if nxt in ("officers", "forces", "force") else i + 1
                add(s0, e0, self.focus_police(), conf=0.65)
            elif (lw in ARMED_GENERIC or (lw in ARMED_GENERIC_GROUPS and prv in ARMED_GENERIC_MODS) or (lw == "militias" and prv in DEFINITE)) and not self._named_before(i if lw in ARMED_GENERIC or prv in DEFINITE else i - 1) and nxt not in ("from", "of", "loyal", "linked", "affiliated", "belonging", "allied", "backed") and not self._name_follows(i):
                s0 = i - 1 if lw in ARMED_GENERIC_GROUPS and prv not in DEFINITE else i
                definite = s0 > 0 and words[s0 - 1].lower in DEFINITE and not words[s0 - 1].brk_after
                if definite:
                    s0 -= 1
                out.append(_Cand(s0, i + 1, "armed_generic", "definite" if definite else "indefinite", 3))
            elif lw in ("regime", "government") and prv == "the" and nxt not in ("and", "of") and fs is not None:
                t = self.token(i)
                if t is not None and t.dep_ not in ("compound", "amod"):
                    add(i - 1, i + 1, fs, conf=0.7)
            elif lw == "regime" and fs is not None and not self._named_before(i):
                # "regime raids", "regime bombardment": the regime of the country in focus
                t = self.token(i)
                if t is not None and t.dep_ in ("compound", "amod", "nmod") and t.head.pos_ == "NOUN":
                    add(i, i + 1, fs, conf=0.65)
            elif lw in ("army", "military") and prv == "the" and nxt not in ("of",) and not (w.text[:1].isupper() and i > 1 and words[i - 2].text[:1].isupper()):
                t = self.token(i)
                if lw == "army" or (t is not None and t.pos_ in ("NOUN", "PROPN") and t.dep_ not in ("compound", "amod")):
                    out.append(_Cand(i - 1, i + 1, "army", None, 4))
            elif lw in PROTEST_SUBJECTS and self._protest_agent(i):
                add(i, i + 1, self.generic("protesters"), conf=0.65)
            elif lw in VICTIM_PEOPLE and self._counted_victims(i):
                add(i, i + 1, self.generic("civilians"), conf=0.6)
            elif lw in ("soldiers", "troops", "servicemen") and not self._named_before(i) and self._counted_victims(i):
                out.append(_Cand(i, i + 1, "army", None, 4))
            elif lw in ("civilians",) or (lw == "civilian" and nxt == "population"):
                add(i, i + (2 if lw == "civilian" else 1), self.generic("civilians"))
            elif lw in ("factions", "groups", "fighters", "rebels", "forces") and prv in ("opposition", "rebel"):
                add(i - 1, i + 1, self.generic("rebels"))
            elif lw in ("opposition",) and prv in ("the", "armed") and nxt not in ("factions", "groups", "fighters", "rebels", "forces", "sources"):
                add(i - 1, i + 1, self.generic("rebels"))
            elif lw in ("rebels",) and prv not in ("opposition",):
                add(i, i + 1, self.generic("rebels"))
            elif lw in ("protesters", "demonstrators"):
                add(i, i + 1, self.generic("protesters"))
            elif lw in GROUP_NOUNS and prv == "the" and nxt not in ("of", "that", "which", "who", "to"):
                out.append(_Cand(i - 1, i + 1, "group", lw, 4))
            elif lw in PLURAL_GROUP_NOUNS and prv in NUMBER_WORDS:
                s = i - 1
                if s > 0 and words[s - 1].lower in ("the", "these") and not words[s - 1].brk_after:
                    s -= 1
                out.append(_Cand(s, i + 1, "groups", NUMBER_WORDS[prv], 4))
            elif lw in PATROL_NOUNS and (prv == "joint" or (prv == "the" and lw == "patrols")):
                s0 = i - 1
                if prv == "joint" and s0 > 0 and words[s0 - 1].lower == "the" and not words[s0 - 1].brk_after:
                    s0 -= 1
                out.append(_Cand(s0, i + 1, "patrol", prv, 4))
            elif lw in CONVOY_NOUNS and nxt not in ("of",) and (
                prv in DEFINITE or (prv in CONVOY_MODS and i > 1 and words[i - 2].lower in DEFINITE and not words[i - 2].brk_after)
            ):
                out.append(_Cand(i - (1 if prv in DEFINITE else 2), i + 1, "convoy", None, 4))
            elif lw == "president" and prv == "the" and nxt not in ("of",):
                out.append(_Cand(i - 1, i + 1, "title", "president", 4))
            elif lw in PRONOUNS:
                out.append(_Cand(i, i + 1, "pron", lw, 5))
        return out

    def _counted_victims(self, i: int) -> bool:
        """"killing nine people", "three residents were injured", "killed 15 soldiers": a
        counted noun that is the patient of a harm verb."""
        t = self.token(i)
        if t is None or not any(c.dep_ == "nummod" or c.like_num for c in t.children):
            return False
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
        return t.dep_ in ("dobj", "nsubjpass") and t.head.lemma_.lower() in HARM_VERBS

    def _protest_agent(self, i: int) -> bool:
        """"The population continues to organize roadblocks", "residents blocked the road",
        "protests by locals": a collective civilian noun that is the agent of a protest act
        (ACLED codes such civilians as protesters).  Agent = subject of a protest verb, of
        a verb whose object is a protest noun ("staged a sit-in"), of a verb governing
        such a verb ("continue to protest"), or "by"-object of a protest noun/verb."""
        t = self.token(i)
        if t is None:
            return False
        if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lemma_.lower() in QUANTITY_HEADS:
            t = t.head.head  # "thousands of residents protested"
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
        if t.dep_ == "pobj" and t.head.lower_ == "by":
            return t.head.head.lemma_.lower() in PROTEST_VERBS | PROTEST_NOUNS
        if t.dep_ != "nsubj":
            return False
        todo, seen = [t.head], 0
        while todo and seen < 4:
            v = todo.pop()
            seen += 1
            if v.lemma_.lower() in PROTEST_VERBS:
                return True
            for ch in v.children:
                if ch.dep_ == "dobj" and {ch.lemma_.lower(), *(g.lemma_.lower() for g in ch.children if g.dep_ == "compound")} & PROTEST_NOUNS:
                    return True
                if ch.dep_ == "prep" and ch.lower_ == "to" and any(g.lower_ == "streets" for g in ch.children):
                    return True  # "took to the streets"
                if ch.dep_ in ("xcomp", "conj") and ch.pos_ == "VERB":
                    todo.append(ch)
        return False

    def _name_follows(self, i: int) -> bool:
        """Is word ``i`` a descriptor in apposition to a name ("the terrorist group Hayat
        Tahrir al-Sham", "the militia “X”")?"""
        if i + 1 >= len(self.words) or (self.words[i].brk_after and not self.words[i + 1].brk_before):
            return False
        return self.words[i + 1].text[:1].isupper()

    def _named_before(self, i: int) -> bool:
        """Is word ``i`` modified by a name right before it ("Houthi militants", "PKK gunmen",
        "Somali police")?  Those are left to the phrase/demonym rules."""
        if i == 0:
            return False
        p = self.words[i - 1]
        if p.brk_after:
            return False
        if p.text[:1].isupper() and p.lower not in ("the", "suspected", "armed", "unknown", "unidentified", "local", "security", "government"):
            return True
        return self._dem_state(i - 1) is not None if p.key else False

    # ------------------------------------------------------------------ fuzzy
    def fuzzy(self, covered: list[bool]) -> list[_Cand]:
        words = self.words
        n = len(words)
        fkeys = self.idx["fuzzy_keys"]
        fz = self.idx["fuzzy"]
        out: list[_Cand] = []
        i = 0
        while i < n:
            w = words[i]
            if covered[i] or not w.text[:1].isupper() or not w.key:
                i += 1
                continue
            best: tuple[float, int, int, str, str] | None = None
            for L in range(2, 6):
                # take L non-empty-key words from i
                j, got, ks = i, 0, []
                ok = True
                while got < L and j < n:
                    if covered[j] or (j > i and words[j].brk_before):
                        ok = False
                        break
                    if words[j].key:
                        ks.append(words[j].key)
                        got += 1
                        if got < L and words[j].brk_after:
                            ok = False
                            break
                    j += 1
                if not ok or got < L:
                    break
                key = " ".join(ks)
                bucket = fkeys.get((key[0], L))
                if not bucket or len(key) < 8:
                    continue
                if not (words[j - 1].text[:1].isupper() or words[j - 2].lower in ("al", "el", "ad", "ash", "as")):
                    continue
                r = process.extractOne(key, bucket, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
                if r is None:
                    continue
                score = r[1]
                _, kind, target = fz[(key[0], L)][r[2]]
                if best is None or score > best[0] or (score == best[0] and j > best[2]):
                    best = (score, i, j, kind, target)
            if best is not None:
                score, a, b, kind, target = best
                c = _Cand(a, b, "fuzzy_" + kind, target, 6)
                if kind == "person":
                    m = self.person_mention(a, b, target, how="fuzzy")
                    if m:
                        m.confidence = round(score / 100 * 0.9, 3)
                        c.mentions = [m]
                else:
                    act = self.kb.get(target)
                    if act:
                        c.mentions = [self.mention(a, b, act, "fuzzy", round(score / 100 * 0.9, 3))]
                if c.mentions:
                    out.append(c)
                    i = b
                    continue
            i += 1
        return out

    # ------------------------------------------------------------------ main
    def run(self) -> list[ActorMention]:
        words = self.words
        raw = self.match_phrases()
        self.compute_focus(raw)
        # turn phrase candidates into mentions
        prim: list[_Cand] = []
        for c in raw:
            if c.kind == "actor":
                a = self.kb.get(c.target)
                if a:
                    how = "exact" if self.text[self.words[c.start].start : self.words[c.end - 1].end].lower() in {x.lower() for x in a.all_names + a.abbr} else "normalised"
                    c.mentions = self._members(c, a) or [self.mention(c.start, c.end, a, how)]
            elif c.kind == "state":
                a = self.kb.get(c.target)
                if (a and c.end - c.start > 1) or (a and self.actor_role(c.start)):
                    c.mentions = [self.mention(c.start, c.end, a, "normalised" if c.end - c.start == 1 else "exact", 0.9)]
                c.prio = 1
            elif c.kind == "capital":
                a = self.kb.get(c.target)
                if a and self.actor_role(c.start, capital=True) and self.metonymic_capital(c.start):
                    c.mentions = [self.mention(c.start, c.end, a, "normalised", 0.85)]
                c.prio = 1
            elif c.kind == "person":
                m = self.person_mention(c.start, c.end, c.target)
                if m:
                    c.mentions = [m]
            elif c.kind == "local":
                a = self.kb.get(c.target)
                if a and a.country and a.country == self.focus:
                    c.mentions = [self.mention(c.start, c.end, a, "normalised", 0.85)]
                    c.prio = -1  # beats the global actor of the same name
            elif c.kind in ("ctx", "pctx", "demonym"):
                pass  # resolved later / by demonym rules
            if (c.mentions and c.end < len(words) and words[c.end].lower in STOP_AFTER
                    and not words[c.end - 1].brk_after and self.kb.demonym_state(words[c.start].text) is not None):
                c.mentions = []  # "Syrian military sources": a source description, not the actor
                c.kind = "stop"
            prim.append(c)
        self.compute_where(prim)
        self._doc_groups = any(
            (a := self.kb.get(m.actor_id or "")) is not None and a.type in NON_STATE_GROUP_TYPES
            for c in prim for m in c.mentions
        )
        prim.extend(self.demonym_rules(prim))
        prim.extend(self.descriptors())
        # choose non-overlapping candidates: longest first, then priority
        chosen = self._select([c for c in prim if c.mentions or c.kind in ("ctx", "pctx", "army", "group", "groups", "title", "pron", "armed_generic", "ellipsis", "patrol", "convoy")])
        covered = [False] * len(words)
        for c in chosen:
            # single-word actor matches may be superseded by a longer fuzzy match
            # ("Kataeb Hizbullah" contains the alias "Hizbullah")
            if c.mentions and not (c.kind == "actor" and c.end - c.start == 1 and self.words[c.start].key):
                for k in range(c.start, c.end):
                    covered[k] = True
        fz = self.fuzzy(covered)
        if fz:
            fcov = [False] * len(words)
            for c in fz:
                for k in range(c.start, c.end):
                    fcov[k] = True
            chosen = [c for c in chosen if not any(fcov[c.start : c.end])]
        chosen.extend(fz)
        chosen.sort(key=lambda c: (c.start, -c.end))
        return self._sequential(chosen)

    def _select(self, cands: list[_Cand]) -> list[_Cand]:
        cands = sorted(cands, key=lambda c: (-(c.end - c.start), c.prio, c.start))
        taken = [False] * len(self.words)
        out: list[_Cand] = []
        for c in cands:
            if any(taken[c.start : c.end]):
                continue
            for k in range(c.start, c.end):
                taken[k] = True
            out.append(c)
        return out

    def _sequential(self, chosen: list[_Cand]) -> list[ActorMention]:
        """Resolve context aliases and coreference in text order."""
        self._chosen = chosen
        out: list[ActorMention] = []
        seen_ids: set[str] = set()
        seen_persons: set[str] = set()
        hist: list[tuple[ActorMention, Token | None]] = []
        for c in chosen:
            ms: list[ActorMention] = []
            if c.mentions:
                ms = c.mentions
            elif c.kind == "ctx":
                if c.target in seen_ids:
                    a = self.kb.get(c.target)
                    if a:
                        ms = [self.mention(c.start, c.end, a, "coref", 0.8)]
            elif c.kind == "pctx":
                if c.target in seen_persons:
                    m = self.person_mention(c.start, c.end, c.target, how="coref")
                    if m:
                        ms = [m]
            elif c.kind == "army":
                ms = self._army(c, hist)
            elif c.kind == "group":
                for m, _ in reversed(hist[-12:]):
                    a = self.kb.get(m.actor_id or "")
                    if a and (a.type in NON_STATE_GROUP_TYPES or (a.type == "ngo" and c.target == "group") or a.type == "rebel_group"):
                        if c.target == "militia" and a.type != "militia":
                            continue
                        ms = [self.mention(c.start, c.end, a, "coref", 0.7)]
                        break
            elif c.kind == "groups":
                found: list[Actor] = []
                for m, _ in reversed(hist[-12:]):
                    a = self.kb.get(m.actor_id or "")
                    if a and a.type in NON_STATE_GROUP_TYPES and a not in found:
                        found.append(a)
                    if len(found) == c.target:
                        break
                if len(found) == c.target:
                    ms = [self.mention(c.start, c.end, a, "coref", 0.7) for a in reversed(found)]
            elif c.kind == "title":
                for m, _ in reversed(hist):
                    if m.person:
                        pers = [p for p in self.kb.persons.values() if p.name == m.person]
                        r = pers[0].role_at(self.when) if pers else None
                        if r and "president" in r.title.lower():
                            ms = [ActorMention(self.span(c.start, c.end), m.actor_id, m.name, "coref", m.person, 0.75)]
                        break
            elif c.kind == "pron":
                ms = self._pronoun(c, hist)
            elif c.kind == "armed_generic":
                ms = self._armed_generic(c, hist, chosen)
            elif c.kind == "ellipsis":
                ms = [self._ellipsis(c, hist)]
            elif c.kind == "patrol":
                ms = [self.mention(c.start, c.end, a, "coref", 0.7) for a in self._patrol(c, hist)]
            elif c.kind == "convoy":
                ms = [self.mention(c.start, c.end, a, "coref", 0.6) for a in self._convoy(c, hist)]
            if not ms:
                continue
            tok = self.token(c.start) if c.end - c.start == 1 else self._root(c)
            for m in ms:
                out.append(m)
                if m.actor_id:
                    seen_ids.add(m.actor_id)
                if m.person:
                    for p in self.kb.persons.values():
                        if p.name == m.person:
                            seen_persons.add(p.id)
                hist.append((m, tok))
        out.extend(self.role_persons(out))
        out.extend(self.unknowns(out))
        out.sort(key=lambda m: (m.span.start, -m.span.end))
        return self._drop_descriptions(out)

    def _drop_descriptions(self, ms: list[ActorMention]) -> list[ActorMention]:
        """Actors named in a description of the actor just named are not participants:
        "Hayat Tahrir al-Sham (formerly the Syrian branch of al-Qaeda)", "the SDF, an
        affiliate of the PKK, ...".  A parenthesis right after a named actor, or an
        appositive opened by a descriptive cue (``_DESCRIPTION``), describes it; mentions of
        other actors inside are dropped ("Hurras al-Din (HaD)" names the same actor and
        stays).  Parentheses after generic actors ("the rebels (HTS and the NLF)") list
        members and are kept."""
        drop: set[int] = set()
        for k, p in enumerate(ms):
            a = self.kb.get(p.actor_id or "")
            if a is None or a.generic or p.how == "coref" or k in drop:
                continue
            end = self._description_end(p.span.end)
            if end is None:
                continue
            for j in range(k + 1, len(ms)):
                q = ms[j]
                if q.span.start >= end:
                    break
                if q.actor_id != p.actor_id:
                    drop.add(j)
        return [m for k, m in enumerate(ms) if k not in drop]

    def _description_end(self, pos: int) -> int | None:
        """End of a parenthesis or descriptive appositive starting right at ``pos``
        (after a mention), else None."""
        t = self.text
        m = _DESCRIPTION.match(t, pos)
        if m is None:
            return None
        close = ")" if m.group("paren") else ",;.)\n\u2013\u2014"
        end = pos + 300
        for ch in close:
            x = t.find(ch, m.end(), end)
            if x >= 0:
                end = x
        return end

    def _armed_generic(self, c: _Cand, hist: list[tuple[ActorMention, Token | None]], chosen: list[_Cand]) -> list[ActorMention]:
        """Generic armed actors ("gunmen", "the terrorists", "armed factions", "the militias").

        1. "the gunmen/attackers/militias" take a group (or unidentified group) named in this
           or the previous sentence;
        2. cataphora: "armed factions ... . The most prominent of these factions are X and Y"
           -> X, Y;
        3. "Unidentified armed group (<country>)" when the document names no armed group, when
           an unidentified group was already mentioned (a definite description takes it up),
           or when the phrase is an agent (active subject, "attacks by/from ...") and no
           group is named in this or the previous sentence of the paragraph: a document about named groups may still report attacks
           by perpetrators it does not identify.  Other generic uses ("expel the militants",
           "200 militants were killed") in such documents refer to the named groups or to
           no one and are left unresolved.
        """
        head = self.words[c.end - 1].lower
        if c.target == "definite" and head in ARMED_GENERIC:
            # "Al-Shabaab stormed the hotel. The militants held ...": one named group close by
            # "militants/terrorists/jihadists" describe jihadist groups and militias, not rebels
            named = [a for a in self._recent_groups(c, hist, within_paragraph=False)
                     if a.type != "unidentified" and (head == "insurgents" or a.type != "rebel_group")]
            if len(named) == 1:
                return [self.mention(c.start, c.end, named[0], "coref", 0.7)]
        if c.target == "definite" and head in ARMED_ANAPHORIC:
            antecedents = self._recent_groups(c, hist, within_paragraph=False)
            if head == "militias":  # "the militias" does not take up a jihadist group or rebels
                antecedents = [a for a in antecedents if a.type in ("militia", "unidentified")]
            if antecedents:
                return [self.mention(c.start, c.end, antecedents[0], "coref", 0.7)]
        recent = self._recent_groups(c, hist, within_paragraph=True)
        named = self._cataphoric_groups(c, chosen)
        if named:
            return [self.mention(c.start, c.end, a, "coref", 0.65) for a in named]
        unid_before = any((a := self.kb.get(m.actor_id or "")) is not None and a.type == "unidentified" for m, _ in hist)
        if (
            not self._doc_groups
            or (c.target == "definite" and unid_before and not recent)
            or (not recent and self._agentive(c))
        ):
            g = self.generic("unidentified")
            if g is not None:
                return [self.mention(c.start, c.end, g, "normalised", 0.6)]
        return []

    def _recent_groups(self, c: _Cand, hist: list[tuple[ActorMention, Token | None]], within_paragraph: bool) -> list[Actor]:
        """Armed groups (named or unidentified) mentioned in this or the previous sentence,
        most recent first; ``within_paragraph``: not before the paragraph (or heading) start."""
        here = self.words[c.start].start
        start = self._sent_start(here, back=1)
        if within_paragraph:
            start = max(start, self.text.rfind("\n", 0, here) + 1)
        out: list[Actor] = []
        for m, _ in reversed(hist[-12:]):
            if m.span.start < start:
                break
            a = self.kb.get(m.actor_id or "")
            if a is not None and (a.type in NON_STATE_GROUP_TYPES or a.type == "unidentified") and a not in out:
                out.append(a)
        return out

    def _agentive(self, c: _Cand) -> bool:
        """Is the phrase an agent: subject of an active non-copular verb ("militants attacked",
        "the armed groups hinder"), or the object of agentive "by" / "from" after an attack
        or threat ("attacked by gunmen", "threats by armed factions", "came under attack
        from terrorist groups")?"""
        t = self._root(c)
        if t is None:
            return False
        while t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
        if t.dep_ == "nsubj":
            return t.head.lemma_ != "be" and t.head.pos_ in ("VERB", "AUX")
        if t.dep_ != "pobj":
            return False
        prep = t.head
        if prep.dep_ == "agent" or (prep.lower_ == "by" and prep.head.lemma_.lower() in AGENT_HEADS):
            return True
        return prep.lower_ == "from" and prep.head.lemma_.lower() in AGENT_HEADS

    def _cataphoric_groups(self, c: _Cand, chosen: list[_Cand]) -> list[Actor]:
        """"armed factions ... . The most prominent of these factions are X and Y": the named
        groups of the next sentence when it takes the phrase up with "these/those <head>"
        and identifies members with a copula or "include"."""
        head = self.words[c.end - 1].lower
        tok = self.token(c.end - 1)
        if tok is None or head not in ARMED_GENERIC_GROUPS or tok.sent.end >= len(self.doc):
            return []
        nxt = self.doc[tok.sent.end].sent
        pairs = {(a.lower_, b.lower_) for a, b in itertools.pairwise(nxt)}
        if not any((d, head) in pairs for d in ("these", "those")):
            return []
        if not any(t.lemma_ in ("be", "include") and t.dep_ in ("ROOT", "relcl") for t in nxt):
            return []
        out: list[Actor] = []
        for o in chosen:
            if o.start <= c.start or not o.mentions:
                continue
            s = self.words[o.start].start
            if s >= nxt.end_char:
                break
            if s >= nxt.start_char:
                for m in o.mentions:
                    a = self.kb.get(m.actor_id or "")
                    if a is not None and a.type in NON_STATE_GROUP_TYPES and a not in out:
                        out.append(a)
        return out

    def _ellipsis(self, c: _Cand, hist: list[tuple[ActorMention, Token | None]]) -> ActorMention:
        """"the Turkish" (elliptical demonym): the state's actor last named in this or the
        previous sentence (the head noun is recovered from context: "attacks on Turkish
        outposts, and the Turkish countered" -> Turkish Armed Forces), else the state."""
        state: Actor = c.target
        start = self._sent_start(self.words[c.start].start, back=1)
        for m, _ in reversed(hist[-12:]):
            if m.span.start < start:
                break
            a = self.kb.get(m.actor_id or "")
            if a is not None and a.country == state.country and a.type in STATE_SIDE_TYPES and m.how != "composite":
                return self.mention(c.start, c.end, a, "coref", 0.7)
        actor = self.forces_of(state) if self._military_agent(c.end - 1) else state
        return self.mention(c.start, c.end, actor, "normalised", 0.75)

    def _patrol(self, c: _Cand, hist: list[tuple[ActorMention, Token | None]]) -> list[Actor]:
        """"joint patrols" / "the (joint) patrols" without demonyms: the forces of the last
        patrol named with its states ("joint Russian-Turkish patrols"), else the patrol forces
        of exactly two states named in the sentence of the "joint patrols" phrase ("Russia and
        Turkey agreed on joint patrols", "joint patrols between X and Y").
        Only as a participant (subject: "the joint patrol was attacked", "the patrols run"),
        not as an activity ("conduct joint patrols", "a break-down in the patrols")."""
        tok = self._root(c)
        if tok is None or tok.dep_ not in ("nsubj", "nsubjpass"):
            return []
        named = self._recent_unit(hist, ("patrol",))
        if named:
            return named
        if c.target == "joint":
            return self._patrol_forces_of_states(tok.sent)
        # "... agreed on the conduct of joint patrols. The patrols run from ...": the
        # sentence of a "joint patrols" phrase in the previous two sentences
        return self._prior_joint_patrol_forces(c, back=2)

    def _convoy(self, c: _Cand, hist: list[tuple[ActorMention, Token | None]]) -> list[Actor]:
        """"the convoys", "the military column" (definite, no modifier naming an actor): the
        forces of a patrol or convoy named with its states in this or the previous three
        sentences ("Joint Russian-Turkish patrols ... militias threaten to attack the convoys"),
        else the patrol forces of exactly two states named in the sentence of a "joint
        patrol(s)" phrase there ("Joint patrols between X and Y are not working").  Nothing
        when no patrol/convoy was named recently."""
        first = self._sent_start(self.words[c.start].start, back=3)
        return self._recent_unit(hist, ("patrol", "convoy", "column"), first) or self._prior_joint_patrol_forces(c, back=3)

    def _recent_unit(self, hist: list[tuple[ActorMention, Token | None]], nouns: tuple[str, ...],
                     first: int = 0) -> list[Actor]:
        """The forces of the latest mention (from character ``first`` on) whose phrase names a
        unit noun ("joint Russian-Turkish patrols"): every actor of that phrase."""
        for m, _ in reversed(hist):
            if m.span.start < first:
                break
            a = self.kb.get(m.actor_id or "")
            low = m.span.text.lower()
            if a is not None and a.type in PATROL_FORCE_TYPES and any(x in low for x in nouns):
                return [a for x, _ in hist if x.span == m.span and (a := self.kb.get(x.actor_id or "")) is not None]
        return []

    def _prior_joint_patrol_forces(self, c: _Cand, back: int) -> list[Actor]:
        """The patrol forces of the two states in the sentence of a "joint patrol(s)" phrase
        within the previous ``back`` sentences."""
        first = self._sent_start(self.words[c.start].start, back=back)
        prior = [o for o in self._chosen if o.kind == "patrol" and o.target == "joint" and o.start < c.start
                 and self.words[o.start].start >= first]
        tok = self.token(prior[-1].end - 1) if prior else None
        return self._patrol_forces_of_states(tok.sent) if tok is not None else []

    def _patrol_forces_of_states(self, sent: SpacySpan) -> list[Actor]:
        """The patrol forces of exactly two states named in ``sent``, else none."""
        states = {a.id: a for m in self._sentence_mentions(sent.start_char, sent.end_char)
                  if (a := self.kb.get(m.actor_id or "")) is not None and a.type == "state"}
        return [self.forces_of(a, "patrols") for a in states.values()] if len(states) == 2 else []

    def _sentence_mentions(self, start: int, end: int) -> list[ActorMention]:
        """Mentions of the chosen candidates resolved before coreference, within [start, end)."""
        return [m for c in self._chosen for m in c.mentions if start <= m.span.start < end]

    def _army(self, c: _Cand, hist: list[tuple[ActorMention, Token | None]]) -> list[ActorMention]:
        """"the army/the military/the junta": the armed force named in this or the previous
        two sentences when it belongs to the focus country (or the focus has no forces),
        else the focus country's forces, else the last armed force named."""
        ff = self.focus_forces()
        here = self.words[c.start].start
        sent_start = self._sent_start(here, back=2)
        last = None
        for m, _ in reversed(hist):
            a = self.kb.get(m.actor_id or "")
            if a and a.type == "state_armed_force":
                last = (a, m.span.start)
                break
        if last is not None and last[1] >= sent_start and (ff is None or last[0].country == self.focus):
            return [self.mention(c.start, c.end, last[0], "coref", 0.75)]
        if ff is not None:
            return [self.mention(c.start, c.end, ff, "coref", 0.65)]
        if last is not None:
            return [self.mention(c.start, c.end, last[0], "coref", 0.6)]
        return []

    def _sent_start(self, char: int, back: int = 0) -> int:
        tok = self.doc.char_span(char, char + 1, alignment_mode="expand")
        if tok is None or not len(tok):
            return 0
        sent = tok[0].sent
        for _ in range(back):
            if sent.start == 0:
                break
            sent = self.doc[sent.start - 1].sent
        return sent.start_char

    def _root(self, c: _Cand) -> Token | None:
        sp = self.doc.char_span(self.words[c.start].start, self.words[c.end - 1].end, alignment_mode="expand")
        return sp.root if sp is not None and len(sp) else None

    def _pronoun(self, c: _Cand, hist: list[tuple[ActorMention, Token | None]]) -> list[ActorMention]:
        tok = self.token(c.start)
        if tok is None or tok.dep_ not in ("nsubj", "nsubjpass"):
            return []
        if c.target == "it" and tok.head.lemma_ in ("be", "seem", "remain", "appear", "occur", "happen", "take", "mean", "matter", "become", "follow", "come"):
            return []
        sent = tok.sent
        kind = PRONOUNS[c.target]
        # antecedent: most recent subject mention in this or the previous sentence
        prev_start = sent.start
        if sent.start > 0:
            prev_start = self.doc[sent.start - 1].sent.start
        if kind == "person":
            s2 = prev_start
            if s2 > 0:
                s2 = self.doc[s2 - 1].sent.start
            cands = [m for m, mt in hist if mt is not None and s2 <= mt.i < tok.i]
            persons = {m.person for m in cands if m.person}
            if len(persons) == 1:
                m = [m for m in cands if m.person][-1]
                return [ActorMention(self.span(c.start, c.end), m.actor_id, m.name, "coref", m.person, 0.7)]
            return []
        for m, mt in reversed(hist):
            if mt is None or mt.i < prev_start:
                break
            if mt.i >= tok.i:
                continue
            arg = self._clause_argument(mt)
            is_subj = arg.dep_ in ("nsubj", "nsubjpass") if kind == "they" else mt.dep_ in ("nsubj", "nsubjpass")
            if not is_subj and not (kind == "they" and self._identified(arg, hist)):
                continue
            a = self.kb.get(m.actor_id or "")
            if a is None or m.person:
                return []
            if kind == "it" and a.type in ("state", "international_org", "state_armed_force", "ngo", "media_monitor") and m.how != "composite":
                return [self.mention(c.start, c.end, a, "coref", 0.65)]
            if kind == "they":
                # the whole antecedent phrase: "X and Y ... They" -> X, Y
                group = [x for x, xt in hist if xt is not None and xt.i < tok.i and xt.sent.start == mt.sent.start
                         and self._clause_argument(xt).i == arg.i and not x.person]
                acts = list({x.actor_id: a2 for x in group if (a2 := self.kb.get(x.actor_id or "")) is not None}.values())
                if acts and all(x.type in NON_STATE_GROUP_TYPES or x.type in ("civilians", "protesters", "unidentified") for x in acts):
                    return [self.mention(c.start, c.end, x, "coref", 0.65) for x in acts]
            return []
        return []

    @staticmethod
    def _clause_argument(t: Token) -> Token:
        """The clause argument a mention's token belongs to: up through conjuncts, compounds,
        name modifiers and appositions ("X and the Y faction" -> X)."""
        for _ in range(8):
            if t.dep_ == "conj" and t.pos_ in ("NOUN", "PROPN") and t.head.pos_ in ("AUX", "VERB") and t.head.i != t.i:
                # "... are: X, and the Y": a name conjoined to the copula (a parse slip) -> X
                attrs = [ch for ch in t.head.children if ch.dep_ == "attr" and ch.i < t.i]
                if attrs:
                    t = attrs[-1]
                    continue
                break
            if t.dep_ in ("conj", "compound", "nmod", "appos", "flat") and t.head.i != t.i:
                t = t.head
            else:
                break
        return t

    def _identified(self, arg: Token, hist: list[tuple[ActorMention, Token | None]]) -> bool:
        """Is ``arg`` the complement of an identifying copula whose subject names no actor
        ("The most prominent of these factions are X and Y")?  X and Y are then the topic a
        following "they" takes up."""
        if arg.dep_ != "attr" or arg.head.lemma_ != "be":
            return False
        subj = [ch for ch in arg.head.children if ch.dep_ in ("nsubj", "nsubjpass")]
        if not subj or subj[0].pos_ == "PRON":
            return False
        lo, hi = subj[0].left_edge.i, subj[0].right_edge.i
        return not any(xt is not None and lo <= xt.i <= hi for _, xt in hist)

    # ------------------------------------------------------------------ persons by role
    def role_persons(self, found: list[ActorMention]) -> list[ActorMention]:
        """Speakers the KB does not know, identified by their role: "Health Minister Ali Haji
        Adam", "army spokesman Col. X", "Foreign Minister Y", "X, a spokesman for the Z".
        The organisation comes from the role context: an actor named in the title ("Taliban
        spokesman", "Somali Foreign Minister", "spokesman for the Z"), "army/military" -> the
        focus country's forces, "police" -> its police, ministers/officials -> its state."""
        cov = [False] * (len(self.text) + 1)
        for fm in found:
            for k in range(fm.span.start, fm.span.end):
                cov[k] = True

        def actor_in(a: int, b: int) -> Actor | None:
            for m in found:
                if m.actor_id and m.span.start >= a and m.span.end <= b and not m.person:
                    return self.kb.get(m.actor_id)
            return None

        def org_word(w: str) -> Actor | None:
            lw = w.lower().strip()
            if lw in ("army", "military", "armed forces", "defence", "defense"):
                return self.focus_forces()
            if lw in ("police",):
                return self.focus_police() or self.focus_state()
            if lw in ("government", "state", "federal", "regional", "ministry"):
                return self.focus_state()
            st = self.kb.demonym_state(w.strip()) if w.strip() else None
            return st

        out: list[ActorMention] = []
        for rx in (_TITLE_BEFORE, _TITLE_AFTER):
            for m in rx.finditer(self.text):
                ns, ne = m.span("name")
                name = m.group("name")
                words = name.split()
                # a trailing capitalised word that starts a new clause ("... Adam Said") is rare;
                # drop trailing words that are known non-name tokens
                while words and words[-1] in ("The", "On", "In", "A", "And", "But"):
                    words.pop()
                if len(words) < 2:
                    continue
                ne = ns + len(" ".join(words))
                if any(cov[ns:ne]):
                    continue
                if self.kb.lookup(" ".join(words)) or self.kb.lookup_person(" ".join(words)):
                    continue
                title = m.group("title")
                org: Actor | None = None
                if rx is _TITLE_AFTER:
                    os_, oe = m.span("org")
                    org = actor_in(os_, oe) or org_word(m.group("org").split()[-1] if m.group("org").split() else "")
                else:
                    if m.group("org"):
                        os_, oe = m.span("org")
                        org = actor_in(os_, oe) or org_word(m.group("org"))
                        if org is not None and org.type == "state" and any(x in m.group("org").lower() for x in ("army", "military")):
                            org = self.forces_of(org)
                    if org is None:
                        tl = title.lower()
                        if "minister" in tl or "president" in tl or "governor" in tl:
                            org = self.focus_state()
                        elif "police" in tl:
                            org = self.focus_police()
                        elif "army" in tl:
                            org = self.focus_forces()
                if org is None:
                    continue
                person = " ".join(words)
                out.append(ActorMention(Span(ns, ne, self.text[ns:ne]), org.id, self.kb.coding_name(org.id), "person", person, 0.7))
                for k in range(ns, ne):
                    cov[k] = True
        return out

    # ------------------------------------------------------------------ unknowns
    def unknowns(self, found: list[ActorMention]) -> list[ActorMention]:
        cov = [False] * (len(self.text) + 1)
        for fm in found:
            for k in range(fm.span.start, fm.span.end):
                cov[k] = True
        out: list[ActorMention] = []
        spans: list[tuple[int, int]] = []
        for ent in self.doc.ents:
            if ent.label_ in ("ORG", "PERSON") and not (ent.ent_id_ or "").startswith("place:"):
                spans.append((ent.start_char, ent.end_char))
        for m in re.finditer(
            r"\b(?:(?:[A-Z][\w'’-]+ ){1,4}(?:Brigade|Brigades|Battalion|Division|Legion|Regiment|Front|Army|faction|Movement)|(?:Army|Brigade|Battalion|Liwa|Jaysh|Jaish|Katibat|Harakat) (?:of )?(?:al-)?[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,3})\b",
            self.text,
        ):
            spans.append((m.start(), m.end()))
        for s, e in sorted(set(spans)):
            while s < e and self.text[s] in _LEAD:
                s += 1
            while e > s and self.text[e - 1] in _TRAIL:
                e -= 1
            if e - s < 3 or any(cov[s:e]):
                continue
            t = self.text[s:e]
            if t.lower().startswith("the "):
                s += 4
                t = t[4:]
            if not t[:1].isupper() or len(t.split()) > 7 or (t.isupper() and len(t) > 4):
                continue
            tw = t.split()
            if tw[0] in _GEO_FIRST or tw[-1] in _GEO_LAST:
                continue
            if len(tw) == 1 and re.fullmatch(_MIN_FIELD, t):
                continue  # "Health" of "Health Minister X"
            if len(tw) <= 4 and _is_place_name(t):
                continue  # "Djibo", "Wad Madani": places the small model tags ORG
            for k in range(s, e):
                cov[k] = True
            speaker = self._ministry_speaker(t, e, found) if _MINISTRY.fullmatch(t) else None
            if speaker is not None:
                out.append(ActorMention(Span(s, e, t), speaker.actor_id, speaker.name, "coref", None, 0.7))
            else:
                out.append(ActorMention(Span(s, e, t), None, t, "unknown", None, 0.3))
        return out

    def _ministry_speaker(self, t: str, end: int, found: list[ActorMention]) -> ActorMention | None:
        """"Foreign Ministry spokeswoman Maria Zakharova": a ministry named without its state
        belongs to the organisation of the official named right after it (title in between)."""
        for m in found:
            if m.person and m.actor_id and end < m.span.start <= end + 40:
                gap = self.text[end : m.span.start]
                if re.fullmatch(r"\s+(?:[\w.'’-]+\s+){1,3}", gap):
                    return m
        return None


def resolve_actors(doc: Doc, document: Document | None, kb: KnowledgeBase) -> list[ActorMention]:
    """Actor mentions of ``doc`` (built from ``document.text``), sorted by span start.

    Mentions do not overlap, except the several mentions of one composite span.
    ``name`` is the actor's coding name (``kb.coding_name``); the speaker of a person
    mention is kept in ``person``; unresolved organisation-like spans have ``actor_id=None``.
    """
    if not doc_text(doc).strip():
        return []
    return _Resolver(doc, document, kb).run()


def name_at(kb: KnowledgeBase, mention: ActorMention, when: date | str | None) -> str:
    """Time-appropriate name of a mention's actor (e.g. Jabhat al-Nusra in 2015)."""
    return kb.name_at(mention.actor_id, when) if mention.actor_id else mention.name


__all__ = ["FUZZY_THRESHOLD", "name_at", "resolve_actors", "word_key"]
