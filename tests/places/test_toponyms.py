"""Table-driven: hard toponyms in synthetic sentences -> the right country, place (within 25 km) and precision.

The sentences are invented; coordinates are approximate, from general geographic knowledge.
Columns: text, iso3, lat, lon (None = country-only), ACLED precision (None = not checked).
"""
from __future__ import annotations

import math

import pytest

from eventwire.places import resolve_location
from eventwire.records import Entity

A = "Gunmen attacked a police checkpoint in {}, officials said on Monday."

CASES = [
    # Transliteration variants: diacritics, ayn/hamza marks, articles, doubled letters, hyphens and spaces.
    (A.format("Hammam al-Alil"), "IRQ", 36.16, 43.26, 1),
    (A.format("Hamam al-Alil"), "IRQ", 36.16, 43.26, 1),
    (A.format("Hammam Al Alil"), "IRQ", 36.16, 43.26, 1),
    (A.format("Ḥammām al-ʿAlīl"), "IRQ", 36.16, 43.26, 1),
    (A.format("Tal Afar"), "IRQ", 36.38, 42.45, 1),
    (A.format("Tall Afar"), "IRQ", 36.38, 42.45, 1),
    (A.format("Deir ez-Zor"), "SYR", 35.34, 40.14, 1),
    (A.format("Deir ez Zor"), "SYR", 35.34, 40.14, 1),
    (A.format("Hodeidah"), "YEM", 14.80, 42.95, 1),
    (A.format("Al Hudaydah"), "YEM", 14.80, 42.95, 1),
    (A.format("Qamishli"), "SYR", 37.05, 41.23, 1),
    (A.format("al-Qamishli"), "SYR", 37.05, 41.23, 1),
    (A.format("Raqqa"), "SYR", 35.95, 39.01, 1),
    (A.format("Ar-Raqqah"), "SYR", 35.95, 39.01, 1),
    (A.format("Mazar-i-Sharif"), "AFG", 36.71, 67.11, 1),
    (A.format("Sanaa"), "YEM", 15.35, 44.21, 1),
    (A.format("Sana'a"), "YEM", 15.35, 44.21, 1),
    (A.format("Ta'izz"), "YEM", 13.58, 44.02, 1),
    (A.format("Mogadishu"), "SOM", 2.04, 45.34, 1),
    (A.format("Beledweyne"), "SOM", 4.74, 45.20, 1),
    (A.format("Kismayo"), "SOM", -0.36, 42.55, 1),
    (A.format("Jarabulus"), "SYR", 36.82, 38.01, 1),
    (A.format("Manbij"), "SYR", 36.53, 37.95, 1),
    (A.format("Tikrit"), "IRQ", 34.60, 43.68, 1),
    (A.format("Fallujah"), "IRQ", 33.35, 43.78, 1),
    (A.format("Falluja"), "IRQ", 33.35, 43.78, 1),
    (A.format("Ramadi"), "IRQ", 33.42, 43.30, 1),
    (A.format("Misrata"), "LBY", 32.38, 15.09, 1),
    (A.format("Maiduguri"), "NGA", 11.85, 13.16, 1),
    (A.format("Timbuktu"), "MLI", 16.77, -3.01, 1),
    (A.format("Tombouctou"), "MLI", 16.77, -3.01, 1),
    (A.format("Ouagadougou"), "BFA", 12.37, -1.53, 1),
    (A.format("Culiacán"), "MEX", 24.80, -107.39, 1),
    (A.format("Culiacan"), "MEX", 24.80, -107.39, 1),
    (A.format("Avdiivka"), "UKR", 48.14, 37.74, 1),
    (A.format("Kharkiv"), "UKR", 50.00, 36.23, 1),
    (A.format("Sittwe"), "MMR", 20.15, 92.90, 1),
    (A.format("Marawi"), "PHL", 8.00, 124.29, 1),
    # Same name, different countries: the context decides.
    ("Lebanese troops clashed with gunmen in Tripoli, the army said.", "LBN", 34.44, 35.83, 1),
    ("Libyan forces clashed with a rival militia in Tripoli on Sunday.", "LBY", 32.89, 13.19, 1),
    ("Police fired tear gas at protesters in Hyderabad, the capital of Telangana, India.", "IND", 17.38, 78.47, 1),
    ("Rangers arrested five men in Hyderabad, Sindh, on Friday.", "PAK", 25.39, 68.37, 1),
    ("Egyptian soldiers were killed by a roadside bomb near Rafah in North Sinai.", "EGY", None, None, 2),
    ("Students marched through Córdoba, Argentina, against the cuts.", "ARG", -31.42, -64.18, 1),
    ("Farmers blocked roads in Cordoba, in Spain's Andalusia region.", "ESP", 37.88, -4.78, 1),
    ("Venezuelan police detained ten protesters in Valencia, Carabobo state.", "VEN", 10.16, -68.00, 1),
    ("Egyptian police dispersed a protest in Alexandria on Friday.", "EGY", 31.20, 29.92, 1),
    ("A crowd gathered in Birmingham, Alabama, after the shooting.", "USA", 33.52, -86.80, 1),
    ("Hundreds protested in London, Ontario, on Saturday.", "CAN", 42.98, -81.25, 1),
    ("Gunmen attacked a market in Beni, North Kivu, killing six.", "COD", 0.49, 29.47, 1),
    ("Fighting broke out in Bor, the capital of Jonglei state in South Sudan.", "SSD", 6.21, 31.56, 1),
    # Places named after people (NER tags some as PERSON).
    ("Soldiers clashed with rebels in General Santos, in the southern Philippines.", "PHL", 6.11, 125.17, 1),
    ("Protesters blocked a bridge in Ciudad Bolívar, Venezuela.", "VEN", 8.12, -63.55, 1),
    ("Militants attacked an oil facility in Port Harcourt on Tuesday.", "NGA", 4.78, 7.01, 1),
    ("Police arrested bloggers in Ho Chi Minh City, Vietnam.", "VNM", 10.82, 106.63, 1),
    # "near X", "outside X", "south of X": precision 2.
    ("A roadside bomb exploded near Mosul, killing two Iraqi soldiers.", "IRQ", 36.34, 43.13, 2),
    ("A suicide bomber struck a checkpoint outside Kabul, Afghan officials said.", "AFG", 34.53, 69.17, 2),
    ("Islamic State fighters attacked a village 20 km south of Kirkuk in Iraq.", "IRQ", 35.47, 44.39, 2),
    ("Nigerian troops repelled an attack on the outskirts of Maiduguri.", "NGA", 11.85, 13.16, 2),
    ("A blast hit a checkpoint on the outskirts of the Afghan city of Jalalabad.", "AFG", 34.43, 70.45, 2),
    # Districts, provinces, governorates, states.
    ("Gunmen fired on a patrol in the Loya Wiyala area of Spin Boldak district, Kandahar.", "AFG", 31.00, 66.40, 2),
    ("Clashes were reported in Kunduz province, Afghanistan.", "AFG", 36.73, 68.86, 3),
    ("Fighting continued in Nineveh governorate, Iraqi officials said.", "IRQ", 36.34, 43.13, 3),
    ("Several villages were shelled in Idlib province, Syria.", "SYR", 35.93, 36.63, 3),
    ("Boko Haram fighters raided a village in Borno State, Nigeria.", "NGA", 11.85, 13.16, 3),
    ("An airstrike hit a compound in Nangarhar province, Afghanistan.", "AFG", 34.43, 70.45, 3),
    ("Militants ambushed soldiers in a village of Helmand province, Afghanistan.", "AFG", 31.59, 64.37, 3),
    # Country only: null coordinates, never a centroid dressed up as a town.
    ("Gunmen seized nine farm workers overnight in eastern Niger, a local official said.", "NER", None, None, None),
    # A list of countries is not a hierarchy ("Mali's border with Niger" does not put Mali inside Niger).
    ("A patrol struck a mine close to Mali's frontier with Niger and Burkina Faso on Tuesday.", "MLI", None, None, None),
    # Chains: only place words link a place to the one qualifying it ("district of northern X", not "featured in").
    ("Militants stormed Zorbakhel village in the Imam Sahib district of northern Kunduz province.", "AFG", 37.19, 68.94, 2),
    ("Ukrainian soldiers entered the town of Izium featured in Orla's documentary.", "UKR", 49.21, 37.28, 1),
    ("Armed men abducted a farmer in Palogrande corregimiento (Norte de Santander).", "COL", 7.89, -72.50, 3),
    # Where people come from is not where it happened; a place agreeing with its division outweighs it.
    ("Two traders from Malawi were robbed in the vicinity of Pietermaritzburg (KwaZulu-Natal).", "ZAF", -29.62, 30.39, 2),
    # A town modifying an event noun is the scene ("a Toronto vigil"); a country doing so is the topic.
    ("Organisers of a Toronto vigil for victims of the war in Gaza said 300 people attended.", "CAN", 43.70, -79.42, 1),
    ("Organizers of a Syria rally in Berlin said 500 people came.", "DEU", 52.52, 13.40, 1),
    # "X's biggest city", "X's capital": the country's largest town, its capital.
    ("Journalists held a rally on Wednesday in Myanmar's biggest city.", "MMR", 16.80, 96.16, 1),
    ("Police broke up a protest in Kenya's capital on Monday.", "KEN", -1.29, 36.82, 1),
    # "Residents of X" opening a sentence; "d'" inside a name; a bracketed alias is no parent; "(coded to X)".
    ("Residents of Eldoret blocked a highway on Monday.", "KEN", 0.52, 35.27, 1),
    ("Mutineers fired on a barracks in the Patte d'Oie quarter of Bamako on Monday.", "MLI", 12.64, -8.00, None),
    ("Turkish drones struck shepherds near Kani Rash (Kanirash), Al Amadiya district, Duhok.", "IRQ", 37.09, 43.49, 2),
    ("Militiamen raided Kurmin Dangana (coded to Kachia) (Kaduna) at dawn.", "NGA", 9.87, 7.95, 2),
    # A coder's ", coded to X" names the event's place outright.
    ("Bandits set fire to hamlets around Kufai and Dogon Dawa, Birnin Gwari LGA (Kaduna), coded to Birnin Gwari.", "NGA", 10.66, 6.54, None),
    # A village missing from the data, namesake of a town abroad, inside a named province: the province.
    ("Dozens rallied on Friday in the village of Paris in Idleb province.", "SYR", 35.93, 36.63, None),
    # A tribe is not a place; a compass-word region ("Northern") confirms a reading, never refutes one.
    ("Members of Medi tribe attacked farmers in Adjumani (Northern).", "UGA", 3.38, 31.79, 1),
    ("Locals beat a suspected thief in Aber trading centre, Loro sub-county (Oyam, Northern).", "UGA", 2.24, 32.39, 2),
    # The only country vote is an actor's nationality: a near spelling of a big town abroad still counts.
    ("Russian forces shelled a village near Mykolayv on Monday.", "UKR", 46.98, 31.99, 2),
    # A road named after a town is not that town ("the Amritsar highway in Jalandhar").
    ("Farmers blocked the Amritsar highway in Jalandhar (Punjab) on Monday.", "IND", 31.33, 75.58, 1),
    # The district a note names outright beats a province that contradicts it; a district named after its seat is
    # not an alias of the town.
    ("Militants shelled Konduga (Konduga LGA, Yobe) overnight.", "NGA", 11.65, 13.42, 1),
    # A district joining two names with "wa" ("X wa Y"): the first is its seat.
    ("Tribesmen protested in Kitaf wa Al Boqe'e district (Saada) on Monday.", "YEM", 17.03, 44.11, 2),
    # Where the victims come from is not where it happened.
    ("Most of the kidnapped cooks came from villages in Kerala; they were employed by a hotel in Basra when "
     "they were seized.", "IRQ", 30.51, 47.78, 1),
    # "X refugee camp", "X Division of Y" (split into a place and its division), the road joining two towns.
    ("LGBT refugees protested in the Dadaab refugee camp (Garissa).", "KEN", 0.05, 40.31, 2),
    ("Police raided a hideout in Mpeketoni Division of Lamu West.", "KEN", -2.39, 40.70, 2),
    ("Armed men cut off the road linking Sanaa to Marib in Sirwah district on Monday.", "YEM", 15.45, 45.02, 2),
    # A district named for a part of a town ("Ibadan North East") with no town linked to it: that town.
    ("A mob burnt a shop in Oja Oba (Ibadan North East, Oyo).", "NGA", 7.38, 3.91, 2),
    # A name opening with an Arabic article that is also an English word ("At", "As", "An").
    ("Police dispersed protesters in As Samawah on Monday.", "IRQ", 31.33, 45.29, 1),
    # "X village under Y police station limits (District, State)": a chain through "under".
    ("A courier was held by troopers close to Morpalli village under Pattamalli police station limits (Bijapur, "
     "Chhattisgarh).", "IND", 18.79, 80.82, 2),
    # Coders' asides inside a chain: "[alias]" and "(coded to district level)".
    ("Soldiers killed two herders in the village of Zorbagou [Diankabou] (Koro, Mopti).", "MLI", 14.06, -3.08, 2),
    ("Drones struck Zorbagou (coded to district level) (Al Hudaydah) on Monday.", "YEM", 14.80, 42.95, 3),
    # A district missing from the data, named for part of a town ("Lafia North"): that town; and a district known
    # only by its seat cannot refute a place in it.
    ("Passengers vandalised the terminal of Karu Airport (Lafia North, Nasarawa).", "NGA", 8.49, 8.52, 2),
    ("Police destroyed a hideout at Zorbaka in Mpeketoni Division of Lamu West.", "KEN", -2.39, 40.70, 2),
    # A division missing from the data, named after its seat: the seat town, in the country the admin word implies.
    ("Clashes between two clans were reported in Bati woreda on Sunday.", "ETH", 11.19, 40.02, 2),
    # A province, then a district in it: the district. "X's provincial capital Y": Y, with the cue before X.
    ("Officials in Kandahar province said gunmen burned a school in Arghandab district on Monday.",
     "AFG", 31.64, 65.66, 2),
    ("A bomb exploded outside a bank in Nangarhar's provincial capital Jalalabad on Sunday.", "AFG", 34.43, 70.45, 1),
    # Our own aliases: a governorate GeoNames knows only by its long name, and a two-letter abbreviation.
    ("Coastguards detained six fishermen in Socotra on Tuesday.", "YEM", 12.65, 54.02, 3),
    ("Two porters were hurt by shelling in Zorkot village (Poonch district, J&K) overnight.", "IND", 33.77, 74.09, 2),
    # A town named only before a facility, with no "in"; a currency is no place.
    ("Riders protesting at fuel prices quoted in US dollars blocked the Kitale roundabout on Monday.",
     "KEN", 1.02, 35.00, 1),
    # A country named as a border is as often the far side of it: the nationality of the actors tells the
    # country; but a country's own border with another is seen from it (above: Mali's frontier with Niger).
    ("A Kenyan police truck hit a landmine near the Somali border on Sunday.", "KEN", None, None, None),
    ("Gunmen killed two herders near the border with Ethiopia, Kenyan officials said.", "KEN", None, None, None),
    # A town named like the province it is the seat of is known as the province is.
    ("Clashes broke out in Bethlehem after Friday prayers.", "PSE", 31.70, 35.20, 1),
    ("Police shot dead two robbery suspects in Kwale on Monday night.", "KEN", -4.17, 39.45, 1),
    # A saint's name with a possessive is his church or shrine, not a town named after him.
    ("At least 60 people were killed in the St Anthony's blast, an official said.", None, None, None, None),
    ("Police sealed off St Peter's after the threat, officials in Rome said.", "ITA", 41.89, 12.48, 1),
    # An event on a road between two towns and no other place: a town on the road, near it.
    ("Truck drivers blocked the Marigat-Kabarnet road with burning tyres.", "KEN", 0.47, 35.99, 2),
]


