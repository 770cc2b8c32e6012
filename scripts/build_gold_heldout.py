"""Writes the held-out gold set (texts written by the events engineer; NOT used for tuning).

Coded by docs/coding-guidelines.md before any tuning of the events stage. Run:
    .venv/bin/python scripts/build_gold_heldout.py
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _goldkit import AGR, AIR, CLASH, GOVT, IED, NSA, PP, SH, SUI, GoldSet, day, ev  # noqa: E402

HERE = Path(__file__).resolve().parents[1] / "examples" / "heldout"
P = {
    "Kombolcha": ("Kombolcha", "Amhara", "ET", 11.082, 39.737, 1),
    "Mekelle": ("Mekelle", "Tigray", "ET", 13.497, 39.475, 1),
    "Mogadishu": ("Mogadishu", "Banaadir", "SO", 2.046, 45.318, 1),
    "Bogota": ("Bogota", "Bogota D.C.", "CO", 4.711, -74.072, 1),
    "Cauca": ("Cauca", "Cauca", "CO", 2.500, -76.800, 3),
    "Kabul": ("Kabul", "Kabul", "AF", 34.528, 69.172, 1),
    "Ganja": ("Ganja", "Ganja", "AZ", 40.683, 46.361, 1),
    "Nagorno-Karabakh": ("Nagorno-Karabakh", "Nagorno-Karabakh", "AZ", 39.815, 46.752, 3),
    "Moscow": ("Moscow", "Moscow", "RU", 55.756, 37.617, 1),
    "Palma": ("Palma", "Cabo Delgado", "MZ", -10.777, 40.479, 1),
    "Cabo Delgado": ("Cabo Delgado", "Cabo Delgado", "MZ", -12.333, 39.317, 3),
    "Baghdad": ("Baghdad", "Baghdad", "IQ", 33.315, 44.366, 1),
    "Iraq": ("Iraq", "", "IQ", 33.223, 43.679, 3),
    "Nasiriyah": ("Nasiriyah", "Dhi Qar", "IQ", 31.052, 46.257, 1),
    "Basra": ("Basra", "Basra", "IQ", 30.508, 47.783, 1),
    "Qandil": ("Qandil Mountains", "Erbil", "IQ", 36.430, 45.050, 2),
    "Croix-des-Bouquets": ("Croix-des-Bouquets", "Ouest", "HT", 18.578, -72.226, 1),
    "Port-au-Prince": ("Port-au-Prince", "Ouest", "HT", 18.594, -72.307, 1),
}


GOLD = GoldSet(P)
where, doc = GOLD.where, GOLD.doc

ARR = ["Strategic developments", "Arrests"]
VAC = ["Violence against civilians", "Attack"]

doc("ethiopia_01", "2021-11-03", "Desk Horn", """
Ethiopia mobilises reservists as Tigrayan forces advance

Tigrayan forces captured the town of Kombolcha on Sunday, a spokesman for the Tigray People's Liberation Front said.
Ethiopia ordered all army reservists to report for duty on Tuesday.
Ethiopian warplanes struck Mekelle on Monday, killing at least three civilians, according to a hospital official.
The United States called on the warring parties to begin ceasefire talks.
""", [
    ev("ASSAULT", "Tigrayan forces captured the town of Kombolcha on Sunday, a spokesman for the Tigray People's Liberation Front said.", ["Tigray People's Liberation Front"], [], where("Kombolcha"), day("2021-10-31"), "claimed", NSA, "Tigray People's Liberation Front"),
    ev("MOBILIZE", "Ethiopia ordered all army reservists to report for duty on Tuesday.", ["Ethiopia"], [], [], day("2021-11-02")),
    ev("ASSAULT", "Ethiopian warplanes struck Mekelle on Monday, killing at least three civilians, according to a hospital official.", ["Ethiopian Armed Forces"], ["Civilians (Ethiopia)"], where("Mekelle"), day("2021-11-01"), "claimed", AIR, "Hospital official", 3),
    ev("DEMAND", "The United States called on the warring parties to begin ceasefire talks.", ["United States"], [], [], day("2021-11-03", "week")),
])

doc("somalia_02", "2022-08-22", "Desk Horn", """
Al-Shabaab siege of Mogadishu hotel ends

