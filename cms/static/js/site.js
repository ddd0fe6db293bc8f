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

// Picture uploads (cms/widgets/image_input.html): a newly chosen picture is shown in place of the
// current one before the form is sent, and choosing one unticks "remove", which would otherwise
// contradict it. Ticking "remove" greys the current picture out.
document.querySelectorAll("[data-picture-input]").forEach((box) => {
    const input = box.querySelector('input[type="file"]');
    const remove = box.querySelector('input[type="checkbox"]');
    let preview = box.querySelector(".picture-input__preview");
    const stored = preview ? { src: preview.src, alt: preview.alt } : null;
    let chosenUrl = null;
    input.addEventListener("change", () => {
        if (chosenUrl) {
            URL.revokeObjectURL(chosenUrl);
            chosenUrl = null;
        }
        const file = input.files[0];
        if (file && file.type.startsWith("image/")) {
            if (!preview) {
                preview = document.createElement("img");
                preview.className = "picture-input__preview";
                box.prepend(preview);
            }
            chosenUrl = URL.createObjectURL(file);
            preview.src = chosenUrl;
            preview.alt = ""; // the file input itself names the chosen file
            if (remove) remove.checked = false;
            box.classList.remove("picture-input--removing");
        } else if (stored) {
            preview.src = stored.src;
            preview.alt = stored.alt;
        } else if (preview) {
            preview.remove();
            preview = null;
        }
    });
    if (remove) {
        remove.addEventListener("change", () => {
            box.classList.toggle("picture-input--removing", remove.checked);
        });
    }
});
