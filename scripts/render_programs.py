"""Render the sample program pages of the course-search corpus.

Reads ``corpus/facts/programs.csv`` and writes one HTML page per row to
``corpus/programs/<state code lowercase, or "online">/<id>.html``.  Pages carry the
structured data named in the row's ``markup`` column (schema.org Course or
EducationalOccupationalProgram as JSON-LD, Course as microdata, or none) and always show
the same facts visibly in the body, followed by description prose composed from
per-career sentence templates.  Output is deterministic: every random choice is seeded by
the row id.  Pages that an earlier run wrote (recognised by the generator meta tag) but that
no longer have a row are deleted.

Usage: ``python scripts/render_programs.py [--facts PATH] [--out DIR]``
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACTS_CSV = ROOT / "corpus" / "facts" / "programs.csv"
OUT_DIR = ROOT / "corpus" / "programs"
SEED = "course-search-programs-v1"
GENERATOR = "course-search scripts/render_programs.py"
MARKUPS = ("jsonld-course", "jsonld-program", "microdata", "none")
FORMATS = ("in-person", "online", "hybrid")
NJ_SOURCE_NOTE = (
    "Program facts (provider, address, cost, clock hours, length) come from New Jersey's "
    "Eligible Training Provider List, snapshot of 2021-03-29. The description is written by "
    "course-search."
)
SAMPLE_NOTE = "Sample listing: the provider is fictional and the details are illustrative."


@dataclass(frozen=True)
class Career:
    """Writing material for one canonical career."""

    soc: str | None
    sector: str
    role: str
    aliases: tuple[str, ...]
    topics: tuple[str, ...]
    hands_on: tuple[str, ...]
    online_practice: str
    audience: tuple[str, ...]
    settings: tuple[str, ...]


@dataclass(frozen=True)
class Program:
    """One row of the facts table."""

    id: str
    career: str
    title: str
    provider: str
    street: str
    city: str
    state: str
    zip: str
    format: str
    cost: int | None
    hours: int | None
    weeks: int | None
    credential: str
    schedule: str
    markup: str

    @property
    def online(self) -> bool:
        return self.format == "online"

    @property
    def folder(self) -> str:
        return "online" if self.online or not self.state else self.state.lower()

    @property
    def place(self) -> str:
        return "Online" if self.online else f"{self.city}, {self.state}"

    @property
    def address(self) -> str:
        if self.online:
            return ""
        return f"{self.street}, {self.city}, {self.state} {self.zip}".lstrip(", ")


CAREERS: dict[str, Career] = {
    "Pharmacy Technician": Career(
        soc="29-2052",
        sector="health",
        role="pharmacy technician",
        aliases=("pharmacy tech", "CPhT", "pharmacy technician"),
        topics=(
            "pharmacy law and ethics",
            "brand and generic drug names",
            "prescription intake and verification",
            "dosage calculations",
            "sterile and non-sterile compounding",
            "inventory control and insurance billing",
            "medication safety and error prevention",
            "pharmacy software and labeling",
        ),
        hands_on=(
            "Lab sessions use a mock dispensary where students count, package and label "
            "prescriptions.",
            "A retail or hospital pharmacy externship is arranged near the end of the course.",
            "Students practise calculations every week until conversions and days-supply math "
            "become routine.",
            "Compounding is taught with aseptic-technique demonstrations and supervised practice.",
        ),
        online_practice="calculations are drilled with interactive quizzes and students work "
        "through a virtual pharmacy simulation",
        audience=(
            "It is a practical fit for people who like detail work and want a steady role in "
            "retail, hospital or mail-order pharmacy.",
            "Many students already work as pharmacy cashiers or clerks and want to move behind "
            "the counter.",
            "Most state boards register technicians, so expect a background check at enrollment.",
        ),
        settings=(
            "community pharmacies",
            "hospital pharmacies",
            "mail-order and specialty pharmacies",
            "long-term care pharmacies",
        ),
    ),
    "PALS Provider": Career(
        soc=None,
        sector="resus",
        role="PALS provider",
        aliases=(
            "Pediatric Advanced Life Support",
            "PALS certification",
            "pediatric resuscitation",
        ),
        topics=(
            "the systematic pediatric assessment",
            "respiratory distress and failure",
            "recognizing and treating shock",
            "pediatric cardiac arrest algorithms",
            "bradycardia and tachycardia with a pulse",
            "post-resuscitation care",
            "team dynamics and closed-loop communication",
            "high-quality infant and child CPR",
        ),
        hands_on=(
            "Most of the session is spent at scenario stations with pediatric manikins and a "
            "monitor-defibrillator.",
            "Each participant leads at least one mock code and rotates through the team roles.",
            "The skills test includes infant and child CPR with a bag-mask device.",
        ),
        online_practice="the cognitive portion is online and a hands-on skills check with an "
        "instructor is required before the card is issued",
        audience=(
            "It is intended for nurses, paramedics, respiratory therapists and physicians who "
            "care for infants and children.",
            "Pediatric, emergency and urgent-care staff usually need the card as a condition of "
            "employment.",
            "A current BLS provider card is expected before the course starts.",
        ),
        settings=(
            "pediatric units",
            "emergency departments",
            "urgent care clinics",
            "ambulance services",
        ),
    ),
    "BLS / CPR": Career(
        soc=None,
        sector="resus",
        role="BLS provider",
        aliases=("CPR certification", "Basic Life Support", "CPR/AED training", "BLS"),
        topics=(
            "high-quality chest compressions",
            "rescue breathing with a pocket mask and bag-mask device",
            "AED use",
            "adult, child and infant CPR",
            "choking relief",
            "two-rescuer CPR",
            "recognizing cardiac arrest",
            "opioid-overdose response",
        ),
        hands_on=(
            "Students practise compressions on feedback manikins that show rate and depth in "
            "real time.",
            "The class ends with a skills test and a short written exam.",
            "Every participant runs one- and two-rescuer scenarios with a training AED.",
        ),
        online_practice="the video lessons and quiz are online, and an in-person skills check "
        "with an instructor completes the card",
        audience=(
            "Most nursing, allied health and EMS programs require it before clinicals begin.",
            "Teachers, coaches, childcare workers and fitness staff often take it to meet "
            "workplace rules.",
            "Healthcare workers use it to renew a card before it lapses.",
        ),
        settings=("hospitals", "clinics", "schools", "fitness centers"),
    ),
    "ACLS Provider": Career(
        soc=None,
        sector="resus",
        role="ACLS provider",
        aliases=(
            "Advanced Cardiovascular Life Support",
            "ACLS certification",
            "advanced cardiac life support",
        ),
        topics=(
            "the BLS and ACLS assessments",
            "cardiac arrest algorithms for VF, pulseless VT, asystole and PEA",
            "advanced airway management",
            "ECG rhythm recognition",
            "resuscitation pharmacology",
            "acute coronary syndromes and stroke",
            "bradycardia and tachycardia management",
            "post-cardiac arrest care",
        ),
        hands_on=(
            "Megacode scenarios put each student in the team-leader role with a "
            "monitor-defibrillator.",
            "Rhythm-recognition drills run throughout the course.",
            "The course finishes with a megacode test and a written exam.",
        ),
        online_practice="the cognitive portion is online and a hands-on megacode check with an "
        "instructor is required before the card is issued",
        audience=(
            "It is designed for nurses, paramedics, physicians and respiratory therapists in "
            "acute care.",
            "Critical-care, telemetry and emergency staff usually have to hold a current card.",
            "Students should be able to read basic ECG rhythms and hold a current BLS card.",
        ),
        settings=(
            "intensive care units",
            "emergency departments",
            "telemetry units",
            "ambulance services",
        ),
    ),
    "Certified Nursing Assistant": Career(
        soc="31-1131",
        sector="health",
        role="nursing assistant",
        aliases=("CNA", "nurse aide", "certified nurse aide", "nursing assistant"),
        topics=(
            "infection control and hand hygiene",
            "taking vital signs",
            "bathing, grooming and toileting",
            "safe transfers and body mechanics",
            "residents' rights and communication",
            "feeding and measuring intake and output",
            "recognizing changes in a resident's condition",
            "dementia care basics",
        ),
        hands_on=(
            "Clinical hours take place in a long-term care facility under the supervision of a "
            "licensed nurse.",
            "Students practise every skill on the state checklist in a skills lab before "
            "clinicals.",
            "Skills such as measuring blood pressure and making an occupied bed are rehearsed "
            "until students can perform them unprompted.",
        ),
        online_practice="theory is online, and clinical hours are completed in person",
        audience=(
            "It is a common first step for people planning to become LPNs or RNs.",
            "It suits caring, patient people who are comfortable with physical work.",
            "Many graduates start in nursing homes and later move to hospital roles.",
        ),
        settings=(
            "nursing homes",
            "assisted living facilities",
            "hospitals",
            "rehabilitation centers",
        ),
    ),
    "Phlebotomy Technician": Career(
        soc="31-9097",
        sector="health",
        role="phlebotomy technician",
        aliases=("phlebotomist", "phlebotomy tech", "blood draw technician"),
        topics=(
            "venipuncture with evacuated tubes, syringes and butterfly needles",
            "the order of draw",
            "capillary and heel sticks",
            "specimen labeling, handling and processing",
            "circulatory system anatomy",
            "infection control and needle safety",
            "patient identification",
            "point-of-care testing",
        ),
        hands_on=(
            "Students complete supervised venipunctures on training arms before moving on to "
            "live draws.",
            "A clinical externship requires students to log a set number of successful "
            "venipunctures and capillary sticks.",
            "Lab time focuses on tube selection, tourniquet placement and centrifuging samples.",
        ),
        online_practice="theory is taught online; students still need a supervised clinical or "
        "skills check to document live draws",
        audience=(
            "It suits people who want a short route into healthcare and stay calm around needles.",
            "Medical assistants and CNAs often add phlebotomy to widen their job options.",
            "Applicants generally need a high school diploma or GED and current immunizations.",
        ),
        settings=(
            "hospital labs",
            "outpatient draw stations",
            "blood donation centers",
            "physician offices",
        ),
    ),
    "Medical Assistant": Career(
        soc="31-9092",
        sector="health",
        role="medical assistant",
        aliases=("MA", "clinical medical assistant", "CCMA", "certified medical assistant"),
        topics=(
            "vital signs and patient histories",
            "injections and medication administration",
            "EKGs and phlebotomy",
            "medical terminology",
            "electronic health records",
            "scheduling and insurance basics",
            "assisting with exams and minor procedures",
            "HIPAA and office safety",
        ),
        hands_on=(
            "An externship in a physician's office or clinic gives students supervised time with "
            "real patients.",
            "Clinical labs cover injections, EKG lead placement and venipuncture.",
            "Students rotate between front-office and back-office stations in a simulated clinic.",
        ),
        online_practice="lectures and EHR practice are online, and students attend skills "
        "check-offs and an externship in person",
        audience=(
            "It suits people who want both patient contact and office work.",
            "Many students come from retail or customer-service jobs and want a healthcare "
            "career without a long degree.",
            "Graduates often use the role as a stepping stone toward nursing or healthcare "
            "administration.",
        ),
        settings=(
            "physician practices",
            "urgent care centers",
            "specialty clinics",
            "outpatient hospital departments",
        ),
    ),
    "EKG Technician": Career(
        soc="29-2031",
        sector="health",
        role="EKG technician",
        aliases=("ECG technician", "EKG tech", "electrocardiograph technician", "monitor tech"),
        topics=(
            "cardiac anatomy and the conduction system",
            "12-lead EKG placement",
            "rhythm strip interpretation",
            "Holter and event monitoring",
            "stress testing basics",
            "recognizing artifact and troubleshooting",
            "patient preparation and safety",
            "cardiology terminology",
        ),
        hands_on=(
            "Students run 12-lead EKGs on classmates and manikins until lead placement is "
            "automatic.",
            "Rhythm labs cover sinus rhythms, atrial fibrillation, heart blocks and ventricular "
            "arrhythmias.",
            "A short clinical rotation lets students record tracings under supervision.",
        ),
        online_practice="rhythm interpretation is taught online and students record a set number "
        "of tracings at a proctored skills session",
        audience=(
            "It is a short credential that medical assistants and patient care technicians often "
            "add.",
            "It suits detail-oriented people who are curious about cardiology.",
            "Some students use it as a first step toward cardiovascular technology programs.",
        ),
        settings=(
            "hospital cardiology departments",
            "telemetry units",
            "cardiology practices",
            "diagnostic labs",
        ),
    ),
    "Emergency Medical Technician": Career(
        soc="29-2042",
        sector="health",
        role="emergency medical technician",
        aliases=("EMT", "EMT-Basic", "EMT-B", "ambulance EMT"),
        topics=(
            "patient assessment",
            "airway management and oxygen therapy",
            "trauma care and bleeding control",
            "stroke, seizure and diabetic emergencies",
            "childbirth and pediatric emergencies",
            "ambulance operations and safety",
            "spinal motion restriction",
            "documentation and radio reports",
        ),
        hands_on=(
            "Students ride along with an ambulance crew and complete emergency-department "
            "observation shifts.",
            "Skills labs cover splinting, bleeding control, bag-mask ventilation and patient "
            "lifts.",
            "Scenario days put students through full patient assessments under time pressure.",
        ),
        online_practice="lectures are online, and skills labs and ride-alongs are in person",
        audience=(
            "It is the entry point for careers in ambulance service, firefighting and "
            "paramedicine.",
            "Volunteer squad members and aspiring firefighters make up much of each class.",
            "Applicants must be at least 18, pass a background check and hold a current CPR card.",
        ),
        settings=(
            "private ambulance services",
            "fire departments",
            "hospital emergency departments",
            "event medical teams",
        ),
    ),
    "Patient Care Technician": Career(
        soc=None,
        sector="health",
        role="patient care technician",
        aliases=("PCT", "patient care tech", "patient care assistant", "CPCT"),
        topics=(
            "nursing-assistant skills",
            "phlebotomy",
            "12-lead EKGs",
            "vital signs and glucose checks",
            "infection control",
            "patient mobility and safety",
            "catheter and wound-care support",
            "communicating with the care team",
        ),
        hands_on=(
            "Clinical rotations on hospital units let students practise patient care, EKGs and "
            "blood draws under supervision.",
            "Skills labs combine nursing-assistant tasks with venipuncture and EKG practice.",
            "Students keep a skills log signed by their clinical instructors.",
        ),
        online_practice="theory is online and students complete skills check-offs and a clinical "
        "practicum in person",
        audience=(
            "It suits people who want a hospital job with more technical duties than a CNA.",
            "CNAs often enroll to add phlebotomy and EKG skills in one program.",
            "Hospitals and dialysis centers both hire PCTs, so graduates have several paths.",
        ),
        settings=(
            "hospital medical-surgical units",
            "dialysis centers",
            "emergency departments",
            "rehabilitation hospitals",
        ),
    ),
    "Sterile Processing Technician": Career(
        soc="31-9093",
        sector="health",
        role="sterile processing technician",
        aliases=("central service technician", "SPD tech", "CRCST", "sterile processing tech"),
        topics=(
            "decontamination and cleaning",
            "surgical instrument identification",
            "assembling instrument trays",
            "steam and low-temperature sterilization",
            "sterile storage and distribution",
            "infection prevention standards",
            "quality assurance and record keeping",
            "equipment handling and safety",
        ),
        hands_on=(
            "Students assemble instrument sets in a practice lab using count sheets.",
            "The program helps students line up the hands-on hours that certification requires.",
            "Lab work includes loading sterilizers and reading chemical and biological indicators.",
        ),
        online_practice="coursework is online, and students arrange a hospital practicum to "
        "complete their hands-on hours",
        audience=(
            "It suits careful, organized people who prefer behind-the-scenes hospital work.",
            "It is a good fit for people who want a hospital role with little direct patient "
            "contact.",
            "No prior healthcare experience is needed.",
        ),
        settings=(
            "hospital sterile processing departments",
            "ambulatory surgery centers",
            "dental and specialty clinics",
        ),
    ),
    "Medical Billing and Coding": Career(
        soc="29-2072",
        sector="health",
        role="medical biller and coder",
        aliases=(
            "medical coding",
            "medical billing specialist",
            "medical coder",
            "medical records specialist",
            "billing and coding",
        ),
        topics=(
            "ICD-10-CM diagnosis coding",
            "CPT and HCPCS procedure coding",
            "medical terminology and anatomy",
            "claims submission and denials",
            "HIPAA and compliance",
            "the revenue cycle",
            "Medicare and Medicaid payer rules",
            "electronic health records",
        ),
        hands_on=(
            "Students code case studies drawn from outpatient and inpatient records.",
            "Practice claims are built and submitted in a simulated billing system.",
            "Weekly coding drills build speed with the code books.",
        ),
        online_practice="students work through coding case studies on an online platform and "
        "take timed practice exams",
        audience=(
            "It suits people who like detail work and want a desk job in healthcare.",
            "Many coders move to remote work once they have some experience.",
            "Front-desk and medical-office staff often enroll to move into coding roles.",
        ),
        settings=(
            "physician billing offices",
            "hospital coding departments",
            "insurance companies",
            "billing services",
        ),
    ),
    "Dental Assistant": Career(
        soc="31-9091",
        sector="health",
        role="dental assistant",
        aliases=("dental assisting", "chairside assistant", "registered dental assistant"),
        topics=(
            "chairside assisting and four-handed dentistry",
            "dental radiography",
            "infection control and instrument sterilization",
            "dental materials and impressions",
            "dental anatomy and terminology",
            "patient records and scheduling",
            "oral health education",
            "OSHA safety in the dental office",
        ),
        hands_on=(
            "Students practise on typodonts and take radiographs on training manikins.",
            "A dental-office externship gives real chairside experience.",
            "Lab sessions cover mixing materials, pouring models and setting up trays.",
        ),
        online_practice="lessons are online, and students complete a supervised externship at a "
        "local dental office",
        audience=(
            "It suits people who want patient contact in an office with regular hours.",
            "Graduates often start in general dentistry and later move into orthodontics or oral "
            "surgery.",
            "Some students later go on to dental hygiene programs.",
        ),
        settings=(
            "general dental practices",
            "orthodontic offices",
            "oral surgery practices",
            "community dental clinics",
        ),
    ),
    "Home Health Aide": Career(
        soc="31-1121",
        sector="health",
        role="home health aide",
        aliases=("HHA", "CHHA", "home care aide", "personal care aide"),
        topics=(
            "personal care and hygiene",
            "safe transfers",
            "infection control",
            "meal preparation and nutrition",
            "observing and reporting changes",
            "client rights and communication",
            "home safety",
            "vital signs",
        ),
        hands_on=(
            "Students practise personal-care skills in a lab set up like a client's home.",
            "A supervised practical component covers the hands-on hours federal rules require.",
            "Skills such as transfers and bed baths are checked off by a registered nurse.",
        ),
        online_practice="theory is online and hands-on skills are checked in person by a "
        "registered nurse",
        audience=(
            "It suits caring people who prefer one-on-one work.",
            "Home care agencies often hire graduates soon after completion.",
            "Family caregivers sometimes take the course to build formal skills.",
        ),
        settings=(
            "home care agencies",
            "hospice programs",
            "private-duty clients",
            "assisted living communities",
        ),
    ),
    "Licensed Practical Nurse": Career(
        soc="29-2061",
        sector="health",
        role="licensed practical nurse",
        aliases=("LPN", "LVN", "practical nurse", "practical nursing"),
        topics=(
            "fundamentals of nursing",
            "pharmacology and medication administration",
            "medical-surgical nursing",
            "maternal and child health",
            "mental health nursing",
            "gerontology",
            "anatomy and physiology",
            "documentation and care planning",
        ),
        hands_on=(
            "Clinical rotations in hospitals and long-term care facilities make up a large share "
            "of the hours.",
            "Simulation labs prepare students for medication passes and wound care.",
            "Students complete supervised clinical shifts most weeks of the program.",
        ),
        online_practice="theory is online, and clinical rotations are in person",
        audience=(
            "It suits CNAs and medical assistants who want to move up to a licensed role.",
            "Graduates can later bridge into RN programs.",
            "Applicants usually take an entrance exam and need prerequisites such as a CPR card.",
        ),
        settings=(
            "nursing homes",
            "physician offices",
            "home health agencies",
            "rehabilitation centers",
        ),
    ),
    "Surgical Technologist": Career(
        soc="29-2055",
        sector="health",
        role="surgical technologist",
        aliases=("surgical tech", "scrub tech", "operating room technician", "CST"),
        topics=(
            "aseptic technique",
            "surgical instrumentation",
            "operating room procedures",
            "anatomy and physiology",
            "surgical pharmacology",
            "patient positioning and draping",
            "microbiology",
            "sterile processing basics",
        ),
        hands_on=(
            "Students scrub in for a required number of cases during operating-room rotations.",
            "A mock operating room is used for gowning, gloving and back-table setup.",
            "Clinical rotations cover general surgery and several specialties.",
        ),
        online_practice="theory is online, and labs and operating-room rotations are in person",
        audience=(
            "It suits people who stay calm under pressure and like precise, hands-on work.",
            "Students come straight from high school or from other healthcare support jobs.",
            "Some graduates later train as surgical first assistants.",
        ),
        settings=(
            "hospital operating rooms",
            "ambulatory surgery centers",
            "labor and delivery units",
        ),
    ),
    "Massage Therapist": Career(
        soc="31-9011",
        sector="health",
        role="massage therapist",
        aliases=("massage therapy", "LMT", "licensed massage therapist", "bodywork"),
        topics=(
            "Swedish massage",
            "deep tissue techniques",
            "anatomy, physiology and kinesiology",
            "pathology and contraindications",
            "sports and prenatal massage",
            "ethics and business practices",
            "body mechanics for therapists",
            "client assessment",
        ),
        hands_on=(
            "A student clinic lets learners work on members of the public under supervision.",
            "Technique classes are mostly hands-on table time.",
            "Students log a set number of supervised massages before graduation.",
        ),
        online_practice="theory is online, and technique classes are in person",
        audience=(
            "It suits people who want flexible, self-directed work.",
            "Graduates can work in spas or chiropractic offices, or build their own practice.",
            "Career changers from fitness and wellness jobs often enroll.",
        ),
        settings=(
            "spas",
            "chiropractic and physical therapy offices",
            "fitness centers",
            "private practice",
        ),
    ),
    "Paramedic": Career(
        soc="29-2043",
        sector="health",
        role="paramedic",
        aliases=("EMT-P", "paramedic", "advanced life support provider", "NRP"),
        topics=(
            "advanced patient assessment",
            "advanced airway management",
            "IV and intraosseous access",
            "emergency pharmacology and drug calculations",
            "12-lead ECG interpretation",
            "cardiac, respiratory and trauma emergencies",
            "pediatric and obstetric emergencies",
            "EMS operations and leadership",
        ),
        hands_on=(
            "Simulation labs have students run cardiac arrests, overdoses and trauma calls as "
            "the crew leader.",
            "Hospital rotations in the emergency department, ICU, operating room and labor and "
            "delivery build skills with real patients.",
            "A field internship on a busy ambulance ends the program, with the student leading "
            "calls under a preceptor.",
            "Students practise IV starts, intubation and drug dosing on manikins until each skill "
            "is signed off.",
        ),
        online_practice="lectures are online, while skills labs, hospital clinicals and the field "
        "internship are completed in person",
        audience=(
            "Applicants must already hold an EMT certification, and many programs want some "
            "field experience first.",
            "It suits working EMTs who want to take on advanced care and lead their crews.",
            "Graduates also qualify for roles on fire departments, flight teams and hospital "
            "emergency staff.",
        ),
        settings=(
            "ambulance services",
            "fire departments",
            "air medical transport",
            "hospital emergency departments",
        ),
    ),
    "Medical Administrative Assistant": Career(
        soc="43-6013",
        sector="health",
        role="medical administrative assistant",
        aliases=(
            "medical secretary",
            "medical office assistant",
            "medical receptionist",
            "CMAA",
            "unit secretary",
        ),
        topics=(
            "patient registration and scheduling",
            "medical terminology",
            "electronic health records",
            "insurance verification and referrals",
            "HIPAA and patient privacy",
            "medical office procedures",
            "basic billing and collections",
            "professional phone and front-desk communication",
        ),
        hands_on=(
            "Students book appointments, register patients and update charts in a practice "
            "electronic health record system.",
            "Role-play at a mock front desk covers check-in, insurance questions and difficult "
            "phone calls.",
            "An externship in a physician practice or hospital unit gives real front-office "
            "experience.",
        ),
        online_practice="lessons and practice in an electronic health record system are online, "
        "with graded scheduling and registration exercises",
        audience=(
            "It suits organized people who like helping patients but would rather work at the "
            "desk than at the bedside.",
            "Receptionists and office workers from other fields often enroll to move into "
            "healthcare.",
            "Graduates sometimes go on to billing and coding or practice management.",
        ),
        settings=(
            "physician practices",
            "hospital nursing units",
            "outpatient clinics",
            "dental and specialty offices",
        ),
    ),
    "Veterinary Assistant": Career(
        soc="31-9096",
        sector="health",
        role="veterinary assistant",
        aliases=("vet assistant", "veterinarian assistant", "animal care assistant", "CVA"),
        topics=(
            "animal handling and restraint",
            "kennel care and sanitation",
            "feeding, grooming and exercise",
            "assisting with exams and treatments",
            "surgical preparation and instrument care",
            "basic lab sample collection",
            "animal behavior and breeds",
            "client communication and front-desk tasks",
        ),
        hands_on=(
            "Students practise safe restraint and handling with dogs and cats under supervision.",
            "A clinical externship at an animal hospital puts students alongside the "
            "veterinary team.",
            "Lab days cover surgical pack preparation, cleaning instruments and setting up "
            "exam rooms.",
        ),
        online_practice="lessons are online, and students log hands-on hours at a veterinary "
        "clinic near home",
        audience=(
            "It suits animal lovers who are comfortable with the messy and emotional parts of "
            "the job.",
            "Many students use it to test the field before training as veterinary technicians.",
            "Kennel and shelter workers often enroll to move into clinical roles.",
        ),
        settings=(
            "small-animal clinics",
            "emergency animal hospitals",
            "boarding and shelter facilities",
            "research animal facilities",
        ),
    ),
    "Electrician": Career(
        soc="47-2111",
        sector="trade",
        role="electrician",
        aliases=("electrical trades", "apprentice electrician", "electrical technician"),
        topics=(
            "electrical theory and Ohm's law",
            "the National Electrical Code",
            "residential wiring",
            "conduit bending",
            "motor controls",
            "blueprint reading",
            "lockout/tagout and electrical safety",
            "troubleshooting circuits",
        ),
        hands_on=(
            "Students wire practice booths with panels, switches and receptacles.",
            "Conduit-bending labs build accuracy with hand and mechanical benders.",
            "Lab projects progress from simple circuits to three-phase motor controls.",
        ),
        online_practice="lessons work through the code book chapter by chapter with practice exams",
        audience=(
            "It suits people who like problem-solving and working with their hands.",
            "Graduates often move into paid apprenticeships with electrical contractors.",
            "Current apprentices enroll to cover required classroom hours.",
        ),
        settings=(
            "electrical contractors",
            "industrial maintenance departments",
            "utilities",
        ),
    ),
    "HVAC Technician": Career(
        soc="49-9021",
        sector="trade",
        role="HVAC technician",
        aliases=("HVAC tech", "HVAC/R technician", "heating and air conditioning technician"),
        topics=(
            "the refrigeration cycle",
            "electrical controls and wiring diagrams",
            "gas and oil heating systems",
            "heat pumps",
            "refrigerant handling and recovery",
            "load calculations",
            "troubleshooting and service calls",
            "indoor air quality",
        ),
        hands_on=(
            "Students service working furnaces, air handlers and condensing units in the lab.",
            "Brazing, evacuation and charging are practised on training rigs.",
            "Troubleshooting exercises use faults planted by instructors.",
        ),
        online_practice="students study online and schedule a proctored exam",
        audience=(
            "It suits mechanically minded people who like variety in their workday.",
            "Graduates often start as service apprentices with heating and cooling contractors.",
            "Maintenance workers enroll to add refrigeration skills.",
        ),
        settings=(
            "residential service companies",
            "commercial mechanical contractors",
            "facility maintenance departments",
        ),
    ),
    "Welder": Career(
        soc="51-4121",
        sector="trade",
        role="welder",
        aliases=("welding", "welding technician", "fabricator", "structural welder"),
        topics=(
            "shielded metal arc welding (SMAW)",
            "gas metal arc welding (GMAW)",
            "flux-cored arc welding (FCAW)",
            "gas tungsten arc welding (GTAW)",
            "blueprint reading and weld symbols",
            "oxy-fuel and plasma cutting",
            "metallurgy basics",
            "welding safety",
        ),
        hands_on=(
            "Most class time is spent in welding booths running beads in flat, horizontal, "
            "vertical and overhead positions.",
            "Students prepare test plates for bend testing.",
            "Fabrication projects combine cutting, fit-up and welding.",
        ),
        online_practice="theory is online, and booth time is in person",
        audience=(
            "It suits people who like precise hands-on work.",
            "Graduates find work in construction, manufacturing and shipbuilding.",
            "No welding experience is needed to start.",
        ),
        settings=(
            "fabrication shops",
            "construction sites",
            "shipyards",
            "manufacturing plants",
        ),
    ),
    "Plumber": Career(
        soc="47-2152",
        sector="trade",
        role="plumber",
        aliases=("plumbing", "apprentice plumber", "plumbing technician"),
        topics=(
            "the plumbing code",
            "drain, waste and vent systems",
            "water supply piping",
            "fixture installation",
            "joining copper, PEX and PVC",
            "blueprint reading",
            "water heaters",
            "jobsite safety",
        ),
        hands_on=(
            "Students build drain, waste and vent assemblies and supply lines in the shop.",
            "Lab projects include soldering, threading and pressure-testing.",
            "Fixture-installation labs use working sinks, toilets and water heaters.",
        ),
        online_practice="theory is online, and shop work is in person",
        audience=(
            "It suits people who enjoy problem-solving and physical work.",
            "Graduates usually continue into a registered apprenticeship.",
            "Current apprentices use the course to meet classroom requirements.",
        ),
        settings=("plumbing contractors", "new construction", "facility maintenance"),
    ),
    "Commercial Truck Driver": Career(
        soc="53-3032",
        sector="driving",
        role="commercial truck driver",
        aliases=("CDL", "truck driver", "tractor-trailer driver", "CDL-A"),
        topics=(
            "pre-trip inspections",
            "basic vehicle control",
            "backing and docking",
            "hours-of-service rules",
            "trip planning",
            "air brakes",
            "hazard perception",
            "cargo securement",
        ),
        hands_on=(
            "Behind-the-wheel training takes place on a range and on public roads.",
            "Students practise pre-trip inspections until they can do them from memory.",
            "Straight-line, offset and alley-dock backing are practised daily.",
        ),
        online_practice="the required entry-level driver theory is online, and behind-the-wheel "
        "training is arranged separately",
        audience=(
            "It suits people who like independence and time on the road.",
            "Many carriers offer tuition reimbursement to new drivers.",
            "Applicants need a valid driver's license, a DOT medical card and a clean record.",
        ),
        settings=(
            "long-haul carriers",
            "regional and local delivery fleets",
            "construction fleets",
            "bus and transit agencies",
        ),
    ),
    "Automotive Service Technician": Career(
        soc="49-3023",
        sector="trade",
        role="automotive service technician",
        aliases=("auto mechanic", "automotive technician", "car mechanic", "auto tech"),
        topics=(
            "engine performance and diagnostics",
            "brakes and antilock systems",
            "steering and suspension",
            "automotive electrical systems",
            "heating and air conditioning",
            "engine repair",
            "automatic transmissions and drivetrains",
            "hybrid and electric vehicle safety",
        ),
        hands_on=(
            "Students work on customer-style repair orders in a shop equipped with lifts, scan "
            "tools and alignment racks.",
            "Lab time pairs each classroom unit with live work on donated vehicles.",
            "Diagnostic exercises use faults that instructors plant in engines and wiring.",
        ),
        online_practice="theory is online, and students complete shop hours at a partner "
        "repair facility",
        audience=(
            "It suits people who like figuring out why something broke and then fixing it.",
            "Graduates usually start as lube or entry-level technicians and work toward ASE "
            "certification.",
            "Dealerships sometimes sponsor students who agree to work for them after graduation.",
        ),
        settings=(
            "dealership service departments",
            "independent repair shops",
            "tire and brake chains",
            "fleet maintenance garages",
        ),
    ),
    "Cosmetologist": Career(
        soc="39-5012",
        sector="trade",
        role="cosmetologist",
        aliases=("hairstylist", "cosmetology", "hair stylist", "beautician"),
        topics=(
            "haircutting and styling",
            "hair color and lightening",
            "chemical texture services",
            "skin care and makeup",
            "manicures and pedicures",
            "infection control and sanitation",
            "state laws and licensing rules",
            "salon business and client service",
        ),
        hands_on=(
            "Students move from mannequin heads to real clients in a supervised student salon.",
            "Color labs cover formulation, foils and correcting uneven results.",
            "Practical exam rehearsals run through the state board's timed procedures.",
        ),
        online_practice="theory units are online, and practical hours are completed in the "
        "school's salon",
        audience=(
            "It suits creative people who enjoy working with clients all day.",
            "Graduates often rent a chair or build a clientele at a salon after licensing.",
            "Some students later add barbering, esthetics or instructor licenses.",
        ),
        settings=(
            "hair salons",
            "day spas",
            "salon suites",
            "theater and bridal styling",
        ),
    ),
}

# ------------------------------------------------------------------------------ reading


def _int_or_none(text: str) -> int | None:
    text = text.strip()
    return int(text) if text else None


def read_programs(path: Path) -> list[Program]:
    """Read and validate the facts table."""
    programs: list[Program] = []
    seen: set[str] = set()
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            prog = Program(
                id=row["id"].strip(),
                career=row["career"].strip(),
                title=row["title"].strip(),
                provider=row["provider"].strip(),
                street=row["street"].strip(),
                city=row["city"].strip(),
                state=row["state"].strip().upper(),
                zip=row["zip"].strip(),
                format=row["format"].strip(),
                cost=_int_or_none(row["cost_usd"]),
                hours=_int_or_none(row["hours"]),
                weeks=_int_or_none(row["weeks"]),
                credential=row["credential"].strip(),
                schedule=row["schedule"].strip(),
                markup=row["markup"].strip(),
            )
            _validate(prog, seen)
            seen.add(prog.id)
            programs.append(prog)
    return programs


def _validate(prog: Program, seen: set[str]) -> None:
    problems: list[str] = []
    if prog.id in seen:
        problems.append("duplicate id")
    if not prog.id or any(c not in "abcdefghijklmnopqrstuvwxyz0123456789-" for c in prog.id):
        problems.append("id must be lowercase a-z, 0-9 and dashes")
    if prog.career not in CAREERS:
        problems.append(f"unknown career {prog.career!r}")
    if prog.format not in FORMATS:
        problems.append(f"unknown format {prog.format!r}")
    if prog.markup not in MARKUPS:
        problems.append(f"unknown markup {prog.markup!r}")
    if prog.hours is None and prog.weeks is None:
        problems.append("hours and weeks are both empty")
    if not prog.online and not (prog.city and prog.state):
        problems.append("in-person and hybrid rows need a city and state")
    if problems:
        raise ValueError(f"{prog.id or '?'}: {'; '.join(problems)}")


# ------------------------------------------------------------------------------ small text helpers


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def money(amount: int) -> str:
    return f"${amount:,}"


def cost_text(prog: Program) -> str:
    return money(prog.cost) if prog.cost is not None else "Contact provider"


def length_text(prog: Program, prose: bool = False) -> str:
    """ "6 weeks, 120 clock hours" for fact lists; "6 weeks (120 clock hours)" in prose."""
    weeks = ""
    if prog.weeks is not None:
        weeks = f"{prog.weeks} week" + ("" if prog.weeks == 1 else "s")
    hours = f"{prog.hours} clock hours" if prog.hours is not None else ""
    if weeks and hours:
        return f"{weeks} ({hours})" if prose else f"{weeks}, {hours}"
    return weeks or hours


def format_text(prog: Program) -> str:
    return {"in-person": "In person", "online": "Online", "hybrid": "Hybrid"}[prog.format]


def article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" or word.startswith(("EKG", "HVAC", "LPN")) else "a"


def join_list(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} and {items[1]}"
    return ", ".join(items[:-1]) + ", and " + items[-1]


def lower_first(text: str) -> str:
    if len(text) > 1 and text[1].isupper():
        return text  # keep acronyms such as "AHA" or "CPR"
    return text[:1].lower() + text[1:]


def career_phrase(name: str) -> str:
    """Lower-case a career name for use mid-sentence, keeping acronyms ("EKG technician")."""
    return " ".join(w if w.isupper() else w.lower() for w in name.split())


SCHEDULE_LOWER = (
    "Evenings",
    "Evening",
    "Weekends",
    "Full",
    "Days",
    "Single",
    "Weekday",
    "Two",
    "Part",
    "Online",
    "Hybrid",
    "Self-paced",
    "Live",
)


def schedule_phrase(schedule: str) -> str:
    """Schedule text for mid-sentence use: "evenings, Tue/Thu" but "Mon-Fri, 8am-2:30pm"."""
    first = schedule.split(" ")[0].rstrip(",")
    return lower_first(schedule) if first in SCHEDULE_LOWER else schedule


def word_count(paragraphs: Sequence[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


# ------------------------------------------------------------------------------ prose


def _intro(prog: Program, c: Career, rng: random.Random) -> str:
    stem = c.role.split()[0][:4].lower()
    distinct = [a for a in c.aliases if not a.lower().startswith(stem)] or list(c.aliases)
    alias = rng.choice(distinct)
    where = f" in {prog.city}" if not prog.online else ""
    options = [
        f"{prog.title} at {prog.provider} trains students to work as {article(c.role)} "
        f"{c.role}; job ads often use the term \u201c{alias}\u201d.",
        f"This {career_phrase(prog.career)} program from {prog.provider} is built for adults "
        f"who want to start work as {article(c.role)} {c.role}{where}.",
        f"{prog.provider} runs {prog.title} for people preparing for entry-level {c.role} jobs.",
        f"If you are comparing {alias} training options{where}, {prog.provider}'s "
        f"{prog.title} is one to look at.",
        f"{prog.title} prepares students for work as {article(c.role)} {c.role} ({alias}).",
    ]
    if c.sector == "resus":
        options = [
            f"{prog.title} from {prog.provider} is {article(alias)} {alias} course for people "
            "who need a current card for work or school.",
            f"{prog.provider} offers {prog.title}, a {alias} class taught by certified "
            "instructors.",
            f"Looking for {alias}{where}? {prog.provider} schedules {prog.title} "
            "throughout the year.",
            f"{prog.title} covers the skills expected of {article(c.role)} {c.role}, taught by "
            f"{prog.provider}.",
        ]
    return rng.choice(options)


def _topics(c: Career, rng: random.Random) -> str:
    picked = rng.sample(c.topics, 4)
    a, b, d, e = picked
    three = join_list([a, b, d])
    options = [
        f"Coursework covers {three}.",
        f"Topics include {join_list(picked)}.",
        f"Students study {a} and {b}, then move on to {d}.",
        f"The syllabus runs from {a} to {b}, with units on {d} and {e}.",
        f"Expect lessons on {three}.",
        f"Class time is split between {three}.",
    ]
    return rng.choice(options)


def _practice(prog: Program, c: Career, rng: random.Random) -> str:
    if prog.online:
        lead = rng.choice(
            [
                "Because the course is delivered online, ",
                "In this online format, ",
                "Online students should note that ",
            ]
        )
        return lead + c.online_practice + "."
    sentence = rng.choice(c.hands_on)
    if prog.format == "hybrid":
        sentence += rng.choice(
            [
                " Lectures are online, so campus visits are reserved for this hands-on work.",
                " Theory is delivered online, which keeps on-site days for practice.",
                " Reading and quizzes are done online between lab sessions.",
            ]
        )
    return sentence


def _audience(c: Career, rng: random.Random) -> str:
    generic = {
        "health": [
            "No prior healthcare experience is required for most applicants.",
            "Students should expect a background check and proof of immunizations before "
            "clinical work.",
            "A high school diploma or equivalent is the usual entry requirement.",
            "Admissions staff can explain drug-screen and immunization rules before you enroll.",
            "Some employers and workforce boards help pay tuition for eligible students.",
            "Scrubs, a watch with a second hand and closed-toe shoes are typical supply costs.",
        ],
        "resus": [
            "No prerequisites beyond a willingness to kneel and do compressions are needed.",
            "Cards are typically valid for two years.",
            "Bring comfortable clothes, since much of the class is spent on the floor.",
            "Group sessions can be arranged for employers and clinical programs.",
        ],
        "trade": [
            "Students should be comfortable with basic math and standing for long periods.",
            "Tools and safety gear are usually required from the first week.",
            "Some graduates go on to licensing exams once they have logged field hours.",
            "Workforce boards and unions sometimes cover tuition for eligible students.",
        ],
        "driving": [
            "Students must pass a DOT physical and hold a learner's permit before road training.",
            "Job placement help is common, and some carriers recruit on site.",
        ],
    }[c.sector]
    first, second = rng.sample(list(c.audience), 2)
    return f"{first} {second if rng.random() < 0.6 else rng.choice(generic)}"


def _credential(prog: Program, rng: random.Random) -> str:
    cred = prog.credential
    if not cred:
        return rng.choice(
            [
                "Ask the provider which credential or exam the course leads to.",
                "The provider did not list a credential for this course.",
            ]
        )
    if cred.startswith("Eligible"):
        return f"Completers are {lower_first(cred)}."
    if cred.startswith("Counts"):
        return f"Hours completed here count{cred[len('Counts') :]}."
    if cred.lower().startswith("prepares for"):
        return rng.choice(
            [
                f"The course {lower_first(cred)}.",
                f"It {lower_first(cred)}, and exam fees may be extra.",
                f"Completers are ready to sit the exam: the program {lower_first(cred)}.",
            ]
        )
    return rng.choice(
        [
            f"On completion the program lists this credential: {cred}.",
            f"The stated outcome is \u201c{cred}\u201d.",
            f"Graduates leave with the following: {cred}.",
            f"Credential awarded: {cred}.",
        ]
    )


def _logistics(prog: Program, rng: random.Random) -> str:
    sched = prog.schedule
    if prog.online:
        first = rng.choice(
            [
                "The program is fully online",
                "All coursework is delivered online",
                "This is a distance-learning program",
            ]
        ) + (f" ({schedule_phrase(sched)})." if sched else ".")
    elif sched:
        site = f"{prog.city}, {prog.state}"
        first = rng.choice(
            [
                f"Classes are held in {site} ({schedule_phrase(sched)}).",
                f"The {prog.city} class schedule is {schedule_phrase(sched)}.",
                f"On-site sessions in {site} follow this pattern: {schedule_phrase(sched)}.",
            ]
        )
        if prog.format == "hybrid":
            first = f"The format is hybrid. {first}"
    else:
        first = rng.choice(
            [
                f"Class times vary by term; check with {prog.provider} for the next start date.",
                "Contact the provider for current class days and start dates.",
            ]
        )
        if prog.format == "hybrid":
            first = f"Part of the course is delivered online. {first}"
    length = length_text(prog, prose=True)
    if prog.cost is None:
        second = rng.choice(
            [
                f"The program runs {length}; tuition was not published, so ask for a quote.",
                f"Plan on {length}. Contact the provider for current tuition.",
            ]
        )
    else:
        cost = money(prog.cost)
        second = rng.choice(
            [
                f"Plan on {length} and a listed cost of {cost}.",
                f"The listed tuition is {cost} for {length}.",
                f"It takes {length}, and the published cost is {cost}.",
                f"Total cost is listed at {cost}; length is {length}.",
            ]
        )
    return f"{first} {second}"


def _outlook(c: Career, rng: random.Random) -> str:
    places = rng.sample(list(c.settings), min(3, len(c.settings)))
    noun = c.aliases[0] if c.sector == "resus" else c.role
    options = [
        f"Typical employers and workplaces include {join_list(places)}.",
        f"Graduates often end up working in places such as {join_list(places)}.",
        f"Demand for {noun} skills shows up in {join_list(places)}.",
    ]
    if c.sector == "resus":
        options = [
            f"Employers in {join_list(places)} commonly ask staff to hold this card.",
            f"The card is requested by {join_list(places)}, among others.",
        ]
    return rng.choice(options)


def compose_prose(prog: Program) -> list[str]:
    """Return 2-4 paragraphs (about 80-200 words) describing the program."""
    rng = random.Random(f"{SEED}:{prog.id}:prose")
    c = CAREERS[prog.career]
    p1 = f"{_intro(prog, c, rng)} {_topics(c, rng)}"
    p2 = f"{_practice(prog, c, rng)} {_audience(c, rng)}"
    p3 = f"{_credential(prog, rng)} {_logistics(prog, rng)}"
    paragraphs = [p1, p2, p3]
    if rng.random() < 0.5 or word_count(paragraphs) < 85:
        paragraphs.append(_outlook(c, rng))
    extra = [x for x in (*c.hands_on, *c.audience) if x not in p2]
    rng.shuffle(extra)
    while word_count(paragraphs) < 85 and extra and not prog.online:
        paragraphs[1] += " " + extra.pop()
    while word_count(paragraphs) < 85 and extra:
        sentence = extra.pop()
        if sentence in c.audience:
            paragraphs[1] += " " + sentence
    if word_count(paragraphs) > 200:
        paragraphs = paragraphs[:3]
    return paragraphs


def meta_description(prog: Program) -> str:
    rng = random.Random(f"{SEED}:{prog.id}:meta")
    where = ", delivered online," if prog.online else f" in {prog.city}, {prog.state}"
    length = length_text(prog)
    cost = money(prog.cost) if prog.cost is not None else "tuition on request"
    options = [
        f"{prog.title} at {prog.provider}{where.rstrip(',')}: {length}, {cost}.",
        f"{prog.career} training from {prog.provider}{where} ({length}, {cost}).".replace(
            ", (", " ("
        ),
        f"Train as {article(CAREERS[prog.career].role)} {CAREERS[prog.career].role} with "
        f"{prog.provider}{where} in {length_text(prog, prose=True)} for {cost}.",
    ]
    return rng.choice(options)


# ------------------------------------------------------------------------------ structured data


def course_mode(prog: Program) -> str:
    return {"in-person": "onsite", "online": "online", "hybrid": "blended"}[prog.format]


def postal_address(prog: Program) -> dict[str, str]:
    return {
        "@type": "PostalAddress",
        "streetAddress": prog.street,
        "addressLocality": prog.city,
        "addressRegion": prog.state,
        "postalCode": prog.zip,
        "addressCountry": "US",
    }


def jsonld_course(prog: Program, description: str) -> dict[str, object]:
    instance: dict[str, object] = {"@type": "CourseInstance", "courseMode": course_mode(prog)}
    if prog.hours is not None:
        instance["courseWorkload"] = f"PT{prog.hours}H"
    if prog.weeks is not None:
        instance["courseSchedule"] = {"@type": "Schedule", "duration": f"P{prog.weeks}W"}
    if not prog.online:
        instance["location"] = {
            "@type": "Place",
            "name": prog.provider,
            "address": postal_address(prog),
        }
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": prog.title,
        "description": description,
        "provider": {"@type": "Organization", "name": prog.provider},
        "about": {"@type": "Occupation", "name": prog.career},
    }
    if prog.credential:
        data["educationalCredentialAwarded"] = prog.credential
    if prog.cost is not None:
        data["offers"] = {
            "@type": "Offer",
            "price": prog.cost,
            "priceCurrency": "USD",
            "category": "Tuition",
        }
    data["hasCourseInstance"] = instance
    return data


def jsonld_program(prog: Program, description: str) -> dict[str, object]:
    rng = random.Random(f"{SEED}:{prog.id}:price")
    provider: dict[str, object] = {"@type": "EducationalOrganization", "name": prog.provider}
    if not prog.online:
        provider["address"] = postal_address(prog)
    category: dict[str, object] = {"@type": "CategoryCode", "name": prog.career}
    soc = CAREERS[prog.career].soc
    if soc:
        category["codeValue"] = soc
        category["inCodeSet"] = "https://www.bls.gov/soc/2018/"
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalProgram",
        "name": prog.title,
        "description": description,
        "provider": provider,
        "occupationalCategory": category,
    }
    if prog.weeks is not None:
        data["timeToComplete"] = f"P{prog.weeks}W"
    data["educationalProgramMode"] = {
        "in-person": "in person",
        "online": "online",
        "hybrid": "hybrid",
    }[prog.format]
    if prog.cost is not None:
        # Like much of the real web, some pages give the price as a formatted string.
        price: int | str = f"{prog.cost:,.2f}" if rng.random() < 0.22 else prog.cost
        data["offers"] = {"@type": "Offer", "price": price, "priceCurrency": "USD"}
    if prog.credential:
        data["occupationalCredentialAwarded"] = prog.credential
    return data


def script_block(data: dict[str, object]) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=2).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'


# ------------------------------------------------------------------------------ HTML bodies


def facts_rows(prog: Program, rng: random.Random | None = None) -> list[tuple[str, str]]:
    """Label/value pairs for the visible facts; labels vary a little when rng is given."""

    def pick(*labels: str) -> str:
        return rng.choice(labels) if rng is not None else labels[0]

    rows = [
        ("Provider", prog.provider),
        (pick("Location", "Where"), prog.place),
    ]
    if prog.address:
        rows.append(("Address", prog.address))
    rows += [
        (pick("Cost", "Tuition"), cost_text(prog)),
        (pick("Length", "Duration"), length_text(prog)),
        ("Format", format_text(prog)),
    ]
    if prog.credential:
        rows.append(("Credential", prog.credential))
    if prog.schedule:
        rows.append(("Schedule", prog.schedule))
    return rows


def dl_block(rows: Sequence[tuple[str, str]]) -> str:
    items = "\n".join(f"  <dt>{esc(k)}</dt>\n  <dd>{esc(v)}</dd>" for k, v in rows)
    return f'<dl class="facts">\n{items}\n</dl>'


def table_block(rows: Sequence[tuple[str, str]]) -> str:
    items = "\n".join(f'  <tr><th scope="row">{esc(k)}</th><td>{esc(v)}</td></tr>' for k, v in rows)
    return f'<table class="program-facts">\n{items}\n</table>'


def paragraphs_html(paragraphs: Sequence[str]) -> str:
    return "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)


def body_jsonld_course(prog: Program, prose: Sequence[str]) -> str:
    return "\n".join(
        [
            f"<h1>{esc(prog.title)}</h1>",
            f'<p class="provider">Offered by {esc(prog.provider)}</p>',
            dl_block(facts_rows(prog)),
            '<section class="about">',
            "<h2>About this program</h2>",
            paragraphs_html(prose),
            "</section>",
        ]
    )


def body_jsonld_program(prog: Program, prose: Sequence[str]) -> str:
    return "\n".join(
        [
            f"<h1>{esc(prog.title)}</h1>",
            f'<p class="lede">{esc(prog.provider)} &middot; {esc(prog.place)}</p>',
            paragraphs_html(prose[:1]),
            "<h2>Program facts</h2>",
            table_block(facts_rows(prog)),
            "<h2>Details</h2>",
            paragraphs_html(prose[1:]),
        ]
    )


def body_microdata(prog: Program, prose: Sequence[str]) -> str:
    lines = [
        '<div itemscope itemtype="https://schema.org/Course">',
        f'<h1 itemprop="name">{esc(prog.title)}</h1>',
        '<p class="provider">Offered by <span itemprop="provider" itemscope '
        'itemtype="https://schema.org/Organization">'
        f'<span itemprop="name">{esc(prog.provider)}</span></span></p>',
        '<div itemprop="hasCourseInstance" itemscope itemtype="https://schema.org/CourseInstance">',
        f'<p>Format: <meta itemprop="courseMode" content="{course_mode(prog)}">'
        f"{esc(format_text(prog))}</p>",
    ]
    if prog.online:
        lines.append("<p>Location: Online</p>")
    else:
        lines += [
            '<p itemprop="location" itemscope itemtype="https://schema.org/Place">Location: '
            f'<meta itemprop="name" content="{esc(prog.provider)}">'
            '<span itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">'
            f'<span itemprop="streetAddress">{esc(prog.street)}</span>, '
            f'<span itemprop="addressLocality">{esc(prog.city)}</span>, '
            f'<span itemprop="addressRegion">{esc(prog.state)}</span> '
            f'<span itemprop="postalCode">{esc(prog.zip)}</span></span></p>',
        ]
    if prog.schedule:
        lines.append(f"<p>Schedule: {esc(prog.schedule)}</p>")
    lines += ["</div>", f"<p>Length: {esc(length_text(prog))}</p>"]
    if prog.cost is not None:
        lines.append(
            '<p itemprop="offers" itemscope itemtype="https://schema.org/Offer">Tuition: '
            f'<span itemprop="price" content="{prog.cost}">{esc(money(prog.cost))}</span>'
            '<meta itemprop="priceCurrency" content="USD"></p>'
        )
    else:
        lines.append("<p>Tuition: Contact provider</p>")
    if prog.credential:
        lines.append(
            "<p>Credential: "
            f'<span itemprop="educationalCredentialAwarded">{esc(prog.credential)}</span></p>'
        )
    lines += ['<div itemprop="description">', paragraphs_html(prose), "</div>", "</div>"]
    return "\n".join(lines)


def body_none(prog: Program, prose: Sequence[str]) -> str:
    rng = random.Random(f"{SEED}:{prog.id}:labels")
    return "\n".join(
        [
            f"<h1>{esc(prog.title)}</h1>",
            paragraphs_html(prose[:1]),
            dl_block(facts_rows(prog, rng)),
            paragraphs_html(prose[1:]),
        ]
    )


BODIES: dict[str, Callable[[Program, Sequence[str]], str]] = {
    "jsonld-course": body_jsonld_course,
    "jsonld-program": body_jsonld_program,
    "microdata": body_microdata,
    "none": body_none,
}


def render_page(prog: Program) -> str:
    """Return the full HTML document for one program."""
    prose = compose_prose(prog)
    description = meta_description(prog)
    head = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(prog.title)} \u2014 {esc(prog.provider)}</title>",
        f'<meta name="description" content="{esc(description)}">',
        f'<meta name="generator" content="{GENERATOR}">',
    ]
    if prog.markup == "jsonld-course":
        head.append(script_block(jsonld_course(prog, " ".join(prose[:2]))))
    elif prog.markup == "jsonld-program":
        head.append(script_block(jsonld_program(prog, " ".join(prose[:2]))))
    note = NJ_SOURCE_NOTE if prog.state == "NJ" else SAMPLE_NOTE
    parts = [
        *head,
        "</head>",
        "<body>",
        f'<header><a href="/">Training programs</a> &rsaquo; {esc(prog.career)}</header>',
        "<main>",
        BODIES[prog.markup](prog, prose),
        "</main>",
        f'<footer><p class="source">{esc(note)}</p></footer>',
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


# ------------------------------------------------------------------------------ writing


def is_generated(path: Path) -> bool:
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:2000]
    except OSError:
        return False
    return f'content="{GENERATOR}"' in head


def write_pages(programs: Sequence[Program], out_dir: Path) -> tuple[int, int]:
    """Write every page; delete stale generated pages. Returns (written, deleted)."""
    wanted: set[Path] = set()
    written = 0
    for prog in programs:
        path = out_dir / prog.folder / f"{prog.id}.html"
        wanted.add(path)
        text = render_page(prog)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written += 1
    deleted = 0
    for path in sorted(out_dir.glob("*/*.html")):
        if path not in wanted and is_generated(path):
            path.unlink()
            deleted += 1
    for folder in sorted(p for p in out_dir.iterdir() if p.is_dir()):
        if not any(folder.iterdir()):
            folder.rmdir()
    return written, deleted


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--facts", type=Path, default=FACTS_CSV, help="facts CSV to read")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder")
    args = parser.parse_args(argv)
    programs = read_programs(args.facts)
    args.out.mkdir(parents=True, exist_ok=True)
    written, deleted = write_pages(programs, args.out)
    print(f"{len(programs)} programs: {written} pages written, {deleted} stale pages deleted")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
