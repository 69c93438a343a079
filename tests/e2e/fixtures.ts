/**
 * Every end-to-end test imports `test` and `expect` from here, not from @playwright/test:
 * any uncaught page error or console error in any page the test opens (its own page, or
 * pages of contexts it makes with browser.newContext) fails the test, so a page that
 * throws in the browser while still looking right cannot pass unnoticed.
 */
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";

function watch(page: Page, problems: string[]) {
  page.on("pageerror", (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    // A refused request that the test made on purpose (a 4xx page) is logged by the browser as
    // a console error about the resource; the test asserts on those responses itself.
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) return;
    // The local mailbox frames each email in a sandbox without scripts; the browser reports every
    // script the test driver itself tries to run in that frame. That is the sandbox working.
    if (/^Blocked script execution in '[^']*\/dev\/mailbox\/[^']+\/html' because the document's frame is sandboxed/.test(message.text())) return;
    problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
}

function watchContext(context: BrowserContext, problems: string[]) {
  for (const page of context.pages()) watch(page, problems);
  context.on("page", (page) => watch(page, problems));
}

export const test = base.extend<{ browserProblems: string[] }>({
  browserProblems: [
    async ({ browser }, use) => {
      const problems: string[] = [];
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args: Parameters<typeof newContext>) => {
        const context = await newContext(...args);
        watchContext(context, problems);
        return context;
      };
      await use(problems);
      browser.newContext = newContext;
      expect(problems, "errors in the browser").toEqual([]);
    },
    { auto: true },
  ],
  // "provide", not "use": the React hooks lint rule takes use() in a function named like a component for a hook
  context: async ({ context, browserProblems }, provide) => {
    watchContext(context, browserProblems);
    await provide(context);
  },
});

export { expect };
export type { Browser, BrowserContext, Page } from "@playwright/test";