Al-Shabaab fighters stormed the Hayat Hotel in Mogadishu on Friday evening, killing at least 21 people and wounding 117 others, Health Minister Ali Haji Adam said.
Al-Shabaab claimed responsibility for the attack.
Government forces killed the attackers on Sunday after a 30-hour siege.
President Hassan Sheikh Mohamud vowed to wage total war against the group.
""", [
    ev("ASSAULT", "Al-Shabaab fighters stormed the Hayat Hotel in Mogadishu on Friday evening, killing at least 21 people and wounding 117 others, Health Minister Ali Haji Adam said.", ["Al-Shabaab"], ["Civilians (Somalia)"], where("Mogadishu"), day("2022-08-19"), "claimed", VAC, "Ali Haji Adam", 21, 117),
    ev("ASSAULT", "Government forces killed the attackers on Sunday after a 30-hour siege.", ["Somali Armed Forces"], ["Al-Shabaab"], where("Mogadishu"), day("2022-08-21"), "occurred", CLASH),
    ev("THREATEN", "President Hassan Sheikh Mohamud vowed to wage total war against the group.", ["Somalia"], ["Al-Shabaab"], [], day("2022-08-22", "week"), "threatened", None, "Hassan Sheikh Mohamud"),
])

doc("colombia_01", "2019-01-21", "Desk Andes", """
Car bomb kills 21 at Bogota police academy

A car bomb exploded at a police academy in Bogota on Thursday, killing 21 cadets and injuring 68 others.
Colombian troops killed five ELN rebels in clashes in Cauca province on Saturday, the army said.
""", [
    ev("ASSAULT", "A car bomb exploded at a police academy in Bogota on Thursday, killing 21 cadets and injuring 68 others.", [], ["Colombian National Police"], where("Bogota"), day("2019-01-17"), "occurred", IED, None, 21, 68),
    ev("ASSAULT", "Colombian troops killed five ELN rebels in clashes in Cauca province on Saturday, the army said.", ["Colombian Armed Forces"], ["National Liberation Army (Colombia)"], where("Cauca"), day("2019-01-19"), "occurred", CLASH, "Colombian Armed Forces", 5),
])

doc("afghanistan_01", "2021-08-27", "Desk Asia", """
Two suicide bombers struck crowds outside Kabul airport on Thursday, killing at least 170 people, including 13 US service members.
Islamic State claimed the attack in a statement on its Amaq news agency.
US President Joe Biden vowed to hunt down those responsible.
The Taliban said their fighters had arrested several suspects in Kabul on Friday.
""", [
    ev("ASSAULT", "Two suicide bombers struck crowds outside Kabul airport on Thursday, killing at least 170 people, including 13 US service members.", ["Islamic State"], ["Civilians (Afghanistan)", "United States Armed Forces"], where("Kabul"), day("2021-08-26"), "occurred", SUI, None, 170),
    ev("THREATEN", "US President Joe Biden vowed to hunt down those responsible.", ["United States"], [], [], day("2021-08-27", "week"), "threatened", None, "Joe Biden"),
    ev("COERCE", "The Taliban said their fighters had arrested several suspects in Kabul on Friday.", ["Taliban"], [], where("Kabul"), day("2021-08-27"), "occurred", ARR, "Taliban"),
])

doc("karabakh_01", "2020-10-12", "Desk Caucasus", """
Armenia and Azerbaijan accuse each other of violating truce

Azerbaijan accused Armenian forces of shelling the city of Ganja on Sunday, killing nine civilians.
Armenia denied the accusation and said Azerbaijani troops had attacked Armenian positions in Nagorno-Karabakh on Sunday night.
Armenia and Azerbaijan agreed to a humanitarian ceasefire in Moscow on Saturday after talks hosted by Russia.
Russian Foreign Minister Sergei Lavrov urged both sides to respect the truce.
""", [
    ev("ASSAULT", "Azerbaijan accused Armenian forces of shelling the city of Ganja on Sunday, killing nine civilians.", ["Armenian Armed Forces"], ["Civilians (Azerbaijan)"], where("Ganja"), day("2020-10-11"), "claimed", SH, "Azerbaijan", 9),
    ev("ASSAULT", "Armenia denied the accusation and said Azerbaijani troops had attacked Armenian positions in Nagorno-Karabakh on Sunday night.", ["Azerbaijani Armed Forces"], ["Armenian Armed Forces"], where("Nagorno-Karabakh"), day("2020-10-11"), "claimed", CLASH, "Armenia"),
    ev("AGREE", "Armenia and Azerbaijan agreed to a humanitarian ceasefire in Moscow on Saturday after talks hosted by Russia.", ["Armenia", "Azerbaijan"], [], where("Moscow"), day("2020-10-10"), "occurred", AGR),
    ev("DEMAND", "Russian Foreign Minister Sergei Lavrov urged both sides to respect the truce.", ["Russia"], ["Armenia", "Azerbaijan"], [], day("2020-10-12", "week"), "occurred", None, "Sergey Lavrov"),
])

doc("mozambique_01", "2021-03-29", "Desk Southern Africa", """
Islamic State fighters attacked the town of Palma on Wednesday, killing dozens of civilians, Mozambique's defence ministry said.
Rwanda said it would send 1,000 troops to Cabo Delgado province to help fight the insurgency.
Government troops retook the town on Sunday, the army said.
""", [
    ev("ASSAULT", "Islamic State fighters attacked the town of Palma on Wednesday, killing dozens of civilians, Mozambique's defence ministry said.", ["Islamic State"], ["Civilians (Mozambique)"], where("Palma"), day("2021-03-24"), "claimed", VAC, "Mozambique"),
    ev("MOBILIZE", "Rwanda said it would send 1,000 troops to Cabo Delgado province to help fight the insurgency.", ["Rwanda"], [], where("Cabo Delgado"), None, "planned", None, "Rwanda"),
    ev("ASSAULT", "Government troops retook the town on Sunday, the army said.", ["Mozambican Armed Forces"], [], where("Palma"), day("2021-03-28"), "occurred", GOVT, "Mozambican Armed Forces"),
])

doc("iraq_01", "2020-01-06", "Desk Iraq", """
Rockets hit near US embassy in Baghdad

