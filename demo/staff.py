"""The demo's staff by job title, so its pages and packs read as a council's
would ("Director of Children's Services (dcs)"); no real names are used."""

from __future__ import annotations

from application.service import Tracker

JOB_TITLES = {
    "board-chair": "Chair of the Improvement Board",
    "board-secretary": "Improvement Board Secretary",
    "dcs": "Director of Children's Services",
    "finance-lead": "Head of Finance, Children's Services",
    "head-safeguarding": "Head of Safeguarding and Quality Assurance",
    "health-commissioner": "Designated Nurse, Health Commissioning",
    "hos-cf": "Head of Service, Children and Families",
    "ics-lead": "Integrated Children's System Lead",
    "interim-finance-lead": "Interim Head of Finance, Children's Services",
    "interim-lscb-manager": "Interim LSCB Business Manager",
    "interim-workforce-lead": "Interim Workforce Development Lead",
    "lead-member": "Lead Member for Children's Services",
    "legal-lead": "Principal Lawyer, Children",
    "lscb-manager": "LSCB Business Manager",
    "pmo": "Improvement Programme Manager",
    "police-liaison": "Detective Inspector, Child Abuse Investigation",
    "schools-lead": "Head of Education Safeguarding",
    "sd-social-care": "Service Director, Social Care",
    "workforce-lead": "Workforce Development Lead",
    "workforce-manager": "Workforce Manager",
}


def name_staff(app: Tracker) -> None:
    for key, title in JOB_TITLES.items():
        app.directory.names.set(key, job_title=title)
