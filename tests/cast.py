"""The one cast of people every test uses, and their one password.

Plain constants without pytest, so the end-to-end harness and the benchmarks share them:

    somchai  OFFICER         field officer, pushes from his phones
    somsri   SECOND_OFFICER  another field officer, to show one cannot touch the other's work
    malee    SUPERVISOR      reviews submissions on the web pages
    admin    ADMIN           manages people, devices and forms
"""

PASSWORD = "correct horse battery"
OFFICER, SECOND_OFFICER, SUPERVISOR, ADMIN = "somchai", "somsri", "malee", "admin"
PEOPLE = {OFFICER: "field", SECOND_OFFICER: "field", SUPERVISOR: "supervisor", ADMIN: "admin"}
# How the people are called in full, as the admin recorded it; the admin account has none,
# so pages show both a full name and a bare username.
FULL_NAMES = {OFFICER: "นายสมชาย รักถิ่น", SECOND_OFFICER: "นางสาวสมศรี ดีงาม",
              SUPERVISOR: "นางมาลี ใจดี"}
