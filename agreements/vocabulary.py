"""The focus-area vocabulary's English names, marked for translation.

Focus areas are rows (seeded by migration 0002 and curated in the admin); their
names and descriptions are looked up in the translation catalogue when shown.
A test checks that every focus area in the database is listed here.
"""

from django.utils.translation import gettext_noop

FOCUS_AREA_TEXTS = {
    "life-sciences": (
        gettext_noop("Life sciences"),
        gettext_noop("Biotechnology, pharmaceuticals and medical research."),
    ),
    "big-data": (
        gettext_noop("Big data"),
        gettext_noop("Data analytics and data-driven services."),
    ),
    "clean-energy": (
        gettext_noop("Clean energy"),
        gettext_noop("Renewable energy and clean technology."),
    ),
    "robotics": (gettext_noop("Robotics"), gettext_noop("Robots and automation.")),
    "health-it": (gettext_noop("Health IT"), gettext_noop("Healthcare information technology.")),
    "healthcare": (
        gettext_noop("Health care"),
        gettext_noop("Hospitals, medicine and health services."),
    ),
    "ict": (gettext_noop("ICT"), gettext_noop("Information and communication technology.")),
    "circular-economy": (
        gettext_noop("Circular economy"),
        gettext_noop("Reuse, recycling and resource efficiency."),
    ),
    "printed-electronics": (
        gettext_noop("Printed electronics"),
        gettext_noop("Electronics printed on flexible materials."),
    ),
    "startups": (
        gettext_noop("Startups"),
        gettext_noop("Young, fast-growing companies and their ecosystems."),
    ),
    "smes": (gettext_noop("SMEs"), gettext_noop("Small and medium-sized enterprises.")),
    "manufacturing": (
        gettext_noop("Manufacturing"),
        gettext_noop("Industrial production and crafts (monozukuri)."),
    ),
    "research-and-innovation": (
        gettext_noop("Research and innovation"),
        gettext_noop("Joint research and innovation."),
    ),
    "education": (
        gettext_noop("Education"),
        gettext_noop("Schools, universities and academic exchange."),
    ),
    "trade-and-investment": (
        gettext_noop("Trade and investment"),
        gettext_noop("Market entry, exports and investment."),
    ),
    "environmental-protection": (
        gettext_noop("Environmental protection"),
        gettext_noop("Environment, climate and sustainability."),
    ),
    "culture": (
        gettext_noop("Cultural exchange"),
        gettext_noop("Culture, arts and people-to-people exchange."),
    ),
    "tourism": (gettext_noop("Tourism"), gettext_noop("Travel and visitors.")),
    "financial-services": (
        gettext_noop("Financial services"),
        gettext_noop("Banking, insurance and finance."),
    ),
    "transportation": (
        gettext_noop("Transportation"),
        gettext_noop("Mobility, logistics and transport links."),
    ),
}
