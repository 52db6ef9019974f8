// The admin's forms page: feeds each preview frame (the phone app's preview.html) its
// definition and language, and keeps "publish" disabled until every listed downgrade is
// accepted. The pages' CSP allows no inline script, so the definition travels in a
// <script type="application/json"> data block and is posted to the frame.
(function () {
  "use strict";

  var previews = Array.prototype.slice.call(document.querySelectorAll("[data-preview]"));

  function send(preview) {
    var frame = preview.querySelector("[data-preview-frame]");
    var data = preview.querySelector("[data-preview-definition]");
    if (!frame.contentWindow || !data) { return; }
    frame.contentWindow.postMessage({
      type: "tambon-preview",
      definition: JSON.parse(data.textContent),
      lang: frame.getAttribute("data-lang") || "th"
    }, window.location.origin);
  }

  previews.forEach(function (preview) {
    var frame = preview.querySelector("[data-preview-frame]");
    frame.addEventListener("load", function () { send(preview); });
    preview.querySelectorAll("[data-preview-lang]").forEach(function (button) {
      button.addEventListener("click", function () {
        frame.setAttribute("data-lang", button.getAttribute("data-preview-lang"));
        preview.querySelectorAll("[data-preview-lang]").forEach(function (other) {
          other.setAttribute("aria-pressed", other === button ? "true" : "false");
        });
        send(preview);
      });
    });
  });

  // A frame that started before this script listened asks again.
  window.addEventListener("message", function (event) {
    if (event.origin !== window.location.origin || !event.data || event.data.type !== "tambon-preview-ready") { return; }
    previews.forEach(function (preview) {
      if (preview.querySelector("[data-preview-frame]").contentWindow === event.source) { send(preview); }
    });
  });

  // Publish stays disabled while a problem blocks it or a downgrade is not accepted; the
  // server checks the same again.
  document.querySelectorAll("[data-publish-gate]").forEach(function (form) {
    var button = form.querySelector("[data-publish]");
    if (!button) { return; }
    var blocking = Number(button.getAttribute("data-blocking") || "0");
    function update() {
      var open = Array.prototype.some.call(form.querySelectorAll("[data-accept]"), function (box) { return !box.checked; });
      button.disabled = blocking > 0 || open;
    }
    form.addEventListener("change", update);
    update();
  });
})();
