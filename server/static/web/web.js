// Small conveniences on top of pages that work without JavaScript.
(function () {
  "use strict";

  // "Select all on this page" for the bulk review checkboxes.
  document.querySelectorAll("[data-select-all]").forEach(function (master) {
    var name = master.getAttribute("data-select-all");
    var form = master.form;
    master.addEventListener("change", function () {
      form.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (box) {
        box.checked = master.checked;
        box.closest("tr") && box.closest("tr").classList.toggle("picked", box.checked);
      });
    });
    form.addEventListener("change", function (event) {
      var box = event.target;
      if (box.name === name && box.closest("tr")) {
        box.closest("tr").classList.toggle("picked", box.checked);
      }
    });
  });

  // Choosing a province, district or sub-district reloads the next level's choices.
  document.querySelectorAll("form.filters select[name=province], form.filters select[name=district], form.filters select[name=subdistrict]")
    .forEach(function (select) {
      select.addEventListener("change", function () {
        var form = select.form;
        var order = ["province", "district", "subdistrict", "village"];
        order.slice(order.indexOf(select.name) + 1).forEach(function (level) {
          var below = form.querySelector("select[name=" + level + "]");
          if (below) { below.value = ""; }
        });
        form.submit();
      });
    });

  // A choice that reloads the page at once (no inline handlers: the pages' CSP forbids them).
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // The set-up sheet's print button.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // Ask before an action that cannot be undone from this page.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
})();
