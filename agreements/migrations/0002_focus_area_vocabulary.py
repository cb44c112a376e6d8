"""Seed the curated focus-area vocabulary that agreements are tagged with."""

from django.db import migrations

FOCUS_AREAS = [
    ("life-sciences", "Life sciences", "Biotechnology, pharmaceuticals and medical research."),
    ("big-data", "Big data", "Data analytics and data-driven services."),
    ("clean-energy", "Clean energy", "Renewable energy and clean technology."),
    ("robotics", "Robotics", "Robots and automation."),
    ("health-it", "Health IT", "Healthcare information technology."),
    ("healthcare", "Health care", "Hospitals, medicine and health services."),
    ("ict", "ICT", "Information and communication technology."),
    ("circular-economy", "Circular economy", "Reuse, recycling and resource efficiency."),
    ("printed-electronics", "Printed electronics", "Electronics printed on flexible materials."),
    ("startups", "Startups", "Young, fast-growing companies and their ecosystems."),
    ("smes", "SMEs", "Small and medium-sized enterprises."),
    ("manufacturing", "Manufacturing", "Industrial production and crafts (monozukuri)."),
    ("research-and-innovation", "Research and innovation", "Joint research and innovation."),
    ("education", "Education", "Schools, universities and academic exchange."),
    ("trade-and-investment", "Trade and investment", "Market entry, exports and investment."),
    (
        "environmental-protection",
        "Environmental protection",
        "Environment, climate and sustainability.",
    ),
    ("culture", "Cultural exchange", "Culture, arts and people-to-people exchange."),
    ("tourism", "Tourism", "Travel and visitors."),
    ("financial-services", "Financial services", "Banking, insurance and finance."),
    ("transportation", "Transportation", "Mobility, logistics and transport links."),
]


def add_focus_areas(apps, schema_editor):
    FocusArea = apps.get_model("agreements", "FocusArea")
    for slug, name, description in FOCUS_AREAS:
        FocusArea.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )


def remove_focus_areas(apps, schema_editor):
    FocusArea = apps.get_model("agreements", "FocusArea")
    FocusArea.objects.filter(slug__in=[slug for slug, _, _ in FOCUS_AREAS]).delete()


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [migrations.RunPython(add_focus_areas, remove_focus_areas)]
