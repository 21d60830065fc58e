"""The DKFDS crispy template pack (templates/dkfds/): every kind of field the portal's forms use,
drawn with Det Fælles Designsystem's markup, with and without errors, hints and requirement."""

import re

import pytest
from crispy_forms.utils import render_crispy_form
from django import forms
from django.template import Context, Template
from django.utils import translation

from kit.uploads import MultipleFileField


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


CHOICES = [("a", "Alpha"), ("b", "Beta")]


class EveryField(forms.Form):
    name = forms.CharField(label="Name", help_text="As on your letters.")
    email = forms.EmailField(label="Email")
    phone = forms.CharField(label="Phone", required=False, widget=forms.TextInput(attrs={"type": "tel"}))
    share = forms.IntegerField(label="Share", required=False)
    password = forms.CharField(label="Password", widget=forms.PasswordInput)
    text = forms.CharField(label="Text", widget=forms.Textarea(attrs={"rows": 4}))
    choice = forms.ChoiceField(label="Pick one", choices=[("", "Choose …"), *CHOICES])
    radio = forms.ChoiceField(label="Radio", choices=CHOICES, widget=forms.RadioSelect, help_text="One only.")
    agree = forms.BooleanField(label="I agree", help_text="You must.")
    needs = forms.MultipleChoiceField(
        label="Needs", choices=CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    files = MultipleFileField(label="Files", required=False, help_text="PDF or Word.")


def field_html(form, name):
    return Template("{% load crispy_forms_tags %}{{ field|as_crispy_field }}").render(
        Context({"field": form[name]})
    )


def bound(**data):
    form = EveryField(data=data)
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("name", "control"),
    [
        ("name", '<input type="text" name="name" class="form-input"'),
        ("email", '<input type="email" name="email" maxlength="320" class="form-input"'),
        ("phone", '<input type="tel" name="phone" class="form-input"'),
        ("share", '<input type="number" name="share" class="form-input"'),
        ("password", '<input type="password" name="password" class="form-input"'),
        ("text", '<textarea name="text" cols="40" rows="4" class="form-input"'),
        ("choice", '<select name="choice" class="form-select"'),
    ],
)
def test_a_single_control_has_a_form_group_a_label_and_the_dkfds_class(name, control):
    html = field_html(EveryField(), name)

    assert html.startswith(f'<div id="div_id_{name}" class="form-group">')
    assert f'<label class="form-label" for="id_{name}">' in html
    assert control in html
    assert "form-error" not in html


def test_a_hint_comes_before_the_control_and_the_control_names_it():
    html = field_html(EveryField(), "name")

    assert '<span class="form-hint" id="id_name_helptext">As on your letters.</span>' in html
    assert html.index("form-hint") < html.index("<input")
    assert 'aria-describedby="id_name_helptext"' in html


def test_an_optional_field_says_so_in_its_label_and_a_required_one_does_not():
    form = EveryField()

    assert '<span class="weight-normal"> (optional)</span>' in field_html(form, "phone")
    assert "(optional)" not in field_html(form, "name")
    assert " required" in field_html(form, "name")


def test_an_error_marks_the_group_and_is_named_by_the_control():
    html = field_html(bound(name=""), "name")

    assert 'class="form-group form-error"' in html
    assert re.search(
        r'<span class="form-error-message" id="id_name_error"><span class="sr-only">Error: </span>'
        r"This field is required.</span>",
        html,
    )
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert html.index("form-error-message") < html.index("<input")


def test_a_radio_group_is_a_fieldset_with_a_legend_and_dkfds_radios():
    html = field_html(EveryField(), "radio")

    assert '<fieldset aria-describedby="id_radio_helptext">' in html
    assert '<legend class="form-label">Radio</legend>' in html
    assert (
        '<div class="form-group-radio"><input type="radio" class="form-radio" name="radio" value="a"'
        in html.replace("\n", "").replace("  ", "")
    )
    assert 'id="id_radio_0"' in html and 'id="id_radio_1"' in html
    assert '<label class="form-label" for="id_radio_1">Beta</label>' in html


def test_a_radio_group_in_error_names_the_error_on_its_fieldset():
    html = field_html(bound(radio="z"), "radio")

    assert 'class="form-group form-error"' in html
    assert '<fieldset aria-describedby="id_radio_helptext id_radio_error">' in html
    assert 'id="id_radio_error"' in html


def test_a_chosen_option_stays_checked():
    html = field_html(bound(radio="b", needs=["a"]), "radio") + field_html(bound(needs=["a"]), "needs")

    assert re.search(r'value="b"[^>]*id="id_radio_1"[^>]* checked', html)
    assert re.search(r'value="a"[^>]*id="id_needs_0"[^>]* checked', html)


def test_a_checkbox_group_is_a_fieldset_of_dkfds_checkboxes():
    html = field_html(EveryField(), "needs")

    assert "<fieldset>" in html
    assert '<legend class="form-label">Needs<span class="weight-normal"> (optional)</span></legend>' in html
    assert '<div class="form-group-checkbox">' in html
    assert '<input type="checkbox" class="form-checkbox" name="needs" value="a"' in html


def test_a_single_checkbox_has_its_label_after_the_box_and_its_error_above():
    html = field_html(bound(), "agree")

    assert 'class="form-group form-error"' in html
    assert '<div class="form-group-checkbox">' in html
    assert re.search(r'<input type="checkbox" name="agree" class="form-checkbox"[^>]*id="id_agree"', html)
    assert html.index("form-error-message") < html.index("<input") < html.index('<label class="form-label"')
    assert '<span class="form-hint" id="id_agree_helptext">You must.</span>' in html
    assert "(optional)" not in html


def test_a_multiple_file_input_keeps_multiple_and_its_hint():
    html = field_html(EveryField(), "files")

    assert re.search(r'<input type="file" name="files"[^>]* multiple', html)
    assert (
        '<label class="form-label" for="id_files">Files<span class="weight-normal"> (optional)</span>' in html
    )
    assert 'id="id_files_helptext"' in html


def test_the_crispy_filter_draws_the_whole_form_and_its_non_field_errors():
    form = bound()
    form.add_error(None, "Something is wrong.")

    html = render_crispy_form(form)

    assert '<div class="alert alert-error" role="alert">' in html
    assert "<li>Something is wrong.</li>" in html
    assert len(re.findall(r'class="form-group[ "]', html)) == len(EveryField.base_fields)
    assert 'enctype="multipart/form-data"' in html
    assert not re.search(r"form-control|form-check[ -\"]|is-invalid|invalid-feedback", html)
