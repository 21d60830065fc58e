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


def unique_slug(queryset, text, *, noun, reserved=(), exclude_pk=None):
    """A slug of `text` that no row of `queryset` has (but `exclude_pk`) and that is not one of the
    `reserved` words the app's own addresses use beside its slugs ("feed" under /udbud/): a
    reserved word gets `noun` after it ("feed-udbud"), a taken slug a number ("groen-pleje-2").
    `noun` is also the slug of a text with no letters in it."""
    base = slugify(text)[:200] or noun
    if base in reserved:
        base = f"{base}-{noun}"
    slug, n = base, 1
    while queryset.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


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


# What PostgreSQL's `unaccent` makes of the letters NFKD does not take apart (its unaccent.rules).
UNACCENT_EXTRA = str.maketrans({"æ": "ae", "ø": "o", "ß": "ss", "đ": "d", "ł": "l", "œ": "oe"})


def fold(text):
    """`text` without case or accents, as PostgreSQL's `lower(unaccent(…))` writes it, so that the
    SQLite search matches what PostgreSQL's does: "Café" is "cafe", "Ærø" is "aero", "Å" is "a"."""
    decomposed = unicodedata.normalize("NFKD", str(text or "").casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(UNACCENT_EXTRA)


# Danish alphabetical order (CLDR's, as ICU's "da" collation has it): æ, ø and å come after z, in
# that order; ä sorts as æ, ö and ő as ø, ü as y, and "aa" as å (Aabenraa after Ødis).
# Private-use characters above every letter stand in for the three.
DANISH_PRIMARY = {
    "æ": "\U000f0001",
    "ä": "\U000f0001",
    "ø": "\U000f0002",
    "ö": "\U000f0002",
    "ő": "\U000f0002",
    "å": "\U000f0003",
    "ü": "y",
}


def danish_sort_key(text):
    """A key that sorts strings as ICU's Danish collation does, near enough for names: first by
    letter (accents and case aside), then by accent, then upper case before lower."""
    text = unicodedata.normalize("NFC", str(text or ""))
    lower = text.casefold()
    letters = []
    for character in lower.replace("aa", "å"):
        if character in DANISH_PRIMARY:
            letters.append(DANISH_PRIMARY[character])
        else:
            decomposed = unicodedata.normalize("NFD", character)
            letters.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return ("".join(letters), lower, text)