def km(a, b, c, d):
    la1, lo1, la2, lo2 = map(math.radians, (a, b, c, d))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


@pytest.mark.parametrize("text,iso3,lat,lon,precision", CASES, ids=[c[0][:50] for c in CASES])
def test_toponym(gaz, text, iso3, lat, lon, precision):
    loc = resolve_location(text, [], [(0, len(text))])
    assert loc.iso3 == iso3, loc
    if lat is None and precision is None:
        assert loc.latitude is None and loc.geo_precision is None, loc
        return
    if lat is not None:
        assert loc.latitude is not None, loc
        assert km(loc.latitude, loc.longitude, lat, lon) <= 25, loc
    if precision is not None:
        assert loc.geo_precision == precision, loc
    # Evidence: the span points at the place words in the text.
    assert loc.span is not None and text[loc.span[0]:loc.span[1]].strip()


def test_person_label_from_ner_is_still_a_place(gaz):
    text = "At least 100 bodies were found in Hammam al-Alil, south of Mosul, Iraqi officials said."
    start = text.index("Hammam")
    ents = [Entity(start=start, end=start + 14, label="PERSON", text="Hammam al-Alil"),
            Entity(start=text.index("Mosul"), end=text.index("Mosul") + 5, label="GPE", text="Mosul")]
    loc = resolve_location(text, ents, [(0, len(text))])
    assert loc.name == "Hammam al-Alil" and loc.iso3 == "IRQ" and loc.geo_precision == 1


