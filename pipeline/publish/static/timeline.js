/* Dateline timeline page behaviour. Served from the package (no CDN); the page works without
   it, this only makes whole event cards clickable and brings the evidence into view.
   It never builds HTML from data: it reads attributes and navigates, nothing else. */
(function () {
  "use strict";

  function isSafeHref(href) {
    // Only same-origin links are followed from a card; external links stay ordinary <a>s.
    try {
      var url = new URL(href, window.location.href);
      return url.origin === window.location.origin;
    } catch (e) {
      return false;
    }
  }

  function onCardClick(event) {
    var card = event.currentTarget;
    // Clicks on real links and form controls keep their own behaviour.
    if (event.target.closest("a, button, input, select, label")) {
      return;
    }
    var href = card.getAttribute("data-href");
    if (href && isSafeHref(href)) {
      window.location.assign(href);
    }
  }

  function initTimeline() {
    var cards = document.querySelectorAll(".dl-event[data-href]");
    for (var i = 0; i < cards.length; i++) {
      cards[i].addEventListener("click", onCardClick);
    }
  }

  function initDocument() {
    var evidence = document.getElementById("evidence");
    if (!evidence) {
      return;
    }
    // The stylesheet's scroll-margin keeps the sentence clear of the event card, which
    // narrow screens pin above the text; the browser's own jump to #evidence uses it too.
    evidence.scrollIntoView({ block: "start" });
    evidence.focus({ preventScroll: true });
  }

  function init() {
    initTimeline();
    initDocument();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
