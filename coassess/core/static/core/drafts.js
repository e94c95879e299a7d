// Keep unsaved text in this browser tab until the server confirms it, so a
// form sent while the network was down is not lost. sessionStorage, not
// localStorage: the text leaves with the tab, which matters on shared devices.
//
// A draft belongs to the session it was typed in: its key carries the page's
// draft owner (a hash of the session, set on <body> by the server). A page
// with another owner, or none (signed out, timed out), forgets every draft
// of any other owner, so one person's words never appear for the next.
const PREFIX = "coassess-draft:";

function owner() {
  return document.body.dataset.draftOwner || "";
}

function keyFor(id) {
  return PREFIX + owner() + ":" + window.location.pathname + "#" + id;
}

function forgetOthers() {
  const mine = PREFIX + owner() + ":";
  try {
    Object.keys(window.sessionStorage)
      .filter((key) => key.startsWith(PREFIX) && (!owner() || !key.startsWith(mine)))
      .forEach((key) => window.sessionStorage.removeItem(key));
  } catch (error) {
    // Storage switched off: there is nothing kept to forget.
  }
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
  if (!owner()) return;
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

// What an entry form holds, leaving out the version it builds on.
function fieldsOf(form) {
  const data = new FormData(form);
  data.delete("base");
  data.delete("csrfmiddlewaretoken");
  return new URLSearchParams(data).toString();
}

function sayNotSent(form) {
  const status = form.querySelector(".coassess-save-status");
  if (status) {
    status.classList.add("coassess-save-status--error");
    status.textContent =
      "Not saved: we could not reach coassess. Your text is kept in this tab. " +
      "Press Save when you are connected again.";
  }
}

// Leaving an entry box autosaves it. Pressing Save straight after typing also
// leaves the box, and Save after an autosave would send the same entry again:
// either way the entry would be saved twice. So Save waits for an autosave
// that is on its way, and sends the form only if it holds something new;
// otherwise it shows the page a save leads to.
function saveOnce(form) {
  let sending = null;
  let confirmed = null;
  let saveWhenAnswered = false;
  form.addEventListener("htmx:beforeRequest", (event) => {
    if (event.detail.elt === form) sending = fieldsOf(form);
  });
  form.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.elt !== form) return;
    const status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 200) confirmed = sending;
    if (status === 0) sayNotSent(form);
    sending = null;
    if (saveWhenAnswered) {
      saveWhenAnswered = false;
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", (event) => {
    if (sending !== null) {
      event.preventDefault();
      saveWhenAnswered = true;
    } else if (confirmed !== null && confirmed === fieldsOf(form)) {
      event.preventDefault();
      const page = new URL(form.action);
      page.search = new URLSearchParams({ saved: form.elements.prompt.value });
      window.location.assign(page.href);
    }
  });
}

export function initDrafts() {
  forgetOthers();
  forgetConfirmed(document);
  document.querySelectorAll("textarea[data-draft]").forEach(keepDrafts);
  document.querySelectorAll("form.coassess-entry-form").forEach(saveOnce);
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