def test_dateline_is_not_the_event_place(gaz):
    text = ("BAGHDAD (Reuters) - Islamic State militants attacked an army post in Tikrit on Sunday, "
            "killing four soldiers, the ministry said.")
    ent = Entity(start=0, end=7, label="GPE", text="BAGHDAD")
    loc = resolve_location(text, [ent], [(21, len(text))])
    assert loc.iso3 == "IRQ" and loc.geo_precision == 1, loc
    assert km(loc.latitude, loc.longitude, 34.61, 43.68) <= 25 and text[loc.span[0]:loc.span[1]] == "Tikrit", loc


def test_missing_village_codes_to_named_district_not_abroad(gaz):
    # "Kharkamar" is invented: the event must be coded to the district the report names, in its country.
    text = "Insurgents ambushed a checkpoint at Kharkamar village of Achin district, Nangarhar, early on 9 June."
    loc = resolve_location(text, [], [(0, len(text))])
    assert loc.iso3 == "AFG" and loc.geo_precision in (2, 3), loc
    assert loc.reason and "Kharkamar" in loc.reason


def test_unknown_place_is_null_with_reason(gaz):
    text = "Something happened somewhere, a spokesman said."
    loc = resolve_location(text, [], [(0, len(text))])
    assert loc.latitude is None and loc.iso3 is None and loc.reason


