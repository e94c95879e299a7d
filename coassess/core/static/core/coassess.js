// Start the NHS.UK frontend components and coassess's small additions.
// Everything works without this script; it only adds behaviour such as the
// header menu, error-summary focus, keeping unsaved text and wording prompts.
import { initAll } from "../vendor/nhsuk-frontend/nhsuk-frontend.min.js";
import { initDrafts } from "./drafts.js";
import { initWording } from "./wording.js";

initAll();
initDrafts();
initWording();
