// Keep unsaved text in this browser tab until the server confirms it, so a
// form sent while the network was down is not lost. (The server keeps the
// writer's own draft too, when leaving a box reaches it: assessments'
// keep_entry_draft. Neither is ever part of the record.) sessionStorage, not
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

function sayNotSent(form) {
  const status = form.querySelector(".coassess-save-status");
  if (status) {
    status.classList.add("coassess-save-status--error");
    status.textContent =
      "Not saved: we could not reach coassess. Your text is kept in this tab. " +
      "Press Save when you are connected again.";
  }
}

// Leaving an entry box sends its words to the server as the writer's own
// draft (never an entry: only Save makes one). Once the server has kept it,
// the copy in this tab is not needed; if it could not be reached, say so.
function watchAutosave(form) {
  form.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.elt !== form) return;
    const status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 200) {
      form.querySelectorAll("textarea[data-draft]").forEach((box) => forget(box.id));
    }
    if (status === 0) sayNotSent(form);
  });
}

// Pressing Save also leaves the box, so a draft (or a wording check) is on
// its way as the form is sent. Sent first, the page would cut it off; a draft
// arriving after the save would bring back words already saved. So a form
// waits for what is on its way (at most a few seconds), then is sent.
const MOST_WAIT_MS = 3000;

function settleBeforeSubmit() {
  let onTheirWay = 0;
  let waiting = null;
  const sendWaiting = () => {
    if (!waiting) return;
    const { form, submitter, timer } = waiting;
    waiting = null;
    window.clearTimeout(timer);
    form.requestSubmit(submitter || undefined);
  };
  document.body.addEventListener("htmx:beforeRequest", () => {
    onTheirWay += 1;
  });
  document.body.addEventListener("htmx:afterRequest", () => {
    onTheirWay = Math.max(0, onTheirWay - 1);
    if (onTheirWay === 0) sendWaiting();
  });
  document.addEventListener("submit", (event) => {
    if (event.defaultPrevented) return;
    if (waiting) {
      event.preventDefault(); // already waiting to send a form: once is enough
      return;
    }
    if (onTheirWay === 0) return;
    event.preventDefault();
    const timer = window.setTimeout(() => {
      onTheirWay = 0;
      sendWaiting();
    }, MOST_WAIT_MS);
    waiting = { form: event.target, submitter: event.submitter, timer };
  });
}

export function initDrafts() {
  forgetOthers();
  forgetConfirmed(document);
  document.querySelectorAll("textarea[data-draft]").forEach(keepDrafts);
  document.querySelectorAll("form.coassess-entry-form").forEach(watchAutosave);
  settleBeforeSubmit();
  // Signing out clears every draft in this tab.
  document.querySelectorAll('form[action$="/sign-out/"]').forEach((form) => {
    form.addEventListener("submit", () => {
      Object.keys(window.sessionStorage)
        .filter((key) => key.startsWith(PREFIX))
        .forEach((key) => window.sessionStorage.removeItem(key));
    });
  });
}