def test_foreign_capital_as_actor_is_not_the_place(gaz):
    text = ("Rebels shelled government positions in Idlib province on Monday, Syrian activists said. "
            "Moscow has retaliated with air strikes that killed 10 civilians, activists said.")
    second = text.index("Moscow")
    ents = [Entity(start=second, end=second + 6, label="GPE", text="Moscow")]
    loc = resolve_location(text, ents, [(second, len(text))])
    assert loc.iso3 == "SYR", loc


def test_lower_case_article(gaz):
    # Whole article in lower case, as some archives store them (the detector needs a few sentences).
    text = ("police fired tear gas at a mob in hyderabad on monday after two shops were set on fire. "
            "the mob had gathered near the old bus stand after a rumour spread through the market. "
            "officials said the situation was under control by the evening and that curfew would continue. "
            "a senior telangana police officer said more police would be deployed in sensitive areas overnight.")
    loc = resolve_location(text, [], [(0, len(text))])
    assert loc.iso3 == "IND" and loc.geo_precision == 1, loc  # the Hyderabad of Telangana, not of Sindh
    assert km(loc.latitude, loc.longitude, 17.38, 78.46) <= 25 and text[loc.span[0]:loc.span[1]] == "hyderabad", loc


def test_lower_case_dateline_is_the_last_resort(gaz):
    # A lower-cased archive whose only known place is its dateline; the nationality word is lower case too.
    text = ("lucknow: police fired tear gas at a mob in the aminabad area on monday as violence continued in this "
            "north indian city for the third day. shops in the old quarter stayed shut and the district "
            "administration imposed a curfew in several areas of the city after the clashes.")
    loc = resolve_location(text, [], [(0, text.index(".") + 1)])
    assert loc.iso3 == "IND" and km(loc.latitude, loc.longitude, 26.84, 80.92) < 25, loc


