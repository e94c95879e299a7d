// One-click "use this wording" for language prompts (coassess/language).
// The server finds the words, suggests others in the same grammatical form and
// shows the whole sentence each would make; this only swaps the words in the
// box the writer is typing in, and only when they ask. Nothing is saved until
// they press Save, and they can always type it back.

function replaceWording(button) {
  const box = document.getElementById(button.getAttribute("data-replace-in"));
  if (!box) {
    return;
  }
  const term = button.getAttribute("data-term");
  const replacement = button.getAttribute("data-replacement");
  const start = Number(button.getAttribute("data-start"));
  // The sentence shown is the one the writer accepts. If they have typed since
  // the prompt came back, the words are no longer where it said: ask again
  // rather than make a sentence they were not shown.
  if (box.value.slice(start, start + term.length) !== term) {
    box.dispatchEvent(new Event("input", { bubbles: true }));
    return;
  }
  box.value = box.value.slice(0, start) + replacement + box.value.slice(start + term.length);
  box.focus();
  box.setSelectionRange(start, start + replacement.length);
  // Let the tab's copy and the language check see the new words, and keep
  // them as the writer's draft on the server (never as an entry).
  box.dispatchEvent(new Event("input", { bubbles: true }));
  box.dispatchEvent(new Event("change", { bubbles: true }));
  hideFinding(button.getAttribute("data-finding"));
}

function hideFinding(id) {
  const item = id ? document.getElementById(id) : null;
  if (item) {
    item.hidden = true;
  }
}

export function initWording() {
  // Pressing "Use ..." must not take the focus out of the box first: leaving
  // the box would keep the old words as the draft.
  document.addEventListener("mousedown", (event) => {
    if (event.target.closest("[data-replace-in]")) {
      event.preventDefault();
    }
  });
  document.addEventListener("click", (event) => {
    const use = event.target.closest("[data-replace-in]");
    if (use) {
      replaceWording(use);
      return;
    }
    const keep = event.target.closest("[data-dismiss]");
    if (keep) {
      hideFinding(keep.getAttribute("data-dismiss"));
    }
  });
}
