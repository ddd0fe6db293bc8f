// Filter forms apply as soon as a choice changes; the submit button stays for keyboards and
// browsers without JavaScript.
document.querySelectorAll("form[data-autosubmit] select").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
});

// Filter panels start open where there is room for them beside the results.
if (window.matchMedia("(min-width: 901px)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach((details) => {
        details.open = true;
    });
}