def test_report_without_place_takes_the_head_of_the_last_chain(gaz):
    # The report names no place; the sentence before it names a chain whose head is missing from the data.
    text = ("A crowd tried to free a detainee from Rwemiyaga police post (Kiruhura, Western). "
            "Officers shot dead one man and wounded a woman.")
    loc = resolve_location(text, [], [(text.index("Officers shot"), len(text))])
    assert loc.iso3 == "UGA" and loc.geo_precision == 2 and "Kiruhura" in (loc.name or ""), loc


def test_border_country_and_division_mentions_point_to_the_town(gaz):
    # The report names only the neighbour across the border; later the article names a town and, twice, its
    # department: the town is the place, and the neighbour is not the country.
    text = ("Twelve rebels died in an army raid close to the frontier with Venezuela, the army said. "
            "The troops were sent from the municipality of Tame, in the department of Arauca. "
            "Officials in Arauca said the rebels had long operated there.")
    loc = resolve_location(text, [], [(0, text.index(".") + 1)])
    assert loc.iso3 == "COL" and km(loc.latitude, loc.longitude, 6.46, -71.73) < 25, loc


def test_people_named_after_a_place_are_not_the_place(gaz):
    text = "Samburu raiders fired on a police patrol plane flying over the hills in Kenya."
    loc = resolve_location(text, [Entity(start=0, end=7, label="GPE", text="Samburu")], [(0, len(text))])
    assert loc.iso3 == "KEN" and loc.latitude is None, loc


def test_chain_after_an_unknown_facility_is_a_place(gaz):
    # "Hotel X" is no place name; the bracketed town and province after it are, whatever NER called them.
    text = "A patrol struck a mine near Hotel Wassa (Natitingou, Atacora) on Monday."
    ents = [Entity(start=text.index("Natitingou"), end=text.index("Natitingou") + 10, label="ORG", text="Natitingou"),
            Entity(start=text.index("Atacora"), end=text.index("Atacora") + 7, label="ORG", text="Atacora")]
    loc = resolve_location(text, ents, [(0, len(text))])
    assert loc.iso3 == "BEN" and km(loc.latitude, loc.longitude, 10.30, 1.38) < 25, loc


def test_place_after_a_group_name_and_at(gaz):
    # "a camp of Boko Haram at Zorbari": the capitalised run goes on through "at"; the place is after it.
    text = "Jets struck a camp of Boko Haram at Zorbari (Abadam LGA, Borno) on Friday."
    loc = resolve_location(text, [], [(0, len(text))])
    assert loc.iso3 == "NGA" and loc.reason and "Zorbari" in loc.reason, loc


def test_us_dollar_is_not_a_place(gaz):
    text = "Rioters angry at the soaring price of the US dollar clashed with soldiers in Tripoli, Lebanon."
    loc = resolve_location(text, [], [(0, len(text))])
    assert loc.iso3 == "LBN", loc


def test_a_move_happens_where_it_arrives(gaz):
    text = "Armed herders drove their cattle into Laikipia county on Sunday, fleeing drought in Somalia."
    loc = resolve_location(text, [], [(0, len(text))])
    assert loc.iso3 == "KEN" and loc.name == "Laikipia", loc


def test_an_ampersand_abbreviation_is_a_place_only_when_it_is_ours(gaz):
    text = "The ministry said spending in R&D had doubled since the reforms."
    assert resolve_location(text, [], [(0, len(text))]).iso3 is None


def test_a_governors_office_is_in_the_province_it_governs(gaz):
    text = "Van Governor's Office extended its ban on all marches and sit-ins in the province for another 15 days."
    loc = resolve_location(text, [Entity(start=0, end=21, label="ORG", text="Van Governor's Office")], [(0, len(text))])
    assert (loc.iso3, loc.admin1) == ("TUR", "Van"), loc


