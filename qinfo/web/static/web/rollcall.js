/* Roll call: one tap cycles a student's status (มา → สาย → ลาป่วย → ลากิจ → ขาด → กิจกรรม).
   Our own few lines rather than a library: the page works without JavaScript (each student's
   statuses are plain radio buttons), and this only turns the radios into one button per student
   and keeps the counts at the top up to date. */
(function () {
  "use strict";
  var form = document.querySelector("form.rollcall");
  if (!form) { return; }
  form.classList.add("js");

  function recount() {
    var counts = {};
    form.querySelectorAll("input[type=radio]:checked").forEach(function (radio) {
      counts[radio.value] = (counts[radio.value] || 0) + 1;
    });
    form.querySelectorAll("[data-count]").forEach(function (cell) {
      cell.textContent = counts[cell.getAttribute("data-count")] || 0;
    });
  }

  form.querySelectorAll(".rc-row").forEach(function (row) {
    var radios = Array.prototype.slice.call(row.querySelectorAll("input[type=radio]"));
    var button = row.querySelector("button.rc-cycle");
    function show() {
      var checked = radios.filter(function (r) { return r.checked; })[0] || radios[0];
      checked.checked = true;
      button.textContent = checked.getAttribute("data-label");
      row.setAttribute("data-status", checked.value);
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var i = radios.findIndex(function (r) { return r.checked; });
      radios[(i + 1) % radios.length].checked = true;
      show();
      recount();
    });
    radios.forEach(function (radio) {
      radio.addEventListener("change", function () { show(); recount(); });
    });
    show();
  });
})();
