"""The harness's own checks must fail when they should, or the other browser tests prove nothing."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_harness_catches_other_hosts_console_errors_and_axe_violations(visitor):
    visitor.goto("/")
    visitor.page.evaluate(
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
    visitor.page.wait_for_timeout(300)
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
    visitor.page.set_content('<img alt="" src="https://fonts.googleapis.example/y.png">')
    visitor.page.wait_for_timeout(300)
    problems = "\n".join(visitor.problems)
    assert "request to another host: https://fonts.googleapis.example/y.png" in problems
    visitor.problems.clear()
