// One-click "use this wording" for language prompts (coassess/language).
// The server finds the words and suggests others; this only swaps the words in
// the box the writer is typing in, and only when they ask. Nothing is saved
// until they save, and they can always type it back.

function replaceWording(button) {
  const box = document.getElementById(button.getAttribute("data-replace-in"));
  if (!box) {
    return;
  }
  const term = button.getAttribute("data-term");
  const replacement = button.getAttribute("data-replacement");
  let start = Number(button.getAttribute("data-start"));
  // The writer may have typed since the prompt came back: find the words again.
  if (box.value.slice(start, start + term.length) !== term) {
    start = box.value.indexOf(term);
    if (start < 0) {
      return;
    }
  }
  box.value = box.value.slice(0, start) + replacement + box.value.slice(start + term.length);
  box.focus();
  box.setSelectionRange(start, start + replacement.length);
  // Let the draft keeper and the language check see the new text.
  box.dispatchEvent(new Event("input", { bubbles: true }));
  hideFinding(button.getAttribute("data-finding"));
}

function hideFinding(id) {
  const item = id ? document.getElementById(id) : null;
  if (item) {
    item.hidden = true;
  }
}

export function initWording() {
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
