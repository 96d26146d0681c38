// The header's 「提醒」 badge: ask for the unread count every 60 s while the tab is visible.
(function () {
  var badge = document.getElementById("notify-badge");
  var link = document.getElementById("notify-link");
  if (!badge || !window.fetch) return;
  var PERIOD = 60000;
  var timer = null;

  function show(n) {
    badge.textContent = String(n);
    badge.dataset.unread = String(n);
    badge.hidden = n <= 0;
    if (link) link.setAttribute("aria-label", "提醒（未读 " + n + " 条）");
  }
  function poll() {
    fetch("/operator/notifications/count", {
      credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" },
    })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (data && typeof data.unread === "number") show(data.unread);
      })
      .catch(function () { /* offline: keep the last figure, try again later */ });
  }
  function start() {
    if (timer === null) timer = window.setInterval(poll, PERIOD);
  }
  function stop() {
    if (timer !== null) window.clearInterval(timer);
    timer = null;
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      poll(); // catch up at once when the operator comes back to the tab
      start();
    } else {
      stop();
    }
  });
  if (document.visibilityState !== "hidden") start();
})();
