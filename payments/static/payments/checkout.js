// The order's page: wait for the payment and move on when it arrives; inside WeChat, start
// WeChat's own payment sheet. No framework, no network beyond this site.
(function () {
  "use strict";
  var box = document.querySelector("[data-checkout]");
  if (!box) return;
  var statusUrl = box.getAttribute("data-status-url");
  var doneUrl = box.getAttribute("data-done-url");
  var delay = 2000;

  function poll() {
    fetch(statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (answer && answer.state && answer.state !== "open") {
          window.location.assign(doneUrl);
          return;
        }
        // Slower the longer the payer takes (a QR code may wait minutes for a phone).
        delay = Math.min(delay * 1.25, 10000);
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }
  window.setTimeout(poll, delay);

  var button = box.querySelector("[data-jsapi]");
  var params = document.getElementById("jsapi-params");
  if (button && params) {
    var pay = function () {
      if (typeof window.WeixinJSBridge === "undefined") return;
      window.WeixinJSBridge.invoke("getBrandWCPayRequest", JSON.parse(params.textContent), function () {
        // Whatever WeChat answers here, the server's notification decides: ask it now.
        delay = 1000;
        poll();
      });
    };
    button.addEventListener("click", pay);
    if (typeof window.WeixinJSBridge === "undefined") {
      document.addEventListener("WeixinJSBridgeReady", pay, false);
    } else {
      pay();
    }
  }
})();
