// Start the NHS.UK frontend components. Everything works without this script;
// it only adds behaviour such as the header menu and error-summary focus.
import { initAll } from "../vendor/nhsuk-frontend/nhsuk-frontend.min.js";

initAll();
