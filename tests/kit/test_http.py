from kit.http import client_ip


def test_client_ip_trusts_only_the_configured_proxies(rf, settings):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="10.0.0.2")
    settings.NUM_PROXIES = 0
    assert client_ip(request) == "10.0.0.2"  # a forged header changes nothing
    settings.NUM_PROXIES = 1
    assert client_ip(request) == "203.0.113.7"  # what our proxy saw, not what the client wrote
    settings.NUM_PROXIES = 3
    assert client_ip(request) == "10.0.0.2"  # fewer entries than proxies: the header is not ours


def test_client_ip_ignores_empty_entries_in_the_forwarded_header(rf, settings):
    settings.NUM_PROXIES = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.7, ,", REMOTE_ADDR="10.0.0.2")

    assert client_ip(request) == "203.0.113.7"
