"""Contact persons review their municipality's profiles, stories and photos; administrators also
keep the vocabularies. As migration 0002_vocabularies granted them."""

from kit.staff import CONTACT_PERSON, MUNICIPAL_ADMIN

REVIEW = [
    "enterprises.view_enterprise",
    "enterprises.change_enterprise",
    "enterprises.view_successstory",
    "enterprises.change_successstory",
    "enterprises.view_enterprisechange",
    "enterprises.view_enterprisephoto",
    "enterprises.delete_enterprisephoto",
]

ROLES = {
    CONTACT_PERSON: REVIEW,
    MUNICIPAL_ADMIN: [
        *REVIEW,
        "enterprises.view_servicecategory",
        "enterprises.add_servicecategory",
        "enterprises.change_servicecategory",
        "enterprises.view_targetgroup",
        "enterprises.add_targetgroup",
        "enterprises.change_targetgroup",
    ],
}