def test_a_currency_alone_names_no_country(gaz):
    text = "Shopkeepers closed their doors on Monday to protest against the soaring US dollar."
    loc = resolve_location(text, [Entity(start=text.index("US"), end=text.index("US") + 2, label="GPE", text="US")],
                           [(0, len(text))])
    assert loc.iso3 is None, loc


def test_admin_word_makes_a_mislabelled_name_a_place(gaz):
    # NER calls "Suqutra" a nationality (NORP); "governorate" after it says it is a division.
    text = "Fishermen said coastguards seized their boat off Suqutra governorate on Thursday."
    ents = [Entity(start=text.index("Suqutra"), end=text.index("Suqutra") + 7, label="NORP", text="Suqutra")]
    loc = resolve_location(text, ents, [(0, len(text))])
    assert loc.iso3 == "YEM" and loc.geo_precision == 3, loc


def test_demonym_capital(gaz):
    text = "Several hundred people demonstrated on Friday in front of a consulate in the Indonesian capital."
    loc = resolve_location(text, [], [(0, len(text))])
    assert loc.iso3 == "IDN" and loc.latitude is not None and km(loc.latitude, loc.longitude, -6.21, 106.85) < 25, loc


def test_misaligned_offsets_are_dropped_not_fatal(gaz):
    text = "Gunmen attacked a checkpoint in Mosul."
    bad = [Entity(start=50, end=60, label="GPE", text="Nowhere")]
    loc = resolve_location(text, bad, [(100, 200)])  # scope outside the text: the whole article is context
    assert loc.iso3 == "IRQ"
    assert resolve_location("", [], []).reason


def test_road_end_points_are_not_the_place(gaz):
    text = "Drivers blocked the Herat-Kandahar highway in Shindand on Monday."
    ents = [Entity(start=text.index(w), end=text.index(w) + len(w), label="GPE", text=w) for w in ("Herat", "Kandahar")]
    loc = resolve_location(text, ents, [(0, len(text))])
    assert loc.iso3 == "AFG" and km(loc.latitude, loc.longitude, 33.30, 62.15) < 25, loc


def test_dateline_abroad_is_the_bureau_not_the_place(gaz):
    text = ("DAKAR (Reuters) - An armed group said its fighters had killed four gendarmes in the West African nation. "
            "Malian officials said the attack took place in Mali on Sunday.")
    loc = resolve_location(text, [Entity(start=0, end=5, label="GPE", text="DAKAR")], [(18, text.index(".") + 1)])
    assert loc.iso3 == "MLI" and loc.latitude is None, loc


def test_sentence_cut_by_the_splitter_takes_the_place_in_its_rest(gaz):
    # The splitter ends a sentence at the quoted "!": its lower-case rest names the place, abroad or not.
    text = ('Hundreds of protesters chanted "Free them now!" outside the Chinese embassy in the Indonesian capital '
            "on Friday. China has denied abuses in Xinjiang. Beijing says the camps in Xinjiang are schools.")
    ents = [Entity(start=text.index(w), end=text.index(w) + len(w), label="GPE", text=w) for w in ("China", "Beijing")]
    loc = resolve_location(text, ents, [(0, text.index("!") + 1)])
    assert loc.iso3 == "IDN" and km(loc.latitude, loc.longitude, -6.21, 106.85) < 25, loc


def test_story_naming_its_city_late_takes_the_most_named_place(gaz):
    text = ("The attacker opened fire on evening shoppers, killing three people and wounding a dozen more, and then "
            "fled on foot as soldiers on patrol in the area returned fire and a manhunt involving hundreds began. "
            "Ministers met in Paris on Wednesday. Police in Strasbourg sealed off the market, and schools in "
            "Strasbourg stayed closed.")
    loc = resolve_location(text, [], [(0, text.index(".") + 1)])
    assert loc.iso3 == "FRA" and km(loc.latitude, loc.longitude, 48.58, 7.75) < 25, loc


def test_appositive_says_the_name_is_a_place(gaz):
    # NER calls the village a person and no "in" precedes it; ", a small village in ..." says what it is.
    text = "Novovorontsovka, a farming village in the Kherson region, was retaken, Ukrainian troops said."
    start = text.index("Novovorontsovka")
    ents = [Entity(start=start, end=start + 15, label="PERSON", text="Novovorontsovka")]
    loc = resolve_location(text, ents, [(0, len(text))])
    assert loc.iso3 == "UKR" and km(loc.latitude, loc.longitude, 47.50, 33.92) < 25, loc


def test_facility_makes_a_name_a_place(gaz):
    # NER calls the town an organisation; "X police station" says it is a place.
    text = "Boda boda riders stormed Kisii police station in western Kenya on Friday."
    loc = resolve_location(text, [Entity(start=25, end=30, label="ORG", text="Kisii")], [(0, len(text))])
    assert loc.iso3 == "KEN" and km(loc.latitude, loc.longitude, -0.68, 34.77) < 25, loc


