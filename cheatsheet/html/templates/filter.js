// Filter buttons: show only the items whose data-tags hold the button's data-filter
// ("all" shows everything); a section with nothing left to show is hidden too.
(function () {
  document.querySelectorAll("[data-filter-items]").forEach(function (bar) {
    var selector = bar.getAttribute("data-filter-items");
    var items = Array.prototype.slice.call(document.querySelectorAll(selector));
    var shown = bar.querySelector(".shown");
    bar.querySelectorAll("button[data-filter]").forEach(function (button) {
      button.addEventListener("click", function () {
        var want = button.getAttribute("data-filter"), count = 0;
        bar.querySelectorAll("button[data-filter]").forEach(function (b) {
          b.setAttribute("aria-pressed", b === button ? "true" : "false");
        });
        items.forEach(function (item) {
          var tags = (item.getAttribute("data-tags") || "").split(" ");
          item.hidden = want !== "all" && tags.indexOf(want) < 0;
          if (!item.hidden) count += 1;
        });
        document.querySelectorAll("[data-filter-section]").forEach(function (section) {
          section.hidden = !section.querySelector(selector + ":not([hidden])");
        });
        if (shown) shown.textContent = "showing " + count + " of " + items.length;
      });
    });
  });
})();
