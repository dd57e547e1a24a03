"""Parsing pages as found on the web: JSON-LD, microdata, no markup, broken markup."""

from __future__ import annotations

import json

import pytest

from indexer.parse import ParseError, parse_html


def parse(html: str | bytes, kind: str | None = "program"):
    data = html.encode("utf-8") if isinstance(html, str) else html
    return parse_html(data, "programs/x", "/src/x.html", kind)


def test_json_ld_course_with_instance_location_offer_and_duration():
    ld = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": "Phlebotomy Technician",
        "description": "Six weeks of venipuncture.",
        "provider": {"@type": "Organization", "name": "Gulf Coast Health"},
        "about": {"@type": "Occupation", "name": "Phlebotomy Technician"},
        "offers": {"@type": "Offer", "price": 950, "priceCurrency": "USD"},
        "hasCourseInstance": {
            "@type": "CourseInstance",
            "courseMode": "onsite",
            "courseWorkload": "PT120H",
            "courseSchedule": {"@type": "Schedule", "duration": "P6W"},
            "location": {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": "Houston",
                    "addressRegion": "TX",
                    "postalCode": "77002",
                },
            },
        },
    }
    raw = parse(
        f'<html><head><script type="application/ld+json">{json.dumps(ld)}</script></head>'
        "<body><main><h1>Ignored heading</h1><p>Body text about blood draws.</p></main></body></html>"
    )
    assert raw.structured == "json-ld"
    assert raw.title == "Phlebotomy Technician"
    assert raw.provider == "Gulf Coast Health"
    assert (raw.city, raw.state, raw.postal_code) == ("Houston", "TX", "77002")
    assert raw.cost == 950
    assert raw.duration == "P6W"
    assert raw.hours == "PT120H"
    assert raw.mode == "onsite"
    assert raw.careers == ["Phlebotomy Technician"]
    assert "blood draws" in raw.body


def test_json_ld_program_in_a_graph_with_category_code_and_string_price():
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Provider site"},
            {
                "@type": "EducationalOccupationalProgram",
                "name": "Pharmacy Technician Diploma",
                "provider": {
                    "@type": "EducationalOrganization",
                    "name": "Garden State Allied Health",
                    "address": {
                        "@type": "PostalAddress",
                        "addressLocality": "Newark",
                        "addressRegion": "New Jersey",
                    },
                },
                "occupationalCategory": {"@type": "CategoryCode", "codeValue": "29-2052"},
                "timeToComplete": "P4M",
                "educationalProgramMode": "hybrid",
                "offers": [{"@type": "Offer", "price": "2,400.00", "priceCurrency": "USD"}],
            },
        ],
    }
    raw = parse(f'<script type="application/ld+json">{json.dumps(ld)}</script><p>x</p>')
    assert raw.title == "Pharmacy Technician Diploma"
    assert raw.kind == "program"
    assert (raw.city, raw.state) == ("Newark", "New Jersey")
    assert raw.careers == ["29-2052"]
    assert raw.cost == "2,400.00"
    assert raw.mode == "hybrid"


def test_article_json_ld_marks_the_kind_even_in_the_programs_folder():
    ld = {
        "@type": "BlogPosting",
        "headline": "CNA vs HHA",
        "datePublished": "2026-03-01",
        "about": [{"@type": "Occupation", "name": "CNA"}, {"@type": "Occupation", "name": "HHA"}],
    }
    raw = parse(f'<script type="application/ld+json">{json.dumps(ld)}</script><p>text</p>')
    assert raw.kind == "article"
    assert raw.careers == ["CNA", "HHA"]
    assert raw.published == "2026-03-01"


def test_microdata_course():
    html = """<html><head><title>EKG course</title></head><body><main>
    <div itemscope itemtype="https://schema.org/Course">
      <h1 itemprop="name">EKG Technician Certificate</h1>
      <p itemprop="description">Twelve-lead ECG placement and rhythm strips.</p>
      <div itemprop="provider" itemscope itemtype="https://schema.org/Organization">
        <span itemprop="name">Desert Valley College</span></div>
      <div itemprop="hasCourseInstance" itemscope itemtype="https://schema.org/CourseInstance">
        <meta itemprop="courseMode" content="onsite">
        <div itemprop="location" itemscope itemtype="https://schema.org/Place">
          <div itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">
            <span itemprop="addressLocality">Phoenix</span>, <span itemprop="addressRegion">AZ</span>
          </div></div></div>
      <div itemprop="offers" itemscope itemtype="https://schema.org/Offer">
        <span itemprop="price" content="1200">$1,200</span>
        <meta itemprop="priceCurrency" content="USD"></div>
      <p>Length: 10 weeks</p>
    </div></main></body></html>"""
    raw = parse(html)
    assert raw.structured == "microdata"
    assert raw.title == "EKG Technician Certificate"
    assert raw.provider == "Desert Valley College"
    assert (raw.city, raw.state) == ("Phoenix", "AZ")
    assert raw.cost == "1200"
    assert raw.mode == "onsite"