def test_entity_cut_at_a_hyphen_is_extended(gaz):
    text = "Rebels clashed with troops near Kaga-Bandoro on Sunday."
    loc = resolve_location(text, [Entity(start=32, end=36, label="GPE", text="Kaga")], [(0, len(text))])
    assert loc.iso3 == "CAF" and km(loc.latitude, loc.longitude, 6.99, 19.19) < 25, loc


def test_entity_cut_at_a_joining_word_is_extended(gaz):
    text = "Houthi fighters shelled a market in Kitaf wa Al Boqe'e (Saada) on Monday."
    ents = [Entity(start=36, end=41, label="GPE", text="Kitaf"), Entity(start=45, end=55, label="PERSON", text="Al Boqe'e")]
    loc = resolve_location(text, ents, [(0, len(text))])
    assert loc.iso3 == "YEM" and km(loc.latitude, loc.longitude, 17.03, 44.11) < 25, loc


def test_report_without_place_takes_the_place_of_a_later_back_reference(gaz):
    text = ("Detectives said they were looking into a grenade explosion at a party event that wounded 30 people. "
            "The vice president spoke at a rally in the town of Marondera on Saturday. "
            "Investigators were following leads after the explosion at the stadium in Gweru, officials said.")
    loc = resolve_location(text, [], [(0, text.index(".") + 1)])
    assert loc.iso3 == "ZWE" and km(loc.latitude, loc.longitude, -19.45, 29.82) < 25, loc


def test_group_named_with_an_article_is_not_a_place(gaz):
    # "Al Shabaab": the article is dropped, then "Shabaab" is a group name, not the Iranian village Shabab.
    for name in ("Al Shabaab", "Al-Shabaab"):
        text = f"{name} claimed responsibility for the attack on Monday."
        loc = resolve_location(text, [Entity(start=0, end=10, label="ORG", text=name)], [(0, len(text))])
        assert loc.iso3 is None, loc


def test_nationality_of_a_victim_is_weak_evidence(gaz):
    text = "An Armenian soldier was killed by a landmine on the Azerbaijani side of the frontline."
    loc = resolve_location(text, [], [(0, len(text))])
    assert loc.iso3 == "AZE", loc


@pytest.mark.parametrize("context, lat", [
    ("Soldiers later raided homes in nearby Ramallah and Beitunia.", 31.90),  # the Burqa of Ramallah governorate
    ("", 32.30),  # no other place: the larger namesake, near Nablus
])
def test_namesake_in_the_province_of_the_articles_other_places(gaz, context, lat):
    text = f"Settlers set fire to two cars in Burqa late on Sunday, the village council said. {context}"
    loc = resolve_location(text, [], [(0, text.index(".") + 1)])
    assert loc.iso3 == "PSE" and abs(loc.latitude - lat) < 0.05, loc


def test_where_a_statement_was_made_is_no_scene(gaz):
    # The sentence confirming the attack names only the capital the army chief spoke in: the event's place is
    # the one named before.
    text = ("Militants attacked a base near Marka on Sunday. Speaking to reporters in the capital Mogadishu, the "
            "army chief confirmed the assault.")
    second = text.index("Speaking")
    assert resolve_location(text, [], [(second, len(text))]).name == "Marka"



def test_a_quarter_lies_in_the_town_named_before_it(gaz):
    # "Al-Nasiriya neighborhood" also reads as a town 640 km away; in a story about Sabha it is a quarter of Sabha.
    text = ("Clashes broke out in Sabha on Tuesday. Gunmen attacked a brigade headquarters in Al-Nasiriya "
            "neighborhood, residents said.")
    second = text.index("Gunmen")
    assert resolve_location(text, [], [(second, len(text))]).name == "Sabha"


@pytest.mark.parametrize("site, lat, lon", [
    ("Kandahar Airbase", 31.61, 65.71),        # unknown as a whole: in the town it is named after
    ("Garissa County Assembly", -0.45, 39.65),
    ("Gao Military Base", 16.27, -0.04),
])
def test_a_site_named_after_a_town_lies_in_it(gaz, site, lat, lon):
    # No "in" before it and NER calls it an organisation: the site word says it is a place.
    text = f"Drones struck {site} early on Monday, officials said."
    start = text.index(site)
    loc = resolve_location(text, [Entity(start=start, end=start + len(site), label="ORG", text=site)],
                           [(0, len(text))])
    assert loc.latitude is not None and km(loc.latitude, loc.longitude, lat, lon) < 25, loc


def test_an_unsupported_place_abroad_yields_to_one_the_article_says_something_happened_in(gaz):
    # The end points of the road are known only as namesakes abroad (and as no town of Somalia, the country
    # the article names); the sentence after names the county.
    text = ("A roadside bomb hit an army truck between Kiunga and Mararani on Monday. A radio station in Somalia "
            "said the group had planted it; soldiers later searched the area of Lamu for the attackers.")
    loc = resolve_location(text, [], [(0, text.index(".") + 1)])
    assert loc.iso3 == "KEN", loc


