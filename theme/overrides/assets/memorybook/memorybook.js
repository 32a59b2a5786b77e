/* memorybook: things that depend on today's date, and the photo lightbox. No network. */
(function () {
  "use strict";

  var DAY = 86400000;

  function parseDay(text) {
    var p = text.split("-");
    return new Date(Number(p[0]), Number(p[1]) - 1, Number(p[2]));
  }

  function today() {
    var now = new Date();
    return new Date(now.getFullYear(), now.getMonth(), now.getDate());
  }

  function daysBetween(a, b) {
    return Math.round((b - a) / DAY);
  }

  function plural(n, word, many) {
    return n.toLocaleString() + " " + (n === 1 ? word : many || word + "s");
  }

  function yearsAgo(day, now) {
    var years = now.getFullYear() - day.getFullYear();
    if (now.getMonth() < day.getMonth() ||
        (now.getMonth() === day.getMonth() && now.getDate() < day.getDate())) years -= 1;
    return years;
  }

  function nextAnniversary(day, now) {
    var next = new Date(now.getFullYear(), day.getMonth(), day.getDate());
    if (next < now) next = new Date(now.getFullYear() + 1, day.getMonth(), day.getDate());
    return next;
  }

  function showTogether(root) {
    root.querySelectorAll("[data-mb-since]").forEach(function (el) {
      var days = daysBetween(parseDay(el.dataset.mbSince), today());
      var out = el.querySelector(".mb-days-together");
      if (!out || days < 0) return;
      out.textContent = "· " + plural(days, "day") + " together";
      out.hidden = false;
    });
  }

  function showAnniversaries(root) {
    var now = today();
    root.querySelectorAll("[data-mb-anniversary]").forEach(function (el) {
      var day = parseDay(el.dataset.mbAnniversary);
      var out = el.querySelector(".mb-countdown");
      var next = nextAnniversary(day, now);
      var until = daysBetween(now, next);
      var years = next.getFullYear() - day.getFullYear();
      if (!out || years < 1) return;
      out.textContent = until === 0
        ? "Today: " + plural(years, "year") + "!"
        : plural(years, "year") + " on " + next.toLocaleDateString("en-GB", {day: "numeric", month: "long", year: "numeric"}) +
          ", in " + plural(until, "day");
    });
    root.querySelectorAll("[data-mb-ago]").forEach(function (el) {
      var years = yearsAgo(parseDay(el.dataset.mbAgo), now);
      el.textContent = years > 0 ? plural(years, "year") + " ago" : "this year";
    });
  }

  function onThisDayItems(now, window_) {
    var data = window.memorybookOnThisDay || [];
    return data.filter(function (item) {
      if (item[1] >= now.getFullYear()) return false;
      var day = new Date(now.getFullYear(), Number(item[0].slice(0, 2)) - 1, Number(item[0].slice(3)));
      return Math.abs(daysBetween(now, day)) <= window_;
    });
  }

  function showOnThisDay(root) {
    root.querySelectorAll(".mb-on-this-day").forEach(function (box) {
      var now = today();
      var full = box.dataset.mbFull === "true";
      var items = onThisDayItems(now, 0);
      var heading = null;
      if (!items.length && full) {
        items = onThisDayItems(now, 7);
        heading = items.length ? "Nothing on this very day, but around it:" : "Nothing from this day in earlier years yet.";
      }
      if (!items.length && !full) return;
      var list = box.querySelector("ul");
      var note = box.querySelector(".mb-empty");
      if (note) note.textContent = heading || "";
      if (note && !heading) note.remove();
      list.textContent = "";
      items.forEach(function (item) {
        var li = document.createElement("li");
        var when = document.createElement("small");
        var ago = now.getFullYear() - item[1];
        when.textContent = item[0].slice(3) + "/" + item[0].slice(0, 2) + "/" + item[1] + " · " + plural(ago, "year") + " ago";
        var link = document.createElement("a");
        link.href = box.dataset.mbRoot + item[3];
        link.textContent = item[2];
        li.append(when, link);
        list.append(li);
      });
      box.hidden = false;
    });
  }

  function lightbox(root) {
    var links = Array.prototype.slice.call(root.querySelectorAll("a.mb-lightbox"));
    if (!links.length) return;
    var dialog = document.createElement("dialog");
    dialog.className = "mb-lightbox-dialog";
    dialog.setAttribute("aria-label", "Photo");
    dialog.innerHTML = '<figure><img alt=""><figcaption></figcaption></figure>' +
      '<button class="mb-close" type="button" aria-label="Close">×</button>' +
      '<button class="mb-prev" type="button" aria-label="Previous photo">‹</button>' +
      '<button class="mb-next" type="button" aria-label="Next photo">›</button>';
    document.body.append(dialog);
    var img = dialog.querySelector("img");
    var caption = dialog.querySelector("figcaption");
    var current = 0;
    function show(index) {
      current = (index + links.length) % links.length;
      var link = links[current];
      img.src = link.href;
      img.alt = (link.querySelector("img") || {}).alt || "";
      caption.textContent = link.dataset.caption || "";
      dialog.querySelector(".mb-prev").hidden = dialog.querySelector(".mb-next").hidden = links.length < 2;
      if (!dialog.open) dialog.showModal();
    }
    links.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        show(index);
      });
    });
    dialog.querySelector(".mb-close").addEventListener("click", function () { dialog.close(); });
    dialog.querySelector(".mb-prev").addEventListener("click", function () { show(current - 1); });
    dialog.querySelector(".mb-next").addEventListener("click", function () { show(current + 1); });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog || event.target.tagName === "FIGURE") dialog.close();
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") show(current - 1);
      if (event.key === "ArrowRight") show(current + 1);
    });
  }

  function init() {
    var root = document.querySelector(".md-content") || document;
    showTogether(root);
    showAnniversaries(root);
    showOnThisDay(root);
    lightbox(root);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
