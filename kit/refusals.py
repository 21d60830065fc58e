"""A step a service refuses to take, with the reason in words.

Services check the state of what they change themselves (STYLE: "a service checks the current
status itself; the admin only puts its refusal into words"); when the step may not be taken they
raise `Refused` with a message written for the person, lazily translated, so that a view shows it
in the person's language as a form error or a message. Nothing is changed: the service raises
before it writes, or inside the transaction that is then rolled back.
"""


class Refused(Exception):
    """A step that may not be taken; `message` says why, in the person's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)
