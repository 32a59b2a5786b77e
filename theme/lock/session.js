/* On every page of a locked site: forget the key when the browser session has ended (unless
 * "remember on this device" was ticked), and put a Lock button in the header that forgets
 * it at once. Loaded first in <head>, before the page can show anything. */
"use strict";
(function () {
  const root = new URL("../", document.currentScript.src);

  function unlocked() {
    return /(?:^|;\s*)mb-unlocked=1(?:;|$)/.test(document.cookie);
  }

  async function lock() {
    document.documentElement.style.visibility = "hidden";
    document.cookie = "mb-unlocked=; path=" + root.pathname + "; max-age=0; SameSite=Strict";
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
    const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (worker) {
      await new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve();
        worker.postMessage("forget", [channel.port2]);
        setTimeout(resolve, 1000);
      });
    }
    location.replace(root.href);
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

  if (!unlocked()) {
    lock();
    return;
  }
  document.addEventListener("DOMContentLoaded", () => {
    addButton();
    if (window.document$) window.document$.subscribe(addButton); /* Material's instant loading */
  });
})();
