// Keep unsaved text in this browser tab until the server confirms it, so a
// form sent while the network was down is not lost. sessionStorage, not
// localStorage: the text leaves with the tab, which matters on shared devices.
const PREFIX = "coassess-draft:";

function keyFor(id) {
  return PREFIX + window.location.pathname + "#" + id;
}

function forget(id) {
  try {
    window.sessionStorage.removeItem(keyFor(id));
  } catch (error) {
    // Storage can be switched off; drafts are a safety net, not a requirement.
  }
}

function forgetConfirmed(root) {
  root.querySelectorAll("[data-coassess-saved]").forEach((el) => {
    forget(el.getAttribute("data-coassess-saved"));
  });
}

function showRestored(textarea) {
  const note = document.createElement("p");
  note.className = "nhsuk-inset-text coassess-draft-note";
  note.setAttribute("role", "status");
  note.textContent =
    "We kept text you had not saved yet. Check it, then save it.";
  textarea.parentNode.insertBefore(note, textarea);
}

function keepDrafts(textarea) {
  let saved = null;
  try {
    saved = window.sessionStorage.getItem(keyFor(textarea.id));
  } catch (error) {
    return;
  }
  if (saved && saved !== textarea.value) {
    textarea.value = saved;
    showRestored(textarea);
  }
  textarea.addEventListener("input", () => {
    try {
      window.sessionStorage.setItem(keyFor(textarea.id), textarea.value);
    } catch (error) {
      // Full or switched off: nothing more we can do here.
    }
  });
}

export function initDrafts() {
  forgetConfirmed(document);
  document.querySelectorAll("textarea[data-draft]").forEach(keepDrafts);
  // htmx swaps in a "saved" status when the server has the text.
  document.body.addEventListener("htmx:oobAfterSwap", (event) => {
    forgetConfirmed(event.detail.target.parentNode || document);
  });
  // Signing out clears every draft in this tab.
  document.querySelectorAll('form[action$="/sign-out/"]').forEach((form) => {
    form.addEventListener("submit", () => {
      Object.keys(window.sessionStorage)
        .filter((key) => key.startsWith(PREFIX))
        .forEach((key) => window.sessionStorage.removeItem(key));
    });
  });
}
