"""The words the scale corpus is made of: provider names, title patterns, credentials, streets.

A choice among them is an index into the tuple, so their order is part of the seeded output.
"""

from __future__ import annotations

PROVIDER_PREFIXES = (
    "Lone Star", "Riverside", "Summit", "Keystone", "Heritage", "Pinecrest", "Bayview", "Northgate",
    "Prairie", "Harbor", "Crossroads", "Valley", "Metro", "Capitol", "Lakeshore", "Cedar Ridge",
    "Redwood", "Liberty", "Pioneer", "Golden Gate", "Blue Ridge", "Magnolia", "Ironwood", "Sunrise",
)  # fmt: skip
PROVIDER_KINDS = (
    "Community College", "Technical College", "Medical Career College", "Allied Health Institute",
    "Health Training Academy", "CPR and First Aid", "Commercial Driver Institute", "Trade School",
    "Vocational Center", "Adult Education Center", "School of Health Careers",
    "Regional Medical Center Clinical Education", "Career Institute", "Skills Center",
)  # fmt: skip
ONLINE_PROVIDERS = (
    "CodeBlue Online Certification", "ReadyPulse eLearning", "Lifeline eLearning Resuscitation",
    "CareerStep Online Academy", "MedPath Distance Learning", "SkillBridge Online",
    "NurseAide Online Institute", "TradeWise Virtual Campus", "Allied Health Online School",
)  # fmt: skip
PROGRAM_TITLES = (
    "{career} Certificate", "{career} Training Program", "{alias} Course", "{career} Program",
    "Accelerated {career} Program", "{career} Evening Program", "{alias} Certification Prep",
    "{career} Career Training", "{alias} Class", "Certified {career} Training",
    "{career} Diploma", "Weekend {alias} Course",
)  # fmt: skip
ARTICLE_TITLES = (
    "How to become a {career}", "{career} career guide", "{career} salary and job outlook",
    "{alias} certification: what to know", "Best {career} programs in {city}",
    "{career} training in {state}: costs, length and licensing", "Is {alias} a good career?",
    "What does a {career} do?", "{alias} classes: online or in person?",
)  # fmt: skip
CREDENTIALS = (
    "Certificate of completion", "Prepares for the national certification exam",
    "State certification", "Industry credential", "Diploma", "Certification card",
    "License eligibility",
)  # fmt: skip
SCHEDULES = ("Evenings, Tue/Thu", "Weekdays", "Saturdays", "Self-paced", "Evenings, Mon-Thu")
STREETS = ("Main Street", "Broadway", "Oak Avenue", "Park Road", "Commerce Drive", "1st Street")
