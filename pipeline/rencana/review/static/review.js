// Clicking a record highlights its box on the page image, and clicking a box its record.
(function () {
  function activate(index, scrollTo) {
    document.querySelectorAll(".box.active, form.record.active").forEach(function (el) {
      el.classList.remove("active");
    });
    var box = document.getElementById("box-" + index);
    var record = document.getElementById("r" + index);
    if (box) box.classList.add("active");
    if (record) record.classList.add("active");
    var target = scrollTo === "box" ? box : record;
    if (target) target.scrollIntoView({ block: "center", behavior: "smooth" });
  }
  document.querySelectorAll("form.record[data-index]").forEach(function (form) {
    form.addEventListener("click", function (event) {
      if (event.target.closest("input, textarea, button, label")) {
        activate(form.dataset.index, null);
      } else {
        activate(form.dataset.index, "box");
      }
    });
  });
  document.querySelectorAll(".box").forEach(function (box) {
    box.addEventListener("click", function (event) {
      event.preventDefault();
      activate(box.dataset.index, "record");
    });
  });
  document.querySelectorAll("button[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  });
  var hash = window.location.hash.match(/^#r(\d+)$/);
  if (hash) activate(hash[1], "box");
})();
