// Check-in page: scan tickets with the camera where the browser can (BarcodeDetector), and keep
// the checked-in count current for several doors at once.
const root = document.querySelector(".check-in");
if (root) {
    const form = document.getElementById("check-in-form");
    const codeInput = form.querySelector("input[name=code]");
    const scanButton = root.querySelector("[data-scan]");
    const video = root.querySelector("[data-camera]");
    codeInput.focus();

    if ("BarcodeDetector" in window && navigator.mediaDevices) {
        scanButton.hidden = false;
        scanButton.addEventListener("click", async () => {
            const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
            const stream = await navigator.mediaDevices.getUserMedia({
                video: { facingMode: "environment" },
            });
            video.srcObject = stream;
            video.hidden = false;
            await video.play();
            const look = async () => {
                const codes = await detector.detect(video);
                if (codes.length) {
                    stream.getTracks().forEach((track) => track.stop());
                    codeInput.value = codes[0].rawValue;
                    form.requestSubmit();
                } else {
                    requestAnimationFrame(look);
                }
            };
            look();
        });
    }

    const refresh = async () => {
        const response = await fetch(root.dataset.countsUrl, { credentials: "same-origin" });
        if (response.ok) {
            const counts = await response.json();
            root.querySelector("[data-checked-in]").textContent = counts.checked_in;
            root.querySelector("[data-confirmed]").textContent = counts.confirmed;
        }
    };
    setInterval(refresh, 10000);
}
