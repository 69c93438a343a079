/**
 * Lets tests import route modules that import stylesheets. Call allowCssImports() and then
 * load the routes with a dynamic import(): modules imported statically are loaded before
 * any test code runs.
 */
import { register } from "node:module";

let registered = false;

export function allowCssImports() {
  if (registered) return;
  register("./css-modules.mjs", import.meta.url);
  registered = true;
}