Three rockets struck near the US embassy in Baghdad's Green Zone on Sunday night, security sources said.
Kataib Hezbollah threatened to attack US forces in Iraq unless they leave the country.
Iraqi security forces arrested 12 protesters in Nasiriyah on Saturday, according to a local rights group.
Protesters blocked roads in Basra on Monday, demanding early elections.
""", [
    ev("ASSAULT", "Three rockets struck near the US embassy in Baghdad's Green Zone on Sunday night, security sources said.", [], ["United States"], where("Baghdad"), day("2020-01-05"), "claimed", SH, "Security sources"),
    ev("THREATEN", "Kataib Hezbollah threatened to attack US forces in Iraq unless they leave the country.", ["Kataib Hezbollah"], ["United States Armed Forces"], where("Iraq"), day("2020-01-06", "week"), "threatened"),
    ev("COERCE", "Iraqi security forces arrested 12 protesters in Nasiriyah on Saturday, according to a local rights group.", ["Iraqi Security Forces"], ["Protesters (Iraq)"], where("Nasiriyah"), day("2020-01-04"), "claimed", ARR, "Local rights group"),
    ev("PROTEST", "Protesters blocked roads in Basra on Monday, demanding early elections.", ["Protesters (Iraq)"], [], where("Basra"), day("2020-01-06"), "occurred", PP),
])

doc("iraq_02", "2022-04-21", "Desk Iraq", """
Turkish warplanes struck PKK positions in the Qandil mountains of northern Iraq on Wednesday, the Turkish defence ministry said.
Iraq's foreign ministry summoned the Turkish ambassador in protest.
""", [
    ev("ASSAULT", "Turkish warplanes struck PKK positions in the Qandil mountains of northern Iraq on Wednesday, the Turkish defence ministry said.", ["Turkish Armed Forces"], ["Kurdistan Workers' Party"], where("Qandil"), day("2022-04-20"), "occurred", AIR, "Turkey"),
    ev("DISAPPROVE", "Iraq's foreign ministry summoned the Turkish ambassador in protest.", ["Iraq"], ["Turkey"], [], day("2022-04-21", "week")),
])

doc("haiti_01", "2023-04-25", "Desk Caribbean", """
Gunmen from the 400 Mawozo gang attacked a police station in Croix-des-Bouquets on Sunday, killing four officers, police said.
The UN Security Council urged Haiti's government to restore order.
Haitian police arrested a gang leader in Port-au-Prince on Monday.
""", [
    ev("ASSAULT", "Gunmen from the 400 Mawozo gang attacked a police station in Croix-des-Bouquets on Sunday, killing four officers, police said.", ["400 Mawozo"], ["Haitian National Police"], where("Croix-des-Bouquets"), day("2023-04-23"), "claimed", CLASH, "Haitian National Police", 4),
    ev("DEMAND", "The UN Security Council urged Haiti's government to restore order.", ["UN Security Council"], ["Haiti"], [], day("2023-04-25", "week")),
    ev("COERCE", "Haitian police arrested a gang leader in Port-au-Prince on Monday.", ["Haitian National Police"], [], where("Port-au-Prince"), day("2023-04-24"), "occurred", ARR),
])

GOLD.write(HERE)
