/* Dateline's touches on Datasette's own pages. Moves existing nodes only; never builds HTML
   from data. Without it the pages work as Datasette made them. */
(function () {
  "use strict";
  var LONG = 90;  // characters above which a cell is clamped to three lines

  function foldGlossary() {
    var list = document.querySelector("dl.column-descriptions");
    if (!list || list.parentNode.tagName === "DETAILS") {
      return;
    }
    var details = document.createElement("details");
    details.className = "dl-glossary";
    var summary = document.createElement("summary");
    summary.textContent = "What the columns mean (" +
      list.querySelectorAll("dt").length + " columns)";
    list.parentNode.insertBefore(details, list);
    details.appendChild(summary);
    details.appendChild(list);
  }

  function clampLongCells() {
    var cells = document.querySelectorAll("table.rows-and-columns td");
    for (var i = 0; i < cells.length; i++) {
      var cell = cells[i];
      if (cell.textContent.length <= LONG) {
        continue;
      }
      var box = document.createElement("div");
      box.className = "dl-clamp";
      box.title = "click to show all";
      while (cell.firstChild) {
        box.appendChild(cell.firstChild);
      }
      cell.appendChild(box);
      box.addEventListener("click", function (event) {
        if (!event.target.closest("a")) {
          event.currentTarget.classList.toggle("is-open");
        }
      });
    }
  }

  function init() {
    foldGlossary();
    clampLongCells();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
