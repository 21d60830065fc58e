"""With S3_BUCKET set, uploaded files go to S3-compatible object storage: tested against moto's
standalone S3 server, on a free port, with the STORAGES that portal/settings.py builds from the
S3_* variables. Public files are readable by anyone at their URL; case attachments are private
and reach staff only through the authorised download."""

import io
import socket
import urllib.error
import urllib.request
import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from kit import uploads
from tests.counselling.factories import checked, make_case, pdf_bytes, upload
from tests.enterprises.factories import make_enterprise
from tests.kit.test_uploads import read_settings

try:
    import boto3
    from moto.server import ThreadedMotoServer
except ImportError:  # pragma: no cover
    pytestmark = pytest.mark.skip(reason="needs moto[server] and boto3: pip install -e '.[dev]'")
    ThreadedMotoServer = None

REGION = "eu-central-1"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def s3_env(endpoint, bucket, **more):
    return {
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": REGION,
        "S3_ACCESS_KEY_ID": "testing",
        "S3_SECRET_ACCESS_KEY": "testing",
        **more,
    }


def make_bucket(endpoint):
    """A fresh bucket on the S3 server at `endpoint`: a boto3 client for it, with its `name`."""
    name = f"indgangen-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    client.name = name
    return client


@pytest.fixture
def bucket(s3_server, settings):
    """A fresh bucket, and the settings portal/settings.py reads from the S3 variables for it."""
    client = make_bucket(s3_server)
    name = client.name
    read = read_settings(**s3_env(s3_server, name))
    settings.STORAGES = read["STORAGES"]
    client.settings = read
    return client


def keys(bucket):
    return sorted(item["Key"] for item in bucket.list_objects_v2(Bucket=bucket.name).get("Contents", []))


def grantees(bucket, key):
    grants = bucket.get_object_acl(Bucket=bucket.name, Key=key)["Grants"]
    return {
        (grant["Grantee"].get("URI"), grant["Permission"]) for grant in grants if "URI" in grant["Grantee"]
    }


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_uploaded_logo_is_stored_in_the_bucket_and_served_from_its_url(bucket, lejre, client):
    enterprise = make_enterprise(home_municipality=lejre)
    enterprise.logo.save("logo.png", ContentFile(png()), save=True)

    assert keys(bucket) == ["public/enterprises/logos/logo.png"]
    assert (ALL_USERS, "READ") in grantees(bucket, "public/enterprises/logos/logo.png")
    url = enterprise.logo.url
    assert url == f"{bucket.settings['S3_ENDPOINT_URL']}/{bucket.name}/public/enterprises/logos/logo.png"
    with urllib.request.urlopen(url, timeout=10) as response:  # no keys, no signature: as a browser
        assert response.status == 200
        assert response.read() == png()
    page = client.get(enterprise.get_absolute_url())
    assert f'src="{url}"' in page.text


LOGO = "public/enterprises/logos/logo.png"


@pytest.mark.parametrize(
    ("more", "origin", "url"),
    [
        ({}, "https://indgangen-filer.s3.amazonaws.com", f"https://indgangen-filer.s3.amazonaws.com/{LOGO}"),
        (
            {"S3_ENDPOINT_URL": "https://fsn1.your-objectstorage.com"},
            "https://fsn1.your-objectstorage.com",
            f"https://fsn1.your-objectstorage.com/indgangen-filer/{LOGO}",
        ),
        (
            {
                "S3_ENDPOINT_URL": "https://fsn1.your-objectstorage.com",
                "S3_PUBLIC_URL": "https://media.example.dk",
            },
            "https://media.example.dk",
            f"https://media.example.dk/{LOGO}",
        ),
    ],
)
def test_the_content_security_policy_lets_pages_show_pictures_from_where_they_are(more, origin, url):
    from storages.backends.s3 import S3Storage

    env = {**s3_env("", "indgangen-filer"), **more}
    read = read_settings(**{name: value for name, value in env.items() if value})

    assert S3Storage(**read["STORAGES"]["default"]["OPTIONS"]).url("enterprises/logos/logo.png") == url
    assert origin in read["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]


def test_the_portal_does_not_serve_media_itself_with_s3(bucket):
    assert bucket.settings["SERVE_MEDIA"] is False


def test_a_case_attachment_is_stored_under_private_and_is_not_publicly_readable(bucket, lejre):
    case = make_case(lejre, attachments=checked(upload("forretningsplan.pdf")))
    attachment = case.attachments.get()

    [key] = keys(bucket)
    assert key.startswith(f"private/cases/{lejre.pk}/{case.pk}/")
    assert "forretningsplan" not in key  # the applicant's file name never reaches the storage
    assert grantees(bucket, key) == set()
    unsigned = f"{bucket.settings['S3_ENDPOINT_URL']}/{bucket.name}/{key}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(unsigned, timeout=10)
    assert refused.value.code == 403
    # A URL for it would be signed and expire within a minute; no page shows one.
    assert "X-Amz-Expires=60" in attachment.file.url


def test_staff_download_streams_the_attachment_from_the_bucket(bucket, lejre, lejre_client):
    case = make_case(lejre, attachments=checked(upload("forretningsplan.pdf")))
    attachment = case.attachments.get()

    response = lejre_client.get(reverse("admin:counselling_case_attachment", args=[case.pk, attachment.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Disposition"] == 'attachment; filename="forretningsplan.pdf"'


def test_another_municipalitys_staff_cannot_download_it(bucket, lejre, roskilde_client):
    case = make_case(lejre, attachments=checked(upload("forretningsplan.pdf")))
    attachment = case.attachments.get()

    response = roskilde_client.get(
        reverse("admin:counselling_case_attachment", args=[case.pk, attachment.pk])
    )

    assert response.status_code == 404


def test_a_missing_object_is_a_404_not_a_500(bucket, lejre, lejre_client):
    case = make_case(lejre, attachments=checked(upload("forretningsplan.pdf")))
    attachment = case.attachments.get()
    bucket.delete_object(Bucket=bucket.name, Key=keys(bucket)[0])

    response = lejre_client.get(reverse("admin:counselling_case_attachment", args=[case.pk, attachment.pk]))

    assert response.status_code == 404


def test_private_files_may_have_a_bucket_of_their_own(s3_server):
    read = read_settings(**s3_env(s3_server, "offentlig", S3_PRIVATE_BUCKET="fortrolig"))

    assert read["STORAGES"]["default"]["OPTIONS"]["bucket_name"] == "offentlig"
    assert read["STORAGES"]["private"]["OPTIONS"]["bucket_name"] == "fortrolig"
    assert read["STORAGES"]["private"]["OPTIONS"]["default_acl"] == "private"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"S3_BUCKET": "b"}, "S3_BUCKET set, but not S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY"),
        (
            {"S3_ENDPOINT_URL": "https://s3.example.dk", "S3_ACCESS_KEY_ID": "k"},
            "S3_ACCESS_KEY_ID, S3_ENDPOINT_URL set, but not S3_BUCKET, S3_REGION, S3_SECRET_ACCESS_KEY",
        ),
        (s3_env("s3.example.dk", "b"), "S3_ENDPOINT_URL must start with https:// or http://"),
    ],
)
def test_a_half_s3_configuration_stops_the_start(env, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        read_settings(**env)


def test_the_private_storage_follows_the_settings(bucket):
    assert uploads.private_storage.bucket_name == bucket.name
    assert uploads.private_storage.location == "private"
