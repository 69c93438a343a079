// Module hooks for tests: a route's `import styles from "~/styles/x.css"` (the Remix
// compiler turns it into the stylesheet's URL) becomes a module exporting the file's URL.
export async function load(url, context, nextLoad) {
  if (url.endsWith(".css")) return { format: "module", source: `export default ${JSON.stringify(url)};`, shortCircuit: true };
  return nextLoad(url, context);
}
