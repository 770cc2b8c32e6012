"""Writes the 'other conflicts' gold set (texts written by the eventwatch events engineer)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _goldkit import AGR, AIR, CLASH, GOVT, IED, NSA, PP, SH, SUI, GoldSet, day, ev  # noqa: E402

HERE = Path(__file__).resolve().parents[1] / "examples" / "other"
P = {
    "Tarhuna": ("Tarhuna", "Murqub", "LY", 32.435, 13.634, 1), "Tripoli": ("Tripoli", "Tripoli", "LY", 32.887, 13.191, 1),
    "Sirte": ("Sirte", "Sirte", "LY", 31.205, 16.588, 1), "Kharkiv": ("Kharkiv", "Kharkiv", "UA", 49.994, 36.231, 1),
    "Bakhmut": ("Bakhmut", "Donetsk", "UA", 48.595, 38.000, 2), "Kyiv": ("Kyiv", "Kyiv City", "UA", 50.450, 30.523, 1),
    "Odesa": ("Odesa", "Odesa", "UA", 46.482, 30.723, 1), "Djibo": ("Djibo", "Sahel", "BF", 14.102, -1.627, 1),
    "Timbuktu": ("Timbuktu", "Tombouctou", "ML", 16.773, -3.007, 1), "Kidal": ("Kidal", "Kidal", "ML", 18.441, 1.407, 1),
    "Marib": ("Marib", "Marib", "YE", 15.462, 45.325, 1), "Hodeidah": ("Hodeidah", "Al Hudaydah", "YE", 14.798, 42.954, 1),
    "Khartoum": ("Khartoum", "Khartoum", "SD", 15.501, 32.560, 1), "El Fasher": ("El Fasher", "North Darfur", "SD", 13.628, 25.349, 1),
    "Goma": ("Goma", "North Kivu", "CD", -1.679, 29.222, 1), "Sake": ("Sake", "North Kivu", "CD", -1.573, 29.045, 1),
    "Rubaya": ("Rubaya", "North Kivu", "CD", -1.560, 28.880, 1),
    "Lashio": ("Lashio", "Shan", "MM", 22.936, 97.750, 1), "Sittwe": ("Sittwe", "Rakhine", "MM", 20.146, 92.897, 1),
    "Mogadishu": ("Mogadishu", "Banaadir", "SO", 2.046, 45.318, 1), "Niamey": ("Niamey", "Niamey", "NE", 13.512, 2.112, 1),
    "Wad Madani": ("Wad Madani", "Al Jazirah", "SD", 14.402, 33.519, 1),
}


GOLD = GoldSet(P)
where, doc = GOLD.where, GOLD.doc


doc("libya_01", "2020-06-06", "Desk Libya", """
GNA forces retake Tarhuna

