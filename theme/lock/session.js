/* On every page of a locked site: hold the session's key (one not remembered on this device)
 * in this page's memory, to give it back to the service worker when the browser restarts it
 * (sw.js); it is gone with the last page of the site or the browser session, for it is
 * written nowhere. And a Lock button in the header that forgets the key at once, here and
 * in every open page. Loaded first in <head>. */
"use strict";
(function () {
  const root = new URL("../", document.currentScript.src);

  /* The book's QR code for a clip opens the unlock page with the clip's page after its #
   * (book/clips.py), which unlock.js goes on to once opened. Where the site is open already,
   * the worker answers that address with the home page instead: go on from here as well,
   * within this site only, as unlock.js does. (An anchor of the home page has no / . or #.) */
  if (location.href.split("#")[0] === root.href && location.hash.length > 1) {
    let wanted = "";
    try {
      wanted = decodeURIComponent(location.hash.slice(1));
    } catch (error) {
      wanted = ""; /* not an address */
    }
    const target = new URL(wanted, root);
    const inside = target.href.startsWith(root.href) && !/^[a-z]+:|^[\\/]/i.test(wanted);
    if (/[/.#]/.test(wanted) && inside && target.href.split("#")[0] !== root.href) {
      location.replace(target.href);
      return;
    }
  }
  const workers = navigator.serviceWorker;
  let held = null; /* the session's key, if this page holds it */
  let leaving = false;

  function ask(worker, message) {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => resolve(event.data);
      worker.postMessage(message, [channel.port2]);
      setTimeout(() => resolve(null), 1000);
    });
  }

  async function lock() {
    document.documentElement.style.visibility = "hidden";
    held = null;
    leaving = true;
    await new Promise((resolve) => {
      const opening = indexedDB.open("memorybook-lock", 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore("keys");
      opening.onerror = () => resolve();
      opening.onsuccess = () => {
        const transaction = opening.result.transaction("keys", "readwrite");
        transaction.objectStore("keys").delete("site");
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => resolve();
      };
    });
    if (workers && workers.controller) await ask(workers.controller, {type: "forget"});
    location.replace(root.href);
  }

  if (workers) {
    workers.addEventListener("message", (event) => {
      const data = event.data || {};
      if (data.type === "key?" && event.ports[0]) event.ports[0].postMessage(held);
      if (data.type === "forget") {
        held = null; /* locked in another page, or the site has a new key */
        if (!leaving) location.replace(root.href);
        leaving = true;
      }
    });
    workers.startMessages();
    if (workers.controller) {
      ask(workers.controller, {type: "key?"}).then((keys) => {
        if (!leaving) held = keys;
      });
    }
  }

  function addButton() {
    const header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".mb-lock-button")) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button md-icon mb-lock-button";
    button.title = "Lock: forget the key on this device";
    button.setAttribute("aria-label", "Lock the journal");
    button.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M12 17a2 2 0 0 0 2-2 2 2 0 0 0-2-2 2 2 0 0 0-2 2 2 2 0 0 0 2 2m6-9a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V10a2 2 0 0 1 2-2h1V6a5 5 0 0 1 5-5 5 5 0 0 1 5 5v2h1m-6-5a3 3 0 0 0-3 3v2h6V6a3 3 0 0 0-3-3Z"/></svg>';
    button.addEventListener("click", lock);
    header.appendChild(button);
  }

  document.addEventListener("DOMContentLoaded", () => {
    addButton();
    if (window.document$) window.document$.subscribe(addButton); /* Material's instant loading */
  });
})();
