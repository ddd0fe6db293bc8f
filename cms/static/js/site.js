// Filter forms apply as soon as a choice changes; the submit button stays for keyboards and
// browsers without JavaScript.
document.querySelectorAll("form[data-autosubmit] select").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
});
