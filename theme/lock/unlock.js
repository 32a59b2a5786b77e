/* The unlock page: the passphrase opens the site key here, with Web Crypto only.
 * PBKDF2-HMAC-SHA256 derives a key from the passphrase and each slot's salt; it unwraps
 * the site key straight into a non-extractable HKDF key, from which the content key
 * (AES-GCM) and the name key (HMAC) are derived, non-extractable too; their bytes never
 * reach this script. They go to the service worker (sw.js) in a message; with "remember on
 * this device" to IndexedDB as well, otherwise they live in memory only, for the session. */
"use strict";
(function () {
  const DB = "memorybook-lock";
  const STORE = "keys";
  const MIN_ITERATIONS = 600000;
  const encode = (text) => new TextEncoder().encode(text);
  const form = document.getElementById("mb-unlock");
  const input = document.getElementById("mb-passphrase");
  const remember = document.getElementById("mb-remember");
  const button = document.getElementById("mb-open");
  const message = document.getElementById("mb-message");
  const scope = new URL("./", location.href);

  function say(text, plain) {
    message.textContent = text;
    message.classList.toggle("mb-lock__message--plain", Boolean(plain));
  }

  if (location.protocol === "file:" || !window.isSecureContext || !("serviceWorker" in navigator)) {
    say("This journal opens only from its web address (https://…, or http://localhost with " +
        "memorybook serve), not as a file on this computer: only there may the browser " +
        "decrypt it. Nothing is wrong with the journal.");
    for (const field of form.elements) field.disabled = true;
    return;
  }
  const registering = navigator.serviceWorker.register("sw.js", {scope: "./"});
  let held = null; /* the keys just opened, until the next page holds them */
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data && event.data.type === "key?" && event.ports[0]) event.ports[0].postMessage(held);
  });
  navigator.serviceWorker.startMessages();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    say("Opening…", true);
    try {
      const keys = await openSite(input.value);
      if (!keys) {
        say("That passphrase does not open this site. Check it (and Caps Lock) and try again.");
        input.select();
        return;
      }
      const always = remember.checked;
      await store((records) => always ? records.put({...keys, remember: true}, "site") : records.delete("site"));
      held = keys; /* for the worker, should it restart before the next page has them */
      await registering;
      const ready = await navigator.serviceWorker.ready;
      await tell(ready.active, {type: "keys", ...keys, remember: always});
      location.replace(next());
    } catch (error) {
      say("The journal could not be opened in this browser (" + error.message + ").");
    } finally {
      button.disabled = false;
    }
  });

  async function openSite(passphrase) {
    const answer = await fetch("lock/keys.json", {cache: "no-cache"});
    if (!answer.ok) throw new Error("its keys are missing: lock/keys.json");
    const ring = await answer.json();
    const material = await crypto.subtle.importKey(
      "raw", encode(passphrase.normalize("NFC")), "PBKDF2", false, ["deriveKey"]);
    for (const slot of ring.slots) {
      if (!(slot.iterations >= MIN_ITERATIONS)) continue;
      const kek = await crypto.subtle.deriveKey(
        {name: "PBKDF2", hash: "SHA-256", salt: bytes(slot.salt), iterations: slot.iterations},
        material, {name: "AES-GCM", length: 256}, false, ["unwrapKey"]);
      let base;
      try {
        base = await crypto.subtle.unwrapKey(
          "raw", bytes(slot.wrapped), kek,
          {name: "AES-GCM", iv: bytes(slot.nonce), additionalData: encode("memorybook lock v1 site key")},
          "HKDF", false, ["deriveKey"]);
      } catch (wrong) {
        continue; /* another person's slot */
      }
      const derive = (info, algorithm, usages) => crypto.subtle.deriveKey(
        {name: "HKDF", hash: "SHA-256", salt: encode("memorybook lock v1"), info: encode(info)},
        base, algorithm, false, usages);
      return {
        content: await derive("content", {name: "AES-GCM", length: 256}, ["decrypt"]),
        names: await derive("names", {name: "HMAC", hash: "SHA-256", length: 256}, ["sign"]),
      };
    }
    return null;
  }

  function bytes(base64) {
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  }

  /* One change to the IndexedDB store the worker reads remembered keys from. */
  function store(change) {
    return new Promise((resolve, reject) => {
      const opening = indexedDB.open(DB, 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
      opening.onerror = () => reject(opening.error);
      opening.onsuccess = () => {
        const transaction = opening.result.transaction(STORE, "readwrite");
        change(transaction.objectStore(STORE));
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
      };
    });
  }

  function tell(worker, message) {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      worker.postMessage(message, [channel.port2]);
      setTimeout(resolve, 1000);
    });
  }

  /* Back to the address that was asked for (the worker put it after #), within this site. */
  function next() {
    const wanted = decodeURIComponent(location.hash.slice(1));
    const target = new URL(wanted, scope);
    const inside = target.href.startsWith(scope.href) && !/^[a-z]+:|^[\\/]/i.test(wanted);
    return inside ? target.href : scope.href;
  }
})();
