import pytest


@pytest.mark.parametrize(
    ("path", "text"), [("/en/", "Almaty Process"), ("/ru/", "Алматинский процесс")]
)
def test_home_page_in_each_language(client, reference, path, text):
    response = client.get(path)
    assert response.status_code == 200
    assert text in response.content.decode()
