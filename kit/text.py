"""Text as Danes write it: slugs that keep æ, ø and å readable, and text made comparable before a
pattern (a CPR number, say) is looked for in it."""

import unicodedata

from django.utils.text import slugify as django_slugify

# As Danes spell them in addresses and domain names when only a–z will do.
DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})

# Dash-like characters that are not in Unicode's "Pd" (dash punctuation) category.
OTHER_DASHES = {"\u2212"}  # MINUS SIGN, which word processors and spreadsheets write for "-"


def slugify(value):
    """A URL slug of `value`: "Grøn Pleje" is "groen-pleje", "Ærø" is "aeroe", "Å" is "aa".

    Django's slugify drops ø and æ (they have no ASCII decomposition), giving "grn-pleje"."""
    return django_slugify(str(value).lower().translate(DANISH_LETTERS))


def normalise_for_matching(text):
    """`text` as a pattern should see it, whatever keyboard, word processor or trick wrote it.

    Compatibility forms become their plain letters and digits (NFKC: full-width "１" and
    superscript "²" are "1" and "2"), digits of any script become 0–9 ("٣" is "3"), invisible
    formatting characters (zero-width space, soft hyphen, direction marks) are dropped, every
    dash-like character is "-" and every kind of space is " ". Only for looking: never store it."""
    characters = []
    for character in unicodedata.normalize("NFKC", text or ""):
        category = unicodedata.category(character)
        if category == "Cf":
            continue
        if category == "Nd":
            characters.append(str(unicodedata.decimal(character)))
        elif category == "Pd" or character in OTHER_DASHES:
            characters.append("-")
        elif character.isspace():
            characters.append(" ")
        else:
            characters.append(character)
    return "".join(characters)


def normalise_newlines(value):
    """Line breaks as LF: browsers post a textarea's as CR LF, and stored text compared with what
    a form sends back would otherwise always look changed."""
    return value.replace("\r\n", "\n").replace("\r", "\n")