Forces of the Government of National Accord recaptured the town of Tarhuna on Friday, a GNA spokesman said.
The Libyan National Army shelled residential areas of Tripoli on Thursday, killing four civilians.
Haftar forces later withdrew towards Sirte.
""", [
    ev("ASSAULT", "Forces of the Government of National Accord recaptured the town of Tarhuna on Friday", ["Government of National Accord (Libya)"], [], where("Tarhuna"), day("2020-06-05"), "occurred", GOVT, "Government of National Accord (Libya)"),
    ev("ASSAULT", "The Libyan National Army shelled residential areas of Tripoli on Thursday, killing four civilians.", ["Libyan National Army"], ["Civilians (Libya)"], where("Tripoli"), day("2020-06-04"), "occurred", SH, None, 4),
    ev("RETREAT", "Haftar forces later withdrew towards Sirte.", ["Libyan National Army"], [], where("Sirte"), day("2020-06-06", "week")),
])

doc("ukraine_01", "2023-03-10", "Desk Ukraine", """
Russian forces fired dozens of missiles at Kyiv and Odesa overnight, killing at least nine people, according to Ukrainian officials.
In Kharkiv, a missile strike injured three residents.
Russian troops attacked Ukrainian positions near Bakhmut on Thursday.
""", [
    ev("ASSAULT", "Russian forces fired dozens of missiles at Kyiv and Odesa overnight, killing at least nine people, according to Ukrainian officials.", ["Russian Armed Forces"], ["Civilians (Ukraine)"], where("Kyiv", "Odesa"), day("2023-03-09"), "claimed", SH, "Ukrainian officials", 9),
    ev("ASSAULT", "In Kharkiv, a missile strike injured three residents.", [], ["Civilians (Ukraine)"], where("Kharkiv"), day("2023-03-10", "week"), "occurred", SH, None, None, 3),
    ev("ASSAULT", "Russian troops attacked Ukrainian positions near Bakhmut on Thursday.", ["Russian Armed Forces"], ["Ukrainian Armed Forces"], where("Bakhmut"), day("2023-03-09"), "occurred", CLASH),
])

doc("ukraine_02", "2023-07-18", "Desk Ukraine", """
Russia refused to extend the Black Sea grain deal on Monday.
The United Nations urged Moscow to reverse the decision.
Ukrainian President Volodymyr Zelensky said Kyiv was ready to continue exports without Russian participation.
""", [
    ev("REJECT", "Russia refused to extend the Black Sea grain deal on Monday.", ["Russia"], [], [], day("2023-07-17")),
    ev("DEMAND", "The United Nations urged Moscow to reverse the decision.", ["United Nations"], ["Russia"], [], day("2023-07-18", "week")),
])

doc("sahel_01", "2022-11-28", "Desk Sahel", """
Jihadists from Jama'at Nusrat al-Islam wal-Muslimin (JNIM) attacked a military convoy near Djibo on Saturday, killing 12 soldiers, the army said.
The Burkinabe army said it killed 30 assailants in the fighting.
Residents of Djibo have been under blockade for months.
""", [
    ev("ASSAULT", "Jihadists from Jama'at Nusrat al-Islam wal-Muslimin (JNIM) attacked a military convoy near Djibo on Saturday, killing 12 soldiers, the army said.", ["Jama'at Nusrat al-Islam wal-Muslimin"], ["Burkinabe Armed Forces"], where("Djibo"), day("2022-11-26"), "claimed", CLASH, "Burkinabe Armed Forces", 12),
])

doc("mali_01", "2023-11-15", "Desk Sahel", """
The Malian army and Wagner fighters captured the northern town of Kidal on Tuesday, the transitional government announced.
Tuareg rebels of the Strategic Framework for the Defence of the People of Azawad withdrew from the town.
The rebels vowed to continue the fight.
""", [
    ev("ASSAULT", "The Malian army and Wagner fighters captured the northern town of Kidal on Tuesday, the transitional government announced.", ["Malian Armed Forces", "Wagner Group"], [], where("Kidal"), day("2023-11-14"), "occurred", GOVT, "Mali"),
    ev("RETREAT", "Tuareg rebels of the Strategic Framework for the Defence of the People of Azawad withdrew from the town.", ["Strategic Framework for the Defence of the People of Azawad"], [], where("Kidal"), day("2023-11-15", "week")),
])

doc("mali_02", "2023-09-08", "Desk Sahel", """
A rocket attack by JNIM on a passenger boat on the Niger River near Timbuktu killed 49 civilians and 15 soldiers on Thursday, the government said.
The government declared three days of national mourning.
""", [
    ev("ASSAULT", "A rocket attack by JNIM on a passenger boat on the Niger River near Timbuktu killed 49 civilians and 15 soldiers on Thursday, the government said.", ["Jama'at Nusrat al-Islam wal-Muslimin"], ["Civilians (Mali)", "Malian Armed Forces"], where("Timbuktu"), day("2023-09-07"), "claimed", SH, "Mali", 49),
])

doc("yemen_01", "2021-02-16", "Desk Yemen", """
Houthi fighters launched a major offensive on Marib, the government's last stronghold in the north, on Monday.
Saudi-led coalition warplanes carried out airstrikes on Houthi positions west of Marib.
The United States called on the Houthis to halt the offensive.
""", [
    ev("ASSAULT", "Houthi fighters launched a major offensive on Marib, the government's last stronghold in the north, on Monday.", ["Houthis"], ["Yemeni government"], where("Marib"), day("2021-02-15"), "occurred", CLASH),
    ev("ASSAULT", "Saudi-led coalition warplanes carried out airstrikes on Houthi positions west of Marib.", ["Saudi-led coalition"], ["Houthis"], where("Marib"), day("2021-02-16", "week"), "occurred", AIR),
    ev("DEMAND", "The United States called on the Houthis to halt the offensive.", ["United States"], ["Houthis"], [], day("2021-02-16", "week")),
])

doc("yemen_02", "2024-01-13", "Desk Yemen", """
The United States and Britain struck Houthi targets in Hodeidah on Friday.
The Houthis threatened to retaliate against American and British interests.
""", [
    ev("ASSAULT", "The United States and Britain struck Houthi targets in Hodeidah on Friday.", ["United States", "United Kingdom"], ["Houthis"], where("Hodeidah"), day("2024-01-12"), "occurred", AIR),
    ev("THREATEN", "The Houthis threatened to retaliate against American and British interests.", ["Houthis"], ["United States", "United Kingdom"], [], day("2024-01-13", "week"), "threatened"),
])

doc("sudan_01", "2023-04-17", "Desk Sudan", """
Heavy fighting between the Sudanese army and the Rapid Support Forces continued in Khartoum on Sunday.
The army carried out air strikes on RSF bases in the capital.
The doctors' union said at least 97 civilians have been killed since Saturday.
""", [
    ev("ASSAULT", "Heavy fighting between the Sudanese army and the Rapid Support Forces continued in Khartoum on Sunday.", ["Sudanese Armed Forces", "Rapid Support Forces"], [], where("Khartoum"), day("2023-04-16"), "occurred", CLASH),
    ev("ASSAULT", "The army carried out air strikes on RSF bases in the capital.", ["Sudanese Armed Forces"], ["Rapid Support Forces"], where("Khartoum"), day("2023-04-17", "week"), "occurred", AIR),
])

doc("sudan_02", "2023-12-20", "Desk Sudan", """
The Rapid Support Forces seized Wad Madani, the capital of Al Jazirah state, on Monday.
Thousands of residents protested in Port Sudan on Tuesday against the army's withdrawal.
""", [
    ev("ASSAULT", "The Rapid Support Forces seized Wad Madani, the capital of Al Jazirah state, on Monday.", ["Rapid Support Forces"], [], where("Wad Madani"), day("2023-12-18"), "occurred", NSA),
    ev("PROTEST", "Thousands of residents protested in Port Sudan on Tuesday against the army's withdrawal.", ["Protesters (Sudan)"], ["Sudanese Armed Forces"], [], day("2023-12-19"), "occurred", PP),
])

doc("drc_01", "2024-02-10", "Desk Great Lakes", """
M23 rebels shelled positions of the Congolese army near Sake on Wednesday, killing three soldiers.
The Congolese government accused Rwanda of backing the rebels.
Kigali rejected the accusation.
""", [
    ev("ASSAULT", "M23 rebels shelled positions of the Congolese army near Sake on Wednesday, killing three soldiers.", ["M23"], ["Congolese Armed Forces"], where("Sake"), day("2024-02-07"), "occurred", SH, None, 3),
    ev("DISAPPROVE", "The Congolese government accused Rwanda of backing the rebels.", ["Democratic Republic of the Congo"], ["Rwanda"], [], day("2024-02-10", "week")),
    ev("REJECT", "Kigali rejected the accusation.", ["Rwanda"], ["Democratic Republic of the Congo"], [], day("2024-02-10", "week")),
])

doc("drc_02", "2024-05-02", "Desk Great Lakes", """
M23 fighters captured the mining town of Rubaya on Tuesday after clashes with pro-government militias.
The United Nations warned that the fighting could spread to Goma.
""", [
    ev("ASSAULT", "M23 fighters captured the mining town of Rubaya on Tuesday after clashes with pro-government militias.", ["M23"], ["Wazalendo militias"], where("Rubaya"), day("2024-04-30"), "occurred", NSA),
    ev("THREATEN", "The United Nations warned that the fighting could spread to Goma.", ["United Nations"], [], where("Goma"), day("2024-05-02", "week"), "threatened"),
])

doc("myanmar_01", "2023-11-02", "Desk Myanmar", """
Ethnic armed groups of the Three Brotherhood Alliance attacked military posts in northern Shan State on Friday.
The military junta said it launched air strikes against the insurgents near Lashio.
""", [
    ev("ASSAULT", "Ethnic armed groups of the Three Brotherhood Alliance attacked military posts in northern Shan State on Friday.", ["Three Brotherhood Alliance"], ["Myanmar Armed Forces"], where("Lashio"), day("2023-10-27"), "occurred", CLASH),
    ev("ASSAULT", "The military junta said it launched air strikes against the insurgents near Lashio.", ["Myanmar Armed Forces"], ["Three Brotherhood Alliance"], where("Lashio"), day("2023-11-02", "week"), "occurred", AIR, "Myanmar Armed Forces"),
])

doc("myanmar_02", "2024-03-20", "Desk Myanmar", """
The Arakan Army threatened to attack Sittwe, the capital of Rakhine State.
The junta deployed reinforcements to the city on Tuesday.
""", [
    ev("THREATEN", "The Arakan Army threatened to attack Sittwe, the capital of Rakhine State.", ["Arakan Army"], ["Myanmar Armed Forces"], where("Sittwe"), day("2024-03-20", "week"), "threatened"),
    ev("MOBILIZE", "The junta deployed reinforcements to the city on Tuesday.", ["Myanmar Armed Forces"], [], where("Sittwe"), day("2024-03-19")),
])

doc("somalia_01", "2022-10-31", "Desk Horn", """
Two car bombs exploded near the education ministry in Mogadishu on Saturday, killing at least 100 people, President Hassan Sheikh Mohamud said.
Al-Shabaab claimed the attack.
The African Union condemned the bombing.
""", [
    ev("ASSAULT", "Two car bombs exploded near the education ministry in Mogadishu on Saturday, killing at least 100 people, President Hassan Sheikh Mohamud said.", ["Al-Shabaab"], ["Civilians (Somalia)"], where("Mogadishu"), day("2022-10-29"), "claimed", ["Explosions/Remote violence", "Remote explosive/landmine/IED"], "Hassan Sheikh Mohamud", 100),
    ev("DISAPPROVE", "The African Union condemned the bombing.", ["African Union"], ["Al-Shabaab"], [], day("2022-10-31", "week")),
])

doc("niger_01", "2023-08-07", "Desk Sahel", """
ECOWAS threatened military intervention in Niger if the junta did not restore President Mohamed Bazoum.
Thousands of junta supporters rallied in Niamey on Sunday.
The junta closed Niger's airspace.
""", [
    ev("THREATEN", "ECOWAS threatened military intervention in Niger if the junta did not restore President Mohamed Bazoum.", ["ECOWAS"], ["Niger"], [], day("2023-08-07", "week"), "threatened"),
    ev("PROTEST", "Thousands of junta supporters rallied in Niamey on Sunday.", ["Protesters (Niger)"], [], where("Niamey"), day("2023-08-06"), "occurred", PP),
])

GOLD.write(HERE)
