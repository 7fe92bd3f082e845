"""Uploaded governance documents are served through core:file, inside the record's scope only."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wuye.core.files import file_url
from wuye.governance.choices import BallotChannel
from wuye.governance.services import decisions as services
from wuye.governance.tests.test_services import key
from wuye.governance.tests.test_vote_pages import community_a as community_a  # noqa: F401 - fixture
from wuye.governance.tests.test_vote_pages import ctx as ctx  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper(ctx, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return services.ballot_cast(actor=ctx["member"], decision=ctx["decision"], voter_key=key(ctx, "Chen"),
                                choice="yes", channel=BallotChannel.PAPER,
                                scanned_ballot=SimpleUploadedFile("chen.pdf", b"%PDF chen's signed ballot"))


def test_organiser_downloads_the_scan_others_get_404(client, ctx, paper):
    url = file_url(paper, "scanned_ballot")
    client.force_login(ctx["member"])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF chen's signed ballot"
    assert "attachment" in response["Content-Disposition"]
    page = client.get(reverse("governance:decision_detail", args=[ctx["decision"].pk])).content.decode()
    assert url in page
    for user in (ctx["outsider"], ctx["zhang"]):  # another street; an owner who is not this voter
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_only_registered_file_fields_are_served(client, ctx, paper):
    client.force_login(ctx["member"])
    # A field that is not a registered document, or a model without documents: 404, never a file.
    assert client.get(reverse("core:file", args=["governance.ballot", paper.pk, "hash"])).status_code == 404
    assert client.get(reverse("core:file", args=["accounts.user", ctx["member"].pk, "password"])).status_code == 404
    with pytest.raises(ValueError):
        file_url(paper, "hash")
    empty = services.ballot_cast(actor=ctx["zhang"], decision=ctx["decision"], voter_key=key(ctx, "Zhang"),
                                 choice="no", channel=BallotChannel.ELECTRONIC)
    assert file_url(empty, "scanned_ballot") == ""
    assert client.get(reverse("core:file", args=["governance.ballot", empty.pk, "scanned_ballot"])).status_code == 404
