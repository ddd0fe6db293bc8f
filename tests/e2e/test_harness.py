"""The harness's own checks must fail when they should, or the other browser tests prove nothing."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_harness_catches_other_hosts_console_errors_and_axe_violations(visitor):
    visitor.goto("/")
    page = visitor.page
    # Waits for the messages themselves (the Visitor's listener, registered first, has recorded
    # each one by then), however long a loaded machine takes to send them.
    with (
        page.expect_console_message(lambda message: message.text == "boom"),
        page.expect_console_message(
            lambda message: "Content Security Policy" in message.text and "x.png" in message.text
        ),
    ):
        page.evaluate(
            """() => {
                const img = document.createElement('img');
                img.src = 'https://fonts.googleapis.example/x.png';
                img.alt = '';
                document.body.appendChild(img);
                console.error('boom');
                const input = document.createElement('input');
                input.type = 'text';
                document.querySelector('main').appendChild(input);
                const link = document.createElement('a');
                link.href = '#';
                document.querySelector('main').appendChild(link);
            }"""
        )
    problems = "\n".join(visitor.problems)
    # The site's Content-Security-Policy stops the request, and says so on the console.
    assert "https://fonts.googleapis.example/x.png" in problems
    assert "Content Security Policy" in problems
    assert "console error: boom" in problems
    visitor.problems.clear()
    with pytest.raises(AssertionError, match="accessibility violations"):
        visitor.check()
    visitor.problems.clear()
    # Behind it, the harness's own guard catches a request to another host on a page
    # without that policy.
    visitor.page.goto("about:blank")
    # The guard records the request before it aborts it, and the abort is what fails it.
    with page.expect_event("requestfailed", lambda request: request.url.endswith("/y.png")):
        page.set_content('<img alt="" src="https://fonts.googleapis.example/y.png">')
    problems = "\n".join(visitor.problems)
    assert "request to another host: https://fonts.googleapis.example/y.png" in problems
    visitor.problems.clear()
