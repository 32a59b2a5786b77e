/* memorybook: things that depend on today's date, the photo lightbox (which plays clips too)
   and Live Photos. No network; nothing plays until asked, and never more than one at a time. */
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

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  function formatDay(day) {
    // The site's own date format ("14 June 2026"), whatever the browser's language.
    return day.getDate() + " " + MONTHS[day.getMonth()] + " " + day.getFullYear();
  }

  function distance(now, monthDay) {
    // Days from today to this calendar day in the nearest year (30 Dec is 3 days from 2 Jan).
    var day = new Date(now.getFullYear(), Number(monthDay.slice(0, 2)) - 1, Number(monthDay.slice(3)));
    var days = daysBetween(now, day);
    if (days > 182) days -= 365;
    if (days < -182) days += 365;
    return Math.abs(days);
  }

  var TIERS = [
    {fits: function (d) { return d === 0; }, heading: "On this day"},
    {fits: function (d) { return d <= 3; }, heading: "This week, in earlier years"},
    {fits: function (d, now, md) { return Number(md.slice(0, 2)) === now.getMonth() + 1; },
      heading: "This month, in earlier years"}
  ];

  function onThisDay(now) {
    // The nearest days with memories from earlier years: this very day, else this week,
    // else this month. The data (newest first, private entries never in it) is made at build.
    var data = (window.memorybookOnThisDay || []).filter(function (item) { return item[1] < now.getFullYear(); });
    for (var t = 0; t < TIERS.length; t++) {
      var items = data.filter(function (item) { return TIERS[t].fits(distance(now, item[0]), now, item[0]); });
      if (items.length) {
        items.sort(function (a, b) { return distance(now, a[0]) - distance(now, b[0]); });
        return {heading: TIERS[t].heading, items: items};
      }
    }
    return {heading: "On this day", items: []};
  }

  function pausedUntil(now) {
    // `on_this_day: {pause_until: DATE}`: nothing is brought back before that day.
    var pause = window.memorybookOnThisDayPause;
    if (!pause) return null;
    var day = new Date(Number(pause.slice(0, 4)), Number(pause.slice(5, 7)) - 1, Number(pause.slice(8, 10)));
    return now < day ? day : null;
  }

  function showOnThisDay(root) {
    root.querySelectorAll(".mb-on-this-day").forEach(function (box) {
      var now = today();
      var full = box.dataset.mbFull === "true";
      var paused = pausedUntil(now);
      var found = paused ? {heading: "On this day", items: []} : onThisDay(now);
      if (!found.items.length && !full) return;
      var heading = box.querySelector("h2");
      if (heading) heading.textContent = found.heading;
      var note = box.querySelector(".mb-empty");
      if (note) {
        note.textContent = paused
          ? "On this day is paused until " + formatDay(paused) + "."
          : found.items.length
          ? (found.heading === "On this day" ? "" : "Nothing on this very day; around it:")
          : "Nothing from this time of year in earlier years yet.";
        note.hidden = !note.textContent;
      }
      var list = box.querySelector("ul");
      list.textContent = "";
      found.items.forEach(function (item) {
        var li = document.createElement("li");
        var when = document.createElement("small");
        var day = new Date(item[1], Number(item[0].slice(0, 2)) - 1, Number(item[0].slice(3)));
        var ago = yearsAgo(day, now);  // 0 for 30 December seen on 2 January
        when.textContent = formatDay(day) + " · " + (ago ? plural(ago, "year") + " ago" : "last year");
        var link = document.createElement("a");
        link.href = box.dataset.mbRoot + item[3];
        link.textContent = item[2];
        li.append(when, " ", link);
        list.append(li);
      });
      box.hidden = false;
    });
  }

  function masonry(root) {
    // Cards keep their own height; each spans as many 1px rows as it is tall (plus the gap),
    // so the grid fills without holes and keeps the reading order (newest first, by rows).
    if (!window.ResizeObserver) return;
    root.querySelectorAll(".mb-cards").forEach(function (grid) {
      var gap = parseFloat(getComputedStyle(grid).rowGap) || 0;
      var pending = false;
      function lay() {
        pending = false;
        grid.classList.add("mb-cards--masonry");
        Array.prototype.forEach.call(grid.children, function (card) {
          card.style.gridRowEnd = "span " + Math.ceil(card.getBoundingClientRect().height + gap);
        });
      }
      var observer = new ResizeObserver(function () {
        if (!pending) { pending = true; requestAnimationFrame(lay); }
      });
      Array.prototype.forEach.call(grid.children, function (card) { observer.observe(card); });
      lay();
    });
  }

  function lightbox(root) {
    var links = Array.prototype.slice.call(root.querySelectorAll("a.mb-lightbox"));
    if (!links.length) return;
    var dialog = document.createElement("dialog");
    dialog.className = "mb-lightbox-dialog";
    dialog.setAttribute("aria-label", "Photo");
    dialog.innerHTML = '<figure><img alt=""><video controls playsinline preload="metadata" hidden>' +
      '</video><figcaption></figcaption></figure>' +
      '<button class="mb-close" type="button" aria-label="Close">×</button>' +
      '<button class="mb-prev" type="button" aria-label="Previous photo">‹</button>' +
      '<button class="mb-next" type="button" aria-label="Next photo">›</button>';
    document.body.append(dialog);
    var img = dialog.querySelector("img");
    var video = dialog.querySelector("video");
    var caption = dialog.querySelector("figcaption");
    var current = 0;
    function name(link, what) {
      // alt text: the photo's own, else its caption, else where it is in the series
      return (link.querySelector("img") || {}).alt || link.dataset.caption ||
        what + " " + (current + 1) + " of " + links.length;
    }
    function showClip(link) {
      // The clip in the page stops: one sound at a time. The lightbox's waits to be played.
      var inPage = link.parentNode.querySelector("video");
      if (inPage) inPage.pause();
      img.hidden = true;
      img.removeAttribute("src");
      video.hidden = false;
      video.poster = link.dataset.poster || "";
      // As large as the screen allows, in the clip's own shape (before its first frame too)
      var ratio = Number(link.dataset.ratio) || 16 / 9;
      video.style.aspectRatio = String(ratio);
      video.style.width = "min(94vw, calc(86vh * " + ratio + "))";
      if (video.getAttribute("src") !== link.dataset.clip) video.setAttribute("src", link.dataset.clip);
      video.setAttribute("aria-label", name(link, "Clip"));
    }
    function showPhoto(link) {
      if (video.getAttribute("src")) {
        video.removeAttribute("src");
        video.load();  // lets go of the clip shown before
      }
      video.hidden = true;
      img.hidden = false;
      img.src = link.href;
      img.alt = name(link, "Photo");
    }
    function show(index) {
      video.pause();
      current = (index + links.length) % links.length;
      var link = links[current];
      if (link.dataset.clip) showClip(link); else showPhoto(link);
      caption.textContent = link.dataset.caption || "";
      dialog.querySelector(".mb-prev").hidden = dialog.querySelector(".mb-next").hidden = links.length < 2;
      if (!dialog.open) dialog.showModal();
      // A clip takes the focus (Space plays it, with the browser's own controls); a photo
      // leaves it where it is in the dialog, else on Close (never on the hidden clip)
      var focused = document.activeElement;
      if (link.dataset.clip) video.focus();
      else if (!dialog.contains(focused) || focused === video) dialog.querySelector(".mb-close").focus();
    }
    links.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        show(index);
      });
    });
    dialog.querySelector(".mb-close").addEventListener("click", function () { dialog.close(); });
    // Closing (Esc natively, the button, a click outside) pauses the clip; focus goes back to
    // the photo shown last.
    dialog.addEventListener("close", function () {
      video.pause();
      links[current].focus();
    });
    dialog.querySelector(".mb-prev").addEventListener("click", function () { show(current - 1); });
    dialog.querySelector(".mb-next").addEventListener("click", function () { show(current + 1); });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog || event.target.tagName === "FIGURE") dialog.close();
    });
    dialog.addEventListener("keydown", function (event) {
      // Arrows move between photos, on a clip too (rather than seeking it).
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
      event.preventDefault();
      show(current + (event.key === "ArrowLeft" ? -1 : 1));
    });
  }

  function livePhotos(root) {
    // A Live Photo's moment plays over its still when its button is pressed, muted and
    // inline, then the still is back. Without script the button stays hidden.
    root.querySelectorAll(".mb-live").forEach(function (box) {
      var button = box.querySelector(".mb-live__play");
      var motion = box.querySelector(".mb-live__motion");
      if (!button || !motion) return;
      motion.muted = true;
      function still() {
        motion.hidden = true;
        button.setAttribute("aria-pressed", "false");
      }
      button.addEventListener("click", function () {
        if (!motion.hidden) {
          motion.pause();
          still();
          return;
        }
        motion.hidden = false;
        button.setAttribute("aria-pressed", "true");
        motion.currentTime = 0;
        var playing = motion.play();
        if (playing && playing.catch) playing.catch(still);
      });
      motion.addEventListener("ended", still);
      button.hidden = false;
    });
  }

  function oneAtATime(root) {
    // A clip that starts playing pauses any other on the page.
    root.addEventListener("play", function (event) {
      root.querySelectorAll("video").forEach(function (other) {
        if (other !== event.target && !other.paused) other.pause();
      });
    }, true);
  }

  function init() {
    var root = document.querySelector(".md-content") || document;
    // Material's search is a dialog without a name; screen readers announce it as "Search".
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");
    showTogether(root);
    showAnniversaries(root);
    showOnThisDay(root);
    masonry(root);
    lightbox(root);
    livePhotos(root);
    oneAtATime(root);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
