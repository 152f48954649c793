/* Draws the filtered timeline with the vendored TimelineJS. The data URL comes from the page's
   data-src attribute (built by the server from the filters); the JSON's text is escaped by the
   server, and TimelineJS sanitises it again. Nothing is loaded from another origin. */
(function () {
  "use strict";

  function show(el, message) {
    el.textContent = "";
    var p = document.createElement("p");
    p.className = "dl-visual-message";
    p.textContent = message;
    el.appendChild(p);
  }

  function init() {
    var el = document.getElementById("dl-visual");
    if (!el) {
      return;
    }
    if (typeof window.TL === "undefined") {
      show(el, "TimelineJS did not load.");
      return;
    }
    fetch(el.getAttribute("data-src"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (!data.events || data.events.length === 0) {
          show(el, "No dated events match these filters.");
          return;
        }
        el.textContent = "";
        new window.TL.Timeline(el, data, {
          script_path: el.getAttribute("data-script-path"),
          font: null,            // no web fonts from a CDN
          language: "en",
          hash_bookmark: false,
          initial_zoom: 2,
          timenav_height_percentage: 35
        });
      })
      .catch(function () { show(el, "The timeline data could not be read."); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