@pytest.mark.parametrize("named", [False, True])
def test_the_two_ends_of_a_road_agree_on_its_country(gaz, named):
    # Kibuye is a town of Rwanda too; both ends of the highway are Kenyan towns. NER may tag the road's
    # name as one entity: its two ends still count.
    text = "Youths blocked the Nakuru-Eldoret highway at Kibuye on Monday, burning tyres."
    road = "Nakuru-Eldoret"
    ents = [Entity(start=text.index(road), end=text.index(road) + len(road), label="GPE", text=road)] if named else []
    assert resolve_location(text, ents, [(0, len(text))]).iso3 == "KEN"


def test_a_name_qualified_by_a_division_is_no_country(gaz):
    # "Hind" is also a name of India; inside a Nigerian district and state it is a village there, and
    # "Niger" after "Shiroro" is the Nigerian state, not the country.
    text = "Gunmen attacked Hind (Shiroro, Niger) on Monday, killing two herders."
    loc = resolve_location(text, [], [(0, len(text))])
    assert loc.iso3 == "NGA" and loc.admin1 == "Niger", loc


def test_a_province_known_only_as_towns_abroad_yields_to_the_nationality(gaz):
    # The state is spelled otherwise in the gazetteer; a Maltese town shares the spelling used here.
    text = "Sudanese teachers demonstrated in Gazira state on Sunday over unpaid salaries."
    assert resolve_location(text, [], [(0, len(text))]).iso3 == "SDN"


def test_a_bracketed_name_that_is_also_a_division_holding_the_place_qualifies_it(gaz):
    # "Pará" is an old name of Belém as well as its state; Almada (Portugal) pulls towards the Portuguese Belém.
    text = "Teachers from the Almada district marched to the state assembly in Belem (Para) on Friday."
    loc = resolve_location(text, [], [(0, len(text))])
    assert (loc.iso3, loc.admin1) == ("BRA", "Pará"), loc


@pytest.mark.parametrize("text,iso3", [
    ("Police fired tear gas at ODM supporters outside the tallying centre on Monday.", "KEN"),
    ("An MCA aspirant was attacked by rivals at a polling station on Tuesday.", "KEN"),
    ("A BJP worker was hacked to death by unidentified men on Sunday night.", "IND"),
    ("ZANU-PF youths assaulted two opposition activists on Saturday.", "ZWE"),
    # the words of one country's streets: its minibus taxis, its central bank, its leaders' name
    ("Matatu operators and boda boda riders clashed at a stage after a crash; police used tear gas.", "KEN"),
    ("Depositors gathered outside the Banque du Liban headquarters to denounce the collapse of the currency.", "LBN"),
    ("Anti-Jubilee youths heckled a governor at a rally on Sunday.", "KEN"),
])
def test_a_countrys_own_party_or_institution_tells_the_country(gaz, text, iso3):
    assert resolve_location(text, [], [(0, len(text))]).iso3 == iso3


@pytest.mark.parametrize("text,iso3", [
    # The United States is named more often than the Philippines; Manila is still the capital, not the hamlet
    # of Arkansas, because the article points to the Philippines too.
    ("Philippine officials and rebel leaders signed a ceasefire in Manila on Thursday. The United States "
     "welcomed the deal, and United States diplomats attended the ceremony.", "PHL"),
    ("Kenyan police fired tear gas at traders in Nairobi on Monday, a week after United States officials "
     "visited the United States embassy there.", "KEN"),
])
def test_a_city_beats_a_hamlet_abroad_when_the_article_also_points_to_its_country(gaz, text, iso3):
    assert resolve_location(text, [], [(0, text.index(".") + 1)]).iso3 == iso3


@pytest.mark.parametrize("second", [
    "Another bomb killed a shepherd in the same area on Tuesday, days after a donors' conference in Geneva.",
    "A day later gunmen shot a teacher near the same village, as ministers met in Paris.",
])
def test_the_same_area_is_the_place_told_before_whatever_else_the_sentence_names(gaz, second):
    text = "A roadside bomb killed two soldiers near Kandahar on Monday. " + second
    start = text.index(second)
    loc = resolve_location(text, [], [(start, len(text))])
    assert loc.iso3 == "AFG", loc



@pytest.mark.parametrize("text, lat, lon", [
    # a bearing from a landmark is no hierarchy: the town named is the place, wherever the landmark lies
    ("Rockets struck the city of Barda, northeast of Nagorno-Karabakh, on Wednesday, killing 12 people.",
     40.38, 47.13),
    ("Gunmen attacked a checkpoint in Fallujah, west of Baghdad, on Monday.", 33.35, 43.78),
    # the enclave's name, missing from the GeoNames extracts, is placed at its main town
    ("Shelling hit residential areas of Nagorno-Karabakh on Wednesday, local officials reported.", 39.82, 46.75),
])
def test_a_place_given_by_its_bearing_from_another_is_that_place(gaz, text, lat, lon):
    loc = resolve_location(text, [], [(0, len(text))])
    assert loc.latitude is not None and km(loc.latitude, loc.longitude, lat, lon) < 25, loc