def test_page_without_structured_data_uses_visible_facts():
    html = """<html><head><title>Find the Best Training</title>
    <meta name="description" content="Nurse aide training in Union."></head><body>
    <nav>Home | About</nav>
    <div id="content"><h1><div class="rating">7.3</div> CERTIFIED NURSE AIDE</h1>
    <h2><a href="http://example.org">HPI School of Allied Health</a></h2>
    <table><tr><td>Cost</td><td>$1,575.00</td></tr><tr><td>Hours</td><td>90</td></tr>
    <tr><td>Length</td><td>4-11 weeks</td></tr></table>
    <p><b>HPI School</b><br>979 Lehigh Avenue<br>Union NJ 07083</p></div></body></html>"""
    raw = parse(html)
    assert raw.structured == "none"
    assert raw.title == "CERTIFIED NURSE AIDE"
    assert raw.provider == "HPI School of Allied Health"
    assert raw.cost == "$1,575.00"
    assert raw.hours == "90"
    assert raw.duration == "4-11 weeks"
    assert (raw.city, raw.state, raw.postal_code) == ("Union", "NJ", "07083")
    assert raw.summary == "Nurse aide training in Union."
    assert "Home | About" not in raw.body


def test_definition_list_facts_and_online_location():
    html = """<main><h1>CPR and AED</h1><dl class="facts">
    <dt>Where</dt><dd>Online</dd><dt>Tuition</dt><dd>$65</dd><dt>Duration</dt><dd>1 day</dd>
    <dt>Provider</dt><dd>Lifeline Training</dd></dl></main>"""
    raw = parse(html)
    assert raw.online is True
    assert raw.cost == "$65"
    assert raw.provider == "Lifeline Training"
    assert raw.duration == "1 day"


def test_broken_json_ld_falls_back_to_the_page_and_says_why():
    html = """<html><head><title>Dental Assistant Program</title>
    <script type="application/ld+json">{"@type": "Course", "name": </script></head>
    <body><main><h1>Dental Assistant Program</h1><p>Chairside skills.</p></main></body></html>"""
    raw = parse(html)
    assert raw.title == "Dental Assistant Program"
    assert raw.structured == "none"
    assert any("not valid JSON" in w for w in raw.warnings)


def test_one_broken_block_does_not_hide_a_good_one():
    good = json.dumps({"@type": "Course", "name": "Welding Basics"})
    html = f"""<script type="application/ld+json">{{oops</script>
    <script type="application/ld+json">{good}</script><p>text</p>"""
    raw = parse(html)
    assert raw.title == "Welding Basics"
    assert len(raw.warnings) == 1


def test_hostile_json_ld_is_bounded():
    deep = "[" * 5000 + "]" * 5000
    huge = json.dumps({"@type": "Course", "name": "x", "keywords": list(range(100_000))})
    html = f"""<title>Safe title</title><script type="application/ld+json">{deep}</script>
    <script type="application/ld+json">{huge}</script><main><p>Body</p></main>"""
    raw = parse(html)
    assert raw.title == "Safe title"
    assert len(raw.warnings) == 2


def test_declared_encoding_is_honoured():
    html = '<html><head><meta charset="windows-1252"><title>Caf\xe9 training</title></head></html>'
    raw = parse(html.encode("windows-1252"))
    assert raw.title == "Café training"


def test_invalid_utf8_still_parses():
    raw = parse(b"<title>Welding \xff\xfe program</title><p>Arc welding</p>")
    assert raw.title.startswith("Welding")


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b"   \n", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary")],
)
def test_unusable_pages_raise_with_a_reason(data: bytes, reason: str):
    with pytest.raises(ParseError, match=reason):
        parse(data)
